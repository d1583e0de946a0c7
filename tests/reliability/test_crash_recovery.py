"""A ``redchain import`` killed with SIGKILL at random points while it writes, then run again,
leaves the graph one clean import gives: finished batches stay, a torn batch leaves nothing, the
re-run fills in the rest and duplicates nothing.

The kill points are drawn from a clean import of the same files: a point in its write progress
(as its progress bar shows it) and a delay of up to one batch's measured write time after it, so
that kills land between batches and inside them.
"""

from __future__ import annotations

import dataclasses
import random
import shutil
import time
from pathlib import Path
from typing import Any

from reliability_support import (
    WatchedRun,
    canonical_dump,
    duplicate_keys,
    nodes_in_files,
    run_redchain,
)

from redchain import schema

SEED = 71
KILLS = 5
# Dozens of write transactions for the network_files fixture.
BATCH = 40
# Relationship types each row of its file creates exactly once: a killed graph holds a whole
# number of batches of them, or the whole file.
ONE_PER_ROW = ("PARTNERS_WITH", "TOOK_PART_IN")


def fresh(target: Any, tmp_path: Path, name: str) -> Any:
    """An empty graph: a new data directory, or the emptied Neo4j database."""
    if target.backend == "neo4j":
        with target.open() as engine:
            engine.clear()
            schema.ensure(engine)
        return target
    data_dir = tmp_path / name
    shutil.rmtree(data_dir, ignore_errors=True)
    return dataclasses.replace(target, data_dir=data_dir)


def counts(target: Any) -> dict[str, int]:
    with target.open() as engine:
        rows = engine.run("MATCH ()-[r]->() RETURN type(r) AS t, count(r) AS c")
        nodes = engine.run("MATCH (n) WHERE NOT n:ImportRun RETURN count(n) AS c")[0]["c"]
    return {"nodes": nodes, **{r["t"]: r["c"] for r in rows}}


def test_import_killed_at_random_points_then_run_again_equals_one_clean_import(
    target: Any, network_files: list[Path], tmp_path: Path, record_property: Any
) -> None:
    args = ("import", *network_files, "--batch-size", str(BATCH))

    clean_target = fresh(target, tmp_path, "clean")
    clean_run = WatchedRun(*args, env=clean_target.env)
    code, _, text = clean_run.finish()
    assert code == 0, text
    writing_at = clean_run.seen("writing")
    assert writing_at is not None and clean_run.write_updates, f"no progress shown:\n{text}"
    batch_seconds = (clean_run.ended - writing_at) / clean_run.write_updates
    with clean_target.open() as engine:
        clean = canonical_dump(engine)
    assert len(clean.nodes) == nodes_in_files(network_files)
    clean_counts = counts(clean_target)

    rng = random.Random(f"{SEED}-{target.backend}")
    kills = []
    for number in range(1, KILLS + 1):
        percent = rng.randint(2, 92)
        delay = rng.uniform(0.0, batch_seconds)
        killed = fresh(target, tmp_path, f"kill-{number}")
        run = WatchedRun(*args, env=killed.env)
        assert run.wait_for_percent(percent), run.finish()
        time.sleep(delay)
        ended_first = run.process.poll() is not None
        run.kill()

        partial = counts(killed)
        for rel_type in ONE_PER_ROW:
            count = partial.get(rel_type, 0)
            assert count % BATCH == 0 or count == clean_counts[rel_type], (
                f"a kill at {percent}% + {delay:.3f} s left {count} {rel_type}: not a whole "
                f"number of batches of {BATCH}, so a batch was torn"
            )
        kills.append(
            {
                "at": f"{percent}% + {delay * 1000:.0f} ms",
                "nodes_before_rerun": partial["nodes"],
                "relationships_before_rerun": sum(partial.values()) - partial["nodes"],
                "mid_write": not ended_first and partial != clean_counts,
            }
        )

        again = run_redchain(*args, env=killed.env)
        assert again.returncode == 0, again.stderr
        with killed.open() as engine:
            after = canonical_dump(engine)
            assert duplicate_keys(engine) == {}
        assert after == clean, (
            f"after a kill at {percent}% + {delay:.3f} s and a re-run the graph differs from "
            f"one clean import ({after.size} vs {clean.size}):\n{after.difference(clean)}"
        )

    record_property("kills", kills)
    record_property("graph", clean.size)
    # A kill after the last write proves little: every kill must land while the import writes.
    assert all(k["mid_write"] for k in kills), kills
