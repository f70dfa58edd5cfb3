"""The synthetic corpus: reproducible, label sets respected, difficulty knobs doing what they say."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections import Counter

import pytest

from nerlab.data import Difficulty, news_corpus, synthetic, synthetic_corpus, wordlists

ALL_LABELS = {"PERSON", "ORG", "GPE", "DATE", "PRODUCT", "TECH"}


def digest(docs) -> str:
    rows = [[d.tokens, d.spaces, d.spans, d.meta] for d in docs]
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()


def entity_texts(docs) -> list[tuple[str, str]]:
    return [(" ".join(d.tokens[s:e]), label) for d in docs for s, e, label in d.spans]


def test_same_seed_same_bytes_in_fresh_interpreters():
    code = (
        "import hashlib, json; from nerlab.data import synthetic_corpus, news_corpus;"
        "c = synthetic_corpus(300, 100, seed=7, difficulty='hard');"
        "rows = [[d.tokens, d.spaces, d.spans, d.meta] for d in c.train + c.dev + news_corpus(50, seed=7)];"
        "print(hashlib.sha256(json.dumps(rows).encode()).hexdigest())"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
        ).stdout.strip()
        for seed in ("0", "12345")
    }
    corpus = synthetic_corpus(300, 100, seed=7, difficulty="hard")
    assert outputs == {digest(corpus.train + corpus.dev + news_corpus(50, seed=7))}


def test_different_seeds_give_different_corpora():
    a, b = synthetic_corpus(50, 20, seed=1), synthetic_corpus(50, 20, seed=2)
    assert digest(a.train) != digest(b.train) and digest(a.dev) != digest(b.dev)
    assert digest(synthetic_corpus(50, seed=1).train) == digest(a.train)


def test_train_does_not_depend_on_n_dev_and_dev_not_on_n_train():
    small = synthetic_corpus(100, 40, seed=5)
    large = synthetic_corpus(300, 80, seed=5)
    assert large.train[:100] == small.train
    assert large.dev[:40] == small.dev


def test_all_six_labels_by_default_and_texts_look_like_the_forum_example():
    corpus = synthetic_corpus(500, seed=0)
    assert corpus.labels == ("PERSON", "ORG", "GPE", "DATE", "PRODUCT", "TECH")
    assert {label for d in corpus.train for _, _, label in d.spans} == ALL_LABELS
    people = [name for name, label in entity_texts(corpus.train) if label == "PERSON"]
    lengths = Counter(len(name.split()) for name in people)
    assert lengths[1] and lengths[2] and lengths[3]
    assert any(len(name.split()[0]) == 1 for name in people)  # "W Chen"
    assert any(len(name.split()) == 3 and len(name.split()[1]) == 1 for name in people)  # "Jane M Doe"


def test_excluded_labels_are_filled_with_plain_words_or_their_templates_dropped():
    filled = synthetic_corpus(400, seed=0, labels=["PERSON", "TECH"])
    assert {label for d in filled.train for _, _, label in d.spans} == {"PERSON", "TECH"}
    words = {t for d in filled.train for t in d.tokens}
    assert "company" in words  # "the company" stands in for an ORG
    assert not words & {w for name in wordlists.ORGS for w in name.split()}
    dropped = synthetic_corpus(400, seed=0, labels=["PERSON", "TECH"], excluded="drop")
    used = {d.meta["template"] for d in dropped.train}
    every = synthetic.TRAIN_TEMPLATES + [
        t for senses in synthetic.AMBIGUOUS_TEMPLATES.values() for s in senses for t in s
    ]
    by_id = {t.id: t for t in every}
    assert len(used) > 5 and all(by_id[i].slot_labels <= {"PERSON", "TECH"} for i in used)
    assert "company" not in {t for d in dropped.train for t in d.tokens}


def test_bad_arguments_are_refused_with_the_accepted_values():
    with pytest.raises(ValueError, match="Unknown difficulty 'easy'; the presets are 'toy', 'default', 'hard'"):
        synthetic_corpus(5, difficulty="easy")
    with pytest.raises(ValueError, match="Labels must be some of PERSON, ORG, GPE, DATE, PRODUCT, TECH"):
        synthetic_corpus(5, labels=["LOC"])
    with pytest.raises(ValueError, match="share between 0 and 1"):
        Difficulty(ambiguity=1.5)
    with pytest.raises(ValueError, match="min_tokens <= max_tokens"):
        synthetic_corpus(5, min_tokens=10, max_tokens=5)


def test_documents_stay_in_the_length_range():
    corpus = synthetic_corpus(300, 100, seed=0, difficulty="hard", min_tokens=12, max_tokens=16)
    lengths = [len(d.tokens) for d in corpus.train + corpus.dev]
    assert min(lengths) >= 12 and max(lengths) <= 16
    assert len(set(lengths)) > 2


def test_presets_are_named_fields_and_differ():
    toy, default, hard = (Difficulty.preset(n) for n in ("toy", "default", "hard"))
    assert toy == Difficulty(0.0, 0.0, 0.0, 0.0, 1.0, 8)
    assert toy.unseen_names < default.unseen_names < hard.unseen_names
    assert toy.homogeneity > default.homogeneity > hard.homogeneity


def test_toy_dev_reuses_training_names_and_templates():
    corpus = synthetic_corpus(400, 100, seed=0, difficulty="toy")
    seen = set(entity_texts(corpus.train))
    assert set(entity_texts(corpus.dev)) <= seen
    templates = {d.meta["template"] for d in corpus.train + corpus.dev}
    assert len(templates) == 12
    assert {d.meta["template"] for d in corpus.dev} <= {d.meta["template"] for d in corpus.train}


def unseen_share(corpus) -> float:
    seen = {name for name, _ in entity_texts(corpus.train)}
    dev = [name for name, _ in entity_texts(corpus.dev)]
    return sum(name not in seen for name in dev) / len(dev)


def test_unseen_names_grow_from_toy_to_hard():
    shares = {
        name: unseen_share(synthetic_corpus(1000, 300, seed=0, difficulty=name)) for name in ("toy", "default", "hard")
    }
    assert shares["toy"] == 0.0
    assert 0.15 < shares["default"] < 0.5 < shares["hard"]


def test_held_out_names_and_templates_never_reach_training():
    corpus = synthetic_corpus(
        1000, 300, seed=0, difficulty=Difficulty(unseen_names=1.0, heldout_templates=1.0, ambiguity=0.0)
    )
    held_surnames = set(synthetic.POOLS["surname"]["heldout"])
    assert not held_surnames & {t for d in corpus.train for t in d.tokens}
    assert unseen_share(corpus) == 1.0
    assert all(d.meta["template"].startswith("D") for d in corpus.dev)
    assert not any(d.meta["template"].startswith("D") for d in corpus.train)
    for pool in synthetic.POOLS.values():
        assert not set(pool["train"]) & set(pool["heldout"])


def test_ambiguous_words_appear_in_both_senses_when_asked():
    corpus = synthetic_corpus(2000, seed=0, difficulty=Difficulty(ambiguity=0.5))
    senses = Counter()
    for d in corpus.train:
        for i, token in enumerate(d.tokens):
            if token in ("May", "Apple", "Jordan"):
                label = next((lab for s, e, lab in d.spans if s <= i < e), None)
                senses[token, label] += 1
    assert senses["May", "DATE"] and senses["May", None]
    assert senses["Apple", "ORG"] and senses["Apple", None]
    assert senses["Jordan", "PERSON"] and senses["Jordan", "GPE"]
    assert not any(d.meta["template"].startswith("A-") for d in synthetic_corpus(500, seed=0, difficulty="toy").train)


def test_homogeneity_controls_templates_and_noise():
    def stats(h):
        docs = synthetic_corpus(1500, seed=0, difficulty=Difficulty(ambiguity=0.0), homogeneity=h).train
        noise = sum(t in wordlists.NOISE_WORDS for d in docs for t in d.tokens)
        return len({d.meta["template"] for d in docs}), noise

    assert stats(1.0) == (12, 0)
    templates, noise = stats(0.0)
    assert templates == len(wordlists.TEMPLATES) and noise > 500


def test_lowercase_noise_is_a_real_knob():
    def lower_share(p):
        docs = synthetic_corpus(800, seed=0, difficulty=Difficulty(lowercase=p, ambiguity=0.0)).train
        names = [name for name, label in entity_texts(docs) if label in ("PERSON", "GPE")]
        return sum(name == name.lower() for name in names) / len(names)

    assert lower_share(0.0) == 0.0
    assert 0.4 < lower_share(0.5) < 0.6


def test_news_corpus_has_the_four_news_labels():
    docs = news_corpus(300, seed=0)
    assert {label for d in docs for _, _, label in d.spans} == {"PERSON", "ORG", "GPE", "DATE"}
    assert all(d.meta["template"].startswith("N") for d in docs)
    assert digest(news_corpus(300, seed=0)) == digest(docs) != digest(news_corpus(300, seed=1))


def test_spacy_tokenizes_every_synthetic_text_into_exactly_its_tokens():
    """So `nlp.make_doc(doc.text)` and `annotated_to_doc(doc, vocab)` line up token for token."""
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    noisy = Difficulty(lowercase=0.9, ambiguity=0.5, homogeneity=0.0, unseen_names=0.5, heldout_templates=0.5)
    corpus = synthetic_corpus(1500, 500, seed=3, difficulty=noisy)
    for doc in corpus.train + corpus.dev + news_corpus(500, seed=3):
        assert tuple(t.text for t in tokenizer(doc.text)) == doc.tokens, doc.text
    assert synthetic.spaces_for(["Model", "S", "."]) == (True, True, False)  # not the abbreviation "S."
