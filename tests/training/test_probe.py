"""The moving target: target drift and off-path states on a probe of training sentences; warm-up."""

import pytest

from nerlab.training import RunSettings, run
from nerlab.training.probe import ProbeReading, target_drift

SMALL = RunSettings(n_train=200, n_dev=40, epochs=2, eval_every=100, probe=30, seed=0)


def evaluations(settings):
    return [e for e in run(settings) if e.kind == "evaluation"]


@pytest.mark.slow
def test_under_teacher_forcing_the_targets_never_move():
    found = evaluations(SMALL.with_changes(explore="oracle"))
    assert found[0].target_drift is None  # nothing to compare the first reading with
    assert [e.target_drift for e in found[1:]] == [0.0] * (len(found) - 1)
    assert all(e.off_path_share == 0.0 for e in found)  # the oracle's walk never leaves the gold path


@pytest.mark.slow
def test_under_imitation_the_targets_move_early_on():
    found = evaluations(SMALL)
    assert max(e.target_drift for e in found[1:4]) > 0.05  # the walk, and the targets on it, change
    assert found[0].off_path_share > found[-1].off_path_share  # the model's walk nears the gold path


def test_drift_counts_the_positions_whose_targets_changed():
    a = ProbeReading(((("O",), ("B-X",)), (("O",),)), 0.0)
    b = ProbeReading(((("O",), ("B-X", "U-X")), (("O",),)), 0.0)
    assert target_drift(a, a) == 0.0 and target_drift(a, b) == pytest.approx(1 / 3)


@pytest.mark.slow
def test_warm_up_follows_the_oracle_for_exactly_n_updates():
    events = list(run(SMALL.with_changes(epochs=1, explore_warmup=7, probe=0)))
    policies = [e.explore for e in events if e.kind == "progress"]
    assert policies[:7] == [0.0] * 7 and set(policies[7:]) == {1.0} and len(policies) > 7
    assert RunSettings(explore_warmup=3, explore=0.5).explore_warmup == 3
    with pytest.raises(ValueError, match="explore_warmup must be 0 with update='beam:W'"):
        RunSettings(update="beam:4", explore_warmup=3)
