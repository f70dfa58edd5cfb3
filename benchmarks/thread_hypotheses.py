"""The forum thread's observations against every candidate explanation: which set-ups reproduce which.

The thread reports (numbered as lesson 6 numbers them):
  O1  the spaCy loop (full gold, compounding 4 to 16, ~5 epochs) reaches ~0.9;
  O2  binary with --no-missing from the pretrained model: "before" ~0.25, ~0.5 right after the
      first epoch, and it stays there;
  O3  binary without --no-missing: up to 0.6-0.7, then drifting towards 0.5;
  O4  binary with --no-missing from a blank model: stalls at ~0.35;
  O5  a learning rate ten times lower, and other batch sizes, do not help.

Candidate explanations are settings: the conversion (the user's: one accept and one
all-relabelled reject per text; or one task per span), tasks merged (Prodigy) or separate,
the update (greedy, or a beam of 8 as Prodigy 1.x used), the base model (blank, or `news`,
a pretrained model that knows 4 of the 6 labels, standing in for en_core_web_sm), the
batch schedule and the learning rate, and the metric (binary accuracy read per span, as
nerlab counts it, or per task).

Everything is one sweep (`nerlab.sweep`): 1,000 training and 300 held-out documents of the
default corpus, 5 epochs, 3 seeds. Skipped cells, because they cannot change a verdict:
the beam with the `news` base (spaCy cannot turn a saved `ner` into a `beam_ner`, so the
lab cannot run it); the beam with the per-span conversion (benchmarks/thread_story.py
runs exactly those cells: none reproduces the plateau with its "before"); O5's
variations except on the thread's own set-up from the pretrained base; the `hard` corpus
except for the thread's own set-up.

Writes benchmarks/out/thread_hypotheses.md and .html/.png (a chart), and keeps every run
in benchmarks/out/thread_hypotheses/ (run it again: nothing is retrained).
Run: python benchmarks/thread_hypotheses.py [--seeds 3] [--workers 2]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from nerlab.sweep import Grid, run_grid
from nerlab.training import BatchSchedule, RunSettings
from nerlab.training.presets import preset

OUT = Path(__file__).resolve().parent / "out"
BASE = RunSettings(n_train=1000, n_dev=300, epochs=5, eval_every=1000, seed=0)
THREAD = preset("thread", n_train=1000, n_dev=300, eval_every=1000)  # per-doc accepts and rejects, merged, O, 32

CONVERSIONS = {
    "user's (per text)": {"accepts": "per-doc", "reject_grouping": "per-doc"},
    "per span": {"accepts": "per-span", "reject_grouping": "per-span"},
}
STARTS = {  # (base, update)
    "blank, greedy": {"base": "blank", "update": "greedy"},
    "blank, beam 8": {"base": "blank", "update": "beam:8"},
    "news, greedy": {"base": "news", "update": "greedy"},
}
SKIPPED = {("per span", "blank, beam 8")}  # benchmarks/thread_story.py runs exactly these cells


def grids(seeds: list[int]) -> dict[str, Grid]:
    """The sweep, as a few grids over one results folder."""
    binary_cases = {
        f"{conversion} | {start}": {**changes, **start_changes}
        for conversion, changes in CONVERSIONS.items()
        for start, start_changes in STARTS.items()
        if (conversion, start) not in SKIPPED
    }
    return {
        "gold": Grid(BASE, axes={"base": ["blank", "news"], "seed": seeds}),
        "binary": Grid(THREAD, axes={"tasks": ["merged", "separate"], "no_missing": [True, False], "seed": seeds},
                       cases=binary_cases),
        "o5": Grid(THREAD.with_changes(base="news"), axes={"tasks": ["merged", "separate"], "seed": seeds},
                   cases={"learn rate 1e-4": {"learn_rate": 0.0001},
                          "compounding 4-16": {"schedule": BatchSchedule.compounding(4, 16, 1.001)}}),
        "hard": Grid(THREAD.with_changes(difficulty="hard"),
                     axes={"tasks": ["merged", "separate"], "base": ["blank", "news"], "seed": seeds}),
    }  # fmt: skip


def describe(settings: RunSettings) -> str:
    """A set-up in the thread's terms."""
    if settings.supervision == "gold":
        return f"gold, {settings.schedule}, base {settings.base}"
    conversion = "user's (per text)" if settings.reject_grouping == "per-doc" else "per span"
    parts = [
        f"{conversion}",
        settings.tasks,
        "no_missing" if settings.no_missing else "missing",
        f"base {settings.base}",
        settings.update,
    ]
    if settings.learn_rate != THREAD.learn_rate:
        parts.append(f"lr {settings.learn_rate:g}")
    if settings.schedule != THREAD.schedule:
        parts.append(str(settings.schedule))
    if settings.difficulty != "default":
        parts.append(settings.difficulty)
    return ", ".join(parts)


