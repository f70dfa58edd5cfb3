"""Each rule a lesson states, on the lesson's own example, asked of nerlab's oracle AND spaCy's.

Every test quotes the sentence it guards and first checks that the lesson (or the glossary)
still says it; the sentence names the `ner.pyx` function it paraphrases. Then both oracles
answer on the lesson's example, so a sentence and spaCy's source cannot drift apart silently.
"""

import itertools
import json

import pytest

from nerlab import BiluoSystem, DynamicOracle, Supervision
from nerlab.course import lessons_dir
from nerlab.exercises import EXERCISES, check
from nerlab.exercises.glossary import GLOSSARY
from nerlab.exercises.lesson3 import ANNOTATIONS, LABELS, TOKENS
from nerlab.exercises.lesson4 import SPACY_AFTER, spacy_default
from nerlab.spacy_bridge import SpacyOracle, make_doc
from nerlab.walk import Walk

SENTENCE = TOKENS  # "who are W Chen and Jane M Doe", lessons 1 to 3
GOLD = Supervision.gold(len(SENTENCE), [(2, 4, "PERSON"), (5, 8, "PERSON")])


def flat(text: str) -> str:
    return " ".join(text.split())


def says(lesson: str, cell_id: str, sentence: str) -> None:
    """The lesson's cell still holds `sentence` (line breaks aside)."""
    notebook = json.loads((lessons_dir() / f"{lesson}.ipynb").read_text(encoding="utf-8"))
    cell = next(c for c in notebook["cells"] if c["id"] == cell_id)
    assert flat(sentence) in flat("".join(cell["source"])), f"{lesson} {cell_id} no longer says: {sentence}"


def both_costs(tokens, supervision: Supervision, actions, labels=LABELS) -> dict[str, int]:
    """The costs after `actions`, from nerlab's oracle and from spaCy's, which must agree."""
    system = BiluoSystem(labels)
    state = system.run(tokens, actions)
    walk = SpacyOracle(labels).start(list(tokens), supervision)
    for action in actions:
        walk.apply(action)
    ours = DynamicOracle(system).costs(state, supervision)
    theirs = {action: int(cost) for action, cost in walk.costs().items()}
    assert ours == theirs, f"after {actions}: nerlab {ours}, spaCy {theirs}"
    return ours


# -- point 1: what a reject charges ------------------------------------------------------------


def test_begin_is_charged_with_two_tokens_left_where_a_rejected_span_starts():
    """Lesson 3, quirk 2: "when only two tokens are left, `B-X` costs 1 more if any rejected X span
    starts at this token, whatever its end" (`Begin.cost`). On lesson 3's sentence."""
    says(
        "03_binary_and_partial",
        "cell-10",
        "`Begin.cost` adds one more rule: when only two tokens are left, `B-X` costs 1 more "
        "if any rejected X span starts at this token, whatever its end.",
    )
    assert "to `B-X` at its first token when only two tokens are left, whatever the span's end" in flat(
        GLOSSARY["reject"]
    )
    says(
        "06_forum_case",
        "cell-04",
        "and on a `B-` of its label at its first token when two tokens are left (`Begin.cost`)",
    )
    at_m = ["O", "O", "B-PERSON", "L-PERSON", "O", "O"]  # two tokens left: "M Doe"
    # A rejected two-token span "M Doe": B-PERSON makes it unavoidable, and it is charged.
    two = Supervision.partial(8, [(2, 4, "PERSON")], rejected=[(6, 8, "PERSON")])
    assert both_costs(SENTENCE, two, at_m)["B-PERSON"] == 1
    assert both_costs(SENTENCE, two, at_m + ["B-PERSON"]) == {"L-PERSON": 1}  # the only way on
    # A rejected one-token span "M": B-PERSON cannot complete it, and is charged all the same.
    one = Supervision.partial(8, [(2, 4, "PERSON")], rejected=[(6, 7, "PERSON")])
    found = both_costs(SENTENCE, one, at_m)
    assert found["B-PERSON"] == 1 and found["U-PERSON"] == 1 and found["B-ORG"] == 0
    # Lesson 3's own reject "Jane M": at "Jane" three tokens are left, so B-PERSON stays free.
    assert both_costs(SENTENCE, ANNOTATIONS["binary"], at_m[:5])["B-PERSON"] == 0
    # Lesson 2's dead end, "a b c" rejected as ORG: B-ORG at "a" (three left) is free.
    assert both_costs("a b c".split(), Supervision.partial(3, [], [(0, 3, "ORG")]), [])["B-ORG"] == 0


