"""The numbers lessons state in prose are the saved runs' numbers, and the schedule code's.

Each row of CLAIMS is (lesson, cell id, sentence with `{}`, how to compute the number). The
test fills the sentence with the computed number and asks the lesson's Markdown cell to hold
it: if a saved run is re-made and a number moves, or the prose is edited, the test fails.
QUALITATIVE holds the claims that are comparisons, each with the check the saved run must pass.
"""

import importlib.util
import json
import re
from functools import cache
from pathlib import Path

import pytest

from nerlab.course import LESSONS, lessons_dir, saved_runs
from nerlab.exercises import solution
from nerlab.exercises.lesson4 import GROWING, N_DOCS, ORDINALS, epoch_ends, epoch_of_update, first_update_of
from nerlab.training import RunSettings


@cache
def saved(lesson: str, name: str) -> dict:
    """One saved run of a lesson, by the name `nerlab.course.LESSONS` gives it."""
    runs = json.loads(saved_runs(lesson).read_text())["runs"]
    return runs[list(LESSONS[lesson]).index(name)]


def markdown(lesson: str, cell_id: str) -> str:
    notebook = json.loads((lessons_dir() / f"{lesson}.ipynb").read_text(encoding="utf-8"))
    cell = next(c for c in notebook["cells"] if c["id"] == cell_id)
    assert cell["cell_type"] == "markdown", f"{lesson} {cell_id} is not a Markdown cell"
    return " ".join("".join(cell["source"]).split())


def updates_at(run: dict, documents: int) -> int:
    """The update count at the first evaluation after `documents` documents were seen."""
    return next(e["update"] for e in run["evaluations"] if e["examples_seen"] >= documents)


def largest_batch(run: dict) -> int:
    """The largest batch the run's schedule makes over its examples and epochs."""
    settings = RunSettings.from_dict(run["settings"])
    sizes = settings.schedule.sizes_for(run["data"]["n_train"], epochs=settings.epochs)
    assert len(sizes) == run["updates"], "the schedule code and the saved run disagree on the updates"
    return max(sizes)


def hundreds(n: int) -> int:
    return round(n, -2)


SCHEDULES_RUNS = "04_batch_schedules"
REAL = "07_real_data"

CLAIMS = [
    (
        SCHEDULES_RUNS,
        "cell-18",
        "after 500 documents, `fixed:4` has made {} updates",
        lambda: updates_at(saved(SCHEDULES_RUNS, "fixed 4"), 500),
    ),
    (
        SCHEDULES_RUNS,
        "cell-18",
        "`fixed:32` {}. 2.",
        lambda: updates_at(saved(SCHEDULES_RUNS, "fixed 32"), 500),
    ),
    (
        SCHEDULES_RUNS,
        "cell-04",
        "at 1.01 it reaches its top size in about {} updates",
        lambda: hundreds(first_update_of(GROWING, 32)),
    ),
    (REAL, "cell-10", "over this run's {} updates", lambda: saved(REAL, "gold")["updates"]),
    (REAL, "cell-10", "it never holds more than {} documents", lambda: largest_batch(saved(REAL, "gold"))),
    (REAL, "cell-10", "small runs ({} texts, 3 epochs)", lambda: saved(REAL, "gold")["settings"]["n_train"]),
    (REAL, "cell-10", "(400 texts, {} epochs)", lambda: saved(REAL, "gold")["settings"]["epochs"]),
    (REAL, "cell-00", "and {} evaluation texts", lambda: saved(REAL, "gold")["data"]["n_dev"]),
]


@pytest.mark.parametrize("lesson,cell_id,sentence,compute", CLAIMS, ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CLAIMS])
def test_a_number_in_the_prose_is_the_saved_runs(lesson, cell_id, sentence, compute):
    stated = sentence.format(compute())
    assert stated in markdown(lesson, cell_id), f"{lesson} {cell_id} should say: {stated!r}"


def evaluations(lesson: str, name: str) -> list[dict]:
    return saved(lesson, name)["evaluations"]


