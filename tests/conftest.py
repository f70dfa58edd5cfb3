"""What several test modules share: trained runs, trained once per test session.

The claims tests (`tests/training/test_claims.py`) and the check that lecture mode's saved
runs are what a fresh run gives (`tests/test_course.py`) train the same lesson settings:
each is trained once, whichever test asks first.
"""

from __future__ import annotations

import functools

import pytest

from nerlab.training import run


@functools.cache
def _trained(settings):
    events = list(run(settings))
    return events[0], [e for e in events if e.kind == "evaluation"], events[-1]


@pytest.fixture(scope="session")
def trained():
    """A function from RunSettings to (DataEvent, EvaluationEvents, FinishedEvent with the trained
    pipeline), cached for the session."""
    return _trained
