"""Network views read the right sub-graph on both engines, and the page they write is one
self-contained, escaped HTML file."""

from __future__ import annotations

import datetime as dt
import json
import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from test_viz_support import (
    ASSOC,
    BOG,
    BUREAU,
    GDUF,
    ICBC,
    ISLAND,
    NANSHA,
    ORGS,
    PEARL_A,
    PEARL_F,
    SYSU,
    XSS,
    XSS_NAME,
    ZHUJIANG,
    write_chain,
)

from redchain.engines.base import Engine
from redchain.viz import ViewError, ViewOptions, build_view, show, write_network_page

ALL = {o[0] for o in ORGS}
FINANCIAL = {o[0] for o in ORGS if o[3] == "financial"}


def page_data(html: str) -> dict[str, Any]:
    match = re.search(
        r'<script type="application/json" id="redchain-data">(.*?)</script>', html, re.S
    )
    assert match, "the page carries its data block"
    data = json.loads(match.group(1))
    # Edges are stored as [from, to, class, facts, options] rows with node positions as ends.
    ids = [n["id"] for n in data["nodes"]]
    data["edges"] = [
        {"from": ids[row[0]], "to": ids[row[1]], "c": row[2], "f": (row[3:4] or [0])[0] or {}}
        for row in data["edges"]
    ]
    for node in data["nodes"]:
        node.setdefault("label", node["f"]["n"])
    return data


def node_ids(html: str) -> set[str]:
    return {n["id"] for n in page_data(html)["nodes"]}


def edge_pairs(html: str) -> set[frozenset[str]]:
    return {frozenset((e["from"], e["to"])) for e in page_data(html)["edges"]}


@pytest.fixture
def chain(engine: Engine) -> Engine:
    write_chain(engine)
    return engine


def test_whole_network_shows_every_current_unit_and_link(chain: Engine) -> None:
    view = build_view(chain)
    # Without a date the view shows today, as the gap report does: the member that left and
    # the partnership that ended are left out, and the title says which day it shows.
    assert node_ids(view.html) == ALL - {PEARL_F}
    # Eight current partnerships between members, and two talent links (SYSU's years make one).
    assert view.stats["edges"] == 10
    assert frozenset((ICBC, BOG)) not in edge_pairs(view.html)
    assert view.stats["layout"] == "physics"
    assert f"截至 {dt.date.today().isoformat()}" in view.html.split("</title>")[0]
    classes = {frozenset((e["from"], e["to"])): e["c"] for e in page_data(view.html)["edges"]}
    assert classes[frozenset((BUREAU, ICBC))] == "P+"  # government with a bank: across domains
    assert classes[frozenset((SYSU, ICBC))] in {"P+", "T+"}
    earlier = build_view(chain, ViewOptions(as_of="2022-12-01"))
    classes = {frozenset((e["from"], e["to"])): e["c"] for e in page_data(earlier.html)["edges"]}
    assert classes[frozenset((ICBC, BOG))] == "P:financial"  # two banks: within one domain


def test_tooltip_facts_name_domain_code_subdistrict_partners_and_points(chain: Engine) -> None:
    data = page_data(build_view(chain, ViewOptions(as_of="2024-06-30")).html)
    nodes = {n["id"]: n for n in data["nodes"]}
    icbc = nodes[ICBC]
    assert icbc["group"] == "financial"
    assert icbc["f"]["n"] == "工商银行南沙分行"
    assert icbc["f"]["e"] == "ICBC Nansha Branch"
    assert icbc["f"]["s"] == "南沙街道"
    assert icbc["f"]["p"] == 4  # the partnership with BOG ended in 2023
    # Points are those of the ranking's period, the year up to the date, and say so.
    assert icbc["f"]["pt"] == 15
    assert data["text"]["points"] == "党建积分（2023-06-30 至 2024-06-30）"
    later = page_data(build_view(chain, ViewOptions(as_of="2024-07-02")).html)
    assert {n["id"]: n for n in later["nodes"]}[ICBC]["f"]["pt"] == 0
    assert nodes[BUREAU]["f"]["m"] == ["金桥红链"]
    assert nodes[BUREAU]["shape"] == "star"


def test_ego_network_by_chinese_name_english_name_or_credit_code(chain: Engine) -> None:
    one_hop = {NANSHA, BUREAU, BOG}
    for name in ("南沙街道", "nansha subdistrict", NANSHA, NANSHA.lower()):
        assert node_ids(build_view(chain, ViewOptions(around=name)).html) == one_hop
    two = build_view(chain, ViewOptions(around="南沙街道", hops=2))
    assert node_ids(two.html) == one_hop | {ICBC, XSS, GDUF}
    assert page_data(two.html)["focus"] == [NANSHA]
    assert "以「南沙街道」为中心 2 跳" in two.html


