"""One file of an import on its way through: opened, read, checked, written.

Reading fills ``spool`` with each row's values as typed; checking fills ``checked`` with the
rows that passed, their references replaced by the keys they resolve to (a unit's credit code
for its name), which is all the writer reads.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from redchain.importing.headers import Layout
from redchain.importing.kinds import ImportKind
from redchain.importing.problems import Problem
from redchain.importing.readers import Table
from redchain.importing.report import FileReport
from redchain.importing.rows import RowParser
from redchain.importing.spool import Spool


@dataclass
class Job:
    index: int
    path: Path
    file: str  # the name as given, for messages
    table: Table
    layout: Layout
    report: FileReport
    parser: RowParser = field(init=False)
    positions: dict[str, int] = field(init=False)
    ref_positions: list[tuple[int, str]] = field(init=False)
    spool: Spool = field(default_factory=Spool)
    # Rows whose references resolved: (index, line, *values, references as graph keys).
    checked: Spool = field(default_factory=Spool)
    # Refused rows: line -> its problems (a row may have several).
    bad: dict[int, list[Problem]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.parser = RowParser(self.table, self.layout, self.file)
        fields = self.kind.fields
        self.positions = {f.name: i for i, f in enumerate(fields)}
        # (position, what it refers to) of each reference column
        self.ref_positions = [(i, f.ref) for i, f in enumerate(fields) if f.ref is not None]

    @property
    def kind(self) -> ImportKind:
        return self.layout.kind

    def where(self, line: int) -> str:
        return f"{self.file} {self.table.unit} {line}"

    def refuse(self, line: int, problem: Problem | None = None) -> None:
        problems = self.bad.setdefault(line, [])
        if problem is not None:
            problems.append(problem)

    def rows(self) -> Iterator[tuple[int, int, tuple[Any, ...]]]:
        """``(index, line, values)`` of every row read, refused ones included."""
        for index, row in enumerate(self.spool):
            yield index, row[0], row[1:]

    def good_rows(self) -> Iterator[tuple[int, int, tuple[Any, ...]]]:
        bad = self.bad
        for index, line, values in self.rows():
            if line not in bad:
                yield index, line, values

    def restart_checked(self) -> None:
        """Drop the resolved rows of an earlier check of this file."""
        self.checked.close()
        self.checked = Spool()

    def checked_rows(self) -> Iterator[tuple[int, int, tuple[Any, ...]]]:
        """``(index, line, values)`` of the rows to write: checked, references resolved, and
        not refused by a later check."""
        bad = self.bad
        for row in self.checked:
            if row[1] not in bad:
                yield row[0], row[1], row[2:]

    def close(self) -> None:
        self.spool.close()
        self.checked.close()

    def position(self, name: str) -> int:
        return self.positions[name]
