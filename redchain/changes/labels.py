"""The words of the changes report in Chinese and English, and how its values are shown."""

from __future__ import annotations

import datetime as dt
from typing import Any

from redchain.model import AGREEMENT_STAGES, DOMAIN_BY_KEY, DOMAIN_BY_LABEL, PARTNERSHIP_KINDS

TITLES: dict[str, dict[str, str]] = {
    "joined": {"zh": "新加入的成员", "en": "Units that joined"},
    "left": {"zh": "退出的成员", "en": "Units that left"},
    "partnerships_begun": {"zh": "新建立的共建关系", "en": "Partnerships begun"},
    "partnerships_ended": {"zh": "结束的共建关系", "en": "Partnerships ended"},
    "agreements_begun": {"zh": "新签订的共建协议", "en": "Agreements signed"},
    "agreements_ended": {"zh": "到期的共建协议", "en": "Agreements ended"},
    "agreements_renewed": {"zh": "续签的共建协议", "en": "Agreements renewed"},
    "stage_moves": {"zh": "协议阶段变化", "en": "Agreement stage moves"},
    "points_movers": {"zh": "积分变化最大的单位", "en": "Biggest points movers"},
    "gaps_opened": {"zh": "新出现的空白", "en": "Gaps opened"},
    "gaps_closed": {"zh": "已补上的空白", "en": "Gaps closed"},
}

WORDS: dict[str, dict[str, str]] = {
    "title": {"zh": "变化报告", "en": "Changes report"},
    "period": {"zh": "统计期", "en": "Period"},
    "previous": {"zh": "对比期", "en": "Compared with"},
    "gaps_compared": {
        "zh": "空白对比：{before} 与 {after} 两日的覆盖空白报告",
        "en": "Gaps compared: the coverage-gap report on {before} and on {after}",
    },
    "overview": {"zh": "概览", "en": "Overview"},
    "section": {"zh": "变化项", "en": "Change"},
    "count": {"zh": "数量", "en": "Count"},
    "none": {"zh": "无。", "en": "None."},
    "generated": {"zh": "由 redchain {v} 生成", "en": "Made by redchain {v}"},
    "list_sep": {"zh": "、", "en": ", "},
}

COLUMNS: dict[str, dict[str, str]] = {
    "uscc": {"zh": "统一社会信用代码", "en": "Credit code"},
    "name": {"zh": "名称", "en": "Name"},
    "domain": {"zh": "领域", "en": "Domain"},
    "joined_on": {"zh": "加入日期", "en": "Joined"},
    "left_on": {"zh": "退出日期", "en": "Left"},
    "a_name": {"zh": "甲方", "en": "Unit A"},
    "a_uscc": {"zh": "甲方代码", "en": "Unit A code"},
    "b_name": {"zh": "乙方", "en": "Unit B"},
    "b_uscc": {"zh": "乙方代码", "en": "Unit B code"},
    "kind": {"zh": "类型", "en": "Kind"},
    "since": {"zh": "开始日期", "en": "Since"},
    "until": {"zh": "结束日期", "en": "Until"},
    "number": {"zh": "协议编号", "en": "Agreement"},
    "title": {"zh": "协议名称", "en": "Title"},
    "signed_on": {"zh": "签约日期", "en": "Signed"},
    "ends_on": {"zh": "到期日期", "en": "Ends"},
    "parties": {"zh": "协议各方", "en": "Parties"},
    "stage": {"zh": "当前阶段", "en": "Stage"},
    "renewed_by": {"zh": "续签协议", "en": "Renewed by"},
    "renews": {"zh": "原协议", "en": "Renews"},
    "renews_title": {"zh": "原协议名称", "en": "Renewed agreement"},
    "renews_ends_on": {"zh": "原协议到期", "en": "Renewed agreement ended"},
    "from_stage": {"zh": "原阶段", "en": "From stage"},
    "to_stage": {"zh": "新阶段", "en": "To stage"},
    "moved_on": {"zh": "日期", "en": "Date"},
    "rank": {"zh": "名次", "en": "Rank"},
    "previous_rank": {"zh": "上期名次", "en": "Previous rank"},
    "rank_change": {"zh": "名次升降", "en": "Places moved"},
    "total": {"zh": "本期积分", "en": "Points"},
    "previous_total": {"zh": "上期积分", "en": "Previous points"},
    "change": {"zh": "积分变化", "en": "Change"},
    "check": {"zh": "检查项", "en": "Check"},
    "item": {"zh": "空白项", "en": "Item"},
}

NUMERIC = frozenset({"rank", "previous_rank", "rank_change", "total", "previous_total", "change"})
SIGNED = frozenset({"rank_change", "change"})


def title(section: str, lang: str) -> str:
    return TITLES[section][lang]


def word(key: str, lang: str, **values: Any) -> str:
    return WORDS[key][lang].format(**values)


def column(key: str, lang: str) -> str:
    return COLUMNS.get(key, {}).get(lang, key)


def _kind_name(value: str, kinds: Any, lang: str) -> str:
    for kind in kinds:
        if value in (kind.key, kind.zh, kind.en, *kind.synonyms):
            return str(kind.zh if lang == "zh" else kind.en)
    return value


def _domain_name(value: str, lang: str) -> str:
    domain = DOMAIN_BY_KEY.get(value) or DOMAIN_BY_LABEL.get(value)
    if domain is None:
        return value
    return domain.zh if lang == "zh" else domain.en


def _number(value: float) -> str:
    return f"{value:g}" if float(value).is_integer() else f"{value:.2f}".rstrip("0")


def item_label(item: dict[str, Any], lang: str) -> str:
    """What a gap's item is, in a few words: a unit's or agreement's name and code, a pair of
    domains, the parties of a partnership."""
    if isinstance(item.get(lang), str):
        return str(item[lang])
    sep = word("list_sep", lang)
    named = [str(item[k]) for k in ("name", "title", "university") if item.get(k)][:1]
    if not named and isinstance(item.get("parties"), list):
        named = [sep.join(str(p) for p in item["parties"])]
    codes = [str(item[k]) for k in ("number", "code", "uscc", "agreement") if item.get(k)][:1]
    extra = [
        str(item[k]) for k in ("agreement", "item") if item.get(k) and str(item[k]) not in codes
    ]
    parts = named + [f"({c})" for c in codes] + extra
    if parts:
        return " ".join(parts)
    return ", ".join(f"{k}={v}" for k, v in item.items())


def cell(row: dict[str, Any], key: str, lang: str) -> str:
    """One value as text: stages, kinds and domains by name, lists joined, signed movements."""
    value = row.get(key)
    if key == "check":
        return str(row.get(f"check_{lang}") or row.get("gap", ""))
    if key == "item" and isinstance(value, dict):
        return item_label(value, lang)
    if value is None or value == []:
        return "—" if key in NUMERIC else ""
    if isinstance(value, list):
        return word("list_sep", lang).join(str(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if key in ("stage", "from_stage", "to_stage") and isinstance(value, str):
        return _kind_name(value, AGREEMENT_STAGES, lang)
    if key == "kind" and isinstance(value, str):
        return _kind_name(value, PARTNERSHIP_KINDS, lang)
    if key == "domain" and isinstance(value, str):
        return _domain_name(value, lang)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        text = _number(value)
        return f"+{text}" if key in SIGNED and value > 0 else text
    return str(value)
