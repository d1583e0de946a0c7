"""How a ranking or a unit's ledger is printed: rows with captions in Chinese or English."""

from __future__ import annotations

from typing import Any, Literal

from redchain.model import DOMAIN_BY_KEY
from redchain.points.ledger import GroupPoints, LedgerLine, Standing, UnitPoints
from redchain.points.rules import kind_of

By = Literal["unit", "domain", "subdistrict"]
BY_CHOICES: tuple[By, ...] = ("unit", "domain", "subdistrict")

_CAPTIONS = {
    "rank": ("名次", "Rank"),
    "unit": ("单位", "Unit"),
    "uscc": ("统一社会信用代码", "Credit code"),
    "domain": ("领域", "Domain"),
    "subdistrict": ("街镇", "Subdistrict"),
    "points": ("积分", "Points"),
    "bonus": ("加分", "Bonus"),
    "capped": ("封顶扣减", "Cut by caps"),
    "total": ("总分", "Total"),
    "activities": ("活动数", "Activities"),
    "units": ("单位数", "Units"),
    "date": ("日期", "Date"),
    "code": ("活动编号", "Activity"),
    "title": ("活动名称", "Title"),
    "kind": ("类型", "Kind"),
    "rule": ("规则", "Rule"),
    "earned": ("得分", "Earned"),
}


def caption(key: str, lang: str) -> str:
    zh, en = _CAPTIONS[key]
    return zh if lang == "zh" else en


def domain_name(key: str | None, lang: str) -> str:
    domain = DOMAIN_BY_KEY.get(key or "")
    if domain is None:
        return key or ""
    return domain.zh if lang == "zh" else domain.en


def kind_name(key: str | None, lang: str) -> str:
    kind = kind_of(key)
    if kind is None:
        return key or ""
    return kind.zh if lang == "zh" else kind.en


def rule_text(line: LedgerLine, lang: str) -> str:
    zh = lang == "zh"
    if line.rule == "override":
        return "录入积分（不按规则计）" if zh else "typed in (overrides the rules)"
    if line.rule == "no_version":
        return "无适用的规则版本" if zh else "no rules version in force"
    if line.rule == "unlisted":
        return f"{line.version}：此类型无积分" if zh else f"{line.version}: kind not listed"
    kind = kind_name(line.kind, lang)
    text = (
        f"{line.version}：{kind} {line.points}分" if zh else f"{line.version}: {kind} {line.points}"
    )
    if line.bonus:
        text += f" + 重点项目 {line.bonus}分" if zh else f" + key project {line.bonus}"
    return text


def cap_text(line: LedgerLine, lang: str) -> str:
    if not line.capped:
        return ""
    if lang == "zh":
        what = "该类型上限" if line.cap == "kind" else "总分上限"
    else:
        what = "kind cap" if line.cap == "kind" else "total cap"
    return f"-{line.capped} ({what})"


def ranking_rows(
    standing: Standing, by: By, lang: str, top: int | None = None
) -> list[dict[str, Any]]:
    """The ranking as rows with captions for columns."""
    if by == "unit":
        units = standing.units[:top] if top else standing.units
        return [_unit_row(u, lang) for u in units]
    groups = standing.by_domain() if by == "domain" else standing.by_subdistrict()
    if top:
        groups = groups[:top]
    return [_group_row(g, by, lang) for g in groups]


def _unit_row(unit: UnitPoints, lang: str) -> dict[str, Any]:
    c = caption
    return {
        c("rank", lang): unit.rank,
        c("unit", lang): unit.name,
        c("domain", lang): domain_name(unit.domain, lang),
        c("subdistrict", lang): unit.subdistrict or "",
        c("points", lang): unit.points,
        c("bonus", lang): unit.bonus,
        c("capped", lang): unit.capped,
        c("total", lang): unit.total,
        c("activities", lang): len(unit.lines),
    }


def _group_row(group: GroupPoints, by: By, lang: str) -> dict[str, Any]:
    if by == "domain":
        name = domain_name(group.key, lang)
    else:
        name = group.key or ("未注明街镇" if lang == "zh" else "(no subdistrict)")
    return {
        caption("rank", lang): group.rank,
        caption(by, lang): name,
        caption("units", lang): group.units,
        caption("total", lang): group.total,
    }


def ledger_rows(unit: UnitPoints, lang: str) -> list[dict[str, Any]]:
    """A unit's ledger: one row per activity, then the sum."""
    c = caption
    rows: list[dict[str, Any]] = [
        {
            c("date", lang): line.date.isoformat(),
            c("code", lang): line.activity_code,
            c("title", lang): line.activity_title,
            c("kind", lang): kind_name(line.kind, lang),
            c("rule", lang): rule_text(line, lang),
            c("points", lang): line.points,
            c("bonus", lang): line.bonus,
            c("capped", lang): cap_text(line, lang),
            c("earned", lang): line.earned,
        }
        for line in unit.lines
    ]
    rows.append(
        {
            c("date", lang): "合计" if lang == "zh" else "Sum",
            c("code", lang): "",
            c("title", lang): "",
            c("kind", lang): "",
            c("rule", lang): "",
            c("points", lang): unit.points,
            c("bonus", lang): unit.bonus,
            c("capped", lang): -unit.capped if unit.capped else "",
            c("earned", lang): unit.total,
        }
    )
    return rows


def heading(standing: Standing, lang: str) -> str:
    versions = ", ".join(v.name for v in standing.rules.versions)
    label = standing.period.label(lang)
    if lang == "zh":
        return (
            f"{standing.chain} 党建积分排名 {label}（{standing.period.start} 至 "
            f"{standing.period.end}），{len(standing.units)} 个单位；规则 {versions}"
        )
    return (
        f"{standing.chain} points ranking, {label} ({standing.period.start} to "
        f"{standing.period.end}), {len(standing.units)} units; rules {versions}"
    )


def ledger_heading(standing: Standing, unit: UnitPoints, lang: str) -> str:
    label = standing.period.label(lang)
    if lang == "zh":
        return (
            f"{unit.name}（{unit.uscc}）{label} 积分明细：总分 {unit.total}，"
            f"第 {unit.rank} 名（共 {len(standing.units)} 个单位）"
        )
    return (
        f"{unit.name} ({unit.uscc}), ledger for {label}: total {unit.total}, "
        f"rank {unit.rank} of {len(standing.units)}"
    )


def ledger_footer(unit: UnitPoints, lang: str) -> str:
    if lang == "zh":
        return (
            f"合计：积分 {unit.points} + 加分 {unit.bonus} - 封顶扣减 {unit.capped} = "
            f"{unit.total}（即排名总分；其中 {unit.overrides} 项为录入积分）"
        )
    return (
        f"Sum: points {unit.points} + bonus {unit.bonus} - cut by caps {unit.capped} = "
        f"{unit.total} (the ranked total; {unit.overrides} lines typed in)"
    )
