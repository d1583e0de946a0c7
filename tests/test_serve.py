"""``redchain serve`` through its HTTP API: a real server process on a free port, on each engine.

What an analyst's browser would send and get: search by name, short name, English name, pinyin,
pinyin initials and credit code; expand with a cap; shortest paths; saved views; exports; and
the security rules (token, Host, same-origin POST, CSP). While the server runs, ``redchain
import`` in another process succeeds and the next search finds what it wrote.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

import redchain
from redchain.cli.main import cli
from redchain.uscc import check_character
from tests.conftest import ENGINES, skip_or_fail_without_neo4j

ICBC = "91440115ACA1B4QLG7"  # 中国工商银行股份有限公司广州南沙分行 in the sample
FINANCE_BUREAU = "11440115538JP5L1WJ"  # 南沙开发区金融局, the chain master
HOSTILE = "<img src=x onerror=alert(1)>"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def code(serial: str) -> str:
    """A valid credit code for a company of Nansha (9 + 1 + 440115 + serial)."""
    first17 = ("91440115" + serial).ljust(17, "0")[:17]
    return first17 + check_character(first17)


@dataclass
class Live:
    """A running ``redchain serve`` and how to reach it."""

    backend: str
    data_dir: Path
    env: dict[str, str]
    port: int
    token: str
    process: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)
    #: The editor's token, when the server was started with --allow-import.
    editor_token: str = ""

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.base}/?token={self.token}"

    def client(self, **kwargs: Any) -> httpx.Client:
        return httpx.Client(
            base_url=self.base,
            headers={"authorization": f"Bearer {self.token}"},
            timeout=60,
            **kwargs,
        )

    def csrf(self, client: httpx.Client) -> str:
        page = client.get("/").text
        start = page.index('id="redchain-data">') + len('id="redchain-data">')
        data = json.loads(page[start : page.index("</script>", start)])
        return str(data["explorer"]["csrf"])

    def redchain(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Another redchain process on the same graph."""
        return subprocess.run(
            [sys.executable, "-m", "redchain.cli.main", *args],
            env={**self.env, "REDCHAIN_LOCK_TIMEOUT": "5"},
            capture_output=True,
            text=True,
            timeout=180,
        )


@contextlib.contextmanager
def live_server(backend: str, root: Path, *options: str) -> Iterator[Live]:
    """The sample network loaded (fresh) and ``redchain serve [options]`` started on it."""
    if backend == "neo4j":
        skip_or_fail_without_neo4j()
        with redchain.connect("neo4j") as engine:
            engine.clear()
    data_dir = root / "data"
    env = {
        **os.environ,
        "REDCHAIN_BACKEND": backend,
        "REDCHAIN_DATA_DIR": str(data_dir),
        "PYTHONUNBUFFERED": "1",
    }
    loaded = CliRunner().invoke(
        cli,
        ["--backend", backend, "--data-dir", str(data_dir), "demo", "--out-dir", str(root / "out")],
        catch_exceptions=False,
    )
    assert loaded.exit_code == 0, loaded.output
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "redchain.cli.main", "serve", "--port", str(port), *options],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    lines: list[str] = []
    token = editor = ""
    wants_editor = "--allow-import" in options
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (token and (editor or not wants_editor)):
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "/import?token=" in line:
            editor = line.strip().split("?token=")[1]
        elif "?token=" in line:
            token = line.strip().split("?token=")[1]
    if not token or (wants_editor and not editor):
        process.kill()
        pytest.fail("redchain serve did not print its URL:\n" + "".join(lines))
    live = Live(backend, data_dir, env, port, token, process, lines, editor)
    try:
        yield live
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module", params=ENGINES)
def live(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Live]:
    with live_server(request.param, tmp_path_factory.mktemp(f"serve-{request.param}")) as server:
        yield server


def ids_of(results: list[dict[str, Any]]) -> list[str]:
    return [r["id"] for r in results]


def test_the_printed_url_carries_a_token_and_nothing_answers_without_it(live: Live) -> None:
    assert live.url.startswith("http://127.0.0.1:")
    anonymous = httpx.Client(base_url=live.base, timeout=30)
    for path in ("/", "/api/search?q=gsyh", "/api/start", "/static/explorer.js", "/api/views"):
        assert anonymous.get(path).status_code == 401, path
    assert anonymous.post("/api/units", json={"ids": []}).status_code == 401
    wrong = httpx.Client(base_url=live.base, headers={"authorization": "Bearer nope"}, timeout=30)
    assert wrong.get("/api/search?q=gsyh").status_code == 401
    # The URL's token becomes a cookie and leaves the address bar.
    first = anonymous.get(f"/?token={live.token}")
    assert first.status_code == 303
    assert first.headers["location"] == "/"
    assert "HttpOnly" in first.headers["set-cookie"]
    assert "SameSite=Strict" in first.headers["set-cookie"]
    assert anonymous.get("/").status_code == 200  # the cookie is enough now


