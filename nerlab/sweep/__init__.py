"""Grids of training runs: declared once, trained where there is room, never trained twice.

    from nerlab.sweep import Grid, run_grid
    grid = Grid(base=RunSettings(n_train=200, epochs=1), axes={"seed": [0, 1], "tasks": ["merged", "separate"]})
    report = run_grid(grid, "results/demo", workers=2)
    report.runs()          # a RunRecord per run, in grid order

`nerlab sweep GRID.yaml --out DIR` does the same from a terminal.
"""

from .grid import Grid, run_id
from .scheduler import BACKENDS, SweepReport, run_grid, train_events
from .store import IncompleteRun, Store, read_run

__all__ = [
    "BACKENDS",
    "Grid",
    "IncompleteRun",
    "Store",
    "SweepReport",
    "read_run",
    "run_grid",
    "run_id",
    "train_events",
]
