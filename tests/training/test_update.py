"""The re-implemented update: bit-identical to nlp.update when it follows the model."""

import numpy
import pytest
import spacy
from spacy.training import Example
from thinc.api import fix_random_seed

from nerlab.policy import FOLLOW_MODEL, FOLLOW_ORACLE, Policy
from nerlab.training.update import greedy_update

TEXTS = [
    ("who are W Chen and Jane M Doe", [(8, 14, "PERSON"), (19, 29, "PERSON")]),
    ("Apple hired Bob in Paris", [(0, 5, "ORG"), (12, 15, "PERSON"), (19, 24, "GPE")]),
    ("nothing to see here", []),
]


def weights_of(nlp) -> list[numpy.ndarray]:
    """Every parameter array of every component, for comparing two pipelines exactly."""
    arrays = []
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is None:
            continue
        for node in model.walk():
            for name in sorted(node.param_names):
                if node.has_param(name):
                    arrays.append(numpy.array(node.get_param(name)))
    return arrays


def _fresh():
    fix_random_seed(1)
    nlp = spacy.blank("en")
    nlp.add_pipe("ner")
    examples = [Example.from_dict(nlp.make_doc(t), {"entities": e}) for t, e in TEXTS * 6]
    optimizer = nlp.initialize(lambda: examples)
    return nlp, examples, optimizer


def _train(step):
    nlp, examples, optimizer = _fresh()
    fix_random_seed(2)
    for i in range(4):
        step(nlp, examples[i * 4 : (i + 1) * 4])
        nlp.get_pipe("ner").finish_update(optimizer)
    return weights_of(nlp)


def _spacy(nlp, batch):
    nlp.update(batch, drop=0.1, sgd=False)


@pytest.mark.slow
def test_following_the_model_is_bit_identical_to_nlp_update():
    ours = _train(lambda nlp, batch: greedy_update(nlp.get_pipe("ner"), batch, drop=0.1, policy=FOLLOW_MODEL))
    theirs = _train(_spacy)
    assert len(ours) == len(theirs) > 10
    assert all(numpy.array_equal(a, b) for a, b in zip(ours, theirs))


@pytest.mark.slow
@pytest.mark.parametrize("explore", [0.0, 0.5])
def test_following_the_oracle_changes_what_is_learned(explore):
    import random

    rng = random.Random(0)
    policy = Policy(explore)
    ours = _train(lambda nlp, batch: greedy_update(nlp.get_pipe("ner"), batch, drop=0.1, policy=policy, rng=rng))
    theirs = _train(_spacy)
    assert not all(numpy.array_equal(a, b) for a, b in zip(ours, theirs))


@pytest.mark.slow
def test_teacher_forcing_walks_the_gold_path():
    """With explore=0 every state is moved by a zero-cost action: the final states hold the gold."""
    import random

    from nerlab.training.update import _explore_step

    nlp, examples, _ = _fresh()
    ner = nlp.get_pipe("ner")
    states, golds, _ = ner.moves.init_gold_batch(examples[:3])
    states = list(states)
    while not all(s.is_final() for s in states):
        live = [(s, g) for s, g in zip(states, golds) if not s.is_final()]
        scores = numpy.random.RandomState(0).rand(len(live), ner.moves.n_moves).astype("f")
        _explore_step(ner.moves, [s for s, _ in live], [g for _, g in live], scores, FOLLOW_ORACLE, random.Random(0))
    for state, example in zip(states, examples[:3]):
        doc = state.doc.copy()
        ner.moves.set_annotations(state, doc)
        assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == [
            (e.start_char, e.end_char, e.label_) for e in example.reference.ents
        ]
