"""The BILUO transition system: how spaCy's NER builds entities one action at a time.

The model never predicts spans directly. It reads the sentence left to right and, at each
token, predicts one *action* that edits a *state*:

    B-X  begin an entity of label X at this token (it continues on the next token)
    I-X  this token is inside the open entity X (it continues on the next token)
    L-X  this token is the last of the open entity X (the entity is now finished)
    U-X  this token is a one-token ("unit") entity of label X
    O    this token is outside any entity

Every action consumes exactly one token, so a sentence of n tokens takes n actions.
Validity rules keep the state well formed: you cannot begin an entity inside another one,
you must close an open entity before the sentence ends, and so on. They mirror spaCy 3.8's
`ner.pyx` (`Begin`, `In`, `Last`, `Unit`, `Out` and their `is_valid`), without the rules
for entities preset on the input document, which a freshly tokenised text never has.

This module is pure Python: no spaCy import, so a learner can read it on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

Span = tuple[int, int, str]  # (start, end, label) in token offsets, end exclusive

OUT = "O"
MOVES = ("B", "I", "L", "U")


def parse_tag(tag: str | None) -> tuple[str | None, str]:
    """Split a BILUO tag into (move, label): "B-ORG" -> ("B", "ORG"), "O" -> ("O", "").

    A tag the annotation leaves missing (None) has no move and no label: (None, "").
    Tags and action names share one spelling, so this is also how an action is read.
    """
    if tag is None:
        return None, ""
    if tag == OUT:
        return OUT, ""
    move, sep, label = tag.partition("-")
    if not sep or move not in MOVES or not label:
        raise ValueError(
            f"{tag!r} is not an action name: expected 'O' or one of B-, I-, L-, U- followed by a label, e.g. 'B-ORG'."
        )
    return move, label


def parse_action(action: str) -> tuple[str, str]:
    """Split an action name into (move, label): "B-ORG" -> ("B", "ORG"), "O" -> ("O", "")."""
    if action is None:
        raise ValueError("An action is never missing: expected 'O' or a name such as 'B-ORG', got None.")
    return parse_tag(action)  # type: ignore[return-value]


@dataclass(frozen=True)
class State:
    """Where the parser is in a sentence, and what it has built so far.

    States are immutable: `BiluoSystem.apply` returns a new one, so going back is just
    keeping the old state around.
    """

    tokens: tuple[str, ...]
    position: int = 0  # index of the buffer's first token; len(tokens) when final
    open_entity: tuple[int, str] | None = None  # (start, label) of the entity being built
    entities: tuple[Span, ...] = ()  # finished entities, in the order they were closed
    history: tuple[str, ...] = field(default=())  # actions taken so far

    @property
    def is_final(self) -> bool:
        """True once every token has been given an action."""
        return self.position >= len(self.tokens)

    @property
    def remaining(self) -> int:
        """How many tokens are still in the buffer (the current one included)."""
        return len(self.tokens) - self.position

    @property
    def current_token(self) -> str | None:
        """The token the next action applies to, or None in a final state."""
        return None if self.is_final else self.tokens[self.position]


class BiluoSystem:
    """The actions for a set of labels, and the rules for applying them.

    >>> system = BiluoSystem(["PERSON"])
    >>> state = system.initial_state(["Jane", "Doe", "said"])
    >>> for action in ["B-PERSON", "L-PERSON", "O"]:
    ...     state = system.apply(state, action)
    >>> state.entities
    ((0, 2, 'PERSON'),)
    """

    def __init__(self, labels: Iterable[str]):
        labels = list(labels)
        for label in labels:
            if not isinstance(label, str) or not label:
                raise ValueError(f"Labels must be non-empty strings; got {label!r}.")
        if len(set(labels)) != len(labels):
            raise ValueError(f"Labels must be unique; got {labels!r}.")
        self.labels: tuple[str, ...] = tuple(labels)
        self.actions: tuple[str, ...] = (OUT,) + tuple(f"{move}-{label}" for move in MOVES for label in self.labels)

    def __repr__(self) -> str:
        return f"BiluoSystem(labels={list(self.labels)!r})"

    # -- states ------------------------------------------------------------------------

    def initial_state(self, tokens: Sequence[str] | object) -> State:
        """The state before any action: nothing built, the buffer at the first token.

        `tokens` is a list of strings or anything iterable whose items have a `.text`
        (a spaCy `Doc`, for instance).
        """
        words = tuple(t if isinstance(t, str) else t.text for t in tokens)  # type: ignore[attr-defined]
        if not words:
            raise ValueError("Cannot start on an empty document: it has no tokens.")
        return State(tokens=words)

    # -- validity ----------------------------------------------------------------------

    def is_valid(self, state: State, action: str) -> bool:
        """Whether `action` may be applied in `state` (spaCy's `is_valid`)."""
        move, label = parse_action(action)
        if label and label not in self.labels:
            raise ValueError(f"Unknown label {label!r} in {action!r}; labels are {list(self.labels)}.")
        if state.is_final:
            return False
        open_entity = state.open_entity
        on_space = state.tokens[state.position].isspace()
        if move == OUT:
            return open_entity is None
        if move == "B":
            # An entity that begins here must end on a later token, so two tokens must remain.
            return open_entity is None and state.remaining >= 2 and not on_space
        if move == "U":
            return open_entity is None and not on_space
        if move == "I":
            # Continuing means the entity ends later, so two tokens must remain.
            return open_entity is not None and open_entity[1] == label and state.remaining >= 2
        # move == "L"
        return open_entity is not None and open_entity[1] == label

    def valid_actions(self, state: State) -> list[str]:
        """Every action that may be applied in `state`, in `self.actions` order."""
        return [a for a in self.actions if self.is_valid(state, a)]

    # -- transitions -------------------------------------------------------------------

    def apply(self, state: State, action: str) -> State:
        """Return the state after `action`; the given state is left unchanged."""
        if state.is_final:
            raise ValueError(
                f"Cannot apply {action!r}: the state is final (all {len(state.tokens)} tokens "
                f"have an action). Start again from `initial_state`."
            )
        if not self.is_valid(state, action):
            raise ValueError(
                f"{action!r} is not valid at token {state.position} "
                f"({state.tokens[state.position]!r}): {self._why_invalid(state, action)} "
                f"Valid actions here: {self.valid_actions(state)}."
            )
        move, label = parse_action(action)
        i = state.position
        open_entity = state.open_entity
        entities = state.entities
        if move == "B":
            open_entity = (i, label)
        elif move == "L":
            entities = entities + ((open_entity[0], i + 1, label),)  # type: ignore[index]
            open_entity = None
        elif move == "U":
            entities = entities + ((i, i + 1, label),)
        return State(
            tokens=state.tokens,
            position=i + 1,
            open_entity=open_entity,
            entities=entities,
            history=state.history + (action,),
        )

    def run(self, tokens: Sequence[str] | object, actions: Iterable[str]) -> State:
        """Apply `actions` one after the other from the initial state of `tokens`."""
        state = self.initial_state(tokens)
        for action in actions:
            state = self.apply(state, action)
        return state

    def _why_invalid(self, state: State, action: str) -> str:
        move, label = parse_action(action)
        open_entity = state.open_entity
        if move in (OUT, "B", "U") and open_entity is not None:
            return f"an entity ({open_entity[1]}) is open and must be continued (I) or closed (L) first."
        if move in ("I", "L") and open_entity is None:
            return "no entity is open, so there is nothing to continue or close."
        if move in ("I", "L") and open_entity is not None and open_entity[1] != label:
            return f"the open entity has label {open_entity[1]}, not {label}."
        if move in ("B", "I") and state.remaining < 2:
            return "this is the last token, so an entity cannot continue past it."
        if move in ("B", "U") and state.tokens[state.position].isspace():
            return "entities may not start on a whitespace token."
        return "it breaks the BILUO rules."
