"""The static edition (`nerlab build-course`), read in Chromium as a visitor would: every page
loads with no JavaScript error and no failed request (nothing comes from a CDN), draws its
learning curves as Vega charts, shows the stepper as HTML, and links to Binder. No page asks
for an answer it cannot take ("Not yet", a red cross): every exercise and every prediction has
its answer folded, closed until a click opens it."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from pathlib import Path

import pytest

from nerlab.course import lesson_names, lessons_dir
from nerlab.exercises import exercises_of
from nerlab.site import build_course

ARTIFACTS = Path(__file__).parent / "artifacts"
NOT_FOR_A_STATIC_PAGE = ("Not yet", "\u2717", "did not record a prediction", "Write your answer first")
pytestmark = pytest.mark.slow  # a browser, and every lesson executed to build the site (about a minute)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """(base URL, folder) of the built course, served over HTTP on loopback."""
    folder = tmp_path_factory.mktemp("site")
    build_course(folder, repo="nerlab-test/nerlab")
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", folder
    server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest's output for failures
        pass


def lesson_source(name: str) -> str:
    cells = json.loads((lessons_dir() / f"{name}.ipynb").read_text())["cells"]
    return "".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "code")


def watched_page(browser, failed_requests: bool = False):
    """A 1280 px page and the list its JavaScript errors (and failed requests, if asked) go to."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
    page.on("console", lambda msg: problems.append(f"console: {msg.text}") if msg.type == "error" else None)
    if failed_requests:
        page.on("requestfailed", lambda request: problems.append(f"request failed: {request.url}"))
    return page, problems


@pytest.mark.parametrize("name", lesson_names())
def test_every_page_loads_cleanly_and_shows_what_its_lesson_draws(site, browser, name):
    base, _ = site
    page, problems = watched_page(browser, failed_requests=True)
    try:
        page.goto(f"{base}/{name}.html")
        page.wait_for_load_state("networkidle")
        source = lesson_source(name)
        charts = page.locator(".nerlab-chart")
        if "train_all" in source:  # a lab: its curves are drawn after the runs load
            assert charts.count() >= 1, f"{name}: no learning-curve chart on the page"
            drawn = "() => [...document.querySelectorAll('.nerlab-chart')].every(c => c.querySelector('.marks'))"
            page.wait_for_function(drawn, timeout=15_000)
            assert charts.first.bounding_box()["height"] > 200, f"{name}: the chart is drawn empty"
            assert page.locator(".nerlab-chart .vega-actions").count() == charts.count(), "the export menu is off"
        if "TransitionStepper" in source:
            assert page.locator(".nerlab-token").count() > 0, f"{name}: the stepper's static HTML is missing"
        binder = page.get_by_role("link", name="open the live lesson on Binder")
        assert f"gh/nerlab-test/nerlab/HEAD?urlpath=lab/tree/notebooks/{name}.ipynb" in binder.get_attribute("href")
        assert "Traceback" not in page.inner_text("body"), f"{name}: a cell failed while the site was built"
        if name.startswith("06"):
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            charts.first.scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / "static-page-06.png"))
        assert problems == [], f"{name}: {problems}"
    finally:
        page.close()


@pytest.mark.parametrize("name", lesson_names())
def test_every_exercise_has_its_answer_folded_and_a_click_opens_it(site, browser, name):
    base, _ = site
    page, problems = watched_page(browser)
    try:
        page.goto(f"{base}/{name}.html")
        page.wait_for_load_state("networkidle")
        text = page.inner_text("body")
        assert [mark for mark in NOT_FOR_A_STATIC_PAGE if mark in text] == [], name
        answers = page.locator("details.nerlab-answer")
        assert answers.count() == len(exercises_of(int(name[:2]))), f"{name}: an exercise has no folded answer"
        for i in range(answers.count()):
            answer = answers.nth(i)
            body = answer.locator("p").first  # the answer's first paragraph, under the summary
            assert not answer.evaluate("details => details.open") and not body.is_visible(), f"{name}: open already"
            answer.locator("summary").click()
            assert answer.evaluate("details => details.open") and body.is_visible(), f"{name}: a click did not open it"
            if name.startswith("04") and i == 0:  # a worked answer with code, the next one still closed
                answer.scroll_into_view_if_needed()
                page.evaluate("() => window.scrollBy(0, -160)")  # the exercise's prompt in the picture too
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / "static-answer-open.png"))
        assert problems == [], f"{name}: {problems}"
    finally:
        page.close()


def test_the_index_links_every_lesson(site, browser):
    base, _ = site
    page = browser.new_page()
    try:
        page.goto(f"{base}/index.html")
        links = page.locator("ol a")
        assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [
            f"{name}.html" for name in lesson_names()
        ]
    finally:
        page.close()
