"""From run settings to training examples: what the model will actually be told.

This is where the thread's choices turn into data: full gold, accepted spans only, or
accept/reject tasks; unannotated tokens missing or O; tasks on one text merged into one
example (Prodigy's way) or kept separate.

Data comes in two kinds (`nerlab.data.answers`). Complete annotation (the synthetic corpus,
a `.spacy` file, a `ner.manual` export) can be trained on as gold, or turned into simulated
answers; its held-out documents are scored as entities (P/R/F) and against held-out
accept/reject answers made with the run's reject strategy and grouping, so a run rebuilding
someone's conversion is judged on answers like theirs. A file of answers (a `ner.teach`
export, anything with rejects) trains as binary or partial supervision, never as gold; its
held-out texts are its own answers (a `dev` file, or a seeded `eval_split` of the texts),
and only the answer readings can score them: P/R/F need complete annotation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import data as nd
from ..spacy_bridge import NEG_KEY
from .events import DataEvent
from .metrics import BinaryJudgement, task_accuracy
from .settings import RunSettings, SettingError


@dataclass
class PreparedData:
    train: list  # SupervisedDoc: tokens, spaces, supervision (what training sees)
    dev: list  # AnnotatedDoc: the held-out texts; their spans are the gold only when dev_complete
    dev_judgements: list[BinaryJudgement]  # held-out accept/reject answers, char offsets
    labels: tuple[str, ...]
    summary: dict = field(default_factory=dict)
    dev_complete: bool = True  # the held-out texts are complete annotation, so P/R/F can be read
    dev_answered: frozenset[int] | None = None  # held-out texts with at least one answer (None: all)


@dataclass
class Source:
    """The data a run reads, before any conversion: complete annotation or answers, for each side."""

    train_gold: list | None  # AnnotatedDoc, when the training data is complete annotation
    dev_gold: list | None  # AnnotatedDoc, when the held-out data is complete annotation
    train_tasks: list | None  # Task, when the training data is answers
    dev_tasks: list | None  # Task: held-out answers (None: made from dev_gold)
    reading: nd.FileReading | None = None  # how the training file was read (None: no file)
    held_out: str = ""  # where the held-out texts come from, for the data table


def prepare(settings: RunSettings, predict=None) -> PreparedData:
    """Build training and held-out data for a run. `predict` serves the 'model' rejects."""
    source = load(settings)
    if source.train_tasks is not None:
        return _prepare_answers(settings, source)
    train_gold, dev_gold = source.train_gold, source.dev_gold
    if settings.labels is not None:  # annotate only some labels: the others' tokens are unannotated
        train_gold = [_only(doc, settings.labels) for doc in train_gold]
        dev_gold = [_only(doc, settings.labels) for doc in dev_gold]
    labels = tuple(sorted({label for doc in train_gold + dev_gold for _, _, label in doc.spans}))

    if settings.supervision == "gold":
        conversion_docs, conflicts = nd.gold_to_supervised(train_gold), 0
    else:
        ratio = settings.reject_ratio if settings.supervision == "binary" else 0.0
        binary = nd.gold_to_binary(
            train_gold,
            accepts=settings.accepts,
            rejects=settings.rejects,
            reject_ratio=ratio,
            seed=settings.seed,
            predict=predict,
            labels=labels,
            reject_grouping=settings.reject_grouping,
            reject_labels=settings.reject_labels,
        )
        gold_by_hash = {nd.input_hash(doc.text): doc.spans for doc in train_gold}
        conversion = nd.tasks_to_supervised(
            binary.tasks,
            no_missing=settings.no_missing,
            merge=settings.tasks == "merged",
            gold=gold_by_hash,
            use_rejects=settings.supervision == "binary",
            conflicts=settings.conflicts,
        )
        conversion_docs, conflicts = conversion.docs, conversion.conflicts

    dev_tasks = source.dev_tasks or _simulated_answers(settings, dev_gold, labels, predict)
    summary = nd.summarize(conversion_docs, conflicts=conflicts).to_dict()
    if settings.supervision == "binary" and settings.reject_labels == "all":
        summary["rejects_equal_to_accepts"] = binary.gold_rejects
    summary.update(_file_facts(source))
    return PreparedData(
        conversion_docs,
        dev_gold,
        _judgements(dev_gold, dev_tasks),
        labels,
        summary,
        True,
        _answered(dev_gold, dev_tasks),
    )


def data_event(prepared: PreparedData, n_train: int | None = None) -> DataEvent:
    """The data table of prepared data, as the run's first event (`n_train`: the examples kept)."""
    judged, dev = prepared.dev_judgements, prepared.dev
    return DataEvent(
        summary=prepared.summary,
        n_train=len(prepared.train) if n_train is None else n_train,
        n_dev=len(dev),
        labels=list(prepared.labels),
        dev_entities_per_doc=sum(len(d.spans) for d in dev) / max(len(dev), 1) if prepared.dev_complete else None,
        dev_reject_share=(sum(not j.accepted for j in judged) / len(judged)) if judged else None,
        dev_reject_task_share=task_accuracy([[] for _ in dev], judged),
    )


