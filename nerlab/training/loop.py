"""The training loop: train a real spaCy NER model and report what happens, event by event.

The run is `spacy train`, opened up. The loop writes the same files `spacy train` reads
(a config and two `.spacy` corpora), builds the pipeline with spaCy's own `init_nlp`,
then repeats spaCy's loop (shuffle, batch, `nlp.update`, `finish_update`), so a run here
and `python -m spacy train` on the exported config learn the same weights. What the
loop adds: events after every update and evaluation, a cancel switch, and the choices
spaCy's loop does not offer (restarting the schedule each epoch, following the oracle
instead of the model).
"""

from __future__ import annotations

import random
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from ..policy import FOLLOW_MODEL, Policy
from .events import DataEvent, EvaluationEvent, FinishedEvent, ProgressEvent
from .metrics import binary_accuracy, entity_scores, prodigy_counts, task_accuracy
from .prepare import PreparedData, char_spans, data_event, prepare, write_docbins
from .probe import TargetProbe
from .schedules import BatchSchedule
from .settings import RunSettings
from .update import update as one_update


def training_config(settings: RunSettings, train_path: Path, dev_path: Path, base_path: str | None):
    """The spaCy training config for these settings (what `--spacy-config` writes)."""
    import spacy

    from ..spacy_bridge import NEG_KEY
    from .base_models import ner_config

    nlp = spacy.blank("en")
    factory = "beam_ner" if settings.beam_width > 1 else "ner"
    nlp.add_pipe(factory, name="ner", config=ner_config(settings.width, settings.depth, NEG_KEY, settings.beam_width))
    config = nlp.config.copy()
    if base_path is not None:
        config["components"]["ner"] = {"source": base_path}
    config["paths"]["train"] = str(train_path)
    config["paths"]["dev"] = str(dev_path)
    config["system"]["seed"] = settings.seed
    training = config["training"]
    training["dropout"] = settings.dropout
    training["max_epochs"] = settings.epochs
    training["max_steps"] = 0
    training["patience"] = 0
    training["eval_frequency"] = 10**9  # evaluation does not change the weights
    training["optimizer"]["learn_rate"] = settings.learn_rate
    training["batcher"] = settings.schedule.batcher_config()
    return config


def run(
    settings: RunSettings,
    *,
    cancel: threading.Event | None = None,
    workdir: str | Path | None = None,
    keep_models: bool = False,
) -> Iterator:
    """Train under `settings`, yielding DataEvent, EvaluationEvent, ProgressEvent, FinishedEvent.

    Setting `cancel` (from any thread) stops the run after the current update; the last
    event is then a FinishedEvent with `cancelled=True`. The same settings and seed give
    the same numbers. The config and corpora go to `workdir`, or to a temporary folder
    that is removed when the run ends. With `keep_models`, the FinishedEvent's `models`
    holds the pipeline as it was at each evaluation (see `model_at`).
    """
    if workdir is not None:
        yield from _run(settings, cancel, Path(workdir), keep_models)
        return
    with tempfile.TemporaryDirectory(prefix="nerlab-run-") as directory:
        yield from _run(settings, cancel, Path(directory), keep_models)


