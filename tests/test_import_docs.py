"""docs/import.md keeps up with the code: the generated column tables, and every option."""

from __future__ import annotations

from redchain.cli.importing import command
from redchain.importing import reference
from redchain.importing.kinds import KINDS


def test_the_column_tables_are_generated_from_the_kinds_and_fresh() -> None:
    text = reference.DOC.read_text(encoding="utf-8")
    assert reference.current(text) == reference.render(), (
        "docs/import.md is stale: run python -m redchain.importing.reference --write"
    )
    for kind in KINDS:
        assert f"### {kind.name} ({kind.zh})" in text
        for field in kind.fields:
            assert f"| `{field.name}` | {field.zh} |" in text


def test_every_option_of_the_command_is_documented() -> None:
    text = reference.DOC.read_text(encoding="utf-8")
    for param in command.params:
        for option in getattr(param, "opts", []):
            if option.startswith("--"):
                assert f"`{option}" in text, f"{option} is missing from docs/import.md"
