"""The Python API on the shipped sample, on both engines: what an analyst reads in a notebook.

Expected answers come from the sample's own files, so both engines must give the same ones. The
graph is loaded once per engine for this module; nothing here writes to it.
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

import redchain
from redchain import querylib
from redchain.engines.base import Engine
from redchain.graph import (
    Activity,
    Graph,
    MissingExtra,
    ModelError,
    NotFound,
    Result,
    Unit,
    UnitNotFound,
)
from redchain.model import DEFAULT_CHAIN, DOMAINS, ORGANIZATION
from tests.conftest import ENGINES, skip_or_fail_without_neo4j

SAMPLE = Path(str(files("redchain") / "data" / "sample"))
DOMAIN_BY_ZH = {d.zh: d.key for d in DOMAINS}
AS_OF = "2024-12-31"


def sample_rows(name: str) -> list[dict[str, str]]:
    path = next(SAMPLE.glob(f"*_{name}.csv"))
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


PARTNERS = sample_rows("partners")
BY_NAME = {row["名称"]: row for row in PARTNERS}


@pytest.fixture(scope="module", params=ENGINES)
def graph(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Graph]:
    if request.param == "neo4j":
        skip_or_fail_without_neo4j()
        opened = redchain.connect("neo4j")
        opened.clear()
    else:
        opened = redchain.connect("embedded", data_dir=tmp_path_factory.mktemp("api") / "data")
    with opened:
        opened.load_sample(force=True)
        yield opened


def test_connect_gives_a_graph_that_is_still_an_engine(graph: Graph) -> None:
    assert isinstance(graph, Graph) and isinstance(graph, Engine)
    query = "MATCH (o:Organization {domain: $d}) RETURN o.name AS name ORDER BY name LIMIT $n"
    by_dict = graph.run(query, {"d": "university", "n": 2})
    by_keywords = graph.run(query, d="university", n=2)
    both = graph.run(query, {"d": "university"}, n=2)
    assert isinstance(by_dict, Result) and isinstance(by_dict, list)
    expected = sorted(r["名称"] for r in PARTNERS if r["领域"] == "高校金融学院")[:2]
    assert by_dict == by_keywords == both == [{"name": n} for n in expected]
    assert by_dict[0]["name"] == expected[0]
    assert graph.version() and graph.name in ("embedded", "neo4j")


def test_graph_passes_on_every_method_of_the_engine() -> None:
    """A method the engine interface gains must reach the real engine, not its default."""
    public = {n for n in dir(Engine) if not n.startswith("_")}
    own = set(vars(Graph))
    assert public <= own, f"Graph does not pass on: {sorted(public - own)}"


def test_the_done_when_frame_has_chinese_names_and_real_dates(graph: Graph) -> None:
    frame = graph.units.match(domain="financial", subdistrict="南沙街道").to_dataframe()
    expected = {
        r["名称"]: r for r in PARTNERS if r["领域"] == "金融机构" and r["所在街镇"] == "南沙街道"
    }
    assert sorted(frame["name"]) == sorted(expected)
    assert list(frame["uscc"]) == sorted(r["统一社会信用代码"] for r in expected.values())
    for _, row in frame.iterrows():
        source = expected[row["name"]]
        assert row["joined_on"] == dt.date.fromisoformat(source["加入日期"])
        assert isinstance(row["joined_on"], dt.date)
        assert row["subdistrict"] == "南沙街道" and row["domain"] == "financial"
        assert row["short_name"] == (source["简称"] or None)
    assert list(frame.columns[:3]) == ["uscc", "name", "name_en"]
    assert "run_id" not in frame.columns


def test_the_same_frame_on_either_engine(graph: Graph, tmp_path: Path) -> None:
    """The frame from this engine equals the one a fresh embedded graph of the sample gives."""
    with redchain.connect("embedded", data_dir=tmp_path / "data") as other:
        other.load_sample()
        expected = other.units.match(domain="financial", subdistrict="南沙街道").to_dataframe()
    frame = graph.units.match(domain="financial", subdistrict="南沙街道").to_dataframe()
    assert frame.equals(expected)


def test_domains_are_named_any_way_the_model_knows(graph: Graph) -> None:
    count = sum(r["领域"] == "高校金融学院" for r in PARTNERS)
    for name in ("university", "高校金融学院", "University finance school", "University"):
        assert graph.units.match(domain=name).count() == count
    with pytest.raises(ModelError, match="not a domain"):
        graph.units.match(domain="bakery")


def test_get_by_code_name_short_name_and_english_name(graph: Graph) -> None:
    row = BY_NAME["南沙开发区金融局"]
    for key in (row["统一社会信用代码"], row["名称"], row["简称"], row["英文名称"]):
        unit = graph.units.get(key)
        assert isinstance(unit, Unit)
        assert unit.uscc == row["统一社会信用代码"] and unit.name == "南沙开发区金融局"
    assert unit.domain_info is not None and unit.domain_info.zh == "政府部门"
    with pytest.raises(UnitNotFound) as missing:
        graph.units.get("银行")
    assert missing.value.suggestions and all("银行" in s["name"] for s in missing.value.suggestions)
    assert "no unit has" in str(missing.value)


def test_membership_counts_on_the_day_asked(graph: Graph) -> None:
    """The sample's one unit that left the chain is a member before it left, not after."""
    left = sample_rows("memberships")[0]
    name, left_on = left["单位"], dt.date.fromisoformat(left["退出日期"])
    members = graph.units.match(chain=DEFAULT_CHAIN, as_of=left_on - dt.timedelta(days=1))
    later = graph.units.match(chain=DEFAULT_CHAIN, as_of=AS_OF)
    assert members.where(name=name).count() == 1
    assert later.where(name=name).count() == 0
    in_chain = [row for row in PARTNERS if row["所属链"] == DEFAULT_CHAIN]
    assert later.count() == len(in_chain) - 1
    assert graph.units.match(chain="another chain", as_of=AS_OF).count() == 0


