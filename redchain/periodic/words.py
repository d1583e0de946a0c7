"""The periodic report's words in Chinese and English, and its summary paragraph.

The paragraph is made from the figures only: each sentence names a figure of the period and,
where there is one, how it moved from the period before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from redchain.model import AGREEMENT_STAGES, DEFAULT_CHAIN, DEFAULT_CHAIN_EN, DOMAINS

if TYPE_CHECKING:
    from redchain.periodic.data import PeriodicReport

WORDS: dict[str, dict[str, str]] = {
    "title": {"zh": "党建共建工作报告", "en": "Party-building partnership report"},
    "summary": {"zh": "总体情况", "en": "Summary"},
    "figures": {"zh": "主要指标", "en": "Key figures"},
    "figure": {"zh": "指标", "en": "Figure"},
    "change": {"zh": "变化", "en": "Change"},
    "members_by_domain": {"zh": "各领域在册成员", "en": "Members by domain"},
    "domain": {"zh": "领域", "en": "Domain"},
    "stages": {"zh": "共建协议阶段", "en": "Agreements by stage"},
    "stage": {"zh": "阶段", "en": "Stage"},
    "agreements_all": {"zh": "协议数", "en": "Agreements"},
    "in_force": {"zh": "有效", "en": "In force"},
    "signed": {"zh": "本期签约", "en": "Signed in the period"},
    "trend": {"zh": "活动趋势", "en": "Activity trend"},
    "bucket": {"zh": "时段", "en": "Span"},
    "bucket_previous": {"zh": "上期时段", "en": "Span before"},
    "subdistricts": {"zh": "各街镇情况", "en": "Subdistricts and towns"},
    "ranking": {"zh": "党建积分排名", "en": "Points ranking"},
    "ranking_units": {"zh": "单位积分排名", "en": "Points by unit"},
    "ranking_domains": {"zh": "各领域积分", "en": "Points by domain"},
    "ranking_subdistricts": {"zh": "各街镇积分", "en": "Points by subdistrict or town"},
    "talent": {"zh": "人才培养与输送", "en": "Talent"},
    "cohorts": {"zh": "人才批次", "en": "Talent cohorts"},
    "placements": {"zh": "定向录用去向", "en": "Where cohorts were placed"},
    "changes": {"zh": "与上期相比", "en": "Since the previous period"},
    "gaps": {"zh": "覆盖空白与工作建议", "en": "Gaps and what to do"},
    "advice": {"zh": "工作建议", "en": "What to do"},
    "none": {"zh": "无", "en": "None"},
    "no_rows": {"zh": "本期无记录。", "en": "Nothing recorded in the period."},
    "more": {"zh": "另有 {n} 项未列出。", "en": "… and {n} more."},
    "this_period": {"zh": "本期", "en": "This period"},
    "previous_period": {"zh": "上期", "en": "Previous period"},
    "period_note": {
        "zh": "统计期：{period}（{start} 至 {end}）；上期：{previous}。成员、共建关系、协议和基地"
        "按统计期最后一天计，活动、参与和积分按统计期内计，人才数据按统计期所在年份计。",
        "en": "Period: {period} ({start} to {end}); previous period: {previous}. Members, "
        "partnerships, agreements and bases are counted as they stood on the period's last day; "
        "activities, participation and points within the period; talent figures for the years "
        "of the period.",
    },
    "made": {"zh": "由 redchain 于 {day} 生成", "en": "Made by redchain on {day}"},
    "contents_gap": {
        "zh": "{n} 项检查中有 {m} 项发现空白",
        "en": "{m} of {n} checks found gaps",
    },
    "rank": {"zh": "名次", "en": "Rank"},
    "name": {"zh": "名称", "en": "Name"},
    "uscc": {"zh": "统一社会信用代码", "en": "Credit code"},
    "subdistrict": {"zh": "所在街镇", "en": "Subdistrict or town"},
    "units": {"zh": "单位数", "en": "Units"},
    "partnerships_col": {"zh": "共建关系", "en": "Partnerships"},
    "agreements_col": {"zh": "有效协议", "en": "Agreements"},
    "activities_col": {"zh": "活动", "en": "Activities"},
    "points_col": {"zh": "积分", "en": "Points"},
    "bonus": {"zh": "加分", "en": "Bonus"},
    "total": {"zh": "总分", "en": "Total"},
    "open_gaps": {"zh": "空白项", "en": "Open gaps"},
    "participations_col": {"zh": "参与人次", "en": "Participations"},
    "code": {"zh": "批次编号", "en": "Cohort"},
    "university": {"zh": "高校", "en": "University"},
    "year": {"zh": "年份", "en": "Year"},
    "trained_col": {"zh": "培训", "en": "Trained"},
    "interns_col": {"zh": "实习", "en": "Interned"},
    "placed_col": {"zh": "定向录用", "en": "Placed"},
    "institution": {"zh": "金融机构", "en": "Financial institution"},
    "check": {"zh": "检查项", "en": "Check"},
    "count": {"zh": "数量", "en": "Count"},
    "listed": {"zh": "涉及单位", "en": "Listed"},
    "changes_section": {"zh": "变动", "en": "Change"},
    "changes_overview": {"zh": "本期变动", "en": "Changes in the period"},
}

FIGURE_NAMES: dict[str, dict[str, str]] = {
    "members": {"zh": "在册成员单位", "en": "Member units"},
    "partnerships": {"zh": "现行共建关系", "en": "Partnerships in force"},
    "partnerships_begun": {"zh": "本期新建共建关系", "en": "Partnerships begun"},
    "agreements": {"zh": "有效共建协议", "en": "Agreements in force"},
    "agreements_signed": {"zh": "本期签约协议", "en": "Agreements signed"},
    "bases": {"zh": "党建基地", "en": "Bases"},
    "active_bases": {"zh": "有活动的基地", "en": "Active bases"},
    "activities": {"zh": "开展活动", "en": "Activities"},
    "key_projects": {"zh": "重点项目活动", "en": "Key-project activities"},
    "units_active": {"zh": "参与活动的单位", "en": "Units taking part"},
    "participations": {"zh": "参与人次（单位次）", "en": "Participations"},
    "points": {"zh": "积分合计（含加分）", "en": "Points (with bonus)"},
    "interns": {"zh": "输送实习生", "en": "Interns supplied"},
    "hires": {"zh": "录用人数", "en": "Hires"},
    "cohorts": {"zh": "人才批次", "en": "Talent cohorts"},
    "trained": {"zh": "培训人数", "en": "Trained"},
    "cohort_interns": {"zh": "批次实习人数", "en": "Cohort interns"},
    "placed": {"zh": "定向录用人数", "en": "Placed"},
    "talent_pool": {"zh": "人才库人数", "en": "Talent pool"},
}


def word(key: str, lang: str, **values: object) -> str:
    return WORDS[key][lang].format(**values)


def figure_name(key: str, lang: str) -> str:
    return FIGURE_NAMES[key][lang]


def domain_name(key: str | None, lang: str) -> str:
    for d in DOMAINS:
        if d.key == key:
            return d.zh if lang == "zh" else d.en
    return key or ""


def stage_name(key: str, lang: str) -> str:
    for s in AGREEMENT_STAGES:
        if s.key == key:
            return s.zh if lang == "zh" else s.en
    return key


def chain_name(chain: str, lang: str) -> str:
    return DEFAULT_CHAIN_EN if lang == "en" and chain == DEFAULT_CHAIN else chain


def title(report: PeriodicReport, lang: str) -> str:
    sep = "" if lang == "zh" else " "
    parts = (chain_name(report.chain, lang), report.period.label(lang), word("title", lang))
    return sep.join(parts)


def with_period(text: str, report: PeriodicReport, lang: str) -> str:
    """A figure's caption with the period it covers, as every table and chart carries it."""
    label = report.period.label(lang)
    return f"{text}（{label}）" if lang == "zh" else f"{text} ({label})"


