"""Check nerlab's oracle against spaCy's, action by action, on random documents.

For each random document we draw a label set, a supervision (full gold, partial,
accepted-only, rejected-only, mixed, no-missing) and then walk a path that mixes oracle
actions, random valid actions and deliberately costly ones. In EVERY state we compare the
validity and the cost of EVERY action with spaCy's `is_valid` and `get_cost`, and at the
end the entities both states built. `nerlab verify-oracle` runs this from the command line.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .oracle import costs, oracle_actions
from .spacy_bridge import SpacyOracle, compare_state
from .supervision import Supervision
from .transitions import BiluoSystem, Span

LABEL_POOL = ("PERSON", "ORG", "GPE", "DATE", "PRODUCT", "TECH")
WORDS = ("who", "are", "W", "Chen", "and", "Jane", "M", "Doe", "in", "Berlin", "on", "May", "3", ",", ".")
KINDS = ("full", "full+rejected", "partial", "accepted-only", "rejected-only", "mixed", "no-missing")


@dataclass
class Report:
    """What a verification run compared and where nerlab and spaCy disagreed."""

    docs: int = 0
    states: int = 0
    pairs: int = 0
    disagreements: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.disagreements


def random_spans(rng: random.Random, n_tokens: int, labels: tuple[str, ...], density: float) -> list[Span]:
    """Non-overlapping spans of 1 to 4 tokens covering roughly `density` of the tokens."""
    spans, i = [], 0
    while i < n_tokens:
        if rng.random() < density:
            length = min(rng.randint(1, 4), n_tokens - i)
            spans.append((i, i + length, rng.choice(labels)))
            i += length + rng.randint(0, 1)
        else:
            i += 1
    return spans


def random_rejects(rng: random.Random, n_tokens: int, labels: tuple[str, ...], gold: list[Span], k: int) -> list[Span]:
    """Up to `k` rejected spans: relabelled gold, shifted boundaries, or anywhere at all."""
    rejects = set()
    for _ in range(k):
        choice = rng.random()
        if gold and choice < 0.4:
            start, end, _ = rng.choice(gold)
            span = (start, end, rng.choice(labels))
        elif gold and choice < 0.7:
            start, end, label = rng.choice(gold)
            start = min(n_tokens - 1, max(0, start + rng.choice((-1, 0, 1))))
            end = min(n_tokens, max(start + 1, end + rng.choice((-1, 0, 1))))
            span = (start, end, label)
        else:
            start = rng.randrange(n_tokens)
            span = (start, rng.randint(start + 1, min(n_tokens, start + 4)), rng.choice(labels))
        if span not in gold:
            rejects.add(span)
    return sorted(rejects)


def random_supervision(rng: random.Random, n_tokens: int, labels: tuple[str, ...], kind: str) -> Supervision:
    gold = random_spans(rng, n_tokens, labels, density=rng.choice((0.2, 0.4, 0.7)))
    some = [s for s in gold if rng.random() < 0.5]
    if kind == "full":
        return Supervision.gold(n_tokens, gold)
    if kind == "full+rejected":
        return Supervision.gold(n_tokens, gold, random_rejects(rng, n_tokens, labels, gold, 3))
    if kind == "partial":
        return Supervision.partial(n_tokens, some)
    if kind == "accepted-only":
        return Supervision.partial(n_tokens, gold[:1])
    if kind == "rejected-only":
        return Supervision.partial(n_tokens, [], random_rejects(rng, n_tokens, labels, gold, rng.randint(1, 3)))
    if kind == "mixed":
        return Supervision.partial(n_tokens, some, random_rejects(rng, n_tokens, labels, some, rng.randint(1, 3)))
    # "no-missing": accepted spans and rejects, everything else O
    return Supervision.partial(n_tokens, some, random_rejects(rng, n_tokens, labels, some, 2), no_missing=True)


def verify_oracle(n_docs: int, seed: int = 0, max_problems: int = 20) -> Report:
    """Compare nerlab with spaCy on `n_docs` random documents; see the module docstring."""
    rng = random.Random(seed)
    spacy_oracles: dict[tuple[str, ...], SpacyOracle] = {}
    # A few label orders per size: spaCy's class ids depend on order, nerlab's costs must not.
    orders = [tuple(random.Random(seed * 7 + j).sample(LABEL_POOL, len(LABEL_POOL))) for j in range(3)]
    report = Report()
    for doc_index in range(n_docs):
        labels = rng.choice(orders)[: rng.randint(1, len(LABEL_POOL))]
        if labels not in spacy_oracles:
            spacy_oracles[labels] = SpacyOracle(labels)
        spacy_oracle = spacy_oracles[labels]
        system = BiluoSystem(sorted(labels))

        n_tokens = rng.choice((1, 2, 2, 3)) if rng.random() < 0.25 else rng.randint(3, 14)
        tokens = [" " if rng.random() < 0.03 else rng.choice(WORDS) for _ in range(n_tokens)]
        kind = KINDS[doc_index % len(KINDS)]
        supervision = random_supervision(rng, n_tokens, labels, kind)

        state = system.initial_state(tokens)
        walk = spacy_oracle.start(tokens, supervision)
        supervision = supervision.as_read_by_spacy(tokens)
        report.docs += 1
        while True:
            problems = compare_state(system, state, supervision, walk)
            report.states += 1
            if not state.is_final:
                report.pairs += len(system.actions)
            for p in problems:
                if len(report.disagreements) < max_problems:
                    report.disagreements.append(
                        f"doc {doc_index} ({kind}) tokens={tokens} tags={list(supervision.tags)} "
                        f"rejected={list(supervision.rejected)} history={list(state.history)}: {p}"
                    )
            if problems or state.is_final:
                break
            action = _pick_action(rng, system, state, supervision)
            state = system.apply(state, action)
            walk.apply(action)
        if state.is_final and not problems and sorted(state.entities) != sorted(walk.entities()):
            report.disagreements.append(
                f"doc {doc_index}: entities nerlab {sorted(state.entities)}, spaCy {sorted(walk.entities())}"
            )
    return report


def _pick_action(rng: random.Random, system: BiluoSystem, state, supervision: Supervision) -> str:
    """Mostly follow the oracle, sometimes wander, sometimes make a costly mistake."""
    found = costs(system, state, supervision)
    roll = rng.random()
    if roll < 0.5:
        return rng.choice(oracle_actions(system, state, supervision))
    costly = [a for a, c in found.items() if c > 0]
    if roll < 0.7 and costly:
        return rng.choice(costly)
    return rng.choice(sorted(found))