def _run(settings: RunSettings, cancel: threading.Event | None, directory: Path, keep_models: bool) -> Iterator:
    import spacy
    from spacy.training import Corpus
    from spacy.training.initialize import init_nlp
    from spacy.util import registry
    from thinc.api import fix_random_seed

    started = time.perf_counter()
    base_path, prepared = prepare_run(settings)
    if cancel is not None and cancel.is_set():  # stopped while the data was prepared
        yield FinishedEvent(0, 0, time.perf_counter() - started, True)
        return

    train_path, dev_path = write_docbins(prepared, directory, spacy.blank("en").vocab)
    config = training_config(settings, train_path, dev_path, base_path)
    config.to_disk(directory / "config.cfg")

    # From here on, the same steps in the same order as `spacy train`.
    nlp = init_nlp(config)
    fix_random_seed(settings.seed)
    resolved = registry.resolve(nlp.config.interpolate()["training"])
    optimizer = resolved["optimizer"]
    examples = list(Corpus(train_path)(nlp))
    ner = nlp.get_pipe("ner")
    _use_rejected_spans(ner)
    _add_new_labels(ner, prepared.labels)
    kept = drop_unsupervisable(ner, examples)
    if len(kept) < len(examples):  # said in the data event: nothing the user gave is lost silently
        prepared.summary["dropped_unsupervisable"] = len(examples) - len(kept)
        examples = kept
    policy = Policy(explore=settings.explore, warmup=settings.explore_warmup)
    explore_rng = random.Random(settings.seed)  # the policy's coins, one per state and step

    yield data_event(prepared, n_train=len(examples))

    probe = TargetProbe(prepared.train[: settings.probe], seed=settings.seed)
    evaluator = Evaluator(nlp, prepared, only=settings.labels, probe=probe, no_missing=settings.no_missing)
    models: dict[int, bytes] = {}

    def evaluate(**where) -> EvaluationEvent:
        if keep_models:
            models[where["examples_seen"]] = nlp.to_bytes()
        return evaluator(**where, policy=policy.at(where["update"]))

    evaluations = [evaluate(update=0, epoch=0, examples_seen=0, loss=0.0)]
    yield evaluations[-1]

    update = examples_seen = words_seen = 0
    loss_since_eval = 0.0
    next_eval = settings.eval_every
    batcher = settings.schedule.make_batcher()
    cancelled = False
    for epoch in range(settings.epochs):
        random.shuffle(examples)
        if settings.schedule.restart_each_epoch and epoch > 0:
            batcher = settings.schedule.make_batcher()
        for batch in batcher(examples):
            if cancel is not None and cancel.is_set():
                cancelled = True
                break
            tick = time.perf_counter()
            batch = sorted(batch, key=lambda eg: len(eg.predicted))  # as spaCy's subdivide_batch does
            losses: dict = {}
            now = policy.at(update)  # the oracle's during the warm-up
            one_update(nlp, batch, drop=settings.dropout, losses=losses, policy=now, rng=explore_rng)
            ner.finish_update(optimizer)
            optimizer.step_schedules()
            update += 1
            examples_seen += len(batch)
            words = sum(len(eg) for eg in batch)
            words_seen += words
            loss = float(losses.get("ner", 0.0))
            loss_since_eval += loss
            seconds = max(time.perf_counter() - tick, 1e-9)
            speed = words / seconds
            yield ProgressEvent(update, epoch, examples_seen, words_seen, len(batch), loss, speed, now.explore)
            if examples_seen >= next_eval:
                evaluations.append(
                    evaluate(update=update, epoch=epoch, examples_seen=examples_seen, loss=loss_since_eval)
                )
                yield evaluations[-1]
                loss_since_eval = 0.0
                while next_eval <= examples_seen:
                    next_eval += settings.eval_every
        if cancelled:
            break
    if not cancelled and evaluations[-1].update != update:
        last_epoch = settings.epochs - 1
        evaluations.append(evaluate(update=update, epoch=last_epoch, examples_seen=examples_seen, loss=loss_since_eval))
        yield evaluations[-1]
    yield FinishedEvent(update, examples_seen, time.perf_counter() - started, cancelled, evaluations, nlp, models)


SHORTEST_CUT = 50  # spaCy cuts documents at a length drawn from [cut // 2, 2 * cut), cut = 100


def drop_unsupervisable(ner, examples: list, alongside: list | None = None) -> list:
    """`examples` without those spaCy's own update would stop on (its error E024).

    With `alongside` (one item per example, such as the docs they were read from), that
    list is returned instead, without the same positions.

    spaCy cuts a long document into pieces along its *static* oracle path: from the first
    state, the first zero-cost action in its own class order, again and again. With rejected
    spans (and missing tokens) that path can walk into a state where no action is free, and
    then the whole update raises E024. Only a document long enough to be cut can do this, and
    which ones do depends on the class order, so the check runs on the model being trained.
    """
    bad = set()
    for i, example in enumerate(examples):
        if len(example.predicted) < SHORTEST_CUT or not ner.moves.has_gold(example):
            continue
        try:
            ner.moves.get_oracle_sequence(example)
        except ValueError:
            bad.add(i)
    items = examples if alongside is None else alongside
    return [item for i, item in enumerate(items) if i not in bad]


