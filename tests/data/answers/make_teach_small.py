"""Write small ner.teach-shaped exports by hand-picked sentences (tests/data/answers/)."""

import json
import random

rng = random.Random(7)
brands = ["Gucci", "Prada", "Zara", "Uniqlo", "Levis", "Nike", "Adidas", "Patagonia", "Everlane", "Muji"]
places = ["Paris", "Berlin", "Tokyo", "Oslo", "Lima"]
frames = [
    "I bought a jacket from {b} last week",
    "my {b} shoes fell apart in {p}",
    "does anyone know if {b} ships to {p}",
    "the {b} store in {p} was closed",
    "honestly {b} and {c} feel the same",
    "{b} jeans are worth it",
]


def tok(text):
    out, pos = [], 0
    for i, w in enumerate(text.split(" ")):
        out.append({"text": w, "start": pos, "end": pos + len(w), "id": i, "ws": True})
        pos += len(w) + 1
    out[-1]["ws"] = False
    return out


def span(tokens, i, j, label):
    return {
        "start": tokens[i]["start"],
        "end": tokens[j - 1]["end"],
        "token_start": i,
        "token_end": j - 1,
        "label": label,
    }


lines = []
for n in range(40):
    f = frames[n % len(frames)]
    b, c = rng.sample(brands, 2)
    text = f.format(b=b, c=c, p=rng.choice(places))
    tokens = tok(text)
    words = text.split(" ")
    ih = 10_000 + n
    tasks = []
    for w in (b, c):
        if w in words:
            i = words.index(w)
            tasks.append(([span(tokens, i, i + 1, "BRAND")], "accept"))
    # a wrong suggestion: a place as a brand, or a two-word span
    for k, w in enumerate(words):
        if w in places:
            tasks.append(([span(tokens, k, k + 1, "BRAND")], "reject"))
    if len(words) > 3:
        tasks.append(([span(tokens, 0, 2, "BRAND")], "reject"))
    if n % 10 == 5 and tasks:  # a second annotator rejected what the first accepted: a conflict
        tasks.append((tasks[0][0], "reject"))
    if n % 7 == 3:
        tasks.append(([span(tokens, 1, 2, "BRAND")], "ignore"))
    for t, (spans, answer) in enumerate(tasks):
        lines.append(
            {
                "text": text,
                "_input_hash": ih,
                "_task_hash": ih * 100 + t,
                "tokens": tokens,
                "spans": spans,
                "meta": {"score": round(rng.random(), 3)},
                "_view_id": "ner",
                "answer": answer,
            }
        )
with open("tests/data/answers/teach_small.jsonl", "w") as out:
    for line in lines:
        out.write(json.dumps(line) + "\n")
print(len(lines))
