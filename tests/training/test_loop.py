"""The lab runner: event stream, determinism, cancelling, and parity with `spacy train`."""

import json
import os
import subprocess
import sys
import threading

import pytest

from nerlab.data import dataset_path
from nerlab.training import BatchSchedule, RunSettings, run, train

SMALL = RunSettings(n_train=120, n_dev=40, epochs=2, eval_every=60, seed=3)


@pytest.mark.slow
def test_event_stream_order_and_contents():
    events = list(run(SMALL))
    kinds = [e.event for e in events]
    assert kinds[0] == "data" and kinds[1] == "evaluation" and kinds[-1] == "finished"
    assert events[1].update == 0 and events[1].examples_seen == 0  # the "before" score
    progress = [e for e in events if e.event == "progress"]
    assert progress and progress[-1].examples_seen == 2 * events[0].n_train
    assert [p.update for p in progress] == list(range(1, len(progress) + 1))
    evaluations = [e for e in events if e.event == "evaluation"]
    assert evaluations[-1].examples_seen == progress[-1].examples_seen  # a final evaluation
    seen = [e.examples_seen for e in evaluations]
    assert seen == sorted(seen) and len(seen) >= 4
    for e in evaluations:
        d = e.to_dict()
        for key in ("examples_seen", "ents_p", "ents_r", "ents_f", "per_label", "binary_accuracy"):
            assert key in d
    finished = events[-1]
    assert finished.nlp is not None and not finished.cancelled
    json.dumps([e.to_dict() for e in events])  # every event is JSON-ready


@pytest.mark.slow
def test_same_settings_same_numbers():
    first = [e.to_dict() for e in run(SMALL) if e.event == "evaluation"]
    second = [e.to_dict() for e in run(SMALL) if e.event == "evaluation"]
    assert first == second
    other = [e.to_dict() for e in run(SMALL.with_changes(seed=4)) if e.event == "evaluation"]
    assert other != first


@pytest.mark.slow
def test_cancel_from_another_thread_stops_between_updates():
    cancel = threading.Event()
    events = []
    for event in run(SMALL.with_changes(epochs=20), cancel=cancel):
        events.append(event)
        if event.event == "progress" and event.update == 3:
            stopper = threading.Thread(target=cancel.set)
            stopper.start()
            stopper.join()  # the switch is set, from another thread, before the next update
    finished = events[-1]
    assert finished.event == "finished" and finished.cancelled
    assert finished.updates <= 4


@pytest.mark.slow
def test_binary_supervision_reports_binary_accuracy_and_what_the_data_says():
    separate = list(run(SMALL.with_changes(supervision="binary", no_missing=True, tasks="separate", epochs=1)))
    assert separate[0].summary["n_claim_no_entities"] > 0  # each reject-only task claims "no entities"
    events = list(run(SMALL.with_changes(supervision="binary", no_missing=True, epochs=1)))
    data = events[0]
    assert data.summary["n_claim_no_entities"] == 0  # merged: the accept on the same text stays
    before = events[1]
    assert before.binary_accuracy is not None


@pytest.mark.slow
def test_schedule_restart_changes_batch_sizes():
    restart = BatchSchedule.compounding(2, 16, 1.5, restart_each_epoch=True)
    events = list(run(SMALL.with_changes(schedule=restart)))
    sizes = [e.batch_size for e in events if e.event == "progress"]
    assert sizes == restart.sizes_for(SMALL.n_train, epochs=2)


def train_json(*flags: str) -> list[dict]:
    """`nerlab train FLAGS --json` in a subprocess, as a user runs it: its events, one per line."""
    command = [sys.executable, "-m", "nerlab.cli", "train", *flags, "--json"]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.mark.slow
def test_train_cli_json_lines():
    lines = train_json(
        "--data", "synthetic:100", "--n-dev", "30", "--epochs", "1", "--eval-every", "50",
        "--supervision", "binary", "--no-missing",
    )  # fmt: skip
    assert lines[0]["event"] == "data" and lines[-1]["event"] == "finished"
    evaluation = next(line for line in lines if line["event"] == "evaluation")
    assert {"examples_seen", "ents_p", "ents_r", "ents_f", "per_label", "binary_accuracy"} <= set(evaluation)


