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
from .transitions import OUT, BiluoSystem, State, parse_action


def _move_of(tag: str | None) -> str:
    """The move part of a gold tag: 'B', 'I', 'L', 'U', 'O', or 'M' for missing."""
    if tag is None:
        return "M"
    return tag.split("-", 1)[0] if tag != OUT else OUT


def _label_of(tag: str | None) -> str:
    return tag.split("-", 1)[1] if tag and tag != OUT else ""


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
    tag = supervision.tags[start]
    return _move_of(tag) not in ("B", "U") or _label_of(tag) != label


def action_cost(state: State, action: str, supervision: Supervision) -> int:
    """Cost of one action that is valid in `state` (spaCy's `get_cost`)."""
    move, label = parse_action(action)
    i = state.position
    gold = supervision.tags[i]
    g, g_label = _move_of(gold), _label_of(gold)
    # The next token's move; past the end of the document it counts as O.
    g_next = _move_of(supervision.tags[i + 1]) if i + 1 < len(supervision.tags) else OUT

    if move == "B":
        cost = 0 if g == "M" or (g == "B" and g_label == label) else 1
        # With two tokens left, B-X can only become the span (i, i+2, X): if any rejected
        # span of label X starts here, charge for it (spaCy does not check its end).
        if state.remaining < 3 and any(s == i and lab == label for s, _, lab in supervision.rejected):
            cost += 1
        return cost
    if move == "I":
        if g in ("M", "B", "I"):
            return 0
        if g == "L":
            return 0 if _entity_is_sunk(state, supervision) and g_next in (OUT, "M") else 1
        if g == OUT:
            return 0 if g_next in (OUT, "M") else 1
        return 0 if g_next == OUT else 1  # g == "U"
    if move == "L":
        cost = 1 if g == "I" and not _entity_is_sunk(state, supervision) else 0
        start = state.open_entity[0]  # type: ignore[index]
        if (start, i + 1, label) in supervision.rejected:
            cost += 1
        return cost
    if move == "U":
        cost = 0 if g == "M" or (g == "U" and g_label == label) else 1
        if (i, i + 1, label) in supervision.rejected:
            cost += 1
        return cost
    # move == "O"
    return 1 if g in ("B", "U") else 0


def _check(system: BiluoSystem, state: State, supervision: Supervision) -> None:
    if len(supervision.tags) != len(state.tokens):
        raise ValueError(
            f"The supervision covers {len(supervision.tags)} tokens but the state has "
            f"{len(state.tokens)}; build both from the same document."
        )
    unknown = {_label_of(t) for t in supervision.tags if _label_of(t)} - set(system.labels)
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


def oracle_path(system: BiluoSystem, state: State, supervision: Supervision) -> list[str]:
    """A full sequence of oracle actions from `state` to the end of the document.

    At each step it takes `choose(oracle_actions(...))`. From the initial state it
    reproduces every accepted span and predicts nothing at missing tokens.
    """
    path = []
    while not state.is_final:
        action = choose(oracle_actions(system, state, supervision), state, supervision)
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

    def zero_cost(self, state: State, supervision: Supervision) -> list[str]:
        """The valid actions of minimum cost (`oracle_actions`)."""
        return oracle_actions(self.system, state, supervision)

    def loss_targets(self, state: State, supervision: Supervision) -> list[str]:
        """The actions spaCy's loss treats as correct in `state`."""
        return loss_targets(costs(self.system, state, supervision))

    def path(self, state: State, supervision: Supervision) -> list[str]:
        """The oracle's actions from `state` to the end of the document."""
        return oracle_path(self.system, state, supervision)
