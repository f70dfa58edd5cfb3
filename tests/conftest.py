"""What several test modules share: trained runs, trained once per test session.

The claims tests (`tests/training/test_claims.py`) and the check that lecture mode's saved
runs are what a fresh run gives (`tests/test_course.py`) train the same lesson settings:
each is trained once, whichever test asks first. The news base model is built once per
session too, before the first test that starts from it.
"""

from __future__ import annotations

import functools

import pytest

from nerlab.training import RunSettings, run


@functools.cache
def _trained(settings):
    events = list(run(settings))
    return events[0], [e for e in events if e.kind == "evaluation"], events[-1]


@pytest.fixture(scope="session")
def trained():
    """A function from RunSettings to (DataEvent, EvaluationEvents, FinishedEvent with the trained
    pipeline), cached for the session."""
    return _trained


@pytest.fixture(scope="session")
def news_model():
    """The path of the news base model (seed 0), built once per session on a cold cache (it
    trains a model of its own); later runs, in this process or a subprocess, read it from
    nerlab's cache."""
    from nerlab.training.loop import prepare_run

    base_path, _ = prepare_run(RunSettings(base="news", n_train=40, n_dev=20, seed=0))
    return base_path
