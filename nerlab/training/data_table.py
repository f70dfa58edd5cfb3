"""The data table: what a run's training examples claim, read before any training.

One table, shown by the CLI (before the learning curve's rows) and by the lab (beside the
chart): the examples, those that claim there is no entity, those with only rejects, the
conflicts and ignores, the accepted and rejected spans per label, how a file was read and
where the held-out texts came from. These are the warning signs a user should see before
waiting for a run: they say what the model is about to be taught.
"""

from __future__ import annotations

from ..data import summary_rows
from .events import DataEvent

RUN_MEANINGS = {  # what a run adds to the data's own summary
    "read_as": "how the file is read: answers (unmarked tokens unknown) or complete annotation (setting 'annotation')",
    "held_out": "where the held-out texts come from",
    "rehearsal_docs": "news texts labelled by the base model, added as full gold (pseudo-rehearsal)",
    "dropped_unsupervisable": "long examples left out: spaCy's update would stop on them (its error E024)",
}


def data_table_rows(data: DataEvent) -> list[tuple[str, object, str]]:
    """(name, value, what it counts) for every line of the data table of a run."""
    rows = [
        (name.replace("_", " "), value, meaning or RUN_MEANINGS.get(name, ""))
        for name, value, meaning in summary_rows(data.summary)
        if value is not None  # a count that cannot be known here (the true entities of answers) is left out
    ]
    rows.append(("held-out texts", data.n_dev, "texts the curve is scored on"))
    if data.dev_entities_per_doc is not None:
        rows.append(
            ("entities per held-out text", f"{data.dev_entities_per_doc:.2f}", "what a perfect model predicts per text")
        )
    else:
        rows.append(("entity F1", "not scored", "the held-out texts are answers, not complete annotation"))
    if data.dev_reject_share is not None:
        rows.append(
            (
                "predicts-nothing accuracy",
                f"{data.dev_reject_share:.3f}",
                "per-span binary accuracy of a model that predicts no entity (the dashed line)",
            )
        )
    return rows