def test_search_by_name_short_name_english_pinyin_initials_and_code(live: Live) -> None:
    with live.client() as client:

        def first(q: str) -> str:
            found = client.get("/api/search", params={"q": q}).json()["results"]
            assert found, q
            return str(found[0]["id"])

        assert first("中国工商银行股份有限公司广州南沙分行") == ICBC
        assert first("工行南沙分行") == ICBC
        assert first("工商银行") == ICBC
        assert first("gsyh") == ICBC
        assert first("gongshangyinhang") == ICBC
        assert first("Industrial and Commercial Bank") == ICBC
        assert first(ICBC) == ICBC
        assert first(ICBC.lower()[:10]) == ICBC
        assert first("金融局") == FINANCE_BUREAU
        assert client.get("/api/search", params={"q": "没有这个单位zzz"}).json()["results"] == []


def test_expand_is_capped_and_says_how_many_there_are(live: Live) -> None:
    with live.client() as client:
        everything = client.get("/api/expand", params={"id": FINANCE_BUREAU}).json()
        total = everything["total"]
        assert total > 3
        assert everything["shown"] == total
        page = client.get("/api/expand", params={"id": FINANCE_BUREAU, "limit": 3}).json()
        assert (page["shown"], page["total"]) == (3, total)
        assert {n["id"] for n in page["nodes"]} >= {FINANCE_BUREAU}
        assert len(page["nodes"]) == 4
        rest = client.get(
            "/api/expand", params={"id": FINANCE_BUREAU, "limit": 100, "offset": 3}
        ).json()
        assert rest["shown"] == total - 3
        names = {n["f"]["n"] for n in page["nodes"]} | {n["f"]["n"] for n in rest["nodes"]}
        assert len(names) == total + 1
        bad = client.get("/api/expand", params={"id": FINANCE_BUREAU, "limit": "many"})
        assert bad.status_code == 400
        assert "limit" in bad.json()["error"]


def test_shortest_path_between_two_units(live: Live) -> None:
    with live.client() as client:
        found = client.get("/api/path", params={"a": ICBC, "b": FINANCE_BUREAU}).json()
        ids = {n["id"] for n in found["nodes"]}
        assert {ICBC, FINANCE_BUREAU} <= ids
        assert found["hops"] >= 1
        assert len(found["edges"]) >= found["hops"]


def test_side_panel_facts_partnerships_activities_points_and_gaps(live: Live) -> None:
    with live.client() as client:
        unit = client.get("/api/unit", params={"id": ICBC}).json()
        assert unit["facts"]["name"] == "中国工商银行股份有限公司广州南沙分行"
        assert unit["partners"] and all(p["name"] for p in unit["partners"])
        assert unit["activities"] and unit["points"] > 0
        assert isinstance(unit["gaps"], list)
        missing = client.get("/api/unit", params={"id": "nope"})
        assert missing.status_code == 404


def test_start_anywhere_lists_domain_subdistrict_gap_and_query(live: Live) -> None:
    with live.client() as client:
        lists = client.get("/api/lists").json()
        deadline = time.monotonic() + 120
        while lists["gaps_pending"] and time.monotonic() < deadline:  # the report runs aside
            time.sleep(0.5)
            lists = client.get("/api/lists").json()
        assert any(s["name"] == "南沙街道" for s in lists["subdistricts"])
        assert "金桥红链" in lists["chains"]
        forms = {q["name"]: q for q in lists["queries"]}
        assert forms
        assert any(f.get("choices") == lists["chains"] for q in forms.values() for f in q["params"])
        financial = client.get("/api/domain", params={"key": "financial", "limit": 5}).json()
        assert financial["shown"] == 5 and financial["total"] > 5
        assert {n["group"] for n in financial["nodes"]} == {"financial"}
        nansha = next(s for s in lists["subdistricts"] if s["name"] == "南沙街道")
        sub = client.get("/api/subdistrict", params={"id": nansha["uscc"]}).json()
        assert sub["total"] == nansha["units"] + 1
        gap = next(g for g in lists["gaps"] if g["count"])
        shown = client.get("/api/gap", params={"name": gap["name"]}).json()
        assert {n["id"] for n in shown["nodes"]} >= set(gap["ids"][:100]) - {""}
        overview = client.get("/api/overview").json()
        assert sum(n["f"]["c"] for n in overview["nodes"]) == overview["units"]


