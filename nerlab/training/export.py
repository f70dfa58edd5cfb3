"""A run as files `spacy train` reads: config.cfg, train.spacy and dev.spacy.

The lab's runner is `spacy train` opened up, so most runs can be handed back to spaCy's
own command and give the same weights (a test checks it on real data). Two settings
cannot: following the oracle instead of the model (spaCy always follows the model) and
restarting the batch schedule each epoch (spaCy's batchers never restart). Those are
refused with the reason rather than written as a config that trains differently; so is
held-out data made of answers, which `spacy train` cannot score.
"""

from __future__ import annotations

import math
from pathlib import Path

from .loop import drop_unsupervisable, expected_updates, prepare_run, training_config
from .prepare import write_docbins
from .settings import RunSettings, SettingError


def refusal(settings: RunSettings) -> SettingError | None:
    """Why `spacy train` cannot reproduce these settings, or None if it can."""
    if settings.explore < 1.0:
        return SettingError("explore", "must be 'model' to export: spacy train always follows the model's own actions.")
    if settings.schedule.restart_each_epoch:
        return SettingError(
            "schedule",
            "cannot restart each epoch in an export: spaCy's batchers never restart a schedule.",
        )
    return None


def eval_frequency(settings: RunSettings) -> int:
    """spaCy's `eval_frequency` (in updates) closest to the lab's `eval_every` (in documents).

    Evaluating does not change the weights, so this only decides how many rows spaCy's
    table prints and which step `model-best` can come from.
    """
    updates = expected_updates(settings) or math.ceil(settings.n_train * settings.epochs / settings.schedule.start)
    evaluations = max(1, math.ceil(settings.n_train * settings.epochs / settings.eval_every))
    return max(1, updates // evaluations)


def write_spacy_config(settings: RunSettings, directory: str | Path) -> tuple[Path, Path, Path]:
    """Write the config and corpora for `spacy train`; returns their paths."""
    import spacy

    problem = refusal(settings)
    if problem is not None:
        raise problem
    out = Path(directory)
    base, prepared = prepare_run(settings)
    if not prepared.dev_complete:
        raise SettingError(
            "dev",
            "must be complete annotation to export: spacy train scores entity F1 on dev.spacy, and the held-out "
            "texts here are answers; give --dev a ner.manual-style file (or train in nerlab to read the answers).",
        )
    train_path, dev_path = write_docbins(prepared, out, spacy.blank("en").vocab)
    config = training_config(settings, train_path.resolve(), dev_path.resolve(), base)
    config["training"]["eval_frequency"] = eval_frequency(settings)
    config.to_disk(out / "config.cfg")
    _drop_unsupervisable(config, train_path)
    return out / "config.cfg", train_path, dev_path


def _drop_unsupervisable(config, train_path: Path) -> None:
    """Leave out of train.spacy the examples spaCy's update would stop on, as the lab's run does."""
    from spacy.tokens import DocBin
    from spacy.training import Corpus
    from spacy.training.initialize import init_nlp

    nlp = init_nlp(config)
    docs = list(DocBin(store_user_data=True).from_disk(train_path).get_docs(nlp.vocab))
    kept = drop_unsupervisable(nlp.get_pipe("ner"), list(Corpus(train_path)(nlp)), alongside=docs)
    if len(kept) < len(docs):
        DocBin(docs=kept, store_user_data=True).to_disk(train_path)
