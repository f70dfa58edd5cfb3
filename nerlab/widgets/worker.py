"""A training run in the background: its record, its thread, and its file.

A notebook cell that loops over training events blocks the kernel: sliders and the Stop
button do nothing until the loop ends. So the lab trains in a daemon thread
(`RunWorker`), which reads `nerlab.training.run`'s events and hands each one to a
callback. What the events say is collected in a `LabRun`, which can be saved to JSON or
CSV and loaded again without training.
"""

from __future__ import annotations

import csv
import itertools
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..training import DataEvent, EvaluationEvent, RunSettings, run

RUNS_FORMAT = "nerlab-lab-runs"
THREAD_PREFIX = "nerlab-lab-run-"


# -- the record ------------------------------------------------------------------------


@dataclass
class LabRun:
    """One run of the lab: the settings it trained with and what the runner reported."""

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

    @property
    def summary(self) -> dict:
        """What the training examples say (the DataEvent's counts), or {} before it arrives."""
        return dict(self.data.summary) if self.data else {}

    def record(self, event) -> None:
        """Take in one event from the runner."""
        if event.event == "data":
            self.data = event
        elif event.event == "evaluation":
            self.evaluations.append(event)
        elif event.event == "progress":
            self.updates, self.examples_seen = event.update, event.examples_seen
        elif event.event == "finished":
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
        }

    @classmethod
    def from_dict(cls, record: dict) -> "LabRun":
        def without_kind(d: dict) -> dict:
            return {k: v for k, v in d.items() if k != "event"}

        data = record.get("data")
        return cls(
            settings=RunSettings.from_dict(record["settings"]),
            data=DataEvent(**without_kind(data)) if data else None,
            evaluations=[EvaluationEvent(**without_kind(e)) for e in record.get("evaluations", [])],
            updates=record.get("updates", 0),
            examples_seen=record.get("examples_seen", 0),
            seconds=record.get("seconds", 0.0),
            finished=True,
            cancelled=bool(record.get("cancelled", False)),
        )


# -- the thread ------------------------------------------------------------------------

_numbers = itertools.count(1)


class RunWorker:
    """Trains one `LabRun` in a daemon thread; `stop()` asks it to end at the next event.

    The runner itself checks its cancel switch between updates. The worker also checks it
    after every event, so a run stopped while it prepares data or scores the held-out set
    ends as soon as that step is done, instead of one update later.
    """

    def __init__(self, lab_run: LabRun, on_event: Callable, on_done: Callable):
        self.run = lab_run
        self.cancel = threading.Event()
        self._on_event, self._on_done = on_event, on_done
        self.thread = threading.Thread(target=self._main, name=f"{THREAD_PREFIX}{next(_numbers)}", daemon=True)

    def start(self) -> "RunWorker":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.cancel.set()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the thread to end; True if it has."""
        if self.thread.ident is not None:
            self.thread.join(timeout)
        return not self.thread.is_alive()

    @property
    def alive(self) -> bool:
        return self.thread.is_alive()

    def _main(self) -> None:
        events = run(self.run.settings, cancel=self.cancel)
        try:
            for event in events:
                self.run.record(event)
                self._on_event(self.run, event)
                if self.cancel.is_set():
                    break
        except Exception as error:  # shown in the widget; a thread's exception would be lost
            self.run.error = f"{type(error).__name__}: {error}"
        finally:
            events.close()
            if not self.run.finished:
                self.run.cancelled = self.cancel.is_set()
                self.run.finished = True
            self._on_done(self.run)


def live_workers() -> list[threading.Thread]:
    """The lab's training threads still alive in this process (for tests and checks)."""
    return [t for t in threading.enumerate() if t.name.startswith(THREAD_PREFIX) and t.is_alive()]


# -- the file --------------------------------------------------------------------------


def save_runs(runs: list[LabRun], path: str | Path, labels: list[str] | None = None) -> Path:
    """Write runs to .json (everything, loadable) or .csv (one row per evaluation)."""
    path = Path(path)
    labels = labels or [f"run {i}" for i in range(1, len(runs) + 1)]
    if path.suffix == ".json":
        records = [{"label": label, **r.to_dict()} for label, r in zip(labels, runs)]
        path.write_text(json.dumps({"format": RUNS_FORMAT, "version": 1, "runs": records}, indent=1))
    elif path.suffix == ".csv":
        rows = [csv_row(label, r, e) for label, r in zip(labels, runs) for e in r.evaluations]
        columns = list(dict.fromkeys(key for row in rows for key in row))
        with path.open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
    else:
        raise ValueError(f"Cannot save runs as {path.suffix or 'a file without a suffix'}: use a .json or .csv name.")
    return path


def csv_row(label: str, lab_run: LabRun, evaluation: EvaluationEvent) -> dict:
    """One evaluation with its run's label and settings (nested values as JSON text)."""
    row = {"run": label, "cancelled": lab_run.cancelled}
    for key, value in lab_run.settings.to_dict().items():
        row[f"settings.{key}"] = json.dumps(value) if isinstance(value, (dict, list, tuple)) else value
    for key, value in evaluation.to_dict().items():
        if key != "event":
            row[key] = json.dumps(value) if isinstance(value, dict) else value
    return row


def load_runs(source) -> list[LabRun]:
    """Runs saved by `save_runs` (.json): a path, a loaded dict, or a list of either or of runs."""
    if isinstance(source, LabRun):
        return [source]
    if isinstance(source, (str, Path)):
        path = Path(source)
        if path.suffix != ".json":
            raise ValueError(f"{path} is not a .json file of runs; save runs with export_runs('NAME.json').")
        return load_runs(json.loads(path.read_text()))
    if isinstance(source, dict):
        if "runs" in source:
            return [LabRun.from_dict(record) for record in source["runs"]]
        if "settings" in source:
            return [LabRun.from_dict(source)]
        raise ValueError("This dict holds no runs: expected the JSON that export_runs writes (a 'runs' list).")
    if isinstance(source, (list, tuple)):
        return [lab_run for item in source for lab_run in load_runs(item)]
    raise TypeError(f"Cannot load runs from {type(source).__name__}; give a .json path or a list of them.")
