"""The points rules file: Chinese and English keys, versions by date, and clear errors."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from redchain.points import rules
from redchain.points.rules import RulesError

CHINESE = """\
[["积分规则"]]
"版本" = "2022版"
"起用日期" = 2022-01-01
"重点项目加分" = 5
["积分规则"."活动积分"]
"主题党日" = 10
"Lecture" = 8
volunteer = 6
["积分规则"."上限"]
"周期" = "年度"
"总分" = 100
["积分规则"."上限"."按类型"]
"志愿服务" = 30

[["积分规则"]]
"版本" = "2024版"
"起用日期" = "2024-07-01"
["积分规则"."活动积分"]
"主题党日" = 12
"""


def test_chinese_keys_and_kinds_by_any_of_their_names() -> None:
    loaded = rules.parse(CHINESE, "r.toml")
    first, second = loaded.versions
    assert first.name == "2022版"
    assert first.points == {"party_day": 10, "lecture": 8, "volunteer": 6}
    assert first.key_project_bonus == 5
    assert (first.caps.per, first.caps.total, first.caps.kinds) == ("year", 100, {"volunteer": 30})
    assert second.applies_from == dt.date(2024, 7, 1)
    assert (second.key_project_bonus, second.caps.any) == (0, False)


def test_the_version_in_force_is_the_last_one_begun() -> None:
    loaded = rules.parse(CHINESE)
    assert loaded.in_force(dt.date(2021, 12, 31)) is None
    assert loaded.in_force(dt.date(2022, 1, 1)).name == "2022版"  # type: ignore[union-attr]
    assert loaded.in_force(dt.date(2024, 6, 30)).name == "2022版"  # type: ignore[union-attr]
    assert loaded.in_force(dt.date(2024, 7, 1)).name == "2024版"  # type: ignore[union-attr]


def test_versions_may_come_in_any_order() -> None:
    later_first = CHINESE.split('[["积分规则"]]')
    text = '[["积分规则"]]' + later_first[2] + '[["积分规则"]]' + later_first[1]
    assert [v.name for v in rules.parse(text).versions] == ["2022版", "2024版"]


def test_english_keys_and_a_single_version() -> None:
    loaded = rules.parse(
        "[rules]\nversion = 1\napplies_from = 2024-01-01\nkey_project_bonus = 3\n"
        '[rules.points]\nparty_day = 4\n[rules.caps]\nper = "quarter"\ntotal = 9\n'
    )
    (only,) = loaded.versions
    assert (only.name, only.points, only.caps.per, only.caps.total) == (
        "1",
        {"party_day": 4},
        "quarter",
        9,
    )


def test_the_shipped_rules_load() -> None:
    loaded = rules.load()
    assert [v.name for v in loaded.versions] == ["2021版", "2024版"]
    assert loaded.versions[1].caps.kinds == {"volunteer": 36}
    assert Path(loaded.source).name == rules.SHIPPED


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[rules]\nversion = "x"\napplies_from = 2024-13-01\n', "r.toml:3:"),
        ('[["积分规则"]]\n版本 = "x"\n', "r.toml:2:1: the rules file is not valid TOML"),
        ('[["积分规则"]]\n版本 = "x"\n', "a Chinese key goes in double quotes"),
        ("[other]\nx = 1\n", "r.toml: other: unknown key; the keys here are 积分规则/rules"),
        ('[rules]\nversion = "x"\n', "r.toml: rules: 起用日期 (applies_from) is missing"),
        (
            '[rules]\nversion = "x"\napplies_from = "soon"\n[rules.points]\n',
            "r.toml: rules.applies_from: 'soon' is not a date; write it as 2024-01-01",
        ),
        (
            '[rules]\nversion = "x"\napplies_from = 2024-01-01\n[rules.points]\nparty = 1\n',
            "r.toml: rules.points.party: not an activity kind; use one of: 主题党日/party_day",
        ),
        (
            '[rules]\nversion = "x"\napplies_from = 2024-01-01\n[rules.points]\nparty_day = -1\n',
            "rules.points.party_day: -1 is not a number of points; write 0 or more",
        ),
        (
            '[rules]\nversion = "x"\napplies_from = 2024-01-01\n[rules.points]\n'
            '[rules.caps]\nper = "month"\n',
            'rules.caps.per: \'month\' is not a cap period; write "季度" (quarter) or "年度"',
        ),
        (
            '[rules]\nversion = "x"\napplies_from = 2024-01-01\ncolour = 1\n[rules.points]\n',
            "rules.colour: unknown key",
        ),
        (
            '[rules]\nversion = "x"\napplies_from = 2024-01-01\n"起用日期" = 2024-02-01\n'
            "[rules.points]\n",
            "rules.起用日期: given twice (as 'applies_from' too); keep one of them",
        ),
        (
            '[[rules]]\nversion = "a"\napplies_from = 2024-01-01\n[rules.points]\n'
            '[[rules]]\nversion = "b"\napplies_from = 2024-01-01\n[rules.points]\n',
            "versions 'a' and 'b' both apply from 2024-01-01",
        ),
        (
            '[[rules]]\nversion = "a"\napplies_from = 2024-01-01\n[rules.points]\n'
            '[[rules]]\nversion = "a"\napplies_from = 2024-02-01\n[rules.points]\n',
            "two versions are called 'a'",
        ),
        (
            '[[rules]]\nversion = "a"\napplies_from = 2024-01-01\n[rules.points]\n'
            '[[rules]]\nversion = "b"\napplies_from = 2024-02-01\npoints = 3\n',
            "rules[2].points: must be a table of activity kinds and points",
        ),
    ],
)
def test_a_bad_rules_file_names_the_place_and_the_fix(text: str, expected: str) -> None:
    with pytest.raises(RulesError) as raised:
        rules.parse(text, "r.toml")
    assert expected in str(raised.value)


def test_a_missing_or_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="no such rules file"):
        rules.load(tmp_path / "none.toml")
    latin = tmp_path / "latin.toml"
    latin.write_bytes('[rules]\nversion = "\xe9"\n'.encode("latin-1"))
    with pytest.raises(RulesError, match="not UTF-8 text; save it as UTF-8"):
        rules.load(latin)


def test_the_examples_in_the_docs_are_rules_files_and_the_first_is_the_shipped_one() -> None:
    page = (Path(__file__).parent.parent / "docs" / "points.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", page, flags=re.S)
    assert len(blocks) == 2
    shipped, english = (rules.parse(block, "docs/points.md") for block in blocks)
    assert [
        (v.name, v.applies_from, v.points, v.key_project_bonus, v.caps) for v in shipped.versions
    ] == [
        (v.name, v.applies_from, v.points, v.key_project_bonus, v.caps)
        for v in rules.load().versions
    ]
    assert english.versions[0].caps.kinds == {"volunteer": 36}
