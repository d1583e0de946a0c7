"""Unique keys that a hand-written query could once break for good (issue 10, cases 1 and 7).

A key that is empty, starts with a space or is some 5 KB long, written with ``cypher --write``
into a graph without a schema, used to crash FalkorDB at the next ``db init`` and then at every
start, for every graph of the data directory; duplicate keys left a FAILED unique key behind.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from reliability_support import has_traceback, wait_until

import redchain
from redchain.cli.main import cli
from redchain.doctor import AOF_FOLDER, risky_commands

CRASH_KEYS = ["", " 91440101MA5CXXXX0X", "9" * 5000]


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output + (result.stderr if result.stderr_bytes else "")


@pytest.mark.parametrize("key", CRASH_KEYS, ids=["empty", "leading-space", "5KB"])
def test_a_crash_key_written_by_hand_never_makes_the_directory_unusable(
    target: Any, key: str
) -> None:
    cli_args = target.cli_args
    with target.open() as engine:
        engine.clear()
        engine.drop_schema()
    code, text = invoke(
        *cli_args,
        "--graph",
        "scratch",
        "cypher",
        "--write",
        "CREATE (:Organization {uscc: $k})",
        "-p",
        f"k={key}",
    )
    assert not has_traceback(text), text
    # The schema came first, so the key was checked as it arrived: refused or stored, never fatal.
    for command in (["db", "init"], ["db", "stats"], ["db", "reset", "--yes"], ["db", "stats"]):
        code, text = invoke(*cli_args, "--graph", "scratch", *command)
        assert code == 0, (command, text)
    code, text = invoke(*cli_args, "db", "stats", "--format", "json")
    assert code == 0, text
    code, text = invoke(*cli_args, "--graph", "scratch", "db", "doctor")
    assert code == 0, text


def test_keys_a_unique_key_cannot_hold_are_refused_by_name(target: Any) -> None:
    with target.open() as engine:
        engine.drop_schema()
        engine.run(
            "CREATE (:Organization {uscc: ''}), (:Organization {uscc: 'DUP'}), "
            "(:Organization {uscc: 'DUP'}), (:Chain {name: ' 金桥红链'})",
            write=True,
        )
    code, text = invoke(*target.cli_args, "db", "init")
    assert code == 1, text
    line = next(line for line in text.splitlines() if "Organization.uscc" in line)
    assert line.startswith("Error: cannot make Organization.uscc a unique key")
    assert "'' is empty" in line and "'DUP' is held by 2 nodes" in line
    # Nothing half-built is left: the key is reported missing, not FAILED, and the graph works.
    code, text = invoke(*target.cli_args, "db", "doctor", "--format", "json")
    assert code == 1
    report = json.loads(text[text.index("{") :])
    problems = {f["problem"] for f in report["findings"]}
    assert "failed unique key" not in problems
    details = " ".join(f["detail"] for f in report["findings"])
    assert "'DUP' is held by 2 nodes" in details and "' 金桥红链' starts or ends" in details
    with target.open() as engine:
        assert engine.run("MATCH (o:Organization) RETURN count(o) AS c") == [{"c": 3}]
        engine.run(
            "MATCH (o:Organization) WHERE toString(o.uscc) IN ['', 'DUP'] DETACH DELETE o",
            write=True,
        )
        engine.run("MATCH (c:Chain) SET c.name = trim(c.name)", write=True)
    code, text = invoke(*target.cli_args, "db", "doctor", "--repair")
    assert code == 0, text
    with target.open() as engine:
        assert ("Organization", "uscc") in engine.schema()["unique"]


def _crashing_directory(data_dir: Path) -> None:
    """What redchain before this fix could leave: a unique key built over an empty key, in the
    log of a directory that also holds a good graph."""
    with redchain.connect("embedded", data_dir=data_dir, graph="office") as engine:
        engine.run("CREATE (:Organization {uscc: 'GOOD', name: '南沙街道'})", write=True)
    with redchain.connect("embedded", data_dir=data_dir, graph="scratch") as engine:
        engine.drop_schema()
        engine.run("CREATE (:Organization {uscc: ''})", write=True)
        connection = engine._db.connection
        connection.execute_command(
            "GRAPH.QUERY", "scratch", "CREATE INDEX FOR (n:Organization) ON (n.uscc)"
        )
        connection.execute_command(
            "GRAPH.CONSTRAINT", "CREATE", "scratch", "UNIQUE", "NODE", "Organization",
            "PROPERTIES", 1, "uscc",
        )  # fmt: skip
        process = engine.server.process
        assert process is not None
        assert wait_until(lambda: process.poll() is not None, 30), "the server did not crash"


def test_db_doctor_repairs_a_directory_whose_server_crashes_at_start(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _crashing_directory(data_dir)
    args = ["--data-dir", str(data_dir)]
    code, text = invoke(*args, "--graph", "office", "db", "stats")
    assert code == 1 and "db doctor" in text and not has_traceback(text), text
    assert risky_commands(data_dir)
    code, text = invoke(*args, "db", "doctor")
    assert code == 1, text
    assert "scratch: crashes the server at start" in text
    assert "scratch: values that cannot be a unique key: Organization.uscc: '' is empty" in text
    code, text = invoke(*args, "db", "doctor", "--repair")
    assert code == 1, text  # the empty key is still there for the user to correct
    backups = list(data_dir.glob("doctor-backup-*"))
    assert len(backups) == 1 and (backups[0] / AOF_FOLDER).is_dir()
    code, text = invoke(
        *args, "--graph", "office", "cypher", "MATCH (o:Organization) RETURN o.name AS n"
    )
    assert code == 0 and "南沙街道" in text, text
    with redchain.connect("embedded", data_dir=data_dir, graph="office") as engine:
        assert ("Organization", "uscc") in engine.schema()["unique"]
    code, text = invoke(
        *args,
        "--graph",
        "scratch",
        "export",
        "--format",
        "jsonl",
        "--out",
        str(tmp_path / "s.jsonl"),
    )
    assert code == 0, text
