"""Run a grid: train what is missing, on this machine or on a cluster, and keep every result.

    from nerlab.sweep import Grid, run_grid
    report = run_grid(grid, "results/thread", workers=2)            # a local process pool
    report = run_grid(grid, "results/thread", backend="dask",        # a Dask cluster
                      scheduler="tcp://head-node:8786")

Each run is trained by `nerlab.training.run` in a worker (a process of the local pool, or
a Dask worker anywhere) and sent back as its events; this process writes its file, so
workers need no shared disk. Runs are seeded, so the same grid gives the same numbers on
every backend. Runs already in the results folder are read back, not trained again.

A worker process trains one run at a time, so give Dask workers one thread each and as
many workers as cores: `dask worker tcp://head-node:8786 --nworkers 2 --nthreads 1`. Both
backends spawn processes, so a script that calls `run_grid` needs the usual
`if __name__ == "__main__":` guard (a notebook does not).

Why Dask for the cluster backend: it is a pure-Python install (`pip install
nerlab[cluster]`), starts a local cluster in one line, and reaches the machines a
researcher already has through `dask-scheduler`/`dask-worker`, SSH or an HPC queue
(dask-jobqueue), without a separate runtime to deploy.
"""

from __future__ import annotations

import multiprocessing
import random
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from ..training import RunRecord, RunSettings
from .grid import Grid, run_id
from .store import Store

BACKENDS = ("local", "dask")
_ONE_RUN_AT_A_TIME = threading.Lock()  # per process: runs share Python's global random generator


def train_events(settings: dict) -> tuple[list[dict], float]:
    """Train one run (in a worker) and return its events as dicts, progress left out, and its seconds.

    Settings travel as a dict and events come back as dicts, so nothing but plain data
    crosses a process or a network. A Dask worker with several threads trains its runs
    one after the other: two runs at once would draw from one random generator, and
    neither would give its seed's numbers.
    """
    from ..training import run

    with _ONE_RUN_AT_A_TIME:
        _own_random_for_dask()
        start = time.perf_counter()
        events = [e.to_dict() for e in run(RunSettings.from_dict(settings)) if e.kind != "progress"]
        return events, time.perf_counter() - start


def _own_random_for_dask() -> None:
    """Give Dask's message sizing a random generator of its own, so that it cannot shift a run's draws.

    Training draws from Python's global `random` generator, seeded by the run's seed:
    nerlab shuffles the examples with it, and spaCy's parser picks where to cut the
    oracle's path with it. A Dask worker measures every message it sends (heartbeats
    too) with `dask.sizeof`, which samples long lists with that same generator, from
    another thread, whenever the clock says so. Each such draw would shift every later
    draw of the run: the same seed would give other numbers on Dask than on the local
    pool, and other numbers from one try to the next. Outside a Dask worker, nothing changes.
    """
    sizeof = sys.modules.get("dask.sizeof")
    if sizeof is not None and getattr(sizeof, "random", None) is random:
        sizeof.random = random.Random()


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
    store.remove_leftovers()
    report = SweepReport(grid, store.folder)
    todo = []
    for settings in grid.runs():
        identity = run_id(settings)
        if identity in report.records:
            continue  # the same run twice in one grid
        record = store.finished(settings)  # None for a missing or half-written file: train it
        report.records[identity] = record  # a None keeps the run's place in the grid's order
        if record is None:
            todo.append(settings)
        else:
            report.reused += 1
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


Finished = Callable[[RunSettings, list[dict], float], None]  # (settings, events, the run's own seconds)


def _local_pool(todo: list[RunSettings], finished: Finished, *, workers: int, scheduler: str | None) -> None:
    """A process pool on this machine (spawned processes: safe beside a notebook's threads)."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=max(1, workers), mp_context=context) as pool:
        pending: dict[Future, RunSettings] = {pool.submit(train_events, s.to_dict()): s for s in todo}
        try:
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    events, seconds = future.result()
                    finished(pending.pop(future), events, seconds)
        except BaseException:  # Ctrl-C or an error: stop what has not started, keep what has finished
            for future in pending:
                future.cancel()
            raise


def _dask_pool(todo: list[RunSettings], finished: Finished, *, workers: int, scheduler: str | None) -> None:
    """The Dask cluster at `scheduler`, or a local one with `workers` single-threaded workers.

    One thread per worker: a run keeps a core busy, and two runs in one process would
    share Python's global random generator (see `_own_random_for_dask`).
    """
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
        pending = {client.submit(train_events, s.to_dict(), pure=False): s for s in todo}
        try:
            for future in as_completed(list(pending)):
                events, seconds = future.result()
                finished(pending.pop(future), events, seconds)  # dropping the future frees the worker's copy
        except BaseException:
            client.cancel(list(pending))
            raise
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
