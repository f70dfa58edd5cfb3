"""Prodigy JSONL: reading with validation, writing, round trips, the real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nerlab.data import DataError, Task, input_hash, read_prodigy, task_hash, write_prodigy


def prodigy_record(words: list[str], spans: list[tuple[int, int, str]] = (), **fields) -> dict:
    """A valid Prodigy record for `words` joined by single spaces; spans in token offsets."""
    tokens, position = [], 0
    for i, word in enumerate(words):
        tokens.append({"text": word, "start": position, "end": position + len(word), "id": i})
        position += len(word) + 1
    span_dicts = [
        {"start": tokens[s]["start"], "end": tokens[e - 1]["end"], "token_start": s, "token_end": e - 1, "label": label}
        for s, e, label in spans
    ]
    record = {"text": " ".join(words), "tokens": tokens, "spans": span_dicts, "answer": "accept"}
    record.update(fields)
    return record


def write_jsonl(path: Path, lines: list) -> Path:
    """Write records (dicts are dumped as JSON, str and bytes written as they are)."""
    with open(path, "wb") as out:
        for line in lines:
            if isinstance(line, dict):
                line = json.dumps(line)
            if isinstance(line, str):
                line = line.encode("utf8")
            out.write(line + b"\n")
    return path


WORDS = ["Jane", "Doe", "flew", "to", "Paris"]  # "Jane Doe flew to Paris": 22 characters
GOOD = prodigy_record(WORDS, [(0, 2, "PERSON"), (4, 5, "GPE")])


def bad_record(edit) -> dict:
    record = json.loads(json.dumps(GOOD))
    edit(record)
    return record


def error_for(tmp_path, bad_line) -> DataError:
    """The DataError for a file whose line 1 is good and line 2 is `bad_line`."""
    path = write_jsonl(tmp_path / "data.jsonl", [GOOD, bad_line])
    with pytest.raises(DataError) as caught:
        read_prodigy(path)
    return caught.value


def set_in(record, *keys_and_value):
    *keys, last, value = keys_and_value
    target = record
    for key in keys:
        target = target[key]
    target[last] = value


# Each case: the bad line, the field the error must name, and the problem it must state.
CASES = {
    "invalid JSON": (
        '{"text": "Jane"',
        None,
        "invalid JSON: Expecting ',' delimiter (at character 16); each line must be one JSON object.",
    ),
    "not UTF-8": (
        b'{"text": "caf\xe9"}',
        None,
        "the line is not valid UTF-8 (byte 0xe9 at position 14 of the line); save the file as UTF-8.",
    ),
    "not an object": ("[1, 2]", None, "the line holds a list, not a JSON object; each line must be one task object."),
    "missing text": ({"spans": []}, "text", "the record has no 'text'; every task needs the text it is about."),
    "text not a string": ({"text": 5}, "text", "text must be a string, got a number (5)."),
    "empty text": ({"text": ""}, "text", "the text is empty; an empty document cannot hold entities, remove the line."),
    "whitespace text": (
        {"text": " \n "},
        "text",
        "the text is only whitespace; an empty document cannot hold entities, remove the line.",
    ),
    "spans not a list": (
        bad_record(lambda r: set_in(r, "spans", {"start": 0})),
        "spans",
        "spans must be a list, got an object.",
    ),
    "span start not an int": (
        bad_record(lambda r: set_in(r, "spans", 0, "start", "0")),
        "spans[0].start",
        "start must be a whole number, got a string ('0').",
    ),
    "span start a boolean": (
        bad_record(lambda r: set_in(r, "spans", 1, "start", True)),
        "spans[1].start",
        "start must be a whole number, got a boolean (true).",
    ),
    "span without label": (
        bad_record(lambda r: r["spans"][1].pop("label")),
        "spans[1].label",
        "'label' is missing.",
    ),
    "token start not an int": (
        bad_record(lambda r: set_in(r, "tokens", 3, "start", 14.0)),
        "tokens[3].start",
        "start must be a whole number, got a number (14.0).",
    ),
    "tokens not a list": (
        bad_record(lambda r: set_in(r, "tokens", "Jane Doe flew to Paris")),
        "tokens",
        "tokens must be a list, got a string ('Jane Doe flew to Paris').",
    ),
    "span start inside a token": (
        bad_record(lambda r: set_in(r, "spans", 0, "start", 1)),
        "spans[0].start",
        "span start 1 is not where a token starts (it falls inside token 0 'Jane', characters 0-4; "
        "spans must cover whole tokens).",
    ),
    "span end inside a token": (
        bad_record(lambda r: set_in(r, "spans", 0, "end", 7)),
        "spans[0].end",
        "span end 7 is not where a token ends (it falls inside token 1 'Doe', characters 5-8; "
        "spans must cover whole tokens).",
    ),
    "span end on a space": (
        bad_record(lambda r: set_in(r, "spans", 0, "end", 5)),
        "spans[0].end",
        "span end 5 is not where a token ends (it falls on whitespace between tokens; spans must cover whole tokens).",
    ),
    "span beyond the text": (
        bad_record(lambda r: set_in(r, "spans", 1, "end", 57)),
        "spans[1].end",
        "span end 57 is beyond the text (length 22).",
    ),
    "empty span": (
        bad_record(lambda r: set_in(r, "spans", 1, "end", 17)),
        "spans[1].end",
        "span end 17 is not after its start 17; a span covers at least one character.",
    ),
    "overlapping spans": (
        bad_record(lambda r: r["spans"].append({"start": 5, "end": 8, "label": "PERSON"})),
        "spans[2]",
        "this span overlaps spans[0] ('Doe' 5-8 PERSON and 'Jane Doe' 0-8 PERSON); "
        "within one task a token can belong to one entity only.",
    ),
    "repeated span": (
        bad_record(lambda r: r["spans"].append(dict(r["spans"][1]))),
        "spans[2]",
        "this span overlaps spans[1] ('Paris' 17-22 GPE and 'Paris' 17-22 GPE); "
        "within one task a token can belong to one entity only.",
    ),
    "unknown answer": (
        bad_record(lambda r: set_in(r, "answer", "maybe")),
        "answer",
        "unknown answer 'maybe'; expected 'accept', 'reject' or 'ignore'.",
    ),
    "token text differs from the text": (
        bad_record(lambda r: set_in(r, "tokens", 2, "text", "flown")),
        "tokens[2].text",
        "token text 'flown' does not match the text at characters 9-13 ('flew').",
    ),
    "a word without a token": (
        bad_record(lambda r: r["tokens"].pop(2)),
        "tokens[2].start",
        "characters 8-14 (' flew ') are not covered by any token; tokens must spell the text with at most "
        "one space between them (spaCy makes extra whitespace a token of its own).",
    ),
    "text after the last token": (
        bad_record(lambda r: (r["tokens"].pop(), r["spans"].pop())),
        "tokens[3].end",
        "the text after the last token (' Paris') is not covered by any token.",
    ),
    "token beyond the text": (
        bad_record(lambda r: set_in(r, "tokens", 4, "end", 30)),
        "tokens[4].end",
        "token end 30 is beyond the text (length 22).",
    ),
    "token ids out of order": (
        bad_record(lambda r: set_in(r, "tokens", 1, "id", 7)),
        "tokens[1].id",
        "token id 7 should be 1 (ids number the tokens from 0).",
    ),
    "ws flag contradicts the text": (
        bad_record(lambda r: set_in(r, "tokens", 0, "ws", False)),
        "tokens[0].ws",
        "ws is False but the text has space after token 'Jane'.",
    ),
    "token_start inconsistent": (
        bad_record(lambda r: set_in(r, "spans", 0, "token_start", 1)),
        "spans[0].token_start",
        "token_start 1 does not match the character offsets 0-8, which give 0.",
    ),
    "token_end exclusive by mistake": (
        bad_record(lambda r: set_in(r, "spans", 0, "token_end", 2)),
        "spans[0].token_end",
        "token_end 2 does not match the character offsets 0-8, which give 1 "
        "(token_end is the index of the span's last token, inclusive).",
    ),
    "meta not an object": (
        bad_record(lambda r: set_in(r, "meta", "reddit")),
        "meta",
        "meta must be an object, got a string ('reddit').",
    ),
    "input hash not a number": (
        bad_record(lambda r: set_in(r, "_input_hash", "abc")),
        "_input_hash",
        "_input_hash must be a whole number, got a string ('abc').",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_problem_names_file_line_and_field(tmp_path, case):
    bad_line, field, problem = CASES[case]
    error = error_for(tmp_path, bad_line)
    path = str(tmp_path / "data.jsonl")
    assert (error.path, error.line, error.field, error.problem) == (path, 2, field, problem)
    where = f"{path}, line 2" + (f", field '{field}'" if field else "")
    assert str(error) == f"{where}: {problem}"


def test_the_example_message_from_the_brief(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "data.jsonl", [GOOD, bad_record(lambda r: set_in(r, "spans", 1, "end", 57))])
    with pytest.raises(DataError, match=r"^data\.jsonl, line 2, field 'spans\[1\]\.end': span end 57 is beyond"):
        read_prodigy("data.jsonl")


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(DataError, match="nowhere.jsonl: no such file"):
        read_prodigy(tmp_path / "nowhere.jsonl")


def test_lenient_reading_keeps_every_valid_record_and_reports_every_invalid_one(tmp_path):
    lines = [
        GOOD,
        "{not json",
        "",
        prodigy_record(["Acme", "hired", "Wei"], [(2, 3, "PERSON")], answer="reject"),
        bad_record(lambda r: set_in(r, "answer", "yes")),
        "   ",
        b'{"text": "\xff"}',
        {"text": "no tokens given"},
        bad_record(lambda r: set_in(r, "spans", 0, "start", 2)),
    ]
    path = write_jsonl(tmp_path / "mixed.jsonl", lines)
    tasks, problems = read_prodigy(path, strict=False)
    assert [task.source[1] for task in tasks] == [1, 4, 8]
    assert [(p.line, p.field) for p in problems] == [(2, None), (5, "answer"), (7, None), (9, "spans[0].start")]
    with pytest.raises(DataError) as caught:
        read_prodigy(path)
    assert caught.value.line == 2  # strict stops at the first problem


def test_blank_lines_crlf_and_a_byte_order_mark_are_fine(tmp_path):
    path = tmp_path / "windows.jsonl"
    path.write_bytes(
        b"\xef\xbb\xbf" + json.dumps(GOOD).encode() + b"\r\n\r\n  \r\n" + json.dumps(GOOD).encode() + b"\r\n"
    )
    tasks, problems = read_prodigy(path, strict=False)
    assert problems == [] and len(tasks) == 2 and tasks[1].source[1] == 4


def test_defaults_for_records_without_tokens_answer_or_hashes(tmp_path):
    text = "Jane Doe's car isn't here"
    path = write_jsonl(tmp_path / "plain.jsonl", [{"text": text, "spans": [{"start": 0, "end": 8, "label": "PERSON"}]}])
    (task,) = read_prodigy(path)
    assert task.tokens == ("Jane", "Doe", "'s", "car", "is", "n't", "here")  # spaCy's English tokenizer
    assert task.spaces == (True, False, True, True, False, True, False)
    assert task.spans == ((0, 2, "PERSON"),)
    assert task.answer == "accept"
    assert task.input_hash == input_hash(text)
    assert task.task_hash == task_hash(text, [(0, 2, "PERSON")])


def test_spans_without_token_offsets_are_derived_from_characters(tmp_path):
    record = bad_record(lambda r: [(s.pop("token_start"), s.pop("token_end")) for s in r["spans"]])
    (task,) = read_prodigy(write_jsonl(tmp_path / "d.jsonl", [record]))
    assert task.spans == ((0, 2, "PERSON"), (4, 5, "GPE"))


def test_whitespace_tokens_from_spacy_are_accepted(tmp_path):
    text = "Hi  Jane\n\nbye"
    (task,) = read_prodigy(write_jsonl(tmp_path / "ws.jsonl", [{"text": text}]))
    assert task.tokens == ("Hi", " ", "Jane", "\n\n", "bye")
    written = tmp_path / "ws-out.jsonl"
    write_prodigy([task], written)
    assert read_prodigy(written) == [task]


def test_round_trip_keeps_answers_meta_hashes_and_extra_fields(tmp_path):
    records = [
        prodigy_record(
            WORDS, [(0, 2, "PERSON")], meta={"source": "forum", "score": 0.5}, _view_id="ner", _session_id=None
        ),
        prodigy_record(WORDS, [(4, 5, "ORG")], answer="reject", _input_hash=42, _task_hash=-7, _timestamp=1700000000),
        prodigy_record(WORDS, [], answer="ignore", custom={"nested": [1, 2]}),
    ]
    records[0]["spans"][0].update(source="patterns", text="Jane Doe")
    tasks = read_prodigy(write_jsonl(tmp_path / "in.jsonl", records))
    assert tasks[1].input_hash == 42 and tasks[1].task_hash == -7
    assert tasks[0].extra == {"_view_id": "ner", "_session_id": None}
    assert tasks[0].span_extra == ({"source": "patterns", "text": "Jane Doe"},)
    write_prodigy(tasks, tmp_path / "out.jsonl")
    again = read_prodigy(tmp_path / "out.jsonl")
    assert again == tasks
    written = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert written[0]["meta"] == {"source": "forum", "score": 0.5}
    assert written[0]["spans"][0] == {
        "start": 0,
        "end": 8,
        "token_start": 0,
        "token_end": 1,
        "label": "PERSON",
        "source": "patterns",
        "text": "Jane Doe",
    }
    assert written[1]["_timestamp"] == 1700000000 and written[2]["custom"] == {"nested": [1, 2]}
    assert written[2]["tokens"][0] == {"text": "Jane", "start": 0, "end": 4, "id": 0, "ws": True}


def test_changing_a_task_breaks_equality():
    """The round-trip test above would pass vacuously if tasks always compared equal."""
    a = Task(text="Jane Doe", tokens=("Jane", "Doe"), spaces=(True, False), spans=((0, 2, "PERSON"),))
    assert a == Task(text="Jane Doe", tokens=("Jane", "Doe"), spaces=(True, False), spans=((0, 2, "PERSON"),))
    assert a != Task(
        text="Jane Doe", tokens=("Jane", "Doe"), spaces=(True, False), spans=((0, 2, "PERSON"),), meta={"x": 1}
    )
    assert a != Task(
        text="Jane Doe", tokens=("Jane", "Doe"), spaces=(True, False), spans=((0, 2, "PERSON"),), answer="reject"
    )


# -- the real files --------------------------------------------------------------------


def test_the_real_files_read_as_they_are(fashion_paths):
    train = read_prodigy(fashion_paths["train"])
    evaluation = read_prodigy(fashion_paths["eval"])
    assert (len(train), len(evaluation)) == (1235, 500)
    assert {t.answer for t in train + evaluation} == {"accept"}
    assert sum(len(t.spans) for t in train) == 527 and sum(len(t.spans) for t in evaluation) == 238
    assert {label for t in train for _, _, label in t.spans} == {"FASHION_BRAND"}
    first = train[0]
    assert first.input_hash == 1653937787 and first.task_hash == -1474793941
    assert first.meta == {"section": "malefashionadvice"}
    assert first.extra == {"_session_id": None, "_view_id": "ner_manual"}
    with_text = [t for t in train if t.span_extra]
    assert with_text and all("source" in extra for t in with_text for extra in t.span_extra if extra)


def test_writing_the_real_file_gives_back_every_field(fashion_paths, tmp_path):
    tasks = read_prodigy(fashion_paths["train"])
    write_prodigy(tasks, tmp_path / "copy.jsonl")
    assert read_prodigy(tmp_path / "copy.jsonl") == tasks
    original = [json.loads(line) for line in fashion_paths["train"].read_text(encoding="utf8").splitlines()]
    copied = [json.loads(line) for line in (tmp_path / "copy.jsonl").read_text(encoding="utf8").splitlines()]
    for record in copied:  # nerlab adds the `ws` flag Prodigy's newer versions write; nothing else differs
        for token in record["tokens"]:
            assert token.pop("ws") in (True, False)
    assert copied == original
