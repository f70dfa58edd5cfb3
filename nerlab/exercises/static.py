"""The exercises on a static page of the course: the question, a moment to think, the answer folded.

`nerlab build-course` runs each lesson once and writes it as a web page that no kernel backs.
Nobody can type an answer there, so "Not yet: write your answer first" would read as a broken
course. Instead, a checked exercise shows its worked answer folded under "Show the answer", a
prediction asks the reader to pick an option first, and its reveal shows what the run measured,
folded too. HTML's own `<details>` does the folding: it opens on a click, with no kernel and
no JavaScript.

The build calls `static_edition()` once in each lesson's kernel before the lesson runs; `check`,
`predict` and `reveal` ask `is_static()` when they decide how to answer. In JupyterLab and
Voila nobody calls it, and the exercises answer the learner as before.
"""

from __future__ import annotations

from typing import Any

from .base import Exercise, Prediction, worked_markdown
from .feedback import Folded, Worked

SHOW_ANSWER = "Show the answer"
SHOW_MEASURED = "Show what the run measured"

_static = False  # set once per kernel, by static_edition()


def static_edition(on: bool = True) -> None:
    """Render the exercises for a static page (the worked answers folded), or, with `on=False`,
    for a learner again. `nerlab build-course` calls it in each kernel it starts."""
    global _static
    _static = bool(on)


def is_static() -> bool:
    """Whether the exercises are being rendered for a static page of the course."""
    return _static


def folded_answer(item: Exercise) -> Folded:
    """A checked exercise on a static page: its worked answer, folded."""
    return Folded(SHOW_ANSWER, f"Worked answer {item.id}: {item.question}", worked_markdown(item))


def prediction_prompt(item: Prediction) -> Worked:
    """A prediction on a static page: pick an option before reading on (nothing is recorded)."""
    letters = ", ".join(f"({key})" for key in item.options)
    return Worked(
        f"Predict {item.id} first",
        f"Pick one of {letters} above before you read on: what the run measured is folded under the run below.",
    )


def folded_measurement(item: Prediction, measured: Any) -> Folded:
    """A prediction's reveal on a static page: which option the run supports and why, folded."""
    try:
        value = item.read_measured(measured)
        outcome = item.outcome(value)
        text = f"The run supports ({outcome}): {item.options[outcome]}. {item.explain(value)}"
    except Exception:  # nothing readable was passed: the reasoning is still worth showing
        text = worked_markdown(item)
    return Folded(SHOW_MEASURED, f"What the run measured ({item.id}): {item.question}", text)
