"""A sweep's results folder: one JSONL file per finished run, and one tidy table of them all.

    results/
      grid.json            the grid, as it was run last
      runs/<run id>.jsonl  a run header, then its data, evaluation and finished events
      scores.csv           one row per evaluation of every finished run (final=True on the last)

A run's file is written only when the run has finished (to a temporary name, then renamed),
so a file that exists is a complete run and a sweep stopped at any moment loses only the
runs it was training. Running the grid again reads the files back instead of training.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

from ..training import BatchSchedule, RunRecord, RunSettings
from ..training.events import DataEvent, event_from_dict
from ..training.saved import versions
from .grid import Grid, run_id


class Store:
    """The results folder of a sweep."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.runs_folder = self.folder / "runs"

    def path_of(self, identity: str) -> Path:
        return self.runs_folder / f"{identity}.jsonl"

    def has(self, settings: RunSettings) -> bool:
        return self.path_of(run_id(settings)).exists()

    def save(self, settings: RunSettings, events: list[dict], case: str | None = None) -> Path:
        """Write one finished run (its events as dicts) atomically."""
        self.runs_folder.mkdir(parents=True, exist_ok=True)
        identity = run_id(settings)
        header = {"event": "run", "id": identity, "case": case, "settings": settings.to_dict(), "made_by": versions()}
        lines = [json.dumps(header)] + [json.dumps(e) for e in events if e.get("event") != "progress"]
        path = self.path_of(identity)
        partial = path.with_name(f".{path.name}.{os.getpid()}.part")
        partial.write_text("\n".join(lines) + "\n")
        partial.replace(path)
        return path

    def load(self, settings: RunSettings) -> RunRecord:
        return read_run(self.path_of(run_id(settings)))

    def records(self) -> list[tuple[dict, RunRecord]]:
        """(header, record) of every finished run in the folder, in file-name order."""
        found = []
        for path in sorted(self.runs_folder.glob("*.jsonl")):
            header = json.loads(path.read_text().splitlines()[0])
            found.append((header, read_run(path)))
        return found

    def write_grid(self, grid: Grid) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "grid.json").write_text(json.dumps(grid.to_dict(), indent=1))

    def write_table(self, grid: Grid | None = None) -> Path:
        """scores.csv: one row per evaluation of every finished run of `grid` (default: all runs)."""
        wanted = {run_id(s) for s in grid.runs()} if grid is not None else None
        rows = []
        for header, record in self.records():
            if wanted is not None and header["id"] not in wanted:
                continue
            rows.extend(table_rows(header, record))
        path = self.folder / "scores.csv"
        columns = list(dict.fromkeys(key for row in rows for key in row))
        with path.open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
        return path


def read_run(path: Path) -> RunRecord:
    """A run's record from its JSONL file."""
    lines = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    header, events = lines[0], lines[1:]
    record = RunRecord(RunSettings.from_dict(header["settings"]))
    for line in events:
        record.record(event_from_dict(line))
    return record


def table_rows(header: dict, record: RunRecord) -> list[dict]:
    """Tidy rows of one run: its id, case and settings, then one row per evaluation."""
    settings = {f"settings.{k}": _cell(getattr(record.settings, k)) for k in record.settings.to_dict()}
    data = record.data or DataEvent({}, 0, 0, [])
    last = len(record.evaluations) - 1
    rows = []
    for number, evaluation in enumerate(record.evaluations):
        row = {"run": header["id"], "case": header.get("case"), **settings, "seconds": record.seconds}
        row.update({k: _cell(v) for k, v in evaluation.to_dict().items() if k not in ("event", "per_label")})
        row.update(dev_reject_share=data.dev_reject_share, dev_entities_per_doc=data.dev_entities_per_doc)
        row["final"] = number == last
        rows.append(row)
    return rows


def _cell(value):
    """A table cell: a schedule as its text form, nested values as JSON."""
    if isinstance(value, BatchSchedule):
        return str(value)
    return json.dumps(value) if isinstance(value, (dict, list, tuple)) else value
