"""The gap report as text, Markdown, JSON and one offline HTML page, in Chinese and English."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from redchain import report as rendering
from redchain.errors import RedchainError
from redchain.gaps import DomainMatrix, Gap, GapReport, Ranking

HOSTILE = '<script>alert("x")</script> & 公司'


def gap(name: str, items: list[dict], columns: tuple[str, ...] = ("name", "uscc")) -> Gap:
    return Gap(
        name=name,
        query=f"gaps/{name}",
        title_zh=f"标题{name}",
        title_en=f"Title {name}",
        advice_zh="建议<b>做点什么</b>",
        advice_en="Do <b>something</b>",
        columns=columns,
        items=items,
    )


def sample_report() -> GapReport:
    counts = [
        [0, 2, 1, 0, 1],
        [2, 0, 0, 7, 0],
        [1, 0, 0, 0, 0],
        [0, 7, 0, 1, 0],
        [1, 0, 0, 0, 0],
    ]
    members = [{"name": f"成员{i:03d}", "uscc": f"U{i:03d}"} for i in range(250)]
    ranking_rows = [
        {
            "rank": r,
            "uscc": f"R{r}",
            "name": HOSTILE if r == 1 else f"单位{r}",
            "points": 10.0 * (12 - r),
            "bonus": 1.5,
            "total": 10.0 * (12 - r) + 1.5,
            "activities": 2,
        }
        for r in (1, 2, 11, 12)
    ]
    return GapReport(
        chain="金桥红链",
        as_of=dt.date(2024, 6, 30),
        since=dt.date(2024, 1, 1),
        period_from=dt.date(2024, 1, 1),
        period_to=dt.date(2024, 6, 30),
        hops=3,
        gaps=[
            gap(
                "domain_matrix",
                [
                    {
                        "domains": ["government", "financial"],
                        "zh": "政府部门 × 金融机构",
                        "en": "Government body × Financial institution",
                        "same_domain": False,
                    }
                ],
                ("domains",),
            ),
            gap("isolated", [{"name": HOSTILE, "uscc": "=HYPERLINK(1)"}]),
            gap("dormant_members", members, ("name", "uscc", "last_activity")),
            gap("universities_without_talent", []),
        ],
        matrix=DomainMatrix(counts),
        ranking=Ranking(
            dt.date(2024, 1, 1), dt.date(2024, 6, 30), top=2, ranked=12, rows=ranking_rows
        ),
    )


class TagChecker(HTMLParser):
    """Collects tags and attributes, to find anything that would reach outside the file."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_html_page_is_self_contained_and_offline(lang: str) -> None:
    page = rendering.render(sample_report(), "html", lang)
    checker = TagChecker()
    checker.feed(page)
    assert "script" not in checker.tags and "link" not in checker.tags
    assert "img" not in checker.tags and "iframe" not in checker.tags
    assert not [a for a in checker.attrs if a[0] in ("src", "srcset")]
    hrefs = [v for k, v in checker.attrs if k == "href"]
    assert hrefs and all(v and v.startswith("#") for v in hrefs)
    assert "http:" not in page and "https:" not in page and "@import" not in page
    assert f'<html lang="{"zh-CN" if lang == "zh" else "en"}">' in page


def test_every_text_in_the_page_is_escaped() -> None:
    page = rendering.render(sample_report(), "html", "zh")
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 公司" in page
    assert "建议&lt;b&gt;做点什么&lt;/b&gt;" in page


def svgs(page: str) -> dict[str, ET.Element]:
    found = {}
    for match in re.finditer(r'<svg class="(\w+)".*?</svg>', page, re.S):
        found[match.group(1)] = ET.fromstring(match.group(0))  # well-formed, or this raises
    return found


def test_the_page_draws_the_heat_map_and_the_ranking_chart() -> None:
    report = sample_report()
    pictures = svgs(rendering.render(report, "html", "en"))
    assert set(pictures) == {"heatmap", "bars"}

    def ids(picture: ET.Element, prefix: str) -> list[ET.Element]:
        return [g for g in picture.iter("g") if (g.get("id") or "").startswith(prefix)]

    assert len(ids(pictures["heatmap"], "cell-")) == 25
    empty = ids(pictures["heatmap"], "empty-")
    assert len(empty) == sum(c == 0 for row in report.matrix.counts for c in row) == 16
    bars = ids(pictures["bars"], "bar-")
    assert len(bars) == 4  # two at the top, two at the bottom

    def width(bar: ET.Element) -> float:
        xs = [float(x) for x in re.findall(r"(-?[\d.]+) -?[\d.]+", bar.find("path").get("d"))]
        return max(xs) - min(xs)

    widths = [width(b) for b in bars]
    assert widths[0] == max(widths) and widths == sorted(widths, reverse=True)


def test_the_page_speaks_the_chosen_language() -> None:
    zh = rendering.render(sample_report(), "html", "zh")
    en = rendering.render(sample_report(), "html", "en")
    assert "覆盖空白报告" in zh and "五大领域共建矩阵" in zh and "党建积分排名" in zh
    assert "Coverage-gap report" in en and "Points ranking" in en and "Golden Bridge" in en
    assert "基层街镇" in zh and "Subdistrict or town" in en


def test_long_lists_are_cut_with_a_note_except_in_json() -> None:
    report = sample_report()
    text = rendering.render(report, "text", "en")
    assert "成员019" in text and "成员020" not in text
    assert "… and 230 more" in text
    page = rendering.render(report, "html", "zh", max_items=100)
    assert "成员099" in page and "成员100" not in page and "另有 150 项未列出" in page
    data = json.loads(rendering.render(report, "json", "en"))
    assert data == report.to_dict("en")
    assert len(data["gaps"][2]["items"]) == 250


def test_text_and_markdown_list_each_gap_with_count_and_advice() -> None:
    report = sample_report()
    text = rendering.render(report, "text", "zh")
    assert "标题isolated：1" in text and "怎么办：建议<b>做点什么</b>" in text
    assert "标题universities_without_talent：0" in text
    assert "(0)" in text  # empty matrix cells are marked
    md = rendering.render(report, "md", "en")
    assert "## Title isolated: 1" in md
    assert '| \\<script\\>alert("x")\\</script\\> & 公司 | =HYPERLINK(1) |' in md
    assert "No gaps." in md


def test_the_demo_summary_is_a_few_lines() -> None:
    lines = rendering.summary_lines(sample_report(), "zh")
    assert lines[0] == "覆盖空白（金桥红链，查看日期 2024-06-30）：4 项检查，3 项发现空白"
    assert lines[3] == "  - 标题dormant_members：250（成员000、成员001、成员002等）"
    assert len(lines) == 4
    english = rendering.summary_lines(sample_report(), "en")
    assert english[0].startswith("Coverage gaps (Golden Bridge Red Chain, as of 2024-06-30)")


def test_write_report_writes_utf8_and_makes_folders(tmp_path: Path) -> None:
    target = rendering.write_report(sample_report(), tmp_path / "out" / "gaps.html")
    assert target == tmp_path / "out" / "gaps.html"
    assert "五大领域共建矩阵" in target.read_text(encoding="utf-8")


def test_unknown_format_or_language_is_refused() -> None:
    with pytest.raises(RedchainError, match="choose one of text, json, md, html"):
        rendering.render(sample_report(), "pdf")
    with pytest.raises(RedchainError, match="lang must be one of zh, en"):
        rendering.render(sample_report(), "text", "fr")
