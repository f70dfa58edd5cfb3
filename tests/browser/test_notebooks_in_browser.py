"""Every notebook in a real JupyterLab in headless Chromium: run all, no errors, widgets render.

Every lab's legend names its runs whole at 1280 px. The stepper and the lab get a click each,
as a learner would: the stepper's Next moves the highlighted token and changes the action
table; a schedule slider changes the preview; a short lab run draws curve points. A
screenshot of each notebook's key widget is saved in tests/browser/artifacts/ (look at them).
"""

from __future__ import annotations

import pytest

from nerlab.course import LESSONS, lessons_dir

pytestmark = pytest.mark.slow

NOTEBOOKS = sorted(p.name for p in lessons_dir().glob("*.ipynb"))


def _real_errors(errors: list[str]) -> list[str]:
    """Console errors, minus the ones a closed network causes (fonts, news, CDNs)."""
    harmless = ("net::ERR_", "Failed to load resource", "favicon")
    return [e for e in errors if not any(h in e for h in harmless)]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_in_jupyterlab(open_notebook, name):
    notebook = open_notebook(name)
    notebook.run_all()
    page = notebook.page
    assert notebook.error_outputs() == [], f"{name}: error outputs"
    assert _real_errors(notebook.errors) == [], f"{name}: JavaScript errors"
    widgets = page.locator(".jupyter-widgets")
    assert widgets.count() > 0, f"{name}: no widget rendered"
    assert page.locator(".jp-OutputArea-output", has_text="Error displaying widget").count() == 0
    key = page.locator(".nerlab-stepper, .nerlab-lab").first
    notebook.screenshot(name.replace(".ipynb", ""), key if key.count() else None)
    assert_legends_whole(page, name)
    if name.startswith(("04", "06")):
        assert_legends_named(page, name)


def lesson_names_of(name: str) -> set[str]:
    """The names a lesson gives its runs (its entries in nerlab.course.LESSONS)."""
    stem = name.replace(".ipynb", "")
    return {run for lesson, runs in LESSONS.items() if lesson.split(".")[0] == stem for run in runs}


def assert_legends_named(page, name: str) -> None:
    """Each legend entry of a lab is one of the lesson's own names for its runs, and the legend
    is no taller than the chart above it (lessons 4 and 6 name their runs)."""
    names = lesson_names_of(name)
    charts = page.locator(".nerlab-lab .vega-embed svg")
    with_legend = [charts.nth(i) for i in range(charts.count()) if charts.nth(i).locator("g.role-legend").count()]
    assert with_legend, f"{name}: no lab chart with a legend"  # the schedule preview has none
    for chart in with_legend:
        chart.scroll_into_view_if_needed()
        shown = [t.replace("\u00a0", " ") for t in chart.locator("g.role-legend-label text").all_text_contents()]
        assert shown and set(shown) <= names, f"{name}: legend {shown} is not the lesson's names {sorted(names)}"
        legend = chart.locator("g.role-legend").first.bounding_box()
        whole = chart.bounding_box()
        assert legend["height"] <= whole["height"] - legend["height"], f"{name}: the legend is taller than the chart"


def assert_legends_whole(page, name: str) -> None:
    """At 1280 px every run's name in a lab's legend is shown whole: wrapped, not cut with '…'."""
    labels = page.locator(".nerlab-lab g.role-legend-label text")
    for i in range(labels.count()):
        label = labels.nth(i)
        label.scroll_into_view_if_needed()
        text, box = label.text_content(), label.bounding_box()
        assert "\u2026" not in text, f"{name}: a legend label is cut: {text!r}"
        assert box is None or box["x"] + box["width"] <= 1280, f"{name}: {text!r} runs off the page"


def test_stepper_next_moves_the_highlight_and_changes_the_table(open_notebook, press_next):
    notebook = open_notebook("01_actions.ipynb")
    notebook.run_all()
    page = notebook.page
    stepper = page.locator(".nerlab-stepper").first
    stepper.scroll_into_view_if_needed()
    table = stepper.locator(".nerlab-actions").first
    before_table = table.inner_text()
    before_token, after_token = press_next(page, stepper)
    after_table = stepper.locator(".nerlab-actions").first.inner_text()
    assert after_token != before_token
    assert after_table != before_table
    notebook.screenshot("stepper_after_next", stepper)
    assert _real_errors(notebook.errors) == []


def _marks(locator) -> int:
    return locator.locator("g.mark-line path, g.mark-symbol path, g.mark-rect path, g.mark-bar path").count()


def test_lab_slider_changes_the_schedule_preview_and_a_run_draws_points(open_notebook):
    notebook = open_notebook("04_batch_schedules.ipynb")
    notebook.run_all()
    page = notebook.page
    lab = page.locator(".nerlab-lab").first
    lab.scroll_into_view_if_needed()
    # the notebook trained runs: the learning curve has points drawn in the browser
    curve = lab.locator(".vega-embed").first
    assert _marks(curve) > 0, "the learning curve drew nothing"
    # move the schedule's start slider and watch the preview change
    lab.get_by_text("Batch schedule", exact=True).first.click()
    preview = lab.locator(".vega-embed").last
    preview.wait_for(timeout=10_000)
    before = preview.inner_html()
    handle = lab.locator(".widget-slider .noUi-handle:visible").first
    handle.click()
    for _ in range(5):
        handle.press("ArrowRight")
    for _ in range(40):
        if preview.inner_html() != before:
            break
        page.wait_for_timeout(250)
    assert preview.inner_html() != before, "the schedule preview did not change"
    notebook.screenshot("lab_schedule_preview", lab)
    assert _real_errors(notebook.errors) == []
