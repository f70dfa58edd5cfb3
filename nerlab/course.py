"""The course: where its lessons are, and the runs they train, in one place.

A notebook, the script that saves runs for lecture mode (`scripts/precompute.py`), and the
test that checks those saved runs are still what a fresh run gives, all read the settings
from here, so they cannot drift apart. The lessons are found here too: the CLI's `lab`
and `lecture` commands, lecture mode and the tests all ask `lessons_dir()`.
"""

from __future__ import annotations

import os
import shutil
from importlib import resources
from pathlib import Path

from .training import BatchSchedule, RunSettings
from .training.presets import preset

BASE = RunSettings(n_train=1000, n_dev=300, epochs=5, eval_every=1000, seed=0)
BINARY = BASE.with_changes(supervision="binary", rejects="random-label", schedule=BatchSchedule.fixed(32))
# The forum user's own set-up (one accept and one all-relabelled reject per text, merged, no_missing,
# batches of 32, 5 epochs) on the course's corpus.
THREAD = preset("thread", n_train=1000, n_dev=300, eval_every=1000, seed=0)
# Lesson 6's reading of the user's words: "randomising all the entity labels" read literally (a label
# drawn from ALL labels, so some rejects equal their accept and merging drops them as conflicts), from
# `news-sm`, the stand-in for en_core_web_sm (some of the user's labels, others they never annotate).
USER = THREAD.with_changes(reject_labels="all", base="news-sm", probe=0)
# Lesson 4: three epochs, so that compounding:4:32:1.01 reaches 32; an evaluation (and a drift
# reading) every 250 documents.
SCHEDULES = RunSettings(n_train=1000, n_dev=300, epochs=3, eval_every=250, probe=50, seed=0)
# Lesson 5: new labels annotated on text a pretrained model ("news") knows other labels in.
NEW_LABELS = BASE.with_changes(base="news", labels=("PRODUCT", "TECH"), supervision="partial", accepts="per-doc")
# Lesson 7: the fashion-brands data shipped with nerlab, small runs.
REAL = RunSettings(data="fashion-brands", n_train=400, epochs=3, eval_every=200, seed=0)
# Lesson 7's own answers: the ner.teach-shaped export derived from it, a fifth of its texts held out.
TEACH = RunSettings(data="fashion-brands-teach", supervision="binary", epochs=5, eval_every=100, probe=0, seed=0)

LESSONS: dict[str, dict[str, RunSettings]] = {
    "02_dynamic_oracle": {
        "follow the model (spaCy)": BASE,
        "teacher forcing": BASE.with_changes(explore=0.0),
    },
    "02_dynamic_oracle.exercise": {"half and half": BASE.with_changes(explore=0.5)},
    "04_batch_schedules": {
        "fixed 4": SCHEDULES.with_changes(schedule="fixed:4"),
        "fixed 32": SCHEDULES.with_changes(schedule="fixed:32"),
        "compounding 4 to 32": SCHEDULES.with_changes(schedule="compounding:4:32:1.01"),
        "fixed 4, teacher forcing": SCHEDULES.with_changes(schedule="fixed:4", explore="oracle"),
        "fixed 32, teacher forcing": SCHEDULES.with_changes(schedule="fixed:32", explore="oracle"),
        "compounding 4 to 32, 100 oracle updates first": SCHEDULES.with_changes(
            schedule="compounding:4:32:1.01", explore_warmup=100
        ),
    },
    "04_batch_schedules.exercise": {
        "compounding 4 to 32, restarting each epoch": SCHEDULES.with_changes(schedule="compounding:4:32:1.01:restart"),
    },
    "05_missing_labels_and_base_models": {
        "unannotated = O": NEW_LABELS.with_changes(no_missing=True),
        "unannotated = missing": NEW_LABELS,
        "O + 500 rehearsal texts": NEW_LABELS.with_changes(no_missing=True, rehearsal=500),
    },
    "05_missing_labels_and_base_models.exercise": {
        "O + 100 rehearsal texts": NEW_LABELS.with_changes(no_missing=True, rehearsal=100),
    },
    "06_forum_case": {
        "gold, compounding 4-16": BASE,
        "the user's answers, merged": USER,
        "the same, unannotated tokens missing": USER.with_changes(no_missing=False),
        "the same, from a blank model, missing": USER.with_changes(base="blank", no_missing=False),
        "the user's answers, kept apart": USER.with_changes(tasks="separate"),
        "one task per span, kept apart": BINARY.with_changes(tasks="separate", no_missing=True),
    },
    "06_forum_case.exercise": {
        "random-label rejects": BINARY,
        "boundary rejects": BINARY.with_changes(rejects="boundary"),
    },
    "07_real_data": {
        "gold": REAL,
        "binary, boundary rejects, merged, missing": REAL.with_changes(supervision="binary", rejects="boundary"),
    },
    "07_real_data.answers": {
        "answers merged, missing": TEACH,
        "answers merged, no_missing": TEACH.with_changes(no_missing=True),
        "answers kept apart, missing": TEACH.with_changes(tasks="separate"),
        "answers kept apart, no_missing": TEACH.with_changes(tasks="separate", no_missing=True),
    },
    "07_real_data.exercise": {
        "binary, boundary rejects, separate, no_missing": REAL.with_changes(
            supervision="binary", rejects="boundary", tasks="separate", no_missing=True
        ),
    },
}

