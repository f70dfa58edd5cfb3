"""From gold annotation to binary (accept/reject) tasks, the way users simulate Prodigy data.

Accept tasks come straight from the gold spans: one task per span ("per-span", like
answering `ner.teach` suggestions) or one task per document with all its spans
("per-doc", like `ner.manual`). Reject tasks need wrong spans, and how they are made
matters a great deal for what a model can learn from them:

- "random-label": a gold span with a label drawn at random from `labels`. This is what
  people often do first, and the draw can pick the true label: that "reject" then
  contradicts an accept. nerlab drops it and records it in `conflicts`.
- "boundary": a gold span made one token longer or shorter, same label.
- "non-entity": a span over tokens outside every gold entity, with a random label.
- "model": hard negatives, spans a model predicts (`predict(tokens) -> spans`) that are
  not gold spans.

Rejects are grouped like accepts: one reject task per rejected span ("per-span"), or one
per text ("per-doc") saying about that text what the strategy says about each of its
entities. A per-doc "random-label" reject relabels EVERY entity of its text, each with a
label drawn from the OTHER labels: what the forum thread's user did ("randomising all the
entity labels"), so none of its spans contradicts the gold.

`reject_labels` says which labels a "random-label" reject draws from. "others" (the
default) never makes a reject equal to the gold: per text, each label is drawn from the
other labels; per span, a draw of the true label is dropped and counted in `conflicts`.
"all" reads the user's words literally ("randomising all the entity labels"): each label
is drawn from ALL labels, so with k labels about 1/k of the relabelled spans equal the
accepted span; they stay in the reject task, as a script would have written them, and
are counted in `gold_rejects`. Merging then finds them as conflicts (`tasks_to_supervised`).

A rejected span is never a gold span. Tasks on one text share its `input_hash`.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ..transitions import Span
from .records import AnnotatedDoc, Task

ACCEPTS = ("per-span", "per-doc")
REJECTS = ("random-label", "boundary", "non-entity", "model")
REJECT_GROUPINGS = ("per-span", "per-doc")
REJECT_LABELS = ("others", "all")  # a random relabel draws from the other labels, or from all of them
MAX_NON_ENTITY_TOKENS = 3  # longest span the "non-entity" strategy makes


@dataclass(frozen=True)
class Conflict:
    """A reject that would have contradicted the gold, and was therefore not emitted."""

    doc_index: int
    span: Span
    reason: str


@dataclass
class BinaryTasks:
    """The tasks, plus the bookkeeping that says how far they are from what was asked.

    `rejects_wanted` = round(reject_ratio * n_accepts) reject tasks. Every attempt ends as a
    reject task, a conflict, or a duplicate of a reject already made on that text (skipped);
    `shortfall` counts the rejects that could not be attempted because the documents offer
    no more candidates (a "model" that predicts few wrong spans, or per-doc rejects asked
    for more texts than have entities, say).
    """

    tasks: list[Task]
    conflicts: list[Conflict] = field(default_factory=list)
    n_accepts: int = 0
    n_rejects: int = 0
    rejects_wanted: int = 0
    duplicates: int = 0
    gold_rejects: int = 0  # rejected spans equal to a gold span, kept (reject_labels="all")

    @property
    def shortfall(self) -> int:
        return self.rejects_wanted - self.n_rejects - len(self.conflicts) - self.duplicates

    def describe(self) -> str:
        return (
            f"{self.n_accepts} accept and {self.n_rejects} reject tasks; {len(self.conflicts)} rejects "
            f"dropped as conflicts with the gold, {self.duplicates} as duplicates, {self.shortfall} not possible"
            + (f"; {self.gold_rejects} rejected spans equal the gold and were kept" if self.gold_rejects else "")
        )


def gold_to_binary(
    docs: Sequence[AnnotatedDoc],
    *,
    accepts: str = "per-span",
    rejects: str = "random-label",
    reject_ratio: float = 1.0,
    seed: int = 0,
    predict: Callable[[tuple[str, ...]], Iterable[Span]] | None = None,
    labels: Sequence[str] | None = None,
    reject_grouping: str = "per-span",
    reject_labels: str = "others",
) -> BinaryTasks:
    """Simulate binary annotation of gold documents (see the module docstring).

    accepts="per-span": one accept task per gold span. "per-doc": one accept task per
    document with all its spans; a document without entities gets one too, with no spans
    (as accepting an empty `ner.manual` task says "no entities here").
    `reject_ratio` is the number of reject tasks per accept task (1.0: as many, 0.5: half).
    `labels` is the label set random labels are drawn from (default: the gold labels).
    reject_grouping="per-span": one reject task per rejected span; "per-doc": one per text,
    holding the strategy's rejects for each of the text's entities (see the module docstring).
    reject_labels="others": a "random-label" reject never equals the gold; "all": labels are
    drawn from all labels and a reject equal to the gold is kept and counted (module docstring).
    Tasks are ordered by document: its accepts, then its rejects.
    """
    if accepts not in ACCEPTS:
        raise ValueError(f"accepts={accepts!r} is not one of {', '.join(map(repr, ACCEPTS))}.")
    if rejects not in REJECTS:
        raise ValueError(f"rejects={rejects!r} is not one of {', '.join(map(repr, REJECTS))}.")
    if rejects == "model" and predict is None:
        raise ValueError(
            'rejects="model" needs predict=, a function from tokens to predicted (start, end, label) spans.'
        )
    if reject_ratio < 0:
        raise ValueError(f"reject_ratio must be 0 or more, got {reject_ratio}.")
    if reject_grouping not in REJECT_GROUPINGS:
        raise ValueError(f"reject_grouping={reject_grouping!r} is not one of {', '.join(map(repr, REJECT_GROUPINGS))}.")
    if reject_labels not in REJECT_LABELS:
        raise ValueError(f"reject_labels={reject_labels!r} is not one of {', '.join(map(repr, REJECT_LABELS))}.")
    keep_gold = reject_labels == "all" and rejects == "random-label"
    docs = list(docs)
    labels = tuple(labels) if labels is not None else tuple(sorted({label for d in docs for _, _, label in d.spans}))
    needs_labels = rejects == "non-entity" or (rejects == "random-label" and any(d.spans for d in docs))
    if needs_labels and not labels and reject_ratio > 0:
        raise ValueError(f'rejects="{rejects}" draws random labels and the documents have none; pass labels=[...].')
    rng = random.Random(seed)

    accepted: list[list[Task]] = [[] for _ in docs]
    for i, doc in enumerate(docs):
        groups = [[span] for span in doc.spans] if accepts == "per-span" else [list(doc.spans)]
        for spans in groups:
            accepted[i].append(Task.from_doc(doc, spans, "accept", {"doc": i, "made_by": "gold"}))
    n_accepts = sum(map(len, accepted))
    result = BinaryTasks(tasks=[], n_accepts=n_accepts, rejects_wanted=round(reject_ratio * n_accepts))

    made: list[set[Span]] = [set() for _ in docs]
    if reject_grouping == "per-doc":
        per_doc = {
            "random-label": lambda doc: _relabel_every_entity(doc, labels, rng, keep_gold),
            "boundary": lambda doc: [rng.choice(c) for c in _boundary_candidates_by_entity(doc) if c],
            "non-entity": lambda doc: _some(_non_entity_candidates(doc, labels, rng), max(1, len(doc.spans)), rng),
            "model": lambda doc: _model_candidates(doc, predict),
        }[rejects]
        _per_doc_rejects(docs, per_doc, result, made, rng, keep_gold)
    elif rejects == "random-label":
        _random_label_rejects(docs, labels, result, made, rng, keep_gold)
    else:
        candidates = {
            "boundary": lambda doc: _boundary_candidates(doc),
            "non-entity": lambda doc: _non_entity_candidates(doc, labels, rng),
            "model": lambda doc: _model_candidates(doc, predict),
        }[rejects]
        _round_robin_rejects(docs, candidates, result, made, rng)

    meta = {"made_by": rejects, "grouping": reject_grouping}
    for i, doc in enumerate(docs):
        result.tasks.extend(accepted[i])
        groups = [sorted(made[i])] if reject_grouping == "per-doc" and made[i] else [[s] for s in sorted(made[i])]
        for spans in groups:
            result.tasks.append(Task.from_doc(doc, spans, "reject", {"doc": i, **meta}))
    result.n_rejects = sum(1 for task in result.tasks if task.answer == "reject")
    result.gold_rejects = sum(len(made[i] & set(doc.spans)) for i, doc in enumerate(docs))
    return result


def _per_doc_rejects(docs, rejects_of, result: BinaryTasks, made, rng: random.Random, keep_gold=False) -> None:
    """One reject task per text, texts taken in a shuffled order until enough are made.

    A gold span among a text's rejects is dropped (it would contradict the accept) unless
    `keep_gold` (reject_labels="all"); a span overlapping one kept before it is dropped (one
    task cannot hold overlapping spans); a text that yields no reject at all is skipped and
    counts towards the shortfall.
    """
    order = list(range(len(docs)))
    rng.shuffle(order)
    for i in order:
        if result.n_rejects >= result.rejects_wanted:
            break
        gold = set() if keep_gold else set(docs[i].spans)
        spans = _without_overlaps([span for span in rejects_of(docs[i]) if span not in gold])
        if spans:
            made[i] = set(spans)
            result.n_rejects += 1


def _relabel_every_entity(doc: AnnotatedDoc, labels: Sequence[str], rng: random.Random, draw_all=False) -> list[Span]:
    """Every entity of the text with a label drawn from the other labels (none if there is none),
    or from all labels when `draw_all` (reject_labels="all": the true label can come back)."""
    spans = []
    for start, end, label in doc.spans:
        others = list(labels) if draw_all else [other for other in labels if other != label]
        if others:
            spans.append((start, end, rng.choice(others)))
    return spans


def _some(spans: list[Span], n: int, rng: random.Random) -> list[Span]:
    """Up to `n` of `spans`, drawn at random without overlap between them."""
    rng.shuffle(spans)
    return _without_overlaps(spans)[:n]


def _without_overlaps(spans: list[Span]) -> list[Span]:
    """`spans` in order, leaving out each one that overlaps a span kept before it."""
    kept: list[Span] = []
    for span in spans:
        if all(span[1] <= other[0] or other[1] <= span[0] for other in kept):
            kept.append(span)
    return kept


def _random_label_rejects(docs, labels, result: BinaryTasks, made, rng: random.Random, keep_gold=False) -> None:
    """Relabel gold spans at random, cycling through them in a shuffled order; a draw of the
    true label is a conflict, dropped, unless `keep_gold` (reject_labels="all") keeps it."""
    sources = [(i, span) for i, doc in enumerate(docs) for span in doc.spans]
    if not sources:
        return
    order: list = []
    for _ in range(result.rejects_wanted):
        if not order:
            order = sources[:]
            rng.shuffle(order)
        i, (start, end, label) = order.pop()
        new_label = rng.choice(labels)
        span = (start, end, new_label)
        if new_label == label and not keep_gold:
            result.conflicts.append(Conflict(i, span, "the random label is the gold label"))
        elif span in made[i]:
            result.duplicates += 1
        else:
            made[i].add(span)


def _round_robin_rejects(docs, candidates, result: BinaryTasks, made, rng: random.Random) -> None:
    """Take one candidate from each document in turn (shuffled order) until enough are made.

    Candidates of a document are computed when first needed and never repeat, so every
    document contributes about equally and no reject is made twice.
    """
    pools: dict[int, list[Span]] = {}
    active = list(range(len(docs)))
    rng.shuffle(active)
    wanted = result.rejects_wanted
    while wanted > 0 and active:
        still_active = []
        for i in active:
            if wanted == 0:
                break
            if i not in pools:
                gold = set(docs[i].spans)
                pool = sorted(set(candidates(docs[i])) - gold)
                rng.shuffle(pool)
                pools[i] = pool
            if pools[i]:
                made[i].add(pools[i].pop())
                wanted -= 1
            if pools[i]:
                still_active.append(i)
        active = still_active


def _boundary_candidates(doc: AnnotatedDoc) -> list[Span]:
    """Each gold span one token longer or shorter on either side, same label."""
    return [span for candidates in _boundary_candidates_by_entity(doc) for span in candidates]


def _boundary_candidates_by_entity(doc: AnnotatedDoc) -> list[list[Span]]:
    """For each gold span, its variants one token longer or shorter on either side."""
    found = []
    for start, end, label in doc.spans:
        variants = [(s, e) for s, e in ((start - 1, end), (start, end + 1), (start + 1, end), (start, end - 1))]
        found.append([(s, e, label) for s, e in variants if 0 <= s < e <= len(doc.tokens)])
    return found


def _non_entity_candidates(doc: AnnotatedDoc, labels: Sequence[str], rng: random.Random) -> list[Span]:
    """Spans of 1-3 tokens outside every gold entity, starting and ending on a word
    (not punctuation), each with a random label."""
    inside = {i for start, end, _ in doc.spans for i in range(start, end)}
    wordy = [any(c.isalnum() for c in token) for token in doc.tokens]
    spans = []
    for start in range(len(doc.tokens)):
        for end in range(start + 1, min(start + MAX_NON_ENTITY_TOKENS, len(doc.tokens)) + 1):
            if end - 1 in inside:
                break
            if wordy[start] and wordy[end - 1]:
                spans.append((start, end, rng.choice(labels)))
    return spans


def _model_candidates(doc: AnnotatedDoc, predict) -> list[Span]:
    """The model's predicted spans; the ones equal to gold spans are removed by the caller."""
    spans = []
    for span in predict(doc.tokens):
        start, end, label = span
        if not 0 <= start < end <= len(doc.tokens):
            raise ValueError(f"predict returned span {span!r} for a document of {len(doc.tokens)} tokens.")
        spans.append((int(start), int(end), str(label)))
    return spans
