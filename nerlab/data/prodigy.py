"""Reading and writing Prodigy's JSONL task files, checking every record on the way in.

A Prodigy file has one JSON object per line, e.g. (shortened)

    {"text": "who are W Chen and Jane M Doe",
     "tokens": [{"text": "who", "start": 0, "end": 3, "id": 0}, ...],
     "spans": [{"start": 8, "end": 14, "token_start": 2, "token_end": 3, "label": "PERSON"}],
     "_input_hash": 1653937787, "_task_hash": -1474793941, "answer": "accept"}

Spans carry character offsets (`start`, `end`) and, optionally, token offsets where
`token_end` is the index of the span's LAST token (inclusive), unlike nerlab's spans whose
end is exclusive. The reader turns each record into a `Task`; it checks that the record
is consistent (tokens spell the text, spans fall on token boundaries, ...) and reports
the first problem of each bad line as a `DataError` naming the file, line and field.

Defaults the reader fills in:
- a record without `tokens` is tokenised with spaCy's English tokenizer;
- a record without `answer` is taken as "accept" (Prodigy writes an answer on every
  annotated task; a file without answers is usually a list of texts with their gold spans);
- a record without `_input_hash` / `_task_hash` gets nerlab's hashes (see `hashes.py`).
"""

from __future__ import annotations

import bisect
import codecs
import json
import os
from collections.abc import Iterable
from pathlib import Path

from ..spacy_bridge import blank_english
from ..transitions import Span
from .errors import DataError
from .records import ANSWERS, PRODIGY_FIELDS, Task, char_offsets

_SPAN_FIELDS = ("start", "end", "token_start", "token_end", "label")


class _Invalid(Exception):
    """A problem in one record; the reader adds the file and line."""

    def __init__(self, field: str | None, problem: str):
        self.field = field
        self.problem = problem


# -- reading ---------------------------------------------------------------------------


def read_prodigy(path: str | os.PathLike, strict: bool = True) -> list[Task] | tuple[list[Task], list[DataError]]:
    """Read a Prodigy JSONL file into `Task`s, checking every record.

    strict=True: return the list of tasks, or raise a `DataError` at the first bad record.
    strict=False: return `(tasks, problems)`: every valid record as a task, and one
    `DataError` for every invalid one, so a file can be cleaned in one pass.
    Blank lines are skipped.
    """
    name = os.fspath(path)
    tasks: list[Task] = []
    problems: list[DataError] = []
    try:
        handle = open(path, "rb")
    except FileNotFoundError:
        raise DataError(
            name, None, None, "no such file; check the path (relative paths start from the current directory)."
        ) from None
    with handle:
        for line_number, raw in enumerate(handle, 1):
            if line_number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            if not raw.strip():
                continue
            try:
                task = _parse_record(raw, source=(name, line_number))
            except _Invalid as invalid:
                error = DataError(name, line_number, invalid.field, invalid.problem)
                if strict:
                    raise error from None
                problems.append(error)
                continue
            tasks.append(task)
    return tasks if strict else (tasks, problems)


