"""Named datasets: real annotation files, found by name rather than by path.

The files ship inside the package (`nerlab/datasets/`, with their licence and source), so
a lesson or a test finds them offline, from a clone or from any install. The environment
variable NERLAB_DATA may name another directory holding the same file names.

    tasks = load_dataset("fashion-brands", split="train")    # list of Task
    docs = tasks_to_gold_docs(tasks)                           # list of AnnotatedDoc

"fashion-brands" is Explosion's FASHION_BRAND data (Reddit comments, MIT licence): every
task is a `ner.manual` "accept" that marks every brand in its text, so it can be read as
complete (gold) annotation. "fashion-brands-teach" is derived from it: answers in the shape
`ner.teach` writes (one suggested span per task; accept, reject, ignore), made without a
model by `scripts/make_teach_example.py` (see SOURCE.md).
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from .prodigy import read_prodigy
from .records import AnnotatedDoc, Task

DATASETS = {
    "fashion-brands": {
        "train": "fashion_brands_training.jsonl",
        "eval": "fashion_brands_eval.jsonl",
    },
    # answers in ner.teach's shape, derived from the training split (scripts/make_teach_example.py)
    "fashion-brands-teach": {
        "train": "fashion_brands_teach.jsonl",
    },
}
ENV_VAR = "NERLAB_DATA"


def dataset_path(name: str, split: str = "train") -> Path:
    """Where the file of a named dataset's split is; raises with what to do if not found."""
    if name not in DATASETS:
        raise ValueError(f"Unknown dataset {name!r}; known datasets: {', '.join(sorted(DATASETS))}.")
    if split not in DATASETS[name]:
        raise ValueError(f"Dataset {name!r} has no split {split!r}; its splits are {', '.join(DATASETS[name])}.")
    filename = DATASETS[name][split]
    if os.environ.get(ENV_VAR):
        directory = Path(os.environ[ENV_VAR])
        if (directory / filename).is_file():
            return directory / filename
        raise FileNotFoundError(
            f"Cannot find {filename} (dataset {name!r}, split {split!r}). Looked in: {directory} (from ${ENV_VAR}). "
            f"Put the file there and set the environment variable {ENV_VAR} to that directory, or unset it to "
            f"use the copy that ships with nerlab."
        )
    return shipped(filename)


def shipped(filename: str) -> Path:
    """A data file that ships with nerlab (found by importlib.resources, as installed)."""
    with resources.as_file(resources.files("nerlab") / "datasets" / filename) as path:
        if not path.is_file():
            raise FileNotFoundError(f"{filename} is missing from nerlab's own datasets folder ({path.parent}).")
        return path


def load_dataset(name: str, split: str = "train") -> list[Task]:
    """The tasks of a named dataset's split, read and checked like any Prodigy file."""
    return read_prodigy(dataset_path(name, split))


def tasks_to_gold_docs(tasks: list[Task]) -> list[AnnotatedDoc]:
    """Read accepted tasks as complete annotation: their spans are ALL the entities.

    Only right for data annotated that way (e.g. `ner.manual` with every entity marked).
    "ignore" tasks are skipped; a "reject" cannot be gold, so it raises.
    """
    docs = []
    for task in tasks:
        if task.answer == "ignore":
            continue
        if task.answer != "accept":
            where = f" ({task.source[0]}, line {task.source[1]})" if task.source else ""
            raise ValueError(
                f"A rejected task{where} cannot be read as gold annotation; keep only accepted tasks, "
                f"or use tasks_to_supervised for accept/reject data."
            )
        meta = dict(task.meta, input_hash=task.input_hash)
        docs.append(AnnotatedDoc(tokens=task.tokens, spaces=task.spaces, spans=task.spans, meta=meta))
    return docs
