"""``redchain cypher``: an ad-hoc Cypher query, read-only unless --write."""

from __future__ import annotations

import sys

import click

from redchain import querylib
from redchain.cli.context import Settings, pass_settings
from redchain.cli.options import format_option, open_graph, param_option, timeout_option
from redchain.cli.query import print_rows


@click.command("cypher")
@click.argument("query")
@param_option(
    help="A parameter, text unless typed: n:int=5, x:float=1.5, b:bool=true, d:date=2024-06-30 "
    '(read it as date($d)), l:json=["a"]. Repeat for more.',
    metavar="KEY[:TYPE]=VALUE",
)
@click.option("--write", is_flag=True, help="Allow the query to change the graph.")
@timeout_option()
@click.option(
    "--limit", type=int, default=1000, show_default=True, metavar="N", help="Print at most N rows."
)
@format_option()
@pass_settings
def command(
    settings: Settings,
    query: str,
    params: tuple[str, ...],
    write: bool,
    timeout: float | None,
    limit: int,
    fmt: str,
) -> None:
    """Run the Cypher QUERY ('-' reads it from stdin). Values go in as $parameters.

    Without --write the query runs read-only (FalkorDB GRAPH.RO_QUERY, Neo4j read access), so a
    query that would change the graph is refused.
    """
    text = sys.stdin.read() if query == "-" else query
    if not text.strip():
        raise click.UsageError("the query is empty")
    values = querylib.parse_typed_assignments(params)
    with open_graph(settings) as engine:
        rows = engine.run(text, values, write=write, timeout=timeout)
    print_rows(rows, fmt, limit)
