"""Every choice a training run makes, declared once: a record, and a table describing it.

The forum thread that started nerlab argues about these choices: the batch schedule,
binary versus full supervision, whether unannotated tokens are missing or outside, the
base model. Each is one field of `RunSettings`, checked in one place (`__post_init__`),
and described by one row of `SETTINGS`: the lab's form and the CLI's flags are both built
from that table, as nanoGPT's configurator turns config names into flags. Adding a
setting is one field of the record and one row of the table.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from enum import StrEnum

from ..data.answers import ANNOTATIONS
from ..data.binary import ACCEPTS, REJECT_GROUPINGS, REJECT_LABELS, REJECTS
from ..data.supervise import CONFLICT_RULES
from ..data.synthetic import DIFFICULTIES
from .schedules import BatchSchedule

SUPERVISIONS = ("gold", "partial", "binary")
TASK_MODES = ("merged", "separate")


class SettingError(ValueError):
    """A setting a run cannot take: which one (`.name`), and why (`.problem`)."""

    def __init__(self, name: str, problem: str):
        self.name = name
        self.problem = problem
        super().__init__(f"{name} {problem}")


def parse_update(text: str) -> tuple[str, int]:
    """'greedy' -> ('greedy', 1); 'beam:8' -> ('beam', 8)."""
    if text == "greedy":
        return "greedy", 1
    if isinstance(text, str) and text.startswith("beam:"):
        try:
            width = int(text[5:])
        except ValueError:
            width = 0
        if width >= 2:
            return "beam", width
    raise SettingError("update", f"takes 'greedy' or 'beam:W' with a width W >= 2 (e.g. 'beam:8'); got {text!r}.")


def parse_explore(text: str | float) -> float:
    """How often training follows the model's own prediction rather than the oracle.

    'model' -> 1.0 (spaCy's imitation learning), 'oracle' -> 0.0 (teacher forcing), or a
    probability in [0, 1].
    """
    if text == "model":
        return 1.0
    if text == "oracle":
        return 0.0
    try:
        p = float(text)
    except (TypeError, ValueError):
        p = -1.0
    if 0.0 <= p <= 1.0:
        return p
    raise SettingError("explore", f"takes 'model', 'oracle' or a probability in [0, 1]; got {text!r}.")


def parse_labels(text: str | tuple | list | None) -> tuple[str, ...] | None:
    """'PERSON, ORG' -> ('PERSON', 'ORG'); '' or None -> None (every label)."""
    if text is None:
        return None
    items = text.split(",") if isinstance(text, str) else list(text)
    labels = tuple(str(x).strip() for x in items if str(x).strip())
    return labels or None


@dataclass(frozen=True)
class RunSettings:
    """One training run. Defaults make a small, quick run suitable for a live demo.

    Text forms are accepted where a person would type them (`explore="oracle"`,
    `schedule="fixed:32"`, `labels="PERSON, ORG"`) and stored in their plain form.
    """

    # data
    data: str = "synthetic"  # "synthetic", a named dataset ("fashion-brands"), or a .jsonl / .spacy file
    dev: str | None = None  # held-out file; None: a held-out split of the synthetic corpus
    n_train: int = 1000
    train_share: float = 1.0  # train on this share of the training documents (a data-size curve)
    n_dev: int = 200
    difficulty: str = "default"  # synthetic corpus preset: toy, default, hard
    labels: tuple[str, ...] | None = None  # annotate only these labels (None: all of them)
    annotation: str = "auto"  # a Prodigy file: complete annotation, answers, or auto (answers if it has rejects)
    eval_split: float = 0.2  # answers without a dev file: this share of the texts is held out (Prodigy's --eval-split)
    # supervision
    supervision: str = "gold"  # gold, partial (accepted spans only), binary (accept + reject)
    accepts: str = "per-span"  # partial/binary: one accept task per span, or per document
    rejects: str = "random-label"
    reject_grouping: str = "per-span"  # one reject task per rejected span, or one per text
    reject_labels: str = "others"  # a random relabel draws from the other labels, or from all (can equal the gold)
    reject_ratio: float = 1.0
    no_missing: bool = False  # unannotated tokens are O instead of missing
    tasks: str = "merged"  # binary tasks on one text: one example (Prodigy) or separate ones
    conflicts: str = "drop"  # merged: a span both accepted and rejected is dropped, or kept as accepted
    # learning
    schedule: BatchSchedule = field(default_factory=BatchSchedule)
    update: str = "greedy"  # greedy (spaCy's ner) or beam:W (spaCy's beam_ner)
    explore: float = 1.0  # probability of following the model's own action (1.0 = spaCy)
    explore_warmup: int = 0  # follow the oracle for this many updates first, then `explore`
    base: str = "blank"  # blank, news, or an installed/saved spaCy pipeline
    rehearsal: int = 0  # news documents labelled by the base model, mixed into training
    epochs: int = 5
    learn_rate: float = 0.001
    dropout: float = 0.1
    width: int = 64
    depth: int = 2
    eval_every: int = 200  # evaluate every this many training examples
    probe: int = 50  # training sentences walked at each evaluation to measure target drift (0: none)
    seed: int = 0

    def __post_init__(self):
        # The text forms a person types, stored in their plain form.
        if isinstance(self.schedule, str):
            object.__setattr__(self, "schedule", _schedule(self.schedule))
        if isinstance(self.schedule, dict):
            object.__setattr__(self, "schedule", BatchSchedule(**self.schedule))
        object.__setattr__(self, "explore", parse_explore(self.explore))
        object.__setattr__(self, "labels", parse_labels(self.labels))
        # Each choice among its options.
        for name, allowed in (
            ("supervision", SUPERVISIONS),
            ("rejects", REJECTS),
            ("accepts", ACCEPTS),
            ("reject_grouping", REJECT_GROUPINGS),
            ("reject_labels", REJECT_LABELS),
            ("tasks", TASK_MODES),
            ("conflicts", CONFLICT_RULES),
            ("difficulty", DIFFICULTIES),
            ("annotation", ANNOTATIONS),
        ):
            if getattr(self, name) not in allowed:
                raise SettingError(name, f"takes one of {', '.join(allowed)}; got {getattr(self, name)!r}")
        parse_update(self.update)
        # Numbers in their ranges.
        for name in ("n_train", "n_dev", "epochs", "width", "depth", "eval_every"):
            _at_least(self, name, 1)
        for name in ("rehearsal", "seed", "explore_warmup", "probe"):
            _at_least(self, name, 0)
        if not isinstance(self.train_share, (int, float)) or not 0.0 < self.train_share <= 1.0:
            raise SettingError("train_share", f"must be in (0, 1], got {self.train_share!r}.")
        if not isinstance(self.eval_split, (int, float)) or not 0.0 < self.eval_split < 1.0:
            raise SettingError("eval_split", f"must be between 0 and 1 (a share of texts), got {self.eval_split!r}.")
        if not isinstance(self.reject_ratio, (int, float)) or self.reject_ratio < 0:
            raise SettingError("reject_ratio", f"must be 0 or more, got {self.reject_ratio!r}.")
        if not isinstance(self.dropout, (int, float)) or not 0.0 <= self.dropout < 1.0:
            raise SettingError("dropout", f"must be in [0, 1), got {self.dropout!r}.")
        if not isinstance(self.learn_rate, (int, float)) or self.learn_rate <= 0:
            raise SettingError("learn_rate", f"must be positive, got {self.learn_rate!r}.")
        if not isinstance(self.data, str) or not self.data:
            raise SettingError("data", "takes 'synthetic' or the path of a .jsonl or .spacy file.")
        if not isinstance(self.base, str) or not self.base:
            raise SettingError("base", "takes 'blank', 'news', 'news-sm', or an installed or saved spaCy pipeline.")
        # Combinations a run cannot take.
        if self.beam_width > 1 and self.explore != 1.0:
            raise SettingError(
                "update", "'beam:W' explores by itself, so it needs explore='model' (the beam has no oracle mode)."
            )
        if self.beam_width > 1 and self.explore_warmup:
            raise SettingError("explore_warmup", "must be 0 with update='beam:W': the beam has no oracle to follow.")
        if self.beam_width > 1 and self.base != "blank":
            raise SettingError("update", "'beam:W' needs base='blank': a saved 'ner' cannot become a 'beam_ner'.")
        if self.supervision == "binary" and self.rejects == "model" and self.base == "blank":
            raise SettingError(
                "rejects", "'model' asks a base model for its wrong predictions: choose a base other than 'blank'."
            )

    @property
    def beam_width(self) -> int:
        return parse_update(self.update)[1]

    def with_changes(self, **changes) -> RunSettings:
        return replace(self, **changes)

    def to_dict(self) -> dict:
        out = asdict(self)
        out["schedule"] = self.schedule.to_dict()
        if self.labels is not None:
            out["labels"] = list(self.labels)
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict) -> RunSettings:
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise SettingError(
                sorted(unknown)[0], f"is not a run setting; the settings are {', '.join(sorted(known))}."
            )
        return cls(**data)

    def differences(self, other: RunSettings) -> dict:
        """The settings that differ from `other`: what a chart legend should name."""
        mine, theirs = self.to_dict(), other.to_dict()
        return {k: v for k, v in mine.items() if theirs.get(k) != v}


def _schedule(text: str) -> BatchSchedule:
    try:
        return BatchSchedule.parse(text)
    except ValueError as error:
        raise SettingError("schedule", str(error)) from None


def _at_least(settings: RunSettings, name: str, low: int) -> None:
    value = getattr(settings, name)
    if not isinstance(value, int) or isinstance(value, bool) or value < low:
        raise SettingError(name, f"must be a whole number of at least {low}, got {value!r}.")


# -- the table: how each setting is offered to a person ---------------------------------------

TABS = ("Data", "Supervision", "Learning", "Batch schedule")


class ControlKind(StrEnum):
    """The kinds of control the lab builds for a setting (`nerlab.widgets.lab_form.make_control`);
    the CLI reads two of them: a CHECK is a flag without a value, a COMBO takes free text."""

    TEXT = "text"
    OPTIONAL_TEXT = "optional-text"  # empty means None
    LABELS = "labels"
    INT = "int"
    FLOAT = "float"
    LOG = "log"  # a number on a log scale (the learning rate)
    SEED = "seed"
    BUTTONS = "buttons"
    DROPDOWN = "dropdown"
    COMBO = "combo"  # a few suggestions, or any text
    CHECK = "check"
    UPDATE = "update"
    EXPLORE = "explore"
    SCHEDULE = "schedule"


@dataclass(frozen=True, kw_only=True)
class Setting:
    """One row of the table: how a `RunSettings` field appears in the lab and on the CLI.

    `control` names the kind of control the lab builds (see `nerlab.widgets.lab_form`);
    `bounds` are a slider's (low, high, step); `relevant` = (other field, its values)
    greys the control out unless the other field has one of those values.
    """

    name: str
    tab: str
    control: ControlKind
    label: str  # the control's caption
    help: str  # one line: the CLI's help and the control's tooltip
    choices: tuple[str, ...] = ()
    bounds: tuple[float, float, float] | None = None
    relevant: tuple[str, tuple[str, ...]] | None = None
    flag: str = ""  # the CLI flag, if not "--" + the name with dashes
    off_flag: str = ""  # a check's CLI flag for False (to override a preset)

    @property
    def cli_flag(self) -> str:
        return self.flag or "--" + self.name.replace("_", "-")

    def applies_to(self, settings: RunSettings) -> bool:
        """False when the run's other choices make this field irrelevant (a reject strategy
        under gold supervision): its value changes nothing, so a legend need not name it."""
        return self.applies(lambda name: getattr(settings, name))

    def applies(self, value_of) -> bool:
        """The one rule behind `applies_to` and the lab's greyed-out controls: `value_of(name)`
        gives another field's value (from a RunSettings, or from the form's controls)."""
        if self.relevant is None:
            return True
        other, values = self.relevant
        return value_of(other) in values

    @property
    def default(self):
        """The field's default in `RunSettings`."""
        return getattr(RunSettings(), self.name)

    def from_text(self, text: str):
        """The value a person typed, as the field's type (checked later by RunSettings)."""
        if self.control in (ControlKind.INT, ControlKind.SEED):
            try:
                return int(text)
            except ValueError:
                raise SettingError(self.name, f"takes a whole number, got {text!r}.") from None
        if self.control in (ControlKind.FLOAT, ControlKind.LOG):
            try:
                return float(text)
            except ValueError:
                raise SettingError(self.name, f"takes a number, got {text!r}.") from None
        if self.control == ControlKind.OPTIONAL_TEXT:
            return text or None
        return text


