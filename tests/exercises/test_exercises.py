"""The exercises check the learner: right answers pass, every anticipated mistake gets its own hint,
nothing a learner types makes a cell raise, and every worked answer and glossary term renders."""

import ast
import json
import re
from pathlib import Path

import pytest

from nerlab.exercises import (
    EXERCISES,
    GLOSSARY,
    Exercise,
    Feedback,
    Prediction,
    check,
    exercises_of,
    forget,
    glossary,
    glossary_markdown,
    predict,
    reveal,
    solution,
)
from nerlab.exercises.feedback import NOT_YET, RIGHT

CHECKED = [item for item in EXERCISES.values() if isinstance(item, Exercise)]
PREDICTIONS = [item for item in EXERCISES.values() if isinstance(item, Prediction)]
MISTAKES = [(item, mistake) for item in CHECKED for mistake in item.mistakes]
GARBAGE = [42, -1.5, float("nan"), {"a": 1}, object(), [1, 2], "???", b"bytes", set(), True, [[1]], ["O"] * 100]


@pytest.fixture(autouse=True)
def no_recorded_predictions():
    forget()
    yield
    forget()


def test_every_lesson_has_at_least_two_checked_exercises():
    for lesson in range(1, 8):
        checked = [item for item in exercises_of(lesson) if isinstance(item, Exercise)]
        assert len(checked) >= 2, f"lesson {lesson} has {len(checked)} checked exercises"


def test_ids_are_lesson_dot_number_in_order():
    for lesson in range(1, 8):
        ids = [item.id for item in exercises_of(lesson)]
        assert ids == [f"{lesson}.{n}" for n in range(1, len(ids) + 1)]


@pytest.mark.parametrize("item", CHECKED, ids=lambda item: item.id)
def test_the_right_answer_passes(item):
    feedback = check(item.id, item.right())
    assert isinstance(feedback, Feedback)
    assert feedback.correct, feedback
    assert feedback.next


@pytest.mark.parametrize(
    ("item", "mistake"), MISTAKES, ids=[f"{item.id}-{i}" for item in CHECKED for i in range(len(item.mistakes))]
)
def test_each_anticipated_mistake_gets_exactly_its_hint(item, mistake):
    feedback = check(item.id, mistake.example)
    assert not feedback.correct
    assert feedback.hint == mistake.hint
    assert feedback.next


@pytest.mark.parametrize("item", CHECKED, ids=lambda item: item.id)
def test_no_two_mistakes_of_an_exercise_share_a_hint(item):
    hints = [mistake.hint for mistake in item.mistakes]
    assert len(hints) == len(set(hints))


@pytest.mark.parametrize("blank", [..., None], ids=["Ellipsis", "None"])
@pytest.mark.parametrize("item", list(EXERCISES.values()), ids=lambda item: item.id)
def test_a_blank_answer_asks_for_one(item, blank):
    ask = check if isinstance(item, Exercise) else predict
    feedback = ask(item.id, blank)
    assert not feedback.correct
    assert feedback.hint.startswith("Write your answer first")


@pytest.mark.parametrize("item", list(EXERCISES.values()), ids=lambda item: item.id)
def test_garbage_never_raises(item):
    for answer in GARBAGE:
        for call in (check, predict, reveal):
            feedback = call(item.id, answer)
            assert isinstance(feedback, Feedback)
            assert not feedback.correct, (call.__name__, answer, feedback)
            repr(feedback), feedback._repr_html_()


def test_unknown_ids_and_the_wrong_kind_of_call_get_feedback():
    assert "no exercise" in check("9.9", 1).hint
    assert "no exercise" in check({"not": "an id"}, 1).hint
    assert "prediction" in check(PREDICTIONS[0].id, "a").hint
    assert "checked" in predict(CHECKED[0].id, "a").hint
    assert "checked" in reveal(CHECKED[0].id, 1).hint
    assert "No exercise" in repr(solution("9.9"))


@pytest.mark.parametrize("item", list(EXERCISES.values()), ids=lambda item: item.id)
def test_solution_renders(item):
    worked = solution(item.id)
    assert item.id in repr(worked)
    markdown = worked._repr_markdown_()
    assert item.question in markdown
    assert "could not be computed" not in markdown
    assert len(markdown) > len(item.question) + 40


@pytest.mark.parametrize("item", PREDICTIONS, ids=lambda item: item.id)
def test_every_outcome_of_a_prediction_is_reachable(item):
    assert set(item.examples) == set(item.options)
    for letter, measured in item.examples.items():
        forget()
        noted = predict(item.id, letter.upper())
        assert noted.noted and not noted.correct
        right = reveal(item.id, measured)
        assert right.correct, right
        assert f"supports ({letter})" in right.hint
        other = next(key for key in item.options if key != letter)
        predict(item.id, f"({other})")
        assert not reveal(item.id, measured).correct


@pytest.mark.parametrize("item", PREDICTIONS, ids=lambda item: item.id)
def test_reveal_without_a_prediction_still_explains(item):
    letter, measured = next(iter(item.examples.items()))
    feedback = reveal(item.id, measured)
    assert not feedback.correct
    assert "did not record a prediction" in feedback.hint
    assert f"supports ({letter})" in feedback.hint


