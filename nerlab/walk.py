"""A walk: one sentence followed step by step, with what the oracle says at every state.

A `Walk` is what the stepper widget shows, without the widget. It holds the states reached
so far (each action a person, the oracle or a model chose), the annotations the costs are
read from, and the annotation whose oracle "Next" follows (the *driver*). From those it
answers the questions a learner asks at each step: which actions are valid here, what
each costs under each annotation, which ones spaCy's loss pushes towards, what the oracle
plans from here, and how many actions are free at every step.

As in DependencyTrees.jl, the transition system knows nothing of oracles, the oracle
functions take a system, and a walk follows the system under a policy. A model's scores
come from any object with `step_at(history)` (see `nerlab.spacy_bridge.ModelTrace`), so
this module stays pure Python.

    walk = Walk.from_gold("who are W Chen and Jane M Doe".split(),
                          [(2, 4, "PERSON"), (5, 8, "PERSON")], rejected=[(5, 7, "PERSON")])
    walk.next()          # the oracle's action under the driver ("gold")
    walk.action_rows()   # the action table of the current state, as data
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from .oracle import choose, costs, loss_targets, oracle_action, oracle_actions, oracle_path
from .policy import FOLLOW_ORACLE, Policy
from .supervision import Supervision
from .transitions import BiluoSystem, Span, State

# -- what a walk is given ------------------------------------------------------------------


def gold_partial_binary(
    n_tokens: int, spans: Iterable[Span], rejected: Iterable[Span] = (), partial: Iterable[Span] | None = None
) -> dict[str, Supervision]:
    """Three annotations of one sentence, each knowing less than full gold:

    - "gold": every entity is given and every other token is O;
    - "partial": only some entities are given (by default the first one, as when an
      annotator confirmed one suggestion) and every other token is missing;
    - "binary": every entity accepted and `rejected` spans rejected, the rest missing,
      as when several accept/reject answers about this sentence are merged.
    """
    spans = sorted(tuple(s) for s in spans)
    kept = spans[:1] if partial is None else sorted(tuple(s) for s in partial)
    if not set(kept) <= set(spans):
        raise ValueError(f"The partial annotation's spans {kept} must be among the gold spans {spans}.")
    return {
        "gold": Supervision.gold(n_tokens, spans),
        "partial": Supervision.partial(n_tokens, kept),
        "binary": Supervision.partial(n_tokens, spans, rejected),
    }


def named_supervisions(supervision, n_tokens: int) -> dict[str, Supervision]:
    """The annotations to compare, by name. None means nothing is known about any token."""
    if supervision is None:
        supervisions = {"unannotated": Supervision.partial(n_tokens)}
    elif isinstance(supervision, Supervision):
        supervisions = {"annotation": supervision}
    elif isinstance(supervision, Mapping) and supervision:
        supervisions = dict(supervision)
    else:
        raise ValueError(
            f"supervision must be a Supervision, a non-empty dict of named ones, or None; got {supervision!r}."
        )
    for name, sup in supervisions.items():
        if not isinstance(sup, Supervision):
            raise ValueError(f"Supervision {name!r} is a {type(sup).__name__}, not a nerlab.Supervision.")
        if len(sup) != n_tokens:
            raise ValueError(
                f"Supervision {name!r} covers {len(sup)} tokens but the sentence has {n_tokens}; "
                f"build it for this sentence's tokens."
            )
    return supervisions


def labels_for(labels, supervisions: Mapping[str, Supervision], model_labels=None) -> tuple[str, ...]:
    """The label set: given, else the model's NER labels, else every label the annotations use."""
    labels = list(labels) if labels is not None else None
    used = sorted({label for sup in supervisions.values() for label in sup.labels})
    if model_labels is not None:
        known = sorted(model_labels)
        if labels is not None and set(labels) != set(known):
            raise ValueError(f"labels {sorted(labels)} differ from the model's NER labels {known}; leave labels out.")
        labels = labels if labels is not None else known
    elif labels is None:
        labels = used
    unknown = sorted(set(used) - set(labels))
    if unknown:
        raise ValueError(f"The annotations use labels {unknown} that are not among the labels {labels}.")
    if not labels:
        raise ValueError("No labels to build actions from: pass labels=[...], annotations with spans, or a model.")
    return tuple(labels)


def without_missing(supervision: Supervision) -> Supervision:
    """The same annotation declared complete: every missing token becomes O."""
    return Supervision.partial(len(supervision), supervision.spans, supervision.rejected, no_missing=True)


class ModelScores(Protocol):
    """What a walk needs from a trained model: its scores in the state after `history`.

    `step_at` returns an object with `.scores` (valid action -> raw score) and `.chosen`
    (the greedy pick), or None in a final state.
    """

    def step_at(self, history: tuple[str, ...]): ...


