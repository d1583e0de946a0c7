"""``redchain db``: set up, inspect and empty the graph."""

from __future__ import annotations

from typing import Any

import click

from redchain import graphinfo, migrate, schema
from redchain.cli.context import Settings, pass_settings
from redchain.cli.options import format_option, open_graph
from redchain.cli.output import emit, to_json


@click.group("db")
def command() -> None:
    """Set up, inspect and empty the graph."""


@command.command("init")
@format_option(choices=("table", "json"))
@pass_settings
def init(settings: Settings, fmt: str) -> None:
    """Create the unique keys and indexes of the model (safe to run again)."""
    with settings.open() as engine:
        created = schema.ensure(engine)
    if fmt == "json":
        click.echo(to_json({"created": [str(item) for item in created]}))
    elif created:
        click.echo(f"Created {len(created)}: " + ", ".join(str(item) for item in created))
    else:
        click.echo("Schema already in place; nothing to do.")


@command.command("status")
@format_option(choices=("table", "json"))
@pass_settings
def status(settings: Settings, fmt: str) -> None:
    """Which graph (data directory or Neo4j URI), its version, and whether the schema is
    complete and current."""
    with settings.open() as engine:
        info = graphinfo.status(engine)
    if fmt == "json":
        click.echo(to_json(info))
        return
    for key, value in info.items():
        if value is not None:
            click.echo(f"{key:>14}: {value}")


@command.command("stats")
@format_option()
@pass_settings
def stats(settings: Settings, fmt: str) -> None:
    """Node counts by label and relationship counts by type."""
    with open_graph(settings) as engine:
        counts = graphinfo.stats(engine)
    rows = [{"kind": "label", "name": k, "count": v} for k, v in counts["labels"].items()]
    rows += [
        {"kind": "relationship", "name": k, "count": v} for k, v in counts["relationships"].items()
    ]
    emit(rows, fmt, json_data=counts)


@command.command("reset")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_settings
def reset(settings: Settings, yes: bool) -> None:
    """Delete every node and relationship, then set the schema up again."""
    if not yes:
        click.confirm(f"Delete the whole graph on {settings.backend}?", abort=True)
    with settings.open() as engine:
        deleted = engine.clear()
        schema.ensure(engine)
    click.echo(f"Deleted {deleted} nodes; the graph is empty.")


@command.command("migrate")
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=migrate.DEFAULT_BATCH,
    show_default=True,
    help="Values converted per transaction.",
)
@format_option(choices=("table", "json"))
@pass_settings
def migrate_command(settings: Settings, batch_size: int, fmt: str) -> None:
    """Convert a graph an older redchain wrote (text dates, decimal points) to this version.

    Safe to interrupt and to run again: each batch commits on its own and only values still in
    the old form are converted. A current graph is left as it is.
    """

    def progress(what: str, done: int) -> None:
        click.echo(f"  {what}: {done} converted", err=True)

    with settings.open() as engine:
        result = migrate.migrate(engine, batch_size=batch_size, progress=progress)
        where = engine.location
    if fmt == "json":
        click.echo(to_json({"location": where, **result.to_dict()}))
    elif result.total:
        click.echo(
            f"Migrated {where} from schema version {result.from_version} to "
            f"{result.to_version}: {result.total} values converted."
        )
    else:
        click.echo(f"{where} is at schema version {result.to_version}; nothing to convert.")


@command.command("doctor")
@click.option(
    "--repair",
    is_flag=True,
    help="Fix what can be fixed: leave out of the log what crashes the server (a copy is kept), "
    "drop failed unique keys, build the missing ones.",
)
@format_option(choices=("table", "json"))
@pass_settings
def doctor_command(settings: Settings, repair: bool, fmt: str) -> None:
    """Find what keeps the graph from working (a server that crashes at start, unique keys that
    failed or cannot be built, and the values at fault) and, with --repair, fix it keeping every
    graph. Exit code 0 when nothing is left to correct, 1 otherwise."""
    from redchain import doctor

    if settings.backend == "embedded":
        checkup = doctor.checkup_embedded(settings.data_dir, repair)
    else:
        with settings.open() as engine:
            checkup = doctor.checkup_neo4j(engine, repair)
    if fmt == "json":
        click.echo(to_json(checkup.to_dict()))
    else:
        _print_checkup(checkup, repair)
    if not checkup.healthy:
        raise SystemExit(1)


def _print_checkup(checkup: Any, repair: bool) -> None:
    click.echo(f"{checkup.location}: graphs {', '.join(checkup.graphs) or '(none)'}")
    if not checkup.starts:
        click.echo(f"The server did not start: {checkup.crash}")
    if checkup.backup:
        click.echo(f"The log as it was is kept in {checkup.backup}")
    for finding in checkup.findings:
        state = "repaired" if finding.repaired else "to correct"
        click.echo(f"  [{state}] {finding.graph}: {finding.problem}: {finding.detail}")
    if checkup.healthy:
        click.echo("Nothing left to correct." if checkup.findings else "Nothing wrong found.")
    elif not repair:
        click.echo("Run 'redchain db doctor --repair' to fix what can be fixed.")
    else:
        click.echo(
            "Correct the values listed (redchain cypher --write), then run 'redchain db doctor "
            "--repair' again; every graph can be read and exported meanwhile."
        )
