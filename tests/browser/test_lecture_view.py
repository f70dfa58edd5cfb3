"""The lecturer's view: a notebook served by Voila (`nerlab lecture`), large fonts, in Chromium."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def lecture(free_port, wait_for_port):
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "nerlab.cli",
            "lecture",
            "01",
            "--scale",
            "1.6",
            "--port",
            str(port),
            "--no-browser",
            "--Voila.ip=127.0.0.1",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    if not wait_for_port(port, 90):
        server.kill()
        pytest.fail("voila did not start within 90 s")
    yield f"http://127.0.0.1:{port}/"
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


def test_voila_renders_the_stepper_at_projector_size(lecture, browser, artifacts, press_next):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(lecture, timeout=120_000)
    stepper = page.locator(".nerlab-stepper").first
    stepper.wait_for(timeout=120_000)
    size = page.locator(".nerlab-stepper .nerlab").first.evaluate("el => getComputedStyle(el).fontSize")
    assert size == "22px", size  # 14 px at scale 1.6
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 1280, f"horizontal scroll: page is {width} px wide"
    before, after = press_next(page, stepper)
    assert after != before
    page.screenshot(path=str(artifacts / "lecture_voila_01.png"))
    assert "official Jupyter news" not in page.inner_text("body")  # JupyterLab's first-start question
    assert errors == []
    context.close()


def test_the_scale_can_come_from_the_address(lecture, browser, artifacts):
    """A lecturer adds ?scale=2 to the lesson's address: no restart, no environment variable."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(lecture + "?scale=2", timeout=120_000)
    stepper = page.locator(".nerlab-stepper").first
    stepper.wait_for(timeout=120_000)
    size = page.locator(".nerlab-stepper .nerlab").first.evaluate("el => getComputedStyle(el).fontSize")
    assert size == "28px", size  # 14 px at scale 2
    context.close()
