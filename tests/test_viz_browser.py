"""The network page in a real browser: headless Chromium, driven through Playwright.

Skipped when Chromium is missing, unless REDCHAIN_REQUIRE_BROWSER=1 (as in CI), which turns a
missing browser into a failure. Screenshots are kept in tests/artifacts/.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from test_viz_support import BOG, BUREAU, ICBC, NANSHA, ORGS, PEARL_F, XSS, XSS_NAME, write_chain

import redchain
from redchain import schema
from redchain.viz import ViewOptions, build_view, render
from redchain.viz.graph import Link, Unit, ViewGraph

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).parent / "artifacts"
READY = "body[data-state=ready]"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The test chain's pages: the whole network with chain and bases, and the same in English."""
    folder = tmp_path_factory.mktemp("pages")
    with redchain.connect("embedded", data_dir=folder / "data") as engine:
        schema.ensure(engine)
        write_chain(engine)
        whole = build_view(engine, ViewOptions(extras=("chain", "bases"), highlight=("gaps",)))
        english = build_view(engine, ViewOptions(lang="en", size_by="points"))
    return {
        "whole": whole.write(folder / "whole.html"),
        "english": english.write(folder / "english.html"),
    }


@dataclass
class Watched:
    """A browser tab that refuses and records every request leaving the page's own file."""

    page: Any
    url: str
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def node_point(self, node_id: str) -> tuple[float, float]:
        """Where a node is drawn, in page coordinates."""
        point = self.page.evaluate(
            """id => {
                const net = window.redchain.network;
                const at = net.canvasToDOM(net.getPosition(id));
                const box = document.getElementById('network').getBoundingClientRect();
                return [box.left + at.x, box.top + at.y];
            }""",
            node_id,
        )
        return point[0], point[1]


@pytest.fixture
def tab(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    yield context
    context.close()


def open_page(context: Any, path: Path) -> Watched:
    page = context.new_page()
    watched = Watched(page, path.as_uri())

    def route(route: Any) -> None:
        url = route.request.url
        if url == watched.url or url.startswith("data:"):
            route.continue_()
        else:
            watched.outside.append(url)
            route.abort()

    page.route("**/*", route)
    page.on(
        "console",
        lambda m: watched.errors.append(m.text) if m.type in ("error", "warning") else None,
    )
    page.on("pageerror", lambda e: watched.errors.append(str(e)))

    def on_dialog(dialog: Any) -> None:
        watched.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(watched.url)
    page.wait_for_selector(READY, state="attached", timeout=60_000)
    return watched


def wait_until(page: Any, expression: str, timeout: float = 10.0) -> Any:
    """Poll ``expression`` from outside the page: the page's CSP forbids the string evaluation
    Playwright's own wait_for_function relies on."""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(expression)
        if value or time.monotonic() > deadline:
            assert value, f"still false after {timeout} s: {expression}"
            return value
        page.wait_for_timeout(100)


def assert_clean(watched: Watched) -> None:
    assert watched.outside == [], "no request may leave the file"
    assert watched.errors == []
    assert watched.dialogs == []


def test_page_draws_every_node_offline_without_errors(tab: Any, pages: dict[str, Path]) -> None:
    watched = open_page(tab, pages["whole"])
    page = watched.page
    drawn = page.evaluate("window.redchain.network.body.nodeIndices.length")
    # Today's units (one left the chain in 2022), the chain and its base.
    assert drawn == len(ORGS) - 1 + 2
    # The canvas holds a drawing, not a blank page.
    coloured = page.evaluate(
        """() => {
            const c = document.querySelector('#network canvas');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 0; i < d.length; i += 4) if (d[i] < 200 || d[i + 2] < 200) n++;
            return n;
        }"""
    )
    assert coloured > 2000
    assert page.inner_text("#mode").startswith("布局：")
    legend = page.inner_text("#legend-groups")
    assert "金融机构" in legend and "覆盖缺口单位" in legend
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "viz-network.png"))
    assert_clean(watched)


def test_hostile_name_shows_as_text_and_runs_nothing(tab: Any, pages: dict[str, Path]) -> None:
    watched = open_page(tab, pages["whole"])
    page = watched.page
    x, y = watched.node_point(XSS)
    page.mouse.move(x, y)
    page.wait_for_selector("#tooltip:not([hidden])", timeout=5000)
    assert XSS_NAME in page.inner_text("#tooltip")
    page.fill("#search", "<img")
    page.wait_for_selector("#results button", timeout=5000)
    assert XSS_NAME in page.inner_text("#results")
    page.press("#search", "Enter")
    assert XSS_NAME in page.inner_text("#details")
    page.wait_for_timeout(300)
    assert page.evaluate("document.querySelectorAll('img, iframe, object').length") == 0
    assert page.evaluate("document.scripts.length") == 3
    assert_clean(watched)


