"""Cypher injection through every input: cell values, names, headers, ``--map``, ``--kind``,
domain values, query names, ``--param`` names and values, view and report options.

Where the input is data it is stored verbatim and nothing else changes; everywhere else it is
refused with a message or used as a value, and the graph stays as it was.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_support import canonical_dump, has_traceback

from redchain import uscc
from redchain.cli.main import cli
from redchain.engines.base import Engine
from redchain.model import ALL_LABELS, NODE_TYPES, REL_TYPES, SCHEMA_LABEL

# Each tries to end the string or map it sits in and run a clause of its own. All are already
# in normal form (single spaces, no control characters), so the importer stores them as written.
PAYLOADS = (
    "'}) MATCH (n) DETACH DELETE n //",
    '"}) MATCH (n) DETACH DELETE n //',
    "x` MATCH (n) DETACH DELETE n //",
    "\\' }) CREATE (:Pwned) //",
    '\\" }) CREATE (:Pwned {via: 1}) //',
    "$rows",
    "{name: 'x'}) CREATE (:Pwned",
    "CYPHER x=1 MATCH (n) DETACH DELETE n",
    "1' OR '1'='1",
    "Robert'); DROP TABLE units;--",
    ":Pwned",
    "x\\u0027 CREATE (:Pwned) //",
)
ROUND_TRIPS = 100
KNOWN_PROPS = {p.name for n in NODE_TYPES for p in n.props} | {
    p.name for r in REL_TYPES for p in r.props
}


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def codes(count: int) -> list[str]:
    rng = random.Random(7)
    return [uscc.make("9", "440115", rng) for _ in range(count)]


def invoke(target: Any, *args: str) -> Any:
    """``redchain ARGS`` in-process; an exception other than a click exit fails the test."""
    result = CliRunner().invoke(cli, [*target.cli_args, *args], catch_exceptions=False)
    assert not has_traceback(result.output), result.output
    return result


def shape(engine: Engine) -> dict[str, set[str]]:
    """Every label, relationship type and property key in the graph."""
    labels = engine.run("MATCH (n) UNWIND labels(n) AS l RETURN DISTINCT l")
    types = engine.run("MATCH ()-[r]->() RETURN DISTINCT type(r) AS t")
    keys = engine.run("MATCH (n) UNWIND keys(n) AS k RETURN DISTINCT k")
    rel_keys = engine.run("MATCH ()-[r]->() UNWIND keys(r) AS k RETURN DISTINCT k")
    return {
        "labels": {r["l"] for r in labels},
        "types": {r["t"] for r in types},
        "keys": {r["k"] for r in keys} | {r["k"] for r in rel_keys},
    }


@pytest.fixture
def baseline(target: Any, network_files: list[Path]) -> Any:
    """A graph holding the network's units and chain."""
    first = [p for p in network_files if p.stem in ("partners", "chains")]
    result = invoke(target, "import", *map(str, first))
    assert result.exit_code == 0, result.output
    return target


def test_hostile_cell_values_and_names_are_stored_verbatim_and_change_nothing_else(
    baseline: Any, tmp_path: Path, network_files: list[Path]
) -> None:
    with baseline.open() as engine:
        before = canonical_dump(engine)
        subdistrict = engine.run(
            "MATCH (s:Subdistrict) RETURN s.uscc AS c ORDER BY s.uscc LIMIT 1"
        )[0]["c"]
    units = list(zip(codes(len(PAYLOADS)), PAYLOADS, strict=True))
    partners = write_csv(
        tmp_path / "partners.csv",
        ["uscc", "name", "domain", "subdistrict", "name_en", "address", "contact", "phone"],
        [[c, p, "金融机构", subdistrict, p, p, p, p] for c, p in units],
    )
    # Partnerships name their units by these names, bases by them too.
    partnerships = write_csv(
        tmp_path / "partnerships.csv",
        ["from", "to", "kind"],
        [[p, subdistrict, "街企"] for _, p in units],
    )
    bases = write_csv(
        tmp_path / "bases.csv",
        ["name", "kind", "host", "site"],
        [[f"基地{p}", "分基地", p, p] for _, p in units],
    )
    result = invoke(baseline, "import", str(partners), str(partnerships), str(bases))
    assert result.exit_code == 0, result.output

    with baseline.open() as engine:
        after = canonical_dump(engine)
        stored = engine.run(
            "MATCH (o:Organization) WHERE o.uscc IN $codes "
            "OPTIONAL MATCH (b:Base)-[:HOSTED_BY]->(o) "
            "RETURN o.uscc AS uscc, [o.name, o.name_en, o.address, o.contact, o.phone] AS text, "
            "b.name AS base, b.site AS site",
            {"codes": [c for c, _ in units]},
        )
        found = shape(engine)
    expected = {c: ([p] * 5, f"基地{p}", p) for c, p in units}
    assert {r["uscc"]: (r["text"], r["base"], r["site"]) for r in stored} == expected
    # Nothing the import did not intend: the earlier graph is whole, and the additions are the
    # units, bases and their links, under the model's labels, types and properties only.
    assert set(before.nodes) <= set(after.nodes)
    assert set(before.relationships) <= set(after.relationships)
    assert len(after.nodes) == len(before.nodes) + 2 * len(units)
    # Per unit: membership, subdistrict, partnership, base host and base chain.
    assert len(after.relationships) == len(before.relationships) + 5 * len(units)
    assert found["labels"] <= {*ALL_LABELS, SCHEMA_LABEL}
    assert found["types"] <= {r.type for r in REL_TYPES}
    assert found["keys"] <= KNOWN_PROPS


