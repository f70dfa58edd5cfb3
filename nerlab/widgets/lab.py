"""The learning-curve lab: choose how a spaCy NER model learns, train it, watch it learn.

    from nerlab.widgets import LearningCurveLab
    lab = LearningCurveLab()
    lab

Every field of `RunSettings` has a control. Run trains in a background thread
(`worker.RunWorker`), so the notebook stays responsive and the chart grows as each
held-out evaluation arrives. Finished and stopped runs stay on the chart, named by the
settings that set them apart, so a class can compare binary against gold supervision, or
missing against O, on one picture. The widget decides nothing about training: it reads
the controls into a `RunSettings`, hands it to the runner, and draws the events.
"""

from __future__ import annotations

import functools
import html
import io
import math
import threading
import time
from dataclasses import fields
from pathlib import Path

import altair as alt
import ipywidgets as w

from ..data import PRESETS, DataSummary
from ..training import BatchSchedule, RunSettings, parse_explore, parse_update
from ..training.schedules import KINDS, UNITS
from ..training.settings import ACCEPTS, REJECT_STRATEGIES, SUPERVISIONS, TASK_MODES
from . import charts
from .style import COSTLY, base_css, default_scale, scale_class
from .worker import LabRun, RunWorker, load_runs, save_runs

WORD_PREVIEW_UPDATES = 200  # a schedule in words: show this many sizes (the count depends on the texts)
CHART_FORMATS = ("svg", "png", "html")
RUNS_FORMATS = ("json", "csv")
EMBED = {"renderer": "svg", "actions": False}  # svg: a browser test can read the marks


def guarded(callback):
    """A widget callback that shows its error in the lab instead of losing it in a log."""

    @functools.wraps(callback)
    def wrapper(self, *args, **kwargs):
        try:
            return callback(self, *args, **kwargs)
        except Exception as error:
            self._say(f"{type(error).__name__}: {error}", error=True)

    return wrapper


