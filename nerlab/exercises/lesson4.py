"""Lesson 4, batch schedules: how many updates a schedule makes, and how big its batches get.

Every number comes from `BatchSchedule` (`sizes_for`, `sizes`, `size_at`), the object the lab
trains with, and spaCy's own default comes from the `default_config.cfg` of the installed spaCy,
so the exercises follow the code and the library rather than a number typed in here.
"""

from __future__ import annotations

import math
from functools import cache
from itertools import accumulate

from ..course import SCHEDULES
from ..training.schedules import BatchSchedule
from .base import LEVEL, Exercise, Mistake, Prediction, compared, is_integral, read_number, read_numbers

N_DOCS, EPOCHS = 1000, 2  # exercise 4.1 asks about 2 epochs; the lesson trains 3
FIXED = BatchSchedule.parse("fixed:32")
GROWING = BatchSchedule.parse("compounding:4:32:1.01")
AFTER = 100  # exercise 4.2 asks for the size of the batch after this many updates
SPACY_AFTER = 1000  # exercise 4.3 asks for spaCy's default target after this many steps, in words


def updates(schedule: BatchSchedule, n_docs: int = N_DOCS, epochs: int = EPOCHS) -> int:
    return len(schedule.sizes_for(n_docs, epochs=epochs))


def size_after(schedule: BatchSchedule, steps: int) -> int:
    """The schedule's target after `steps` steps, rounded down: int(size).

    A document batch (`util.minibatch`) takes one step per batch and holds int(size) documents,
    so for documents this is the size of batch number `steps`. A word batch (`minibatch_by_words`)
    fills whole texts under the unrounded target, so at most int(size) words fit under it; but
    held-over texts can take a batch up to 20% over its target, and an oversize text's batch takes
    no step, so for words this is the target after so many steps, not any batch's size.
    """
    return schedule.sizes(steps + 1)[-1]


def epoch_ends(schedule: BatchSchedule, n_docs: int = N_DOCS, epochs: int = SCHEDULES.epochs) -> list[int]:
    """The number of updates made by the end of each epoch (the lesson's runs train 3 epochs)."""
    return [len(schedule.sizes_for(n_docs, epochs=epoch)) for epoch in range(1, epochs + 1)]


def epoch_of_update(schedule: BatchSchedule, update: int) -> int:
    """Which epoch (from 1) update number `update` (from 0) falls in."""
    return next(epoch for epoch, end in enumerate(epoch_ends(schedule), start=1) if update < end)


ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}


def updates_to_reach(schedule: BatchSchedule, size: float) -> int:
    """How many updates before a compounding schedule's batch first reaches `size`."""
    k = 0
    while schedule.size_at(k) < size:
        k += 1
    return k


def first_update_of(schedule: BatchSchedule, size: int) -> int:
    """The first update (from 0) of the lesson's run whose batch holds `size` documents."""
    return next(k for k, n in enumerate(schedule.sizes_for(N_DOCS, epochs=SCHEDULES.epochs)) if n >= size)


REACH_32 = first_update_of(GROWING, 32)


@cache
def spacy_default() -> BatchSchedule:
    """spaCy's default `[training.batcher]`, read from the installed spaCy's default config."""
    from spacy.language import DEFAULT_CONFIG

    batcher = DEFAULT_CONFIG["training"]["batcher"]
    size = batcher["size"]
    unit = "words" if "words" in batcher["@batchers"] else "docs"
    return BatchSchedule.compounding(size["start"], size["stop"], size["compound"], unit=unit)


FULL, REST = divmod(N_DOCS, int(FIXED.start))  # full batches per epoch, and the short last one
ROUNDED_UP = math.ceil(N_DOCS * EPOCHS / FIXED.start)  # a slip: as if batches ran across epochs

# -- 4.1 -----------------------------------------------------------------------------------------

