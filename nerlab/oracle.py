"""The dynamic oracle: how much each action costs, given a state and a supervision.

The cost of an action comes from one local rule per move: each reads the annotation's tag
at the current token (and a little more: the next token's tag, the tag where the open entity
began, the rejected spans) and charges 1 where the action goes against it. Zero means the
rules find nothing this action rules out. It is not a count of what the action makes
impossible: a `B` with the wrong label at the start of a gold entity costs 1, although it
both loses that entity and makes a wrong one, and actions that cost 0 can still lose an
accepted entity (the first point below). Because costs are computed from *any* state, not
just states on the gold path, the oracle can re-plan after a mistake: that is what makes it
"dynamic", and what lets spaCy train on the states its own predictions lead to.

The rules below are spaCy 3.8's (`ner.pyx`: `Begin.cost`, `In.cost`, `Last.cost`,
`Unit.cost`, `Out.cost`), rewritten to be read. Two things to notice while reading them:

- At a missing token (tag None) every valid action is free unless a rejected span charges
  it, and the rules never look further ahead than one token. Opening an entity at a missing
  token and swallowing an accepted entity with it costs nothing until it is too late.
- A rejected span only costs something on the action that would *complete* it exactly
  (U for a one-token span, L at its end), plus one rule for B when only two tokens remain.
  Extending a rejected span with I is always free.

Pure Python, no spaCy import.
"""

from __future__ import annotations

from .supervision import Supervision
from .transitions import OUT, BiluoSystem, State, parse_action, parse_tag


def _gold_at(supervision: Supervision, i: int) -> tuple[str | None, str]:
    """The gold (move, label) at token i: move None where the tag is missing, and O past
    the end of the document (spaCy reads the next token's move as O there)."""
    if i >= len(supervision.tags):
        return OUT, ""
    return parse_tag(supervision.tags[i])


def _entity_is_sunk(state: State, supervision: Supervision) -> bool:
    """An open entity is 'sunk' when the tag at its first token is not B or U of its label.

    That stands in for "it can no longer match a gold entity", not exactly: a missing tag
    there counts as sunk, and an entity begun with B on a gold U of its label is not sunk
    although it cannot match. On a sunk entity, L at a gold I token is free, and so is I at
    a gold L token followed by O or missing. Where it ends can still cost: I at a token
    whose tag is known costs 1 when the next token begins a gold entity.
    """
    if state.open_entity is None:
        return False
    start, label = state.open_entity
    gold_move, gold_label = _gold_at(supervision, start)
    return gold_move not in ("B", "U") or gold_label != label


# One cost function per move, as spaCy's `Begin`, `In`, `Last`, `Unit` and `Out` each have a
# `cost`. Every case carries spaCy's own comment: "--> True" means the action stays right
# (cost 0), "--> False" that it is wrong (cost 1). A missing gold tag is spaCy's MISSING.


def begin_cost(state: State, label: str, supervision: Supervision) -> int:
    """The cost of B-label: open an entity at this token (spaCy's `Begin.cost`)."""
    i = state.position
    gold_move, gold_label = _gold_at(supervision, i)
    if gold_move is None:
        cost = 0  # gold missing: nothing is known here, so nothing is lost
    elif gold_move == "B":
        cost = int(label != gold_label)  # "B, Gold B --> Label match"
    else:
        cost = 1  # "B, Gold I --> False (P)", and the same for gold L, O and U
    # Rejected spans: with two tokens left, B-X can only become the span (i, i+2, X), so
    # any rejected span of label X starting here is charged (spaCy does not check its end).
    if state.remaining < 3 and any(start == i and lab == label for start, _, lab in supervision.rejected):
        cost += 1
    return cost


