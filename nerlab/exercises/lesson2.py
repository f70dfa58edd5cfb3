"""Lesson 2, the dynamic oracle: costs on the gold path, re-planning after a mistake, dead ends.

These exercises rest on the oracle's rules (`nerlab.oracle`), not on the lesson's wording, so
they stay right while the lesson is rewritten. Every right answer is the oracle's own:
`costs`, `oracle_actions`, `loss_targets`.
"""

from __future__ import annotations

from ..oracle import costs, loss_targets, oracle_actions, oracle_path
from ..supervision import Supervision
from ..transitions import BiluoSystem, parse_action
from .base import (
    LEVEL,
    Exercise,
    Mistake,
    Prediction,
    compared,
    read_action_set,
    read_actions,
    read_numbers,
    unknown_actions,
)

SYSTEM = BiluoSystem(["PERSON", "ORG"])
TOKENS = tuple("who are W Chen and Jane M Doe".split())
GOLD = Supervision.gold(len(TOKENS), [(2, 4, "PERSON"), (5, 8, "PERSON")])
AT_W = SYSTEM.run(TOKENS, ["O", "O"])
WRONG = SYSTEM.apply(AT_W, "B-ORG")  # the mistake: an ORG opened where a PERSON begins
LEFT = TOKENS[WRONG.position :]  # the tokens still to label after the mistake
SETUP = (  # the first lines of every worked answer, so each runs on its own
    "from nerlab import BiluoSystem, DynamicOracle, Supervision, loss_targets\n"
    'system = BiluoSystem(["PERSON", "ORG"])\n'
    "oracle = DynamicOracle(system)\n"
    'tokens = "who are W Chen and Jane M Doe".split()\n'
    'gold = Supervision.gold(len(tokens), [(2, 4, "PERSON"), (5, 8, "PERSON")])\n'
)

# A dead end: a 3-token text whose only annotation rejects the whole text as ORG.
DEAD_TOKENS = ("a", "b", "c")
DEAD = Supervision.partial(len(DEAD_TOKENS), [], rejected=[(0, 3, "ORG")])
DEAD_STATE = SYSTEM.run(DEAD_TOKENS, ["B-ORG", "I-ORG"])


def free_at(state, supervision) -> frozenset[str]:
    return frozenset(oracle_actions(SYSTEM, state, supervision))


def _moves(value) -> list[str]:
    return [parse_action(name)[0] for name in value]


# -- 2.1 -----------------------------------------------------------------------------------------

ON_PATH = Exercise(
    id="2.1",
    question="Under full gold, which actions cost 0 at 'W' (after O O)?",
    after="Costs under full gold (before the cell that prints the costs)",
    prompt=(
        '**Exercise 2.1.** "who are W Chen and Jane M Doe", gold PERSONs "W Chen" (2, 4) and '
        '"Jane M Doe" (5, 8), labels PERSON and ORG. After `O O`, which actions cost 0 at "W"?'
    ),
    form='a set of action names, e.g. {"O"}',
    right=lambda: free_at(AT_W, GOLD),
    read=read_action_set,
    mistakes=(
        unknown_actions(SYSTEM.actions, {"B"}, SYSTEM.labels),
        Mistake(
            {"I-PERSON"},
            '`I-` and `L-` are not valid at "W": no entity is open. The oracle only prices valid actions.',
            lambda value: any(move in ("I", "L") for move in _moves(value)),
        ),
        Mistake(
            {"U-PERSON"},
            '"W Chen" is two tokens: `U-PERSON` makes a one-token PERSON, which would be wrong (cost 1).',
            lambda value: "U-PERSON" in value,
        ),
        Mistake(
            {"O"},
            '`O` skips "W", the first token of a gold PERSON: that PERSON can no longer be found (cost 1).',
            lambda value: "O" in value,
        ),
        Mistake(
            {"B-ORG"},
            "Right place, wrong label: the annotation says PERSON, so `B-ORG` costs 1.",
            lambda value: "B-ORG" in value,
        ),
    ),
    worked=lambda: (
        f"```python\n{SETUP}"
        'state = system.run(tokens, ["O", "O"])\n'
        f"oracle.costs(state, gold)  # {costs(SYSTEM, AT_W, GOLD)}\n"
        "```\n\n"
        f"Only {sorted(free_at(AT_W, GOLD))} costs 0. Under full gold every token's tag is known, so the "
        "annotation decides: exactly one action is free at each step of the gold path."
    ),
    next='2.2: take the wrong `B-ORG` at "W" and ask the oracle again.',
    otherwise="Ask `oracle.costs(state, gold)` after `O O` and keep the actions that cost 0.",
)

