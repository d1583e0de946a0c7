"""``redchain export``: the whole graph or a named query's rows, for Excel, Gephi or scripts."""

from __future__ import annotations

from pathlib import Path

import click

from redchain import export, querylib
from redchain.cli.context import Settings, pass_settings
from redchain.cli.query import gather_params, param_options


@click.command("export")
@click.option(
    "--query",
    "query_name",
    default=None,
    metavar="NAME",
    help="Export this named query's rows instead of the whole graph.",
)
@param_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(export.FORMATS),
    required=True,
    help="csv and xlsx for spreadsheets, jsonl for scripts, graphml for Gephi.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    help="File to write; for a whole-graph csv export, a folder.",
)
@pass_settings
def command(
    settings: Settings,
    query_name: str | None,
    params: tuple[str, ...],
    as_of: str | None,
    fmt: str,
    out: Path,
) -> None:
    """Write the graph (nodes and relationships) or a query's rows to --out.

    A whole-graph CSV export writes nodes.csv and relationships.csv into the folder --out; xlsx
    puts them on two sheets. CSV files are UTF-8 with a BOM so Excel reads Chinese correctly.
    """
    if query_name is None:
        if params or as_of:
            raise click.UsageError("--param and --as-of go with --query NAME")
        with settings.open() as engine:
            result = export.export_graph(engine, fmt, out)
        written = ", ".join(str(p) for p in result.paths)
        click.echo(
            f"Wrote {result.nodes} nodes and {result.relationships} relationships to {written}"
        )
        return
    query = querylib.get(query_name)
    given = gather_params(query, params, as_of)
    querylib.resolve(query, given)
    with settings.open() as engine:
        rows = querylib.run(engine, query, given)
    result = export.export_rows(rows, fmt, out, name=query.name)
    click.echo(f"Wrote {result.rows} rows of {query.name} to {out}")
