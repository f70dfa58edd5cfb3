"""The lab's widgets and their layout: buttons, progress bar, message, chart, data table, tabs.

`build(lab)` makes them and sets them on the lab (`lab.run_button`, `lab.chart`, ...,
`lab.widget`, the whole box); the lab itself holds the runs and the logic. Sizes follow
the lab's `scale`, and the layout wraps instead of scrolling sideways at 1280 px.
"""

from __future__ import annotations

import altair as alt
import ipywidgets as w

from ..training.presets import RUN_PRESETS
from . import charts
from .style import base_css, scale_class
from .upload import DataUpload

# svg: a browser test can read the marks; the menu offers the chart as SVG or PNG to anyone watching
EMBED = {"renderer": "svg", "actions": {"export": True, "source": False, "compiled": False, "editor": False}}


def build(lab) -> None:
    """Make the lab's widgets and put them together in `lab.widget`."""
    _buttons(lab)
    _outputs(lab)
    lab.widget = _layout(lab)


def _buttons(lab) -> None:
    s = lab.scale
    button = w.Layout(width=f"{110 * s:.0f}px")
    lab.run_button = w.Button(description="Run", button_style="primary", icon="play", layout=button)
    lab.stop_button = w.Button(description="Stop", icon="stop", layout=button)
    lab.clear_button = w.Button(description="Clear", icon="trash", tooltip="forget the kept runs", layout=button)
    lab.preset = w.Dropdown(options=list(RUN_PRESETS), description="preset", layout=w.Layout(width=f"{220 * s:.0f}px"))
    lab.curve_button = w.Button(
        description="Data-size curve", icon="line-chart", layout=w.Layout(width=f"{170 * s:.0f}px"),
        tooltip="train these settings on 25, 50, 75 and 100% of the training data: would more data help?",
    )  # fmt: skip
    lab.x_axis = w.ToggleButtons(
        options=[("examples seen", "examples_seen"), ("updates", "update"), ("data share", "train_share")],
        description="x axis",
        tooltip="the runs against training examples seen or updates made; or final scores against the data share",
    )  # fmt: skip
    lab.reading = w.ToggleButtons(
        options=[("per span", "binary_accuracy"), ("per task", "binary_accuracy_per_task"),
                 ("Prodigy's", "prodigy_accuracy")],
        description="answers read",
        tooltip="the middle panel: held-out answers read per span, per task, or as Prodigy 1.x printed its accuracy "
        "(over predicted entities; rebuilt from its authors' description)",
    )  # fmt: skip
    lab.upload = DataUpload(lab.use_data_file, lab._say, scale=s)
    lab.preset_button = w.Button(
        description="Use preset", icon="magic", tooltip="set the controls to the named set-up", layout=button
    )


def _outputs(lab) -> None:
    s = lab.scale
    lab.progress = w.IntProgress(
        value=0,
        min=0,
        max=1,
        description="updates",
        style={"description_width": "initial"},
        layout=w.Layout(width="100%", max_width=f"{420 * s:.0f}px"),
    )
    lab.message = w.HTML()
    lab.data_table = w.HTML(layout=w.Layout(max_width=f"{380 * s:.0f}px"))
    lab.chart = alt.JupyterChart(charts.learning_curve([], scale=s), embed_options=EMBED)
    lab.schedule_chart = alt.JupyterChart(charts.schedule_preview([], scale=s), embed_options=EMBED)


def _layout(lab) -> w.VBox:
    """Buttons, the curve beside the data table, then the controls in tabs (no sideways scroll)."""
    wrap = w.Layout(display="flex", flex_flow="row wrap", align_items="flex-start", width="100%")
    s = lab.scale
    font = w.HTML(  # widget fonts follow the scale; a chart wider than the page shrinks to fit
        f"<style>.nerlab-lab {{ --jp-widgets-font-size: {13 * s:.0f}px; "
        f"--jp-widgets-inline-height: {28 * s:.0f}px; }}"
        f".nerlab-lab .vega-embed, .nerlab-lab .vega-embed svg {{ max-width: 100%; height: auto; }}"
        f"</style>{base_css(s)}"
    )
    pages = [w.VBox(lab.form.tab(name)) for name in lab.form.tabs]
    pages[lab.form.tabs.index("Batch schedule")].children += (lab.schedule_chart,)
    tabs = w.Tab(children=[*pages, lab.saving.widget], titles=[*lab.form.tabs, "Save"], layout=w.Layout(width="100%"))
    box = w.VBox(
        [
            font,
            w.HBox(
                [lab.run_button, lab.curve_button, lab.stop_button, lab.clear_button, lab.upload.widget, lab.progress],
                layout=wrap,
            ),
            w.HBox([lab.preset, lab.preset_button, lab.x_axis, lab.reading], layout=wrap),
            lab.message,
            w.HBox([lab.chart, lab.data_table], layout=wrap),
            tabs,
        ],
        layout=w.Layout(width="100%", overflow="hidden"),
    )
    box.add_class("nerlab-lab")
    box.add_class(scale_class(lab.scale))
    return box
