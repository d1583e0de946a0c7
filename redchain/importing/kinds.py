"""The import kinds, one declarative spec each: columns, rules, nouns and what they write.

An :class:`ImportKind` says which columns a kind of file has (in English and Chinese), what
each column takes (its type, choices, the domain a referenced unit must have, its text rule),
what one row stands for in messages, which node or relationship of :mod:`redchain.model` its
rows write and, for node kinds, which registry their keys go to. Every stage reads these specs:
the row parser, the checks, the templates, the docs' column tables and the writer (whose write
plan for a kind is the method of the same name in :mod:`redchain.importing.writer`). Adding a
kind is one spec here plus its plan.

A column's English name is the model's property name where there is one; the Chinese header is
what the office's sheets say. Both are accepted on import. Files of several kinds given together
are imported in the order of ``KINDS`` so that every reference finds its target.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from redchain.model import (
    ACTIVITY,
    ACTIVITY_KINDS,
    ALIAS,
    BASE,
    BASE_KINDS,
    CHAIN,
    DEFAULT_CHAIN,
    MEMBER_OF,
    ORGANIZATION,
    PARTNERS_WITH,
    PARTNERSHIP_KINDS,
    SUPPLIES_TALENT,
    TOOK_PART_IN,
    Kind,
    NodeType,
    RelType,
)

FieldType = Literal["text", "uscc", "date", "int", "float", "bool", "domain", "ref", "choice"]
# How a text cell is cleaned: "clean" makes full-width letters half-width, drops invisible
# characters and collapses spaces; "compact" also removes every space (codes, where a space is
# a typo).
TextRule = Literal["clean", "compact"]


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
    #: A "choice" column's kinds (partnership, base or activity kinds).
    choices: tuple[Kind, ...] = ()
    #: A unit reference that must name a unit of this domain (its key).
    domain: str | None = None
    text: TextRule = "clean"
    #: Whole numbers below this are refused (None: any).
    minimum: int | None = 0


@dataclass(frozen=True)
class ImportKind:
    name: str
    zh: str
    en: str
    fields: tuple[Field, ...]
    # Columns that identify a row: a repeat of them inside one file is an error.
    key: tuple[str, ...]
    #: What one row stands for, in messages about repeated rows.
    noun: str
    #: The node or relationship a row writes.
    writes: NodeType | RelType
    #: For kinds whose rows define a node: the registry of that node ("org", "chain", "base",
    #: "activity"), which references of that target are checked against. The key is key[0].
    defines: str | None = None

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)

    @property
    def is_node(self) -> bool:
        return self.defines is not None


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
    noun="chain",
    writes=CHAIN,
    defines="chain",
)
PARTNERS = ImportKind(
    "partners",
    "共建单位",
    "Partners",
    (
        Field("uscc", "统一社会信用代码", "uscc", required=True, example="91440115MA5C8K2Q08"),
        Field("name", "名称", required=True, example="某某银行广州南沙分行"),
        Field("domain", "领域", "domain", required=True, example="金融机构"),
        Field(
            "subdistrict", "所在街镇", "ref", ref="org", domain="subdistrict", example="南沙街道"
        ),
        Field("joined_on", "加入日期", "date", example="2023-05-01"),
        Field("name_en", "英文名称", example="Nansha Branch, Example Bank"),
        Field("short_name", "简称"),
        Field("address", "地址", example="广州市南沙区海滨路"),
        Field("contact", "联系人"),
        Field("phone", "联系电话"),
        Field("chain", "所属链", "ref", default=DEFAULT_CHAIN, ref="chain", example=DEFAULT_CHAIN),
    ),
    key=("uscc",),
    noun="unit",
    writes=ORGANIZATION,
    defines="org",
)
PARTNERSHIPS = ImportKind(
    "partnerships",
    "共建关系",
    "Partnerships",
    (
        Field("from", "甲方", "ref", required=True, ref="org", example="南沙开发区金融局"),
        Field("to", "乙方", "ref", required=True, ref="org", example="南沙街道"),
        Field("kind", "类型", "choice", example="政企", choices=PARTNERSHIP_KINDS),
        Field("since", "开始日期", "date", example="2023-05-01"),
        Field("until", "结束日期", "date"),
    ),
    key=("from", "to"),
    noun="partnership (甲方 and 乙方 in either order)",
    writes=PARTNERS_WITH,
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
    noun="membership",
    writes=MEMBER_OF,
)
BASES = ImportKind(
    "bases",
    "党建基地",
    "Bases",
    (
        Field("name", "基地名称", required=True, example="南沙金桥党建分基地（示例银行）"),
        Field("kind", "基地类型", "choice", required=True, example="分基地", choices=BASE_KINDS),
        Field("host", "依托单位", "ref", required=True, ref="org", example="某某银行广州南沙分行"),
        Field("site", "所在地点", example="明珠金融聚集区"),
        Field("chain", "所属链", "ref", default=DEFAULT_CHAIN, ref="chain", example=DEFAULT_CHAIN),
        Field("opened_on", "授牌日期", "date", example="2023-06-30"),
    ),
    key=("name",),
    noun="base",
    writes=BASE,
    defines="base",
)
ACTIVITIES = ImportKind(
    "activities",
    "党建活动",
    "Activities",
    (
        Field("code", "活动编号", required=True, example="A2023-001", text="compact"),
        Field("title", "活动名称", required=True, example="党建引领促就业、金桥红链聚人才"),
        Field(
            "kind",
            "活动类型",
            "choice",
            required=True,
            example="人才活动",
            choices=ACTIVITY_KINDS,
        ),
        Field("date", "活动日期", "date", required=True, example="2023-05-20"),
        Field("base", "活动地点", "ref", ref="base", example="“金桥红链”党建展厅基地"),
        Field("key_project", "重点项目", "bool", example="是"),
        Field("chain", "所属链", "ref", default=DEFAULT_CHAIN, ref="chain", example=DEFAULT_CHAIN),
    ),
    key=("code",),
    noun="activity",
    writes=ACTIVITY,
    defines="activity",
)
PARTICIPATION = ImportKind(
    "participation",
    "活动参与",
    "Participation",
    (
        Field(
            "activity",
            "活动编号",
            "ref",
            required=True,
            ref="activity",
            example="A2023-001",
            text="compact",
        ),
        Field("org", "单位", "ref", required=True, ref="org", example="南沙街道"),
        Field("points", "积分", "int", example="10", minimum=None),
        Field("bonus", "加分", "int", example="5", minimum=None),
    ),
    key=("activity", "org"),
    noun="participation",
    writes=TOOK_PART_IN,
)
TALENT = ImportKind(
    "talent",
    "人才输送",
    "Talent",
    (
        Field(
            "university",
            "高校",
            "ref",
            required=True,
            ref="org",
            domain="university",
            example="中山大学",
        ),
        Field(
            "institution",
            "金融机构",
            "ref",
            required=True,
            ref="org",
            domain="financial",
            example="某某银行广州南沙分行",
        ),
        Field("year", "年份", "int", required=True, example="2023", minimum=None),
        Field("interns", "实习人数", "int", example="12"),
        Field("hires", "录用人数", "int", example="3"),
    ),
    key=("university", "institution", "year"),
    noun="talent link of that year",
    writes=SUPPLIES_TALENT,
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
    noun="alias",
    writes=ALIAS,
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
