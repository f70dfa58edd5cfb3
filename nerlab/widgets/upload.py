"""Bring your own file: an upload control for the lab, for a learner whose data is on their own machine.

On Binder the kernel cannot read the learner's disk, so a path is no use: the file has to
travel through the browser. The upload control saves it in an `uploads/` folder beside
the notebook, checks it as `nerlab train --data FILE` would (every record, one line naming
the file, line and field when one is bad), and only then hands its path on. A bad file
changes nothing but the message.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import ipywidgets as w

from ..data import DataError, read_docbin, read_prodigy

SUFFIXES = (".jsonl", ".json", ".spacy")


class DataUpload:
    """A FileUpload button; `on_file(path)` is called with a checked file's saved path."""

    def __init__(self, on_file: Callable[[str], None], say: Callable[..., None], folder="uploads", scale: float = 1.0):
        self.on_file = on_file
        self.say = say  # say(text, error=False): the lab's status line
        self.folder = Path(folder)
        self.widget = w.FileUpload(
            accept=",".join(SUFFIXES),
            multiple=False,
            description="Upload data",
            tooltip="a Prodigy .jsonl export (or a spaCy .spacy file) from your computer, used as the training data",
            layout=w.Layout(width=f"{170 * scale:.0f}px"),
        )
        self.widget.observe(self._on_upload, names="value")

    def _on_upload(self, change) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        try:
            path = self.save(upload["name"], bytes(upload["content"]))
        except (DataError, ValueError) as error:
            self.say(f"Upload refused: {error}", error=True)
            return
        self.on_file(str(path))

    def save(self, name: str, content: bytes) -> Path:
        """Write an uploaded file under the uploads folder and check it; a `DataError` if it is bad.

        The file keeps its name (without any folder part), so the data table and the legend
        name it as the learner knows it. A bad file is removed again.
        """
        safe = Path(name).name
        if Path(safe).suffix not in SUFFIXES:
            raise ValueError(f"{safe}: nerlab reads Prodigy .jsonl exports and spaCy .spacy files, not this kind.")
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / safe
        path.write_bytes(content)
        try:
            check_file(path)
        except DataError:
            path.unlink()
            raise
        return path


def check_file(path: Path) -> None:
    """Read a data file as a run would, raising a `DataError` on the first bad record."""
    if path.suffix == ".spacy":
        read_docbin(path)
    else:
        read_prodigy(path)
