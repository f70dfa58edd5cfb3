"""The `nerlab` command line."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nerlab.cli import main


def test_verify_oracle_reports_pairs_and_zero_disagreements(capsys):
    assert main(["verify-oracle", "--docs", "200", "--seed", "5"]) == 0
    out = capsys.readouterr().out
    pairs = int(out.split("(state, action) pairs compared: ")[1].split()[0])
    assert pairs > 10_000
    assert "disagreements: 0" in out


def test_verify_oracle_exits_1_on_a_disagreement(monkeypatch, capsys):
    from nerlab import oracle

    monkeypatch.setattr(oracle, "action_cost", lambda state, action, sup: 0)
    assert main(["verify-oracle", "--docs", "30", "--seed", "1"]) == 1
    assert "disagreements: 0" not in capsys.readouterr().out


def test_bad_flag_value_is_a_one_line_error():
    result = subprocess.run(
        [sys.executable, "-m", "nerlab.cli", "verify-oracle", "--docs", "many"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "--docs takes a whole number, got 'many'" in result.stderr


@pytest.mark.slow
def test_train_prints_spacy_like_table(capsys):
    assert main(["train", "--data", "synthetic:60", "--n-dev", "20", "--epochs", "1", "--eval-every", "30"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    header = next(i for i, line in enumerate(lines) if "ENTS_F" in line)
    rows = [line for line in lines[header + 2 :] if line.strip().split(" ")[0] in ("before", "0", "1")]
    assert len(rows) == 3  # before, after 30 and after 60 examples
    assert rows[0].strip().startswith("before")  # Prodigy's BEFORE line: the model before any update
    assert "Run finished" in out and "\x1b[" not in out  # no colour codes when not on a terminal


def test_version_names_nerlab_spacy_and_thinc(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("nerlab ") and "spaCy 3.8" in out and "thinc" in out


# -- spaCy's manners: one line, exit code 2, no traceback, for anything the user typed -----------

MALFORMED = sorted((Path(__file__).resolve().parent / "data" / "malformed").iterdir())


def test_there_are_malformed_files():
    assert len(MALFORMED) > 20


@pytest.mark.parametrize("path", MALFORMED, ids=lambda p: p.name)
def test_each_malformed_file_is_one_line_naming_file_line_and_field(path, capsys):
    assert main(["train", "--data", str(path), "--epochs", "1"]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("nerlab train: error: ") and str(path) in lines[0]
    if path.suffix == ".jsonl":
        assert ", line 2" in lines[0]  # line 1 of every file is a good record
    assert "Traceback" not in captured.err + captured.out


def test_errors_reach_a_user_as_one_line_and_a_json_error_event():
    bad = str(next(p for p in MALFORMED if p.name == "span_beyond_the_text.jsonl"))
    for argv in (["--data", bad], ["--base", "en_core_web_nope"], ["--epochs", "0"], ["--batch", "steps:3"]):
        result = subprocess.run(
            [sys.executable, "-m", "nerlab.cli", "train", "--json", *argv], capture_output=True, text=True
        )
        assert result.returncode == 2, argv
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
        first = json.loads(result.stdout.splitlines()[0])
        assert first["event"] == "error" and first["message"] in result.stderr


def test_spacy_config_refuses_what_spacy_train_cannot_reproduce(tmp_path, capsys):
    out = str(tmp_path / "export")
    assert main(["train", "--explore", "oracle", "--spacy-config", out]) == 2
    assert "--explore must be 'model' to export" in capsys.readouterr().err
    assert main(["train", "--batch", "compounding:4:16:1.01", "--restart-schedule", "--spacy-config", out]) == 2
    assert "--batch cannot restart each epoch in an export" in capsys.readouterr().err
    assert not Path(out).exists()


def test_the_exported_config_evaluates_as_the_lab_does(tmp_path):
    from thinc.api import Config

    assert main(["train", "--data", "synthetic:200", "--eval-every", "100", "--spacy-config", str(tmp_path)]) == 0
    config = Config().from_disk(tmp_path / "config.cfg")
    # 200 docs x 5 epochs in batches of 4-5: about 230 updates, 10 evaluations of 100 docs each
    assert 15 <= config["training"]["eval_frequency"] <= 30


@pytest.mark.slow
def test_ctrl_c_ends_a_run_cleanly_with_130():
    process = subprocess.Popen(
        [sys.executable, "-m", "nerlab.cli", "train", "--data", "synthetic:300", "--epochs", "30", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    for line in process.stdout:  # wait until it trains
        if json.loads(line)["event"] == "progress":
            break
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130
    last = json.loads(out.strip().splitlines()[-1])
    assert last["event"] == "finished" and last["cancelled"] is True
    assert "Traceback" not in err


@pytest.mark.slow
def test_a_run_leaves_no_temporary_folder(tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    from nerlab.training import RunSettings, train

    train(RunSettings(n_train=30, n_dev=10, epochs=1))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_train_curve_end_to_end():
    result = subprocess.run(
        [sys.executable, "-m", "nerlab.cli", "train-curve", "--data", "synthetic:1000", "--epochs", "1", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    points, verdict = lines[:-1], lines[-1]
    assert [p["share"] for p in points] == [0.25, 0.5, 0.75, 1.0]
    assert [p["n_train"] for p in points] == [250, 500, 750, 1000]
    assert points[-1]["final"]["ents_f"] > points[0]["final"]["ents_f"]  # more data helps at first
    gain = points[-1]["final"]["ents_f"] - points[-2]["final"]["ents_f"]
    assert verdict["event"] == "verdict" and verdict["gain"] == pytest.approx(gain)
    assert verdict["verdict"].startswith("more data still helps" if gain > 0.01 else "more data no longer")


# -- a Prodigy export of answers, as ner.teach writes it ------------------------------------------

TEACH = Path(__file__).resolve().parent / "data" / "answers" / "teach_small.jsonl"


@pytest.mark.slow
def test_an_export_of_answers_trains_as_binary_with_prodigys_columns():
    result = subprocess.run(
        [sys.executable, "-m", "nerlab.cli", "train", "--data", str(TEACH), "--epochs", "1", "--eval-every", "16",
         "--probe", "0", "--json"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "training with --supervision binary" in result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    data = events[0]
    assert data["event"] == "data" and data["summary"]["read_as"].startswith("answers")
    assert data["summary"]["conflicts"] > 0 and data["summary"]["ignored"] > 0
    evaluations = [e for e in events if e["event"] == "evaluation"]
    assert len(evaluations) >= 3 and evaluations[0]["update"] == 0  # before, then during training
    for e in evaluations:
        assert e["ents_f"] is None  # held-out answers: no F1
        assert {"right", "wrong", "ents", "skip", "both", "prodigy_accuracy", "binary_accuracy"} <= set(e)
        assert e["right"] + e["wrong"] + e["skip"] - e["both"] == e["ents"]


@pytest.mark.slow
def test_the_table_prints_prodigys_columns_and_says_why_there_is_no_f1(capsys):
    assert main(["train", "--data", str(TEACH), "--epochs", "1", "--eval-every", "16", "--probe", "0"]) == 0
    out = capsys.readouterr().out
    header = next(line for line in out.splitlines() if line.split()[:2] == ["E", "#"])
    assert header.split() == ["E", "#", "EXAMPLES", "LOSS", "NER", "SPAN", "ACC", "TASK", "ACC", "RIGHT", "WRONG",
                              "ENTS", "SKIP", "ACCURACY", "ENTS/DOC"]  # fmt: skip
    assert "No ENTS_P/R/F: the held-out texts are answers" in out
    assert "texts with only rejects" not in out and "n only rejects" in out and "rejected BRAND" in out


def test_gold_supervision_on_an_export_of_answers_is_one_line_and_exit_2(capsys):
    assert main(["train", "--data", str(TEACH), "--supervision", "gold"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--supervision is 'gold' but" in err[0] and "binary" in err[0]
    assert main(["train", "--data", str(TEACH), "--annotation", "complete"]) == 2
    assert "--annotation is 'complete' but the file has" in capsys.readouterr().err


def test_an_export_of_answers_is_not_written_for_spacy_train_without_complete_held_out_data(tmp_path, capsys):
    assert main(["train", "--data", str(TEACH), "--spacy-config", str(tmp_path / "out")]) == 2
    assert "--dev must be complete annotation to export" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


# -- nerlab lab / lecture: JupyterLab's and Voila's own options pass through ----------------------


@pytest.fixture
def started(monkeypatch):
    """The command `nerlab lab`/`lecture` would start, caught instead of run."""
    commands = []
    monkeypatch.setattr("nerlab.cli.serve", lambda command, **kwargs: commands.append(command) or 0)
    return commands


@pytest.mark.parametrize("root", [True, False], ids=["as root", "as a user"])
def test_lab_passes_jupyterlabs_options_on_and_allows_root_only_for_root(started, monkeypatch, tmp_path, capsys, root):
    monkeypatch.setattr("nerlab.cli.running_as_root", lambda: root)
    assert main(["lab", "--dir", str(tmp_path), "--no-browser", "--port=8890"]) == 0
    (command,) = started
    assert command[1:4] == ["-m", "jupyter", "lab"]
    assert command[-2:] == (["--port=8890", "--allow-root"] if root else ["--no-browser", "--port=8890"])
    assert "--no-browser" in command
    assert ("--allow-root" in command) == root
    assert ("--allow-root" in capsys.readouterr().out) == root


def test_lab_adds_allow_root_once(started, monkeypatch, tmp_path):
    monkeypatch.setattr("nerlab.cli.running_as_root", lambda: True)
    main(["lab", "--dir", str(tmp_path), "--allow-root"])
    assert started[0].count("--allow-root") == 1


def test_lecture_passes_voilas_options_on(started, tmp_path):
    assert main(["lecture", "06", "--dir", str(tmp_path), "--no-browser", "--Voila.ip=127.0.0.1"]) == 0
    (command,) = started
    assert command[1:3] == ["-m", "voila"] and command[-2:] == ["--no-browser", "--Voila.ip=127.0.0.1"]


@pytest.mark.parametrize("command", ["lab", "lecture"])
def test_help_says_other_options_pass_through(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert "Any other option goes to" in " ".join(capsys.readouterr().out.split())


def test_other_commands_still_refuse_unknown_options(capsys):
    with pytest.raises(SystemExit):
        main(["verify-oracle", "--no-browser"])
    assert "unrecognized arguments: --no-browser" in capsys.readouterr().err


def test_an_option_the_user_gives_is_not_added_again(started, monkeypatch, tmp_path):
    """Jupyter's apps refuse an option given twice (`progressive_rendering only accepts one value`)."""
    monkeypatch.setattr("nerlab.cli.running_as_root", lambda: True)
    main(["lab", "--dir", str(tmp_path / "lab"), "--ServerApp.allow_root=True"])
    main(["lecture", "06", "--dir", str(tmp_path / "lecture"), "--progressive_rendering=False"])
    lab, lecture = started
    assert "--allow-root" not in lab and lab.count("--ServerApp.allow_root=True") == 1
    assert [arg for arg in lecture if "progressive_rendering" in arg] == ["--progressive_rendering=False"]


def test_stopping_nerlab_stops_the_server_it_started(tmp_path):
    """A SIGTERM to `nerlab lab` (a test, a container stopping) must not leave JupyterLab running."""
    pid = tmp_path / "server.pid"
    server_script = tmp_path / "server.py"
    server_script.write_text(f"import os, time\nopen({str(pid)!r}, 'w').write(str(os.getpid()))\ntime.sleep(60)\n")
    nerlab_script = (
        f"import sys\nfrom nerlab.cli import serve\nsys.exit(serve([sys.executable, {str(server_script)!r}]))"
    )
    nerlab = subprocess.Popen([sys.executable, "-c", nerlab_script])
    deadline = time.monotonic() + 30
    while not (pid.exists() and pid.read_text()):
        assert time.monotonic() < deadline, "the server never started"
        time.sleep(0.1)
    nerlab.terminate()
    nerlab.wait(10)
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):  # no such process: it stopped with nerlab
        os.kill(int(pid.read_text()), 0)