def test_ambiguous_name_lists_every_match(chain: Engine) -> None:
    with pytest.raises(ViewError) as caught:
        build_view(chain, ViewOptions(around="明珠金融服务中心"))
    message = str(caught.value)
    assert "matches 2 units" in message
    assert PEARL_F in message and PEARL_A in message
    assert "credit code" in message


def test_unknown_name_suggests_close_ones(chain: Engine) -> None:
    with pytest.raises(
        ViewError, match=r"no unit in (the embedded graph|Neo4j at) .*Did you mean.*明珠金融服务"
    ):
        build_view(chain, ViewOptions(around="明珠"))


def test_path_shows_every_shortest_partnership_path(chain: Engine) -> None:
    view = build_view(chain, ViewOptions(path=("南沙街道", SYSU), as_of="2022-12-01"))
    assert node_ids(view.html) == {NANSHA, BUREAU, BOG, ICBC, SYSU}
    assert edge_pairs(view.html) == {
        frozenset(p)
        for p in [(NANSHA, BUREAU), (BUREAU, ICBC), (NANSHA, BOG), (BOG, ICBC), (ICBC, SYSU)]
    }
    assert "3 跳" in view.stats["view"]
    # The two banks stopped partnering at the start of 2023: one path is left, and it is the
    # one a view without a date (today) takes too.
    later = build_view(chain, ViewOptions(path=("南沙街道", SYSU), as_of="2024-01-01"))
    assert node_ids(later.html) == {NANSHA, BUREAU, ICBC, SYSU}
    today = build_view(chain, ViewOptions(path=("南沙街道", SYSU)))
    assert node_ids(today.html) == {NANSHA, BUREAU, ICBC, SYSU}


def test_path_between_unlinked_units_says_so(chain: Engine) -> None:
    with pytest.raises(ViewError, match="no chain of partnerships"):
        build_view(chain, ViewOptions(path=("南沙街道", ISLAND)))


def test_domain_filter_takes_chinese_english_and_synonyms(chain: Engine) -> None:
    for name in ("金融", "金融机构", "financial", "Financial institution", "银行"):
        shown = node_ids(build_view(chain, ViewOptions(domains=(name,))).html)
        assert shown == FINANCIAL - {PEARL_F}, name
    both = build_view(chain, ViewOptions(domains=("高校", "government")))
    assert node_ids(both.html) == {SYSU, GDUF, BUREAU}


def test_unknown_domain_lists_the_domains(chain: Engine) -> None:
    with pytest.raises(ViewError, match="not a domain; use one of: 政府部门"):
        build_view(chain, ViewOptions(domains=("餐饮",)))


def test_as_of_keeps_links_and_members_current_then(chain: Engine) -> None:
    view = build_view(chain, ViewOptions(as_of="2023年1月1日"))
    # The association joined in June 2023; the Pearl centre left at the end of 2022.
    assert node_ids(view.html) == ALL - {ASSOC, PEARL_F}
    pairs = edge_pairs(view.html)
    assert frozenset((ICBC, BOG)) not in pairs  # ended on 2023-01-01
    assert frozenset((NANSHA, BOG)) in pairs
    assert "截至 2023-01-01" in view.html


def test_bad_as_of_date_says_how_to_write_it(chain: Engine) -> None:
    with pytest.raises(ViewError, match="write it as 2023-05-01"):
        build_view(chain, ViewOptions(as_of="next year"))


def test_chain_and_bases_on_request(chain: Engine) -> None:
    view = build_view(chain, ViewOptions(extras=("chain", "bases")))
    data = page_data(view.html)
    ids = {n["id"] for n in data["nodes"]}
    assert {"chain:金桥红链", "base:南沙金桥党建共建展厅基地"} <= ids
    classes = {(e["from"], e["to"]): e["c"] for e in data["edges"]}
    assert classes[("chain:金桥红链", BUREAU)] == "LED"
    assert classes[("base:南沙金桥党建共建展厅基地", BUREAU)] == "H"
    assert classes[("base:南沙金桥党建共建展厅基地", "chain:金桥红链")] == "PO"
    assert classes[(ICBC, "chain:金桥红链")] == "M"


def test_query_view_draws_the_units_a_named_query_returns(chain: Engine) -> None:
    view = build_view(
        chain, ViewOptions(query="explore/neighbours", params={"key": BOG}, as_of="2024-01-01")
    )
    assert node_ids(view.html) == {NANSHA, XSS, GDUF}


def test_highlight_gaps_marks_flagged_units(chain: Engine) -> None:
    view = build_view(chain, ViewOptions(highlight=("gaps",), as_of="2024-01-01"))
    nodes = {n["id"]: n for n in page_data(view.html)["nodes"]}
    assert "孤立的成员" in nodes[ISLAND]["f"]["g"]  # a member without partners
    assert "孤立的成员" not in nodes[ICBC]["f"]["g"]
    flagged = {k for k, n in nodes.items() if n["f"].get("g")}
    assert {k for k, n in nodes.items() if n.get("borderWidth") == 5} == flagged
    assert page_data(view.html)["gapLegend"] is True


