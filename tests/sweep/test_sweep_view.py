"""The sweep's notebook view, without a browser: the rows it charts, its bar, its time left.

(It tests `nerlab/widgets/sweep_view.py`; it sits with the sweep tests it shares made-up runs with.)
"""

import pytest

from nerlab.sweep import Grid, Store, run_grid, run_id
from nerlab.training import RunRecord, run_labels
from nerlab.training.events import event_from_dict
from nerlab.widgets.sweep_view import SweepView, duration_text


class Clock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def record_of(settings, events) -> RunRecord:
    record = RunRecord(settings)
    for event in events:
        record.record(event_from_dict(event))
    return record


@pytest.fixture
def clock():
    return Clock()


def test_facets_by_the_first_axis_and_colours_by_the_second(grid):
    view = SweepView(grid)
    assert (view.facet, view.colour) == ("seed", "tasks")
    assert view.order_of("tasks") == ["merged", "separate"] and view.order_of("seed") == ["0", "1"]
    assert (SweepView(grid, facet="tasks").colour, SweepView(grid, colour="seed").facet) == ("seed", None)
    cases = Grid(grid.base, {"seed": [0, 1]}, cases={"gold": {"supervision": "gold"}, "binary": {}})
    assert (SweepView(cases).facet, SweepView(cases).colour) == ("case", "seed")
    assert SweepView(Grid(grid.base, {"seed": [0, 1]})).colour == "seed"
    with pytest.raises(ValueError, match="facet"):
        SweepView(grid, facet="sed")
    with pytest.raises(ValueError, match="both"):
        SweepView(grid, facet="seed", colour="seed")


def test_each_finished_run_adds_its_curve_as_a_new_copy_of_the_rows(grid, made_up, clock):
    view = SweepView(grid, clock=clock)
    view.update(0, 4, None)
    assert view.rows == [] and view.chart.spec["data"]["values"] == []
    labels = dict(zip([run_id(s) for s in grid.runs()], run_labels(grid.runs())))
    last = grid.runs()[3]
    view.update(1, 4, record_of(last, made_up(last)))
    first_rows = view.rows
    assert [row["run"] for row in first_rows] == [labels[run_id(last)]] * 3
    assert first_rows[-1] == {
        "run": labels[run_id(last)], "seed": "1", "tasks": "separate", "examples_seen": 200, "ents_f": 0.6,
        "binary_accuracy": 0.5,
    }  # fmt: skip
    first = grid.runs()[0]
    view.update(2, 4, record_of(first, made_up(first)))
    assert view.rows is not first_rows and len(first_rows) == 3  # the earlier chart's rows are untouched
    assert [row["run"] for row in view.rows][:3] == [labels[run_id(first)]] * 3  # in the grid's order
    assert view.chart.spec["data"]["values"] == view.rows


def test_the_bar_and_the_time_left(grid, made_up, clock):
    view = SweepView(grid, clock=clock)
    assert (view.progress.value, view.progress.max) == (0, 4)
    assert view.status_text() == "Waiting for the sweep: 0 / 4 runs done."
    view.update(0, 4, None)
    assert view.time_left() is None
    assert "0 / 4 runs done; the time left is known when a run finishes." in view.status.value
    for done, settings in enumerate(grid.runs()[:3], start=1):
        clock.now += 20  # two workers: a run every 20 s of wall time
        view.update(done, 4, record_of(settings, made_up(settings)))
    assert view.progress.value == 3 and view.time_left() == pytest.approx(20)
    assert view.status_text() == "3 / 4 runs done; about 20 s left (20 s per run)."
    clock.now += 20
    view.update(4, 4, record_of(grid.runs()[3], made_up(grid.runs()[3])))
    assert view.status_text() == "All 4 runs done: 4 trained in 1 min 20 s."


def test_runs_read_back_are_drawn_and_not_counted_in_the_time_left(tmp_path, grid, made_up, clock):
    store = Store(tmp_path)
    for settings in grid.runs()[:2]:
        store.save(settings, made_up(settings))
    view = SweepView(grid, tmp_path, clock=clock)
    view.update(2, 4, None)
    assert len(view.rows) == 6
    clock.now += 30
    view.update(3, 4, record_of(grid.runs()[2], made_up(grid.runs()[2])))
    assert view.status_text() == "3 / 4 runs done, 2 read back; about 30 s left (30 s per run)."


def test_run_grid_drives_the_view(tmp_path, grid, made_up_pool):
    view = SweepView(grid, tmp_path)
    run_grid(grid, tmp_path, progress=view.update)
    assert (view.progress.value, len(view.rows)) == (4, 12)
    again = SweepView(grid, tmp_path)
    run_grid(grid, tmp_path, progress=again.update)  # nothing trained: every curve read back
    assert again.rows == view.rows and again.status_text().startswith("All 4 runs done: 0 trained")


def test_static_copy(grid, made_up, clock):
    view = SweepView(grid, clock=clock, scale=1.5)
    view.update(0, 4, None)
    view.update(1, 4, record_of(grid.runs()[0], made_up(grid.runs()[0])))
    page = view.to_html()
    assert "<svg" in page and "1 / 4 runs done" in page and "nerlab-scale-150" in page
    assert "<td>0.500</td>" in page  # the finished run's final F1
    bundle = view._repr_mimebundle_()
    assert {"text/html", "text/plain", "application/vnd.jupyter.widget-view+json"} <= set(bundle)
    assert repr(view).startswith("SweepView: 1 / 4 runs done")


def test_duration_text():
    assert [duration_text(s) for s in (0.4, 42, 185, 3720)] == ["0 s", "42 s", "3 min 05 s", "1 h 02 min"]
