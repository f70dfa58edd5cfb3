"""The lab's two tables, as HTML from plain data: what a run trains on, and the kept runs.

Nothing here knows about widgets: each function takes records and returns a string, so
a static page (`LearningCurveLab.to_html`) and the live widget show the same tables.
"""

from __future__ import annotations

import html
import io
from dataclasses import fields

from ..data import DataSummary
from .style import base_css, scale_class

RUN_MEANINGS = {  # what the runner adds to the data's own summary
    "rehearsal_docs": "news texts labelled by the base model, added as full gold (pseudo-rehearsal)",
    "dropped_unsupervisable": "long examples left out: spaCy's update would stop on them (its error E024)",
}


def data_table_html(data, label: str) -> str:
    """What the training examples say, and the held-out levels to read the curve against."""
    meanings = dict(RUN_MEANINGS)
    known = {f.name for f in fields(DataSummary)}
    summary = dict(data.summary)
    if known <= set(summary):
        meanings.update({name: meaning for name, _, meaning in DataSummary(**{k: summary[k] for k in known}).as_rows()})
    rows = [(name.replace("_", " "), value, meanings.get(name, "")) for name, value in summary.items()]
    rows += [
        ("held-out docs", data.n_dev, "documents the curve is scored on"),
        ("entities per held-out doc", f"{data.dev_entities_per_doc:.2f}", "what a perfect model predicts per document"),
    ]
    if data.dev_reject_share is not None:
        rows.append(
            (
                "predicts-nothing accuracy",
                f"{data.dev_reject_share:.3f}",
                "binary accuracy of a model that predicts no entity (the dashed line)",
            )
        )
    body = "".join(
        f'<tr title="{html.escape(meaning)}"><td>{html.escape(name)}</td><td>{html.escape(str(value))}</td></tr>'
        for name, value, meaning in rows
    )
    return f'<div class="nerlab"><b>What {html.escape(label)} trains on</b><table>{body}</table></div>'


def runs_table_html(runs, labels: list[str]) -> str:
    """One row per kept run: its name, examples seen, final F1 and binary accuracy."""
    cells = []
    for label, run in zip(labels, runs):
        last = run.evaluations[-1]
        accuracy = "" if last.binary_accuracy is None else f"{last.binary_accuracy:.3f}"
        cells.append(
            f"<tr><td>{html.escape(label)}</td><td>{last.examples_seen}</td><td>{last.ents_f:.3f}</td>"
            f"<td>{accuracy}</td><td>{'stopped' if run.cancelled else 'finished'}</td></tr>"
        )
    if not cells:
        return "<p>No runs yet: run the notebook and press Run.</p>"
    head = "<tr><th>run</th><th>examples seen</th><th>F1</th><th>binary accuracy</th><th></th></tr>"
    return f"<table>{head}{''.join(cells)}</table>"


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
            lines.append(f"  {label}: F1 {last.ents_f:.3f} after {last.examples_seen} examples")
    lines.append("A static copy of the chart and the runs: lab.to_html().")
    return "\n".join(lines)


def run_end_message(label: str, run) -> tuple[str, bool]:
    """What the status line says when a run ends: (text, is it an error)."""
    if run.error:
        return f"{label} failed: {run.error}", True
    if run.cancelled:
        kept = "kept on the chart" if run.evaluations else "nothing to keep: it stopped before its first evaluation"
        return f"{label} stopped after {run.examples_seen} examples ({kept}).", False
    last = run.evaluations[-1]
    accuracy = "" if last.binary_accuracy is None else f", binary accuracy {last.binary_accuracy:.3f}"
    return f"{label} finished in {run.seconds:.1f} s: F1 {last.ents_f:.3f}{accuracy}.", False


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
