"""Write binder/requirements.txt: the versions installed here, which the tests just ran on.

    python scripts/pin_binder.py

Binder installs exactly these pins, so its learners get what CI tested. One pin per runtime
dependency in pyproject.toml (and thinc, spaCy's model library, whose version the saved runs
record). tests/test_binder.py fails when the file and this environment, or the file and
pyproject.toml's ranges, disagree; this script is the fix.
"""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[1]
REQUIREMENTS = ROOT / "binder" / "requirements.txt"
ALSO_PINNED = {"spacy": ["thinc"]}  # pinned right after the dependency that brings them


def dependencies() -> dict[str, str]:
    """pyproject.toml's runtime dependencies: name -> the whole requirement ('spacy>=3.8,<3.9')."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {re.split(r"[<>=!~\[; ]", line, maxsplit=1)[0].lower(): line for line in project["dependencies"]}


def pinned_names() -> list[str]:
    names = []
    for name in dependencies():
        names += [name, *ALSO_PINNED.get(name, [])]
    return names


def requirements() -> str:
    """The file's text, from the versions installed in this environment."""
    lines = ["# Pinned for Binder: the versions the tests ran on. Written by scripts/pin_binder.py; do not edit."]
    lines += [f"{name}=={version(name)}" for name in pinned_names()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    REQUIREMENTS.write_text(requirements())
    print(f"wrote {REQUIREMENTS.relative_to(ROOT)}:\n{requirements()}")
