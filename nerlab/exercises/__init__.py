"""Exercises that check the learner: a hint for each anticipated mistake, a worked answer on request.

In a lesson, a checked exercise is one Markdown prompt and one code cell:

    from nerlab.exercises import check, solution
    answer = ...   # your answer: a list of actions
    check("1.3", answer)
    # solution("1.3") shows a worked answer

`check` answers "Right" or "Not yet" with a hint aimed at the mistake the answer shows (a
bare label, a `B-` on a one-token entity, a count that forgot the last short batch...) and
says what to try next. It never raises, so Run All runs through a cell still left as `...`
("Write your answer first"). Worked answers are not run by Run All: `solution("1.3")` shows
one only when the learner asks.

A "predict, then run" prompt records the learner's guess before the notebook measures, and
compares it with the measurement afterwards:

    predict("4.4", "a")                       # before the training cell
    reveal("4.4", {"fixed:4": 0.32, "fixed:32": 0.0})   # after it, with what it measured

Right answers are computed by nerlab's own code (the oracle, `BatchSchedule`, the data
conversions), never typed in, so an exercise cannot disagree with the code it teaches.
`EXERCISES` lists them all by id; `glossary()` shows the course's words. `static_edition()`
renders them for a page without a kernel (`nerlab build-course` calls it): each worked answer
and each measurement folded under "Show the answer", never a "Not yet".
"""

from .base import Exercise, Mistake, Prediction
from .checking import EXERCISES, check, exercises_of, forget, predict, reveal, solution
from .feedback import Feedback, Folded, Worked
from .glossary import GLOSSARY, glossary, glossary_markdown
from .static import is_static, static_edition

__all__ = [
    "EXERCISES",
    "GLOSSARY",
    "Exercise",
    "Feedback",
    "Folded",
    "Mistake",
    "Prediction",
    "Worked",
    "check",
    "exercises_of",
    "forget",
    "glossary",
    "glossary_markdown",
    "is_static",
    "predict",
    "reveal",
    "solution",
    "static_edition",
]
