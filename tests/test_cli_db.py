"""``redchain db`` and the global options, through click's runner and as a real program."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from redchain import __version__
from redchain.cli.main import cli
from tests.conftest import Target


def test_version_and_help() -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["--version"]).output == f"redchain, version {__version__}\n"
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "--backend [embedded|neo4j]" in result.output


def test_every_command_has_help() -> None:
    runner = CliRunner()

    def walk(group, path):
        for name, command in group.commands.items():
            result = runner.invoke(cli, [*path, name, "--help"])
            assert result.exit_code == 0, (path, name, result.output)
            assert command.help, f"redchain {' '.join([*path, name])} has no help text"
            if hasattr(command, "commands"):
                walk(command, [*path, name])

    walk(cli, [])


def test_init_is_idempotent_and_status_reports_it(target: Target) -> None:
    first = target.invoke("db", "init", "--format", "json")
    assert first.exit_code == 0
    second = target.invoke("db", "init")
    assert second.output == "Schema already in place; nothing to do.\n"
    status = json.loads(target.invoke("db", "status", "--format", "json").output)
    assert status["backend"] == target.backend
    assert status["schema"] == "complete"
    assert "password" not in json.dumps(status).lower()


def test_stats_json_counts_labels_and_types(target: Target) -> None:
    with target.open() as engine:
        engine.run("CREATE (:Organization:Subdistrict {uscc: 'S', name: '南沙街道'})", write=True)
    stats = json.loads(target.invoke("db", "stats", "--format", "json").output)
    assert stats["labels"]["Subdistrict"] == 1
    assert stats["relationships"]["PARTNERS_WITH"] == 0


def test_reset_asks_first_and_yes_skips(target: Target) -> None:
    with target.open() as engine:
        engine.run("CREATE (:Chain {name: 'x'})", write=True)
    refused = target.invoke("db", "reset", input="n\n")
    assert refused.exit_code == 1
    assert "Aborted" in refused.output
    done = target.invoke("db", "reset", "--yes")
    assert done.output == "Deleted 1 nodes; the graph is empty.\n"


def test_runs_as_a_real_program(target: Target) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "redchain.cli.main", "db", "stats", "--format", "json"],
        env=target.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["labels"]["Organization"] == 0


def test_an_unreachable_neo4j_is_one_clear_line(monkeypatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")
    monkeypatch.setenv("NEO4J_PASSWORD", "secret-password")
    result = CliRunner().invoke(cli, ["--backend", "neo4j", "db", "status"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot reach Neo4j at bolt://127.0.0.1:1")
    assert "secret-password" not in result.output
