"""The clerk's import page in headless Chromium against ``redchain serve --allow-import``.

A clerk's session: download a template, upload a file with planted faults and see each problem
(line, column, value, fix), pick the unit a name means, download the rejects file, upload the
corrected file and write it; and a viewer who opens the page or posts to it is refused.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

import redchain
from redchain.model import IMPORT_RUN
from tests.conftest import ENGINES
from tests.test_serve import Live, live_server
from tests.test_serve_browser import until
from tests.test_upload import COMMERCE, EDITOR, FAULTY, FIXED

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module", params=ENGINES)
def live(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Live]:
    root = tmp_path_factory.mktemp(f"clerk-{request.param}")
    with live_server(request.param, root, "--allow-import", "--editor-name", EDITOR) as server:
        yield server


@pytest.fixture
def clerk(browser: Any, live: Live) -> Iterator[tuple[Any, list[str], list[str]]]:
    context = browser.new_context(viewport={"width": 1300, "height": 900}, accept_downloads=True)
    hosts: list[str] = []
    problems: list[str] = []
    context.on("request", lambda r: hosts.append(urlparse(r.url).netloc))
    page = context.new_page()
    page.on("pageerror", lambda e: problems.append(f"error {e}"))
    page.goto(f"{live.base}/import?token={live.editor_token}")
    page.wait_for_selector("body[data-state=ready]", timeout=30_000)
    yield page, hosts, problems
    context.close()


def choose(page: Any, name: str, text: str) -> None:
    page.set_input_files(
        "#file", files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode("utf-8")}]
    )
    page.click("#upload")


def result(page: Any, wanted: str) -> None:
    until(page, f"() => document.body.getAttribute('data-result') === '{wanted}'", timeout=60)
    until(page, "() => document.body.getAttribute('data-busy') !== 'yes'")


def table(page: Any, selector: str) -> list[list[str]]:
    rows: list[list[str]] = page.eval_on_selector_all(
        f"{selector} tbody tr",
        "rows => rows.map(r => Array.from(r.cells).map(c => c.textContent))",
    )
    return rows


def download(page: Any, selector: str) -> bytes:
    with page.expect_download() as info:
        page.click(selector)
    return Path(info.value.path()).read_bytes()


def test_a_clerk_checks_picks_downloads_rejects_and_writes(clerk: Any, live: Live) -> None:
    page, hosts, problems = clerk
    assert page.inner_text("#editor") == EDITOR

    page.select_option("#kind", "participation")
    template = download(page, "#template-csv").decode("utf-8-sig")
    assert next(csv.reader(io.StringIO(template)))[1:] == ["活动编号", "单位", "积分", "加分"]

    choose(page, "参与活动.csv", FAULTY)
    result(page, "problems")
    shown = table(page, "#problems")
    located = {(row[1], row[2], row[3]) for row in shown}
    assert located == {
        ("2", "单位", "南沙区商务"),
        ("3", "积分", "十二"),
        ("4", "活动编号", "A2099-999"),
        ("5", "加分", "2024-05-01"),
    }
    assert all(row[0] == "参与活动.csv" and row[4] and row[5] for row in shown)
    counts = table(page, "#counts")
    assert counts[0][2:] == ["4", "0", "0", "0", "4"]
    assert page.is_hidden("#confirm") is False and page.is_disabled("#write")

    # The name that only resembles a unit: pick it, and the dry run runs again with the choice.
    page.select_option("select[data-name='南沙区商务']", COMMERCE)
    until(page, "() => document.querySelectorAll('#problems tbody tr').length === 3")
    until(page, "() => document.body.getAttribute('data-busy') !== 'yes'")
    assert "南沙区商务" not in {row[3] for row in table(page, "#problems")}

    rejects = download(page, "#rejects").decode("utf-8-sig")
    refused = list(csv.reader(io.StringIO(rejects)))
    assert refused[0][-1] == "reason" and len(refused) == 4

    choose(page, "参与活动-改.csv", FIXED)
    result(page, "ok")
    assert table(page, "#problems") == []
    assert page.is_hidden("#rejects")
    page.click("#write")
    result(page, "written")
    summary = page.inner_text("#summary")
    with redchain.connect(live.backend, data_dir=live.data_dir) as engine:
        runs = engine.run(
            f"MATCH (r:{IMPORT_RUN.label}) WHERE r.by = $by RETURN r.run_id AS id, r.file AS file",
            {"by": EDITOR},
        )
    assert [r["file"] for r in runs] == ["参与活动-改.csv"]
    assert runs[0]["id"] in summary
    assert set(hosts) == {urlparse(live.base).netloc}
    assert problems == []


def test_a_viewer_cannot_open_the_page_or_post_an_upload(browser: Any, live: Live) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{live.base}/?token={live.token}")
        page.wait_for_selector("body[data-explorer=ready]", timeout=30_000)
        status = page.evaluate(
            """async () => {
              const data = JSON.parse(document.getElementById('redchain-data').textContent);
              const answer = await fetch('/api/import/upload', {
                method: 'POST', credentials: 'same-origin', body: 'a,b\\n1,2\\n',
                headers: {'x-redchain-csrf': data.explorer.csrf, 'x-redchain-filename': 'a.csv'},
              });
              return answer.status;
            }"""
        )
        assert status == 403
        opened = page.goto(f"{live.base}/import")
        assert opened is not None and opened.status == 403
        assert "editor" in page.inner_text("body")
    finally:
        context.close()