def in_cost(state: State, label: str, supervision: Supervision) -> int:
    """The cost of I-label: carry the open entity through this token (spaCy's `In.cost`)."""
    gold_move, _ = _gold_at(supervision, state.position)
    next_move, _ = _gold_at(supervision, state.position + 1)
    if gold_move is None:
        return 0  # gold missing: free
    if gold_move == "B":
        return 0  # "I, Gold B --> True" "(P of bad open entity sunk, R of this entity sunk)"
    if gold_move == "I":
        return 0  # "I, Gold I --> True" "(label forced by prev, if mismatch, P and R both sunk)"
    if gold_move == "L":
        # "I, Gold L --> True iff this entity sunk and next tag == O" (a missing next tag counts as O)
        return int(not (_entity_is_sunk(state, supervision) and next_move in (OUT, None)))
    if gold_move == OUT:
        return int(next_move not in (OUT, None))  # "I, Gold O --> True iff next tag == O" (missing counts as O)
    # gold_move == "U"
    return int(next_move != OUT)  # "I, Gold U --> True iff next tag == O" (here a missing next tag does not)


def last_cost(state: State, label: str, supervision: Supervision) -> int:
    """The cost of L-label: close the open entity at this token (spaCy's `Last.cost`)."""
    i = state.position
    gold_move, _ = _gold_at(supervision, i)
    if gold_move == "I":
        cost = int(not _entity_is_sunk(state, supervision))  # "L, Gold I --> True iff this entity sunk"
    else:
        cost = 0  # "L, Gold B --> True", and the same for gold L, O, U and missing
    # Rejected spans: "marking actions that close an entity that we know is incorrect as costly".
    start = state.open_entity[0]  # type: ignore[index]
    if (start, i + 1, label) in supervision.rejected:
        cost += 1
    return cost


def unit_cost(state: State, label: str, supervision: Supervision) -> int:
    """The cost of U-label: a one-token entity at this token (spaCy's `Unit.cost`)."""
    i = state.position
    gold_move, gold_label = _gold_at(supervision, i)
    if gold_move is None:
        cost = 0  # gold missing: free
    elif gold_move == "U":
        cost = int(label != gold_label)  # "U, Gold U --> True iff tag match"
    else:
        cost = 1  # "U, Gold B --> False", and the same for gold I, L and O
    # Rejected spans: "fairly straight-forward for U- entities, as we have a single action".
    if (i, i + 1, label) in supervision.rejected:
        cost += 1
    return cost


def out_cost(state: State, label: str, supervision: Supervision) -> int:
    """The cost of O: no entity at this token (spaCy's `Out.cost`); `label` is always ""."""
    gold_move, _ = _gold_at(supervision, state.position)
    if gold_move in ("B", "U"):
        return 1  # "O, Gold B --> False", "O, Gold U --> False": a gold entity starts here
    return 0  # "O, Gold I --> True", and the same for gold L, O and missing


COST_OF_MOVE = {"B": begin_cost, "I": in_cost, "L": last_cost, "U": unit_cost, OUT: out_cost}


def action_cost(state: State, action: str, supervision: Supervision) -> int:
    """Cost of one action that is valid in `state` (spaCy's `get_cost`): the cost of its move."""
    move, label = parse_action(action)
    return COST_OF_MOVE[move](state, label, supervision)


def _check(system: BiluoSystem, state: State, supervision: Supervision) -> None:
    if len(supervision.tags) != len(state.tokens):
        raise ValueError(
            f"The supervision covers {len(supervision.tags)} tokens but the state has "
            f"{len(state.tokens)}; build both from the same document."
        )
    unknown = {parse_tag(tag)[1] for tag in supervision.tags} - {""} - set(system.labels)
    if unknown:
        raise ValueError(
            f"The supervision uses labels {sorted(unknown)} that the system does not know; "
            f"create BiluoSystem with them (labels are {list(system.labels)})."
        )


def costs(system: BiluoSystem, state: State, supervision: Supervision) -> dict[str, int]:
    """The cost of every valid action in `state`; invalid actions are left out."""
    _check(system, state, supervision)
    return {a: action_cost(state, a, supervision) for a in system.valid_actions(state)}


