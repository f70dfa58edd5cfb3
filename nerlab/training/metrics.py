"""How good is a model? Entity precision/recall/F1, and Prodigy-style binary accuracy.

Entity scores compare predicted spans with gold spans exactly (same start, end and
label), micro-averaged over all entities, as spaCy's `ents_p/ents_r/ents_f` do on fully
annotated documents.

Binary accuracy is what a tool that trains from accept/reject answers reports. nerlab's
number reads it per SPAN, as Prodigy's support answers describe its counts: for each
annotated span, the model is right when its prediction agrees with the answer (an
accepted span is predicted exactly, with its label; a rejected span is not predicted with
that label). Predicted entities nobody annotated are not counted. A model that predicts
nothing gets every reject right and every accept wrong: with as many rejects as
accepts, that is 0.5.

The other reasonable reading is per TASK: an accept task is right when ALL its spans are
predicted, a reject task when NONE is. With one accept holding every entity of a text,
that is much stricter (`task_accuracy`). Both are reported; neither is Prodigy's code,
which is not public.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

Span = tuple[int, int, str]


@dataclass
class PRF:
    """True positives, false positives and false negatives, and what follows from them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        return {"p": self.precision, "r": self.recall, "f": self.f1, "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class EntityScores:
    overall: PRF = field(default_factory=PRF)
    per_label: dict[str, PRF] = field(default_factory=dict)


def entity_scores(predicted: Iterable[Sequence[Span]], gold: Iterable[Sequence[Span]]) -> EntityScores:
    """Exact-match entity P/R/F over documents, overall and per label."""
    per_label: dict[str, PRF] = defaultdict(PRF)
    for pred_spans, gold_spans in zip(predicted, gold, strict=True):
        pred, true = set(map(tuple, pred_spans)), set(map(tuple, gold_spans))
        for span in pred:
            if span in true:
                per_label[span[2]].tp += 1
            else:
                per_label[span[2]].fp += 1
        for span in true - pred:
            per_label[span[2]].fn += 1
    overall = PRF(
        tp=sum(s.tp for s in per_label.values()),
        fp=sum(s.fp for s in per_label.values()),
        fn=sum(s.fn for s in per_label.values()),
    )
    return EntityScores(overall=overall, per_label=dict(sorted(per_label.items())))


@dataclass(frozen=True)
class BinaryJudgement:
    """One accept/reject answer about one span."""

    spans_index: int  # which document (index into the predictions)
    span: Span
    accepted: bool
    task: int | None = None  # which task the answer came from (for the per-task reading)


def binary_accuracy(
    predicted: Sequence[Sequence[Span]], judgements: Iterable[BinaryJudgement]
) -> tuple[float | None, int, int]:
    """(accuracy, right, wrong) of predictions against accept/reject answers.

    None when there is no answer to judge against.
    """
    right = wrong = 0
    for j in judgements:
        predicted_it = tuple(j.span) in set(map(tuple, predicted[j.spans_index]))
        if predicted_it == j.accepted:
            right += 1
        else:
            wrong += 1
    total = right + wrong
    return (right / total if total else None), right, wrong


def task_accuracy(predicted: Sequence[Sequence[Span]], judgements: Iterable[BinaryJudgement]) -> float | None:
    """Binary accuracy read per task: an accept task is right when all its spans are predicted,
    a reject task when none of them is. None when there is no answer to judge against."""
    right_by_task: dict = {}
    for j in judgements:
        predicted_it = tuple(j.span) in set(map(tuple, predicted[j.spans_index]))
        key = j.task if j.task is not None else id(j)
        right_by_task[key] = right_by_task.get(key, True) and predicted_it == j.accepted
    return sum(right_by_task.values()) / len(right_by_task) if right_by_task else None
