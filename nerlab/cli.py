"""The `nerlab` command.

    nerlab verify-oracle --docs 2000 --seed 0   compare nerlab's oracle with spaCy's
    nerlab train --data synthetic:2000 ...      train a real spaCy NER and stream its scores
    nerlab lab                                  start JupyterLab on the course notebooks
    nerlab lecture 06                           serve a notebook for a projector (Voila)
"""

from __future__ import annotations

import argparse
import sys


def _positive_int(flag: str):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{flag} takes a whole number, got {text!r}") from None
        if value < 1:
            raise argparse.ArgumentTypeError(f"{flag} must be at least 1, got {value}")
        return value

    return parse


def _int(flag: str):
    def parse(text: str) -> int:
        try:
            return int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{flag} takes a whole number, got {text!r}") from None

    return parse


def cmd_verify_oracle(args: argparse.Namespace) -> int:
    from .verification import verify_oracle

    report = verify_oracle(args.docs, seed=args.seed)
    print(f"documents: {report.docs}")
    print(f"states: {report.states}")
    print(f"(state, action) pairs compared: {report.pairs}")
    print(f"disagreements: {len(report.disagreements)}")
    for line in report.disagreements:
        print(f"  {line}")
    return 0 if report.ok else 1


def _choice(flag: str, allowed):
    def parse(text: str) -> str:
        if text not in allowed:
            raise argparse.ArgumentTypeError(f"{flag} takes one of {', '.join(allowed)}; got {text!r}")
        return text

    return parse


