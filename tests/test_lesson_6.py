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


def test_what_the_merged_answers_claim_is_what_the_lesson_says():
    """Cell-04: "merging drops those as conflicts (385 spans here) [...] 656 true entity tokens; 45 texts
    then claim no entity at all). The 1,000 texts make 974 examples because 26 [...] are repeats"."""
    from nerlab.data import gold_to_binary, input_hash, summarize, synthetic_corpus, tasks_to_supervised

    docs = synthetic_corpus(USER.n_train, USER.n_dev, seed=USER.seed).train
    labels = sorted({label for doc in docs for _, _, label in doc.spans})
    truth = {input_hash(doc.text): doc.spans for doc in docs}
    users = gold_to_binary(
        docs, accepts="per-doc", reject_grouping="per-doc", labels=labels, seed=USER.seed, reject_labels="all"
    )
    merged = summarize(tasks_to_supervised(users.tasks, no_missing=True, merge=True, gold=truth))
    text = flat(cell("cell-04"))
    repeats = len(docs) - len({doc.text for doc in docs})
    assert f"({merged.conflicts} spans here)" in text and f"({merged.gold_entity_tokens_labelled_O} true entity" in text
    assert f"{merged.n_claim_no_entities} texts then claim no entity" in text
    assert (
        f"make {merged.n_examples} examples because {repeats} of" in text and merged.n_examples == len(docs) - repeats
    )


def test_o6_is_reproduced_in_as_many_set_ups_as_the_lesson_says():
    verdicts = benchmark().VERDICTS
    hypotheses = (ROOT / "docs" / "artifacts" / "thread_hypotheses.md").read_text()
    o6 = hypotheses[hypotheses.index('## O6 "answer"') :]
    o6 = o6[: o6.index("\n## ", 1)] if "\n## " in o6[1:] else o6
    set_ups = {line.split("|")[1].strip() for line in o6.splitlines() if line.startswith("| answer:accept")}
    for reading in ("per span", "per task"):
        said = f"{len(verdicts[('O6', reading)])} of {len(set_ups)} set-ups"
        assert said in flat(cell("cell-15-grid")), said
    assert f"{len(verdicts[('O6', 'per span')])} of its {len(set_ups)} O6 set-ups".replace("5", "five").replace(
        "8", "eight"
    ) in flat(cell("cell-05-o6-after"))


def test_o4_passes_in_as_many_blank_set_ups_as_the_lesson_says():
    """Point 4: "In the grid only one of the three blank set-ups without the flag passes its (loose,
    ±0.1) test"."""
    hypotheses = (ROOT / "docs" / "artifacts" / "thread_hypotheses.md").read_text()
    o4 = hypotheses[hypotheses.index("## O4") : hypotheses.index("## O5")]
    missing = {line.split("|")[1].strip() for line in o4.splitlines() if line.startswith("| base blank, missing")}
    passing = {s for s in benchmark().VERDICTS[("O4", "Prodigy's")] if s.startswith("base blank, missing")}
    words = {1: "one", 2: "two", 3: "three", 4: "four"}
    said = f"only {words[len(passing)]} of the {words[len(missing)]} blank set-ups without the flag passes"
    assert said in flat(cell("cell-15"))