def hostile_header_file(tmp_path: Path, payload: str) -> Path:
    return write_csv(
        tmp_path / "headers.csv",
        ["uscc", "name", "domain", payload],
        [[codes(1)[0], "示例银行", "金融机构", "x"]],
    )


def refused_inputs(tmp_path: Path, payload: str) -> dict[str, list[str]]:
    """Commands whose hostile part is not data: each must be refused or used as a value."""
    units = write_csv(
        tmp_path / "units.csv", ["uscc", "name", "domain"], [[codes(1)[0], "示例银行", payload]]
    )
    plain = write_csv(
        tmp_path / "plain.csv", ["uscc", "name", "domain"], [[codes(1)[0], "示例银行", "金融机构"]]
    )
    return {
        "header": ["import", str(hostile_header_file(tmp_path, payload))],
        "domain value": ["import", str(units)],
        # A dry run: the plain file itself may be imported.
        "--map source": ["import", str(plain), "--map", f"{payload}=name", "--dry-run"],
        "--map target": ["import", str(plain), "--map", f"name={payload}", "--dry-run"],
        "--kind": ["import", str(plain), "--kind", payload, "--dry-run"],
        "--encoding": ["import", str(plain), "--encoding", payload, "--dry-run"],
        "--sheet": ["import", str(plain), "--sheet", payload, "--dry-run"],
        "query name": ["query", "run", payload],
        "--param name": ["query", "run", "gaps/isolated", "--param", f"{payload}=1"],
        "--param value": ["query", "run", "explore/search", "--param", f"text={payload}"],
        "--param as_of": ["query", "run", "gaps/isolated", "--param", f"as_of={payload}"],
        "--chain of a query": ["query", "run", "gaps/isolated", "--param", f"chain={payload}"],
        "cypher --param value": [
            "cypher",
            "MATCH (o:Organization {name: $n}) RETURN o.uscc AS uscc",
            "--param",
            f"n={payload}",
        ],
        "cypher --param name": ["cypher", "RETURN 1 AS one", "--param", f"{payload}=1"],
        "viz --around": ["viz", "--around", payload, "--out", str(tmp_path / "v.html")],
        "viz --domain": ["viz", "--domain", payload, "--out", str(tmp_path / "v.html")],
        "gaps --chain": ["gaps", "--chain", payload],
        "export --query": [
            *("export", "--query", payload, "--format", "csv", "--out", str(tmp_path / "q.csv"))
        ],
    }


# One payload per way out of a literal: a single quote, a double quote, a backtick, and an
# escaped quote for the embedded engine's parameter header.
@pytest.mark.parametrize("payload", PAYLOADS[:5])
def test_hostile_names_headers_options_and_parameters_change_nothing(
    baseline: Any, tmp_path: Path, payload: str
) -> None:
    with baseline.open() as engine:
        before = canonical_dump(engine)
    outcomes = {}
    for what, args in refused_inputs(tmp_path, payload).items():
        result = invoke(baseline, *args)
        assert result.exit_code in (0, 1, 2), (what, result.output)
        outcomes[what] = result.exit_code
    with baseline.open() as engine:
        after = canonical_dump(engine)
        assert "Pwned" not in shape(engine)["labels"]
    assert after == before, after.difference(before)
    # Only a value may pass; anything that names structure must be refused.
    for what in ("header", "domain value", "--map target", "--kind", "query name"):
        assert outcomes[what] != 0, f"{what} {payload!r} was accepted"


def test_a_write_query_without_write_is_refused_and_changes_nothing(baseline: Any) -> None:
    with baseline.open() as engine:
        before = canonical_dump(engine)
    result = invoke(baseline, "cypher", "MATCH (n) DETACH DELETE n")
    assert result.exit_code == 1
    assert "--write" in result.output
    with baseline.open() as engine:
        assert canonical_dump(engine) == before


text_values = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), min_size=0, max_size=60
) | st.sampled_from(PAYLOADS)


@settings(
    max_examples=ROUND_TRIPS,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(first=text_values, second=text_values)
def test_any_text_goes_in_and_out_as_data(engine: Engine, first: str, second: str) -> None:
    """The embedded engine sends parameters as a text header: quotes, backslashes and the rest
    must arrive as the same text, and write nothing but the one node. (The text goes into
    properties that are not unique keys: FalkorDB 4.16 crashes on a unique key value that
    starts or ends with a space or is over 4,096 bytes; the importer never writes one.)"""
    engine.run(
        "CREATE (b:Base {name: 'round trip', kind: $first, site: $second})",
        {"first": first, "second": second},
        write=True,
    )
    rows = engine.run("MATCH (n) RETURN n.kind AS kind, n.site AS site, labels(n) AS l")
    engine.run("MATCH (n) DETACH DELETE n", write=True)
    assert rows == [{"kind": first, "site": second, "l": ["Base"]}]
