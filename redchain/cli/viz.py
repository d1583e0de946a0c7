"""``redchain viz``: write an interactive network page (one self-contained HTML file)."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import click

from redchain.cli.context import Settings, pass_settings
from redchain.cli.output import format_option, to_json
from redchain.viz import ViewOptions, build_view
from redchain.viz.options import EXTRAS, HIGHLIGHTS, LAYOUTS, ViewError


def _params(pairs: tuple[str, ...]) -> dict[str, str]:
    result: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ViewError(f"--param {pair!r}: write it as key=value, e.g. as_of=2024-06-30")
        result[key.strip()] = value
    return result


@click.command("viz")
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, writable=True),
    default="redchain-network.html",
    show_default=True,
    help="Where to write the page.",
)
@click.option("--around", metavar="NAME|USCC", help="Show the units within --hops of this unit.")
@click.option("--hops", type=int, default=1, show_default=True, help="Hops for --around.")
@click.option(
    "--path", "path", nargs=2, metavar="A B", help="Show the shortest partnership paths A to B."
)
@click.option("--query", metavar="NAME", help="Show the units a named query returns.")
@click.option(
    "--param", "params", multiple=True, metavar="KEY=VALUE", help="A parameter of --query."
)
@click.option(
    "--domain",
    "domains",
    multiple=True,
    metavar="DOMAIN",
    help="Only units of this domain (Chinese, English or short name); repeatable.",
)
@click.option("--as-of", metavar="DATE", help="Only partnerships and memberships current then.")
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
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
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
    out: str,
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
        params=_params(params),
        domains=domains,
        as_of=as_of,
        highlight=highlight,
        extras=extras,
        lang=lang,  # type: ignore[arg-type]
        size_by=size_by,  # type: ignore[arg-type]
        layout=layout,  # type: ignore[arg-type]
    )
    with settings.open() as engine:
        view = build_view(engine, options)
    written = view.write(Path(out))
    if fmt == "json":
        click.echo(to_json(view.stats))
    else:
        stats = view.stats
        click.echo(
            f"Wrote {written} ({stats['nodes']} nodes, {stats['edges']} links; "
            f"layout: {stats['layout']})"
        )
    if view.stats["nodes"] == 0:
        click.echo(
            "The view has no units: the graph is empty or nothing matches the options "
            "(import data with 'redchain import', or try the demo: 'redchain demo').",
            err=True,
        )
    if open_page:
        webbrowser.open(written.as_uri())
