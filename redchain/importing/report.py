"""What an import did, file by file and kind by kind, and the progress it reports on the way."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from redchain.importing.problems import Problem

COUNTS = ("created", "updated", "unchanged", "rejected")


@dataclass(frozen=True, slots=True)
class Accepted:
    """A name resolved by taking the one good suggestion (``--accept-suggestions``)."""

    file: str
    line: int
    column: str
    value: str
    uscc: str
    name: str
    score: float
    unit: str = "line"

    def text(self) -> str:
        return (
            f"{self.file}, {self.unit} {self.line}, column {self.column}: {self.value!r} taken as "
            f"{self.name} ({self.uscc}), {self.score:.0f}% alike"
        )


@dataclass
class FileReport:
    """One file: how it was read and what became of its rows.

    In a dry run, created/updated/unchanged say what a real run would do.
    """

    file: str
    kind: str
    format: str
    encoding: str | None = None
    sheet: str | None = None
    sha256: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    run_id: str | None = None
    rejects_file: str | None = None

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in COUNTS}


@dataclass
class ImportReport:
    files: list[FileReport] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Unit names resolved by taking a suggestion (``accept_suggestions``), recorded as aliases.
    accepted: list[Accepted] = field(default_factory=list)
    #: Whether anything reached the graph (False for a dry run and for a refused import).
    written: bool = False
    dry_run: bool = False
    skip_invalid: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """No row was refused."""
        return not self.problems

    @property
    def run_ids(self) -> list[str]:
        return [f.run_id for f in self.files if f.run_id]

    @property
    def changed(self) -> int:
        return sum(f.created + f.updated for f in self.files)

    def by_kind(self) -> dict[str, dict[str, int]]:
        """Counts summed per kind, in the order the kinds were written."""
        kinds: dict[str, dict[str, int]] = {}
        for f in self.files:
            total = kinds.setdefault(f.kind, dict.fromkeys(("rows", *COUNTS), 0))
            total["rows"] += f.rows
            for name, value in f.counts().items():
                total[name] += value
        return kinds

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "written": self.written,
            "dry_run": self.dry_run,
            "skip_invalid": self.skip_invalid,
            "seconds": round(self.seconds, 3),
            "files": [asdict(f) for f in self.files],
            "kinds": self.by_kind(),
            "problems": [p.to_dict() for p in self.problems],
            "accepted_suggestions": [asdict(a) for a in self.accepted],
            "run_ids": self.run_ids,
        }


@dataclass(frozen=True)
class ProgressEvent:
    """How far an import has got.

    ``phase`` is ``"read"`` (checking one file: ``done`` of ``total`` in that file's own units,
    bytes for CSV, rows for a sheet, ``total`` None when unknown) or ``"write"`` (rows written
    across all files and steps so far, of ``total``).
    """

    phase: str
    file: str
    done: int
    total: int | None
