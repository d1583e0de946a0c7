"""kill -9 in the middle of an import, then the same import again: the graph of one clean run.

A real ``redchain import`` process writes a file big enough to take many transactions; it is
killed with SIGKILL once some of them have committed. Every write is an idempotent upsert and
each batch commits whole or not at all, so running the same import again must end with exactly
the graph a single uninterrupted import gives (``run_id`` stamps and the import records aside).
"""

from __future__ import annotations

import csv
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from test_import_support import dump

import redchain
from redchain import uscc
from redchain.importing.api import ImportOptions, import_files

N_ORGS = 900
BATCH = "100"
KILL_TIMEOUT_S = 60.0
DOMAINS = ("financial", "association", "government", "university")


def write_network(folder: Path) -> list[Path]:
    """Partners (nine subdistricts first, every other unit located in one) and partnerships."""
    rng = random.Random(11)
    codes = [uscc.make("9", "440115", rng) for _ in range(N_ORGS)]
    partners = folder / "partners.csv"
    with partners.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["uscc", "name", "domain", "subdistrict", "joined_on"])
        for i, code in enumerate(codes):
            domain = "subdistrict" if i < 9 else DOMAINS[i % 4]
            place = "" if i < 9 else f"街镇{i % 9}"
            writer.writerow(
                [code, f"街镇{i}" if i < 9 else f"单位{i}", domain, place, "2023-05-01"]
            )
    partnerships = folder / "partnerships.csv"
    with partnerships.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["from", "to", "kind", "since"])
        for i in range(N_ORGS):
            for step in (1, 13):
                writer.writerow([codes[i], codes[(i + step) % N_ORGS], "企企", "2023-06-01"])
    return [partners, partnerships]


def aof_bytes(data_dir: Path) -> int:
    return sum(p.stat().st_size for p in (data_dir / "appendonlydir").glob("*.aof"))


def kill_once_writing(process: subprocess.Popen[bytes], progressed: Callable[[], bool]) -> None:
    deadline = time.monotonic() + KILL_TIMEOUT_S
    while not progressed():
        assert process.poll() is None, "the import ended before it could be killed"
        assert time.monotonic() < deadline, "the import wrote nothing in time"
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()


def test_kill_9_mid_import_then_a_rerun_gives_the_graph_of_one_clean_run(
    target,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    files = write_network(tmp_path)
    command = [
        sys.executable,
        "-m",
        "redchain.cli.main",
        "import",
        *map(str, files),
        "--batch-size",
        BATCH,
    ]
    process = subprocess.Popen(
        command, env=target.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    if target.backend == "embedded":
        # Commands reach the append-only file as they commit; the schema takes the first few KB.
        kill_once_writing(process, lambda: aof_bytes(target.data_dir) > 60_000)
    else:
        with redchain.connect("neo4j") as watcher:
            count = "MATCH (o:Organization) RETURN count(o) AS c"
            kill_once_writing(process, lambda: watcher.run(count)[0]["c"] > 0)
    assert process.returncode == -signal.SIGKILL

    with target.open() as engine:
        partial = engine.run("MATCH ()-[p:PARTNERS_WITH]->() RETURN count(p) AS c")[0]["c"]
        runs = engine.run("MATCH (r:ImportRun) RETURN r.finished_at AS finished")
    assert partial < 2 * N_ORGS, "the kill came too late to interrupt anything"
    assert {r["finished"] for r in runs} == {None}, "the killed run is recorded as unfinished"

    rerun = subprocess.run(command, env=target.env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    with target.open() as engine:
        after_crash = dump(engine)
        if target.backend == "neo4j":
            engine.clear()
    clean_dir = tmp_path / "clean"
    with redchain.connect(target.backend, data_dir=clean_dir) as engine:
        report = import_files(engine, files, ImportOptions(batch_size=int(BATCH)))
        assert report.ok
        assert len(after_crash["nodes"]) == N_ORGS + 1  # the organisations and the chain
        assert dump(engine) == after_crash
