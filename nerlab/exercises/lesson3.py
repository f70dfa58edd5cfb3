"""Lesson 3, what binary and partial annotations tell the model: free actions and rejected spans.

The counts come from a `Walk` (what the stepper widget shows, without the widget) and the
costs from the oracle, so each answer is exactly what the lesson's tables print.
"""

from __future__ import annotations

from functools import cache

from ..oracle import costs
from ..supervision import Supervision
from ..transitions import BiluoSystem
from ..walk import Walk
from .base import Exercise, Mistake, read_action_set, read_numbers, unknown_actions

# The lesson's sentence under gold, partial and binary annotation (as in its first stepper).
TOKENS = tuple("who are W Chen and Jane M Doe".split())
SPANS = [(2, 4, "PERSON"), (5, 8, "PERSON")]
REJECTED = [(5, 7, "PERSON")]
LABELS = ("PERSON", "ORG")
KINDS = ("gold", "partial", "binary")
# Partial accepts "W Chen"; binary knows the same and rejects "Jane M" as a PERSON (the true one is longer).
ANNOTATIONS = {
    "gold": Supervision.gold(len(TOKENS), SPANS),
    "partial": Supervision.partial(len(TOKENS), SPANS[:1]),
    "binary": Supervision.partial(len(TOKENS), SPANS[:1], rejected=REJECTED),
}

# Quirk 2: with three tokens or more left, a rejected span only costs on the action that completes it.
QUIRK_SYSTEM = BiluoSystem(LABELS)
QUIRK = Supervision.partial(5, [], rejected=[(0, 3, "ORG")])
QUIRK_STATE = QUIRK_SYSTEM.run("a b c d e".split(), ["B-ORG", "I-ORG"])

# The lesson's exercise: only "Bob" accepted (partial), and "Paris" rejected as ORG too (binary).
WORDS = tuple("Apple hired Bob in Paris".split())
APPLE_SYSTEM = BiluoSystem(["ORG", "PERSON", "GPE"])
APPLE = {
    "partial": Supervision.partial(5, [(2, 3, "PERSON")]),
    "binary": Supervision.partial(5, [(2, 3, "PERSON")], rejected=[(4, 5, "ORG")]),
}


# The first lines of the worked answers, so each runs on its own.
SETUP = 'from nerlab import BiluoSystem, Supervision, costs\nsystem = BiluoSystem(["PERSON", "ORG"])\n'
APPLE_SETUP = (
    "from nerlab import BiluoSystem, Supervision, costs\n"
    'system = BiluoSystem(["ORG", "PERSON", "GPE"])\n'
    'words = "Apple hired Bob in Paris".split()\n'
    'partial = Supervision.partial(5, [(2, 3, "PERSON")])\n'
    'binary = Supervision.partial(5, [(2, 3, "PERSON")], rejected=[(4, 5, "ORG")])\n'
)


def free_row(walk: Walk, token: str) -> dict:
    """The free-action counts at `token` on the walk's oracle path."""
    walk.play()
    return next(row for row in walk.free_counts() if row["token"] == token)


@cache
def free_at_jane() -> tuple[float, ...]:
    row = free_row(Walk(BiluoSystem(LABELS), TOKENS, ANNOTATIONS), "Jane")
    return tuple(float(row["free"][kind]) for kind in KINDS)


@cache
def paris_walk() -> Walk:
    walk = Walk(APPLE_SYSTEM, WORDS, APPLE)
    walk.play()
    return walk


def paris_costs() -> dict[str, dict[str, int]]:
    """The cost of every valid action at "Paris", under partial and binary."""
    walk = paris_walk()
    return walk.costs_at(walk.states[WORDS.index("Paris")])


def made_costly_at_paris() -> frozenset[str]:
    """The actions the reject makes cost more than they do without it."""
    found = paris_costs()
    return frozenset(a for a, c in found["binary"].items() if c > found["partial"][a])


@cache
def free_at_paris() -> tuple[float, ...]:
    row = free_row(paris_walk(), "Paris")
    return (float(row["free"]["partial"]), float(row["free"]["binary"]))


def valid_at_paris() -> int:
    return len(paris_costs()["partial"])


# -- 3.1 -----------------------------------------------------------------------------------------

