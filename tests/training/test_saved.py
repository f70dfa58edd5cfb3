"""Saved runs say what made them, and a file of another format is refused with a clear message."""

import json

import pytest

from nerlab.training import RunRecord, RunSettings, load_runs, run_labels, save_runs
from nerlab.training.events import DataEvent, EvaluationEvent


def a_record() -> RunRecord:
    record = RunRecord(RunSettings(n_train=10, n_dev=10))
    record.record(DataEvent({"n_examples": 10}, 10, 10, ["PERSON"], 1.0, 0.5))
    record.record(EvaluationEvent(0, 0, 0, 0.0, 0.0, 0.0, {}, 0.5, 0.0, 0.0))
    return record


def test_saved_runs_record_versions_and_load_back(tmp_path):
    path = save_runs([a_record()], tmp_path / "runs.json")
    document = json.loads(path.read_text())
    assert document["format"] == "nerlab-lab-runs" and document["version"] == 2
    assert set(document["made_by"]) == {"nerlab", "spacy", "thinc"}
    (loaded,) = load_runs(path)
    assert loaded.settings == a_record().settings and loaded.evaluations == a_record().evaluations


def test_another_format_version_fails_with_a_message_not_a_key_error(tmp_path):
    path = save_runs([a_record()], tmp_path / "runs.json")
    document = json.loads(path.read_text())
    document["version"] = 99
    path.write_text(json.dumps(document))
    with pytest.raises(ValueError, match="format version 99 .* reads versions 1 and 2"):
        load_runs(path)
    path.write_text("[1, 2]")
    with pytest.raises((ValueError, TypeError), match="runs"):
        load_runs(path)


def test_run_names_say_only_what_differs_and_applies():
    gold = RunSettings()
    binary = RunSettings(supervision="binary", rejects="boundary", no_missing=True)
    labels = run_labels([gold, binary, RunSettings(seed=3)])
    # no reject strategy for gold; at most two legend lines (the first "; " breaks the line)
    assert labels[0] == "run 1: supervision=gold; no_missing=False, seed=0"
    assert labels[1] == "run 2: supervision=binary; rejects=boundary, no_missing=True, seed=0"
    assert labels[2] == "run 3: supervision=gold; no_missing=False, seed=3"
    assert all(label.count("; ") <= 1 for label in labels)
