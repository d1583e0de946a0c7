"""Writing objects through the importer: objects become rows of an import kind, and the rows go
through the importer's checks and write path together (credit codes, references, all or nothing).

This module is the only link between the Python API and the importer: :func:`merge_objects`
turns objects into one CSV file per kind and set of columns in a temporary folder and imports
them in one call, so every object is checked before any is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from redchain.engines.base import Engine
from redchain.errors import RedchainError
from redchain.graph.objects import GraphObject, Node, Relationship, field_names
from redchain.importing.api import ImportOptions, ImportReport, import_files
from redchain.importing.kinds import KIND_BY_NAME, KINDS, ImportKind
from redchain.importing.problems import Problem

# The import kind of each node label and relationship type, and which of the kind's columns
# come from a differently named field of the object (the rest share their names).
KIND_OF: dict[str, tuple[str, dict[str, str]]] = {
    "Organization": ("partners", {}),
    "Chain": ("chains", {"chain": "name"}),
    "Base": ("bases", {}),
    "Activity": ("activities", {}),
    "PARTNERS_WITH": ("partnerships", {"from": "start", "to": "end"}),
    "MEMBER_OF": ("memberships", {"org": "start", "chain": "end"}),
    "TOOK_PART_IN": ("participation", {"org": "start", "activity": "end"}),
    "SUPPLIES_TALENT": ("talent", {"university": "start", "institution": "end"}),
    "Agreement": ("agreements", {}),
    "Honour": ("honours", {}),
    "Cohort": ("cohorts", {}),
    "TalentPool": ("talent_pool", {}),
    "PARTY_TO": ("agreement_parties", {"org": "start", "agreement": "end"}),
    "ENTERED_FOR": ("entries", {"activity": "start", "honour": "end"}),
    "PLACED_WITH": ("placements", {"cohort": "start", "institution": "end"}),
}
STATUSES = ("created", "updated", "unchanged")


class MergeRefused(RedchainError):
    """Some objects failed the importer's checks; nothing was written. ``problems`` lists them."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"nothing was written: {len(problems)} problem(s): " + "; ".join(problems))


@dataclass
class MergeResult:
    """What a merge did: objects created, updated and left unchanged, in total and per kind."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kinds: dict[str, dict[str, int]] = field(default_factory=dict)
    written: bool = False
    report: ImportReport | None = field(default=None, repr=False)

    @property
    def status(self) -> str:
        """For one object: ``created``, ``updated`` or ``unchanged``."""
        counts = {name: getattr(self, name) for name in STATUSES}
        if sum(counts.values()) != 1:
            return ", ".join(f"{v} {k}" for k, v in counts.items())
        return next(k for k, v in counts.items() if v)

    def to_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "kinds": self.kinds,
            "written": self.written,
        }


def model_name(obj: GraphObject) -> str:
    model = obj.__model__
    return model.label if isinstance(obj, Node) else model.type  # type: ignore[union-attr]


def kind_of(obj: Any) -> tuple[ImportKind, dict[str, str]]:
    if not isinstance(obj, GraphObject):
        raise RedchainError(
            f"merge() takes objects such as Unit or Partnership, not {type(obj).__name__}"
        )
    name = model_name(obj)
    if name not in KIND_OF:
        raise RedchainError(
            f"{type(obj).__name__} objects cannot be written; no import kind holds them"
        )
    kind, renamed = KIND_OF[name]
    return KIND_BY_NAME[kind], renamed


def cell(value: Any) -> str:
    """A value as the importer reads it: keys for objects, ISO dates, true/false."""
    if value is None:
        return ""
    if isinstance(value, Node):
        return cell(value.key)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def row_of(obj: GraphObject, kind: ImportKind, renamed: dict[str, str]) -> dict[str, str]:
    """The object's cells for the kind's columns it has a value for (required ones always)."""
    row = {}
    for f in kind.fields:
        attribute = renamed.get(f.name, f.name)
        if attribute not in field_names(type(obj)):
            continue
        value = getattr(obj, attribute)
        if value is not None or f.required:
            row[f.name] = cell(value)
    return row


def describe(obj: GraphObject) -> str:
    if isinstance(obj, Relationship):
        return f"{type(obj).__name__}({cell(obj.start)!r} -> {cell(obj.end)!r})"
    key = obj.key if isinstance(obj, Node) else None
    return f"{type(obj).__name__}({key!r})"


def merge_objects(engine: Engine, objects: Iterable[Any], *, dry_run: bool = False) -> MergeResult:
    """Create or update every object on the model's keys, all or none; see the module doc."""
    order = {kind.name: i for i, kind in enumerate(KINDS)}
    groups: dict[tuple[str, tuple[str, ...]], list[tuple[GraphObject, dict[str, str]]]] = {}
    for obj in objects:
        kind, renamed = kind_of(obj)
        row = row_of(obj, kind, renamed)
        groups.setdefault((kind.name, tuple(row)), []).append((obj, row))
    if not groups:
        return MergeResult()
    with tempfile.TemporaryDirectory(prefix="redchain-merge-") as folder:
        files: dict[str, tuple[list[GraphObject], dict[str, str]]] = {}
        ordered = sorted(groups.items(), key=lambda item: order[item[0][0]])
        for number, ((kind_name, columns), members) in enumerate(ordered, 1):
            path = Path(folder) / f"{number:02d}_{kind_name}.csv"
            with path.open("w", encoding="utf-8", newline="") as out:
                writer = csv.writer(out)
                writer.writerow(columns)
                writer.writerows([row[c] for c in columns] for _, row in members)
            files[str(path)] = ([obj for obj, _ in members], KIND_OF[model_name(members[0][0])][1])
        report = import_files(
            engine, list(files), ImportOptions(encoding="utf-8", dry_run=dry_run, origin="python")
        )
    if report.problems:
        raise MergeRefused([_explain(p, files) for p in report.problems])
    result = MergeResult(written=report.written, report=report)
    for kind_name, counts in report.by_kind().items():
        result.kinds[kind_name] = {name: int(counts[name]) for name in STATUSES}
        for name in STATUSES:
            setattr(result, name, getattr(result, name) + int(counts[name]))
    return result


def _explain(problem: Problem, files: dict[str, tuple[list[GraphObject], dict[str, str]]]) -> str:
    """A problem told about the object it concerns rather than the temporary file's line."""
    members, renamed = files.get(problem.file, ([], {}))
    subject = "the objects"
    if problem.line is not None and 2 <= problem.line < len(members) + 2:
        subject = describe(members[problem.line - 2])
    value = f" {problem.value!r}" if problem.value not in (None, "") else ""
    column = f", field {renamed.get(problem.column, problem.column)}" if problem.column else ""
    return f"{subject}{column}:{value} {problem.message}. Fix: {problem.fix}"
