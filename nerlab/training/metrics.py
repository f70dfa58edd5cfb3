"""How good is a model? Entity precision/recall/F1, and three readings of accept/reject answers.

Entity scores compare predicted spans with gold spans exactly (same start, end and
label), micro-averaged over all entities, as spaCy's `ents_p/ents_r/ents_f` do on fully
annotated documents. They need complete annotation of the held-out texts.

Accept/reject answers can be read three ways; all three are reported, and none of them
is Prodigy's code, which is not public:

- per SPAN (`binary_accuracy`), nerlab's own reading: for each annotated span, the model is
  right when its prediction agrees with the answer (an accepted span is predicted exactly,
  with its label; a rejected span is not predicted with that label). A model that
  predicts nothing gets every reject right and every accept wrong: with as many rejects
  as accepts, 0.5.
- per TASK (`task_accuracy`): an accept task is right when ALL its spans are predicted, a
  reject task when NONE is. With one accept holding every entity of a text, much stricter.
- over PREDICTED entities (`prodigy_counts`), the accuracy Prodigy 1.x's `ner.batch-train`
  printed, rebuilt from its authors' description and its public recipes, not from its
  code. Its authors describe it (support.prodi.gy, "Prodigy NER model evaluation and
  custom evaluation scripts") as "based on how many of the accepted entities you got
  right, and how many predicted entities are inconsistent with the annotations (either
  because they cross a correct entity, or because they match a rejected entity)", adding
  that "some predicted entities can't be evaluated". The recipe printed RIGHT, WRONG,
  ENTS, SKIP and ACCURACY, and Prodigy's public image recipe computes right / (right +
  wrong). Missed accepts are not counted, and a model that predicts nothing scores 0/0.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

CharSpan = tuple[int, int, str]  # (start_char, end_char, label): never token offsets, which are a `Span`


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


def entity_scores(predicted: Iterable[Sequence[CharSpan]], gold: Iterable[Sequence[CharSpan]]) -> EntityScores:
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
    span: CharSpan
    accepted: bool
    task: int | None = None  # which task the answer came from (for the per-task reading)


def binary_accuracy(
    predicted: Sequence[Sequence[CharSpan]], judgements: Iterable[BinaryJudgement]
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


def task_accuracy(predicted: Sequence[Sequence[CharSpan]], judgements: Iterable[BinaryJudgement]) -> float | None:
    """Binary accuracy read per task: an accept task is right when all its spans are predicted,
    a reject task when none of them is. None when there is no answer to judge against."""
    right_by_task: dict = {}
    for j in judgements:
        predicted_it = tuple(j.span) in set(map(tuple, predicted[j.spans_index]))
        key = j.task if j.task is not None else id(j)
        right_by_task[key] = right_by_task.get(key, True) and predicted_it == j.accepted
    return sum(right_by_task.values()) / len(right_by_task) if right_by_task else None


@dataclass
class ProdigyCounts:
    """Prodigy's printed columns, rebuilt: counts over the model's predicted entities.

    right: a predicted entity that is an accepted span (same tokens, same label).
    wrong: a predicted entity that matches a rejected span, or crosses an accepted one
      (shares a token with it without being it); under `no_missing`, also any other
      prediction on an answered text, since the annotation then claims to be complete.
    skip: a predicted entity the answers say nothing about.
    ents: every predicted entity on an answered text.
    both: a predicted entity that is accepted AND rejected on its text (the answers
      contradict each other, as when a random relabel draws the true label). nerlab counts
      it once as right and once as wrong, since whichever way the model goes one answer
      disagrees; so right + wrong + skip - both == ents.
    """

    right: int = 0
    wrong: int = 0
    skip: int = 0
    ents: int = 0
    both: int = 0

    @property
    def accuracy(self) -> float | None:
        """right / (right + wrong); None when nothing predicted could be judged."""
        judged = self.right + self.wrong
        return self.right / judged if judged else None

    def to_dict(self) -> dict:
        return {"right": self.right, "wrong": self.wrong, "ents": self.ents, "skip": self.skip, "both": self.both}


def prodigy_counts(
    predicted: Sequence[Sequence[CharSpan]],
    judgements: Iterable[BinaryJudgement],
    *,
    no_missing: bool = False,
    answered: Iterable[int] | None = None,
) -> ProdigyCounts:
    """Count predicted entities as Prodigy 1.x printed them (see `ProdigyCounts` for the rules).

    `answered` lists the documents that have any answer (default: those with a judged span);
    predictions on other documents are not counted, as Prodigy evaluated answered texts only.
    """
    accepted: dict[int, set] = defaultdict(set)
    rejected: dict[int, set] = defaultdict(set)
    for j in judgements:
        (accepted if j.accepted else rejected)[j.spans_index].add(tuple(j.span))
    docs = set(answered) if answered is not None else set(accepted) | set(rejected)
    counts = ProdigyCounts()
    for index in sorted(docs):
        for span in set(map(tuple, predicted[index])):
            is_right = span in accepted[index]
            crosses = not is_right and any(_overlap(span, gold) for gold in accepted[index])
            is_wrong = span in rejected[index] or crosses or (no_missing and not is_right)
            counts.ents += 1
            counts.right += is_right
            counts.wrong += is_wrong
            counts.both += is_right and is_wrong
            counts.skip += not is_right and not is_wrong
    return counts


def _overlap(a: CharSpan, b: CharSpan) -> bool:
    """Two character spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]