def oracle_actions(system: BiluoSystem, state: State, supervision: Supervision) -> list[str]:
    """The valid actions of minimum cost: the zero-cost ones wherever one exists."""
    found = costs(system, state, supervision)
    if not found:
        return []
    best = min(found.values())
    return [a for a, c in found.items() if c == best]


def loss_targets(found: dict[str, int]) -> list[str]:
    """The actions spaCy's training loss treats as correct, given the valid actions' costs.

    spaCy's `arg_max_if_gold` looks for the cheapest valid action but never accepts a cost
    above 1, and `cpu_log_loss` then moves probability towards every action as cheap as it.
    So: normally the zero-cost actions; in a dead end where the cheapest valid action costs
    exactly 1, those cost-1 actions (the loss *teaches* the mistake); and when every valid
    action costs 2 or more, nothing at all (spaCy skips the gradient for that state).
    """
    if not found:
        return []
    best = min(found.values())
    if best > 1:
        return []
    return [a for a, c in found.items() if c <= best]


# Preference among equally cheap actions, when the annotation does not decide: predict
# nothing where nothing is known (O), close an open entity as soon as possible (L), then
# one-token entities, continuing, beginning.
_PREFERENCE = {OUT: 0, "L": 1, "U": 2, "I": 3, "B": 4}


def choose(actions: list[str], state: State, supervision: Supervision) -> str:
    """The oracle's tie-break rule, independent of label order.

    1. If the annotation's own tag at this token is among `actions`, take it.
    2. Otherwise prefer O, then L, then U, then I, then B; among the same move, the
       alphabetically first label.
    """
    gold = supervision.tags[state.position]
    if gold is not None and gold in actions:
        return gold
    return min(actions, key=lambda a: (_PREFERENCE[parse_action(a)[0]], a))


def oracle_action(system: BiluoSystem, state: State, supervision: Supervision) -> str:
    """The oracle's next action: `choose` among the cheapest (`oracle_actions`)."""
    return choose(oracle_actions(system, state, supervision), state, supervision)


def oracle_path(system: BiluoSystem, state: State, supervision: Supervision) -> list[str]:
    """A full sequence of oracle actions from `state` to the end of the document.

    At each step it takes `oracle_action`. From the initial state it reproduces every
    accepted span and predicts nothing at missing tokens.
    """
    path = []
    while not state.is_final:
        action = oracle_action(system, state, supervision)
        path.append(action)
        state = system.apply(state, action)
    return path


class DynamicOracle:
    """The oracle wrapped around a transition system: the system never calls it.

        oracle = DynamicOracle(system)
        oracle.costs(state, gold)    # every valid action and its cost
        oracle.path(state, gold)     # the oracle's actions from here to the end

    The methods are the functions above with the system filled in, as DependencyTrees.jl
    pairs a transition system with an oracle function.
    """

    def __init__(self, system: BiluoSystem):
        self.system = system

    def __repr__(self) -> str:
        return f"DynamicOracle({self.system!r})"

    def costs(self, state: State, supervision: Supervision) -> dict[str, int]:
        """The cost of every valid action in `state`."""
        return costs(self.system, state, supervision)

    def cheapest_actions(self, state: State, supervision: Supervision) -> list[str]:
        """The valid actions of minimum cost (`oracle_actions`): the zero-cost ones wherever
        one exists, the cheapest ones in a dead end."""
        return oracle_actions(self.system, state, supervision)

    def loss_targets(self, state: State, supervision: Supervision) -> list[str]:
        """The actions spaCy's loss treats as correct in `state`."""
        return loss_targets(costs(self.system, state, supervision))

    def path(self, state: State, supervision: Supervision) -> list[str]:
        """The oracle's actions from `state` to the end of the document."""
        return oracle_path(self.system, state, supervision)
