"""A lecturer's legends: lessons 4 and 6 served by `nerlab lecture` at scale 1.6, runs named as the lesson does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .test_notebooks_in_browser import lesson_names_of

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("lesson", ["04", "06"])
def test_legends_name_the_lessons_runs_at_projector_scale(lesson, browser, artifacts, free_port, wait_for_port):
    port = free_port()
    command = [sys.executable, "-m", "nerlab.cli", "lecture", lesson, "--scale", "1.6", "--port", str(port),
               "--no-browser", "--Voila.ip=127.0.0.1"]  # fmt: skip
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    try:
        assert wait_for_port(port, 90), "voila did not start within 90 s"
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}/", timeout=180_000)
        chart = page.locator(".nerlab-lab .vega-embed svg").first
        chart.locator("g.role-legend-label text").first.wait_for(timeout=180_000)
        page.wait_for_timeout(2000)  # the saved runs' last redraw
        name = next(p.name for p in (ROOT / "notebooks").glob(f"{lesson}*.ipynb"))
        shown = chart.locator("g.role-legend-label text").all_text_contents()
        assert shown and set(shown) <= lesson_names_of(name), shown
        legend, whole = chart.locator("g.role-legend").first.bounding_box(), chart.bounding_box()
        assert legend["height"] <= whole["height"] - legend["height"], "the legend is taller than the chart"
        chart.screenshot(path=str(artifacts / f"lecture_legend_{lesson}.png"))
        context.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
