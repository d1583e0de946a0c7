"""``redchain alias``: other names of units, recorded once so that later files resolve."""

from __future__ import annotations

import click

from redchain.cli.context import Settings, pass_settings
from redchain.cli.output import emit, format_option, to_json
from redchain.importing import aliases


@click.group("alias")
def command() -> None:
    """Record, list and remove other names of units (工行南沙 for the full name, say).

    An import resolves a unit named by one of its aliases without being told again. Aliases
    also come from an aliases file (redchain import --kind aliases) and from the suggestions
    'redchain import --accept-suggestions' takes.
    """


@command.command("add")
@click.argument("alias")
@click.argument("unit")
@format_option(choices=("table", "json"))
@pass_settings
def add(settings: Settings, alias: str, unit: str, fmt: str) -> None:
    """Record ALIAS as another name of UNIT (its credit code or its name).

    \b
    Example:
      redchain alias add 工行南沙 91440115MA5C8K2Q08
    """
    with settings.open() as engine:
        done = aliases.add(engine, alias, unit)
    if fmt == "json":
        click.echo(to_json(done))
        return
    verb = {"created": "Recorded", "updated": "Rewrote", "unchanged": "Already recorded:"}
    click.echo(f"{verb[done['status']]} {alias!r} as an alias of {done['unit']} ({done['uscc']}).")


@command.command("list")
@click.option("--unit", help="Only the aliases of this unit (credit code or name).")
@format_option()
@pass_settings
def list_(settings: Settings, unit: str | None, fmt: str) -> None:
    """Every alias, with the unit it names and where it came from."""
    with settings.open() as engine:
        rows = aliases.listing(engine, unit)
    if fmt == "table" and not rows:
        click.echo("No aliases recorded.")
        return
    emit(rows, fmt, columns=["alias", "uscc", "unit", "source"])


@command.command("remove")
@click.argument("alias")
@format_option(choices=("table", "json"))
@pass_settings
def remove(settings: Settings, alias: str, fmt: str) -> None:
    """Forget ALIAS; names it stood for no longer resolve through it."""
    with settings.open() as engine:
        done = aliases.remove(engine, alias)
    if fmt == "json":
        click.echo(to_json(done))
    else:
        click.echo(f"Removed the alias {done['alias']!r} of {done['uscc']}.")