QUALITATIVE = [
    (
        "02_dynamic_oracle",
        "cell-23",
        "teacher forcing is not behind after the first epoch",
        lambda: (
            evaluations("02_dynamic_oracle", "teacher forcing")[1]["ents_f"]
            >= evaluations("02_dynamic_oracle", "follow the model (spaCy)")[1]["ents_f"]
        ),
    ),
    (
        SCHEDULES_RUNS,
        "cell-18",
        "is above 0.1 in the first readings with small batches",
        lambda: max(e["target_drift"] for e in evaluations(SCHEDULES_RUNS, "fixed 4")[1:3]) > 0.1,
    ),
    (
        SCHEDULES_RUNS,
        "cell-18",
        "Under teacher forcing it is 0 by construction",
        lambda: all(
            e["target_drift"] == 0.0
            for name in ("fixed 4, teacher forcing", "fixed 32, teacher forcing")
            for e in evaluations(SCHEDULES_RUNS, name)[1:]
        ),
    ),
    (
        SCHEDULES_RUNS,
        "cell-18",
        "with batches of 4 it is ahead after 250 documents",
        lambda: (
            evaluations(SCHEDULES_RUNS, "fixed 4, teacher forcing")[1]["ents_f"]
            > evaluations(SCHEDULES_RUNS, "fixed 4")[1]["ents_f"]
        ),
    ),
    (
        SCHEDULES_RUNS,
        "cell-18",
        "after 250 and 500 documents `fixed:32` is still at F1 0.00 under both policies",
        lambda: all(
            e["examples_seen"] < 750 and round(e["ents_f"], 2) == 0.0
            for name in ("fixed 32", "fixed 32, teacher forcing")
            for e in evaluations(SCHEDULES_RUNS, name)[1:3]
        ),
    ),
    (
        "05_missing_labels_and_base_models",
        "cell-06",
        "several times more often than they occur",
        lambda: (
            evaluations("05_missing_labels_and_base_models", "unannotated = missing")[-1]["predicted_per_doc"]
            >= 2 * saved("05_missing_labels_and_base_models", "unannotated = missing")["data"]["dev_entities_per_doc"]
        ),
    ),
]


@pytest.mark.parametrize("lesson,cell_id,sentence,holds", QUALITATIVE, ids=[f"{q[0]}-{q[2]}" for q in QUALITATIVE])
def test_a_comparison_in_the_prose_holds_in_the_saved_run(lesson, cell_id, sentence, holds):
    assert sentence in markdown(lesson, cell_id), f"{lesson} {cell_id} no longer says {sentence!r}"
    assert holds(), f"{lesson} {cell_id} says {sentence!r}, which its saved run does not show"


# -- points 4 and 5 of issue 24: the schedule's numbers come from the schedule code ---------------


def test_exercise_4_5_says_where_the_batch_first_holds_32():
    """The epochs' ends and the first batch of 32 come from `sizes_for` (spaCy's batcher, tested
    in tests/training/test_schedules.py), and the saved run ended its epochs at those updates."""
    ends = epoch_ends(GROWING)
    run = saved(SCHEDULES_RUNS, "compounding 4 to 32")
    assert ends == [updates_at(run, N_DOCS * epoch) for epoch in range(1, len(ends) + 1)]
    first = first_update_of(GROWING, 32)
    assert GROWING.sizes_for(N_DOCS, epochs=len(ends))[first] == 32 > GROWING.sizes_for(N_DOCS, len(ends))[first - 1]
    worked = solution("4.5").markdown
    epoch = epoch_of_update(GROWING, first)
    assert ends[epoch - 2] <= first < ends[epoch - 1]
    assert f"at update {first} (counting from 0), in the {ORDINALS[epoch]} epoch" in worked
    assert f"the epochs end after {', '.join(map(str, ends))} updates" in worked


def test_lesson_7_names_nerlabs_default_schedule_and_spacys():
    """Lesson 7's gold run uses nerlab's default schedule, which the lesson names, not spaCy's."""
    settings = RunSettings.from_dict(saved(REAL, "gold")["settings"])
    assert settings.schedule == RunSettings().schedule
    text = markdown(REAL, "cell-10")
    assert f"nerlab's default schedule, `{settings.schedule}` in documents" in text
    assert "spaCy's own default compounds over words, from 100 to 1,000" in text


