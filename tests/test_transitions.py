"""The BILUO transition system: actions, validity, immutable states."""

import pytest

from nerlab import BiluoSystem, parse_action


@pytest.fixture
def system():
    return BiluoSystem(["PERSON", "ORG"])


def test_action_names_are_spacys(system):
    assert system.actions == (
        "O",
        "B-PERSON",
        "B-ORG",
        "I-PERSON",
        "I-ORG",
        "L-PERSON",
        "L-ORG",
        "U-PERSON",
        "U-ORG",
    )
    assert "U-" not in system.actions


def test_initial_state_from_strings_and_doc(system):
    from nerlab.spacy_bridge import make_doc

    words = "who are W Chen".split()
    assert system.initial_state(words).tokens == tuple(words)
    assert system.initial_state(make_doc(words)).tokens == tuple(words)
    state = system.initial_state(words)
    assert (state.position, state.open_entity, state.entities, state.history) == (0, None, (), ())
    assert not state.is_final


def test_empty_document_is_an_error(system):
    with pytest.raises(ValueError, match="no tokens"):
        system.initial_state([])


def test_apply_builds_entities_and_keeps_old_state(system):
    start = system.initial_state("who are W Chen and Jane".split())
    state = start
    for action in ["O", "O", "B-PERSON", "L-PERSON", "O", "U-PERSON"]:
        state = system.apply(state, action)
    assert state.entities == ((2, 4, "PERSON"), (5, 6, "PERSON"))
    assert state.is_final and state.position == 6 and state.open_entity is None
    assert state.history == ("O", "O", "B-PERSON", "L-PERSON", "O", "U-PERSON")
    assert start.position == 0 and start.history == ()  # unchanged


def test_open_entity_is_visible(system):
    state = system.run("W Chen".split(), ["B-PERSON"])
    assert state.open_entity == (0, "PERSON")
    assert system.valid_actions(state) == ["L-PERSON"]  # last token: must close


def test_validity_rules(system):
    three = system.initial_state("a b c".split())
    assert system.is_valid(three, "B-ORG") and system.is_valid(three, "U-ORG") and system.is_valid(three, "O")
    assert not system.is_valid(three, "I-ORG") and not system.is_valid(three, "L-ORG")
    last = system.run("a".split(), [])
    assert not system.is_valid(last, "B-ORG")  # an entity begun on the last token could never end
    opened = system.apply(three, "B-ORG")
    assert system.valid_actions(opened) == ["I-ORG", "L-ORG"]  # no O, no B, no other label
    opened = system.apply(opened, "I-ORG")
    assert system.valid_actions(opened) == ["L-ORG"]  # I needs two tokens left


def test_whitespace_tokens_cannot_start_an_entity(system):
    state = system.initial_state(["a", " ", "b"])
    state = system.apply(state, "O")
    assert system.valid_actions(state) == ["O"]
    state = system.initial_state(["a", " ", "b"])
    state = system.apply(state, "B-ORG")
    assert system.is_valid(state, "I-ORG")  # but an entity may run across one


def test_invalid_action_raises_a_clear_error(system):
    state = system.initial_state("a b".split())
    with pytest.raises(ValueError, match=r"'L-ORG' is not valid at token 0 \('a'\): no entity is open"):
        system.apply(state, "L-ORG")
    opened = system.apply(state, "B-ORG")
    with pytest.raises(ValueError, match="the open entity has label ORG, not PERSON"):
        system.apply(opened, "L-PERSON")


def test_any_action_on_a_final_state_raises(system):
    state = system.run(["a"], ["O"])
    assert state.is_final and system.valid_actions(state) == []
    with pytest.raises(ValueError, match="the state is final"):
        system.apply(state, "O")


def test_unknown_labels_and_bad_names(system):
    state = system.initial_state(["a", "b"])
    with pytest.raises(ValueError, match="Unknown label 'GPE'"):
        system.is_valid(state, "B-GPE")
    for name in ["X-ORG", "B-", "B", "o"]:
        with pytest.raises(ValueError, match="not an action name"):
            parse_action(name)
    with pytest.raises(ValueError, match="unique"):
        BiluoSystem(["ORG", "ORG"])
    with pytest.raises(ValueError, match="non-empty"):
        BiluoSystem([""])
