"""The lab's form: one control per run setting, built from the settings table.

`nerlab.training.settings.SETTINGS` says, for every field of `RunSettings`, which tab it
sits in, what kind of control edits it, its caption, help, choices and slider bounds.
This module turns each row into a control and the controls into a `RunSettings`. It
decides nothing: checking a combination is `RunSettings`'s job, and the form only shows
what it says.

    form = SettingsForm()
    form["seed"].value = 3          # every control has .value, in the setting's own type
    form.settings()                 # RunSettings(..., seed=3), or a SettingError
"""

from __future__ import annotations

import math
from collections.abc import Callable

import ipywidgets as w

from ..training import BatchSchedule, RunSettings
from ..training.schedules import KINDS, UNITS
from ..training.settings import SETTINGS, TABS, ControlKind, Setting, parse_update


class Control:
    """The widget(s) of one setting. `.value` reads and writes the setting's value."""

    def __init__(self, row: Setting, widget: w.Widget):
        self.row = row
        self.widget = widget  # what goes in the tab
        self.parts: list[w.Widget] = [widget]  # the widgets whose changes matter

    @property
    def value(self):
        return self.widget.value

    @value.setter
    def value(self, value) -> None:
        stretch_to(self.widget, value)
        self.widget.value = value

    @property
    def disabled(self) -> bool:
        return self.parts[0].disabled

    @disabled.setter
    def disabled(self, flag: bool) -> None:
        for part in self.parts:
            part.disabled = flag
        self.refresh()

    def refresh(self) -> None:
        """Grey out the parts the control's own choices make irrelevant (composites)."""


class TextControl(Control):
    """Free text; empty means the setting's default (or None for an optional one)."""

    @property
    def value(self):
        text = self.widget.value.strip()
        if self.row.control == ControlKind.OPTIONAL_TEXT:
            return text or None
        if self.row.control == ControlKind.LABELS:
            return text or None
        return text or self.row.default

    @value.setter
    def value(self, value) -> None:
        if isinstance(value, (tuple, list)):
            value = ", ".join(value)
        self.widget.value = "" if value is None else str(value)


class UpdateControl(Control):
    """greedy, or beam with a width."""

    def __init__(self, row: Setting, style: dict, wide: w.Layout):
        self.kind = w.ToggleButtons(options=["greedy", "beam"], description=row.label, style=style, layout=wide)
        self.width = _slider(w.IntSlider, "beam width", style, wide, min=2, max=32)
        super().__init__(row, w.VBox([self.kind, self.width]))
        self.parts = [self.kind, self.width]

    @property
    def value(self) -> str:
        return "greedy" if self.kind.value == "greedy" else f"beam:{self.width.value}"

    @value.setter
    def value(self, text: str) -> None:
        kind, width = parse_update(text)
        self.kind.value, self.width.value = kind, max(width, 2)
        self.refresh()

    def refresh(self) -> None:
        self.width.disabled = self.kind.disabled or self.kind.value != "beam"


class ExploreControl(Control):
    """model, oracle, or a probability of following the model."""

    def __init__(self, row: Setting, style: dict, wide: w.Layout):
        options = ["model", "oracle", "probability"]
        self.mode = w.ToggleButtons(options=options, description=row.label, style=style, layout=wide, tooltip=row.help)
        self.probability = _slider(w.FloatSlider, "P(follow model)", style, wide, min=0.0, max=1.0, step=0.05)
        super().__init__(row, w.VBox([self.mode, self.probability]))
        self.parts = [self.mode, self.probability]

    @property
    def value(self):
        return self.mode.value if self.mode.value != "probability" else self.probability.value

    @value.setter
    def value(self, p: float) -> None:
        self.mode.value = {1.0: "model", 0.0: "oracle"}.get(p, "probability")
        self.probability.value = p
        self.refresh()

    def refresh(self) -> None:
        self.probability.disabled = self.mode.disabled or self.mode.value != "probability"


class ScheduleControl(Control):
    """A batch schedule: its kind, sizes, rate, unit and restart switch."""

    def __init__(self, row: Setting, style: dict, wide: w.Layout):
        self.kind = w.ToggleButtons(options=list(KINDS), description=row.label, style=style, layout=wide)
        self.start = _slider(w.FloatSlider, "start size", style, wide, min=1, max=256, step=1, readout_format=".0f")
        self.stop = _slider(w.FloatSlider, "stop size", style, wide, min=1, max=1024, step=1, readout_format=".0f")
        self.rate = _slider(
            w.FloatSlider, "rate per update", style, wide, min=0.9, max=1.5, step=0.001, readout_format=".3f"
        )
        self.unit = w.ToggleButtons(options=list(UNITS), description="size counts", style=style, layout=wide)
        self.restart = w.Checkbox(description="restart the schedule each epoch", indent=False)
        parts = [self.kind, self.start, self.stop, self.rate, self.unit, self.restart]
        super().__init__(row, w.VBox(parts))
        self.parts = parts

    @property
    def value(self) -> BatchSchedule:
        if self.kind.value == "fixed":
            return BatchSchedule.fixed(int(self.start.value), self.unit.value)
        return BatchSchedule.compounding(
            self.start.value, self.stop.value, self.rate.value, self.unit.value, self.restart.value
        )

    @value.setter
    def value(self, schedule: BatchSchedule) -> None:
        for part, value in ((self.start, schedule.start), (self.stop, schedule.stop), (self.rate, schedule.rate)):
            stretch_to(part, value)
            part.value = value
        self.kind.value, self.unit.value, self.restart.value = schedule.kind, schedule.unit, schedule.restart_each_epoch
        self.refresh()

    def refresh(self) -> None:
        fixed = self.kind.value == "fixed"
        for part in (self.stop, self.rate, self.restart):
            part.disabled = self.kind.disabled or fixed


