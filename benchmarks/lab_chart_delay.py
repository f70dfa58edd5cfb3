"""How long does the learning curve lag behind training? Prints figures and ratios; asserts nothing.

The delay measured: from an evaluation event arriving in the lab's worker thread to the
chart widget's spec being replaced (kernel side; the browser's redraw comes after). Each
refresh rebuilds the whole chart from a copy of the rows, so the delay grows with the
number of points on the chart: the run is measured alone, then with saved runs overlaid.

Run: python benchmarks/lab_chart_delay.py [--n-train 120] [--eval-every 10] [--overlay 6]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from nerlab.training import RunSettings
from nerlab.widgets import LearningCurveLab, charts, worker

FEELS_INSTANT = 0.1  # seconds: below this a redraw reads as immediate


def timed_run(arrivals: list[float]):
    """Wrap the runner so each evaluation event's arrival in the worker is timed."""
    original = worker.run

    def run(settings, **kwargs):
        for event in original(settings, **kwargs):
            if event.event == "evaluation":
                arrivals.append(time.perf_counter())
            yield event

    return original, run


def measure(lab: LearningCurveLab) -> dict:
    """Train once in the lab; pair each evaluation with the first spec change after it."""
    arrivals: list[float] = []
    updates: list[float] = []
    lab.chart.observe(lambda change: updates.append(time.perf_counter()), names="spec")
    original, worker.run = timed_run(arrivals)
    try:
        started = time.perf_counter()
        lab.start()
        lab.wait()
        seconds = time.perf_counter() - started
    finally:
        worker.run = original
        lab.chart.unobserve_all("spec")
    delays = [min(u for u in updates if u >= t) - t for t in arrivals]
    gaps = [b - a for a, b in zip(arrivals, arrivals[1:])]
    return {
        "delays": delays,
        "gaps": gaps,
        "seconds": seconds,
        "points": len(lab.rows()),
        "spec_kb": len(json.dumps(lab.chart.spec)) / 1024,
    }


def build_seconds(lab: LearningCurveLab, repeat: int = 10) -> tuple[float, float]:
    """Split one refresh: building the Altair chart, then turning it into the widget's spec."""
    rows, rules, labels = lab.rows(), lab.rule_rows(), lab.run_labels()
    start = time.perf_counter()
    for _ in range(repeat):
        chart = charts.learning_curve(list(rows), rules, labels, scale=lab.scale)
    built = (time.perf_counter() - start) / repeat
    start = time.perf_counter()
    for _ in range(repeat):
        chart.to_dict()
    return built, (time.perf_counter() - start) / repeat


def report(name: str, figures: dict) -> None:
    delays, gaps = figures["delays"], figures["gaps"]
    mean, worst = statistics.mean(delays), max(delays)
    gap = statistics.mean(gaps) if gaps else float("nan")
    print(
        f"\n{name}: {len(delays)} evaluations, {figures['points']} points on the chart at the end, "
        f"spec {figures['spec_kb']:.0f} KB, run {figures['seconds']:.1f} s"
    )
    print(
        f"  delay event -> spec: mean {mean * 1000:.1f} ms, median {statistics.median(delays) * 1000:.1f} ms, "
        f"max {worst * 1000:.1f} ms"
    )
    print(
        f"  ratios: mean/{FEELS_INSTANT * 1000:.0f} ms = {mean / FEELS_INSTANT:.2f}, "
        f"max/{FEELS_INSTANT * 1000:.0f} ms = {worst / FEELS_INSTANT:.2f}, "
        f"mean delay / mean time between evaluations = {mean / gap:.2f}, "
        f"all delays / run time = {sum(delays) / figures['seconds']:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-train", type=int, default=120)
    parser.add_argument("--n-dev", type=int, default=30)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--eval-every", type=int, default=10)
    parser.add_argument("--overlay", type=int, default=6, help="saved runs drawn under the second measurement")
    args = parser.parse_args()
    settings = RunSettings(n_train=args.n_train, n_dev=args.n_dev, epochs=args.epochs, eval_every=args.eval_every)
    print(f"settings: n_train={args.n_train}, n_dev={args.n_dev}, epochs={args.epochs}, eval_every={args.eval_every}")

    lab = LearningCurveLab(settings)
    alone = measure(lab)
    report("one run alone", alone)
    built, spec = build_seconds(lab)
    print(f"  one refresh at {len(lab.rows())} points: Altair chart {built * 1000:.1f} ms + spec {spec * 1000:.1f} ms")

    saved = [lab.runs[0].to_dict()] * args.overlay
    lab.clear()
    lab.load_runs({"runs": saved})
    lab.seed.value = 1
    overlaid = measure(lab)
    report(f"the same run over {args.overlay} saved runs", overlaid)
    built, spec = build_seconds(lab)
    print(f"  one refresh at {len(lab.rows())} points: Altair chart {built * 1000:.1f} ms + spec {spec * 1000:.1f} ms")
    ratio = statistics.mean(overlaid["delays"]) / statistics.mean(alone["delays"])
    print(
        f"\nmean delay with the overlay / alone: {ratio:.2f} "
        f"(points {overlaid['points']} vs {alone['points']}: {overlaid['points'] / alone['points']:.1f}x)"
    )


if __name__ == "__main__":
    main()
