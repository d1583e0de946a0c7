"""Names that resolve: normal forms, the name index, aliases and --accept-suggestions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_import_support import unit_codes

from redchain.importing.names import NameIndex, Unit, clean, core, load_index
from tests.conftest import Target

BANKS = [
    "中国工商银行股份有限公司广州南沙分行",
    "中国工商银行股份有限公司广州黄阁支行",
    "中国工商银行股份有限公司广州南沙支行",
    "中国建设银行股份有限公司广州南沙支行",
    "中国建设银行股份有限公司广州黄阁支行",
    "示例证券股份有限公司广州南沙营业部",
]
OTHERS = ["南沙开发区金融局", "南沙街道", "珠江街道", "广州大学"]
CODES = unit_codes(BANKS + OTHERS)
DOMAIN = {name: "金融机构" for name in BANKS} | {
    "南沙开发区金融局": "政府部门",
    "南沙街道": "基层街镇",
    "珠江街道": "基层街镇",
    "广州大学": "高校金融学院",
}


def index() -> NameIndex:
    return NameIndex.from_units(
        (CODES[name], name, None, "ICBC Nansha Branch" if name == BANKS[0] else None, ())
        for name in BANKS + OTHERS
    )


# --- normal forms ------------------------------------------------------------------------------


def test_clean_form_ignores_width_case_spaces_and_brackets() -> None:
    assert clean("ＩＣＢＣ （南沙） 分行") == clean("icbc(南沙)分行") == "icbc南沙分行"


@pytest.mark.parametrize(
    "written",
    ["中国工商银行股份有限公司广州南沙分行", "工商银行南沙分行", "工行南沙分行", "ICBC南沙分行"],
)
def test_ways_of_writing_one_branch_share_a_core_form(written: str) -> None:
    assert core(written) == core("中国工商银行广州南沙分行")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("工行南沙分行", "工行南沙支行"),  # branch levels differ
        ("工行南沙支行", "工行黄阁支行"),  # places differ
        ("工行广州分行", "工行南沙分行"),  # the city branch is not the district branch
        ("南沙街道", "珠江街道"),
        ("工行", "建行"),
    ],
)
def test_core_forms_keep_what_tells_units_apart(one: str, other: str) -> None:
    assert core(one) != core(other)


def test_place_prefixes_and_office_forms_are_noise() -> None:
    assert core("广州市南沙开发区金融局") == core("南沙开发区金融局") == core("开发区金融局")
    assert core("南沙街道办事处") == core("南沙街道")
    assert core("广州大学") != core("大学")  # a city that is part of the name stays


# --- the index ---------------------------------------------------------------------------------


def test_short_colloquial_and_english_names_resolve_to_one_unit() -> None:
    names = index()
    for written in ("工行南沙分行", "中国工商银行 广州南沙分行", "ICBC Nansha Branch"):
        found = names.resolve(written)
        assert found.unit is not None and found.unit.code == CODES[BANKS[0]], written
    assert names.resolve("南沙开发区金融局").how == "name"
    assert names.resolve("开发区金融局").how == "name, normalised"


def test_head_office_aliases_name_the_head_office_not_its_branches() -> None:
    head = "中国工商银行股份有限公司"
    code = unit_codes([head])[head]
    names = NameIndex.from_units([Unit(code, head), *index().units.values()])
    for written in ("工行", "中国工商银行", "ICBC", "ｉｃｂｃ", "工商银行"):
        found = names.resolve(written)
        assert found.unit is not None and found.unit.code == code, written
    assert names.resolve("建行").unit is None  # no 建行 head office in the index


def test_a_name_that_fits_two_units_is_ambiguous_with_both_as_candidates() -> None:
    found = index().resolve("建行支行")
    assert found.unit is None and found.suggestion is None
    codes = {c.code for c in found.candidates}
    assert codes == {CODES[BANKS[3]], CODES[BANKS[4]]}


def test_a_close_name_is_suggested_with_its_score_and_reason() -> None:
    found = index().resolve("示例证券南沙营业")
    assert found.unit is None
    best = found.candidates[0]
    assert best.code == CODES[BANKS[5]] and best.score >= 80
    assert "alike" in best.reason and found.suggestion == best


def test_suggestions_never_cross_branch_levels_or_places() -> None:
    names = NameIndex.from_units([Unit(CODES[BANKS[0]], BANKS[0])])  # only the 南沙 分行
    assert names.resolve("工行南沙支行").candidates == ()  # a 支行 is not the 分行
    assert names.resolve("工行黄阁分行").candidates == ()  # 黄阁 is not 南沙


def test_two_units_with_one_short_name_are_never_taken_for_each_other() -> None:
    names = NameIndex.from_units(
        [Unit(CODES[BANKS[1]], BANKS[1], "工行支行"), Unit(CODES[BANKS[2]], BANKS[2], "工行支行")]
    )
    found = names.resolve("工行支行")
    assert found.ambiguous and len(found.candidates) == 2 and found.suggestion is None


# --- imports -----------------------------------------------------------------------------------


def partners_csv(path: Path) -> Path:
    lines = ["统一社会信用代码,名称,领域"]
    lines += [f"{CODES[n]},{n},{DOMAIN[n]}" for n in BANKS + OTHERS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def partnerships_csv(path: Path, rows: list[tuple[str, str]]) -> Path:
    lines = ["甲方,乙方,类型"] + [f"{a},{b},政企" for a, b in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


SHORT_NAMES = [
    ("南沙开发区金融局", "工行南沙分行"),  # resolves by its normal form
    ("南沙开发区金融局", "示例证券南沙营业"),  # one good suggestion
    ("南沙金融局", "珠江街道"),  # one good suggestion
]


def test_short_names_import_after_one_accepting_run_and_then_by_themselves(
    target: Target, tmp_path: Path
) -> None:
    assert target.invoke("import", str(partners_csv(tmp_path / "p.csv"))).exit_code == 0
    first = partnerships_csv(tmp_path / "a.csv", SHORT_NAMES)

    refused = target.invoke("import", str(first))
    assert refused.exit_code == 1
    assert (
        f"a.csv, line 3, column 乙方: '示例证券南沙营业' no unit has this name, in the files given "
        f"or in the graph. Fix: did you mean {BANKS[5]} ({CODES[BANKS[5]]})"
    ) in refused.output
    assert "--accept-suggestions" in refused.output

    accepted = target.invoke("import", str(first), "--accept-suggestions", "--format", "json")
    assert accepted.exit_code == 0, accepted.output
    report = json.loads(accepted.stdout)
    assert report["kinds"]["partnerships"]["created"] == 3
    taken = {(a["line"], a["value"]): a["uscc"] for a in report["accepted_suggestions"]}
    assert taken == {(3, "示例证券南沙营业"): CODES[BANKS[5]], (4, "南沙金融局"): CODES[OTHERS[0]]}

    second = partnerships_csv(
        tmp_path / "b.csv", [("南沙金融局", "示例证券南沙营业"), ("南沙金融局", "工行南沙分行")]
    )
    again = target.invoke("import", str(second))
    assert again.exit_code == 0, again.output
    assert "suggestion" not in again.output
    listed = json.loads(target.invoke("alias", "list", "--format", "json").output)
    assert {(a["alias"], a["source"]) for a in listed} == {
        ("示例证券南沙营业", "accepted suggestion"),
        ("南沙金融局", "accepted suggestion"),
    }


def test_accepted_suggestions_are_in_the_text_report(target: Target, tmp_path: Path) -> None:
    target.invoke("import", str(partners_csv(tmp_path / "p.csv")))
    result = target.invoke(
        "import", str(partnerships_csv(tmp_path / "a.csv", SHORT_NAMES)), "--accept-suggestions"
    )
    assert result.exit_code == 0, result.output
    assert "2 suggestions taken (recorded as aliases):" in result.output
    assert f"a.csv, line 3, column 乙方: '示例证券南沙营业' taken as {BANKS[5]}" in result.output


def test_a_dry_run_accepts_but_records_nothing(target: Target, tmp_path: Path) -> None:
    target.invoke("import", str(partners_csv(tmp_path / "p.csv")))
    a = partnerships_csv(tmp_path / "a.csv", SHORT_NAMES)
    result = target.invoke("import", str(a), "--accept-suggestions", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "not recorded: nothing was written" in result.output
    assert target.invoke("import", str(a)).exit_code == 1


def test_an_ambiguous_name_is_refused_with_its_candidates_even_when_accepting(
    target: Target, tmp_path: Path
) -> None:
    target.invoke("import", str(partners_csv(tmp_path / "p.csv")))
    rows = [("南沙开发区金融局", "建行支行"), ("南沙开发区金融局", "工行黄阁分行")]
    file = partnerships_csv(tmp_path / "a.csv", rows)
    result = target.invoke("import", str(file), "--accept-suggestions", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    ambiguous, elsewhere = report["problems"]
    assert (ambiguous["line"], ambiguous["column"], ambiguous["value"]) == (2, "乙方", "建行支行")
    assert CODES[BANKS[3]] in ambiguous["fix"] and CODES[BANKS[4]] in ambiguous["fix"]
    assert "redchain alias add '建行支行'" in ambiguous["fix"]
    # The 南沙 分行 is never offered for a 黄阁 one.
    assert elsewhere["line"] == 3 and CODES[BANKS[0]] not in elsewhere["fix"]
    assert report["accepted_suggestions"] == []


def test_an_aliases_file_makes_the_next_file_resolve(target: Target, tmp_path: Path) -> None:
    target.invoke("import", str(partners_csv(tmp_path / "p.csv")))
    aliases = tmp_path / "别名.csv"
    aliases.write_text(
        f"别名,单位\n建行南沙,{CODES[BANKS[3]]}\n金融局,南沙开发区金融局\n", encoding="utf-8"
    )
    file = partnerships_csv(tmp_path / "a.csv", [("金融局", "建行南沙"), ("金融局", "珠江街道")])
    together = target.invoke("import", str(aliases), str(file), "--dry-run")
    assert together.exit_code == 0, together.output  # aliases of the same import count
    assert target.invoke("import", str(aliases)).exit_code == 0
    result = target.invoke("import", str(file), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["kinds"]["partnerships"]["created"] == 2
    with target.open() as engine:
        rows = engine.run(
            "MATCH (a:Organization)-[:PARTNERS_WITH]-(b:Organization {uscc: $code}) "
            "RETURN a.name AS name",
            {"code": CODES["南沙开发区金融局"]},
        )
    assert sorted(r["name"] for r in rows) == sorted([BANKS[3], "珠江街道"])


def test_an_aliases_file_may_not_give_one_alias_two_units(target: Target, tmp_path: Path) -> None:
    target.invoke("import", str(partners_csv(tmp_path / "p.csv")))
    aliases = tmp_path / "aliases.csv"
    aliases.write_text(
        f"alias,org\n建行南沙,{CODES[BANKS[3]]}\n建行 南沙,{CODES[BANKS[4]]}\n"
        f"建行（南沙）,{CODES[BANKS[3]]}\n",
        encoding="utf-8",
    )
    result = target.invoke("import", str(aliases), "--format", "json")
    assert result.exit_code == 1
    problem, same_unit = json.loads(result.stdout)["problems"]
    assert (problem["line"], problem["value"]) == (3, "建行 南沙")
    assert (same_unit["line"], same_unit["value"]) == (4, "建行（南沙）")
    assert problem["message"].startswith("reads the same as the alias '建行南沙' of ")


def test_the_index_loads_from_the_graph_with_its_aliases(target: Target, tmp_path: Path) -> None:
    target.invoke("import", str(partners_csv(tmp_path / "p.csv")))
    assert target.invoke("alias", "add", "金桥金融局", CODES[OTHERS[0]]).exit_code == 0
    with target.open() as engine:
        names = load_index(engine)
    assert len(names) == len(BANKS + OTHERS)
    for written, name in (("工行南沙分行", BANKS[0]), ("金桥金融局", OTHERS[0])):
        found = names.resolve(written)
        assert found.unit is not None and found.unit.name == name


def test_a_short_name_given_in_the_partners_file_resolves_with_no_flag(
    target: Target, tmp_path: Path
) -> None:
    partners = tmp_path / "p.csv"
    partners.write_text(
        "统一社会信用代码,名称,领域,简称,英文名称\n"
        f"{CODES[BANKS[0]]},{BANKS[0]},金融机构,工行南沙,ICBC Nansha Branch\n"
        f"{CODES[OTHERS[0]]},{OTHERS[0]},政府部门,金融局,\n"
        f"{CODES[OTHERS[1]]},{OTHERS[1]},基层街镇,,\n",
        encoding="utf-8",
    )
    assert target.invoke("import", str(partners)).exit_code == 0
    rows = [("金融局", "工行南沙"), ("南沙街道", "ICBC  nansha branch")]
    file = partnerships_csv(tmp_path / "a.csv", rows)
    result = target.invoke("import", str(file), "--dry-run", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["kinds"]["partnerships"]["created"] == 2
    assert report["accepted_suggestions"] == []
