"""What `nerlab train` prints while a run goes on, in the manner of `spacy train`.

A table with one row per held-out evaluation (printed with spaCy's own `wasabi`), a
progress bar with the updates done, the total and the time left (`tqdm`, which spaCy
installs too), and a last line saying how the run ended. With `--json`, one JSON object
per event instead, for a script to read.
"""

from __future__ import annotations

import json
import sys
import textwrap

from tqdm import tqdm
from wasabi import Printer, row, table

from .training import (
    DataEvent,
    EvaluationEvent,
    Event,
    FinishedEvent,
    ProgressEvent,
    RunSettings,
    data_table_rows,
    expected_updates,
    run_labels,
)

# (heading, width, what it shows): the table's columns, chosen per run in `columns_for`
COLUMNS = {
    "E": 6, "#": 6, "EXAMPLES": 8, "LOSS NER": 9, "ENTS_P": 6, "ENTS_R": 6, "ENTS_F": 6, "SPAN ACC": 8,
    "TASK ACC": 8, "RIGHT": 5, "WRONG": 5, "ENTS": 5, "SKIP": 5, "ACCURACY": 8, "ENTS/DOC": 8, "DRIFT": 5,
    "OFF-PATH": 8,
}  # fmt: skip
PRODIGY_COLUMNS = ("RIGHT", "WRONG", "ENTS", "SKIP", "ACCURACY")
READINGS_NOTE = (
    "ENTS_P/R/F: predicted entities against complete held-out annotation. SPAN ACC: held-out answers read "
    "per span (an unpredicted reject counts as right). TASK ACC: per task. RIGHT/WRONG/ENTS/SKIP/ACCURACY: "
    "Prodigy 1.x's printed columns, rebuilt from its authors' description (not its code): predicted entities "
    "that are accepted spans (right), that match a reject or cross an accept (wrong; under --no-missing also any "
    "other), the rest (skip); accuracy = right / (right + wrong)."
)


def columns_for(settings: RunSettings, data: DataEvent) -> list[str]:
    """The columns a run's table needs: entity scores only with complete held-out annotation,
    the answer readings only with held-out answers, the probe's only when it runs."""
    columns = ["E", "#", "EXAMPLES", "LOSS NER"]
    if data.dev_entities_per_doc is not None:
        columns += ["ENTS_P", "ENTS_R", "ENTS_F"]
    if data.dev_reject_share is not None:
        columns += ["SPAN ACC", "TASK ACC", *PRODIGY_COLUMNS]
    columns.append("ENTS/DOC")
    if settings.probe:
        columns += ["DRIFT", "OFF-PATH"]
    return columns


def cells_of(event: EvaluationEvent) -> dict[str, str]:
    """Every column's cell for one evaluation ("-" where a reading does not apply)."""

    def shown(value, form=".3f"):
        return "-" if value is None else format(value, form)

    return {
        "E": "before" if event.update == 0 else str(event.epoch), "#": str(event.update),
        "EXAMPLES": str(event.examples_seen), "LOSS NER": f"{event.loss:.2f}", "ENTS_P": shown(event.ents_p),
        "ENTS_R": shown(event.ents_r), "ENTS_F": shown(event.ents_f), "SPAN ACC": shown(event.binary_accuracy),
        "TASK ACC": shown(event.binary_accuracy_per_task), "RIGHT": shown(event.right, "d"),
        "WRONG": shown(event.wrong, "d"), "ENTS": shown(event.ents, "d"), "SKIP": shown(event.skip, "d"),
        "ACCURACY": shown(event.prodigy_accuracy), "ENTS/DOC": f"{event.predicted_per_doc:.2f}",
        "DRIFT": shown(event.target_drift, ".2f"), "OFF-PATH": shown(event.off_path_share, ".2f"),
    }  # fmt: skip


