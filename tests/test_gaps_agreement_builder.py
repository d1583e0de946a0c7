"""Agreements, their parties, lists, renewals, activities under them, and talent cohorts, for
the known-answer tests of the agreement gap checks: written with parameterised Cypher from the
model's labels and types, on top of a :class:`test_gaps_builder.Network`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from redchain.engines.base import Engine
from redchain.model import (
    ACTIVITY,
    AGREEMENT,
    AGREEMENT_OF,
    CHAIN,
    COHORT,
    COHORT_OF,
    DEFAULT_CHAIN,
    ITEM,
    ITEM_KINDS,
    NEEDS,
    OFFERS,
    ORGANIZATION,
    PARTY_TO,
    PLACED_WITH,
    RENEWS,
    UNDER,
    typed_value,
)

DATES = ("negotiated_on", "signed_on", "published_on", "performing_on", "evaluated_on", "ends_on")


def _set(var: str, props: dict[str, Any]) -> str:
    return "SET " + ", ".join(f"{var}.{n} = {typed_value(n, 'row.props')}" for n in props)


@dataclass
class Agreements:
    agreements: list[dict[str, Any]] = field(default_factory=list)
    parties: list[dict[str, Any]] = field(default_factory=list)
    renewals: list[dict[str, Any]] = field(default_factory=list)
    lists: list[dict[str, Any]] = field(default_factory=list)
    under: list[dict[str, Any]] = field(default_factory=list)
    cohorts: list[dict[str, Any]] = field(default_factory=list)
    placements: list[dict[str, Any]] = field(default_factory=list)

    def agreement(
        self, number: str, *parties: str, chain: str = DEFAULT_CHAIN, **dates: str | None
    ) -> Agreements:
        """An agreement with the stage dates given; each party is 'USCC' (with a liaison) or
        'USCC!' (without one)."""
        props = {"number": number, "title": f"协议 {number}"}
        props.update({k: v for k, v in dates.items() if v is not None})
        assert set(dates) <= set(DATES), dates
        self.agreements.append({"number": number, "chain": chain, "props": props})
        for i, party in enumerate(parties):
            uscc = party.rstrip("!")
            rel: dict[str, Any] = {"role": "发起方" if i == 0 else "共建方"}
            if not party.endswith("!"):
                rel.update(liaison=f"联络员{uscc}", liaison_role="党务干事")
            self.parties.append({"org": uscc, "agreement": number, "props": rel})
        return self

    def renews(self, new: str, old: str) -> Agreements:
        self.renewals.append({"new": new, "old": old})
        return self

    def offers(self, org: str, item: str, agreement: str) -> Agreements:
        self.lists.append({"org": org, "item": item, "agreement": agreement, "type": OFFERS.type})
        return self

    def needs(self, org: str, item: str, agreement: str) -> Agreements:
        self.lists.append({"org": org, "item": item, "agreement": agreement, "type": NEEDS.type})
        return self

    def under_agreement(self, activity: str, agreement: str) -> Agreements:
        self.under.append({"activity": activity, "agreement": agreement})
        return self

    def cohort(self, code: str, university: str, year: int, trained: int = 30) -> Agreements:
        props = {"code": code, "year": year, "trained": trained}
        self.cohorts.append({"university": university, "props": props})
        return self

    def placed(self, cohort: str, institution: str, interns: int, placed: int) -> Agreements:
        props = {"interns": interns, "placed": placed}
        self.placements.append({"cohort": cohort, "institution": institution, "props": props})
        return self

    def write(self, engine: Engine) -> Agreements:
        org, chain, agr = ORGANIZATION.label, CHAIN.label, AGREEMENT.label
        run = engine.write_batch
        for row in self.agreements:
            run(
                f"UNWIND $rows AS row MATCH (c:{chain} {{name: row.chain}}) "
                f"CREATE (a:{agr}) {_set('a', row['props'])} "
                f"CREATE (a)-[:{AGREEMENT_OF.type}]->(c)",
                [row],
            )
        for row in self.parties:
            run(
                f"UNWIND $rows AS row MATCH (o:{org} {{uscc: row.org}}), "
                f"(a:{agr} {{number: row.agreement}}) "
                f"CREATE (o)-[p:{PARTY_TO.type}]->(a) {_set('p', row['props'])}",
                [row],
            )
        run(
            f"UNWIND $rows AS row MATCH (n:{agr} {{number: row.new}}), "
            f"(o:{agr} {{number: row.old}}) CREATE (n)-[:{RENEWS.type}]->(o)",
            self.renewals,
        )
        names = {k.key: k.zh for k in ITEM_KINDS}
        for row in self.lists:
            run(
                f"UNWIND $rows AS row MATCH (o:{org} {{uscc: row.org}}) "
                f"MERGE (i:{ITEM.label} {{key: row.item}}) SET i.name = row.name "
                f"CREATE (o)-[:{row['type']} {{agreement: row.agreement}}]->(i)",
                [{**row, "name": names[row["item"]]}],
            )
        run(
            f"UNWIND $rows AS row MATCH (x:{ACTIVITY.label} {{code: row.activity}}), "
            f"(a:{agr} {{number: row.agreement}}) CREATE (x)-[:{UNDER.type}]->(a)",
            self.under,
        )
        for row in self.cohorts:
            run(
                f"UNWIND $rows AS row MATCH (u:{org} {{uscc: row.university}}) "
                f"CREATE (k:{COHORT.label}) {_set('k', row['props'])} "
                f"CREATE (k)-[:{COHORT_OF.type}]->(u)",
                [row],
            )
        for row in self.placements:
            run(
                f"UNWIND $rows AS row MATCH (k:{COHORT.label} {{code: row.cohort}}), "
                f"(f:{org} {{uscc: row.institution}}) "
                f"CREATE (k)-[p:{PLACED_WITH.type}]->(f) {_set('p', row['props'])}",
                [row],
            )
        return self