FIXED_UPDATES = Exercise(
    id="4.1",
    question="How many updates does fixed:32 make over 1,000 documents in 2 epochs?",
    after="Updates per epoch (after the cell that prints the updates of each schedule)",
    prompt=(
        f"**Exercise 4.1.** How many updates does `fixed:32` make over {N_DOCS:,} documents in {EPOCHS} "
        "epochs? (One update per batch.)"
    ),
    form="a whole number",
    right=lambda: float(updates(FIXED)),
    read=read_number,
    mistakes=(
        Mistake(
            N_DOCS * EPOCHS / FIXED.start,
            f"Updates are whole batches: each epoch's last batch takes what is left ({N_DOCS:,} = "
            f"{FULL} x {int(FIXED.start)} + {REST}).",
            lambda value: not is_integral(value),
        ),
        Mistake(
            FULL * EPOCHS,
            f"Each epoch also makes one last, short batch with what is left: {N_DOCS:,} = {FULL} x "
            f"{int(FIXED.start)} + {REST}, so {updates(FIXED, epochs=1)} updates per epoch.",
            lambda value: value == FULL * EPOCHS,
        ),
        Mistake(
            ROUNDED_UP,
            f"Batches do not run across the end of an epoch: each epoch ends with its own short batch of {REST}.",
            lambda value: value == ROUNDED_UP,
        ),
        Mistake(
            updates(FIXED, epochs=1),
            f"That is one epoch; the run has {EPOCHS}.",
            lambda value: value == updates(FIXED, epochs=1),
        ),
        Mistake(
            N_DOCS * EPOCHS,
            f"That counts documents; an update is one batch of up to {int(FIXED.start)} documents.",
            lambda value: value in (N_DOCS, N_DOCS * EPOCHS),
        ),
    ),
    worked=lambda: (
        "```python\n"
        "from nerlab.training import BatchSchedule\n"
        f'sizes = BatchSchedule.parse("fixed:32").sizes_for({N_DOCS}, epochs={EPOCHS})\n'
        f"len(sizes)  # {updates(FIXED)}\n"
        "```\n\n"
        f"Per epoch, {FULL} batches of {int(FIXED.start)} and a last one of {REST}: "
        f"{updates(FIXED, epochs=1)} updates, {updates(FIXED)} in {EPOCHS} epochs. `fixed:4` makes "
        f"{updates(BatchSchedule.fixed(4))}: eight times as many updates for the same documents."
    ),
    next="4.2: how fast does a compounding schedule grow?",
    otherwise="Count batches: how many of 32 cover 1,000 documents, the last one short, and how many epochs are there?",
)

# -- 4.2 -----------------------------------------------------------------------------------------

