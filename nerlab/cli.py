"""The `nerlab` command.

    nerlab verify-oracle --docs 2000 --seed 0   compare nerlab's oracle with spaCy's
    nerlab train --data synthetic:2000 ...      train a real spaCy NER and stream its scores
    nerlab lab [--dir DIR]                      JupyterLab on a working copy of the course
    nerlab lecture 06                           serve a lesson for a projector (Voila)
    nerlab build-course site/                   the course as a static web site

`nerlab train`'s flags are made from the settings table (`nerlab.training.SETTINGS`), so
they are the lab's controls under other names, with the same choices, defaults and
checks. Like spaCy's own CLI, every mistake in what the user typed ends in one line that
names the flag or the file, line and field, and exit code 2; Ctrl-C ends a run cleanly
with exit code 130.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from dataclasses import replace

from .course import LessonNotFound
from .data import DataError
from .jupyter_config import CourseConfigError
from .site import BINDER_REPO
from .training import SETTINGS, ErrorEvent, RunSettings, SettingError
from .training.presets import RUN_PRESETS, preset
from .training.settings import ControlKind

EXIT_USAGE = 2  # what the user gave cannot be used (as argparse and spaCy's CLI exit)
EXIT_INTERRUPTED = 130  # stopped with Ctrl-C, as a shell reports SIGINT


class UsageError(Exception):
    """Something the user typed that a command cannot take; `main` prints it in one line."""


def flag_of(name: str) -> str:
    """The CLI flag of a run setting (`n_train` -> `--n-train`, `schedule` -> `--batch`)."""
    for row in SETTINGS:
        if row.name == name:
            return row.cli_flag
    return "--" + name.replace("_", "-")


def usage_error(error: Exception) -> str:
    """One line for a setting, data or usage error, naming the flag or the file."""
    if isinstance(error, SettingError):
        return f"{flag_of(error.name)} {error.problem}"
    return str(error)


# -- nerlab train -------------------------------------------------------------------------


def add_setting_flags(parser: argparse.ArgumentParser) -> None:
    """One flag per row of the settings table, with its choices and default in the help."""
    group = parser.add_argument_group("run settings (the lab's controls)")
    for row in SETTINGS:
        default = row.default
        if row.control == ControlKind.CHECK:
            group.add_argument(row.cli_flag, dest=row.name, action="store_const", const=True, help=f"{row.help}")
            if row.off_flag:
                opposite = f"the opposite of {row.cli_flag} (the default, unless a preset says otherwise)"
                group.add_argument(row.off_flag, dest=row.name, action="store_const", const=False, help=opposite)
            continue
        shown = "all labels" if default is None and row.name == "labels" else default
        shown = "a held-out split" if default is None and row.name == "dev" else shown
        choices = f" One of: {', '.join(row.choices)}." if row.choices and row.control != ControlKind.COMBO else ""
        metavar = (
            "{" + ",".join(row.choices) + "}" if row.choices and row.control != ControlKind.COMBO else row.name.upper()
        )
        group.add_argument(
            row.cli_flag, dest=row.name, default=None, metavar=metavar, help=f"{row.help}.{choices} Default: {shown}."
        )
    group.add_argument("--restart-schedule", action="store_true", help="restart the batch schedule each epoch")
    presets = ", ".join(RUN_PRESETS)
    explained = (
        f"start from a named set-up ({presets}); every other flag overrides it. 'thread': the forum thread's "
        f"binary experiment (per-text accepts and random-label rejects, merged, --no-missing, fixed:32, 5 epochs)."
    )
    parser.add_argument("--preset", default=None, metavar="NAME", help=explained)


def settings_from_args(args: argparse.Namespace) -> RunSettings:
    """The RunSettings the flags describe; RunSettings itself checks them."""
    changes = {}
    for row in SETTINGS:
        given = getattr(args, row.name)
        if given is not None:
            changes[row.name] = given if row.control == ControlKind.CHECK else row.from_text(given)
    data = changes.get("data", "")
    if data.startswith("synthetic:"):  # a shorthand: synthetic:N is the synthetic corpus with N documents
        count = data.partition(":")[2]
        changes["data"] = "synthetic"
        if "n_train" not in changes:
            changes["n_train"] = setting_int("n_train", count)
    settings = preset(args.preset, **changes) if args.preset else RunSettings(**changes)
    if args.restart_schedule:
        schedule = replace(settings.schedule, restart_each_epoch=True)
        settings = settings.with_changes(schedule=schedule)
    return answers_train_as_binary(settings, supervision_given=args.supervision is not None)


def answers_train_as_binary(settings: RunSettings, supervision_given: bool) -> RunSettings:
    """A file of answers trains as binary supervision unless the user chose otherwise.

    The default supervision, 'gold', cannot read rejects; refusing a Prodigy export the user
    did not ask anything special of would be unhelpful, so the CLI says what it chose.
    An explicit --supervision gold on such a file is still refused (by the run, in one line).
    """
    from .training import reads_as_answers

    if supervision_given or settings.supervision != "gold" or not reads_as_answers(settings):
        return settings
    print(
        f"nerlab: {settings.data} holds accept/reject answers: training with --supervision binary "
        f"(--supervision partial trains on the accepts only).",
        file=sys.stderr,
    )
    return settings.with_changes(supervision="binary")


def setting_int(name: str, text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise SettingError(name, f"takes a whole number, got {text!r}.") from None


def cmd_train(args: argparse.Namespace) -> int:
    from .console import RunConsole
    from .training import run

    settings = settings_from_args(args)
    if args.spacy_config:
        from .training.export import write_spacy_config

        config, train, dev = write_spacy_config(settings, args.spacy_config)
        print(f"Wrote {config}, {train} and {dev}.")
        print(f"Reproduce the run with: python -m spacy train {config} --output OUT")
        return 0
    cancel = threading.Event()
    console = RunConsole(settings, as_json=args.json)
    with stop_on_ctrl_c(cancel, console):
        for event in run(settings, cancel=cancel):
            console.show(event)
    return EXIT_INTERRUPTED if cancel.is_set() else 0


class stop_on_ctrl_c:
    """While a run goes on, the first Ctrl-C asks it to stop after the current update.

    The run then ends with a cancelled `finished` event; a second Ctrl-C stops at once.
    """

    def __init__(self, cancel: threading.Event, console):
        self.cancel, self.console = cancel, console

    def __enter__(self):
        self.previous = signal.getsignal(signal.SIGINT)
        signal.signal(signal.SIGINT, self._first)
        return self

    def _first(self, _signum, _frame) -> None:
        self.cancel.set()
        self.console.note("Stopping after the current update (Ctrl-C again to quit at once).")
        signal.signal(signal.SIGINT, signal.default_int_handler)

    def __exit__(self, *exc) -> None:
        signal.signal(signal.SIGINT, self.previous)


# -- nerlab train-curve ---------------------------------------------------------------------


def cmd_train_curve(args: argparse.Namespace) -> int:
    """Train on growing shares of the data, same held-out set; say whether more data helps."""
    from .console import CurveConsole
    from .training.curve import data_curve, parse_shares, verdict

    settings = settings_from_args(args)
    shares = parse_shares(args.shares)
    threshold = number("--threshold", args.threshold, 0.0, 1.0)
    console = CurveConsole(as_json=args.json)
    points = data_curve(settings, shares, on_point=console.point)
    console.verdict(*verdict(points, threshold))
    return 0


# -- nerlab sweep -------------------------------------------------------------------------


def cmd_sweep(args: argparse.Namespace) -> int:
    """Train every run of a grid file not yet in the results folder, with a progress bar."""
    from .console import SweepConsole
    from .sweep import Grid, run_grid

    grid = Grid.from_file(args.grid)
    workers = whole_number("--workers", args.workers, 1)
    console = SweepConsole(as_json=args.json)
    report = run_grid(
        grid, args.out, backend=args.backend, workers=workers, scheduler=args.scheduler, progress=console.progress
    )
    console.summary(report)
    return 0


# -- the other commands ---------------------------------------------------------------------


def cmd_verify_oracle(args: argparse.Namespace) -> int:
    from .verification import verify_oracle

    report = verify_oracle(whole_number("--docs", args.docs, 1), seed=whole_number("--seed", args.seed, 0))
    print(f"documents: {report.docs}")
    print(f"states: {report.states}")
    print(f"(state, action) pairs compared: {report.pairs}")
    print(f"disagreements: {len(report.disagreements)}")
    for line in report.disagreements:
        print(f"  {line}")
    return 0 if report.ok else 1


def whole_number(flag: str, text: str, low: int) -> int:
    """A flag's whole-number value, at least `low`."""
    try:
        value = int(text)
    except ValueError:
        raise UsageError(f"{flag} takes a whole number, got {text!r}") from None
    if value < low:
        raise UsageError(f"{flag} must be at least {low}, got {value}")
    return value


