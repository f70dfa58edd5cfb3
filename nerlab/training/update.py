"""One greedy NER update, written out in Python so we can choose which path it follows.

spaCy's `Parser.update` does, for a batch of documents:

1. start a state at the first token of each document (long documents are cut into
   pieces along the oracle's path);
2. score every action in every unfinished state;
3. compute the loss gradient from the dynamic oracle's costs in THOSE states;
4. move every state forward by the MODEL's best valid action, even when it is wrong;
5. repeat until every state is final, then backpropagate into the token vectors.

Step 4 is imitation learning with exploration: the model is trained on the states its own
predictions lead to. Here step 4 is the exploration `Policy`'s choice: with probability
`policy.explore` follow the model (1.0 is spaCy's behaviour, and gives bit-identical weights
to `nlp.update`), otherwise follow the oracle's best-scoring zero-cost action (0.0 is
"teacher forcing", which only ever sees states on a correct path).
"""

from __future__ import annotations

import random
from functools import partial

from thinc.api import set_dropout_rate

from ..policy import FOLLOW_MODEL, Policy


def update(nlp, batch, *, drop: float, losses: dict, policy: Policy = FOLLOW_MODEL, rng=None) -> dict:
    """One update of the pipeline on a batch, without the optimizer's step: spaCy's own
    `nlp.update` when the policy follows only the model (so a run is `spacy train`'s, weight for
    weight), nerlab's `greedy_update` otherwise. The one place nerlab calls spaCy's update."""
    if policy.follows_only_the_model:
        nlp.update(batch, drop=drop, sgd=False, losses=losses)
    else:
        greedy_update(nlp.get_pipe("ner"), batch, drop=drop, losses=losses, policy=policy, rng=rng)
    return losses


def greedy_update(
    ner,
    examples,
    *,
    drop: float = 0.0,
    losses: dict | None = None,
    policy: Policy = FOLLOW_MODEL,
    rng: random.Random | None = None,
) -> dict:
    """Update `ner` (spaCy's NER component) on `examples` without applying the optimizer.

    Call `ner.finish_update(optimizer)` afterwards, as `spacy train` does. `rng` draws
    one coin per state for the policy's model/oracle choice; it is separate from Python's global
    random state, which spaCy itself uses for the document cut (so `FOLLOW_MODEL` stays
    identical to spaCy). The policy is the one for this update (`Policy.at(update)`).
    """
    if losses is None:
        losses = {}
    losses.setdefault(ner.name, 0.0)
    rng = rng or random.Random(0)
    if not any(ner.moves.has_gold(eg) for eg in examples):
        return losses
    set_dropout_rate(ner.model, drop)
    cut = ner.cfg["update_with_oracle_cut_size"]
    if cut >= 1:
        max_moves = int(random.uniform(cut // 2, cut * 2))  # the same draw spaCy makes
        states, golds, _ = ner._init_gold_batch(examples, max_length=max_moves)
    else:
        max_moves = 0
        states, golds, _ = ner.moves.init_gold_batch(examples)
    if not states:
        return losses
    model, backprop_tok2vec = ner.model.begin_update([eg.x for eg in examples])
    states_golds = list(zip(states, golds))
    n_moves = 0
    while states_golds:
        states, golds = zip(*states_golds)
        scores, backprop = model.begin_update(states)
        d_scores = ner.get_batch_loss(states, golds, scores, losses)
        backprop(d_scores)
        if policy.follows_only_the_model:
            ner.transition_states(states, scores)  # spaCy's own step: the model's best valid action
        else:
            _explore_step(ner.moves, states, golds, scores, policy, rng)
        states_golds = [(s, g) for s, g in zip(states, golds) if not s.is_final()]
        if max_moves >= 1 and n_moves >= max_moves:
            break
        n_moves += 1
    backprop_tok2vec(golds)
    model.clear_memory()
    return losses


def _explore_step(moves, states, golds, scores, policy: Policy, rng: random.Random) -> None:
    """Move each state by the model's best valid action or the oracle's, as `policy` chooses."""
    names = [moves.get_class_name(i) for i in range(moves.n_moves)]
    for row, (state, gold) in enumerate(zip(states, golds)):
        valid = [i for i, name in enumerate(names) if moves.is_valid(state, name)]
        if not valid:
            continue
        choice = policy.choose(
            rng.random(),
            model=partial(_best_scoring, valid, scores[row]),
            oracle=partial(_best_zero_cost, moves, state, gold, valid, scores[row]),
        )
        moves.apply_transition(state, names[choice])


def _best_scoring(valid: list[int], scores) -> int:
    """The model's action: its best-scoring valid one."""
    return max(valid, key=lambda i: scores[i])


def _best_zero_cost(moves, state, gold, valid: list[int], scores) -> int:
    """The best-scoring action among the cheapest valid ones (spaCy's `arg_max_if_gold`)."""
    costs = {i: moves.get_cost(state, gold, i) for i in valid}
    best = min(costs.values())
    cheapest = [i for i in valid if costs[i] == best]
    return max(cheapest, key=lambda i: scores[i])