GROWTH = Exercise(
    id="4.2",
    question="What batch size does compounding:4:32:1.01 reach after 100 updates?",
    after="Updates per epoch (after exercise 4.1)",
    prompt=(
        f"**Exercise 4.2.** `compounding:4:32:1.01` starts at 4 and multiplies the size by 1.01 after "
        f"each update, up to 32. How big is the batch after {AFTER} updates (update number {AFTER}, "
        "counting from 0)?"
    ),
    form="a whole number of documents",
    right=lambda: float(size_after(GROWING, AFTER)),
    read=read_number,
    mistakes=(
        Mistake(
            round(GROWING.size_at(AFTER), 2),
            f"Batch sizes are whole numbers: spaCy's document batcher (`util.minibatch`) rounds "
            f"4 x 1.01^{AFTER} = {GROWING.size_at(AFTER):.2f} towards zero.",
            lambda value: not is_integral(value),
        ),
        Mistake(
            round(GROWING.size_at(AFTER)),
            f"spaCy rounds towards zero, not to the nearest: int({GROWING.size_at(AFTER):.2f}) = "
            f"{size_after(GROWING, AFTER)}.",
            lambda value: value == round(GROWING.size_at(AFTER)),
        ),
        Mistake(
            int(GROWING.start * (1 + (GROWING.rate - 1) * AFTER)),
            f"Compounding multiplies: each update the size grows by 1% of itself, 4 x 1.01^{AFTER}, "
            f"not 4 x (1 + {AFTER} x 0.01).",
            lambda value: value == int(GROWING.start * (1 + (GROWING.rate - 1) * AFTER)),
        ),
        Mistake(
            GROWING.stop,
            f"The cap, {GROWING.stop:g}, is reached only at update {REACH_32} of the lesson's run; after "
            f"{AFTER} the batch is far below it.",
            lambda value: value == GROWING.stop,
        ),
        Mistake(
            GROWING.start,
            f"{GROWING.start:g} is the first size; the batch grows after every update.",
            lambda value: value == GROWING.start,
        ),
    ),
    worked=lambda: (
        "```python\n"
        "from nerlab.training import BatchSchedule\n"
        'schedule = BatchSchedule.parse("compounding:4:32:1.01")\n'
        f"schedule.size_at({AFTER})  # {GROWING.size_at(AFTER):.3f}\n"
        f"schedule.sizes({AFTER + 1})[-1]  # {size_after(GROWING, AFTER)}\n"
        "```\n\n"
        f"4 x 1.01^{AFTER} = {GROWING.size_at(AFTER):.2f}, rounded towards zero as spaCy does. The cap "
        f"of 32 comes at update {REACH_32} of the lesson's run (exercise 4.5 says where that is)."
    ),
    next="4.3: spaCy's own default schedule counts something else.",
    otherwise="Batch k holds int(4 x 1.01^k) documents, at most 32.",
)

# -- 4.3 -----------------------------------------------------------------------------------------


def _spacy_size() -> float:
    return float(size_after(spacy_default(), SPACY_AFTER))


def _spacy_linear() -> int:
    """The size if the growth were added instead of multiplied: a common slip."""
    schedule = spacy_default()
    return int(schedule.start * (1 + (schedule.rate - 1) * SPACY_AFTER))


SPACY_WORDS = Exercise(
    id="4.3",
    question="spaCy 3's default batcher: how many WORDS of whole texts fit under its target after 1,000 steps?",
    after="Updates per epoch (after exercise 4.2)",
    prompt=(
        "**Exercise 4.3.** spaCy 3's default batcher (`minibatch_by_words`) packs whole texts into a batch "
        "up to a target number of *words*. The target compounds from 100 to 1,000 by 1.001 at each step of "
        "the schedule, and the batcher takes about one step per batch. After "
        f"{SPACY_AFTER:,} steps, at most how many words of whole texts fit under the target?"
    ),
    form="a whole number of words",
    right=_spacy_size,
    read=read_number,
    mistakes=(
        Mistake(
            16,
            "That looks like a number of documents. spaCy's default batcher counts words, starting at 100.",
            lambda value: value < 100,
        ),
        Mistake(
            spacy_default().stop,
            f"{spacy_default().stop:,g} words is the cap, and the target reaches it only after "
            f"{updates_to_reach(spacy_default(), spacy_default().stop):,} steps.",
            lambda value: value == spacy_default().stop,
        ),
        Mistake(
            _spacy_linear(),
            f"Compounding multiplies: 100 x 1.001^{SPACY_AFTER}, not 100 x (1 + {SPACY_AFTER} x 0.001).",
            lambda value: value == _spacy_linear(),
        ),
        Mistake(
            _spacy_size() + 1,
            f"The target is {spacy_default().size_at(SPACY_AFTER):.2f} words and texts hold whole words, "
            f"so at most {int(_spacy_size())} words fit under it: `minibatch_by_words` never rounds the target, "
            "it adds texts while their words still fit under it.",
            lambda value: value == _spacy_size() + 1,
        ),
    ),
    worked=lambda: (
        "```python\n"
        "from spacy.language import DEFAULT_CONFIG\n"
        "from nerlab.training import BatchSchedule\n"
        'DEFAULT_CONFIG["training"]["batcher"]  # batch_by_words.v1, compounding.v1 100 -> 1000 by 1.001\n'
        'words = BatchSchedule.compounding(100, 1000, 1.001, unit="words")\n'
        f"words.sizes({SPACY_AFTER + 1})[-1]  # {int(_spacy_size())}\n"
        "```\n\n"
        f"100 x 1.001^{SPACY_AFTER} = {spacy_default().size_at(SPACY_AFTER):.1f} words, and the cap of "
        f"1,000 comes only after {updates_to_reach(spacy_default(), 1000):,} steps. A word batch "
        "adds whole texts while their words fit under the unrounded target, so at most "
        f"{int(_spacy_size())} words fit under it. That is the target, not the size of the batch after "
        f"{SPACY_AFTER:,} updates: a text that would go over the target by less than 20% (the `tolerance`) "
        "waits for the next batch and counts towards it, so a batch can end up to 20% over its own target, "
        "and a text longer than the target plus 20% gets a batch of its own without a step of the "
        "schedule, so steps and updates drift apart. With sentences of about 8 words, 100 words is about "
        "a dozen texts per update."
    ),
    next="the lab counts documents, so its `compounding:4:16:1.001` is the documents version of this idea.",
    otherwise="After k steps the target is 100 x 1.001^k words, at most 1,000; whole texts fill at most int() of it.",
)