def test_at_a_missing_token_begin_last_and_unit_still_add_reject_charges():
    """Lesson 3, quirk 1: "At a missing token `In.cost` and `Out.cost` return 0 at once;
    `Begin.cost`, `Last.cost` and `Unit.cost` charge nothing for the tag but still add their
    reject charges"."""
    says(
        "03_binary_and_partial",
        "cell-08",
        "At a missing token `In.cost` and `Out.cost` return 0 at once; `Begin.cost`, `Last.cost` "
        "and `Unit.cost` charge nothing for the tag but still add their reject charges",
    )
    says("03_binary_and_partial", "cell-06", "every valid action is free at a missing token unless a reject charges it")
    binary = ANNOTATIONS["binary"]  # "W Chen" accepted, "Jane M" rejected, the rest missing
    assert binary.tags[6] is None
    at_m = both_costs(SENTENCE, binary, ["O", "O", "B-PERSON", "L-PERSON", "O", "B-PERSON"])
    assert at_m == {"I-PERSON": 0, "L-PERSON": 1}  # Last adds the reject, In returns 0
    two = Supervision.partial(8, [(2, 4, "PERSON")], rejected=[(6, 8, "PERSON")])
    assert two.tags[6] is None
    assert both_costs(SENTENCE, two, ["O", "O", "B-PERSON", "L-PERSON", "O", "O"])["B-PERSON"] == 1  # Begin
    # Lesson 3's exercise: "Paris" missing and rejected as ORG.
    words = "Apple hired Bob in Paris".split()
    paris = Supervision.partial(5, [(2, 3, "PERSON")], rejected=[(4, 5, "ORG")])
    assert paris.tags[4] is None
    found = both_costs(words, paris, ["O", "O", "U-PERSON", "O"], labels=("ORG", "PERSON", "GPE"))
    assert found == {"O": 0, "U-ORG": 1, "U-PERSON": 0, "U-GPE": 0}  # Unit adds the reject, Out returns 0


def test_lesson_3s_reject_changes_one_number_only_at_m():
    """Lesson 3: "The reject of "Jane M" changes one number only, at "M"" (on the stepper's path)."""
    says("03_binary_and_partial", "cell-06", 'The reject of "Jane M" changes one number only, at "M".')
    walk = Walk(BiluoSystem(LABELS), SENTENCE, ANNOTATIONS)
    walk.play()
    differ = [row["token"] for row in walk.free_counts() if row["free"]["partial"] != row["free"]["binary"]]
    assert differ == ["M"]


# -- point 2: what In and Last read ------------------------------------------------------------


def test_in_and_last_read_where_the_open_entity_began():
    """Lesson 2: "`In.cost` and `Last.cost` also read the tag where the open entity began, to tell
    whether that entity is sunk" (`_entity_is_sunk`). Same tags at this token and the next,
    different costs: only where the entity began differs."""
    says(
        "02_dynamic_oracle",
        "cell-00",
        "`In.cost` and `Last.cost` also read the tag where the open entity began, to tell whether "
        "that entity is **sunk**",
    )
    assert "`_entity_is_sunk`" in GLOSSARY["sunk"]
    # At "Chen" (gold L-PERSON, next O): I- is free for a sunk ORG, costly for the PERSON that began right.
    assert both_costs(SENTENCE, GOLD, ["O", "O", "B-ORG"]) == {"I-ORG": 0, "L-ORG": 0}  # exercise 2.2
    assert both_costs(SENTENCE, GOLD, ["O", "O", "B-PERSON"])["I-PERSON"] == 1
    # At "M" (gold I-PERSON): L- is free for a sunk ORG, costly for the PERSON that began at "Jane".
    before_jane = ["O", "O", "B-PERSON", "L-PERSON", "O"]
    assert both_costs(SENTENCE, GOLD, before_jane + ["B-ORG"])["L-ORG"] == 0
    assert both_costs(SENTENCE, GOLD, before_jane + ["B-PERSON"])["L-PERSON"] == 1
    assert check("2.2", {"I-ORG", "L-ORG"}).correct


# -- point 7: the actions ------------------------------------------------------------------------


