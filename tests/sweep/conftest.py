"""Made-up finished runs, so that the store, the runner's bookkeeping and the view are tested without training."""

import pytest

from nerlab.sweep import Grid, scheduler
from nerlab.training import DataEvent, EvaluationEvent, FinishedEvent, RunSettings

TINY = RunSettings(n_train=200, n_dev=50, epochs=1, eval_every=100, supervision="binary")
GRID = Grid(base=TINY, axes={"seed": [0, 1], "tasks": ["merged", "separate"]})


def made_up_events(settings: RunSettings, scores=(0.0, 0.25, 0.5)) -> list[dict]:
    """The events of a finished run (as dicts), its F1 going through `scores`, shifted by its seed."""
    evaluations = [
        EvaluationEvent(
            update=number, epoch=0, examples_seen=100 * number, ents_p=f1, ents_r=f1, ents_f=f1 + settings.seed / 10,
            per_label={}, binary_accuracy=0.5, loss=1.0, predicted_per_doc=1.0,
        )
        for number, f1 in enumerate(scores)
    ]  # fmt: skip
    data = DataEvent({"accepted": 1}, settings.n_train, settings.n_dev, ["PERSON"], 1.0, 0.5)
    finished = FinishedEvent(len(scores) - 1, evaluations[-1].examples_seen, 2.5, False, evaluations)
    return [event.to_dict() for event in (data, *evaluations, finished)]


@pytest.fixture(scope="session")
def grid() -> Grid:
    """2 x 2 tiny runs that differ in their numbers: seeds 0 and 1, binary tasks merged or separate."""
    return GRID


@pytest.fixture
def made_up():
    return made_up_events


@pytest.fixture
def made_up_pool(monkeypatch):
    """The local pool replaced by one that 'trains' at once; returns the settings it was given."""
    given = []

    def pool(todo, finished, *, workers, scheduler):
        for settings in todo:
            given.append(settings)
            finished(settings, made_up_events(settings), 0.5)

    monkeypatch.setattr(scheduler, "_local_pool", pool)
    return given
