"""The database going away under a running import: redchain rides it out or stops with a clear
message, nothing a finished command wrote is lost, and running the import again completes it.

Neo4j is restarted with ``scripts/neo4j-dev restart`` (same database, port and password), which
needs the server the tests use to be the one in ``REDCHAIN_NEO4J_HOME``, as in CI. The embedded
server is killed with SIGKILL, the way the kernel's OOM killer would.
"""

from __future__ import annotations

import dataclasses
import os
import random
import signal
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest
from reliability_support import (
    Dump,
    WatchedRun,
    assert_clear_failure,
    canonical_dump,
    child_pids,
    nodes_in_files,
    run_redchain,
    wait_until,
)

from redchain import schema

REPO = Path(__file__).resolve().parents[2]
NEO4J_DEV = REPO / "scripts" / "neo4j-dev"
SEED = 5
# Files of a first, finished import; the rest are imported while the server goes away.
FIRST = ("partners", "chains")


def split(network: list[Path]) -> tuple[list[Path], list[Path]]:
    first = [p for p in network if p.stem in FIRST]
    return first, [p for p in network if p.stem not in FIRST]


def holds(current: Dump, earlier: Dump) -> list[str]:
    """Lines of ``earlier`` missing from ``current`` (what a finished command lost)."""
    missing = sorted(set(earlier.nodes) - set(current.nodes))
    missing += sorted(set(earlier.relationships) - set(current.relationships))
    return missing


@pytest.mark.parametrize("target", ["embedded"], indirect=True)
def test_embedded_server_killed_under_an_import(
    target: Any, network_files: list[Path], tmp_path: Path, record_property: Any
) -> None:
    first, rest = split(network_files)
    clean = dataclasses.replace(target, data_dir=tmp_path / "clean")
    done = run_redchain("import", *network_files, env=clean.env)
    assert done.returncode == 0, done.stderr
    with clean.open() as engine:
        expected = canonical_dump(engine)
    assert len(expected.nodes) == nodes_in_files(network_files)

    graph = dataclasses.replace(target, data_dir=tmp_path / "graph")
    done = run_redchain("import", *first, env=graph.env)
    assert done.returncode == 0, done.stderr
    with graph.open() as engine:  # a new server, reading what the first one left on disk
        finished = canonical_dump(engine)
    assert len(finished.nodes) == nodes_in_files(first), "a finished import was lost"

    percent = random.Random(SEED).randint(10, 80)
    run = WatchedRun("import", *rest, "--batch-size", "20", env=graph.env)
    assert run.wait_for_percent(percent), run.finish()
    servers = child_pids(run.process.pid, "redis-server")
    assert len(servers) == 1, servers
    os.kill(servers[0], signal.SIGKILL)
    code, out, text = run.finish()
    message = assert_clear_failure(code, out, text)
    assert "embedded server" in message and "run the command again" in message, message

    with graph.open() as engine:
        assert holds(canonical_dump(engine), finished) == []
    again = run_redchain("import", *rest, env=graph.env)
    assert again.returncode == 0, again.stderr
    with graph.open() as engine:
        after = canonical_dump(engine)
    assert after == expected, after.difference(expected)
    record_property("killed_at_write_percent", percent)
    record_property("message", message)


def neo4j_dev_home_matches() -> str | None:
    """Why ``scripts/neo4j-dev restart`` cannot be used on the tests' Neo4j, or None."""
    status = subprocess.run(
        [str(NEO4J_DEV), "status"], capture_output=True, text=True, env=os.environ
    )
    uri = os.environ.get("NEO4J_URI", "")
    if status.returncode != 0 or not status.stdout.strip().endswith(uri):
        home = os.environ.get("REDCHAIN_NEO4J_HOME", "~/.cache/redchain/neo4j")
        return f"the Neo4j at {uri} is not the scripts/neo4j-dev server in {home}"
    return None


@pytest.mark.slow
@pytest.mark.parametrize("target", ["neo4j"], indirect=True)
def test_neo4j_restarted_during_an_import(
    target: Any, network_files: list[Path], record_property: Any
) -> None:
    reason = neo4j_dev_home_matches()
    if reason:
        if os.environ.get("REDCHAIN_REQUIRE_NEO4J") == "1":
            pytest.fail(f"{reason}; export REDCHAIN_NEO4J_HOME as for scripts/neo4j-dev start")
        pytest.skip(reason)
    files = network_files
    done = run_redchain("import", *files, env=target.env)
    assert done.returncode == 0, done.stderr
    with target.open() as engine:
        expected = canonical_dump(engine)
        engine.clear()
        schema.ensure(engine)
    assert len(expected.nodes) == nodes_in_files(files)

    percent = random.Random(SEED).randint(10, 60)
    run = WatchedRun("import", *files, "--batch-size", "20", env=target.env)
    assert run.wait_for_percent(percent), run.finish()
    restart: dict[str, Any] = {}

    def restart_neo4j() -> None:
        restart["result"] = subprocess.run(
            [str(NEO4J_DEV), "restart"], capture_output=True, text=True, env=os.environ
        )

    restarter = threading.Thread(target=restart_neo4j)
    restarter.start()
    code, out, text = run.finish()
    restarter.join()
    restarted = restart["result"]
    assert restarted.returncode == 0, restarted.stderr
    assert f"export NEO4J_URI={os.environ['NEO4J_URI']}\n" in restarted.stdout
    assert wait_until(lambda: neo4j_dev_home_matches() is None, 30)

    if code == 0:
        outcome = "the import rode out the restart"
    else:
        message = assert_clear_failure(code, out, text)
        assert "Neo4j" in message and "again" in message, message
        assert len(message.splitlines()) == 1, message
        outcome = f"stopped: {message.splitlines()[-1]}"
        again = run_redchain("import", *files, env=target.env)
        assert again.returncode == 0, again.stderr
    with target.open() as engine:
        after = canonical_dump(engine)
    assert after == expected, after.difference(expected)
    record_property("restarted_at_write_percent", percent)
    record_property("outcome", outcome)
