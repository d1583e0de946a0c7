"""``redchain alias add|list|remove`` on both engines."""

from __future__ import annotations

import json
from pathlib import Path

from test_import_support import unit_codes

from tests.conftest import Target

BRANCH = "中国工商银行股份有限公司广州南沙分行"
OFFICE = "南沙开发区金融局"
CODES = unit_codes([BRANCH, OFFICE])


def seeded(target: Target, tmp_path: Path) -> Target:
    partners = tmp_path / "p.csv"
    partners.write_text(
        f"统一社会信用代码,名称,领域\n{CODES[BRANCH]},{BRANCH},金融机构\n"
        f"{CODES[OFFICE]},{OFFICE},政府部门\n",
        encoding="utf-8",
    )
    assert target.invoke("import", str(partners)).exit_code == 0
    return target


def test_add_list_and_remove(target: Target, tmp_path: Path) -> None:
    seeded(target, tmp_path)
    added = target.invoke("alias", "add", "工行南沙", CODES[BRANCH])
    assert added.exit_code == 0
    assert f"Recorded '工行南沙' as an alias of {BRANCH} ({CODES[BRANCH]})." in added.output
    by_name = target.invoke("alias", "add", "金融局", "开发区金融局", "--format", "json")
    assert json.loads(by_name.output) == {
        "alias": "金融局",
        "key": "金融局",
        "uscc": CODES[OFFICE],
        "unit": OFFICE,
        "status": "created",
    }
    again = target.invoke("alias", "add", "工行南沙", CODES[BRANCH])
    assert "Already recorded:" in again.output

    listed = json.loads(target.invoke("alias", "list", "--format", "json").output)
    assert [(a["alias"], a["uscc"], a["unit"], a["source"]) for a in listed] == sorted(
        [("工行南沙", CODES[BRANCH], BRANCH, "cli"), ("金融局", CODES[OFFICE], OFFICE, "cli")],
        key=lambda a: a[1],
    )
    one = json.loads(target.invoke("alias", "list", "--unit", OFFICE, "--format", "json").output)
    assert [a["alias"] for a in one] == ["金融局"]
    table = target.invoke("alias", "list").output
    assert "工行南沙" in table and BRANCH in table

    removed = target.invoke("alias", "remove", "工行 南沙", "--format", "json")
    assert json.loads(removed.output) == {
        "alias": "工行南沙",
        "uscc": CODES[BRANCH],
        "status": "removed",
    }
    left = json.loads(target.invoke("alias", "list", "--format", "json").output)
    assert [a["alias"] for a in left] == ["金融局"]


def test_an_alias_names_one_unit(target: Target, tmp_path: Path) -> None:
    seeded(target, tmp_path)
    target.invoke("alias", "add", "金桥", CODES[BRANCH])
    taken = target.invoke("alias", "add", "金桥", CODES[OFFICE])
    assert taken.exit_code == 1
    assert f"'金桥' is already an alias of {CODES[BRANCH]}; remove it first" in taken.output


def test_bad_input_is_one_clear_line(target: Target, tmp_path: Path) -> None:
    seeded(target, tmp_path)
    unknown = target.invoke("alias", "add", "某行", "不存在的单位")
    assert unknown.exit_code == 1
    assert "'不存在的单位' does not name exactly one unit in the graph" in unknown.output
    own = target.invoke("alias", "add", BRANCH, CODES[BRANCH])
    assert "is the unit's own name; it needs no alias" in own.output
    missing = target.invoke("alias", "remove", "没有")
    assert missing.exit_code == 1
    assert "no alias '没有'; 'redchain alias list' shows them" in missing.output
    assert target.invoke("alias", "list").output.strip() == "No aliases recorded."
