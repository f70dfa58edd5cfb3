"""Supervision: what full, partial and rejected annotation say about each token."""

import pytest

from nerlab import Supervision


def test_gold_marks_every_other_token_outside():
    sup = Supervision.gold(6, [(2, 4, "PERSON"), (5, 6, "ORG")])
    assert sup.tags == ("O", "O", "B-PERSON", "L-PERSON", "O", "U-ORG")
    assert sup.spans == ((2, 4, "PERSON"), (5, 6, "ORG"))
    assert sup.is_complete and sup.n_missing == 0


def test_partial_leaves_other_tokens_missing():
    sup = Supervision.partial(5, [(1, 4, "ORG")], rejected=[(0, 1, "ORG")])
    assert sup.tags == (None, "B-ORG", "I-ORG", "L-ORG", None)
    assert sup.rejected == ((0, 1, "ORG"),)
    assert sup.n_missing == 2 and not sup.is_complete
    assert sup.labels == ("ORG",)


def test_no_missing_turns_unannotated_tokens_outside():
    sup = Supervision.partial(3, [], rejected=[(0, 2, "ORG")], no_missing=True)
    assert sup.tags == ("O", "O", "O")  # a reject-only text now claims: no entities at all
    assert sup.spans == ()


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: Supervision.gold(3, [(0, 2, "A"), (1, 3, "B")]), "overlap"),
        (lambda: Supervision.gold(3, [(2, 4, "A")]), "does not fit in a document of 3 tokens"),
        (lambda: Supervision.gold(3, [(2, 2, "A")]), "does not fit"),
        (lambda: Supervision.gold(3, [(-1, 1, "A")]), "does not fit"),
        (lambda: Supervision.partial(3, [(0, 1, "A")], [(0, 1, "A")]), "both accepted and rejected"),
        (lambda: Supervision.gold(3, [(0, 1, "")]), "empty label"),
        (lambda: Supervision.partial(3, [], [(0, 1, "")]), "empty label"),
        (lambda: Supervision.gold(3, [(0, 1)]), "triple"),
        (lambda: Supervision.gold(3, [(0.0, 1, "A")]), "integers"),
        (lambda: Supervision.gold(0, []), "at least one token"),
    ],
)
def test_inconsistent_input_is_a_clear_error(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def test_rejected_spans_may_overlap_each_other_and_accepted_ones():
    sup = Supervision.partial(4, [(0, 2, "A")], [(0, 2, "B"), (1, 3, "A"), (1, 4, "A")])
    assert len(sup.rejected) == 3


def test_spacy_reads_missing_whitespace_as_outside():
    sup = Supervision.partial(3, [(0, 1, "A")])
    assert sup.as_read_by_spacy(["x", " ", "y"]).tags == ("U-A", "O", None)
    nothing = Supervision.partial(3, [], [(0, 1, "A")])
    assert nothing.as_read_by_spacy(["x", " ", "y"]).tags == (None, None, None)
