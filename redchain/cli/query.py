"""``redchain query``: list, show and run the named queries of the query library (cypher/)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from redchain import querylib
from redchain.atomic import write_text_atomically
from redchain.cli.context import Settings, pass_settings
from redchain.cli.options import (
    as_of_option,
    date_notice,
    format_option,
    lang_option,
    open_graph,
    out_option,
    param_option,
    timeout_option,
)
from redchain.cli.output import emit, to_json

F = TypeVar("F", bound=Callable[..., Any])
LANG = lang_option(help="Language.")


@click.group("query")
def command() -> None:
    """Named, documented queries: coverage gaps, exploring, ranking (see docs/queries.md)."""


@command.command("list")
@LANG
@format_option()
def list_queries(lang: str, fmt: str) -> None:
    """Every named query with its title and parameters."""
    queries = querylib.catalogue().values()
    rows = [
        {
            "name": q.name,
            "title": q.title(lang),
            "mode": q.mode,
            "params": " ".join(p.name if p.required else f"[{p.name}]" for p in q.params),
        }
        for q in queries
    ]
    emit(rows, fmt, json_data=[q.to_dict() for q in queries])


@command.command("show")
@click.argument("name")
@LANG
@format_option(choices=("table", "json"))
def show(name: str, lang: str, fmt: str) -> None:
    """What query NAME answers, its parameters, and its Cypher."""
    query = querylib.get(name)
    if fmt == "json":
        click.echo(to_json(query.to_dict()))
        return
    click.echo(f"{query.name}  ({query.mode})  {query.path}")
    click.echo(f"{query.title_zh} / {query.title_en}")
    click.echo("")
    click.echo(query.answers(lang))
    if query.params:
        click.echo("")
        for p in query.params:
            default = "required" if p.required else f"default {p.default}"
            click.echo(
                f"  --param {p.name}=<{p.type}>  ({default})  {p.zh if lang == 'zh' else p.en}"
            )
    if query.compute:
        click.echo("")
        click.echo(query.note(lang) or "")
    if query.advice(lang):
        click.echo("")
        click.echo(query.advice(lang) or "")
    click.echo("")
    click.echo(query.cypher)


def param_options(function: F) -> F:
    """``--param key=value`` (repeatable) and ``--as-of``, shared by commands that run queries."""
    function = param_option()(function)
    return as_of_option(help="View the network as it stood on DATE (sets the as_of parameter).")(
        function
    )


def gather_params(
    query: querylib.Query, params: tuple[str, ...], as_of: str | None
) -> dict[str, str]:
    given: dict[str, str] = querylib.parse_assignments(params)
    if as_of is not None:
        if "as_of" not in {p.name for p in query.params}:
            raise click.UsageError(f"{query.name} does not look at dates; drop --as-of")
        given["as_of"] = as_of
    return given


@command.command("run")
@click.argument("name")
@param_options
@click.option(
    "--write", is_flag=True, help="Allow a query whose mode is write to change the graph."
)
@timeout_option()
@click.option("--limit", type=int, default=None, metavar="N", help="Print at most N rows.")
@click.option("--raw", is_flag=True, help="Print what the Cypher returns, without the Python step.")
@format_option()
@pass_settings
def run(
    settings: Settings,
    name: str,
    params: tuple[str, ...],
    as_of: str | None,
    write: bool,
    timeout: float | None,
    limit: int | None,
    raw: bool,
    fmt: str,
) -> None:
    """Run query NAME with --param key=value ... and print its rows."""
    query = querylib.get(name)
    given = gather_params(query, params, as_of)
    resolved = querylib.resolve(query, given)  # parameter errors before the engine starts
    with open_graph(settings) as engine:
        rows = querylib.run(engine, query, given, write=write, timeout=timeout, compute=not raw)
        if "as_of" in resolved and resolved["as_of"] is not None:
            date_notice(engine, resolved["as_of"])
    print_rows(rows, fmt, limit)


def print_rows(rows: list[dict[str, Any]], fmt: str, limit: int | None) -> None:
    shown = rows if limit is None else rows[: max(limit, 0)]
    emit(shown, fmt, columns=querylib.render_columns(shown) or None)
    if len(shown) < len(rows):
        click.echo(
            f"(showing {len(shown)} of {len(rows)} rows; raise --limit to see more)", err=True
        )


@command.command("docs")
@out_option(help="Write the catalogue page here (docs/queries.md) instead of printing it.")
@click.option("--check", is_flag=True, help="Exit 1 if --out is not up to date.")
def docs(out: Path | None, check: bool) -> None:
    """The catalogue page docs/queries.md, generated from the query headers."""
    page = querylib.docs_markdown()
    if out is None:
        if check:
            raise click.UsageError("--check needs --out FILE to compare with")
        click.echo(page, nl=False)
        return
    if check:
        current = out.read_text(encoding="utf-8") if out.exists() else ""
        if current != page:
            click.echo(f"{out} is stale; run 'redchain query docs --out {out}'", err=True)
            sys.exit(1)
        click.echo(f"{out} is up to date")
        return
    write_text_atomically(out, page)
    click.echo(f"Wrote {out} ({len(querylib.catalogue())} queries)")
