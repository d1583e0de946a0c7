"""``redchain export``: the whole graph or a named query's rows, for Excel, Gephi or scripts."""

from __future__ import annotations

from pathlib import Path

import click

from redchain import export, querylib
from redchain.cli.context import Settings, pass_settings
from redchain.cli.options import lang_option
from redchain.cli.output import to_json
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
    help="xlsx for people, csv for spreadsheets and scripts, jsonl for scripts, graphml for "
    "networkx, igraph and yEd, gexf for Gephi.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    help="File to write; a folder for a whole-graph csv export (nodes.csv, relationships.csv), "
    "or for a query's rows (a file named after the query).",
)
@lang_option(help="Language of xlsx sheet and column names, and of a query's sheet.")
@click.option(
    "--with-provenance",
    is_flag=True,
    help="Include the ImportRun nodes and each item's run_id (left out by default).",
)
@click.option(
    "--summary",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How to print what was written.",
)
@pass_settings
def command(
    settings: Settings,
    query_name: str | None,
    params: tuple[str, ...],
    as_of: str | None,
    fmt: str,
    out: Path,
    lang: str,
    with_provenance: bool,
    summary: str,
) -> None:
    """Write the graph (nodes and relationships) or a query's rows to --out.

    The whole graph: xlsx gives one sheet per kind of node and relationship, named in Chinese
    (--lang en for English), units named by name and credit code; graphml and gexf keep numbers,
    booleans and dates typed; csv writes nodes.csv and relationships.csv into the folder --out.
    A query's rows go to one file. Import provenance is left out unless --with-provenance.
    """
    if query_name is None:
        if params or as_of:
            raise click.UsageError("--param and --as-of go with --query NAME")
        with settings.open() as engine:
            result = export.export_graph(
                engine, fmt, out, lang=lang, with_provenance=with_provenance
            )
        written = ", ".join(str(p) for p in result.paths)
        message = (
            f"Wrote {result.nodes} nodes and {result.relationships} relationships to {written}"
        )
    else:
        if with_provenance:
            raise click.UsageError("--with-provenance goes with a whole-graph export, not --query")
        query = querylib.get(query_name)
        given = gather_params(query, params, as_of)
        querylib.resolve(query, given)
        with settings.open() as engine:
            rows = querylib.run(engine, query, given)
        result = export.export_rows(rows, fmt, out, name=query.name, title=query.title(lang))
        message = f"Wrote {result.rows} rows of {query.name} to {result.paths[0]}"
    if summary == "json":
        click.echo(to_json(result.to_dict()))
    else:
        click.echo(message)
