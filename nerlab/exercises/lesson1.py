"""Lesson 1, the NER model predicts actions: which actions are valid, and labelling by hand.

Every right answer comes from `BiluoSystem` itself (`valid_actions`) or from the oracle's path
under full gold, which reproduces the annotation action by action.
"""

from __future__ import annotations

from functools import cache

from ..oracle import oracle_path
from ..supervision import Supervision
from ..transitions import BiluoSystem, parse_action
from .base import Exercise, Mistake, read_action_set, read_actions, unknown_actions

# The lesson's sentence and labels.
TOKENS = tuple("who are W Chen and Jane M Doe".split())
SYSTEM = BiluoSystem(["PERSON", "ORG"])
OPEN_PERSON = ("O", "O", "B-PERSON")  # the history of exercise 1.1: a PERSON open at "W"
AT_THE_END = ("O", "O", "B-PERSON", "L-PERSON", "O", "O", "O")  # exercise 1.2: nothing open at "Doe"

SETUP = (  # the first lines of the worked answers 1.1 and 1.2, so each runs on its own
    "from nerlab import BiluoSystem\n"
    'system = BiluoSystem(["PERSON", "ORG"])\n'
    'tokens = "who are W Chen and Jane M Doe".split()\n'
)

# The exercise sentence, and its entities.
WORDS = tuple("Apple hired Bob in Paris".split())
APPLE_LABELS = ("ORG", "PERSON", "GPE")
APPLE_SPANS = ((0, 1, "ORG"), (2, 3, "PERSON"), (4, 5, "GPE"))
APPLE_SYSTEM = BiluoSystem(APPLE_LABELS)


def valid_after(history: tuple[str, ...]) -> frozenset[str]:
    """The valid actions after `history` on the lesson's sentence, as the system says."""
    return frozenset(SYSTEM.valid_actions(SYSTEM.run(TOKENS, history)))


@cache
def apple_actions() -> tuple[str, ...]:
    """One action per token that builds exactly the three entities: the oracle's path under gold."""
    gold = Supervision.gold(len(WORDS), APPLE_SPANS)
    return tuple(oracle_path(APPLE_SYSTEM, APPLE_SYSTEM.initial_state(WORDS), gold))


def _moves(value) -> list[str]:
    return [parse_action(name)[0] for name in value]


# -- 1.1 -----------------------------------------------------------------------------------------

INSIDE = Exercise(
    id="1.1",
    question="With a PERSON open at 'W' (after O O B-PERSON), which actions are valid at 'Chen'?",
    after="What the rules forbid (after the cell that tries O after B-ORG)",
    prompt=(
        '**Exercise 1.1.** On "who are W Chen and Jane M Doe" with the labels PERSON and ORG, take '
        '`O`, `O`, `B-PERSON`. Which actions are valid at "Chen"? Answer with a set of action names.'
    ),
    form='a set of action names, e.g. {"O", "B-ORG"}',
    right=lambda: valid_after(OPEN_PERSON),
    read=read_action_set,
    mistakes=(
        unknown_actions(SYSTEM.actions, {"I", "L"}, SYSTEM.labels),
        Mistake(
            {"I-PERSON", "L-PERSON", "O"},
            "While an entity is open, `O` is not valid: the PERSON must be continued (`I-`) or closed (`L-`) first.",
            lambda value: "O" in value,
        ),
        Mistake(
            {"I-PERSON", "L-PERSON", "U-PERSON"},
            "No entity can begin inside an open one: `B-` and `U-` wait until the PERSON is closed.",
            lambda value: any(move in ("B", "U") for move in _moves(value)),
        ),
        Mistake(
            {"I-PERSON", "L-PERSON", "L-ORG"},
            "`I-` and `L-` continue or close the OPEN entity, which is a PERSON: `L-ORG` would change its label.",
            lambda value: any(name.endswith("-ORG") for name in value),
        ),
        Mistake(
            {"I-PERSON"},
            '`L-PERSON` is valid too: it closes the PERSON at "Chen", making "W Chen" a two-token entity.',
            lambda value: "L-PERSON" not in value,
        ),
        Mistake(
            {"L-PERSON"},
            '`I-PERSON` is valid too: four tokens remain, so the PERSON may go on past "Chen". Validity '
            "keeps the state well formed; it does not read the annotation.",
            lambda value: "I-PERSON" not in value,
        ),
    ),
    worked=lambda: (
        f"```python\n{SETUP}"
        'state = system.run(tokens, ["O", "O", "B-PERSON"])\n'
        f"system.valid_actions(state)  # {SYSTEM.valid_actions(SYSTEM.run(TOKENS, OPEN_PERSON))}\n"
        "```\n\n"
        "While an entity is open the only valid actions continue it (`I-`) or close it (`L-`), and "
        "both must use the open entity's label. `O`, `B-` and `U-` wait until it is closed."
    ),
    next="1.2: which actions are valid on the last token?",
    otherwise="Apply the three actions with `system.run(tokens, [...])` and ask `system.valid_actions(state)`.",
)

