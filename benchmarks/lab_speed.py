"""How fast is the lab? Prints figures and ratios to the targets; asserts nothing.

1. Runner overhead: the runner's training phase against a bare `nlp.update` loop on the
   same pipeline, examples and batches (target: at most 5% slower).
2. Time to the first evaluation point of the default live run (target: at most 2 s).
3. Peak memory of a default run, in a fresh process (target: under 1 GB).

Run: python benchmarks/lab_speed.py
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nerlab.training import RunSettings, run


def runner_training_seconds(settings: RunSettings) -> float:
    """Wall time from the first update to the last, as the runner does it."""
    first = last = None
    for event in run(settings):
        if event.event == "progress":
            now = time.perf_counter()
            first = first or now - 0.0
            last = now
    return last - first


def bare_training_seconds(settings: RunSettings) -> float:
    """The same updates with nothing around them: spaCy's init, shuffle, batch, update."""
    import spacy
    from spacy.training import Corpus
    from spacy.training.initialize import init_nlp
    from spacy.util import registry
    from thinc.api import fix_random_seed

    from nerlab.training.loop import training_config
    from nerlab.training.prepare import prepare, write_docbins

    directory = Path(tempfile.mkdtemp())
    prepared = prepare(settings)
    train_path, dev_path = write_docbins(prepared, directory, spacy.blank("en").vocab)
    nlp = init_nlp(training_config(settings, train_path, dev_path, None))
    fix_random_seed(settings.seed)
    optimizer = registry.resolve(nlp.config.interpolate()["training"])["optimizer"]
    examples = list(Corpus(train_path)(nlp))
    ner = nlp.get_pipe("ner")
    batcher = settings.schedule.make_batcher()
    first = last = None
    for _ in range(settings.epochs):
        random.shuffle(examples)
        for batch in batcher(examples):
            batch = sorted(batch, key=lambda eg: len(eg.predicted))
            nlp.update(batch, drop=settings.dropout, sgd=False)
            ner.finish_update(optimizer)
            optimizer.step_schedules()
            now = time.perf_counter()
            first = first or now
            last = now
    return last - first


def time_to_first_evaluation(settings: RunSettings) -> float:
    start = time.perf_counter()
    for event in run(settings):
        if event.event == "evaluation":
            return time.perf_counter() - start
    raise RuntimeError("no evaluation event")


def peak_memory_mb(settings: RunSettings) -> float:
    code = (
        "import resource, json, sys\n"
        "from nerlab.training import RunSettings, train\n"
        f"train(RunSettings.from_dict(json.loads({settings.to_json()!r})))\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return int(out.split()[-1]) / 1024


def main() -> None:
    default = RunSettings()
    quiet = default.with_changes(eval_every=10**9)  # evaluate only before and after
    runner_s = min(runner_training_seconds(quiet) for _ in range(2))
    bare_s = min(bare_training_seconds(quiet) for _ in range(2))
    print(
        f"runner overhead: runner {runner_s:.2f} s, bare nlp.update loop {bare_s:.2f} s, "
        f"ratio {runner_s / bare_s:.3f} (target <= 1.05)"
    )
    first = time_to_first_evaluation(default)  # the news base is not involved: blank start
    print(f"time to first evaluation (default run): {first:.2f} s (target <= 2 s, ratio {first / 2:.2f})")
    peak = peak_memory_mb(default)
    print(f"peak memory of a default run: {peak:.0f} MB (target < 1024 MB, ratio {peak / 1024:.2f})")


if __name__ == "__main__":
    main()
