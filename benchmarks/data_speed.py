"""How fast the data layer is, against its targets. Prints figures; asserts nothing.

    python benchmarks/data_speed.py

- building 5,000 synthetic documents (target: under 2 s);
- reading and validating the 3 MB fashion-brands training file (target: under 1 s);
- a 10,000-task export of accept/reject answers in ner.teach's shape (one span per task, several
  tasks per text): read, checked, merged per text and converted to examples (target: under 2 s).
Each figure is the best of a few runs, so a busy machine does not blur it.
"""

from __future__ import annotations

import functools
import tempfile
import time
from pathlib import Path

from nerlab.data import (
    Task,
    dataset_path,
    read_as,
    read_prodigy,
    split_by_text,
    synthetic_corpus,
    tasks_to_supervised,
    write_prodigy,
)


def best_of(runs: int, work) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def report(what: str, seconds: float, target: float) -> None:
    print(f"{what:<46} {seconds:7.3f} s   target {target:.1f} s   {seconds / target:5.2f} of target")


def main() -> None:
    for difficulty in ("toy", "default", "hard"):
        make = functools.partial(synthetic_corpus, 5000, seed=0, difficulty=difficulty)
        seconds, corpus = best_of(3, make)
        report(f"synthetic_corpus(5000, difficulty={difficulty!r})", seconds, 2.0)
    try:
        path = dataset_path("fashion-brands", "train")
    except FileNotFoundError as err:
        print(f"read_prodigy: skipped ({err})")
        return
    read_prodigy(path)  # the first run pays for imports and the disk cache
    seconds, tasks = best_of(3, lambda: read_prodigy(path))
    size = path.stat().st_size / 1e6
    report(f"read_prodigy({path.name}, {size:.1f} MB)", seconds, 1.0)
    print(f"  {len(tasks)} tasks, {sum(len(t.tokens) for t in tasks)} tokens checked")
    binary_export()


def teach_shaped(n_tasks: int) -> list[Task]:
    """`n_tasks` answers in ner.teach's shape: one span per task, about three tasks per text."""
    docs = synthetic_corpus(n_tasks // 3 + 1, seed=1).train
    tasks = []
    for doc in docs:
        spans = list(doc.spans)
        wrong = [(s, e + 1, label) for s, e, label in spans if e < len(doc.tokens)]  # one token too long
        for span, answer in [(s, "accept") for s in spans] + [(s, "reject") for s in wrong]:
            tasks.append(Task.from_doc(doc, [span], answer))
    return tasks[:n_tasks]


def binary_export(n_tasks: int = 10_000) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "answers.jsonl"
        write_prodigy(teach_shaped(n_tasks), path)

        def read_merge_convert():
            tasks = read_prodigy(path)
            read_as(tasks)
            train, _ = split_by_text(tasks, 0.2, seed=0)
            return tasks, tasks_to_supervised(train, no_missing=False, merge=True)

        read_merge_convert()
        seconds, (tasks, conversion) = best_of(3, read_merge_convert)
        size = path.stat().st_size / 1e6
        report(f"answers: read, merge, convert ({len(tasks)} tasks)", seconds, 2.0)
        texts = len({t.input_hash for t in tasks})
        print(f"  {size:.1f} MB, {texts} texts, {len(conversion.docs)} merged training examples")


if __name__ == "__main__":
    main()
