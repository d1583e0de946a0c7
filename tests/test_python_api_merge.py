"""Writing from Python: ``graph.merge()`` goes through the importer, on both engines."""

from __future__ import annotations

import datetime as dt

import pytest

from redchain.engines.base import Engine
from redchain.graph import (
    Activity,
    AmbiguousUnit,
    Base,
    Chain,
    Graph,
    Membership,
    MergeRefused,
    Participation,
    Partnership,
    TalentLink,
    Unit,
)
from redchain.uscc import check_character


def code(n: int, authority: str = "9") -> str:
    first17 = f"{authority}1440115MA5C8K2Q{n}"
    return first17 + check_character(first17)


def street() -> Unit:
    return Unit(uscc=code(0, "1"), name="南沙街道", domain="subdistrict")


def bank(n: int, **fields: object) -> Unit:
    return Unit(uscc=code(n), name=f"示例银行{n}号支行", domain="financial", **fields)


def nodes(graph: Engine) -> int:
    return int(graph.run("MATCH (n) WHERE NOT n:ImportRun RETURN count(n) AS c")[0]["c"])


def test_merge_creates_then_leaves_alone_then_updates(engine: Graph) -> None:
    assert engine.merge(street()).status == "created"
    first = bank(1, subdistrict="南沙街道", joined_on=dt.date(2025, 3, 1), phone="020-1")
    assert engine.merge(first).status == "created"
    assert engine.merge(first).status == "unchanged"
    read = engine.units.get(first.uscc)
    assert read.phone == "020-1" and read.subdistrict == "南沙街道"
    assert read.joined_on == dt.date(2025, 3, 1) and read.chain == "金桥红链"
    assert engine.merge(read).status == "unchanged"
    read.phone = "020-2"
    assert engine.merge(read).status == "updated"
    assert engine.units.get(first.name).phone == "020-2"
    # A field left None is left as the graph has it.
    assert engine.merge(bank(1)).status == "unchanged"
    assert engine.units.get(first.uscc).phone == "020-2"


def test_a_batch_is_checked_together_and_written_through_the_importer(engine: Graph) -> None:
    banks = [bank(n, subdistrict="南沙街道") for n in range(1, 4)]
    links = [
        Partnership(start=banks[0], end=banks[1].name, kind="企企", since=dt.date(2024, 5, 1)),
        Partnership(start=banks[0].uscc, end="南沙街道", kind="街企共建"),
    ]
    result = engine.merge(links, street(), banks)
    assert (result.created, result.updated, result.unchanged) == (6, 0, 0)
    assert result.kinds == {
        "partners": {"created": 4, "updated": 0, "unchanged": 0},
        "partnerships": {"created": 2, "updated": 0, "unchanged": 0},
    }
    runs = engine.run("MATCH (r:ImportRun) RETURN r.origin AS origin, r.kind AS kind")
    # One file, hence one import run, per kind and set of fields given.
    assert {(r["origin"], r["kind"]) for r in runs} == {
        ("python", "partners"),
        ("python", "partnerships"),
    }
    partners = engine.units.get(banks[0].uscc).partners(as_of="2025-01-01")
    assert sorted(u.name for u in partners) == sorted([banks[1].name, "南沙街道"])
    assert engine.units.get(banks[0].uscc).partners(as_of="2024-04-30").count() == 1
    assert engine.units.match(subdistrict="南沙街道").count() == 3
    again = engine.merge(banks, links)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)


def test_a_refused_merge_names_the_object_and_writes_nothing(engine: Graph) -> None:
    engine.merge(street())
    before = nodes(engine)
    broken = Unit(uscc=code(1)[:-1] + "X", name="错码银行", domain="financial")
    orphan = Partnership(start="南沙街道", end="没有这个单位", kind="街企")
    good = bank(2)
    with pytest.raises(MergeRefused) as refused:
        engine.merge(good, broken, orphan)
    problems = refused.value.problems
    assert len(problems) == 2
    assert problems[0].startswith(f"Unit({broken.uscc!r}), field uscc:")
    assert "not a valid credit code" in problems[0] and "Fix:" in problems[0]
    assert problems[1].startswith("Partnership('南沙街道' -> '没有这个单位'), field end:")
    assert nodes(engine) == before
    with pytest.raises(MergeRefused, match="field domain"):
        engine.merge(Unit(uscc=code(3), name="怪银行", domain="bakery"))
    with pytest.raises(Exception, match="takes objects such as Unit"):
        engine.merge({"uscc": code(4)})  # type: ignore[arg-type]


def test_dry_run_counts_and_writes_nothing(engine: Graph) -> None:
    result = engine.merge(street(), bank(1), dry_run=True)
    assert (result.created, result.written) == (2, False)
    assert nodes(engine) == 0


def test_ambiguous_names_raise_with_the_candidates(engine: Graph) -> None:
    engine.merge(bank(1, short_name="示例银行"), bank(2, short_name="示例银行"))
    with pytest.raises(AmbiguousUnit) as ambiguous:
        engine.units.get("示例银行")
    assert sorted(c["uscc"] for c in ambiguous.value.candidates) == [code(1), code(2)]
    assert "Give the credit code" in str(ambiguous.value)
    assert engine.units.get(code(2)).name == "示例银行2号支行"


def test_hostile_names_are_stored_and_matched_literally(engine: Graph) -> None:
    hostile = "x' OR '1'='1\" //"
    engine.merge(Unit(uscc=code(1), name=hostile, domain="financial"), bank(2))
    assert [u.uscc for u in engine.units.match(name=hostile)] == [code(1)]
    assert engine.units.get(hostile).uscc == code(1)
    assert engine.units.match(name__contains="' OR '").count() == 1
    assert engine.units.count() == 2


def test_chains_bases_activities_and_their_links(engine: Graph) -> None:
    master = Unit(uscc=code(5, "1"), name="示例金融局", domain="government")
    chain = Chain(name="示例链", master=master.name, founded_on=dt.date(2024, 1, 1))
    school = Unit(uscc=code(6, "1"), name="示例大学金融学院", domain="university")
    base = Base(name="示例基地", kind="分基地", host=master.uscc, chain="示例链")
    day = Activity(
        code="T-001",
        title="示例讲学",
        kind="三新讲学",
        date=dt.date(2024, 6, 1),
        base="示例基地",
        chain="示例链",
        key_project=True,
    )
    result = engine.merge(
        master,
        school,
        bank(1),
        chain,
        Membership(start=school, end="示例链", joined_on=dt.date(2024, 2, 1)),
        base,
        day,
        Participation(start=school, end=day, points=8.0, bonus=2.0),
        TalentLink(start=school, end=code(1), year=2024, interns=3, hires=1),
    )
    assert result.created >= 7
    assert engine.chains.get("示例链").master == "示例金融局"
    read = engine.bases.get("示例基地")
    assert (read.kind, read.host, read.chain) == ("sub_base", "示例金融局", "示例链")
    held = engine.activities.get("T-001")
    assert (held.base, held.chain, held.kind, held.key_project) == (
        "示例基地",
        "示例链",
        "lecture",
        True,
    )
    member = engine.units.match(chain="示例链", as_of="2024-03-01").first()
    assert member.name == "示例大学金融学院" and member.joined_on == dt.date(2024, 2, 1)
    assert [a.code for a in engine.units.get(school.uscc).activities()] == ["T-001"]
    points = engine.run(
        "MATCH (:Organization {uscc: $u})-[t:TOOK_PART_IN]->(:Activity) RETURN t.points AS p",
        u=school.uscc,
    )
    assert [float(r["p"]) for r in points] == [8.0]
