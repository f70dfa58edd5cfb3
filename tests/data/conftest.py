"""Shared helpers for the data-layer tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from nerlab.data import dataset_path


@pytest.fixture(scope="session")
def fashion_paths() -> dict[str, Path]:
    """The real fashion-brands files, or a skip saying where they were looked for."""
    try:
        return {split: dataset_path("fashion-brands", split) for split in ("train", "eval")}
    except FileNotFoundError as err:
        pytest.skip(f"real data not available: {err}")
