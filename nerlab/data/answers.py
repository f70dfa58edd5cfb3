"""A Prodigy file read for what it is: complete annotation, or answers to suggestions.

The same JSONL format carries two different kinds of claim:

- complete annotation (`ner.manual`, `ner.correct`): each accepted task marks EVERY entity
  of its text, so the tokens outside its spans are known to be outside any entity;
- answers (`ner.teach`, or accept/reject data made by a script): each task asks about the
  spans it shows, and the answer says nothing about the rest of the text.

A file with any rejected span can only be answers. A file of accepts only can be either,
and nothing in the file says which: the user does (`annotation`). "auto" reads such a file
as complete annotation, and the data table says so, because that changes what
`no_missing` means.

Held-out answers are split the way Prodigy's `--eval-split` splits them: after merging, by
text, so all answers on one text land on the same side.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from .records import Task

ANNOTATIONS = ("auto", "complete", "answers")


@dataclass(frozen=True)
class FileReading:
    """How a file of tasks is read, and why: shown in the data table before training."""

    answers: bool  # True: accept/reject answers; False: complete annotation
    n_rejected_spans: int  # spans whose answer is "reject" (a task's or the span's own)
    first_reject: tuple[str, int] | None  # (file, line) of the first rejected span, for messages
    why: str  # one line for the data table

    @property
    def name(self) -> str:
        return "answers" if self.answers else "complete"


def read_as(tasks: Sequence[Task], annotation: str = "auto") -> FileReading:
    """Decide how to read `tasks`: "complete", "answers", or "auto" (answers only if any span is rejected).

    Raises ValueError for annotation="complete" on a file with rejects: a reject is not part
    of a complete annotation.
    """
    if annotation not in ANNOTATIONS:
        raise ValueError(f"annotation takes one of {', '.join(ANNOTATIONS)}; got {annotation!r}.")
    rejected = [task for task in tasks for _, answer in task.span_answers() if answer == "reject"]
    first = rejected[0].source if rejected else None
    if rejected:
        if annotation == "complete":
            where = f" (the first on {first[0]}, line {first[1]})" if first else ""
            raise ValueError(
                f"is 'complete' but the file has {len(rejected)} rejected spans{where}; a reject is an answer to "
                f"a suggestion, not part of a complete annotation: use 'answers' or 'auto'."
            )
        return FileReading(True, len(rejected), first, f"answers: the file has {len(rejected)} rejected spans")
    if annotation == "answers":
        return FileReading(True, 0, None, "answers, as asked: unmarked tokens are unknown (ner.teach)")
    return FileReading(
        False,
        0,
        None,
        "complete annotation: no rejects, so each accept is read as marking every entity of its text "
        "(ner.manual); if the file came from ner.teach, choose annotation 'answers'",
    )


def split_by_text(tasks: Sequence[Task], share: float, seed: int) -> tuple[list[Task], list[Task]]:
    """(training tasks, held-out tasks): a seeded `share` of the texts is held out, with all their answers.

    Texts are told apart by `input_hash` (and tokens), as merging does; at least one text is
    held out and at least one kept when there are two or more. The order of the tasks is kept.
    """
    texts = sorted({(task.input_hash, task.tokens) for task in tasks}, key=lambda key: (key[0], key[1]))
    if not 0.0 < share < 1.0:
        raise ValueError(f"eval_split must be between 0 and 1 (a share of the texts); got {share!r}.")
    if len(texts) < 2:
        raise ValueError(f"only {len(texts)} distinct text(s) to split; a held-out set needs at least 2 texts.")
    random.Random(seed).shuffle(texts)
    n_held = min(max(1, round(share * len(texts))), len(texts) - 1)
    held = set(texts[:n_held])
    train = [task for task in tasks if (task.input_hash, task.tokens) not in held]
    held_out = [task for task in tasks if (task.input_hash, task.tokens) in held]
    return train, held_out


def texts_of(tasks: Sequence[Task]) -> list[Task]:
    """One task per distinct text (the first), in order of first appearance: the texts to predict on."""
    seen: dict = {}
    for task in tasks:
        seen.setdefault((task.input_hash, task.tokens), task)
    return list(seen.values())