def test_the_label_less_unit_action_only_fills_a_blocked_token():
    """Lesson 1: spaCy's moves hold a label-less `U-` ("Represents a token prohibited to be in an
    entity", `BiluoPushDown.get_actions`); "`Unit.is_valid` allows it only on a token that the
    document itself blocks from every entity", "there it is the only valid action", and nerlab
    leaves it out."""
    says(
        "01_actions",
        "cell-02",
        "`Unit.is_valid` allows it only on a token that the document itself blocks from every entity "
        "(`Doc.set_ents(blocked=...)`), and there it is the only valid action.",
    )
    spacy_oracle = SpacyOracle(["PERSON", "ORG"])
    moves = spacy_oracle.moves
    names = [moves.get_class_name(i) for i in range(moves.n_moves)]
    assert "U-" in names
    assert "U-" not in BiluoSystem(["PERSON", "ORG"]).actions and "U-" not in spacy_oracle.actions
    # Never valid on lesson 1's sentence, along its gold path.
    state = moves.init_batch([make_doc(SENTENCE, spacy_oracle.nlp.vocab)])[0]
    for action in ["O", "O", "B-PERSON", "L-PERSON", "O", "B-PERSON", "I-PERSON", "L-PERSON"]:
        assert not moves.is_valid(state, "U-")
        moves.apply_transition(state, action)
    # On a blocked token it is the only valid action.
    doc = make_doc(SENTENCE, spacy_oracle.nlp.vocab)
    doc.set_ents([], blocked=[doc[2:3]])
    state = moves.init_batch([doc])[0]
    moves.apply_transition(state, "O")
    moves.apply_transition(state, "O")
    assert [name for name in names if moves.is_valid(state, name)] == ["U-"]


@pytest.mark.parametrize(
    "history,valid",
    [
        (["O", "O", "B-PERSON", "L-PERSON", "O", "B-PERSON", "I-PERSON"], {"L-PERSON"}),
        (["O", "O", "B-PERSON", "L-PERSON", "O", "O", "O"], {"O", "U-PERSON", "U-ORG"}),  # exercise 1.2
    ],
)
def test_on_the_last_token_an_open_entity_leaves_only_its_last(history, valid):
    """Lesson 1: "With no entity open, `U` and `O` remain; with an entity open, only `L` with its
    label is valid" (`Begin.is_valid`, `In.is_valid`, `Out.is_valid`, `Unit.is_valid`)."""
    says(
        "01_actions",
        "cell-07",
        "With no entity open, `U` and `O` remain; with an entity open, only `L` with its label is valid",
    )
    assert set(both_costs(SENTENCE, GOLD, history, labels=("PERSON", "ORG"))) == valid


# -- point 5: a word batch never rounds ---------------------------------------------------------


def test_a_word_batch_adds_whole_texts_under_the_unrounded_target():
    """Glossary, batch schedule: "A word batch (`minibatch_by_words`, spaCy 3's default) never
    rounds: it adds whole texts while their words fit under the size, holds over to the next batch
    a text that would overshoot by less than 20% (`tolerance`), and gives a longer text a batch of
    its own." Checked with spaCy's own batcher, and exercise 4.3's answer with it."""
    from spacy.training.batchers import minibatch_by_words

    assert "A word batch (`minibatch_by_words`, spaCy 3's default) never rounds" in flat(GLOSSARY["batch schedule"])
    target = spacy_default().size_at(SPACY_AFTER)  # 100 x 1.001^1000, not a whole number
    assert target != int(target)
    one_word_texts = [["w"]] * 2000
    batches = [sum(map(len, b)) for b in minibatch_by_words(one_word_texts, itertools.repeat(target), 0.2)]
    assert max(batches[:-1]) == int(target)  # whole texts under the target: at most int(target) words
    assert check("4.3", max(batches[:-1])).correct
    texts = [["w"] * n for n in (400, 200, 60, 100, 10)]  # target 250, tolerance up to 300
    batches = list(minibatch_by_words(texts, itertools.repeat(250), 0.2))
    assert [[len(t) for t in b] for b in batches] == [[400], [200], [60, 100, 10]]  # 400 alone; 60 held over