def preview(settings: RunSettings) -> DataEvent:
    """What a run with these settings would train on, without a model: the data table before training.

    Exact for every data source except two things only the run knows: rehearsal texts
    (labelled by the base model) and the long examples spaCy's update would stop on.
    """
    return data_event(prepare(settings))


def _prepare_answers(settings: RunSettings, source: Source) -> PreparedData:
    """A file of answers: binary (or partial) supervision, held-out texts scored by their answers."""
    if settings.supervision == "gold":
        raise SettingError(
            "supervision",
            f"is 'gold' but {settings.data} holds accept/reject answers ({source.reading.why}), not complete "
            f"annotation; train on them with supervision 'binary' (or 'partial': the accepted spans only).",
        )
    train_tasks, dev_tasks = source.train_tasks, source.dev_tasks
    if settings.labels is not None:
        train_tasks = [_only_task(task, settings.labels) for task in train_tasks]
        dev_tasks = [_only_task(task, settings.labels) for task in dev_tasks] if dev_tasks else dev_tasks
    answered_tasks = train_tasks + (dev_tasks or [])
    labels = {span[2] for task in answered_tasks for span in task.spans}
    labels |= {label for doc in source.dev_gold or [] for _, _, label in doc.spans}
    labels = tuple(sorted(labels))
    conversion = nd.tasks_to_supervised(
        train_tasks,
        no_missing=settings.no_missing,
        merge=settings.tasks == "merged",
        use_rejects=settings.supervision == "binary",
        conflicts=settings.conflicts,
    )
    if source.dev_gold is not None:  # complete held-out annotation: entities scored, answers made from it
        dev, complete = source.dev_gold, True
        dev_tasks = dev_tasks or _simulated_answers(settings, dev, labels, None)
    else:
        dev = [nd.AnnotatedDoc(task.tokens, task.spaces) for task in nd.texts_of(dev_tasks)]
        complete = False
    summary = nd.summarize(conversion).to_dict()
    summary.update(_file_facts(source))
    return PreparedData(
        conversion.docs, dev, _judgements(dev, dev_tasks), labels, summary, complete, _answered(dev, dev_tasks)
    )


def _simulated_answers(settings: RunSettings, dev_gold: list, labels: tuple, predict) -> list:
    """Held-out accept/reject answers made from complete held-out annotation, like the training ones."""
    ratio = settings.reject_ratio if settings.reject_ratio > 0 else 1.0
    return nd.gold_to_binary(
        dev_gold,
        accepts="per-doc" if settings.reject_grouping == "per-doc" else "per-span",
        reject_grouping=settings.reject_grouping,
        rejects=settings.rejects if settings.rejects != "model" or predict else "random-label",
        reject_ratio=ratio,
        seed=settings.seed + 1,
        predict=predict,
        labels=labels,
        reject_labels=settings.reject_labels,
    ).tasks


def _file_facts(source: Source) -> dict:
    """What the data table says about the file itself: how it was read, where the held-out texts came from."""
    facts = {}
    if source.reading is not None:
        facts["read_as"] = source.reading.why
    if source.held_out:
        facts["held_out"] = source.held_out
    return facts


def _only(doc, labels):
    return nd.AnnotatedDoc(doc.tokens, doc.spaces, tuple(s for s in doc.spans if s[2] in labels), doc.meta)


def _only_task(task, labels):
    """A task with only its spans of `labels` (the others are left unannotated)."""
    keep = [i for i, span in enumerate(task.spans) if span[2] in labels]
    extra = tuple(task.span_extra[i] for i in keep) if task.span_extra else ()
    spans = tuple(task.spans[i] for i in keep)
    return nd.Task(
        task.text, task.tokens, task.spaces, spans, task.answer, task.input_hash, task.task_hash,
        task.meta, task.extra, task.source, extra,
    )  # fmt: skip


