"""The data-size curve: would more annotation help? (Prodigy's `train-curve`.)

Train the same settings on 25, 50, 75 and 100% of the training documents, always scored
on the same held-out documents, and compare the last step: if going from 75 to 100% still
gains more than a threshold, more data will probably help; if it gains little, the model
(or the supervision) is the limit, not the amount of data.
"""

from __future__ import annotations

from dataclasses import dataclass

from .loop import run
from .saved import RunRecord
from .settings import RunSettings, SettingError

SHARES = (0.25, 0.5, 0.75, 1.0)
THRESHOLD = 0.01  # a last-step F1 gain above this says "more data still helps"


@dataclass
class CurvePoint:
    share: float
    record: RunRecord

    @property
    def f1(self) -> float | None:
        """Final entity F1; None when the held-out texts are answers, not complete annotation."""
        return self.record.evaluations[-1].ents_f

    @property
    def score(self) -> float:
        """What the curve compares: F1, or for held-out answers Prodigy's accuracy (0 when 0/0)."""
        last = self.record.evaluations[-1]
        return last.ents_f if last.ents_f is not None else (last.prodigy_accuracy or 0.0)

    @property
    def score_name(self) -> str:
        return "F1" if self.f1 is not None else "accuracy (Prodigy's reading)"

    @property
    def binary_accuracy(self) -> float | None:
        return self.record.evaluations[-1].binary_accuracy

    @property
    def n_train(self) -> int:
        return self.record.data.n_train if self.record.data else 0


def parse_shares(text: str) -> tuple[float, ...]:
    """'0.25,0.5,1' -> (0.25, 0.5, 1.0): increasing shares in (0, 1]."""
    try:
        shares = tuple(float(x) for x in text.split(","))
    except ValueError:
        raise SettingError("shares", f"takes increasing numbers in (0, 1] separated by commas; got {text!r}") from None
    if not shares or list(shares) != sorted(set(shares)) or not 0 < shares[0] or shares[-1] > 1:
        raise SettingError("shares", f"takes increasing numbers in (0, 1] separated by commas; got {text!r}")
    return shares


def curve_settings(settings: RunSettings, shares=SHARES) -> list[RunSettings]:
    """The runs of a data-size curve: the same settings at each share of the training data."""
    return [settings.with_changes(train_share=share) for share in shares]


def curve_points(records: list[RunRecord]) -> list[CurvePoint]:
    """The curve's points from its finished runs (each run's own share)."""
    return [CurvePoint(record.settings.train_share, record) for record in records]


def data_curve(settings: RunSettings, shares=SHARES, on_point=None) -> list[CurvePoint]:
    """Train at each share of the training data; `on_point(point)` is called as each one ends."""
    points = []
    for share_settings in curve_settings(settings, shares):
        record = RunRecord(share_settings)
        for event in run(record.settings):
            record.record(event)
        (point,) = curve_points([record])
        points.append(point)
        if on_point is not None:
            on_point(point)
    return points


def verdict(points: list[CurvePoint], threshold: float = THRESHOLD) -> tuple[float, str]:
    """(the last step's gain, what it says), as Prodigy's train-curve reads its curve (F1, or
    for held-out answers the accuracy Prodigy printed)."""
    if len(points) < 2:
        return 0.0, "one point is not a curve: give at least two shares"
    gain, name = points[-1].score - points[-2].score, points[-1].score_name
    if gain > threshold:
        return gain, f"more data still helps: the last step gained {gain:+.3f} {name} (more than {threshold})"
    return gain, f"more data no longer helps much: the last step gained {gain:+.3f} {name} (at most {threshold})"