def _parse_record(raw: bytes | str, source: tuple[str, int] | None = None) -> Task:
    """One JSONL line -> `Task`; raises `_Invalid(field, problem)` on the first problem."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf8")
        except UnicodeDecodeError as err:
            raise _Invalid(
                None,
                f"the line is not valid UTF-8 (byte 0x{raw[err.start]:02x} at position {err.start + 1} of the line); "
                f"save the file as UTF-8.",
            ) from None
    raw = raw.rstrip("\r\n")
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as err:
        raise _Invalid(
            None, f"invalid JSON: {err.msg} (at character {err.pos + 1}); each line must be one JSON object."
        ) from None
    if not isinstance(record, dict):
        raise _Invalid(None, f"the line holds {_kind(record)}, not a JSON object; each line must be one task object.")

    text = _read_text(record)
    answer = record.get("answer", "accept")
    if answer not in ANSWERS:
        raise _Invalid("answer", f"unknown answer {answer!r}; expected 'accept', 'reject' or 'ignore'.")
    meta = record.get("meta", {})
    if not isinstance(meta, dict):
        raise _Invalid("meta", f"meta must be an object, got {_kind(meta)}.")
    hashes = [_optional_int(record, key) for key in ("_input_hash", "_task_hash")]

    if "tokens" in record:
        tokens, spaces, starts, ends = _read_tokens(record["tokens"], text)
    else:
        tokens, spaces = _spacy_tokens(text)
        starts, ends = (list(side) for side in zip(*char_offsets(tokens, spaces)))
    spans, span_extra = _read_spans(record.get("spans", []), text, tokens, starts, ends)

    try:
        return Task(
            text=text,
            tokens=tokens,
            spaces=spaces,
            spans=spans,
            answer=answer,
            input_hash=hashes[0],
            task_hash=hashes[1],
            meta=meta,
            extra={key: value for key, value in record.items() if key not in PRODIGY_FIELDS},
            source=source,
            span_extra=span_extra if any(span_extra) else (),
        )
    except ValueError as err:  # the checks above should catch everything; this is a safety net
        raise _Invalid(None, str(err)) from None


def _read_text(record: dict) -> str:
    if "text" not in record:
        raise _Invalid("text", "the record has no 'text'; every task needs the text it is about.")
    text = record["text"]
    if not isinstance(text, str):
        raise _Invalid("text", f"text must be a string, got {_kind(text)}.")
    if not text.strip():
        what = "empty" if not text else "only whitespace"
        raise _Invalid("text", f"the text is {what}; an empty document cannot hold entities, remove the line.")
    return text


def _read_tokens(value: object, text: str):
    """Check Prodigy token dicts against the text; return tokens, spaces, starts, ends.

    The tokens must spell the text exactly, with nothing between two tokens but at most
    one space: that is what spaCy's tokenizer produces and what a `Doc` can represent.
    """
    if not isinstance(value, list):
        raise _Invalid("tokens", f"tokens must be a list, got {_kind(value)}.")
    if not value:
        raise _Invalid("tokens", "the token list is empty but the text is not; remove 'tokens' to let nerlab tokenise.")
    tokens, starts, ends, spaces = [], [], [], []
    previous_end = 0
    for i, token in enumerate(value):
        if not isinstance(token, dict):
            raise _Invalid(f"tokens[{i}]", f"a token must be an object with text, start and end, got {_kind(token)}.")
        word = _field(token, "text", str, f"tokens[{i}]")
        start = _field(token, "start", int, f"tokens[{i}]")
        end = _field(token, "end", int, f"tokens[{i}]")
        if not word:
            raise _Invalid(f"tokens[{i}].text", "the token text is empty; tokens must have at least one character.")
        if start < 0:
            raise _Invalid(f"tokens[{i}].start", f"token start {start} is negative.")
        if start < previous_end:
            raise _Invalid(
                f"tokens[{i}].start",
                f"token {word!r} starts at {start}, before the previous token ends ({previous_end}); "
                f"tokens must not overlap.",
            )
        gap = text[previous_end:start]
        if gap not in ("", " ") or (i == 0 and gap):
            raise _Invalid(
                f"tokens[{i}].start",
                f"characters {previous_end}-{start} ({gap!r}) are not covered by any token; tokens must spell "
                f"the text with at most one space between them (spaCy makes extra whitespace a token of its own).",
            )
        if i > 0:
            spaces.append(gap == " ")
        if end > len(text):
            raise _Invalid(f"tokens[{i}].end", f"token end {end} is beyond the text (length {len(text)}).")
        if text[start:end] != word:
            raise _Invalid(
                f"tokens[{i}].text",
                f"token text {word!r} does not match the text at characters {start}-{end} ({text[start:end]!r}).",
            )
        if "id" in token and token["id"] != i:
            raise _Invalid(f"tokens[{i}].id", f"token id {token['id']!r} should be {i} (ids number the tokens from 0).")
        tokens.append(word)
        starts.append(start)
        ends.append(end)
        previous_end = end
    tail = text[previous_end:]
    if tail not in ("", " "):
        raise _Invalid(
            f"tokens[{len(value) - 1}].end",
            f"the text after the last token ({tail[:30]!r}) is not covered by any token.",
        )
    spaces.append(tail == " ")
    for i, token in enumerate(value):
        if "ws" in token and token["ws"] is not spaces[i]:
            raise _Invalid(
                f"tokens[{i}].ws",
                f"ws is {token['ws']!r} but the text {'has' if spaces[i] else 'has no'} space "
                f"after token {tokens[i]!r}.",
            )
    return tuple(tokens), tuple(spaces), starts, ends


def _read_spans(value: object, text: str, tokens: tuple, starts: list, ends: list):
    """Check Prodigy span dicts; return token-offset spans and each span's extra fields."""
    if not isinstance(value, list):
        raise _Invalid("spans", f"spans must be a list, got {_kind(value)}.")
    token_at_start = {start: i for i, start in enumerate(starts)}
    token_at_end = {end: i for i, end in enumerate(ends)}
    spans: list[Span] = []
    extras: list[dict] = []
    for i, span in enumerate(value):
        where = f"spans[{i}]"
        if not isinstance(span, dict):
            raise _Invalid(where, f"a span must be an object with start, end and label, got {_kind(span)}.")
        start = _field(span, "start", int, where)
        end = _field(span, "end", int, where)
        label = _field(span, "label", str, where)
        if not label:
            raise _Invalid(f"{where}.label", "the label is empty; every span needs a label.")
        if start < 0:
            raise _Invalid(f"{where}.start", f"span start {start} is negative.")
        if end > len(text):
            raise _Invalid(f"{where}.end", f"span end {end} is beyond the text (length {len(text)}).")
        if end <= start:
            raise _Invalid(
                f"{where}.end", f"span end {end} is not after its start {start}; a span covers at least one character."
            )
        first = token_at_start.get(start)
        if first is None:
            raise _Invalid(
                f"{where}.start",
                f"span start {start} is not where a token starts ({_near(start, tokens, starts, ends)}).",
            )
        last = token_at_end.get(end)
        if last is None:
            raise _Invalid(
                f"{where}.end", f"span end {end} is not where a token ends ({_near(end - 1, tokens, starts, ends)})."
            )
        for key, expected in (("token_start", first), ("token_end", last)):
            if key in span:
                given = _field(span, key, int, where)
                if given != expected:
                    raise _Invalid(
                        f"{where}.{key}",
                        f"{key} {given} does not match the character offsets {start}-{end}, which give {expected}"
                        + (
                            " (token_end is the index of the span's last token, inclusive)."
                            if key == "token_end"
                            else "."
                        ),
                    )
        if "answer" in span and span["answer"] not in ANSWERS:
            raise _Invalid(
                f"{where}.answer",
                f"unknown answer {span['answer']!r}; a span's own answer is 'accept', 'reject' or 'ignore' "
                f"(it overrides the task's answer for that span, as in Prodigy).",
            )
        if "text" in span and span["text"] != text[start:end]:
            raise _Invalid(
                f"{where}.text",
                f"span text {span['text']!r} differs from the text at {start}-{end} ({text[start:end]!r}).",
            )
        spans.append((first, last + 1, label))
        extras.append({key: v for key, v in span.items() if key not in _SPAN_FIELDS})
    order = sorted(range(len(spans)), key=lambda k: spans[k])
    for a, b in zip(order, order[1:]):
        if spans[b][0] < spans[a][1]:
            later, earlier = max(a, b), min(a, b)
            raise _Invalid(
                f"spans[{later}]",
                f"this span overlaps spans[{earlier}] ({_describe(value[later], text)} and "
                f"{_describe(value[earlier], text)}); within one task a token can belong to one entity only.",
            )
    return tuple(spans), tuple(extras)


