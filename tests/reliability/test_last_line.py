"""Messages instead of tracebacks (issue 10, case 5), and the last line of defence behind them.

An unexpected exception in a command prints one line naming the crash report, written inside the
data directory, and exits 2; the suite's conftest fails any test that leaves such a report.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from reliability_support import has_traceback

from redchain import graphinfo
from redchain.cli.main import cli


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.output


def test_an_unexpected_error_is_one_line_and_a_private_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(engine: Any) -> Any:
        raise ZeroDivisionError("a fault of redchain")

    monkeypatch.setattr(graphinfo, "stats", broken)
    data_dir = tmp_path / "data"
    code, text = run("--data-dir", str(data_dir), "db", "stats")
    assert code == 2
    assert not has_traceback(text), text
    # An empty graph is named on a line of its own; the failure is one Error line.
    [line] = [text_line for text_line in text.splitlines() if text_line.startswith("Error:")]
    assert line.startswith("Error: redchain db failed unexpectedly (ZeroDivisionError: a fault")
    [report] = (data_dir / "crash-reports").iterdir()
    assert str(report) in line
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    body = report.read_text()
    assert "Traceback" in body and "a fault of redchain" in body
    report.unlink()  # looked at: not a crash of the suite


@pytest.mark.parametrize("timeout", ["1e308", "inf", "nan", "-1"])
def test_an_unusable_timeout_is_one_line(target: Any, timeout: str) -> None:
    result = target.invoke("cypher", "--timeout", timeout, "RETURN 1 AS one")
    assert result.exit_code in (1, 2), result.output
    assert not has_traceback(result.output)
    assert "timeout" in result.output


@pytest.mark.parametrize(
    "uri", ["http://localhost:7474", "bolt://[::1", "bolt://localhost:port", "localhost:7687"]
)
def test_a_neo4j_address_that_is_not_one_is_one_line(uri: str) -> None:
    env = {"NEO4J_URI": uri, "NEO4J_PASSWORD": "x"}
    code, text = run("--backend", "neo4j", "db", "stats", env=env)
    assert code == 1, text
    assert not has_traceback(text)
    [line] = text.splitlines()
    assert line.startswith("Error: NEO4J_URI") and "bolt://localhost:7687" in line


@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31"])
def test_a_date_at_the_calendars_ends_is_one_line(tmp_path: Path, as_of: str) -> None:
    data_dir = str(tmp_path / "data")
    code, text = run("--data-dir", data_dir, "demo", "--out-dir", str(tmp_path / "demo"))
    assert code == 0, text
    code, text = run("--data-dir", data_dir, "gaps", "--as-of", as_of)
    assert code in (0, 1), text
    assert not has_traceback(text)


def test_a_server_that_cannot_start_says_why_in_its_own_words(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    run("--data-dir", str(data_dir), "db", "init")
    # An append-only file that is not one: the server refuses it at start.
    manifest = next((data_dir / "appendonlydir").glob("*.manifest"))
    manifest.write_text("this is not a manifest\n")
    os.chmod(manifest, 0o600)
    with (data_dir / "server.log").open("a") as log:
        log.write("an old line from an earlier run\n")
    code, text = run("--data-dir", str(data_dir), "db", "stats")
    assert code == 1 and not has_traceback(text), text
    assert "exited at start" in text
    assert "an old line from an earlier run" not in text
