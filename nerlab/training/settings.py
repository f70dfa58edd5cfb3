"""Every choice a training run makes, in one plain, seeded, serialisable record.

The forum thread that started nerlab argues about these choices: the batch schedule,
binary versus full supervision, whether unannotated tokens are missing or outside, the
base model. Each is one field here, and each is used in exactly one place of the runner.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace

from .schedules import BatchSchedule

SUPERVISIONS = ("gold", "partial", "binary")
REJECT_STRATEGIES = ("random-label", "boundary", "non-entity", "model")
ACCEPTS = ("per-span", "per-doc")
TASK_MODES = ("merged", "separate")


def parse_update(text: str) -> tuple[str, int]:
    """'greedy' -> ('greedy', 1); 'beam:8' -> ('beam', 8)."""
    if text == "greedy":
        return "greedy", 1
    if text.startswith("beam:"):
        try:
            width = int(text[5:])
        except ValueError:
            width = 0
        if width >= 2:
            return "beam", width
    raise ValueError(f"{text!r} is not an update; use 'greedy' or 'beam:W' with a width W >= 2 (e.g. 'beam:8').")


def parse_explore(text: str | float) -> float:
    """How often training follows the model's own prediction rather than the oracle.

    'model' -> 1.0 (spaCy's imitation learning), 'oracle' -> 0.0 (teacher forcing), or a
    probability in [0, 1].
    """
    if text == "model":
        return 1.0
    if text == "oracle":
        return 0.0
    try:
        p = float(text)
    except (TypeError, ValueError):
        p = -1.0
    if 0.0 <= p <= 1.0:
        return p
    raise ValueError(f"{text!r} is not an exploration setting; use 'model', 'oracle' or a probability in [0, 1].")


@dataclass(frozen=True)
class RunSettings:
    """One training run. Defaults make a small, quick run suitable for a live demo."""

    # data
    data: str = "synthetic"  # "synthetic", or a Prodigy .jsonl / spaCy .spacy file
    dev: str | None = None  # held-out file; None: a held-out split of the synthetic corpus
    n_train: int = 1000
    n_dev: int = 200
    difficulty: str = "default"  # synthetic corpus preset: toy, default, hard
    labels: tuple[str, ...] | None = None  # annotate only these labels (None: all of them)
    # supervision
    supervision: str = "gold"  # gold, partial (accepted spans only), binary (accept + reject)
    accepts: str = "per-span"  # partial/binary: one accept task per span, or per document
    rejects: str = "random-label"
    reject_ratio: float = 1.0
    no_missing: bool = False  # unannotated tokens are O instead of missing
    tasks: str = "merged"  # binary tasks on one text: one example (Prodigy) or separate ones
    # learning
    schedule: BatchSchedule = field(default_factory=BatchSchedule)
    update: str = "greedy"  # greedy (spaCy's ner) or beam:W (spaCy's beam_ner)
    explore: float = 1.0  # probability of following the model's own action (1.0 = spaCy)
    base: str = "blank"  # blank, news, or an installed/saved spaCy pipeline
    rehearsal: int = 0  # news documents labelled by the base model, mixed into training
    epochs: int = 5
    learn_rate: float = 0.001
    dropout: float = 0.1
    width: int = 64
    depth: int = 2
    eval_every: int = 200  # evaluate every this many training examples
    seed: int = 0

    def __post_init__(self):
        checks = [
            (self.supervision in SUPERVISIONS, "supervision", SUPERVISIONS),
            (self.rejects in REJECT_STRATEGIES, "rejects", REJECT_STRATEGIES),
            (self.accepts in ACCEPTS, "accepts", ACCEPTS),
            (self.tasks in TASK_MODES, "tasks", TASK_MODES),
        ]
        for ok, name, allowed in checks:
            if not ok:
                raise ValueError(f"{name}={getattr(self, name)!r} is not one of {list(allowed)}.")
        parse_update(self.update)
        parse_explore(self.explore)
        for name in ("n_train", "epochs", "width", "depth", "eval_every"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, got {getattr(self, name)}.")
        if self.n_dev < 0 or self.rehearsal < 0 or self.reject_ratio < 0:
            raise ValueError("n_dev, rehearsal and reject_ratio cannot be negative.")
        if not 0.0 <= self.dropout < 1.0:
            raise ValueError(f"dropout must be in [0, 1), got {self.dropout}.")
        if self.learn_rate <= 0:
            raise ValueError(f"learn_rate must be positive, got {self.learn_rate}.")
        if parse_update(self.update)[0] == "beam" and self.explore != 1.0:
            raise ValueError("The beam update explores by itself; use explore='model' with update='beam:W'.")
        if parse_update(self.update)[0] == "beam" and self.base != "blank":
            raise ValueError("The beam update needs a blank start: a saved 'ner' component cannot become a 'beam_ner'.")
        if self.supervision == "binary" and self.rejects == "model" and self.base == "blank":
            raise ValueError("rejects='model' asks a model for its wrong predictions: choose a base model other than 'blank'.")

    @property
    def beam_width(self) -> int:
        return parse_update(self.update)[1]

    def with_changes(self, **changes) -> "RunSettings":
        return replace(self, **changes)

    def to_dict(self) -> dict:
        out = asdict(self)
        out["schedule"] = self.schedule.to_dict()
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict) -> "RunSettings":
        known = {f.name for f in fields(cls)}
        if isinstance(data.get("labels"), list):
            data = {**data, "labels": tuple(data["labels"])}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"Unknown run settings {sorted(unknown)}; known ones are {sorted(known)}.")
        data = dict(data)
        if isinstance(data.get("schedule"), dict):
            data["schedule"] = BatchSchedule(**data["schedule"])
        elif isinstance(data.get("schedule"), str):
            data["schedule"] = BatchSchedule.parse(data["schedule"])
        return cls(**data)

    def differences(self, other: "RunSettings") -> dict:
        """The settings that differ from `other`: what a chart legend should name."""
        mine, theirs = self.to_dict(), other.to_dict()
        return {k: v for k, v in mine.items() if theirs.get(k) != v}
