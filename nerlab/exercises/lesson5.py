"""Lesson 5, missing labels and pretrained models: what "unannotated = O" says about old entities.

One training text annotated with its new label only. `summarize` counts what its supervision
asserts (the same counts the lab's data table shows) and the oracle prices an action on it,
so the answers are nerlab's own.
"""

from __future__ import annotations

from functools import cache

from ..data.supervise import SupervisedDoc, summarize
from ..oracle import costs, oracle_path
from ..supervision import Supervision
from ..training import NEWS_LABELS
from ..transitions import BiluoSystem
from .base import Exercise, Mistake, Prediction, read_number, read_numbers

TOKENS = ("Jane", "Doe", "uses", "a", "Pixel", "in", "Berlin")
SPACES = (True,) * (len(TOKENS) - 1) + (False,)
TRUE_SPANS = ((0, 2, "PERSON"), (4, 5, "PRODUCT"), (6, 7, "GPE"))  # every entity in the text
ANNOTATED = ((4, 5, "PRODUCT"),)  # the only one the new annotation marks
OLD_SPANS = tuple(span for span in TRUE_SPANS if span[2] in NEWS_LABELS)
SYSTEM = BiluoSystem(NEWS_LABELS + ("PRODUCT", "TECH"))  # the base model's labels plus the new ones


def supervised(no_missing: bool) -> SupervisedDoc:
    """The training example the annotation makes, with the true entities kept for counting."""
    supervision = Supervision.partial(len(TOKENS), ANNOTATED, no_missing=no_missing)
    return SupervisedDoc(TOKENS, SPACES, supervision, gold=TRUE_SPANS)


@cache
def counts(no_missing: bool):
    return summarize([supervised(no_missing)])


def old_tokens_called_o() -> float:
    return float(counts(True).gold_entity_tokens_labelled_O)


def cost_at_berlin(no_missing: bool) -> int:
    """The cost of U-PRODUCT at "Berlin", reached along the oracle's own path."""
    supervision = supervised(no_missing).supervision
    path = oracle_path(SYSTEM, SYSTEM.initial_state(TOKENS), supervision)
    state = SYSTEM.run(TOKENS, path[: TOKENS.index("Berlin")])
    return costs(SYSTEM, state, supervision)["U-PRODUCT"]


def berlin_costs() -> tuple[float, float]:
    return (float(cost_at_berlin(False)), float(cost_at_berlin(True)))


# -- 5.1 -----------------------------------------------------------------------------------------

WRONG_OS = Exercise(
    id="5.1",
    question="Under no_missing=True, how many tokens of the old entities does a PRODUCT-only annotation call O?",
    after="the cell that lists the three settings (before the cell that trains them)",
    prompt=(
        '**Exercise 5.1.** "Jane Doe uses a Pixel in Berlin": a PERSON, a PRODUCT and a GPE. The new '
        'annotation marks only the PRODUCT "Pixel". With `no_missing=True`, how many tokens of the '
        "old entities (the PERSON and the GPE) does this example call O?"
    ),
    form="a whole number of tokens",
    right=old_tokens_called_o,
    read=read_number,
    mistakes=(
        Mistake(
            0,
            "With `no_missing=True` every token outside an accepted span is O, the PERSON's and the GPE's "
            "too: that is how the model is taught the old labels are not entities.",
            lambda value: value == 0,
        ),
        Mistake(
            len(OLD_SPANS),
            'Count tokens, not entities: "Jane Doe" is two tokens.',
            lambda value: value == len(OLD_SPANS),
        ),
        Mistake(
            counts(True).tokens_O,
            'That counts every O token, "uses", "a" and "in" too, which are rightly O. Count only the '
            "tokens of the PERSON and the GPE.",
            lambda value: value == counts(True).tokens_O,
        ),
        Mistake(
            old_tokens_called_o() + 1,
            '"Pixel" is accepted: its tag is `U-PRODUCT`, not O. Count only the old entities\' tokens.',
            lambda value: value == old_tokens_called_o() + 1,
        ),
    ),
    worked=lambda: (
        "```python\n"
        "from nerlab import Supervision\n"
        'supervision = Supervision.partial(7, [(4, 5, "PRODUCT")], no_missing=True)\n'
        f"supervision.tags  # {list(supervised(True).supervision.tags)}\n"
        "```\n\n"
        f'"Jane", "Doe" and "Berlin" are O: {int(old_tokens_called_o())} tokens of true entities '
        "declared outside any entity. `nerlab.data.summarize` counts them as "
        "`gold_entity_tokens_labelled_O`. Every PERSON in the training text teaches the model that "
        "PERSONs are not entities, and the model forgets the old labels."
    ),
    next="5.2: what does the same text say with the unannotated tokens missing?",
    otherwise="Write out the 7 tags this annotation gives, then count the O's on the PERSON's and the GPE's tokens.",
)

# -- 5.2 -----------------------------------------------------------------------------------------

