"""What a training run reports as it goes: typed events a widget or a test can read.

A run yields, in order: one `DataEvent` (what the training examples actually say), one
`EvaluationEvent` before any update (the "before" score), then `ProgressEvent`s after
updates and `EvaluationEvent`s every so many examples, and a `FinishedEvent` last.
Every event turns into a JSON-ready dict with an "event" key.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class DataEvent:
    """How many examples, and what their supervision says token by token."""

    summary: dict
    n_train: int
    n_dev: int
    labels: list[str]
    dev_entities_per_doc: float = 0.0  # how many entities a perfect model predicts per document
    dev_reject_share: float | None = None  # binary accuracy of a model that predicts nothing
    event: str = "data"

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class ProgressEvent:
    update: int  # updates done so far
    epoch: int
    examples_seen: int
    words_seen: int
    batch_size: int
    loss: float  # spaCy's NER loss for this update (sum of squared gradients)
    words_per_second: float
    event: str = "progress"

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class EvaluationEvent:
    update: int
    epoch: int
    examples_seen: int
    ents_p: float
    ents_r: float
    ents_f: float
    per_label: dict[str, dict]
    binary_accuracy: float | None
    loss: float  # loss summed over the updates since the previous evaluation
    predicted_per_doc: float  # how many entities the model predicts per held-out document
    event: str = "evaluation"

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class FinishedEvent:
    updates: int
    examples_seen: int
    seconds: float
    cancelled: bool
    evaluations: list[EvaluationEvent] = field(default_factory=list)
    nlp: Any = field(default=None, repr=False)  # the trained spaCy pipeline
    event: str = "finished"

    def to_dict(self) -> dict:
        """JSON-ready: the pipeline itself is left out, the final scores are kept."""
        final = self.evaluations[-1].to_dict() if self.evaluations else None
        return {
            "event": self.event,
            "updates": self.updates,
            "examples_seen": self.examples_seen,
            "seconds": self.seconds,
            "cancelled": self.cancelled,
            "final": final,
        }
