"""The learning-curve lab: choose how a spaCy NER model learns, train it, watch it learn.

    from nerlab.widgets import LearningCurveLab
    lab = LearningCurveLab()
    lab

Every field of `RunSettings` has a control (`lab_form.SettingsForm`, built from the
settings table). Run trains in a background thread (`worker.RunWorker`), so the notebook
stays responsive and the chart grows as each held-out evaluation arrives. Finished and
stopped runs stay on the chart, named by the settings that set them apart, so a class can
compare binary against gold supervision, or missing against O, on one picture. The widget
decides nothing about training: it reads the form into a `RunSettings`, hands it to the
runner, and draws the events.
"""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import altair as alt
import ipywidgets as w

from ..course import lecture_mode, static_mode
from ..data import DataError
from ..training import (
    BatchSchedule,
    DataEvent,
    EvaluationEvent,
    ProgressEvent,
    RunRecord,
    RunSettings,
    SettingError,
    expected_updates,
    load_runs,
    reads_as_answers,
    run_labels,
    save_runs,
)
from ..training.curve import SHARES, curve_points, curve_settings, verdict
from ..training.prepare import preview
from ..training.presets import RUN_PRESETS
from ..training.saved import record_labels
from . import charts, lab_layout
from .lab_form import SettingsForm
from .lab_html import data_table_html, display_static, run_end_message, runs_text, static_html
from .lab_save import SavePanel, save_chart
from .messages import guarded, message_html
from .style import default_scale
from .worker import RunWorker, wait_async


