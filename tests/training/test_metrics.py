"""Entity P/R/F equal to spaCy's scorer; Prodigy-style binary accuracy."""

import random

import pytest
import spacy
from spacy.training import Example

from nerlab.training import BinaryJudgement, ProdigyCounts, binary_accuracy, entity_scores, prodigy_counts


def test_entity_scores_equal_spacys_scorer():
    nlp = spacy.blank("en")
    texts = ["W Chen met Jane M Doe in Berlin", "Apple hired Bob"]
    gold = [[(0, 6, "PERSON"), (11, 21, "PERSON"), (25, 31, "GPE")], [(0, 5, "ORG"), (12, 15, "PERSON")]]
    pred = [[(0, 6, "PERSON"), (11, 17, "PERSON"), (25, 31, "ORG")], [(0, 5, "ORG")]]
    examples = []
    for text, g, p in zip(texts, gold, pred):
        predicted = nlp.make_doc(text)
        predicted.ents = [predicted.char_span(s, e, label=lab) for s, e, lab in p]
        examples.append(Example.from_dict(predicted, {"entities": g}))
    from spacy.scorer import get_ner_prf

    theirs = get_ner_prf(examples)
    ours = entity_scores(pred, gold)
    assert abs(ours.overall.f1 - theirs["ents_f"]) < 1e-12
    assert abs(ours.overall.precision - theirs["ents_p"]) < 1e-12
    assert abs(ours.overall.recall - theirs["ents_r"]) < 1e-12
    for label, prf in ours.per_label.items():
        assert abs(prf.f1 - theirs["ents_per_type"][label]["f"]) < 1e-12


def test_predicting_nothing_scores_the_share_of_rejects():
    judgements = [BinaryJudgement(0, (0, 2, "ORG"), True), BinaryJudgement(0, (3, 4, "GPE"), False)]
    assert binary_accuracy([[]], judgements) == (0.5, 1, 1)
    assert binary_accuracy([[(0, 2, "ORG")]], judgements) == (1.0, 2, 0)
    assert binary_accuracy([[(3, 4, "GPE")]], judgements) == (0.0, 0, 2)
    assert binary_accuracy([[]], []) == (None, 0, 0)


# -- Prodigy's printed accuracy, rebuilt: counts over predicted entities ---------------------


BRAND = (0, 4, "BRAND")  # "Zara" in "Zara ships to Oslo"
OSLO = (14, 18, "BRAND")


def judged(*answers):
    """Answers on one text (document 0): (span, accepted)."""
    return [BinaryJudgement(0, span, accepted) for span, accepted in answers]


def counts(predicted, answers, **kwargs):
    return prodigy_counts([predicted], judged(*answers), **kwargs)


def test_a_predicted_accept_is_right():
    assert counts([BRAND], [(BRAND, True)]) == ProdigyCounts(right=1, ents=1)


def test_a_predicted_reject_is_wrong():
    assert counts([OSLO], [(OSLO, False)]) == ProdigyCounts(wrong=1, ents=1)


def test_a_prediction_crossing_an_accept_is_wrong_even_with_the_same_tokens():
    longer, relabelled = (0, 10, "BRAND"), (0, 4, "PLACE")
    assert counts([longer], [(BRAND, True)]) == ProdigyCounts(wrong=1, ents=1)
    assert counts([relabelled], [(BRAND, True)]) == ProdigyCounts(wrong=1, ents=1)


def test_an_unannotated_prediction_is_skipped_unless_no_missing():
    assert counts([OSLO], [(BRAND, True)]) == ProdigyCounts(skip=1, ents=1)
    assert counts([OSLO], [(BRAND, True)], no_missing=True) == ProdigyCounts(wrong=1, ents=1)
    # a reject with the same tokens but another label says nothing about this label: skip
    assert counts([OSLO], [((14, 18, "PLACE"), False)]) == ProdigyCounts(skip=1, ents=1)


def test_a_prediction_both_accepted_and_rejected_counts_as_right_and_wrong():
    both = counts([BRAND], [(BRAND, True), (BRAND, False)])
    assert both == ProdigyCounts(right=1, wrong=1, ents=1, both=1) and both.accuracy == 0.5


def test_missed_accepts_and_unpredicted_rejects_are_not_counted_and_nothing_predicted_is_0_of_0():
    nothing = counts([], [(BRAND, True), (OSLO, False)])
    assert nothing == ProdigyCounts() and nothing.accuracy is None


def test_only_answered_texts_count():
    predicted = [[BRAND], [OSLO]]
    judgements = [BinaryJudgement(0, BRAND, True)]
    assert prodigy_counts(predicted, judgements).ents == 1
    assert prodigy_counts(predicted, judgements, answered={0, 1}, no_missing=True) == ProdigyCounts(
        right=1, wrong=1, ents=2
    )


@pytest.mark.parametrize("no_missing", [False, True])
def test_right_plus_wrong_plus_skip_minus_both_is_every_predicted_entity(no_missing):
    rng = random.Random(0)
    spans = [(s, s + n, label) for s in range(0, 20, 2) for n in (1, 3) for label in ("A", "B")]
    predicted = [rng.sample(spans, 6) for _ in range(30)]
    judgements = []
    for d in range(30):
        for span in rng.sample(predicted[d], 2) + rng.sample(spans, 2):
            accepted = rng.random() < 0.5
            judgements.append(BinaryJudgement(d, span, accepted))
            if rng.random() < 0.3:  # another annotator said the opposite
                judgements.append(BinaryJudgement(d, span, not accepted))
    result = prodigy_counts(predicted, judgements, no_missing=no_missing)
    assert result.right + result.wrong + result.skip - result.both == result.ents > 0
    assert result.both > 0  # random answers include contradicting pairs