class LearningCurveLab:
    """Controls for a run, Run/Stop/Clear, a live learning curve, and saved runs to compare.

    `settings` fills the controls (default: `RunSettings()`); `scale` enlarges fonts and
    charts for a projector; `precomputed` is a .json path (or a list of them) written by
    `export_runs`, drawn at once without training.
    """

    join_timeout = 10.0  # seconds Run waits for a previous run to stop before refusing to start

    def __init__(self, settings: RunSettings | None = None, scale: float | None = None, precomputed=None):
        self.scale = scale if scale is not None else default_scale()
        self.runs: list[LabRun] = []  # finished or stopped runs, in the order they started
        self._current: LabRun | None = None
        self._worker: RunWorker | None = None
        self._state = threading.RLock()  # guards runs, current and the chart (the worker writes them)
        self._starting = threading.Lock()  # one Run or Stop at a time
        self._settings_error: str | None = None
        self._status = ("Choose settings and press Run.", False)
        self._progress_drawn_at = 0.0
        alt.JupyterChart.enable_offline()  # the charts draw without internet access

        self._make_controls()
        self._make_outputs()
        self.use_settings(settings or RunSettings())
        self.widget = self._layout()
        self._connect()
        if precomputed is not None:
            self.load_runs(precomputed)
        self._refresh_schedule()
        self._refresh_curve()
        self._show_message()

    # -- controls ----------------------------------------------------------------------

    def _make_controls(self) -> None:
        s = self.scale
        style = {"description_width": f"{150 * s:.0f}px"}
        wide = w.Layout(width="100%", max_width=f"{560 * s:.0f}px")

        def slider(kind, description, **kw):
            return kind(description=description, style=style, layout=wide, continuous_update=False, **kw)

        def choice(options, description, buttons=True):
            kind = w.ToggleButtons if buttons else w.Dropdown
            return kind(options=list(options), description=description, style=style, layout=wide)

        def text(description, placeholder):
            return w.Text(description=description, placeholder=placeholder, style=style, layout=wide)

        # data
        self.data_source = text("data", "synthetic, or a .jsonl / .spacy file")
        self.dev_source = text("held-out data", "empty: a held-out split of the synthetic corpus")
        self.n_train = slider(w.IntSlider, "training docs", min=10, max=5000, step=10)
        self.n_dev = slider(w.IntSlider, "held-out docs", min=10, max=2000, step=10)
        self.difficulty = choice(PRESETS, "difficulty")
        self.labels = text("labels", "empty: all labels; or e.g. PERSON, ORG")
        # supervision
        self.supervision = choice(SUPERVISIONS, "supervision")
        self.accepts = choice(ACCEPTS, "accept tasks", buttons=False)
        self.rejects = choice(REJECT_STRATEGIES, "reject strategy", buttons=False)
        self.reject_ratio = slider(w.FloatSlider, "rejects per accept", min=0.0, max=3.0, step=0.1)
        self.no_missing = w.Checkbox(description="unannotated tokens are O (no_missing)", indent=False)
        self.tasks = choice(TASK_MODES, "tasks on one text")
        # learning
        self.update_kind = choice(("greedy", "beam"), "update")
        self.beam_width = slider(w.IntSlider, "beam width", min=2, max=32)
        self.explore = choice(("model", "oracle", "probability"), "exploration")
        self.explore_p = slider(w.FloatSlider, "P(follow model)", min=0.0, max=1.0, step=0.05)
        self.base = w.Combobox(options=["blank", "news"], ensure_option=False, description="base model",
                               placeholder="blank, news, or a pipeline name or path", style=style, layout=wide)
        self.rehearsal = slider(w.IntSlider, "rehearsal docs", min=0, max=2000, step=50)
        self.epochs = slider(w.IntSlider, "epochs", min=1, max=30)
        self.learn_rate = slider(w.FloatLogSlider, "learning rate", base=10, min=-5, max=-1, step=0.1, readout_format=".1e")
        self.dropout = slider(w.FloatSlider, "dropout", min=0.0, max=0.8, step=0.05)
        self.model_width = slider(w.IntSlider, "hidden width", min=16, max=256, step=16)
        self.model_depth = slider(w.IntSlider, "CNN depth", min=1, max=6)
        self.eval_every = slider(w.IntSlider, "evaluate every (docs)", min=10, max=5000, step=10)
        self.seed = w.BoundedIntText(description="seed", min=0, max=10**9, style=style, layout=w.Layout(width=f"{260 * s:.0f}px"))
        # schedule
        self.schedule_kind = choice(KINDS, "batch schedule")
        self.schedule_start = slider(w.FloatSlider, "start size", min=1, max=256, step=1, readout_format=".0f")
        self.schedule_stop = slider(w.FloatSlider, "stop size", min=1, max=1024, step=1, readout_format=".0f")
        self.schedule_rate = slider(w.FloatSlider, "rate per update", min=0.9, max=1.5, step=0.001, readout_format=".3f")
        self.schedule_unit = choice(UNITS, "size counts")
        self.schedule_restart = w.Checkbox(description="restart the schedule each epoch", indent=False)
        # run and save
        button = w.Layout(width=f"{110 * s:.0f}px")
        self.run_button = w.Button(description="Run", button_style="primary", icon="play", layout=button)
        self.stop_button = w.Button(description="Stop", icon="stop", layout=button)
        self.clear_button = w.Button(description="Clear", icon="trash", tooltip="forget the kept runs", layout=button)
        self.export_name = text("file name", "without a suffix")
        self.export_name.value = "learning-curve"
        self.chart_format = choice(CHART_FORMATS, "chart as", buttons=False)
        self.runs_format = choice(RUNS_FORMATS, "runs as", buttons=False)
        self.export_chart_button = w.Button(description="Save chart", icon="image", layout=button)
        self.export_runs_button = w.Button(description="Save runs", icon="save", layout=button)

    def _settings_controls(self) -> list:
        """Every control that feeds a RunSettings field."""
        return [
            self.data_source, self.dev_source, self.n_train, self.n_dev, self.difficulty, self.labels,
            self.supervision, self.accepts, self.rejects, self.reject_ratio, self.no_missing, self.tasks,
            self.update_kind, self.beam_width, self.explore, self.explore_p, self.base, self.rehearsal,
            self.epochs, self.learn_rate, self.dropout, self.model_width, self.model_depth, self.eval_every,
            self.seed, *self._schedule_controls(),
        ]

    def _schedule_controls(self) -> list:
        return [self.schedule_kind, self.schedule_start, self.schedule_stop, self.schedule_rate,
                self.schedule_unit, self.schedule_restart]

    def _make_outputs(self) -> None:
        s = self.scale
        self.progress = w.IntProgress(value=0, min=0, max=1, description="updates", style={"description_width": "initial"},
                                      layout=w.Layout(width="100%", max_width=f"{420 * s:.0f}px"))
        self.message = w.HTML()
        self.data_table = w.HTML(layout=w.Layout(max_width=f"{380 * s:.0f}px"))
        self.chart = alt.JupyterChart(charts.learning_curve([], scale=s), embed_options=EMBED)
        self.schedule_chart = alt.JupyterChart(charts.schedule_preview([], scale=s), embed_options=EMBED)

    def _layout(self) -> w.VBox:
        """Buttons, the curve beside the data table, then the controls in tabs (no sideways scroll)."""
        wrap = w.Layout(display="flex", flex_flow="row wrap", align_items="flex-start", width="100%")
        s = self.scale
        font = w.HTML(  # widget fonts follow the scale; a chart wider than the page shrinks to fit
            f"<style>.nerlab-lab {{ --jp-widgets-font-size: {13 * s:.0f}px; "
            f"--jp-widgets-inline-height: {28 * s:.0f}px; }}"
            f".nerlab-lab .vega-embed, .nerlab-lab .vega-embed svg {{ max-width: 100%; height: auto; }}"
            f"</style>{base_css(s)}"
        )
        tabs = w.Tab(
            children=[
                w.VBox([self.data_source, self.dev_source, self.n_train, self.n_dev, self.difficulty, self.labels]),
                w.VBox([self.supervision, self.accepts, self.rejects, self.reject_ratio, self.no_missing, self.tasks]),
                w.VBox([self.update_kind, self.beam_width, self.explore, self.explore_p, self.base, self.rehearsal,
                        self.epochs, self.learn_rate, self.dropout, self.model_width, self.model_depth,
                        self.eval_every, self.seed]),
                w.VBox([*self._schedule_controls(), self.schedule_chart]),
                w.VBox([self.export_name, w.HBox([self.chart_format, self.export_chart_button], layout=wrap),
                        w.HBox([self.runs_format, self.export_runs_button], layout=wrap)]),
            ],
            titles=["Data", "Supervision", "Learning", "Batch schedule", "Save"],
            layout=w.Layout(width="100%"),
        )
        box = w.VBox(
            [
                font,
                w.HBox([self.run_button, self.stop_button, self.clear_button, self.progress], layout=wrap),
                self.message,
                w.HBox([self.chart, self.data_table], layout=wrap),
                tabs,
            ],
            layout=w.Layout(width="100%", overflow="hidden"),
        )
        box.add_class("nerlab-lab")
        box.add_class(scale_class(self.scale))
        return box

    def _connect(self) -> None:
        for control in self._settings_controls():
            control.observe(self._on_control_change, names="value")
        self.run_button.on_click(self._on_run_click)
        self.stop_button.on_click(self._on_stop_click)
        self.clear_button.on_click(self._on_clear_click)
        self.export_chart_button.on_click(self._on_export_chart_click)
        self.export_runs_button.on_click(self._on_export_runs_click)

    # -- controls <-> settings -----------------------------------------------------------

    def settings(self) -> RunSettings:
        """The RunSettings the controls describe; a ValueError (also shown) if they cannot run."""
        try:
            settings = RunSettings(
                data=self.data_source.value.strip() or "synthetic",
                dev=self.dev_source.value.strip() or None,
                n_train=self.n_train.value,
                n_dev=self.n_dev.value,
                difficulty=self.difficulty.value,
                labels=tuple(x.strip() for x in self.labels.value.split(",") if x.strip()) or None,
                supervision=self.supervision.value,
                accepts=self.accepts.value,
                rejects=self.rejects.value,
                reject_ratio=self.reject_ratio.value,
                no_missing=self.no_missing.value,
                tasks=self.tasks.value,
                schedule=self.schedule(),
                update="greedy" if self.update_kind.value == "greedy" else f"beam:{self.beam_width.value}",
                explore=parse_explore(self.explore.value if self.explore.value != "probability" else self.explore_p.value),
                base=self.base.value.strip() or "blank",
                rehearsal=self.rehearsal.value,
                epochs=self.epochs.value,
                learn_rate=self.learn_rate.value,
                dropout=self.dropout.value,
                width=self.model_width.value,
                depth=self.model_depth.value,
                eval_every=self.eval_every.value,
                seed=self.seed.value,
            )
        except ValueError as error:
            self._settings_error = str(error)
            self._show_message()
            raise ValueError(f"These settings cannot run: {error}") from None
        self._settings_error = None
        self._show_message()
        return settings

    def schedule(self) -> BatchSchedule:
        """The batch schedule the schedule controls describe."""
        if self.schedule_kind.value == "fixed":
            return BatchSchedule.fixed(int(self.schedule_start.value), self.schedule_unit.value)
        return BatchSchedule.compounding(
            self.schedule_start.value, self.schedule_stop.value, self.schedule_rate.value,
            self.schedule_unit.value, self.schedule_restart.value,
        )

    def use_settings(self, settings: RunSettings) -> None:
        """Set every control from `settings` (to repeat a run: `lab.use_settings(lab.runs[0].settings)`)."""
        update, width = parse_update(settings.update)
        explore = {1.0: "model", 0.0: "oracle"}.get(settings.explore, "probability")
        schedule = settings.schedule
        values = [
            (self.data_source, settings.data), (self.dev_source, settings.dev or ""),
            (self.n_train, settings.n_train), (self.n_dev, settings.n_dev), (self.difficulty, settings.difficulty),
            (self.labels, ", ".join(settings.labels or ())), (self.supervision, settings.supervision),
            (self.accepts, settings.accepts), (self.rejects, settings.rejects), (self.reject_ratio, settings.reject_ratio),
            (self.no_missing, settings.no_missing), (self.tasks, settings.tasks), (self.update_kind, update),
            (self.beam_width, max(width, 2)), (self.explore, explore), (self.explore_p, settings.explore),
            (self.base, settings.base), (self.rehearsal, settings.rehearsal), (self.epochs, settings.epochs),
            (self.learn_rate, settings.learn_rate), (self.dropout, settings.dropout), (self.model_width, settings.width),
            (self.model_depth, settings.depth), (self.eval_every, settings.eval_every), (self.seed, settings.seed),
            (self.schedule_kind, schedule.kind), (self.schedule_start, schedule.start),
            (self.schedule_stop, schedule.stop), (self.schedule_rate, schedule.rate),
            (self.schedule_unit, schedule.unit), (self.schedule_restart, schedule.restart_each_epoch),
        ]
        for control, value in values:
            stretch_to(control, value)
            control.value = value
        self._enable_relevant()
        try:
            self.settings()  # clears a message left by a half-applied combination
        except ValueError:
            pass

    def _enable_relevant(self) -> None:
        """Grey out the controls that the other choices make irrelevant."""
        supervision = self.supervision.value
        self.accepts.disabled = supervision == "gold"
        self.tasks.disabled = supervision == "gold"
        self.rejects.disabled = self.reject_ratio.disabled = supervision != "binary"
        self.beam_width.disabled = self.update_kind.value != "beam"
        self.explore_p.disabled = self.explore.value != "probability"
        fixed = self.schedule_kind.value == "fixed"
        self.schedule_stop.disabled = self.schedule_rate.disabled = self.schedule_restart.disabled = fixed

    @guarded
    def _on_control_change(self, change) -> None:
        """A control moved: check the settings, redraw the schedule. A running run is untouched."""
        self._enable_relevant()
        try:
            self.settings()
        except ValueError:
            pass  # the message already says what is wrong
        if change["owner"] in (*self._schedule_controls(), self.n_train, self.epochs):
            self._refresh_schedule()

    # -- the schedule preview --------------------------------------------------------------

    def schedule_preview_rows(self) -> list[dict]:
        """One row per update of a run with these controls: its batch size and epoch."""
        schedule = self.schedule()
        n_train, epochs = self.n_train.value, self.epochs.value
        if schedule.unit != "docs":
            sizes = schedule.sizes(WORD_PREVIEW_UPDATES)
            return [{"update": k + 1, "batch_size": size, "epoch": 0, "examples_seen": None} for k, size in enumerate(sizes)]
        rows, seen = [], 0
        for k, size in enumerate(schedule.sizes_for(n_train, epochs)):
            epoch = seen // n_train  # each epoch's batches add up to exactly n_train documents
            seen += size
            rows.append({"update": k + 1, "batch_size": size, "epoch": epoch, "examples_seen": seen})
        return rows

    def _refresh_schedule(self) -> None:
        rows = self.schedule_preview_rows()
        schedule = self.schedule()
        name = f"{schedule}, restarting each epoch" if schedule.restart_each_epoch else str(schedule)
        if schedule.unit == "docs":
            title = f"{name}: {len(rows)} updates over {self.epochs.value} epoch(s) of {self.n_train.value} docs"
        else:
            title = f"{name}: the first {len(rows)} sizes in words (the number of updates depends on the texts)"
        self.schedule_chart.chart = charts.schedule_preview(rows, title=title, scale=self.scale)

    # -- running -------------------------------------------------------------------------

    @property
    def current(self) -> LabRun | None:
        """The run being trained now, or None."""
        return self._current

    def start(self) -> LabRun | None:
        """Train with the controls' settings; a run already going is stopped first.

        Returns the new run, or None if the settings cannot run or the previous run would
        not stop in time (the message says which).
        """
        with self._starting:
            try:
                settings = self.settings()
            except ValueError:
                return None
            if not self._stop_and_join():
                self._say("The previous run is still finishing its step; press Run again in a moment.", error=True)
                return None
            lab_run = LabRun(settings)
            with self._state:
                self._current = lab_run
                self._worker = RunWorker(lab_run, self._on_event, self._on_done)
                self.progress.value, self.progress.max = 0, max(expected_updates(settings), 1)
                slow = " (the first run from 'news' builds that model once: allow a minute or two)" if settings.base == "news" else ""
                self._say(f"Training {self.run_labels()[-1]}: preparing the data...{slow}")
                self._refresh_curve()
            self._worker.start()
            return lab_run

    def stop(self) -> None:
        """Ask the running run to stop; it ends after its current step and stays on the chart."""
        worker = self._worker
        if worker is not None and worker.alive:
            self._say("Stopping after the current step...")
            worker.stop()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the current run ends (for headless notebooks and tests); True if it has."""
        worker = self._worker
        return worker.join(timeout) if worker is not None else True

    def close(self) -> None:
        """Stop any run, wait for its thread, and close every widget of the lab."""
        self._stop_and_join()
        for control in [*vars(self).values(), *self.widget.children]:
            if isinstance(control, w.Widget):
                control.close()

    def _stop_and_join(self) -> bool:
        worker = self._worker
        if worker is None or not worker.alive:
            return True
        worker.stop()
        return worker.join(self.join_timeout)

    @guarded
    def _on_run_click(self, _button) -> None:
        self.start()

    @guarded
    def _on_stop_click(self, _button) -> None:
        self.stop()

    @guarded
    def _on_clear_click(self, _button) -> None:
        self.clear()

    # -- events from the worker thread -------------------------------------------------------

    def _on_event(self, lab_run: LabRun, event) -> None:
        """Called in the worker thread for each event (ipywidgets 8 accepts updates from threads)."""
        if event.event == "progress":
            self._draw_progress(event.update)
        elif event.event == "data":
            with self._state:
                self.progress.max = max(expected_updates(lab_run.settings, event), 1)
                self._refresh_curve()  # the data table and the predicts-nothing rule
            self._say(f"Training {self._label_of(lab_run)}...")
        elif event.event == "evaluation":
            self._refresh_curve()

    def _draw_progress(self, update: int) -> None:
        """Move the bar at most 20 times a second: each move is a message to the browser."""
        now = time.perf_counter()
        if now - self._progress_drawn_at >= 0.05 or update >= self.progress.max:
            self._progress_drawn_at = now
            if update > self.progress.max:  # the estimate was short (words, or extra examples)
                self.progress.max = update
            self.progress.value = update

    def _on_done(self, lab_run: LabRun) -> None:
        """Called in the worker thread when a run ends: keep it if it has anything to draw."""
        with self._state:
            label = self._label_of(lab_run)
            if self._current is lab_run:
                self._current = None
            if lab_run.evaluations:
                self.runs.append(lab_run)
            if lab_run.finished and not lab_run.cancelled and not lab_run.error:
                self.progress.max = max(lab_run.updates, 1)
                self.progress.value = self.progress.max
            self._refresh_curve()
        if lab_run.error:
            self._say(f"{label} failed: {lab_run.error}", error=True)
        elif lab_run.cancelled:
            kept = "kept on the chart" if lab_run.evaluations else "nothing to keep: it stopped before its first evaluation"
            self._say(f"{label} stopped after {lab_run.examples_seen} examples ({kept}).")
        else:
            last = lab_run.evaluations[-1]
            accuracy = "" if last.binary_accuracy is None else f", binary accuracy {last.binary_accuracy:.3f}"
            self._say(f"{label} finished in {lab_run.seconds:.1f} s: F1 {last.ents_f:.3f}{accuracy}.")

    # -- the overlay ---------------------------------------------------------------------

    def _all_runs(self) -> list[LabRun]:
        with self._state:
            return self.runs + ([self._current] if self._current is not None else [])

    def run_labels(self) -> list[str]:
        """Legend labels of the kept runs and the running one, in order."""
        runs = self._all_runs()
        labels = charts.run_labels([r.settings for r in runs])
        return [label + (" (stopped)" if r.cancelled else "") for label, r in zip(labels, runs)]

    def _label_of(self, lab_run: LabRun) -> str:
        runs = self._all_runs()
        for candidate, label in zip(runs, self.run_labels()):
            if candidate is lab_run:
                return label
        return charts.run_labels([lab_run.settings])[0]

    def rows(self) -> list[dict]:
        """The learning-curve chart's rows: one per evaluation of every run, as plain dicts."""
        with self._state:
            runs, labels = self._all_runs(), self.run_labels()
            return [
                {
                    "run": label, "run_number": number, "examples_seen": e.examples_seen, "update": e.update,
                    "epoch": e.epoch, "ents_p": e.ents_p, "ents_r": e.ents_r, "ents_f": e.ents_f,
                    "binary_accuracy": e.binary_accuracy, "loss": e.loss, "predicted_per_doc": e.predicted_per_doc,
                    "cancelled": r.cancelled, "live": r is self._current,
                }
                for number, (label, r) in enumerate(zip(labels, runs), start=1)
                for e in list(r.evaluations)
            ]

    def rule_rows(self) -> list[dict]:
        """Per run: the binary accuracy of a model that predicts nothing (a dashed line)."""
        with self._state:
            return [
                {"run": label, "dev_reject_share": r.data.dev_reject_share}
                for label, r in zip(self.run_labels(), self._all_runs())
                if r.data is not None and r.data.dev_reject_share is not None
            ]

    def _refresh_curve(self) -> None:
        """Replace the whole chart with a fresh copy of the rows (updating data in place fails quietly)."""
        with self._state:
            chart = charts.learning_curve(self.rows(), self.rule_rows(), self.run_labels(), scale=self.scale)
            self.chart.chart = chart
            latest = next((r for r in reversed(self._all_runs()) if r.data is not None), None)
            if latest is None:
                self.data_table.value = ""
            else:
                self.data_table.value = data_table_html(latest.data, self._label_of(latest))

    def clear(self) -> None:
        """Forget the kept runs (a run in progress goes on)."""
        with self._state:
            self.runs.clear()
            self._refresh_curve()
        self._say("Cleared the kept runs.")

    def train_each(self, settings_list, saved: str | Path | None = None, precomputed: bool | None = None) -> list[LabRun]:
        """Train each settings in turn, waiting for each; or load `saved` runs instead.

        Saved runs are used when `precomputed` is True (default: lecture mode, i.e. the
        environment variable NERLAB_PRECOMPUTED is set) and the file exists, so a live demo
        never waits. Because runs are deterministic by seed, the saved curves are the ones
        a fresh run draws.
        """
        from ..course import lecture_mode

        use_saved = lecture_mode() if precomputed is None else precomputed
        if use_saved and saved is not None and Path(saved).exists():
            return self.load_runs(saved)
        new = []
        for settings in settings_list:
            self.use_settings(settings)
            self.start()
            self.wait()
            new.append(self.runs[-1])
        return new

    def load_runs(self, source) -> list[LabRun]:
        """Add saved runs (the .json `export_runs` writes) to the chart, without training."""
        loaded = load_runs(source)
        with self._state:
            self.runs.extend(loaded)
            self._refresh_curve()
        self._say(f"Loaded {len(loaded)} saved run(s).")
        return loaded

    # -- saving ----------------------------------------------------------------------------

    def export_chart(self, path: str | Path) -> Path:
        """Save the learning curve as .svg, .png or .html (self-contained) or .json (the spec)."""
        path = Path(path)
        suffix = path.suffix.lstrip(".")
        if suffix not in (*CHART_FORMATS, "json"):
            raise ValueError(f"Cannot save a chart as {path.name!r}: end the name in .svg, .png, .html or .json.")
        with self._state:
            chart = self.chart.chart
        if suffix == "html":
            chart.save(path, inline=True)  # the Vega scripts go inside: it opens offline
        else:
            chart.save(path)
        return path

    def export_runs(self, path: str | Path) -> Path:
        """Save every evaluation of every kept run with its settings (.json to reload, .csv to analyse)."""
        with self._state:
            runs, labels = list(self.runs), self.run_labels()[: len(self.runs)]
        return save_runs(runs, path, labels)

    def _export_path(self, suffix: str) -> Path:
        name = self.export_name.value.strip() or "learning-curve"
        for known in (*CHART_FORMATS, *RUNS_FORMATS, "json"):
            if name.endswith("." + known):
                name = name[: -len(known) - 1]
        return Path(f"{name}.{suffix}")

    @guarded
    def _on_export_chart_click(self, _button) -> None:
        path = self.export_chart(self._export_path(self.chart_format.value))
        self._say(f"Saved the chart to {path.resolve()}.")

    @guarded
    def _on_export_runs_click(self, _button) -> None:
        path = self.export_runs(self._export_path(self.runs_format.value))
        self._say(f"Saved {len(self.runs)} run(s) to {path.resolve()}.")

    # -- messages --------------------------------------------------------------------------

    def _say(self, text: str, error: bool = False) -> None:
        self._status = (text, error)
        self._show_message()

    def _show_message(self) -> None:
        """The status line; a settings problem is shown first, as it blocks the next run."""
        text, error = self._status
        if self._settings_error:
            text, error = f"These settings cannot run: {self._settings_error}", True
        colour = COSTLY if error else "#333"
        self.message.value = f'<div class="nerlab" style="color: {colour}">{html.escape(text)}</div>'

    # -- presentation ------------------------------------------------------------------------

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        if isinstance(bundle, tuple):
            bundle = bundle[0]
        return {**bundle, "text/plain": repr(self)}

    def __repr__(self) -> str:
        runs = self.runs
        lines = [
            "LearningCurveLab: run this notebook to train and watch learning curves live "
            "(the controls and the chart need a running kernel)."
        ]
        if runs:
            lines.append(f"{len(runs)} kept run(s):")
            for label, r in zip(self.run_labels(), runs):
                last = r.evaluations[-1]
                lines.append(f"  {label}: F1 {last.ents_f:.3f} after {last.examples_seen} examples")
        lines.append("A static copy of the chart and the runs: lab.to_html().")
        return "\n".join(lines)

    def to_html(self) -> str:
        """A static page: the chart as SVG (drawn by vl-convert) and a table of the runs."""
        with self._state:
            chart = self.chart.chart
            runs, labels = list(self.runs), self.run_labels()
        buffer = io.StringIO()
        chart.save(buffer, format="svg")
        cells = []
        for label, r in zip(labels, runs):
            last = r.evaluations[-1]
            accuracy = "" if last.binary_accuracy is None else f"{last.binary_accuracy:.3f}"
            cells.append(
                f"<tr><td>{html.escape(label)}</td><td>{last.examples_seen}</td><td>{last.ents_f:.3f}</td>"
                f"<td>{accuracy}</td><td>{'stopped' if r.cancelled else 'finished'}</td></tr>"
            )
        table = (
            "<table><tr><th>run</th><th>examples seen</th><th>F1</th><th>binary accuracy</th><th></th></tr>"
            + "".join(cells) + "</table>"
        ) if cells else "<p>No runs yet: run the notebook and press Run.</p>"
        return f'{base_css(self.scale)}<div class="nerlab {scale_class(self.scale)}">{buffer.getvalue()}{table}</div>'


