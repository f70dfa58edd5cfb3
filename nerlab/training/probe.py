"""The moving target, measured: what the loss pushes towards changes as the model learns.

spaCy's NER learns by imitation: at each step of an update it asks the dynamic oracle what
to do in the state it is in, and then moves on with its OWN prediction. So the states it
learns from, and the targets the oracle gives there, depend on the model, and they change
as the model changes: the objective is non-stationary. Under teacher forcing (following
the oracle) the states are always the gold path's, and the targets never move.

A `TargetProbe` makes that visible. At every evaluation it walks a fixed set of training
sentences with the run's own exploration `Policy` (the model's greedy action with
probability `explore`, otherwise the oracle's; the coin flips are fixed per sentence and
step, so only the model can make the walk change) and records, at each step, the actions spaCy's loss
would treat as correct there. It reports:

- target drift: the share of (sentence, step) targets that differ from the previous reading;
- off-path share: the share of visited states from which the annotation can no longer be
  reproduced exactly (a costly action was taken before them).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import partial

from ..data.spacy_formats import bare_doc
from ..oracle import costs, loss_targets, oracle_action
from ..policy import Policy
from ..transitions import BiluoSystem


@dataclass(frozen=True)
class ProbeReading:
    targets: tuple[tuple[tuple[str, ...], ...], ...]  # per sentence, per step: the loss targets
    off_path_share: float


class TargetProbe:
    """Walks the same training sentences at each evaluation and compares the targets it meets."""

    def __init__(self, docs: list, seed: int = 0):
        self.docs = list(docs)  # SupervisedDocs: tokens, spaces, supervision
        rng = random.Random(seed)
        self.coins = [[rng.random() for _ in doc.tokens] for doc in self.docs]
        self.previous: ProbeReading | None = None

    def read(self, nlp, policy: Policy) -> tuple[float | None, float | None]:
        """(target drift since the last reading, off-path share) for the model as it is now."""
        if not self.docs or not self.knows_the_labels(nlp):
            return None, None
        reading = self.walk(nlp, policy)
        drift = None if self.previous is None else target_drift(self.previous, reading)
        self.previous = reading
        return drift, reading.off_path_share

    def knows_the_labels(self, nlp) -> bool:
        """False before a base model has met the new labels (spaCy adds them at the first update)."""
        known = set(nlp.get_pipe("ner").labels)
        return all(set(doc.supervision.labels) <= known for doc in self.docs)

    def walk(self, nlp, policy: Policy) -> ProbeReading:
        """Follow the policy on every probe sentence at once, one batched model step at a time."""
        ner = nlp.get_pipe("ner")
        moves = ner.moves
        system = BiluoSystem(ner.labels)
        names = [moves.get_class_name(i) for i in range(moves.n_moves)]
        docs = [bare_doc(d.tokens, d.spaces, nlp.vocab) for d in self.docs]
        for name, pipe in nlp.pipeline:  # a shared tok2vec runs before the NER
            if name == "ner":
                break
            docs = [pipe(doc) for doc in docs]
        spacy_states = moves.init_batch(docs)
        ours = [system.initial_state(d.tokens) for d in self.docs]
        supervisions = [d.supervision.as_read_by_spacy(d.tokens) for d in self.docs]
        targets: list[list[tuple[str, ...]]] = [[] for _ in self.docs]
        lost = [0] * len(self.docs)
        visited = off_path = 0
        step_model = ner.model.predict(docs)
        try:
            active = [i for i, s in enumerate(spacy_states) if not s.is_final()]
            while active:
                scores = step_model.predict([spacy_states[i] for i in active])
                for row, i in enumerate(active):
                    state, supervision = ours[i], supervisions[i]
                    found = costs(system, state, supervision)
                    targets[i].append(tuple(sorted(loss_targets(found))))
                    visited += 1
                    off_path += lost[i] > 0
                    action = policy.choose(
                        self.coins[i][state.position],
                        model=partial(_best_scoring, found, names, scores[row]),
                        oracle=partial(oracle_action, system, state, supervision),
                    )
                    lost[i] += found[action]
                    moves.apply_transition(spacy_states[i], action)
                    ours[i] = system.apply(state, action)
                active = [i for i in active if not spacy_states[i].is_final()]
        finally:
            step_model.clear_memory()
        return ProbeReading(tuple(tuple(t) for t in targets), off_path / max(visited, 1))


def _best_scoring(found: dict[str, int], names: list[str], scores) -> str:
    """The model's action: its best-scoring valid one."""
    return max(found, key=lambda a: scores[names.index(a)])


def target_drift(before: ProbeReading, after: ProbeReading) -> float:
    """The share of (sentence, step) positions whose targets differ between two readings."""
    pairs = [(a, b) for x, y in zip(before.targets, after.targets) for a, b in zip(x, y)]
    return sum(a != b for a, b in pairs) / max(len(pairs), 1)