def test_page_is_self_contained_and_every_imported_text_escaped(chain: Engine) -> None:
    html = build_view(chain, ViewOptions(around=XSS)).html
    assert re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.I) is None
    assert "<link" not in html.lower()
    assert "@import" not in html
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)
    assert policy and "connect-src 'none'" in unescape(policy.group(1))
    # Names reach the page only inside escaped JSON.
    assert XSS_NAME not in html
    assert "</script><script>alert(2)" not in html
    assert html.count("</script>") == 3  # data, vis-network, the page's own script
    names = {n["f"]["n"] for n in page_data(html)["nodes"]}
    assert XSS_NAME in names


def test_written_page_is_utf8(chain: Engine, tmp_path: Path) -> None:
    path, stats = write_network_page(chain, tmp_path / "out" / "网络.html")
    assert path.is_file() and path.is_absolute()
    text = path.read_bytes().decode("utf-8")
    assert "南沙街道" in text
    assert '<meta charset="utf-8">' in text
    # Today's members (one has left), the chain and the base.
    assert stats["path"] == str(path) and stats["nodes"] == len(ALL) - 1 + 2


def test_layout_modes_are_named_on_the_page(chain: Engine) -> None:
    static = build_view(chain, ViewOptions(layout="static", lang="en"))
    assert static.stats["layout"] == "static"
    assert "computed in Python" in static.html
    assert all("x" in n and "y" in n for n in page_data(static.html)["nodes"])
    assert page_data(static.html)["options"]["physics"]["enabled"] is False
    overview = build_view(chain, ViewOptions(physics_limit=4, overview_limit=8))
    assert overview.stats["layout"] == "overview"
    data = page_data(overview.html)
    assert {n["id"] for n in data["nodes"]} == {
        "group:government",
        "group:subdistrict",
        "group:association",
        "group:financial",
        "group:university",
    }
    financial = next(n for n in data["nodes"] if n["id"] == "group:financial")
    assert financial["f"]["c"] == len(FINANCIAL - {PEARL_F})  # one has left the chain
    assert "每个领域显示为一个节点" in overview.html


def test_notebook_display_embeds_the_page_in_an_iframe(chain: Engine) -> None:
    shown = show(chain, ViewOptions(around="南沙街道"), height=500)
    frame = shown._repr_html_()
    assert frame.startswith('<iframe srcdoc="')
    assert "height:500px" in frame
    assert "<script" not in frame  # the whole page is escaped into the attribute
    assert "&lt;script" in frame
    assert 'sandbox="allow-scripts allow-downloads"' in frame


def test_cli_writes_the_page_and_reports_it_as_json(target: Any, tmp_path: Path) -> None:
    with target.open() as engine:
        from redchain import schema

        schema.ensure(engine)
        write_chain(engine)
    out = tmp_path / "nansha.html"
    result = target.invoke(
        "viz", "--out", str(out), "--around", "南沙街道", "--hops", "2", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["path"] == str(out.resolve())
    # As of today: the two banks' partnership has ended.
    assert (report["nodes"], report["edges"], report["layout"]) == (6, 6, "physics")
    assert node_ids(out.read_text(encoding="utf-8")) == {NANSHA, BUREAU, BOG, ICBC, XSS, GDUF}

    refused = target.invoke("viz", "--out", str(out), "--around", "明珠金融服务中心")
    assert refused.exit_code == 1
    assert "matches 2 units" in refused.output

    text = target.invoke("viz", "--out", str(out), "--domain", "高校", "--lang", "en")
    assert text.exit_code == 0, text.output
    assert text.stdout.startswith(f"Wrote {out.resolve()} (2 nodes")
    # The newest activity is years before today, the default date: one line says so.
    assert text.stderr.startswith("note: the newest activity in the graph is on 2023-07-01")
    assert "add --as-of 2023-07-01" in text.stderr
    assert node_ids(out.read_text(encoding="utf-8")) == {SYSU, GDUF}
    assert ZHUJIANG not in node_ids(out.read_text(encoding="utf-8"))


def test_an_empty_graph_gives_an_empty_page_and_a_hint(target: Any, tmp_path: Path) -> None:
    with target.open() as engine:
        view = build_view(engine)
    assert (view.stats["nodes"], view.stats["edges"]) == (0, 0)
    result = target.invoke("viz", "--out", str(tmp_path / "empty.html"))
    assert result.exit_code == 0
    assert "The view has no units" in result.output
    # The graph it used is named, with how to fill it.
    where = str(target.data_dir) if target.backend == "embedded" else "Neo4j at bolt://"
    assert where in result.stderr
    assert "is empty: fill it with 'redchain import FILES'" in result.stderr
    named = target.invoke("viz", "--around", "南沙街道")
    assert named.exit_code == 1
    assert "'南沙街道': no unit has this name, because" in named.output
    assert where in named.output