def test_where_order_limit_first_count(graph: Graph) -> None:
    banks = graph.units.match(domain="financial").where(name__contains="银行")
    expected = sorted(r["名称"] for r in PARTNERS if "银行" in r["名称"])
    assert banks.count() == len(expected)
    assert [u.name for u in banks.order_by("name")] == expected
    assert [u.name for u in banks.order_by("-name").limit(2)] == expected[::-1][:2]
    assert banks.order_by("name").first().name == expected[0]
    assert banks.limit(3).count() == 3
    assert banks.where(name__startswith="中国", name__endswith="分行").count() == sum(
        n.startswith("中国") and n.endswith("分行") for n in expected
    )
    codes = [BY_NAME[n]["统一社会信用代码"] for n in expected[:2]]
    assert sorted(u.name for u in graph.units.match(uscc__in=codes)) == sorted(expected[:2])
    no_phone = sum(not r["联系电话"] for r in PARTNERS)
    assert graph.units.match(phone__isnull=True).count() == no_phone
    assert graph.units.match(name="没有这个单位").first() is None


def test_matchers_refuse_what_the_model_does_not_have(graph: Graph) -> None:
    with pytest.raises(ModelError, match=r"Unit has no property 'nmae'.*uscc, name"):
        graph.units.match().where(nmae="x")
    with pytest.raises(ModelError, match="no property 'colour'"):
        graph.units.match().order_by("colour")
    with pytest.raises(ModelError, match="unknown operator 'like'"):
        graph.units.match(name__like="x")
    with pytest.raises(ModelError, match="not a valid date"):
        graph.activities.match(date__gte="next week")
    with pytest.raises(ModelError, match="works on text"):
        graph.activities.match(date__contains="2024")
    with pytest.raises(ModelError, match="isnull"):
        graph.units.match(phone=None)
    with pytest.raises(ModelError, match="whole number"):
        graph.units.match().limit(-1)
    with pytest.raises(AttributeError, match="Unit has no field 'colour'; its fields are: uscc"):
        _ = graph.units.get("南沙开发区金融局").colour


@pytest.mark.parametrize(
    "hostile",
    [
        "x' OR 1=1 //",
        '" OR true RETURN n //',
        "南沙街道'}) DETACH DELETE n //",
        "$name",
        "\\u0027 OR ''='",
    ],
)
def test_hostile_values_match_literally_and_change_nothing(graph: Graph, hostile: str) -> None:
    before = graph.run("MATCH (n) RETURN count(n) AS c")[0]["c"]
    assert graph.units.match(name=hostile).count() == 0
    assert graph.units.match(name__contains=hostile).all() == []
    assert graph.units.match().where(short_name__in=[hostile, "金融局"]).count() == 1
    with pytest.raises(UnitNotFound):
        graph.units.get(hostile)
    assert graph.run("MATCH (n) RETURN count(n) AS c")[0]["c"] == before


