"""Lesson 7, real data: making binary answers from a one-label dataset, and what they then claim.

One text with one brand stands in for the fashion-brands file; `gold_to_binary`,
`tasks_to_supervised` and `summarize` give every answer, as they do for the whole file in the
lesson's cells.
"""

from __future__ import annotations

from functools import cache

from ..data.binary import gold_to_binary
from ..data.records import AnnotatedDoc
from ..data.supervise import summarize, tasks_to_supervised
from .base import Exercise, Mistake, Prediction, read_number, read_numbers

LABEL = "FASHION_BRAND"
TOKENS = ("I", "love", "my", "Nike", "shoes")
DOC = AnnotatedDoc(TOKENS, (True,) * (len(TOKENS) - 1) + (False,), [(3, 4, LABEL)])
MANY = 10  # reject_ratio high enough to ask for every boundary reject there is
DOC_CODE = (  # the first lines of every worked answer, so each runs on its own
    "from nerlab.data import AnnotatedDoc, gold_to_binary, summarize, tasks_to_supervised\n"
    'doc = AnnotatedDoc(["I", "love", "my", "Nike", "shoes"], [True] * 4 + [False], [(3, 4, "FASHION_BRAND")])'
)


@cache
def binary(rejects: str, reject_ratio: float = 1.0):
    return gold_to_binary([DOC], rejects=rejects, reject_ratio=reject_ratio, labels=[LABEL])


@cache
def claims_no_brand(merge: bool) -> int:
    """How many examples claim the text has no entity, from one accept and one boundary reject."""
    conversion = tasks_to_supervised(binary("boundary").tasks, merge=merge, no_missing=True)
    return summarize(conversion).n_claim_no_entities


def boundary_spans() -> list:
    return [task.spans[0] for task in binary("boundary", MANY).tasks if task.answer == "reject"]


def _words(span) -> str:
    start, end, _ = span
    return " ".join(TOKENS[start:end])


# -- 7.1 -----------------------------------------------------------------------------------------

ONE_LABEL = Exercise(
    id="7.1",
    question="With one label, how many random-label reject tasks does gold_to_binary make for a text with one brand?",
    after="Read and check the export (before 'The naive binary conversion fails here', which gives it away)",
    prompt=(
        '**Exercise 7.1.** The dataset has one label, FASHION_BRAND. For "I love my Nike shoes" with '
        '"Nike" as a brand, how many reject tasks does '
        '`gold_to_binary([doc], rejects="random-label", labels=["FASHION_BRAND"])` make '
        "(one reject asked for per accept)?"
    ),
    form="a whole number of reject tasks",
    right=lambda: float(binary("random-label").n_rejects),
    read=read_number,
    mistakes=(
        Mistake(
            binary("random-label").n_accepts,
            'With a single label, the "random" label is always FASHION_BRAND, the true one: that reject '
            "would say a true brand is not a brand. nerlab drops it as a conflict (`conflicts`) and never "
            "trains on it.",
            lambda value: value >= 1,
        ),
        Mistake(
            0.5,
            "Count tasks, a whole number. With k labels about 1/k of random relabels draw the true label "
            "and are dropped; with one label that is every one of them.",
            lambda value: 0 < value < 1,
        ),
    ),
    worked=lambda: (
        f"```python\n{DOC_CODE}\n"
        'naive = gold_to_binary([doc], rejects="random-label", labels=["FASHION_BRAND"])\n'
        f"naive.describe()  # {binary('random-label').describe()!r}\n"
        "```\n\n"
        "The only label to draw is the true one, so the reject would contradict the accept on the same "
        "span. It is dropped as a conflict: on the whole file no reject is left at all."
    ),
    next="7.2: what rejects can a boundary strategy make instead?",
    otherwise="Run the line in the question and read `describe()`.",
)

# -- 7.2 -----------------------------------------------------------------------------------------

BOUNDARY_REJECTS = Exercise(
    id="7.2",
    question="How many different boundary rejects can be made for the brand 'Nike' in 'I love my Nike shoes'?",
    after="The naive binary conversion fails here (after its code cell)",
    prompt=(
        "**Exercise 7.2.** A boundary reject is a true entity made one token longer or shorter on either "
        'side, same label. How many different boundary rejects can be made for "Nike" in "I love my '
        'Nike shoes"?'
    ),
    form="a whole number of spans",
    right=lambda: float(len(boundary_spans())),
    read=read_number,
    mistakes=(
        Mistake(
            4,
            "A one-token span cannot be one token shorter: that would be empty. Only the longer variants remain.",
            lambda value: value == 4,
        ),
        Mistake(
            1,
            'One token longer on EITHER side: "my Nike" and "Nike shoes" are both boundary rejects.',
            lambda value: value == 1,
        ),
        Mistake(
            0,
            "Boundary rejects keep the label and move one edge of a true entity: they exist for any entity.",
            lambda value: value == 0,
        ),
    ),
    worked=lambda: (
        f"```python\n{DOC_CODE}\n"
        f'tasks = gold_to_binary([doc], rejects="boundary", reject_ratio={MANY}, labels=["FASHION_BRAND"]).tasks\n'
        f'[t.spans[0] for t in tasks if t.answer == "reject"]  # {boundary_spans()}\n'
        "```\n\n"
        f"{len(boundary_spans())} spans: {', '.join(repr(_words(s)) for s in boundary_spans())}. Asking for "
        f"{MANY} rejects per accept gets only these; `describe()` reports the rest as not possible."
    ),
    next="7.3: what do these answers claim once converted?",
    otherwise="Write out the spans one token longer or shorter on each side of (3, 4), and drop the empty ones.",
)

