"""The saved runs behind lecture mode are still what a fresh run gives."""

import json

import pytest

from nerlab.course import LESSONS, lecture_mode, saved_runs
from nerlab.training import RunSettings


@pytest.mark.parametrize("lesson", sorted(LESSONS))
def test_saved_runs_hold_the_lessons_settings(lesson):
    path = saved_runs(lesson)
    assert path.exists(), f"{path} is missing: run `python scripts/precompute.py`"
    records = json.loads(path.read_text())["runs"]
    assert [RunSettings.from_dict(r["settings"]) for r in records] == list(LESSONS[lesson].values())
    assert all(r["evaluations"] and not r["cancelled"] for r in records)


SAVED = [(lesson, k) for lesson in sorted(LESSONS) for k in range(len(LESSONS[lesson]))]


@pytest.mark.slow
@pytest.mark.parametrize("lesson,k", SAVED, ids=[f"{lesson}-{k}" for lesson, k in SAVED])
def test_every_saved_run_is_what_a_fresh_run_gives(lesson, k, trained):
    """Runs are deterministic by seed, so each saved curve is the one a live run draws (the
    runs are shared with the claims tests: each trains once)."""
    saved = json.loads(saved_runs(lesson).read_text())["runs"][k]
    _, fresh, _ = trained(list(LESSONS[lesson].values())[k])
    assert len(fresh) == len(saved["evaluations"])
    for new, old in zip(fresh, saved["evaluations"]):
        for key in ("examples_seen", "ents_p", "ents_r", "ents_f", "binary_accuracy", "target_drift"):
            assert getattr(new, key) == pytest.approx(old.get(key), abs=1e-9), key
        for key in ("prodigy_accuracy", "right", "wrong", "ents", "skip", "both"):  # runs saved with Prodigy's reading
            if key in old:
                assert getattr(new, key) == pytest.approx(old[key], abs=1e-9), key


def test_lecture_mode_follows_the_environment(monkeypatch):
    monkeypatch.delenv("NERLAB_PRECOMPUTED", raising=False)
    assert not lecture_mode()
    monkeypatch.setenv("NERLAB_PRECOMPUTED", "1")
    assert lecture_mode()
    monkeypatch.setenv("NERLAB_PRECOMPUTED", "0")
    assert not lecture_mode()
