"""``redchain viz``: write an interactive network page (one self-contained HTML file)."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import click

from redchain import querylib
from redchain.cli.context import Settings, pass_settings
from redchain.cli.options import (
    as_of_option,
    date_notice,
    format_option,
    lang_option,
    open_graph,
    out_option,
    param_option,
)
from redchain.cli.output import to_json
from redchain.viz import ViewOptions, build_view
from redchain.viz.options import EXTRAS, HIGHLIGHTS, LAYOUTS, ViewError


@click.command("viz")
@out_option(default=Path("redchain-network.html"), help="Where to write the page.")
@click.option("--around", metavar="NAME|USCC", help="Show the units within --hops of this unit.")
@click.option("--hops", type=int, default=1, show_default=True, help="Hops for --around.")
@click.option(
    "--path", "path", nargs=2, metavar="A B", help="Show the shortest partnership paths A to B."
)
@click.option("--query", metavar="NAME", help="Show the units a named query returns.")
@param_option(help="A parameter of --query; repeat for more.")
@click.option(
    "--domain",
    "domains",
    multiple=True,
    metavar="DOMAIN",
    help="Only units of this domain (Chinese, English or short name); repeatable.",
)
@as_of_option(
    help="Show the partnerships and members current on DATE; points cover the year to it."
)
@click.option(
    "--highlight",
    type=click.Choice(HIGHLIGHTS),
    multiple=True,
    help="Make units the gap report flags stand out.",
)
@click.option(
    "--with",
    "extras",
    type=click.Choice(EXTRAS),
    multiple=True,
    help="Also draw the chain node, the bases, or location links; repeatable.",
)
@lang_option(help="Language of the page.")
@click.option(
    "--size",
    "size_by",
    type=click.Choice(["degree", "points"]),
    default="degree",
    show_default=True,
    help="Node size by links drawn or by party-building points.",
)
@click.option(
    "--layout",
    type=click.Choice(LAYOUTS),
    default="auto",
    show_default=True,
    help="auto: physics up to 1,000 nodes, computed positions up to 30,000, overview above.",
)
@click.option("--open", "open_page", is_flag=True, help="Open the page in the web browser.")
@format_option(choices=("table", "json"))
@pass_settings
def command(
    settings: Settings,
    out: Path,
    around: str | None,
    hops: int,
    path: tuple[str, str] | None,
    query: str | None,
    params: tuple[str, ...],
    domains: tuple[str, ...],
    as_of: str | None,
    highlight: tuple[str, ...],
    extras: tuple[str, ...],
    lang: str,
    size_by: str,
    layout: str,
    open_page: bool,
    fmt: str,
) -> None:
    """Write an interactive network page: one HTML file that works offline.

    \b
    Examples:
      redchain viz --open
      redchain viz --around 南沙街道 --hops 2 --out nansha.html
      redchain viz --path 南沙开发区金融局 广东金融学院
      redchain viz --query gaps/isolated --highlight gaps --lang en
    """
    if params and not query:
        raise ViewError("--param goes with --query NAME")
    options = ViewOptions(
        around=around,
        hops=hops,
        path=tuple(path) if path else None,  # type: ignore[arg-type]
        query=query,
        params=querylib.parse_assignments(params),
        domains=domains,
        as_of=as_of,
        highlight=highlight,
        extras=extras,
        lang=lang,  # type: ignore[arg-type]
        size_by=size_by,  # type: ignore[arg-type]
        layout=layout,  # type: ignore[arg-type]
    )
    with open_graph(settings) as engine:
        view = build_view(engine, options)
        date_notice(engine, options.as_of_date, lang)
    written = view.write(out)
    if fmt == "json":
        click.echo(to_json(view.stats))
    else:
        stats = view.stats
        click.echo(
            f"Wrote {written} ({stats['nodes']} nodes, {stats['edges']} links; "
            f"layout: {stats['layout']})"
        )
    if view.stats["nodes"] == 0:
        click.echo("The view has no units: nothing matches the options.", err=True)
    if open_page:
        webbrowser.open(written.as_uri())
