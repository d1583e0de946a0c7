"""docs/cli.md, generated from the commands' own help: ``python -m redchain.cli.reference``.

``--write`` writes docs/cli.md and, beside it, the query catalogue docs/queries.md (from the
query headers, :mod:`redchain.queries.docs`).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from redchain.cli.main import cli
from redchain.queries import docs as query_docs

HEADER = """# Command reference

Generated from the commands' help by `python -m redchain.cli.reference --write`; a test fails when
this file is stale. Every command takes the global options of `redchain` (`--backend`,
`--data-dir`, `--graph`) before its name.
"""


def _sections(command: click.Command, path: list[str]) -> list[str]:
    # A fixed width, so the file does not depend on the terminal it was made in.
    ctx = click.Context(
        command,
        info_name=" ".join(path),
        terminal_width=100,
        max_content_width=100,
        help_option_names=["-h", "--help"],
    )
    usage = command.get_help(ctx).replace("\b\n", "")
    parts = [f"## `{' '.join(path)}`\n\n```text\n{usage.rstrip()}\n```\n"]
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            parts += _sections(command.commands[name], [*path, name])
    return parts


def render() -> str:
    return HEADER + "\n" + "\n".join(_sections(cli, ["redchain"]))


def reference_path() -> Path:
    return Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def main(argv: list[str]) -> int:
    text = render()
    if "--write" in argv:
        reference_path().write_text(text, encoding="utf-8")
        query_docs.write_page()
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