# -- 1.2 -----------------------------------------------------------------------------------------

LAST_TOKEN = Exercise(
    id="1.2",
    question="With no entity open, which actions are valid on the last token, 'Doe'?",
    after="What the rules forbid (after exercise 1.1)",
    prompt=(
        "**Exercise 1.2.** On the same sentence, take `O O B-PERSON L-PERSON O O O`. No entity is open "
        'and "Doe" is the last token. Which actions are valid there?'
    ),
    form='a set of action names, e.g. {"O", "B-ORG"}',
    right=lambda: valid_after(AT_THE_END),
    read=read_action_set,
    mistakes=(
        unknown_actions(SYSTEM.actions, {"O", "U"}, SYSTEM.labels),
        Mistake(
            {"O", "U-PERSON", "U-ORG", "B-PERSON"},
            "On the last token nothing may begin: `B-` says the entity goes on past this token, and "
            'there is no token after "Doe".',
            lambda value: "B" in _moves(value),
        ),
        Mistake(
            {"O", "U-PERSON", "U-ORG", "L-PERSON"},
            "No entity is open, so there is nothing to continue (`I-`) or close (`L-`).",
            lambda value: any(move in ("I", "L") for move in _moves(value)),
        ),
        Mistake(
            {"U-PERSON", "U-ORG"},
            "`O` is valid: no entity is open, so the last token may be outside any entity.",
            lambda value: "O" not in value,
        ),
        Mistake(
            {"O", "U-PERSON"},
            "Every `U-` is valid here: validity does not read the annotation, so a one-token entity of "
            "either label may end the sentence.",
            lambda value: len(value) < len(valid_after(AT_THE_END)),
        ),
    ),
    worked=lambda: (
        f"```python\n{SETUP}"
        'state = system.run(tokens, ["O", "O", "B-PERSON", "L-PERSON", "O", "O", "O"])\n'
        f"system.valid_actions(state)  # {SYSTEM.valid_actions(SYSTEM.run(TOKENS, AT_THE_END))}\n"
        "```\n\n"
        "Nothing is open, so `I-` and `L-` have nothing to continue or close. `B-` would need a later "
        "token to continue on. `O` and every `U-` remain: each uses up the last token and leaves "
        "nothing open, so the sentence ends in a well-formed state."
    ),
    next="Step through the sentence with the widget below and compare its Take list with your answer.",
    otherwise="Ask `system.valid_actions(state)` after those seven actions.",
)

# -- 1.3 -----------------------------------------------------------------------------------------


def _why_not(value) -> str:
    """The system's own reason when the actions break a rule, else a nudge to compare entities."""
    try:
        done = APPLE_SYSTEM.run(WORDS, value)
    except ValueError as error:
        return f"The rules refuse it: {error}"
    return (
        f"Those actions build {list(done.entities)}, not Apple as ORG, Bob as PERSON and Paris as GPE. "
        "Compare token by token."
    )


