"""Importing files into the graph, from Python: ``import_files(engine, paths, options)``.

A straight pipeline, each stage handing the next what it needs: **open** every file and match
its headers to a kind (a mismatch stops everything before a row is read); **parse** every row,
normalising and checking each cell (:mod:`~redchain.importing.rows`) and then the cells of a row
together (:mod:`~redchain.importing.rules`); **check** across rows and
files (repeated keys, conflicting rows) and **resolve** the references, found in the files or
the graph (:mod:`~redchain.importing.checks`), which writes each accepted row forward with its
references as graph keys; then, unless a row was refused and ``skip_invalid`` is off,
**write** the kinds in the order of :data:`~redchain.importing.kinds.KINDS`
(:mod:`~redchain.importing.writer`, which owns the ImportRun and its counts). A dry run stops
short of writing and asks the graph what would change instead.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from redchain import schema
from redchain.engines.base import Engine
from redchain.errors import RedchainError
from redchain.importing import aliases
from redchain.importing.checks import Catalog, problems_of
from redchain.importing.headers import HeaderIssue, HeaderMismatch, guess_kind, match
from redchain.importing.job import Job
from redchain.importing.kinds import KIND_BY_NAME, KINDS
from redchain.importing.limits import DEFAULT_LIMITS, Limits
from redchain.importing.problems import ImportRefused, Invalid, Problem
from redchain.importing.readers import Table, open_table
from redchain.importing.rejects import rejects_path, write_rejects
from redchain.importing.report import Accepted, FileReport, ImportReport, ProgressEvent
from redchain.importing.rules import row_problems
from redchain.importing.templates import write_template
from redchain.importing.writer import Writer

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "ImportOptions",
    "ImportRefused",
    "ImportReport",
    "ProgressEvent",
    "import_files",
    "write_template",
]

#: Rows per write transaction: the smallest size within a fifth of the best rate on both
#: engines in bench/bench_import.py (docs/performance.md, "Import").
DEFAULT_BATCH_SIZE = 10_000
READ_PROGRESS_EVERY = 2000

Progress = Callable[[ProgressEvent], None]


@dataclass
class ImportOptions:
    #: The kind of every file (``partners``, ...); guessed from each file's headers when None.
    kind: str | None = None
    #: A CSV file's text encoding; detected when None.
    encoding: str | None = None
    #: The sheet of a workbook (name or 1-based number); the active visible one when None.
    sheet: str | None = None
    #: How much one file may hold (columns, rows, cells, characters, bytes).
    limits: Limits = DEFAULT_LIMITS
    #: Header renames, old -> field (English name or Chinese header); old -> "" ignores a column.
    mapping: dict[str, str] = field(default_factory=dict)
    #: Write the valid rows even when some are refused.
    skip_invalid: bool = False
    #: Where refused rows go, with a reason column; with several files, see ``rejects_path``.
    rejects: Path | None = None
    #: Check and count what would change, write nothing.
    dry_run: bool = False
    batch_size: int = DEFAULT_BATCH_SIZE
    #: Take the one good suggestion for a unit name no unit has exactly, and record it as an
    #: alias (see docs/import.md, "Name resolution and aliases").
    accept_suggestions: bool = False
    #: Who started the import, recorded on its ImportRun: "python", "cli", "demo", ...
    origin: str = "python"


def import_files(
    engine: Engine,
    paths: Sequence[str | Path],
    options: ImportOptions | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Check the files together and write them unless a row is refused; see the module doc.

    Raises :class:`ImportRefused` when a file cannot be opened or its headers do not fit a kind
    (nothing is read or written then); refused rows are reported in the returned report.
    """
    options = options or ImportOptions()
    if options.batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    if options.rejects is not None and any(
        Path(p).resolve() == Path(options.rejects).resolve() for p in paths
    ):
        raise ImportRefused(
            [
                Problem(
                    str(options.rejects),
                    None,
                    None,
                    None,
                    "is one of the files to import, and --rejects would overwrite it",
                    "write the rejects to another file",
                )
            ]
        )
    started = time.perf_counter()
    jobs = open_jobs([Path(p) for p in paths], [str(p) for p in paths], options)
    report = ImportReport(
        files=[job.report for job in jobs],
        dry_run=options.dry_run,
        skip_invalid=options.skip_invalid,
    )
    try:
        catalog = Catalog(jobs, accept_suggestions=options.accept_suggestions)
        for job in jobs:
            read(job, catalog, progress)
        check(jobs, catalog, engine)
        report.problems = problems_of(jobs)
        report.accepted = catalog.accepted()
        for job in jobs:
            job.report.rejected = len(job.bad)
        if options.rejects is not None:
            save_rejects(jobs, options)
        if report.problems and not options.skip_invalid:
            return report
        if not options.dry_run:
            schema.ensure(engine)
        writer = Writer(
            engine,
            options.batch_size,
            dry_run=options.dry_run,
            progress=progress,
            total=sum((job.report.rows - len(job.bad)) * Writer.steps_of_job(job) for job in jobs),
            origin=options.origin,
        )
        with engine.many_writes():
            for job in jobs:
                writer.write_job(job)
        if not options.dry_run:
            record_accepted(engine, report.accepted, jobs)
            # A first import into an empty graph records the schema version it wrote.
            schema.stamp_if_unversioned(engine)
        report.written = not options.dry_run
        return report
    finally:
        for job in jobs:
            job.close()
        report.seconds = time.perf_counter() - started


