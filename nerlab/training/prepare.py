"""From run settings to training examples: what the model will actually be told.

This is where the thread's choices turn into data: full gold, accepted spans only, or
accept/reject tasks; unannotated tokens missing or O; tasks on one text merged into one
example (Prodigy's way) or kept separate. The held-out data is judged two ways, whatever
the training supervision: entity P/R/F against full gold, and binary accuracy against
held-out accept/reject answers. Those answers are made with the run's reject strategy
and grouping, one accept per entity (per-span rejects) or per text (per-doc rejects), so
a run rebuilding someone's conversion is judged on answers like theirs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import data as nd
from ..spacy_bridge import NEG_KEY
from .metrics import BinaryJudgement
from .settings import RunSettings, SettingError


@dataclass
class PreparedData:
    train: list  # SupervisedDoc: tokens, spaces, supervision (what training sees)
    dev: list  # AnnotatedDoc: full gold held-out documents
    dev_judgements: list[BinaryJudgement]  # held-out accept/reject answers, char offsets
    labels: tuple[str, ...]
    summary: dict = field(default_factory=dict)


def prepare(settings: RunSettings, predict=None) -> PreparedData:
    """Build training and held-out data for a run. `predict` serves the 'model' rejects."""
    train_gold, dev_gold, train_tasks, dev_tasks = _load(settings)
    if settings.labels is not None:  # annotate only some labels: the others' tokens are unannotated
        train_gold = [_only(doc, settings.labels) for doc in train_gold]
        dev_gold = [_only(doc, settings.labels) for doc in dev_gold]
    labels = tuple(sorted({label for doc in train_gold + dev_gold for _, _, label in doc.spans}))

    if settings.supervision == "gold" and train_tasks is None:
        conversion_docs, conflicts = nd.gold_to_supervised(train_gold), 0
    else:
        if train_tasks is None:
            accepts = settings.accepts
            ratio = settings.reject_ratio if settings.supervision == "binary" else 0.0
            binary = nd.gold_to_binary(
                train_gold,
                accepts=accepts,
                rejects=settings.rejects,
                reject_ratio=ratio,
                seed=settings.seed,
                predict=predict,
                labels=labels,
                reject_grouping=settings.reject_grouping,
            )
            train_tasks = binary.tasks
        if settings.supervision == "partial":
            train_tasks = [t for t in train_tasks if t.answer != "reject"]
        gold_by_hash = {nd.input_hash(doc.text): doc.spans for doc in train_gold}
        conversion = nd.tasks_to_supervised(
            train_tasks, no_missing=settings.no_missing, merge=settings.tasks == "merged", gold=gold_by_hash
        )
        conversion_docs, conflicts = conversion.docs, conversion.conflicts
        if settings.supervision == "gold":  # a file of tasks asked to train as full gold
            conversion_docs = nd.gold_to_supervised(train_gold)

    if dev_tasks is None:
        ratio = settings.reject_ratio if settings.reject_ratio > 0 else 1.0
        dev_tasks = nd.gold_to_binary(
            dev_gold,
            accepts="per-doc" if settings.reject_grouping == "per-doc" else "per-span",
            reject_grouping=settings.reject_grouping,
            rejects=settings.rejects if settings.rejects != "model" or predict else "random-label",
            reject_ratio=ratio,
            seed=settings.seed + 1,
            predict=predict,
            labels=labels,
        ).tasks
    judgements = _judgements(dev_gold, dev_tasks)
    summary = nd.summarize(conversion_docs, conflicts=conflicts).to_dict()
    return PreparedData(conversion_docs, dev_gold, judgements, labels, summary)


def _only(doc, labels):
    return nd.AnnotatedDoc(doc.tokens, doc.spaces, tuple(s for s in doc.spans if s[2] in labels), doc.meta)


def _load(settings: RunSettings):
    """Gold documents (and tasks, when the file has them) for training and held-out data."""
    if settings.data == "synthetic":
        corpus = nd.synthetic_corpus(
            settings.n_train, settings.n_dev, seed=settings.seed, difficulty=settings.difficulty
        )
        return _share(settings, list(corpus.train)), list(corpus.dev), None, None
    data, dev = settings.data, settings.dev
    if data in nd.DATASETS:  # a named dataset: its training split, held out on its eval split
        data = str(nd.dataset_path(data, "train"))
        if dev is None and "eval" in nd.DATASETS[settings.data]:
            dev = str(nd.dataset_path(settings.data, "eval"))
    train_gold, train_tasks = _read(data)
    if dev is not None:
        dev_gold, dev_tasks = _read(dev)
    else:  # hold out the last n_dev documents of the training file
        if settings.n_dev >= len(train_gold):
            raise SettingError(
                "n_dev",
                f"is {settings.n_dev} but {settings.data} has only {len(train_gold)} documents to hold out from; "
                f"give a held-out file (dev) or a smaller n_dev.",
            )
        cut = len(train_gold) - settings.n_dev
        dev_texts = {doc.text for doc in train_gold[cut:]}
        dev_gold, train_gold = train_gold[cut:], train_gold[:cut]
        dev_tasks = None
        if train_tasks is not None:
            dev_tasks = [t for t in train_tasks if t.text in dev_texts] or None
            train_tasks = [t for t in train_tasks if t.text not in dev_texts]
    train_gold = _share(settings, train_gold[: settings.n_train])
    if train_tasks is not None:
        keep = {doc.text for doc in train_gold}
        train_tasks = [t for t in train_tasks if t.text in keep]
    return train_gold, dev_gold, train_tasks, dev_tasks


def _share(settings: RunSettings, train_gold: list) -> list:
    """The first `train_share` of the training documents (the held-out ones stay the same)."""
    if settings.train_share >= 1.0:
        return train_gold
    return train_gold[: max(1, round(len(train_gold) * settings.train_share))]


def _read(path: str):
    """(gold docs, binary tasks or None) from a Prodigy .jsonl or a spaCy .spacy file."""
    suffix = Path(path).suffix
    if suffix == ".spacy":
        return nd.read_docbin(path), None
    if suffix in (".jsonl", ".json"):
        tasks = nd.read_prodigy(path)
        gold = nd.tasks_to_gold_docs(tasks)
        has_rejects = any(t.answer == "reject" for t in tasks)
        return gold, (tasks if has_rejects else None)
    raise nd.DataError(
        path, None, None, f"unknown data format {suffix!r}; use a Prodigy .jsonl or a spaCy .spacy file."
    )


def _judgements(dev_gold: list, dev_tasks: list) -> list[BinaryJudgement]:
    """Accept/reject answers on held-out documents, as character spans on those documents."""
    index = {doc.text: i for i, doc in enumerate(dev_gold)}
    judgements = []
    for number, task in enumerate(dev_tasks):
        if task.answer == "ignore" or task.text not in index:
            continue
        offsets = task.char_offsets()
        for start, end, label in task.spans:
            span = (offsets[start][0], offsets[end - 1][1], label)
            judgements.append(BinaryJudgement(index[task.text], span, task.answer == "accept", task=number))
    return judgements


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
