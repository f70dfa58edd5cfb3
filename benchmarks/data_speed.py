"""How fast the data layer is, against its targets. Prints figures; asserts nothing.

    python benchmarks/data_speed.py

- building 5,000 synthetic documents (target: under 2 s);
- reading and validating the 3 MB fashion-brands training file (target: under 1 s).
Each figure is the best of a few runs, so a busy machine does not blur it.
"""

from __future__ import annotations

import functools
import time

from nerlab.data import dataset_path, read_prodigy, synthetic_corpus


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


if __name__ == "__main__":
    main()