def open_jobs(paths: list[Path], shown: list[str], options: ImportOptions) -> list[Job]:
    """Open every file and match its headers; raise ImportRefused listing every failure."""
    if options.kind is not None and options.kind not in KIND_BY_NAME:
        raise ImportRefused(
            [
                Problem(
                    "--kind",
                    None,
                    None,
                    options.kind,
                    "is not an import kind",
                    "choose one of: " + ", ".join(KIND_BY_NAME),
                )
            ]
        )
    jobs: list[Job] = []
    problems: list[Problem] = []
    for index, (path, name) in enumerate(zip(paths, shown, strict=True)):
        try:
            table = open_table(path, options.encoding, options.sheet, options.limits)
        except Invalid as exc:
            problems.append(Problem(name, None, None, None, exc.message, exc.fix))
            continue
        try:
            job = _layout_job(index, path, name, table, options)
        except HeaderMismatch as exc:
            problems.extend(_header_problems(name, table, exc.issues))
            continue
        jobs.append(job)
    if problems:
        raise ImportRefused(problems)
    order = {kind.name: i for i, kind in enumerate(KINDS)}
    jobs.sort(key=lambda j: (order[j.kind.name], j.index))
    for position, job in enumerate(jobs):
        job.index = position
    return jobs


def _layout_job(index: int, path: Path, name: str, table: Table, options: ImportOptions) -> Job:
    if not table.headers:
        raise HeaderMismatch(
            None,
            [
                HeaderIssue(
                    None,
                    None,
                    "has no header row (a row naming the columns)",
                    "put the column names in the first row; start from "
                    "'redchain import --template KIND'",
                )
            ],
        )
    if options.kind is not None:
        kind = KIND_BY_NAME[options.kind]
    else:
        kind = guess_kind(table.headers, options.mapping)
    layout = match(table.headers, kind, options.mapping)
    report = FileReport(
        file=name,
        kind=kind.name,
        format=table.format,
        encoding=table.encoding,
        sheet=table.sheet,
        sha256=sha256_of(path),
    )
    return Job(index, path, name, table, layout, report)


def _header_problems(name: str, table: Table, issues: list[HeaderIssue]) -> list[Problem]:
    problems = []
    guessed = table.format == "csv" and table.encoding not in ("utf-8", "utf-8-sig")
    for issue in issues:
        column = None
        if issue.column is not None and (table.format == "csv" or table.is_sheet):
            column = table.column_ref(issue.column)
        fix = issue.fix
        if guessed and issue.column is not None:
            fix += (
                f" (the file was read as {table.encoding}; if the headers look garbled, "
                "give --encoding)"
            )
        problems.append(
            Problem(
                name,
                table.header_line if table.format == "csv" or table.is_sheet else None,
                column,
                issue.header,
                issue.message,
                fix,
                table.unit,
            )
        )
    return problems


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read(job: Job, catalog: Catalog, progress: Progress | None) -> None:
    """Read, normalise and spool every row of a file, noting what each row defines."""
    table, parser = job.table, job.parser
    rows = 0
    try:
        for raw in table.rows:
            values, problems = parser.parse(raw)
            if not problems:
                problems = row_problems(job, raw.number, values)
            job.spool.append((raw.number, *values))
            rows += 1
            for problem in problems:
                job.refuse(raw.number, problem)
            catalog.add_row(job, raw.number, values, ok=not problems)
            if progress and rows % READ_PROGRESS_EVERY == 0:
                progress(ProgressEvent("read", job.file, table.position(), table.total))
    except Invalid as exc:
        raise ImportRefused([Problem(job.file, None, None, None, exc.message, exc.fix)]) from None
    job.report.rows = rows
    if progress:
        progress(ProgressEvent("read", job.file, table.total or 0, table.total))


def check(jobs: list[Job], catalog: Catalog, engine: Engine) -> None:
    """References and keys across rows: node kinds until nothing changes, then relationships."""
    catalog.collect_names()
    catalog.look_up(engine)
    nodes = [job for job in jobs if job.kind.is_node]
    changed = True
    while changed:
        changed = False
        for job in nodes:
            changed |= catalog.check_references(job)
    for job in jobs:
        if not job.kind.is_node:
            catalog.check_references(job)
    catalog.check_link_keys()
    catalog.explain_conflicts()


def record_accepted(engine: Engine, accepted: list[Accepted], jobs: list[Job]) -> None:
    """Record each suggestion taken as an alias, so that the next file resolves by itself."""
    runs = {job.file: job.report.run_id for job in jobs}
    aliases.record(
        engine,
        (aliases.Alias(a.value, a.uscc, "accepted suggestion", runs.get(a.file)) for a in accepted),
    )


def save_rejects(jobs: list[Job], options: ImportOptions) -> None:
    assert options.rejects is not None
    refused = [job for job in jobs if job.bad]
    several = len(jobs) > 1
    for job in refused:
        path = rejects_path(Path(options.rejects), job, several)
        try:
            write_rejects(job, path, options.encoding, options.sheet, limits=options.limits)
        except OSError as exc:
            raise RedchainError(
                f"cannot write the rejects file {path} ({exc.strerror or exc}); nothing was "
                "written to the graph. Choose another --rejects path"
            ) from exc
        job.report.rejects_file = str(path)