def _converted(flag: str, convert, forms: str):
    def parse(text: str):
        try:
            return convert(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{flag} takes {forms}; got {text!r}") from None

    return parse


def _data_flag(text: str) -> tuple[str, int | None]:
    """'synthetic:N' -> ('synthetic', N); a path -> (path, None)."""
    if text.startswith("synthetic"):
        _, _, n = text.partition(":")
        if not n:
            return "synthetic", None
        value = int(n)
        if value < 1:
            raise ValueError(text)
        return "synthetic", value
    from pathlib import Path

    if not Path(text).exists():
        raise ValueError(text)
    return text, None


def _float_in(flag: str, low: float, high: float | None = None):
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = float("nan")
        if not (value >= low and (high is None or value <= high)):
            upper = f" and {high}" if high is not None else ""
            raise argparse.ArgumentTypeError(f"{flag} takes a number between {low}{upper}; got {text!r}")
        return value

    return parse


def settings_from_args(args: argparse.Namespace):
    from .training import BatchSchedule, RunSettings

    data, n = args.data
    changes = {
        "data": data, "dev": args.dev, "supervision": args.supervision, "rejects": args.rejects,
        "reject_ratio": args.reject_ratio, "no_missing": args.no_missing, "tasks": args.tasks,
        "accepts": args.accepts, "schedule": args.batch, "update": args.update, "explore": args.explore,
        "base": args.base, "rehearsal": args.rehearsal, "epochs": args.epochs, "learn_rate": args.learn_rate,
        "dropout": args.dropout, "width": args.width, "depth": args.depth, "eval_every": args.eval_every,
        "seed": args.seed, "difficulty": args.difficulty, "n_dev": args.n_dev,
    }
    if n is not None:
        changes["n_train"] = n
    elif args.n_train is not None:
        changes["n_train"] = args.n_train
    if args.restart_schedule:
        s = changes["schedule"]
        changes["schedule"] = BatchSchedule(s.kind, s.start, s.stop, s.rate, s.unit, restart_each_epoch=True)
    return RunSettings(**changes)


def cmd_train(args: argparse.Namespace) -> int:
    import json

    from .training import run

    try:
        settings = settings_from_args(args)
    except ValueError as error:
        print(f"nerlab train: error: {error}", file=sys.stderr)
        return 2
    if args.spacy_config:
        return _export(settings, args.spacy_config)
    table = _Table() if not args.json else None
    for event in run(settings):
        if args.json:
            print(json.dumps(event.to_dict()), flush=True)
        else:
            table.show(event)
    return 0


def _export(settings, directory: str) -> int:
    """Write config.cfg, train.spacy and dev.spacy so `spacy train` reproduces the run."""
    from pathlib import Path

    import spacy

    from .training.base_models import resolve_base
    from .training.prepare import prepare, write_docbins
    from .training.runner import spacy_config

    out = Path(directory)
    base = resolve_base(settings.base, width=settings.width, depth=settings.depth, seed=settings.seed)
    prepared = prepare(settings)
    train_path, dev_path = write_docbins(prepared, out, spacy.blank("en").vocab)
    config = spacy_config(settings, train_path.resolve(), dev_path.resolve(), base)
    config.to_disk(out / "config.cfg")
    print(f"Wrote {out / 'config.cfg'}, {train_path} and {dev_path}.")
    print(f"Reproduce the run with: python -m spacy train {out / 'config.cfg'} --output OUT")
    return 0


class _Table:
    """A plain-text view of a run: a progress bar, then one row per evaluation."""

    def __init__(self):
        self.header_shown = False

    def show(self, event) -> None:
        kind = event.event
        if kind == "data":
            s = event.summary
            print(f"training examples: {event.n_train}   held-out: {event.n_dev}   labels: {', '.join(event.labels)}")
            print("what the examples say: " + ", ".join(f"{k}={v}" for k, v in s.items()))
        elif kind == "progress":
            bar = "#" * min(40, event.update % 41)
            print(f"\r  update {event.update:5d}  epoch {event.epoch + 1}  batch {event.batch_size:4d}  "
                  f"loss {event.loss:9.3f}  {bar:<40}", end="", file=sys.stderr, flush=True)
        elif kind == "evaluation":
            if not self.header_shown:
                print(f"{'update':>7} {'examples':>9} {'P':>6} {'R':>6} {'F':>6} {'binary acc':>10} {'ents/doc':>8} {'loss':>10}")
                self.header_shown = True
            acc = "-" if event.binary_accuracy is None else f"{event.binary_accuracy:.3f}"
            print(f"\r{event.update:7d} {event.examples_seen:9d} {event.ents_p:6.3f} {event.ents_r:6.3f} "
                  f"{event.ents_f:6.3f} {acc:>10} {event.predicted_per_doc:8.2f} {event.loss:10.2f}", flush=True)
        elif kind == "finished":
            print(f"\nfinished: {event.updates} updates, {event.examples_seen} examples, {event.seconds:.1f} s"
                  + (" (cancelled)" if event.cancelled else ""), file=sys.stderr)


def cmd_lab(args: argparse.Namespace) -> int:
    """Start JupyterLab on the notebooks folder (the course)."""
    import os
    import subprocess
    from pathlib import Path

    notebooks = Path(__file__).resolve().parent.parent / "notebooks"
    if not notebooks.is_dir():
        notebooks = Path.cwd()
    command = [sys.executable, "-m", "jupyter", "lab", f"--ServerApp.root_dir={notebooks}"] + args.passed_on
    print("Starting JupyterLab on", notebooks)
    return subprocess.call(command, env=os.environ.copy())


def cmd_lecture(args: argparse.Namespace) -> int:
    """Serve one notebook as a Voila app: large fonts, saved runs instead of live training."""
    import os
    import subprocess
    from pathlib import Path

    notebooks = Path(__file__).resolve().parent.parent / "notebooks"
    matches = sorted(notebooks.glob(f"{args.notebook}*.ipynb")) if not args.notebook.endswith(".ipynb") else [notebooks / args.notebook]
    if not matches or not matches[0].exists():
        known = ", ".join(p.stem for p in sorted(notebooks.glob("*.ipynb")))
        print(f"nerlab lecture: error: no notebook {args.notebook!r}; the notebooks are: {known}", file=sys.stderr)
        return 2
    env = dict(os.environ, NERLAB_SCALE=str(args.scale), NERLAB_PRECOMPUTED="1")
    command = [sys.executable, "-m", "voila", str(matches[0]), f"--port={args.port}"] + args.passed_on
    print(f"Serving {matches[0].name} at scale {args.scale} with saved runs (Ctrl-C stops).")
    return subprocess.call(command, env=env, cwd=notebooks)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nerlab", description="See inside spaCy's NER.")
    commands = parser.add_subparsers(dest="command", required=True)

    verify = commands.add_parser(
        "verify-oracle", help="compare nerlab's oracle with spaCy's on random documents"
    )
    verify.add_argument("--docs", type=_positive_int("--docs"), default=2000, help="random documents (default 2000)")
    verify.add_argument("--seed", type=_int("--seed"), default=0, help="random seed (default 0)")
    verify.set_defaults(run=cmd_verify_oracle)

    from .training.schedules import BatchSchedule
    from .training.settings import ACCEPTS, REJECT_STRATEGIES, SUPERVISIONS, TASK_MODES, parse_explore, parse_update

    train = commands.add_parser("train", help="train a real spaCy NER model and stream its scores")
    add = train.add_argument
    add("--data", type=_converted("--data", _data_flag, "'synthetic:N' or an existing .jsonl/.spacy file"),
        default=("synthetic", None), help="synthetic:N or a Prodigy .jsonl / spaCy .spacy file")
    add("--dev", default=None, help="held-out file (default: a held-out split)")
    add("--n-train", type=_positive_int("--n-train"), default=None, help="training documents")
    add("--n-dev", type=_positive_int("--n-dev"), default=200, help="held-out documents (default 200)")
    add("--difficulty", type=_choice("--difficulty", ("toy", "default", "hard")), default="default")
    add("--supervision", type=_choice("--supervision", SUPERVISIONS), default="gold")
    add("--accepts", type=_choice("--accepts", ACCEPTS), default="per-span")
    add("--rejects", type=_choice("--rejects", REJECT_STRATEGIES), default="random-label")
    add("--reject-ratio", type=_float_in("--reject-ratio", 0.0), default=1.0)
    add("--no-missing", action="store_true", help="unannotated tokens are O, not missing")
    add("--tasks", type=_choice("--tasks", TASK_MODES), default="merged")
    add("--batch", type=_converted("--batch", BatchSchedule.parse, "'fixed:N' or 'compounding:START:STOP:RATE' (optionally ':words')"),
        default=BatchSchedule(), help="fixed:N or compounding:START:STOP:RATE")
    add("--restart-schedule", action="store_true", help="restart the batch schedule each epoch")
    add("--update", type=_converted("--update", lambda t: (parse_update(t), t)[1], "'greedy' or 'beam:W' (W >= 2)"), default="greedy")
    add("--explore", type=_converted("--explore", parse_explore, "'model', 'oracle' or a probability in [0, 1]"), default=1.0)
    add("--base", default="blank", help="blank, news, or an installed/saved spaCy pipeline")
    add("--rehearsal", type=_int("--rehearsal"), default=0, help="news documents labelled by the base model")
    add("--epochs", type=_positive_int("--epochs"), default=5)
    add("--learn-rate", type=_float_in("--learn-rate", 1e-9), default=0.001)
    add("--dropout", type=_float_in("--dropout", 0.0, 0.99), default=0.1)
    add("--width", type=_positive_int("--width"), default=64)
    add("--depth", type=_positive_int("--depth"), default=2)
    add("--eval-every", type=_positive_int("--eval-every"), default=200, help="evaluate every N examples")
    add("--seed", type=_int("--seed"), default=0)
    add("--json", action="store_true", help="one JSON object per line")
    add("--spacy-config", metavar="DIR", default=None, help="write a spaCy config and corpora instead of training")
    train.set_defaults(run=cmd_train)

    lab = commands.add_parser("lab", help="start JupyterLab on the course notebooks")
    lab.set_defaults(run=cmd_lab)

    lecture = commands.add_parser("lecture", help="serve a notebook for a projector (Voila, large fonts, saved runs)")
    lecture.add_argument("notebook", help="notebook name or number prefix, e.g. 06 or 06_forum_case.ipynb")
    lecture.add_argument("--scale", type=_float_in("--scale", 0.5, 4.0), default=1.6, help="font scale (default 1.6)")
    lecture.add_argument("--port", type=_positive_int("--port"), default=8866)
    lecture.set_defaults(run=cmd_lecture)
    return parser


PASS_ON = ("lab", "lecture")  # these commands hand unknown flags to jupyter lab / voila


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, passed_on = parser.parse_known_args(argv)
    if passed_on and args.command not in PASS_ON:
        parser.error(f"unrecognized arguments: {' '.join(passed_on)}")
    args.passed_on = passed_on
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
