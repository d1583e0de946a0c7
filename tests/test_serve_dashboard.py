"""The dashboard of ``redchain serve`` on each engine: over HTTP and in headless Chromium.

An office head's session: the figures are the periodic report's (``redchain.periodic.build``),
the period picker changes them, a card opens its units in the explorer, and every download of
the report opens in what reads it (python-docx, openpyxl, a PDF's header, JSON).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import pytest

import redchain
from redchain import periodic
from redchain.model import CHAIN_DOMAINS
from redchain.period import parse
from tests.conftest import ENGINES
from tests.test_serve import Live, live_server
from tests.test_serve_browser import until

OTHER_CHAIN = "政数先锋链"  # the sample's second chain


@pytest.fixture(scope="module", params=ENGINES)
def live(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Live]:
    with live_server(request.param, tmp_path_factory.mktemp(f"board-{request.param}")) as server:
        yield server


@pytest.fixture(scope="module")
def built(live: Live) -> dict[str, dict[str, Any]]:
    """The builder's own JSON for the periods the tests look at."""
    with redchain.connect(live.backend, data_dir=live.data_dir) as engine:
        found = {
            key: periodic.build(engine, parse(key)).to_dict("zh") for key in ("2024Q4", "2023")
        }
        found[OTHER_CHAIN] = periodic.build(engine, parse("2024"), OTHER_CHAIN).to_dict("zh")
        return found


def cards(data: dict[str, Any]) -> dict[str, int]:
    return {c["key"]: c["value"] for c in data["cards"]}


def test_the_figures_are_the_builders_and_the_period_changes_them(
    live: Live, built: dict[str, dict[str, Any]]
) -> None:
    with live.client() as client:
        for key in ("2024Q4", "2023"):
            expected = built[key]
            data = client.get("/api/dashboard", params={"period": key}).json()
            assert data["period"]["key"] == key
            assert cards(data) == expected["figures"]
            assert {c["key"]: c["previous"] for c in data["cards"]} == expected["previous_figures"]
            # The five domains always, any other only where the chain has members of it.
            assert {d["key"]: d["value"] for d in data["domains"]} == {
                k: v
                for k, v in expected["members_by_domain"].items()
                if v or k in {d.key for d in CHAIN_DOMAINS}
            }
            assert data["summary"] == expected["summary"]
            assert [s["uscc"] for s in data["subdistricts"]] == [
                s["uscc"] for s in expected["subdistricts"]
            ]
            assert len(data["subdistricts"]) == 9
        assert built["2023"]["figures"]["activities"] != built["2024Q4"]["figures"]["activities"]
        # With no period the dashboard opens on the quarter of the sample's last activity.
        assert client.get("/api/dashboard").json()["period"]["key"] == "2024Q4"
        span = client.get("/api/dashboard", params={"from": "2023-01-01", "to": "2023-12-31"})
        assert cards(span.json()) == built["2023"]["figures"]
        other = client.get("/api/dashboard", params={"period": "2024", "chain": OTHER_CHAIN})
        assert other.json()["chains"] == sorted(["金桥红链", OTHER_CHAIN])
        assert cards(other.json()) == built[OTHER_CHAIN]["figures"]
        bad = client.get("/api/dashboard", params={"period": "2024Q5"})
        assert bad.status_code == 400 and "2024Q5" in bad.json()["error"]


def test_each_card_names_as_many_units_as_it_counts(
    live: Live, built: dict[str, dict[str, Any]]
) -> None:
    figures = built["2024Q4"]["figures"]
    with live.client() as client:
        data = client.get("/api/dashboard", params={"period": "2024Q4"}).json()
        by_key = {c["key"]: c for c in data["cards"]}

        def total(drill: dict[str, str]) -> int:
            answer = client.get("/api/card", params=drill)
            assert answer.status_code == 200, answer.text
            return int(answer.json()["total"])

        assert total(by_key["members"]["drill"]) == figures["members"]
        assert total(by_key["units_active"]["drill"]) == figures["units_active"]
        for domain in data["domains"]:
            assert total(domain["drill"]) == domain["value"]
        for sub in data["subdistricts"]:
            assert total(sub["drill"]) == sub["units"]
        assert by_key["talent_pool"]["drill"] is None


def test_every_download_opens(live: Live, built: dict[str, dict[str, Any]]) -> None:
    from docx import Document
    from openpyxl import load_workbook

    with live.client() as client:

        def get(fmt: str) -> bytes:
            answer = client.get("/api/dashboard/report", params={"period": "2024Q4", "format": fmt})
            assert answer.status_code == 200, answer.text
            assert f"report-2024Q4.{fmt}" in answer.headers["content-disposition"]
            return answer.content

        doc = Document(io.BytesIO(get("docx")))
        assert len(doc.tables) > 3
        assert "2024年第4季度" in doc.paragraphs[0].text
        book = load_workbook(io.BytesIO(get("xlsx")))
        assert len(book.sheetnames) > 3
        assert get("pdf").startswith(b"%PDF")
        assert "<html" in get("html").decode("utf-8")
        assert "2024年第4季度" in get("md").decode("utf-8")
        assert json.loads(get("json"))["figures"] == built["2024Q4"]["figures"]
        wrong = client.get("/api/dashboard/report", params={"format": "odt"})
        assert wrong.status_code == 400 and "docx" in wrong.json()["error"]


@pytest.mark.browser
def test_the_dashboard_in_the_browser(
    browser: Any, live: Live, built: dict[str, dict[str, Any]]
) -> None:
    context = browser.new_context(viewport={"width": 1300, "height": 900}, accept_downloads=True)
    hosts: list[str] = []
    problems: list[str] = []
    context.on("request", lambda r: hosts.append(urlparse(r.url).netloc))
    try:
        page = context.new_page()
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(f"{live.base}/dashboard?token={live.token}")
        until(page, "() => document.body.getAttribute('data-state') === 'ready'", timeout=120)
        assert page.get_attribute("body", "data-period") == "2024Q4"

        def shown() -> dict[str, int]:
            pairs = page.eval_on_selector_all(
                "#cards .card",
                "cs => cs.map(c => [c.getAttribute('data-key'), "
                "c.querySelector('.figure').textContent])",
            )
            return {key: int(value) for key, value in pairs}

        assert shown() == built["2024Q4"]["figures"]
        assert page.inner_text("#summary") == built["2024Q4"]["summary"]
        assert len(page.query_selector_all("#charts img")) >= 3
        until(
            page,
            "() => Array.from(document.querySelectorAll('#charts img'))"
            ".every(i => i.complete && i.naturalWidth > 0)",
            timeout=60,
        )

        # The period picker.
        page.select_option("#period", "2023")
        until(page, "() => document.body.getAttribute('data-period') === '2023'", timeout=120)
        until(page, "() => document.body.getAttribute('data-state') === 'ready'", timeout=120)
        assert shown() == built["2023"]["figures"]
        assert "period=2023" in page.url

        # A download from the page.
        with page.expect_download() as info:
            page.click("#downloads a[data-format=docx]")
        from docx import Document

        assert Document(info.value.path()).tables

        # A card opens its units in the explorer.
        page.click("#domains a.card[data-key=financial]")
        page.wait_for_selector("body[data-explorer=ready]", timeout=60_000)
        until(page, "() => document.body.getAttribute('data-busy') !== 'yes'")
        members = built["2023"]["members_by_domain"]["financial"]
        ids = page.evaluate("window.redchain.nodes.getIds()")
        assert len(ids) == members
        assert "金融机构" in page.inner_text("#view")
        assert set(hosts) == {urlparse(live.base).netloc}
        assert problems == []
    finally:
        context.close()