def curve(records, key: str) -> list[float]:
    """Mean over seeds of `key` at each evaluation (runs of one set-up have the same evaluation points)."""
    n = min(len(r.evaluations) for r in records)
    return [statistics.mean(getattr(r.evaluations[k], key) or 0.0 for r in records) for k in range(n)]


def per_epoch(records, key: str) -> list[float]:
    """The curve at the end of each epoch (evaluation points are every 1,000 examples)."""
    first = records[0]
    ends = {}
    for k, e in enumerate(first.evaluations):
        ends[e.epoch] = k  # the last evaluation of each epoch
    values = curve(records, key)
    return [values[0]] + [values[ends[epoch]] for epoch in sorted(ends) if ends[epoch] > 0]


# -- the verdicts: each observation as a test on a set-up's mean curve -------------------------


def o1(s, f1, acc):
    return s.supervision == "gold" and s.base == "blank" and f1[-1] >= 0.85, f"final F1 {f1[-1]:.2f}"


def o2(s, f1, acc):
    before, first, final = acc[0], acc[1], acc[-1]
    plateau = abs(first - 0.5) <= 0.07 and abs(final - 0.5) <= 0.07 and max(acc[1:]) <= 0.6
    return plateau, f"before {before:.2f}, epoch 1 {first:.2f}, final {final:.2f}, max {max(acc[1:]):.2f}"


def o3(s, f1, acc):
    peak = max(acc[1:])
    drift = 0.6 <= peak <= 0.75 and acc[-1] <= peak - 0.05
    return drift, f"peak {peak:.2f} at epoch {acc.index(peak)}, final {acc[-1]:.2f}"


def o4(s, f1, acc):
    return 0.25 <= acc[-1] <= 0.45, f"final {acc[-1]:.2f}"


OBSERVATIONS = {
    "O1 gold, compounding 4-16, ~0.9": (o1, lambda s: s.supervision == "gold"),
    "O2 no_missing, pretrained: before ~0.25, then ~0.5 and stays": (
        o2, lambda s: s.supervision == "binary" and s.no_missing and s.base == "news"),
    "O3 missing: up to 0.6-0.7, then towards 0.5": (o3, lambda s: s.supervision == "binary" and not s.no_missing),
    "O4 no_missing, blank: stalls at ~0.35": (
        o4, lambda s: s.supervision == "binary" and s.no_missing and s.base == "blank"),
}  # fmt: skip


def table(groups: dict[str, list]) -> str:
    lines = []
    for observation, (test, applies) in OBSERVATIONS.items():
        header = "| set-up | reading | binary accuracy per epoch | F1 per epoch | reproduces |"
        lines += [f"\n### {observation}\n", header, "|---|---|---|---|---|"]
        for name, records in groups.items():
            settings = records[0].settings
            if not applies(settings):
                continue
            f1 = per_epoch(records, "ents_f")
            for reading, key in (("per span", "binary_accuracy"), ("per task", "binary_accuracy_per_task")):
                acc = per_epoch(records, key)
                ok, why = test(settings, f1, acc)
                lines.append(
                    f"| {name} | {reading} | {' '.join(f'{a:.2f}' for a in acc)} | {' '.join(f'{x:.2f}' for x in f1)} "
                    f"| {'**yes**' if ok else 'no'} ({why}) |"
                )
    lines += ["\n### O5 a ten times lower learning rate, and other batch sizes (thread set-up, news base)\n",
              "| set-up | binary accuracy per epoch (per span) | F1 final |", "|---|---|---|"]  # fmt: skip
    for name, records in groups.items():
        s = records[0].settings
        if s.supervision == "binary" and s.base == "news" and s.no_missing and s.reject_grouping == "per-doc":
            acc = per_epoch(records, "binary_accuracy")
            f1 = per_epoch(records, "ents_f")
            lines.append(f"| {name} | {' '.join(f'{a:.2f}' for a in acc)} | {f1[-1]:.2f} |")
    return "\n".join(lines)


