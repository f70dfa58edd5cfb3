"""How the stepper looks: the sentence, the annotations, the history and the two tables.

Plain HTML in the spirit of displaCy's entity view: an entity is a tinted span with its
label written after it, so a state reads like a highlighted sentence. Colour is never the
only cue: labels are written out, the open entity has a dashed border and the word
"open", the token the next action applies to is boxed and underlined, and a free action
carries a tick as well as its green.

CSS classes let a browser test (or a curious learner) find the parts:
`nerlab-token` every token, `nerlab-current` the buffer's first token, `nerlab-entity`
every entity the state has built, `nerlab-open` the one still being built,
`nerlab-annotated` an entity an annotation asserts, `nerlab-actions` the action table.

Every function returns a string of HTML from plain data; nothing here knows about widgets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from ..supervision import Supervision
from ..transitions import Span, State
from .style import COSTLY, INVALID, ZERO_COST, base_css

# Rules on top of style.base_css; sizes are in em so they follow the widget's scale.
_CSS = f"""<style>
.nerlab .nerlab-sentence {{ line-height: 2.4; margin: 0.2em 0; }}
.nerlab .nerlab-token {{ display: inline-block; padding: 0 0.15em; line-height: 1.6; }}
.nerlab .nerlab-done {{ color: #555; }}
.nerlab .nerlab-current {{ outline: 0.15em solid #000; border-bottom: 0.2em solid #000;
  font-weight: bold; background: #fff; }}
.nerlab .nerlab-entity, .nerlab .nerlab-annotated {{ padding: 0.15em 0.3em; border-radius: 0.35em; border: 0.12em solid;
  color: #000; }}
.nerlab .nerlab-open {{ border-style: dashed; }}
.nerlab .nerlab-label {{ font-size: 0.7em; font-weight: bold; padding: 0 0.3em; margin-left: 0.2em;
  border-radius: 0.25em; background: #fff; border: 0.1em solid; vertical-align: middle; }}
.nerlab .nerlab-missing {{ color: #777; font-style: italic; text-decoration: underline dotted; }}
.nerlab .nerlab-rejected {{ text-decoration: line-through; color: {COSTLY}; margin-right: 0.6em; }}
.nerlab .nerlab-step {{ display: inline-block; margin: 0 0.4em 0.2em 0; padding: 0 0.3em;
  border: 0.08em solid #ccc; border-radius: 0.3em; }}
.nerlab .nerlab-costly {{ border-color: {COSTLY}; color: {COSTLY}; }}
.nerlab td.nerlab-costly {{ border-color: #ddd; font-weight: bold; }}
.nerlab .nerlab-free {{ background: {ZERO_COST}33; }}
.nerlab .nerlab-invalid {{ color: {INVALID}; }}
.nerlab .nerlab-note {{ color: #444; font-size: 0.85em; }}
.nerlab .nerlab-caption {{ font-weight: bold; margin-top: 0.5em; }}
.nerlab .nerlab-panels {{ display: flex; flex-wrap: wrap; gap: 1.5em; align-items: flex-start; }}
.nerlab .nerlab-panels > div {{ max-width: min(100%, 34em); }}
</style>"""


def css(scale: float = 1.0) -> str:
    """The style sheet for every view: the shared base at this scale, plus ours."""
    return base_css(scale) + _CSS


def shown(token: str) -> str:
    """A token as it should appear on screen: whitespace made visible, HTML escaped."""
    visible = token.replace(" ", "\u2423").replace("\n", "\u23ce").replace("\t", "\u21e5")
    return escape(visible)


def _token(i: int, text: str, classes: str) -> str:
    return f'<span class="nerlab-token {classes}" title="token {i}">{shown(text)}</span>'


def _entity(inner: str, label: str, colour: str, is_open: bool, kind: str) -> str:
    """A tinted span around some tokens, with its label written after them."""
    kind = f"{kind} nerlab-open" if is_open else kind
    said = f"{escape(label)} \u2026 open" if is_open else escape(label)
    return (
        f'<mark class="{kind}" style="background: {colour}40; border-color: {colour}">{inner}'
        f'<span class="nerlab-label" style="border-color: {colour}">{said}</span></mark>'
    )


def _with_spans(tokens: Sequence[str], spans: Mapping[int, tuple[int, str, bool]], token_html, colours, kind) -> str:
    """Tokens in order, each run of `spans` (start -> (end, label, open)) wrapped in a mark."""
    parts, i = [], 0
    while i < len(tokens):
        if i in spans:
            end, label, is_open = spans[i]
            inner = " ".join(token_html(j) for j in range(i, end))
            parts.append(_entity(inner, label, colours.get(label, "#999999"), is_open, kind))
            i = end
        else:
            parts.append(token_html(i))
            i += 1
    return " ".join(parts)


def sentence_html(state: State, colours: Mapping[str, str]) -> str:
    """The sentence as the state sees it: finished entities, the open one, the buffer."""

    def token_html(i: int) -> str:
        if i == state.position:
            return _token(i, state.tokens[i], "nerlab-current")
        return _token(i, state.tokens[i], "nerlab-done" if i < state.position else "nerlab-buffer")

    spans = {start: (end, label, False) for start, end, label in state.entities}
    if state.open_entity is not None:
        start, label = state.open_entity
        spans[start] = (state.position, label, True)
    return (
        f'<div class="nerlab-sentence">{_with_spans(state.tokens, spans, token_html, colours, "nerlab-entity")}</div>'
    )


def annotation_html(name: str, supervision: Supervision, tokens: Sequence[str], colours: Mapping[str, str]) -> str:
    """What one annotation says: its entities, its missing tokens (in grey), its rejections."""

    def token_html(i: int) -> str:
        missing = supervision.tags[i] is None
        return _token(i, tokens[i], "nerlab-missing" if missing else "nerlab-known")

    spans = {start: (end, label, False) for start, end, label in supervision.spans}
    rejected = "".join(
        f'<span class="nerlab-rejected" title="rejected span">'
        f"{' '.join(shown(t) for t in tokens[s:e])} ({escape(label)})</span>"
        for s, e, label in supervision.rejected
    )
    said = f' <span class="nerlab-note">not: </span>{rejected}' if rejected else ""
    return (
        f'<div class="nerlab-annotation"><b>{escape(name)}</b> '
        f'<span class="nerlab-note">({escape(supervision.describe())})</span><br>'
        f"{_with_spans(tokens, spans, token_html, colours, 'nerlab-annotated')}{said}</div>"
    )


def history_html(tokens: Sequence[str], history: Sequence[str], costs: Sequence[int], driver: str) -> str:
    """The actions taken so far, one chip per token; a costly one says what it cost."""
    if not history:
        return '<div class="nerlab-history"><span class="nerlab-note">No action taken yet.</span></div>'
    chips = []
    for i, (action, cost) in enumerate(zip(history, costs)):
        note = f" (cost {cost} under {escape(driver)})" if cost else ""
        kind = "nerlab-step nerlab-costly" if cost else "nerlab-step"
        chips.append(f'<span class="{kind}">{shown(tokens[i])} \u2192 <b>{escape(action)}</b>{note}</span>')
    return f'<div class="nerlab-history">{"".join(chips)}</div>'


def plan_html(tokens: Sequence[str], start: int, plan: Sequence[str], driver: str) -> str:
    """The oracle's remaining actions from the current token, under the driving annotation."""
    if not plan:
        return '<div class="nerlab-plan"><span class="nerlab-note">The sentence is finished.</span></div>'
    chips = "".join(
        f'<span class="nerlab-step">{shown(tokens[start + k])} \u2192 <b>{escape(a)}</b></span>'
        for k, a in enumerate(plan)
    )
    return (
        f'<div class="nerlab-plan"><span class="nerlab-note">oracle plan under {escape(driver)}:</span> {chips}</div>'
    )


def entities_text(tokens: Sequence[str], entities: Sequence[Span]) -> str:
    """Entities as a learner would say them: "'W Chen' PERSON, 'Jane M Doe' PERSON"."""
    if not entities:
        return "no entities"
    return ", ".join(f"'{' '.join(tokens[s:e])}' {label}" for s, e, label in sorted(entities))


# -- the two tables, as HTML -----------------------------------------------------------------


def _cost_cell(cost: int | None, target: bool) -> str:
    """One cost: '-' when invalid, a green '0 ✓' when free, the number otherwise; ◆ = loss target."""
    mark = " \u25c6" if target else ""
    if cost is None:
        return '<td class="nerlab-invalid">\u2013</td>'
    if cost == 0:
        return f'<td class="nerlab-free">0 \u2713{mark}</td>'
    return f'<td class="nerlab-costly">{cost}{mark}</td>'


def action_table_html(rows: Sequence[dict], names: Sequence[str], driver: str, with_model: bool) -> str:
    """The action table: validity, cost under each annotation, model score, picks."""
    heads = "".join(f"<th>{escape(n)}{' (Next)' if n == driver else ''}</th>" for n in names)
    score_head = "<th>model score</th>" if with_model else ""
    body = []
    for row in rows:
        cells = "".join(_cost_cell(row["cost"][n], row["target"][n]) for n in names)
        score = ""
        if with_model:
            score = f"<td>{row['score']:+.2f}</td>" if row["score"] is not None else "<td></td>"
        picks = " ".join(p for p, on in (("\u2192 Next", row["oracle"]), ("\u2605 model", row["greedy"])) if on)
        kind = "" if row["valid"] else ' class="nerlab-invalid"'
        body.append(
            f"<tr{kind}><td><b>{escape(row['action'])}</b></td><td>{'yes' if row['valid'] else 'no'}</td>"
            f"{cells}{score}<td>{picks}</td></tr>"
        )
    legend = (
        '<div class="nerlab-note">cost under each annotation: \u2713 free (cost 0), \u25c6 a target of '
        "spaCy's loss, \u2013 invalid; \u2192 what Next takes; \u2605 the model's greedy pick.</div>"
    )
    return (
        '<div class="nerlab-caption">Actions in this state</div>'
        f'<table class="nerlab-actions"><tr><th>action</th><th>valid</th>{heads}{score_head}<th>picks</th></tr>'
        f"{''.join(body)}</table>{legend}"
    )


def free_counts_html(rows: Sequence[dict], names: Sequence[str]) -> str:
    """Free actions per step under each annotation, with the steps that teach nothing."""
    heads = "".join(f"<th>{escape(n)}</th>" for n in names)
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="{"nerlab-invalid" if row["free"][n] == row["valid"] else ""}">{row["free"][n]}</td>'
            for n in names
        )
        action = f"<i>{escape(row['action'])}</i>" if row["planned"] else escape(row["action"])
        body.append(
            f"<tr><td>{row['step'] + 1}</td><td>{shown(row['token'])}</td><td>{action}</td>"
            f"<td>{row['valid']}</td>{cells}</tr>"
        )
    silent = "".join(f"<td><b>{sum(r['free'][n] == r['valid'] for r in rows)}</b></td>" for n in names)
    return (
        '<div class="nerlab-caption">Free actions per step (the signal each annotation leaves)</div>'
        f'<table class="nerlab-free-counts"><tr><th>step</th><th>token</th><th>action</th><th>valid</th>'
        f"{heads}</tr>{''.join(body)}"
        f'<tr><td colspan="4">steps where every valid action is free</td>{silent}</tr></table>'
        '<div class="nerlab-note">Planned steps (in italics) follow the oracle. Grey: every valid action '
        "is free, so that step teaches nothing.</div>"
    )