# -- issue 21, item 4: lesson 4 reads the maintainer's argument off the floor ---------------------

ROOT = Path(__file__).resolve().parents[1]
ARGUMENT = ROOT / "docs" / "artifacts" / "maintainers_argument.md"


@cache
def argument_benchmark():
    """benchmarks/maintainers_argument.py as a module (its settings and VERDICTS; nothing is trained)."""
    spec = importlib.util.spec_from_file_location(
        "maintainers_argument", ROOT / "benchmarks" / "maintainers_argument.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def after_one_epoch() -> dict[tuple[str, str], list[str]]:
    """The artifact's rows at 1,000 examples seen: (set-up, learning rate) -> its cells."""
    rows, setup = {}, None
    for line in ARGUMENT.read_text().splitlines():
        if line.startswith("### "):
            setup = line[4:].split(",")[0] if line.endswith("at equal examples seen") else None
        elif setup and line.startswith("| 0."):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if cells[1] == "1000":
                rows[(setup, cells[0])] = cells
    return rows


def as_in_lesson_4(setup: str, cells: list[str]) -> str:
    """An artifact row as lesson 4's table prints it: the arms' F1 without their lowest seed."""
    lr, _, model, oracle, lead_model, lead_oracle, interaction, _ = cells
    model, oracle = (re.sub(r" \(\d\.\d\d\)", "", arms) for arms in (model, oracle))
    return f"| {setup} | {lr} | {model} | {oracle} | {lead_model} | {lead_oracle} | {interaction} |"


def test_lesson_4_quotes_the_benchmarks_readings_after_one_epoch_where_no_arm_is_at_0():
    rows = after_one_epoch()
    bench = argument_benchmark()
    assert {setup for setup, _ in rows} == set(bench.SETUPS) and len(rows) == len(bench.SETUPS) * 3
    text = markdown(SCHEDULES_RUNS, "cell-18")
    for (setup, _), cells in rows.items():
        assert cells[-1] == "off the floor", f"{setup} {cells[0]}: an arm is below the floor after one epoch"
        assert as_in_lesson_4(setup, cells) in text, f"lesson 4 cell-18 should show {as_in_lesson_4(setup, cells)!r}"
    small_later = max(float(c[5].split()[0]) for (_, lr), c in rows.items() if float(lr) > 0.001)
    assert f"at 0.003 and 0.005 that part is down to {small_later:.2f} or less by then" in text


def test_lesson_4_states_the_benchmarks_verdicts_and_settings():
    bench = argument_benchmark()
    text = markdown(SCHEDULES_RUNS, "cell-18")
    on_examples = {bench.VERDICTS[(setup, "examples")] for setup in bench.SETUPS}
    on_updates = {bench.VERDICTS[(setup, "updates")] for setup in bench.SETUPS}
    assert on_examples == {"positive"} and "the interaction at equal documents is above 0 on both set-ups" in text
    assert on_updates == {"mixed"} and "the interaction changes sign" in text
    assert f"at F1 {bench.FLOOR:g} or more" in text and f"more than its spread (and {bench.MIN_EFFECT:g})" in text
    lessons_rate = LESSONS[SCHEDULES_RUNS]["fixed 4"].learn_rate
    higher = [f"{lr:g}" for lr in bench.LEARN_RATES if lr != lessons_rate]
    assert f"({' and '.join(higher)}, beside the lessons' {lessons_rate:g})" in text
    assert f"more documents ({bench.COMMON['epochs']} epochs)" in text and "3 seeds each" in text
    report = ARGUMENT.read_text()
    assert "mean ± sd over 3 seeds" in report
    for (setup, axis), stated in bench.VERDICTS.items():  # the artifact was made with these verdicts holding
        assert f"| {setup} | {axis} | {stated} | {stated} |" in report, f"rerun the benchmark: {setup}, {axis}"
