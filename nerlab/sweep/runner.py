"""Run a grid: train what is missing, on this machine or on a cluster, and keep every result.

    from nerlab.sweep import Grid, run_grid
    report = run_grid(grid, "results/thread", workers=2)            # a local process pool
    report = run_grid(grid, "results/thread", backend="dask",        # a Dask cluster
                      scheduler="tcp://head-node:8786")

Each run is trained by `nerlab.training.run` in a worker (a process of the local pool, or
a Dask worker anywhere) and sent back as its events; this process writes its file, so
workers need no shared disk. Runs are seeded, so the same grid gives the same numbers on
every backend. Runs already in the results folder are read back, not trained again.

Why Dask for the cluster backend: it is a pure-Python install (`pip install
nerlab[cluster]`), starts a local cluster in one line, and reaches the machines a
researcher already has through `dask-scheduler`/`dask-worker`, SSH or an HPC queue
(dask-jobqueue), without a separate runtime to deploy.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from ..training import RunRecord, RunSettings
from .grid import Grid, run_id
from .store import Store

BACKENDS = ("local", "dask")


def train_events(settings: dict) -> tuple[list[dict], float]:
    """Train one run (in a worker) and return its events as dicts, progress left out, and its seconds.

    Settings travel as a dict and events come back as dicts, so nothing but plain data
    crosses a process or a network.
    """
    from ..training import run

    start = time.perf_counter()
    events = [e.to_dict() for e in run(RunSettings.from_dict(settings)) if e.kind != "progress"]
    return events, time.perf_counter() - start


@dataclass
class SweepReport:
    """What a sweep did: the records of every run of the grid, and how many it trained."""

    grid: Grid
    folder: Path
    records: dict[str, RunRecord] = field(default_factory=dict)  # run id -> record, in grid order
    trained: int = 0
    reused: int = 0
    seconds: float = 0.0
    run_seconds: list[float] = field(default_factory=list)  # each trained run's own time, in its worker

    def runs(self) -> list[RunRecord]:
        return list(self.records.values())


Progress = Callable[[int, int, RunRecord | None], None]  # (done, total, the run just finished)


def run_grid(
    grid: Grid,
    folder: str | Path,
    *,
    backend: str = "local",
    workers: int = 2,
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> SweepReport:
    """Train every run of `grid` not yet in `folder`; return the records of all of them.

    backend="local": a pool of `workers` processes on this machine. backend="dask": the
    Dask cluster at `scheduler` (an address), or a local Dask cluster of `workers` workers.
    A sweep stopped at any point (Ctrl-C, a killed process) keeps every finished run.
    """
    if backend not in BACKENDS:
        from ..training import SettingError

        raise SettingError("backend", f"takes one of {', '.join(BACKENDS)}; got {backend!r}")
    started = time.perf_counter()
    store = Store(folder)
    store.write_grid(grid)
    runs = grid.runs()
    report = SweepReport(grid, store.folder)
    todo = []
    for settings in runs:
        identity = run_id(settings)
        if identity in report.records:
            continue  # the same run twice in one grid
        if store.has(settings):
            report.records[identity] = store.load(settings)
            report.reused += 1
        else:
            report.records[identity] = None  # keeps the grid's order
            todo.append(settings)
    total = len(report.records)
    if progress:
        progress(report.reused, total, None)

    def finished(settings: RunSettings, events: list[dict], seconds: float) -> None:
        store.save(settings, events, grid.case_of(settings))
        record = store.load(settings)
        report.records[run_id(settings)] = record
        report.trained += 1
        report.run_seconds.append(seconds)
        if progress:
            progress(report.reused + report.trained, total, record)

    if todo:
        submit = _dask_pool if backend == "dask" else _local_pool
        submit(todo, finished, workers=workers, scheduler=scheduler)
    store.write_table(grid)
    report.seconds = time.perf_counter() - started
    return report


def _local_pool(todo: list[RunSettings], finished, *, workers: int, scheduler: str | None) -> None:
    """A process pool on this machine (spawned processes: safe beside a notebook's threads)."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=max(1, workers), mp_context=context) as pool:
        futures: dict[Future, RunSettings] = {pool.submit(train_events, s.to_dict()): s for s in todo}
        try:
            pending = set(futures)
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    events, seconds = future.result()
                    finished(futures[future], events, seconds)
        except BaseException:  # Ctrl-C or an error: stop what has not started, keep what has finished
            for future in futures:
                future.cancel()
            raise


def _dask_pool(todo: list[RunSettings], finished, *, workers: int, scheduler: str | None) -> None:
    """The Dask cluster at `scheduler`, or a local one with `workers` single-threaded workers."""
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        from ..training import SettingError

        raise SettingError(
            "backend", "'dask' needs Dask's distributed scheduler: pip install 'nerlab[cluster]'."
        ) from None
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(scheduler or cluster)
    try:
        futures = {client.submit(train_events, s.to_dict(), pure=False): s for s in todo}
        try:
            for future in as_completed(futures):
                events, seconds = future.result()
                finished(futures[future], events, seconds)
        except BaseException:
            client.cancel(list(futures))
            raise
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
