"""The `nerlab` command line."""

import subprocess
import sys

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


def test_train_prints_spacy_like_table(capsys):
    assert main(["train", "--data", "synthetic:60", "--n-dev", "20", "--epochs", "1", "--eval-every", "30"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    header = next(i for i, line in enumerate(lines) if "ENTS_F" in line)
    rows = [line for line in lines[header + 2 :] if line.strip() and line.strip()[0].isdigit()]
    assert len(rows) == 3  # before, after 30 and after 60 examples
    assert "Run finished" in out and "\x1b[" not in out  # no colour codes when not on a terminal


def test_version_names_nerlab_spacy_and_thinc(capsys):
    import pytest

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("nerlab ") and "spaCy 3.8" in out and "thinc" in out
