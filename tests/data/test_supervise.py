"""Tasks to supervision: merged or separate, missing or O, conflicts, and the summary."""

from __future__ import annotations

import pytest

from nerlab import Supervision
from nerlab.data import (
    AnnotatedDoc,
    DataSummary,
    Task,
    gold_to_binary,
    gold_to_supervised,
    input_hash,
    load_dataset,
    summarize,
    synthetic_corpus,
    tasks_to_gold_docs,
    tasks_to_supervised,
)

TOKENS = ("who", "are", "W", "Chen", "and", "Jane", "M", "Doe")
SPACES = (True,) * 7 + (False,)
TEXT = "who are W Chen and Jane M Doe"


def task(spans, answer="accept", text=TEXT, tokens=TOKENS, spaces=SPACES):
    return Task(text=text, tokens=tokens, spaces=spaces, spans=tuple(spans), answer=answer)


OTHER = task(
    [(0, 1, "ORG")], "reject", text="Acme hired Wei", tokens=("Acme", "hired", "Wei"), spaces=(True, True, False)
)
TASKS = [
    task([(2, 4, "PERSON")]),
    task([(5, 8, "ORG")], "reject"),
    OTHER,
    task([(5, 8, "PERSON")]),
    task([(2, 4, "PERSON")], "reject"),  # contradicts the first task
    task([(0, 2, "ORG")], "ignore"),
]


def test_merging_makes_one_example_per_text_and_drops_conflicts():
    conversion = tasks_to_supervised(TASKS)
    assert (len(conversion.docs), conversion.conflicts, conversion.ignored) == (2, 1, 1)
    first, second = conversion.docs
    assert first.supervision == Supervision.partial(8, [(5, 8, "PERSON")], [(5, 8, "ORG")])
    assert first.input_hash == input_hash(TEXT) and first.tokens == TOKENS and first.spaces == SPACES
    assert second.supervision == Supervision.partial(3, [], [(0, 1, "ORG")])


def test_separate_tasks_stay_separate_examples_and_their_conflicts_are_still_counted():
    conversion = tasks_to_supervised(TASKS, merge=False)
    # the text's answers disagree on one span: counted, but each task trains as it was answered
    assert (len(conversion.docs), conversion.conflicts, conversion.ignored) == (5, 1, 1)
    assert conversion.docs[0].supervision.spans == ((2, 4, "PERSON"),)
    assert conversion.docs[4].supervision.rejected == ((2, 4, "PERSON"),)


def test_no_missing_turns_unannotated_tokens_into_O_and_rejects_into_no_entity_claims():
    separate = tasks_to_supervised(TASKS, merge=False, no_missing=True)
    assert separate.docs[0].supervision.tags == ("O", "O", "B-PERSON", "L-PERSON", "O", "O", "O", "O")
    reject_only = separate.docs[1].supervision
    assert reject_only.tags == ("O",) * 8 and reject_only.rejected == ((5, 8, "ORG"),)
    assert summarize(separate).n_claim_no_entities == 3
    missing = tasks_to_supervised(TASKS, merge=False)
    assert missing.docs[1].supervision.tags == (None,) * 8


def test_accepted_spans_that_overlap_across_tasks_are_conflicts():
    clash = [task([(2, 4, "PERSON")]), task([(3, 5, "PERSON")]), task([(6, 8, "PERSON")]), task([(2, 4, "PERSON")])]
    conversion = tasks_to_supervised(clash)
    assert conversion.conflicts == 2
    assert conversion.docs[0].supervision.spans == ((6, 8, "PERSON"),)


def test_tasks_on_the_same_text_but_different_tokens_are_not_merged():
    retokenised = task(
        [], text="who are W Chen and Jane M Doe", tokens=("who", "are", "W", "Chen", "and", "Jane", "M", "Doe")
    )
    other_tokens = Task(text="ab", tokens=("ab",), spaces=(False,), input_hash=retokenised.input_hash)
    assert len(tasks_to_supervised([retokenised, other_tokens]).docs) == 2


def test_summary_counts_what_the_examples_assert():
    gold = {input_hash(TEXT): ((2, 4, "PERSON"), (5, 8, "PERSON"))}
    conversion = tasks_to_supervised(TASKS, merge=False, no_missing=True, gold=gold)
    summary = summarize(conversion)
    assert summary == DataSummary(
        n_examples=5,
        n_claim_no_entities=3,
        n_no_information=0,
        tokens_O=6 + 8 + 3 + 5 + 8,  # example by example
        tokens_missing=0,
        tokens_in_entity=2 + 3,
        n_accepted_spans=2,
        n_rejected_spans=3,
        gold_entity_tokens_labelled_O=3 + 5 + 2 + 5,  # per example: the gold tokens its O's cover
        conflicts=1,  # the text's answers disagree on (2, 4, PERSON), counted even when kept apart
        ignored=1,
        n_only_rejects=3,
        accepted_per_label={"PERSON": 2},
        rejected_per_label={"ORG": 2, "PERSON": 1},
    )
    per_label = ["accepted PERSON", "rejected ORG", "rejected PERSON"]
    assert [row[0] for row in summary.as_rows()] == list(summary.to_dict())[:-2] + per_label
    assert summarize(tasks_to_supervised(TASKS)).gold_entity_tokens_labelled_O is None
    assert summarize(tasks_to_supervised(TASKS)).n_no_information == 0
    assert summarize(tasks_to_supervised([task([])])).n_no_information == 1


