"""The forum thread's questions, one row each, with per-epoch scores. Prints a table; asserts nothing.

1. Full gold, compounding batches 4 to 16, 5 epochs (the thread's spaCy loop).
2. The same data as binary answers with randomly relabelled rejects at batch size 32,
   unannotated tokens missing or O, tasks merged (Prodigy) or separate (a user's script).
3. Starting blank versus from the "news" base model that knows PERSON, ORG, GPE, DATE.
4. A new label set (PRODUCT, TECH) trained from the news base: unannotated tokens O
   (no_missing) versus missing, and with pseudo-rehearsal; the old labels' F1 on news
   text before and after shows the forgetting.
5. Fixed versus compounding batches, compared at equal numbers of examples seen.
6. Imitation learning (follow the model) versus teacher forcing (follow the oracle).

Default synthetic corpus, 1,000 training and 300 held-out documents, seed 0.
Run: python benchmarks/thread_experiment.py
"""

from __future__ import annotations

import time

from nerlab.data import news_corpus
from nerlab.training import NEWS_LABELS, BatchSchedule, RunSettings, evaluate_on, news_model_path, run

BASE = RunSettings(n_train=1000, n_dev=300, epochs=5, eval_every=1000, seed=0)
BINARY = BASE.with_changes(supervision="binary", rejects="random-label", schedule=BatchSchedule.fixed(32))


def train(settings: RunSettings):
    start = time.perf_counter()
    events = list(run(settings))
    evaluations = [e for e in events if e.event == "evaluation"]
    return events[0], evaluations, events[-1], time.perf_counter() - start


def per_epoch(evaluations) -> str:
    return " ".join(f"{e.ents_f:.2f}" for e in evaluations)


def row(name: str, settings: RunSettings) -> None:
    data, evaluations, _, seconds = train(settings)
    final = evaluations[-1]
    acc = "-" if final.binary_accuracy is None else f"{final.binary_accuracy:.3f}"
    print(
        f"| {name} | {per_epoch(evaluations)} | {final.ents_f:.3f} | {acc} | "
        f"{final.predicted_per_doc:.2f} / {data.dev_entities_per_doc:.2f} | {seconds:.0f} s |",
        flush=True,
    )


def old_label_f1(nlp, docs) -> float:
    return evaluate_on(nlp, docs, labels=NEWS_LABELS).overall.f1


def main() -> None:
    print(
        "| run | F1 per evaluation (before, then each epoch) | final F1 | binary acc "
        "| predicted / gold ents per doc | time |"
    )
    print("|---|---|---|---|---|---|")
    row("1. gold, compounding 4-16", BASE)
    row("2. binary merged, missing, batch 32", BINARY)
    row("2. binary merged, no_missing, batch 32", BINARY.with_changes(no_missing=True))
    row("2. binary separate, missing, batch 32", BINARY.with_changes(tasks="separate"))
    row("2. binary separate, no_missing, batch 32", BINARY.with_changes(tasks="separate", no_missing=True))
    row("3. gold from the news base", BASE.with_changes(base="news"))
    row("3. binary merged, missing, from the news base", BINARY.with_changes(base="news"))
    row(
        "3. binary separate, no_missing, from the news base",
        BINARY.with_changes(base="news", tasks="separate", no_missing=True),
    )
    row("6. gold, follow the oracle (teacher forcing)", BASE.with_changes(explore=0.0))
    row("6. gold, follow the model half the time", BASE.with_changes(explore=0.5))
    row("6. binary merged, missing, teacher forcing", BINARY.with_changes(explore=0.0))
    for schedule in ("fixed:4", "fixed:16", "fixed:32", "compounding:4:16:1.001", "compounding:1:32:1.01"):
        row(f"5. gold, {schedule}", BASE.with_changes(schedule=BatchSchedule.parse(schedule)))

    print("\n4. A new label from the news base: the old labels' F1 on 300 news documents")
    import spacy

    news_dev = news_corpus(300, seed=99)
    before = old_label_f1(spacy.load(news_model_path()), news_dev)
    print(f"news base before training: old-label F1 {before:.3f}")
    new = BASE.with_changes(base="news", labels=("PRODUCT", "TECH"))
    for name, settings in [
        (
            "new labels, other tokens O (no_missing)",
            new.with_changes(supervision="partial", accepts="per-doc", no_missing=True),
        ),
        (
            "new labels, other tokens missing",
            new.with_changes(supervision="partial", accepts="per-doc", no_missing=False),
        ),
        (
            "new labels, O, with 500 rehearsal docs",
            new.with_changes(supervision="partial", accepts="per-doc", no_missing=True, rehearsal=500),
        ),
    ]:
        _, evaluations, finished, seconds = train(settings)
        after = old_label_f1(finished.nlp, news_dev)
        print(
            f"{name}: new-label F1 {evaluations[-1].ents_f:.3f}, "
            f"old-label F1 {before:.3f} -> {after:.3f} ({seconds:.0f} s)",
            flush=True,
        )


if __name__ == "__main__":
    main()