# -- small helpers -----------------------------------------------------------------------


def expected_updates(settings: RunSettings, data=None) -> int:
    """How many updates a run will make: exact for a schedule in documents, else an estimate.

    Before the data event, the documents are counted as `settings.n_train`; after it, as
    the examples training really sees (separate binary tasks make more of them). A
    schedule in words is estimated by batching the total number of words instead.
    """
    schedule, epochs = settings.schedule, settings.epochs
    n_examples = data.n_train if data is not None else settings.n_train
    if schedule.unit == "docs":
        return len(schedule.sizes_for(n_examples, epochs))
    if data is None:
        return 0
    words = sum(data.summary.get(k, 0) or 0 for k in ("tokens_O", "tokens_missing", "tokens_in_entity"))
    as_docs = BatchSchedule(schedule.kind, schedule.start, schedule.stop, schedule.rate, "docs", schedule.restart_each_epoch)
    return len(as_docs.sizes_for(words, epochs)) if words else 0


def stretch_to(control, value) -> None:
    """Widen a slider's range so it can hold `value` (a log slider's range is in exponents)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not hasattr(control, "max"):
        return
    if isinstance(control, w.FloatLogSlider):
        value = math.log(value, control.base) if value > 0 else control.min
    control.max = max(control.max, value)
    control.min = min(control.min, value)


def data_table_html(data, label: str) -> str:
    """What the training examples say, and the held-out levels to read the curve against."""
    meanings = {}
    known = {f.name for f in fields(DataSummary)}
    summary = dict(data.summary)
    if known <= set(summary):
        meanings = {name: meaning for name, _, meaning in DataSummary(**{k: summary[k] for k in known}).as_rows()}
    rows = [(name.replace("_", " "), value, meanings.get(name, "")) for name, value in summary.items()]
    rows += [
        ("held-out docs", data.n_dev, "documents the curve is scored on"),
        ("entities per held-out doc", f"{data.dev_entities_per_doc:.2f}", "what a perfect model predicts per document"),
    ]
    if data.dev_reject_share is not None:
        rows.append(("predicts-nothing accuracy", f"{data.dev_reject_share:.3f}",
                     "binary accuracy of a model that predicts no entity (the dashed line)"))
    body = "".join(
        f'<tr title="{html.escape(meaning)}"><td>{html.escape(name)}</td><td>{html.escape(str(value))}</td></tr>'
        for name, value, meaning in rows
    )
    return f'<div class="nerlab"><b>What {html.escape(label)} trains on</b><table>{body}</table></div>'
