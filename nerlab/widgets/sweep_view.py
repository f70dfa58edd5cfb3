"""SweepView: a grid of runs filling in, in a notebook: runs done, the time left, the curves so far.

    from nerlab.sweep import Grid, run_grid
    from nerlab.widgets.sweep_view import SweepView

    view = SweepView(grid, "results/demo")   # facets by the grid's first axis, colours by its second
    view                                     # the bar, the time left and the chart
    run_grid(grid, "results/demo", workers=2, progress=view.update)

`update(done, total, record)` is the `progress` callback of `run_grid`: it is called once
when the sweep starts (record None) and once per run that finishes. Each finished run adds
its learning curve (held-out F1 against training examples seen) to the panel of its value
of one axis (`facet`), in the colour of its value of another (`colour`), so a class sees
the comparison the grid was made for take shape run by run. Runs are named by what sets
them apart in the whole grid (`nerlab.training.run_labels`), so a name never changes as
more runs arrive. Runs the sweep reads back instead of training are drawn too when the
view knows the results folder.
"""

from __future__ import annotations

import html
import io
import time
from collections.abc import Callable
from pathlib import Path

import altair as alt
import ipywidgets as w

from ..sweep import Grid, Store, run_id
from ..training import RunRecord, RunSettings, run_labels
from ..training.saved import format_value
from .charts import configure, curve_marks
from .messages import guarded, message_html
from .style import PALETTE, base_css, default_scale, scale_class

EMBED = {"renderer": "svg", "actions": False}
PANEL_WIDTH = 220  # pixels at scale 1: three panels and the legend fit in 1280 px
PANEL_HEIGHT = 150
PANELS_PER_ROW = 3


