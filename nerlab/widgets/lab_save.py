"""The lab's Save tab: the chart as SVG, PNG or HTML, the runs as JSON or CSV.

A lecturer saves the chart for slides and the runs to show again without training; a
learner saves the runs to analyse them elsewhere. Files go to the notebook's folder
under the name in the tab.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import ipywidgets as w

from ..training import save_runs
from ..training.saved import versions
from .messages import guarded

CHART_FORMATS = ("svg", "png", "html")
RUNS_FORMATS = ("json", "csv")


CHART_FORMAT = {"format": "nerlab-chart", "version": 1}


def save_chart(chart, path: str | Path) -> Path:
    """Save an Altair chart as .svg, .png, .html (self-contained, opens offline) or .json (the spec).

    Every file says what made it: the spec's `usermeta` (.html, .json), a comment (.svg) or a
    text chunk (.png) names the chart format and nerlab's, spaCy's and thinc's versions.
    """
    path = Path(path)
    suffix = path.suffix.lstrip(".")
    if suffix not in (*CHART_FORMATS, "json"):
        raise ValueError(f"Cannot save a chart as {path.name!r}: end the name in .svg, .png, .html or .json.")
    stamp = {**CHART_FORMAT, "made_by": versions()}
    chart = chart.properties(usermeta=stamp)
    if suffix == "html":
        chart.save(path, inline=True)  # the Vega scripts go inside
    else:
        chart.save(path)
    said = f"{CHART_FORMAT['format']} v{CHART_FORMAT['version']}, made by " + ", ".join(
        f"{name} {version}" for name, version in stamp["made_by"].items()
    )
    if suffix == "svg":
        path.write_text(f"<!-- {said} -->\n" + path.read_text())
    elif suffix == "png":
        _add_png_text(path, "Software", said)
    return path


def _add_png_text(path: Path, key: str, text: str) -> None:
    """Put a tEXt chunk (key, text) right after a PNG's header chunk."""
    data = path.read_bytes()
    body = key.encode("latin-1") + b"\0" + text.encode("latin-1", "replace")
    chunk = struct.pack(">I", len(body)) + b"tEXt" + body + struct.pack(">I", zlib.crc32(b"tEXt" + body) & 0xFFFFFFFF)
    header_end = 8 + 4 + 4 + 13 + 4  # signature, then IHDR's length, type, 13 bytes of data and CRC
    path.write_bytes(data[:header_end] + chunk + data[header_end:])


class SavePanel:
    """A file name, two formats and two buttons; `chart()` and `runs()` say what to save."""

    def __init__(self, scale: float, chart: Callable, runs: Callable, say: Callable[..., None]):
        self.chart, self.runs, self.say = chart, runs, say
        style = {"description_width": f"{150 * scale:.0f}px"}
        wide = w.Layout(width="100%", max_width=f"{560 * scale:.0f}px")
        button = w.Layout(width=f"{110 * scale:.0f}px")
        self.name = w.Text(value="learning-curve", description="file name", placeholder="without a suffix",
                           style=style, layout=wide)  # fmt: skip
        self.chart_format = w.Dropdown(options=list(CHART_FORMATS), description="chart as", style=style, layout=wide)
        self.runs_format = w.Dropdown(options=list(RUNS_FORMATS), description="runs as", style=style, layout=wide)
        self.chart_button = w.Button(description="Save chart", icon="image", layout=button)
        self.runs_button = w.Button(description="Save runs", icon="save", layout=button)

        def on_error(text: str) -> None:
            say(text, error=True)

        self.chart_button.on_click(guarded(lambda _b: self.save_chart_now(), on_error))
        self.runs_button.on_click(guarded(lambda _b: self.save_runs_now(), on_error))
        wrap = w.Layout(display="flex", flex_flow="row wrap", align_items="flex-start", width="100%")
        self.widget = w.VBox(
            [
                self.name,
                w.HBox([self.chart_format, self.chart_button], layout=wrap),
                w.HBox([self.runs_format, self.runs_button], layout=wrap),
            ]
        )

    def path(self, suffix: str) -> Path:
        """The file name in the tab, with `suffix` (a suffix typed in the name is dropped)."""
        name = self.name.value.strip() or "learning-curve"
        for known in (*CHART_FORMATS, *RUNS_FORMATS, "json"):
            if name.endswith("." + known):
                name = name[: -len(known) - 1]
        return Path(f"{name}.{suffix}")

    def save_chart_now(self) -> None:
        path = save_chart(self.chart(), self.path(self.chart_format.value))
        self.say(f"Saved the chart to {path.resolve()}.")

    def save_runs_now(self) -> None:
        runs, labels = self.runs()
        path = save_runs(runs, self.path(self.runs_format.value), labels)
        self.say(f"Saved {len(runs)} run(s) to {path.resolve()}.")
