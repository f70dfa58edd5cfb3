"""The forum thread's experiment as a grid, at every difficulty preset. Prints and writes a table.

Settings: full gold (compounding 4 to 16), and binary answers with randomly relabelled
rejects at batch size 32, their tasks merged per text (Prodigy) or separate, unannotated
tokens missing or O; each with the greedy update (spaCy's `ner`) and a beam of 8
(`beam_ner`); 3 seeds; presets toy, default, hard. 1,000 training and 300 held-out
documents, 5 epochs, one evaluation per 1,000 examples.

Writes benchmarks/out/thread_story.md (means over seeds), thread_story.json (every
evaluation of every run), thread_story.html and thread_story.png (an Altair chart).
Run: python benchmarks/thread_story.py [--presets toy,default,hard] [--seeds 3] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"

SETTINGS = {
    "gold": dict(supervision="gold"),
    "binary merged, missing": dict(supervision="binary", tasks="merged", no_missing=False),
    "binary merged, no_missing": dict(supervision="binary", tasks="merged", no_missing=True),
    "binary separate, missing": dict(supervision="binary", tasks="separate", no_missing=False),
    "binary separate, no_missing": dict(supervision="binary", tasks="separate", no_missing=True),
}
UPDATES = ("greedy", "beam:8")


def one_run(job: tuple[str, str, str, int]) -> dict:
    from nerlab.training import BatchSchedule, RunSettings, run

    preset, name, update, seed = job
    changes = dict(SETTINGS[name])
    schedule = BatchSchedule() if name == "gold" else BatchSchedule.fixed(32)
    settings = RunSettings(
        n_train=1000,
        n_dev=300,
        epochs=5,
        eval_every=1000,
        difficulty=preset,
        update=update,
        seed=seed,
        schedule=schedule,
        rejects="random-label",
        **changes,
    )
    start = time.perf_counter()
    events = list(run(settings))
    data = events[0]
    evaluations = [e.to_dict() for e in events if e.event == "evaluation"]
    for e in evaluations:
        e.pop("per_label")
    return {
        "preset": preset,
        "setting": name,
        "update": update,
        "seed": seed,
        "seconds": time.perf_counter() - start,
        "dev_entities_per_doc": data.dev_entities_per_doc,
        "dev_reject_share": data.dev_reject_share,
        "summary": data.summary,
        "evaluations": evaluations,
    }


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
    args = parser.parse_args()
    jobs = [
        (p, s, u, seed)
        for p in args.presets.split(",")
        for s in SETTINGS
        for u in UPDATES
        for seed in range(args.seeds)
    ]
    start = time.perf_counter()
    with ProcessPoolExecutor(args.workers) as pool:
        results = list(pool.map(one_run, jobs))
    seconds = time.perf_counter() - start
    OUT.mkdir(exist_ok=True)
    markdown = table(results)
    (OUT / "thread_story.md").write_text(markdown + "\n")
    (OUT / "thread_story.json").write_text(json.dumps(results, indent=1))
    print(markdown)
    print(f"\n{len(jobs)} runs in {seconds / 60:.1f} min on {args.workers} workers (target < 15 min)")
    try:
        c = chart(results)
        c.save(str(OUT / "thread_story.html"))
        c.save(str(OUT / "thread_story.png"))
        print(f"chart: {OUT / 'thread_story.png'}")
    except Exception as error:  # the table is the result; a chart failure should not lose it
        print(f"chart not written: {error}")


if __name__ == "__main__":
    main()
