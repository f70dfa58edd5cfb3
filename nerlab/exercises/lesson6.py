"""Lesson 6, the forum case: what the thread's conversion tells the model, and what 0.5 means.

The conversion runs through `gold_to_binary` and `tasks_to_supervised` with the `thread`
preset's own settings, exactly as `nerlab.training.prepare` calls them, and the binary accuracy
through `nerlab.training.metrics.binary_accuracy`. If a preset or a conversion changes, the
right answers change with it.
"""

from __future__ import annotations

from functools import cache

from ..data.binary import gold_to_binary
from ..data.records import AnnotatedDoc
from ..data.supervise import tasks_to_supervised
from ..supervision import Supervision
from ..training.metrics import BinaryJudgement, binary_accuracy
from ..training.presets import preset
from ..training.settings import RunSettings
from .base import LEVEL, Exercise, Mistake, Prediction, compared, is_integral, read_number, read_numbers, read_tags

TOKENS = tuple("who are W Chen and Jane M Doe".split())
SPANS = ((2, 4, "PERSON"), (5, 8, "PERSON"))
DOC = AnnotatedDoc(TOKENS, (True,) * (len(TOKENS) - 1) + (False,), SPANS)
LABELS = ("ORG", "PERSON")  # the corpus's labels: a random relabel of a PERSON draws from the others
SEPARATE = preset("thread", tasks="separate")


@cache
def examples(settings: RunSettings = SEPARATE) -> tuple:
    """The training examples the settings make from the one text (as `prepare` makes them)."""
    binary = gold_to_binary(
        [DOC],
        accepts=settings.accepts,
        rejects=settings.rejects,
        reject_ratio=settings.reject_ratio,
        seed=settings.seed,
        labels=LABELS,
        reject_grouping=settings.reject_grouping,
    )
    conversion = tasks_to_supervised(binary.tasks, no_missing=settings.no_missing, merge=settings.tasks == "merged")
    return tuple(conversion.docs)


def reject_example():
    """The example made from the reject task: the one with no accepted span."""
    return next(doc for doc in examples() if not doc.supervision.spans)


def reject_tags() -> tuple:
    return reject_example().supervision.tags


GOLD_TAGS = Supervision.gold(len(TOKENS), SPANS).tags

# -- 6.1 -----------------------------------------------------------------------------------------

REJECT_ALONE = Exercise(
    id="6.1",
    question="Thread preset, tasks='separate': what are the tags of the example made from the reject task?",
    after="What the lab measures (after point 2, 'Separate tasks with no_missing predict nothing')",
    prompt=(
        '**Exercise 6.1.** The `thread` preset turns "who are W Chen and Jane M Doe" into one accept task '
        "(both PERSONs) and one reject task (both spans relabelled ORG), with `no_missing=True`. With "
        '`tasks="separate"` the reject task becomes an example of its own. What are its tags, one per '
        "token? Write None for a missing tag."
    ),
    form='a list of 8 tags, e.g. ["O", "B-ORG", None, ...]',
    right=reject_tags,
    read=read_tags,
    mistakes=(
        Mistake(
            ["O"] * 6,
            f"One tag per token: {len(TOKENS)} tokens, {len(TOKENS)} tags.",
            lambda value: len(value) != len(TOKENS),
        ),
        Mistake(
            [None] * len(TOKENS),
            "That would be `no_missing=False`. The thread preset sets `no_missing=True`: every token "
            "outside an accepted span is O, and a reject task accepts nothing.",
            lambda value: all(tag is None for tag in value),
        ),
        Mistake(
            list(GOLD_TAGS),
            "Those are the accept task's tags (and the merged example's). Kept separate, the reject task "
            "knows nothing of the accept on the same text.",
            lambda value: value == GOLD_TAGS,
        ),
        Mistake(
            ["O", "O", "B-ORG", "L-ORG", "O", "B-ORG", "I-ORG", "L-ORG"],
            'A rejected span is not a tag: it is kept beside the tags as "not this", and says nothing '
            "about what its tokens are.",
            lambda value: any(tag not in (None, "O") for tag in value),
        ),
        Mistake(
            ["O", "O", None, None, "O", None, None, None],
            "`no_missing=True` makes every token without an accepted span O, the rejected spans' tokens "
            "too: the example claims this text has no entity at all.",
            lambda value: any(tag is None for tag in value),
        ),
    ),
    worked=lambda: (
        "```python\n"
        "from nerlab.data import AnnotatedDoc, gold_to_binary, tasks_to_supervised\n"
        "from nerlab.training.presets import preset\n"
        'doc = AnnotatedDoc("who are W Chen and Jane M Doe".split(), [True] * 7 + [False],\n'
        '                   [(2, 4, "PERSON"), (5, 8, "PERSON")])\n'
        'settings = preset("thread", tasks="separate")\n'
        "binary = gold_to_binary([doc], accepts=settings.accepts, rejects=settings.rejects,\n"
        '                        reject_grouping=settings.reject_grouping, labels=["ORG", "PERSON"])\n'
        "docs = tasks_to_supervised(binary.tasks, no_missing=True, merge=False).docs\n"
        f"docs[1].supervision.tags  # {list(reject_tags())}\n"
        f"docs[1].supervision.rejected  # {list(reject_example().supervision.rejected)}\n"
        "```\n\n"
        "Every tag is O. The rejected spans sit beside the tags, but the tags already say there is no "
        "entity anywhere, which is false: the text has two PERSONs. Merged with the accept (Prodigy's "
        "way), the same answers give the gold tags plus two rejected spans."
    ),
    next="6.2: how many examples does this text make in all?",
)