def test_search_finds_a_unit_by_chinese_english_name_or_code(
    tab: Any, pages: dict[str, Path]
) -> None:
    watched = open_page(tab, pages["whole"])
    page = watched.page
    page.fill("#search", "南沙街道")
    first = page.wait_for_selector("#results button")
    assert first.inner_text().startswith("南沙街道")
    page.press("#search", "Enter")
    assert page.evaluate("window.redchain.state.focused") == NANSHA
    assert "南沙街道" in page.inner_text("#details")
    assert page.evaluate("window.redchain.network.getSelectedNodes()") == [NANSHA]
    for query, expected in (("icbc nansha", ICBC), (BOG.lower(), BOG)):
        page.fill("#search", query)
        page.press("#search", "Enter")
        assert page.evaluate("window.redchain.state.focused") == expected
    page.fill("#search", "不存在的单位")
    assert page.inner_text("#results") == "没有找到"
    assert_clean(watched)


def test_domain_toggle_hides_that_domain(tab: Any, pages: dict[str, Path]) -> None:
    watched = open_page(tab, pages["whole"])
    page = watched.page
    financial = {o[0] for o in ORGS if o[3] == "financial"} - {PEARL_F}  # PEARL_F has left
    page.uncheck("input[data-group=financial]")
    drawn = set(page.evaluate("window.redchain.network.body.nodeIndices"))
    assert drawn and not drawn & financial
    assert NANSHA in drawn
    shown = len(ORGS) - 1 + 2 - len(financial)
    assert page.inner_text("#status").startswith(f"显示 {shown} 个节点")
    page.check("input[data-group=financial]")
    assert financial <= set(page.evaluate("window.redchain.network.body.nodeIndices"))
    assert_clean(watched)


def test_click_on_a_unit_highlights_its_neighbours(tab: Any, pages: dict[str, Path]) -> None:
    watched = open_page(tab, pages["english"])
    page = watched.page
    x, y = watched.node_point(NANSHA)
    page.mouse.click(x, y)
    wait_until(page, "window.redchain.state.highlight !== null")
    kept = set(page.evaluate("window.redchain.state.highlight.nodes"))
    assert kept == {NANSHA, BUREAU, BOG}
    dimmed = page.evaluate(f"window.redchain.nodes.get('{ICBC}').color.background")
    assert dimmed == "#ececec"
    assert "Nansha Subdistrict" in page.inner_text("#details")
    page.click("#reset")
    assert page.evaluate("window.redchain.state.highlight") is None
    assert page.evaluate(f"window.redchain.nodes.get('{ICBC}').color.background") == "#2471a3"
    assert_clean(watched)


def test_png_button_saves_the_view_as_png(tab: Any, pages: dict[str, Path]) -> None:
    watched = open_page(tab, pages["english"])
    page = watched.page
    with page.expect_download() as download:
        page.click("#png")
    saved = Path(download.value.path())
    data = saved.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 10_000
    assert download.value.suggested_filename == "redchain-network.png"
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "viz-export.png").write_bytes(data)
    assert_clean(watched)


def test_large_view_is_drawn_in_batches_with_physics_off(tab: Any, tmp_path: Path) -> None:
    rng = random.Random(3)
    domains = ["government", "subdistrict", "association", "financial", "university"]
    units = {
        f"u{i:05d}": Unit(f"u{i:05d}", "org", f"单位{i}", domain=rng.choice(domains))
        for i in range(3000)
    }
    ids = list(units)
    links = [Link(ids[i], ids[rng.randrange(i)], "PARTNERS_WITH") for i in range(1, 3000)]
    view = render(ViewGraph(units, links), ViewOptions())
    assert view.stats["layout"] == "static"
    watched = open_page(tab, view.write(tmp_path / "large.html"))
    page = watched.page
    assert page.evaluate("window.redchain.network.body.nodeIndices.length") == 3000
    assert page.evaluate("window.redchain.network.physics.options.enabled") is False
    assert "3000 个节点" in page.inner_text("#mode")
    # Labels come once they can be read; the page draws the links itself, highlight included.
    assert page.evaluate("window.redchain.nodes.get().filter(n => n.label).length") == 0
    page.fill("#search", "单位2999")
    page.press("#search", "Enter")
    assert page.evaluate("window.redchain.state.focused") == "u02999"
    wait_until(page, "window.redchain.nodes.get('u02999').label === '单位2999'")
    lit = page.evaluate("Array.from(window.redchain.state.highlight.links)")
    assert len(lit) == sum(1 for lk in links if "u02999" in (lk.source, lk.target))
    assert_clean(watched)
