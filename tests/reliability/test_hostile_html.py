"""Hostile names in every HTML page redchain writes (the network views and the gap report),
opened in headless Chromium: nothing runs, nothing is fetched, and the names read as text.

Skipped without Chromium and Playwright, unless REDCHAIN_REQUIRE_BROWSER=1 (as in CI).
"""

from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from redchain import uscc
from redchain.cli.main import cli
from tests.conftest import chromium_path

pytestmark = pytest.mark.browser

HOSTILE = (
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    "'><iframe src=javascript:alert(1)></iframe>",
    '<a href="javascript:alert(1)">点我</a>',
    "{{7*7}}<b>粗体</b>&amp;",
)
# What the page must not contain once loaded and used: event-handler attributes, javascript:
# links, frames, and elements the payloads would add.
INJECTED_DOM = """() => {
    const found = [];
    for (const el of document.querySelectorAll('*')) {
        for (const a of el.attributes) {
            if (a.name.startsWith('on')) found.push(el.tagName + ' ' + a.name);
            if (/^\\s*javascript:/i.test(a.value)) found.push(el.tagName + ' ' + a.name);
        }
    }
    const added = 'iframe, img, b, a[href]:not([href^="#"])';
    for (const el of document.querySelectorAll(added)) found.push(el.outerHTML);
    return found;
}"""


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def hostile_files(folder: Path) -> list[Path]:
    """Members named by the payloads, with no partner (so that the gap report lists them), and
    idle bases named by them too."""
    rng = random.Random(11)
    codes = [uscc.make("9", "440115", rng) for _ in HOSTILE]
    partners = write_csv(
        folder / "hostile_partners.csv",
        ["uscc", "name", "domain", "name_en", "address", "short_name"],
        [[c, h, "金融机构", h, h, h] for c, h in zip(codes, HOSTILE, strict=True)],
    )
    bases = write_csv(
        folder / "hostile_bases.csv",
        ["name", "kind", "host", "site"],
        [[f"基地{h}", "分基地", c, h] for c, h in zip(codes, HOSTILE, strict=True)],
    )
    return [partners, bases]


def redchain(target: Any, *args: str) -> None:
    result = CliRunner().invoke(cli, [*target.cli_args, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output


@pytest.fixture
def pages(target: Any, network_files: list[Path], tmp_path: Path) -> dict[str, Path]:
    chromium_path()  # skip before the imports when there is no browser
    kinds = ("partners", "chains", "partnerships", "bases")
    context = [p for p in network_files if p.stem in kinds]
    redchain(target, "import", *map(str, context), *map(str, hostile_files(tmp_path)))
    out = {
        "network": tmp_path / "network.html",  # whole, with the chain and the bases
        "network, English, gaps highlighted": tmp_path / "network-en.html",
        "around a hostile name": tmp_path / "around.html",
        "gap report": tmp_path / "gaps.html",
        "gap report, English": tmp_path / "gaps-en.html",
    }
    # Computed positions for the whole network (ready at once); physics for the small view.
    redchain(
        target,
        *("viz", "--with", "chain", "--with", "bases", "--layout", "static"),
        *("--out", str(out["network"])),
    )
    redchain(
        target,
        *("viz", "--lang", "en", "--highlight", "gaps", "--with", "bases", "--layout", "static"),
        *("--out", str(out["network, English, gaps highlighted"])),
    )
    redchain(target, "viz", "--around", HOSTILE[0], "--out", str(out["around a hostile name"]))
    redchain(target, "gaps", "--format", "html", "--out", str(out["gap report"]))
    english = str(out["gap report, English"])
    redchain(target, "gaps", "--format", "html", "--lang", "en", "--out", english)
    return out


class Tab:
    """A page opened from its file, recording dialogs, errors and any request beyond the file."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.context = browser.new_context(viewport={"width": 1300, "height": 850})
        self.page = self.context.new_page()
        self.url = path.as_uri()
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on(
            "console",
            lambda msg: self.errors.append(msg.text) if msg.type == "error" else None,
        )
        self.page.on("request", self._request)
        self.page.goto(self.url, wait_until="load")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _request(self, request: Any) -> None:
        if request.url != self.url and not request.url.startswith(("data:", "blob:")):
            self.requests.append(request.url)

    def text(self, selector: str = "body") -> str:
        return self.page.inner_text(selector)

    def close(self) -> None:
        self.context.close()


def use_network_page(tab: Tab, details: bool) -> str:
    """Search for each hostile name (and open its details); returns the text the page showed."""
    page = tab.page
    page.wait_for_selector("body[data-state=ready]", timeout=60_000)
    shown = []
    for name in HOSTILE:
        page.fill("#search", name)
        page.wait_for_selector("#results li")
        shown.append(tab.text("#results"))
        ids = page.evaluate("name => window.redchain.search(name)", name)
        if ids and details:
            page.evaluate("id => window.redchain.focus(id)", ids[0])
            shown.append(tab.text("#details"))
    page.wait_for_timeout(300)  # a payload on a timer would have run by now
    return "\n".join(shown)


def test_hostile_names_never_run_in_any_page(
    browser: Any, pages: dict[str, Path], record_property: Any
) -> None:
    checked = []
    for what, path in pages.items():
        tab = Tab(browser, path)
        try:
            is_view = what.startswith(("network", "around"))
            # Details panels are opened on the first page; the others are searched only.
            shown = use_network_page(tab, details=not checked) if is_view else tab.text()
            injected = tab.page.evaluate(INJECTED_DOM)
            outcome = {
                "dialogs": tab.dialogs,
                "errors": tab.errors,
                "requests": tab.requests,
                "injected elements": injected,
            }
            assert outcome == {k: [] for k in outcome}, f"{what}: {outcome}"
            visible = HOSTILE[:1] if what == "around a hostile name" else HOSTILE
            missing = [name for name in visible if name not in shown]
            assert missing == [], f"{what} does not show these names as text: {missing}"
            checked.append(what)
        finally:
            tab.close()
    record_property("pages", checked)
    record_property("payloads", len(HOSTILE))