def prepare_run(settings: RunSettings) -> tuple[str | None, PreparedData]:
    """The base model to start from and the data to train on, rehearsal included."""
    from .base_models import resolve_base

    base_path = resolve_base(settings.base, width=settings.width, depth=settings.depth, seed=settings.seed)
    predict = base_predictor(base_path) if settings.rejects == "model" and base_path else None
    prepared = prepare(settings, predict=predict)
    if settings.rehearsal and base_path is not None:
        _add_rehearsal(prepared, base_path, settings)
    return base_path, prepared


def model_at(finished: FinishedEvent, examples_seen: int):
    """The pipeline as it was at the evaluation after `examples_seen` examples (run with keep_models)."""
    from spacy.util import load_model_from_config

    if examples_seen not in finished.models:
        kept = ", ".join(map(str, finished.models)) or "none: run with keep_models=True"
        raise KeyError(f"No model kept after {examples_seen} examples; kept after: {kept}.")
    nlp = load_model_from_config(finished.nlp.config, auto_fill=True)
    return nlp.from_bytes(finished.models[examples_seen])


def train(settings: RunSettings, **kwargs) -> FinishedEvent:
    """Run to the end and return the FinishedEvent (for scripts and tests)."""
    finished = None
    for event in run(settings, **kwargs):
        finished = event
    return finished


class Evaluator:
    """Scores the pipeline on the held-out texts: P/R/F (when they are complete annotation) and
    the three readings of their accept/reject answers."""

    def __init__(
        self, nlp, prepared: PreparedData, only: tuple[str, ...] | None = None, probe=None, no_missing: bool = False
    ):
        self.nlp = nlp
        self.probe = probe  # a TargetProbe, read at each evaluation (the moving target)
        self.only = only  # score only these labels (a run that annotates some labels only)
        self.no_missing = no_missing  # the answers claim to be complete: Prodigy's reading counts more as wrong
        self.texts = [doc.text for doc in prepared.dev]
        self.gold = [char_spans(doc) for doc in prepared.dev] if prepared.dev_complete else None
        self.judgements = prepared.dev_judgements
        self.answered = prepared.dev_answered

    def predict(self) -> list[list[tuple[int, int, str]]]:
        return [
            [(e.start_char, e.end_char, e.label_) for e in doc.ents if self.only is None or e.label_ in self.only]
            for doc in self.nlp.pipe(self.texts, batch_size=256)
        ]

    def __call__(self, *, update: int, epoch: int, examples_seen: int, loss: float, policy: Policy = FOLLOW_MODEL):
        predicted = self.predict()
        drift, off_path = self.probe.read(self.nlp, policy) if self.probe is not None else (None, None)
        scores = entity_scores(predicted, self.gold) if self.gold is not None else None
        accuracy, _, _ = binary_accuracy(predicted, self.judgements)
        per_task = task_accuracy(predicted, self.judgements)
        counts = prodigy_counts(predicted, self.judgements, no_missing=self.no_missing, answered=self.answered)
        n_pred = sum(len(p) for p in predicted)
        return EvaluationEvent(
            update=update,
            epoch=epoch,
            examples_seen=examples_seen,
            ents_p=scores.overall.precision if scores else None,
            ents_r=scores.overall.recall if scores else None,
            ents_f=scores.overall.f1 if scores else None,
            per_label={label: prf.to_dict() for label, prf in scores.per_label.items()} if scores else {},
            binary_accuracy=accuracy,
            loss=loss,
            predicted_per_doc=n_pred / max(len(predicted), 1),
            binary_accuracy_per_task=per_task,
            target_drift=drift,
            off_path_share=off_path,
            prodigy_accuracy=counts.accuracy if self.judgements else None,
            **(counts.to_dict() if self.judgements else {}),
        )