DEFAULT_WORKING_COPY = "nerlab-course"


def lessons_dir() -> Path:
    """The folder holding the lesson notebooks (their saved runs are in `saved/`).

    In a clone (or an editable install) it is the repository's `notebooks/`, where the lessons
    are edited; an installed nerlab holds the same files as `nerlab/lessons` (pyproject.toml maps
    one to the other, so the repository keeps one copy). Learners never run these copies:
    `working_copy` makes a folder of their own.
    """
    repository = Path(__file__).resolve().parents[1]
    if (repository / "pyproject.toml").is_file() and (repository / "notebooks").is_dir():
        return repository / "notebooks"
    with resources.as_file(resources.files("nerlab") / "lessons") as path:
        return path


def saved_runs(lesson: str) -> Path:
    """Where the lesson's runs are saved for lecture mode (beside the lessons: found from any install)."""
    return lessons_dir() / "saved" / f"{lesson}.json"


def lecture_mode() -> bool:
    """True when $NERLAB_PRECOMPUTED is set: lessons load saved runs instead of training."""
    return os.environ.get("NERLAB_PRECOMPUTED", "") not in ("", "0")


def static_mode() -> bool:
    """True when $NERLAB_STATIC is set (by `nerlab build-course`): widgets also print a picture
    of what they show, for a page read without a kernel."""
    return os.environ.get("NERLAB_STATIC", "") not in ("", "0")


def lesson_names() -> list[str]:
    return sorted(p.stem for p in lessons_dir().glob("*.ipynb"))


def find_lesson(name: str, folder: str | Path | None = None) -> Path:
    """A lesson by name or number prefix ('06', '06_forum_case', '06_forum_case.ipynb')."""
    folder = Path(folder) if folder is not None else lessons_dir()
    stem = name[: -len(".ipynb")] if name.endswith(".ipynb") else name
    matches = sorted(folder.glob(f"{stem}*.ipynb"))
    if not matches:
        raise LessonNotFound(f"no lesson {name!r}; the lessons are: {', '.join(lesson_names())}")
    return matches[0]


class LessonNotFound(ValueError):
    """A lesson name that matches no notebook."""


def working_copy(directory: str | Path | None = None) -> Path:
    """A folder where a learner can run and edit the lessons: made the first time.

    Lessons missing from the folder are copied in; a lesson already there is never
    replaced (it may hold the learner's own work), and installed files are never edited.
    """
    folder = Path(directory if directory is not None else DEFAULT_WORKING_COPY).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    for notebook in sorted(lessons_dir().glob("*.ipynb")):
        target = folder / notebook.name
        if not target.exists():
            shutil.copyfile(notebook, target)
    return folder


# -- measurements a lesson adds to its runs (saved with them, so lecture mode shows them) --------


def old_label_f1(run) -> float:
    """Lesson 5: F1 of the base model's own labels on 300 news texts, after this run.

    Computed from the run's pipeline once and kept in `run.extra`, where a saved run has it.
    """
    if "old_label_f1" not in run.extra:
        if run.nlp is None:
            raise ValueError("This saved run has no old-label F1: save the runs again (python scripts/precompute.py).")
        from .data import news_corpus
        from .training import NEWS_LABELS, evaluate_on

        scores = evaluate_on(run.nlp, news_corpus(300, seed=99), labels=NEWS_LABELS)
        run.extra["old_label_f1"] = scores.overall.f1
    return run.extra["old_label_f1"]


MEASURES = {
    "05_missing_labels_and_base_models": (old_label_f1,),
    "05_missing_labels_and_base_models.exercise": (old_label_f1,),
}
