"""A Prodigy file read as answers: span answers, the reading, the split by text, the data table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nerlab.data import (
    DataError,
    Task,
    read_as,
    read_prodigy,
    split_by_text,
    summarize,
    tasks_to_supervised,
    texts_of,
)

TEACH = Path(__file__).parent / "answers" / "teach_small.jsonl"
TOKENS = ("Zara", "ships", "to", "Oslo")
TEXT = "Zara ships to Oslo"


def task(spans, answer="accept", span_extra=()):
    return Task(TEXT, TOKENS, (True, True, True, False), tuple(spans), answer, span_extra=span_extra)


def test_a_spans_own_answer_overrides_its_tasks():
    # Prodigy keeps a span's own "answer": "accept" added to a reject task's spans makes them accepts
    relabelled = task([(0, 1, "PLACE"), (3, 4, "BRAND")], "reject", ({"answer": "accept"}, {}))
    assert relabelled.span_answers() == [((0, 1, "PLACE"), "accept"), ((3, 4, "BRAND"), "reject")]
    supervision = tasks_to_supervised([relabelled]).docs[0].supervision
    assert supervision.spans == ((0, 1, "PLACE"),) and supervision.rejected == ((3, 4, "BRAND"),)


def test_a_file_with_rejects_reads_as_answers_and_refuses_complete():
    tasks = read_prodigy(TEACH)
    assert read_as(tasks).answers and read_as(tasks, "answers").answers
    with pytest.raises(ValueError, match="rejected spans .*line 2"):
        read_as(tasks, "complete")


def test_a_file_of_accepts_is_complete_unless_the_user_says_answers():
    accepts = [task([(0, 1, "BRAND")])]
    assert not read_as(accepts).answers and "ner.teach" in read_as(accepts).why
    assert read_as(accepts, "answers").answers


def test_the_split_keeps_every_answer_on_a_text_on_one_side_and_repeats_by_seed():
    tasks = read_prodigy(TEACH)
    train, held = split_by_text(tasks, 0.25, seed=3)
    train_texts, held_texts = {t.input_hash for t in train}, {t.input_hash for t in held}
    assert not train_texts & held_texts and len(train) + len(held) == len(tasks)
    assert len(held_texts) == round(0.25 * len(texts_of(tasks)))
    assert split_by_text(tasks, 0.25, seed=3) == (train, held)
    assert split_by_text(tasks, 0.25, seed=4) != (train, held)


def test_the_split_refuses_what_cannot_be_split():
    with pytest.raises(ValueError, match="at least 2 texts"):
        split_by_text([task([(0, 1, "BRAND")])], 0.2, seed=0)


def test_the_summary_counts_reject_only_texts_and_spans_per_label():
    tasks = [task([(0, 1, "BRAND")]), task([(3, 4, "BRAND")], "reject"), task([(0, 1, "BRAND")], "reject")]
    merged = summarize(tasks_to_supervised(tasks))
    assert (merged.n_examples, merged.conflicts, merged.n_only_rejects) == (1, 1, 1)
    assert merged.accepted_per_label == {} and merged.rejected_per_label == {"BRAND": 1}
    apart = summarize(tasks_to_supervised(tasks, merge=False))
    assert (apart.n_examples, apart.conflicts, apart.n_only_rejects) == (3, 1, 2)
    assert apart.accepted_per_label == {"BRAND": 1} and apart.rejected_per_label == {"BRAND": 2}
    rows = dict((name, value) for name, value, _ in apart.as_rows())
    assert rows["accepted BRAND"] == 1 and rows["rejected BRAND"] == 2


def test_a_bad_span_answer_names_file_line_and_field(tmp_path):
    record = {"text": TEXT, "spans": [{"start": 0, "end": 4, "label": "BRAND", "answer": "maybe"}], "answer": "reject"}
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"text": TEXT, "answer": "accept"}) + "\n" + json.dumps(record) + "\n")
    with pytest.raises(DataError) as caught:
        read_prodigy(path)
    assert (caught.value.line, caught.value.field) == (2, "spans[0].answer")
    assert "bad.jsonl" in str(caught.value) and "'maybe'" in str(caught.value)
