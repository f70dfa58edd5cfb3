"""The course notebooks: stored without outputs, and each runs top to bottom headless."""

import json
import time

import pytest

from nerlab.course import lessons_dir

NOTEBOOKS = sorted(lessons_dir().glob("*.ipynb"))


def test_there_are_notebooks():
    assert NOTEBOOKS, f"no notebooks found in {lessons_dir()}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(path):
    notebook = json.loads(path.read_text())
    for i, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{path.name} cell {i} has stored outputs: clear them"
            assert cell.get("execution_count") is None, f"{path.name} cell {i} has an execution count"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_headless_without_errors(path, tmp_path, monkeypatch):
    """Top to bottom in a fresh kernel, in lecture mode: the lessons' runs load from their saved
    copies (tests/test_course.py checks those are what fresh runs give), so this checks the
    lesson's code, not the training again."""
    monkeypatch.setenv("NERLAB_PRECOMPUTED", "1")
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )  # a learner's working folder
    start = time.perf_counter()
    client.execute()  # raises CellExecutionError on the first cell that fails
    seconds = time.perf_counter() - start
    for i, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", f"{path.name} cell {i}: {output.get('ename')}"
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                assert "Traceback" not in output.get("text", ""), f"{path.name} cell {i} printed a traceback"
    print(f"{path.name}: {seconds:.1f} s")