def load(settings: RunSettings) -> Source:
    """The run's data, read and split into training and held-out sides."""
    if settings.data == "synthetic":
        corpus = nd.synthetic_corpus(
            settings.n_train, settings.n_dev, seed=settings.seed, difficulty=settings.difficulty
        )
        return Source(_share(settings, list(corpus.train)), list(corpus.dev), None, None)
    data, dev = settings.data, settings.dev
    if data in nd.DATASETS:  # a named dataset: its training split, held out on its eval split
        data = str(nd.dataset_path(data, "train"))
        if dev is None and "eval" in nd.DATASETS[settings.data]:
            dev = str(nd.dataset_path(settings.data, "eval"))
    train_gold, train_tasks, reading = _read(data, settings.annotation)
    if dev is not None:
        dev_gold, dev_tasks, _ = _read(dev, "auto" if reading is None or not reading.answers else settings.annotation)
        held_out = f"the texts of {Path(dev).name}"
    elif train_tasks is not None:  # answers: a seeded share of the texts, with all their answers
        try:
            train_tasks, dev_tasks = nd.split_by_text(train_tasks, settings.eval_split, settings.seed)
        except ValueError as error:
            raise SettingError("eval_split", f"cannot hold out texts of {settings.data}: {error}") from None
        dev_gold, held_out = None, f"{len(nd.texts_of(dev_tasks))} texts ({settings.eval_split:.0%} of them, seeded)"
    else:  # complete annotation: hold out the last n_dev documents of the training file
        if settings.n_dev >= len(train_gold):
            raise SettingError(
                "n_dev",
                f"is {settings.n_dev} but {settings.data} has only {len(train_gold)} documents to hold out from; "
                f"give a held-out file (dev) or a smaller n_dev.",
            )
        cut = len(train_gold) - settings.n_dev
        dev_gold, train_gold, dev_tasks = train_gold[cut:], train_gold[:cut], None
        held_out = f"the last {settings.n_dev} documents"
    if train_tasks is not None:
        kept = {(t.input_hash, t.tokens) for t in _share(settings, nd.texts_of(train_tasks)[: settings.n_train])}
        train_tasks = [t for t in train_tasks if (t.input_hash, t.tokens) in kept]
    else:
        train_gold = _share(settings, train_gold[: settings.n_train])
    return Source(train_gold, dev_gold, train_tasks, dev_tasks, reading, held_out)


def _share(settings: RunSettings, train: list) -> list:
    """The first `train_share` of the training documents (the held-out ones stay the same)."""
    if settings.train_share >= 1.0:
        return train
    return train[: max(1, round(len(train) * settings.train_share))]


def _read(path: str, annotation: str):
    """(gold docs, answer tasks, how the file was read) from a Prodigy .jsonl or a spaCy .spacy file.

    Exactly one of the first two is None: complete annotation gives gold docs, answers give tasks.
    """
    suffix = Path(path).suffix
    if suffix == ".spacy":
        return nd.read_docbin(path), None, None
    if suffix in (".jsonl", ".json"):
        tasks = nd.read_prodigy(path)
        try:
            reading = nd.read_as(tasks, annotation)
        except ValueError as error:
            raise SettingError("annotation", f"{error} ({path})") from None
        if reading.answers:
            return None, tasks, reading
        return nd.tasks_to_gold_docs(tasks), None, reading
    raise nd.DataError(
        path, None, None, f"unknown data format {suffix!r}; use a Prodigy .jsonl or a spaCy .spacy file."
    )


def reads_as_answers(settings: RunSettings) -> bool:
    """Whether the run's training data is a file of answers (so it trains as binary, never as gold)."""
    data = settings.data
    if data in nd.DATASETS:
        data = str(nd.dataset_path(data, "train"))
    if data == "synthetic" or Path(data).suffix not in (".jsonl", ".json"):
        return False
    try:
        return nd.read_as(nd.read_prodigy(data), settings.annotation).answers
    except ValueError as error:
        raise SettingError("annotation", f"{error} ({data})") from None


def _judgements(dev: list, dev_tasks: list) -> list[BinaryJudgement]:
    """Accept/reject answers on held-out texts, as character spans on those texts (each span with its own answer)."""
    index = {doc.text: i for i, doc in enumerate(dev)}
    judgements = []
    for number, task in enumerate(dev_tasks):
        if task.answer == "ignore" or task.text not in index:
            continue
        offsets = task.char_offsets()
        for (start, end, label), answer in task.span_answers():
            if answer == "ignore":
                continue
            span = (offsets[start][0], offsets[end - 1][1], label)
            judgements.append(BinaryJudgement(index[task.text], span, answer == "accept", task=number))
    return judgements


def _answered(dev: list, dev_tasks: list) -> frozenset[int]:
    """The held-out texts that have at least one answer (a task with no span still says something)."""
    index = {doc.text: i for i, doc in enumerate(dev)}
    return frozenset(index[task.text] for task in dev_tasks if task.answer != "ignore" and task.text in index)


def char_spans(doc) -> list[tuple[int, int, str]]:
    """A gold document's entities as (start_char, end_char, label)."""
    offsets = doc.char_offsets()
    return [(offsets[s][0], offsets[e - 1][1], label) for s, e, label in doc.spans]


def write_docbins(prepared: PreparedData, directory: Path, vocab) -> tuple[Path, Path]:
    """train.spacy (what training sees, missing tags and rejected spans included) and
    dev.spacy (full gold), the files `spacy train` reads."""
    from spacy.tokens import DocBin

    directory.mkdir(parents=True, exist_ok=True)
    train_bin = DocBin()
    for example in nd.supervised_to_examples(prepared.train, vocab, neg_key=NEG_KEY):
        train_bin.add(example.reference)
    dev_bin = DocBin()
    for doc in prepared.dev:
        dev_bin.add(nd.annotated_to_doc(doc, vocab))
    train_path, dev_path = directory / "train.spacy", directory / "dev.spacy"
    train_bin.to_disk(train_path)
    dev_bin.to_disk(dev_path)
    return train_path, dev_path
