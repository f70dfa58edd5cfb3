"""The course's words, each defined once, in plain language and as spaCy 3.8 behaves.

The definitions follow `nerlab/oracle.py` (spaCy's `ner.pyx` rules, rewritten to be read) and
spaCy's `Parser.update`. A lesson shows a few with `glossary("cost", "missing")`, or all of
them with `glossary()`; every term has an HTML anchor `glossary-<term>` to link to.
"""

from __future__ import annotations

from .feedback import Worked

GLOSSARY: dict[str, str] = {
    "state": (
        "Where the parser is in a text: the tokens, the position of the next token to label, the "
        "entity being built (if one is open), the entities already finished, and the actions taken so "
        "far. Each action turns one state into the next. In nerlab a state never changes: "
        "`BiluoSystem.apply` returns a new one."
    ),
    "action": (
        "What the model predicts at each token: `O`, or a move and a label such as `B-ORG`. Each "
        "action uses up exactly one token, so a text of n tokens takes n actions. An action is valid "
        "when the rules allow it in the current state (nothing may begin while an entity is open, "
        "for example). The names are the ones spaCy prints."
    ),
    "BILUO": (
        "The five moves: Begin (an entity starts here and goes on), In (inside it, and it goes on), "
        "Last (it ends here), Unit (a one-token entity), Out (outside any entity). The same letters tag "
        'an annotation token by token: "W Chen" as a PERSON is `B-PERSON L-PERSON`. spaCy writes a '
        "missing tag as `-`, nerlab as None."
    ),
    "oracle": (
        "The teacher used in training (spaCy's dynamic oracle). Given any state and an annotation, it "
        "gives every valid action a cost. It works in states off the annotation's path too, so after a "
        "mistake it prices what can still be reached: it re-plans. When several actions are free, "
        "nerlab's `oracle.path` breaks the tie by a stated rule; spaCy's own oracle sequence takes the "
        "first free action in its class order."
    ),
    "cost": (
        "A whole number the oracle gives each valid action. spaCy computes it with one rule per move "
        "(`Begin`, `In`, `Last`, `Unit`, `Out` in `ner.pyx`) that reads only the annotation's tags at "
        "this token and the next, the tag where the open entity began, and the rejected spans. 0 means "
        "acceptable; 1 means the rule sees the action going against the annotation, and a rejected span "
        "adds 1 more to the action that completes it (and, with two tokens left, to a `B-` of its label "
        "at its first token; see reject). It "
        "is not a count of facts lost: the rules look one token ahead at most, so an action can cost 0 "
        "and still make an accepted entity impossible (lesson 3)."
    ),
    "free action": (
        "An action that costs 0 in its state. Under full gold exactly one action is free at each step "
        "of the gold path; the more actions are free, the less the state teaches."
    ),
    "loss target": (
        "An action spaCy's training loss treats as correct in a state: the valid actions of the lowest "
        "cost, provided that cost is at most 1. Usually these are the free actions. In a dead end where "
        "the cheapest costs exactly 1, the cost-1 actions are the targets; when every valid action costs "
        "2 or more there is none, and that state gives no gradient. The loss moves probability towards "
        "the targets (`nerlab.loss_targets`)."
    ),
    "dead end": (
        "A state, reached by free actions, where every valid action costs something. In a 3-token text "
        "rejected as ORG, after `B-ORG I-ORG` the only valid action `L-ORG` completes the rejected span "
        "and costs 1, and spaCy's loss pushes towards it."
    ),
    "supervision": (
        "What one annotation tells the model about one text: for each token a BILUO tag or missing, "
        "plus the rejected spans (`nerlab.Supervision`). Full gold, a partial annotation and merged "
        "binary answers are three supervisions of the same text."
    ),
    "gold": (
        "A complete annotation: every entity of the text is marked and every other token is O, so every tag "
        'is known ("full gold" stresses that). The gold path is the sequence of actions that reproduces it.'
    ),
    "missing": (
        "A token the annotation says nothing about (None in nerlab, `-` in spaCy). At a missing token "
        "every valid action costs 0, except those a rejected span charges (see reject), so the model is told "
        "nothing there. Binary and partial answers leave the tokens outside their spans missing unless "
        "`no_missing` declares them O. (spaCy reads a missing whitespace token as O when the text has "
        "any known tag.)"
    ),
    "reject": (
        "An answer saying a span is NOT an entity of a label. It says nothing about what the tokens are "
        "instead. spaCy 3 reads rejected spans from the component's `incorrect_spans_key`, and only as "
        "costs: a rejected X span adds 1 to the action that completes exactly that span (`U-X` for one "
        "token, `Unit.cost`; `L-X` at its end, `Last.cost`), and to `B-X` at its first token when only "
        "two tokens are left, whatever the span's end (`Begin.cost`). These charges apply at missing "
        "tokens too. Otherwise opening a rejected span, or extending it with `I-`, stays free."
    ),
    "no_missing": (
        "A switch that declares an annotation complete: every token outside an accepted span becomes O "
        "(Prodigy's old `--no-missing` flag). Right when the accepted spans are all the entities. On a "
        "text whose only answer is a reject, it claims the text has no entity at all."
    ),
    "merged tasks": (
        "Prodigy's way of training from several answers on one text (same input hash): all their "
        'accepted and rejected spans become one example. Kept separate (`tasks="separate"`), each '
        "answer is an example of its own and knows nothing of the others."
    ),
    "exploration": (
        "During training, moving on with the model's own choice. After computing the loss in a state, "
        "spaCy applies the model's highest-scoring valid action, right or wrong, so it trains on the "
        "states its own predictions lead to (imitation learning). The exception: a text longer than a "
        "cut length (`update_with_oracle_cut_size`, 100 by default, drawn at each update between half "
        "and twice that) is cut into pieces, and each later piece starts from a state on the oracle's "
        'path. spaCy steps a batch\'s states together and cuts "to make the batch uniform length" '
        "(`Parser.update`). The lab's `explore` is the probability of following the model (1.0 is spaCy's way)."
    ),
    "teacher forcing": (
        "Training that always moves on with a zero-cost action, so it only sees states on a correct "
        "path, never the states that follow a mistake. Not what spaCy does; the lab's `explore=0.0`."
    ),
    "batch schedule": (
        "How many examples (or words) go into each update: fixed, or compounding, where step k of the "
        "schedule gives the target min(start x rate^k, stop). A document batch (`util.minibatch`) takes one "
        "step per batch and holds int(target) documents (it rounds towards zero). A word batch "
        "(`minibatch_by_words`, spaCy 3's default) never rounds: it adds whole texts while their words fit "
        "under the target, holds over to the next batch a text that would overshoot by less than 20% "
        "(`tolerance`), and gives a longer text a batch of its own. So a word batch can start with held-over "
        "texts and end up to 20% over its own target, and an oversize text's batch takes no step of the "
        "schedule: with words, step k's target is neither the size of batch k nor that of update k. spaCy "
        "does not restart the schedule at each epoch. spaCy 3's default config counts words, 100 to 1,000 by "
        "1.001. nerlab's default, `compounding:4:16:1.001`, counts documents and grows little in a "
        "lesson-sized run (lesson 7's gold run never goes past 5)."
    ),
    "binary accuracy": (
        "The share of held-out accept/reject answers a model gets right, read per span: an accepted span "
        "is right when it is predicted exactly, with its label; a rejected span when it is not predicted "
        "with that label. A model that predicts nothing scores the share of rejected spans (0.5 with as "
        "many rejects as accepts). This per-span reading is nerlab's own. It is not the accuracy Prodigy "
        "printed, which counted the model's predicted entities (see Prodigy's printed accuracy); the "
        "stricter per task reading is the third (`nerlab.training.metrics`)."
    ),
    "per task": (
        "A reading of held-out accept/reject answers one task (one question put to the annotator) at a "
        "time: an accept task is right when ALL its spans are predicted exactly, a reject task when NONE "
        "of its spans is predicted with its label. With one span per task it equals the per-span binary "
        "accuracy; with one accept holding every entity of a text it is much stricter (`task_accuracy`)."
    ),
    "Prodigy's printed accuracy": (
        "The accuracy Prodigy 1.x's `ner.batch-train` printed, with RIGHT, WRONG, ENTS and SKIP. Prodigy's "
        "code is not public: nerlab rebuilds the count from its authors' description on the Prodigy support "
        'forum ("Prodigy NER model evaluation and custom evaluation scripts"), not from its code: it is '
        '"based on how many of the accepted entities you got right, and how many predicted entities are '
        "inconsistent with the annotations (either because they cross a correct entity, or because they "
        'match a rejected entity)", and "some predicted entities can\'t be evaluated". So it counts the '
        "model's predicted entities: RIGHT when one is an accepted span, WRONG when it matches a rejected "
        "span or crosses an accepted one, SKIP when the answers say nothing about it; ACCURACY = RIGHT / "
        "(RIGHT + WRONG). Missed accepts are not counted, and a model that predicts nothing leaves 0/0 "
        "(`nerlab.training.metrics.prodigy_counts`)."
    ),
    "sunk": (
        "An open entity whose first token is not tagged as the `B` or `U` of an annotated entity with its "
        "label (spaCy's `_entity_is_sunk`; a missing tag there counts as sunk). It stands in for \"can no "
        'longer match a gold entity", but not exactly: an entity begun on a missing tag counts as sunk, and '
        "one begun with `B` on a gold `U` of its label cannot match yet is not sunk. `In.cost` and `Last.cost` "
        "read it: on a sunk entity, `L-` at a gold `I` token and `I-` at a gold `L` token followed by O or a "
        "missing tag are free. The oracle still cares where a sunk entity ends: `I-` at a token whose tag is "
        "known costs 1 when the next token begins a gold entity (on lesson 2's sentence, after "
        '`O O B-ORG I-ORG`, at "and": `I-ORG` 1, `L-ORG` 0).'
    ),
    "score": (
        "The number the network gives each action in a state. spaCy computes it from the vectors of the "
        "tokens the state points at: the next token to label and, while an entity is open, its first "
        "token and the token before the next one (`StateC.set_context_tokens`). The highest-scoring "
        "valid action is the model's prediction."
    ),
    "loss": (
        "How far the scores in a state are from what the oracle wants. spaCy's `cpu_log_loss` turns the "
        "scores into probabilities and is small when they sit on the loss targets."
    ),
    "gradient": (
        "For each score, which way and how far to move it to make the loss smaller (up for a loss "
        "target, down for the other actions). An update moves the network's weights along it; a state "
        "with no loss target gives none."
    ),
    "greedy decoding": (
        "How spaCy's `ner` predicts: at each token it takes the valid action with the highest score, "
        "and never goes back to change it."
    ),
    "beam": (
        "Beam search, spaCy's `beam_ner`: instead of one state, it keeps the `beam_width` best-scoring "
        "partial action sequences at each token, and training compares the sequences in the beam with "
        'those the annotation allows. The lab\'s `update="beam:8"` trains this way.'
    ),
    "input hash": (
        "A number computed from a text alone (Prodigy's `_input_hash`; `nerlab.data.input_hash`): "
        "answers about the same text share it, and Prodigy merges the answers that share it into one "
        "example. The task hash is computed from the text and its spans, and tells questions apart."
    ),
    "precision": ("The share of predicted entities that are right: same start, same end, same label as a true one."),
    "recall": "The share of true entities that the model predicts exactly (same span, same label).",
    "F1": (
        "The harmonic mean of precision P and recall R, 2PR / (P + R): high only when both are. The "
        "lab's F1 is nerlab's own `entity_scores` (`nerlab.training.metrics`: exact span and label, "
        "micro-averaged) on held-out texts. It equals spaCy's `ents_f` only when the held-out annotation is "
        "complete; on partial annotation every prediction nobody annotated counts as wrong."
    ),
    "epoch": "One pass over all the training texts. A run of 3 epochs sees each training text three times.",
    "batch": (
        "The group of training texts used for one update: spaCy computes the loss on each, adds up the "
        "gradients and then moves the weights once. How big the batches are is the batch schedule."
    ),
    "update": (
        "One step of training: the network's weights move once along the gradient of one batch's loss "
        "(spaCy's `nlp.update`, then the optimizer's step)."
    ),
    "held-out": (
        "Kept out of training. Held-out texts (and their answers) are used only to score the model, so "
        "the score says how it does on texts it has not learnt from."
    ),
    "rehearsal": (
        "Mixing texts labelled by the base model itself into the training data, as full annotations, so "
        "that training on new labels keeps reminding the model of the old ones (pseudo-rehearsal)."
    ),
}


