"""spaCy's own formats: DocBin files and `Example`s, to and from nerlab's records.

A DocBin (`.spacy` file) is what `spacy train` reads: serialised `Doc`s whose `doc.ents`
are the gold entities. An `Example` pairs the document the model sees (`predicted`, bare
tokens) with the annotation it learns from (`reference`).

`supervised_to_examples` is the partial-annotation variant: the reference then holds
missing tags and rejected spans, exactly as a `SupervisedDoc` says (see `supervise.py`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, DocBin
from spacy.tokens import Span as SpacySpan
from spacy.training import Example
from spacy.vocab import Vocab

from ..spacy_bridge import NEG_KEY, to_example
from .errors import DataError
from .records import AnnotatedDoc
from .supervise import SupervisedDoc

META_KEY = "nerlab_meta"  # where write_docbin keeps AnnotatedDoc.meta in doc.user_data


def _vocab(nlp_or_vocab) -> Vocab:
    if nlp_or_vocab is None:
        return Vocab()
    return nlp_or_vocab if isinstance(nlp_or_vocab, Vocab) else nlp_or_vocab.vocab


def bare_doc(tokens: Sequence[str], spaces: Sequence[bool], vocab=None) -> Doc:
    """A spaCy `Doc` with exactly these tokens and spaces, and no annotation."""
    return Doc(_vocab(vocab), words=list(tokens), spaces=list(spaces))


def annotated_to_doc(doc: AnnotatedDoc, vocab=None) -> Doc:
    """A spaCy `Doc` whose `ents` are the document's spans; every other token is O."""
    spacy_doc = bare_doc(doc.tokens, doc.spaces, vocab)
    spacy_doc.ents = [SpacySpan(spacy_doc, start, end, label=label) for start, end, label in doc.spans]
    return spacy_doc


def doc_to_annotated(doc: Doc, meta: dict | None = None) -> AnnotatedDoc:
    """The `AnnotatedDoc` for a spaCy `Doc`, its `ents` taken as complete annotation.

    Tokens that the `Doc` marks as missing (no entity annotation at all) are read as outside
    an entity; their number is kept in `meta["missing_tokens"]` so it is not lost silently.
    """
    meta = dict(meta or {})
    missing = sum(token.ent_iob == 0 for token in doc)
    if missing:
        meta["missing_tokens"] = missing
    return AnnotatedDoc(
        tokens=tuple(t.text for t in doc),
        spaces=tuple(bool(t.whitespace_) for t in doc),
        spans=tuple((e.start, e.end, e.label_) for e in doc.ents),
        meta=meta,
    )


def write_docbin(docs: Iterable[AnnotatedDoc], path: str | os.PathLike) -> None:
    """Write documents to a `.spacy` DocBin file, as `spacy train` reads them.

    Each document's `meta` travels in `doc.user_data`, so reading the file back returns it.
    """
    vocab = Vocab()
    docbin = DocBin(store_user_data=True)
    for doc in docs:
        spacy_doc = annotated_to_doc(doc, vocab)
        if doc.meta:
            spacy_doc.user_data[META_KEY] = doc.meta
        docbin.add(spacy_doc)
    docbin.to_disk(path)


def read_docbin(path: str | os.PathLike, vocab=None) -> list[AnnotatedDoc]:
    """Read a `.spacy` DocBin file into `AnnotatedDoc`s (errors name the file)."""
    name = os.fspath(path)
    try:
        docbin = DocBin().from_disk(path)
    except FileNotFoundError:
        raise DataError(name, None, None, "no such file; check the path.") from None
    except Exception as err:  # zlib, msgpack and spaCy all raise their own kinds
        raise DataError(
            name,
            None,
            None,
            f"this is not a spaCy DocBin file ({type(err).__name__}: {err}); write one with write_docbin.",
        ) from None
    docs = []
    for i, doc in enumerate(docbin.get_docs(_vocab(vocab))):
        if len(doc) == 0:
            raise DataError(name, None, f"docs[{i}]", "the document has no tokens.")
        docs.append(doc_to_annotated(doc, doc.user_data.get(META_KEY)))
    return docs


def docs_to_examples(docs: Iterable[AnnotatedDoc], nlp_or_vocab=None) -> list[Example]:
    """spaCy `Example`s with full gold: the reference has every entity, every other token O."""
    vocab = _vocab(nlp_or_vocab)
    return [Example(bare_doc(d.tokens, d.spaces, vocab), annotated_to_doc(d, vocab)) for d in docs]


def supervised_to_examples(docs: Iterable[SupervisedDoc], vocab=None, neg_key: str = NEG_KEY) -> list[Example]:
    """spaCy `Example`s that say exactly what each `SupervisedDoc`'s supervision says.

    Missing tokens stay missing and rejected spans go to `reference.spans[neg_key]`, where
    a NER component created with `incorrect_spans_key=neg_key` reads them.
    """
    vocab = _vocab(vocab)
    return [to_example(bare_doc(d.tokens, d.spaces, vocab), d.supervision, neg_key) for d in docs]
