"""The ``redchain`` group: global options, error handling, and the list of command modules."""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from redchain import __version__
from redchain.cli.context import make_settings
from redchain.connect import BACKENDS, default_backend
from redchain.engines.embedded import DEFAULT_GRAPH
from redchain.errors import RedchainError


class RedchainGroup(click.Group):
    """Turns redchain's own errors into one line on stderr and exit code 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RedchainError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=RedchainGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="redchain")
@click.option(
    "--backend",
    type=click.Choice(BACKENDS),
    default=default_backend,
    show_default="embedded, or REDCHAIN_BACKEND",
    help="Engine: embedded FalkorDB in --data-dir, or Neo4j at NEO4J_URI.",
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False),
    envvar="REDCHAIN_DATA_DIR",
    default=None,
    show_default="./.redchain, or REDCHAIN_DATA_DIR",
    help="Where the embedded engine keeps its graph.",
)
@click.option(
    "--graph",
    default=DEFAULT_GRAPH,
    show_default=True,
    help="Graph name inside the embedded engine.",
)
@click.pass_context
def cli(ctx: click.Context, backend: str, data_dir: str | None, graph: str) -> None:
    """redchain: the 金桥红链 (Golden Bridge Red Chain) partnership network as a graph.

    Start with 'redchain demo'. Neo4j: export NEO4J_URI, NEO4J_USERNAME and NEO4J_PASSWORD and
    pass --backend neo4j (or set REDCHAIN_BACKEND=neo4j).
    """
    ctx.obj = make_settings(backend, data_dir, graph)


# Each command module defines ``command``; one line here registers it.
COMMAND_MODULES = (
    "redchain.cli.db",
    "redchain.cli.importing",
    "redchain.cli.demo",
    "redchain.cli.generate",
    "redchain.cli.viz",
    "redchain.cli.query",
    "redchain.cli.cypher",
    "redchain.cli.gaps",
    "redchain.cli.export",
    "redchain.cli.alias",
)


def _register() -> None:
    for module_name in COMMAND_MODULES:
        cli.add_command(importlib.import_module(module_name).command)


_register()


def main() -> None:  # pragma: no cover - console entry point
    cli(prog_name="redchain")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
