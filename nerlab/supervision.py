"""Supervision: what one annotation tells the model about one document.

An annotation can say three things about a token:

- its BILUO tag is known ("B-ORG", "I-ORG", "L-ORG", "U-ORG" or "O"),
- nothing is known about it (missing, stored as None),

and, separately, it can list *rejected* spans: "tokens 3-5 are NOT an ORG". A rejected span
does not say what those tokens are instead; they may be another entity, or part of one.

Full gold annotation knows every tag. A binary "accept" answer knows the tags of one span;
the rest of the document is missing, unless we declare the annotation complete
(`no_missing=True`), which turns every unannotated token into O. A binary "reject" answer
adds a rejected span and knows nothing else.

Pure Python, no spaCy import.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .transitions import OUT, Span, parse_tag


def _check_span(span: object, n_tokens: int, what: str) -> Span:
    """Validate one (start, end, label) span and return it as a tuple."""
    try:
        start, end, label = span  # type: ignore[misc]
    except (TypeError, ValueError):
        raise ValueError(f"{what} span {span!r} must be a (start, end, label) triple.") from None
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) or isinstance(end, bool):
        raise ValueError(f"{what} span {span!r}: start and end must be integers (token offsets).")
    if not isinstance(label, str) or not label:
        raise ValueError(f"{what} span {span!r} has an empty label; give every span a label.")
    if not 0 <= start < end <= n_tokens:
        raise ValueError(
            f"{what} span {span!r} does not fit in a document of {n_tokens} tokens: "
            f"need 0 <= start < end <= {n_tokens} (end is exclusive)."
        )
    return (start, end, label)


def check_spans(spans: Iterable[object], n_tokens: int, what: str, overlap: bool = False) -> list[Span]:
    """Validate spans for a document of `n_tokens` tokens and return them as tuples.

    Each must be a (start, end, label) triple of integer token offsets with a non-empty
    label that fits the document; unless `overlap` is allowed, no two may share a token.
    `what` names the spans in error messages ("Accepted", "Rejected", a file and line...).
    """
    checked = [_check_span(span, n_tokens, what) for span in spans]
    if not overlap:
        _check_no_overlap(checked, what)
    return checked


def _check_no_overlap(spans: list[Span], what: str) -> None:
    ordered = sorted(spans)
    for a, b in zip(ordered, ordered[1:]):
        if b[0] < a[1]:
            raise ValueError(
                f"{what} spans {a!r} and {b!r} overlap; an entity annotation cannot have "
                f"overlapping spans (a token belongs to at most one entity)."
            )


def spans_to_tags(n_tokens: int, spans: Iterable[Span], default: str | None) -> list[str | None]:
    """BILUO tags for non-overlapping spans; tokens outside every span get `default`."""
    tags: list[str | None] = [default] * n_tokens
    for start, end, label in spans:
        if end - start == 1:
            tags[start] = f"U-{label}"
        else:
            tags[start] = f"B-{label}"
            for i in range(start + 1, end - 1):
                tags[i] = f"I-{label}"
            tags[end - 1] = f"L-{label}"
    return tags


@dataclass(frozen=True)
class Supervision:
    """The tags an annotation fixes for each token (None = missing) and its rejected spans.

    Build one with `Supervision.gold` or `Supervision.partial`; both check the spans.
    """

    tags: tuple[str | None, ...]
    rejected: tuple[Span, ...] = ()

    # -- constructors ------------------------------------------------------------------

    @classmethod
    def gold(cls, n_tokens: int, spans: Iterable[Span], rejected: Iterable[Span] = ()) -> Supervision:
        """Complete annotation: `spans` are the entities, every other token is O."""
        return cls._build(n_tokens, spans, rejected, default=OUT)

    @classmethod
    def partial(
        cls,
        n_tokens: int,
        accepted: Iterable[Span] = (),
        rejected: Iterable[Span] = (),
        no_missing: bool = False,
    ) -> Supervision:
        """Incomplete annotation: `accepted` spans are entities, other tokens are missing.

        With `no_missing=True` the annotation is declared complete, so other tokens are O
        (what Prodigy's old `--no-missing` flag did). On a document with only a rejected
        span, that claims "this document has no entities at all".
        """
        return cls._build(n_tokens, accepted, rejected, default=OUT if no_missing else None)

    @classmethod
    def _build(cls, n_tokens: int, spans: Iterable[Span], rejected: Iterable[Span], default: str | None) -> Supervision:
        if not isinstance(n_tokens, int) or n_tokens < 1:
            raise ValueError(f"A document needs at least one token; got n_tokens={n_tokens!r}.")
        accepted = check_spans(spans, n_tokens, "Accepted")
        negatives = check_spans(rejected, n_tokens, "Rejected", overlap=True)
        both = set(accepted) & set(negatives)
        if both:
            raise ValueError(
                f"Span {sorted(both)[0]!r} is both accepted and rejected; an annotation "
                f"cannot say a span is and is not an entity of the same label."
            )
        tags = spans_to_tags(n_tokens, accepted, default)
        return cls(tags=tuple(tags), rejected=tuple(sorted(set(negatives))))

    def as_read_by_spacy(self, tokens: Iterable[str]) -> Supervision:
        """This supervision as spaCy's `Example` reads it for these tokens.

        spaCy quietly turns a missing tag on a whitespace token (" ", "\\n") into O, as long
        as the document has at least one known tag. Use this before computing costs on
        documents that may contain whitespace tokens.
        """
        words = list(tokens)
        if len(words) != len(self.tags):
            raise ValueError(f"Got {len(words)} tokens for a supervision of {len(self.tags)}.")
        if self.n_missing == len(self.tags):
            return self
        tags = tuple(OUT if tag is None and word.isspace() else tag for tag, word in zip(self.tags, words))
        return Supervision(tags=tags, rejected=self.rejected)

    # -- what it says ------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.tags)

    @property
    def spans(self) -> tuple[Span, ...]:
        """The entities the annotation asserts, read back from the tags."""
        spans = []
        start = None
        for i, tag in enumerate(self.tags):
            move, label = parse_tag(tag)  # O and missing tags have no entity to read
            if move == "U":
                spans.append((i, i + 1, label))
            elif move == "B":
                start = i
            elif move == "L":
                spans.append((start, i + 1, label))
        return tuple(spans)

    @property
    def labels(self) -> tuple[str, ...]:
        """Every label the annotation mentions, accepted or rejected, sorted."""
        found = {label for _, _, label in self.spans} | {label for _, _, label in self.rejected}
        return tuple(sorted(found))

    @property
    def n_missing(self) -> int:
        """How many tokens the annotation says nothing about."""
        return sum(tag is None for tag in self.tags)

    @property
    def is_complete(self) -> bool:
        """True when every token's tag is known (full gold, or `no_missing`)."""
        return self.n_missing == 0

    def describe(self) -> str:
        """A one-line summary for a learner, e.g. 'gold: 2 entities, 0 missing, 1 rejected'."""
        kind = "complete" if self.is_complete else "partial"
        return (
            f"{kind}: {len(self.spans)} entities, {self.n_missing} of {len(self.tags)} "
            f"tokens missing, {len(self.rejected)} rejected spans"
        )
