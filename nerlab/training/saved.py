"""Saved runs: what a training run reported, kept in a file to draw again without training.

A `RunRecord` collects one run's events (the data it trained on, every evaluation, how
long it took). Records are saved to JSON (everything, loadable) or CSV (one row per
evaluation, for a spreadsheet), and loaded back by the lab, the lecture mode, the sweep
runner and the course tests. Every JSON file says which format it is in and which nerlab,
spaCy and thinc made it; a file of another format version is refused with a clear
message instead of failing on a missing key.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .events import DataEvent, EvaluationEvent, Event, FinishedEvent, ProgressEvent
from .settings import RunSettings, setting

RUNS_FORMAT = "nerlab-lab-runs"
FORMAT_VERSION = 2  # 2: versions recorded; 1 (the first) had no "made_by"


def versions() -> dict[str, str]:
    """The versions of nerlab, spaCy and thinc in this environment: what made a file."""
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for package in ("nerlab", "spacy", "thinc"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = "unknown"
    return found


@dataclass
class RunRecord:
    """One run: the settings it trained with and what the runner reported."""

    settings: RunSettings
    data: DataEvent | None = None
    evaluations: list[EvaluationEvent] = field(default_factory=list)
    updates: int = 0
    examples_seen: int = 0
    seconds: float = 0.0
    finished: bool = False  # the runner sent its last event, or the run was stopped
    cancelled: bool = False
    error: str | None = None
    nlp: Any = field(default=None, repr=False)  # the trained pipeline (not saved to files)
    extra: dict = field(default_factory=dict)  # measurements a lesson adds (saved, unlike the pipeline)
    name: str | None = None  # what a lesson calls the run ("the user's answers, merged"): its legend label

    @property
    def summary(self) -> dict:
        """What the training examples say (the DataEvent's counts), or {} before it arrives."""
        return dict(self.data.summary) if self.data else {}

    def record(self, event: Event) -> None:
        """Take in one event from the runner."""
        if isinstance(event, DataEvent):
            self.data = event
        elif isinstance(event, EvaluationEvent):
            self.evaluations.append(event)
        elif isinstance(event, ProgressEvent):
            self.updates, self.examples_seen = event.update, event.examples_seen
        elif isinstance(event, FinishedEvent):
            self.updates, self.examples_seen, self.seconds = event.updates, event.examples_seen, event.seconds
            self.cancelled, self.nlp, self.finished = event.cancelled, event.nlp, True

    def to_dict(self) -> dict:
        return {
            "settings": self.settings.to_dict(),
            "data": self.data.to_dict() if self.data else None,
            "evaluations": [e.to_dict() for e in self.evaluations],
            "updates": self.updates,
            "examples_seen": self.examples_seen,
            "seconds": self.seconds,
            "cancelled": self.cancelled,
            "extra": self.extra,
            **({"name": self.name} if self.name else {}),
        }

    @classmethod
    def from_dict(cls, record: dict) -> RunRecord:
        data = record.get("data")
        return cls(
            settings=RunSettings.from_dict(record["settings"]),
            data=DataEvent.from_dict(data) if data else None,
            evaluations=[EvaluationEvent.from_dict(e) for e in record.get("evaluations", [])],
            updates=record.get("updates", 0),
            examples_seen=record.get("examples_seen", 0),
            seconds=record.get("seconds", 0.0),
            finished=True,
            cancelled=bool(record.get("cancelled", False)),
            extra=dict(record.get("extra", {})),
            name=record.get("name"),
        )


def save_runs(runs: list[RunRecord], path: str | Path, labels: list[str] | None = None) -> Path:
    """Write runs to .json (everything, loadable) or .csv (one row per evaluation)."""
    path = Path(path)
    labels = labels or [f"run {i}" for i in range(1, len(runs) + 1)]
    if path.suffix == ".json":
        records = [{"label": label, **r.to_dict()} for label, r in zip(labels, runs)]
        document = {"format": RUNS_FORMAT, "version": FORMAT_VERSION, "made_by": versions(), "runs": records}
        path.write_text(json.dumps(document, indent=1))
    elif path.suffix == ".csv":
        write_csv([csv_row(label, r, e) for label, r in zip(labels, runs) for e in r.evaluations], path)
    else:
        raise ValueError(f"Cannot save runs as {path.suffix or 'a file without a suffix'}: use a .json or .csv name.")
    return path


def write_csv(rows: list[dict], path: Path) -> Path:
    """Tidy rows as a CSV file: one column per key, in the order the keys first appear."""
    columns = list(dict.fromkeys(key for row in rows for key in row))
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def csv_row(label: str, run: RunRecord, evaluation: EvaluationEvent) -> dict:
    """One evaluation with its run's label and settings (nested values as JSON text)."""
    row = {"run": label, "cancelled": run.cancelled}
    for key, value in run.settings.to_dict().items():
        row[f"settings.{key}"] = json.dumps(value) if isinstance(value, (dict, list, tuple)) else value
    for key, value in evaluation.to_dict().items():
        if key != "event":
            row[key] = json.dumps(value) if isinstance(value, dict) else value
    return row


def load_runs(source) -> list[RunRecord]:
    """Runs saved by `save_runs` (.json): a path, a loaded dict, or a list of either or of runs."""
    if isinstance(source, RunRecord):
        return [source]
    if isinstance(source, (str, Path)):
        path = Path(source)
        if path.suffix != ".json":
            raise ValueError(f"{path} is not a .json file of runs; save runs with export_runs('NAME.json').")
        try:
            document = json.loads(path.read_text())
        except json.JSONDecodeError as error:
            raise ValueError(f"{path} is not a file of saved runs: it is not JSON ({error}).") from None
        return _runs_of(document, str(path))
    if isinstance(source, dict):
        return _runs_of(source, "this dict")
    if isinstance(source, (list, tuple)):
        return [run for item in source for run in load_runs(item)]
    raise TypeError(f"Cannot load runs from {type(source).__name__}; give a .json path or a list of them.")


def _runs_of(document, where: str) -> list[RunRecord]:
    """The runs of one saved document, after checking its format and version."""
    if not isinstance(document, dict):
        raise ValueError(f"{where} holds no saved runs: expected the JSON object that export_runs writes.")
    if "settings" in document and "runs" not in document:  # one run's record on its own
        return [RunRecord.from_dict(document)]
    if document.get("format") != RUNS_FORMAT or "runs" not in document:
        raise ValueError(f"{where} holds no saved runs: expected the JSON that export_runs writes (a 'runs' list).")
    version = document.get("version")
    if version not in (1, FORMAT_VERSION):
        made_by = document.get("made_by", {}).get("nerlab", "an unknown version")
        raise ValueError(
            f"{where} is saved runs in format version {version} (made by nerlab {made_by}); this nerlab "
            f"reads versions 1 and {FORMAT_VERSION}. Save the runs again with this nerlab, "
            f"or use the one that made them."
        )
    return [RunRecord.from_dict(record) for record in document["runs"]]


def record_labels(records: list[RunRecord]) -> list[str]:
    """A label per run: its own name when a lesson gave it one, else `run_labels`'s; a label
    used twice gets a number, so that the chart's legend keeps the runs apart."""
    labels = [r.name or label for r, label in zip(records, run_labels([r.settings for r in records]))]
    seen: dict[str, int] = {}
    unique = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        unique.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return unique


def run_labels(settings_list: list[RunSettings]) -> list[str]:
    """A name per run: 'run 2: seed=1' names only the settings that differ between runs,
    and of those only the ones that apply to the run (no reject strategy for a gold run).

    Two differences are joined by "; " (a chart legend breaks its lines there); more are
    joined by ", " after the first, so a legend entry never takes more than two lines.

    Two settings differ between some pair of runs exactly when they differ between the
    first run and some other run, so comparing each run with the first is enough.
    """
    if not settings_list:
        return []
    first = settings_list[0]
    differing: list[str] = []
    for settings in settings_list[1:]:
        for key in settings.differences(first):
            if key not in differing:
                differing.append(key)
    labels = []
    for number, settings in enumerate(settings_list, start=1):
        parts = [f"{key}={format_value(getattr(settings, key))}" for key in differing if _applies(key, settings)]
        named = "; ".join(parts[:1] + ([", ".join(parts[1:])] if parts[1:] else []))
        labels.append(f"run {number}: {named}" if named else f"run {number}")
    return labels


def _applies(key: str, settings: RunSettings) -> bool:
    try:
        return setting(key).applies_to(settings)
    except KeyError:  # a field outside the table (none today) is always named
        return True


def format_value(value) -> str:
    """A setting's value as a short text ('compounding:4:16:1.001', '0.5', 'PERSON+ORG')."""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return "+".join(map(str, value))
    return str(value)
