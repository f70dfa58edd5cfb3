"""Sweeps: the same numbers on every backend, nothing trained twice, a killed sweep completed.

The slow tests train a 2 x 2 grid of tiny runs (2-8 s each) on two processes, a Dask
cluster of two workers, and in a `nerlab sweep` killed after its first run.
"""

import json
import os
import select
import signal
import socket
import subprocess
import sys

import pytest
import yaml

from nerlab.sweep import Grid, Store, run_grid, run_id


def scores(report) -> dict[str, list[tuple]]:
    """Every evaluation of every run, by run id: what two sweeps must agree on exactly."""
    return {
        run_id(record.settings): [(e.ents_f, e.binary_accuracy, e.examples_seen) for e in record.evaluations]
        for record in report.runs()
    }


# -- the bookkeeping, with made-up training --------------------------------------------------


def test_progress_is_called_at_the_start_and_per_run(tmp_path, grid, made_up_pool):
    calls = []
    report = run_grid(grid, tmp_path, progress=lambda done, total, record: calls.append((done, total, record)))
    assert [(done, total) for done, total, _ in calls] == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    assert calls[0][2] is None and all(record is not None for _, _, record in calls[1:])
    assert [r.settings for r in report.runs()] == grid.runs()  # grid order, not finishing order
    assert (report.trained, report.reused, report.run_seconds) == (4, 0, [0.5] * 4)


def test_a_half_written_run_is_trained_again_and_leftovers_removed(tmp_path, grid, made_up_pool):
    run_grid(grid, tmp_path)
    store = Store(tmp_path)
    cut = store.path_of(run_id(grid.runs()[2]))
    cut.write_text(cut.read_text()[:200])  # as if the disk had lost the end of it
    leftover = store.runs_folder / f".{run_id(grid.runs()[3])}.999999999@{socket.gethostname()}.part"
    leftover.write_text("{")
    made_up_pool.clear()
    report = run_grid(grid, tmp_path)
    assert made_up_pool == [grid.runs()[2]]
    assert (report.trained, report.reused) == (1, 3) and not leftover.exists()
    assert (tmp_path / "scores.csv").read_text().count("\n") == 1 + 4 * 3  # header, 3 evaluations per run


def test_a_run_twice_in_a_grid_is_trained_once(tmp_path, grid, made_up_pool):
    doubled = Grid(base=grid.base, axes={"seed": [0, 0, 1]})
    report = run_grid(doubled, tmp_path)
    assert len(made_up_pool) == 2 and len(report.runs()) == 2


# -- real training -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def local_sweep(grid, tmp_path_factory):
    """The grid trained once, uninterrupted, on the local pool of two processes."""
    folder = tmp_path_factory.mktemp("local")
    return folder, run_grid(grid, folder, workers=2)


@pytest.mark.slow
def test_local_sweep_trains_every_run_and_the_runs_differ(local_sweep, grid):
    _, report = local_sweep
    assert (report.trained, report.reused) == (4, 0)
    assert [r.settings for r in report.runs()] == grid.runs()
    curves = list(scores(report).values())
    assert len({tuple(curve) for curve in curves}) == 4  # a mix-up of two runs would show


@pytest.mark.slow
def test_dask_cluster_gives_the_same_numbers(local_sweep, grid, tmp_path):
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        report = run_grid(grid, tmp_path, backend="dask", scheduler=cluster.scheduler_address)
    assert (report.trained, report.reused) == (4, 0)
    assert scores(report) == scores(local_sweep[1])


@pytest.mark.slow
def test_running_a_grid_again_trains_nothing(local_sweep, grid):
    folder, first = local_sweep
    for backend in ("local", "dask"):  # neither starts a worker for a complete grid
        report = run_grid(grid, folder, backend=backend, workers=2)
        assert (report.trained, report.reused) == (0, 4)
        assert scores(report) == scores(first)


@pytest.mark.slow
def test_a_killed_sweep_is_completed_with_the_same_numbers(local_sweep, grid, tmp_path):
    grid_file = tmp_path / "grid.yaml"
    grid_file.write_text(yaml.safe_dump({"base": grid.base.to_dict(), "axes": grid.axes}))
    assert [run_id(s) for s in Grid.from_file(grid_file).runs()] == [run_id(s) for s in grid.runs()]
    out = tmp_path / "out"
    command = [sys.executable, "-m", "nerlab.cli", "sweep", str(grid_file), "--out", str(out), "--workers", "2"]
    command.append("--json")  # one line per run, printed once its file is saved: the event to wait for
    sweep = subprocess.Popen(
        command, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        ready, _, _ = select.select([sweep.stdout], [], [], 180)
        assert ready, "no run finished in 180 s"
        first = sweep.stdout.readline()  # "" when the sweep ended without a line
        assert json.loads(first or "{}").get("event") == "run", "the sweep ended before its first run was saved"
    finally:
        os.killpg(sweep.pid, signal.SIGKILL)  # the sweep and its workers, at once
        sweep.wait()
    kept = len(list((out / "runs").glob("*.jsonl")))
    assert 1 <= kept < 4, "the sweep was not killed mid-way"
    missing = next(s for s in grid.runs() if Store(out).finished(s) is None)
    caught = out / "runs" / f".{run_id(missing)}.{sweep.pid}@{socket.gethostname()}.part"
    caught.write_text('{"event": "run", "id": "')  # as if the kill had come while it wrote

    report = run_grid(grid, out, workers=2)
    assert (report.trained, report.reused) == (4 - kept, kept)
    assert scores(report) == scores(local_sweep[1])
    assert not list((out / "runs").glob(".*.part"))
