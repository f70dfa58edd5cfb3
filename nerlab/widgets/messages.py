"""Messages under a widget, and callbacks that turn an error into one.

A widget callback runs inside the kernel's message loop: an exception there would end up
in a log the learner never sees, and could leave the widget half-updated. Every button
and control of nerlab's widgets goes through `guarded`, so a mistake becomes a message
in the widget itself and the kernel carries on.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from .style import COSTLY


def message_html(text: str, error: bool = False, *, safe: bool = False) -> str:
    """A status line; an error is shown in the costly colour with a warning sign.

    `text` is escaped unless `safe` says it already is HTML (the stepper's bold actions).
    """
    body = text if safe else escape(text)
    if error:
        body = f'<span style="color: {COSTLY}; font-weight: bold">\u26a0 {body}</span>'
    return f'<div class="nerlab nerlab-message">{body}</div>'


def guarded(action: Callable, on_error: Callable[[str], None]) -> Callable:
    """`action` as a widget callback that never raises into the kernel.

    The callback passes on whatever the widget gives it (a button, a change dict); an
    exception becomes one line, "Something went wrong (Kind): what", handed to `on_error`.
    """

    def callback(*args):
        try:
            return action(*args)
        except Exception as error:  # noqa: BLE001 - a widget callback must not break the kernel
            on_error(f"Something went wrong ({type(error).__name__}): {error}")

    return callback
