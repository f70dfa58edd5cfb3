"""Does imitation learning's moving target explain small early batches? An experiment that can tell.

The maintainer's argument in the thread: spaCy's NER learns from states its own predictions
lead to; early on those states are nearly random and the objective keeps moving, so it pays
to update often (small batches) at first. A plain alternative: small batches simply make
more updates per document seen. The two predict different things under TEACHER FORCING
(following the oracle): there the states are always the gold path's and the target never
moves, so only the second explanation still favours small batches. Hence the interaction:

    (small-batch advantage under explore=model) - (small-batch advantage under explore=oracle)

where the advantage is F1(fixed:4) - F1(fixed:32) at the same number of examples seen. If
the moving target matters, it is clearly above 0. Read it only where both batch sizes learn:
at 250 and 500 examples fixed:32 is at F1 0.00 under both policies here (a floor effect);
benchmarks/maintainers_argument.py reads it off the floor, as lesson 4 states it.

Grid (one sweep): schedules fixed:4, fixed:32 and compounding:4:32:1.01 (which reaches 32
within the run), x policies model, oracle and model after an oracle warm-up of 100 updates,
x 3 seeds x difficulties default and hard; 1,000 training and 300 held-out documents,
3 epochs, an evaluation every 250 examples with the target-drift probe.

Writes benchmarks/out/moving_target.md and .html/.png; keeps every run in
benchmarks/out/moving_target/ (run it again: nothing is retrained).
Run: python benchmarks/moving_target.py [--seeds 3] [--workers 2]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from nerlab.sweep import Grid, run_grid
from nerlab.training import BatchSchedule, RunSettings

OUT = Path(__file__).resolve().parent / "out"
BASE = RunSettings(n_train=1000, n_dev=300, epochs=3, eval_every=250, probe=50)
SCHEDULES = {"fixed 4": "fixed:4", "fixed 32": "fixed:32", "compounding 4-32": "compounding:4:32:1.01"}
POLICIES = {
    "model": {"explore": 1.0},
    "oracle": {"explore": 0.0},
    "model after warm-up": {"explore": 1.0, "explore_warmup": 100},
}
EARLY = 1000  # "early": after one epoch's worth of examples


def grid(seeds: list[int]) -> Grid:
    return Grid(
        BASE,
        axes={"schedule": list(SCHEDULES.values()), "difficulty": ["default", "hard"], "seed": seeds},
        cases=POLICIES,
    )


def policy_of(settings: RunSettings) -> str:
    if settings.explore == 0.0:
        return "oracle"
    return "model after warm-up" if settings.explore_warmup else "model"


def schedule_of(settings: RunSettings) -> str:
    return next(name for name, text in SCHEDULES.items() if BatchSchedule.parse(text) == settings.schedule)


def f1_at(record, examples: int) -> float:
    """F1 at the first evaluation with at least `examples` examples seen."""
    return next(e.ents_f for e in record.evaluations if e.examples_seen >= examples)


def by_key(records) -> dict:
    """(difficulty, policy, schedule, seed) -> record."""
    return {
        (r.settings.difficulty, policy_of(r.settings), schedule_of(r.settings), r.settings.seed): r for r in records
    }


def interaction(found: dict, difficulty: str, seeds: list[int], examples: int) -> tuple[list[float], list[float]]:
    """Per seed: the small-batch advantage under the model's policy, and under the oracle's."""
    model, oracle = [], []
    for seed in seeds:
        for policy, out in (("model", model), ("oracle", oracle)):
            small = f1_at(found[(difficulty, policy, "fixed 4", seed)], examples)
            large = f1_at(found[(difficulty, policy, "fixed 32", seed)], examples)
            out.append(small - large)
    return model, oracle


def mean_sd(values: list[float]) -> str:
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{statistics.mean(values):+.3f} ± {sd:.3f}"


def report(records, seeds: list[int]) -> str:
    found = by_key(records)
    lines = ["## F1 and target drift (means over seeds)\n",
             "| corpus | policy | schedule | F1 at 250 / 500 / 1000 / 3000 examples | updates at 1000 | "
             "drift per evaluation | off-path at the end | final F1 |",
             "|---|---|---|---|---|---|---|---|"]  # fmt: skip
    for difficulty in ("default", "hard"):
        for policy in POLICIES:
            for schedule in SCHEDULES:
                runs = [found[(difficulty, policy, schedule, s)] for s in seeds]
                f1s = " / ".join(f"{statistics.mean(f1_at(r, n) for r in runs):.2f}" for n in (250, 500, 1000, 3000))
                updates = statistics.mean(
                    next(e.update for e in r.evaluations if e.examples_seen >= EARLY) for r in runs
                )
                drifts = [statistics.mean(e.target_drift for e in evals) for evals in
                          zip(*[r.evaluations[1:] for r in runs])]  # fmt: skip
                off = statistics.mean(r.evaluations[-1].off_path_share for r in runs)
                final = statistics.mean(r.evaluations[-1].ents_f for r in runs)
                lines.append(
                    f"| {difficulty} | {policy} | {schedule} | {f1s} | {updates:.0f} | "
                    f"{' '.join(f'{d:.2f}' for d in drifts)} | {off:.2f} | {final:.3f} |"
                )
    lines += ["\n## The interaction the argument predicts\n",
              "Small-batch advantage = F1(fixed:4) - F1(fixed:32) at the same examples seen; mean ± sd over seeds.\n",
              "| corpus | examples seen | advantage, model | advantage, oracle | interaction (model - oracle) |",
              "|---|---|---|---|---|"]  # fmt: skip
    for difficulty in ("default", "hard"):
        for examples in (250, 500, 1000):
            model, oracle = interaction(found, difficulty, seeds, examples)
            both = [m - o for m, o in zip(model, oracle)]
            lines.append(f"| {difficulty} | {examples} | {mean_sd(model)} | {mean_sd(oracle)} | {mean_sd(both)} |")
    return "\n".join(lines)


def chart(records):
    import altair as alt

    rows = [
        {"corpus": r.settings.difficulty, "policy": policy_of(r.settings), "schedule": schedule_of(r.settings),
         "seed": r.settings.seed, "examples seen": e.examples_seen, "updates": e.update, "F1": e.ents_f,
         "target drift": e.target_drift}
        for r in records
        for e in r.evaluations
    ]  # fmt: skip

    def row_of(corpus: str):
        base = alt.Chart(alt.Data(values=[r for r in rows if r["corpus"] == corpus]), title=corpus).encode(
            color=alt.Color("schedule:N"), strokeDash=alt.StrokeDash("policy:N"), detail="seed:N"
        )
        f1 = alt.Y("F1:Q", scale=alt.Scale(domain=[0, 1]))
        panels = [
            base.mark_line(opacity=0.6).encode(x="examples seen:Q", y=f1),
            base.mark_line(opacity=0.6).encode(x="updates:Q", y=f1),
            base.mark_line(opacity=0.6).encode(x="examples seen:Q", y="target drift:Q"),
        ]
        return alt.hconcat(*[p.properties(width=220, height=150) for p in panels])

    return alt.vconcat(row_of("default"), row_of("hard"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    seeds = list(range(args.seeds))
    OUT.mkdir(exist_ok=True)
    start = time.perf_counter()
    result = run_grid(grid(seeds), OUT / "moving_target", workers=args.workers)
    text = (
        f"# Moving target: schedules x policies x seeds x corpora\n\n{len(result.runs())} runs "
        f"({result.trained} trained now) in {time.perf_counter() - start:.0f} s on {args.workers} workers.\n\n"
        f"{report(result.runs(), seeds)}\n"
    )
    (OUT / "moving_target.md").write_text(text)
    print(text)
    figure = chart(result.runs())
    figure.save(OUT / "moving_target.html", inline=True)
    figure.save(OUT / "moving_target.png", scale_factor=1.5)


if __name__ == "__main__":
    main()