def counts_on(day: str, row: dict[str, str]) -> bool:
    return (not row["开始日期"] or row["开始日期"] <= day) and (
        not row["结束日期"] or row["结束日期"] > day
    )


def test_partners_activities_and_gaps_of_a_unit(graph: Graph) -> None:
    bureau = graph.units.get("南沙开发区金融局")
    partnerships = sample_rows("partnerships")
    for day in ("2022-06-30", AS_OF):
        expected = {
            r["乙方"] if r["甲方"] == bureau.name else r["甲方"]
            for r in partnerships
            if bureau.name in (r["甲方"], r["乙方"]) and counts_on(day, r)
        }
        assert {u.name for u in bureau.partners(as_of=day)} == expected
    mine = [r for r in partnerships if bureau.name in (r["甲方"], r["乙方"])]
    listed = bureau.partnerships()
    assert len(listed) == len(mine) and all(p.start == bureau.name for p in listed)
    assert sorted((p.end, p.kind, p.since) for p in listed) == sorted(
        (
            r["乙方"] if r["甲方"] == bureau.name else r["甲方"],
            r["类型"],
            dt.date.fromisoformat(r["开始日期"]) if r["开始日期"] else None,
        )
        for r in mine
    )
    assert len(bureau.partnerships(as_of="2022-06-30")) == sum(
        counts_on("2022-06-30", r) for r in mine
    )
    assert list(listed.to_dataframe().columns) == [
        "start",
        "end",
        "kind",
        "since",
        "until",
        "derived",
    ]
    financial = bureau.partners(as_of=AS_OF).where(domain="financial")
    assert all(u.domain == "financial" for u in financial)

    activities = {r["活动编号"]: r for r in sample_rows("activities")}
    took_part = {r["活动编号"] for r in sample_rows("participation") if r["单位"] == bureau.name}
    in_2024 = {c for c in took_part if activities[c]["活动日期"].startswith("2024")}
    found = bureau.activities(period=("2024-01-01", dt.date(2024, 12, 31)))
    assert {a.code for a in found} == in_2024
    assert all(isinstance(a, Activity) and a.date.year == 2024 for a in found)
    assert {a.code for a in bureau.activities()} == took_part

    insurer = graph.units.get("广州南沙保险科技有限公司")
    report = graph.gaps(as_of=AS_OF)
    listed = [g.name for g in report.gaps if any(i.get("uscc") == insurer.uscc for i in g.items)]
    gaps = insurer.gaps(as_of=AS_OF)
    assert "isolated" in listed and [g["gap"] for g in gaps] == listed
    assert list(gaps.to_dataframe().columns) == [
        "gap",
        "title_zh",
        "title_en",
        "advice_en",
        "as_of",
    ]
    assert bureau.partners(as_of="2020-01-01").count() == 0


def test_bases_activities_and_chains(graph: Graph) -> None:
    bases = sample_rows("bases")
    exhibition = sorted(r["基地名称"] for r in bases if r["基地类型"] == "党建展厅基地")
    for kind in ("exhibition", "党建展厅基地", "展厅基地", "Exhibition base"):
        assert sorted(b.name for b in graph.bases.match(kind=kind)) == exhibition
    hosted = sorted(r["基地名称"] for r in bases if r["依托单位"] == "南沙开发区金融局")
    assert sorted(b.name for b in graph.bases.match(host="金融局", chain=DEFAULT_CHAIN)) == hosted
    first = bases[0]
    base = graph.bases.get(first["基地名称"])
    assert base.host == first["依托单位"] and base.site == first["所在地点"]
    assert (
        base.opened_on == dt.date.fromisoformat(first["授牌日期"]) and base.chain == DEFAULT_CHAIN
    )
    with pytest.raises(NotFound, match="no Base has name"):
        graph.bases.get("没有的基地")
    with pytest.raises(ModelError, match="not a kind"):
        graph.bases.match(kind="museum")

    activities = sample_rows("activities")
    talent = [
        r for r in activities if r["活动类型"] == "人才活动" and r["活动日期"].startswith("2024")
    ]
    found = graph.activities.match(kind="talent", period=("2024-01-01", "2024-12-31"))
    assert found.count() == len(talent)
    latest = found.order_by("-date").first()
    assert latest.date == max(dt.date.fromisoformat(r["活动日期"]) for r in talent)
    at_base = [r["活动编号"] for r in activities if r["活动地点"] == first["基地名称"]]
    assert sorted(a.code for a in graph.activities.match(base=first["基地名称"])) == sorted(at_base)
    key = graph.activities.match(key_project=True).count()
    assert key == sum(r["重点项目"] == "是" for r in activities)
    one = graph.activities.get(activities[0]["活动编号"])
    assert one.key_project is True and one.chain == DEFAULT_CHAIN
    took_part = [r["单位"] for r in sample_rows("participation") if r["活动编号"] == one.code]
    assert sorted(u.name for u in one.participants()) == sorted(took_part)
    held = graph.bases.get(first["基地名称"]).activities(period=("2022-01-01", "2022-12-31"))
    assert sorted(a.code for a in held) == sorted(
        r["活动编号"]
        for r in activities
        if r["活动地点"] == first["基地名称"] and "2022" in r["活动日期"][:4]
    )

    chain = graph.chains.get(DEFAULT_CHAIN)
    source = sample_rows("chains")[0]
    assert chain.master == source["链主单位"]
    assert chain.founded_on == dt.date.fromisoformat(source["成立日期"])
    assert graph.nodes("ImportRun").count() == len(list(SAMPLE.glob("*.csv")))
    with pytest.raises(redchain.RedchainError, match="no node label 'Person'"):
        graph.nodes("Person")


