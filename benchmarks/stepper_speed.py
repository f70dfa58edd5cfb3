"""How long does one press of Next take in the TransitionStepper? Prints figures; asserts nothing.

One step = the oracle's action, the re-rendered sentence and history, the action table
(costs under gold, partial and binary annotations, the model's scores) and the free-count
summary. Measured on a 40-token synthetic sentence with six labels and a small model
trained for a few updates, against a target of 30 ms per step.

- cold: the first walk through the sentence; the model is traced whenever the oracle's
  path leaves the states already traced.
- warm: the same walk again after Reset; costs and model scores come from the caches.
- off path: a costly action taken by hand, then Next, at every token (a fresh trace and
  fresh costs each time: the worst case).

Run: python benchmarks/stepper_speed.py
"""

from __future__ import annotations

import statistics
import time

TARGET_MS = 30.0
LABELS = ["PERSON", "ORG", "GPE", "DATE", "PRODUCT", "TECH"]


def small_model(docs, seed: int = 0):
    """A blank English pipeline with an NER trained for a few updates on `docs`."""
    import spacy
    from thinc.api import fix_random_seed

    from nerlab.data import docs_to_examples

    fix_random_seed(seed)
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    for label in LABELS:
        ner.add_label(label)
    examples = docs_to_examples(docs, nlp)
    optimizer = nlp.initialize(lambda: examples)
    for start in range(0, len(examples), 8):
        nlp.update(examples[start : start + 8], sgd=optimizer)
    return nlp


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def summary(name: str, times_ms: list[float]) -> None:
    ordered = sorted(times_ms)
    mean = statistics.fmean(ordered)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(
        f"{name:>9}: {len(ordered):3d} steps, mean {mean:6.1f} ms, p95 {p95:6.1f} ms, "
        f"p95 / target {p95 / TARGET_MS:4.2f}"
    )


def main() -> None:
    from nerlab import costs
    from nerlab.data import synthetic_corpus
    from nerlab.widgets import TransitionStepper

    corpus = synthetic_corpus(60, 5, seed=7, labels=LABELS, min_tokens=40, max_tokens=40)
    nlp = small_model(corpus.train)
    doc = max(corpus.dev, key=lambda d: len(d.spans))
    rejected = [(s, e + 1, label) for s, e, label in doc.spans if e < len(doc.tokens)][:2]
    rejected = [span for span in rejected if span not in doc.spans]
    print(f"sentence: {len(doc.tokens)} tokens, {len(doc.spans)} entities, {len(rejected)} rejected spans")

    start = time.perf_counter()
    stepper = TransitionStepper.from_gold(list(doc.tokens), doc.spans, rejected=rejected, model=nlp)
    print(
        f"construction: {(time.perf_counter() - start) * 1000:.0f} ms "
        f"({len(stepper.system.actions)} actions, annotations {', '.join(stepper.supervisions)})"
    )

    n = len(doc.tokens)
    cold = [timed(stepper.next) for _ in range(n)]
    stepper.reset()
    warm = [timed(stepper.next) for _ in range(n)]

    stepper.reset()
    off_path = []
    for _ in range(n - 1):  # walk the oracle's path; at each token, try a costly detour first
        found = costs(stepper.system, stepper.state, stepper.supervisions["gold"])
        costly = [action for action, cost in found.items() if cost > 0]
        if costly:
            stepper.take(costly[0])  # not timed: the learner's own choice
            off_path.append(timed(stepper.next))
            stepper.back()
            stepper.back()
        stepper.take(stepper.plan()[0])

    sent = len(stepper.view.value) + len(stepper.panels.value) + len(stepper.message.value)
    print(f"HTML sent to the browser per step: about {sent / 1000:.0f} kB")
    summary("cold", cold)
    summary("warm", warm)
    summary("off path", off_path)
    print(f"target: {TARGET_MS:.0f} ms per step")


if __name__ == "__main__":
    main()
