"""What the wheel ships: every package, and the lessons from notebooks/ (one copy in the repository).

pyproject.toml lists its packages by hand, because it maps `notebooks/` to `nerlab.lessons`; a
new subpackage missing from that list would be left out of every install, so this checks it.
tests/test_bare_clone.py checks that a plain install finds the lessons.
"""

from __future__ import annotations

from pathlib import Path

import tomllib

from nerlab.course import lesson_names, lessons_dir

ROOT = Path(__file__).resolve().parents[1]
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]


def test_every_package_of_nerlab_is_listed_for_the_wheel():
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "nerlab").rglob("__init__.py")}
    missing = found - set(SETUPTOOLS["packages"])
    assert not missing, f"pyproject.toml [tool.setuptools] packages lacks {sorted(missing)}: add them"


def test_the_wheel_takes_the_lessons_from_notebooks():
    assert SETUPTOOLS["package-dir"]["nerlab.lessons"] == "notebooks"
    assert "nerlab.lessons" in SETUPTOOLS["packages"]
    assert set(SETUPTOOLS["package-data"]["nerlab.lessons"]) == {"*.ipynb", "saved/*.json"}


def test_a_clone_finds_the_lessons_in_notebooks():
    assert lessons_dir() == ROOT / "notebooks"
    assert len(lesson_names()) == 7 and lesson_names()[0] == "01_actions"
    assert not (ROOT / "nerlab" / "lessons").exists(), "the lessons have one home: notebooks/"