# -- what one step did ---------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One action taken, with what it cost and how the driver's plan changed.

    `left_path_at` is the first step (0-based) where the walk had left the driver's oracle
    path before this action, or None if it was still on it: the oracle then *re-planned*.
    """

    action: str
    token: str  # the token the action applied to
    costs: dict[str, int]  # its cost under each annotation
    cheapest: tuple[str, ...]  # the driver's cheapest actions in that state
    plan_before: tuple[str, ...]  # the driver's plan from that state
    plan_after: tuple[str, ...]  # the driver's plan from the new state
    left_path_at: int | None


# -- the walk ------------------------------------------------------------------------------


class Walk:
    """A sentence walked with a BILUO system, its states and the oracle's view of each.

    States are immutable, so the walk keeps all of them: going back is dropping the last.
    Costs and plans are cached by history; changing the annotations or `no_missing`
    clears the caches.
    """

    def __init__(
        self,
        system: BiluoSystem,
        tokens: Sequence[str],
        supervisions: Mapping[str, Supervision],
        *,
        driver: str | None = None,
        no_missing: bool = False,
        model: ModelScores | None = None,
    ):
        self.system = system
        self.tokens = tuple(tokens)
        self.given = named_supervisions(dict(supervisions), len(self.tokens))
        self.model = model
        self._driver = driver if driver is not None else next(iter(self.given))
        if self._driver not in self.given:
            raise ValueError(f"driver {self._driver!r} is not one of the annotations {list(self.given)}.")
        self._states: list[State] = [system.initial_state(self.tokens)]
        self._costs: dict[tuple[str, ...], dict[str, dict[str, int]]] = {}
        self._plans: dict[tuple[str, tuple[str, ...]], list[str]] = {}
        self._no_missing = no_missing
        self.supervisions = self._read(no_missing)

    @classmethod
    def from_gold(
        cls,
        tokens: Sequence[str],
        spans: Iterable[Span],
        rejected: Iterable[Span] = (),
        labels: Iterable[str] | None = None,
        *,
        partial: Iterable[Span] | None = None,
        no_missing: bool = False,
    ) -> Walk:
        """A walk comparing gold, partial and binary annotations (see `gold_partial_binary`)."""
        supervisions = gold_partial_binary(len(tokens), spans, rejected, partial)
        return cls(BiluoSystem(labels_for(labels, supervisions)), tokens, supervisions, no_missing=no_missing)

    # -- the annotations the costs are read from -----------------------------------------

    def _read(self, no_missing: bool) -> dict[str, Supervision]:
        """The given annotations, declared complete if asked, as spaCy reads them."""
        return {
            name: (without_missing(sup) if no_missing else sup).as_read_by_spacy(self.tokens)
            for name, sup in self.given.items()
        }

    @property
    def no_missing(self) -> bool:
        """True when every missing token is read as O (the "no missing" switch)."""
        return self._no_missing

    @no_missing.setter
    def no_missing(self, value: bool) -> None:
        self._no_missing = bool(value)
        self.supervisions = self._read(self._no_missing)
        self._costs.clear()
        self._plans.clear()

    @property
    def driver(self) -> str:
        """The name of the annotation whose oracle `next` and `play` follow."""
        return self._driver

    @driver.setter
    def driver(self, name: str) -> None:
        if name not in self.given:
            raise ValueError(f"driver {name!r} is not one of the annotations {list(self.given)}.")
        self._driver = name

    # -- where the walk is ---------------------------------------------------------------

    @property
    def states(self) -> tuple[State, ...]:
        """Every state so far, the initial one first."""
        return tuple(self._states)

    @property
    def state(self) -> State:
        return self._states[-1]

    @property
    def history(self) -> tuple[str, ...]:
        return self.state.history

    def costs_at(self, state: State) -> dict[str, dict[str, int]]:
        """The cost of every valid action in `state`, under every annotation (cached)."""
        found = self._costs.get(state.history)
        if found is None:
            found = {name: costs(self.system, state, sup) for name, sup in self.supervisions.items()}
            self._costs[state.history] = found
        return found

    def plan_from(self, state: State) -> list[str]:
        """The driver's oracle actions from `state` to the end (cached)."""
        key = (self._driver, state.history)
        if key not in self._plans:
            self._plans[key] = oracle_path(self.system, state, self.supervisions[self._driver])
        return self._plans[key]

    def plan(self) -> list[str]:
        """The driver's oracle actions from the current state to the end."""
        return self.plan_from(self.state)

    def left_path_at(self) -> int | None:
        """The first step where the history left the driver's oracle path, or None."""
        route = self.plan_from(self._states[0])
        for k, action in enumerate(self.history):
            if route[k] != action:
                return k
        return None

    def cost_so_far(self) -> dict[str, int]:
        """The summed cost of the actions taken, under each annotation."""
        totals = dict.fromkeys(self.supervisions, 0)
        for state, action in zip(self._states, self.history):
            for name, found in self.costs_at(state).items():
                totals[name] += found[action]
        return totals

    def model_step(self, state: State | None = None):
        """The model's scores and greedy pick in `state` (default: the current one), or None."""
        state = state or self.state
        if self.model is None or state.is_final:
            return None
        return self.model.step_at(state.history)

    # -- the tables, as data -------------------------------------------------------------

    def action_rows(self) -> list[dict]:
        """The action table for the current state, one dict per action of the system.

        Keys: action, valid, cost / free / target (dicts by annotation name: the cost, or
        None when invalid; whether it is free; whether spaCy's loss treats it as correct),
        score (the model's raw score, None when invalid or without a model), greedy (the
        model's pick), oracle (what `next` would take).
        """
        state = self.state
        found = self.costs_at(state)
        targets = {name: set(loss_targets(c)) for name, c in found.items()}
        step = self.model_step(state)
        plan = self.plan()
        oracle = plan[0] if plan else None
        rows = []
        for action in self.system.actions:
            cost = {name: c.get(action) for name, c in found.items()}
            rows.append(
                {
                    "action": action,
                    "valid": not state.is_final and self.system.is_valid(state, action),
                    "cost": cost,
                    "free": {name: c == 0 for name, c in cost.items()},
                    "target": {name: action in targets[name] for name in found},
                    "score": step.scores.get(action) if step else None,
                    "greedy": step is not None and step.chosen == action,
                    "oracle": action == oracle,
                }
            )
        return rows

    def steps_to_end(self) -> list[tuple[State, str]]:
        """(state, action) for every token: the actions taken, then the driver's plan."""
        pairs = list(zip(self._states, self.history))
        state = self.state
        for action in self.plan():
            pairs.append((state, action))
            state = self.system.apply(state, action)
        return pairs

    def free_counts(self) -> list[dict]:
        """How many valid actions are free at each step, under each annotation.

        One dict per token: the steps taken so far, then the oracle's plan to the end
        (planned=True). Keys: step, token, action, planned, valid (how many actions are
        valid), free (dict by annotation name). Fewer free actions means more to learn.
        """
        rows = []
        for k, (state, action) in enumerate(self.steps_to_end()):
            found = self.costs_at(state)
            rows.append(
                {
                    "step": k,
                    "token": state.current_token,
                    "action": action,
                    "planned": k >= len(self.history),
                    "valid": len(next(iter(found.values()))),
                    "free": {name: sum(c == 0 for c in f.values()) for name, f in found.items()},
                }
            )
        return rows

    # -- acting ----------------------------------------------------------------------------

    def next(self) -> Step | None:
        """Take the driver's oracle action (None when the sentence is finished)."""
        state = self.state
        if state.is_final:
            return None
        supervision = self.supervisions[self._driver]
        cheapest = oracle_actions(self.system, state, supervision)
        return self._take(choose(cheapest, state, supervision), tuple(cheapest))

    def take(self, action: str) -> Step:
        """Take any valid action; a ValueError says why one cannot be taken."""
        state = self.state
        if action not in self.system.actions:
            raise ValueError(f"{action!r} is not an action here; the actions are {', '.join(self.system.actions)}.")
        if state.is_final:
            raise ValueError(f"Cannot take {action}: the sentence is finished. Back or Reset first.")
        self.system.apply(state, action)  # raises, saying why, if the action is invalid here
        cheapest = oracle_actions(self.system, state, self.supervisions[self._driver])
        return self._take(action, tuple(cheapest))

    def _take(self, action: str, cheapest: tuple[str, ...]) -> Step:
        state = self.state
        left_at = self.left_path_at()
        plan_before = tuple(self.plan_from(state))
        found = {name: c[action] for name, c in self.costs_at(state).items()}
        self._states.append(self.system.apply(state, action))
        return Step(action, state.current_token, found, cheapest, plan_before, tuple(self.plan()), left_at)

    def back(self) -> str | None:
        """Undo the last action; returns it, or None at the start."""
        if len(self._states) == 1:
            return None
        undone = self.history[-1]
        self._states.pop()
        return undone

    def reset(self) -> None:
        """Return to the initial state (cached costs and plans are kept)."""
        del self._states[1:]

    def play(self) -> list[str]:
        """Follow the driver's oracle to the end of the sentence; returns the actions taken."""
        return self.follow(FOLLOW_ORACLE)

    def follow(self, policy: Policy, seed: int = 0) -> list[str]:
        """Follow an exploration `policy` to the end of the sentence; returns the actions taken.

        At each token a coin (drawn from `seed`, one per token, as the training probe does)
        decides: the model's greedy pick if it falls below `policy.explore`, else the
        driver's oracle action. `FOLLOW_MODEL` is greedy decoding, `FOLLOW_ORACLE` is `play`.
        """
        if self.model is None and policy.explore > 0.0:
            raise ValueError("This policy follows the model at times, but the walk has no model: pass model=...")
        coins = random.Random(seed)
        coin_at = [coins.random() for _ in self.tokens]
        taken = []
        while not self.state.is_final:
            action = self._chosen_by(policy, coin_at[self.state.position])
            self._states.append(self.system.apply(self.state, action))
            taken.append(action)
        return taken

    def _chosen_by(self, policy: Policy, coin: float) -> str:
        """The action `policy` takes in the current state for this coin."""
        state = self.state
        supervision = self.supervisions[self._driver]
        return policy.choose(
            coin,
            model=lambda: self.model_step(state).chosen,
            oracle=lambda: oracle_action(self.system, state, supervision),
        )