def make_control(row: Setting, scale: float = 1.0) -> Control:
    """The control the table row asks for."""
    style = {"description_width": f"{150 * scale:.0f}px"}
    wide = w.Layout(width="100%", max_width=f"{560 * scale:.0f}px")
    kind = row.control
    common = dict(description=row.label, style=style, layout=wide, tooltip=row.help)
    if kind in (ControlKind.TEXT, ControlKind.OPTIONAL_TEXT, ControlKind.LABELS):
        placeholder = {ControlKind.LABELS: "empty: all labels; or e.g. PERSON, ORG"}.get(kind, row.help)
        return TextControl(row, w.Text(placeholder=placeholder, **common))
    if kind == ControlKind.COMBO:
        return TextControl(
            row, w.Combobox(options=list(row.choices), ensure_option=False, placeholder=row.help, **common)
        )
    if kind in (ControlKind.INT, ControlKind.FLOAT, ControlKind.LOG):
        low, high, step = row.bounds
        if kind == ControlKind.LOG:
            slider = w.FloatLogSlider(base=10, min=low, max=high, step=step, readout_format=".1e", **common)
        else:
            slider = (w.IntSlider if kind == ControlKind.INT else w.FloatSlider)(min=low, max=high, step=step, **common)
        slider.continuous_update = False
        return Control(row, slider)
    if kind == ControlKind.SEED:
        narrow = w.Layout(width=f"{260 * scale:.0f}px")
        return Control(row, w.BoundedIntText(min=0, max=10**9, **{**common, "layout": narrow}))
    if kind == ControlKind.BUTTONS:
        return Control(row, w.ToggleButtons(options=list(row.choices), **common))
    if kind == ControlKind.DROPDOWN:
        return Control(row, w.Dropdown(options=list(row.choices), **common))
    if kind == ControlKind.CHECK:
        return Control(row, w.Checkbox(description=row.label, indent=False, tooltip=row.help))
    composite = {
        ControlKind.UPDATE: UpdateControl,
        ControlKind.EXPLORE: ExploreControl,
        ControlKind.SCHEDULE: ScheduleControl,
    }
    if kind in composite:
        return composite[kind](row, style, wide)
    raise ValueError(f"The settings table asks for a {kind!r} control for {row.name!r}; no such control kind.")


class SettingsForm:
    """Every setting's control, grouped in the table's tabs."""

    def __init__(self, scale: float = 1.0, settings: RunSettings | None = None):
        self.controls: dict[str, Control] = {row.name: make_control(row, scale) for row in SETTINGS}
        self.use(settings or RunSettings())

    def __getitem__(self, name: str) -> Control:
        return self.controls[name]

    def settings(self) -> RunSettings:
        """The RunSettings the controls describe (a SettingError says what cannot run)."""
        return RunSettings(**{name: control.value for name, control in self.controls.items()})

    def use(self, settings: RunSettings) -> None:
        """Set every control from `settings`."""
        for name, control in self.controls.items():
            control.value = getattr(settings, name)
        self.enable_relevant()

    def observe(self, callback: Callable[[str], None]) -> None:
        """Call `callback(name)` whenever a control of setting `name` changes."""
        for name, control in self.controls.items():
            for part in control.parts:
                part.observe(lambda _change, name=name: callback(name), names="value")

    def enable_relevant(self) -> None:
        """Grey out the controls that the other choices make irrelevant."""
        for control in self.controls.values():
            if control.row.relevant is not None:
                control.disabled = not control.row.applies(lambda name: self.controls[name].value)
            else:
                control.refresh()

    def tab(self, name: str) -> list[w.Widget]:
        """The widgets of one tab, in table order."""
        return [control.widget for control in self.controls.values() if control.row.tab == name]

    @property
    def tabs(self) -> tuple[str, ...]:
        return TABS


def _slider(kind, description: str, style: dict, layout: w.Layout, **kw):
    return kind(description=description, style=style, layout=layout, continuous_update=False, **kw)


def stretch_to(control, value) -> None:
    """Widen a slider's range so it can hold `value` (a log slider's range is in exponents)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not hasattr(control, "max"):
        return
    if isinstance(control, w.FloatLogSlider):
        value = math.log(value, control.base) if value > 0 else control.min
    control.max = max(control.max, value)
    control.min = min(control.min, value)
