"""A sweep's results folder: one JSONL file per finished run, and one tidy table of them all.

    results/
      grid.json            the grid, as it was run last
      runs/<run id>.jsonl  a run header, then its data, evaluation and finished events
      scores.csv           one row per evaluation of every finished run (final=True on the last)

A run's file is written only when the run has finished: to a temporary name first, forced
to the disk, then renamed (a rename is atomic). And a file counts as a finished run only
if it reads back whole: its header names it, it holds the settings asked for, and its last
event says the run finished. So a sweep stopped at any moment, even by a power cut, loses
only the runs it was training, and a half-written file is trained again, never read as a
result. Temporary files of a killed sweep are never read, and the next sweep removes them.
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

from ..training import BatchSchedule, RunRecord, RunSettings
from ..training.events import DataEvent, event_from_dict
from ..training.saved import versions, write_csv
from .grid import Grid, run_id

PARTIAL = ".part"  # a run file being written: .<run id>.<pid>@<host>.part


class IncompleteRun(ValueError):
    """A run file that is not a whole, finished run (cut short, or not a run file at all)."""


class Store:
    """The results folder of a sweep."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.runs_folder = self.folder / "runs"

    def path_of(self, identity: str) -> Path:
        return self.runs_folder / f"{identity}.jsonl"

    def finished(self, settings: RunSettings) -> RunRecord | None:
        """The record of this run if its file holds the whole finished run, else None (train it)."""
        try:
            return read_run(self.path_of(run_id(settings)), expect=settings)
        except (OSError, IncompleteRun):
            return None

    def load(self, settings: RunSettings) -> RunRecord:
        return read_run(self.path_of(run_id(settings)), expect=settings)

    def save(self, settings: RunSettings, events: list[dict], case: str | None = None) -> Path:
        """Write one finished run (its events as dicts) so that no reader ever sees half of it."""
        if not events or events[-1].get("event") != "finished" or events[-1].get("cancelled"):
            raise IncompleteRun("a run is saved only once it has finished: its last event must be 'finished'.")
        self.runs_folder.mkdir(parents=True, exist_ok=True)
        identity = run_id(settings)
        header = {"event": "run", "id": identity, "case": case, "settings": settings.to_dict(), "made_by": versions()}
        lines = [json.dumps(header)] + [json.dumps(e) for e in events if e.get("event") != "progress"]
        path = self.path_of(identity)
        partial = self.runs_folder / f".{identity}.{os.getpid()}@{socket.gethostname()}{PARTIAL}"
        with partial.open("w") as handle:
            handle.write("\n".join(lines) + "\n")
            handle.flush()
            os.fsync(handle.fileno())  # without it, a crash soon after the rename can leave an empty file
        partial.replace(path)
        return path

    def remove_leftovers(self) -> list[Path]:
        """Delete the temporary files of sweeps killed on this machine while they wrote a run.

        A temporary file carries its writer's process id and host: one whose writer still
        runs (another sweep, writing now) or lives on another machine is left alone. Left
        or not, it is never read as a run.
        """
        removed = []
        for path in self.runs_folder.glob(f".*{PARTIAL}"):
            writer = path.name[1 : -len(PARTIAL)].partition(".")[2]  # a host name may hold dots, a run id none
            pid, _, host = writer.partition("@")
            if host == socket.gethostname() and pid.isdigit() and not _process_alive(int(pid)):
                path.unlink(missing_ok=True)
                removed.append(path)
        return removed

    def records(self) -> list[tuple[dict, RunRecord]]:
        """(header, record) of every finished run in the folder, in file-name order (half-written files left out)."""
        found = []
        for path in sorted(self.runs_folder.glob("*.jsonl")):
            try:
                header, events = _read_lines(path)
                found.append((header, _record_of(header, events, path)))
            except (OSError, IncompleteRun):
                continue
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
        return write_csv(rows, self.folder / "scores.csv")


def read_run(path: Path, expect: RunSettings | None = None) -> RunRecord:
    """A run's record from its JSONL file; IncompleteRun if the file is not a whole finished run.

    With `expect`, the file must also hold exactly those settings (not merely a name that
    hashes alike).
    """
    header, events = _read_lines(Path(path))
    record = _record_of(header, events, Path(path))
    if expect is not None and record.settings != expect:  # a setting added since takes its default
        raise IncompleteRun(f"{path} holds the settings of another run.")
    return record


def _read_lines(path: Path) -> tuple[dict, list[dict]]:
    """The header and events of a run file, after checking it is whole: named, parsed, finished."""
    try:
        lines = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise IncompleteRun(f"{path} is cut short or damaged ({error}).") from None
    if not lines or lines[0].get("event") != "run" or lines[0].get("id") != path.stem:
        raise IncompleteRun(f"{path} does not start with the header of run {path.stem}.")
    last = lines[-1]
    if len(lines) < 2 or last.get("event") != "finished" or last.get("cancelled"):
        raise IncompleteRun(f"{path} does not end with the run's 'finished' event.")
    return lines[0], lines[1:]


def _record_of(header: dict, events: list[dict], path: Path) -> RunRecord:
    """The record of a checked run file; one this nerlab cannot read (other fields) is trained again."""
    try:
        record = RunRecord(RunSettings.from_dict(header["settings"]))
        for line in events:
            record.record(event_from_dict(line))
    except (KeyError, TypeError, ValueError) as error:  # SettingError is a ValueError
        raise IncompleteRun(f"{path} is not a run this nerlab can read ({error}).") from None
    return record


def _process_alive(pid: int) -> bool:
    """Whether a process of this machine is still running (signal 0 checks without sending)."""
    if os.name == "nt":  # signal 0 is not a check on Windows: keep the file (it is ignored anyway)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, but another user's
        return True
    return True


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
