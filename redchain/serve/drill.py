"""The units behind a figure of the periodic report: what a dashboard card opens in the explorer.

Each figure of :data:`redchain.periodic.data.FIGURES` that counts something units do or are is
answered by one query returning the credit codes of those units, counted as the report counts
them: members and links as they stood on the period's last day, activities within the period,
talent figures for the calendar years the period touches.
"""

from __future__ import annotations

from redchain.engines.base import Engine
from redchain.errors import RedchainError
from redchain.model import (
    ACTIVITY,
    ACTIVITY_OF,
    AGREEMENT,
    AGREEMENT_OF,
    BASE,
    CHAIN,
    COHORT,
    COHORT_OF,
    HELD_AT,
    HOSTED_BY,
    LOCATED_IN,
    MEMBER_OF,
    ORGANIZATION,
    PART_OF,
    PARTNERS_WITH,
    PARTY_TO,
    PLACED_WITH,
    SUPPLIES_TALENT,
    TOOK_PART_IN,
)
from redchain.period import Period


class UnknownCard(RedchainError):
    """A card name the dashboard does not have."""


_CHAIN = f"MATCH (c:{CHAIN.label} {{name: $chain}}) "
_MEMBER = (
    f"MATCH (o:{ORGANIZATION.label})-[m:{MEMBER_OF.type}]->(c) "
    "WHERE (m.joined_on IS NULL OR m.joined_on <= date($to)) "
    "AND (m.left_on IS NULL OR m.left_on > date($to)) "
)
_PARTNER = (
    f"MATCH (o)-[r:{PARTNERS_WITH.type}]-(b:{ORGANIZATION.label})-[n:{MEMBER_OF.type}]->(c) "
    "WHERE (n.joined_on IS NULL OR n.joined_on <= date($to)) "
    "AND (n.left_on IS NULL OR n.left_on > date($to)) "
    "AND (r.since IS NULL OR r.since <= date($to)) AND (r.until IS NULL OR r.until > date($to)) "
)
_AGREEMENT = (
    f"MATCH (a:{AGREEMENT.label})-[:{AGREEMENT_OF.type}]->(c) "
    f"MATCH (o:{ORGANIZATION.label})-[:{PARTY_TO.type}]->(a) "
)
_BASE = (
    f"MATCH (b:{BASE.label})-[:{PART_OF.type}]->(c) "
    "WHERE b.opened_on IS NULL OR b.opened_on <= date($to) "
    f"MATCH (b)-[:{HOSTED_BY.type}]->(o:{ORGANIZATION.label}) "
)
_ACTIVITY = (
    f"MATCH (act:{ACTIVITY.label})-[:{ACTIVITY_OF.type}]->(c) "
    "WHERE act.date >= date($from) AND act.date <= date($to) "
    f"MATCH (o:{ORGANIZATION.label})-[:{TOOK_PART_IN.type}]->(act) "
)
_TALENT = (
    f"MATCH (c)<-[:{MEMBER_OF.type}]-(u:{ORGANIZATION.label})"
    f"-[s:{SUPPLIES_TALENT.type}]->(f:{ORGANIZATION.label}) "
    "WHERE s.year >= $from_year AND s.year <= $to_year "
    "UNWIND [u, f] AS o "
)
_COHORT = (
    f"MATCH (k:{COHORT.label})-[:{COHORT_OF.type}]->(u:{ORGANIZATION.label})"
    f"-[:{MEMBER_OF.type}]->(c) "
    "WHERE k.year >= $from_year AND k.year <= $to_year "
)
_PLACED = _COHORT + f"MATCH (k)-[p:{PLACED_WITH.type}]->(f:{ORGANIZATION.label}) "
_IDS = "RETURN DISTINCT o.uscc AS uscc ORDER BY uscc"

#: Card -> the query of its units.
QUERIES: dict[str, str] = {
    "members": _CHAIN + _MEMBER + "AND ($domain IS NULL OR o.domain = $domain) " + _IDS,
    "partnerships": _CHAIN + _MEMBER + _PARTNER + _IDS,
    "partnerships_begun": _CHAIN + _MEMBER + _PARTNER + "AND r.since >= date($from) " + _IDS,
    "agreements": _CHAIN
    + _AGREEMENT
    + "WHERE a.signed_on IS NOT NULL AND a.signed_on <= date($to) "
    "AND (a.ends_on IS NULL OR a.ends_on >= date($to)) " + _IDS,
    "agreements_signed": _CHAIN
    + _AGREEMENT
    + "WHERE a.signed_on >= date($from) AND a.signed_on <= date($to) "
    + _IDS,
    "bases": _CHAIN + _BASE + _IDS,
    "active_bases": _CHAIN + _BASE + f"MATCH (act:{ACTIVITY.label})-[:{HELD_AT.type}]->(b) "
    "WHERE act.date >= date($from) AND act.date <= date($to) " + _IDS,
    "activities": _CHAIN + _ACTIVITY + _IDS,
    "key_projects": _CHAIN + _ACTIVITY + "WHERE act.key_project " + _IDS,
    "interns": _CHAIN + _TALENT + _IDS,
    "cohorts": _CHAIN + _COHORT + "WITH u AS o " + _IDS,
    "cohort_interns": _CHAIN + _PLACED + "WHERE p.interns > 0 UNWIND [u, f] AS o " + _IDS,
    "placed": _CHAIN + _PLACED + "WHERE p.placed > 0 UNWIND [u, f] AS o " + _IDS,
    # A row of the subdistricts table: the subdistrict or town and the members located in it.
    "subdistrict": _CHAIN
    + _MEMBER
    + f"OPTIONAL MATCH (o)-[:{LOCATED_IN.type}]->(s:{ORGANIZATION.label}) "
    "WITH o, s WHERE o.uscc = $id OR s.uscc = $id " + _IDS,
}
# Figures that count the same units as another card.
SAME_AS = {
    "units_active": "activities",
    "participations": "activities",
    "points": "activities",
    "hires": "interns",
    "trained": "cohorts",
}
CARDS = (*QUERIES, *SAME_AS)


def has_units(card: str) -> bool:
    return card in QUERIES or card in SAME_AS


def unit_ids(
    engine: Engine,
    card: str,
    period: Period,
    chain: str,
    domain: str | None = None,
    uscc: str | None = None,
) -> list[str]:
    """The credit codes of the units a card counts, in code order (``domain`` narrows the
    members card; ``uscc`` names the subdistrict of a subdistrict card)."""
    query = QUERIES.get(SAME_AS.get(card, card))
    if query is None:
        raise UnknownCard(
            f"parameter 'card': {card!r} has no units to show; choose one of: " + ", ".join(CARDS)
        )
    params = {
        "chain": chain,
        "from": period.start,
        "to": period.end,
        "from_year": period.start.year,
        "to_year": period.end.year,
        "domain": domain,
        "id": uscc,
    }
    return [str(r["uscc"]) for r in engine.run(query, params) if r["uscc"]]