BY_HAND = Exercise(
    id="1.3",
    question="Label 'Apple hired Bob in Paris' (ORG, PERSON, GPE) with one action per token.",
    after="Exercise (replaces the '# Your answer here' cell and the worked answer below it)",
    prompt=(
        '**Exercise 1.3.** Label "Apple hired Bob in Paris" by hand: Apple is an ORG, Bob a PERSON, '
        "Paris a GPE. Give one action per token. Try them with "
        '`BiluoSystem(["ORG", "PERSON", "GPE"]).run(words, answer)` first if you like.'
    ),
    form='a list of actions, one per token, e.g. ["O", "U-ORG", ...]',
    right=apple_actions,
    read=read_actions,
    mistakes=(
        Mistake(
            ["ORG", "O", "PERSON", "O", "GPE"],
            'An action is a move and a label, e.g. `U-ORG`: "ORG" alone does not say where the entity begins or ends.',
            lambda value: any(name in APPLE_LABELS for name in value),
        ),
        Mistake(
            ["u-org", "o", "u-person", "o", "u-gpe"],
            "Action names are upper case, as spaCy prints them: `U-ORG`, `O`.",
            lambda value: any(
                name not in APPLE_SYSTEM.actions and name.upper() in APPLE_SYSTEM.actions for name in value
            ),
        ),
        unknown_actions(APPLE_SYSTEM.actions, ["U-ORG", "O", "U-PERSON", "O", "U-LOC"], APPLE_LABELS),
        Mistake(
            ["U-ORG", "U-PERSON", "U-GPE"],
            f'One action per token: {len(WORDS)} tokens, {len(WORDS)} actions. "hired" and "in" need one too (`O`).',
            lambda value: len(value) != len(WORDS),
        ),
        Mistake(
            ["B-ORG", "O", "U-PERSON", "O", "U-GPE"],
            "A one-token entity is `U-`. `B-` must be continued (`I-`) or closed (`L-`) on a later token.",
            lambda value: any(a.startswith("B-") and r.startswith("U-") for a, r in zip(value, apple_actions())),
        ),
        Mistake(
            ["U-ORG", "O", "U-PERSON", "O", "O"],
            "Every entity needs its action: `O` on an entity's token says it is outside any entity.",
            lambda value: any(a == "O" and r != "O" for a, r in zip(value, apple_actions())),
        ),
        Mistake(
            ["U-PERSON", "O", "U-ORG", "O", "U-GPE"],
            "The moves are right; check the labels: Apple is an ORG, Bob a PERSON, Paris a GPE.",
            lambda value: _moves(value) == _moves(apple_actions()),
        ),
    ),
    worked=lambda: (
        f"One action per token: `{' '.join(apple_actions())}`.\n\n"
        "```python\n"
        "from nerlab import BiluoSystem\n"
        'answer_system = BiluoSystem(["ORG", "PERSON", "GPE"])\n'
        'words = "Apple hired Bob in Paris".split()\n'
        f"done = answer_system.run(words, {list(apple_actions())})\n"
        f"done.entities  # {APPLE_SYSTEM.run(WORDS, apple_actions()).entities}\n"
        "```\n\n"
        "Each entity is one token, so each is a `U-` action; the other tokens are `O`. "
        "After `U-ORG` no entity is open, so `I-ORG` right after it has nothing to continue: "
        '`answer_system.apply(answer_system.run(words, ["U-ORG"]), "I-ORG")` raises and says so.'
    ),
    next=(
        'apply `I-ORG` right after `U-ORG` (`answer_system.apply(answer_system.run(words, ["U-ORG"]), '
        '"I-ORG")`) and read the error.'
    ),
    otherwise=_why_not,
)

EXERCISES = (INSIDE, LAST_TOKEN, BY_HAND)
