"""What an exercise is made of: a right answer nerlab computes, anticipated mistakes, a worked answer.

An `Exercise` never stores its right answer as a literal: `right` is a function that asks
nerlab's own code (the oracle, a schedule, a conversion), so an exercise cannot silently
disagree with the code it teaches. The learner's answer is first *read* into a plain value
(a tuple of actions, a number...); a reader raises `Unreadable` with the form to use.

Each `Mistake` keeps an example wrong answer beside its hint, so a test can check that every
hint is reachable: `check(exercise, mistake.example)` must answer with exactly that hint.

A `Prediction` is a "predict, then run" prompt: the learner picks an option before the
notebook measures, and `reveal` maps the measurement to the option it supports.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

LEVEL = 0.02  # two scores this close are "about the same" in every predict-then-run prompt


def compared(difference: float, within: float = LEVEL) -> str:
    """A prediction's usual three options for a difference of two scores: "a" clearly above 0,
    "b" clearly below, "c" within `within` of it."""
    return "a" if difference > within else "b" if difference < -within else "c"


class Unreadable(ValueError):
    """An answer that is not in the form the exercise asks for; the message says which form."""


@dataclass(frozen=True)
class Mistake:
    """A wrong answer we expect, how to recognise it, and the hint that answers it.

    `applies` receives the answer as the exercise read it. `example` is a wrong answer showing
    exactly this mistake (and no earlier one in the exercise's list).
    """

    example: Any
    hint: str
    applies: Callable[[Any], bool]
    next: str = ""


@dataclass(frozen=True)
class Exercise:
    """A checked exercise. See the module docstring for why `right` is a function."""

    id: str
    question: str  # one line, for lists and reports
    after: str  # where it belongs in its lesson
    prompt: str  # the Markdown prompt cell
    form: str  # the form of the answer, e.g. 'a list of actions, e.g. ["U-ORG", "O"]'
    right: Callable[[], Any]  # the right answer, as `read` returns it, computed by nerlab
    read: Callable[[Any], Any]  # the learner's answer as a plain value; raises Unreadable
    mistakes: tuple[Mistake, ...]
    worked: Callable[[], str]  # the worked answer, Markdown
    next: str  # what to do once it is right
    otherwise: Callable[[Any], str] | str = (
        "Not a mistake we expected: read the question again, and try your answer in code."
    )
    accepts: Callable[[Any], bool] | None = None  # when several answers are right (default: == right())

    @property
    def lesson(self) -> int:
        return int(self.id.split(".")[0])

    @property
    def markdown_cell(self) -> str:
        """The prompt cell, as a lesson shows it."""
        return self.prompt

    @property
    def code_cell(self) -> str:
        """The notebook cell the learner fills in: Run All runs it harmlessly as it is."""
        return f'answer = ...  # {self.form}\ncheck("{self.id}", answer)\n# solution("{self.id}") shows a worked answer'

    def is_right(self, value: Any) -> bool:
        return self.accepts(value) if self.accepts is not None else value == self.right()

    def fallback_hint(self, value: Any) -> str:
        """The hint for a wrong answer no anticipated mistake describes."""
        return self.otherwise(value) if callable(self.otherwise) else self.otherwise


@dataclass(frozen=True)
class Prediction:
    """A "predict, then run" prompt: options, and how a measurement picks one of them.

    `read_measured` turns what the notebook passes to `reveal` into a plain value; `outcome`
    says which option that value supports; `explain` says what it means. `examples` holds one
    measurement per option, so a test can reach every outcome.
    """

    id: str
    question: str
    after: str
    prompt: str
    options: dict[str, str]
    reveal_after: str  # where the reveal cell goes
    reveal_code: str  # the code of the reveal cell
    read_measured: Callable[[Any], Any]
    outcome: Callable[[Any], str]
    explain: Callable[[Any], str]
    examples: dict[str, Any]
    worked: Callable[[], str]
    next: str

    @property
    def lesson(self) -> int:
        return int(self.id.split(".")[0])

    @property
    def markdown_cell(self) -> str:
        """The prompt cell with its options, as a lesson shows it."""
        return self.prompt + "\n\n" + "\n".join(f"- ({key}) {text}" for key, text in self.options.items())

    @property
    def code_cell(self) -> str:
        """The cell that records the learner's pick, before the notebook measures."""
        letters = ", ".join(f'"{key}"' for key in self.options)
        return f'predict("{self.id}", ...)  # replace ... with {letters}'

    def option_list(self) -> str:
        return "; ".join(f"({key}) {text}" for key, text in self.options.items())


def worked_markdown(item: Exercise | Prediction) -> str:
    """The worked answer's Markdown; if computing it fails, a line that says so (a page is still written)."""
    try:
        return item.worked()
    except Exception as error:
        return f"(The worked answer could not be computed: {type(error).__name__}: {error}.)"


# -- readers: the learner's answer as a plain value ------------------------------------------

_SEPARATORS = re.compile(r"[\s,;]+")
_EMPTY_WORDS = {"", "none", "nothing", "empty"}


def _words(text: str) -> list[str]:
    return [word.strip("'\"[](){}") for word in _SEPARATORS.split(text.strip()) if word.strip("'\"[](){}")]


def _strings(answer: Any, what: str) -> list[str]:
    """The items of a list, tuple or set of strings, or the words of one string."""
    if isinstance(answer, str):
        return _words(answer)
    if isinstance(answer, Mapping):
        raise Unreadable(
            f"Give {what} themselves, not a dict. If you copied the oracle's costs, keep only the "
            "actions the question asks about."
        )
    if isinstance(answer, (list, tuple, set, frozenset)) and all(isinstance(item, str) for item in answer):
        return [item.strip() for item in answer]
    raise Unreadable(f'Give {what} as a list of strings, e.g. ["O", "U-ORG"].')


def read_actions(answer: Any) -> tuple[str, ...]:
    """A sequence of action names, in order: a list of strings or one string such as 'O U-ORG'."""
    if isinstance(answer, (set, frozenset)):
        raise Unreadable('Order matters here: give a list, one action per token, e.g. ["U-ORG", "O"].')
    return tuple(_strings(answer, "the actions"))


def read_action_set(answer: Any) -> frozenset[str]:
    """A set of action names; order does not matter, and 'none' or an empty list means no action."""
    if isinstance(answer, str) and answer.strip().lower() in _EMPTY_WORDS:
        return frozenset()
    return frozenset(_strings(answer, "the actions"))


def read_tags(answer: Any) -> tuple[str | None, ...]:
    """One BILUO tag per token; None, '-' or 'None' means missing (spaCy writes '-')."""
    if isinstance(answer, str):
        items: list = _words(answer)
    elif isinstance(answer, (list, tuple)) and all(item is None or isinstance(item, str) for item in answer):
        items = list(answer)
    else:
        raise Unreadable('Give one tag per token as a list, e.g. ["O", "B-PERSON", None] (None = missing).')
    return tuple(None if item is None or item.strip() in ("-", "None") else item.strip() for item in items)


def read_number(answer: Any) -> float:
    """A number: an int, a float or a numeric string (True and False are not numbers here)."""
    if isinstance(answer, bool) or not isinstance(answer, (numbers.Real, str)):
        raise Unreadable("Give a number, e.g. 12 or 0.5.")
    try:
        value = float(answer)
    except ValueError:
        raise Unreadable(f"{answer!r} is not a number; give one, e.g. 12 or 0.5.") from None
    if not math.isfinite(value):
        raise Unreadable("Give a finite number.")
    return value


def read_numbers(answer: Any, keys: Sequence[Any]) -> tuple[float, ...]:
    """Numbers for `keys`: a dict with those keys, or a list or tuple in that order."""
    if isinstance(answer, Mapping):
        found = {str(key): value for key, value in answer.items()}
        missing = [str(key) for key in keys if str(key) not in found]
        if missing:
            raise Unreadable(f"The dict needs the keys {', '.join(map(repr, map(str, keys)))}; missing: {missing}.")
        values = [found[str(key)] for key in keys]
    elif isinstance(answer, (list, tuple)) and len(answer) == len(keys):
        values = list(answer)
    else:
        names = ", ".join(str(key) for key in keys)
        raise Unreadable(f"Give {len(keys)} numbers ({names}), as a tuple in that order or a dict with those keys.")
    return tuple(read_number(value) for value in values)


def read_choice(answer: Any, options: Iterable[str]) -> str:
    """One option letter: 'b', 'B', '(b)' or 'b)' all read as 'b'."""
    options = list(options)
    letter = answer.strip().strip("()").lower() if isinstance(answer, str) else None
    if letter not in options:
        raise Unreadable(f"Pick one of {', '.join(repr(o) for o in options)}.")
    return letter


# -- mistakes several exercises share --------------------------------------------------------


def unknown_actions(actions: Iterable[str], example: Any, labels: Sequence[str]) -> Mistake:
    """Any name that is not an action of the system: a bare label, a bare move, a typo."""
    known = set(actions)
    return Mistake(
        example=example,
        hint=(
            "Every action is `O`, or a move and a label: `B-`, `I-`, `L-` or `U-` followed by one of "
            f"{', '.join(labels)} (upper case, e.g. `U-{labels[0]}`)."
        ),
        applies=lambda value: any(name not in known for name in value),
    )


def is_integral(value: float) -> bool:
    return float(value).is_integer()
