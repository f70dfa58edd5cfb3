"""On a static page of the course (`static_edition()`, which `nerlab build-course` calls in each
kernel), an exercise cell shows its worked answer folded, never "Not yet" or a red cross; a
prediction shows its options and, folded, what the run measured. Switched off, the exercises
answer a learner exactly as before."""

import pytest

from nerlab.exercises import EXERCISES, Exercise, Feedback, Folded, Prediction, check, predict, reveal, static_edition
from nerlab.exercises.static import SHOW_ANSWER, SHOW_MEASURED, is_static
from nerlab.site import KERNEL_SETUP

CHECKED = [item for item in EXERCISES.values() if isinstance(item, Exercise)]
PREDICTIONS = [item for item in EXERCISES.values() if isinstance(item, Prediction)]
CROSS = ("Not yet", "&#10007;", "\u2717")


@pytest.fixture
def static_page():
    static_edition()
    yield
    static_edition(False)


def shown(output) -> str:
    """What a page shows of a cell's output: its Markdown (or HTML), as nbconvert would pick."""
    return output._repr_markdown_() if hasattr(output, "_repr_markdown_") else output._repr_html_()


@pytest.mark.parametrize("item", CHECKED, ids=lambda item: item.id)
def test_a_checked_exercise_shows_its_worked_answer_folded(static_page, item):
    folded = check(item.id, ...)  # as the lesson's cell is committed
    assert isinstance(folded, Folded)
    markdown = shown(folded)
    assert markdown.startswith('<details class="nerlab-answer">') and markdown.endswith("</details>")
    assert f">{SHOW_ANSWER}</summary>" in markdown
    assert item.question in markdown and item.worked() in markdown
    assert not any(mark in markdown for mark in CROSS)


@pytest.mark.parametrize("item", PREDICTIONS, ids=lambda item: item.id)
def test_a_prediction_asks_for_a_pick_then_shows_the_measurement_folded(static_page, item):
    prompt = shown(predict(item.id, ...))
    assert all(f"({key})" in prompt for key in item.options)
    assert not any(mark in prompt for mark in CROSS)
    for letter, measured in item.examples.items():
        markdown = shown(reveal(item.id, measured))
        assert markdown.startswith("<details") and f">{SHOW_MEASURED}</summary>" in markdown
        assert f"The run supports ({letter})" in markdown
        assert not any(mark in markdown for mark in CROSS + ("did not record",))


def test_a_reveal_given_nothing_readable_still_shows_the_reasoning(static_page):
    item = PREDICTIONS[0]
    markdown = shown(reveal(item.id, "not a measurement"))
    assert markdown.startswith("<details") and item.worked() in markdown


def test_switched_off_the_exercises_answer_the_learner_again():
    static_edition()
    static_edition(False)
    assert not is_static()
    feedback = check(CHECKED[0].id, ...)
    assert isinstance(feedback, Feedback) and feedback.verdict == "Not yet"


def test_the_site_build_turns_it_on_in_each_kernel():
    namespace = {}
    try:
        exec(KERNEL_SETUP, namespace)  # what IPython runs at the kernel's start
        assert is_static()
    finally:
        static_edition(False)
