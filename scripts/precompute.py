"""Save the runs of the lessons that train for a while, for lecture mode.

    python scripts/precompute.py          # writes the saved runs of every lesson

Lecture mode (`nerlab lecture`, or NERLAB_PRECOMPUTED=1) then loads these runs instead of
training. tests/test_course.py checks that a fresh run still gives the saved numbers.
"""

from nerlab.course import LESSONS, saved_runs
from nerlab.training import RunRecord, run, save_runs
from nerlab.training.saved import run_labels


def main() -> None:
    for lesson, named in LESSONS.items():
        records = []
        for settings in named.values():
            record = RunRecord(settings)
            for event in run(settings):
                record.record(event)
            records.append(record)
        path = saved_runs(lesson)
        path.parent.mkdir(parents=True, exist_ok=True)
        save_runs(records, path, run_labels([r.settings for r in records]))
        print(f"{lesson}: {len(records)} runs -> {path}")


if __name__ == "__main__":
    main()