# -- 2.2 -----------------------------------------------------------------------------------------

AFTER_MISTAKE = Exercise(
    id="2.2",
    question="After the wrong B-ORG at 'W', which actions cost 0 at 'Chen'?",
    after="Costs under full gold (after exercise 2.1; 'Going off the path' gives the answer away)",
    prompt=(
        '**Exercise 2.2.** Same sentence and gold. Take the wrong action `B-ORG` at "W" (after '
        '`O O`). Which actions cost 0 at "Chen"? An empty set `set()` is a possible answer.'
    ),
    form='a set of action names, e.g. {"O"}, or set()',
    right=lambda: free_at(WRONG, GOLD),
    read=read_action_set,
    mistakes=(
        unknown_actions(SYSTEM.actions, {"I", "L"}, SYSTEM.labels),
        Mistake(
            set(),
            "The mistake has already cost 1. The oracle prices each action from the state it is in, so "
            "some actions are free again: it re-plans from here.",
            lambda value: not value,
        ),
        Mistake(
            {"I-PERSON", "L-PERSON"},
            'The open entity is an ORG: only `I-ORG` and `L-ORG` are valid. "W Chen" as a PERSON is already lost.',
            lambda value: any(name.endswith("-PERSON") for name in value),
        ),
        Mistake(
            {"O"},
            "`O` is not valid while the ORG is open: it must be continued or closed first.",
            lambda value: "O" in value,
        ),
        Mistake(
            {"L-ORG"},
            "`I-ORG` is free too. The ORG is already wrong (its first token does not begin a gold ORG), "
            'so where it ends costs nothing more, as long as it ends before "Jane".',
            lambda value: "I-ORG" not in value,
        ),
        Mistake(
            {"I-ORG"},
            "`L-ORG` is free too: closing the wrong ORG now loses nothing more.",
            lambda value: "L-ORG" not in value,
        ),
    ),
    worked=lambda: (
        f"```python\n{SETUP}"
        'wrong = system.run(tokens, ["O", "O", "B-ORG"])\n'
        f"oracle.costs(wrong, gold)  # {costs(SYSTEM, WRONG, GOLD)}\n"
        "```\n\n"
        'The PERSON "W Chen" was lost the moment the ORG opened. spaCy\'s rules call such an entity '
        "*sunk*: its first token is not tagged as the start of a gold entity with its label, so ending it "
        'here or at "and" costs the same. Going on into "Jane" would not: after `I-ORG`, `I-ORG` at "and" '
        "costs 1. The oracle does not punish the same mistake twice; it re-plans for what can still be found."
    ),
    next="2.3: plan the rest of the sentence from this state.",
    otherwise="Ask `oracle.costs(wrong, gold)` and keep the actions that cost 0.",
)

# -- 2.3 -----------------------------------------------------------------------------------------


def plan_costs(value) -> list[tuple[str, str, int]]:
    """(action, token, cost under gold) for each action of a plan from the wrong state.

    Raises ValueError, with the system's reason, at the first invalid action.
    """
    state, found = WRONG, []
    for action in value:
        cost = costs(SYSTEM, state, GOLD).get(action)
        token = state.current_token
        state = SYSTEM.apply(state, action)
        found.append((action, token, cost))
    return found


def is_free_plan(value) -> bool:
    """Right when the plan labels every remaining token and every step costs 0."""
    try:
        return len(value) == len(LEFT) and all(cost == 0 for _, _, cost in plan_costs(value))
    except ValueError:
        return False


def _finds_jane(value) -> bool:
    state = SYSTEM.run(TOKENS, ("O", "O", "B-ORG") + tuple(value))
    return (5, 8, "PERSON") in state.entities


