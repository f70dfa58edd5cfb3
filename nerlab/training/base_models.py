"""Base models: where training starts.

- "blank": a new NER component with random weights.
- "news": a small model that already knows PERSON, ORG, GPE and DATE, trained by nerlab
  on its synthetic news corpus the first time it is asked for, then cached on disk.
  It stands in for a pretrained pipeline such as `en_core_web_sm`, which a Binder
  machine may not have, and it is deterministic: the same seed gives the same weights.
- "news-sm": a stand-in for `en_core_web_sm` on the course's custom-labelled, machine-made
  text: trained the same way on news text in a pretrained model's own label scheme
  (`nerlab.data.news_sm_corpus`), on fewer texts and epochs. It knows some of the course's
  labels, predicts labels the course never annotates (LOC, CARDINAL, NORP), calls gadget and
  software names ORG, and is not perfect even on its own kind of text.
- anything else: the name of an installed spaCy pipeline or the path of a saved one.

Starting from a model that knows other labels matters: if the new data says nothing
about those labels, or says their tokens are O (`no_missing`), the model forgets them.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
from pathlib import Path

from .settings import SettingError

NEWS_VERSION = 1  # bump when the recipe below changes, so old caches are not reused
NEWS_SM_VERSION = 1
NEWS_SM_SIZE = {"n_docs": 400, "epochs": 2}  # few texts and epochs: imperfect, as a small pretrained model is


def cache_dir() -> Path:
    """Where nerlab keeps built models: $NERLAB_CACHE, or ~/.cache/nerlab."""
    return Path(os.environ.get("NERLAB_CACHE", Path.home() / ".cache" / "nerlab"))


def news_model_path(*, width: int = 64, depth: int = 2, seed: int = 0, n_docs: int = 1500, epochs: int = 4) -> Path:
    """The cached news model for these settings, built on first use."""
    name = f"news-v{NEWS_VERSION}-w{width}-d{depth}-s{seed}-n{n_docs}-e{epochs}"
    path = cache_dir() / name
    if not (path / "config.cfg").exists():
        _build_news_model(path, width=width, depth=depth, seed=seed, n_docs=n_docs, epochs=epochs)
    return path


def news_sm_model_path(*, width: int = 64, depth: int = 2, seed: int = 0) -> Path:
    """The cached "news-sm" model (en_core_web_sm's stand-in) for these settings, built on first use."""
    n_docs, epochs = NEWS_SM_SIZE["n_docs"], NEWS_SM_SIZE["epochs"]
    path = cache_dir() / f"news-sm-v{NEWS_SM_VERSION}-w{width}-d{depth}-s{seed}-n{n_docs}-e{epochs}"
    if not (path / "config.cfg").exists():
        _build_news_model(path, width=width, depth=depth, seed=seed, n_docs=n_docs, epochs=epochs, corpus="news-sm")
    return path


def _build_news_model(
    path: Path, *, width: int, depth: int, seed: int, n_docs: int, epochs: int, corpus: str = "news"
) -> None:
    import spacy
    from spacy.training import Example
    from thinc.api import fix_random_seed

    from ..data import annotated_to_doc, news_corpus, news_sm_corpus
    from ..spacy_bridge import NEG_KEY
    from .schedules import BatchSchedule
    from .update import update

    fix_random_seed(seed)
    nlp = spacy.blank("en")
    nlp.add_pipe("ner", config=ner_config(width, depth, NEG_KEY))
    docs = (news_sm_corpus if corpus == "news-sm" else news_corpus)(n_docs, seed=seed)
    examples = [Example(nlp.make_doc(doc.text), annotated_to_doc(doc, nlp.vocab)) for doc in docs]
    optimizer = nlp.initialize(lambda: examples)
    ner = nlp.get_pipe("ner")
    batcher = BatchSchedule.compounding(4, 16, 1.001).make_batcher()
    for _ in range(epochs):
        random.shuffle(examples)
        for batch in batcher(examples):
            update(nlp, batch, drop=0.1, losses={})  # spaCy's own update, as `spacy train` makes it
            ner.finish_update(optimizer)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=path.parent, prefix=".building-"))
    nlp.to_disk(tmp)
    try:
        tmp.rename(path)
    except OSError:  # another process built it first: keep theirs
        shutil.rmtree(tmp, ignore_errors=True)


def ner_config(width: int, depth: int, neg_key: str | None, beam_width: int = 1) -> dict:
    """The NER component's config: spaCy's default architecture at a chosen size."""
    config = {
        "incorrect_spans_key": neg_key,
        "model": {
            "@architectures": "spacy.TransitionBasedParser.v2",
            "state_type": "ner",
            "extra_state_tokens": False,
            "hidden_width": 64,
            "maxout_pieces": 2,
            "use_upper": True,
            "nO": None,
            "tok2vec": {
                "@architectures": "spacy.HashEmbedCNN.v2",
                "pretrained_vectors": None,
                "width": width,
                "depth": depth,
                "embed_size": 2000,
                "window_size": 1,
                "maxout_pieces": 3,
                "subword_features": True,
            },
        },
    }
    if beam_width > 1:
        config.update({"beam_width": beam_width, "beam_update_prob": 1.0, "beam_density": 0.01})
    return config


def resolve_base(base: str, *, width: int, depth: int, seed: int) -> str | None:
    """None for "blank"; otherwise the name or path spaCy should load the NER from."""
    if base == "blank":
        return None
    if base == "news":
        return str(news_model_path(width=width, depth=depth, seed=seed))
    if base == "news-sm":
        return str(news_sm_model_path(width=width, depth=depth, seed=seed))
    import spacy.util

    if Path(base).exists() or spacy.util.is_package(base):
        return base
    raise SettingError(
        "base",
        f"{base!r} is neither 'blank', 'news', 'news-sm', an installed spaCy pipeline nor a saved pipeline "
        f"directory. Install it (e.g. `pip install en_core_web_sm`) or give a path.",
    )