class LearningCurveLab:
    """Controls for a run, Run/Stop/Clear, a live learning curve, and saved runs to compare.

    `settings` fills the controls (default: `RunSettings()`); `scale` enlarges fonts and
    charts for a projector; `precomputed` is a .json path (or a list of them) written by
    `export_runs`, drawn at once without training. The modes are resolved once, here:
    `scale` defaults to `default_scale()` ($NERLAB_SCALE or `?scale=`), `lecture` (load saved
    runs instead of training) to $NERLAB_PRECOMPUTED, `static` (print the chart where a cell
    ends, for `nerlab build-course`) to $NERLAB_STATIC.
    """

    join_timeout = 10.0  # seconds Run waits for a previous run to stop before refusing to start

    def __init__(
        self,
        settings: RunSettings | None = None,
        scale: float | None = None,
        precomputed=None,
        *,
        lecture: bool | None = None,
        static: bool | None = None,
    ):
        self.scale = scale if scale is not None else default_scale()
        self.lecture = lecture_mode() if lecture is None else lecture
        self.static = static_mode() if static is None else static
        self.runs: list[RunRecord] = []  # finished or stopped runs, in the order they started
        self._current: RunRecord | None = None
        self._worker: RunWorker | None = None
        self._state = threading.RLock()  # guards runs, current and the chart (the worker writes them)
        self._starting = threading.Lock()  # one Run or Stop at a time
        self._settings_error: str | None = None
        self._status = ("Choose settings and press Run.", False)
        self._progress_drawn_at = 0.0
        self._curve_task = None  # the "Data-size curve" button's runs, on the kernel's event loop
        self._preview: tuple[str, DataEvent] | None = None  # a chosen file's data table, shown before its run
        alt.JupyterChart.enable_offline()  # the charts draw without internet access

        self.form = SettingsForm(self.scale)
        self.saving = SavePanel(self.scale, self._chart_now, self._runs_now, self._say)
        lab_layout.build(self)  # the buttons, outputs and layout (self.run_button, self.chart, self.widget, ...)
        self.use_settings(settings or RunSettings())
        self._connect()
        if precomputed is not None:
            self.load_runs(precomputed)
        self._refresh_schedule()
        self._refresh_curve()
        self._show_message()

    def _connect(self) -> None:
        def on_error(text: str) -> None:
            self._say(text, error=True)

        self.form.observe(guarded(self._on_control_change, on_error))
        for toggle in (self.x_axis, self.reading):
            toggle.observe(guarded(lambda _change: self._refresh_curve(), on_error), names="value")
        for button, action in [
            (self.run_button, self.start),
            (self.stop_button, self.stop),
            (self.clear_button, self.clear),
            (self.curve_button, self._start_curve),
            (self.preset_button, lambda: self.use_preset(self.preset.value)),
        ]:
            button.on_click(guarded(lambda _button, action=action: action(), on_error))

    # -- the form <-> settings -----------------------------------------------------------

    def settings(self) -> RunSettings:
        """The RunSettings the controls describe; a ValueError (also shown) if they cannot run."""
        try:
            settings = self.form.settings()
        except ValueError as error:
            self._settings_error = str(error)
            self._show_message()
            raise ValueError(f"These settings cannot run: {error}") from None
        self._settings_error = None
        self._show_message()
        return settings

    def schedule(self) -> BatchSchedule:
        """The batch schedule the schedule controls describe."""
        return self.form["schedule"].value

    def use_settings(self, settings: RunSettings) -> None:
        """Set every control from `settings` (to repeat a run: `lab.use_settings(lab.runs[0].settings)`)."""
        self.form.use(settings)
        try:
            self.settings()  # clears a message left by a half-applied combination
        except ValueError:
            pass

    def use_preset(self, name: str) -> None:
        """Apply a named set-up (`RUN_PRESETS`) on top of the controls' data and seed."""
        try:
            current = self.form.settings()
        except ValueError:
            current = RunSettings()
        self.use_settings(current.with_changes(**RUN_PRESETS[name]))
        self._say(f"Preset {name!r}: " + ", ".join(f"{k}={v}" for k, v in RUN_PRESETS[name].items()) + ".")

    def _on_control_change(self, name: str) -> None:
        """A control moved: check the settings, redraw the schedule. A running run is untouched."""
        self.form.enable_relevant()
        try:
            self.settings()
        except ValueError:
            pass  # the message already says what is wrong
        if name in ("schedule", "n_train", "epochs"):
            self._refresh_schedule()
        if name in ("data", "dev", "annotation", "supervision", "no_missing", "tasks", "eval_split", "labels"):
            self._check_data()

    def use_data_file(self, path: str) -> None:
        """Train on this file (a path, or an uploaded copy): it is checked and its data table shown at once."""
        self.form["data"].value = path
        self._check_data()

    def _check_data(self) -> None:
        """For a data file: read it as the run would, switch a file of answers to binary supervision,
        and show what it claims before anything trains. A bad file is one line in the status."""
        try:
            settings = self.form.settings()
            if Path(settings.data).suffix not in (".jsonl", ".json", ".spacy"):
                self._preview = None
                return
            if settings.supervision == "gold" and reads_as_answers(settings):
                self.form["supervision"].value = "binary"  # checks again through the control's callback
                self._say(f"{Path(settings.data).name} holds accept/reject answers: supervision set to binary.")
                return
            name, data = Path(settings.data).name, preview(settings)
            self._preview = (name, data)
            self._say(
                f"{name}: {data.n_train} training examples, {data.n_dev} held-out texts; what they claim is in "
                f"the table beside the chart. Press Run to train."
            )
        except (DataError, SettingError) as error:
            self._preview = None
            self._say(str(error), error=True)
        self._refresh_curve()

    # -- the schedule preview --------------------------------------------------------------

    def schedule_preview_rows(self) -> list[dict]:
        """One row per update of a run with these controls: its batch size and epoch."""
        return charts.schedule_rows(self.schedule(), self.form["n_train"].value, self.form["epochs"].value)

    def _refresh_schedule(self) -> None:
        rows, n_train, epochs = self.schedule_preview_rows(), self.form["n_train"].value, self.form["epochs"].value
        title = charts.schedule_title(self.schedule(), len(rows), n_train, epochs)
        self.schedule_chart.chart = charts.schedule_preview(rows, title=title, scale=self.scale)

    # -- running -------------------------------------------------------------------------

    @property
    def current(self) -> RunRecord | None:
        """The run being trained now, or None."""
        return self._current

    def start(self, name: str | None = None) -> RunRecord | None:
        """Train with the controls' settings; a run already going is stopped first. `name` labels
        the run on the chart (default: the settings that set it apart).

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
            record = RunRecord(settings, name=name)
            with self._state:
                self._preview = None  # from now on the table is the run's own
                self._current = record
                self._worker = RunWorker(record, self._on_event, self._on_done)
                self.progress.value, self.progress.max = 0, max(expected_updates(settings), 1)
                slow = (
                    f" (the first run from '{settings.base}' builds that model once: allow a minute or two)"
                    if settings.base in ("news", "news-sm")
                    else ""
                )
                self._say(f"Training {self.run_labels()[-1]}: preparing the data...{slow}")
                self._refresh_curve()
            self._worker.start()
            return record

    def stop(self) -> None:
        """Ask the running run to stop; it ends after its current step and stays on the chart."""
        worker = self._worker
        if worker is not None and worker.alive:
            self._say("Stopping after the current step...")
            worker.stop()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the current run ends (scripts, tests); True if it has. In a notebook,
        `await lab.wait_async()` instead keeps the widgets alive: Stop works while it waits."""
        worker = self._worker
        if worker is None:
            return True
        try:
            return worker.join(timeout)
        except KeyboardInterrupt:  # the run must not outlive an interrupted cell
            worker.stop()
            worker.join(self.join_timeout)
            raise

    async def wait_async(self, timeout: float | None = None) -> bool:
        """Wait until the current run ends, the widgets alive meanwhile: `await lab.wait_async()`."""
        worker = self._worker
        return await wait_async(worker, timeout) if worker is not None else True

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

    # -- events from the worker thread -------------------------------------------------------

    def _on_event(self, record: RunRecord, event) -> None:
        """Called in the worker thread for each event (ipywidgets 8 accepts updates from threads)."""
        if isinstance(event, ProgressEvent):
            self._draw_progress(event.update)
        elif isinstance(event, DataEvent):
            with self._state:
                self.progress.max = max(expected_updates(record.settings, event), 1)
                self._refresh_curve()  # the data table and the predicts-nothing rule
            self._say(f"Training {self._label_of(record)}...")
        elif isinstance(event, EvaluationEvent):
            self._refresh_curve()

    def _draw_progress(self, update: int) -> None:
        """Move the bar at most 20 times a second: each move is a message to the browser."""
        now = time.perf_counter()
        if now - self._progress_drawn_at >= 0.05 or update >= self.progress.max:
            self._progress_drawn_at = now
            if update > self.progress.max:  # the estimate was short (words, or extra examples)
                self.progress.max = update
            self.progress.value = update

    def _on_done(self, record: RunRecord) -> None:
        """Called in the worker thread when a run ends: keep it if it has anything to draw."""
        with self._state:
            label = self._label_of(record)
            if self._current is record:
                self._current = None
            if record.evaluations:
                self.runs.append(record)
            if record.finished and not record.cancelled and not record.error:
                self.progress.max = max(record.updates, 1)
                self.progress.value = self.progress.max
            self._refresh_curve()
        self._say(*run_end_message(label, record))

    # -- the overlay ---------------------------------------------------------------------

    def _all_runs(self) -> list[RunRecord]:
        with self._state:
            return self.runs + ([self._current] if self._current is not None else [])

    def run_labels(self) -> list[str]:
        """Legend labels of the kept runs and the running one, in order."""
        runs = self._all_runs()
        return [label + (" (stopped)" if r.cancelled else "") for label, r in zip(record_labels(runs), runs)]

    def _label_of(self, record: RunRecord) -> str:
        runs = self._all_runs()
        for candidate, label in zip(runs, self.run_labels()):
            if candidate is record:
                return label
        return run_labels([record.settings])[0]

    def rows(self) -> list[dict]:
        """The learning-curve chart's rows: one per evaluation of every run, as plain dicts."""
        with self._state:
            return charts.curve_rows(self._all_runs(), self.run_labels(), live=self._current)

    def rule_rows(self) -> list[dict]:
        """Per run: the binary accuracy of a model that predicts nothing (a dashed line)."""
        with self._state:
            return charts.rule_rows(self._all_runs(), self.run_labels())

    def _refresh_curve(self) -> None:
        """Replace the whole chart with a fresh copy of the rows (updating data in place fails quietly)."""
        with self._state:
            if self.x_axis.value == "train_share":  # the data-size curve: final scores against the share
                (rows, labels), rules = charts.share_rows(self.runs), []
            else:
                rows, rules, labels = self.rows(), self.rule_rows(), self.run_labels()
            chart = charts.learning_curve(
                rows, rules, labels, scale=self.scale, x=self.x_axis.value, reading=self.reading.value
            )
            self.chart.chart = chart
            latest = next((r for r in reversed(self._all_runs()) if r.data is not None), None)
            if self._preview is not None:
                name, data = self._preview
                self.data_table.value = data_table_html(data, name, f"What {name} claims, before training")
            elif latest is None:
                self.data_table.value = ""
            else:
                self.data_table.value = data_table_html(latest.data, self._label_of(latest))

    def clear(self) -> None:
        """Forget the kept runs (a run in progress goes on)."""
        with self._state:
            self.runs.clear()
            self._refresh_curve()
        self._say("Cleared the kept runs.")

    async def train_all(self, settings_list, saved: str | Path | None = None, precomputed: bool | None = None):
        """Train each settings in turn, or load `saved` runs instead; `await lab.train_all(...)`
        keeps Stop and the controls alive while it trains, and Stop ends the run and the rest
        of the list. `settings_list` is a list of RunSettings, or a dict from each run's name to
        its settings (a lesson's names label the chart).

        Saved runs are used when `precomputed` is True (default: the lab's lecture mode, i.e.
        NERLAB_PRECOMPUTED was set when it was made) and the file exists, so a live demo
        never waits. Runs are deterministic by seed: the saved curves are the ones a fresh
        run draws.
        """
        named = _named(settings_list)
        if self._use_saved(saved, precomputed):
            return self._show_static(self._load_named(saved, named))
        new = []
        for name, settings in named:
            self.use_settings(settings)
            record = self.start(name)
            if record is None:
                break
            await self.wait_async()
            new.append(record)
            if record.cancelled or record.error:
                break
        return self._show_static(new)

    def _load_named(self, saved, named: list[tuple[str | None, RunSettings]]) -> list[RunRecord]:
        """Saved runs, named as the lesson names them (the saved runs come in the lesson's order)."""
        records = load_runs(saved)
        for record, (name, _) in zip(records, named):
            record.name = name or record.name
        return self.load_runs(records)

    def _show_static(self, records: list[RunRecord]) -> list[RunRecord]:
        """In the static edition (`nerlab build-course`), print the chart and the runs table
        where the cell ends, since the live lab above has no kernel to draw it."""
        if self.static:
            display_static(self._chart_now(), *self._runs_now(), text=repr(self))
        return records

    async def train_curve(self, shares=SHARES) -> list[RunRecord]:
        """The data-size curve (Prodigy's train-curve) of the controls' settings: one run per
        share of the training data, the same held-out documents, then the chart against the
        share and the verdict. `await lab.train_curve()`; the "Data-size curve" button too."""
        settings = self.settings()
        runs = await self.train_all(curve_settings(settings, shares))
        self.x_axis.value = "train_share"
        if len(runs) == len(shares) and not runs[-1].cancelled:
            self._say(f"Data-size curve: {verdict(curve_points(runs))[1]}.")
        return runs

    def _start_curve(self) -> None:
        """The button: train the curve without blocking, on the kernel's event loop (or a thread)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # a script: no event loop here
            threading.Thread(target=asyncio.run, args=(self.train_curve(),), daemon=True).start()
        else:
            self._curve_task = loop.create_task(self.train_curve())

    def _use_saved(self, saved, precomputed: bool | None) -> bool:
        use_saved = self.lecture if precomputed is None else precomputed
        return bool(use_saved and saved is not None and Path(saved).exists())

    def load_runs(self, source) -> list[RunRecord]:
        """Add saved runs (the .json `export_runs` writes) to the chart, without training."""
        loaded = load_runs(source)
        with self._state:
            self.runs.extend(loaded)
            self._refresh_curve()
        self._say(f"Loaded {len(loaded)} saved run(s).")
        return loaded

    def load_sweep(self, folder: str | Path) -> list[RunRecord]:
        """Add every finished run of a sweep's results folder (`nerlab sweep ... --out FOLDER`)."""
        from ..sweep import Store

        return self.load_runs([record for _, record in Store(folder).records()])

    # -- saving ----------------------------------------------------------------------------

    def export_chart(self, path: str | Path) -> Path:
        """Save the learning curve as .svg, .png or .html (self-contained) or .json (the spec)."""
        return save_chart(self._chart_now(), path)

    def export_runs(self, path: str | Path) -> Path:
        """Save every evaluation of every kept run with its settings (.json to reload, .csv to analyse)."""
        runs, labels = self._runs_now()
        return save_runs(runs, path, labels)

    def _chart_now(self):
        with self._state:
            return self.chart.chart

    def _runs_now(self) -> tuple[list[RunRecord], list[str]]:
        with self._state:
            return list(self.runs), self.run_labels()[: len(self.runs)]

    # -- messages --------------------------------------------------------------------------

    def _say(self, text: str, error: bool = False) -> None:
        self._status = (text, error)
        self._show_message()

    def _show_message(self) -> None:
        """The status line; a settings problem is shown first, as it blocks the next run."""
        text, error = self._status
        if self._settings_error:
            text, error = f"These settings cannot run: {self._settings_error}", True
        self.message.value = message_html(text, error)

    # -- presentation ------------------------------------------------------------------------

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        return {**(bundle[0] if isinstance(bundle, tuple) else bundle), "text/plain": repr(self)}

    def __repr__(self) -> str:
        return runs_text(self.runs, self.run_labels())

    def to_html(self) -> str:
        """A static page: the chart as SVG (drawn by vl-convert) and a table of the runs."""
        with self._state:
            chart, runs, labels = self.chart.chart, list(self.runs), self.run_labels()
        return static_html(chart, runs, labels, self.scale)


def _named(runs) -> list[tuple[str | None, RunSettings]]:
    """(name, settings) pairs from a dict of named settings, or (None, settings) from a list."""
    if isinstance(runs, dict):
        return list(runs.items())
    return [(None, settings) for settings in runs]
