"""The `nerlab` command.

    nerlab verify-oracle --docs 2000 --seed 0   compare nerlab's oracle with spaCy's
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nerlab", description="See inside spaCy's NER.")
    commands = parser.add_subparsers(dest="command", required=True)

    verify = commands.add_parser(
        "verify-oracle", help="compare nerlab's oracle with spaCy's on random documents"
    )
    verify.add_argument("--docs", type=_positive_int("--docs"), default=2000, help="random documents (default 2000)")
    verify.add_argument("--seed", type=_int("--seed"), default=0, help="random seed (default 0)")
    verify.set_defaults(run=cmd_verify_oracle)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