def evaluate_on(nlp, docs, labels: tuple[str, ...] | None = None):
    """Entity P/R/F of a pipeline on gold documents (`nerlab.data.AnnotatedDoc`s).

    With `labels`, only those labels count, in the predictions and in the gold: that is how
    to ask "does the model still find PERSON?" after training it on something else.
    """
    keep = (lambda label: True) if labels is None else (lambda label: label in labels)
    predicted = [
        [(e.start_char, e.end_char, e.label_) for e in doc.ents if keep(e.label_)]
        for doc in nlp.pipe([d.text for d in docs], batch_size=256)
    ]
    gold = [[span for span in char_spans(d) if keep(span[2])] for d in docs]
    return entity_scores(predicted, gold)


def _use_rejected_spans(ner) -> None:
    """Make sure the NER reads rejected spans where nerlab puts them.

    A pipeline trained elsewhere (en_core_web_sm, say) has no `incorrect_spans_key`, and
    would silently ignore every reject: point it at nerlab's key.
    """
    from ..spacy_bridge import NEG_KEY

    if ner.moves.cfg.get("neg_key") != NEG_KEY:
        ner.moves.cfg["neg_key"] = NEG_KEY
        ner.cfg["incorrect_spans_key"] = NEG_KEY


def _add_new_labels(ner, labels) -> None:
    """Give a base model the run's new labels now, in a fixed order.

    `init_nlp` leaves a sourced component as it was, and spaCy would add a label it has not
    seen during the first update that meets it, in the order of a Python set: the output
    layer's rows, and so the whole run, would then change with PYTHONHASHSEED.
    """
    for label in sorted(set(labels) - set(ner.labels)):
        ner.add_label(label)


def base_predictor(base_path: str):
    """A function from tokens to the base model's predicted spans (for 'model' rejects)."""
    import spacy
    from spacy.tokens import Doc

    nlp = spacy.load(base_path)

    def predict(tokens, spaces=None):
        doc = nlp(Doc(nlp.vocab, words=list(tokens), spaces=list(spaces) if spaces else None))
        return [(e.start, e.end, e.label_) for e in doc.ents]

    return predict


def _add_rehearsal(prepared: PreparedData, base_path: str, settings: RunSettings) -> None:
    """Pseudo-rehearsal: news text labelled by the base model itself, added as full gold."""
    from .. import data as nd
    from ..data import AnnotatedDoc

    predict = base_predictor(base_path)
    docs = nd.news_corpus(settings.rehearsal, seed=settings.seed + 100)
    labelled = [AnnotatedDoc(d.tokens, d.spaces, tuple(predict(d.tokens, d.spaces))) for d in docs]
    prepared.train.extend(nd.gold_to_supervised(labelled))
    prepared.summary["rehearsal_docs"] = len(labelled)


def expected_updates(settings: RunSettings, data: DataEvent | None = None) -> int:
    """How many updates a run will make: exact for a schedule in documents, else an estimate.

    Before the data event, the documents are counted as `settings.n_train`; after it, as
    the examples training really sees (separate binary tasks make more of them). A
    schedule in words is estimated by batching the total number of words instead.
    """
    schedule, epochs = settings.schedule, settings.epochs
    n_examples = data.n_train if data is not None else settings.n_train
    if schedule.unit == "docs":
        return len(schedule.sizes_for(n_examples, epochs))
    if data is None:
        return 0
    words = sum(data.summary.get(k, 0) or 0 for k in ("tokens_O", "tokens_missing", "tokens_in_entity"))
    as_docs = BatchSchedule(
        schedule.kind, schedule.start, schedule.stop, schedule.rate, "docs", schedule.restart_each_epoch
    )
    return len(as_docs.sizes_for(words, epochs)) if words else 0
