"""The lines under the lessons' tables and charts that say what F1 and binary accuracy count, and
why they disagree, checked against the saved runs those tables show (lecture mode, the static
edition). If a saved run is made again and a line stops being true, this fails: fix the line."""

import json

import pytest

from nerlab.course import LESSONS, lessons_dir, saved_runs
from nerlab.training import load_runs

READINGS = {  # lesson -> ids of its cells that hold such a line
    "02_dynamic_oracle": ["cell-22-readings"],
    "04_batch_schedules": ["cell-16-readings"],
    "05_missing_labels_and_base_models": ["cell-05-readings"],
    "06_forum_case": ["cell-14-readings"],
    "07_real_data": ["cell-11-readings", "cell-16-readings"],
}


def final(lesson: str) -> dict:
    """The last evaluation of each of a lesson's saved runs, with the run's data summary, by run name."""
    runs = load_runs(saved_runs(lesson))
    return {name: (run.evaluations[-1], run.data) for name, run in zip(LESSONS[lesson], runs, strict=True)}


@pytest.mark.parametrize(("lesson", "ids"), READINGS.items())
def test_each_line_sits_right_under_its_table(lesson, ids):
    cells = json.loads((lessons_dir() / f"{lesson}.ipynb").read_text())["cells"]
    found = [cell["id"] for cell in cells]
    for cell_id in ids:
        index = found.index(cell_id)
        above = "".join(cells[index - 1]["source"])
        assert cells[index]["cell_type"] == "markdown" and "train_all" in above, (lesson, cell_id)


def test_lesson_4_binary_accuracy_starts_at_the_predict_nothing_line():
    for run in load_runs(saved_runs("04_batch_schedules")):
        first = run.evaluations[0]
        assert first.ents_f == 0 and first.binary_accuracy == pytest.approx(run.data.dev_reject_share)


def test_lesson_5_missing_tokens_keep_binary_accuracy_near_half_at_a_low_f1():
    scores, data = final("05_missing_labels_and_base_models")["unannotated = missing"]
    assert scores.ents_f < 0.1 and 0.4 < scores.binary_accuracy < 0.6
    assert scores.predicted_per_doc > 3 * data.dev_entities_per_doc  # predictions nobody answered about


def test_lesson_6_one_task_per_span_kept_apart_scores_the_reject_share():
    scores, data = final("06_forum_case")["one task per span, kept apart"]
    assert scores.ents_f < 0.05 and scores.predicted_per_doc < 0.05
    assert scores.binary_accuracy == pytest.approx(data.dev_reject_share, abs=0.01)
    assert f"{scores.binary_accuracy:.2f}" == "0.46"


def test_lesson_7_the_binary_run_predicts_everywhere_and_only_f1_sees_it():
    runs = final("07_real_data")
    binary, data = runs["binary, boundary rejects, merged, missing"]
    assert binary.ents_f < 0.05 and binary.ents_p < 0.05 and binary.ents_r > 0.5
    assert binary.predicted_per_doc > 24 and data.dev_entities_per_doc == pytest.approx(0.5, abs=0.05)
    assert 0.75 < binary.binary_accuracy < 0.85 and data.dev_reject_share == pytest.approx(0.5)
    gold, gold_data = runs["gold"]
    assert gold_data.dev_reject_share == 0 and gold.binary_accuracy == pytest.approx(gold.ents_r)


def test_lesson_7_predicting_nothing_is_f1_0_and_the_reject_share():
    scores, data = final("07_real_data.exercise")["binary, boundary rejects, separate, no_missing"]
    assert scores.predicted_per_doc == 0 and scores.ents_f == 0
    assert scores.binary_accuracy == pytest.approx(data.dev_reject_share) == pytest.approx(0.5)
