"""A new user's first steps: a fresh clone with nothing beside it, a plain install, then use it.

The clone goes into an empty folder (no `../shared` beside it), nerlab is installed from it
into a fresh virtual environment WITHOUT `-e`, and everything then runs from a third folder,
so nothing can come from the repository by accident: the shipped data trains a model, a
learner's working copy of the course is made and served by JupyterLab, and lesson 7 runs
top to bottom. The virtual environment sees the test environment's packages (spaCy,
JupyterLab...), so the test installs only nerlab itself: what it checks is the package,
not PyPI.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def run(*command, cwd, env=None, timeout=600) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{command}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(the venv's python, the venv's nerlab command, an empty working folder, a clean env)."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout to clone")
    empty = tmp_path_factory.mktemp("empty")
    clone = empty / "nerlab"
    run("git", "clone", "--quiet", str(ROOT), str(clone), cwd=empty)
    venv = tmp_path_factory.mktemp("venv")
    run(sys.executable, "-m", "venv", "--system-site-packages", str(venv), cwd=empty)
    python, nerlab = venv / "bin" / "python", venv / "bin" / "nerlab"
    run(str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(clone), cwd=empty)
    work = tmp_path_factory.mktemp("work")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NERLAB_DATA")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return python, nerlab, work, env, venv


def test_nerlab_comes_from_the_install_not_the_repository(installed):
    python, _, work, env, venv = installed
    where = run(str(python), "-c", "import nerlab; print(nerlab.__file__)", cwd=work, env=env).stdout.strip()
    assert where.startswith(str(venv)) and "site-packages" in where


def test_the_shipped_data_trains_a_model(installed):
    _, nerlab, work, env, _ = installed
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


def test_nerlab_lab_copies_the_course_and_starts(installed):
    _, nerlab, work, env, _ = installed
    port = _free_port()
    course = work / "my-course"
    server = subprocess.Popen(
        [str(nerlab), "lab", "--dir", str(course), "--no-browser", "--allow-root", "--ip=127.0.0.1",
         f"--port={port}", "--IdentityProvider.token=t", "--LabApp.news_url=None"],
        cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("nerlab lab did not start JupyterLab within 90 s")
    finally:
        server.terminate()
        server.wait(30)
    lessons = sorted(p.name for p in course.glob("*.ipynb"))
    assert len(lessons) == 7 and lessons[0] == "01_actions.ipynb"
    # A learner's edit survives the next start: the copy never overwrites a lesson.
    (course / lessons[0]).write_text("{}")
    run(str(installed[0]), "-c", f"from nerlab.course import working_copy; working_copy({str(course)!r})", cwd=work,
        env=env)  # fmt: skip
    assert (course / lessons[0]).read_text() == "{}"


def test_lesson_7_runs_headless_from_the_install(installed):
    python, _, work, env, venv = installed
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
