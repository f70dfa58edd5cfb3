"""Training real spaCy NER models under every setting the forum thread argues about.

from nerlab.training import RunSettings, run

for event in run(RunSettings(supervision="binary", no_missing=True)):
    print(event.to_dict())
"""

from ..data.wordlists import NEWS_LABELS
from .base_models import news_model_path
from .before import before_curve
from .data_table import data_table_rows
from .events import DataEvent, ErrorEvent, EvaluationEvent, Event, FinishedEvent, ProgressEvent
from .loop import evaluate_on, expected_updates, model_at, run, train, training_config
from .metrics import PRF, BinaryJudgement, ProdigyCounts, binary_accuracy, entity_scores, prodigy_counts
from .prepare import preview, reads_as_answers
from .saved import RunRecord, load_runs, record_labels, run_labels, save_runs
from .schedules import BatchSchedule
from .settings import SETTINGS, RunSettings, Setting, SettingError, parse_explore, parse_update

__all__ = [
    "NEWS_LABELS",
    "SETTINGS",
    "BatchSchedule",
    "BinaryJudgement",
    "DataEvent",
    "ErrorEvent",
    "EvaluationEvent",
    "Event",
    "FinishedEvent",
    "PRF",
    "ProgressEvent",
    "RunRecord",
    "RunSettings",
    "Setting",
    "SettingError",
    "ProdigyCounts",
    "before_curve",
    "binary_accuracy",
    "data_table_rows",
    "preview",
    "prodigy_counts",
    "reads_as_answers",
    "entity_scores",
    "evaluate_on",
    "expected_updates",
    "load_runs",
    "model_at",
    "news_model_path",
    "parse_explore",
    "parse_update",
    "run",
    "record_labels",
    "run_labels",
    "save_runs",
    "training_config",
    "train",
]
