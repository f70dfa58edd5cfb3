"""The lab's charts, built with Altair from plain rows: learning curves and a batch schedule.

Every function here takes rows (lists of dicts) and returns an Altair chart, so the same
chart can be drawn live in a notebook, saved as SVG/PNG/HTML, or checked in a test. The
legend names each run by what sets it apart from the others: two runs that differ only
in their seed are called "seed=0" and "seed=1", not by their full settings.
"""

from __future__ import annotations

import functools

import altair as alt

from .style import PALETTE

CURVE_WIDTH = 460  # pixels at scale 1: chart, legend and data table fit in 1280 px
CURVE_HEIGHT = 150
SCHEDULE_WIDTH = 380
SCHEDULE_HEIGHT = 110


# -- naming runs ----------------------------------------------------------------------


def run_labels(settings_list) -> list[str]:
    """A legend label per run: 'run 2: seed=1' names only the settings that differ.

    Two settings differ between some pair of runs exactly when they differ between the
    first run and some other run, so comparing each run with the first is enough.
    """
    if not settings_list:
        return []
    first = settings_list[0]
    differing: list[str] = []
    for settings in settings_list[1:]:
        for key in settings.differences(first):
            if key not in differing:
                differing.append(key)
    labels = []
    for number, settings in enumerate(settings_list, start=1):
        values = settings.to_dict()
        named = ", ".join(f"{key}={format_value(key, values[key])}" for key in differing)
        labels.append(f"run {number}: {named}" if named else f"run {number}")
    return labels


def format_value(key: str, value) -> str:
    """A setting's value as a short legend text (a schedule as 'compounding:4:16:1.001')."""
    if key == "schedule" and isinstance(value, dict):
        from ..training import BatchSchedule

        text = str(BatchSchedule(**value))
        return text + ",restart" if value.get("restart_each_epoch") else text
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return "+".join(map(str, value))
    return str(value)


def run_colours(labels) -> list[str]:
    """Okabe-Ito colours, in run order, so run 1 keeps its colour as runs are added."""
    return [PALETTE[i % len(PALETTE)] for i in range(len(labels))]


# -- the learning curve ----------------------------------------------------------------


def learning_curve(rows: list[dict], rules: list[dict] = (), labels: list[str] = (), *, scale: float = 1.0) -> alt.VConcatChart:
    """Held-out F1 (top) and binary accuracy (bottom) against training examples seen.

    `rows` have run, examples_seen, ents_f and binary_accuracy; `rules` have run and
    dev_reject_share, the binary accuracy of a model that predicts no entity at all: a
    curve below that dashed line is worse than saying nothing.

    Building the layers costs about 50 ms (Altair copies every part as it combines them),
    and they change only when a run starts or ends. So the layers are built once per
    legend and rule set, and each new evaluation only attaches a new copy of the rows.
    """
    labels = tuple(labels) or tuple(sorted({row["run"] for row in rows}))
    rule_key = tuple((rule["run"], rule["dev_reject_share"]) for rule in rules)
    return curve_layers(labels, rule_key, scale).properties(data=alt.Data(values=list(rows)))


@functools.lru_cache(maxsize=16)
def curve_layers(labels: tuple[str, ...], rules: tuple[tuple[str, float], ...], scale: float) -> alt.VConcatChart:
    """The learning curve without its rows: two panels, a legend, the predicts-nothing rules."""
    colour = alt.Color(
        "run:N",
        scale=alt.Scale(domain=list(labels), range=run_colours(labels)),
        legend=alt.Legend(title="run", orient="bottom", columns=1, labelLimit=int(420 * scale)),
    )
    x = alt.X("examples_seen:Q", title="training examples seen")
    tooltip = [
        alt.Tooltip("run:N"), alt.Tooltip("examples_seen:Q", title="examples seen"), alt.Tooltip("update:Q"),
        alt.Tooltip("epoch:Q"), alt.Tooltip("ents_f:Q", title="F1", format=".3f"),
        alt.Tooltip("binary_accuracy:Q", title="binary accuracy", format=".3f"),
    ]
    size = dict(width=int(CURVE_WIDTH * scale), height=int(CURVE_HEIGHT * scale))

    def panel(field: str, title: str):
        y = alt.Y(f"{field}:Q", title=title, scale=alt.Scale(domain=[0, 1]))
        base = alt.Chart().transform_filter(f"isValid(datum.{field})").encode(x=x, y=y, color=colour, tooltip=tooltip)
        return base.mark_line(strokeWidth=2 * scale) + base.mark_point(filled=True, size=30 * scale**2)

    f1 = panel("ents_f", "entity F1 (held out)").properties(**size)
    accuracy = panel("binary_accuracy", "binary accuracy (held out)")
    if rules:
        rule_data = alt.Data(values=[{"run": run, "dev_reject_share": share} for run, share in rules])
        rule = alt.Chart(rule_data).mark_rule(strokeDash=[5, 4], strokeWidth=1.5 * scale).encode(
            y="dev_reject_share:Q", color=colour,
            tooltip=[alt.Tooltip("run:N"), alt.Tooltip("dev_reject_share:Q", title="predicts nothing", format=".3f")],
        )
        note = alt.Chart(rule_data).mark_text(align="left", dx=4, dy=-7, fontSize=10 * scale, color="#555").encode(
            y="dev_reject_share:Q", x=alt.value(0), text=alt.value("predicts nothing")
        )
        accuracy = accuracy + rule + note
    return configure(alt.vconcat(f1, accuracy.properties(**size)), scale)


# -- the batch schedule ----------------------------------------------------------------


def schedule_preview(rows: list[dict], *, title: str = "", scale: float = 1.0, max_points: int = 1500) -> alt.Chart:
    """Batch size per update, coloured by epoch, so a restart each epoch shows as a saw.

    A long run has tens of thousands of updates; the chart keeps at most `max_points`
    evenly spaced ones (the shape is the same, the notebook stays small).
    """
    step = max(1, -(-len(rows) // max_points))
    shown = list(rows[::step])
    epochs = sorted({row["epoch"] for row in shown}) or [0]
    chart = alt.Chart(alt.Data(values=shown), title=title).mark_line(interpolate="step-after", strokeWidth=2 * scale).encode(
        x=alt.X("update:Q", title="update"),
        y=alt.Y("batch_size:Q", title="batch size", scale=alt.Scale(zero=True)),
        color=alt.Color("epoch:O", scale=alt.Scale(domain=epochs, range=run_colours(epochs)), legend=None),
        tooltip=["update:Q", "epoch:Q", "batch_size:Q", alt.Tooltip("examples_seen:Q", title="examples seen")],
    ).properties(width=int(SCHEDULE_WIDTH * scale), height=int(SCHEDULE_HEIGHT * scale))
    return configure(chart, scale)


def configure(chart, scale: float):
    """Font sizes for a laptop (scale 1) or a projector (scale 1.5-2)."""
    return (
        chart.configure_axis(labelFontSize=11 * scale, titleFontSize=12 * scale)
        .configure_legend(labelFontSize=11 * scale, titleFontSize=12 * scale, symbolSize=60 * scale**2)
        .configure_title(fontSize=12 * scale, anchor="start")
        .configure_view(stroke=None)
    )
