"""TransitionStepper driven as a learner would: buttons clicked, dropdowns set, HTML read."""

import pytest

from nerlab import BiluoSystem, Supervision, costs, loss_targets
from nerlab.widgets import TransitionStepper

TEXT = "who are W Chen and Jane M Doe"
SPANS = [(2, 4, "PERSON"), (5, 8, "PERSON")]
GOLD_PATH = ["O", "O", "B-PERSON", "L-PERSON", "O", "B-PERSON", "I-PERSON", "L-PERSON"]


def stepper(**kwargs):
    return TransitionStepper.from_gold(TEXT, SPANS, rejected=[(5, 7, "PERSON")], **kwargs)


def click(button, times=1):
    for _ in range(times):
        button.click()


def test_next_follows_the_oracle_path_under_full_gold():
    s = stepper()
    assert s.driver == "gold" and s.plan() == GOLD_PATH
    click(s.next_button, len(GOLD_PATH))
    assert list(s.history) == GOLD_PATH
    assert s.state.is_final and sorted(s.state.entities) == SPANS
    click(s.next_button)  # past the end: a message, nothing else
    assert list(s.history) == GOLD_PATH and "finished" in s.message.value
    assert s.to_html().count('class="nerlab-entity"') == 2


def test_a_wrong_action_then_next_shows_the_oracle_re_planning():
    s = stepper()
    click(s.next_button, 2)
    before = {r["action"]: r["cost"]["gold"] for r in s.action_rows() if r["valid"]}
    assert before == {"O": 1, "B-PERSON": 0, "U-PERSON": 1}
    s.action_dropdown.value = "O"
    click(s.take_button)  # skip "W": W Chen can no longer be found
    assert s.cost_so_far()["gold"] == 1 and "plan was" in s.message.value
    # at "Chen" (gold L-PERSON) nothing is open: only O keeps the rest reachable
    after = {r["action"]: r["cost"]["gold"] for r in s.action_rows() if r["valid"]}
    assert after == {"O": 0, "B-PERSON": 1, "U-PERSON": 1}
    click(s.next_button)
    assert s.history[-1] == "O" and "Re-planning" in s.message.value and "step 3" in s.message.value
    assert "explore_warmup" in s.message.value  # where training meets such states, and the warm-up
    click(s.play_button)
    assert s.state.entities == ((5, 8, "PERSON"),)


def test_back_and_reset_restore_earlier_states():
    s = stepper()
    start_view = s.view.value
    click(s.next_button, 3)
    third = s.state
    click(s.next_button)
    click(s.back_button)
    assert s.state == third
    click(s.reset_button)
    assert s.history == () and s.state == BiluoSystem(["PERSON"]).initial_state(TEXT.split())
    assert s.view.value == start_view
    click(s.back_button)  # at the start already: a message, no error
    assert "start" in s.message.value and s.history == ()


def test_an_invalid_take_is_refused_with_a_message_and_changes_nothing():
    s = stepper()
    view, panels = s.view.value, s.panels.value
    s.action_dropdown.value = "I-PERSON"
    click(s.take_button)
    assert "Refused" in s.message.value and "no entity is open" in s.message.value
    assert s.history == () and (s.view.value, s.panels.value) == (view, panels)
    assert s.take("B-NOPE") is False and "not an action" in s.message.value


def test_an_error_inside_a_callback_becomes_a_message(monkeypatch):
    s = stepper()

    def broken(*args):
        raise RuntimeError("deliberately broken")

    monkeypatch.setattr(s.system, "apply", broken)
    click(s.play_button)  # must not raise
    assert "deliberately broken" in s.message.value


def test_costs_in_the_table_are_the_oracles_under_each_annotation():
    tokens = ["who", "are", "W", "Chen", "\n", "and", "Jane", "M", "Doe"]
    given = {
        "gold": Supervision.gold(9, [(2, 4, "PERSON"), (6, 9, "PERSON")]),
        "partial": Supervision.partial(9, [(2, 4, "PERSON")]),
        "binary": Supervision.partial(9, [(6, 9, "PERSON")], rejected=[(0, 1, "PERSON"), (6, 8, "PERSON")]),
    }
    system = BiluoSystem(["PERSON"])
    for no_missing in (False, True):
        s = TransitionStepper(tokens, given, no_missing=no_missing)
        s.supervision_dropdown.value = "partial"
        for action in ["U-PERSON", "O", "B-PERSON", "I-PERSON", "L-PERSON", "O", None, None, None]:
            rows = s.action_rows()
            for name, sup in given.items():
                if no_missing:
                    sup = Supervision.partial(9, sup.spans, sup.rejected, no_missing=True)
                expected = costs(system, s.state, sup.as_read_by_spacy(tokens))
                assert {r["action"]: r["cost"][name] for r in rows if r["valid"]} == expected
                assert {r["action"] for r in rows if r["free"][name]} == {a for a, c in expected.items() if c == 0}
                assert {r["action"] for r in rows if r["target"][name]} == set(loss_targets(expected))
            assert [r["action"] for r in rows if r["oracle"]] == s.plan()[:1]
            s.take(action) if action else s.next()


