"""check, solution, predict and reveal: what a lesson's exercise cells call.

None of them raises. A learner's typo, or a cell left as `...` by Run All, gets feedback
instead of a traceback, so the notebook runs on to the end. On a static page of the course
(`static.static_edition()`), they show the worked answer and the measurement folded instead.
"""

from __future__ import annotations

from typing import Any

from . import lesson1, lesson2, lesson3, lesson4, lesson5, lesson6, lesson7
from .base import Exercise, Prediction, Unreadable, read_choice, worked_markdown
from .feedback import Feedback, Folded, Worked
from .static import folded_answer, folded_measurement, is_static, prediction_prompt

EXERCISES: dict[str, Exercise | Prediction] = {
    item.id: item
    for module in (lesson1, lesson2, lesson3, lesson4, lesson5, lesson6, lesson7)
    for item in module.EXERCISES
}

WRITE_FIRST = "Write your answer first"
_predictions: dict[str, str] = {}  # exercise id -> the option the learner picked, for this kernel


def exercises_of(lesson: int) -> list[Exercise | Prediction]:
    """The exercises and predictions of one lesson, in order."""
    return [item for item in EXERCISES.values() if item.lesson == lesson]


def _find(exercise_id: Any) -> Exercise | Prediction | Feedback:
    """The exercise called `exercise_id`, or feedback saying which ids exist."""
    item = EXERCISES.get(str(exercise_id).strip())
    if item is not None:
        return item
    known = ", ".join(EXERCISES)
    return Feedback(str(exercise_id), False, f"There is no exercise {exercise_id!r}.", f"Use one of: {known}.")


def _find_prediction(exercise_id: Any) -> Prediction | Feedback:
    """The predict-then-run prompt called `exercise_id`, or feedback saying what to use instead."""
    item = _find(exercise_id)
    if isinstance(item, Exercise):
        return Feedback(item.id, False, f"{item.id} is checked, not predicted: use check({item.id!r}, answer).")
    return item


def _is_blank(answer: Any) -> bool:
    return answer is ... or answer is None


def _safe(exercise_id: Any, work) -> Feedback:
    """Run `work`; whatever goes wrong becomes feedback, never an exception in the learner's cell."""
    try:
        return work()
    except Exception as error:  # a learner's cell must never stop Run All
        return Feedback(
            str(exercise_id),
            False,
            f"Could not read that answer ({type(error).__name__}: {error}).",
            "Check the form the exercise asks for, or call solution() for a worked answer.",
        )


# -- checked exercises -------------------------------------------------------------------------


def check(exercise_id: str, answer: Any = ...) -> Feedback | Folded:
    """Check an answer: right, or not yet with a hint for the mistake it shows and what to try next.
    On a static page, where nobody can answer, the worked answer folded."""
    item = EXERCISES.get(str(exercise_id).strip())
    if is_static() and isinstance(item, Exercise):
        return folded_answer(item)
    return _safe(exercise_id, lambda: _check(exercise_id, answer))


def _check(exercise_id: str, answer: Any) -> Feedback:
    item = _find(exercise_id)
    if isinstance(item, Feedback):
        return item
    if isinstance(item, Prediction):
        return Feedback(
            item.id,
            False,
            f"{item.id} is a prediction: record your pick with predict({item.id!r}, ...) before the run.",
            f"After the run, reveal({item.id!r}, ...) compares it with what was measured.",
        )
    if _is_blank(answer):
        return Feedback(item.id, False, f"{WRITE_FIRST}: replace the ... with {item.form}.", "Then run the cell again.")
    try:
        value = item.read(answer)
    except Unreadable as problem:
        return Feedback(item.id, False, str(problem), "Fix the form and run the cell again.")
    if _right(item, value):
        return Feedback(item.id, True, "", item.next)
    retry = f"Try again; solution({item.id!r}) shows a worked answer."
    for mistake in item.mistakes:
        if _applies(mistake.applies, value):
            return Feedback(item.id, False, mistake.hint, mistake.next or retry)
    return Feedback(item.id, False, item.fallback_hint(value), retry)


