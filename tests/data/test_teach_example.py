"""The shipped ner.teach-shaped example: what its script makes, in the shape ner.teach writes."""

import importlib.util
from collections import Counter
from pathlib import Path

from nerlab.data import dataset_path, load_dataset, read_as

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "make_teach_example.py"


def test_the_shipped_file_is_what_its_script_makes(tmp_path):
    spec = importlib.util.spec_from_file_location("make_teach_example", SCRIPT)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    script.main(tmp_path / "made.jsonl")
    assert (tmp_path / "made.jsonl").read_bytes() == dataset_path("fashion-brands-teach").read_bytes()


def test_it_has_the_shape_ner_teach_writes():
    tasks = load_dataset("fashion-brands-teach")
    assert all(len(task.spans) == 1 for task in tasks)  # one suggested span per task
    assert len({task.task_hash for task in tasks}) == len(tasks)  # each task its own hash
    by_text = Counter(task.input_hash for task in tasks)
    assert max(by_text.values()) > 1  # several tasks on one text share its input hash
    assert set(Counter(task.answer for task in tasks)) == {"accept", "reject", "ignore"}
    assert read_as(tasks).answers
