"""The lab's two tables, as HTML from plain data: what a run trains on, and the kept runs.

Nothing here knows about widgets: each function takes records and returns a string, so
a static page (`LearningCurveLab.to_html`) and the live widget show the same tables.
"""

from __future__ import annotations

import html
import io

from ..training import data_table_rows
from .style import base_css, scale_class


def data_table_html(data, label: str, heading: str | None = None) -> str:
    """What the training examples claim, and the held-out levels to read the curve against."""
    body = "".join(
        f'<tr title="{html.escape(meaning)}"><td>{html.escape(name)}</td><td>{html.escape(str(value))}</td></tr>'
        for name, value, meaning in data_table_rows(data)
    )
    heading = heading or f"What {label} trains on"
    return f'<div class="nerlab"><b>{html.escape(heading)}</b><table>{body}</table></div>'


def runs_table_html(runs, labels: list[str]) -> str:
    """One row per kept run: its name, examples seen, final F1 and binary accuracy."""
    cells = []
    for label, run in zip(labels, runs):
        last = run.evaluations[-1]
        accuracy = "" if last.binary_accuracy is None else f"{last.binary_accuracy:.3f}"
        cells.append(
            f"<tr><td>{html.escape(label)}</td><td>{last.examples_seen}</td><td>{_shown(last.ents_f)}</td>"
            f"<td>{accuracy}</td><td>{_shown(last.prodigy_accuracy)}</td>"
            f"<td>{'stopped' if run.cancelled else 'finished'}</td></tr>"
        )
    if not cells:
        return "<p>No runs yet: run the notebook and press Run.</p>"
    head = (
        "<tr><th>run</th><th>examples seen</th><th>F1</th><th>binary accuracy (per span)</th>"
        "<th>accuracy (Prodigy's reading)</th><th></th></tr>"
    )
    return f"<table>{head}{''.join(cells)}</table><p class='nerlab-note'>{READINGS_LINE}</p>"


READINGS_LINE = (
    "F1: predicted entities against complete held-out annotation (blank when the held-out texts are answers). "
    "Binary accuracy per span: each held-out answer, right when the prediction agrees with it (an unpredicted reject "
    "counts as right). Prodigy's reading, rebuilt from its authors' description: predicted entities that are accepted "
    "spans, over those that are accepted, rejected or cross an accept (under no_missing: every prediction on an "
    "answered text)."
)


def _shown(value) -> str:
    return "" if value is None else f"{value:.3f}"


def runs_text(runs, labels: list[str]) -> str:
    """The lab as plain text, for a notebook read without a kernel."""
    lines = [
        "LearningCurveLab: run this notebook to train and watch learning curves live "
        "(the controls and the chart need a running kernel)."
    ]
    if runs:
        lines.append(f"{len(runs)} kept run(s):")
        for label, run in zip(labels, runs):
            last = run.evaluations[-1]
            lines.append(f"  {label}: {_scores(last)} after {last.examples_seen} examples")
    lines.append("A static copy of the chart and the runs: lab.to_html().")
    return "\n".join(lines)


def run_end_message(label: str, run) -> tuple[str, bool]:
    """What the status line says when a run ends: (text, is it an error)."""
    if run.error:
        return f"{label} failed: {run.error}", True
    if run.cancelled:
        kept = "kept on the chart" if run.evaluations else "nothing to keep: it stopped before its first evaluation"
        return f"{label} stopped after {run.examples_seen} examples ({kept}).", False
    return f"{label} finished in {run.seconds:.1f} s: {_scores(run.evaluations[-1])}.", False


def _scores(last) -> str:
    """The final readings of a run, in words: F1 when there is one, then the answer readings."""
    parts = [] if last.ents_f is None else [f"F1 {last.ents_f:.3f}"]
    if last.binary_accuracy is not None:
        parts.append(f"binary accuracy {last.binary_accuracy:.3f}")
    if last.prodigy_accuracy is not None:
        parts.append(f"Prodigy's accuracy {last.prodigy_accuracy:.3f}")
    return ", ".join(parts) or "no held-out score"


def static_html(chart, runs, labels: list[str], scale: float) -> str:
    """The lab without a kernel: the chart as SVG (drawn by vl-convert) and a table of the runs."""
    buffer = io.StringIO()
    chart.save(buffer, format="svg")
    table = runs_table_html(runs, labels)
    return f'{base_css(scale)}<div class="nerlab {scale_class(scale)}">{buffer.getvalue()}{table}</div>'


def display_static(chart, runs, labels: list[str], text: str) -> None:
    """Print the chart (as a Vega-Lite spec, whatever Altair's renderer: the static site draws
    it) and the runs table as cell outputs, for a page read without a kernel."""
    import altair as alt
    from IPython.display import HTML, display

    mimetype = f"application/vnd.vegalite.v{alt.VEGALITE_VERSION.split('.')[0]}+json"
    display({mimetype: chart.to_dict(), "text/plain": text}, raw=True)
    display(HTML(runs_table_html(runs, labels)))


def show_chart(chart, text: str = "a chart", static: bool | None = None) -> None:
    """Display an Altair chart that draws offline: a live chart widget in JupyterLab and Voila, or
    its Vega-Lite spec as a cell output for a page read without a kernel (`static`: the static
    edition, read when the chart is shown unless given)."""
    import altair as alt
    from IPython.display import display

    from ..course import static_mode

    if static_mode() if static is None else static:
        mimetype = f"application/vnd.vegalite.v{alt.VEGALITE_VERSION.split('.')[0]}+json"
        display({mimetype: chart.to_dict(), "text/plain": text}, raw=True)
        return
    alt.JupyterChart.enable_offline()
    display(alt.JupyterChart(chart, embed_options={"renderer": "svg", "actions": {"export": True, "source": False}}))
