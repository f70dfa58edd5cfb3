"""Base models: 'news-sm' behaves on the course's text as en_core_web_sm would on custom labels."""

from collections import Counter

import pytest

from nerlab.data import news_sm_corpus, synthetic_corpus
from nerlab.data.synthetic import SM_LABELS


def test_the_news_sm_corpus_has_its_own_label_scheme_and_is_seeded():
    docs = news_sm_corpus(300, seed=0)
    labels = Counter(label for doc in docs for *_, label in doc.spans)
    assert set(labels) == set(SM_LABELS)
    assert [d.text for d in news_sm_corpus(20, seed=0)] == [d.text for d in docs[:20]]
    assert [d.text for d in news_sm_corpus(20, seed=1)] != [d.text for d in docs[:20]]


@pytest.mark.slow
def test_news_sm_predicts_labels_the_course_never_annotates_and_is_imperfect():
    from nerlab.training.base_models import resolve_base
    from nerlab.training.loop import base_predictor
    from nerlab.training.metrics import entity_scores

    predict = base_predictor(resolve_base("news-sm", width=64, depth=2, seed=0))
    course = synthetic_corpus(10, 200, seed=0)
    predicted = Counter(label for doc in course.dev for *_, label in predict(doc.tokens, doc.spaces))
    assert set(predicted) - set(course.labels), predicted  # e.g. LOC, CARDINAL: the course has none
    assert set(predicted) & set(course.labels)  # and it knows some of the course's labels
    own = news_sm_corpus(200, seed=99)
    score = entity_scores([predict(d.tokens, d.spaces) for d in own], [d.spans for d in own]).overall.f1
    assert 0.5 < score < 0.99  # imperfect even on its own kind of text
