"""After ``redchain demo`` the graph holds the model's types on both engines: dates compare as
dates in plain Cypher, counts are integers, and the gap report is the same on either engine."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

import redchain
from redchain import asof, demo, querylib
from redchain.engines.base import Engine
from redchain.gaps import gap_report
from redchain.model import NODE_TYPES, REL_TYPES
from tests.conftest import Target, skip_or_fail_without_neo4j

DOCS = Path(__file__).resolve().parent.parent / "docs"
# The sample's activities of 2024, counted from 06_activities.csv.
ACTIVITIES_2024 = 59


def test_after_the_demo_dates_compare_as_dates_in_plain_cypher(
    target: Target, tmp_path: Path
) -> None:
    loaded = target.invoke("demo", "--out-dir", str(tmp_path / "out"))
    assert loaded.exit_code == 0, loaded.output
    result = target.invoke(
        "cypher",
        "MATCH (a:Activity) WHERE a.date >= date('2024-01-01') RETURN count(a) AS n",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"n": ACTIVITIES_2024}]
    typed = target.invoke(
        "cypher",
        "MATCH (a:Activity)<-[t:TOOK_PART_IN]-() WHERE a.date = date($d) AND t.points IS NOT NULL "
        "RETURN a.date AS date, t.points AS points, a.key_project AS key LIMIT 1",
        "--param",
        "d:date=2024/3/15",
        "--format",
        "json",
    )
    assert typed.exit_code == 0, typed.output
    [row] = json.loads(typed.stdout)
    assert row["date"] == "2024-03-15" and type(row["points"]) is int
    assert type(row["key"]) is bool


def test_results_carry_python_dates_and_integers(target: Target, tmp_path: Path) -> None:
    with target.open() as engine:
        demo.load_sample(engine)
        [row] = engine.run(
            "MATCH (o)-[m:MEMBER_OF]->() WITH m ORDER BY m.joined_on LIMIT 1 "
            "RETURN m.joined_on AS joined"
        )
        assert type(row["joined"]) is dt.date
        points = engine.run("MATCH ()-[t:TOOK_PART_IN]->() RETURN t.points AS p, t.bonus AS b")
        # The sample types points on a few rows only; the rules score the others.
        assert {type(r["p"]) for r in points if r["p"] is not None} == {int}
        [run] = engine.run("MATCH (r:ImportRun) RETURN r.started_at AS s, r.rows AS n LIMIT 1")
        assert type(run["n"]) is int
        if engine.name == "neo4j":
            assert isinstance(run["s"], dt.datetime) and run["s"].tzinfo is not None
        else:  # FalkorDB has no zoned date-time: ISO text with its offset
            assert dt.datetime.fromisoformat(run["s"]).tzinfo is not None


def test_the_gap_report_json_is_identical_on_both_engines(tmp_path: Path) -> None:
    skip_or_fail_without_neo4j()
    reports = []
    for backend in ("embedded", "neo4j"):
        with redchain.connect(backend, data_dir=tmp_path / "data") as engine:
            demo.load_sample(engine, force=True)
            report = gap_report(
                engine, as_of=demo.SAMPLE_AS_OF, since=demo.SAMPLE_SINCE, period=demo.SAMPLE_PERIOD
            )
            reports.append(json.dumps(report.to_dict(), ensure_ascii=False, sort_keys=True))
    assert reports[0] == reports[1]
    assert '"as_of": "2024-12-31"' in reports[0] and '"ranked": 92' in reports[0]
    assert ".0," not in reports[0]  # points are whole numbers on both engines


def test_a_stale_date_is_noticed_with_the_date_to_use(engine: Engine) -> None:
    demo.load_sample(engine)
    check = asof.check(engine, dt.date(2026, 12, 1))
    assert check.stale and check.newest is not None and check.newest.year == 2024
    notice = check.notice()
    assert notice is not None
    assert re.fullmatch(
        r"note: the newest activity in the graph is on 2024-\d\d-\d\d, \d+ days before the date "
        r"used \(2026-12-01\); add --as-of 2024-\d\d-\d\d to view the network as it stood then",
        notice,
    )
    assert asof.check(engine, dt.date(2024, 12, 31)).notice() is None
    # Without --as-of every member is dormant; the notice is what explains it.
    today = gap_report(engine, as_of="2026-12-01")
    [members] = engine.run(
        "MATCH (:Organization)-[m:MEMBER_OF]->(:Chain {name: '金桥红链'}) WHERE m.left_on IS NULL "
        "OR m.left_on > date('2026-12-01') RETURN count(m) AS n"
    )
    assert today.gap("dormant_members").count == members["n"] > 90


def test_gaps_says_so_on_stderr_and_keeps_stdout_for_the_report(
    target: Target, tmp_path: Path
) -> None:
    assert target.invoke("demo", "--out-dir", str(tmp_path / "out")).exit_code == 0
    result = target.invoke("gaps", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["as_of"] == dt.date.today().isoformat()
    # In the report's language (Chinese by default), naming the date to use.
    assert result.stderr.startswith("注意：图中最近的活动在 2024-")
    assert "请加 --as-of 2024-" in result.stderr
    quiet = target.invoke("gaps", "--as-of", "2024-12-31", "--format", "json")
    assert quiet.stderr == ""


def test_db_status_always_names_the_graph(target: Target) -> None:
    result = target.invoke("db", "status", "--format", "json")
    assert result.exit_code == 0, result.output
    status = json.loads(result.stdout)
    if target.backend == "embedded":
        assert status["graph"] == f"the embedded graph 'redchain' in {target.data_dir}"
    else:
        assert status["graph"].startswith("Neo4j at bolt://")
    assert status["nodes"] == 0 and "redchain demo" in status["empty"]
    assert status["schema_version"] == 2 and status["migrate"] is None


@pytest.mark.parametrize("owner", [*NODE_TYPES, *REL_TYPES], ids=lambda o: str(o))
def test_docs_model_lists_each_property_with_its_type(owner: object) -> None:
    page = (DOCS / "model.md").read_text(encoding="utf-8")
    name = getattr(owner, "label", None) or getattr(owner, "type", "")
    for prop in getattr(owner, "props", ()):
        if prop.name != "run_id":
            assert f"| `{name}` | `{prop.name}` | {prop.type} |" in page, (name, prop.name)


def test_date_parameters_are_dates() -> None:
    resolved = querylib.resolve(querylib.get("gaps/isolated"), {"as_of": "2024年6月30日"})
    assert resolved["as_of"] == dt.date(2024, 6, 30)
