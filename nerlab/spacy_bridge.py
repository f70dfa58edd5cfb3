"""Where nerlab's ideas meet the real spaCy library.

- `to_example` turns a `Supervision` into the spaCy `Example` that trains on it: missing
  tokens stay missing, rejected spans go under the key that the NER component's
  `incorrect_spans_key` setting names.
- `SpacyOracle` drives spaCy's own transition system (`moves`) on the same states, so we
  can check, action by action, that nerlab's oracle says what spaCy's says.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.training import Example

from .oracle import costs, loss_targets
from .supervision import Supervision
from .transitions import BiluoSystem, State

NEG_KEY = "incorrect_spans"


@functools.lru_cache(maxsize=1)
def blank_english() -> Language:
    """One blank English pipeline per process: its tokenizer and vocab, built once."""
    return spacy.blank("en")


def make_doc(tokens: Sequence[str], vocab=None) -> Doc:
    """A spaCy `Doc` with exactly these tokens (one space between them)."""
    return Doc(vocab if vocab is not None else blank_english().vocab, words=list(tokens))


def to_example(doc: Doc, supervision: Supervision, neg_key: str = NEG_KEY) -> Example:
    """The spaCy `Example` that says what `supervision` says about `doc`.

    Missing tokens get spaCy's missing tag ("-"), known tokens their BILUO tag, and the
    rejected spans are stored in `example.reference.spans[neg_key]`, where a NER component
    created with `incorrect_spans_key=neg_key` reads them.
    """
    if len(doc) != len(supervision):
        raise ValueError(
            f"The document has {len(doc)} tokens but the supervision covers "
            f"{len(supervision)}; build the supervision from this document's tokens."
        )
    tags = ["-" if tag is None else tag for tag in supervision.tags]
    example = Example.from_dict(doc, {"entities": tags})
    if supervision.rejected:
        reference = example.reference
        reference.spans[neg_key] = [
            SpacySpan(reference, start, end, label=label) for start, end, label in supervision.rejected
        ]
    return example


def ner_pipeline(labels: Iterable[str], neg_key: str = NEG_KEY, beam: bool = False) -> Language:
    """A blank English pipeline with one NER component knowing `labels` (not initialised)."""
    nlp = spacy.blank("en")
    factory = "beam_ner" if beam else "ner"
    ner = nlp.add_pipe(factory, config={"incorrect_spans_key": neg_key})
    for label in labels:
        ner.add_label(label)
    return nlp


class SpacyOracle:
    """spaCy's own validity and costs, read through its Python-callable transition system.

    Class ids depend on the order labels were added, so actions are always named with
    `moves.get_class_name(i)`; spaCy's blocked-token class `U-` (empty label) is skipped,
    as nerlab leaves it out.
    """

    def __init__(self, labels: Iterable[str], neg_key: str = NEG_KEY):
        self.labels = tuple(labels)
        self.neg_key = neg_key
        self.nlp = ner_pipeline(self.labels, neg_key)
        self.nlp.initialize()  # adds the "O" and "U-" classes to the transition system
        self.moves = self.nlp.get_pipe("ner").moves
        names = [self.moves.get_class_name(i) for i in range(self.moves.n_moves)]
        self.class_ids = {name: i for i, name in enumerate(names) if name != "U-"}

    @property
    def actions(self) -> list[str]:
        return list(self.class_ids)

    def start(self, tokens: Sequence[str], supervision: Supervision) -> SpacyWalk:
        """Begin a walk through one document under one supervision."""
        doc = make_doc(tokens, self.nlp.vocab)
        example = to_example(doc, supervision, self.neg_key)
        state = self.moves.init_batch([example.predicted])[0]
        gold = self.moves.init_gold(state, example)
        return SpacyWalk(self, state, gold)


class SpacyWalk:
    """One spaCy `StateClass` and its gold, stepped with spaCy's own `apply_transition`."""

    def __init__(self, oracle: SpacyOracle, state, gold):
        self.oracle = oracle
        self.state = state
        self.gold = gold

    @property
    def is_final(self) -> bool:
        return self.state.is_final()

    @property
    def position(self) -> int:
        return len(self.state.doc) if self.state.is_final() else self.state.B(0)

    def costs(self) -> dict[str, float]:
        """spaCy's cost of every valid action here (`is_valid`, then `get_cost`)."""
        if self.state.is_final():  # spaCy reports O as valid on final states: it is not.
            return {}
        moves = self.oracle.moves
        return {
            name: moves.get_cost(self.state, self.gold, i)
            for name, i in self.oracle.class_ids.items()
            if moves.is_valid(self.state, name)
        }

    def loss_targets(self) -> list[str]:
        """The actions spaCy's own loss pushes towards in this state.

        Runs the real `get_batch_loss` on equal scores: the gradient is negative exactly on
        the classes the loss treats as correct, and zero everywhere when it has none.
        """
        if self.state.is_final():
            return []
        ner = self.oracle.nlp.get_pipe("ner")
        scores = numpy.zeros((1, self.oracle.moves.n_moves), dtype="f")
        d_scores = ner.get_batch_loss([self.state], [self.gold], scores, None)
        return [name for name, i in self.oracle.class_ids.items() if d_scores[0, i] < 0]

    def apply(self, action: str) -> None:
        if self.state.is_final():
            raise ValueError(f"Cannot apply {action!r}: the spaCy state is final.")
        self.oracle.moves.apply_transition(self.state, action)

    def entities(self) -> list[tuple[int, int, str]]:
        """The entities spaCy's state has built, written onto a copy of the doc."""
        doc = self.state.doc.copy()
        self.oracle.moves.set_annotations(self.state, doc)
        return [(e.start, e.end, e.label_) for e in doc.ents]