def test_free_counts_along_the_oracle_path():
    s = stepper()
    rows = s.free_counts()
    assert [r["action"] for r in rows] == GOLD_PATH and all(r["planned"] for r in rows)
    assert [r["free"]["gold"] for r in rows] == [1] * 8
    assert [r["free"]["partial"] for r in rows] == [3, 3, 1, 1, 3, 3, 2, 1]  # knows W Chen only
    assert [r["free"]["binary"] for r in rows] == [3, 3, 1, 1, 3, 1, 1, 1]  # knows both names
    click(s.next_button, 2)
    assert [r["planned"] for r in s.free_counts()] == [False] * 2 + [True] * 6
    s.no_missing_checkbox.value = True  # unknown tokens become O: partial now calls Jane M Doe O
    # At "M" the path is inside Jane M Doe, already wrong for partial: I and L cost the same.
    assert [r["free"]["partial"] for r in s.free_counts()] == [1, 1, 1, 1, 1, 1, 2, 1]
    assert "costs recomputed" in s.message.value


def test_the_driving_annotation_is_chosen_in_the_dropdown():
    s = stepper()
    s.supervision_dropdown.value = "partial"
    click(s.play_button)
    assert s.state.entities == ((2, 4, "PERSON"),)  # the oracle predicts nothing where nothing is known
    assert "partial (Next)" in s.panels.value


def test_html_classes_scale_and_static_fallback():
    s = stepper()
    click(s.next_button, 3)  # inside W Chen: an open entity
    html = s.to_html()
    for cls in ("nerlab-current", "nerlab-token", "nerlab-actions", "nerlab-entity", "nerlab-open"):
        assert cls in html
    assert html.count("nerlab-current") == 2  # the token, and its style rule
    big = stepper(scale=2.0)
    assert "font-size: 14px" in html and "font-size: 28px" in big.to_html()
    assert "nerlab-scale-200" in big._dom_classes and ".nerlab-scale-200 {" in big.view.value  # the controls too
    assert repr(s).startswith("TransitionStepper: run this notebook")
    bundle = s._repr_mimebundle_()
    assert bundle["text/plain"] == repr(s) and "nerlab-actions" in bundle["text/html"]
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert s.widget is s


def test_inputs_texts_token_lists_docs_and_helpful_errors():
    import spacy

    doc = spacy.blank("en")("Jane Doe  met IBM")  # two spaces: a whitespace token
    doc.ents = [doc.char_span(0, 8, "PERSON")]
    s = TransitionStepper.from_gold(doc)
    assert s.tokens == ("Jane", "Doe", " ", "met", "IBM") and s.system.labels == ("PERSON",)
    assert "\u2423" in s.view.value  # the whitespace token is shown
    assert TransitionStepper("Jane met IBM", labels=["ORG"]).supervisions["unannotated"].n_missing == 3
    with pytest.raises(ValueError, match="No labels"):
        TransitionStepper("Jane met IBM")
    with pytest.raises(ValueError, match="covers 2 tokens"):
        TransitionStepper("Jane met IBM", Supervision.gold(2, []), labels=["ORG"])
    with pytest.raises(ValueError, match="not among the labels"):
        TransitionStepper("Jane met IBM", Supervision.gold(3, [(0, 1, "PERSON")]), labels=["ORG"])


# -- with a trained model ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp():
    import spacy
    from spacy.training import Example
    from thinc.api import fix_random_seed

    fix_random_seed(0)
    nlp = spacy.blank("en")
    nlp.add_pipe("ner")
    examples = [
        Example.from_dict(nlp.make_doc(TEXT), {"entities": [(8, 14, "PERSON"), (19, 29, "PERSON")]}),
        Example.from_dict(nlp.make_doc("Apple hired Bob"), {"entities": [(0, 5, "ORG"), (12, 15, "PERSON")]}),
        Example.from_dict(nlp.make_doc("Jane left Google today"), {"entities": [(0, 4, "PERSON"), (10, 16, "ORG")]}),
    ]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(10):
        nlp.update(examples, sgd=optimizer)
    return nlp


@pytest.mark.slow
def test_model_scores_valid_actions_only_and_greedy_is_their_max(nlp):
    s = TransitionStepper.from_gold(TEXT, SPANS, model=nlp)
    assert set(s.system.labels) == {"ORG", "PERSON"} and not s.model_button.disabled
    for action in ["O", "U-ORG", "B-PERSON", None, None, "O", None, None]:  # on and off the model's path
        rows = s.action_rows()
        assert all((r["score"] is not None) == r["valid"] for r in rows)
        best = max((r for r in rows if r["valid"]), key=lambda r: r["score"])
        assert [r["action"] for r in rows if r["greedy"]] == [best["action"]]
        s.take(action) if action else s.next()
    assert "model score" in s.panels.value


@pytest.mark.slow
def test_playing_the_models_picks_reproduces_its_entities(nlp, monkeypatch):
    from nerlab import spacy_bridge

    traces = []
    real = spacy_bridge.trace_model
    monkeypatch.setattr(spacy_bridge, "trace_model", lambda *a, **k: traces.append(1) or real(*a, **k))
    for text in [TEXT, "Apple hired Jane M Doe today", "Bob met Google"]:
        traces.clear()
        s = TransitionStepper(text, model=nlp)
        while not s.state.is_final:
            click(s.model_button)
        assert sorted(s.state.entities) == sorted((e.start, e.end, e.label_) for e in nlp(text).ents)
        click(s.back_button, 2)
        assert all(r["score"] is not None for r in s.action_rows() if r["valid"])
        assert len(traces) == 1  # one trace covered every state on the model's own path
