"""A new user's first steps: a fresh clone with nothing beside it, a plain install, then use it.

The clone goes into an empty folder (no `../shared` beside it), nerlab is installed from it
into a fresh virtual environment WITHOUT `-e`, and everything then runs from a third folder,
so nothing can come from the repository by accident: the shipped data trains a model, a
learner's working copy of the course is made and served by JupyterLab, and lesson 7 runs
top to bottom. The virtual environment sees the packages of the Python running the tests
(spaCy, JupyterLab...), whether that is the system's Python or itself a virtual environment,
so the test installs only nerlab itself: what it checks is the package, not PyPI.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def run(*command, cwd, env=None, timeout=600) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{command}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    return result


class Installed(NamedTuple):
    python: Path  # the new virtual environment's
    nerlab: Path  # its `nerlab` command
    work: Path  # an empty folder to run from
    env: dict  # the environment, without PYTHONPATH
    venv: Path
    clone: Path


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout to clone")
    empty = tmp_path_factory.mktemp("empty")
    clone = empty / "nerlab"
    run("git", "clone", "--quiet", str(ROOT), str(clone), cwd=empty)
    venv = tmp_path_factory.mktemp("venv")
    run(sys.executable, "-m", "venv", str(venv), cwd=empty)
    python, nerlab = venv / "bin" / "python", venv / "bin" / "nerlab"
    see_the_test_environments_packages(python)
    run(str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(clone), cwd=empty)
    work = tmp_path_factory.mktemp("work")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NERLAB_DATA", "VIRTUAL_ENV")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return Installed(python, nerlab, work, env, venv, clone)


def see_the_test_environments_packages(python: Path) -> None:
    """Let a new virtual environment import what the Python running the tests imports.

    `venv --system-site-packages` is not enough: run from inside a virtual environment, it gives
    the BASE Python's packages, not that environment's. A .pth file in the new environment's
    site-packages adds the running Python's package folders after its own (as site-packages
    folders, so their own .pth files count too), and nerlab installed in the new one comes first.
    """
    folders = [p for p in sys.path if Path(p).name in ("site-packages", "dist-packages") and Path(p).is_dir()]
    own = run(str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=python.parent)
    lines = "".join(f"import site; site.addsitedir({folder!r})\n" for folder in folders)
    (Path(own.stdout.strip()) / "nerlab_test_environment.pth").write_text(lines)


def test_the_clone_has_the_seven_lessons_in_notebooks(installed):
    lessons = sorted(p.name for p in (installed.clone / "notebooks").glob("*.ipynb"))
    assert len(lessons) == 7 and lessons[0] == "01_actions.ipynb", lessons


def test_the_install_finds_the_lessons_without_the_repository(installed):
    python, _, work, env, venv, _ = installed
    script = (
        "from nerlab.course import lessons_dir, lesson_names, saved_runs\n"
        "print(lessons_dir()); print(len(lesson_names())); print(saved_runs('06_forum_case').is_file())"
    )
    where, count, saved = run(str(python), "-c", script, cwd=work, env=env).stdout.split()
    assert where.startswith(str(venv)) and where.endswith("nerlab/lessons"), where
    assert (count, saved) == ("7", "True")


def test_nerlab_comes_from_the_install_not_the_repository(installed):
    python, _, work, env, venv, _ = installed
    where = run(str(python), "-c", "import nerlab; print(nerlab.__file__)", cwd=work, env=env).stdout.strip()
    assert where.startswith(str(venv)) and "site-packages" in where


def test_the_shipped_data_trains_a_model(installed):
    _, nerlab, work, env, _, _ = installed
    result = run(
        str(nerlab), "train", "--data", "fashion-brands", "--n-train", "100", "--n-dev", "50",
        "--epochs", "1", "--json", cwd=work, env=env,
    )  # fmt: skip
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert events[0]["event"] == "data" and events[0]["labels"] == ["FASHION_BRAND"]
    assert events[-1]["event"] == "finished" and not events[-1]["cancelled"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_nerlab_lab_copies_the_course_and_answers_even_as_root(installed):
    """No --allow-root given: run as root (a container, CI), nerlab adds it and says so in one line."""
    _, nerlab, work, env, _, _ = installed
    port = _free_port()
    course = work / "my-course"
    log = work / "lab.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(nerlab), "lab", "--dir", str(course), "--no-browser", "--ip=127.0.0.1", f"--port={port}",
             "--IdentityProvider.token=t", "--LabApp.news_url=None"],
            cwd=work, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            status = _answer(f"http://127.0.0.1:{port}/api/status?token=t", server, seconds=90)
        finally:
            server.terminate()
            server.wait(30)
    said = log.read_text()
    assert status == 200, said[-2000:]
    as_root = os.geteuid() == 0
    assert ("starts with --allow-root" in said) == as_root, said[-2000:]
    lessons = sorted(p.name for p in course.glob("*.ipynb"))
    assert len(lessons) == 7 and lessons[0] == "01_actions.ipynb"
    # A learner's edit survives the next start: the copy never overwrites a lesson.
    (course / lessons[0]).write_text("{}")
    run(str(installed.python), "-c", f"from nerlab.course import working_copy; working_copy({str(course)!r})",
        cwd=work, env=env)  # fmt: skip
    assert (course / lessons[0]).read_text() == "{}"


def _answer(url: str, server: subprocess.Popen, seconds: float) -> int:
    """The HTTP status the server answers `url` with, once it is up (fails if it stops or never answers)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server stopped (exit code {server.returncode}) before answering")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status
        except urllib.error.HTTPError as error:  # it answered, with an error
            return error.code
        except OSError:  # not listening yet
            time.sleep(0.5)
    pytest.fail(f"nothing answered {url} within {seconds:.0f} s")


def test_lesson_7_runs_headless_from_the_install(installed):
    python, _, work, env, venv, _ = installed
    run(str(python), "-m", "ipykernel", "install", "--prefix", str(venv), "--name", "nerlab-venv", cwd=work, env=env)
    script = (
        "import nbformat\n"
        "from nbclient import NotebookClient\n"
        "from nerlab.course import find_lesson, working_copy\n"
        "folder = working_copy('lesson-7')\n"
        "notebook = nbformat.read(find_lesson('07', folder), as_version=4)\n"
        "NotebookClient(notebook, timeout=300, kernel_name='nerlab-venv',"
        " resources={'metadata': {'path': str(folder)}}).execute()\n"
        "errors = [o for c in notebook.cells for o in c.get('outputs', []) if o.get('output_type') == 'error']\n"
        "assert not errors, errors\n"
        "print('ok')\n"
    )
    assert run(str(python), "-c", script, cwd=work, env=env).stdout.strip().endswith("ok")