# -- 6.2 -----------------------------------------------------------------------------------------

HOW_MANY = Exercise(
    id="6.2",
    question="How many training examples does the thread preset with tasks='separate' make from one text?",
    after="What the lab measures (after exercise 6.1)",
    prompt=(
        '**Exercise 6.2.** With `preset("thread", tasks="separate")`, how many training examples does '
        '"who are W Chen and Jane M Doe" (two PERSONs) become?'
    ),
    form="a whole number of examples",
    right=lambda: float(len(examples())),
    read=read_number,
    mistakes=(
        Mistake(
            len(examples(preset("thread"))),
            'That is the thread preset as it stands (`tasks="merged"`, Prodigy\'s way): the accept and the '
            'reject on one text become one example. With `tasks="separate"` each task is its own example.',
            lambda value: value == len(examples(preset("thread"))),
        ),
        Mistake(
            2 * len(SPANS),
            'The thread preset makes one accept per TEXT (`accepts="per-doc"`) and one reject per text '
            '(`reject_grouping="per-doc"`), not one per entity.',
            lambda value: value == 2 * len(SPANS),
        ),
        Mistake(
            len(SPANS) + 1,
            "Count the tasks: one accept holding both PERSONs, one reject relabelling both; each task is one example.",
            lambda value: is_integral(value) and value > len(examples()),
        ),
    ),
    worked=lambda: (
        f"{len(examples())} examples:\n\n"
        + "\n".join(
            f"- tags `{list(doc.supervision.tags)}`, rejected {list(doc.supervision.rejected)}" for doc in examples()
        )
        + "\n\nUnder `no_missing`, an accept holding every entity of its text *is* the full gold "
        "annotation. The reject example claims the text has no entity at all. The model is told both, "
        "about the same text, once per epoch."
    ),
    next="6.3: what binary accuracy does a model get that predicts nothing?",
    otherwise='Count the tasks the preset makes for this text; with tasks="separate" each task is one example.',
)

# -- 6.3 -----------------------------------------------------------------------------------------

N_ACCEPTED, N_REJECTED = 6, 2  # the held-out answers of the question
JUDGEMENTS = [BinaryJudgement(0, (i, i + 1, "ORG"), accepted=i < N_ACCEPTED) for i in range(N_ACCEPTED + N_REJECTED)]


def predicts_nothing() -> float:
    accuracy, _, _ = binary_accuracy([[]], JUDGEMENTS)
    return accuracy


