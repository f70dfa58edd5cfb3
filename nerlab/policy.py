"""The exploration policy: at each step, whose action does a walk follow, the model's or the oracle's?

spaCy's update moves every state by the MODEL's best valid action, even a wrong one, so the
model learns in the states its own mistakes lead to ("training with exploration"). Teacher
forcing follows the ORACLE instead, and only ever sees states on a correct path. A `Policy`
is the choice between the two: follow the model with probability `explore` (1.0 is spaCy's
way, 0.0 teacher forcing), and, as in Goldberg and Nivre's training with exploration,
follow only the oracle during the first `warmup` updates.

The coin that decides each step comes from the caller: the update draws one per state
from its own `random.Random`, the probe and the walk fix one per sentence and token, so
that only the model can change where they go. As in DependencyTrees.jl, the policy is a
named thing apart from the transition system and the oracle.

Pure Python, no spaCy import.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

Action = TypeVar("Action")


@dataclass(frozen=True)
class Policy:
    """Follow the model with probability `explore`, the oracle otherwise; only the oracle
    for the first `warmup` updates."""

    explore: float = 1.0  # P(following the model's own action); 1.0 = spaCy, 0.0 = teacher forcing
    warmup: int = 0  # updates that follow the oracle before exploring

    def __post_init__(self):
        if not 0.0 <= self.explore <= 1.0:
            raise ValueError(f"Policy(explore={self.explore!r}): explore is a probability, between 0 and 1.")
        if not isinstance(self.warmup, int) or self.warmup < 0:
            raise ValueError(f"Policy(warmup={self.warmup!r}): warmup counts updates, a whole number >= 0.")

    def at(self, update: int) -> Policy:
        """The policy update number `update` (from 0) follows: the oracle's during the warm-up."""
        return Policy(explore=0.0 if update < self.warmup else self.explore)

    @property
    def follows_only_the_model(self) -> bool:
        """True for spaCy's own policy: every step takes the model's action, no coin needed."""
        return self.explore >= 1.0

    def choose(self, coin: float, model: Callable[[], Action], oracle: Callable[[], Action]) -> Action:
        """The model's action if `coin` (uniform in [0, 1)) falls below `explore`, else the oracle's.

        `model` and `oracle` are asked only when chosen: the oracle's costs are not free.
        """
        return model() if coin < self.explore else oracle()


FOLLOW_MODEL = Policy(explore=1.0)  # spaCy's update, and greedy decoding
FOLLOW_ORACLE = Policy(explore=0.0)  # teacher forcing
