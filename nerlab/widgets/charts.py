"""The lab's charts, built with Altair from plain rows: learning curves and a batch schedule.

Every function here takes rows (lists of dicts) and returns an Altair chart, so the same
chart can be drawn live in a notebook, saved as SVG/PNG/HTML, or checked in a test. The
legend names each run by what sets it apart from the others: two runs that differ only
in their seed are called "seed=0" and "seed=1", not by their full settings.
"""

from __future__ import annotations

import functools

import altair as alt

from ..training import run_labels
from .style import PALETTE

CURVE_WIDTH = 460  # pixels at scale 1: chart, legend and data table fit in 1280 px
CURVE_HEIGHT = 150
SCHEDULE_WIDTH = 380
SCHEDULE_HEIGHT = 110


def run_colours(labels) -> list[str]:
    """Okabe-Ito colours, in run order, so run 1 keeps its colour as runs are added."""
    return [PALETTE[i % len(PALETTE)] for i in range(len(labels))]


# -- the learning curve ----------------------------------------------------------------


X_AXES = {
    "examples_seen": "training examples seen",
    "update": "updates made",
    "train_share": "share of the training data (final scores)",
}
READINGS = {  # the answer readings the middle panel can show: field -> axis title
    "binary_accuracy": "binary accuracy per span (held out)",
    "binary_accuracy_per_task": "binary accuracy per task (held out)",
    "prodigy_accuracy": "accuracy, Prodigy's reading (held out)",
}
RULE_FIELDS = {  # what a model that predicts nothing scores under each reading (none: 0/0 under Prodigy's)
    "binary_accuracy": "dev_reject_share",
    "binary_accuracy_per_task": "dev_reject_task_share",
}
DASHES = ([1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [1, 3], [10, 2], [3, 3, 1, 3])
SHAPES = ("circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "wedge", "stroke")


def learning_curve(
    rows: list[dict],
    rules: list[dict] = (),
    labels: list[str] = (),
    *,
    scale: float = 1.0,
    x: str = "examples_seen",
    reading: str = "binary_accuracy",
) -> alt.VConcatChart:
    """Held-out F1 (top), a reading of the held-out answers (middle) and the probe's target drift (bottom).

    `rows` have run, examples_seen, update, ents_f, the readings and target_drift;
    `x` is "examples_seen", "update" (the same runs against updates made) or "train_share"
    (the data-size curve, rows from `share_rows`). `reading` is one of `READINGS`: per
    span, per task, or Prodigy's printed accuracy. `rules` have run and the accuracy of
    a model that predicts no entity at all under that reading: a curve below that dashed
    line is worse than saying nothing. Without any F1 (held-out answers only), the F1
    panel is left out.

    Building the layers costs about 50 ms (Altair copies every part as it combines them),
    and they change only when a run starts or ends. So the layers are built once per
    legend, rule set and x axis, and each new evaluation only attaches a new copy of the rows.
    """
    labels = tuple(labels) or tuple(sorted({row["run"] for row in rows}))
    rule_field = RULE_FIELDS.get(reading)
    rule_key = tuple((r["run"], r[rule_field]) for r in rules if rule_field and r.get(rule_field) is not None)
    drift = any(row.get("target_drift") is not None for row in rows)
    f1 = not rows or any(row.get("ents_f") is not None for row in rows)
    layers = curve_layers(labels, rule_key, scale, x, drift, reading, f1)
    return layers.properties(data=alt.Data(values=list(rows)))


@functools.lru_cache(maxsize=16)
def curve_layers(
    labels: tuple[str, ...],
    rules: tuple[tuple[str, float], ...],
    scale: float,
    x_field: str,
    drift: bool,
    reading: str = "binary_accuracy",
    f1: bool = True,
) -> alt.VConcatChart:
    """The learning curve without its rows: the panels, a legend, the predicts-nothing rules.

    Runs differ by colour, line dash and point shape, so they stay apart in grey print
    and for every colour vision; a long run name wraps at each "; " instead of being cut.
    """
    legend = alt.Legend(title="run", orient="bottom", columns=1, labelLimit=0, labelExpr="split(datum.label, '; ')")
    colour = alt.Color("run:N", scale=alt.Scale(domain=list(labels), range=run_colours(labels)), legend=legend)
    dash = alt.StrokeDash("run:N", scale=alt.Scale(domain=list(labels), range=_cycle(DASHES, labels)), legend=None)
    shape = alt.Shape("run:N", scale=alt.Scale(domain=list(labels), range=_cycle(SHAPES, labels)), legend=None)
    x = alt.X(f"{x_field}:Q", title=X_AXES[x_field])
    tooltip = [
        alt.Tooltip("run:N"),
        alt.Tooltip("examples_seen:Q", title="examples seen"),
        alt.Tooltip("update:Q"),
        alt.Tooltip("epoch:Q"),
        alt.Tooltip("ents_f:Q", title="F1", format=".3f"),
        alt.Tooltip("binary_accuracy:Q", title="binary accuracy per span", format=".3f"),
        alt.Tooltip("binary_accuracy_per_task:Q", title="per task", format=".3f"),
        alt.Tooltip("prodigy_accuracy:Q", title="Prodigy's reading", format=".3f"),
        alt.Tooltip("right:Q", title="RIGHT"),
        alt.Tooltip("wrong:Q", title="WRONG"),
        alt.Tooltip("target_drift:Q", title="target drift", format=".3f"),
    ]
    size = dict(width=int(CURVE_WIDTH * scale), height=int(CURVE_HEIGHT * scale))

    def panel(field: str, title: str, height: int):
        y = alt.Y(f"{field}:Q", title=title, scale=alt.Scale(domain=[0, 1]))
        marks = curve_marks(
            dict(x=x, y=y, color=colour, tooltip=tooltip),
            scale=scale,
            point_size=40,
            only_where=f"isValid(datum.{field})",
            line=dict(strokeDash=dash),
            point=dict(shape=shape),
        )
        return marks.properties(width=size["width"], height=height)

    panels = [panel("ents_f", "entity F1 (held out)", size["height"])] if f1 else []
    accuracy = panel(reading, READINGS[reading], size["height"])
    if rules:
        rule_data = alt.Data(values=[{"run": run, "dev_reject_share": share} for run, share in rules])
        rule = (
            alt.Chart(rule_data)
            .mark_rule(strokeDash=[5, 4], strokeWidth=1.5 * scale)
            .encode(
                y="dev_reject_share:Q",
                color=colour,
                tooltip=[
                    alt.Tooltip("run:N"),
                    alt.Tooltip("dev_reject_share:Q", title="predicts nothing", format=".3f"),
                ],
            )
        )
        top = max(share for _, share in rules)  # one label for all the dashed lines, above the highest
        note = (
            alt.Chart(alt.Data(values=[{"y": top}]))
            .mark_text(align="left", dx=4, dy=-8, fontSize=10 * scale, color="#555")
            .encode(y="y:Q", x=alt.value(0), text=alt.value("dashed: a model that predicts nothing"))
        )
        accuracy = accuracy + rule + note
    panels.append(accuracy)
    if drift:
        panels.append(panel("target_drift", "target drift (probe)", int(size["height"] * 0.6)))
    return configure(alt.vconcat(*panels), scale)


def curve_marks(
    encoding: dict,
    *,
    scale: float,
    point_size: float,
    only_where: str | None = None,
    line: dict | None = None,
    point: dict | None = None,
) -> alt.LayerChart:
    """A learning curve's marks, without data: a line through the evaluations and a filled
    point at each (the lab's panels and the sweep's). `encoding` is shared by both marks;
    `line` and `point` add to it; `only_where` keeps the rows where a Vega expression holds."""
    base = alt.Chart()
    if only_where is not None:
        base = base.transform_filter(only_where)
    base = base.encode(**encoding)
    lines = base.mark_line(strokeWidth=2 * scale)
    points = base.mark_point(filled=True, size=point_size * scale**2)
    return alt.layer(lines.encode(**line) if line else lines, points.encode(**point) if point else points)


def _cycle(values, labels) -> list:
    return [values[i % len(values)] for i in range(len(labels))]


def curve_rows(runs, labels: list[str], live=None) -> list[dict]:
    """One row per evaluation of every run (`live`: the run still training)."""
    return [
        {
            "run": label, "run_number": number, "examples_seen": e.examples_seen, "update": e.update,
            "epoch": e.epoch, "ents_p": e.ents_p, "ents_r": e.ents_r, "ents_f": e.ents_f,
            "binary_accuracy": e.binary_accuracy, "binary_accuracy_per_task": e.binary_accuracy_per_task,
            "prodigy_accuracy": e.prodigy_accuracy, "right": e.right, "wrong": e.wrong, "loss": e.loss,
            "predicted_per_doc": e.predicted_per_doc,
            "target_drift": e.target_drift, "off_path_share": e.off_path_share,
            "cancelled": run.cancelled, "live": run is live,
        }
        for number, (label, run) in enumerate(zip(labels, runs), start=1)
        for e in list(run.evaluations)
    ]  # fmt: skip


def share_rows(runs) -> tuple[list[dict], list[str]]:
    """The data-size curve: one row per finished run, its final scores at its share of the
    training data. Runs that differ only in that share are one line; (rows, line names)."""
    done = [run for run in runs if run.evaluations and not run.cancelled]
    series = []  # the settings of each line: a run's settings at the full share
    for run in done:
        whole = run.settings.with_changes(train_share=1.0)
        if whole not in series:
            series.append(whole)
    names = run_labels(series)
    rows = []
    for run in done:
        last = run.evaluations[-1]
        name = names[series.index(run.settings.with_changes(train_share=1.0))]
        rows.append(
            {
                "run": name, "train_share": run.settings.train_share, "examples_seen": last.examples_seen,
                "update": last.update, "ents_f": last.ents_f, "binary_accuracy": last.binary_accuracy,
                "binary_accuracy_per_task": last.binary_accuracy_per_task, "prodigy_accuracy": last.prodigy_accuracy,
                "target_drift": None, "cancelled": False, "live": False,
            }
        )  # fmt: skip
    return rows, names


def rule_rows(runs, labels: list[str]) -> list[dict]:
    """Per run: the binary accuracy of a model that predicts nothing, per span and per task (a dashed line)."""
    return [
        {
            "run": label,
            "dev_reject_share": run.data.dev_reject_share,
            "dev_reject_task_share": run.data.dev_reject_task_share,
        }
        for label, run in zip(labels, runs)
        if run.data is not None and run.data.dev_reject_share is not None
    ]


# -- the batch schedule ----------------------------------------------------------------


WORD_PREVIEW_UPDATES = 200  # a schedule in words: show this many sizes (the count depends on the texts)


def schedule_rows(schedule, n_train: int, epochs: int) -> list[dict]:
    """One row per update of a run: its batch size, epoch and the examples seen after it."""
    if schedule.unit != "docs":
        sizes = schedule.sizes(WORD_PREVIEW_UPDATES)
        return [
            {"update": k + 1, "batch_size": size, "epoch": 0, "examples_seen": None} for k, size in enumerate(sizes)
        ]
    rows, seen = [], 0
    for k, size in enumerate(schedule.sizes_for(n_train, epochs)):
        epoch = seen // n_train  # each epoch's batches add up to exactly n_train documents
        seen += size
        rows.append({"update": k + 1, "batch_size": size, "epoch": epoch, "examples_seen": seen})
    return rows


def schedule_title(schedule, n_rows: int, n_train: int, epochs: int) -> str:
    if schedule.unit == "docs":
        return f"{schedule}: {n_rows} updates over {epochs} epoch(s) of {n_train} docs"
    return f"{schedule}: the first {n_rows} sizes in words (the number of updates depends on the texts)"


def schedule_preview(rows: list[dict], *, title: str = "", scale: float = 1.0, max_points: int = 1500) -> alt.Chart:
    """Batch size per update, coloured by epoch, so a restart each epoch shows as a saw.

    A long run has tens of thousands of updates; the chart keeps at most `max_points`
    evenly spaced ones (the shape is the same, the notebook stays small).
    """
    step = max(1, -(-len(rows) // max_points))
    shown = list(rows[::step])
    epochs = sorted({row["epoch"] for row in shown}) or [0]
    chart = (
        alt.Chart(alt.Data(values=shown), title=title)
        .mark_line(interpolate="step-after", strokeWidth=2 * scale)
        .encode(
            x=alt.X("update:Q", title="update"),
            y=alt.Y("batch_size:Q", title="batch size", scale=alt.Scale(zero=True)),
            color=alt.Color("epoch:O", scale=alt.Scale(domain=epochs, range=run_colours(epochs)), legend=None),
            tooltip=["update:Q", "epoch:Q", "batch_size:Q", alt.Tooltip("examples_seen:Q", title="examples seen")],
        )
        .properties(width=int(SCHEDULE_WIDTH * scale), height=int(SCHEDULE_HEIGHT * scale))
    )
    return configure(chart, scale)


def configure(chart, scale: float):
    """Font sizes for a laptop (scale 1) or a projector (scale 1.5-2)."""
    return (
        chart.configure_axis(labelFontSize=11 * scale, titleFontSize=12 * scale)
        .configure_legend(labelFontSize=11 * scale, titleFontSize=12 * scale, symbolSize=60 * scale**2)
        .configure_title(fontSize=12 * scale, anchor="start")
        .configure_view(stroke=None)
    )


# -- what "before" says ------------------------------------------------------------------


def before_chart(rows: list[dict], *, mark: float | None = None, scale: float = 1.0) -> alt.Chart:
    """Accuracy before training against the base's agreement with the annotation, one line per
    reading, dashed by the extra entities per text the base predicts (rows from `training.before.rows`).
    `mark` draws a horizontal rule (the number someone saw, e.g. the thread's 0.25)."""
    readings = sorted({row["reading"] for row in rows})
    colour = alt.Color("reading:N", scale=alt.Scale(domain=readings, range=run_colours(readings)))
    extras = sorted({row["extras"] for row in rows})
    dash = alt.StrokeDash(
        "extras:O",
        title="extra entities per text",
        scale=alt.Scale(domain=extras, range=_cycle(DASHES, extras)),
        legend=alt.Legend(symbolType="stroke", symbolStrokeWidth=2 * scale),
    )
    lines = (
        alt.Chart(alt.Data(values=list(rows)))
        .transform_filter("isValid(datum.before)")
        .mark_line(strokeWidth=2 * scale, point=True)
        .encode(
            x=alt.X("agreement:Q", title="share of the annotated entities the base predicts with their label"),
            y=alt.Y("before:Q", title="accuracy before training", scale=alt.Scale(domain=[0, 1])),
            color=colour,
            strokeDash=dash,
            tooltip=["reading:N", "agreement:Q", "extras:Q", alt.Tooltip("before:Q", format=".3f")],
        )
    )
    chart = lines
    if mark is not None:
        at = alt.Chart(alt.Data(values=[{"y": mark, "text": f"{mark:g}: the number to read"}]))
        rule = at.mark_rule(color="#555", strokeDash=[5, 4]).encode(y="y:Q")
        label = at.mark_text(align="right", dy=-7, fontSize=10 * scale, color="#555").encode(
            y="y:Q", x=alt.value(int(CURVE_WIDTH * scale)), text="text:N"
        )
        chart = lines + rule + label
    size = dict(width=int(CURVE_WIDTH * scale), height=int(CURVE_HEIGHT * 1.6 * scale))
    return configure(chart.properties(**size), scale)