class RunConsole:
    """Prints a run's events: the data table, a table of evaluations and a progress bar, or JSON lines."""

    def __init__(self, settings: RunSettings, as_json: bool = False, out=None, err=None):
        self.settings = settings
        self.as_json = as_json
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.printer = Printer(no_print=True, pretty=getattr(self.out, "isatty", lambda: False)())
        self.bar: tqdm | None = None
        self.columns: list[str] = list(COLUMNS)

    def show(self, event: Event) -> None:
        if self.as_json:
            print(json.dumps(event.to_dict()), file=self.out, flush=True)
        elif isinstance(event, DataEvent):
            self._data(event)
        elif isinstance(event, ProgressEvent):
            if self.bar is not None:
                self.bar.update(event.update - self.bar.n)
        elif isinstance(event, EvaluationEvent):
            self._write(self._row(event))
        elif isinstance(event, FinishedEvent):
            self._finished(event)

    def note(self, text: str) -> None:
        """A line for the person at the terminal (on stderr, so --json output stays clean)."""
        self._write(text, self.err)

    def _data(self, event: DataEvent) -> None:
        print(
            self.printer.info(
                f"Training on {event.n_train} examples, scoring on {event.n_dev} held-out texts; "
                f"labels: {', '.join(event.labels)}"
            ),
            file=self.out,
        )
        print("What the training examples claim:", file=self.out)
        rows = [(name, value) for name, value, _ in data_table_rows(event)]
        width = max(len(name) for name, _ in rows)
        print(table(rows, widths=(width, 0), aligns=("l", "l"), spacing=2), file=self.out)
        self.columns = columns_for(self.settings, event)
        if event.dev_entities_per_doc is None:
            print("No ENTS_P/R/F: the held-out texts are answers, not complete annotation.", file=self.out)
        if event.dev_reject_share is not None:
            print(textwrap.fill(READINGS_NOTE, width=110), file=self.out)
        widths = [COLUMNS[c] for c in self.columns]
        aligns = ("r",) * len(self.columns)
        print(row(self.columns, widths=widths, aligns=aligns), file=self.out)
        print(row(["-" * w for w in widths], widths=widths, aligns=aligns), file=self.out, flush=True)
        total = expected_updates(self.settings, event) or None
        self.bar = tqdm(total=total, unit="update", file=self.err, leave=False, disable=None, dynamic_ncols=True)

    def _row(self, event: EvaluationEvent) -> str:
        cells = cells_of(event)
        widths = [COLUMNS[c] for c in self.columns]
        return row([cells[c] for c in self.columns], widths=widths, aligns=("r",) * len(self.columns))

    def _write(self, text: str, stream=None) -> None:
        """A line above the progress bar, if there is one (tqdm keeps the bar at the bottom)."""
        stream = stream or self.out
        if self.bar is not None:
            self.bar.write(text, file=stream)
        else:
            print(text, file=stream, flush=True)

    def _finished(self, event: FinishedEvent) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        how = "stopped" if event.cancelled else "finished"
        line = f"Run {how}: {event.updates} updates, {event.examples_seen} examples in {event.seconds:.1f} s."
        print(self.printer.warn(line) if event.cancelled else self.printer.good(line), file=self.out, flush=True)


class SweepConsole:
    """A sweep's progress: a bar of runs done / total with the time left, then a table of final scores."""

    def __init__(self, as_json: bool = False, out=None, err=None):
        self.as_json = as_json
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.bar: tqdm | None = None

    def progress(self, done: int, total: int, record) -> None:
        if self.as_json:
            if record is not None:
                line = {"event": "run", "done": done, "total": total, "settings": record.settings.to_dict()}
                line["final"] = record.evaluations[-1].to_dict() if record.evaluations else None
                print(json.dumps(line), file=self.out, flush=True)
            return
        if self.bar is None:
            self.bar = tqdm(total=total, initial=done, unit="run", file=self.err, disable=None, dynamic_ncols=True)
        else:
            self.bar.update(done - self.bar.n)

    def summary(self, report) -> None:
        if self.bar is not None:
            self.bar.close()
        if self.as_json:
            line = {"event": "sweep", "trained": report.trained, "reused": report.reused,
                    "folder": str(report.folder), "seconds": report.seconds}  # fmt: skip
            print(json.dumps(line), file=self.out, flush=True)
            return
        runs = report.runs()
        labels = run_labels([r.settings for r in runs])
        widths = (max([len(label) for label in labels] + [3]), 6, 6, 8, 7)
        aligns = ("l", "r", "r", "r", "r")
        print(row(("RUN", "ENTS_F", "BINARY", "ENTS/DOC", "SECONDS"), widths=widths, aligns=aligns), file=self.out)
        for label, record in zip(labels, runs):
            last = record.evaluations[-1]
            accuracy = "-" if last.binary_accuracy is None else f"{last.binary_accuracy:.3f}"
            f1 = "-" if last.ents_f is None else f"{last.ents_f:.3f}"
            cells = (label, f1, accuracy, f"{last.predicted_per_doc:.2f}", f"{record.seconds:.0f}")
            print(row(cells, widths=widths, aligns=aligns), file=self.out)
        print(
            f"{report.trained} run(s) trained, {report.reused} read back from {report.folder} "
            f"in {report.seconds:.0f} s; scores.csv has every evaluation.",
            file=self.out,
            flush=True,
        )


class CurveConsole:
    """The data-size curve: one row per share of the training data, then the verdict."""

    WIDTHS = (6, 8, 6, 6, 8)

    def __init__(self, as_json: bool = False, out=None):
        self.as_json = as_json
        self.out = out or sys.stdout
        self.previous: float | None = None
        if not as_json:
            header = ("SHARE", "DOCS", "ENTS_F", "BINARY", "GAIN")
            print(row(header, widths=self.WIDTHS, aligns=("r",) * 5), file=self.out, flush=True)

    def point(self, point) -> None:
        gain = None if self.previous is None else point.score - self.previous
        self.previous = point.score
        if self.as_json:
            final = point.record.evaluations[-1].to_dict()
            line = {"event": "curve", "share": point.share, "n_train": point.n_train, "gain": gain, "final": final}
            print(json.dumps(line), file=self.out, flush=True)
            return
        accuracy = "-" if point.binary_accuracy is None else f"{point.binary_accuracy:.3f}"
        cells = (
            f"{point.share:.0%}",
            point.n_train,
            "-" if point.f1 is None else f"{point.f1:.3f}",
            accuracy,
            "" if gain is None else f"{gain:+.3f}",
        )
        print(row(cells, widths=self.WIDTHS, aligns=("r",) * 5), file=self.out, flush=True)

    def verdict(self, gain: float, text: str) -> None:
        if self.as_json:
            print(json.dumps({"event": "verdict", "gain": gain, "verdict": text}), file=self.out, flush=True)
        else:
            print(text, file=self.out, flush=True)
