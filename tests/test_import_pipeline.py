"""The importer's write path: lean typed parameters, the fast FalkorDB header, typed run times."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from redchain.engines import header
from redchain.engines.base import Engine
from redchain.importing.api import ImportOptions, import_files

TRICKY = [
    'a "quoted" word',
    "back\\slash and \\u00e9 typed as six characters",
    "line\nbreak, carriage\rreturn, tab\there",
    "南沙街道（示例）、金桥红链 😀",
    "",
]


def test_the_header_takes_the_escapes_falkordb_reads_and_declines_the_rest() -> None:
    text = header.encode({"rows": [[0, 'say "hi"\\', "中文"]], "run_id": "x"})
    assert text == 'CYPHER rows=[[0,"say \\"hi\\"\\\\","中文"]] run_id="x" '
    # FalkorDB keeps \\uXXXX as six characters, so a value JSON would spell so goes the
    # client's way, as do maps (FalkorDB wants bare keys) and half characters.
    assert header.encode({"rows": [["bell\x07"]]}) is None
    assert header.encode({"rows": [["\ud800"]]}) is None
    assert header.encode({"rows": [[{"k": 1}]]}) is None
    assert header.encode({"x": float("nan")}) is None


def test_rows_of_tricky_text_come_back_as_sent(engine: Engine) -> None:
    rows = [[i, text, i * 10, i % 2 == 0, None] for i, text in enumerate(TRICKY)]
    found = engine.run_rows(
        "UNWIND $rows AS r RETURN r[0] AS i, r[1] AS text, r[2] AS n, r[3] AS flag, "
        "r[4] AS nothing, $run_id AS run",
        rows,
        {"run_id": "run-1"},
        write=False,
    )
    assert [[f["i"], f["text"], f["n"], f["flag"], f["nothing"]] for f in found] == rows
    assert {f["run"] for f in found} == {"run-1"}


def test_control_characters_and_half_characters_still_get_a_clear_error(engine: Engine) -> None:
    # Not what the normalisers hand on; the lean path steps aside and the usual checks speak.
    found = engine.run_rows("UNWIND $rows AS r RETURN r[0] AS t", [["bell\x07"]], write=False)
    assert found == [{"t": "bell\x07"}]
    with pytest.raises(Exception, match=r"surrogate|half|not text|encode"):
        engine.run_rows("UNWIND $rows AS r RETURN r[0] AS t", [["\ud800"]], write=False)


def test_counts_are_integers_and_run_times_in_order(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "partners.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["统一社会信用代码", "名称", "领域", "加入日期"])
        writer.writerow(["11440115MB2C92160L", "南沙街道", "基层街镇", "2023/5/1"])
    report = import_files(engine, [path], ImportOptions())
    counts = report.by_kind()["partners"]
    assert counts["created"] == 1 and all(type(v) is int for v in counts.values())
    # Run times are DATETIME on Neo4j and ISO text with the offset on FalkorDB (docs/model.md);
    # either way they order in time (tests/test_typed_values.py checks their types).
    [run] = engine.run(
        "MATCH (x:ImportRun) RETURN x.created AS created, x.started_at <= x.finished_at AS ordered"
    )
    assert run == {"created": 1, "ordered": True}
    assert type(run["created"]) is int
    [member] = engine.run(
        "MATCH ()-[m:MEMBER_OF]->() RETURN m.joined_on = date('2023-05-01') AS is_date"
    )
    assert member == {"is_date": True}


def test_every_kind_has_a_write_plan() -> None:
    from redchain.importing.kinds import KINDS
    from redchain.importing.writer import PLANS

    assert set(PLANS) == {kind.name for kind in KINDS}
