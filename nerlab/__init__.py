"""nerlab: see inside spaCy's transition-based named-entity recogniser.

The core (no spaCy needed) is importable from here:

    from nerlab import BiluoSystem, DynamicOracle, State, Supervision

`nerlab.spacy_bridge` connects it to spaCy, `nerlab.data` reads and makes corpora,
`nerlab.training` trains real spaCy models, `nerlab.widgets` shows it all in Jupyter.
"""

from .oracle import DynamicOracle, action_cost, choose, costs, loss_targets, oracle_actions, oracle_path
from .policy import Policy
from .supervision import Supervision, spans_to_tags
from .transitions import BiluoSystem, State, parse_action

__version__ = "0.3.0"

__all__ = [
    "BiluoSystem",
    "DynamicOracle",
    "Policy",
    "State",
    "Supervision",
    "action_cost",
    "choose",
    "costs",
    "loss_targets",
    "oracle_actions",
    "oracle_path",
    "parse_action",
    "spans_to_tags",
]
