"""DocBin files and spaCy Examples."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import DocBin

from nerlab import Supervision
from nerlab.data import (
    DataError,
    SupervisedDoc,
    docs_to_examples,
    read_docbin,
    supervised_to_examples,
    synthetic_corpus,
    write_docbin,
)


def test_docbin_round_trip_keeps_tokens_spaces_entities_and_meta(tmp_path):
    docs = synthetic_corpus(60, seed=3, difficulty="hard").train
    write_docbin(docs, tmp_path / "train.spacy")
    back = read_docbin(tmp_path / "train.spacy")
    assert back == docs
    assert [d.text for d in back] == [d.text for d in docs]
    assert [d.meta for d in back] == [d.meta for d in docs]


def test_a_docbin_written_by_spacy_is_read(tmp_path):
    nlp = spacy.blank("en")
    doc = nlp("Jane Doe flew to Paris.")
    doc.ents = [doc.char_span(0, 8, "PERSON"), doc.char_span(17, 22, "GPE")]
    unannotated = nlp("nothing to see here")
    DocBin(docs=[doc, unannotated]).to_disk(tmp_path / "spacy.spacy")
    first, second = read_docbin(tmp_path / "spacy.spacy", nlp.vocab)
    assert first.spans == ((0, 2, "PERSON"), (4, 5, "GPE")) and first.text == "Jane Doe flew to Paris."
    assert second.spans == () and second.meta == {"missing_tokens": 4}  # said, not hidden


def test_docbin_errors_name_the_file(tmp_path):
    not_docbin = tmp_path / "notes.spacy"
    not_docbin.write_text("these are notes, not a DocBin")
    with pytest.raises(DataError, match=r"notes\.spacy: this is not a spaCy DocBin file"):
        read_docbin(not_docbin)
    with pytest.raises(DataError, match=r"absent\.spacy: no such file"):
        read_docbin(tmp_path / "absent.spacy")


def test_gold_examples_have_every_entity_and_every_other_token_outside():
    docs = synthetic_corpus(20, seed=1).train
    nlp = spacy.blank("en")
    examples = docs_to_examples(docs, nlp)
    for doc, example in zip(docs, examples):
        assert [t.text for t in example.predicted] == list(doc.tokens)
        assert example.predicted.text == doc.text and not example.predicted.ents
        assert [(e.start, e.end, e.label_) for e in example.reference.ents] == list(doc.spans)
        assert None not in example.get_aligned_ner()
        assert example.predicted.vocab is nlp.vocab


def test_supervised_examples_keep_missing_tokens_and_rejected_spans():
    tokens = ("who", "are", "W", "Chen", "and", "Jane", "M", "Doe")
    supervision = Supervision.partial(8, accepted=[(2, 4, "PERSON")], rejected=[(5, 8, "ORG")])
    doc = SupervisedDoc(tokens, (True,) * 7 + (False,), supervision)
    (example,) = supervised_to_examples([doc], neg_key="wrong")
    assert example.get_aligned_ner() == [None, None, "B-PERSON", "L-PERSON", None, None, None, None]
    assert [(s.start, s.end, s.label_) for s in example.reference.spans["wrong"]] == [(5, 8, "ORG")]
    complete = SupervisedDoc(tokens, doc.spaces, Supervision.partial(8, [(2, 4, "PERSON")], no_missing=True))
    (example,) = supervised_to_examples([complete])
    assert example.get_aligned_ner() == ["O", "O", "B-PERSON", "L-PERSON", "O", "O", "O", "O"]
    assert "incorrect_spans" not in example.reference.spans
