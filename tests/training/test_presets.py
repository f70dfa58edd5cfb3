"""Named set-ups: the forum thread's own conversion, one flag away."""

import pytest

from nerlab.cli import build_parser, settings_from_args
from nerlab.data import synthetic_corpus
from nerlab.training import BatchSchedule, RunSettings, SettingError, run
from nerlab.training.presets import RUN_PRESETS, preset


def test_the_thread_preset_is_the_users_set_up():
    thread = preset("thread")
    assert thread == RunSettings(
        supervision="binary",
        accepts="per-doc",
        rejects="random-label",
        reject_grouping="per-doc",
        reject_ratio=1.0,
        tasks="merged",
        no_missing=True,
        schedule=BatchSchedule.fixed(32),
        epochs=5,
    )
    assert set(RUN_PRESETS["thread"]) < set(RunSettings.__dataclass_fields__)


def test_any_other_setting_overrides_the_preset():
    argv = ["train", "--preset", "thread", "--missing", "--tasks", "separate", "--batch", "fixed:8", "--seed", "4"]
    settings = settings_from_args(build_parser().parse_args(argv))
    assert settings == preset("thread", no_missing=False, tasks="separate", schedule="fixed:8", seed=4)
    assert settings.accepts == "per-doc" and settings.reject_grouping == "per-doc"
    with pytest.raises(SettingError, match="takes one of thread"):
        preset("threads")


def test_a_thread_run_with_separate_tasks_trains_on_two_examples_per_text_with_entities():
    settings = preset("thread", tasks="separate", n_train=120, n_dev=30, epochs=1)
    events = run(settings)
    data = next(events)
    events.close()
    texts = synthetic_corpus(120, 30, seed=0).train
    with_entities = sum(1 for d in texts if d.spans)
    assert data.summary["n_examples"] == data.n_train == with_entities * 2 + (len(texts) - with_entities)
    assert data.summary["conflicts"] == 0
    # every reject example claims its text has no entity at all, as a --no-missing reject does
    assert data.summary["n_claim_no_entities"] == with_entities + (len(texts) - with_entities)
