"""From annotation tasks to supervision: what each text tells the model, and how much.

Binary answers only say something about the spans they show. Turning them into training
examples takes two decisions that Prodigy users know as options:

- merge (Prodigy's behaviour) or not: all tasks on one text (same `input_hash`) become
  ONE example holding every accepted and rejected span, or each task is its own example;
- missing or O (`no_missing`): tokens outside accepted spans are unknown, or declared
  outside any entity. With `no_missing=True` a text whose only answer is a reject claims
  "this text has no entities at all".

When answers on one text disagree (a span both accepted and rejected, or two accepted
spans that overlap), nerlab counts them and, by default, drops the spans involved, as
Prodigy's support says of conflicting spans (`CONFLICT_RULES`).
`summarize` then counts what the examples assert, token by token.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field

from ..supervision import OUT, Supervision
from ..transitions import Span
from .hashes import input_hash as _input_hash
from .records import AnnotatedDoc, Task

# What merging does with a span both accepted and rejected on one text. "drop": both answers
# go (Prodigy's support: conflicting spans "will have to be ignored"); "accept": the accept is
# kept and the reject that contradicts it dropped. There is no "keep both": a `Supervision`
# cannot say of one span that it is and is not an entity (it raises). Overlapping accepts are
# dropped under either rule: one example cannot hold two entities on one token.
CONFLICT_RULES = ("drop", "accept")


@dataclass(frozen=True)
class SupervisedDoc:
    """One training example: tokens, what the annotation says about them, and (when known)
    the true gold entities, kept only to measure what the supervision gets wrong."""

    tokens: tuple[str, ...]
    spaces: tuple[bool, ...]
    supervision: Supervision
    gold: tuple[Span, ...] | None = None
    input_hash: int | None = None


@dataclass
class Conversion:
    """The examples made from a list of tasks, and what had to be left out."""

    docs: list[SupervisedDoc]
    conflicts: int = 0  # spans dropped because answers on their text disagree
    ignored: int = 0  # tasks answered "ignore", which say nothing


def tasks_to_supervised(
    tasks: Iterable[Task],
    *,
    no_missing: bool = False,
    merge: bool = True,
    gold: Mapping[int, Sequence[Span]] | None = None,
    use_rejects: bool = True,
    conflicts: str = "drop",
) -> Conversion:
    """Turn accept/reject tasks into `SupervisedDoc`s.

    Each span counts with its own answer when it has one, else its task's (`Task.span_answers`).
    merge=True: tasks with the same `input_hash` (and the same tokens, so that a rare hash
    collision cannot mix two texts) become one example, in order of first appearance.
    merge=False: every task is its own example.
    no_missing=False: tokens outside accepted spans are missing; True: they are O.
    `gold` maps an input_hash to the true entities of that text, to fill `SupervisedDoc.gold`.
    use_rejects=False keeps the accepted spans only (partial supervision).

    Conflicts are found per text, whether or not tasks are merged: a span that is both
    accepted and rejected on one text, and accepted spans that overlap another accepted
    span. The rule (`conflicts`, see `CONFLICT_RULES`): merged, "drop" removes them from the
    text's example (Prodigy's support says conflicting spans "will have to be ignored");
    "accept" keeps a span both accepted and rejected as accepted, dropping the reject. Kept
    apart, each task still trains as it was answered. Either way they are counted. Rejected
    spans that merely overlap an accepted span are kept: "not X here" does not contradict
    "Y there".
    """
    if conflicts not in CONFLICT_RULES:
        raise ValueError(f"conflicts={conflicts!r} is not one of {', '.join(map(repr, CONFLICT_RULES))}.")
    groups: dict[tuple, list[Task]] = {}
    by_text: dict[tuple, list[Task]] = {}
    ignored = 0
    for number, task in enumerate(tasks):
        if task.answer == "ignore":
            ignored += 1
            continue
        text_key = (task.input_hash, task.tokens)
        by_text.setdefault(text_key, []).append(task)
        groups.setdefault(text_key if merge else (number,), []).append(task)
    clashes = {key: _conflicting(*_answers(group)) for key, group in by_text.items()}

    docs = []
    for group in groups.values():
        accepted, rejected = _answers(group)
        dropped = clashes[(group[0].input_hash, group[0].tokens)] if merge else set()
        kept_accepts = accepted - (_overlapping(accepted) if merge and conflicts == "accept" else dropped)
        first = group[0]
        supervision = Supervision.partial(
            len(first.tokens),
            sorted(kept_accepts),
            sorted(rejected - dropped) if use_rejects else (),
            no_missing=no_missing,
        )
        true_spans = gold.get(first.input_hash) if gold is not None else None
        docs.append(
            SupervisedDoc(
                tokens=first.tokens,
                spaces=first.spaces,
                supervision=supervision,
                gold=tuple(true_spans) if true_spans is not None else None,
                input_hash=first.input_hash,
            )
        )
    return Conversion(docs=docs, conflicts=sum(map(len, clashes.values())), ignored=ignored)


def _answers(tasks: Iterable[Task]) -> tuple[set[Span], set[Span]]:
    """(accepted spans, rejected spans) of some tasks, each span read with its own answer."""
    accepted: set[Span] = set()
    rejected: set[Span] = set()
    for task in tasks:
        for span, answer in task.span_answers():
            if answer == "accept":
                accepted.add(span)
            elif answer == "reject":
                rejected.add(span)
    return accepted, rejected


def _conflicting(accepted: set[Span], rejected: set[Span]) -> set[Span]:
    """The spans of one text its answers disagree on: accepted and rejected, or overlapping accepts."""
    return (accepted & rejected) | _overlapping(accepted)


def _overlapping(spans: set[Span]) -> set[Span]:
    """Every span in `spans` that shares a token with another one."""
    ordered = sorted(spans)
    clashing = set()
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b[0] >= a[1]:
                break
            clashing.update((a, b))
    return clashing


def gold_to_supervised(docs: Iterable[AnnotatedDoc]) -> list[SupervisedDoc]:
    """Full gold supervision: every span an entity, every other token O."""
    return [
        SupervisedDoc(
            tokens=doc.tokens,
            spaces=doc.spaces,
            supervision=Supervision.gold(len(doc.tokens), doc.spans),
            gold=doc.spans,
            input_hash=_input_hash(doc.text),
        )
        for doc in docs
    ]


# -- what a set of examples asserts ------------------------------------------------------

_MEANINGS = {
    "n_examples": "training examples",
    "n_claim_no_entities": "examples whose annotation is complete and has no entity: they teach 'nothing here'",
    "n_no_information": "examples with every token missing and no rejected span: spaCy skips them",
    "n_only_rejects": "examples whose only answers are rejects: under no_missing they claim 'no entity here'",
    "tokens_O": "tokens the supervision says are outside any entity",
    "tokens_missing": "tokens the supervision says nothing about",
    "tokens_in_entity": "tokens inside an accepted entity",
    "n_accepted_spans": "accepted entities",
    "n_rejected_spans": "rejected spans",
    "gold_entity_tokens_labelled_O": (
        "tokens of a true entity that the supervision calls O (wrong O's); None if gold unknown"
    ),
    "conflicts": "spans answers on one text disagree on (dropped, or kept as accepted: the conflicts rule)",
    "rejects_equal_to_accepts": "rejected spans equal to the accepted span (a relabel drew the true label), kept",
    "ignored": "tasks answered 'ignore'",
    "accepted_per_label": "accepted entities of each label",
    "rejected_per_label": "rejected spans of each label",
}
SUMMARY_MEANINGS = _MEANINGS  # what each count of a `DataSummary` means, for tables


@dataclass(frozen=True)
class DataSummary:
    """Counts of what a list of examples asserts (see `summarize`)."""

    n_examples: int
    n_claim_no_entities: int
    n_no_information: int
    tokens_O: int
    tokens_missing: int
    tokens_in_entity: int
    n_accepted_spans: int
    n_rejected_spans: int
    gold_entity_tokens_labelled_O: int | None
    conflicts: int = 0
    ignored: int = 0
    n_only_rejects: int = 0
    accepted_per_label: dict = field(default_factory=dict)
    rejected_per_label: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)

    def as_rows(self) -> list[tuple[str, int | None, str]]:
        """(name, value, what it counts) rows, ready for a table (one row per label for the per-label counts)."""
        return summary_rows(self.to_dict())


def summary_rows(summary: Mapping) -> list[tuple[str, object, str]]:
    """(name, value, what it counts) for every entry of a summary dict (a `DataSummary`'s, or a
    run's, which adds its own entries); a per-label count becomes one row per label."""
    rows = []
    for name, value in summary.items():
        meaning = _MEANINGS.get(name, "")
        if isinstance(value, Mapping):
            what = name.removesuffix("_per_label")
            rows += [(f"{what} {label}", count, meaning) for label, count in sorted(value.items())]
        else:
            rows.append((name, value, meaning))
    return rows


def summarize(docs: Conversion | Sequence[SupervisedDoc], conflicts: int = 0, ignored: int = 0) -> DataSummary:
    """Count what the examples assert. Given a `Conversion`, its conflicts and ignores are
    reported too; otherwise `conflicts` and `ignored` are passed through as given."""
    if isinstance(docs, Conversion):
        conflicts, ignored, docs = docs.conflicts, docs.ignored, docs.docs
    docs = list(docs)
    counts = dict.fromkeys(
        ("no_entities", "no_info", "only_rejects", "O", "missing", "entity", "accepted", "rejected"), 0
    )
    per_label: dict[str, Counter] = {"accepted": Counter(), "rejected": Counter()}
    wrong_o = None
    for doc in docs:
        tags = doc.supervision.tags
        n_o = sum(tag == OUT for tag in tags)
        n_missing = sum(tag is None for tag in tags)
        counts["O"] += n_o
        counts["missing"] += n_missing
        counts["entity"] += len(tags) - n_o - n_missing
        n_spans = len(doc.supervision.spans)
        counts["accepted"] += n_spans
        counts["rejected"] += len(doc.supervision.rejected)
        counts["no_entities"] += n_missing == 0 and n_spans == 0
        counts["no_info"] += n_missing == len(tags) and not doc.supervision.rejected
        counts["only_rejects"] += n_spans == 0 and bool(doc.supervision.rejected)
        per_label["accepted"].update(label for _, _, label in doc.supervision.spans)
        per_label["rejected"].update(label for _, _, label in doc.supervision.rejected)
        if doc.gold is not None:
            wrong_o = (wrong_o or 0) + sum(tags[i] == OUT for start, end, _ in doc.gold for i in range(start, end))
    return DataSummary(
        n_examples=len(docs),
        n_claim_no_entities=counts["no_entities"],
        n_no_information=counts["no_info"],
        tokens_O=counts["O"],
        tokens_missing=counts["missing"],
        tokens_in_entity=counts["entity"],
        n_accepted_spans=counts["accepted"],
        n_rejected_spans=counts["rejected"],
        gold_entity_tokens_labelled_O=wrong_o,
        conflicts=conflicts,
        ignored=ignored,
        n_only_rejects=counts["only_rejects"],
        accepted_per_label=dict(sorted(per_label["accepted"].items())),
        rejected_per_label=dict(sorted(per_label["rejected"].items())),
    )
