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
    AGREEMENT,
    ALIAS,
    BASE,
    BASE_KINDS,
    CHAIN,
    COHORT,
    DEFAULT_CHAIN,
    ENTERED_FOR,
    HONOUR,
    HONOUR_LEVELS,
    ITEM_KINDS,
    MEMBER_OF,
    OFFERS,
    ORGANIZATION,
    PARTNERS_WITH,
    PARTNERSHIP_KINDS,
    PARTY_ROLES,
    PARTY_TO,
    PLACED_WITH,
    SUPPLIES_TALENT,
    TALENT_POOL,
    TALENT_PROGRAMME,
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
    # What a "ref" column points at: "org" (credit code or exact name), "chain", "base",
    # "activity", "agreement", "honour" or "cohort".
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
    #: "activity", "agreement", "honour", "cohort"), which references of that target are
    #: checked against. The key is key[0].
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
        Field(
            "agreement", "协议编号", "ref", ref="agreement", example="JQ-2023-001", text="compact"
        ),
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

# The two lists of an agreement's party: what it offers (资源清单) and what it needs (需求清单).
RESOURCE_SIDES: tuple[Kind, ...] = (
    Kind(
        "offer", "资源", "Offer", ("资源清单", "提供", "offer", "offers", "resource", "resources")
    ),
    Kind("need", "需求", "Need", ("需求清单", "需要", "need", "needs")),
)

AGREEMENTS = ImportKind(
    "agreements",
    "共建协议",
    "Agreements",
    (
        Field("number", "协议编号", required=True, example="JQ-2023-001", text="compact"),
        Field("title", "协议名称", required=True, example="金融局与南沙街道党建共建协议"),
        Field("chain", "所属链", "ref", default=DEFAULT_CHAIN, ref="chain", example=DEFAULT_CHAIN),
        Field("kind", "类型", "choice", example="政企", choices=PARTNERSHIP_KINDS),
        Field("negotiated_on", "谈约日期", "date", example="2023-03-01"),
        Field("signed_on", "签约日期", "date", example="2023-04-15"),
        Field("published_on", "亮约日期", "date", example="2023-05-01"),
        Field("performing_on", "履约日期", "date", example="2023-05-10"),
        Field("evaluated_on", "评约日期", "date"),
        Field("ends_on", "到期日期", "date", example="2025-04-14"),
        Field("renews", "续签协议", "ref", ref="agreement", text="compact"),
        Field("score", "评约得分", "int"),
        Field("remarks", "评约意见"),
    ),
    key=("number",),
    noun="agreement",
    writes=AGREEMENT,
    defines="agreement",
)
AGREEMENT_PARTIES = ImportKind(
    "agreement_parties",
    "协议各方",
    "Agreement parties",
    (
        Field(
            "agreement",
            "协议编号",
            "ref",
            required=True,
            ref="agreement",
            example="JQ-2023-001",
            text="compact",
        ),
        Field("org", "单位", "ref", required=True, ref="org", example="南沙街道"),
        Field("role", "角色", "choice", example="发起方", choices=PARTY_ROLES),
        Field("liaison", "联络员", example="张某"),
        Field("liaison_role", "联络员职务", example="党建办主任"),
    ),
    key=("agreement", "org"),
    noun="party of that agreement",
    writes=PARTY_TO,
)
RESOURCES = ImportKind(
    "resources",
    "资源需求",
    "Resources and needs",
    (
        Field(
            "agreement",
            "协议编号",
            "ref",
            required=True,
            ref="agreement",
            example="JQ-2023-001",
            text="compact",
        ),
        Field("org", "单位", "ref", required=True, ref="org", example="南沙街道"),
        Field("side", "清单", "choice", required=True, example="资源", choices=RESOURCE_SIDES),
        Field("item", "项目", "choice", required=True, example="活动场地", choices=ITEM_KINDS),
        Field("note", "说明", example="街道党群服务中心多功能厅"),
    ),
    key=("agreement", "org", "side", "item"),
    noun="resource or need of that unit under that agreement",
    writes=OFFERS,
)
HONOURS = ImportKind(
    "honours",
    "荣誉",
    "Honours",
    (
        Field("code", "荣誉编号", required=True, example="H2023-001", text="compact"),
        Field("title", "荣誉名称", required=True, example="四个十佳·十佳党建品牌"),
        Field("level", "级别", "choice", example="区级", choices=HONOUR_LEVELS),
        Field("year", "年份", "int", required=True, example="2023", minimum=None),
        Field("body", "颁发单位", example="南沙区直属机关工委"),
        Field("selection", "评选", example="四个十佳"),
        Field("category", "类别", "choice", example="机关党建品牌", choices=ACTIVITY_KINDS),
        Field("org", "获奖单位", "ref", ref="org", example="南沙街道"),
        Field("chain", "获奖链", "ref", ref="chain"),
        Field("activity", "获奖活动", "ref", ref="activity", text="compact"),
    ),
    key=("code",),
    noun="honour",
    writes=HONOUR,
    defines="honour",
)
ENTRIES = ImportKind(
    "entries",
    "参评",
    "Entries",
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
        Field(
            "honour",
            "荣誉编号",
            "ref",
            required=True,
            ref="honour",
            example="H2023-001",
            text="compact",
        ),
    ),
    key=("activity", "honour"),
    noun="entry",
    writes=ENTERED_FOR,
)
COHORTS = ImportKind(
    "cohorts",
    "人才批次",
    "Talent cohorts",
    (
        Field("code", "批次编号", required=True, example="YC2023-中大", text="compact"),
        Field(
            "university",
            "高校",
            "ref",
            required=True,
            ref="org",
            domain="university",
            example="中山大学",
        ),
        Field("year", "年份", "int", required=True, example="2023", minimum=None),
        Field("programme", "人才项目", default=TALENT_PROGRAMME, example=TALENT_PROGRAMME),
        Field("trained", "培训人数", "int", example="40"),
    ),
    key=("code",),
    noun="cohort",
    writes=COHORT,
    defines="cohort",
)
PLACEMENTS = ImportKind(
    "placements",
    "实习与定向",
    "Placements",
    (
        Field(
            "cohort",
            "批次编号",
            "ref",
            required=True,
            ref="cohort",
            example="YC2023-中大",
            text="compact",
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
        Field("interns", "实习人数", "int", example="12"),
        Field("placed", "定向录用人数", "int", example="3"),
    ),
    key=("cohort", "institution"),
    noun="placement of that cohort",
    writes=PLACED_WITH,
)
TALENT_POOLS = ImportKind(
    "talent_pool",
    "人才库",
    "Talent pool",
    (
        Field("chain", "所属链", "ref", default=DEFAULT_CHAIN, ref="chain", example=DEFAULT_CHAIN),
        Field("year", "年份", "int", required=True, example="2024", minimum=None),
        Field("size", "人数", "int", required=True, example="10000"),
    ),
    key=("chain", "year"),
    noun="talent pool of that chain and year",
    writes=TALENT_POOL,
)

KINDS: tuple[ImportKind, ...] = (
    PARTNERS,
    ALIASES,
    CHAINS,
    MEMBERSHIPS,
    PARTNERSHIPS,
    AGREEMENTS,
    AGREEMENT_PARTIES,
    RESOURCES,
    BASES,
    ACTIVITIES,
    PARTICIPATION,
    TALENT,
    HONOURS,
    ENTRIES,
    COHORTS,
    PLACEMENTS,
    TALENT_POOLS,
)
KIND_BY_NAME = {k.name: k for k in KINDS}
