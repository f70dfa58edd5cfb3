"""Widgets never go dead: Stop works while a lesson cell waits for a run to end."""

from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.slow

CELLS = [
    "from nerlab.training import RunSettings\n"
    "from nerlab.widgets import LearningCurveLab\n"
    "lab = LearningCurveLab(RunSettings(n_train=2000, n_dev=50, epochs=30, eval_every=1000, probe=0))\n"
    "lab",
    "import time\n"
    "lab.start()\n"
    "started = time.time()\n"
    "await lab.wait_async()  # a lesson cell that waits: Stop must still work\n"
    "print('waited', round(time.time() - started, 1), 's; stopped:', lab.runs[-1].cancelled)",
]


def test_stop_during_a_waiting_cell_ends_the_run_within_2_seconds(jupyter, open_notebook, write_notebook):
    write_notebook(jupyter[2], "stop_while_waiting.ipynb", CELLS)
    notebook = open_notebook("stop_while_waiting.ipynb")
    page = notebook.page
    page.locator("#jp-MainMenu").get_by_text("Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    lab = page.locator(".nerlab-lab").first
    lab.wait_for(timeout=90_000)
    lab.locator(".widget-html", has_text="Training").first.wait_for(timeout=90_000)  # the run has begun
    page.wait_for_timeout(1500)
    clicked = time.monotonic()
    lab.get_by_role("button", name="Stop").click()
    output = page.locator(".jp-OutputArea-output", has_text="waited")
    try:
        output.wait_for(timeout=30_000)
    finally:
        notebook.screenshot("stop_while_waiting", page)
    seconds = time.monotonic() - clicked
    assert "stopped: True" in output.inner_text()
    assert seconds <= 2.0, f"the run ended {seconds:.1f} s after Stop"
    assert notebook.error_outputs() == []
