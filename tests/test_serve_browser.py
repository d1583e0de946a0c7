"""The explorer in headless Chromium against a real ``redchain serve`` on each engine.

An analyst's session: search by name, pinyin initials and code with suggestions; expand; a
shortest path; the date slider; a saved view reopened from its URL; exports that open; a hostile
unit name that stays text; and no request leaving the machine.
"""

from __future__ import annotations

import json
import struct
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from tests.conftest import ENGINES
from tests.test_serve import FINANCE_BUREAU, HOSTILE, ICBC, Live, code, live_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module", params=ENGINES)
def live(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Live]:
    with live_server(request.param, tmp_path_factory.mktemp(f"browse-{request.param}")) as server:
        yield server


@pytest.fixture
def session(browser: Any, live: Live) -> Iterator[tuple[Any, list[str], list[str]]]:
    """A page on the explorer, the hosts it asked for, and any dialog or script error."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    hosts: list[str] = []
    problems: list[str] = []
    context.on("request", lambda r: hosts.append(urlparse(r.url).netloc or urlparse(r.url).scheme))
    page = context.new_page()
    page.on("dialog", lambda d: (problems.append(f"dialog {d.message}"), d.dismiss()))
    page.on("pageerror", lambda e: problems.append(f"error {e}"))
    page.goto(live.url)
    page.wait_for_selector("body[data-explorer=ready]", timeout=30_000)
    yield page, hosts, problems
    context.close()


def until(page: Any, script: str, arg: Any = None, timeout: float = 30.0) -> Any:
    """Poll ``script`` until it is truthy (the page's policy forbids the eval that Playwright's
    wait_for_function relies on)."""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(script, arg)
        if value or time.monotonic() > deadline:
            assert value, f"timed out waiting for {script}"
            return value
        page.wait_for_timeout(100)


def suggestions(page: Any, text: str) -> list[str]:
    page.fill("#find", text)
    page.wait_for_timeout(400)
    until(page, "() => document.querySelectorAll('#suggestions button').length > 0")
    until(page, "() => document.body.getAttribute('data-busy') !== 'yes'")
    page.wait_for_timeout(200)
    return page.eval_on_selector_all(
        "#suggestions button", "bs => bs.map(b => b.getAttribute('data-id'))"
    )


def idle(page: Any) -> None:
    page.wait_for_timeout(150)
    until(page, "() => document.body.getAttribute('data-busy') !== 'yes'")
    page.wait_for_timeout(200)


def canvas_ids(page: Any) -> set[str]:
    return set(page.evaluate("window.redchain.nodes.getIds()"))


def visible_ids(page: Any) -> set[str]:
    return set(page.evaluate("window.redchainExplorer.visibleIds()"))


def test_search_expand_path_and_date_slider(session: Any) -> None:
    page, hosts, problems = session
    assert suggestions(page, "gsyh")[0] == ICBC
    assert suggestions(page, "工行南沙")[0] == ICBC
    assert suggestions(page, ICBC)[0] == ICBC
    page.click(f"#suggestions button[data-id='{ICBC}']")
    idle(page)
    assert page.evaluate("window.redchainExplorer.selected") == ICBC
    assert "中国工商银行股份有限公司广州南沙分行" in page.inner_text("#details")
    assert page.inner_text("#unit-panel")  # partnerships, activities, points

    # Start from the unit alone, then expand it.
    page.click("#clear")
    page.evaluate(f"window.redchainExplorer.open('{ICBC}')")
    idle(page)
    assert canvas_ids(page) == {ICBC}
    page.click("#expand")
    idle(page)
    after = canvas_ids(page)
    assert len(after) > 1
    assert "/" in page.inner_text("#more-info")

    # A shortest path to the chain master.
    page.evaluate(f"window.redchainExplorer.path('{ICBC}', '{FINANCE_BUREAU}')")
    idle(page)
    assert {ICBC, FINANCE_BUREAU} <= canvas_ids(page)
    assert page.inner_text("#path-info")

    # The date slider: long ago almost nothing was there; today everything is.
    before = visible_ids(page)
    page.evaluate("window.redchainExplorer.setDate('2021-01-01')")
    early = visible_ids(page)
    assert len(early) < len(before)
    page.evaluate("window.redchainExplorer.setDate(null)")
    assert visible_ids(page) == before
    page.uncheck("#all-dates")
    page.eval_on_selector("#date", "s => { s.value = '0'; s.dispatchEvent(new Event('input')); }")
    assert len(visible_ids(page)) < len(before)
    assert not problems
    assert set(hosts) <= {f"127.0.0.1:{page.url.split(':')[2].split('/')[0]}", "data", "blob"}


def test_saved_view_reopens_identically_from_its_url(
    session: Any, browser: Any, live: Live
) -> None:
    page, _, problems = session
    page.click("#clear")
    page.evaluate(f"window.redchainExplorer.open('{FINANCE_BUREAU}')")
    idle(page)
    page.evaluate(f"window.redchainExplorer.expand('{FINANCE_BUREAU}', 0)")
    idle(page)
    page.wait_for_timeout(1500)
    page.evaluate("window.redchainExplorer.setDate('2023-06-30')")
    page.fill("#view-name", "金融局 周边")
    page.click("#save-view")
    page.wait_for_selector("#views a[data-view='金融局 周边']", timeout=10_000)
    saved = page.evaluate("window.redchainExplorer.canvasState()")

    other = browser.new_context(viewport={"width": 1400, "height": 900})
    again = other.new_page()
    again.goto(live.url)  # the token first (cookie), then the view's URL
    again.wait_for_selector("body[data-explorer=ready]", timeout=30_000)
    again.goto(f"{live.base}/?view=金融局 周边")
    again.wait_for_selector("body[data-explorer=ready]", timeout=30_000)
    idle(again)
    reopened = again.evaluate("window.redchainExplorer.canvasState()")
    other.close()
    assert sorted(reopened["ids"]) == sorted(saved["ids"])
    assert reopened["date"] == "2023-06-30"
    for unit, (x, y) in saved["positions"].items():
        rx, ry = reopened["positions"][unit]
        assert abs(rx - x) < 1 and abs(ry - y) < 1, unit
    assert not problems


def test_exports_open(session: Any, browser: Any, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    page, _, problems = session
    page.click("#clear")
    page.evaluate(f"window.redchainExplorer.open('{ICBC}')")
    idle(page)
    page.evaluate(f"window.redchainExplorer.expand('{ICBC}', 0)")
    idle(page)
    shown = visible_ids(page)
    names = set(page.evaluate("window.redchain.nodes.get().map(n => n.f.n)"))

    files: dict[str, Path] = {}
    for selector, name in (
        ("#png", "png"),
        ("button[data-format='xlsx']", "xlsx"),
        ("button[data-format='csv-units']", "csv"),
        ("button[data-format='html']", "html"),
    ):
        with page.expect_download() as download:
            page.click(selector)
        target = tmp_path / f"export.{name}"
        download.value.save_as(target)
        files[name] = target

    png = files["png"].read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    assert width > 300 and height > 300
    book = load_workbook(files["xlsx"], read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert {r[0] for r in rows[1:]} == names
    assert len(rows) - 1 == len(shown)
    assert "中国工商银行股份有限公司广州南沙分行" in files["csv"].read_text(encoding="utf-8-sig")

    # The offline page works with the network cut off.
    offline = browser.new_context()
    blocked: list[str] = []

    def cut(route: Any) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    offline.route("**/*", cut)
    view = offline.new_page()
    view.goto(files["html"].as_uri())
    view.wait_for_selector("body[data-state=ready]", timeout=30_000)
    assert set(view.evaluate("window.redchain.nodes.getIds()")) == shown
    offline.close()
    assert blocked == []
    assert not problems


def test_a_hostile_name_stays_text_and_imports_show_up(
    session: Any, live: Live, tmp_path: Path
) -> None:
    page, _, problems = session
    hostile_code = code("7C" + str(ENGINES.index(live.backend)))
    sheet = tmp_path / "hostile.csv"
    sheet.write_text(
        "统一社会信用代码,名称,领域,所在街镇,加入日期,所属链\n"
        f'{hostile_code},"{HOSTILE}",协会组织,南沙街道,2024-03-01,金桥红链\n',
        encoding="utf-8",
    )
    imported = live.redchain("import", str(sheet))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert suggestions(page, "img src")[0] == hostile_code
    assert HOSTILE in page.inner_text("#suggestions")
    page.click(f"#suggestions button[data-id='{hostile_code}']")
    idle(page)
    page.wait_for_timeout(500)
    assert HOSTILE in page.inner_text("#details")
    page.hover("#network")
    assert page.evaluate("document.querySelectorAll('img[src=x]').length") == 0
    assert not problems
    assert json.dumps(HOSTILE) not in page.content()


def test_start_from_a_named_query_form_and_from_a_domain(session: Any) -> None:
    page, _, problems = session
    page.select_option("#start-query", "explore/unit")
    key = page.locator("#query-form input[name=key]")
    key.fill("工行南沙")
    until(page, "() => document.querySelectorAll('#unit-names option').length > 0")
    assert ICBC in page.eval_on_selector_all(
        "#unit-names option", "os => os.map(o => o.textContent)"
    )
    key.fill("中国工商银行股份有限公司广州南沙分行")
    page.click("#query-form button[type=submit]")
    idle(page)
    assert canvas_ids(page) == {ICBC}
    page.select_option("#start-domain", "university")
    idle(page)
    groups = set(page.evaluate("window.redchain.nodes.get().map(n => n.group)"))
    assert groups == {"university"}
    assert "/" in page.inner_text("#more-info")
    assert not problems