def cmd_lab(args: argparse.Namespace) -> int:
    """Start JupyterLab on a working copy of the course (made the first time)."""

    from .course import working_copy
    from .jupyter_config import course_environment

    folder = working_copy(args.dir)
    passed_on = list(args.passed_on)
    if running_as_root() and not given("allow_root", passed_on):
        # JupyterLab refuses root unless told; in a container, a cloud notebook or CI, root is the user.
        passed_on.append("--allow-root")
        print("Running as root (a container, a cloud notebook, CI?): JupyterLab starts with --allow-root.")
    print(f"Starting JupyterLab on {folder}")
    command = [sys.executable, "-m", "jupyter", "lab", f"--ServerApp.root_dir={folder}"] + passed_on
    return serve(command, env=course_environment(folder))  # no news pop-up over the course


def serve(command: list[str], **options) -> int:
    """Run a server (JupyterLab, Voila) until it ends. Stopping nerlab stops it too: Ctrl-C, or a
    SIGTERM from a test, a process manager or a container's shutdown, which it would outlive."""
    import signal
    import subprocess

    server = subprocess.Popen(command, **options)
    previous = signal.signal(signal.SIGTERM, lambda *_: server.terminate())
    try:
        return server.wait()
    except KeyboardInterrupt:
        server.terminate()
        server.wait()
        raise
    finally:
        signal.signal(signal.SIGTERM, previous)


