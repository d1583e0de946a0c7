"""The import kinds: which columns each kind of file has, in English and Chinese.

A column's English name is the model's property name where there is one; the Chinese header is
what the office's sheets say. Both are accepted on import. Files of several kinds given together
are imported in the order of ``KINDS`` so that every reference finds its target.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from redchain.model import DEFAULT_CHAIN

FieldType = Literal["text", "uscc", "date", "int", "float", "bool", "domain", "ref", "choice"]


@dataclass(frozen=True)
class Field:
    name: str
    zh: str
    type: FieldType = "text"
    required: bool = False
    default: str | None = None
    # What a "ref" column points at: "org" (credit code or exact name), "chain", "base", "activity".
    ref: str | None = None
    example: str = ""


@dataclass(frozen=True)
class ImportKind:
    name: str
    zh: str
    en: str
    fields: tuple[Field, ...]
    # Columns that identify a row: a repeat of them inside one file is an error.
    key: tuple[str, ...]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)


CHAINS = ImportKind(
    "chains",
    "党建链",
    "Chains",
    (
        Field("chain", "链名称", required=True, example=DEFAULT_CHAIN),
        Field("name_en", "英文名称", example="Golden Bridge Red Chain"),
        Field("master", "链主单位", "ref", required=True, ref="org", example="南沙开发区金融局"),
        Field("founded_on", "成立日期", "date", example="2021-07-01"),
    ),
    key=("chain",),
)
PARTNERS = ImportKind(
    "partners",
    "共建单位",
    "Partners",
    (
        Field("uscc", "统一社会信用代码", "uscc", required=True, example="91440115MA5C8K2Q08"),
        Field("name", "名称", required=True, example="某某银行广州南沙分行"),
        Field("domain", "领域", "domain", required=True, example="金融机构"),
        Field("subdistrict", "所在街镇", "ref", ref="org", example="南沙街道"),
        Field("joined_on", "加入日期", "date", example="2023-05-01"),
        Field("name_en", "英文名称", example="Nansha Branch, Example Bank"),
        Field("short_name", "简称"),
        Field("address", "地址", example="广州市南沙区海滨路"),
        Field("contact", "联系人"),
        Field("phone", "联系电话"),
        Field("chain", "所属链", "ref", default=DEFAULT_CHAIN, ref="chain", example=DEFAULT_CHAIN),
    ),
    key=("uscc",),
)
PARTNERSHIPS = ImportKind(
    "partnerships",
    "共建关系",
    "Partnerships",
    (
        Field("from", "甲方", "ref", required=True, ref="org", example="南沙开发区金融局"),
        Field("to", "乙方", "ref", required=True, ref="org", example="南沙街道"),
        Field("kind", "类型", "choice", example="政企"),
        Field("since", "开始日期", "date", example="2023-05-01"),
        Field("until", "结束日期", "date"),
    ),
    key=("from", "to"),
)
MEMBERSHIPS = ImportKind(
    "memberships",
    "链成员",
    "Memberships",
    (
        Field("org", "单位", "ref", required=True, ref="org", example="南沙街道"),
        Field("chain", "所属链", "ref", default=DEFAULT_CHAIN, ref="chain", example=DEFAULT_CHAIN),
        Field("joined_on", "加入日期", "date", example="2023-05-01"),
        Field("left_on", "退出日期", "date"),
    ),
    key=("org", "chain"),
)
BASES = ImportKind(
    "bases",
    "党建基地",
    "Bases",
    (
        Field("name", "基地名称", required=True, example="南沙金桥党建分基地（示例银行）"),
        Field("kind", "基地类型", "choice", required=True, example="分基地"),
        Field("host", "依托单位", "ref", required=True, ref="org", example="某某银行广州南沙分行"),
        Field("site", "所在地点", example="明珠金融聚集区"),
        Field("chain", "所属链", "ref", default=DEFAULT_CHAIN, ref="chain", example=DEFAULT_CHAIN),
        Field("opened_on", "授牌日期", "date", example="2023-06-30"),
    ),
    key=("name",),
)
ACTIVITIES = ImportKind(
    "activities",
    "党建活动",
    "Activities",
    (
        Field("code", "活动编号", required=True, example="A2023-001"),
        Field("title", "活动名称", required=True, example="党建引领促就业、金桥红链聚人才"),
        Field("kind", "活动类型", "choice", required=True, example="人才活动"),
        Field("date", "活动日期", "date", required=True, example="2023-05-20"),
        Field("base", "活动地点", "ref", ref="base", example="“金桥红链”党建展厅基地"),
        Field("key_project", "重点项目", "bool", example="是"),
        Field("chain", "所属链", "ref", default=DEFAULT_CHAIN, ref="chain", example=DEFAULT_CHAIN),
    ),
    key=("code",),
)
PARTICIPATION = ImportKind(
    "participation",
    "活动参与",
    "Participation",
    (
        Field("activity", "活动编号", "ref", required=True, ref="activity", example="A2023-001"),
        Field("org", "单位", "ref", required=True, ref="org", example="南沙街道"),
        Field("points", "积分", "float", example="10"),
        Field("bonus", "加分", "float", example="5"),
    ),
    key=("activity", "org"),
)
TALENT = ImportKind(
    "talent",
    "人才输送",
    "Talent",
    (
        Field("university", "高校", "ref", required=True, ref="org", example="中山大学"),
        Field(
            "institution",
            "金融机构",
            "ref",
            required=True,
            ref="org",
            example="某某银行广州南沙分行",
        ),
        Field("year", "年份", "int", required=True, example="2023"),
        Field("interns", "实习人数", "int", example="12"),
        Field("hires", "录用人数", "int", example="3"),
    ),
    key=("university", "institution", "year"),
)

# Other names of units (see redchain/importing/aliases.py): each row records one alias.
ALIASES = ImportKind(
    "aliases",
    "单位别名",
    "Aliases",
    (
        Field("alias", "别名", required=True, example="工行南沙"),
        Field("org", "单位", "ref", required=True, ref="org", example="91440115MA5C8K2Q08"),
    ),
    key=("alias",),
)

KINDS: tuple[ImportKind, ...] = (
    PARTNERS,
    ALIASES,
    CHAINS,
    MEMBERSHIPS,
    PARTNERSHIPS,
    BASES,
    ACTIVITIES,
    PARTICIPATION,
    TALENT,
)
KIND_BY_NAME = {k.name: k for k in KINDS}
