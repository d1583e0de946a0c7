"""The engine interface, run on both engines: what every other module relies on."""

from __future__ import annotations

import pytest

from redchain import graphinfo, schema
from redchain.engines.base import Engine, chunks
from redchain.errors import QueryError, ReadOnlyViolation
from redchain.model import ALL_LABELS, REL_TYPES


def test_parameters_carry_chinese_and_hostile_text_unchanged(engine: Engine) -> None:
    hostile = '金桥红链" }) MATCH (n) DETACH DELETE n //'
    engine.run("CREATE (:Chain {name: $name})", {"name": hostile}, write=True)
    rows = engine.run("MATCH (c:Chain) RETURN c.name AS name, c")
    assert rows == [{"name": hostile, "c": {"_labels": ["Chain"], "name": hostile}}]


def test_reads_cannot_write(engine: Engine) -> None:
    with pytest.raises(ReadOnlyViolation, match="--write"):
        engine.run("CREATE (:Chain {name: 'x'})")
    assert engine.run("MATCH (n) RETURN count(n) AS c") == [{"c": 0}]


def test_a_refused_query_raises_query_error(engine: Engine) -> None:
    with pytest.raises(QueryError):
        engine.run("MATCH (n RETURN n")


def test_unique_key_is_enforced(engine: Engine) -> None:
    engine.run("CREATE (:Organization {uscc: 'A', name: '甲'})", write=True)
    with pytest.raises(QueryError):
        engine.run("CREATE (:Organization {uscc: 'A', name: '乙'})", write=True)
    assert engine.run("MATCH (o:Organization) RETURN o.name AS name") == [{"name": "甲"}]


def test_a_failed_batch_writes_nothing(engine: Engine) -> None:
    engine.run("CREATE (:Organization {uscc: 'DUP'})", write=True)
    rows = [{"uscc": "NEW1"}, {"uscc": "DUP"}, {"uscc": "NEW2"}]
    with pytest.raises(QueryError):
        engine.write_batch("UNWIND $rows AS r CREATE (:Organization {uscc: r.uscc})", rows)
    assert engine.run("MATCH (o:Organization) RETURN o.uscc AS u") == [{"u": "DUP"}]


def test_write_batches_covers_every_row_once(engine: Engine) -> None:
    rows = ({"uscc": f"U{i:04d}"} for i in range(2_345))
    query = "UNWIND $rows AS r MERGE (:Organization {uscc: r.uscc}) RETURN count(*) AS c"
    sizes = [batch[0]["c"] for batch in engine.write_batches(query, rows, batch_size=1_000)]
    assert sizes == [1_000, 1_000, 345]
    assert engine.run("MATCH (o:Organization) RETURN count(o) AS c") == [{"c": 2_345}]


def test_schema_setup_is_idempotent(engine: Engine) -> None:
    assert schema.missing(engine) == []
    assert schema.ensure(engine) == []
    present = engine.schema()
    for item in schema.wanted():
        assert (item.label, item.prop) in present[item.kind]


def test_schema_comes_back_after_reset(engine: Engine) -> None:
    engine.run("CREATE (:Organization {uscc: 'A'})", write=True)
    assert engine.clear() == 1
    schema.ensure(engine)
    assert schema.missing(engine) == []
    assert engine.run("MATCH (n) RETURN count(n) AS c") == [{"c": 0}]


def test_stats_list_every_label_and_type_of_the_model(engine: Engine) -> None:
    engine.run(
        "CREATE (o:Organization:University {uscc: 'U'})-[:MEMBER_OF]->(:Chain {name: 'c'})",
        write=True,
    )
    counts = graphinfo.stats(engine)
    assert set(counts["labels"]) == set(ALL_LABELS)
    assert set(counts["relationships"]) == {r.type for r in REL_TYPES}
    assert counts["labels"]["University"] == 1
    assert counts["labels"]["GovernmentBody"] == 0
    assert counts["relationships"]["MEMBER_OF"] == 1


def test_dates_and_nodes_come_back_as_plain_values(engine: Engine) -> None:
    engine.run(
        "CREATE (:Activity {code: 'A1', date: $d, key_project: true})",
        {"d": "2024-05-01"},
        write=True,
    )
    rows = engine.run(
        "MATCH (a:Activity) RETURN a.date AS d, a.key_project AS k, "
        "date(a.date) < date('2025-01-01') AS before"
    )
    assert rows == [{"d": "2024-05-01", "k": True, "before": True}]


def test_version_names_the_engine(engine: Engine) -> None:
    assert engine.version().split()[0] in {"FalkorDB", "Neo4j", "Neo4j Kernel"}


def test_chunks_streams_lazily() -> None:
    def endless():
        i = 0
        while True:
            yield i
            i += 1

    first = next(chunks(endless(), 3))
    assert first == [0, 1, 2]
    with pytest.raises(ValueError):
        next(chunks([1], 0))