def running_as_root() -> bool:
    import os

    return hasattr(os, "geteuid") and os.geteuid() == 0


def given(option: str, passed_on: list[str]) -> bool:
    """Did the user pass this server option themselves (`--allow-root`, `--ServerApp.allow_root=True`)?
    Then nerlab does not add its own: Jupyter's apps refuse an option given twice."""
    return any(arg.lstrip("-").split("=")[0].split(".")[-1].replace("-", "_") == option for arg in passed_on)


def cmd_lecture(args: argparse.Namespace) -> int:
    """Serve one lesson as a Voila app: large fonts, saved runs instead of live training."""
    import os
    import tempfile

    from .course import find_lesson, working_copy
    from .jupyter_config import course_environment

    scale = number("--scale", args.scale, 0.5, 4.0)
    port = whole_number("--port", args.port, 1)
    find_lesson(args.notebook)  # a wrong name is an error before anything is copied
    with tempfile.TemporaryDirectory(prefix="nerlab-lecture-") as scratch:
        folder = working_copy(args.dir or scratch)  # never run the installed copy: it may be read-only
        notebook = find_lesson(args.notebook, folder)
        env = course_environment(folder, dict(os.environ, NERLAB_SCALE=str(scale), NERLAB_PRECOMPUTED="1"))
        # Progressive rendering: the page fills as cells finish, instead of staying blank until the end.
        command = [sys.executable, "-m", "voila", str(notebook), f"--port={port}"]
        if not given("progressive_rendering", args.passed_on):
            command.append("--progressive_rendering=True")
        command += args.passed_on
        print(f"Serving {notebook.name} at scale {scale} with saved runs (Ctrl-C stops).")
        return serve(command, env=env, cwd=folder)


def cmd_build_course(args: argparse.Namespace) -> int:
    """Run every lesson once and write it as a static page (charts interactive, links to Binder)."""
    from pathlib import Path

    from .course import find_lesson
    from .site import build_course

    if "/" not in args.binder_repo.strip("/"):
        raise UsageError(f"--binder-repo takes OWNER/NAME of the course's GitHub repository; got {args.binder_repo!r}")
    for name in args.lesson or []:
        find_lesson(name)  # a wrong name is an error before anything runs
    print(f"Building the static course in {args.out} (each lesson runs once, with its saved runs)...", flush=True)
    pages = build_course(args.out, repo=args.binder_repo, lessons=args.lesson)
    print(f"Wrote {len(pages)} page(s) and index.html; open {Path(args.out) / 'index.html'}")
    return 0


def number(flag: str, text: str, low: float, high: float) -> float:
    try:
        value = float(text)
    except ValueError:
        raise UsageError(f"{flag} takes a number between {low} and {high}; got {text!r}") from None
    if not low <= value <= high:
        raise UsageError(f"{flag} takes a number between {low} and {high}; got {text!r}")
    return value


def versions_line() -> str:
    from .training.saved import versions

    found = versions()
    return f"nerlab {found['nerlab']} (spaCy {found['spacy']}, thinc {found['thinc']})"


