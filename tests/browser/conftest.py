"""A real JupyterLab on loopback and a real headless Chromium, shared by the browser tests.

JupyterLab serves a COPY of the notebooks (it autosaves, and the repository's copies must
stay without outputs). Chromium is Debian's (`/usr/bin/chromium`), driven by Playwright:
Playwright's own browser download is not available offline. Without a browser the tests
skip with a message, except under CI, where that is a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "browser" / "artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _browser_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _missing(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}")
    pytest.skip(f"browser tests skipped: {reason} (install Debian's chromium and `pip install playwright`)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, seconds: float) -> bool:
    """True once something listens on the port (a TCP probe: a GET could run a notebook)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.3)
    return False


def _press_next(page, stepper) -> tuple[str, str]:
    """Click the stepper's Next and wait for the highlighted token to move; (before, after)."""
    before = stepper.locator(".nerlab-current").first.inner_text()
    stepper.get_by_role("button", name="Next").first.click()
    for _ in range(40):  # the kernel answers the click, then the view re-renders
        if stepper.locator(".nerlab-current").first.inner_text() != before:
            break
        page.wait_for_timeout(250)
    return before, stepper.locator(".nerlab-current").first.inner_text()


@pytest.fixture(scope="session")
def wait_for_port():
    return _wait_for_port


@pytest.fixture(scope="session")
def press_next():
    return _press_next


@pytest.fixture(scope="session")
def jupyter(tmp_path_factory):
    """(base URL, token, folder) of a JupyterLab serving a working copy of the course."""
    from nerlab.course import working_copy

    folder = working_copy(tmp_path_factory.mktemp("course"))
    settings = tmp_path_factory.mktemp("lab-settings")
    news = settings / "@jupyterlab" / "apputils-extension"
    news.mkdir(parents=True)
    (news / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
    port, token = _free_port(), "nerlab-test-token"
    # Lecture mode: lessons load their saved runs (checked against fresh runs by tests/test_course.py);
    # a test that presses Run still trains live.
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(settings), NERLAB_PRECOMPUTED="1")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--allow-root",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--ServerApp.root_dir={folder}",
            f"--IdentityProvider.token={token}",
            "--LabApp.news_url=None",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    if not _wait_for_port(port, 60):
        server.kill()
        pytest.fail("JupyterLab did not start within 60 s")
    yield f"http://127.0.0.1:{port}", token, folder
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


@pytest.fixture(scope="session")
def browser():
    executable = _browser_path()
    if executable is None:
        _missing("no chromium executable on PATH")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class NotebookPage:
    """One notebook open in JupyterLab, with the page's JavaScript errors collected."""

    def __init__(self, page, errors: list[str]):
        self.page = page
        self.errors = errors

    def run_all(self, timeout_ms: int = 240_000) -> None:
        page = self.page
        page.locator("#jp-MainMenu").get_by_text("Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        page.wait_for_timeout(1000)
        page.locator(".jp-StatusBar-TextItem", has_text="Idle").first.wait_for(timeout=timeout_ms)
        # the status bar can read Idle between cells: wait until no cell is queued or running
        page.wait_for_function(
            "() => ![...document.querySelectorAll('.jp-InputArea-prompt')].some(p => p.textContent.includes('*'))",
            timeout=timeout_ms,
        )

    def error_outputs(self) -> list[str]:
        return self.page.locator(
            ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
        ).all_inner_texts() + [t for t in self.page.locator(".jp-RenderedText").all_inner_texts() if "Traceback" in t]

    def screenshot(self, name: str, locator=None) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        (locator or self.page).screenshot(path=str(path))
        return path


@pytest.fixture
def open_notebook(jupyter, browser):
    base, token, _ = jupyter
    pages = []

    def opener(name: str) -> NotebookPage:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
        page.on("console", lambda msg: errors.append(f"console: {msg.text}") if msg.type == "error" else None)
        page.goto(f"{base}/lab/tree/{name}?token={token}&reset")
        page.locator(".jp-StatusBar-TextItem", has_text="| Idle").first.wait_for(timeout=90_000)
        pages.append(context)
        return NotebookPage(page, errors)

    yield opener
    for context in pages:
        context.close()


def _write_notebook(folder, name: str, cells: list[str]) -> None:
    """A notebook of code cells, written for JupyterLab to open (a test's own small notebook)."""
    import json

    code = [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": c} for c in cells]
    kernel = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    notebook = {"cells": code, "metadata": {"kernelspec": kernel}, "nbformat": 4, "nbformat_minor": 5}
    (Path(folder) / name).write_text(json.dumps(notebook))


@pytest.fixture(scope="session")
def write_notebook():
    """`write_notebook(folder, name, cells)`: a notebook of code cells in the served folder."""
    return _write_notebook


@pytest.fixture(scope="session")
def free_port():
    """A function giving a free TCP port on loopback."""
    return _free_port


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """The folder for screenshots (look at them after a run)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
