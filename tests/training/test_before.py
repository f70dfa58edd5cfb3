"""What "before" says about a base model: three readings of simulated bases, no training."""

import pytest

from nerlab.course import THREAD
from nerlab.training.before import before_curve, rows
from nerlab.widgets.charts import before_chart


@pytest.fixture(scope="module")
def curve():
    return before_curve(THREAD)  # the user's answers: per-text accepts and rejects, merged, no_missing


def test_per_span_and_per_task_never_read_below_a_half_before_training(curve):
    """As many rejects as accepts: a base whose wrong labels are its own gets every reject right,
    so neither answer reading can fall to the thread's 0.25, whatever the base's agreement."""
    assert all(p.per_span >= 0.5 - 1e-9 and p.per_task >= 0.5 - 1e-9 for p in curve)


def test_prodigys_reading_follows_the_agreement_and_extras_pull_it_down(curve):
    """Prodigy's reading counts predictions: without extras it is close to the agreement; under
    no_missing every extra entity is WRONG, so it can read 0.25 from a base that agrees on far more."""
    for p in curve:
        if p.extras == 0 and p.agreement > 0:
            assert abs(p.prodigy - p.agreement) < 0.05
    with_extras = {p.agreement: p.prodigy for p in curve if p.extras == 2.0}
    assert with_extras[0.4] < 0.25 < with_extras[0.6]


def test_the_chart_draws_every_reading(curve):
    spec = before_chart(rows(curve), mark=0.25).to_dict()
    readings = {row["reading"] for row in spec["layer"][0]["data"]["values"]}
    assert readings == {"per span", "per task", "Prodigy's reading"}
