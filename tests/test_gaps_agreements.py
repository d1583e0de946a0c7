"""The agreement, list, liaison and cohort gap checks on small networks with known answers, on
both engines. Each network puts beside every case that must be found one that must not, on the
boundary the check has to get right (ends in exactly N days, N + 1 days, and so on)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from test_gaps_agreement_builder import Agreements
from test_gaps_builder import Network

from redchain import querylib
from redchain.engines.base import Engine

AS_OF = "2024-06-30"
OTHER = "政数链"


def run(engine: Engine, name: str, **params: Any) -> list[dict[str, Any]]:
    return querylib.run(engine, f"gaps/{name}", {"as_of": AS_OF, **params})


def units(*codes: str, chain: str | None = "金桥红链") -> Network:
    network = Network().chain()
    if chain != "金桥红链":
        network.chain(OTHER)
    for code in codes:
        network.org(code, f"单位{code}", "financial", chain=chain)
    return network


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def test_agreements_ending_within_days_without_a_renewal_under_way(engine: Engine) -> None:
    network = units("A", "B")
    network.chain(OTHER).org("Z", "单位Z", "financial", chain=OTHER)
    network.write(engine)
    signed = "2023-01-01"
    (
        Agreements()
        .agreement("E1", "B", "A", signed_on=signed, ends_on="2024-08-29")  # in exactly 60 days
        .agreement("E2", "A", "B", signed_on=signed, ends_on="2024-08-30")  # in 61 days
        .agreement("E3", "A", signed_on=signed, ends_on="2024-06-30")  # ends on the day
        .agreement("E4", "A", signed_on=signed, ends_on="2024-06-29")  # ended yesterday
        .agreement("E5", "A", signed_on=signed, ends_on="2024-07-15")
        .agreement("R5", "A", negotiated_on="2024-06-01")  # renewal under way
        .renews("R5", "E5")
        .agreement("E6", "A", signed_on=signed, ends_on="2024-07-20")
        .agreement("R6", "A", negotiated_on="2024-07-10")  # renewal begins after the date
        .renews("R6", "E6")
        .agreement("E7", "A", negotiated_on=signed, ends_on="2024-07-01")  # never signed
        .agreement("E9", "A", signed_on=signed, ends_on="2024-07-10")
        .agreement("R9", "A")  # a renewal recorded without dates is under way
        .renews("R9", "E9")
        .agreement("E8", "Z", chain=OTHER, signed_on=signed, ends_on="2024-07-01")
        .write(engine)
    )
    rows = run(engine, "agreements_ending")
    assert [(r["number"], r["ends_on"]) for r in rows] == [
        ("E3", d("2024-06-30")),
        ("E6", d("2024-07-20")),
        ("E1", d("2024-08-29")),
    ]
    assert rows[2]["parties"] == ["单位A", "单位B"]
    assert [r["number"] for r in run(engine, "agreements_ending", days=61)] == [
        "E3",
        "E6",
        "E1",
        "E2",
    ]
    assert [r["number"] for r in run(engine, "agreements_ending", chain=OTHER)] == ["E8"]


def test_agreements_stalled_at_one_stage_for_more_than_days(engine: Engine) -> None:
    units("A").write(engine)
    old = "2023-01-01"
    (
        Agreements()
        .agreement("S1", "A", negotiated_on="2024-04-01")  # exactly 90 days: not yet
        .agreement("S2", "A", negotiated_on="2024-03-31")  # 91 days
        .agreement("S3", "A", negotiated_on=old, signed_on="2024-01-01")
        .agreement("S4", "A", negotiated_on=old, signed_on=old, published_on="2024-05-01")
        .agreement("S5", "A", signed_on=old, published_on=old, performing_on=old)  # carried out
        .agreement("S6", "A", signed_on=old, published_on="2024-07-15")  # public after the date
        .agreement("S7", "A", negotiated_on=old, ends_on="2024-06-01")  # ended
        .agreement("S8", "A", signed_on=old, evaluated_on="2024-01-01")  # evaluated
        .write(engine)
    )
    rows = run(engine, "agreements_stalled")
    assert [(r["number"], r["stage"], r["stage_since"]) for r in rows] == [
        ("S6", "签约", d(old)),
        ("S3", "签约", d("2024-01-01")),
        ("S2", "谈约", d("2024-03-31")),
    ]
    assert [r["number"] for r in run(engine, "agreements_stalled", days=89)][-1] == "S1"


def test_nominal_partnerships_have_no_joint_activity_for_months(engine: Engine) -> None:
    parties = [f"O{i}" for i in range(1, 15)]
    pairs = [f"P{i}" for i in range(1, 9)]
    network = units(*parties, *pairs)
    network.chain(OTHER)
    network.member("P8", chain="金桥红链")
    network.memberships = [
        {**m, "props": {"left_on": "2024-01-01"}} if m["org"] == "P8" else m
        for m in network.memberships
    ]
    (
        network.partner("P1", "P2")  # no joint activity at all
        .partner("P3", "P4")  # a joint activity in the window
        .partner("P1", "P3", since="2024-03-01")  # too new to judge
        .partner("O1", "O2")  # the pair of agreement N1: reported as N1
        .partner("P5", "P6")  # together only at another chain's activity
        .partner("P7", "P8")  # P8 left the chain
        .activity("ACT2", "2023-12-30")  # on the window's first day
        .activity("ACT3", "2023-12-29")  # the day before it
        .activity("ACT5", "2024-03-01")
        .activity("ACT6", "2024-07-15")  # after the viewing date
        .activity("PA", "2024-02-01")
        .activity("PB", "2024-03-01", chain=OTHER)
        .took_part("O9", "ACT5")
        .took_part("O10", "ACT5")
        .took_part("P3", "PA")
        .took_part("P4", "PA")
        .took_part("P5", "PB")
        .took_part("P6", "PB")
        .write(engine)
    )
    signed = "2023-01-01"
    (
        Agreements()
        .agreement("N1", "O1", "O2", signed_on=signed)
        .agreement("N2", "O3", "O4", signed_on=signed)
        .under_agreement("ACT2", "N2")
        .agreement("N3", "O5", "O6", signed_on=signed)
        .under_agreement("ACT3", "N3")
        .agreement("N4", "O7", "O8", signed_on="2024-01-01")  # signed within the window
        .agreement("N5", "O9", "O10", signed_on=signed)  # parties together at ACT5
        .agreement("N6", "O11", "O12", signed_on=signed)
        .under_agreement("ACT6", "N6")
        .agreement("N7", "O13", "O14", signed_on=signed, ends_on="2024-06-01")
        .write(engine)
    )
    rows = run(engine, "nominal_partnerships")
    assert [(r["agreement"], r["parties"], r["last_joint"]) for r in rows] == [
        ("N1", ["单位O1", "单位O2"], None),
        ("N3", ["单位O5", "单位O6"], d("2023-12-29")),
        ("N6", ["单位O11", "单位O12"], None),
        (None, ["单位P1", "单位P2"], None),
        (None, ["单位P5", "单位P6"], None),
    ]
    assert rows[0]["since"] == d(signed)
    assert rows[3]["since"] == d("2020-06-01")
    looser = run(engine, "nominal_partnerships", months=7)
    assert [r["agreement"] for r in looser][:3] == ["N1", "N6", None]


def test_unmatched_needs_name_the_units_of_the_chain_that_offer_the_item(engine: Engine) -> None:
    network = units("A", "B", "C", "D", "E")
    network.memberships = [
        {**m, "props": {"left_on": "2024-01-01"}} if m["org"] == "E" else m
        for m in network.memberships
    ]
    network.write(engine)
    signed = "2024-01-01"
    (
        Agreements()
        .agreement("M1", "A", "B", "C", signed_on=signed)
        .agreement("M2", "B", "D", signed_on=signed)
        .agreement("M3", "A", "B", signed_on="2023-01-01", ends_on="2024-06-01")
        .needs("A", "venue", "M1")
        .offers("B", "venue", "M1")  # matched by a fellow party
        .needs("A", "lecturer", "M1")
        .offers("B", "lecturer", "M2")  # offered, but not in M1's lists
        .needs("B", "financing", "M1")  # offered by nobody
        .needs("C", "volunteers", "M1")
        .offers("C", "volunteers", "M1")  # C's own offer is no fellow party's
        .offers("D", "volunteers", "M2")
        .offers("E", "volunteers", "M2")  # E has left the chain
        .needs("A", "jobs", "M3")  # M3 has ended
        .write(engine)
    )
    rows = run(engine, "unmatched_needs")
    assert [(r["agreement"], r["uscc"], r["item"], r["offered_by"]) for r in rows] == [
        ("M1", "A", "lecturer", ["单位B"]),
        ("M1", "B", "financing", []),
        ("M1", "C", "volunteers", ["单位D"]),
    ]
    assert [r["offerers"] for r in rows] == [1, 0, 1]
    brief = run(engine, "unmatched_needs", show=0)
    assert [(r["offered_by"], r["offerers"]) for r in brief] == [([], 1), ([], 0), ([], 1)]


def test_parties_without_liaison(engine: Engine) -> None:
    units("A", "B", "C", "D", "E").write(engine)
    (
        Agreements()
        .agreement("L1", "A", "B!", signed_on="2024-01-01")
        .agreement("L2", "A", "C!", signed_on="2023-01-01", ends_on="2024-06-01")  # ended
        .agreement("L3", "A", "D!", negotiated_on="2024-08-01")  # begins after the date
        .agreement("L4", "A", "E", negotiated_on="2024-06-30")  # begins on the day
        .write(engine)
    )
    engine.run(
        "MATCH (:Organization {uscc: $org})-[p:PARTY_TO]->() SET p.liaison = $blank",
        {"org": "E", "blank": "  "},
        write=True,
    )
    rows = run(engine, "parties_without_liaison")
    assert [(r["agreement"], r["uscc"], r["role"]) for r in rows] == [
        ("L1", "B", "共建方"),
        ("L4", "E", "共建方"),
    ]


def test_cohorts_with_interns_but_no_placements(engine: Engine) -> None:
    network = Network().chain()
    for code in ("U1", "U2", "U3"):
        network.org(code, f"大学{code}", "university", left="2024-01-01" if code == "U3" else None)
    network.org("F1", "银行一", "financial").org("F2", "银行二", "financial")
    network.write(engine)
    (
        Agreements()
        .cohort("K1", "U1", 2023)
        .placed("K1", "F1", interns=5, placed=0)
        .cohort("K2", "U1", 2023)
        .placed("K2", "F1", interns=3, placed=0)
        .placed("K2", "F2", interns=2, placed=1)
        .cohort("K3", "U2", 2024)  # no interns at all
        .cohort("K4", "U1", 2025)  # a later year
        .placed("K4", "F1", interns=3, placed=0)
        .cohort("K5", "U3", 2023)  # U3 has left the chain
        .placed("K5", "F1", interns=2, placed=0)
        .cohort("K6", "U1", 2024, trained=40)
        .placed("K6", "F2", interns=4, placed=0)
        .write(engine)
    )
    rows = run(engine, "cohorts_without_placements")
    assert [(r["code"], r["uscc"], r["year"], r["trained"], r["interns"]) for r in rows] == [
        ("K1", "U1", 2023, 30, 5),
        ("K6", "U1", 2024, 40, 4),
    ]


def test_units_never_evaluated(engine: Engine) -> None:
    units("A", "B", "C", "D", "E", "F", "G", "H").write(engine)
    (
        Agreements()
        .agreement("V1", "A", "G", performing_on="2023-01-01", ends_on="2024-05-01")
        .agreement("V2", "B", "G", performing_on="2023-06-29")  # over a year in 履约
        .agreement("V3", "C", "G", performing_on="2023-06-30")  # exactly a year
        .agreement("V4", "D", "G", ends_on="2024-05-01")
        .agreement("V5", "D", "H", performing_on="2023-01-01", evaluated_on="2024-01-01")
        .agreement("V6", "E", "H", ends_on="2024-05-01", evaluated_on="2024-07-10")  # later
        .agreement("V7", "F", "H", performing_on="2024-01-01", ends_on="2024-06-30")
        .write(engine)
    )
    rows = run(engine, "never_evaluated")
    assert [(r["uscc"], r["agreements"], r["numbers"]) for r in rows] == [
        ("A", 1, ["V1"]),
        ("B", 1, ["V2"]),
        ("E", 1, ["V6"]),
        ("G", 3, ["V1", "V2", "V4"]),
    ]