# -- 7.3 -----------------------------------------------------------------------------------------

CLAIMS = Exercise(
    id="7.3",
    question="An accept and a boundary reject, separate, no_missing: how many examples claim 'no brand here'?",
    after="Exercise (before the prediction 7.4)",
    prompt=(
        '**Exercise 7.3.** Take the accept of "Nike" and one boundary reject, and convert them with '
        "`tasks_to_supervised(tasks, merge=False, no_missing=True)`. How many of the examples claim the "
        "text has no brand at all?"
    ),
    form="a whole number of examples",
    right=lambda: float(claims_no_brand(False)),
    read=read_number,
    mistakes=(
        Mistake(
            claims_no_brand(True),
            "That is the merged count. Kept separate, the reject example accepts no span, and under "
            "`no_missing=True` every one of its tokens is O: it claims the text has no brand, about a text "
            "that has one.",
            lambda value: value == claims_no_brand(True),
        ),
        Mistake(
            2,
            'The accept example has "Nike" as `U-FASHION_BRAND`: it claims one brand, not none.',
            lambda value: value == 2,
        ),
    ),
    worked=lambda: (
        f"```python\n{DOC_CODE}\n"
        'tasks = gold_to_binary([doc], rejects="boundary", labels=["FASHION_BRAND"]).tasks\n'
        "summary = summarize(tasks_to_supervised(tasks, merge=False, no_missing=True))\n"
        f"summary.n_claim_no_entities  # {claims_no_brand(False)}\n"
        "```\n\n"
        f'Separate: {claims_no_brand(False)} of 2 examples says "no brand here". Merged: '
        f"{claims_no_brand(True)}, because the one example holds the accept and the reject together. "
        "The lesson's cell prints the same counts for the whole file."
    ),
    next="7.4: predict what a model trained this way will do.",
    otherwise="Write out the two examples' tags: an example claims 'no brand' when every tag is O.",
)

# -- 7.4: predict, then run ----------------------------------------------------------------------


def _ratio_outcome(measured) -> str:
    predicted, true = measured
    ratio = predicted / true if true else float("inf")
    return "b" if ratio < 0.5 else "c" if ratio > 1.5 else "a"


def _explain_ratio(measured) -> str:
    predicted, true = measured
    verdict = {
        "a": "About the true number.",
        "b": "Far fewer: the examples that claim 'no brand' outweigh the accepts.",
        "c": "Far more than there are.",
    }[_ratio_outcome(measured)]
    return (
        f"The model predicts {predicted:.2f} brands per text; the texts hold {true:.2f}. {verdict} "
        "Compare its binary accuracy with the predicts-nothing level, the share of rejects (exercise 6.3)."
    )


SEPARATE_REAL = Prediction(
    id="7.4",
    question="Fashion brands, binary tasks separate with no_missing: how many brands per text will the model predict?",
    after="Exercise (replaces the '# Your answer here' cell; the worked answer's cell runs the measurement)",
    prompt=(
        '**Predict 7.4.** Train the binary version with `tasks="separate"` and `no_missing=True`, as a '
        "conversion script that writes each answer as its own example would. Per text, the model will "
        "predict:"
    ),
    options={
        "a": "about as many brands as there are (between half and 1.5 times)",
        "b": "far fewer (less than half)",
        "c": "far more (over 1.5 times)",
    },
    reveal_after="the cell that trains the separate, no_missing run",
    reveal_code='reveal("7.4", (final.predicted_per_doc, last.data.dev_entities_per_doc))',
    read_measured=lambda measured: read_numbers(measured, ("predicted per text", "true per text")),
    outcome=_ratio_outcome,
    explain=_explain_ratio,
    examples={"a": (0.9, 1.0), "b": (0.05, 1.0), "c": (2.5, 1.0)},
    worked=lambda: (
        'Each reject becomes an example that says "this text has no brand", and each accept says "no '
        'other brand here" (exercise 7.3). Look at `predicted_per_doc` and at the binary accuracy '
        "against the share of rejects."
    ),
    next='rerun with `tasks="merged"` and compare: the answers are the same, the examples are not.',
)

EXERCISES = (ONE_LABEL, BOUNDARY_REJECTS, CLAIMS, SEPARATE_REAL)
