"""Training real spaCy NER models under every setting the forum thread argues about.

    from nerlab.training import RunSettings, BatchSchedule, run

    for event in run(RunSettings(supervision="binary", no_missing=True)):
        print(event.to_dict())
"""

from .base_models import NEWS_LABELS, news_model_path
from .events import DataEvent, EvaluationEvent, FinishedEvent, ProgressEvent
from .metrics import PRF, BinaryJudgement, binary_accuracy, entity_scores
from .runner import evaluate_on, run, spacy_config, train
from .schedules import BatchSchedule
from .settings import RunSettings, parse_explore, parse_update

__all__ = [
    "NEWS_LABELS",
    "news_model_path",
    "BatchSchedule",
    "BinaryJudgement",
    "DataEvent",
    "EvaluationEvent",
    "FinishedEvent",
    "PRF",
    "ProgressEvent",
    "RunSettings",
    "binary_accuracy",
    "entity_scores",
    "evaluate_on",
    "parse_explore",
    "parse_update",
    "run",
    "spacy_config",
    "train",
]
