"""Two ``redchain import`` processes writing overlapping files into one graph at the same time
lose no row and duplicate no unit or partnership.

On the embedded engine the second process waits for the first (one owner per data directory);
on Neo4j both write at once, so two transactions race to create the same unit or partnership.
"""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path
from typing import Any

from reliability_support import (
    canonical_dump,
    duplicate_keys,
    run_redchain,
    start_redchain,
    wait_for_exit,
)

from redchain import schema

SAME_FILE_ROUNDS = 2


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def overlapping_halves(network: list[Path], out: Path) -> tuple[list[Path], list[Path]]:
    """Two self-contained imports sharing the units of every domain but finance and 20% of the
    financial institutions, with the partnerships among each import's own units."""
    files = {p.stem: p for p in network}
    header, partners = read_csv(files["partners"])
    others = [r for r in partners if r["domain"] != "金融机构"]
    financial = [r for r in partners if r["domain"] == "金融机构"]
    cut_a, cut_b = len(financial) * 6 // 10, len(financial) * 4 // 10
    halves = ([*others, *financial[:cut_a]], [*others, *financial[cut_b:]])
    link_header, links = read_csv(files["partnerships"])
    result = []
    for name, units in zip("ab", halves, strict=True):
        codes = {r["uscc"] for r in units}
        own_links = [r for r in links if r["from"] in codes and r["to"] in codes]
        result.append(
            [
                write_csv(out / f"partners_{name}.csv", header, units),
                write_csv(out / f"partnerships_{name}.csv", link_header, own_links),
            ]
        )
    return result[0], result[1]


def empty_graph(target: Any, data_dir: Path) -> Any:
    if target.backend == "neo4j":
        with target.open() as engine:
            engine.clear()
            schema.ensure(engine)
        return target
    return dataclasses.replace(target, data_dir=data_dir)


def test_two_imports_at_once_lose_nothing_and_duplicate_nothing(
    target: Any, network_files: list[Path], tmp_path: Path, record_property: Any
) -> None:
    files_a, files_b = overlapping_halves(network_files, tmp_path)
    whole = [p for p in network_files if p.stem in ("partners", "partnerships")]
    # The same files in both processes make the two write phases overlap the most; on the
    # embedded engine the processes take turns, so one round shows it.
    rounds = SAME_FILE_ROUNDS if target.backend == "neo4j" else 1
    scenarios = [("overlapping halves", files_a, files_b)]
    scenarios += [("the same files", whole, whole)] * rounds

    expected = {}
    for name, first_files, second_files in scenarios:
        if name in expected:
            continue
        reference = empty_graph(target, tmp_path / f"sequential-{len(expected)}")
        for files in dict.fromkeys((tuple(first_files), tuple(second_files))):
            done = run_redchain("import", *files, env=reference.env)
            assert done.returncode == 0, done.stderr
        with reference.open() as engine:
            expected[name] = canonical_dump(engine)
        # Every unit of either import, and their chain: a reference that lost rows fails here.
        units = {r["uscc"] for p in (first_files[0], second_files[0]) for r in read_csv(p)[1]}
        assert len(expected[name].nodes) == len(units) + 1

    for number, (name, first_files, second_files) in enumerate(scenarios, start=1):
        units = {r["uscc"] for f in (first_files[0], second_files[0]) for r in read_csv(f)[1]}
        pairs = {
            frozenset((r["from"], r["to"]))
            for f in (first_files[1], second_files[1])
            for r in read_csv(f)[1]
        }
        together = empty_graph(target, tmp_path / f"together-{number}")
        processes = [
            start_redchain("import", *files, env=together.env)
            for files in (first_files, second_files)
        ]
        for process in processes:
            out, err = wait_for_exit(process)
            assert process.returncode == 0, f"{name}: {err or out}"
        with together.open() as engine:
            found = engine.run("MATCH (o:Organization) RETURN count(o) AS n")[0]["n"]
            links = engine.run("MATCH ()-[r:PARTNERS_WITH]->() RETURN count(r) AS n")[0]["n"]
            repeated_units = duplicate_keys(engine)
            after = canonical_dump(engine)
        assert (repeated_units, after.repeated()) == ({}, {}), (
            f"{name}: units and relationships written twice (extra copies by type)"
        )
        assert (found, links) == (len(units), len(pairs)), name
        assert after == expected[name], after.difference(expected[name])

    record_property("rounds", len(scenarios))
    record_property("units", len(units))
    record_property("partnerships", len(pairs))
