"""The results folder: a run file counts only when whole, and a killed sweep's temporary files go."""

import json
import os
import socket
import subprocess
import sys

import pytest

from nerlab.sweep import IncompleteRun, Store, read_run, run_id
from nerlab.sweep.store import PARTIAL


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "results")


def test_a_saved_run_reads_back_the_same(store, grid, made_up):
    settings = grid.runs()[1]
    path = store.save(settings, made_up(settings), case=None)
    assert path.name == f"{run_id(settings)}.jsonl"
    record = store.finished(settings)
    assert record.settings == settings and record.finished
    assert [e.ents_f for e in record.evaluations] == [0.0, 0.25, 0.5]
    assert store.finished(settings) is not None and store.finished(grid.runs()[0]) is None
    assert [header["id"] for header, _ in store.records()] == [run_id(settings)]


@pytest.mark.parametrize("cut", ["before the finished line", "inside a line", "header only", "empty"])
def test_a_half_written_run_file_is_not_a_finished_run(store, grid, made_up, cut):
    settings = grid.runs()[0]
    path = store.save(settings, made_up(settings))
    text = path.read_text()
    lines = text.splitlines(keepends=True)
    shorter = {
        "before the finished line": "".join(lines[:-1]),
        "inside a line": text[: len(text) - len(lines[-1]) // 2],
        "header only": lines[0],
        "empty": "",
    }[cut]
    path.write_text(shorter)
    assert store.finished(settings) is None
    assert store.records() == []  # the lab's load_sweep and scores.csv skip it too
    with pytest.raises(IncompleteRun):
        read_run(path)


def test_a_file_under_another_runs_name_is_not_that_run(store, grid, made_up):
    first, second = grid.runs()[:2]
    store.save(first, made_up(first)).rename(store.path_of(run_id(second)))
    assert store.finished(second) is None


def test_only_finished_runs_are_saved(store, grid, made_up):
    settings = grid.runs()[0]
    events = made_up(settings)
    with pytest.raises(IncompleteRun):
        store.save(settings, events[:-1])  # no finished event
    stopped = events[:-1] + [{**events[-1], "cancelled": True}]
    with pytest.raises(IncompleteRun):
        store.save(settings, stopped)
    assert not store.runs_folder.exists() or not list(store.runs_folder.iterdir())


def test_leftovers_of_a_killed_writer_are_removed_and_live_ones_kept(store, grid, made_up):
    settings = grid.runs()[0]
    store.save(settings, made_up(settings))
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    identity, host = run_id(grid.runs()[1]), socket.gethostname()
    dead = store.runs_folder / f".{identity}.{int(gone.stdout)}@{host}{PARTIAL}"
    alive = store.runs_folder / f".{identity}.{os.getpid()}@{host}{PARTIAL}"
    elsewhere = store.runs_folder / f".{identity}.{int(gone.stdout)}@another.host.example{PARTIAL}"
    for path in (dead, alive, elsewhere):
        path.write_text('{"event": "run"')  # half a header
    assert [h["id"] for h, _ in store.records()] == [run_id(settings)]  # never read as runs
    assert store.remove_leftovers() == [dead]
    assert not dead.exists() and alive.exists() and elsewhere.exists()


def test_the_grid_file_is_plain_json(store, grid):
    from nerlab.sweep import Grid
    from nerlab.training import BatchSchedule

    with_cases = Grid(
        grid.base, grid.axes, cases={"gold": {"supervision": "gold"}, "b32": {"schedule": BatchSchedule.fixed(32)}}
    )
    store.write_grid(with_cases)
    again = Grid.from_dict(json.loads((store.folder / "grid.json").read_text()))
    assert [run_id(s) for s in again.runs()] == [run_id(s) for s in with_cases.runs()]


def test_a_run_file_this_nerlab_cannot_read_is_trained_again(store, grid, made_up):
    settings = grid.runs()[0]
    events = made_up(settings)
    events[1]["made_up_field"] = 1.0  # an evaluation written by another nerlab of the same version number
    store.save(settings, events)
    assert store.finished(settings) is None and store.records() == []


def test_a_run_saved_before_a_setting_was_added_is_still_found(store, grid, made_up):
    settings = grid.runs()[0]
    path = store.save(settings, made_up(settings))
    lines = path.read_text().splitlines()
    header = json.loads(lines[0])
    del header["settings"]["rehearsal"]  # as if `rehearsal` (default 0) had come in a later nerlab
    path.write_text("\n".join([json.dumps(header), *lines[1:]]) + "\n")
    assert store.finished(settings) is not None