ACCURACY_OF_NOTHING = Exercise(
    id="6.3",
    question="6 accepted and 2 rejected spans held out: what binary accuracy does a model that predicts nothing get?",
    after="the cell that explains the next training cell (before the cell that trains the five settings)",
    prompt=(
        f"**Exercise 6.3.** Binary accuracy is read per annotated span. The held-out answers hold {N_ACCEPTED} "
        f"accepted spans and {N_REJECTED} rejected spans. What binary accuracy does a model get that "
        "predicts no entity at all?"
    ),
    form="a share between 0 and 1",
    right=predicts_nothing,
    read=read_number,
    mistakes=(
        Mistake(
            100 * predicts_nothing(),
            "Give a share between 0 and 1, not a percentage.",
            lambda value: value == 100 * predicts_nothing(),
        ),
        Mistake(
            N_REJECTED,
            "Give a share: right answers divided by all answers.",
            lambda value: value == N_REJECTED,
        ),
        Mistake(
            N_ACCEPTED / (N_ACCEPTED + N_REJECTED),
            "That is the share of accepts. Predicting nothing gets every accepted span WRONG (it is not "
            "predicted) and every rejected span RIGHT (it is not predicted either).",
            lambda value: abs(value - N_ACCEPTED / (N_ACCEPTED + N_REJECTED)) < 0.005,
        ),
        Mistake(
            0.5,
            "0.5 is what predicting nothing scores per span when there are as many rejects as accepts "
            f"(as in the user's answers). Here there are {N_REJECTED} rejects for {N_ACCEPTED} accepts.",
            lambda value: value == 0.5,
        ),
        Mistake(
            0,
            "A model that predicts nothing is right about every rejected span: it does not predict it.",
            lambda value: value == 0,
        ),
        Mistake(
            N_REJECTED / N_ACCEPTED,
            f"Divide by all {N_ACCEPTED + N_REJECTED} answers, not by the accepts.",
            lambda value: abs(value - N_REJECTED / N_ACCEPTED) < 0.005,
        ),
    ),
    accepts=lambda value: abs(value - predicts_nothing()) < 0.005,
    worked=lambda: (
        "```python\n"
        "from nerlab.training import BinaryJudgement, binary_accuracy\n"
        f'answers = [BinaryJudgement(0, (i, i + 1, "ORG"), accepted=i < {N_ACCEPTED}) '
        f"for i in range({N_ACCEPTED + N_REJECTED})]\n"
        f"binary_accuracy([[]], answers)  # {binary_accuracy([[]], JUDGEMENTS)}: (accuracy, right, wrong)\n"
        "```\n\n"
        "A model that predicts nothing scores the share of rejected spans. With as many rejects as "
        "accepts that is 0.5, so a per-span accuracy near 0.5 can mean the model learned nothing at all "
        "(whether the thread's 0.5 was that, nobody can tell from the thread: Prodigy's own count was "
        "over predicted entities, where predicting nothing scores 0/0). The lab prints this level as "
        "`dev_reject_share`."
    ),
    next="after the six runs, compare each run's binary accuracy with the predicts-nothing level printed below them.",
    otherwise=(
        "Binary accuracy is right answers / all answers; predicting nothing is right on every reject "
        "and wrong on every accept."
    ),
)

# -- 6.4: predict, then run ----------------------------------------------------------------------


def _boundary_outcome(measured) -> str:
    return compared(measured[1] - measured[0])


def _explain_boundary(measured) -> str:
    random_label, boundary = measured
    verdict = {
        "a": "Boundary rejects helped here.",
        "b": "Boundary rejects did worse here.",
        "c": f"The two are within {LEVEL}: about the same here.",
    }[_boundary_outcome(measured)]
    return (
        f"Final F1: {random_label:.3f} with random-label rejects, {boundary:.3f} with boundary rejects. "
        f"{verdict} A boundary reject charges one action, the `L-` (or `U-`) that would close a span one "
        "token off; a random-label reject charges the closing action of a right span with a wrong label."
    )


BOUNDARY = Prediction(
    id="6.4",
    question="Merged, missing: do boundary rejects train better than random-label rejects?",
    after="Exercise (replaces the '# Your answer here' cell; the worked answer's cell runs the measurement)",
    prompt=(
        "**Predict 6.4.** Take one task per span, merged, unannotated tokens missing (`BINARY` in "
        '`nerlab.course`), but make the rejects with `rejects="boundary"` (a true entity one token too long '
        "or too short) instead of random labels. Compared with random-label rejects, the final F1 will be:"
    ),
    options={
        "a": f"clearly better (by more than {LEVEL})",
        "b": "clearly worse",
        "c": f"about the same (within {LEVEL})",
    },
    reveal_after="the cell that trains with boundary rejects",
    reveal_code='reveal("6.4", (lab.runs[1].evaluations[-1].ents_f, lab.runs[-1].evaluations[-1].ents_f))',
    read_measured=lambda measured: read_numbers(measured, ("random-label", "boundary")),
    outcome=_boundary_outcome,
    explain=_explain_boundary,
    examples={"a": (0.29, 0.4), "b": (0.29, 0.2), "c": {"random-label": 0.29, "boundary": 0.3}},
    worked=lambda: (
        "The run decides; the lesson makes no promise either way. A boundary reject rules out a span next "
        "to a true entity, the kind of mistake a model does make; a random-label reject keeps the right "
        "boundaries with the wrong label. Each charges the action that would complete it, and a `B-` at its "
        "first token only when two tokens are left (lesson 3), so neither says where entities are NOT "
        "elsewhere in the text."
    ),
    next='try `rejects="non-entity"` in the lab: rejects over tokens outside every entity.',
)

EXERCISES = (REJECT_ALONE, HOW_MANY, ACCURACY_OF_NOTHING, BOUNDARY)
