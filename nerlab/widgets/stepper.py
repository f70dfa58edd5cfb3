"""TransitionStepper: walk through one sentence, one transition at a time, in Jupyter.

The stepper puts a state of the BILUO transition system on screen and lets a learner act
on it: take the oracle's action (Next), any action at all (Take), go Back, Reset, or Play
to the end. Next to the sentence sits the action table: for every action, whether it is
valid here and what it costs under several annotations of the same sentence, side by
side. Comparing the columns shows how much each kind of annotation leaves the model to
learn from: full gold usually allows one free action per token, a partial or binary
annotation often allows many, and a step where every valid action is free teaches nothing.

With a trained spaCy pipeline, the table also shows the model's raw score for each valid
action and the one greedy decoding would take, so a learner can see where the model and
the oracle disagree.

    stepper = TransitionStepper.from_gold("who are W Chen and Jane M Doe",
                                          [(2, 4, "PERSON"), (5, 8, "PERSON")],
                                          rejected=[(5, 7, "PERSON")])
    stepper            # in a notebook: the instrument
    stepper.next()     # the same as pressing Next

The widget adds no NER logic of its own: states, costs, loss targets and the oracle's
choices all come from `nerlab`'s core, model scores from `nerlab.spacy_bridge.trace_model`.
"""

from __future__ import annotations

import functools
from html import escape
from typing import Any, Iterable, Mapping, Sequence

import ipywidgets as widgets

from ..oracle import choose, loss_targets, oracle_actions
from ..supervision import Supervision
from ..transitions import BiluoSystem, Span, State
from . import tokens_view as view
from .style import COSTLY, default_scale, label_colours, scale_class

# -- what the stepper is given -------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _blank_english():
    import spacy

    return spacy.blank("en")


def tokens_of(text_or_doc: str | Sequence[str] | Any, model=None) -> tuple[str, ...]:
    """The tokens to step through: a text is tokenised (by the model's tokenizer if there
    is one, else blank English), a list of strings or a spaCy `Doc` is taken as it is."""
    if isinstance(text_or_doc, str):
        make_doc = model.make_doc if model is not None else _blank_english().make_doc
        words = tuple(t.text for t in make_doc(text_or_doc))
    else:
        words = tuple(t if isinstance(t, str) else t.text for t in text_or_doc)
    if not words:
        raise ValueError("The stepper needs at least one token; the text or token list is empty.")
    if not all(isinstance(w, str) and w for w in words):
        raise ValueError(f"Every token must be a non-empty string; got {list(words)!r}.")
    return words


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


def labels_for(labels, supervisions: Mapping[str, Supervision], model=None) -> tuple[str, ...]:
    """The label set: given, else the model's NER labels, else every label the annotations use."""
    labels = list(labels) if labels is not None else None
    used = sorted({label for sup in supervisions.values() for label in sup.labels})
    if model is not None:
        if "ner" not in model.pipe_names:
            raise ValueError(f"The model has no 'ner' pipe (its pipes: {model.pipe_names}).")
        known = sorted(model.get_pipe("ner").labels)
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


# -- the instrument ------------------------------------------------------------------------


