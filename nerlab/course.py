"""The runs the course's lessons train, in one place.

A notebook, the script that saves runs for lecture mode (`scripts/precompute.py`), and the
test that checks those saved runs are still what a fresh run gives, all read the settings
from here, so they cannot drift apart.
"""

from __future__ import annotations

import os
from pathlib import Path

from .training import BatchSchedule, RunSettings

BASE = RunSettings(n_train=1000, n_dev=300, epochs=5, eval_every=1000, seed=0)
BINARY = BASE.with_changes(supervision="binary", rejects="random-label", schedule=BatchSchedule.fixed(32))

LESSONS: dict[str, dict[str, RunSettings]] = {
    "04_batch_schedules": {
        text: RunSettings(n_train=1000, n_dev=300, epochs=2, eval_every=250, seed=0, schedule=BatchSchedule.parse(text))
        for text in ("fixed:32", "fixed:4", "compounding:4:16:1.001")
    },
    "06_forum_case": {
        "gold, compounding 4-16": BASE,
        "binary, merged, missing": BINARY,
        "binary, separate, no_missing": BINARY.with_changes(tasks="separate", no_missing=True),
        "binary, separate, missing": BINARY.with_changes(tasks="separate"),
        "binary, merged, no_missing": BINARY.with_changes(no_missing=True),
    },
}

SAVED = Path(__file__).resolve().parent.parent / "notebooks" / "precomputed"


def saved_runs(lesson: str) -> Path:
    """Where the lesson's runs are saved for lecture mode."""
    return SAVED / f"{lesson}.json"


def lecture_mode() -> bool:
    """True when $NERLAB_PRECOMPUTED is set: lessons load saved runs instead of training."""
    return os.environ.get("NERLAB_PRECOMPUTED", "") not in ("", "0")