@pytest.mark.parametrize("item", list(EXERCISES.values()), ids=lambda item: item.id)
def test_the_cells_a_lesson_gets_run_harmlessly(item):
    namespace = {"check": check, "predict": predict, "solution": solution}
    exec(item.code_cell, namespace)  # as Run All runs a cell still left as `...`
    assert item.markdown_cell.startswith("**") and item.id in item.markdown_cell
    if isinstance(item, Prediction):
        compile(item.reveal_code, item.id, "exec")
        assert "reveal(" in item.reveal_code and item.id in item.reveal_code


def test_the_glossary_defines_the_lessons_words_and_renders_each():
    wanted = {"state", "action", "oracle", "cost", "missing", "reject", "exploration", "supervision"}
    wanted |= {"loss target", "teacher forcing", "BILUO", "binary accuracy"}
    assert wanted <= set(GLOSSARY)
    for term, definition in GLOSSARY.items():
        shown = glossary(term)._repr_markdown_()
        assert f"**{term}**" in shown and definition in shown
    assert glossary_markdown().count("- <a id=") == len(GLOSSARY)
    assert "Not in the glossary" in repr(glossary("no such word"))
    assert glossary("Loss Targets")._repr_markdown_().count("**loss target**") == 1


def test_the_glossary_says_what_a_cost_is_and_is_not():
    assert "one rule per move" in GLOSSARY["cost"] and "not a count of facts lost" in GLOSSARY["cost"]
    assert "every valid action costs 0" in GLOSSARY["missing"]
    assert "oracle's path" in GLOSSARY["exploration"]


def test_feedback_reads_as_text_and_as_html_in_the_widgets_colours():
    right = check(CHECKED[0].id, CHECKED[0].right())
    wrong = check(CHECKED[0].id, CHECKED[0].mistakes[0].example)
    assert repr(right).startswith(f"{CHECKED[0].id}: Right.")
    assert repr(wrong).startswith(f"{CHECKED[0].id}: Not yet.")
    assert RIGHT in right._repr_html_() and NOT_YET in wrong._repr_html_()
    assert "<code>" in wrong._repr_html_()
    style = Path(__file__).resolve().parents[2] / "nerlab" / "widgets" / "style.py"
    constants = {
        node.targets[0].id: node.value.value
        for node in ast.parse(style.read_text()).body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
    }
    assert (RIGHT, NOT_YET) == (constants["ZERO_COST"], constants["COSTLY"])


def test_right_answers_come_from_nerlab():
    """Spot checks that the exercises ask the code, by asking it independently."""
    from nerlab import BiluoSystem, Supervision, costs
    from nerlab.training import BatchSchedule

    system = BiluoSystem(["PERSON", "ORG"])
    gold = Supervision.gold(8, [(2, 4, "PERSON"), (5, 8, "PERSON")])
    wrong = system.run("who are W Chen and Jane M Doe".split(), ["O", "O", "B-ORG"])
    assert EXERCISES["2.2"].right() == {a for a, c in costs(system, wrong, gold).items() if c == 0}
    assert EXERCISES["4.1"].right() == len(BatchSchedule.parse("fixed:32").sizes_for(1000, epochs=2))
    assert check("6.2", 2).correct and check("6.1", ["O"] * 8).correct


def code_blocks(markdown: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", markdown, re.S)


def claimed_values(block: str):
    """(expression, value) for each line of the form `expression  # literal` in a worked answer."""
    for line in block.splitlines():
        code, sep, comment = line.partition("  # ")
        try:
            ast.parse(code, mode="eval")
            value = ast.literal_eval(comment.strip())
        except (SyntaxError, ValueError):
            continue
        yield code, value


@pytest.mark.parametrize("item", list(EXERCISES.values()), ids=lambda item: item.id)
def test_worked_code_runs_on_its_own_and_prints_what_it_claims(item, capsys):
    for block in code_blocks(solution(item.id).markdown):
        namespace = {}
        exec(block, namespace)
        for code, claimed in claimed_values(block):
            found = eval(code, namespace)
            if isinstance(claimed, float):
                assert found == pytest.approx(claimed, abs=10 ** -len(repr(claimed).split(".")[1])), code
            else:
                assert found == claimed or list(found) == list(claimed), code


def _markdown_cells() -> list[str]:
    from nerlab.course import lessons_dir

    cells = []
    for path in sorted(lessons_dir().glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        cells += ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"]
    return cells


@pytest.mark.parametrize("item", list(EXERCISES.values()), ids=lambda item: item.id)
def test_each_exercise_prompt_is_the_notebooks_cell(item):
    """The prompt is written once, in the exercise; a markdown cell of the notebook must hold it
    word for word (whitespace aside), so a prompt and its check cannot drift apart."""

    def flat(text: str) -> str:
        return " ".join(text.split())

    assert any(flat(item.markdown_cell) in flat(cell) for cell in _markdown_cells()), item.id