def compare_state(system: BiluoSystem, state: State, supervision: Supervision, walk: SpacyWalk) -> list[str]:
    """Differences between nerlab's and spaCy's validity, costs and loss targets in one state."""
    ours = costs(system, state, supervision) if not state.is_final else {}
    theirs = {a: int(c) for a, c in walk.costs().items()}
    problems = []
    if state.position != walk.position:
        problems.append(f"position: nerlab {state.position}, spaCy {walk.position}")
    for action in system.actions:
        a, b = ours.get(action), theirs.get(action)
        if a != b:
            problems.append(f"{action}: nerlab {_say(a)}, spaCy {_say(b)}")
    ours_targets = sorted(loss_targets(ours))
    theirs_targets = sorted(walk.loss_targets())
    if ours_targets != theirs_targets:
        problems.append(f"loss targets: nerlab {ours_targets}, spaCy {theirs_targets}")
    return problems


def _say(cost: int | None) -> str:
    return "invalid" if cost is None else f"cost {cost}"


class ModelStep:
    """One step of greedy decoding: the model's score for every valid action, and its pick."""

    def __init__(self, position: int, scores: dict[str, float], chosen: str):
        self.position = position
        self.scores = scores  # valid actions only, raw scores (logits)
        self.chosen = chosen  # the valid action with the highest score

    def __repr__(self) -> str:
        return f"ModelStep(position={self.position}, chosen={self.chosen!r})"


def trace_model(nlp: Language, tokens: Sequence[str], actions: Sequence[str] | None = None) -> list[ModelStep]:
    """Run a trained pipeline's NER greedily over `tokens`, recording its scores at each step.

    With `actions`, the state follows those actions instead of the model's picks, so we
    can see what the model thinks in states it would not have chosen (off the path).
    Pipes before the NER (a shared tok2vec, say) are run first.
    """
    ner = nlp.get_pipe("ner")
    moves = ner.moves
    doc = Doc(nlp.vocab, words=list(tokens))
    for name, pipe in nlp.pipeline:
        if name == "ner":
            break
        doc = pipe(doc)
    names = [moves.get_class_name(i) for i in range(moves.n_moves)]
    state = moves.init_batch([doc])[0]
    step_model = ner.model.predict([doc])
    steps: list[ModelStep] = []
    try:
        while not state.is_final():
            row = step_model.predict([state])[0]
            scores = {n: float(row[i]) for i, n in enumerate(names) if n != "U-" and moves.is_valid(state, n)}
            chosen = max(scores, key=scores.get)
            steps.append(ModelStep(state.B(0), scores, chosen))
            take = actions[len(steps) - 1] if actions is not None and len(steps) <= len(actions) else chosen
            if not moves.is_valid(state, take):
                raise ValueError(f"{take!r} is not valid at token {state.B(0)}; valid: {sorted(scores)}")
            moves.apply_transition(state, take)
    finally:
        step_model.clear_memory()
    return steps


class ModelTrace:
    """A trained pipeline's scores in the states of one sentence, as a walk asks for them.

    `step_at(history)` gives the model's `ModelStep` in the state those actions lead to.
    One call to `trace_model` fills every state it passes through, so walking forward
    costs one trace per new branch, not one per step.
    """

    def __init__(self, nlp: Language, tokens: Sequence[str]):
        if "ner" not in nlp.pipe_names:
            raise ValueError(f"The model has no 'ner' pipe (its pipes: {nlp.pipe_names}).")
        self.nlp = nlp
        self.tokens = tuple(tokens)
        self._steps: dict[tuple[str, ...], ModelStep] = {}

    @property
    def labels(self) -> tuple[str, ...]:
        """The labels the model's NER knows."""
        return tuple(self.nlp.get_pipe("ner").labels)

    def step_at(self, history: tuple[str, ...]) -> ModelStep | None:
        if len(history) >= len(self.tokens):
            return None
        if history not in self._steps:
            taken: list[str] = []
            for k, step in enumerate(trace_model(self.nlp, self.tokens, actions=list(history))):
                self._steps.setdefault(tuple(taken), step)
                taken.append(history[k] if k < len(history) else step.chosen)
        return self._steps[history]
