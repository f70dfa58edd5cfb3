"""Named set-ups: a preset is a set of changes to the default settings.

Any setting given with a preset overrides it (`preset("thread", tasks="separate")`, or
`nerlab train --preset thread --tasks separate`), so a preset is where an experiment
starts, not a cage.
"""

from __future__ import annotations

from .settings import RunSettings, SettingError

RUN_PRESETS: dict[str, dict] = {
    # The forum thread's binary experiment, rebuilt from the user's own words: one accept task
    # per text holding all its entities, one reject task per text with every entity given
    # another label ("randomising all the entity labels"), Prodigy's merging of the two,
    # `ner.batch-train ... --n-iter 5 --batch-size 32 --no-missing`.
    "thread": {
        "supervision": "binary",
        "accepts": "per-doc",
        "rejects": "random-label",
        "reject_grouping": "per-doc",
        "reject_ratio": 1.0,
        "tasks": "merged",
        "no_missing": True,
        "schedule": "fixed:32",
        "epochs": 5,
    },
}


def preset(name: str, **changes) -> RunSettings:
    """The settings of a named set-up, with `changes` on top (`preset("thread", seed=1)`)."""
    if name not in RUN_PRESETS:
        raise SettingError("preset", f"takes one of {', '.join(RUN_PRESETS)}; got {name!r}")
    return RunSettings(**{**RUN_PRESETS[name], **changes})
