"""A grid of runs: base settings, and the axes along which runs differ.

The questions nerlab answers are comparisons, so most experiments are grids: the thread's
set-up at three seeds, with tasks merged or separate, from a blank or a pretrained model.
A `Grid` is a base `RunSettings` and axes (any settings field, seed included), optionally
crossed with named *cases* (sets of changes that go together, such as a conversion):

    Grid(base=preset("thread"), axes={"seed": [0, 1, 2], "tasks": ["merged", "separate"]})

In a file (YAML or JSON) the same grid reads

    base: {preset: thread}
    axes: {seed: [0, 1, 2], tasks: [merged, separate]}
    cases: {"user's conversion": {accepts: per-doc}, "per-span": {accepts: per-span}}

Every run is named by a hash of its full settings and nerlab's version (`run_id`), so a
run already trained for the same grid, or another grid, is found again and not retrained.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..training import BatchSchedule, RunSettings, SettingError
from ..training.presets import preset


def nerlab_version() -> str:
    from .. import __version__

    return __version__


def run_id(settings: RunSettings) -> str:
    """A name for a run that changes whenever its settings or nerlab's version do.

    Only the settings that differ from the defaults are hashed: a setting added later, whose
    default keeps the old behaviour, leaves the names of runs already trained unchanged.
    """
    defaults = RunSettings().to_dict()
    changed = {k: v for k, v in settings.to_dict().items() if defaults[k] != v}
    text = json.dumps({"nerlab": nerlab_version(), "settings": changed}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass
class Grid:
    """Base settings, crossed with every case and every combination of the axes' values."""

    base: RunSettings = field(default_factory=RunSettings)
    axes: dict[str, list] = field(default_factory=dict)
    cases: dict[str, dict] = field(default_factory=dict)  # name -> changes; none: one case, the base

    def __post_init__(self):
        known = set(RunSettings.__dataclass_fields__)
        for name in self.axes:
            if name not in known:
                raise SettingError(
                    name, f"is not a run setting, so it cannot be an axis; the settings are {sorted(known)}."
                )
            if not isinstance(self.axes[name], (list, tuple)) or not self.axes[name]:
                raise SettingError(name, "needs a non-empty list of values to be an axis.")

    def runs(self) -> list[RunSettings]:
        """Every run of the grid, cases first, then the axes in the order given (checked now)."""
        names = list(self.axes)
        runs = []
        for changes in list(self.cases.values()) or [{}]:
            for values in itertools.product(*(self.axes[n] for n in names)):
                runs.append(self.base.with_changes(**changes, **dict(zip(names, values))))
        return runs

    def case_of(self, settings: RunSettings) -> str | None:
        """The name of the case a run belongs to (None in a grid without cases)."""
        for name, changes in self.cases.items():
            if all(getattr(settings, key) == getattr(self.base.with_changes(**changes), key) for key in changes):
                return name
        return None

    def __len__(self) -> int:
        return len(self.runs())

    # -- files ---------------------------------------------------------------------------

    @classmethod
    def from_dict(cls, data: dict, where: str = "the grid") -> Grid:
        unknown = set(data) - {"base", "axes", "cases"}
        if unknown:
            raise SettingError("grid", f"{where} has keys {sorted(unknown)}; a grid has base, axes and cases.")
        base = dict(data.get("base") or {})
        name = base.pop("preset", None)
        settings = preset(name, **base) if name else RunSettings(**base)  # `preset` refuses an unknown name
        return cls(base=settings, axes=dict(data.get("axes") or {}), cases=dict(data.get("cases") or {}))

    @classmethod
    def from_file(cls, path: str | Path) -> Grid:
        """A grid from a .yaml/.yml or .json file (see the module docstring)."""
        from ..data import DataError

        path = Path(path)
        try:
            text = path.read_text()
        except OSError as error:
            raise DataError(str(path), None, None, f"cannot read the grid file ({error.strerror}).") from None
        try:
            if path.suffix in (".yaml", ".yml"):
                import yaml

                data = yaml.safe_load(text)
            else:
                data = json.loads(text)
        except Exception as error:  # yaml and json raise their own kinds
            raise DataError(str(path), None, None, f"not a valid grid file: {error}") from None
        if not isinstance(data, dict):
            raise DataError(str(path), None, None, "a grid file holds a mapping with base, axes and cases.")
        return cls.from_dict(data, str(path))

    def to_dict(self) -> dict:
        """The grid as plain data (a schedule as its text form), ready for JSON and `from_dict`."""
        axes = {name: [_plain(v) for v in values] for name, values in self.axes.items()}
        cases = {name: {k: _plain(v) for k, v in changes.items()} for name, changes in self.cases.items()}
        return {"base": self.base.to_dict(), "axes": axes, "cases": cases}


def _plain(value):
    """A setting's value as JSON can hold it: a schedule as 'fixed:32', a tuple as a list."""
    if isinstance(value, BatchSchedule):
        return str(value)
    return list(value) if isinstance(value, tuple) else value