class TransitionStepper(widgets.VBox):
    """Step through a sentence with the BILUO transition system, comparing annotations.

    Public state: `.state`, `.history`, `.supervisions` (as the costs read them), `.driver`
    (the annotation Next follows); plain-data views: `.action_rows()`, `.free_counts()`;
    actions: `.next()`, `.take(action)`, `.back()`, `.reset()`, `.play()`, `.model_step()`.
    """

    def __init__(
        self,
        text_or_doc,
        supervision=None,
        labels: Iterable[str] | None = None,
        model=None,
        scale: float | None = None,
        *,
        no_missing: bool = False,
    ):
        self.tokens = tokens_of(text_or_doc, model)
        self._given = named_supervisions(supervision, len(self.tokens))
        self.system = BiluoSystem(labels_for(labels, self._given, model))
        self.model = model
        self.scale = float(scale if scale is not None else default_scale())
        self.colours = label_colours(self.system.labels)
        self._states: list[State] = [self.system.initial_state(self.tokens)]
        self._model_cache: dict[tuple[str, ...], Any] = {}  # history -> ModelStep
        self._supervisions: dict[str, Supervision] = {}
        self._cost_cache: dict[tuple[str, ...], dict[str, dict[str, int]]] = {}
        self._plan_cache: dict[tuple[str, tuple[str, ...]], list[str]] = {}
        names = list(self._given)
        super().__init__(layout=widgets.Layout(max_width="100%"))
        self._build_controls(names, no_missing)
        self._read_supervisions()
        self._refresh()

    @classmethod
    def from_gold(
        cls,
        text_or_doc,
        spans: Iterable[Span] | None = None,
        rejected: Iterable[Span] = (),
        labels: Iterable[str] | None = None,
        model=None,
        scale: float | None = None,
        *,
        partial: Iterable[Span] | None = None,
        no_missing: bool = False,
    ) -> "TransitionStepper":
        """Compare gold, partial and binary annotations derived from one gold annotation.

        `spans` and `rejected` are (start, end, label) token offsets; with a spaCy `Doc`,
        `spans` defaults to its entities. See `gold_partial_binary` for what each knows.
        """
        if spans is None:
            if not hasattr(text_or_doc, "ents"):
                raise ValueError("Give the gold spans as (start, end, label) token offsets.")
            spans = [(e.start, e.end, e.label_) for e in text_or_doc.ents]
        n_tokens = len(tokens_of(text_or_doc, model))
        supervisions = gold_partial_binary(n_tokens, spans, rejected, partial)
        return cls(text_or_doc, supervisions, labels, model, scale, no_missing=no_missing)

    # -- what is on screen, as data ---------------------------------------------------------

    @property
    def state(self) -> State:
        """The current state of the transition system."""
        return self._states[-1]

    @property
    def history(self) -> tuple[str, ...]:
        """The actions taken so far, one per token read."""
        return self.state.history

    @property
    def supervisions(self) -> dict[str, Supervision]:
        """The annotations as the costs read them: after the "no missing" switch, and with
        whitespace tokens read as spaCy reads them (`Supervision.as_read_by_spacy`)."""
        return dict(self._supervisions)

    @property
    def driver(self) -> str:
        """The name of the annotation whose oracle Next and Play follow."""
        return self.supervision_dropdown.value

    def action_rows(self) -> list[dict]:
        """The action table for the current state, one dict per action of the system.

        Keys: action, valid, cost / free / target (dicts by annotation name: the cost, or
        None when invalid; whether it is free; whether spaCy's loss treats it as correct),
        score (the model's raw score, None when invalid or without a model), greedy (the
        model's pick), oracle (what Next would take).
        """
        state = self.state
        costs = self._costs_at(state)
        targets = {name: set(loss_targets(found)) for name, found in costs.items()}
        model_step = self._model_step_at(state)
        oracle = self._oracle_choice(state)
        rows = []
        for action in self.system.actions:
            cost = {name: found.get(action) for name, found in costs.items()}
            rows.append(
                {
                    "action": action,
                    "valid": not state.is_final and self.system.is_valid(state, action),
                    "cost": cost,
                    "free": {name: c == 0 for name, c in cost.items()},
                    "target": {name: action in targets[name] for name in costs},
                    "score": model_step.scores.get(action) if model_step else None,
                    "greedy": model_step is not None and model_step.chosen == action,
                    "oracle": action == oracle,
                }
            )
        return rows

    def free_counts(self) -> list[dict]:
        """How many valid actions are free at each step, under each annotation.

        One dict per token: the steps taken so far, then the oracle's plan to the end
        (planned=True). Keys: step, token, action, planned, valid (how many actions are
        valid), free (dict by annotation name). Fewer free actions means more to learn.
        """
        rows = []
        for k, (state, action) in enumerate(self._walk()):
            costs = self._costs_at(state)
            rows.append(
                {
                    "step": k,
                    "token": state.current_token,
                    "action": action,
                    "planned": k >= len(self.history),
                    "valid": len(next(iter(costs.values()))),
                    "free": {name: sum(c == 0 for c in found.values()) for name, found in costs.items()},
                }
            )
        return rows

    def cost_so_far(self) -> dict[str, int]:
        """The summed cost of the actions taken, under each annotation."""
        totals = dict.fromkeys(self._supervisions, 0)
        for state, action in zip(self._states, self.history):
            for name, found in self._costs_at(state).items():
                totals[name] += found[action]
        return totals

    def plan(self) -> list[str]:
        """The oracle's actions from the current state to the end, under the driver."""
        return self._plan_from(self.state)

    # -- acting -------------------------------------------------------------------------------

    def next(self) -> str | None:
        """Take the oracle's action under the driving annotation; say so if it re-plans."""
        state = self.state
        if state.is_final:
            self._say("The sentence is finished: Back or Reset to step again.")
            return None
        sup = self._supervisions[self.driver]
        cheapest = oracle_actions(self.system, state, sup)
        action = choose(cheapest, state, sup)
        cost = self._costs_at(state)[self.driver][action]
        left_at = self._left_path_at()
        self._advance(action)
        driver, where = escape(self.driver), f"at '{view.shown(state.current_token)}'"
        if left_at is None:
            self._say(f"Next: the oracle takes <b>{action}</b> {where} (cost {cost} under {driver}).")
        else:
            self._say(
                f"Re-planning: you left the {driver} oracle's path at step {left_at + 1} "
                f"('{view.shown(self.tokens[left_at])}'), so it plans again from this state. "
                f"Cheapest here: {', '.join(cheapest)} (cost {cost}); it takes <b>{action}</b> {where}. "
                f"Cost so far under {driver}: {self.cost_so_far()[self.driver]}."
            )
        self._refresh()
        return action

    def take(self, action: str) -> bool:
        """Take any action; an invalid one is refused with a message and changes nothing."""
        state = self.state
        if action not in self.system.actions:
            known = ", ".join(self.system.actions)
            self._say(f"{escape(repr(action))} is not an action here; the actions are {known}.", error=True)
            return False
        if state.is_final:
            self._say(f"Cannot take {action}: the sentence is finished. Back or Reset first.", error=True)
            return False
        if not self.system.is_valid(state, action):
            try:
                self.system.apply(state, action)
            except ValueError as err:  # its message says why the action is invalid here
                self._say(f"Refused: {escape(str(err))}", error=True)
            return False
        plan_before = self._plan_from(state)
        costs = {name: found[action] for name, found in self._costs_at(state).items()}
        self._advance(action)
        said = ", ".join(f"{escape(name)} {c}" for name, c in costs.items())
        note = ""
        if costs[self.driver] > 0:
            note = (
                f" It loses something under {escape(self.driver)}: the oracle's plan was "
                f"{' '.join(plan_before[1:]) or '(nothing)'}, now {' '.join(self.plan()) or '(nothing)'}."
            )
        self._say(f"Took <b>{action}</b> at '{view.shown(state.current_token)}'. Cost: {said}.{note}")
        self._refresh()
        return True

    def model_step(self) -> str | None:
        """Take the action the model's greedy decoding would take here."""
        if self.model is None:
            self._say("No model to ask: create the stepper with model=nlp.", error=True)
            return None
        model_step = self._model_step_at(self.state)
        if model_step is None:
            self._say("The sentence is finished: Back or Reset to step again.")
            return None
        self.take(model_step.chosen)
        return model_step.chosen

    def back(self) -> None:
        """Undo the last action."""
        if len(self._states) == 1:
            self._say("Already at the start.")
            return
        undone = self.history[-1]
        self._states.pop()
        self._say(f"Back: undid {undone}.")
        self._refresh()

    def reset(self) -> None:
        """Return to the initial state (the model's cached scores are kept)."""
        del self._states[1:]
        self._say("Reset to the first token.")
        self._refresh()

    def play(self) -> None:
        """Follow the oracle under the driving annotation to the end of the sentence."""
        plan = self.plan()
        for action in plan:
            self._advance(action)
        found = view.entities_text(self.tokens, self.state.entities)
        self._say(f"Played {len(plan)} oracle actions under {escape(self.driver)}; entities: {escape(found)}.")
        self._refresh()

    # -- display -----------------------------------------------------------------------------

    def __repr__(self) -> str:
        words = " ".join(self.tokens)
        words = words if len(words) <= 40 else words[:39] + "\u2026"
        return f"TransitionStepper: run this notebook to step through '{words}' ({len(self.tokens)} tokens)"

    def _repr_mimebundle_(self, **kwargs):
        """The live widget, plus a static HTML picture for viewers without a kernel."""
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is not None:
            bundle["text/html"] = self.to_html()
        return bundle

    @property
    def widget(self) -> widgets.VBox:
        """The top-level container (the stepper itself)."""
        return self

    def to_html(self) -> str:
        """A complete static view of the current state, for `IPython.display.HTML`."""
        return (
            f'{view.css(self.scale)}<div class="nerlab nerlab-stepper {scale_class(self.scale)}">{self._view_body()}'
            f"{self.message.value}{self._panels_body()}</div>"
        )

    # -- inside: states, costs, plans, model scores ------------------------------------------

    def _advance(self, action: str) -> None:
        self._states.append(self.system.apply(self.state, action))

    def _read_supervisions(self) -> None:
        """Apply the "no missing" switch and spaCy's reading, then forget cached costs."""
        complete = self.no_missing_checkbox.value
        self._supervisions = {
            name: (without_missing(sup) if complete else sup).as_read_by_spacy(self.tokens)
            for name, sup in self._given.items()
        }
        self._cost_cache.clear()
        self._plan_cache.clear()

    def _costs_at(self, state: State) -> dict[str, dict[str, int]]:
        """The cost of every valid action in `state`, under every annotation (cached)."""
        found = self._cost_cache.get(state.history)
        if found is None:
            found = {name: self.system.costs(state, sup) for name, sup in self._supervisions.items()}
            self._cost_cache[state.history] = found
        return found

    def _plan_from(self, state: State) -> list[str]:
        key = (self.driver, state.history)
        if key not in self._plan_cache:
            self._plan_cache[key] = self.system.oracle_path(state, self._supervisions[self.driver])
        return self._plan_cache[key]

    def _oracle_choice(self, state: State) -> str | None:
        plan = self._plan_from(state)
        return plan[0] if plan else None

    def _walk(self) -> list[tuple[State, str]]:
        """(state, action) for every token: the actions taken, then the oracle's plan."""
        pairs = list(zip(self._states, self.history))
        state = self.state
        for action in self.plan():
            pairs.append((state, action))
            state = self.system.apply(state, action)
        return pairs

    def _left_path_at(self) -> int | None:
        """The first step where the history left the driver's oracle path, or None."""
        route = self._plan_from(self._states[0])
        for k, action in enumerate(self.history):
            if route[k] != action:
                return k
        return None

    def _model_step_at(self, state: State):
        """The model's scores in `state`, from one trace that also fills every state it visits."""
        if self.model is None or state.is_final:
            return None
        key = state.history
        if key not in self._model_cache:
            from ..spacy_bridge import trace_model

            taken: list[str] = []
            for k, step in enumerate(trace_model(self.model, self.tokens, actions=list(key))):
                self._model_cache.setdefault(tuple(taken), step)
                taken.append(key[k] if k < len(key) else step.chosen)
        return self._model_cache[key]

    # -- inside: rendering ---------------------------------------------------------------------

    def _refresh(self) -> None:
        styles = view.css(self.scale) + _controls_css(self.scale)
        self.view.value = styles + f'<div class="nerlab">{self._view_body()}</div>'
        self.panels.value = f'<div class="nerlab">{self._panels_body()}</div>'

    def _view_body(self) -> str:
        state, driver = self.state, self.driver
        n = len(self.tokens)
        if state.is_final:
            where = f"All {n} tokens read: {escape(view.entities_text(self.tokens, state.entities))}."
        else:
            where = f"Step {state.position + 1} of {n}: the next action applies to '{view.shown(state.current_token)}'."
        if state.open_entity is not None:
            start, label = state.open_entity
            where += f" Open entity: {escape(label)} from '{view.shown(self.tokens[start])}'."
        lost = ", ".join(f"{escape(name)} {c}" for name, c in self.cost_so_far().items())
        costs = [self._costs_at(s)[driver][a] for s, a in zip(self._states, self.history)]
        annotations = "".join(
            view.annotation_html(name, sup, self.tokens, self.colours) for name, sup in self._supervisions.items()
        )
        return (
            view.sentence_html(state, self.colours)
            + f'<div class="nerlab-status">{where} <span class="nerlab-note">Cost so far: {lost}.</span></div>'
            + view.history_html(self.tokens, self.history, costs, driver)
            + view.plan_html(self.tokens, state.position, self.plan(), driver)
            + f'<div class="nerlab-caption">What each annotation says</div>{annotations}'
        )

    def _panels_body(self) -> str:
        names = list(self._supervisions)
        return (
            '<div class="nerlab-panels">'
            f"<div>{view.action_table_html(self.action_rows(), names, self.driver, self.model is not None)}</div>"
            f"<div>{view.free_counts_html(self.free_counts(), names)}</div></div>"
        )

    def _say(self, text: str, error: bool = False) -> None:
        """Show a message under the controls (text may hold simple HTML)."""
        if error:
            text = f'<span style="color: {COSTLY}; font-weight: bold">\u26a0 {text}</span>'
        self.message.value = f'<div class="nerlab nerlab-message">{text}</div>'

    # -- inside: controls -----------------------------------------------------------------------

    def _build_controls(self, names: list[str], no_missing: bool) -> None:
        def button(description: str, tooltip: str, handler) -> widgets.Button:
            b = widgets.Button(description=description, tooltip=tooltip, layout=widgets.Layout(width="auto"))
            b.on_click(self._guarded(handler))
            return b

        self.next_button = button("Next \u25b6", "Take the oracle's action under the chosen annotation", self.next)
        self.model_button = button("Model step", "Take the model's greedy pick", self.model_step)
        self.model_button.disabled = self.model is None
        self.back_button = button("\u25c0 Back", "Undo the last action", self.back)
        self.reset_button = button("Reset", "Back to the first token", self.reset)
        self.play_button = button("Play to end \u25b6\u25b6", "Follow the oracle to the end", self.play)
        self.action_dropdown = widgets.Dropdown(options=list(self.system.actions), value="O", description="Action:",
                                               style={"description_width": "initial"})
        self.take_button = button("Take", "Take the chosen action, even a costly one",
                                  lambda: self.take(self.action_dropdown.value))
        self.supervision_dropdown = widgets.Dropdown(options=names, value=names[0], description="Next follows:",
                                                     style={"description_width": "initial"})
        self.no_missing_checkbox = widgets.Checkbox(value=no_missing, indent=False, layout=widgets.Layout(width="auto"),
                                                    description="no missing: unknown tokens are O")
        self.supervision_dropdown.observe(self._guarded(self._on_driver), names="value")
        self.no_missing_checkbox.observe(self._guarded(self._on_no_missing), names="value")
        self.view = widgets.HTML()
        self.message = widgets.HTML(value='<div class="nerlab nerlab-message"></div>')
        self.panels = widgets.HTML()
        wrap = widgets.Layout(flex_flow="row wrap", align_items="center")
        self.children = [
            self.view,
            widgets.HBox([self.next_button, self.model_button, self.back_button, self.reset_button,
                          self.play_button], layout=wrap),
            widgets.HBox([self.action_dropdown, self.take_button, self.supervision_dropdown,
                          self.no_missing_checkbox], layout=wrap),
            self.message,
            self.panels,
        ]
        self.add_class("nerlab-stepper")
        self.add_class(scale_class(self.scale))

    def _on_driver(self) -> None:
        self._say(f"Next and Play now follow the oracle under {escape(self.driver)}.")
        self._refresh()

    def _on_no_missing(self) -> None:
        self._read_supervisions()
        said = "every unknown token is now O" if self.no_missing_checkbox.value else "unknown tokens are missing again"
        self._say(f"No missing: {said}; costs recomputed.")
        self._refresh()

    def _guarded(self, action):
        """A callback that never raises into the kernel: an error becomes a message."""

        def callback(*_):
            try:
                action()
            except Exception as err:  # noqa: BLE001 - a widget callback must not break the kernel
                self._say(f"Something went wrong ({type(err).__name__}): {escape(str(err))}", error=True)
                try:
                    self._refresh()
                except Exception:  # noqa: BLE001
                    pass

        return callback


# -- the controls at the widget's scale ------------------------------------------------------


def _controls_css(scale: float) -> str:
    """Scale the buttons, dropdowns and checkbox by scaling ipywidgets' own CSS variables.

    The rule is keyed by a class naming the scale, so two steppers at different scales
    in one notebook do not restyle each other's controls.
    """
    return (
        f"<style>.{scale_class(scale)} {{ "
        f"--jp-widgets-font-size: calc(var(--jp-ui-font-size1, 13px) * {scale:g}); "
        f"--jp-widgets-inline-height: calc(28px * {scale:g}); }}</style>"
    )
