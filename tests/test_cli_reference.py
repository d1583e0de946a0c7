"""The command reference in docs/cli.md matches the commands' help."""

from __future__ import annotations

from redchain.cli.main import cli
from redchain.cli.reference import reference_path, render


def test_reference_is_current() -> None:
    assert reference_path().read_text(encoding="utf-8") == render(), (
        "docs/cli.md is stale: run 'python -m redchain.cli.reference --write'"
    )


def test_every_command_is_in_the_reference() -> None:
    text = reference_path().read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"## `redchain {name}" in text