def test_full_gold_supervision():
    docs = synthetic_corpus(50, seed=0).train
    supervised = gold_to_supervised(docs)
    assert all(s.supervision == Supervision.gold(len(d.tokens), d.spans) for s, d in zip(supervised, docs))
    summary = summarize(supervised)
    assert summary.tokens_missing == 0 and summary.gold_entity_tokens_labelled_O == 0
    assert summary.tokens_in_entity == sum(e - s for d in docs for s, e, _ in d.spans)


def test_merging_binary_tasks_recovers_the_gold_and_separating_them_hides_it():
    docs = synthetic_corpus(200, seed=2).train
    binary = gold_to_binary(docs, rejects="boundary")
    gold = {input_hash(d.text): d.spans for d in docs}
    merged = tasks_to_supervised(binary.tasks, no_missing=True, gold=gold)
    by_hash = {d.input_hash: d for d in merged.docs}
    for doc in docs:
        if doc.spans:
            assert by_hash[input_hash(doc.text)].supervision.spans == doc.spans
    assert summarize(merged).gold_entity_tokens_labelled_O == 0
    separate = summarize(tasks_to_supervised(binary.tasks, merge=False, no_missing=True, gold=gold))
    assert separate.gold_entity_tokens_labelled_O > 0  # each accept claims the OTHER entities are O


# -- the real files ----------------------------------------------------------------------


def test_real_files_both_missing_settings(fashion_paths):
    tasks = load_dataset("fashion-brands", "train")
    missing = summarize(tasks_to_supervised(tasks))
    complete = summarize(tasks_to_supervised(tasks, no_missing=True))
    assert missing.n_examples == complete.n_examples == 1235
    assert missing.n_no_information == complete.n_claim_no_entities == 930  # texts without a brand
    assert missing.tokens_O == 0 and complete.tokens_missing == 0
    assert missing.tokens_missing == complete.tokens_O
    assert missing.n_accepted_spans == complete.n_accepted_spans == 527


def test_real_files_as_binary_tasks_merged_and_separate(fashion_paths):
    docs = tasks_to_gold_docs(load_dataset("fashion-brands", "eval"))
    gold = {input_hash(d.text): d.spans for d in docs}
    naive = gold_to_binary(docs, rejects="random-label")  # a single label: every draw is the gold label
    assert naive.n_rejects == 0 and len(naive.conflicts) == naive.n_accepts == 238
    binary = gold_to_binary(docs, rejects="boundary")
    merged = summarize(tasks_to_supervised(binary.tasks, no_missing=True, gold=gold))
    separate = summarize(tasks_to_supervised(binary.tasks, merge=False, no_missing=True, gold=gold))
    with_brands = sum(bool(d.spans) for d in docs)
    assert merged.n_examples == with_brands == 129
    assert separate.n_examples == len(binary.tasks) == 2 * 238
    assert merged.gold_entity_tokens_labelled_O == 0 < separate.gold_entity_tokens_labelled_O
    assert merged.n_rejected_spans == separate.n_rejected_spans == 238


def test_a_rejected_task_cannot_be_read_as_gold():
    with pytest.raises(ValueError, match="cannot be read as gold annotation"):
        tasks_to_gold_docs([task([(2, 4, "PERSON")], "reject")])
    docs = tasks_to_gold_docs([task([(2, 4, "PERSON")]), task([], "ignore")])
    assert docs == [AnnotatedDoc(TOKENS, SPACES, [(2, 4, "PERSON")])]


def test_under_no_missing_a_rejected_spans_own_tokens_are_O():
    """As Prodigy's --no-missing: every token outside an accepted span is O, a rejected one too.

    spaCy 3's `incorrect_spans_key` only adds a cost to the action completing the rejected span;
    the tokens' tags come from the rest of the annotation, which `no_missing` declares O. Where a
    reject lies on an accepted span (the thread user's relabelled rejects, merged), the accept's
    tags stand and the reject only rules out its label.
    """
    doc = AnnotatedDoc(("who", "are", "W", "Chen", "today"), (True,) * 4 + (False,), [(2, 4, "PERSON")])
    reject = Task.from_doc(doc, [(2, 4, "ORG")], "reject")
    accept = Task.from_doc(doc, [(2, 4, "PERSON")], "accept")
    alone = tasks_to_supervised([reject], no_missing=True).docs[0].supervision
    assert alone.tags == ("O",) * 5 and alone.rejected == ((2, 4, "ORG"),)
    merged = tasks_to_supervised([accept, reject], no_missing=True).docs[0].supervision
    assert merged.tags == ("O", "O", "B-PERSON", "L-PERSON", "O") and merged.rejected == ((2, 4, "ORG"),)
    missing = tasks_to_supervised([reject], no_missing=False).docs[0].supervision
    assert missing.tags == (None,) * 5  # without no_missing, the reject leaves its tokens unknown


def test_conflicts_accept_keeps_the_accepted_span_and_drops_the_reject_that_contradicts_it():
    kept = tasks_to_supervised(TASKS, conflicts="accept")
    assert kept.conflicts == 1  # counted under either rule
    assert kept.docs[0].supervision == Supervision.partial(8, [(2, 4, "PERSON"), (5, 8, "PERSON")], [(5, 8, "ORG")])
    dropped = tasks_to_supervised(TASKS, conflicts="drop")
    assert dropped.docs[0].supervision.spans == ((5, 8, "PERSON"),)


def test_conflicts_accept_still_drops_accepted_spans_that_overlap():
    clash = [task([(2, 4, "PERSON")]), task([(3, 5, "PERSON")]), task([(3, 5, "PERSON")], "reject")]
    assert tasks_to_supervised(clash, conflicts="accept").docs[0].supervision.spans == ()


def test_an_unknown_conflicts_rule_is_refused():
    with pytest.raises(ValueError, match="conflicts='both'"):
        tasks_to_supervised(TASKS, conflicts="both")
