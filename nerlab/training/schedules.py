"""Batch-size schedules: how many examples (or words) go into each update.

spaCy's default grows the batch as training goes on ("compounding"): small batches at
the start make many updates quickly, which matters when the objective itself moves as the
model learns (the dynamic oracle trains on the model's own predicted states). Larger
batches later give smoother gradients.

A `BatchSchedule` is a plain record. It can list its sizes (for a chart), give spaCy's
config for it (for `spacy train`), and build the real spaCy batcher the lab trains with.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

KINDS = ("fixed", "compounding")
UNITS = ("docs", "words")


@dataclass(frozen=True)
class BatchSchedule:
    """Batch sizes per update: fixed, or compounding from `start` to `stop` by `rate`.

    Compounding follows thinc's `compounding`: size k is min(start * rate**k, stop).
    `unit` says what a size counts (documents or words). spaCy does not restart the
    schedule at each epoch; `restart_each_epoch=True` does, to compare the two.
    """

    kind: str = "compounding"
    start: float = 4.0
    stop: float = 16.0
    rate: float = 1.001
    unit: str = "docs"
    restart_each_epoch: bool = False

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"Schedule kind must be one of {KINDS}, got {self.kind!r}.")
        if self.unit not in UNITS:
            raise ValueError(f"Schedule unit must be one of {UNITS}, got {self.unit!r}.")
        if not self.start >= 1:
            raise ValueError(f"A batch needs at least 1 {self.unit}; start is {self.start}.")
        if self.kind == "compounding" and not (self.stop >= 1 and self.rate > 0):
            raise ValueError(f"Compounding needs stop >= 1 and rate > 0; got stop={self.stop}, rate={self.rate}.")

    @classmethod
    def fixed(cls, size: int, unit: str = "docs") -> BatchSchedule:
        return cls(kind="fixed", start=float(size), stop=float(size), rate=1.0, unit=unit)

    @classmethod
    def compounding(
        cls, start: float, stop: float, rate: float, unit: str = "docs", restart_each_epoch: bool = False
    ) -> BatchSchedule:
        return cls("compounding", float(start), float(stop), float(rate), unit, restart_each_epoch)

    @classmethod
    def parse(cls, text: str) -> BatchSchedule:
        """Read 'fixed:N' or 'compounding:START:STOP:RATE'.

        Add ':words' to count words instead of documents, and ':restart' to restart a
        compounding schedule at each epoch (e.g. 'compounding:4:16:1.01:restart').
        """
        parts = text.split(":")
        restart = parts[-1] == "restart"
        if restart:
            parts.pop()
        unit = "docs"
        if parts and parts[-1] in UNITS:
            unit = parts.pop()
        try:
            if parts[0] == "fixed" and len(parts) == 2 and not restart:
                return cls.fixed(int(parts[1]), unit)
            if parts[0] == "compounding" and len(parts) == 4:
                return cls.compounding(float(parts[1]), float(parts[2]), float(parts[3]), unit, restart)
        except ValueError as error:
            if "could not convert" not in str(error) and "invalid literal" not in str(error):
                raise
        raise ValueError(
            f"{text!r} is not a batch schedule; use 'fixed:N' or 'compounding:START:STOP:RATE', "
            f"optionally followed by ':words' and, for compounding, ':restart' "
            f"(e.g. 'fixed:32', 'compounding:4:16:1.001')."
        )

    def __str__(self) -> str:
        unit = "" if self.unit == "docs" else ":words"
        if self.kind == "fixed":
            return f"fixed:{self.start:g}{unit}"
        restart = ":restart" if self.restart_each_epoch else ""
        return f"compounding:{self.start:g}:{self.stop:g}:{self.rate:g}{unit}{restart}"

    def to_dict(self) -> dict:
        return asdict(self)

    # -- sizes -------------------------------------------------------------------------

    def size_at(self, update: int) -> float:
        """The (unrounded) size of batch number `update`, counting from 0."""
        if self.kind == "fixed":
            return self.start
        return min(self.start * self.rate**update, self.stop)

    def sizes(self, n_updates: int) -> list[int]:
        """The first `n_updates` batch sizes, as spaCy rounds them (towards zero)."""
        return [int(self.size_at(k)) for k in range(n_updates)]

    def sizes_for(self, n_examples: int, epochs: int = 1) -> list[int]:
        """Batch sizes of a run over `n_examples` documents for `epochs` epochs (docs only).

        Each epoch's last batch takes what is left. This is what a chart of the schedule
        should show: how many updates a run makes, and how big they are.

        spaCy's document batcher (`util.minibatch`) draws the next size before it finds the
        epoch's documents used up, so a schedule that goes on across epochs skips one size at
        each epoch's end; the sizes here skip it too, as the real batcher does.
        """
        if self.unit != "docs":
            raise ValueError("sizes_for counts documents; a schedule in words depends on the texts.")
        sizes, k = [], 0
        for _ in range(epochs):
            if self.restart_each_epoch:
                k = 0
            left = n_examples
            while left > 0:
                size = max(1, min(int(self.size_at(k)), left))
                sizes.append(size)
                left -= size
                k += 1
            k += 1  # the size drawn for a batch the finished epoch no longer has documents for
        return sizes

    # -- spaCy ---------------------------------------------------------------------------

    def make_batcher(self):
        """spaCy's own batcher for this schedule: a function from examples to batches.

        A compounding batcher keeps its position between calls, so calling it once per
        epoch continues the schedule, as `spacy train` does. To restart each epoch, make a
        new batcher each epoch.
        """
        from spacy.util import registry

        return registry.resolve({"batcher": self.batcher_config()})["batcher"]

    def batcher_config(self) -> dict:
        """The config of spaCy's batcher for ONE pass of this schedule (no restarts).

        It is the `[training.batcher]` section an exported config gives `spacy train` (the
        export refuses a schedule that restarts each epoch: spaCy's batchers never restart),
        and what the lab's own loop builds its batcher from (a new one each epoch to restart).
        """
        size: object
        if self.kind == "fixed":
            size = int(self.start)
        else:
            size = {
                "@schedules": "compounding.v1",
                "start": self.start,
                "stop": self.stop,
                "compound": self.rate,
                "t": 0.0,
            }
        if self.unit == "docs":
            return {"@batchers": "spacy.batch_by_sequence.v1", "size": size, "get_length": None}
        return {
            "@batchers": "spacy.batch_by_words.v1",
            "size": size,
            "tolerance": 0.2,
            "discard_oversize": False,
            "get_length": None,
        }
