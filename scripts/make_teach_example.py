"""Make `nerlab/datasets/fashion_brands_teach.jsonl`: an export in the shape `ner.teach` writes,
derived from the fashion-brands `ner.manual` data, so a learner has answers to practise on.

`ner.teach` shows ONE suggested span per task and records accept, reject or ignore; every task
on a text shares the text's `_input_hash` and has its own `_task_hash`, `tokens` and token
offsets. Nothing here ran a model: the suggestions are made from the complete annotation.

- every brand of a text is suggested once and accepted (a right suggestion);
- wrong suggestions are rejected: a brand one token too long or too short, or a capitalised
  word that is not part of a brand (the kind of guess an early model makes);
- about 1 task in 25 is answered "ignore", as annotators skip what they cannot judge;
- texts without any brand get wrong suggestions only, so they hold rejects and nothing else.

Texts of at most 60 tokens are used (to keep the file small). Run from the repository's top:
    python scripts/make_teach_example.py
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from nerlab.data import Task, load_dataset, task_hash, task_to_record

SEED = 0
MAX_TOKENS = 60
TEXTS_WITH_BRANDS = 180
TEXTS_WITHOUT = 90
OUT = Path(__file__).resolve().parents[1] / "nerlab" / "datasets" / "fashion_brands_teach.jsonl"


def suggestions(task: Task, rng: random.Random) -> list[tuple[tuple, str, str]]:
    """(span, answer, how it was made) for one text, in the order a session might show them."""
    gold = sorted(task.spans)  # sorted, not a set: a set's order would change with PYTHONHASHSEED
    inside = {i for start, end, _ in gold for i in range(start, end)}
    out = [(span, "accept", "a brand of the text") for span in gold]
    for start, end, label in gold:
        variants = [(start, end + 1), (start - 1, end), (start, end - 1)]
        fits = [(s, e, label) for s, e in variants if 0 <= s < e <= len(task.tokens) and (s, e, label) not in gold]
        if fits and rng.random() < 0.6:
            out.append((rng.choice(fits), "reject", "a brand with a wrong boundary"))
    capitalised = [
        i
        for i, token in enumerate(task.tokens)
        if i > 0 and i not in inside and token[:1].isupper() and token.isalpha()
    ]
    for i in rng.sample(capitalised, min(len(capitalised), 1 if gold else 2)):
        out.append(((i, i + 1, "FASHION_BRAND"), "reject", "a capitalised word that is not a brand"))
    rng.shuffle(out)
    return out


def main(out: Path = OUT) -> None:
    rng = random.Random(SEED)
    texts = [t for t in load_dataset("fashion-brands", "train") if len(t.tokens) <= MAX_TOKENS]
    with_brands = [t for t in texts if t.spans]
    without = [t for t in texts if not t.spans and any(w[:1].isupper() for w in t.tokens[1:])]
    chosen = rng.sample(with_brands, TEXTS_WITH_BRANDS) + rng.sample(without, TEXTS_WITHOUT)
    rng.shuffle(chosen)
    lines = []
    for text in chosen:
        for span, answer, how in suggestions(text, rng):
            if rng.random() < 0.04:
                answer = "ignore"
            task = Task(
                text=text.text,
                tokens=text.tokens,
                spaces=text.spaces,
                spans=(span,),
                answer=answer,
                input_hash=text.input_hash,
                task_hash=task_hash(text.text, (span,)),
                meta={**text.meta, "suggestion": how},
                extra={"_view_id": "ner"},
            )
            lines.append(json.dumps(task_to_record(task), separators=(",", ":")))
    out.write_text("\n".join(lines) + "\n", encoding="utf8")
    print(f"Wrote {len(lines)} tasks on {len(chosen)} texts to {out}")


if __name__ == "__main__":
    main()
