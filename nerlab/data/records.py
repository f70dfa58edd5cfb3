"""Records: the two kinds of annotated text that nerlab's data layer passes around.

- `AnnotatedDoc`: a tokenised text with ALL its entities (gold annotation), what spaCy's
  `train` command reads from a DocBin.
- `Task`: one Prodigy annotation task: a text, the spans shown to the annotator and the
  answer they gave ("accept", "reject" or "ignore"). It says something only about its spans.

Both keep the tokens with a flag per token saying whether a space follows it, as spaCy's
`Doc(vocab, words=..., spaces=...)` does, so the exact text can always be rebuilt and
spans are token offsets `(start, end, label)`, end exclusive.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from ..supervision import check_spans
from ..transitions import Span
from .hashes import input_hash as _input_hash
from .hashes import task_hash as _task_hash

ANSWERS = ("accept", "reject", "ignore")

# The keys a Prodigy record's own fields use; anything else a record has goes into `Task.extra`.
PRODIGY_FIELDS = ("text", "meta", "_input_hash", "_task_hash", "tokens", "spans", "answer")


def join_tokens(tokens: Sequence[str], spaces: Sequence[bool]) -> str:
    """The text that `tokens` spell when a space follows exactly the flagged ones."""
    return "".join(token + " " if space else token for token, space in zip(tokens, spaces))


def char_offsets(tokens: Sequence[str], spaces: Sequence[bool]) -> list[tuple[int, int]]:
    """(start, end) character offsets of each token in `join_tokens(tokens, spaces)`."""
    offsets = []
    position = 0
    for token, space in zip(tokens, spaces):
        end = position + len(token)
        offsets.append((position, end))
        position = end + 1 if space else end
    return offsets


def check_tokens(tokens: tuple, spaces: tuple, what: str) -> None:
    """Raise ValueError unless tokens are non-empty strings with one space flag each."""
    if not tokens:
        raise ValueError(f"{what} has no tokens; a document needs at least one.")
    if len(tokens) != len(spaces):
        raise ValueError(f"{what} has {len(tokens)} tokens but {len(spaces)} space flags; give one flag per token.")
    for i, token in enumerate(tokens):
        if not isinstance(token, str) or not token:
            raise ValueError(f"{what}: token {i} is {token!r}; tokens must be non-empty strings.")
    for i, space in enumerate(spaces):
        if not isinstance(space, bool):
            raise ValueError(f"{what}: space flag {i} is {space!r}; use True or False.")


@dataclass(frozen=True)
class AnnotatedDoc:
    """A tokenised text and all its entities: complete (gold) annotation.

    Every token outside `spans` is known NOT to be part of an entity. Spans are kept sorted,
    so two documents with the same entities compare equal whatever order they came in.
    `meta` is free-form information (where the text came from); it is not compared.
    """

    tokens: tuple[str, ...]
    spaces: tuple[bool, ...]
    spans: tuple[Span, ...] = ()
    meta: dict = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "tokens", tuple(self.tokens))
        object.__setattr__(self, "spaces", tuple(self.spaces))
        object.__setattr__(self, "spans", tuple(sorted(tuple(s) for s in self.spans)))
        check_tokens(self.tokens, self.spaces, "AnnotatedDoc")
        check_spans(self.spans, len(self.tokens), "AnnotatedDoc:")

    @cached_property
    def text(self) -> str:
        """The text, rebuilt from the tokens and their spaces."""
        return join_tokens(self.tokens, self.spaces)

    def char_offsets(self) -> list[tuple[int, int]]:
        """(start, end) character offsets of every token in `.text`."""
        return char_offsets(self.tokens, self.spaces)


@dataclass(frozen=True)
class Task:
    """One Prodigy NER task: a text, the spans shown, and the annotator's answer.

    An "accept" says the spans are entities with those labels, a "reject" says they are not
    (the tokens may still be another entity, or part of one), an "ignore" says nothing.
    Neither answer says anything about the tokens outside the spans.

    `extra` keeps every other field of a Prodigy record (`_view_id`, `_session_id`, ...) and
    `span_extra` every other field of each span dict (one dict per span, or empty), so that
    writing a task back loses nothing. `source` is (file, line) when the task was read
    from a file; it is used in messages and not compared. The hashes are computed from the
    text and spans when not given.
    """

    text: str
    tokens: tuple[str, ...]
    spaces: tuple[bool, ...]
    spans: tuple[Span, ...] = ()
    answer: str = "accept"
    input_hash: int | None = None
    task_hash: int | None = None
    meta: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)
    source: tuple[str, int] | None = field(default=None, compare=False)
    span_extra: tuple[dict, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "tokens", tuple(self.tokens))
        object.__setattr__(self, "spaces", tuple(self.spaces))
        object.__setattr__(self, "spans", tuple(tuple(s) for s in self.spans))
        object.__setattr__(self, "span_extra", tuple(self.span_extra))
        where = f"Task from {self.source[0]}, line {self.source[1]}" if self.source else "Task"
        check_tokens(self.tokens, self.spaces, where)
        if join_tokens(self.tokens, self.spaces) != self.text:
            raise ValueError(
                f"{where}: the tokens and their spaces spell "
                f"{join_tokens(self.tokens, self.spaces)[:60]!r}, not the text {self.text[:60]!r}."
            )
        check_spans(self.spans, len(self.tokens), f"{where}:")
        if self.answer not in ANSWERS:
            raise ValueError(f"{where}: answer {self.answer!r} is not one of {', '.join(ANSWERS)}.")
        if self.span_extra and len(self.span_extra) != len(self.spans):
            raise ValueError(f"{where}: span_extra has {len(self.span_extra)} dicts for {len(self.spans)} spans.")
        clash = [key for key in self.extra if key in PRODIGY_FIELDS]
        if clash:
            raise ValueError(f"{where}: extra may not hold the task's own fields ({', '.join(clash)}).")
        if self.input_hash is None:
            object.__setattr__(self, "input_hash", _input_hash(self.text))
        if self.task_hash is None:
            object.__setattr__(self, "task_hash", _task_hash(self.text, self.spans))

    @classmethod
    def from_doc(
        cls, doc: AnnotatedDoc, spans: Iterable[Span], answer: str = "accept", meta: dict | None = None
    ) -> Task:
        """A task asking about `spans` on the text of `doc`."""
        return cls(
            text=doc.text, tokens=doc.tokens, spaces=doc.spaces, spans=tuple(spans), answer=answer, meta=meta or {}
        )

    def char_offsets(self) -> list[tuple[int, int]]:
        """(start, end) character offsets of every token in `.text`."""
        return char_offsets(self.tokens, self.spaces)

    def span_answers(self) -> list[tuple[Span, str]]:
        """Each span with the answer that holds for it: its own `answer` field if it has one,
        else the task's. Prodigy reads answers this way, so a span marked "accept" inside a
        rejected task counts as accepted."""
        own = self.span_extra or ({},) * len(self.spans)
        return [(span, extra.get("answer", self.answer)) for span, extra in zip(self.spans, own)]
