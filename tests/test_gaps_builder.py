"""A small declarative builder of chain networks for the query and gap tests.

Tests state a network whose answers are known by construction (``Network().org(...)``), write it
to a real engine with parameterised Cypher built from the model's labels, and compare the query
results with what they built. The tests at the bottom check the builder itself.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from redchain.engines.base import Engine
from redchain.model import (
    ACTIVITY,
    ACTIVITY_OF,
    BASE,
    CHAIN,
    DEFAULT_CHAIN,
    DOMAIN_BY_KEY,
    HELD_AT,
    HOSTED_BY,
    LED_BY,
    LOCATED_IN,
    MEMBER_OF,
    ORGANIZATION,
    PART_OF,
    PARTNERS_WITH,
    SUPPLIES_TALENT,
    TOOK_PART_IN,
    typed_value,
)


def _props(**values: Any) -> dict[str, Any]:
    """Properties without the empty ones: an absent date is an absent property."""
    return {k: v for k, v in values.items() if v is not None}


def _assign(var: str, *names: str) -> str:
    """``SET`` each property from ``row.props`` with the model's type (dates through date())."""
    return "SET " + ", ".join(f"{var}.{n} = {typed_value(n, 'row.props')}" for n in names)


@dataclass
class Network:
    orgs: list[dict[str, Any]] = field(default_factory=list)
    chains: list[dict[str, Any]] = field(default_factory=list)
    memberships: list[dict[str, Any]] = field(default_factory=list)
    partnerships: list[dict[str, Any]] = field(default_factory=list)
    locations: list[dict[str, Any]] = field(default_factory=list)
    bases: list[dict[str, Any]] = field(default_factory=list)
    activities: list[dict[str, Any]] = field(default_factory=list)
    participation: list[dict[str, Any]] = field(default_factory=list)
    talent: list[dict[str, Any]] = field(default_factory=list)

    def chain(self, name: str = DEFAULT_CHAIN, master: str | None = None) -> Network:
        self.chains.append({"name": name, "master": master})
        return self

    def org(
        self,
        uscc: str,
        name: str,
        domain: str,
        *,
        joined: str | None = "2020-01-01",
        left: str | None = None,
        chain: str | None = DEFAULT_CHAIN,
        subdistrict: str | None = None,
    ) -> Network:
        """An organisation, by default a member of the chain since 2020."""
        self.orgs.append({"uscc": uscc, "name": name, "domain": domain})
        if chain is not None:
            self.member(uscc, chain=chain, joined=joined, left=left)
        if subdistrict is not None:
            self.locations.append({"org": uscc, "subdistrict": subdistrict})
        return self

    def member(
        self,
        uscc: str,
        *,
        chain: str = DEFAULT_CHAIN,
        joined: str | None = None,
        left: str | None = None,
    ) -> Network:
        self.memberships.append(
            {"org": uscc, "chain": chain, "props": _props(joined_on=joined, left_on=left)}
        )
        return self

    def partner(
        self,
        a: str,
        b: str,
        *,
        since: str | None = "2020-06-01",
        until: str | None = None,
        kind: str = "企企",
    ) -> Network:
        self.partnerships.append(
            {"a": a, "b": b, "props": _props(kind=kind, since=since, until=until)}
        )
        return self

    def base(
        self,
        name: str,
        host: str,
        *,
        kind: str = "sub_base",
        opened: str | None = "2020-01-01",
        chain: str = DEFAULT_CHAIN,
    ) -> Network:
        self.bases.append(
            {
                "name": name,
                "host": host,
                "chain": chain,
                "props": _props(name=name, kind=kind, opened_on=opened),
            }
        )
        return self

    def activity(
        self,
        code: str,
        date: str,
        *,
        base: str | None = None,
        chain: str = DEFAULT_CHAIN,
        kind: str = "party_day",
    ) -> Network:
        self.activities.append(
            {
                "code": code,
                "base": base,
                "chain": chain,
                "props": _props(code=code, title=f"活动 {code}", kind=kind, date=date),
            }
        )
        return self

    def took_part(
        self, org: str, activity: str, points: int | None = None, bonus: int | None = None
    ) -> Network:
        self.participation.append(
            {
                "org": org,
                "activity": activity,
                # Whole numbers, as the model types them and the importer writes them.
                "props": _props(
                    points=None if points is None else int(points),
                    bonus=None if bonus is None else int(bonus),
                ),
            }
        )
        return self

    def supplies(self, university: str, institution: str, year: int, hires: int = 1) -> Network:
        self.talent.append(
            {
                "a": university,
                "b": institution,
                "props": _props(year=year, interns=hires * 2, hires=hires),
            }
        )
        return self

    def write(self, engine: Engine) -> Network:
        """Write the network with parameterised Cypher; labels and types come from the model."""
        org, chain, base, act = ORGANIZATION.label, CHAIN.label, BASE.label, ACTIVITY.label
        by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in self.orgs:
            by_label[DOMAIN_BY_KEY[row["domain"]].label].append(row)
        for label, rows in by_label.items():
            engine.write_batch(
                f"UNWIND $rows AS row MERGE (o:{org}:{label} {{uscc: row.uscc}}) "
                "SET o.name = row.name, o.domain = row.domain",
                rows,
            )
        run = engine.write_batch
        run(
            f"UNWIND $rows AS row MERGE (c:{chain} {{name: row.name}})",
            self.chains,
        )
        run(
            f"UNWIND $rows AS row MATCH (c:{chain} {{name: row.name}}), "
            f"(o:{org} {{uscc: row.master}}) CREATE (c)-[:{LED_BY.type}]->(o)",
            [c for c in self.chains if c["master"]],
        )
        run(
            f"UNWIND $rows AS row MATCH (o:{org} {{uscc: row.org}}), "
            f"(c:{chain} {{name: row.chain}}) "
            f"CREATE (o)-[m:{MEMBER_OF.type}]->(c) {_assign('m', 'joined_on', 'left_on')}",
            self.memberships,
        )
        for rel, rows in ((PARTNERS_WITH, self.partnerships), (SUPPLIES_TALENT, self.talent)):
            names = [p.name for p in rel.props if p.name != "run_id"]
            run(
                f"UNWIND $rows AS row MATCH (a:{org} {{uscc: row.a}}), (b:{org} {{uscc: row.b}}) "
                f"CREATE (a)-[r:{rel.type}]->(b) {_assign('r', *names)}",
                rows,
            )
        run(
            f"UNWIND $rows AS row MATCH (a:{org} {{uscc: row.org}}), "
            f"(s:{org} {{uscc: row.subdistrict}}) CREATE (a)-[:{LOCATED_IN.type}]->(s)",
            self.locations,
        )
        run(
            f"UNWIND $rows AS row MATCH (h:{org} {{uscc: row.host}}), "
            f"(c:{chain} {{name: row.chain}}) "
            f"CREATE (b:{base}) {_assign('b', 'name', 'kind', 'opened_on')} "
            f"CREATE (b)-[:{HOSTED_BY.type}]->(h) CREATE (b)-[:{PART_OF.type}]->(c)",
            self.bases,
        )
        run(
            f"UNWIND $rows AS row MATCH (c:{chain} {{name: row.chain}}) "
            f"CREATE (a:{act}) {_assign('a', 'code', 'title', 'kind', 'date')} "
            f"CREATE (a)-[:{ACTIVITY_OF.type}]->(c)",
            self.activities,
        )
        run(
            f"UNWIND $rows AS row MATCH (a:{act} {{code: row.code}}), "
            f"(b:{base} {{name: row.base}}) "
            f"CREATE (a)-[:{HELD_AT.type}]->(b)",
            [a for a in self.activities if a["base"]],
        )
        run(
            f"UNWIND $rows AS row MATCH (o:{org} {{uscc: row.org}}), "
            f"(a:{act} {{code: row.activity}}) "
            f"CREATE (o)-[t:{TOOK_PART_IN.type}]->(a) {_assign('t', 'points', 'bonus')}",
            self.participation,
        )
        return self


def test_the_builder_writes_what_it_was_told(engine: Engine) -> None:
    (
        Network()
        .org("G1", "金融局", "government")
        .org("S1", "南沙街道", "subdistrict", left="2021-01-01")
        .org("F1", "银行", "financial", subdistrict="S1")
        .chain(master="G1")
        .partner("G1", "F1", until=None)
        .base("基地", "F1")
        .activity("A1", "2023-01-01", base="基地")
        .took_part("F1", "A1", points=3)
        .write(engine)
    )
    counts = engine.run(
        "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n ORDER BY label"
    )
    assert {r["label"]: r["n"] for r in counts} == {
        "Activity": 1,
        "Base": 1,
        "Chain": 1,
        "FinancialInstitution": 1,
        "GovernmentBody": 1,
        "Organization": 3,
        "Subdistrict": 1,
    }
    left = engine.run("MATCH (:Organization {uscc: 'S1'})-[m:MEMBER_OF]->() RETURN m.left_on AS d")
    assert left == [{"d": dt.date(2021, 1, 1)}]
    until = engine.run("MATCH ()-[r:PARTNERS_WITH]->() RETURN r.until AS u, r.since AS s")
    assert until == [{"u": None, "s": dt.date(2020, 6, 1)}]
