"""Save the runs of the lessons that train for a while, for lecture mode.

    python scripts/precompute.py          # writes the saved runs of every lesson
    python scripts/precompute.py 05 07    # only the lessons whose names start so

Lecture mode (`nerlab lecture`, or NERLAB_PRECOMPUTED=1) then loads these runs instead of
training. tests/test_course.py checks that a fresh run still gives the saved numbers.
"""

from nerlab.course import LESSONS, MEASURES, saved_runs
from nerlab.training import RunRecord, run, save_runs
from nerlab.training.saved import run_labels


def main(only: list[str]) -> None:
    for lesson, named in LESSONS.items():
        if only and not any(lesson.startswith(prefix) for prefix in only):
            continue
        records = []
        for settings in named.values():
            record = RunRecord(settings)
            for event in run(settings):
                record.record(event)
            for measure in MEASURES.get(lesson, ()):
                measure(record)  # kept in record.extra, saved with the run
            records.append(record)
        path = saved_runs(lesson)
        path.parent.mkdir(parents=True, exist_ok=True)
        save_runs(records, path, run_labels([r.settings for r in records]))
        print(f"{lesson}: {len(records)} runs -> {path}")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])  # e.g. `python scripts/precompute.py 05 07`: only those lessons
