"""Options and steps the commands share, declared once: ``--lang``, ``--out``, ``--as-of``,
``--timeout``, ``--format`` and ``--param``, and opening the graph a command reads.

Each option is a decorator, so a command lists the ones it takes and they read and behave the
same everywhere.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from redchain import asof, graphinfo, schema
from redchain.cli.context import Settings
from redchain.cli.output import format_option
from redchain.engines.base import Engine

F = TypeVar("F", bound=Callable[..., Any])
LANGS = ("zh", "en")

__all__ = [
    "as_of_option",
    "date_notice",
    "format_option",
    "lang_option",
    "open_graph",
    "out_option",
    "param_option",
    "timeout_option",
]


def lang_option(help: str = "Language of the output.") -> Callable[[F], F]:
    """``--lang zh|en`` (Chinese by default)."""
    return click.option(
        "--lang", type=click.Choice(LANGS), default="zh", show_default=True, help=help
    )


def out_option(
    *,
    help: str,
    default: Path | None = None,
    folder: bool = False,
    name: str = "--out",
) -> Callable[[F], F]:
    """``--out PATH``: a file (or, with ``folder``, a directory) a command writes."""
    return click.option(
        name,
        type=click.Path(file_okay=not folder, dir_okay=folder, path_type=Path),
        default=default,
        show_default=default is not None,
        help=help,
    )


def as_of_option(
    help: str = "View the network as it stood on DATE (2024-06-30, 2024/6/30 or 2024年6月30日).",
) -> Callable[[F], F]:
    """``--as-of DATE``; without it commands use the shared default, today."""
    return click.option("--as-of", "as_of", default=None, metavar="DATE", help=f"{help} [today]")


def timeout_option() -> Callable[[F], F]:
    """``--timeout SECONDS``: give up on a slow query."""
    return click.option(
        "--timeout",
        type=click.FloatRange(min=0, min_open=True),
        default=None,
        metavar="SECONDS",
        help="Give up on any one query after this.",
    )


def param_option(
    help: str = "A query parameter; repeat for more. 'redchain query show NAME' lists them.",
    metavar: str = "KEY=VALUE",
) -> Callable[[F], F]:
    """``--param KEY=VALUE`` (``-p``), repeatable."""
    return click.option("--param", "-p", "params", multiple=True, metavar=metavar, help=help)


@contextlib.contextmanager
def open_graph(settings: Settings, *, say_if_empty: bool = True) -> Iterator[Engine]:
    """Open the graph a command reads: refuse one an older redchain wrote (saying to run
    ``redchain db migrate``), and say on stderr which graph it is when it is empty."""
    with settings.open() as engine:
        schema.check_current(engine)
        if say_if_empty:
            empty = graphinfo.empty_notice(engine)
            if empty:
                click.echo(empty, err=True)
        yield engine


def date_notice(engine: Engine, as_of: dt.date, lang: str = "en") -> None:
    """Say on stderr, in one line, when the date used lies far after the newest activity."""
    line = asof.check(engine, as_of).notice(lang)
    if line:
        click.echo(line, err=True)
