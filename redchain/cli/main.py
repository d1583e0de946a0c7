"""The ``redchain`` group: global options, error handling, and the list of command modules."""

from __future__ import annotations

import errno
import gc
import importlib
import logging
import sys
import traceback
from typing import Any

import click

from redchain import __version__, crash
from redchain.cli.context import make_settings
from redchain.connect import BACKENDS, default_backend
from redchain.engines.embedded import DEFAULT_GRAPH
from redchain.errors import RedchainError

# A full disk, a file over the size limit, a full quota: the same for the user.
NO_ROOM = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)


class RedchainGroup(click.Group):
    """Turns every error into one line on stderr, never a traceback.

    redchain's own errors exit 1 with their message. Anything else is a fault of redchain: the
    traceback goes to a crash report inside the data directory, one line says what failed and
    where the report is, and the exit code is 2.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RedchainError as exc:
            _release_quietly(exc)
            raise click.ClickException(str(exc)) from None
        except (click.exceptions.Exit, click.Abort, click.ClickException):
            raise
        except BrokenPipeError:
            # The reader went away (``| head``): nothing more to say to it.
            sys.stderr.close()
            raise SystemExit(1) from None
        except OSError as exc:
            if exc.errno in NO_ROOM:
                _release_quietly(exc)
                where = f": {exc.filename}" if exc.filename else ""
                raise click.ClickException(
                    f"no room to write ({exc.strerror}{where}); free some space and run the "
                    "command again: nothing half-written was kept"
                ) from None
            self._crash(ctx, exc)
        except Exception as exc:
            self._crash(ctx, exc)

    @staticmethod
    def _crash(ctx: click.Context, exc: Exception) -> None:
        settings = ctx.obj
        data_dir = getattr(settings, "data_dir", None)
        report = crash.write_report(exc, data_dir, [ctx.command_path, *sys.argv[1:]])
        where = f"the full report is in {report}" if report else "no report could be written"
        what = " ".join(str(exc).split())[:300] or "(no message)"
        click.echo(
            f"Error: redchain {ctx.invoked_subcommand or ''} failed unexpectedly "
            f"({type(exc).__name__}: {what}); {where}. Please send it to the maintainers",
            err=True,
        )
        raise SystemExit(2) from None


def _release_quietly(exc: BaseException) -> None:
    """Let go of what the failed command held (a half-built workbook would complain on its own
    when collected, with a traceback of its own) without printing anything."""
    hook = sys.unraisablehook
    sys.unraisablehook = lambda _unraisable: None
    try:
        traceback.clear_frames(exc.__traceback__)
        gc.collect()
    finally:
        sys.unraisablehook = hook


class _Warnings(logging.Handler):
    """redchain's warnings (a wait for the data directory, a key left out) as 'Warning:' lines."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"Warning: {record.getMessage()}", err=True)


def _show_warnings() -> None:
    logger = logging.getLogger("redchain")
    if not any(isinstance(h, _Warnings) for h in logger.handlers):
        logger.addHandler(_Warnings())
        logger.propagate = False


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
    _show_warnings()
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
    "redchain.cli.changes",
    "redchain.cli.export",
    "redchain.cli.serve",
    "redchain.cli.alias",
    "redchain.cli.report",
    "redchain.cli.points",
)


def _register() -> None:
    for module_name in COMMAND_MODULES:
        cli.add_command(importlib.import_module(module_name).command)


_register()


def main() -> None:  # pragma: no cover - console entry point
    cli(prog_name="redchain")


if __name__ == "__main__":  # pragma: no cover
    main()
