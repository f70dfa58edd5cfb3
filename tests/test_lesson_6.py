"""Lesson 6's numbers that come from benchmarks and from simulated bases, checked against their source.

The claims about the lesson's own runs are in tests/training/test_claims.py; here: the verdict
table against `benchmarks/thread_hypotheses.py`'s VERDICTS, the batch-size numbers against
docs/artifacts/maintainers_argument.md, and the "before" chart's reading against `before_curve`.
"""

import importlib.util
import json
import re
from pathlib import Path

import pytest

from nerlab.course import USER, lessons_dir
from nerlab.training import before_curve

ROOT = Path(__file__).resolve().parents[1]
ROWS = {  # the lesson's row label -> the benchmark's observation
    "O1": "O1", "O2, 0.5 after": "O2", "O2, before": "O2b", "O3": "O3", "O4": "O4", "O5": "O5", "O6": "O6", "R,": "R",
}  # fmt: skip


def cell(cell_id: str) -> str:
    notebook = json.loads((lessons_dir() / "06_forum_case.ipynb").read_text(encoding="utf-8"))
    return "".join(next(c for c in notebook["cells"] if c["id"] == cell_id)["source"])


def flat(text: str) -> str:
    return " ".join(text.split())


def benchmark():
    spec = importlib.util.spec_from_file_location("thread_hypotheses", ROOT / "benchmarks" / "thread_hypotheses.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_verdict_table_says_none_exactly_where_the_benchmark_found_nothing():
    verdicts = benchmark().VERDICTS
    rows = [line for line in cell("cell-15-grid").splitlines() if line.startswith("| O") or line.startswith("| R")]
    assert len(rows) == len(ROWS)
    for row in rows:
        label, *readings = [part.strip() for part in row.strip("|").split("|")]
        observation = next(obs for prefix, obs in ROWS.items() if label.startswith(prefix))
        for reading, said in zip(("per span", "per task", "Prodigy's"), readings):
            found = verdicts[(observation, reading)]
            assert said.startswith("none") == (not found), (label, reading, said, found)


def test_the_grid_size_and_the_batch_numbers_are_the_artifacts():
    hypotheses = (ROOT / "docs" / "artifacts" / "thread_hypotheses.md").read_text()
    runs = int(re.search(r"^(\d+) runs", hypotheses, re.M).group(1))
    assert f"a grid of {runs} runs" in flat(cell("cell-00"))
    argument = (ROOT / "docs" / "artifacts" / "maintainers_argument.md").read_text()
    binary = argument[argument.index("### user's binary, at equal examples seen") :]
    row = next(line for line in binary.splitlines() if line.startswith("| 0.001 | 1000 |"))
    model, oracle, interaction = (part.strip().strip("*") for part in row.strip("|").split("|")[4:7])
    text = flat(cell("cell-15-batch"))
    assert f"by {model} F1 following the model" in text and f"by {oracle} following the oracle" in text
    assert f"({interaction})" in text


@pytest.fixture(scope="module")
def curve():
    return before_curve(USER)


def test_the_before_chart_reads_as_the_lesson_says(curve):
    """ "Per span, no simulated base reads below 0.5 [...] Per task, none reads below 0.47 [...] Only
    Prodigy's reading [...] goes down to 0.25 [...] about a quarter of them with no extras, up to about
    half with two extra entities per text"."""
    text = flat(cell("cell-15-before-after"))
    assert "Per span, no simulated base reads below 0.5" in text and "Per task, none reads below 0.47" in text
    assert min(p.per_span for p in curve) >= 0.5 and min(p.per_task for p in curve) >= 0.47
    assert min(p.per_span for p in curve if p.agreement > 0) > 0.25

    def crossing(extras: float) -> float:
        """The agreement at which Prodigy's reading reaches 0.25."""
        points = sorted((p.agreement, p.prodigy) for p in curve if p.extras == extras)
        return next(a for a, value in points if value >= 0.25)

    assert 0.2 <= crossing(0.0) <= 0.3  # "about a quarter" with no extras
    assert 0.4 <= crossing(2.0) <= 0.6  # "up to about half" with two extras per text