def test_train_cli_bad_value_is_one_line_naming_the_flag():
    result = subprocess.run(
        [sys.executable, "-m", "nerlab.cli", "train", "--supervision", "silver"], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "--supervision takes one of gold, partial, binary; got 'silver'" in result.stderr


@pytest.mark.slow
def test_lab_matches_spacy_train_on_real_data(tmp_path):
    """Parity: the lab's final F1 equals what `python -m spacy train` reaches on the exported config."""

    train_file = dataset_path("fashion-brands", "train")
    data_dir = train_file.parent
    settings = RunSettings(
        data=str(train_file),
        dev=str(data_dir / "fashion_brands_eval.jsonl"),
        n_train=250,
        epochs=2,
        eval_every=10**6,
        seed=5,
    )
    lab = train(settings)
    out = tmp_path / "export"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "nerlab.cli",
            "train",
            "--data",
            str(train_file),
            "--dev",
            str(data_dir / "fashion_brands_eval.jsonl"),
            "--n-train",
            "250",
            "--epochs",
            "2",
            "--seed",
            "5",
            "--spacy-config",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [sys.executable, "-m", "spacy", "train", str(out / "config.cfg"), "--output", str(tmp_path / "model")],
        check=True,
        capture_output=True,
    )
    import spacy

    from nerlab.training.loop import Evaluator
    from nerlab.training.prepare import prepare

    theirs = Evaluator(spacy.load(tmp_path / "model" / "model-last"), prepare(settings))
    their_f = theirs(update=0, epoch=0, examples_seen=0, loss=0.0).ents_f
    print("lab", lab.evaluations[-1].ents_f, "spacy train", their_f)
    assert lab.evaluations[-1].ents_f > 0.2  # it learned something
    assert abs(lab.evaluations[-1].ents_f - their_f) <= 0.01


@pytest.mark.slow
def test_train_cli_beam_separate_no_missing_end_to_end():
    """The issue's command line, on a small corpus: beam update, separate tasks, no_missing."""
    lines = train_json(
        "--data", "synthetic:80", "--n-dev", "20", "--epochs", "1", "--supervision", "binary",
        "--rejects", "random-label", "--tasks", "separate", "--no-missing", "--update", "beam:8",
    )  # fmt: skip
    assert lines[0]["event"] == "data" and lines[0]["summary"]["n_claim_no_entities"] > 0
    assert lines[-1]["event"] == "finished" and lines[-1]["final"]["binary_accuracy"] is not None


@pytest.mark.slow
def test_beam_update_uses_spacys_beam_ner():
    from nerlab.spacy_bridge import NEG_KEY

    finished = train(SMALL.with_changes(update="beam:4", epochs=1))
    ner = finished.nlp.get_pipe("ner")
    assert type(ner).__name__ == "BeamParser" or ner.cfg.get("beam_width") == 4
    assert ner.cfg["beam_width"] == 4 and ner.cfg["beam_update_prob"] == 1.0
    assert ner.cfg["incorrect_spans_key"] == NEG_KEY


def test_examples_spacys_update_would_stop_on_are_dropped_and_counted():
    """On the real fashion data, boundary rejects give two long texts on which spaCy's static
    oracle (used to cut long documents) walks into a state with no free action: spaCy's own
    update would raise E024. The run leaves them out and says how many, in the data event."""
    from nerlab.course import REAL

    events = run(REAL.with_changes(supervision="binary", rejects="boundary"))
    data = next(events)
    events.close()
    assert data.summary["dropped_unsupervisable"] == 2
    assert data.n_train == data.summary["n_examples"] - 2


NEW_LABELS_ON_NEWS = """
from nerlab.training import RunSettings, train
finished = train(RunSettings(n_train=40, n_dev=20, epochs=1, eval_every=40, labels=("PRODUCT", "TECH"),
                             supervision="partial", base="news", seed=0))
print(finished.nlp.get_pipe("ner").move_names)
"""


@pytest.mark.slow
def test_a_base_model_learns_new_labels_the_same_way_whatever_the_hash_seed(news_model):
    """spaCy would add unseen labels during the first update in a set's order, which changes with
    PYTHONHASHSEED (and with it the whole run); nerlab adds them first, sorted."""
    moves = []
    for hash_seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run([sys.executable, "-c", NEW_LABELS_ON_NEWS], capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr[-2000:]
        moves.append(done.stdout.strip().splitlines()[-1])
    assert len(set(moves)) == 1, moves
    assert moves[0].index("B-PRODUCT") < moves[0].index("B-TECH")