# -- the parser ------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nerlab", description="See inside spaCy's transition-based NER.")
    parser.add_argument("--version", action="version", version=versions_line())
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    verify = commands.add_parser("verify-oracle", help="compare nerlab's oracle with spaCy's on random documents")
    verify.add_argument("--docs", default="2000", help="random documents. Default: 2000.")
    verify.add_argument("--seed", default="0", help="random seed. Default: 0.")
    verify.set_defaults(run=cmd_verify_oracle)

    train = commands.add_parser(
        "train",
        help="train a real spaCy NER model and stream its scores",
        description="Train a real spaCy NER model under the chosen settings and print its learning curve.",
    )
    add_setting_flags(train)
    train.add_argument("--json", action="store_true", help="print one JSON object per event instead of a table")
    train.add_argument(
        "--spacy-config",
        metavar="DIR",
        default=None,
        help="write config.cfg, train.spacy and dev.spacy for `spacy train` instead of training",
    )
    train.set_defaults(run=cmd_train)

    curve = commands.add_parser(
        "train-curve", help="train on 25, 50, 75 and 100%% of the data: does more data still help?",
        description="Train the same settings on growing shares of the training data, scored on the same held-out "
        "documents, and say whether the last step still gains (Prodigy's train-curve).",
    )  # fmt: skip
    add_setting_flags(curve)
    curve.add_argument(
        "--shares", default="0.25,0.5,0.75,1", help="shares of the training data. Default: 0.25,0.5,0.75,1."
    )
    curve.add_argument(
        "--threshold", default="0.01", help="a last-step F1 gain above this says more data helps. Default: 0.01."
    )
    curve.add_argument("--json", action="store_true", help="one JSON object per share, then the verdict")
    curve.set_defaults(run=cmd_train_curve)

    sweep = commands.add_parser(
        "sweep", help="train a grid of runs (resumable), locally or on a Dask cluster",
        description="Train every run of a grid that is not in the results folder yet: no run is trained twice.",
    )  # fmt: skip
    sweep.add_argument("grid", help="a .yaml or .json grid file: base settings (or a preset), axes, cases")
    sweep.add_argument("--out", required=True, help="the results folder (one JSONL per run, scores.csv)")
    sweep.add_argument("--backend", default="local", choices=["local", "dask"],
                       help="local: a process pool here; dask: a Dask cluster. Default: local.")  # fmt: skip
    sweep.add_argument("--workers", default="2", help="processes (local) or local Dask workers. Default: 2.")
    sweep.add_argument("--scheduler", default=None, help="a Dask scheduler address (default: start a local cluster)")
    sweep.add_argument("--json", action="store_true", help="one JSON line per finished run instead of a bar")
    sweep.set_defaults(run=cmd_sweep)

    lab = commands.add_parser(
        "lab", help="start JupyterLab on a working copy of the course", allow_abbrev=False,
        description="Start JupyterLab on a working copy of the course (copied the first time; your edits are kept).",
        epilog="Any other option goes to JupyterLab as it is, e.g. `nerlab lab --no-browser --port=8890` "
        "(`jupyter lab --help-all` lists them). Run as root (a container, a cloud notebook, CI), "
        "nerlab adds --allow-root and says so.",
    )  # fmt: skip
    lab.add_argument("--dir", default=None, help="the working folder. Default: ./nerlab-course.")
    lab.set_defaults(run=cmd_lab)

    lecture = commands.add_parser(
        "lecture", help="serve a lesson for a projector (Voila, large fonts, saved runs)", allow_abbrev=False,
        description="Serve one lesson as a Voila app: large fonts, and its runs loaded from their saved copies.",
        epilog="Any other option goes to Voila as it is, e.g. `nerlab lecture 06 --no-browser "
        "--Voila.ip=0.0.0.0` (`voila --help-all` lists them).",
    )  # fmt: skip
    lecture.add_argument("notebook", help="lesson name or number prefix, e.g. 06 or 06_forum_case.ipynb")
    lecture.add_argument("--scale", default="1.6", help="font scale. Default: 1.6.")
    lecture.add_argument("--port", default="8866", help="port. Default: 8866.")
    lecture.add_argument("--dir", default=None, help="serve from this working folder. Default: a temporary copy.")
    lecture.set_defaults(run=cmd_lecture)

    site = commands.add_parser("build-course", help="build the course as a static web site (no kernel needed)")
    site.add_argument("out", help="the folder to write (index.html, one page per lesson, _static/)")
    site.add_argument("--binder-repo", default=BINDER_REPO, help="GitHub OWNER/NAME the pages' Binder links open. "
                      f"Default: {BINDER_REPO} (set in nerlab/site.py).")  # fmt: skip
    site.add_argument("--lesson", action="append", help="build only this lesson (repeatable). Default: all.")
    site.set_defaults(run=cmd_build_course)
    return parser


PASS_ON = ("lab", "lecture")  # these commands hand unknown flags to jupyter lab / voila


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, passed_on = parser.parse_known_args(argv)
    if passed_on and args.command not in PASS_ON:
        parser.error(f"unrecognized arguments: {' '.join(passed_on)}")
    args.passed_on = passed_on
    try:
        return args.run(args)
    except (SettingError, DataError, UsageError, LessonNotFound, CourseConfigError) as error:
        line = usage_error(error)
        if getattr(args, "json", False):
            where = flag_of(error.name) if isinstance(error, SettingError) else getattr(error, "path", None)
            print(json.dumps(ErrorEvent(line, where).to_dict()), flush=True)
        print(f"nerlab {args.command}: error: {line}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"nerlab {args.command}: stopped (Ctrl-C).", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
