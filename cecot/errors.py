"""Errors a user can act on. Each renders as one line: what, where, and what was wrong."""

from __future__ import annotations


class CecotError(Exception):
    """Base class: the command line prints the message alone, with no traceback."""

    def __reduce__(self):  # raised in a drawing process, it reaches the run as it was
        return (type(self), getattr(self, "_args", self.args))


class DataError(CecotError):
    """A curated CSV breaks its contract. Rows are counted as a person counts them in a
    spreadsheet: the header is row 1, the first record row 2."""

    def __init__(self, file: str, message: str, row: int | None = None, column: str | None = None):
        self.file, self.row, self.column, self.detail = file, row, column, message
        self._args = (file, message, row, column)
        where = [f"data error in {file}"]
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column '{column}'")
        super().__init__(", ".join(where) + f": {message}")


class ParameterError(CecotError):
    """A notebook parameter is unknown, of the wrong type or out of range."""

    def __init__(self, name: str, message: str, story: str | None = None):
        self.name = name
        self._args = (name, message, story)
        prefix = f"parameter '{name}'" + (f" of story '{story}'" if story else "")
        super().__init__(f"{prefix}: {message}")


class NotebookError(CecotError):
    """A notebook cannot be read as this collection needs it (its parameters cell, say)."""
