"""The learning-curve lab, driven as a learner would: set controls, press buttons, read state."""

import csv
import threading
import time

import pytest

from nerlab.training import BatchSchedule, RunSettings
from nerlab.widgets import LearningCurveLab
from nerlab.widgets.worker import live_workers

TINY = RunSettings(n_train=60, n_dev=30, epochs=2, eval_every=30, seed=0)


def chart_values(jupyter_chart) -> list[dict]:
    """The rows the chart widget sends to the browser (its spec's top-level inline data)."""
    return jupyter_chart.spec["data"]["values"]


def wait_for(condition, timeout=20.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


@pytest.fixture(scope="module")
def two_seeds():
    """A lab with two finished tiny runs that differ only in their seed."""
    lab = LearningCurveLab(TINY)
    lab.run_button.click()
    assert lab.wait(60)
    lab.form["seed"].value = 1
    lab.run_button.click()
    assert lab.wait(60)
    return lab


# -- controls --------------------------------------------------------------------------


def test_controls_describe_the_settings():
    lab = LearningCurveLab(TINY)
    assert lab.settings() == TINY
    lab.form["supervision"].value = "binary"
    lab.form["no_missing"].value = True
    lab.form["tasks"].value = "separate"
    lab.form["rejects"].value = "boundary"
    lab.form["reject_ratio"].value = 2.0
    lab.form["explore"].mode.value = "probability"
    lab.form["explore"].probability.value = 0.25
    lab.form["seed"].value = 7
    lab.form["labels"].value = "PERSON, ORG"
    lab.form["schedule"].kind.value = "fixed"
    lab.form["schedule"].start.value = 8
    settings = lab.settings()
    assert (settings.supervision, settings.no_missing, settings.tasks) == ("binary", True, "separate")
    assert (settings.rejects, settings.reject_ratio, settings.explore, settings.seed) == ("boundary", 2.0, 0.25, 7)
    assert settings.labels == ("PERSON", "ORG")
    assert settings.schedule == BatchSchedule.fixed(8)
    lab.form["explore"].mode.value = "model"
    lab.form["update"].kind.value = "beam"
    lab.form["update"].width.value = 4
    assert lab.settings().update == "beam:4"
    assert (
        lab.form["schedule"].stop.disabled and not lab.form["update"].width.disabled
    )  # irrelevant controls are greyed out


def test_use_settings_round_trips_every_field():
    odd = RunSettings(
        n_train=70,
        n_dev=20,
        difficulty="hard",
        supervision="partial",
        accepts="per-doc",
        update="beam:6",
        learn_rate=3e-4,
        dropout=0.2,
        width=96,
        depth=3,
        eval_every=40,
        seed=5,
        schedule=BatchSchedule.compounding(2, 32, 1.2, restart_each_epoch=True),
        rehearsal=0,
    )
    lab = LearningCurveLab()
    lab.use_settings(odd)
    assert lab.settings() == odd


def test_an_invalid_combination_shows_a_message_and_starts_nothing():
    lab = LearningCurveLab(TINY)
    lab.form["update"].kind.value = "beam"
    lab.form["explore"].mode.value = "oracle"  # the beam explores by itself: spaCy's beam_ner has no oracle mode
    assert "cannot run" in lab.message.value and "beam" in lab.message.value
    with pytest.raises(ValueError, match="beam"):
        lab.settings()
    lab.run_button.click()  # no exception escapes the button
    assert lab.current is None and not live_workers() and lab.runs == []
    lab.form["explore"].mode.value = "model"
    assert "cannot run" not in lab.message.value


def test_an_error_inside_the_run_is_shown_and_ends_the_thread():
    lab = LearningCurveLab(TINY)
    lab.form["base"].value = "no-such-pipeline"  # only the runner can tell: it looks for the pipeline
    lab.run_button.click()
    assert lab.wait(30)
    assert "failed" in lab.message.value and "no-such-pipeline" in lab.message.value
    assert lab.runs == [] and lab.current is None and not live_workers()


def test_schedule_sliders_redraw_the_preview():
    lab = LearningCurveLab(TINY)
    before = lab.schedule_preview_rows()
    assert [r["batch_size"] for r in before] == TINY.schedule.sizes_for(60, 2)
    assert chart_values(lab.schedule_chart) == before
    lab.form["schedule"].rate.value = 1.2
    lab.form["schedule"].stop.value = 32
    after = lab.schedule_preview_rows()
    assert after != before and max(r["batch_size"] for r in after) > 16
    assert chart_values(lab.schedule_chart) == after
    lab.form["schedule"].restart.value = True
    restarted = lab.schedule_preview_rows()
    assert [r["batch_size"] for r in restarted] == lab.schedule().sizes_for(60, 2)
    second_epoch = [r for r in restarted if r["epoch"] == 1]
    assert second_epoch[0]["batch_size"] == 4  # the schedule starts again
    lab.form["schedule"].kind.value = "fixed"
    assert {r["batch_size"] for r in lab.schedule_preview_rows()} <= {4}


# -- running ---------------------------------------------------------------------------


@pytest.mark.slow
def test_a_tiny_run_draws_its_evaluations(two_seeds):
    lab = two_seeds
    first = lab.runs[0]
    assert len(lab.runs) == 2 and lab.current is None and not live_workers()
    assert first.finished and not first.cancelled and first.data.n_train == 60
    rows = [r for r in lab.rows() if r["run_number"] == 1]
    assert [(r["examples_seen"], r["ents_f"], r["binary_accuracy"]) for r in rows] == [
        (e.examples_seen, e.ents_f, e.binary_accuracy) for e in first.evaluations
    ]
    assert chart_values(lab.chart) == lab.rows()
    assert lab.progress.value == lab.progress.max == lab.runs[-1].updates
    assert lab.rule_rows()[0]["dev_reject_share"] == first.data.dev_reject_share
    assert "n examples" in lab.data_table.value and "predicts-nothing" in lab.data_table.value


@pytest.mark.slow
def test_the_legend_names_what_differs(two_seeds):
    assert two_seeds.run_labels() == ["run 1: seed=0", "run 2: seed=1"]
    assert {r["run"] for r in chart_values(two_seeds.chart)} == {"run 1: seed=0", "run 2: seed=1"}


@pytest.mark.slow
def test_changing_a_control_during_a_run_changes_only_the_next_run():
    lab = LearningCurveLab(TINY)
    lab.run_button.click()
    lab.form["seed"].value = 9
    lab.form["schedule"].kind.value = "fixed"
    assert lab.wait(60)
    assert lab.runs[0].settings == TINY
    assert lab.settings().seed == 9


@pytest.mark.slow
def test_stop_keeps_the_run_as_cancelled_and_ends_the_thread():
    lab = LearningCurveLab(TINY.with_changes(epochs=30))
    lab.run_button.click()
    wait_for(lambda: lab.current is not None and len(lab.current.evaluations) >= 2)
    lab.stop_button.click()
    assert lab.wait(30)
    assert lab.current is None and not live_workers()
    stopped = lab.runs[-1]
    assert stopped.cancelled and stopped.updates < len(TINY.schedule.sizes_for(60, 30))
    assert lab.run_labels()[-1].endswith("(stopped)")
    lab.run_button.click()
    lab.stop_button.click()  # straight after Run: the run ends at its next event
    assert lab.wait(30) and not live_workers() and lab.current is None


@pytest.mark.slow
def test_rapid_run_clicks_leave_at_most_one_worker():
    lab = LearningCurveLab(TINY.with_changes(epochs=30))
    most, done = [0], threading.Event()

    def watch():
        while not done.is_set():
            most[0] = max(most[0], len(live_workers()))
            time.sleep(0.002)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    for seed in range(6):
        lab.form["seed"].value = seed
        lab.run_button.click()
        assert len(live_workers()) <= 1
    lab.stop_button.click()
    assert lab.wait(30)
    done.set()
    watcher.join()
    assert most[0] == 1 and not live_workers()
    assert all(r.cancelled for r in lab.runs)


# -- saving and loading ----------------------------------------------------------------


@pytest.mark.slow
def test_saved_runs_load_back_without_training(two_seeds, tmp_path):
    path = two_seeds.export_runs(tmp_path / "runs.json")
    demo = LearningCurveLab(precomputed=path)
    assert demo.current is None and not live_workers()
    assert demo.rows() == two_seeds.rows()
    assert demo.run_labels() == two_seeds.run_labels()
    assert [r.settings for r in demo.runs] == [r.settings for r in two_seeds.runs]
    assert demo.rule_rows() == two_seeds.rule_rows()

    table = two_seeds.export_runs(tmp_path / "runs.csv")
    with table.open() as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == sum(len(r.evaluations) for r in two_seeds.runs)
    assert {row["settings.seed"] for row in rows} == {"0", "1"} and "ents_f" in rows[0]
    demo.clear_button.click()
    assert demo.runs == [] and demo.rows() == [] and chart_values(demo.chart) == []


@pytest.mark.slow
@pytest.mark.parametrize("suffix", ["svg", "png", "html"])
def test_export_chart_writes_a_file(two_seeds, tmp_path, suffix):
    path = two_seeds.export_chart(tmp_path / f"curve.{suffix}")
    assert path.stat().st_size > 1000
    if suffix == "svg":
        assert "run 2: seed=1" in path.read_text()
    assert b"nerlab-chart v1, made by nerlab" in path.read_bytes() or b'"nerlab-chart"' in path.read_bytes()


@pytest.mark.slow
def test_static_fallbacks(two_seeds):
    assert repr(two_seeds).startswith("LearningCurveLab: run this notebook to train")
    page = two_seeds.to_html()
    assert "<svg" in page and "run 1: seed=0" in page
    bundle = two_seeds._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle and bundle["text/plain"] == repr(two_seeds)


def test_the_preset_button_sets_the_threads_set_up_and_keeps_the_data():
    from nerlab.training.presets import preset

    lab = LearningCurveLab(TINY)
    lab.preset.value = "thread"
    lab.preset_button.click()
    assert lab.settings() == preset("thread", n_train=60, n_dev=30, eval_every=30)
    assert "thread" in lab.message.value
    lab.form["tasks"].value = "separate"  # any control overrides it afterwards
    assert lab.settings().tasks == "separate" and lab.settings().reject_grouping == "per-doc"


@pytest.mark.slow
def test_the_x_axis_toggle_redraws_the_same_runs_against_updates(two_seeds, fields):
    before = chart_values(two_seeds.chart)
    assert fields(two_seeds.chart.spec, "x") == {"examples_seen"}
    two_seeds.x_axis.value = "update"
    assert fields(two_seeds.chart.spec, "x") == {"update"}
    assert chart_values(two_seeds.chart) == before  # the same runs, the same evaluations
    two_seeds.x_axis.value = "examples_seen"
    assert fields(two_seeds.chart.spec, "x") == {"examples_seen"}


def run_coroutine(coroutine):
    """asyncio.run on a thread of its own: when the browser tests ran first in this session,
    Playwright's sync API keeps an event loop running on the main thread."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_an_interrupted_wait_stops_the_run_it_waits_for():
    """A kernel interrupt (or a cancelled cell) must not leave the training thread running."""
    import asyncio

    lab = LearningCurveLab(TINY.with_changes(epochs=30))
    lab.start()

    async def interrupted():
        waiting = asyncio.ensure_future(lab.wait_async())
        for _ in range(600):  # until the run has a point to keep (a busy machine starts slowly)
            if lab.current is not None and lab.current.evaluations:
                break
            await asyncio.sleep(0.05)
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting

    run_coroutine(interrupted())
    assert not live_workers() and lab.current is None and lab.runs[-1].cancelled


@pytest.mark.slow
def test_train_all_trains_each_in_turn_with_live_widgets():
    lab = LearningCurveLab(TINY)
    runs = run_coroutine(lab.train_all([TINY, TINY.with_changes(seed=1)]))
    assert [r.settings.seed for r in runs] == [0, 1] and lab.runs == runs and not live_workers()


def test_the_scale_comes_from_a_voila_address_first(monkeypatch):
    from nerlab.widgets.style import default_scale

    monkeypatch.setenv("NERLAB_SCALE", "1.6")
    monkeypatch.delenv("QUERY_STRING", raising=False)
    assert default_scale() == 1.6
    monkeypatch.setenv("QUERY_STRING", "scale=2&other=x")
    assert default_scale() == 2.0
    monkeypatch.setenv("QUERY_STRING", "scale=9")
    with pytest.raises(ValueError, match="between 0.5 and 4"):
        default_scale()


@pytest.mark.slow
def test_the_data_size_curve_trains_each_share_and_draws_the_share_on_the_x_axis(fields):
    lab = LearningCurveLab(TINY.with_changes(epochs=1))
    runs = run_coroutine(lab.train_curve(shares=(0.5, 1.0)))
    assert [r.settings.train_share for r in runs] == [0.5, 1.0]
    assert runs[0].data.n_train < runs[1].data.n_train  # half the training documents...
    assert runs[0].data.n_dev == runs[1].data.n_dev  # ...scored on the same held-out ones
    assert lab.x_axis.value == "train_share" and fields(lab.chart.spec, "x") == {"train_share"}
    values = chart_values(lab.chart)
    assert [v["train_share"] for v in values] == [0.5, 1.0] and len({v["run"] for v in values}) == 1  # one line
    assert "Data-size curve: more data" in lab.message.value  # the verdict, either way
    lab.x_axis.value = "examples_seen"  # the same runs as learning curves again
    assert fields(lab.chart.spec, "x") == {"examples_seen"}


def test_modes_are_resolved_once_when_the_lab_is_made(monkeypatch):
    """Lecture mode and the scale are read when the lab is made, not later, deep inside."""
    from nerlab.course import saved_runs

    saved = saved_runs("02_dynamic_oracle")
    monkeypatch.delenv("QUERY_STRING", raising=False)
    monkeypatch.setenv("NERLAB_SCALE", "1.5")
    monkeypatch.setenv("NERLAB_PRECOMPUTED", "1")
    lab = LearningCurveLab(TINY)
    monkeypatch.setenv("NERLAB_SCALE", "1")
    monkeypatch.delenv("NERLAB_PRECOMPUTED")
    assert lab.scale == 1.5 and lab.lecture
    assert len(run_coroutine(lab.train_all([], saved=saved))) > 0  # still lecture mode: the saved runs
    assert run_coroutine(LearningCurveLab(TINY, lecture=False).train_all([], saved=saved)) == []
    assert LearningCurveLab(TINY, static=True).static and not LearningCurveLab(TINY).static
