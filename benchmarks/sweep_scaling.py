"""How a grid's wall time scales with workers, on the local pool and on Dask, and what scheduling costs.

One grid (8 runs of RunSettings(n_train=300, n_dev=100, epochs=2), seeds 0 to 7, so the
runs are of one size) is trained four times, each into a fresh results folder so nothing
is read back: the local pool with 1 and 2 processes, a local Dask cluster with 1 and 2
workers. For each, the wall time, the speed-up over one worker of the same backend, and
the scheduler's overhead per run:

    overhead per run = (wall time x workers - sum of the runs' own times) / runs

Everything a worker spends not training counts: starting workers and the cluster,
importing spaCy, sending settings and events, writing files, waiting idle at the end.
Its ratio to the mean run time is the share of the workers' time lost to scheduling
(target: under 5%). From these figures, a paper estimate of thread_story.py's grid (90
runs) on 8 machines of 2 cores. Prints figures and ratios; asserts no time.

Run: python benchmarks/sweep_scaling.py [--runs 8] [--n-train 300] [--n-dev 100] [--epochs 2]
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import tempfile
from time import perf_counter as now

from thread_story import thread_grid

from nerlab.sweep import Grid, run_grid
from nerlab.training import RunSettings

MEASUREMENTS = (("local", 1), ("local", 2), ("dask", 1), ("dask", 2))
MACHINES, CORES = 8, 2  # the cluster of the paper estimate: one worker per core


def measure(grid: Grid, backend: str, workers: int) -> dict:
    """Train the whole grid into a new, empty folder; the wall time and what it was spent on.

    The progress callback notes when the workers are asked for the first run and when
    each result comes back: the first result, less that run's own time, is the start-up
    (processes or a cluster started, spaCy's modules imported), paid once per sweep.
    """
    calls = []
    with tempfile.TemporaryDirectory(prefix=f"sweep-{backend}-{workers}-") as folder:
        report = run_grid(grid, folder, backend=backend, workers=workers, progress=lambda *_: calls.append(now()))
    if report.reused:
        raise RuntimeError("a measurement read runs back: its folder was not empty")
    own = sum(report.run_seconds)
    overhead = (report.seconds * workers - own) / report.trained
    start_up = calls[1] - calls[0] - report.run_seconds[0]
    after_start_up = ((report.seconds - start_up) * workers - own) / report.trained
    mean_run = own / report.trained
    return {
        "backend": backend,
        "workers": workers,
        "wall": report.seconds,
        "mean run": mean_run,
        "overhead": overhead,
        "overhead share": overhead / mean_run,
        "start-up": start_up,
        "rest share": after_start_up / mean_run,
    }


def print_table(rows: list[dict]) -> None:
    one = {row["backend"]: row["wall"] for row in rows if row["workers"] == 1}
    heads = ("workers", "wall s", "speed-up", "run s", "overhead/run s", "overhead/run", "start-up s", "rest/run")
    widths = (7, 7, 8, 6, 14, 12, 10, 8)
    print(f"{'backend':8} " + " ".join(f"{head:>{width}}" for head, width in zip(heads, widths)))
    for row in rows:
        speedup = one[row["backend"]] / row["wall"] if row["backend"] in one else float("nan")
        print(
            f"{row['backend']:8} {row['workers']:>7} {row['wall']:>7.1f} {speedup:>8.2f} {row['mean run']:>6.2f} "
            f"{row['overhead']:>14.2f} {row['overhead share']:>11.1%} "
            f"{row['start-up']:>10.2f} {row['rest share']:>7.1%}"
        )
    print(
        "overhead/run: (wall x workers - the runs' own times) / runs, as a share of the mean run (target: under 5%);\n"
        "start-up: the first result's wait less its run's own time; rest/run: the overhead without the start-up"
    )


def paper_estimate(rows: list[dict], settings: RunSettings) -> None:
    """thread_story's 90 runs on MACHINES x CORES workers, scaled from the Dask figures measured here.

    A run's time is taken to grow with the examples it trains on (n_train x epochs), from
    the mean run measured here. Rough both ways: a run's fixed costs (making the data,
    setting up spaCy) grow along with it here, which overestimates, and half of the thread
    story's runs use a beam of 8, slower than the greedy runs measured, which underestimates.
    The workers of one 2-core machine run at the efficiency measured here with 2 workers
    (speed-up / 2).
    """
    dask = {row["workers"]: row for row in rows if row["backend"] == "dask"}
    if 1 not in dask or 2 not in dask:
        return
    story = thread_grid(["toy", "default", "hard"], 3).runs()
    per_example = dask[1]["mean run"] / (settings.n_train * settings.epochs)
    story_run = statistics.mean(per_example * s.n_train * s.epochs for s in story)
    efficiency = min(1.0, dask[1]["wall"] / dask[2]["wall"] / 2)
    workers = MACHINES * CORES
    waves = math.ceil(len(story) / workers)  # runs of about one length finish in waves
    per_run = story_run / efficiency + max(dask[2]["overhead"], 0.0)
    print(
        f"\nPaper estimate, thread_story.py's grid ({len(story)} runs) on {MACHINES} machines of {CORES} cores "
        f"({workers} Dask workers):\n"
        f"  a run of 1,000 x 5 examples ~ {story_run:.0f} s here ({per_example * 1000:.2f} s per 1,000 examples), "
        f"2-worker efficiency {efficiency:.0%}, overhead {dask[2]['overhead']:.2f} s per run\n"
        f"  {waves} waves x {per_run:.0f} s ~ {waves * per_run / 60:.1f} min "
        f"(on one 2-core machine: {math.ceil(len(story) / CORES) * per_run / 60:.0f} min)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--n-train", type=int, default=300)
    parser.add_argument("--n-dev", type=int, default=100)
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args()
    settings = RunSettings(n_train=args.n_train, n_dev=args.n_dev, epochs=args.epochs)
    grid = Grid(base=settings, axes={"seed": list(range(args.runs))})
    print(
        f"{args.runs} runs of n_train={args.n_train}, n_dev={args.n_dev}, epochs={args.epochs}; "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start\n"
    )
    rows = []
    for backend, workers in MEASUREMENTS:
        rows.append(measure(grid, backend, workers))
        print(f"  {backend} x {workers}: {rows[-1]['wall']:.1f} s", flush=True)
    print(f"  (load average {os.getloadavg()[0]:.1f} at the end: other work on the machine slows the runs down)\n")
    print_table(rows)
    paper_estimate(rows, settings)


if __name__ == "__main__":
    main()