SETTINGS: tuple[Setting, ...] = (
    # Data
    Setting(
        name="data",
        tab="Data",
        control=ControlKind.TEXT,
        label="data",
        help="'synthetic', a dataset shipped with nerlab ('fashion-brands'), or a Prodigy .jsonl / spaCy .spacy file",
    ),
    Setting(
        name="dev",
        tab="Data",
        control=ControlKind.OPTIONAL_TEXT,
        label="held-out data",
        help="a held-out .jsonl or .spacy file",
    ),
    Setting(
        name="n_train",
        tab="Data",
        control=ControlKind.INT,
        label="training docs",
        help="training documents",
        bounds=(10, 5000, 10),
    ),
    Setting(
        name="train_share",
        tab="Data",
        control=ControlKind.FLOAT,
        label="share of training docs",
        help="train on this share of the training documents; the held-out ones stay the same",
        bounds=(0.05, 1.0, 0.05),
    ),
    Setting(
        name="n_dev",
        tab="Data",
        control=ControlKind.INT,
        label="held-out docs",
        help="held-out documents",
        bounds=(10, 2000, 10),
    ),
    Setting(
        name="difficulty",
        tab="Data",
        control=ControlKind.BUTTONS,
        label="difficulty",
        help="how hard the synthetic corpus is",
        choices=tuple(DIFFICULTIES),
    ),
    Setting(
        name="labels",
        tab="Data",
        control=ControlKind.LABELS,
        label="labels",
        help="annotate only these labels, e.g. 'PERSON,ORG' (default: all)",
    ),
    Setting(
        name="annotation",
        tab="Data",
        control=ControlKind.BUTTONS,
        label="a Prodigy file is",
        help="complete annotation (ner.manual), answers to suggestions (ner.teach: unmarked tokens unknown), or auto "
        "(answers if the file has rejects, else complete)",
        choices=ANNOTATIONS,
    ),
    Setting(
        name="eval_split",
        tab="Data",
        control=ControlKind.FLOAT,
        label="held-out share of texts",
        help="answers without a held-out file: hold out this share of the texts, all answers on a text on one side "
        "(Prodigy's --eval-split)",
        bounds=(0.05, 0.5, 0.05),
    ),
    # Supervision
    Setting(
        name="supervision",
        tab="Supervision",
        control=ControlKind.BUTTONS,
        label="supervision",
        help="gold: every entity; partial: accepted spans only; binary: accept and reject answers",
        choices=SUPERVISIONS,
    ),
    Setting(
        name="accepts",
        tab="Supervision",
        control=ControlKind.DROPDOWN,
        label="accept tasks",
        help="one accept task per entity, or one per text",
        choices=ACCEPTS,
        relevant=("supervision", ("partial", "binary")),
    ),
    Setting(
        name="rejects",
        tab="Supervision",
        control=ControlKind.DROPDOWN,
        label="reject strategy",
        help="how the reject answers are made from the gold",
        choices=REJECTS,
        relevant=("supervision", ("binary",)),
    ),
    Setting(
        name="reject_grouping",
        tab="Supervision",
        control=ControlKind.DROPDOWN,
        label="reject tasks",
        help="one reject task per rejected span, or one per text (with random-label: every entity relabelled)",
        choices=REJECT_GROUPINGS,
        relevant=("supervision", ("binary",)),
    ),
    Setting(
        name="reject_labels",
        tab="Supervision",
        control=ControlKind.BUTTONS,
        label="random labels from",
        help="random-label rejects draw from the other labels (never the true one), or from all labels (the true one "
        "comes back about once in k, and stays in the reject task)",
        choices=REJECT_LABELS,
        relevant=("rejects", ("random-label",)),
    ),
    Setting(
        name="reject_ratio",
        tab="Supervision",
        control=ControlKind.FLOAT,
        label="rejects per accept",
        help="reject tasks per accept task",
        bounds=(0.0, 3.0, 0.1),
        relevant=("supervision", ("binary",)),
    ),
    Setting(
        name="no_missing",
        tab="Supervision",
        control=ControlKind.CHECK,
        label="unannotated tokens are O (no_missing)",
        help="unannotated tokens are O (Prodigy's old --no-missing), not missing",
        off_flag="--missing",
    ),
    Setting(
        name="tasks",
        tab="Supervision",
        control=ControlKind.BUTTONS,
        label="tasks on one text",
        help="answers on one text: merged into one example (as Prodigy does) or kept separate",
        choices=TASK_MODES,
        relevant=("supervision", ("partial", "binary")),
    ),
    Setting(
        name="conflicts",
        tab="Supervision",
        control=ControlKind.BUTTONS,
        label="span accepted and rejected",
        help="merged answers that accept and reject one span: drop both (Prodigy's support) or keep the accept",
        choices=CONFLICT_RULES,
        relevant=("tasks", ("merged",)),
    ),
    # Learning
    Setting(
        name="update",
        tab="Learning",
        control=ControlKind.UPDATE,
        label="update",
        help="'greedy' (spaCy's ner) or 'beam:W' (spaCy's beam_ner)",
    ),
    Setting(
        name="explore",
        tab="Learning",
        control=ControlKind.EXPLORE,
        label="exploration",
        help="whose action training follows: 'model' (spaCy), 'oracle' (teacher forcing) or P(follow the model)",
    ),
    Setting(
        name="explore_warmup",
        tab="Learning",
        control=ControlKind.INT,
        label="oracle warm-up (updates)",
        help="follow the oracle for the first N updates, then the exploration policy (Goldberg and Nivre's warm-up)",
        bounds=(0, 2000, 10),
    ),
    Setting(
        name="base",
        tab="Learning",
        control=ControlKind.COMBO,
        label="base model",
        help="'blank', 'news', 'news-sm' (like en_core_web_sm on your text), or an installed or saved spaCy pipeline",
        choices=("blank", "news", "news-sm"),
    ),
    Setting(
        name="rehearsal",
        tab="Learning",
        control=ControlKind.INT,
        label="rehearsal docs",
        help="news texts labelled by the base model, mixed in",
        bounds=(0, 2000, 50),
    ),
    Setting(
        name="epochs",
        tab="Learning",
        control=ControlKind.INT,
        label="epochs",
        help="passes over the training data",
        bounds=(1, 30, 1),
    ),
    Setting(
        name="learn_rate",
        tab="Learning",
        control=ControlKind.LOG,
        label="learning rate",
        help="the Adam optimizer's learning rate",
        bounds=(-5, -1, 0.1),
    ),
    Setting(
        name="dropout",
        tab="Learning",
        control=ControlKind.FLOAT,
        label="dropout",
        help="dropout rate during updates",
        bounds=(0.0, 0.8, 0.05),
    ),
    Setting(
        name="width",
        tab="Learning",
        control=ControlKind.INT,
        label="hidden width",
        help="width of the token vectors",
        bounds=(16, 256, 16),
    ),
    Setting(
        name="depth",
        tab="Learning",
        control=ControlKind.INT,
        label="CNN depth",
        help="layers of the token-vector CNN",
        bounds=(1, 6, 1),
    ),
    Setting(
        name="eval_every",
        tab="Learning",
        control=ControlKind.INT,
        label="evaluate every (docs)",
        help="evaluate every N training examples",
        bounds=(10, 5000, 10),
    ),
    Setting(
        name="probe",
        tab="Learning",
        control=ControlKind.INT,
        label="drift probe (sentences)",
        help="training sentences walked at each evaluation to measure how the loss's targets move (0: none)",
        bounds=(0, 200, 10),
    ),
    Setting(
        name="seed",
        tab="Learning",
        control=ControlKind.SEED,
        label="seed",
        help="random seed: the same seed gives the same run",
    ),
    # Batch schedule
    Setting(
        name="schedule",
        tab="Batch schedule",
        control=ControlKind.SCHEDULE,
        label="batch schedule",
        help="'fixed:N' or 'compounding:START:STOP:RATE', optionally ':words' and ':restart'",
        flag="--batch",
    ),
)


def setting(name: str) -> Setting:
    """The table row of one field."""
    for row in SETTINGS:
        if row.name == name:
            return row
    raise KeyError(f"{name!r} is not a run setting; the settings are {', '.join(s.name for s in SETTINGS)}.")
