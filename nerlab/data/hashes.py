"""Stable hashes that identify a text (`input_hash`) and a question about it (`task_hash`).

Prodigy gives every task two numbers: `_input_hash` says which text the task is about (all
tasks on one text share it, which is how answers on the same text are found and merged),
and `_task_hash` says which question was asked about that text (the text plus its spans).
Prodigy computes them with MurmurHash; nerlab uses BLAKE2b cut to 32 bits, read as a signed
integer so the numbers look like Prodigy's. The values differ from Prodigy's own, but they
are the same on every machine and in every Python session (unlike Python's `hash()` of a
string), so a corpus written twice is written identically.

Hashes read from a file are always kept as they are: these functions only fill them in
for tasks that do not have them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from ..transitions import Span


def _hash32(key: str) -> int:
    digest = hashlib.blake2b(key.encode("utf8"), digest_size=4).digest()
    return int.from_bytes(digest, "little", signed=True)


def input_hash(text: str) -> int:
    """The 32-bit signed hash of a text: equal texts, equal hashes."""
    return _hash32("input:" + text)


def task_hash(text: str, spans: Iterable[Span]) -> int:
    """The 32-bit signed hash of a question: a text and the spans it shows.

    The order of the spans does not matter, and neither does the answer: an accept and a
    reject of the same spans are two answers to one question, as in Prodigy.
    """
    parts = [str(input_hash(text))]
    parts += [f"{start}:{end}:{label}" for start, end, label in sorted(spans)]
    return _hash32("task:" + "|".join(parts))
