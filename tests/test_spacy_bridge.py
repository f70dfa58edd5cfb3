"""nerlab against spaCy: the same validity, costs and loss targets, action for action."""

import pytest
from spacy.tokens import Doc

from nerlab import Supervision
from nerlab import oracle as nerlab_oracle
from nerlab.spacy_bridge import NEG_KEY, SpacyOracle, make_doc, to_example
from nerlab.verification import verify_oracle


def test_to_example_keeps_missing_known_and_rejected():
    doc = make_doc("who are W Chen".split())
    sup = Supervision.partial(4, [(2, 4, "PERSON")], rejected=[(0, 1, "ORG")])
    example = to_example(doc, sup)
    assert example.get_aligned_ner() == [None, None, "B-PERSON", "L-PERSON"]
    negs = example.reference.spans[NEG_KEY]
    assert [(s.start, s.end, s.label_) for s in negs] == [(0, 1, "ORG")]
    full = to_example(doc, Supervision.gold(4, [(2, 4, "PERSON")]))
    assert full.get_aligned_ner() == ["O", "O", "B-PERSON", "L-PERSON"]


def test_to_example_checks_length():
    with pytest.raises(ValueError, match="3 tokens but the supervision covers 4"):
        to_example(make_doc(["a", "b", "c"]), Supervision.gold(4, []))


def test_spacy_walk_builds_the_same_entities():
    walk = SpacyOracle(["PERSON"]).start("W Chen said".split(), Supervision.gold(3, [(0, 2, "PERSON")]))
    for action in ["B-PERSON", "L-PERSON", "O"]:
        walk.apply(action)
    assert walk.is_final and walk.entities() == [(0, 2, "PERSON")]
    assert walk.costs() == {}  # spaCy calls O valid on a final state; we do not ask


def test_differential_against_spacy_thousands_of_documents():
    """Every action in every visited state, over full, partial, accepted-only,
    rejected-only, mixed and no-missing supervision, 1 to 6 labels, lengths from 1."""
    report = verify_oracle(1500, seed=20261124)
    assert report.pairs > 100_000
    assert report.disagreements == []


def test_documents_of_one_and_two_tokens_walked_to_the_end():
    """The two-tokens-left rules: check every state of every path on tiny documents."""
    from itertools import product

    from nerlab import BiluoSystem
    from nerlab.spacy_bridge import compare_state

    system, spacy_oracle = BiluoSystem(["ORG", "GPE"]), SpacyOracle(["GPE", "ORG"])
    compared = 0
    for n in (1, 2):
        spans = [(s, e, lab) for s in range(n) for e in range(s + 1, n + 1) for lab in ("ORG", "GPE")]
        sups = [Supervision.gold(n, [span]) for span in spans] + [Supervision.gold(n, [])]
        sups += [Supervision.partial(n, [], [span]) for span in spans]
        for sup in sups:
            for path in product(system.actions, repeat=n):
                state, walk = system.initial_state(["a", "b"][:n]), spacy_oracle.start(["a", "b"][:n], sup)
                for action in path:
                    assert compare_state(system, state, sup, walk) == []
                    compared += 1
                    if not system.is_valid(state, action):
                        break
                    state = system.apply(state, action)
                    walk.apply(action)
    assert compared > 500


def test_differential_catches_a_wrong_rule(monkeypatch):
    """The comparison is not vacuous: break one cost rule and it reports disagreements."""
    real = nerlab_oracle.action_cost

    def broken(state, action, supervision):
        cost = real(state, action, supervision)
        return cost + 1 if action == "O" and supervision.tags[state.position] is None else cost

    monkeypatch.setattr(nerlab_oracle, "action_cost", broken)
    assert not verify_oracle(50, seed=1).ok


def test_whitespace_tokens_are_read_as_outside_by_spacy():
    walk = SpacyOracle(["ORG"]).start(["a", " ", "b"], Supervision.partial(3, [(0, 1, "ORG")]))
    walk.apply("U-ORG")
    # the whitespace token's tag is missing in our supervision, but spaCy reads it as O
    tags = to_example(
        Doc(walk.state.doc.vocab, words=["a", " ", "b"]), Supervision.partial(3, [(0, 1, "ORG")])
    ).get_aligned_ner()
    assert tags == ["U-ORG", "O", None]


@pytest.mark.slow
def test_trace_model_follows_spacys_greedy_decoding():
    """The trace's picks build exactly the entities nlp(doc) predicts, and scores are per valid action."""
    import spacy
    from spacy.training import Example
    from thinc.api import fix_random_seed

    from nerlab import BiluoSystem
    from nerlab.spacy_bridge import trace_model

    fix_random_seed(0)
    nlp = spacy.blank("en")
    nlp.add_pipe("ner")
    examples = [
        Example.from_dict(nlp.make_doc("who are W Chen"), {"entities": [(8, 14, "PERSON")]}),
        Example.from_dict(nlp.make_doc("Apple hired Bob"), {"entities": [(0, 5, "ORG")]}),
    ] * 10
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(10):
        nlp.update(examples[:4], sgd=optimizer)
    system = BiluoSystem(["ORG", "PERSON"])
    for text in ["who are W Chen", "Apple hired Bob", "Bob met Apple"]:
        tokens = text.split()
        steps = trace_model(nlp, tokens)
        state = system.run(tokens, [s.chosen for s in steps])
        assert sorted(state.entities) == sorted((e.start, e.end, e.label_) for e in nlp(text).ents)
        first = system.initial_state(tokens)
        assert set(steps[0].scores) == set(system.valid_actions(first))
    forced = trace_model(nlp, "who are W Chen".split(), actions=["U-PERSON"])
    assert "I-PERSON" not in forced[1].scores  # after U, no entity is open
