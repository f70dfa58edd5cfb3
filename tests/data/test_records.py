"""Records and hashes: what they accept, what they refuse, what they compute."""

from __future__ import annotations

import subprocess
import sys

import pytest

from nerlab.data import AnnotatedDoc, Task, annotated_to_doc, input_hash, task_hash

DOC = AnnotatedDoc(
    tokens=("who", "are", "W", "Chen", "and", "Jane", "M", "Doe", "?"),
    spaces=(True, True, True, True, True, True, True, False, False),
    spans=((5, 8, "PERSON"), (2, 4, "PERSON")),
)


def test_text_and_character_offsets_come_from_tokens_and_spaces():
    assert DOC.text == "who are W Chen and Jane M Doe?"
    offsets = DOC.char_offsets()
    assert [DOC.text[s:e] for s, e in offsets] == list(DOC.tokens)
    assert offsets[-2:] == [(26, 29), (29, 30)]


def test_spans_are_kept_sorted_and_meta_is_not_compared():
    assert DOC.spans == ((2, 4, "PERSON"), (5, 8, "PERSON"))
    same = AnnotatedDoc(DOC.tokens, DOC.spaces, [(2, 4, "PERSON"), (5, 8, "PERSON")], meta={"from": "elsewhere"})
    assert same == DOC and hash(same) == hash(DOC)
    assert AnnotatedDoc(DOC.tokens, DOC.spaces, [(2, 4, "ORG"), (5, 8, "PERSON")]) != DOC


def test_to_doc_sets_the_entities_and_everything_else_outside():
    doc = annotated_to_doc(DOC)
    assert doc.text == DOC.text
    assert [(e.start, e.end, e.label_) for e in doc.ents] == list(DOC.spans)
    assert [t.ent_iob_ for t in doc] == ["O", "O", "B", "I", "O", "B", "I", "I", "O"]


@pytest.mark.parametrize(
    "tokens, spaces, spans, message",
    [
        ((), (), (), "has no tokens"),
        (("a", "b"), (True,), (), "2 tokens but 1 space flags"),
        (("a", ""), (True, False), (), "token 1 is ''"),
        (("a", "b"), (True, False), ((0, 3, "X"),), "does not fit in a document of 2 tokens"),
        (("a", "b"), (True, False), ((0, 2, "X"), (1, 2, "Y")), "overlap"),
        (("a", "b"), (True, False), ((0, 1, ""),), "has an empty label"),
    ],
)
def test_annotated_doc_refuses_inconsistent_input(tokens, spaces, spans, message):
    with pytest.raises(ValueError, match=message):
        AnnotatedDoc(tokens, spaces, spans)


def test_a_task_must_spell_its_text_and_use_a_known_answer():
    with pytest.raises(ValueError, match="spell 'Jane Doe', not the text 'Jane  Doe'"):
        Task(text="Jane  Doe", tokens=("Jane", "Doe"), spaces=(True, False))
    with pytest.raises(ValueError, match="answer 'yes' is not one of accept, reject, ignore"):
        Task(text="Jane Doe", tokens=("Jane", "Doe"), spaces=(True, False), answer="yes")
    with pytest.raises(ValueError, match="extra may not hold the task's own fields"):
        Task(text="Jane Doe", tokens=("Jane", "Doe"), spaces=(True, False), extra={"answer": "accept"})


def test_hashes_fill_in_and_follow_prodigy_rules():
    accept = Task.from_doc(DOC, [(2, 4, "PERSON")], "accept")
    reject = Task.from_doc(DOC, [(2, 4, "PERSON")], "reject")
    other = Task.from_doc(DOC, [(5, 8, "PERSON")], "accept")
    assert accept.input_hash == reject.input_hash == other.input_hash == input_hash(DOC.text)
    assert accept.task_hash == reject.task_hash != other.task_hash  # same question, different answers
    assert task_hash(DOC.text, [(5, 8, "X"), (2, 4, "Y")]) == task_hash(DOC.text, [(2, 4, "Y"), (5, 8, "X")])
    assert input_hash("a") != input_hash("b")
    for value in (accept.input_hash, accept.task_hash):
        assert -(2**31) <= value < 2**31


def test_hashes_do_not_depend_on_the_python_session():
    code = (
        "from nerlab.data import input_hash, task_hash; "
        "print(input_hash('W Chen'), task_hash('W Chen', [(0, 2, 'PERSON')]))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
        ).stdout
        for seed in ("1", "2")
    }
    assert outputs == {f"{input_hash('W Chen')} {task_hash('W Chen', [(0, 2, 'PERSON')])}\n"}