def test_named_queries_and_results(graph: Graph) -> None:
    result = graph.query("gaps/isolated", as_of=dt.date(2024, 12, 31))
    assert result == querylib.run(graph.engine, "gaps/isolated", {"as_of": AS_OF})
    assert result.data() == list(result) and result
    frame = result.to_dataframe()
    assert list(frame.columns) == result.columns and len(frame) == len(result)
    table = result._repr_html_()
    assert table.count("<tr>") == len(result) + 1 and result[0]["name"] in table
    empty = graph.run("MATCH (o:Organization {name: $n}) RETURN o.name AS name", n="无")
    assert empty == [] and empty.to_dataframe().empty


def test_tables_escape_what_they_show() -> None:
    shown = Result([{"<b>name</b>": "<script>alert(1)</script>"}])._repr_html_()
    assert "<script>" not in shown and "&lt;script&gt;" in shown and "&lt;b&gt;" in shown
    many = Result([{"n": i} for i in range(120)])._repr_html_()
    assert many.count("<tr>") == 51 and "120 rows, first 50 shown" in many


def test_frames_without_pandas_say_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingExtra, match=r"pip install 'redchain\[notebook\]'"):
        Result([{"a": 1}]).to_dataframe()


def test_matches_show_as_tables_in_a_notebook(graph: Graph) -> None:
    match = graph.units.match(domain="university")
    shown = match._repr_html_()
    assert "<table" in shown and all(
        r["名称"] in shown for r in PARTNERS if r["领域"] == "高校金融学院"
    )
    assert match.data() == [u.to_dict() for u in match.all()]


def test_view_displays_inline(graph: Graph) -> None:
    view = graph.view(around="南沙街道", hops=1, as_of=AS_OF)
    assert view.stats["nodes"] > 1
    assert view._repr_html_().startswith("<iframe srcdoc=")
    with pytest.raises(redchain.RedchainError, match="not both"):
        graph.view(object(), hops=1)


def test_objects_follow_the_model() -> None:
    fields: list[Any] = [f for f in Unit.__dataclass_fields__]
    props = [p.name for p in ORGANIZATION.props if p.name != "run_id"]
    assert fields == [*props, "subdistrict", "chain", "joined_on"]
    assert Activity.__dataclass_fields__["date"].type == dt.date | None
    with pytest.raises(TypeError, match="uscc"):
        Unit(name="缺少信用代码", domain="financial")  # type: ignore[call-arg]
    unit = Unit(uscc="91440115MA5C8K2Q08", name="示例", domain="financial")
    with pytest.raises(redchain.RedchainError, match="not read from a graph"):
        unit.partners()


def test_a_match_shows_its_query_and_the_schema_helpers_work(graph: Graph) -> None:
    match = graph.units.match(domain="financial").where(name__contains="' OR 1=1")
    shown = repr(match)
    assert "not run yet" in shown and "$w0" in shown and "' OR 1=1" not in shown.split("param")[0]
    graph.ensure_schema()
    assert ("Organization", "uscc") in graph.schema()["unique"]