def chart(groups: dict[str, list]):
    import altair as alt

    rows = []
    for records in groups.values():
        s = records[0].settings
        if s.supervision != "binary" or s.difficulty != "default" or s.learn_rate != THREAD.learn_rate:
            continue
        if s.schedule != THREAD.schedule:
            continue
        for epoch, acc in enumerate(per_epoch(records, "binary_accuracy")):
            rows.append({
                "conversion": "user's (per text)" if s.reject_grouping == "per-doc" else "per span",
                "start": f"{s.base}, {s.update}", "tasks": s.tasks,
                "unannotated": "O (no_missing)" if s.no_missing else "missing",
                "epoch": epoch, "binary accuracy": acc,
            })  # fmt: skip
    encoding = dict(
        x=alt.X("epoch:O"),
        y=alt.Y("binary accuracy:Q", scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("start:N"),
        strokeDash=alt.StrokeDash("tasks:N"),
        shape=alt.Shape("tasks:N"),
    )
    lines = alt.Chart().mark_line(point=True).encode(**encoding)
    half = alt.Chart().mark_rule(strokeDash=[4, 4], color="#777").encode(y=alt.datum(0.5))
    layered = alt.layer(lines, half, data=alt.Data(values=rows)).properties(width=220, height=160)
    return layered.facet(row=alt.Row("unannotated:N"), column=alt.Column("conversion:N"))


def lesson_verdicts(groups: dict[str, list]) -> list[str]:
    """What lesson 6 says the benchmark found; each that no longer holds is returned."""
    broken = []

    def final(records, key="binary_accuracy"):
        return per_epoch(records, key)[-1]

    def stalls(records) -> bool:
        return o2(records[0].settings, per_epoch(records, "ents_f"), per_epoch(records, "binary_accuracy"))[0]

    plateau = {
        name for name, records in groups.items() if records[0].settings.supervision == "binary" and stalls(records)
    }
    if not plateau or not all(name.startswith("per span, separate, no_missing") for name in plateau):
        broken.append(f"the 0.5 plateau (per span) comes only from per-span tasks kept apart; found: {sorted(plateau)}")
    for name, records in groups.items():
        befores = (per_epoch(records, "binary_accuracy")[0], per_epoch(records, "binary_accuracy_per_task")[0])
        if records[0].settings.supervision == "binary" and any(abs(b - 0.25) < 0.1 for b in befores):
            broken.append(f"a 'before' near the thread's 0.25: {name} {befores}")
        s = records[0].settings
        merged_user = s.reject_grouping == "per-doc" and s.tasks == "merged" and s.no_missing
        if merged_user and s.learn_rate == THREAD.learn_rate and s.difficulty == "default" and final(records) < 0.85:
            broken.append(f"the user's answers, merged, no longer train like gold: {name}")
        if s.supervision == "binary" and s.base == "blank" and s.no_missing and 0.25 <= final(records) <= 0.45:
            broken.append(f"a blank start now stalls near the thread's 0.35: {name}")
    return broken


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    seeds = list(range(args.seeds))
    OUT.mkdir(exist_ok=True)
    folder = OUT / "thread_hypotheses"
    start = time.perf_counter()
    records = []
    trained = 0
    for name, grid in grids(seeds).items():
        report = run_grid(grid, folder, workers=args.workers)
        trained += report.trained
        print(f"{name}: {len(grid)} runs ({report.trained} trained) in {report.seconds:.0f} s", flush=True)
        records += report.runs()
    groups: dict[str, list] = {}
    for record in records:
        groups.setdefault(describe(record.settings), []).append(record)
    text = (
        f"# The thread's observations against the candidate explanations\n\n{len(records)} runs "
        f"({trained} trained now), {time.perf_counter() - start:.0f} s on {args.workers} workers; means over "
        f"{args.seeds} seeds. Accuracy 'per span' is nerlab's binary accuracy; 'per task' reads the same answers "
        f"per task (an accept task right when all its spans are predicted).\n{table(groups)}\n"
    )
    broken = lesson_verdicts(groups)
    text += "\n" + ("Lesson 6's verdicts all hold.\n" if not broken else "Lesson 6's verdicts that no longer hold:\n- "
                    + "\n- ".join(broken) + "\n")  # fmt: skip
    (OUT / "thread_hypotheses.md").write_text(text)
    print(text)
    figure = chart(groups)
    figure.save(OUT / "thread_hypotheses.html", inline=True)
    figure.save(OUT / "thread_hypotheses.png", scale_factor=1.5)
    if broken:
        raise SystemExit(1)  # lesson 6 states these verdicts: it must change with them


if __name__ == "__main__":
    main()
