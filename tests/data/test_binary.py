"""Gold to binary tasks: accept modes, each reject strategy, ratios and conflicts."""

from __future__ import annotations

import pytest

from nerlab.data import AnnotatedDoc, gold_to_binary, input_hash, synthetic_corpus

DOCS = synthetic_corpus(300, seed=11, difficulty="hard").train
LABELS = ("PERSON", "ORG", "GPE", "DATE", "PRODUCT", "TECH")


def fake_model(tokens):
    """Predicts every capitalised token as a one-token ORG: some right, mostly wrong."""
    return [(i, i + 1, "ORG") for i, token in enumerate(tokens) if token[:1].isupper()]


def rejects_of(result):
    return [(task.meta["doc"], span) for task in result.tasks if task.answer == "reject" for span in task.spans]


@pytest.mark.parametrize("strategy", ["random-label", "boundary", "non-entity", "model"])
def test_a_rejected_span_is_never_a_gold_span(strategy):
    result = gold_to_binary(DOCS, rejects=strategy, predict=fake_model, labels=LABELS, seed=1)
    rejects = rejects_of(result)
    assert len(rejects) > 100
    assert not [r for i, r in rejects if r in DOCS[i].spans]
    for task in result.tasks:  # every task speaks about its own document's text
        doc = DOCS[task.meta["doc"]]
        assert task.text == doc.text and task.input_hash == input_hash(doc.text)
        assert len(task.spans) == 1
        if task.answer == "accept":
            assert task.spans[0] in doc.spans


def test_accepts_per_span_and_per_doc():
    per_span = gold_to_binary(DOCS, reject_ratio=0)
    assert per_span.n_accepts == len(per_span.tasks) == sum(len(d.spans) for d in DOCS)
    per_doc = gold_to_binary(DOCS, accepts="per-doc", reject_ratio=0)
    assert per_doc.n_accepts == len(DOCS)  # documents without entities get a task too
    assert [t.spans for t in per_doc.tasks] == [d.spans for d in DOCS]
    assert any(not t.spans for t in per_doc.tasks)


def test_random_labels_that_hit_the_gold_label_are_conflicts_not_tasks():
    result = gold_to_binary(DOCS, rejects="random-label", labels=LABELS, seed=3)
    assert result.rejects_wanted == result.n_accepts
    assert result.n_rejects + len(result.conflicts) + result.duplicates == result.rejects_wanted
    assert 0.1 < len(result.conflicts) / result.rejects_wanted < 0.25  # about one draw in six
    for conflict in result.conflicts:
        assert conflict.span in DOCS[conflict.doc_index].spans
    only_person = [AnnotatedDoc(d.tokens, d.spaces, [s for s in d.spans if s[2] == "PERSON"]) for d in DOCS]
    hopeless = gold_to_binary(only_person, rejects="random-label", seed=3)  # labels default to the gold ones
    assert hopeless.n_rejects == 0 and len(hopeless.conflicts) == hopeless.n_accepts > 0


@pytest.mark.parametrize("strategy", ["boundary", "non-entity"])
@pytest.mark.parametrize("ratio", [0.5, 1.0, 2.0])
def test_the_reject_ratio_is_respected(strategy, ratio):
    result = gold_to_binary(DOCS, rejects=strategy, reject_ratio=ratio, labels=LABELS)
    assert result.n_rejects == round(ratio * result.n_accepts) == result.rejects_wanted
    assert result.shortfall == 0
    assert sum(t.answer == "reject" for t in result.tasks) == result.n_rejects


def test_random_label_ratio_above_one_counts_duplicates():
    result = gold_to_binary(DOCS, rejects="random-label", reject_ratio=3.0, labels=LABELS)
    assert result.n_rejects + len(result.conflicts) + result.duplicates == result.rejects_wanted
    assert result.duplicates > 0
    assert len(set(rejects_of(result))) == result.n_rejects


def test_boundary_rejects_are_one_token_off_with_the_same_label():
    result = gold_to_binary(DOCS, rejects="boundary", seed=2)
    for i, (start, end, label) in rejects_of(result):
        assert any(
            label == g_label and abs(start - g_start) + abs(end - g_end) == 1
            for g_start, g_end, g_label in DOCS[i].spans
        )


def test_non_entity_rejects_lie_outside_every_gold_entity():
    result = gold_to_binary(DOCS, rejects="non-entity", labels=LABELS)
    for i, (start, end, _) in rejects_of(result):
        assert all(end <= g_start or start >= g_end for g_start, g_end, _ in DOCS[i].spans)