def _first_costly_step(value) -> str:
    try:
        found = plan_costs(value)
    except ValueError as error:
        return f"The rules refuse it: {error}"
    action, token, cost = next((step for step in found if step[2]), found[0])
    return f'`{action}` at "{token}" costs {cost}: look at `oracle.costs` in that state.'


REPLAN = Exercise(
    id="2.3",
    question="After O O B-ORG, give actions for the remaining tokens that all cost 0.",
    after="Going off the path (before the cell that prints the oracle's plan)",
    prompt=(
        '**Exercise 2.3.** After the wrong `B-ORG` at "W", plan the rest: one action for each of '
        f"{', '.join(repr(t) for t in LEFT)}, each costing 0 in the state it is taken in. "
        "More than one plan is right."
    ),
    form=f"a list of {len(LEFT)} actions, from 'Chen' to 'Doe'",
    right=lambda: tuple(oracle_path(SYSTEM, WRONG, GOLD)),
    read=read_actions,
    accepts=is_free_plan,
    mistakes=(
        unknown_actions(SYSTEM.actions, ["L", "O", "B", "I", "L"], SYSTEM.labels),
        Mistake(
            ["O", "O", "B-ORG", "L-ORG", "O", "B-PERSON", "I-PERSON", "L-PERSON"],
            f'Start from the state after `O O B-ORG`: give only the {len(LEFT)} actions from "Chen" on.',
            lambda value: len(value) == len(TOKENS),
        ),
        Mistake(
            ["L-ORG", "O", "B-PERSON", "L-PERSON"],
            f"One action per remaining token: {', '.join(LEFT)} need {len(LEFT)} actions.",
            lambda value: len(value) != len(LEFT),
        ),
        Mistake(
            ["L-PERSON", "O", "B-PERSON", "I-PERSON", "L-PERSON"],
            'The open entity is an ORG, and `I-PERSON` or `L-PERSON` cannot change its label. "W Chen" '
            "as a PERSON is lost whatever you do next: close the ORG.",
            lambda value: value[0] in ("I-PERSON", "L-PERSON"),
        ),
        Mistake(
            ["O", "O", "B-PERSON", "I-PERSON", "L-PERSON"],
            '`O` (like `B-` and `U-`) is not valid at "Chen": the ORG opened at "W" must be continued or closed first.',
            lambda value: _moves(value)[0] in ("O", "B", "U"),
        ),
        Mistake(
            ["L-ORG", "O", "O", "O", "O"],
            'That loses "Jane M Doe" too. Costs are about what is lost from here on, so the oracle still '
            "plans to find every entity that can still be found.",
            lambda value: not _finds_jane(value),
        ),
    ),
    worked=lambda: (
        f"```python\n{SETUP}"
        'wrong = system.run(tokens, ["O", "O", "B-ORG"])\n'
        f"oracle.path(wrong, gold)  # {oracle_path(SYSTEM, WRONG, GOLD)}\n"
        "```\n\n"
        'The oracle\'s own plan closes the ORG at once and then finds "Jane M Doe". It is one of several '
        'zero-cost plans: `I-ORG L-ORG` (ending the ORG on "and") costs nothing either, because the '
        'ORG is already wrong and "and" belongs to no entity. Going on over "Jane" would cost 1: '
        "it swallows the start of a PERSON that can still be found."
    ),
    next="2.4: what does the loss do in a state where every valid action costs something?",
    otherwise=_first_costly_step,
)

# -- 2.4 -----------------------------------------------------------------------------------------

