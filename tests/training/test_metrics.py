"""Entity P/R/F equal to spaCy's scorer; Prodigy-style binary accuracy."""

import spacy
from spacy.training import Example

from nerlab.training import BinaryJudgement, binary_accuracy, entity_scores


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
