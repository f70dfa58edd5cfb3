"""DataError: a problem in a data file, located precisely enough to go and fix it.

A learner who gets "invalid data" from a 1,235-line file cannot do anything with it. Every
problem nerlab finds in a file therefore says which file, which line and which field, and
what is wrong with the value, e.g.

    data.jsonl, line 12, field 'spans[0].end': span end 57 is beyond the text (length 40)
"""

from __future__ import annotations


class DataError(ValueError):
    """A problem in a data file: `.path`, `.line` (1-based), `.field` and `.problem`.

    `.line` is None for problems with the whole file (it is not a DocBin, say) and
    `.field` is None for problems with a whole line (it is not JSON, say).
    """

    def __init__(self, path: str | None, line: int | None, field: str | None, problem: str):
        self.path = path
        self.line = line
        self.field = field
        self.problem = problem
        super().__init__(self._message())

    def _message(self) -> str:
        where = [self.path if self.path is not None else "<data>"]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.field is not None:
            where.append(f"field {self.field!r}")
        return f"{', '.join(where)}: {self.problem}"

    def __reduce__(self):  # keep the attributes when the error crosses a process boundary
        return (type(self), (self.path, self.line, self.field, self.problem))
