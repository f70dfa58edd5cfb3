"""The walk behind the stepper, without any widget: states, plans, costs so far, re-planning."""

import pytest

from nerlab import BiluoSystem, Supervision, costs
from nerlab.walk import Walk

TOKENS = "who are W Chen and Jane M Doe".split()
SPANS = [(2, 4, "PERSON"), (5, 8, "PERSON")]


def walk(**kw):
    return Walk.from_gold(TOKENS, SPANS, rejected=[(5, 7, "PERSON")], labels=["PERSON", "ORG"], **kw)


def test_next_follows_the_drivers_oracle_to_the_gold_entities():
    w = walk()
    while w.next() is not None:
        pass
    assert w.history == ("O", "O", "B-PERSON", "L-PERSON", "O", "B-PERSON", "I-PERSON", "L-PERSON")
    assert w.state.entities == tuple(SPANS) and w.cost_so_far()["gold"] == 0


def test_a_costly_action_is_charged_and_the_oracle_replans():
    w = walk()
    w.next(), w.next()
    step = w.take("B-ORG")  # loses the PERSON "W Chen"
    assert step.costs["gold"] == 1 and step.left_path_at is None
    assert step.plan_before[0] == "B-PERSON" and step.plan_after[0] in ("I-ORG", "L-ORG")
    replanned = w.next()
    assert replanned.left_path_at == 2  # the walk left the gold path at step 3
    assert w.cost_so_far()["gold"] == 1


def test_invalid_and_unknown_actions_are_refused_and_change_nothing():
    w = walk()
    with pytest.raises(ValueError, match="no entity is open"):
        w.take("L-PERSON")
    with pytest.raises(ValueError, match="not an action"):
        w.take("B-NOPE")
    assert w.history == ()


def test_rows_and_free_counts_are_the_oracles_numbers():
    w = walk()
    w.next(), w.next()
    rows = {r["action"]: r for r in w.action_rows()}
    expected = costs(w.system, w.state, w.supervisions["partial"])
    assert {a: r["cost"]["partial"] for a, r in rows.items() if r["valid"]} == expected
    assert rows["B-PERSON"]["oracle"] and rows["B-PERSON"]["free"]["gold"]
    counts = w.free_counts()
    assert len(counts) == len(TOKENS) and [c["planned"] for c in counts] == [False] * 2 + [True] * 6


def test_back_reset_play_and_the_no_missing_switch():
    w = walk()
    assert w.back() is None
    w.play()
    assert w.state.is_final and w.back() == "L-PERSON"
    w.reset()
    assert w.history == ()
    before = w.free_counts()[0]["free"]["partial"]
    w.no_missing = True  # unknown tokens become O: the partial annotation now decides "who"
    assert w.free_counts()[0]["free"]["partial"] == 1 < before
    assert w.supervisions["partial"].tags[0] == "O"


def test_the_driver_decides_what_next_follows():
    system = BiluoSystem(["PERSON"])
    given = {"gold": Supervision.gold(8, SPANS), "nothing": Supervision.partial(8)}
    w = Walk(system, TOKENS, given, driver="nothing")
    w.play()
    assert w.state.entities == ()  # with nothing known, the oracle predicts nothing
    w.reset()
    w.driver = "gold"
    w.play()
    assert w.state.entities == tuple(SPANS)
    with pytest.raises(ValueError, match="not one of the annotations"):
        w.driver = "silver"


class _FirstValid:
    """A stand-in model whose greedy pick is the first valid action ("O" where it may)."""

    def __init__(self, system):
        self.system = system

    def step_at(self, history):
        chosen = self.system.valid_actions(self.system.run(TOKENS, history))[0]
        return type("Step", (), {"scores": {chosen: 1.0}, "chosen": chosen})()


def test_an_exploration_policy_mixes_the_models_and_the_oracles_actions():
    from nerlab import Policy

    system = BiluoSystem(["PERSON"])
    given = {"gold": Supervision.gold(8, SPANS)}
    oracle = Walk(system, TOKENS, given).follow(Policy(explore=0.0))
    assert oracle == Walk(system, TOKENS, given).play()
    model = Walk(system, TOKENS, given, model=_FirstValid(system))
    assert model.follow(Policy(explore=1.0)) == ["O"] * 8 and model.state.entities == ()
    half = Walk(system, TOKENS, given, model=_FirstValid(system))
    half.follow(Policy(explore=0.5), seed=2)  # this seed's coins: the model at "W", the oracle at "Jane"
    assert half.state.entities == ((5, 8, "PERSON"),)
    with pytest.raises(ValueError, match="no model"):
        Walk(system, TOKENS, given).follow(Policy(explore=0.5))


def test_the_warm_up_follows_the_oracle_for_its_updates_then_explores():
    from nerlab import Policy

    policy = Policy(explore=0.7, warmup=2)
    assert [policy.at(update).explore for update in range(4)] == [0.0, 0.0, 0.7, 0.7]
    assert Policy().follows_only_the_model and not policy.at(5).follows_only_the_model
    with pytest.raises(ValueError, match="probability"):
        Policy(explore=1.5)