def test_chinese_by_default_with_an_english_switch(live: Live) -> None:
    with live.client() as client:
        chinese = client.get("/").text
        assert '<html lang="zh-CN">' in chinese and "金桥红链 · 网络探索" in chinese
        assert 'href="/?lang=en"' in chinese
        english = client.get("/?lang=en").text
        assert '<html lang="en">' in english and "Golden Bridge Red Chain · Explorer" in english
        found = client.get("/api/domain", params={"key": "financial", "lang": "en", "limit": 1})
        assert found.json()["nodes"][0]["f"]["n"]  # names stay as they are in the graph


def test_cross_site_and_tokenless_posts_are_refused(live: Live) -> None:
    with live.client() as client:
        csrf = live.csrf(client)
        body = {"ids": [ICBC]}
        assert client.post("/api/units", json=body).status_code == 403  # no CSRF header
        evil = client.post(
            "/api/units",
            json=body,
            headers={"x-redchain-csrf": csrf, "origin": "http://evil.example"},
        )
        assert evil.status_code == 403
        cross = client.post(
            "/api/units",
            json=body,
            headers={"x-redchain-csrf": csrf, "sec-fetch-site": "cross-site"},
        )
        assert cross.status_code == 403
        ok = client.post(
            "/api/units", json=body, headers={"x-redchain-csrf": csrf, "origin": live.base}
        )
        assert ok.status_code == 200
        assert [n["id"] for n in ok.json()["nodes"]] == [ICBC]
        rebound = client.get("/api/search?q=gsyh", headers={"host": "attacker.example:80"})
        assert rebound.status_code == 403


def test_every_answer_has_a_policy_that_forbids_other_hosts(live: Live) -> None:
    with live.client() as client:
        for path in ("/", "/api/search?q=x", "/static/network.js"):
            policy = client.get(path).headers["content-security-policy"]
            assert "default-src 'none'" in policy
            assert "connect-src 'self'" in policy and "script-src 'self'" in policy
            assert "http" not in policy and "*" not in policy
        page = client.get("/").text
        assert "http://" not in page.replace("http-equiv", "") and "https://" not in page


def test_saved_view_round_trip(live: Live) -> None:
    before = live.redchain("db", "stats", "--format", "json").stdout
    with live.client() as client:
        csrf = {"x-redchain-csrf": live.csrf(client)}
        state = {
            "ids": [ICBC, FINANCE_BUREAU],
            "positions": {ICBC: [1.5, -2.0], FINANCE_BUREAU: [30.0, 40.0]},
            "date": "2023-05-01",
            "filters": {"chain": "金桥红链"},
            "hidden": [],
            "pinned": [ICBC],
        }
        saved = client.post(
            "/api/views", json={"name": "工行 与 金融局", "state": state}, headers=csrf
        )
        assert saved.status_code == 200
        listed = client.get("/api/views").json()["views"]
        assert {"name": "工行 与 金融局", "units": 2, "date": "2023-05-01"} in listed
        again = client.get("/api/views/工行 与 金融局").json()
        assert {k: again[k] for k in state} == state
        nameless = client.post("/api/views", json={"name": " ", "state": state}, headers=csrf)
        assert nameless.status_code == 400 and "name" in nameless.json()["error"]
        assert client.get("/api/views/nothing-here").status_code == 404
    # A view is kept beside the graph, never in it.
    assert live.redchain("db", "stats", "--format", "json").stdout == before


