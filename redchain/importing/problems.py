"""What can be wrong with an import, said so that a clerk can find the cell and fix it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from redchain.errors import RedchainError
from redchain.values import Invalid

__all__ = ["ImportRefused", "Invalid", "Problem"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell, row, header or file.

    ``line`` is the number an editor shows (the header is line 1); in a sheet it is the row
    number, in a JSON array the item number (``unit`` says which). ``column`` is the header as
    written in the file, ``value`` the cell as read.
    """

    file: str
    line: int | None
    column: str | None
    value: str | None
    message: str
    fix: str
    unit: str = "line"

    @property
    def location(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", {self.unit} {self.line}"
        if self.column:
            where += f", column {self.column}"
        return where

    def text(self) -> str:
        """The whole problem on one line: where, the value, what is wrong and the fix."""
        value = f" {self.value!r}" if self.value not in (None, "") else ""
        return f"{self.location}:{value} {self.message}. Fix: {self.fix}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class ImportRefused(RedchainError):
    """The import cannot start: a file cannot be read or its headers do not fit a kind.

    Nothing was written. ``problems`` holds every such problem found across the files given.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.text() for p in problems))