def test_a_word_batch_can_go_over_its_target_and_an_oversize_text_takes_no_step():
    """Glossary, batch schedule: "So a word batch can start with held-over texts and end up to 20%
    over its own target, and an oversize text's batch takes no step of the schedule". Checked with
    spaCy's own batcher, so exercise 4.3 asks for a target after so many steps, not a batch's size."""
    from spacy.training.batchers import minibatch_by_words

    says_glossary = flat(GLOSSARY["batch schedule"])
    assert (
        "So a word batch can start with held-over texts and end up to 20% over its own target, and an "
        "oversize text's batch takes no step of the schedule" in says_glossary
    )
    prompt = flat(EXERCISES["4.3"].prompt)
    assert "After 1,000 steps, at most how many words of whole texts fit under the target?" in prompt
    texts = [["w"] * n for n in (10, 105, 50)]  # 105 waits in the overflow, then makes a batch of its own
    batches = [sum(map(len, b)) for b in minibatch_by_words(texts, itertools.repeat(100), 0.2)]
    assert batches == [10, 105, 50] and max(batches[:-1]) > 100  # not the last batch, and over its target
    steps = []

    def targets():
        while True:
            steps.append(1)
            yield 100

    oversize = [["w"] * n for n in (500, 10, 500, 10, 500)]
    batches = list(minibatch_by_words(oversize, targets(), 0.2))
    assert len(batches) == 4 and len(steps) == 1  # three oversize batches took no step of the schedule


# -- review: what sunk means, what zero means, what In never reads, which rules are left out ------


def test_sunk_is_read_from_the_first_tag_and_a_sunk_entity_can_still_cost_where_it_ends():
    """Glossary, sunk: "a missing tag there counts as sunk", "one begun with `B` on a gold `U` of its
    label cannot match yet is not sunk", and "`I-` at a token whose tag is known costs 1 when the next
    token begins a gold entity (on lesson 2's sentence, after `O O B-ORG I-ORG`, at "and": `I-ORG` 1,
    `L-ORG` 0)". Lesson 2 says sunk only "stands in for" cannot match."""
    says(
        "02_dynamic_oracle",
        "cell-00",
        "its first token is not tagged as the `B` or `U` of an annotated entity with its label "
        '(`_entity_is_sunk`), which stands in for "it can no longer match one"',
    )
    sunk = flat(GLOSSARY["sunk"])
    assert "a missing tag there counts as sunk" in sunk
    assert "one begun with `B` on a gold `U` of its label cannot match yet is not sunk" in sunk
    assert "`I-` at a token whose tag is known costs 1 when the next token begins a gold entity" in sunk
    assert 'after `O O B-ORG I-ORG`, at "and": `I-ORG` 1, `L-ORG` 0' in sunk
    assert both_costs(SENTENCE, GOLD, ["O", "O", "B-ORG", "I-ORG"]) == {"I-ORG": 1, "L-ORG": 0}
    words, labels = "a b c d e".split(), ("ORG", "PERSON")
    # An ORG accepted over "b c d": begun at the missing "a" it is sunk (L- free at the gold I of "c");
    # begun at "b", the gold B, it is not (L- there costs 1).
    accepted = Supervision.partial(5, [(1, 4, "ORG")])
    assert both_costs(words, accepted, ["B-ORG", "I-ORG"], labels)["L-ORG"] == 0
    assert both_costs(words, accepted, ["O", "B-ORG"], labels)["L-ORG"] == 1
    # "b" is a one-token ORG, "c d e" a PERSON: B-ORG at "b" cannot match, yet is not sunk.
    gold = Supervision.gold(5, [(1, 2, "ORG"), (2, 5, "PERSON")])
    assert both_costs(words, gold, ["O", "B-ORG", "I-ORG"], labels)["L-ORG"] == 1  # at "d", gold I-PERSON
    assert both_costs(words, gold, ["B-ORG", "I-ORG", "I-ORG"], labels)["L-ORG"] == 0  # begun at the gold O