def test_exports_open_with_names_not_ids(live: Live, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    with live.client() as client:
        csrf = {"x-redchain-csrf": live.csrf(client)}
        ids = [ICBC, FINANCE_BUREAU]
        book = client.post("/api/export", json={"format": "xlsx", "ids": ids}, headers=csrf)
        assert book.status_code == 200
        sheets = load_workbook(io.BytesIO(book.content), read_only=True)
        units = [list(r) for r in sheets.worksheets[0].iter_rows(values_only=True)]
        assert units[0][0] == "名称"
        assert {r[0] for r in units[1:]} == {
            "中国工商银行股份有限公司广州南沙分行",
            "南沙开发区金融局",
        }
        links = client.post("/api/export", json={"format": "csv-links", "ids": ids}, headers=csrf)
        text = links.content.decode("utf-8-sig")
        assert "南沙开发区金融局" in text and ICBC not in text
        page = client.post("/api/export", json={"format": "html", "ids": ids}, headers=csrf)
        html = page.content.decode("utf-8")
        assert "Content-Security-Policy" in html and "南沙开发区金融局" in html
        assert "<script src=" not in html
        bad = client.post("/api/export", json={"format": "pdf", "ids": ids}, headers=csrf)
        assert bad.status_code == 400 and "format" in bad.json()["error"]


def test_import_in_another_process_while_serving_shows_up_on_the_next_request(
    live: Live, tmp_path: Path
) -> None:
    new_code = code("7A" + str(ENGINES.index(live.backend)))
    hostile_code = code("7B" + str(ENGINES.index(live.backend)))
    sheet = tmp_path / "new.csv"
    sheet.write_text(
        "统一社会信用代码,名称,领域,所在街镇,加入日期,简称,所属链\n"
        f"{new_code},广州南沙星桥数字银行有限公司,金融机构,南沙街道,2024-03-01,星桥银行,金桥红链\n"
        f'{hostile_code},"{HOSTILE}",协会组织,南沙街道,2024-03-01,,金桥红链\n',
        encoding="utf-8",
    )
    imported = live.redchain("import", str(sheet))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    gaps = live.redchain("gaps", "--format", "json")
    assert gaps.returncode == 0, gaps.stderr
    with live.client() as client:
        found = client.get("/api/search", params={"q": "xqyh"}).json()["results"]
        assert ids_of(found)[:1] == [new_code]
        hostile = client.get("/api/search", params={"q": "img src"})
        assert "<img" not in hostile.text and "\\u003cimg" in hostile.text
        assert hostile.json()["results"][0]["name"] == HOSTILE
    assert live.process.poll() is None


def test_other_hosts_need_a_token_file(tmp_path: Path) -> None:
    refused = CliRunner().invoke(
        cli, ["--data-dir", str(tmp_path / "d"), "serve", "--host", "0.0.0.0"]
    )
    assert refused.exit_code != 0
    assert "--token-file" in refused.output and "0.0.0.0" in refused.output
    short = tmp_path / "token"
    short.write_text("abc\n")
    weak = CliRunner().invoke(
        cli,
        [
            "--data-dir",
            str(tmp_path / "d"),
            "serve",
            "--host",
            "0.0.0.0",
            "--token-file",
            str(short),
        ],
    )
    assert weak.exit_code != 0 and "at least 16" in weak.output
    assert not (tmp_path / "d").exists()  # refused before the engine started


def test_the_url_as_json_and_a_second_explorer_on_the_same_directory(live: Live) -> None:
    """``--format json`` prints one line with the URL; a second explorer on the embedded data
    directory attaches to the first one's server and leaves it shared when it stops."""
    port = free_port()
    second = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "redchain.cli.main",
            "serve",
            "--port",
            str(port),
            "--format",
            "json",
        ],
        env={**live.env, "REDCHAIN_LOCK_TIMEOUT": "5"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert second.stdout is not None
        first_line = second.stdout.readline()
        assert first_line.startswith("{"), f"not the JSON line: {first_line!r}"
        started = json.loads(first_line)
        assert started["url"].startswith(f"http://127.0.0.1:{port}/?token=")
        assert started["engine"] == live.backend
        token = started["url"].split("?token=")[1]
        with httpx.Client(headers={"authorization": f"Bearer {token}"}, timeout=60) as client:
            found = client.get(f"http://127.0.0.1:{port}/api/search", params={"q": "gsyh"})
            assert found.json()["results"][0]["id"] == ICBC
    finally:
        second.terminate()
        second.wait(30)
    assert live.redchain("db", "stats").returncode == 0  # still attaches to the first
    with live.client() as client:
        assert client.get("/api/search", params={"q": "gsyh"}).status_code == 200


def test_attaching_needs_a_live_sharing_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another command attaches only while the marker names a live process and the server
    answers on its socket; a stale marker leaves the lock in charge."""
    from redchain.engines.embedded import SHARED_MARKER, attach_to_shared_server
    from redchain.errors import DataDirBusy

    data_dir = tmp_path / "d"
    owner = redchain.connect("embedded", data_dir=data_dir)
    sharer = subprocess.Popen(["sleep", "60"])
    try:
        assert attach_to_shared_server(data_dir) is None  # no marker: not shared
        (data_dir / SHARED_MARKER).write_text(f"{sharer.pid}\n")
        shared = attach_to_shared_server(data_dir)
        assert shared is not None and shared.socket_path == owner.server.socket_path
        sharer.kill()
        sharer.wait()
        assert attach_to_shared_server(data_dir) is None  # the sharing process is gone
        monkeypatch.setenv("REDCHAIN_LOCK_TIMEOUT", "0.5")
        with pytest.raises(DataDirBusy):
            redchain.connect("embedded", data_dir=data_dir)
    finally:
        if sharer.poll() is None:
            sharer.kill()
        owner.close()


def test_without_allow_import_the_import_routes_do_not_exist(live: Live) -> None:
    with live.client() as client:
        csrf = live.csrf(client)
        headers = {"x-redchain-csrf": csrf, "origin": live.base}
        assert client.get("/import").status_code == 404
        assert client.get("/api/import/kinds").status_code == 404
        assert client.post("/api/import/upload", content=b"x", headers=headers).status_code == 404
