"""Save the runs of the lessons that train for a while, for lecture mode.

    python scripts/precompute.py          # writes notebooks/precomputed/*.json

Lecture mode (`nerlab lecture`, or NERLAB_PRECOMPUTED=1) then loads these runs instead of
training. tests/test_course.py checks that a fresh run still gives the saved numbers.
"""

from nerlab.course import LESSONS, SAVED, saved_runs
from nerlab.widgets import LearningCurveLab


def main() -> None:
    SAVED.mkdir(parents=True, exist_ok=True)
    for lesson, named in LESSONS.items():
        lab = LearningCurveLab(scale=1.0)
        lab.train_each(list(named.values()), precomputed=False)
        path = lab.export_runs(saved_runs(lesson))
        print(f"{lesson}: {len(lab.runs)} runs -> {path}")
        lab.close()


if __name__ == "__main__":
    main()