class SweepView:
    """Runs done / total with the time left, and the grid's learning curves as runs finish.

    `folder`: the sweep's results folder, to draw the runs it reads back. `facet` and
    `colour` name an axis of the grid (a setting, or "case" in a grid with cases; "run"
    colours each run apart). `clock` is the time source (a test passes a fake one).
    """

    def __init__(
        self,
        grid: Grid,
        folder: str | Path | None = None,
        *,
        facet: str | None = None,
        colour: str | None = None,
        scale: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.grid = grid
        self.folder = Path(folder) if folder is not None else None
        self.scale = scale if scale is not None else default_scale()
        self.clock = clock
        self.settings = _unique_runs(grid)
        self.labels = dict(zip(self.settings, run_labels(list(self.settings.values()))))
        self.facet, self.colour = self._choose(facet, colour)
        self.records: dict[str, RunRecord] = {}  # finished runs by run id
        self.rows: list[dict] = []  # one per evaluation of every finished run; replaced, never changed
        self.done, self.total = 0, len(self.settings)
        self.read_back = 0
        self._started_at: float | None = None
        self._done_at_start = 0
        alt.JupyterChart.enable_offline()  # the chart draws without internet access
        self._make_widgets()
        self._show()

    # -- what the grid offers to compare ------------------------------------------------------

    @property
    def axes(self) -> list[str]:
        """The grid's axes with more than one value, "case" first in a grid with cases."""
        axes = ["case"] if len(self.grid.cases) > 1 else []
        return axes + [name for name, values in self.grid.axes.items() if len(set(map(str, values))) > 1]

    def _choose(self, facet: str | None, colour: str | None) -> tuple[str | None, str]:
        """The axis of the panels and of the colours: the grid's first two unless told."""
        axes = self.axes
        if facet is None and colour is None and len(axes) >= 2:
            facet = axes[0]
        colour = colour or next((axis for axis in axes if axis != facet), "run")
        known = ["case", *RunSettings.__dataclass_fields__]
        if facet is not None and facet not in known:
            raise ValueError(f"facet takes an axis of the grid ({', '.join(axes) or 'none'}), got {facet!r}.")
        if colour not in [*known, "run"]:
            raise ValueError(f"colour takes an axis of the grid or 'run' ({', '.join(axes)}), got {colour!r}.")
        if colour == facet:
            raise ValueError(f"facet and colour are both {facet!r}: colour by another axis, or by 'run'.")
        return facet, colour

    def value_of(self, axis: str, identity: str) -> str:
        """A run's value along an axis, as the chart writes it ('0', 'separate', 'fixed:32')."""
        settings = self.settings[identity]
        if axis == "run":
            return self.labels[identity]
        if axis == "case":
            return self.grid.case_of(settings) or "base"
        return format_value(getattr(settings, axis))

    def order_of(self, axis: str) -> list[str]:
        """Every value of an axis in the grid's order: panels and colours are fixed before any run ends."""
        return list(dict.fromkeys(self.value_of(axis, identity) for identity in self.settings))

    # -- the sweep's progress -----------------------------------------------------------------

    def update(self, done: int, total: int, record: RunRecord | None) -> None:
        """`run_grid`'s progress callback: record None when the sweep starts, then each finished run."""
        if record is None:
            self._start(done)
        else:
            self._add(record)
        self.done, self.total = done, total
        self._show()

    def _start(self, done: int) -> None:
        """A sweep starts: the clock starts, and the runs it reads back are drawn (if the folder is known)."""
        self._started_at, self._done_at_start = self.clock(), done
        self.read_back = done
        if self.folder is not None:
            store = Store(self.folder)
            for settings in self.settings.values():
                record = store.finished(settings)
                if record is not None:
                    self._add(record)

    def _add(self, record: RunRecord) -> None:
        identity = run_id(record.settings)
        if identity not in self.settings:
            return  # a run of another grid: not on this chart
        self.records[identity] = record
        finished = [i for i in self.settings if i in self.records]  # in the grid's order
        self.rows = [row for i in finished for row in self.rows_of(i)]  # a new list: the old chart keeps its own

    def rows_of(self, identity: str) -> list[dict]:
        """One row per held-out evaluation of a finished run: what the chart draws."""
        axes = {axis: self.value_of(axis, identity) for axis in (self.facet, self.colour) if axis}
        return [
            {"run": self.labels[identity], **axes, "examples_seen": e.examples_seen, "ents_f": e.ents_f,
             "binary_accuracy": e.binary_accuracy}
            for e in self.records[identity].evaluations
        ]  # fmt: skip

    def time_left(self) -> float | None:
        """Seconds until the last run ends: the mean wall time per run trained so far, times the runs left.

        Wall time, not each run's own: with several workers, runs finish side by side, and
        the wall time per finished run already counts them. None until a run has finished.
        """
        trained = self.done - self._done_at_start
        if self._started_at is None or trained <= 0:
            return None
        return (self.clock() - self._started_at) / trained * (self.total - self.done)

    def status_text(self) -> str:
        if self._started_at is None:
            return f"Waiting for the sweep: 0 / {self.total} runs done."
        trained = self.done - self._done_at_start
        back = f", {self.read_back} read back" if self.read_back else ""
        if self.done >= self.total:
            elapsed = duration_text(self.clock() - self._started_at)
            return f"All {self.total} runs done: {trained} trained in {elapsed}{back}."
        left = self.time_left()
        if left is None:
            return f"{self.done} / {self.total} runs done{back}; the time left is known when a run finishes."
        per_run = duration_text((self.clock() - self._started_at) / trained)
        return f"{self.done} / {self.total} runs done{back}; about {duration_text(left)} left ({per_run} per run)."

    # -- drawing ------------------------------------------------------------------------------

    def figure(self) -> alt.TopLevelMixin:
        """The learning curves of the finished runs, from a fresh copy of the rows."""
        return sweep_curves(
            list(self.rows),
            facet=self.facet,
            colour=self.colour,
            facet_order=self.order_of(self.facet) if self.facet else [],
            colour_order=self.order_of(self.colour),
            scale=self.scale,
        )

    def _make_widgets(self) -> None:
        s = self.scale
        self.progress = w.IntProgress(
            value=0,
            min=0,
            max=max(self.total, 1),
            description="runs",
            style={"description_width": "initial"},
            layout=w.Layout(width="100%", max_width=f"{420 * s:.0f}px"),
        )
        self.status = w.HTML()
        self.message = w.HTML()
        self.chart = alt.JupyterChart(self.figure(), embed_options=EMBED)
        self._drawn = self.rows  # the rows the chart shows (a new list whenever a run is added)
        font = w.HTML(
            f"<style>.nerlab-sweep {{ --jp-widgets-font-size: {13 * s:.0f}px; }}"
            f".nerlab-sweep .vega-embed, .nerlab-sweep .vega-embed svg {{ max-width: 100%; height: auto; }}"
            f"</style>{base_css(s)}"
        )
        self.widget = w.VBox(
            [font, w.HBox([self.progress, self.status]), self.message, self.chart],
            layout=w.Layout(width="100%", overflow="hidden"),
        )
        self.widget.add_class("nerlab-sweep")
        self.widget.add_class(scale_class(s))
        self._draw = guarded(self._redraw, lambda text: setattr(self.message, "value", message_html(text, True)))

    def _show(self) -> None:
        self.progress.max = max(self.total, 1)
        self.progress.value = min(self.done, self.progress.max)
        self.status.value = f'<div class="nerlab">{html.escape(self.status_text())}</div>'
        self._draw()

    def _redraw(self) -> None:
        """The whole chart again, from a new copy of the rows, when they have changed."""
        if self.rows is not self._drawn:
            self.chart.chart = self.figure()
            self._drawn = self.rows

    # -- presentation -------------------------------------------------------------------------

    def _repr_mimebundle_(self, **kwargs):
        """The live widget, with a static picture for viewers without a kernel."""
        bundle = self.widget._repr_mimebundle_(**kwargs)
        if isinstance(bundle, tuple):
            bundle = bundle[0]
        return {**bundle, "text/plain": repr(self), "text/html": self.to_html()}

    def __repr__(self) -> str:
        return f"SweepView: {self.status_text()}"

    def to_html(self) -> str:
        """A static page: the progress line, the chart as SVG (drawn by vl-convert), the final scores."""
        buffer = io.StringIO()
        self.figure().save(buffer, format="svg")
        status = html.escape(self.status_text())
        body = f"<p>{status}</p>{buffer.getvalue()}{self._scores_html()}"
        return f'{base_css(self.scale)}<div class="nerlab {scale_class(self.scale)}">{body}</div>'

    def _scores_html(self) -> str:
        rows = [
            f"<tr><td>{html.escape(self.labels[i])}</td><td>{r.evaluations[-1].examples_seen}</td>"
            f"<td>{'-' if r.evaluations[-1].ents_f is None else format(r.evaluations[-1].ents_f, '.3f')}</td></tr>"
            for i, r in ((i, self.records[i]) for i in self.settings if i in self.records)
            if r.evaluations
        ]
        head = "<tr><th>run</th><th>examples seen</th><th>final F1</th></tr>"
        return f"<table>{head}{''.join(rows)}</table>" if rows else ""


def sweep_curves(
    rows: list[dict], *, facet: str | None, colour: str, facet_order: list[str], colour_order: list[str], scale: float
):
    """Held-out F1 against examples seen, one line per run, a panel per value of `facet`."""
    legend = alt.Legend(title=colour, orient="bottom", columns=1, labelLimit=int(420 * scale))
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(colour_order))]
    encoding = dict(
        x=alt.X("examples_seen:Q", title="training examples seen"),
        y=alt.Y("ents_f:Q", title="entity F1 (held out)", scale=alt.Scale(domain=[0, 1])),
        color=alt.Color(f"{colour}:N", scale=alt.Scale(domain=colour_order, range=colours), legend=legend),
        detail="run:N",
        tooltip=[
            alt.Tooltip("run:N"),
            alt.Tooltip("examples_seen:Q", title="examples seen"),
            alt.Tooltip("ents_f:Q", title="F1", format=".3f"),
            alt.Tooltip("binary_accuracy:Q", title="binary accuracy", format=".3f"),
        ],
    )
    marks = curve_marks(encoding, scale=scale, point_size=25)
    size = dict(width=int(PANEL_WIDTH * scale), height=int(PANEL_HEIGHT * scale))
    data = alt.Data(values=rows)
    if facet is None:
        return configure(marks.properties(data=data, **size), scale)
    panels = alt.Facet(f"{facet}:N", sort=facet_order, title=facet)
    chart = marks.properties(**size).facet(facet=panels, columns=PANELS_PER_ROW, data=data)
    return configure(chart, scale)


def _unique_runs(grid: Grid) -> dict[str, RunSettings]:
    """The grid's runs by run id, in its order (a run listed twice is trained, and drawn, once)."""
    runs: dict[str, RunSettings] = {}
    for settings in grid.runs():
        runs.setdefault(run_id(settings), settings)
    return runs


def duration_text(seconds: float) -> str:
    """'42 s', '3 min 05 s', '1 h 02 min': a time left as a person reads it."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"
