"""Binder, the place most learners meet the course: its pins, its badge, and its build, run again.

The pins in binder/requirements.txt are written by scripts/pin_binder.py from the versions the
tests run on; the quick tests here fail when the file, this environment and pyproject.toml's
ranges disagree. The slow test builds Binder's environment as repo2docker does, without
Docker: a fresh virtual environment on runtime.txt's Python, the pins from PyPI, then
binder/postBuild in a clone of the repository; then it runs lesson 1 as a learner opening the
badge would, and lesson 6 in lecture mode, headless and served by `nerlab lecture`.
"""

from __future__ import annotations

import html
import importlib.util
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from nerlab.course import LESSONS
from nerlab.site import BINDER_REPO, binder_url

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"


def pin_binder():
    spec = importlib.util.spec_from_file_location("pin_binder", ROOT / "scripts" / "pin_binder.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pins() -> dict[str, str]:
    lines = [line for line in (BINDER / "requirements.txt").read_text().splitlines() if not line.startswith("#")]
    return dict(line.split("==") for line in lines if line.strip())


def release(version: str) -> str:
    """major.minor: a patch release on PyPI after the pins were written does not make them stale."""
    return ".".join(version.split(".")[:2])


def test_binder_pins_are_the_releases_the_tests_run_on():
    """The pins name every package the tests run on, at the same release (major.minor). Exact
    pins are written by scripts/pin_binder.py; the slow test below proves they build and run."""
    written = pins()
    installed = dict(
        line.split("==") for line in pin_binder().requirements().splitlines() if line.strip() and "==" in line
    )
    assert set(written) == set(installed), "binder/requirements.txt pins other packages: run scripts/pin_binder.py"
    stale = {
        name: (written[name], installed[name]) for name in written if release(written[name]) != release(installed[name])
    }
    assert stale == {}, f"pinned releases differ from the tested ones: run scripts/pin_binder.py ({stale})"


def test_binder_pins_every_dependency_within_pyprojects_range():
    pinned = pins()
    for name, requirement in pin_binder().dependencies().items():
        assert name in pinned, f"binder/requirements.txt does not pin {name}: run scripts/pin_binder.py"
        assert Requirement(requirement).specifier.contains(pinned[name]), f"{name}=={pinned[name]} is not {requirement}"


def test_binders_python_is_one_nerlab_supports():
    import tomllib

    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    runtime = (BINDER / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.\d+", runtime), f"binder/runtime.txt should read python-3.X, not {runtime!r}"
    assert Requirement(f"python{requires}").specifier.contains(runtime.removeprefix("python-") + ".0")


def test_the_readme_badge_opens_lesson_1_of_the_one_binder_address():
    badge = f"[![Binder](https://mybinder.org/badge_logo.svg)]({binder_url('01_actions')})"
    assert badge in (ROOT / "README.md").read_text(), (
        f"README.md's badge should read {badge} (BINDER_REPO={BINDER_REPO})"
    )


def test_postbuild_copies_nothing():
    """The badge opens the repository's own notebooks/01_actions.ipynb."""
    assert "working_copy" not in (BINDER / "postBuild").read_text()
    assert (ROOT / "notebooks" / "01_actions.ipynb").is_file()


# -- Binder's build, run again -------------------------------------------------------------------


def run(*command, cwd, env, timeout=600) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{command}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def binder(tmp_path_factory):
    """(the environment's python, the repository as Binder checks it out, the environment)."""
    version = (BINDER / "runtime.txt").read_text().strip().removeprefix("python-")
    base = shutil.which(f"python{version}")
    if base is None or shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip(f"needs git, a git checkout and Python {version} (binder/runtime.txt) as python{version}")
    home = tmp_path_factory.mktemp("home")  # Binder's user starts with an empty home (nerlab's cache is there)
    repository = tmp_path_factory.mktemp("binder") / "nerlab"
    venv = tmp_path_factory.mktemp("venv")
    keep = {"PATH", "LANG", "LC_ALL", "TMPDIR", "SSL_CERT_FILE", "PIP_CERT", "PIP_CONFIG_FILE", "PIP_INDEX_URL"}
    env = {k: v for k, v in os.environ.items() if k in keep or k.startswith("PIP_")}
    pip_cache = Path.home() / ".cache" / "pip"  # downloads are shared with this machine's pip: only time
    env.update(HOME=str(home), PIP_CACHE_DIR=str(pip_cache), PATH=f"{venv / 'bin'}{os.pathsep}{env['PATH']}")
    seconds = {}
    start = time.perf_counter()
    run("git", "clone", "--quiet", str(ROOT), str(repository), cwd=home, env=env)
    run(base, "-m", "venv", str(venv), cwd=home, env=env)
    python = venv / "bin" / "python"
    run(str(python), "-m", "pip", "install", "--quiet", "-r", "binder/requirements.txt", cwd=repository, env=env,
        timeout=1800)  # fmt: skip
    seconds["pins"] = time.perf_counter() - start
    run("bash", "binder/postBuild", cwd=repository, env=env, timeout=1200)
    seconds["postBuild"] = time.perf_counter() - start - seconds["pins"]
    print(f"\nBinder's environment: venv + pins {seconds['pins']:.0f} s, postBuild {seconds['postBuild']:.0f} s")
    return python, repository, env


HEADLESS = r"""
import sys, time
import nbformat
from nbclient import NotebookClient
path = sys.argv[1]
notebook = nbformat.read(path, as_version=4)
notebook.cells.append(nbformat.v4.new_code_cell("import sys, nerlab; print(sys.prefix); print(nerlab.__file__)"))
start = time.perf_counter()
NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": sys.argv[2]}}).execute()
errors = [o for c in notebook.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
assert not errors, errors
print(f"{time.perf_counter() - start:.1f}")
print(notebook.cells[-1].outputs[0].text)
"""


def run_headless(binder, lesson: str, **env) -> float:
    """Run notebooks/LESSON.ipynb where the badge opens it; its kernel must be the environment's."""
    python, repository, environment = binder
    notebooks = repository / "notebooks"
    result = run(str(python), "-c", HEADLESS, str(notebooks / f"{lesson}.ipynb"), str(notebooks),
                 cwd=notebooks, env={**environment, **env})  # fmt: skip
    seconds, prefix, where = result.stdout.split()
    assert Path(prefix) == python.parent.parent, f"the kernel ran in {prefix}, not Binder's environment"
    assert "site-packages" in where, f"the kernel's nerlab is {where}, not the one postBuild installed"
    print(f"\n{lesson} on Binder's environment: {float(seconds):.1f} s")
    return float(seconds)


@pytest.mark.slow
def test_lesson_1_runs_on_binders_environment(binder):
    run_headless(binder, "01_actions")


@pytest.mark.slow
def test_lesson_6_runs_in_lecture_mode_on_binders_environment(binder):
    run_headless(binder, "06_forum_case", NERLAB_PRECOMPUTED="1", NERLAB_SCALE="1.6")


@pytest.mark.slow
def test_nerlab_lecture_serves_lesson_6_on_binders_environment(binder):
    """Voila's own options pass through: with tracebacks shown and the page rendered whole on the
    server (not progressively, over a websocket), a failing cell shows in the page read here."""
    python, repository, env = binder
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [str(python.parent / "nerlab"), "lecture", "06", f"--port={port}", "--no-browser", "--Voila.ip=127.0.0.1",
         "--show_tracebacks=True", "--progressive_rendering=False"],
        cwd=repository, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        page = read_page(f"http://127.0.0.1:{port}/", server)
    finally:
        server.terminate()
        server.wait(30)
    first_run = next(iter(LESSONS["06_forum_case"]))  # printed by the cell that loads the saved runs
    title = json.loads((ROOT / "notebooks" / "06_forum_case.ipynb").read_text())["cells"][0]["source"][0]
    assert title.lstrip("# ").strip() in page and html.escape(first_run, quote=False) in page
    assert "Traceback (most recent call last)" not in page and "There was an error when executing" not in page


def read_page(url: str, server: subprocess.Popen, seconds: float = 120) -> str:
    """The whole page once the server answers (Voila sends it as the cells finish)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"nerlab lecture stopped (exit code {server.returncode}) before serving")
        try:
            with urllib.request.urlopen(url, timeout=seconds) as response:
                return response.read().decode()
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"nothing answered {url} within {seconds:.0f} s")


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-s"]))
