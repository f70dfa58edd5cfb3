"""Synthetic NER corpora from templates: seeded, reproducible, and as hard as you ask.

    corpus = synthetic_corpus(1000, 200, seed=0, difficulty="default")
    corpus.train[0].text   # e.g. 'who are W Chen and Jane M Doe?'

Each document is a template sentence whose slots are filled with names: PERSON, ORG,
GPE, DATE (labels a pretrained news model knows) and PRODUCT, TECH (new ones). How hard
the task is depends on a few named knobs, gathered in `Difficulty`:

- unseen_names: share of development entities whose names never occur in training (they
  come from the held-out quarter of the word lists), so only context can identify them;
- ambiguity: share of documents built around a word that is an entity in one context and
  not in another ("Apple" the company, "apple" the fruit; "May" the month, "may" the verb;
  "Jordan" the person or the country);
- lowercase: chance that an entity is written in lower case, as in chat text;
- heldout_templates: share of development documents in sentence shapes training never uses;
- homogeneity: 1.0 uses a dozen templates and nothing else; 0.0 uses every template and
  scatters noise words ("um", "lol", ...) between tokens;
- names_per_label: how many different names of each label training draws from.

The same arguments give the same documents, byte for byte, in every session and on every
machine: randomness comes only from `random.Random` seeded with strings (Python turns
those into seeds with SHA-512, not with the per-session string hash), and nothing
iterates over a set. The training documents do not depend on `n_dev`
and the development documents do not depend on `n_train`, so a learning curve can grow
the training set against a fixed development set.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from ..transitions import Span
from . import wordlists as words
from .records import AnnotatedDoc

N_CORE_TEMPLATES = 12  # the templates a fully homogeneous corpus uses
NOISE_RATE = 0.12  # chance of a noise word between two tokens when homogeneity is 0
EXCLUDED_MODES = ("fill", "drop")


@dataclass(frozen=True)
class Difficulty:
    """The knobs that make a synthetic corpus easy or hard (see the module docstring)."""

    unseen_names: float = 0.3
    ambiguity: float = 0.1
    lowercase: float = 0.05
    heldout_templates: float = 0.25
    homogeneity: float = 0.5
    names_per_label: int = 60

    def __post_init__(self) -> None:
        for name in ("unseen_names", "ambiguity", "lowercase", "heldout_templates", "homogeneity"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"Difficulty.{name} is a share between 0 and 1; got {value!r}.")
        if self.names_per_label < 1:
            raise ValueError(f"Difficulty.names_per_label must be at least 1; got {self.names_per_label!r}.")

    @classmethod
    def preset(cls, name: str) -> Difficulty:
        """One of the named settings: "toy", "default" or "hard"."""
        if name not in DIFFICULTIES:
            raise ValueError(f"Unknown difficulty {name!r}; the presets are {', '.join(map(repr, DIFFICULTIES))}.")
        return DIFFICULTIES[name]

    def to_dict(self) -> dict:
        return asdict(self)


DIFFICULTIES = {
    # A dozen templates, a handful of names, development reuses training names and shapes:
    # a model reaches F1 1.0 quickly. Good for seeing the machinery work.
    "toy": Difficulty(
        unseen_names=0.0, ambiguity=0.0, lowercase=0.0, heldout_templates=0.0, homogeneity=1.0, names_per_label=8
    ),
    "default": Difficulty(),
    "hard": Difficulty(
        unseen_names=0.7, ambiguity=0.3, lowercase=0.15, heldout_templates=0.6, homogeneity=0.0, names_per_label=200
    ),
}


@dataclass
class Corpus:
    """Training and development documents, and the labels they use."""

    train: list[AnnotatedDoc]
    dev: list[AnnotatedDoc]
    labels: tuple[str, ...]
    difficulty: Difficulty | None = field(default=None, compare=False)


# -- templates -------------------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    """A sentence with slots: `parts` are literal tokens, "{LABEL}" slots, or "{X}"."""

    id: str
    parts: tuple[str, ...]
    x: tuple[str, str | None] | None = None  # (word, label) that fills {X}; label None: not an entity

    @property
    def slot_labels(self) -> set[str]:
        labels = {part[1:-1] for part in self.parts if part.startswith("{") and part != "{X}"}
        if self.x is not None and self.x[1] is not None:
            labels.add(self.x[1])
        return labels


def _templates(prefix: str, texts: Sequence[str]) -> list[Template]:
    return [Template(f"{prefix}{i:02d}", tuple(text.split(" "))) for i, text in enumerate(texts)]


def _ambiguous_templates() -> dict[str, list[list[Template]]]:
    """For each ambiguous word, one list of templates per sense."""
    found = {}
    for word, senses in words.AMBIGUOUS.items():
        found[word] = [
            [
                Template(f"A-{word}-{label or 'none'}-{i}", tuple(t.split(" ")), (word, label))
                for i, t in enumerate(texts)
            ]
            for label, texts in senses
        ]
    return found


TRAIN_TEMPLATES = _templates("T", words.TEMPLATES)
HELDOUT_TEMPLATES = _templates("D", words.DEV_TEMPLATES)
NEWS_TEMPLATES = _templates("N", words.NEWS_TEMPLATES)
AMBIGUOUS_TEMPLATES = _ambiguous_templates()


# -- names -----------------------------------------------------------------------------


def _split(pool: Sequence[str]) -> dict[str, list[str]]:
    """Every fourth entry is held out for development documents."""
    return {
        "train": [w for i, w in enumerate(pool) if i % 4 != 3],
        "heldout": [w for i, w in enumerate(pool) if i % 4 == 3],
    }


POOLS = {
    "first": _split(words.FIRST_NAMES),
    "surname": _split(words.SURNAMES),
    "day": _split(words.DAYS),
    "year": _split(words.YEARS),
    "ORG": _split(words.ORGS),
    "GPE": _split(words.GPES),
    "PRODUCT": _split(words.PRODUCTS),
    "TECH": _split(words.TECHS),
}

# Person names: first and last, initial and last ("W Chen"), middle initial ("Jane M Doe"),
# two first names, two initials, surname alone. Weights say how common each shape is.
PERSON_SHAPES = [
    ("first last", 5),
    ("initial last", 3),
    ("first initial last", 3),
    ("first first last", 1),
    ("initial initial last", 1),
    ("last", 1),
]
DATE_SHAPES = [("month day", 3), ("day month year", 3), ("month year", 2), ("year", 1)]


def make_name(label: str, side: str, rng: random.Random) -> tuple[str, ...]:
    """A fresh name of `label` from the "train" or "heldout" side of the word lists.

    A held-out name always contains a held-out word (surname, day, year or whole name),
    so it can never equal a name made from the training side.
    """
    if label == "PERSON":
        shape = rng.choices([s for s, _ in PERSON_SHAPES], weights=[w for _, w in PERSON_SHAPES])[0]
        parts = {"first": POOLS["first"][side], "last": POOLS["surname"][side], "initial": words.INITIALS}
        return tuple(rng.choice(parts[part]) for part in shape.split(" "))
    if label == "DATE":
        shape = rng.choices([s for s, _ in DATE_SHAPES], weights=[w for _, w in DATE_SHAPES])[0]
        parts = {"month": words.MONTHS, "day": POOLS["day"][side], "year": POOLS["year"][side]}
        return tuple(rng.choice(parts[part]) for part in shape.split(" "))
    return tuple(rng.choice(POOLS[label][side]).split(" "))


def name_inventory(labels: Sequence[str], size: int, rng: random.Random) -> dict[str, list[tuple[str, ...]]]:
    """Up to `size` distinct training-side names per label: the only names training uses."""
    inventory = {}
    for label in labels:
        if label in POOLS:  # a plain list of names: sample from it
            pool = POOLS[label]["train"]
            inventory[label] = [tuple(n.split(" ")) for n in rng.sample(pool, min(size, len(pool)))]
            continue
        names: dict[tuple[str, ...], None] = {}  # a dict keeps first-seen order, a set would not
        for _ in range(size * 20):
            if len(names) >= size:
                break
            names.setdefault(make_name(label, "train", rng))
        inventory[label] = list(names)
    return inventory


# -- the generator ---------------------------------------------------------------------


@dataclass
class _Writer:
    """Fills templates for one split (train or dev) of one corpus."""

    rng: random.Random
    split: str  # "train" or "dev"
    labels: tuple[str, ...]
    difficulty: Difficulty
    inventory: dict[str, list[tuple[str, ...]]] | None  # None: any training-side name
    templates: list[Template]
    heldout: list[Template] = field(default_factory=list)
    ambiguous: dict[str, list[list[Template]]] = field(default_factory=dict)
    min_tokens: int = 1
    max_tokens: int = 1000

    def __post_init__(self) -> None:
        self.ambiguous_words = sorted(self.ambiguous)

    def document(self) -> AnnotatedDoc:
        for _ in range(100):
            template = self.pick_template()
            tokens, spans = self.fill(template)
            tokens, spans = self.add_noise(tokens, spans)
            if len(tokens) <= self.max_tokens:
                break
        else:
            raise ValueError(f"No template fits in max_tokens={self.max_tokens}; raise max_tokens.")
        tokens = self.pad(tokens)
        return AnnotatedDoc(tuple(tokens), spaces_for(tokens), tuple(spans), meta={"template": template.id})

    def pick_template(self) -> Template:
        rng, d = self.rng, self.difficulty
        if self.ambiguous and rng.random() < d.ambiguity:
            word = rng.choice(self.ambiguous_words)
            return rng.choice(rng.choice(self.ambiguous[word]))
        if self.split == "dev" and self.heldout and rng.random() < d.heldout_templates:
            return rng.choice(self.heldout)
        return rng.choice(self.templates)

    def fill(self, template: Template) -> tuple[list[str], list[Span]]:
        tokens: list[str] = []
        spans: list[Span] = []
        for part in template.parts:
            if part == "{X}":
                word, label = template.x
                self.put(tokens, spans, (word,), label)
            elif part.startswith("{"):
                label = part[1:-1]
                if label in self.labels:
                    self.put(tokens, spans, self.name(label), label)
                else:  # excluded label, "fill" mode: a plain noun phrase takes its place
                    tokens.extend(self.rng.choice(words.FILLERS[label]).split(" "))
            else:
                tokens.append(part)
        return tokens, spans

    def put(self, tokens: list[str], spans: list[Span], name: tuple[str, ...], label: str | None) -> None:
        if label is not None and self.rng.random() < self.difficulty.lowercase:
            name = tuple(token.lower() for token in name)
        if label is not None:
            spans.append((len(tokens), len(tokens) + len(name), label))
        tokens.extend(name)

    def name(self, label: str) -> tuple[str, ...]:
        if self.split == "dev" and self.rng.random() < self.difficulty.unseen_names:
            return make_name(label, "heldout", self.rng)
        if self.inventory is None:  # no fixed inventory: any training-side name
            return make_name(label, "train", self.rng)
        return self.rng.choice(self.inventory[label])

    def add_noise(self, tokens: list[str], spans: list[Span]) -> tuple[list[str], list[Span]]:
        """Scatter noise words between tokens, never inside an entity nor before punctuation."""
        rate = NOISE_RATE * (1.0 - self.difficulty.homogeneity)
        if rate == 0.0:
            return tokens, spans
        inside = {i for start, end, _ in spans for i in range(start + 1, end)}
        noisy, new_index = [], []
        for i, token in enumerate(tokens):
            if 0 < i and i not in inside and token not in words.NO_SPACE_BEFORE and self.rng.random() < rate:
                noisy.append(self.rng.choice(words.NOISE_WORDS))
            new_index.append(len(noisy))
            noisy.append(token)
        return noisy, [(new_index[start], new_index[end - 1] + 1, label) for start, end, label in spans]

    def pad(self, tokens: list[str]) -> list[str]:
        """Lengthen a short document with ", as far as I know"-style clauses, put before its
        final punctuation mark; no entity ends there, so no span moves."""
        while len(tokens) < self.min_tokens:
            room = self.max_tokens - len(tokens)
            clauses = [[","] + c for c in words.PADDING if len(c) + 1 <= room] or [["indeed"]]
            clause = self.rng.choice(clauses)
            at = len(tokens) - 1 if tokens[-1] in (".", "?", "!") else len(tokens)
            tokens[at:at] = clause
        return tokens


def spaces_for(tokens: Sequence[str]) -> tuple[bool, ...]:
    """A space after every token, except before punctuation and after the last token.

    A single letter keeps its space even before punctuation: spaCy's tokenizer reads
    "Model S." as the abbreviation "S." rather than "S" and ".". With this rule, spaCy's
    English tokenizer splits every synthetic text back into exactly its tokens.
    """
    spaces = []
    for token, following in zip(tokens, list(tokens[1:]) + [None]):
        glued = following in words.NO_SPACE_BEFORE and not (len(token) == 1 and token.isalpha())
        spaces.append(following is not None and not glued)
    return tuple(spaces)


def _check_labels(labels: Sequence[str] | None, known: Sequence[str]) -> tuple[str, ...]:
    if labels is None:
        return tuple(known)
    labels = tuple(labels)
    unknown = [label for label in labels if label not in known]
    if unknown or not labels:
        raise ValueError(f"Labels must be some of {', '.join(known)}; got {list(labels)!r}.")
    return labels


def _usable(templates: list[Template], labels: tuple[str, ...], excluded: str) -> list[Template]:
    if excluded == "fill":
        return [t for t in templates if t.x is None or t.x[1] is None or t.x[1] in labels]
    return [t for t in templates if t.slot_labels <= set(labels)]


def synthetic_corpus(
    n_train: int,
    n_dev: int = 0,
    *,
    seed: int = 0,
    labels: Sequence[str] | None = None,
    difficulty: str | Difficulty = "default",
    homogeneity: float | None = None,
    min_tokens: int = 4,
    max_tokens: int = 40,
    excluded: str = "fill",
) -> Corpus:
    """Build a seeded synthetic corpus of `n_train` training and `n_dev` development documents.

    `labels`: the entity types to annotate (default all six). A template slot whose label is
    left out is filled with plain words ("the company") when excluded="fill", or the
    templates with such slots are not used at all when excluded="drop".
    `difficulty`: a preset name ("toy", "default", "hard") or a `Difficulty`.
    `homogeneity`: overrides the difficulty's homogeneity when given.
    `min_tokens`, `max_tokens`: the length range of every document (short ones are padded
    with entity-free clauses, long ones redrawn).
    """
    if isinstance(difficulty, str):
        difficulty = Difficulty.preset(difficulty)
    if homogeneity is not None:
        difficulty = Difficulty(**{**difficulty.to_dict(), "homogeneity": homogeneity})
    if excluded not in EXCLUDED_MODES:
        raise ValueError(f"excluded={excluded!r} is not one of {', '.join(map(repr, EXCLUDED_MODES))}.")
    if n_train < 0 or n_dev < 0:
        raise ValueError(f"Document counts cannot be negative; got n_train={n_train}, n_dev={n_dev}.")
    if not 1 <= min_tokens <= max_tokens:
        raise ValueError(f"Need 1 <= min_tokens <= max_tokens; got {min_tokens} and {max_tokens}.")
    labels = _check_labels(labels, words.LABELS)

    pool = _usable(TRAIN_TEMPLATES, labels, excluded)
    if not pool:
        raise ValueError(f"No template uses only the labels {list(labels)}; use excluded='fill'.")
    n_templates = N_CORE_TEMPLATES + round((len(TRAIN_TEMPLATES) - N_CORE_TEMPLATES) * (1 - difficulty.homogeneity))
    templates = pool[:n_templates]
    heldout = _usable(HELDOUT_TEMPLATES, labels, excluded)
    ambiguous = {}
    for word, senses in AMBIGUOUS_TEMPLATES.items():
        usable = [kept for kept in (_usable(sense, labels, excluded) for sense in senses) if kept]
        if usable:
            ambiguous[word] = usable

    inventory = name_inventory(labels, difficulty.names_per_label, random.Random(f"nerlab-synthetic:{seed}:names"))
    common = dict(
        labels=labels,
        difficulty=difficulty,
        inventory=inventory,
        templates=templates,
        heldout=heldout,
        ambiguous=ambiguous,
        min_tokens=min_tokens,
        max_tokens=max_tokens,
    )
    train = _Writer(random.Random(f"nerlab-synthetic:{seed}:train"), "train", **common)
    dev = _Writer(random.Random(f"nerlab-synthetic:{seed}:dev"), "dev", **common)
    return Corpus(
        train=[train.document() for _ in range(n_train)],
        dev=[dev.document() for _ in range(n_dev)],
        labels=labels,
        difficulty=difficulty,
    )


def news_corpus(n_docs: int, *, seed: int = 0) -> list[AnnotatedDoc]:
    """News-style documents with PERSON, ORG, GPE and DATE only, for a "pretrained" base model.

    Names come from the training side of the word lists, so the held-out names of
    `synthetic_corpus` stay unseen even by a model pretrained on this corpus.
    """
    rng = random.Random(f"nerlab-news:{seed}")
    plain = Difficulty(unseen_names=0.0, ambiguity=0.0, lowercase=0.0, heldout_templates=0.0, homogeneity=1.0)
    writer = _Writer(rng, "train", words.NEWS_LABELS, plain, inventory=None, templates=NEWS_TEMPLATES)
    return [writer.document() for _ in range(n_docs)]


# -- a stand-in for en_core_web_sm on the course's text ----------------------------------

SM_LABELS = ("PERSON", "ORG", "GPE", "LOC", "DATE", "CARDINAL", "NORP")  # a pretrained model's own scheme
SM_EXTRA_TEMPLATES = (
    "{CARDINAL} people were injured in {GPE} on {DATE} .",
    "{NORP} officials met {PERSON} in {LOC} .",
    "{ORG} sold {CARDINAL} units in {GPE} last year .",
    "the {NORP} delegation arrived in {GPE} on {DATE} .",
    "{PERSON} said {CARDINAL} jobs would be lost at {ORG} .",
    "floods hit {LOC} on {DATE} , leaving {CARDINAL} homes without power .",
    "{NORP} voters backed {PERSON} in {GPE} .",
    "{ORG} cut {CARDINAL} jobs in {LOC} .",
)
SM_TEMPLATES = NEWS_TEMPLATES + _templates("S", SM_EXTRA_TEMPLATES)
SM_NORP = ["French", "German", "Chinese", "American", "British", "Japanese", "Brazilian", "Kenyan", "Canadian"]
SM_DATE_SHAPES = [("month day", 3), ("month year", 2), ("month", 1)]  # no "14 March 2019": read as CARDINAL + DATE


def _sm_name(label: str, rng: random.Random) -> tuple[str, ...]:
    """A name as en_core_web_sm's scheme would label it (a few deliberate differences from the course's):
    gadget and software names are ORG, half the course's places are LOC, day numbers and counts are CARDINAL."""
    places = POOLS["GPE"]["train"]
    if label == "ORG":  # sm reads product and software names as organisations
        pool = POOLS["ORG"]["train"] + POOLS["PRODUCT"]["train"] + POOLS["TECH"]["train"]
        return tuple(rng.choice(pool).split(" "))
    if label in ("GPE", "LOC"):
        side = places[0::2] if label == "GPE" else places[1::2]
        return tuple(rng.choice(side).split(" "))
    if label == "DATE":
        shape = rng.choices([s for s, _ in SM_DATE_SHAPES], weights=[w for _, w in SM_DATE_SHAPES])[0]
        parts = {"month": words.MONTHS, "day": POOLS["day"]["train"], "year": POOLS["year"]["train"]}
        return tuple(rng.choice(parts[part]) for part in shape.split(" "))
    if label == "CARDINAL":
        return (rng.choice(POOLS["day"]["train"] + [str(n) for n in range(30, 1000, 37)]),)
    if label == "NORP":
        return (rng.choice(SM_NORP),)
    return make_name(label, "train", rng)


@dataclass
class _SmWriter(_Writer):
    def name(self, label: str) -> tuple[str, ...]:
        return _sm_name(label, self.rng)


def news_sm_corpus(n_docs: int, *, seed: int = 0) -> list[AnnotatedDoc]:
    """News-style documents in a pretrained model's own label scheme (`SM_LABELS`), for "news-sm".

    Like en_core_web_sm met on custom-labelled text, a model trained on them knows some of
    the course's labels (PERSON, ORG, GPE, DATE), predicts labels the course never annotates
    (LOC, CARDINAL, NORP), and disagrees with the course where the schemes differ: product
    and software names are ORG, half the course's places are LOC, a day number is CARDINAL.
    """
    rng = random.Random(f"nerlab-news-sm:{seed}")
    plain = Difficulty(unseen_names=0.0, ambiguity=0.0, lowercase=0.05, heldout_templates=0.0, homogeneity=1.0)
    writer = _SmWriter(rng, "train", SM_LABELS, plain, inventory=None, templates=SM_TEMPLATES)
    return [writer.document() for _ in range(n_docs)]
