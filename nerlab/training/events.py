"""What a training run reports as it goes: typed events a widget, the CLI or a test can read.

A run yields, in order: one `DataEvent` (what the training examples actually say), one
`EvaluationEvent` before any update (the "before" score), then `ProgressEvent`s after
updates and `EvaluationEvent`s every so many examples, and a `FinishedEvent` last. The
CLI adds an `ErrorEvent` when a run cannot start.

Every event is an `Event`: consumers match on its type, and `to_dict()` gives a
JSON-ready dict whose "event" key names the kind ("data", "progress", ...).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, ClassVar

NOT_SAVED = {"saved": False}  # field metadata: leave this field out of to_dict()


@dataclass
class Event:
    """The base of every event: a kind, and a dict form for JSON lines and saved runs."""

    kind: ClassVar[str] = "event"

    @property
    def event(self) -> str:
        """The kind of event, as the "event" key of its JSON form."""
        return self.kind

    def to_dict(self) -> dict:
        out = {"event": self.kind}
        for f in fields(self):
            if f.metadata.get("saved", True):
                value = getattr(self, f.name)
                out[f.name] = asdict(value) if hasattr(value, "__dataclass_fields__") else value
        return out

    @classmethod
    def from_dict(cls, record: dict) -> Event:
        """The event again from `to_dict()`'s output (keys it does not know are an error)."""
        return cls(**{k: v for k, v in record.items() if k != "event"})


@dataclass
class DataEvent(Event):
    """How many examples, and what their supervision says token by token."""

    kind: ClassVar[str] = "data"
    summary: dict
    n_train: int
    n_dev: int
    labels: list[str]
    dev_entities_per_doc: float | None = 0.0  # entities a perfect model predicts per text (None: not known)
    dev_reject_share: float | None = None  # binary accuracy of a model that predicts nothing
    dev_reject_task_share: float | None = None  # the same, read per task


@dataclass
class ProgressEvent(Event):
    kind: ClassVar[str] = "progress"
    update: int  # updates done so far
    epoch: int
    examples_seen: int
    words_seen: int
    batch_size: int
    loss: float  # spaCy's NER loss for this update (sum of squared gradients)
    words_per_second: float
    explore: float = 1.0  # the policy this update followed: P(the model's action); 0 = the oracle


@dataclass
class EvaluationEvent(Event):
    kind: ClassVar[str] = "evaluation"
    update: int
    epoch: int
    examples_seen: int
    ents_p: float | None  # entity P/R/F: None when the held-out texts are answers, not complete annotation
    ents_r: float | None
    ents_f: float | None
    per_label: dict[str, dict]
    binary_accuracy: float | None
    loss: float  # loss summed over the updates since the previous evaluation
    predicted_per_doc: float  # how many entities the model predicts per held-out document
    binary_accuracy_per_task: float | None = None  # the same answers read per task (see metrics)
    target_drift: float | None = None  # share of the probe's loss targets that moved since the last evaluation
    off_path_share: float | None = None  # share of the probe's states off the annotation's path
    # Prodigy 1.x's printed columns, rebuilt over the predicted entities (see metrics.ProdigyCounts)
    prodigy_accuracy: float | None = None  # right / (right + wrong)
    right: int | None = None
    wrong: int | None = None
    ents: int | None = None  # predicted entities on answered held-out texts
    skip: int | None = None
    both: int | None = None  # counted as right and as wrong: the answers contradict each other


@dataclass
class FinishedEvent(Event):
    kind: ClassVar[str] = "finished"
    updates: int
    examples_seen: int
    seconds: float
    cancelled: bool
    evaluations: list[EvaluationEvent] = field(default_factory=list, metadata=NOT_SAVED)
    nlp: Any = field(default=None, repr=False, metadata=NOT_SAVED)  # the trained spaCy pipeline
    models: dict = field(default_factory=dict, repr=False, metadata=NOT_SAVED)  # examples seen -> pipeline bytes

    def to_dict(self) -> dict:
        """JSON-ready: the pipeline itself is left out, the final scores are kept."""
        out = super().to_dict()
        out["final"] = self.evaluations[-1].to_dict() if self.evaluations else None
        return out

    @classmethod
    def from_dict(cls, record: dict) -> FinishedEvent:
        """Back from `to_dict()` (the final scores are one of the evaluations; the pipeline is not saved)."""
        return cls(**{k: v for k, v in record.items() if k not in ("event", "final")})


@dataclass
class ErrorEvent(Event):
    """A run that could not start or go on: what the user gave that it could not take."""

    kind: ClassVar[str] = "error"
    message: str
    where: str | None = None  # the file, line and field, or the flag, when known


EVENT_TYPES = {cls.kind: cls for cls in (DataEvent, ProgressEvent, EvaluationEvent, FinishedEvent, ErrorEvent)}


def event_from_dict(record: dict) -> Event:
    """Any event from its dict form, by its "event" key."""
    kind = record.get("event")
    if kind not in EVENT_TYPES:
        raise ValueError(f"{kind!r} is not an event kind; the kinds are {', '.join(EVENT_TYPES)}.")
    return EVENT_TYPES[kind].from_dict(record)
