"""What "before" says: the accuracy of a base model before any update, as a number to read.

Prodigy printed a BEFORE line: the held-out answers scored against the base model's own
predictions. The forum user saw about 0.25 from `en_core_web_sm`. What does a number like
that say about the base? Here the base is simulated, so its quality is a dial:

- `agreement`: the share of the annotated entities the base predicts exactly, with the
  user's label; every other annotated entity it predicts on the same tokens with a label the
  user never annotates (as a pretrained model tags a custom entity with one of its own
  labels);
- `extras`: entities per text the base predicts where the user marked nothing, with labels
  the user never annotates (a pretrained model's dates, places and numbers).

Each simulated base is scored on the run's held-out answers with the three readings of
`metrics` (per span, per task, Prodigy's printed accuracy). Nothing trains here, so the
whole curve takes a second.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .metrics import binary_accuracy, prodigy_counts, task_accuracy
from .prepare import PreparedData, char_spans, prepare
from .settings import RunSettings

AGREEMENTS = tuple(i / 10 for i in range(11))
EXTRAS = (0.0, 1.0, 2.0)
OTHER = "NOT_ANNOTATED"  # a label the user never annotates (the base's own)


@dataclass(frozen=True)
class BeforePoint:
    """A simulated base's accuracy before training under the three readings."""

    agreement: float
    extras: float
    per_span: float | None
    per_task: float | None
    prodigy: float | None


def simulated_base(prepared: PreparedData, agreement: float, extras: float, seed: int = 0) -> list[list]:
    """Predicted character spans of a base with this agreement and this many extra entities per text."""
    rng = random.Random(seed)
    predicted = []
    for doc in prepared.dev:
        spans = []
        for start, end, label in char_spans(doc):
            spans.append((start, end, label if rng.random() < agreement else OTHER))
        inside = {i for s, e, _ in doc.spans for i in range(s, e)}
        free = [i for i in range(len(doc.tokens)) if i not in inside and doc.tokens[i][:1].isalnum()]
        offsets = doc.char_offsets()
        n_extra = int(extras) + (rng.random() < extras - int(extras))
        for i in rng.sample(free, min(n_extra, len(free))):
            spans.append((offsets[i][0], offsets[i][1], OTHER))
        predicted.append(spans)
    return predicted


def before_curve(settings: RunSettings, agreements=AGREEMENTS, extras=EXTRAS, seed: int = 0) -> list[BeforePoint]:
    """The three readings of "before" for simulated bases of every agreement and extras rate,
    on the held-out answers of `settings` (its conversion, grouping and no_missing)."""
    prepared = prepare(settings)
    points = []
    for extra in extras:
        for agreement in agreements:
            predicted = simulated_base(prepared, agreement, extra, seed)
            judged = prepared.dev_judgements
            counts = prodigy_counts(predicted, judged, no_missing=settings.no_missing, answered=prepared.dev_answered)
            points.append(
                BeforePoint(
                    agreement,
                    extra,
                    binary_accuracy(predicted, judged)[0],
                    task_accuracy(predicted, judged),
                    counts.accuracy,
                )
            )
    return points


def rows(points: list[BeforePoint]) -> list[dict]:
    """Chart rows: one per point and reading."""
    names = {"per_span": "per span", "per_task": "per task", "prodigy": "Prodigy's reading"}
    return [
        {"agreement": p.agreement, "extras": p.extras, "reading": name, "before": getattr(p, field)}
        for p in points
        for field, name in names.items()
    ]
