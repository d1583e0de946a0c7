"""``redchain db``: set up, inspect and empty the graph."""

from __future__ import annotations

import click

from redchain import graphinfo, schema
from redchain.cli.context import Settings, pass_settings
from redchain.cli.output import emit, format_option, to_json


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
    """Which engine, where, its version, and whether the schema is complete."""
    with settings.open() as engine:
        info = graphinfo.status(engine)
    if fmt == "json":
        click.echo(to_json(info))
        return
    for key, value in info.items():
        click.echo(f"{key:>10}: {value}")


@command.command("stats")
@format_option()
@pass_settings
def stats(settings: Settings, fmt: str) -> None:
    """Node counts by label and relationship counts by type."""
    with settings.open() as engine:
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
