"""``redchain import``: load partners, partnerships and the rest from CSV, Excel or JSON files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from redchain.cli.context import Settings, pass_settings
from redchain.cli.options import lang_option
from redchain.cli.output import format_option, render_table, to_json
from redchain.importing.api import (
    DEFAULT_BATCH_SIZE,
    ImportOptions,
    ImportRefused,
    ImportReport,
    ProgressEvent,
    import_files,
    write_template,
)
from redchain.importing.encoding import describe
from redchain.importing.headers import load_map_file, parse_map_options
from redchain.importing.kinds import KIND_BY_NAME, KINDS
from redchain.importing.limits import parse_limit_options
from redchain.importing.problems import Invalid
from redchain.importing.rejects import check_rejects

KIND_NAMES = [k.name for k in KINDS]
DELIMITER_NAMES = {",": "comma", "\t": "tab", ";": "semicolon"}


@click.command("import")
@click.argument(
    "files",
    nargs=-1,
    metavar="FILE...",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option(
    "--kind",
    type=click.Choice(KIND_NAMES),
    help="What the files hold; guessed from each file's headers when left out.",
)
@click.option(
    "--encoding",
    help="Text encoding of CSV files (detected: UTF-8, UTF-8 BOM, UTF-16, GB18030; "
    "give big5 and others).",
)
@click.option(
    "--sheet",
    help="Sheet of a workbook, by name or number (default: the active sheet, if visible, else "
    "the first visible one).",
)
@click.option(
    "--map",
    "maps",
    multiple=True,
    metavar="OLD=NEW",
    help="Read header OLD as column NEW (English or Chinese name); OLD= ignores the column.",
)
@click.option(
    "--map-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Header renames from a JSON object or a two-column CSV (old,new).",
)
@click.option(
    "--limit",
    "limit_options",
    multiple=True,
    metavar="NAME=N",
    help="Raise a limit on one file: columns (1000), rows (10000000), cells of a sheet "
    "(10000000), chars in a cell (100000), bytes (2 GiB).",
)
@click.option("--skip-invalid", is_flag=True, help="Write the valid rows even if some are refused.")
@click.option(
    "--rejects",
    type=click.Path(path_type=Path),
    help="Write refused rows here, with a reason column (one file per input file when several).",
)
@click.option(
    "--accept-suggestions",
    is_flag=True,
    help="Take the one good suggestion for a unit name no unit has exactly; record it as an alias.",
)
@click.option("--dry-run", is_flag=True, help="Check and count what would change; write nothing.")
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    help="Rows per write transaction.",
)
@click.option(
    "--template",
    "template_kind",
    type=click.Choice(KIND_NAMES),
    help="Instead of importing, write an empty file of this kind with one example row (--out).",
)
@lang_option(help="Header language of --template.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where --template writes (.xlsx or .csv).",
)
@format_option(choices=("table", "json"))
@pass_settings
def command(
    settings: Settings,
    files: tuple[Path, ...],
    kind: str | None,
    encoding: str | None,
    sheet: str | None,
    maps: tuple[str, ...],
    map_file: Path | None,
    limit_options: tuple[str, ...],
    skip_invalid: bool,
    rejects: Path | None,
    accept_suggestions: bool,
    dry_run: bool,
    batch_size: int,
    template_kind: str | None,
    lang: str,
    out: Path | None,
    fmt: str,
) -> None:
    """Import FILE... (CSV, Excel, WPS or LibreOffice workbooks, JSON) into the graph.

    Every file is checked before anything is written; if a row is refused, nothing is written
    and each problem is listed with its file, line, column and fix (exit code 1). Importing the
    same file again changes nothing.

    \b
    Kinds: partners, aliases, chains, memberships, partnerships, agreements,
    agreement_parties, resources, bases, activities, participation, talent, honours,
    entries, cohorts, placements, talent_pool.
    Examples:
      redchain import 共建单位.xlsx
      redchain import partners.csv partnerships.csv --dry-run
      redchain import 名单.csv --map '单位全称=名称' --skip-invalid --rejects 退回.csv
      redchain import --template partners --out 共建单位.xlsx
    """
    if template_kind is not None:
        _template(files, template_kind, lang, out, fmt)
        return
    if out is not None:
        raise click.UsageError("--out goes with --template; to import, give the files only")
    if not files:
        raise click.UsageError("give the files to import, or --template KIND --out FILE")
    try:
        mapping = load_map_file(map_file) if map_file else {}
        mapping.update(parse_map_options(maps))
        limits = parse_limit_options(limit_options)
    except Invalid as exc:
        where = f"{map_file}: " if map_file and not exc.message.startswith("--") else ""
        raise click.UsageError(f"{where}{exc.message}; {exc.fix}") from None
    if rejects is not None:
        check_rejects(rejects, list(files))
    options = ImportOptions(
        kind=kind,
        encoding=encoding,
        sheet=sheet,
        limits=limits,
        mapping=mapping,
        skip_invalid=skip_invalid,
        rejects=rejects,
        accept_suggestions=accept_suggestions,
        dry_run=dry_run,
        batch_size=batch_size,
        origin="cli",
    )
    bars = ProgressBars() if sys.stderr.isatty() and fmt == "table" else None
    try:
        with settings.open() as engine:
            report = import_files(engine, list(files), options, progress=bars)
    except ImportRefused as exc:
        if fmt == "json":
            click.echo(to_json({"ok": False, "written": False, "problems": _dicts(exc)}))
        else:
            for problem in exc.problems:
                click.echo(f"Error: {problem.text()}", err=True)
            click.echo("Nothing was read or written.", err=True)
        raise SystemExit(1) from None
    finally:
        if bars:
            bars.close()
    if fmt == "json":
        click.echo(to_json(report.to_dict()))
    else:
        _print_report(report)
    if report.problems and not skip_invalid:
        refused = sum(f.rejected for f in report.files)
        click.echo(
            f"Error: {_rows(refused)} refused, so nothing was written; the problems are listed "
            + ("in the report" if fmt == "json" else "above"),
            err=True,
        )
        raise SystemExit(1)


def _rows(count: int) -> str:
    return "1 row" if count == 1 else f"{count} rows"


def _dicts(exc: ImportRefused) -> list[dict[str, Any]]:
    return [p.to_dict() for p in exc.problems]


def _template(files: tuple[Path, ...], kind: str, lang: str, out: Path | None, fmt: str) -> None:
    if files:
        raise click.UsageError("--template writes a file; give no files to import with it")
    if out is None:
        raise click.UsageError("--template needs --out FILE.xlsx or FILE.csv")
    try:
        path = write_template(kind, out, lang)
    except Invalid as exc:
        raise click.UsageError(f"{exc.message}; {exc.fix}") from None
    import_kind = KIND_BY_NAME[kind]
    if fmt == "json":
        click.echo(to_json({"template": kind, "lang": lang, "file": str(path)}))
    else:
        click.echo(
            f"Wrote {path}: {import_kind.name} ({import_kind.zh}), "
            f"{len(import_kind.fields)} columns and one example row to replace."
        )


def _describe_file(f: Any) -> str:
    how = f.format.upper() if f.format != "jsonl" else "JSON Lines"
    if f.encoding and f.format == "csv":
        how += f", {describe(f.encoding)}"
    if f.sheet:
        how += f", sheet {f.sheet!r}"
    return f"{f.file}: {f.kind} ({KIND_BY_NAME[f.kind].zh}), {how}, {_rows(f.rows)}"


def _print_report(report: ImportReport) -> None:
    for f in report.files:
        click.echo(_describe_file(f))
    if report.problems:
        click.echo("")
        count = len(report.problems)
        click.echo("1 problem:" if count == 1 else f"{count} problems:")
        for problem in report.problems:
            click.echo(f"  {problem.text()}")
    if report.accepted:
        click.echo("")
        count = len(report.accepted)
        recorded = "recorded as aliases" if report.written else "not recorded: nothing was written"
        click.echo(f"{count} suggestion{'s' if count > 1 else ''} taken ({recorded}):")
        for taken in report.accepted:
            click.echo(f"  {taken.text()}")
    click.echo("")
    rows = [
        {"kind": f"{name} ({KIND_BY_NAME[name].zh})", **counts}
        for name, counts in report.by_kind().items()
    ]
    columns = ["kind", "rows", "created", "updated", "unchanged", "rejected"]
    if report.dry_run:
        rows = [{**r, "would create": r["created"], "would update": r["updated"]} for r in rows]
        columns = ["kind", "rows", "would create", "would update", "unchanged", "rejected"]
    click.echo(render_table(rows, columns))
    click.echo("")
    refused = sum(f.rejected for f in report.files)
    valid = sum(f.rows for f in report.files) - refused
    for f in report.files:
        if f.rejects_file:
            click.echo(f"Refused rows of {f.file} with their reasons: {f.rejects_file}")
    if refused and not report.skip_invalid:
        verb = "is" if refused == 1 else "are"
        click.echo(
            f"Nothing was written: {_rows(refused)} {verb} refused. Correct them and import "
            f"again, or add --skip-invalid to write the other {_rows(valid)}."
        )
    elif report.dry_run:
        click.echo("Dry run: nothing was written.")
    elif refused:
        click.echo(f"Wrote the valid {_rows(valid)}; skipped the refused {_rows(refused)}.")
    elif report.changed == 0:
        click.echo("Nothing changed: the graph already holds these rows.")
    else:
        click.echo(f"Done in {report.seconds:.1f} s.")


class ProgressBars:
    """A progress bar on stderr per file being read, then one for writing."""

    def __init__(self) -> None:
        self.bar: Any = None
        self.key: tuple[str, str] | None = None
        self.done = 0

    def __call__(self, event: ProgressEvent) -> None:
        key = (event.phase, event.file if event.phase == "read" else "")
        if key != self.key:
            self.close()
            if not event.total:
                return
            label = f"checking {event.file}" if event.phase == "read" else "writing"
            self.bar = click.progressbar(length=event.total, label=label, file=sys.stderr)
            self.bar.__enter__()
            self.key, self.done = key, 0
        if self.bar is not None:
            self.bar.update(max(event.done - self.done, 0))
            self.done = event.done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
        self.bar, self.key = None, None