def _field(record: dict, key: str, kind: type, where: str):
    if key not in record:
        raise _Invalid(f"{where}.{key}", f"'{key}' is missing.")
    value = record[key]
    if type(value) is not kind:  # `type(...) is` so that True does not pass for an int
        expected = "a whole number" if kind is int else "a string"
        raise _Invalid(f"{where}.{key}", f"{key} must be {expected}, got {_kind(value)}.")
    return value


def _optional_int(record: dict, key: str) -> int | None:
    if key not in record:
        return None
    value = record[key]
    if type(value) is not int:
        raise _Invalid(key, f"{key} must be a whole number, got {_kind(value)}.")
    return value


def _near(char: int, tokens: tuple, starts: list, ends: list) -> str:
    """Say where character `char` falls: inside which token, or between which tokens."""
    i = bisect.bisect_right(starts, char) - 1
    if i >= 0 and char < ends[i]:
        return (
            f"it falls inside token {i} {tokens[i]!r}, characters {starts[i]}-{ends[i]}; spans must cover whole tokens"
        )
    return "it falls on whitespace between tokens; spans must cover whole tokens"


def _describe(span: dict, text: str) -> str:
    return f"{text[span['start'] : span['end']]!r} {span['start']}-{span['end']} {span['label']}"


def _kind(value: object) -> str:
    """Name a JSON value's type as JSON does."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value!r})"
    if isinstance(value, str):
        return f"a string ({value[:30]!r})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _spacy_tokens(text: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    doc = blank_english().make_doc(text)
    return tuple(t.text for t in doc), tuple(bool(t.whitespace_) for t in doc)


# -- writing ---------------------------------------------------------------------------


def task_to_record(task: Task) -> dict:
    """The Prodigy record for a task: token and span dicts rebuilt, every other field kept."""
    offsets = task.char_offsets()
    tokens = [
        {"text": token, "start": start, "end": end, "id": i, "ws": space}
        for i, (token, space, (start, end)) in enumerate(zip(task.tokens, task.spaces, offsets))
    ]
    spans = []
    for i, (start, end, label) in enumerate(task.spans):
        span = {
            "start": offsets[start][0],
            "end": offsets[end - 1][1],
            "token_start": start,
            "token_end": end - 1,
            "label": label,
        }
        span.update(task.span_extra[i] if task.span_extra else {})
        spans.append(span)
    record = {
        "text": task.text,
        "meta": task.meta,
        "_input_hash": task.input_hash,
        "_task_hash": task.task_hash,
        "tokens": tokens,
        "spans": spans,
    }
    record.update(task.extra)
    record["answer"] = task.answer
    return record


def write_prodigy(tasks: Iterable[Task], path: str | os.PathLike) -> None:
    """Write tasks as Prodigy JSONL, one record a line (ASCII-escaped JSON, as Prodigy does)."""
    with open(Path(path), "w", encoding="utf8", newline="\n") as out:
        for task in tasks:
            out.write(json.dumps(task_to_record(task), separators=(",", ":")))
            out.write("\n")
