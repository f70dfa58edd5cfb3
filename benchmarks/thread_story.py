"""The forum thread's experiment as a grid, at every difficulty preset. Prints and writes a table.

Settings: full gold (compounding 4 to 16), and binary answers with randomly relabelled
rejects at batch size 32, their tasks merged per text (Prodigy) or separate, unannotated
tokens missing or O; each with the greedy update (spaCy's `ner`) and a beam of 8
(`beam_ner`); 3 seeds; presets toy, default, hard. 1,000 training and 300 held-out
documents, 5 epochs, one evaluation per 1,000 examples.

The grid is a `nerlab.sweep.Grid` (the five settings are its cases) run by `run_grid` into
benchmarks/out/thread_story/ (one JSONL per run), so a second run of this script, or one
stopped half-way, trains only what is missing. Writes benchmarks/out/thread_story.md
(means over seeds), thread_story.json (every evaluation of every run), thread_story.html
and thread_story.png (an Altair chart).
Run: python benchmarks/thread_story.py [--presets toy,default,hard] [--seeds 3] [--workers 2]
     [--backend dask --scheduler tcp://HOST:8786]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from nerlab.sweep import Grid, run_grid
from nerlab.training import BatchSchedule, RunRecord, RunSettings

OUT = Path(__file__).resolve().parent / "out"
RESULTS = OUT / "thread_story"  # the sweep's results folder: one file per finished run

SETTINGS = {
    "gold": dict(supervision="gold", schedule=BatchSchedule()),
    "binary merged, missing": dict(supervision="binary", tasks="merged", no_missing=False),
    "binary merged, no_missing": dict(supervision="binary", tasks="merged", no_missing=True),
    "binary separate, missing": dict(supervision="binary", tasks="separate", no_missing=False),
    "binary separate, no_missing": dict(supervision="binary", tasks="separate", no_missing=True),
}
UPDATES = ("greedy", "beam:8")
BASE = RunSettings(
    n_train=1000, n_dev=300, epochs=5, eval_every=1000, rejects="random-label", schedule=BatchSchedule.fixed(32)
)


def thread_grid(presets: list[str], seeds: int) -> Grid:
    """The five settings (cases) crossed with the presets, the two updates and the seeds."""
    axes = {"difficulty": list(presets), "update": list(UPDATES), "seed": list(range(seeds))}
    return Grid(base=BASE, axes=axes, cases=SETTINGS)


def result_of(grid: Grid, record: RunRecord) -> dict:
    """One run as the table and the chart read it: its place in the grid, its data, every evaluation."""
    settings, data = record.settings, record.data
    evaluations = [e.to_dict() for e in record.evaluations]
    for e in evaluations:
        e.pop("per_label")
    return {
        "preset": settings.difficulty,
        "setting": grid.case_of(settings),
        "update": settings.update,
        "seed": settings.seed,
        "seconds": record.seconds,
        "dev_entities_per_doc": data.dev_entities_per_doc,
        "dev_reject_share": data.dev_reject_share,
        "summary": data.summary,
        "evaluations": evaluations,
    }


def in_table_order(results: list[dict], presets: list[str]) -> list[dict]:
    """Preset, then setting, then update, then seed: the order the table's rows are grouped in."""
    settings = list(SETTINGS)
    return sorted(
        results,
        key=lambda r: (presets.index(r["preset"]), settings.index(r["setting"]), UPDATES.index(r["update"]), r["seed"]),
    )


def table(results: list[dict]) -> str:
    rows = [
        "| preset | setting | update | F1 epoch 1 | F1 final | P | R | binary acc | ents/doc (gold) "
        "| predict-nothing acc | s/run |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    groups: dict[tuple, list[dict]] = {}
    for r in results:
        groups.setdefault((r["preset"], r["setting"], r["update"]), []).append(r)
    for (preset, setting, update), runs in groups.items():

        def mean(f, runs=runs):
            return statistics.mean(f(r) for r in runs)

        first = mean(lambda r: r["evaluations"][1]["ents_f"])
        final = {
            k: mean(lambda r, k=k: r["evaluations"][-1][k])
            for k in ("ents_f", "ents_p", "ents_r", "binary_accuracy", "predicted_per_doc")
        }
        rows.append(
            f"| {preset} | {setting} | {update} | {first:.3f} | {final['ents_f']:.3f} | {final['ents_p']:.3f} | "
            f"{final['ents_r']:.3f} | {final['binary_accuracy']:.3f} | {final['predicted_per_doc']:.2f} "
            f"({mean(lambda r: r['dev_entities_per_doc']):.2f}) | {mean(lambda r: r['dev_reject_share']):.3f} | "
            f"{mean(lambda r: r['seconds']):.0f} |"
        )
    return "\n".join(rows)


def chart(results: list[dict]):
    import altair as alt

    points = [
        {
            "preset": r["preset"],
            "setting": r["setting"],
            "update": r["update"],
            "seed": r["seed"],
            "examples seen": e["examples_seen"],
            "F1": e["ents_f"],
            "binary accuracy": e["binary_accuracy"],
        }
        for r in results
        for e in r["evaluations"]
    ]
    base = alt.Chart(alt.Data(values=points)).encode(
        x=alt.X("examples seen:Q"),
        color=alt.Color("setting:N", scale=alt.Scale(scheme="tableau10")),
        strokeDash=alt.StrokeDash("update:N"),
        detail="seed:N",
    )
    f1 = base.mark_line(opacity=0.7).encode(y=alt.Y("F1:Q", scale=alt.Scale(domain=[0, 1])))
    return f1.properties(width=260, height=200).facet(column=alt.Column("preset:N", sort=["toy", "default", "hard"]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--presets", default="toy,default,hard")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--backend", default="local", choices=["local", "dask"])
    parser.add_argument("--scheduler", default=None, help="a Dask scheduler address (default: a local cluster)")
    args = parser.parse_args()
    presets = args.presets.split(",")
    grid = thread_grid(presets, args.seeds)
    start = time.perf_counter()
    report = run_grid(
        grid,
        RESULTS,
        backend=args.backend,
        workers=args.workers,
        scheduler=args.scheduler,
        progress=lambda done, total, _: print(f"{done}/{total} runs", file=sys.stderr, flush=True),
    )
    seconds = time.perf_counter() - start
    results = in_table_order([result_of(grid, record) for record in report.runs()], presets)
    OUT.mkdir(exist_ok=True)
    markdown = table(results)
    (OUT / "thread_story.md").write_text(markdown + "\n")
    (OUT / "thread_story.json").write_text(json.dumps(results, indent=1))
    print(markdown)
    print(
        f"\n{len(results)} runs in {seconds / 60:.1f} min on {args.workers} workers (target < 15 min); "
        f"{report.trained} trained, {report.reused} read back from {RESULTS}"
    )
    try:
        c = chart(results)
        c.save(str(OUT / "thread_story.html"))
        c.save(str(OUT / "thread_story.png"))
        print(f"chart: {OUT / 'thread_story.png'}")
    except Exception as error:  # the table is the result; a chart failure should not lose it
        print(f"chart not written: {error}")


if __name__ == "__main__":
    main()