NOTHING_SAYS_WHERE_NOT = Exercise(
    id="5.2",
    question="What does U-PRODUCT cost at 'Berlin' with unannotated tokens missing, and with them O?",
    after="What the lab measures (after the third point, 'Missing is not a free lunch either')",
    prompt=(
        '**Exercise 5.2.** Same text, same annotation (only "Pixel" as PRODUCT). Following the oracle\'s '
        'path, what does `U-PRODUCT` cost at "Berlin" with `no_missing=False` (missing) and with '
        "`no_missing=True` (O)?"
    ),
    form='a tuple (cost when missing, cost when O) or a dict {"missing": ..., "O": ...}',
    right=berlin_costs,
    read=lambda answer: read_numbers(answer, ("missing", "O")),
    mistakes=(
        Mistake(
            (1, 1),
            'With `no_missing=False` "Berlin" is missing, and at a missing token every valid action is '
            "free, `U-PRODUCT` too: nothing says where PRODUCTs are NOT, so the model over-predicts them.",
            lambda value: value[0] != berlin_costs()[0] and value[1] == berlin_costs()[1],
        ),
        Mistake(
            (0, 0),
            'With `no_missing=True` "Berlin" is O, and a `U-` action on an O token costs 1. That is also '
            'what teaches the model that "Berlin", a GPE, is no entity at all.',
            lambda value: value[0] == berlin_costs()[0] and value[1] != berlin_costs()[1],
        ),
        Mistake(
            (1, 0),
            "Swapped: the first number is with the tokens missing (`no_missing=False`), the second with them O.",
            lambda value: value == berlin_costs()[::-1],
        ),
    ),
    worked=lambda: (
        "```python\n"
        "from nerlab import BiluoSystem, Supervision, costs, oracle_path\n"
        f"system = BiluoSystem({list(SYSTEM.labels)})\n"
        f"tokens = {list(TOKENS)}\n"
        "for no_missing in (False, True):\n"
        '    sup = Supervision.partial(7, [(4, 5, "PRODUCT")], no_missing=no_missing)\n'
        "    path = oracle_path(system, system.initial_state(tokens), sup)\n"
        f"    print(costs(system, system.run(tokens, path[:{TOKENS.index('Berlin')}]), sup)['U-PRODUCT'])\n"
        f"# {int(berlin_costs()[0])} then {int(berlin_costs()[1])}\n"
        "```\n\n"
        'Missing: nothing is known about "Berlin", so predicting a PRODUCT there is free, and nothing '
        'pushes against it. O: the annotation claims "Berlin" is outside any entity, which pushes '
        "against PRODUCT there but also against GPE. Neither is right for a text whose old entities "
        "nobody annotated; rehearsal gives the model a signal for them."
    ),
    next="the Exercise below measures how much rehearsal it takes.",
)

# -- 5.3: predict, then run ----------------------------------------------------------------------


def _rehearsal_outcome(measured) -> str:
    none, five_hundred, hundred = measured
    if abs(hundred - five_hundred) <= 0.05:
        return "a"
    if abs(hundred - none) <= 0.05:
        return "c"
    return "b"


def _explain_rehearsal(measured) -> str:
    none, five_hundred, hundred = measured
    verdict = {
        "a": "100 rehearsal texts keep about as much as 500.",
        "b": "100 rehearsal texts keep some of the old labels, less than 500.",
        "c": "100 rehearsal texts are about as good as none here.",
    }[_rehearsal_outcome(measured)]
    return (
        f"Old-label F1 on news text: {none:.3f} with no rehearsal, {five_hundred:.3f} with 500 texts, "
        f"{hundred:.3f} with 100. {verdict} Rehearsal texts are full annotations by the base model, so "
        "each one says where the old entities are, against the O's of the new annotation."
    )


REHEARSAL = Prediction(
    id="5.3",
    question="With 100 rehearsal texts instead of 500, how much of the old labels does the model keep?",
    after="Exercise (replaces the '# Your answer here' cell; the worked answer's cell runs the measurement)",
    prompt=(
        "**Predict 5.3.** Train with `no_missing=True` and `rehearsal=100` instead of 500. The old labels' "
        "F1 on news text will be:"
    ),
    options={
        "a": "about as high as with 500 rehearsal texts (within 0.05)",
        "b": "between no rehearsal and 500",
        "c": "about as low as with no rehearsal (within 0.05)",
    },
    reveal_after="the cell that trains with rehearsal=100",
    reveal_code=(
        "old_f1 = {run.settings.rehearsal: evaluate_on(run.nlp, news_text, labels=NEWS_LABELS).overall.f1\n"
        "          for run in lab.runs if run.settings.no_missing}  # rehearsal texts -> old-label F1\n"
        'reveal("5.3", old_f1)'
    ),
    read_measured=lambda measured: read_numbers(measured, (0, 500, 100)),
    outcome=_rehearsal_outcome,
    explain=_explain_rehearsal,
    examples={"a": {0: 0.05, 500: 0.8, 100: 0.78}, "b": (0.05, 0.8, 0.5), "c": (0.05, 0.8, 0.07)},
    worked=lambda: (
        "The measurement decides; the lesson makes no promise. Compare the old-label F1 of the "
        "`rehearsal=100` run with the two `no_missing=True` runs above (no rehearsal, and 500)."
    ),
    next="try `rehearsal=100` with `no_missing=False` in the lab: does missing plus rehearsal do better?",
)

EXERCISES = (WRONG_OS, NOTHING_SAYS_WHERE_NOT, REHEARSAL)
