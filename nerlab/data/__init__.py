"""nerlab.data: corpora to learn from, and the formats they travel in.

- records: `AnnotatedDoc` (a text with all its entities) and `Task` (one Prodigy answer)
- prodigy: `read_prodigy` / `write_prodigy`, checking every record (`DataError` says where)
- spacy_formats: DocBin files and spaCy `Example`s
- synthetic: seeded template corpora with difficulty knobs, and a news-style corpus
- binary: gold annotation -> accept/reject tasks, with several ways to make rejects
- supervise: tasks -> what each example tells the model (merged or not, missing or O)
- answers: a file read as complete annotation or as answers; held-out texts split as Prodigy does
- datasets: real datasets by name (`load_dataset("fashion-brands")`)
"""

from ..transitions import Span
from .answers import ANNOTATIONS, FileReading, read_as, split_by_text, texts_of
from .binary import ACCEPTS, REJECTS, BinaryTasks, Conflict, gold_to_binary
from .datasets import DATASETS, dataset_path, load_dataset, tasks_to_gold_docs
from .errors import DataError
from .hashes import input_hash, task_hash
from .prodigy import read_prodigy, task_to_record, write_prodigy
from .records import ANSWERS, AnnotatedDoc, Task
from .spacy_formats import annotated_to_doc, docs_to_examples, read_docbin, supervised_to_examples, write_docbin
from .supervise import (
    SUMMARY_MEANINGS,
    Conversion,
    DataSummary,
    SupervisedDoc,
    gold_to_supervised,
    summarize,
    summary_rows,
    tasks_to_supervised,
)
from .synthetic import DIFFICULTIES, Corpus, Difficulty, news_corpus, news_sm_corpus, synthetic_corpus

__all__ = [
    "ANNOTATIONS",
    "FileReading",
    "SUMMARY_MEANINGS",
    "read_as",
    "split_by_text",
    "summary_rows",
    "texts_of",
    "DATASETS",
    "ACCEPTS",
    "ANSWERS",
    "AnnotatedDoc",
    "annotated_to_doc",
    "BinaryTasks",
    "Conflict",
    "Conversion",
    "Corpus",
    "DataError",
    "DataSummary",
    "Difficulty",
    "DIFFICULTIES",
    "REJECTS",
    "Span",
    "SupervisedDoc",
    "Task",
    "dataset_path",
    "docs_to_examples",
    "gold_to_binary",
    "gold_to_supervised",
    "input_hash",
    "load_dataset",
    "news_corpus",
    "news_sm_corpus",
    "read_docbin",
    "read_prodigy",
    "summarize",
    "supervised_to_examples",
    "synthetic_corpus",
    "task_hash",
    "task_to_record",
    "tasks_to_gold_docs",
    "tasks_to_supervised",
    "write_docbin",
    "write_prodigy",
]
