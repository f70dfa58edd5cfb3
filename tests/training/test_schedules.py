"""Batch schedules: sizes, parsing, spaCy's batchers, restart or not."""

import pytest

from nerlab.training import BatchSchedule, RunSettings
from nerlab.training.export import refusal


def test_compounding_follows_thincs_formula():
    s = BatchSchedule.compounding(4, 16, 1.5)
    assert s.sizes(7) == [4, 6, 9, 13, 16, 16, 16]
    assert BatchSchedule.fixed(32).sizes(3) == [32, 32, 32]


def test_sizes_for_a_run_match_spacys_batcher():
    s = BatchSchedule.compounding(4, 16, 1.5)
    batcher = s.make_batcher()
    items = list(range(60))
    real = [len(b) for b in batcher(items)] + [len(b) for b in batcher(items)]
    assert real == s.sizes_for(60, epochs=2) == [4, 6, 9, 13, 16, 12, 16, 16, 16, 12]


def test_sizes_for_a_schedule_still_growing_across_epochs_match_spacys_batcher():
    """spaCy's minibatch draws one size more at each epoch's end (it finds no documents left):
    a schedule still growing then skips a size, and sizes_for must skip it too."""
    s = BatchSchedule.parse("compounding:4:32:1.01")
    batcher = s.make_batcher()
    items = list(range(1000))
    real = [len(b) for _ in range(3) for b in batcher(items)]
    assert real == s.sizes_for(1000, epochs=3)


def test_restart_each_epoch_starts_small_again():
    s = BatchSchedule.compounding(4, 16, 1.5, restart_each_epoch=True)
    assert s.sizes_for(60, epochs=2) == [4, 6, 9, 13, 16, 12] * 2
    problem = refusal(RunSettings(schedule=s))  # and an export says spaCy cannot
    assert isinstance(problem, ValueError) and "cannot restart" in str(problem)


def test_parse_and_print_round_trip():
    for text in ["fixed:32", "compounding:4:16:1.001", "compounding:100:1000:1.001:words"]:
        assert str(BatchSchedule.parse(text)) == text
    assert BatchSchedule.parse("fixed:8:words").unit == "words"


@pytest.mark.parametrize("text", ["fixed", "fixed:x", "compounding:4:16", "steps:3", "fixed:0"])
def test_bad_schedules_name_the_accepted_forms(text):
    with pytest.raises(ValueError, match="fixed|at least 1"):
        BatchSchedule.parse(text)


def test_words_schedule_uses_spacys_word_batcher():
    s = BatchSchedule.parse("fixed:10:words")
    assert s.batcher_config()["@batchers"] == "spacy.batch_by_words.v1"
    with pytest.raises(ValueError, match="counts documents"):
        s.sizes_for(10)