AT_JANE = Exercise(
    id="3.1",
    question="At 'Jane' on the gold path, how many actions are free under gold, partial and binary?",
    after="the first stepper (cell 1), before the cell that prints stepper.free_counts()",
    prompt=(
        '**Exercise 3.1.** In the stepper above, "partial" accepts only "W Chen"; "binary" accepts '
        '"W Chen" too and rejects "Jane M" as a PERSON. At "Jane", on the gold path, how many valid '
        "actions are free under each annotation?"
    ),
    form='a dict {"gold": ..., "partial": ..., "binary": ...} or a tuple in that order',
    right=free_at_jane,
    read=lambda answer: read_numbers(answer, KINDS),
    mistakes=(
        Mistake(
            {"gold": 2, "partial": 5, "binary": 1},
            "Under full gold exactly one action is free at every step of the gold path: the annotation "
            "decides everything.",
            lambda value: value[0] != free_at_jane()[0],
        ),
        Mistake(
            {"gold": 1, "partial": 9, "binary": 1},
            'Count valid actions only: at "Jane" no entity is open, so no `I-` or `L-` is valid.',
            lambda value: value[1] == len(QUIRK_SYSTEM.actions),
        ),
        Mistake(
            {"gold": 1, "partial": 1, "binary": 1},
            'Under partial only "W Chen" is accepted: "Jane" is missing, and at a missing token every '
            "valid action is free.",
            lambda value: value[1] == free_at_jane()[0],
        ),
        Mistake(
            {"gold": 1, "partial": 5, "binary": 1},
            'This "binary" annotation does not accept "Jane M Doe": it rejects "Jane M" as a PERSON. '
            'On this path that charges only the action that would close exactly that span (at "M"): '
            '`B-PERSON` at "Jane" is not charged, because three tokens are left there. "Jane" itself '
            "is missing, so every valid action is free there.",
            lambda value: value[2] == free_at_jane()[0],
        ),
    ),
    worked=lambda: (
        f"```python\n{SETUP}"
        'tokens = "who are W Chen and Jane M Doe".split()\n'
        'spans = [(2, 4, "PERSON"), (5, 8, "PERSON")]\n'
        "annotations = {\n"
        '    "gold": Supervision.gold(8, spans),\n'
        '    "partial": Supervision.partial(8, spans[:1]),\n'
        '    "binary": Supervision.partial(8, spans[:1], rejected=[(5, 7, "PERSON")]),\n'
        "}\n"
        'at_jane = system.run(tokens, ["O", "O", "B-PERSON", "L-PERSON", "O"])  # the gold path\n'
        "free = {name: sum(c == 0 for c in costs(system, at_jane, a).values()) for name, a in annotations.items()}\n"
        f"free  # {dict(zip(KINDS, map(int, free_at_jane())))}\n"
        "```\n\n"
        'Gold knows every tag, so one action is free. Partial knows nothing about "Jane": every valid '
        'action (O, and B- or U- with either label) costs 0. Binary knows no more about "Jane" than '
        'partial does: its reject of "Jane M" only costs at "M", on the action that would close '
        "exactly that span. A reject adds very little."
    ),
    next="press Play in the stepper and find the steps where partial and binary differ.",
)

# -- 3.2 -----------------------------------------------------------------------------------------

EXTEND_REJECT = Exercise(
    id="3.2",
    question="'a b c d e', only (0, 3, ORG) rejected, after B-ORG I-ORG: which valid actions cost something?",
    after="The blind spots of spaCy's oracle, quirk 2 (before its code cell)",
    prompt=(
        '**Exercise 3.2.** In "a b c d e" the only annotation rejects (0, 3, ORG). After `B-ORG I-ORG`, '
        'which valid actions at "c" cost more than 0? `set()` is a possible answer.'
    ),
    form='a set of action names, e.g. {"O"}, or set()',
    right=lambda: frozenset(a for a, c in costs(QUIRK_SYSTEM, QUIRK_STATE, QUIRK).items() if c),
    read=read_action_set,
    mistakes=(
        unknown_actions(QUIRK_SYSTEM.actions, {"L"}, LABELS),
        Mistake(
            {"I-ORG"},
            "Extending a rejected span is free: `I-` has no rule for rejected spans, even though "
            '"a b c d" might be just as wrong.',
            lambda value: "I-ORG" in value,
        ),
        Mistake(
            {"O"},
            "`O` is not valid here: the ORG is open and must be continued or closed.",
            lambda value: "O" in value,
        ),
        Mistake(
            set(),
            "`L-ORG` here would complete exactly (0, 3, ORG), the span the annotator rejected: that costs 1.",
            lambda value: not value,
        ),
    ),
    worked=lambda: (
        f"```python\n{SETUP}"
        'rejects = Supervision.partial(5, [], rejected=[(0, 3, "ORG")])\n'
        'state = system.run("a b c d e".split(), ["B-ORG", "I-ORG"])\n'
        f"costs(system, state, rejects)  # {costs(QUIRK_SYSTEM, QUIRK_STATE, QUIRK)}\n"
        "```\n\n"
        "A rejected span charges the action that completes it exactly: here `L-ORG` at its last token "
        "(`Last.cost`; for a one-token span, `U-`, `Unit.cost`). `Begin.cost` also charges `B-ORG` at a "
        'rejected ORG\'s first token, but only when two tokens are left; "a b c d e" had five, so '
        "opening the span was free, and so is carrying it on past its end."
    ),
    next="run the quirk's cell and compare; then quirk 3 shows where this leads.",
    otherwise="Ask `oracle.costs(state, rejects)` in that state.",
)

