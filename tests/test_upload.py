"""The clerk's import page through its HTTP API: ``redchain serve --allow-import`` on each engine.

What the page's browser sends and gets: a template per kind; an upload checked as a dry run,
with every problem located and a pick for a name that only resembles a unit; the rejects file;
the write, recorded with the editor's name and the file; and the rules around it (the viewer's
token gets 403, a cross-site POST is refused, a file over the cap gets 413).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from click.testing import CliRunner

import redchain
from redchain.cli.main import cli
from redchain.model import ACTIVITY, IMPORT_RUN, ORGANIZATION, TOOK_PART_IN
from tests.conftest import ENGINES
from tests.test_serve import Live, live_server

EDITOR = "张三"
COMMERCE = "114401156K7P2FX7MY"  # 南沙区商务局 in the sample
MAX_MB = 1
# A participation file with faults planted on lines 3, 4 and 5, and a name on line 2 that no
# unit has but one resembles (南沙区商务 for 南沙区商务局).
FAULTY = (
    "活动编号,单位,积分,加分\n"
    "A2024-001,南沙区商务,6,2\n"
    "A2024-001,南沙开发区金融局,十二,1\n"
    "A2099-999,南沙开发区金融局,3,0\n"
    "A2024-001,南沙区人力资源和社会保障局,4,2024-05-01\n"
)
FIXED = f"活动编号,单位,积分,加分\nA2024-001,{COMMERCE},6,2\nA2024-002,南沙区商务局,5,1\n"


@pytest.fixture(scope="module", params=ENGINES)
def live(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Live]:
    root = tmp_path_factory.mktemp(f"upload-{request.param}")
    options = ("--allow-import", "--editor-name", EDITOR, "--max-upload-mb", str(MAX_MB))
    with live_server(request.param, root, *options) as server:
        yield server


def client(live: Live, token: str) -> httpx.Client:
    return httpx.Client(
        base_url=live.base, headers={"authorization": f"Bearer {token}"}, timeout=120
    )


def page_data(c: httpx.Client, path: str = "/import") -> dict[str, Any]:
    page = c.get(path).text
    start = page.index('id="redchain-data">') + len('id="redchain-data">')
    data: dict[str, Any] = json.loads(page[start : page.index("</script>", start)])
    return data


def same_site(live: Live, csrf: str) -> dict[str, str]:
    return {"x-redchain-csrf": csrf, "origin": live.base}


def upload(c: httpx.Client, live: Live, csrf: str, name: str, body: bytes) -> httpx.Response:
    headers = {**same_site(live, csrf), "x-redchain-filename": quote(name)}
    return c.post("/api/import/upload", content=body, headers=headers)


def test_a_template_per_kind_downloads_and_imports_back_refusing_only_its_example(
    live: Live,
) -> None:
    with client(live, live.editor_token) as c:
        data = page_data(c)
        assert data["editor"] == EDITOR
        kinds = [k["name"] for k in data["kinds"]]
        assert {"partners", "participation", "activities"} <= set(kinds)
        got = c.get("/api/import/template", params={"kind": "participation", "format": "csv"})
        assert got.status_code == 200
        assert 'filename="participation.csv"' in got.headers["content-disposition"]
        headers = next(csv.reader(io.StringIO(got.content.decode("utf-8-sig"))))
        assert headers[1:] == ["活动编号", "单位", "积分", "加分"]
        book = c.get("/api/import/template", params={"kind": "partners", "format": "xlsx"})
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(book.content)).active
        assert sheet is not None and sheet["B1"].value == "统一社会信用代码"
        checked = upload(c, live, data["csrf"], "participation.csv", got.content).json()
        assert not checked["ok"]
        [problem] = checked["problems"]
        assert problem["line"] == 2 and "example row" in problem["message"]
        bad = c.get("/api/import/template", params={"kind": "nothing", "format": "csv"})
        assert bad.status_code == 400 and "partners" in bad.json()["error"]


def test_planted_faults_each_shown_a_pick_rechecks_and_the_rejects_download(live: Live) -> None:
    with client(live, live.editor_token) as c:
        csrf = page_data(c)["csrf"]
        checked = upload(c, live, csrf, "参与活动.csv", FAULTY.encode("utf-8")).json()
        assert checked["dry_run"] and not checked["written"] and not checked["ok"]
        assert checked["sha256"] == hashlib.sha256(FAULTY.encode()).hexdigest()
        found = {(p["line"], p["column"], p["value"]): p for p in checked["problems"]}
        assert set(found) == {
            (2, "单位", "南沙区商务"),
            (3, "积分", "十二"),
            (4, "活动编号", "A2099-999"),
            (5, "加分", "2024-05-01"),
        }
        assert all(p["file"] == "参与活动.csv" and p["fix"] for p in checked["problems"])
        assert "whole number" in found[(3, "积分", "十二")]["message"]
        name = found[(2, "单位", "南沙区商务")]
        assert name["candidates"][0]["uscc"] == COMMERCE
        [counts] = checked["files"]
        assert (counts["rows"], counts["rejected"]) == (4, 4)

        rejects = c.get(f"/api/import/{checked['id']}/rejects")
        assert rejects.status_code == 200
        rows = list(csv.reader(io.StringIO(rejects.content.decode("utf-8-sig"))))
        assert rows[0] == ["活动编号", "单位", "积分", "加分", "reason"]
        assert [r[:4] for r in rows[1:]] == [line.split(",") for line in FAULTY.splitlines()[1:]]

        picked = c.post(
            f"/api/import/{checked['id']}/picks",
            json={"picks": {"南沙区商务": COMMERCE}},
            headers=same_site(live, csrf),
        ).json()
        assert {(p["line"], p["column"]) for p in picked["problems"]} == {
            (3, "积分"),
            (4, "活动编号"),
            (5, "加分"),
        }
        own = next(f for f in picked["files"] if not f["picks"])
        assert (own["rejected"], own["created"] + own["updated"] + own["unchanged"]) == (3, 1)
        assert picked["picks"] == {"南沙区商务": COMMERCE}


def test_a_fixed_file_writes_and_its_runs_record_the_editor_and_the_file(live: Live) -> None:
    body = FIXED.encode("utf-8")
    with client(live, live.editor_token) as c:
        csrf = page_data(c)["csrf"]
        checked = upload(c, live, csrf, "参与活动-改.csv", body).json()
        assert checked["ok"] and checked["problems"] == [] and not checked["written"]
        [counts] = checked["files"]
        assert counts["rows"] == 2 and counts["rejected"] == 0
        assert counts["created"] + counts["updated"] == 2
        assert c.get(f"/api/import/{checked['id']}/rejects").status_code == 404
        written = c.post(
            f"/api/import/{checked['id']}/write", json={}, headers=same_site(live, csrf)
        ).json()
        assert written["written"] and len(written["run_ids"]) == 1
        again = c.post(f"/api/import/{checked['id']}/write", json={}, headers=same_site(live, csrf))
        assert again.status_code == 400 and "upload the file again" in again.json()["error"]

    with redchain.connect(live.backend, data_dir=live.data_dir) as engine:
        [run] = engine.run(
            f"MATCH (r:{IMPORT_RUN.label} {{run_id: $id}}) "
            "RETURN r.by AS by, r.file AS file, r.sha256 AS sha256, r.origin AS origin",
            {"id": written["run_ids"][0]},
        )
        rows = engine.run(
            f"MATCH (o:{ORGANIZATION.label} {{uscc: $code}})-[t:{TOOK_PART_IN.type}]->"
            f"(a:{ACTIVITY.label}) WHERE t.run_id = $id "
            "RETURN a.code AS code, t.points AS points, t.bonus AS bonus ORDER BY code",
            {"code": COMMERCE, "id": written["run_ids"][0]},
        )
    assert run == {
        "by": EDITOR,
        "file": "参与活动-改.csv",
        "sha256": hashlib.sha256(body).hexdigest(),
        "origin": "serve",
    }
    assert [(r["code"], r["points"], r["bonus"]) for r in rows] == [
        ("A2024-001", 6, 2),
        ("A2024-002", 5, 1),
    ]


def test_writing_only_the_rows_that_passed_leaves_the_rest_in_the_rejects(live: Live) -> None:
    with client(live, live.editor_token) as c:
        csrf = page_data(c)["csrf"]
        # Named as the file the picks are kept in, which must not overwrite it.
        checked = upload(c, live, csrf, "picks.csv", FAULTY.encode("utf-8")).json()
        picked = c.post(
            f"/api/import/{checked['id']}/picks",
            json={"picks": {"南沙区商务": COMMERCE}},
            headers=same_site(live, csrf),
        ).json()
        assert len(picked["problems"]) == 3
        refused = c.post(
            f"/api/import/{checked['id']}/write", json={}, headers=same_site(live, csrf)
        ).json()
        assert not refused["written"] and len(refused["problems"]) == 3
        written = c.post(
            f"/api/import/{checked['id']}/write",
            json={"skip_invalid": True},
            headers=same_site(live, csrf),
        ).json()
        assert written["written"] and len(written["run_ids"]) == 2  # the picks and the file
        own = next(f for f in written["files"] if not f["picks"])
        assert own["file"] == "picks.csv" and own["rows"] == 4 and own["rejected"] == 3
        rejects = c.get(f"/api/import/{checked['id']}/rejects")
        assert len(rejects.content.decode("utf-8-sig").strip().splitlines()) == 4
    with redchain.connect(live.backend, data_dir=live.data_dir) as engine:
        runs = engine.run(
            f"MATCH (r:{IMPORT_RUN.label}) WHERE r.run_id IN $ids "
            "RETURN r.kind AS kind, r.by AS by, r.rejected AS rejected ORDER BY kind",
            {"ids": written["run_ids"]},
        )
    assert runs == [
        {"kind": "aliases", "by": EDITOR, "rejected": 0},
        {"kind": "participation", "by": EDITOR, "rejected": 3},
    ]


def test_the_viewers_token_gets_403_on_every_import_route(live: Live) -> None:
    with client(live, live.token) as viewer:
        csrf = page_data(viewer, "/")["explorer"]["csrf"]
        headers = {**same_site(live, csrf), "x-redchain-filename": "a.csv"}
        answers = [
            viewer.get("/import"),
            viewer.get("/api/import/kinds"),
            viewer.get("/api/import/template", params={"kind": "partners"}),
            viewer.post("/api/import/upload", content=FIXED.encode(), headers=headers),
            viewer.post("/api/import/x/picks", json={"picks": {}}, headers=headers),
            viewer.get("/api/import/x/rejects"),
            viewer.post("/api/import/x/write", json={}, headers=headers),
        ]
        assert [a.status_code for a in answers] == [403] * len(answers)
        assert "editor" in answers[3].json()["error"]
        # The viewer's own routes still answer.
        assert viewer.get("/api/search", params={"q": "gsyh"}).status_code == 200
    with client(live, live.editor_token) as editor:
        # The editor's token opens the explorer too.
        assert editor.get("/api/search", params={"q": "gsyh"}).status_code == 200


def test_cross_site_posts_are_refused_and_a_file_over_the_cap_gets_413(live: Live) -> None:
    with client(live, live.editor_token) as c:
        csrf = page_data(c)["csrf"]
        named = {"x-redchain-filename": "a.csv"}
        body = FIXED.encode()
        refused = [
            c.post("/api/import/upload", content=body, headers=named),
            c.post(
                "/api/import/upload",
                content=body,
                headers={**named, "x-redchain-csrf": csrf, "origin": "http://evil.example"},
            ),
            c.post(
                "/api/import/upload",
                content=body,
                headers={**named, "x-redchain-csrf": csrf, "sec-fetch-site": "cross-site"},
            ),
        ]
        assert [r.status_code for r in refused] == [403, 403, 403]
        big = b"A2024-001,x,1,1\n" * (MAX_MB * 1024 * 1024 // 16 + 10)
        over = upload(c, live, csrf, "big.csv", b"\xef\xbb\xbf" + big)
        assert over.status_code == 413
        assert f"larger than {MAX_MB} MB" in over.json()["error"]
        wrong = upload(c, live, csrf, "notes.docx", b"PK")
        assert wrong.status_code == 400 and ".xlsx" in wrong.json()["error"]


def test_without_allow_import_the_routes_do_not_exist_and_options_are_checked(
    tmp_path: Path,
) -> None:
    runner = CliRunner()
    base = ["--data-dir", str(tmp_path / "d"), "serve"]
    unnamed = runner.invoke(cli, [*base, "--allow-import"])
    assert unnamed.exit_code != 0 and "--editor-name" in unnamed.output
    stray = runner.invoke(cli, [*base, "--editor-name", EDITOR])
    assert stray.exit_code != 0 and "--allow-import" in stray.output
    same = tmp_path / "token"
    same.write_text("x" * 24, encoding="utf-8")
    editor = tmp_path / "editor"
    editor.write_text(f"{EDITOR}:{'x' * 24}\n", encoding="utf-8")
    clash = runner.invoke(
        cli,
        [*base, "--token-file", str(same), "--allow-import", "--editor-token-file", str(editor)],
    )
    assert clash.exit_code != 0 and "viewer's token" in clash.output
    short = tmp_path / "short"
    short.write_text(f"{EDITOR}:abc", encoding="utf-8")
    weak = runner.invoke(cli, [*base, "--allow-import", "--editor-token-file", str(short)])
    assert weak.exit_code != 0 and "NAME:TOKEN" in weak.output
