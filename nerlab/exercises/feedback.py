"""What a learner sees after `check`, `predict`, `reveal` or `solution`: plain text or notebook HTML.

A `Feedback` is a small record, so a test (or a curious learner) can read `.correct`, `.hint`
and `.next` directly; Jupyter shows it as a coloured box and a terminal as two lines of text.
A `Worked` answer is Markdown: Jupyter renders it, `print` shows the source. A `Folded` one
(the static edition's) is the same Markdown inside an HTML `<details>`, closed until clicked.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

# The colour-blind-safe colours of `nerlab/widgets/style.py` (Okabe-Ito), copied here because
# the course layer may not import the widgets. tests/exercises checks they stay the same.
RIGHT = "#009E73"  # style.ZERO_COST: green, as the oracle's free actions
NOT_YET = "#D55E00"  # style.COSTLY: vermilion, as the actions that lose something
NOTED = "#0072B2"  # style.PALETTE[0]: blue, a recorded prediction (neither right nor wrong yet)

_BOX = "border-left: 6px solid {colour}; padding: 6px 12px; margin: 4px 0; font-family: system-ui, sans-serif;"


def inline_html(text: str) -> str:
    """Escape `text` for HTML and turn its `code` spans into <code> (the only markup hints use)."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text, quote=False))


@dataclass(frozen=True)
class Feedback:
    """The answer to one attempt: right or not yet, a hint that says why, and what to try next.

    `noted` marks the acknowledgement of a prediction: it is not judged until `reveal`.
    `headline` replaces the default "Right" / "Not yet" where those would read oddly
    (a prediction compared with a measurement is not "not yet", it is "not as predicted").
    """

    exercise: str
    correct: bool
    hint: str
    next: str = ""
    noted: bool = False
    headline: str = ""

    @property
    def verdict(self) -> str:
        """A word or two for the headline; a symbol goes with it so colour is never the only cue."""
        if self.headline:
            return self.headline
        if self.noted:
            return "Noted"
        return "Right" if self.correct else "Not yet"

    def __repr__(self) -> str:
        lines = [f"{self.exercise}: {self.verdict}." + (f" {self.hint}" if self.hint else "")]
        if self.next:
            lines.append(f"Next: {self.next}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        colour = NOTED if self.noted else RIGHT if self.correct else NOT_YET
        symbol = "&#9679;" if self.noted else "&#10003;" if self.correct else "&#10007;"
        parts = [f'<b style="color: {colour}">{symbol} {html.escape(self.exercise)}: {self.verdict}.</b>']
        if self.hint:
            parts.append(" " + inline_html(self.hint))
        if self.next:
            parts.append(f"<br><i>Next:</i> {inline_html(self.next)}")
        return f'<div class="nerlab-feedback" style="{_BOX.format(colour=colour)}">{"".join(parts)}</div>'


@dataclass(frozen=True)
class Worked:
    """A worked answer (or a glossary) in Markdown, shown only when the learner asks for it."""

    title: str
    markdown: str

    def __repr__(self) -> str:
        return f"{self.title}\n\n{self.markdown}"

    def __str__(self) -> str:
        return repr(self)

    def _repr_markdown_(self) -> str:
        return f"**{self.title}**\n\n{self.markdown}"


@dataclass(frozen=True)
class Folded:
    """Markdown folded under a one-line summary: HTML's `<details>`, which a reader opens with a
    click on a static page, with no kernel and no JavaScript."""

    summary: str
    title: str
    markdown: str

    def __repr__(self) -> str:
        return f"{self.summary}:\n{self.title}\n\n{self.markdown}"

    def _repr_markdown_(self) -> str:
        # Blank lines around the Markdown, so that it is read as Markdown inside the HTML block.
        summary = f'<summary style="cursor: pointer; font-weight: 600">{html.escape(self.summary)}</summary>'
        return f'<details class="nerlab-answer">\n{summary}\n\n**{self.title}**\n\n{self.markdown}\n\n</details>'
