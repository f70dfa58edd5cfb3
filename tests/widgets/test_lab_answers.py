"""The lab with a learner's own Prodigy answers: a path or an upload, checked, read and scored three ways."""

import json
from pathlib import Path

import pytest

from nerlab.widgets import LearningCurveLab

TEACH = Path(__file__).resolve().parents[1] / "data" / "answers" / "teach_small.jsonl"


@pytest.fixture
def lab(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # uploads go beside the notebook: here, a scratch folder
    lab = LearningCurveLab()
    yield lab
    lab.close()


def test_a_file_of_answers_switches_to_binary_and_shows_its_data_table_before_training(lab):
    lab.use_data_file(str(TEACH))
    assert lab.form["supervision"].value == "binary"
    assert "holds accept/reject answers" in lab.message.value or "training examples" in lab.message.value
    table = lab.data_table.value
    assert "claims, before training" in table and "rejected BRAND" in table and "not scored" in table
    assert lab.runs == []  # nothing trained yet


def test_a_bad_upload_is_one_line_and_changes_nothing(lab):
    before = lab.form.settings()
    lab.upload._on_upload({"new": [{"name": "answers.jsonl", "content": memoryview(b'{"text": "ok"}\n{"text": 3}\n')}]})
    message = lab.message.value
    assert "Upload refused" in message and "answers.jsonl, line 2, field &#x27;text&#x27;" in message
    assert lab.form.settings() == before and not Path("uploads/answers.jsonl").exists()


@pytest.mark.slow
def test_an_uploaded_export_trains_and_the_chart_shows_any_reading(lab, fields):
    lab.upload._on_upload({"new": [{"name": "answers.jsonl", "content": memoryview(TEACH.read_bytes())}]})
    assert lab.form["data"].value == str(Path("uploads") / "answers.jsonl") and Path("uploads/answers.jsonl").exists()
    lab.form["epochs"].value, lab.form["probe"].value, lab.form["eval_every"].value = 1, 0, 20
    lab.run_button.click()
    assert lab.wait(60)
    last = lab.runs[-1].evaluations[-1]
    assert last.ents_f is None and last.right + last.wrong + last.skip - last.both == last.ents
    assert fields(lab.chart.spec, "y") >= {"binary_accuracy"} and "ents_f" not in fields(lab.chart.spec, "y")
    for reading in ("binary_accuracy_per_task", "prodigy_accuracy"):
        lab.reading.value = reading
        assert reading in fields(lab.chart.spec, "y")
    rows = lab.chart.spec["data"]["values"]
    assert [row["prodigy_accuracy"] for row in rows] == [e.prodigy_accuracy for e in lab.runs[-1].evaluations]
    assert json.dumps(rows)  # the rows travel to the browser as JSON