def test_zero_cost_does_not_promise_that_every_annotated_entity_can_still_be_found():
    """Lesson 2: "Zero means the rules find nothing this action rules out." Under gold, after
    `O O B-PERSON L-PERSON B-ORG`, both `I-ORG` and `L-ORG` cost 0 at "Jane" although either loses
    "Jane M Doe"; and lesson 3's first quirk loses an accepted entity through zero-cost actions."""
    import nerlab.oracle

    says("02_dynamic_oracle", "cell-00", "Zero means the rules find nothing this action rules out.")
    says(
        "02_dynamic_oracle",
        "cell-00",
        'under gold, after `O O B-PERSON L-PERSON B-ORG`, both `I-ORG` and `L-ORG` cost 0 at "Jane" '
        'although either one loses "Jane M Doe" (the `B-ORG` at "and" already doomed it, and cost 1)',
    )
    assert "Zero means the rules find nothing this action rules out." in flat(nerlab.oracle.__doc__)
    assert "It is not a count of what the action makes impossible" in flat(nerlab.oracle.__doc__)
    before = ["O", "O", "B-PERSON", "L-PERSON"]
    assert both_costs(SENTENCE, GOLD, before)["B-ORG"] == 1
    assert both_costs(SENTENCE, GOLD, before + ["B-ORG"]) == {"I-ORG": 0, "L-ORG": 0}
    system = BiluoSystem(LABELS)
    for at_jane in ("I-ORG", "L-ORG"):
        state = system.run(SENTENCE, before + ["B-ORG", at_jane])
        rest = DynamicOracle(system).path(state, GOLD)
        assert (5, 8, "PERSON") not in system.run(SENTENCE, before + ["B-ORG", at_jane] + list(rest)).entities
    # Lesson 3, quirk 1: an ORG opened on the missing "met" swallows the accepted PERSON at no cost.
    words = "met W Chen today".split()
    partial = Supervision.partial(4, [(1, 3, "PERSON")])
    path = ["B-ORG", "I-ORG", "I-ORG", "L-ORG"]
    assert [both_costs(words, partial, path[:i])[path[i]] for i in range(4)] == [0, 0, 0, 0]
    assert (1, 3, "PERSON") not in system.run(words, path).entities


def test_in_never_reads_the_rejected_spans():
    """Lesson 3, quirk 2: "`In.cost` never reads the rejected spans, so they add nothing to `I-X` at
    any position, even when it leaves only the rejected closing action (quirk 3, where `I-ORG` is free
    with two tokens left)"."""
    says(
        "03_binary_and_partial",
        "cell-10",
        "`In.cost` never reads the rejected spans, so they add nothing to `I-X` at any position, even when "
        "it leaves only the rejected closing action (quirk 3, where `I-ORG` is free with two tokens left).",
    )
    dead = Supervision.partial(3, [], rejected=[(0, 3, "ORG")])
    assert both_costs("a b c".split(), dead, ["B-ORG"])["I-ORG"] == 0  # at "b": two tokens left
    assert both_costs("a b c".split(), dead, ["B-ORG", "I-ORG"]) == {"L-ORG": 1}  # the only way on
    words = "a b c d e f".split()
    rejected = Supervision.partial(6, [], rejected=[(0, 6, "ORG")])
    unanswered = Supervision.partial(6, [])
    for i in range(1, 5):
        history = ["B-ORG"] + ["I-ORG"] * (i - 1)
        assert both_costs(words, rejected, history)["I-ORG"] == both_costs(words, unanswered, history)["I-ORG"] == 0


def test_the_validity_rules_the_lessons_leave_out_are_never_called_on():
    """Lesson 1: "No entity may begin on a whitespace token (`Begin.is_valid`, `Unit.is_valid`);
    `BiluoSystem` keeps this rule", and nerlab's documents have no sentence boundaries set and no
    preset entities, so spaCy's rules for those are never called on."""
    says(
        "01_actions",
        "cell-07",
        "No entity may begin on a whitespace token (`Begin.is_valid`, `Unit.is_valid`); `BiluoSystem` "
        "keeps this rule, but the lessons' texts hold no whitespace token.",
    )
    says("01_actions", "cell-07", "nerlab's documents have no sentence boundaries set")
    says("01_actions", "cell-07", "and nerlab never presets any")
    words = ["met", "\n", "W", "Chen"]
    assert both_costs(words, Supervision.partial(4, [(2, 4, "PERSON")]), ["O"]) == {"O": 0}
    assert not any(token.isspace() for token in SENTENCE)
    doc = make_doc(SENTENCE, SpacyOracle(LABELS).nlp.vocab)
    assert not doc.has_annotation("SENT_START") and all(t.is_sent_start is None for t in doc[1:])
    assert not doc.has_annotation("ENT_IOB") and not doc.ents
