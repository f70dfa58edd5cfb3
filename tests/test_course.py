"""The saved runs behind lecture mode are still what a fresh run gives."""

import json

import pytest

from nerlab.course import LESSONS, lecture_mode, saved_runs
from nerlab.training import RunSettings, run


@pytest.mark.parametrize("lesson", sorted(LESSONS))
def test_saved_runs_hold_the_lessons_settings(lesson):
    path = saved_runs(lesson)
    assert path.exists(), f"{path} is missing: run `python scripts/precompute.py`"
    records = json.loads(path.read_text())["runs"]
    assert [RunSettings.from_dict(r["settings"]) for r in records] == list(LESSONS[lesson].values())
    assert all(r["evaluations"] and not r["cancelled"] for r in records)


@pytest.mark.slow
def test_a_fresh_run_gives_the_saved_numbers():
    """Runs are deterministic by seed, so the saved curve is the one a live run draws."""
    lesson = "04_batch_schedules"
    saved = json.loads(saved_runs(lesson).read_text())["runs"][0]
    settings = RunSettings.from_dict(saved["settings"])
    fresh = [e.to_dict() for e in run(settings) if e.event == "evaluation"]
    assert len(fresh) == len(saved["evaluations"])
    for new, old in zip(fresh, saved["evaluations"]):
        for key in ("examples_seen", "ents_p", "ents_r", "ents_f", "binary_accuracy"):
            assert new[key] == pytest.approx(old[key], abs=1e-9), key


def test_lecture_mode_follows_the_environment(monkeypatch):
    monkeypatch.delenv("NERLAB_PRECOMPUTED", raising=False)
    assert not lecture_mode()
    monkeypatch.setenv("NERLAB_PRECOMPUTED", "1")
    assert lecture_mode()
    monkeypatch.setenv("NERLAB_PRECOMPUTED", "0")
    assert not lecture_mode()