DEAD_END = Exercise(
    id="2.4",
    question="Text 'a b c', only (0, 3, ORG) rejected, after B-ORG I-ORG: which actions are the loss targets?",
    after="A trained model's scores beside the costs (where the loss targets are introduced)",
    prompt=(
        '**Exercise 2.4.** A 3-token text "a b c" whose only annotation rejects the whole text as ORG: '
        '`Supervision.partial(3, [], rejected=[(0, 3, "ORG")])`. After `B-ORG I-ORG`, which actions '
        'does spaCy\'s loss treat as correct at "c" (`loss_targets`)? `set()` is a possible answer.'
    ),
    form='a set of action names, e.g. {"O"}, or set()',
    right=lambda: frozenset(loss_targets(costs(SYSTEM, DEAD_STATE, DEAD))),
    read=read_action_set,
    mistakes=(
        unknown_actions(SYSTEM.actions, {"L"}, SYSTEM.labels),
        Mistake(
            set(),
            "Every valid action costs something here, but spaCy's loss still accepts the cheapest if it "
            "costs exactly 1: the targets are the cost-1 actions. Only when every valid action costs 2 or "
            "more are there none.",
            lambda value: not value,
        ),
        Mistake(
            {"O"},
            "`O` is not valid: the ORG is open, and on the last token it must be closed.",
            lambda value: "O" in value,
        ),
        Mistake(
            {"I-ORG"},
            "`I-ORG` is not valid on the last token: the entity cannot go on past the end of the text.",
            lambda value: "I-ORG" in value,
        ),
    ),
    worked=lambda: (
        f"```python\n{SETUP}"
        'dead = Supervision.partial(3, [], rejected=[(0, 3, "ORG")])\n'
        'state = system.run(["a", "b", "c"], ["B-ORG", "I-ORG"])\n'
        f"oracle.costs(state, dead)  # {costs(SYSTEM, DEAD_STATE, DEAD)}\n"
        f"loss_targets(oracle.costs(state, dead))  # {loss_targets(costs(SYSTEM, DEAD_STATE, DEAD))}\n"
        "```\n\n"
        "`B-ORG` and `I-ORG` were free: nothing is known about the tokens, `In.cost` has no rule for "
        "rejected spans, and `Begin.cost` charges a `B-ORG` at the first token of a rejected ORG only "
        "when two tokens are left (here three were). Now the only valid action completes the rejected "
        "span and costs 1 (`Last.cost`). spaCy's loss (`arg_max_if_gold`) accepts a best cost of up to 1, so here it "
        "pushes the model *towards* the span the annotator rejected. Lesson 3 calls this a dead end."
    ),
    next="read `loss_targets` in `nerlab/oracle.py`: its docstring names the spaCy functions it mirrors.",
    otherwise="Ask `oracle.costs(state, dead)`, then `loss_targets` of those costs.",
)

# -- 2.5: predict, then run -----------------------------------------------------------------------


def _between(measured) -> str:
    model, oracle, half = measured
    if compared(half - max(model, oracle)) == "a":
        return "a"
    if compared(half - min(model, oracle)) == "b":
        return "b"
    return "c"


def _explain_half(measured) -> str:
    model, oracle, half = measured
    verdict = {
        "a": f"Mixing helped here by more than {LEVEL}: worth a second seed before believing it.",
        "b": f"Mixing hurt here by more than {LEVEL}: worth a second seed before believing it.",
        "c": "Mixing lands with the other two: on this corpus it matters little whose action training follows.",
    }[_between(measured)]
    return (
        f"Final F1: following the model {model:.3f}, teacher forcing {oracle:.3f}, half and half {half:.3f}. {verdict}"
    )


HALF = Prediction(
    id="2.5",
    question="Following the model half of the time: where does the final F1 land?",
    after="Exercise, after the lab's two runs (imitation and teacher forcing)",
    prompt="**Predict 2.5.** Train with `explore=0.5` (follow the model half of the time). Its final F1 will be:",
    options={
        "a": "clearly above both runs above",
        "b": "clearly below both",
        "c": f"between them or within {LEVEL} of one of them",
    },
    reveal_after="the cell that trains explore=0.5",
    reveal_code='reveal("2.5", tuple(run.evaluations[-1].ents_f for run in runs + half))  # (model, oracle, half)',
    read_measured=lambda measured: read_numbers(measured, ("model", "oracle", "half")),
    outcome=_between,
    explain=_explain_half,
    examples={"a": (0.88, 0.89, 0.95), "b": (0.88, 0.89, 0.80), "c": {"model": 0.88, "oracle": 0.89, "half": 0.885}},
    worked=lambda: (
        "`explore=0.5` follows the model at half the steps and the oracle at the others, so it sees "
        "some states off the gold path and many on it. On short, regular sentences the two runs above "
        "end within a few hundredths of each other; expect this one among them."
    ),
    next="lesson 4 asks what the model's own path changes while it learns: the moving target.",
)

EXERCISES = (ON_PATH, AFTER_MISTAKE, REPLAN, DEAD_END, HALF)
