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

The stepper only draws a `nerlab.walk.Walk` and forwards clicks to it: states, costs,
plans and loss targets come from the walk, model scores from `spacy_bridge.ModelTrace`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

import ipywidgets as widgets

from ..policy import FOLLOW_MODEL
from ..spacy_bridge import ModelTrace, blank_english
from ..supervision import Supervision
from ..transitions import BiluoSystem, Span, State
from ..walk import Walk, gold_partial_binary, labels_for, named_supervisions
from . import stepper_html as view
from .messages import guarded, message_html
from .style import default_scale, label_colours, scale_class


def tokens_of(text_or_doc: str | Sequence[str] | Any, model=None) -> tuple[str, ...]:
    """The tokens to step through: a text is tokenised (by the model's tokenizer if there
    is one, else blank English), a list of strings or a spaCy `Doc` is taken as it is."""
    if isinstance(text_or_doc, str):
        make_doc = model.make_doc if model is not None else blank_english().make_doc
        words = tuple(t.text for t in make_doc(text_or_doc))
    else:
        words = tuple(t if isinstance(t, str) else t.text for t in text_or_doc)
    if not words:
        raise ValueError("The stepper needs at least one token; the text or token list is empty.")
    if not all(isinstance(w, str) and w for w in words):
        raise ValueError(f"Every token must be a non-empty string; got {list(words)!r}.")
    return words


# Said whenever the walk leaves the oracle's path: where training meets such states.
EXPLORATION = (
    "Training with exploration (explore=model) visits states like this on purpose: the update "
    "follows the model's own picks and the oracle re-plans from wherever they lead. With "
    "explore_warmup=N the first N updates follow the oracle instead, as in Goldberg and Nivre's "
    "training with exploration."
)


