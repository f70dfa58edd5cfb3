"""Shared look of nerlab's widgets: a colour-blind-safe palette and a projector-friendly scale.

Both widgets take a `scale` (1.0 on a laptop, 1.5 or 2.0 on a projector) that multiplies
every font size, and name labels and runs with the Okabe-Ito colours, which stay distinct
for the common forms of colour blindness.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qs

# Okabe & Ito (2008), without black: readable on white, distinct under deuteranopia and protanopia.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
ZERO_COST = "#009E73"  # green: an action the oracle calls free
COSTLY = "#D55E00"  # vermilion: an action that loses something
INVALID = "#BBBBBB"  # grey: an action the transition system forbids


def default_scale() -> float:
    """The font scale widgets use when none is given: `?scale=` in a Voila page's address,
    else $NERLAB_SCALE, else 1.0.

    A lecturer sets NERLAB_SCALE=1.6 (or runs `nerlab lecture`, or adds `?scale=1.6` to the
    lesson's Voila address) and every widget is readable from the back of the room, without
    editing a notebook. Voila hands the page's query string to the kernel as $QUERY_STRING.
    """
    query = parse_qs(os.environ.get("QUERY_STRING", ""))
    text = query["scale"][0] if "scale" in query else os.environ.get("NERLAB_SCALE", "1")
    try:
        scale = float(text)
    except ValueError:
        raise ValueError(f"NERLAB_SCALE must be a number such as 1.5; got {text!r}.") from None
    if not 0.5 <= scale <= 4:
        raise ValueError(f"The scale (NERLAB_SCALE or ?scale=) must be between 0.5 and 4; got {scale}.")
    return scale


def label_colours(labels) -> dict[str, str]:
    """A stable colour per label: sorted labels take the palette in order."""
    return {label: PALETTE[i % len(PALETTE)] for i, label in enumerate(sorted(labels))}


def scale_class(scale: float) -> str:
    """The CSS class that carries a widget's scale, e.g. 'nerlab-scale-150'.

    Font sizes are keyed by this class, so two widgets at different scales in one
    notebook do not restyle each other.
    """
    return f"nerlab-scale-{round(scale * 100)}"


def base_css(scale: float = 1.0) -> str:
    """CSS for a widget's HTML parts at a font scale (no horizontal scroll at 1280 px).

    Put `scale_class(scale)` on the widget's container (or on the `.nerlab` element itself).
    """
    size = 14 * scale
    here = f".{scale_class(scale)} .nerlab, .nerlab.{scale_class(scale)}"
    tables = f".{scale_class(scale)} .nerlab table, .nerlab.{scale_class(scale)} table"
    return (
        f"<style>.nerlab {{ line-height: 1.5; max-width: 100%; overflow-wrap: anywhere; "
        f"font-family: system-ui, sans-serif; }}"
        f"{here} {{ font-size: {size:.0f}px; }}"
        f".nerlab table {{ border-collapse: collapse; }}"
        f"{tables} {{ font-size: {size * 0.9:.0f}px; }}"
        f".nerlab td, .nerlab th {{ padding: 2px 8px; border-bottom: 1px solid #ddd; text-align: left; }}"
        f"</style>"
    )