def _right(item: Exercise, value: Any) -> bool:
    try:
        return bool(item.is_right(value))
    except Exception:  # an answer of an odd shape is simply not right
        return False


def _applies(test, value: Any) -> bool:
    """Whether a mistake describes the answer; an answer of the wrong shape for the test does not match."""
    try:
        return bool(test(value))
    except Exception:
        return False


# -- worked answers ------------------------------------------------------------------------------


def solution(exercise_id: str) -> Worked:
    """The worked answer of an exercise: Markdown in a notebook, text elsewhere. Nothing runs it for you."""
    item = EXERCISES.get(str(exercise_id).strip())
    if item is None:
        return Worked(f"No exercise {exercise_id!r}", f"The exercises are: {', '.join(EXERCISES)}.")
    return Worked(f"Worked answer {item.id}: {item.question}", worked_markdown(item))


# -- predict, then run ---------------------------------------------------------------------------


def predict(exercise_id: str, choice: Any = ...) -> Feedback | Worked:
    """Record a prediction (an option letter) before the notebook measures; `reveal` judges it.
    On a static page, a reminder to pick an option before reading on."""
    item = EXERCISES.get(str(exercise_id).strip())
    if is_static() and isinstance(item, Prediction):
        return prediction_prompt(item)
    return _safe(exercise_id, lambda: _predict(exercise_id, choice))


def _predict(exercise_id: str, choice: Any) -> Feedback:
    item = _find_prediction(exercise_id)
    if isinstance(item, Feedback):
        return item
    letters = ", ".join(repr(key) for key in item.options)
    if _is_blank(choice):
        return Feedback(item.id, False, f"{WRITE_FIRST}: pick one of {letters}.", item.option_list())
    try:
        letter = read_choice(choice, item.options)
    except Unreadable as problem:
        return Feedback(item.id, False, str(problem), item.option_list())
    _predictions[item.id] = letter
    return Feedback(
        item.id,
        False,
        f"You predict ({letter}) {item.options[letter]}.",
        f"Run the measurement, then reveal({item.id!r}, ...) as the lesson shows.",
        noted=True,
    )


def reveal(exercise_id: str, measured: Any = ...) -> Feedback | Folded:
    """Compare the recorded prediction with what the notebook measured, and explain the result.
    On a static page, what the run measured, folded."""
    item = EXERCISES.get(str(exercise_id).strip())
    if is_static() and isinstance(item, Prediction):
        return folded_measurement(item, measured)
    return _safe(exercise_id, lambda: _reveal(exercise_id, measured))


def _reveal(exercise_id: str, measured: Any) -> Feedback:
    item = _find_prediction(exercise_id)
    if isinstance(item, Feedback):
        return item
    if _is_blank(measured):
        return Feedback(item.id, False, "Pass what the notebook measured: " + item.reveal_code)
    try:
        value = item.read_measured(measured)
    except Unreadable as problem:
        return Feedback(item.id, False, f"{problem} The lesson's cell: {item.reveal_code}")
    outcome = item.outcome(value)
    explanation = f"The run supports ({outcome}): {item.options[outcome]}. {item.explain(value)}"
    picked = _predictions.get(item.id)
    if picked is None:
        return Feedback(
            item.id,
            False,
            f"You did not record a prediction. {explanation}",
            f"Next time, predict({item.id!r}, ...) before the run: a guess made first teaches more.",
            noted=True,
            headline="Measured",
        )
    matched = picked == outcome
    verdict = "Your prediction matches." if matched else f"You predicted ({picked})."
    headline = "As you predicted" if matched else "Not as you predicted"
    return Feedback(item.id, matched, f"{verdict} {explanation}", item.next, headline=headline)


def forget(exercise_id: str | None = None) -> None:
    """Forget the recorded prediction of one exercise (all of them when no id is given)."""
    if exercise_id is None:
        _predictions.clear()
    else:
        _predictions.pop(str(exercise_id).strip(), None)