def delta(now: int, before: int, lang: str) -> str:
    """How a figure moved: ``+5``, ``-2`` or ``=``/``持平``."""
    if now == before:
        return "持平" if lang == "zh" else "no change"
    return f"{now - before:+d}"


def _moved(now: int, before: int, lang: str) -> str:
    if lang == "zh":
        if now == before:
            return "，与上期持平"
        return f"，比上期{'增加' if now > before else '减少'}{abs(now - before)}"
    if now == before:
        return ", the same as in the previous period"
    return f", {'up' if now > before else 'down'} from {before}"


def summary(report: PeriodicReport, lang: str) -> str:
    """One paragraph in words, made only from the report's figures."""
    f, p = report.figures, report.previous_figures
    gaps = report.gaps
    found = [g for g in gaps.gaps if g.count]
    if lang == "zh":
        domains = "、".join(
            f"{d.zh}{report.members_by_domain.get(d.key, 0)}家" for d in report.domains
        )
        parts = [
            f"{report.period.label('zh')}，{report.chain}共有在册成员单位{f['members']}家"
            f"（{domains}）{_moved(f['members'], p['members'], 'zh')}。",
            f"现行共建关系{f['partnerships']}对，本期新建{f['partnerships_begun']}对；"
            f"有效共建协议{f['agreements']}份，本期签约{f['agreements_signed']}份。",
            f"本期开展活动{f['activities']}场{_moved(f['activities'], p['activities'], 'zh')}，"
            f"{f['units_active']}家单位参与{f['participations']}人次，积分合计{f['points']}分；"
            f"{f['bases']}个党建基地中{f['active_bases']}个举办了活动。",
            f"高校向金融机构输送实习生{f['interns']}人、录用{f['hires']}人"
            + (
                f"；人才批次培训{f['trained']}人、实习{f['cohort_interns']}人、"
                f"定向录用{f['placed']}人"
                if f["cohorts"]
                else ""
            )
            + "。",
            f"覆盖空白检查{len(gaps.gaps)}项，其中{len(found)}项发现空白"
            + (
                "（" + "、".join(f"{g.title('zh')}{g.count}项" for g in found[:3]) + "等）"
                if found
                else ""
            )
            + "。",
        ]
        return "".join(parts)
    domains = ", ".join(
        f"{report.members_by_domain.get(d.key, 0)} {d.en.lower()}" for d in report.domains
    )
    parts = [
        f"In {report.period.label('en')}, {chain_name(report.chain, 'en')} had "
        f"{f['members']} member units ({domains}){_moved(f['members'], p['members'], 'en')}.",
        f"{f['partnerships']} partnerships were in force, {f['partnerships_begun']} of them "
        f"begun in the period; {f['agreements']} agreements were in force and "
        f"{f['agreements_signed']} were signed in the period.",
        f"{f['activities']} activities were held"
        f"{_moved(f['activities'], p['activities'], 'en')}; {f['units_active']} units took part "
        f"{f['participations']} times and earned {f['points']} points; "
        f"{f['active_bases']} of {f['bases']} bases held activities.",
        f"Universities sent {f['interns']} interns to financial institutions, which hired "
        f"{f['hires']}"
        + (
            f"; cohorts trained {f['trained']}, of whom {f['cohort_interns']} interned and "
            f"{f['placed']} were placed"
            if f["cohorts"]
            else ""
        )
        + ".",
        f"{len(found)} of {len(gaps.gaps)} gap checks found gaps"
        + (
            " (" + "; ".join(f"{g.title('en').lower()}: {g.count}" for g in found[:3]) + ")"
            if found
            else ""
        )
        + ".",
    ]
    return " ".join(parts)