# -- 3.3 -----------------------------------------------------------------------------------------

REJECT_AT_PARIS = Exercise(
    id="3.3",
    question="'Apple hired Bob in Paris': which action at 'Paris' does the reject (4, 5, ORG) make costly?",
    after="Exercise (replaces the '# Your answer here' cell and the worked answer below it)",
    prompt=(
        '**Exercise 3.3.** "Apple hired Bob in Paris", labels ORG, PERSON, GPE. Partial: only "Bob" '
        'accepted. Binary: "Bob" accepted and "Paris" rejected as ORG. Following the oracle\'s path, '
        'which actions at "Paris" cost something under binary but nothing under partial?'
    ),
    form='a set of action names, e.g. {"O"}',
    right=made_costly_at_paris,
    read=read_action_set,
    mistakes=(
        unknown_actions(APPLE_SYSTEM.actions, {"ORG"}, APPLE_SYSTEM.labels),
        Mistake(
            {"B-ORG"},
            '`B-ORG` is not valid at "Paris": it is the last token, so nothing may begin there. A '
            "one-token span is completed by `U-`.",
            lambda value: "B-ORG" in value,
        ),
        Mistake(
            {"O"},
            '`O` stays free: the reject says "Paris" is not an ORG; it does not say what it is, and `O` '
            "agrees with it.",
            lambda value: "O" in value,
        ),
        Mistake(
            {"U-GPE"},
            "The reject is about ORG only: `U-GPE` stays free (it is even the true label).",
            lambda value: "U-GPE" in value,
        ),
        Mistake(
            {"U-ORG", "U-PERSON"},
            "On the last token only the action that completes the rejected span exactly costs something "
            "(no `B-` is valid there): one action.",
            lambda value: len(value) > 1,
        ),
        Mistake(
            set(),
            'The reject does cost something: the action that makes "Paris" exactly the rejected (4, 5, ORG).',
            lambda value: not value,
        ),
    ),
    worked=lambda: (
        f"```python\n{APPLE_SETUP}"
        f"at_paris = system.run(words, {list(paris_walk().history[: WORDS.index('Paris')])})\n"
        f"costs(system, at_paris, partial)  # {paris_costs()['partial']}\n"
        f"costs(system, at_paris, binary)  # {paris_costs()['binary']}\n"
        "```\n\n"
        f"Only {sorted(made_costly_at_paris())} changes. A reject charges the action that would complete "
        "it exactly (`Unit.cost` for a one-token span), and a `B-` only when two tokens are left, which "
        'cannot happen on the last token; every other action at "Paris" stays free, and the other '
        "missing tokens are untouched."
    ),
    next='3.4: count the free actions at "Paris".',
)

# -- 3.4 -----------------------------------------------------------------------------------------

FREE_AT_PARIS = Exercise(
    id="3.4",
    question="How many valid actions are free at 'Paris' under partial and under binary?",
    after="Exercise (after exercise 3.3)",
    prompt=(
        "**Exercise 3.4.** Same annotations. On the oracle's path, how many valid actions are free at "
        '"Paris" under partial, and under binary?'
    ),
    form='a tuple (partial, binary) or a dict {"partial": ..., "binary": ...}',
    right=free_at_paris,
    read=lambda answer: read_numbers(answer, ("partial", "binary")),
    mistakes=(
        Mistake(
            (7, 6),
            "On the last token nothing may begin: only `O` and the three `U-` actions are valid.",
            lambda value: value[0] > valid_at_paris(),
        ),
        Mistake(
            (1, 1),
            '"Paris" is missing under both: nothing is known about it but the reject, and at a missing '
            "token every valid action is free unless a rejected span charges it.",
            lambda value: value[0] == 1,
        ),
        Mistake(
            (3, 4),
            "Swapped: give (partial, binary). The reject removes a free action, so binary has fewer.",
            lambda value: value == free_at_paris()[::-1],
        ),
        Mistake(
            (4, 4),
            'The reject makes one action costly at "Paris" (exercise 3.3): binary has one free action fewer.',
            lambda value: value[1] == value[0],
        ),
    ),
    worked=lambda: (
        f"```python\n{APPLE_SETUP}"
        f"at_paris = system.run(words, {list(paris_walk().history[: WORDS.index('Paris')])})\n"
        "[sum(c == 0 for c in costs(system, at_paris, sup).values()) for sup in (partial, binary)]"
        f"  # {list(map(int, free_at_paris()))}\n"
        "```\n\n"
        f"{valid_at_paris()} actions are valid on the last token (`O` and one `U-` per label). All are "
        "free under partial; under binary `U-ORG` costs 1, so one fewer is free. A reject constrains "
        "one action on one token: a weak signal beside a full annotation."
    ),
    next="run the worked cell below and read the whole table: which tokens does the reject touch?",
)

EXERCISES = (AT_JANE, EXTEND_REJECT, REJECT_AT_PARIS, FREE_AT_PARIS)
