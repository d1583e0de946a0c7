"""``redchain serve``: the live explorer for analysts."""

from __future__ import annotations

from pathlib import Path

import click

from redchain.cli.context import Settings, pass_settings
from redchain.cli.options import lang_option
from redchain.cli.output import format_option


@click.command("serve")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; any other than this machine needs --token-file.",
)
@click.option(
    "--port",
    default=8765,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port to listen on.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the explorer in the browser.")
@lang_option(help="Language of the explorer (it has a switch as well).")
@click.option(
    "--token-file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="Read the access token from FILE instead of making a random one.",
)
@click.option(
    "--overview-above",
    default=300,
    show_default=True,
    type=click.IntRange(0),
    help="Above this many units the canvas opens on the domain × subdistrict overview.",
)
@format_option(choices=("text", "json"), default="text")
@pass_settings
def command(
    settings: Settings,
    host: str,
    port: int,
    open_browser: bool,
    lang: str,
    token_file: Path | None,
    overview_above: int,
    fmt: str,
) -> None:
    """Explore the network in the browser: search, expand, paths, date slider, saved views.

    Prints a URL with a random access token; without it every request is refused. On the
    embedded engine other commands (import, gaps, ...) attach to this server while it runs.
    """
    from redchain.serve.auth import check_host, read_token_file
    from redchain.serve.server import serve

    check_host(host, token_file)
    if token_file is not None:
        read_token_file(token_file)  # a weak or unreadable token stops us before the engine
    with settings.open() as engine:
        serve(
            engine,
            backend=settings.backend,
            data_dir=settings.data_dir,
            host=host,
            port=port,
            lang=lang,
            token_file=token_file,
            open_browser=open_browser,
            overview_above=overview_above,
            json_lines=fmt == "json",
            say=click.echo,
        )