# -- 4.4 and 4.5: predict, then run --------------------------------------------------------------

SEEN = 250  # the lab evaluates every 250 documents


def updates_to_see(schedule: BatchSchedule, n_docs: int) -> int:
    """How many updates a run has made once it has seen at least `n_docs` documents."""
    seen = accumulate(schedule.sizes_for(N_DOCS, epochs=EPOCHS))
    return next(k for k, total in enumerate(seen, start=1) if total >= n_docs)


def _explain_lead(measured) -> str:
    small, large = measured
    n_small, n_large = updates_to_see(BatchSchedule.fixed(4), SEEN), updates_to_see(FIXED, SEEN)
    verdict = {
        "a": "Small batches lead: at equal documents seen they have made many more updates.",
        "b": "Here the large batches lead, which the lesson's tests do not expect: try another seed.",
        "c": "Here the two are level: the small batches' extra updates have not paid off yet.",
    }[compared(small - large)]
    return (
        f"To see {SEEN} documents, fixed:4 makes {n_small} updates and fixed:32 only {n_large}. Measured "
        f"F1 at about {SEEN} documents: fixed:4 {small:.3f}, fixed:32 {large:.3f}. {verdict}"
    )


SMALL_LEADS = Prediction(
    id="4.4",
    question="At equal documents seen (250), which run is ahead: fixed:4 or fixed:32?",
    after="Live curves (after the cell that shows the lab, before the cell that trains the three runs)",
    prompt=(
        f"**Predict 4.4.** The next cell trains six runs on the same data: `fixed:4`, `fixed:32` and "
        f"`compounding:4:32:1.01`, the first two again with teacher forcing, and the compounding one with "
        f"100 oracle updates first. After {SEEN} documents, following the model's own actions, which is "
        f"ahead: fixed:4 or fixed:32?"
    ),
    options={
        "a": "fixed:4 (small batches) is clearly ahead",
        "b": "fixed:32 (large batches) is clearly ahead",
        "c": f"they are about level (within {LEVEL} F1)",
    },
    reveal_after="the cell that trains the three runs and prints their curves",
    reveal_code=(
        "# evaluations[1] is the first evaluation after training starts (about 250 documents)\n"
        'reveal("4.4", (runs[0].evaluations[1].ents_f, runs[1].evaluations[1].ents_f))  # (fixed:4, fixed:32)'
    ),
    read_measured=lambda measured: read_numbers(measured, ("fixed:4", "fixed:32")),
    outcome=lambda measured: compared(measured[0] - measured[1]),
    explain=_explain_lead,
    examples={"a": {"fixed:4": 0.32, "fixed:32": 0.0}, "b": (0.1, 0.3), "c": (0.30, 0.31)},
    worked=lambda: (
        f"Count updates, not documents: to see {SEEN} documents `fixed:4` makes "
        f"{updates_to_see(BatchSchedule.fixed(4), SEEN)} updates and `fixed:32` makes "
        f"{updates_to_see(FIXED, SEEN)}. Each update moves the model, and the states it trains on move "
        "with it. Expect small batches to lead early; larger batches catch up with more epochs."
    ),
    next="4.5 asks whether restarting a schedule each epoch matters.",
)


