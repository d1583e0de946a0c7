"""Layout, modes and the page's escaping, without an engine."""

from __future__ import annotations

import json
import math
import random

from redchain.viz import ViewOptions, render
from redchain.viz.graph import Link, Unit, ViewGraph
from redchain.viz.layout import choose_mode, sector_layout
from redchain.viz.page import script_json, vis_assets

DOMAINS = ["government", "subdistrict", "association", "financial", "university"]


def random_graph(n: int, seed: int = 1) -> ViewGraph:
    rng = random.Random(seed)
    units = {
        f"u{i}": Unit(f"u{i}", "org", f"单位{i}", domain=DOMAINS[i % len(DOMAINS)])
        for i in range(n)
    }
    ids = list(units)
    links = [Link(ids[i], ids[rng.randrange(i)], "PARTNERS_WITH") for i in range(1, n)]
    return ViewGraph(units, links)


def centroid(points: list[tuple[float, float]]) -> tuple[float, float]:
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def test_each_domain_gets_its_own_disc() -> None:
    graph = random_graph(1000)
    positions = sector_layout(graph)
    assert set(positions) == set(graph.units)
    assert len(set(positions.values())) == len(positions), "no two units share a point"
    discs = {}
    for domain in DOMAINS:
        points = [positions[k] for k, u in graph.units.items() if u.domain == domain]
        centre = centroid(points)
        radius = max(math.dist(p, centre) for p in points)
        discs[domain] = (centre, radius)
    for a in DOMAINS:
        for b in DOMAINS:
            if a < b:
                (ca, ra), (cb, rb) = discs[a], discs[b]
                assert math.dist(ca, cb) > ra + rb, f"{a} and {b} overlap"
    assert sector_layout(graph) == positions, "the same graph is laid out the same way"


def test_units_lean_towards_the_domains_they_link_to() -> None:
    graph = random_graph(400)
    bridge = Unit("bridge", "org", "桥", domain="financial")
    graph.units["bridge"] = bridge
    graph.links.append(Link("bridge", "u0", "PARTNERS_WITH"))  # u0 is a government body
    positions = sector_layout(graph)
    own = centroid([positions[k] for k, u in graph.units.items() if u.domain == "financial"])
    other = centroid([positions[k] for k, u in graph.units.items() if u.domain == "government"])
    facing = (other[0] - own[0], other[1] - own[1])
    offset = (positions["bridge"][0] - own[0], positions["bridge"][1] - own[1])
    assert facing[0] * offset[0] + facing[1] * offset[1] > 0


def test_layout_mode_follows_the_size_of_the_view() -> None:
    options = ViewOptions()
    assert choose_mode(1000, options) == "physics"
    assert choose_mode(1001, options) == "static"
    assert choose_mode(30_000, options) == "static"
    assert choose_mode(30_001, options) == "overview"
    assert choose_mode(10, ViewOptions(layout="static")) == "static"


def test_overview_counts_units_and_links_between_domains() -> None:
    graph = random_graph(50)
    view = render(graph, ViewOptions(layout="overview", lang="en"))
    assert view.stats["layout"] == "overview"
    assert view.stats["units"] == 50
    assert view.stats["nodes"] == 5
    assert "Overview: 50 units are too many to draw" in view.html


def test_script_json_cannot_close_the_script_or_open_a_comment() -> None:
    data = {"name": "</script><script>alert(1)</script><!--", "sep": "a\u2028b\u2029c", "amp": "&"}
    text = script_json(data)
    for forbidden in ("</", "<!--", "\u2028", "\u2029", "&", ">"):
        assert forbidden not in text
    assert json.loads(text) == data


def test_inlined_vis_network_cannot_close_its_element() -> None:
    script, sheet = vis_assets()
    assert "</script" not in script.lower()
    assert "</style" not in sheet.lower()
    assert "vis-network" in script