def test_model_rejects_are_predictions_that_are_not_gold_and_may_run_short():
    with pytest.raises(ValueError, match="needs predict="):
        gold_to_binary(DOCS, rejects="model")
    result = gold_to_binary(DOCS, rejects="model", predict=fake_model, reject_ratio=5.0)
    predicted = {(i, span) for i, d in enumerate(DOCS) for span in fake_model(d.tokens)}
    assert set(rejects_of(result)) <= predicted
    assert result.shortfall > 0 and result.n_rejects == len({p for p in predicted if p[1] not in DOCS[p[0]].spans})


def test_same_seed_same_tasks_and_bad_options_are_named():
    a = gold_to_binary(DOCS, rejects="non-entity", labels=LABELS, seed=4)
    assert a.tasks == gold_to_binary(DOCS, rejects="non-entity", labels=LABELS, seed=4).tasks
    assert a.tasks != gold_to_binary(DOCS, rejects="non-entity", labels=LABELS, seed=5).tasks
    with pytest.raises(ValueError, match="rejects='wrong' is not one of 'random-label', 'boundary'"):
        gold_to_binary(DOCS, rejects="wrong")
    with pytest.raises(ValueError, match="accepts='all' is not one of 'per-span', 'per-doc'"):
        gold_to_binary(DOCS, accepts="all")


def test_per_doc_rejects_relabel_every_entity_of_their_text_with_another_label():
    """The thread user's conversion: one reject task per text with entities, each entity relabelled."""
    result = gold_to_binary(DOCS, accepts="per-doc", reject_grouping="per-doc", labels=LABELS, seed=2)
    with_entities = [i for i, d in enumerate(DOCS) if d.spans]
    rejects = [t for t in result.tasks if t.answer == "reject"]
    assert sorted(t.meta["doc"] for t in rejects) == with_entities  # exactly one per text with entities
    for task in rejects:
        gold = DOCS[task.meta["doc"]].spans
        assert [(s, e) for s, e, _ in task.spans] == [(s, e) for s, e, _ in gold]  # every entity, same place
        assert all(new != old for (_, _, new), (_, _, old) in zip(task.spans, gold))  # none is a gold span
    assert result.conflicts == [] and result.n_rejects == len(with_entities)
    assert len({label for t in rejects for _, _, label in t.spans}) == len(LABELS)  # drawn from all the others


def test_per_doc_rejects_with_one_label_cannot_be_made():
    one_label = [AnnotatedDoc(d.tokens, d.spaces, [s for s in d.spans if s[2] == "PERSON"]) for d in DOCS]
    result = gold_to_binary(one_label, accepts="per-doc", reject_grouping="per-doc", seed=2)
    assert result.n_rejects == 0 and result.shortfall == result.rejects_wanted > 0


@pytest.mark.parametrize("strategy", ["boundary", "non-entity", "model"])
def test_per_doc_grouping_of_other_strategies(strategy):
    result = gold_to_binary(
        DOCS, accepts="per-doc", rejects=strategy, reject_grouping="per-doc", predict=fake_model, labels=LABELS
    )
    rejects = [t for t in result.tasks if t.answer == "reject"]
    assert 0 < len(rejects) <= len(DOCS) and len({t.meta["doc"] for t in rejects}) == len(rejects)
    assert not [s for t in rejects for s in t.spans if s in DOCS[t.meta["doc"]].spans]


@pytest.mark.parametrize("grouping", ["per-doc", "per-span"])
def test_labels_drawn_from_all_labels_keep_rejects_equal_to_the_gold_and_count_them(grouping):
    kept = gold_to_binary(DOCS, accepts="per-doc", reject_grouping=grouping, labels=LABELS, seed=3, reject_labels="all")
    equal = [(i, span) for i, span in rejects_of(kept) if span in DOCS[i].spans]
    # with 6 labels about one relabel in 6 draws the true label back
    assert 0.08 < len(equal) / len(rejects_of(kept)) < 0.3
    assert kept.gold_rejects == len(equal)
    assert "equal the gold and were kept" in kept.describe()
    others = gold_to_binary(DOCS, accepts="per-doc", reject_grouping=grouping, labels=LABELS, seed=3)
    assert others.gold_rejects == 0
    assert not [r for i, r in rejects_of(others) if r in DOCS[i].spans]


def test_a_per_text_reject_drawn_from_all_labels_relabels_every_entity():
    result = gold_to_binary(DOCS, accepts="per-doc", reject_grouping="per-doc", labels=LABELS, reject_labels="all")
    for task in result.tasks:
        if task.answer == "reject":
            assert [s[:2] for s in task.spans] == [s[:2] for s in DOCS[task.meta["doc"]].spans]


def test_an_unknown_reject_labels_rule_is_refused():
    with pytest.raises(ValueError, match="reject_labels='some'"):
        gold_to_binary(DOCS[:3], labels=LABELS, reject_labels="some")