def when_it_reaches_32() -> str:
    """Where in the lesson's run compounding:4:32:1.01 first makes a batch of 32."""
    ends = epoch_ends(GROWING)
    epoch = epoch_of_update(GROWING, REACH_32)
    return (
        f"it first holds 32 documents at update {REACH_32} (counting from 0), in the {ORDINALS[epoch]} "
        f"epoch: updates {REACH_32} to {ends[epoch - 1] - 1} are that epoch's last {ends[epoch - 1] - REACH_32} "
        f"(the epochs end after {', '.join(map(str, ends))} updates)."
    )


def _explain_restart(measured) -> str:
    kept, restarted = measured
    schedule = BatchSchedule.parse("compounding:4:32:1.01")
    first = updates(schedule, epochs=1)
    verdict = {
        "a": f"Restarting helped here by more than {LEVEL}.",
        "b": f"Restarting hurt here by more than {LEVEL}.",
        "c": f"The two are within {LEVEL}: after three epochs both have learned what the corpus offers.",
    }[compared(restarted - kept)]
    return (
        f"Without a restart the second epoch starts with batches of {schedule.sizes_for(N_DOCS, 2)[first]}; "
        f"with one, of {int(schedule.start)}. Final F1: {kept:.3f} without, {restarted:.3f} with. {verdict}"
    )


RESTART = Prediction(
    id="4.5",
    question="Does restarting compounding(4, 32, 1.01) at every epoch change the final F1?",
    after="Exercise (replaces the '# Your answer here' cell; the worked answer's cell runs the measurement)",
    prompt=(
        "**Predict 4.5.** `BatchSchedule.compounding(4, 32, 1.01, restart_each_epoch=True)` starts each "
        "epoch again at 4. Compared with spaCy's way (no restart), the final F1 will be:"
    ),
    options={
        "a": f"clearly better with the restart (by more than {LEVEL})",
        "b": "clearly worse with the restart",
        "c": f"about the same (within {LEVEL})",
    },
    reveal_after="the cell that trains the restarting schedule",
    reveal_code=(
        "# runs[2] is compounding:4:32:1.01 without restart; lab.runs[-1] the restarting one\n"
        'reveal("4.5", (runs[2].evaluations[-1].ents_f, lab.runs[-1].evaluations[-1].ents_f))'
    ),
    read_measured=lambda measured: read_numbers(measured, ("no restart", "restart")),
    outcome=lambda measured: compared(measured[1] - measured[0]),
    explain=_explain_restart,
    examples={"a": (0.85, 0.9), "b": (0.9, 0.85), "c": {"no restart": 0.89, "restart": 0.893}},
    worked=lambda: (
        f"At a rate of 1.01 the batch grows by 1% per update: {when_it_reaches_32()} "
        "Restarting sends every epoch back to batches of 4: more, smaller "
        "updates. By the end of three epochs both runs have learned the corpus; measure whether the "
        "difference is more than noise."
    ),
    next="compare the restarting run's curve with the others against updates (the x axis switch).",
)

EXERCISES = (FIXED_UPDATES, GROWTH, SPACY_WORDS, SMALL_LEADS, RESTART)