def anchor(term: str) -> str:
    """The HTML anchor a lesson links to: 'free action' -> 'glossary-free-action'."""
    return "glossary-" + term.lower().replace(" ", "-").replace("_", "-")


def find_term(name: str) -> str | None:
    """The glossary's own spelling of `name` (any case, singular or plural), or None."""
    wanted = str(name).strip().lower()
    for term in GLOSSARY:
        if wanted in (term.lower(), term.lower() + "s", term.lower() + "es"):
            return term
    return None


def glossary_markdown(terms=None) -> str:
    """The glossary (or the given terms) as a Markdown list, each term with its anchor."""
    chosen = list(GLOSSARY) if not terms else [found for t in terms if (found := find_term(t))]
    return "\n".join(f'- <a id="{anchor(term)}"></a>**{term}**: {GLOSSARY[term]}' for term in chosen)


def glossary(*terms: str) -> Worked:
    """Show the glossary in a notebook: `glossary()` for every term, `glossary("cost")` for one."""
    unknown = [t for t in terms if find_term(t) is None]
    text = glossary_markdown(terms) if terms else glossary_markdown()
    if unknown:
        text += f"\n\nNot in the glossary: {', '.join(map(repr, unknown))}. The terms are: {', '.join(GLOSSARY)}."
    return Worked("Glossary", text)
