"""Shared helpers for the data-layer tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from nerlab.data import dataset_path


@pytest.fixture(scope="session")
def fashion_paths() -> dict[str, Path]:
    """The real fashion-brands files (they ship with nerlab: no test skips for want of them)."""
    return {split: dataset_path("fashion-brands", split) for split in ("train", "eval")}
