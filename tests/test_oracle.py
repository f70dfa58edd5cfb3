"""The dynamic oracle: costs, re-planning off the gold path, and spaCy's quirks by name."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nerlab import BiluoSystem, Supervision, costs, loss_targets, oracle_actions, oracle_path

LABELS = ["PERSON", "ORG", "GPE"]


@pytest.fixture
def system():
    return BiluoSystem(LABELS)


def test_full_gold_oracle_path_is_the_gold_tags(system):
    tokens = "who are W Chen and Jane M Doe".split()
    gold = Supervision.gold(len(tokens), [(2, 4, "PERSON"), (5, 8, "PERSON")])
    path = oracle_path(system, system.initial_state(tokens), gold)
    assert path == ["O", "O", "B-PERSON", "L-PERSON", "O", "B-PERSON", "I-PERSON", "L-PERSON"]


def test_under_full_gold_exactly_the_gold_action_is_free(system):
    tokens = "W Chen said".split()
    gold = Supervision.gold(3, [(0, 2, "PERSON")])
    found = costs(system, system.initial_state(tokens), gold)
    assert [a for a, c in found.items() if c == 0] == ["B-PERSON"]
    assert found["O"] == 1 and found["U-PERSON"] == 1 and found["B-ORG"] == 1


def test_off_the_gold_path_the_oracle_replans(system):
    """After a wrong B-ORG, the oracle is indifferent to where the doomed entity ends."""
    tokens = "W Chen said".split()
    gold = Supervision.gold(3, [(0, 2, "PERSON")])
    state = system.apply(system.initial_state(tokens), "B-ORG")  # cost 1: the PERSON is lost
    assert costs(system, state, gold) == {"I-ORG": 0, "L-ORG": 0}
    state = system.apply(state, "L-ORG")
    assert oracle_actions(system, state, gold) == ["O"]


def test_oracle_path_does_not_depend_on_label_order():
    tokens = "a b c d e".split()
    sup = Supervision.partial(5, [(1, 3, "ORG")], [(3, 4, "GPE")])
    one, two = BiluoSystem(["ORG", "GPE"]), BiluoSystem(["GPE", "ORG"])
    assert oracle_path(one, one.initial_state(tokens), sup) == oracle_path(two, two.initial_state(tokens), sup)


def test_quirk_missing_tokens_are_free_and_nothing_looks_ahead(system):
    """At a missing token every valid action is free, and the rules only look one token
    ahead: opening an entity there and swallowing an accepted entity costs nothing."""
    tokens = "met W Chen today".split()
    sup = Supervision.partial(4, [(1, 3, "PERSON")])  # "met" and "today" are missing
    state = system.initial_state(tokens)
    assert set(costs(system, state, sup).values()) == {0}
    for action in ["B-ORG", "I-ORG", "I-ORG", "L-ORG"]:  # one ORG over the PERSON
        assert costs(system, state, sup)[action] == 0
        state = system.apply(state, action)
    assert state.entities == ((0, 4, "ORG"),)  # the accepted PERSON is gone, at zero cost


def test_quirk_rejected_span_only_penalises_the_exact_closing_action(system):
    """A rejected span costs only on the action that would complete it exactly."""
    tokens = "a b c d e".split()
    sup = Supervision.partial(5, [], [(0, 3, "ORG")])
    state = system.initial_state(tokens)
    assert costs(system, state, sup)["B-ORG"] == 0  # opening it is free
    state = system.apply(system.apply(state, "B-ORG"), "I-ORG")
    found = costs(system, state, sup)
    assert found["L-ORG"] == 1  # closing it exactly at 0-3 costs 1
    assert found["I-ORG"] == 0  # extending it is free
    state = system.apply(state, "I-ORG")
    assert costs(system, state, sup)["L-ORG"] == 0  # 0-4 ORG was never rejected


def test_quirk_rejected_unit_span(system):
    sup = Supervision.partial(3, [], [(1, 2, "GPE")])
    state = system.apply(system.initial_state("a b c".split()), "O")
    found = costs(system, state, sup)
    assert found["U-GPE"] == 1 and found["U-ORG"] == 0


def test_quirk_two_tokens_left_rejected_begin_rule(system):
    """With exactly two tokens left, B-X costs 1 if any rejected X span starts here,
    whatever its end (spaCy does not check it)."""
    sup = Supervision.partial(2, [], [(0, 1, "ORG")])  # rejected: the FIRST token alone
    found = costs(system, system.initial_state(["a", "b"]), sup)
    assert found["B-ORG"] == 1  # though B-ORG can only make (0, 2), which nobody rejected
    assert found["U-ORG"] == 1 and found["B-GPE"] == 0
    longer = Supervision.partial(3, [], [(0, 2, "ORG")])
    assert costs(system, system.initial_state(["a", "b", "c"]), longer)["B-ORG"] == 0


def test_quirk_dead_end_after_free_actions(system):
    """In a 3-token text whose only annotation rejects 0-3 ORG, B-ORG and I-ORG are free,
    and then the only valid action, L-ORG, costs 1: no zero-cost way out exists."""
    sup = Supervision.partial(3, [], [(0, 3, "ORG")])
    state = system.initial_state(["a", "b", "c"])
    assert costs(system, state, sup)["B-ORG"] == 0
    state = system.apply(state, "B-ORG")
    assert costs(system, state, sup)["I-ORG"] == 0
    state = system.apply(state, "I-ORG")
    assert costs(system, state, sup) == {"L-ORG": 1}
    assert oracle_actions(system, state, sup) == ["L-ORG"]


def test_quirk_dead_end_loss_teaches_the_rejected_span(system):
    """spaCy's loss (arg_max_if_gold, cpu_log_loss) accepts a best cost of 1: in the dead
    end it pushes the model TOWARDS L-ORG, completing the span the annotator rejected."""
    assert loss_targets({"L-ORG": 1}) == ["L-ORG"]
    assert loss_targets({"O": 0, "B-ORG": 1, "U-ORG": 0}) == ["O", "U-ORG"]
    assert loss_targets({"L-ORG": 2}) == []  # above 1: spaCy computes no gradient at all
    from nerlab.spacy_bridge import SpacyOracle

    walk = SpacyOracle(LABELS).start(["a", "b", "c"], Supervision.partial(3, [], [(0, 3, "ORG")]))
    walk.apply("B-ORG")
    walk.apply("I-ORG")
    assert walk.loss_targets() == ["L-ORG"]  # spaCy's real get_batch_loss agrees


# -- properties ---------------------------------------------------------------------------


@st.composite
def documents(draw, with_rejects: bool):
    n = draw(st.integers(1, 10))
    labels = draw(st.lists(st.sampled_from(LABELS), min_size=1, max_size=3, unique=True))
    spans, i = [], 0
    while i < n:
        if draw(st.booleans()):
            end = draw(st.integers(i + 1, min(n, i + 4)))
            spans.append((i, end, draw(st.sampled_from(labels))))
            i = end + draw(st.integers(0, 1))
        else:
            i += 1
    rejected = []
    if with_rejects:
        for _ in range(draw(st.integers(0, 3))):
            start = draw(st.integers(0, n - 1))
            span = (start, draw(st.integers(start + 1, n)), draw(st.sampled_from(labels)))
            if span not in spans:
                rejected.append(span)
    kind = draw(st.sampled_from(["gold", "partial", "no_missing"]))
    if kind == "gold":
        sup = Supervision.gold(n, spans, rejected)
    else:
        sup = Supervision.partial(n, spans, rejected, no_missing=kind == "no_missing")
    return ["w"] * n, labels, sup


@settings(max_examples=300, deadline=None)
@given(documents(with_rejects=False), st.randoms(use_true_random=False))
def test_without_rejects_zero_cost_actions_never_dead_end(doc, rng):
    tokens, labels, sup = doc
    system = BiluoSystem(labels)
    state = system.initial_state(tokens)
    while not state.is_final:
        free = [a for a, c in costs(system, state, sup).items() if c == 0]
        assert free, f"no zero-cost action after {state.history}"
        state = system.apply(state, rng.choice(free))


@settings(max_examples=300, deadline=None)
@given(documents(with_rejects=True))
def test_oracle_path_reproduces_accepted_spans_and_no_rejected_one(doc):
    tokens, labels, sup = doc
    system = BiluoSystem(labels)
    path = oracle_path(system, system.initial_state(tokens), sup)
    assert len(path) == len(tokens)  # one action per token
    final = system.run(tokens, path)
    assert set(sup.spans) <= set(final.entities)
    assert not set(final.entities) & set(sup.rejected)
    if sup.is_complete:
        assert set(final.entities) == set(sup.spans)


@settings(max_examples=200, deadline=None)
@given(documents(with_rejects=True), st.randoms(use_true_random=False))
def test_every_path_has_one_action_per_token(doc, rng):
    tokens, labels, sup = doc
    system = BiluoSystem(labels)
    state = system.initial_state(tokens)
    while not state.is_final:
        state = system.apply(state, rng.choice(system.valid_actions(state)))
    assert len(state.history) == len(tokens) and state.open_entity is None


def test_costs_check_the_supervision_fits(system):
    state = system.initial_state(["a", "b"])
    with pytest.raises(ValueError, match="covers 3 tokens but the state has 2"):
        costs(system, state, Supervision.gold(3, []))
    with pytest.raises(ValueError, match=r"labels \['TECH'\] that the system does not know"):
        costs(system, state, Supervision.gold(2, [(0, 1, "TECH")]))
