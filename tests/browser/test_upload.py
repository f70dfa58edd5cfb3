"""Bring your own file, on Binder: the lab's upload control in a real JupyterLab and Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

TEACH = Path(__file__).resolve().parents[1] / "data" / "answers" / "teach_small.jsonl"
BAD = Path(__file__).resolve().parents[1] / "data" / "malformed" / "binary_span_answer_unknown.jsonl"
CELLS = [
    "from nerlab.widgets import LearningCurveLab\nlab = LearningCurveLab()\nlab",
]


def test_an_uploaded_export_is_checked_and_its_data_table_shown(jupyter, open_notebook, write_notebook):
    write_notebook(jupyter[2], "upload.ipynb", CELLS)
    notebook = open_notebook("upload.ipynb")
    notebook.run_all()
    page = notebook.page
    lab = page.locator(".nerlab-lab").first
    lab.wait_for(timeout=60_000)
    button = lab.locator(".widget-upload").first  # ipywidgets keeps its file input out of the page

    def upload(path: Path) -> None:
        with page.expect_file_chooser() as chooser:
            button.click()
        chooser.value.set_files(str(path))

    upload(BAD)  # a bad file: one line, nothing else changes
    message = lab.locator(".nerlab-message", has_text="Upload refused")
    message.wait_for(timeout=30_000)
    assert "binary_span_answer_unknown.jsonl, line 2, field 'spans[0].answer'" in message.inner_text()

    upload(TEACH)
    lab.locator(".nerlab-message", has_text="teach_small.jsonl").first.wait_for(timeout=30_000)
    table = lab.locator(".nerlab", has_text="claims, before training").first
    table.wait_for(timeout=30_000)
    assert "rejected BRAND" in table.inner_text()
    assert (Path(jupyter[2]) / "uploads" / "teach_small.jsonl").read_bytes() == TEACH.read_bytes()
    assert not (Path(jupyter[2]) / "uploads" / BAD.name).exists()
    notebook.screenshot("upload", lab)
    assert notebook.error_outputs() == [] and notebook.errors == []
