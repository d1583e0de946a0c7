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
@click.option(
    "--allow-import",
    is_flag=True,
    help="Mount the clerk's import page (/import), reachable with the editor's token only.",
)
@click.option(
    "--editor-token-file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="The editor's token for the import page: one line, NAME:TOKEN or TOKEN; "
    "a random one is made and printed when not given.",
)
@click.option(
    "--editor-name",
    default=None,
    help="Who the editor's imports are recorded as run by (e.g. 张三), unless the token file "
    "names them.",
)
@click.option(
    "--max-upload-mb",
    default=20,
    show_default=True,
    type=click.IntRange(1, 2048),
    help="The largest file the import page takes, in MB.",
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
    allow_import: bool,
    editor_token_file: Path | None,
    editor_name: str | None,
    max_upload_mb: int,
    fmt: str,
) -> None:
    """Explore the network in the browser: search, expand, paths, date slider, saved views.

    Prints a URL with a random access token; without it every request is refused. On the
    embedded engine other commands (import, gaps, ...) attach to this server while it runs.
    With --allow-import it also prints the import page's URL, which carries the editor's token.
    """
    from redchain.serve import auth
    from redchain.serve.auth import (
        AuthError,
        Editor,
        check_host,
        new_token,
        read_editor_file,
        read_token_file,
    )
    from redchain.serve.server import serve

    check_host(host, token_file)
    token = read_token_file(token_file) if token_file is not None else None
    editor: Editor | None = None
    if allow_import:
        if editor_token_file is not None:
            editor = read_editor_file(editor_token_file, editor_name)
        else:
            check_host(host, editor_token_file)
            editor = Editor(auth.editor_name(editor_name), new_token())
        if token is not None and editor.token == token:
            raise AuthError(
                "--editor-token-file holds the viewer's token; the editor's must be another"
            )
    elif editor_token_file is not None or editor_name is not None:
        raise AuthError(
            "--editor-token-file and --editor-name are for the import page: add --allow-import"
        )
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
            editor=editor,
            max_upload=max_upload_mb * 1024 * 1024,
        )