class TransitionStepper(widgets.VBox):
    """Step through a sentence with the BILUO transition system, comparing annotations.

    The walk behind it is `.walk`; the usual questions are also asked here: `.state`,
    `.history`, `.supervisions` (as the costs read them), `.driver` (the annotation Next
    follows), `.action_rows()`, `.free_counts()`, `.cost_so_far()`, `.plan()`; actions:
    `.next()`, `.take(action)`, `.back()`, `.reset()`, `.play()`, `.model_step()`.
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
        tokens = tokens_of(text_or_doc, model)
        given = named_supervisions(supervision, len(tokens))
        trace = ModelTrace(model, tokens) if model is not None else None
        system = BiluoSystem(labels_for(labels, given, trace.labels if trace else None))
        self.walk = Walk(system, tokens, given, no_missing=no_missing, model=trace)
        self.model = model
        self.scale = float(scale if scale is not None else default_scale())
        self.colours = label_colours(system.labels)
        super().__init__(layout=widgets.Layout(max_width="100%"))
        self._build_controls(list(given), no_missing)
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
    ) -> TransitionStepper:
        """Compare gold, partial and binary annotations derived from one gold annotation.

        `spans` and `rejected` are (start, end, label) token offsets; with a spaCy `Doc`,
        `spans` defaults to its entities. See `nerlab.walk.gold_partial_binary`.
        """
        if spans is None:
            if not hasattr(text_or_doc, "ents"):
                raise ValueError("Give the gold spans as (start, end, label) token offsets.")
            spans = [(e.start, e.end, e.label_) for e in text_or_doc.ents]
        n_tokens = len(tokens_of(text_or_doc, model))
        supervisions = gold_partial_binary(n_tokens, spans, rejected, partial)
        return cls(text_or_doc, supervisions, labels, model, scale, no_missing=no_missing)

    # -- what is on screen, as data (the walk's answers) ------------------------------------

    @property
    def system(self) -> BiluoSystem:
        return self.walk.system

    @property
    def tokens(self) -> tuple[str, ...]:
        return self.walk.tokens

    @property
    def state(self) -> State:
        """The current state of the transition system."""
        return self.walk.state

    @property
    def history(self) -> tuple[str, ...]:
        """The actions taken so far, one per token read."""
        return self.walk.history

    @property
    def supervisions(self) -> dict[str, Supervision]:
        """The annotations as the costs read them: after the "no missing" switch, and with
        whitespace tokens read as spaCy reads them (`Supervision.as_read_by_spacy`)."""
        return dict(self.walk.supervisions)

    @property
    def driver(self) -> str:
        """The name of the annotation whose oracle Next and Play follow."""
        return self.walk.driver

    def action_rows(self) -> list[dict]:
        """The action table for the current state (see `Walk.action_rows`)."""
        return self.walk.action_rows()

    def free_counts(self) -> list[dict]:
        """Free actions at each step under each annotation (see `Walk.free_counts`)."""
        return self.walk.free_counts()

    def cost_so_far(self) -> dict[str, int]:
        return self.walk.cost_so_far()

    def plan(self) -> list[str]:
        """The oracle's actions from the current state to the end, under the driver."""
        return self.walk.plan()

    # -- acting -------------------------------------------------------------------------------

    def next(self) -> str | None:
        """Take the oracle's action under the driving annotation; say so if it re-plans."""
        step = self.walk.next()
        if step is None:
            self._say("The sentence is finished: Back or Reset to step again.")
            return None
        driver = escape(self.driver)
        took = (
            f"it takes <b>{step.action}</b> at '{view.shown(step.token)}' "
            f"(cost {step.costs[self.driver]} under {driver}){self._now_at()}"
        )
        if step.left_path_at is None:
            self._say(f"The oracle under {driver}: {took}", safe=True)
        else:
            left = step.left_path_at
            self._say(
                f"Re-planning: you left the {driver} oracle's path at step {left + 1} "
                f"('{view.shown(self.tokens[left])}'), so it plans again from this state. "
                f"Cheapest there: {', '.join(step.cheapest)}; {took} "
                f"Cost so far under {driver}: {self.cost_so_far()[self.driver]}. {EXPLORATION}",
                safe=True,
            )
        self._refresh()
        return step.action

    def take(self, action: str) -> bool:
        """Take any action; an invalid one is refused with a message and changes nothing."""
        known = action in self.system.actions and not self.state.is_final
        try:
            step = self.walk.take(action)
        except ValueError as error:
            self._say(f"Refused: {error}" if known else str(error), error=True)
            return False
        said = ", ".join(f"{escape(name)} {c}" for name, c in step.costs.items())
        note = ""
        if step.costs[self.driver] > 0:
            note = (
                f" It loses something under {escape(self.driver)}: the oracle's plan was "
                f"{' '.join(step.plan_before[1:]) or '(nothing)'}, now {' '.join(step.plan_after) or '(nothing)'}."
            )
        self._say(f"Took <b>{action}</b> at '{view.shown(step.token)}'. Cost: {said}.{note}{self._now_at()}", safe=True)
        self._refresh()
        return True

    def model_step(self) -> str | None:
        """Take the action the model's greedy decoding would take here."""
        if self.model is None:
            self._say("No model to ask: create the stepper with model=nlp.", error=True)
            return None
        step = self.walk.model_step()
        if step is None:
            self._say("The sentence is finished: Back or Reset to step again.")
            return None
        self.take(step.chosen)
        return step.chosen

    def play_model(self) -> None:
        """Follow the model's greedy picks to the end of the sentence, as decoding does."""
        if self.model is None:
            self._say("No model to ask: create the stepper with model=nlp.", error=True)
            return
        self.walk.follow(FOLLOW_MODEL)
        cost = self.cost_so_far()[self.driver]
        found = view.entities_text(self.tokens, self.state.entities)
        self._say(f"The model's own path: {found}; it cost {cost} under {self.driver}. {EXPLORATION}")
        self._refresh()

    def back(self) -> None:
        """Undo the last action."""
        undone = self.walk.back()
        self._say("Already at the start." if undone is None else f"Back: undid {undone}.{self._now_at()}")
        self._refresh()

    def reset(self) -> None:
        """Return to the initial state (the model's cached scores are kept)."""
        self.walk.reset()
        self._say("Reset to the first token.")
        self._refresh()

    def play(self) -> None:
        """Follow the oracle under the driving annotation to the end of the sentence."""
        plan = self.walk.play()
        found = view.entities_text(self.tokens, self.state.entities)
        self._say(f"Played {len(plan)} oracle actions under {self.driver}; entities: {found}.")
        self._refresh()

    def _now_at(self) -> str:
        """Where the highlight is now, so the message never describes a token already left."""
        token = self.state.current_token
        return " The sentence is finished." if token is None else f" Now at '{view.shown(token)}'."

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

    def _refresh(self) -> None:
        styles = view.css(self.scale) + _controls_css(self.scale)
        self.view.value = styles + f'<div class="nerlab">{self._view_body()}</div>'
        self.panels.value = f'<div class="nerlab">{self._panels_body()}</div>'

    def _view_body(self) -> str:
        state, driver, walk = self.state, self.driver, self.walk
        n = len(self.tokens)
        if state.is_final:
            where = f"All {n} tokens read: {escape(view.entities_text(self.tokens, state.entities))}."
        else:
            where = f"Step {state.position + 1} of {n}: the next action applies to '{view.shown(state.current_token)}'."
        if state.open_entity is not None:
            start, label = state.open_entity
            where += f" Open entity: {escape(label)} from '{view.shown(self.tokens[start])}'."
        lost = ", ".join(f"{escape(name)} {c}" for name, c in self.cost_so_far().items())
        costs = [walk.costs_at(s)[driver][a] for s, a in zip(walk.states, self.history)]
        annotations = "".join(
            view.annotation_html(name, sup, self.tokens, self.colours) for name, sup in walk.supervisions.items()
        )
        return (
            view.sentence_html(state, self.colours)
            + f'<div class="nerlab-status">{where} <span class="nerlab-note">Cost so far: {lost}.</span></div>'
            + view.history_html(self.tokens, self.history, costs, driver)
            + view.plan_html(self.tokens, state.position, self.plan(), driver)
            + f'<div class="nerlab-caption">What each annotation says</div>{annotations}'
        )

    def _panels_body(self) -> str:
        names = list(self.walk.supervisions)
        return (
            '<div class="nerlab-panels">'
            f"<div>{view.action_table_html(self.action_rows(), names, self.driver, self.model is not None)}</div>"
            f"<div>{view.free_counts_html(self.free_counts(), names)}</div></div>"
        )

    def _say(self, text: str, error: bool = False, *, safe: bool = False) -> None:
        """Show a message under the controls (`safe`: the text is HTML already)."""
        self.message.value = message_html(text, error, safe=safe)

    def _fail(self, text: str) -> None:
        """An error in a callback: say it, and redraw whatever state the walk is in."""
        self._say(text, error=True)
        try:
            self._refresh()
        except Exception:  # noqa: BLE001 - the message matters more than the redraw
            pass

    # -- controls -------------------------------------------------------------------------------

    def _build_controls(self, names: list[str], no_missing: bool) -> None:
        def button(description: str, tooltip: str, handler) -> widgets.Button:
            b = widgets.Button(description=description, tooltip=tooltip, layout=widgets.Layout(width="auto"))
            b.on_click(guarded(lambda _button: handler(), self._fail))
            return b

        self.next_button = button("Next \u25b6", "Take the oracle's action under the chosen annotation", self.next)
        self.model_button = button("Model step", "Take the model's greedy pick", self.model_step)
        self.model_button.disabled = self.model is None
        self.back_button = button("\u25c0 Back", "Undo the last action", self.back)
        self.reset_button = button("Reset", "Back to the first token", self.reset)
        self.play_button = button("Play to end \u25b6\u25b6", "Follow the oracle to the end", self.play)
        self.action_dropdown = widgets.Dropdown(
            options=list(self.system.actions), value="O", description="Action:", style={"description_width": "initial"}
        )
        self.take_button = button(
            "Take", "Take the chosen action, even a costly one", lambda: self.take(self.action_dropdown.value)
        )
        self.supervision_dropdown = widgets.Dropdown(
            options=names, value=names[0], description="Next follows:", style={"description_width": "initial"}
        )
        self.no_missing_checkbox = widgets.Checkbox(
            value=no_missing,
            indent=False,
            layout=widgets.Layout(width="auto"),
            description="no missing: unknown tokens are O",
        )
        self.supervision_dropdown.observe(guarded(lambda _change: self._on_driver(), self._fail), names="value")
        self.no_missing_checkbox.observe(guarded(lambda _change: self._on_no_missing(), self._fail), names="value")
        self.view = widgets.HTML()
        self.message = widgets.HTML(value=message_html(""))
        self.panels = widgets.HTML()
        wrap = widgets.Layout(flex_flow="row wrap", align_items="center")
        self.children = [
            self.view,
            widgets.HBox(
                [self.next_button, self.model_button, self.back_button, self.reset_button, self.play_button],
                layout=wrap,
            ),
            widgets.HBox(
                [self.action_dropdown, self.take_button, self.supervision_dropdown, self.no_missing_checkbox],
                layout=wrap,
            ),
            self.message,
            self.panels,
        ]
        self.add_class("nerlab-stepper")
        self.add_class(scale_class(self.scale))

    def _on_driver(self) -> None:
        self.walk.driver = self.supervision_dropdown.value
        self._say(f"Next and Play now follow the oracle under {self.driver}.")
        self._refresh()

    def _on_no_missing(self) -> None:
        self.walk.no_missing = self.no_missing_checkbox.value
        said = "every unknown token is now O" if self.walk.no_missing else "unknown tokens are missing again"
        self._say(f"No missing: {said}; costs recomputed.")
        self._refresh()


def compare_models(text_or_doc, models: dict, spans, rejected=(), labels=None, scale=None) -> widgets.HBox:
    """One sentence, each model's own greedy path through it, side by side.

    `models` maps a name (e.g. "after 200 documents") to a trained pipeline. Each stepper
    has walked its model's path, so the two show different states, and, under the same
    annotation, different costs and loss targets: the moving target of imitation learning.
    """
    panels = []
    for name, nlp in models.items():
        stepper = TransitionStepper.from_gold(text_or_doc, spans, rejected, labels, model=nlp, scale=scale)
        stepper.play_model()
        title = widgets.HTML(f'<div class="nerlab"><b>{escape(name)}</b></div>')
        panels.append(widgets.VBox([title, stepper], layout=widgets.Layout(flex="1 1 0", min_width="0")))
    return widgets.HBox(panels, layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start"))


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
