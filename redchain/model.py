"""The network's model, in one place: labels, relationship types, keys, properties and domains.

Every other module (schema, importer, queries, views) reads labels, types and property names from
here, so adding a domain or a property is one edit in this file. Labels and relationship types
that reach a Cypher string always come from these tables, never from input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

PropType = Literal["text", "uscc", "date", "datetime", "int", "float", "bool"]


@dataclass(frozen=True)
class Domain:
    """The kind of organisation a unit is; each organisation carries exactly one."""

    key: str
    label: str
    zh: str
    en: str
    color: str
    synonyms: tuple[str, ...] = ()
    # First character of a typical credit code (GB 32100-2015): 1 organs, 5 social organisations,
    # 9 companies. Used when synthetic data is generated, never to validate real codes.
    typical_authority: str = "9"


DOMAINS: tuple[Domain, ...] = (
    Domain(
        "government",
        "GovernmentBody",
        "政府部门",
        "Government body",
        "#c0392b",
        ("政府", "政府机关", "机关", "部门", "government", "gov", "government department"),
        "1",
    ),
    Domain(
        "subdistrict",
        "Subdistrict",
        "基层街镇",
        "Subdistrict or town",
        "#e67e22",
        ("街镇", "街道", "镇", "街道办", "镇政府", "subdistrict", "town", "street"),
        "1",
    ),
    Domain(
        "association",
        "Association",
        "协会组织",
        "Association",
        "#8e44ad",
        ("协会", "商会", "学会", "社会组织", "association", "society"),
        "5",
    ),
    Domain(
        "financial",
        "FinancialInstitution",
        "金融机构",
        "Financial institution",
        "#2471a3",
        (
            "金融",
            "银行",
            "证券",
            "保险",
            "基金",
            "bank",
            "financial",
            "finance",
            "financial institution",
        ),
        "9",
    ),
    Domain(
        "university",
        "University",
        "高校金融学院",
        "University finance school",
        "#229954",
        ("高校", "大学", "学院", "金融学院", "各大高校金融学院", "university", "college", "school"),
        "1",
    ),
    # Companies outside finance (construction, telecoms, technology) that a chain such as the
    # 政数局's co-builds with; not one of the five domains 金桥红链 links, so the domain matrix
    # leaves it out.
    Domain(
        "enterprise",
        "Enterprise",
        "企业",
        "Enterprise",
        "#7f8c8d",
        ("公司", "国有企业", "国企", "民营企业", "科技企业", "enterprise", "company"),
        "9",
    ),
)
#: The five domains of 金桥红链 (五大领域), in the order the domain matrix shows them.
CHAIN_DOMAINS: tuple[Domain, ...] = DOMAINS[:5]
DOMAIN_BY_KEY = {d.key: d for d in DOMAINS}
DOMAIN_BY_LABEL = {d.label: d for d in DOMAINS}


@dataclass(frozen=True)
class Prop:
    """A property: its name in the graph, its Chinese and English captions, and its type.

    The type is declared here once; the importer, the queries, the exports and the views read it
    from here. ``date`` is a DATE value on both engines (``date('2024-05-01')`` in Cypher,
    :class:`datetime.date` in Python); ``datetime`` is a DATETIME on Neo4j and ISO 8601 text with
    its UTC offset on FalkorDB, which has no zoned date-time; ``int``, ``float`` and ``bool`` are
    the engines' numbers and booleans.
    """

    name: str
    zh: str
    en: str
    type: PropType = "text"
    required: bool = False


@dataclass(frozen=True)
class NodeType:
    label: str
    key: str
    zh: str
    en: str
    props: tuple[Prop, ...]
    indexed: tuple[str, ...] = ()

    def prop(self, name: str) -> Prop:
        return next(p for p in self.props if p.name == name)


@dataclass(frozen=True)
class RelType:
    type: str
    start: str
    end: str
    zh: str
    en: str
    props: tuple[Prop, ...] = ()
    # Properties that belong to the relationship's identity: one talent link per year, say.
    identity: tuple[str, ...] = ()
    # Further labels the relationship may end at (an honour goes to a unit, a chain or an
    # activity); ``end`` is the first of them.
    other_ends: tuple[str, ...] = ()

    @property
    def ends(self) -> tuple[str, ...]:
        return (self.end, *self.other_ends)


RUN_ID = Prop("run_id", "导入批次", "Import run")

ORGANIZATION = NodeType(
    "Organization",
    "uscc",
    "单位",
    "Organisation",
    (
        Prop("uscc", "统一社会信用代码", "Credit code", "uscc", required=True),
        Prop("name", "名称", "Name", required=True),
        Prop("name_en", "英文名称", "English name"),
        Prop("domain", "领域", "Domain", required=True),
        Prop("short_name", "简称", "Short name"),
        Prop("address", "地址", "Address"),
        Prop("contact", "联系人", "Contact"),
        Prop("phone", "联系电话", "Phone"),
        RUN_ID,
    ),
    indexed=("name", "name_en"),
)
CHAIN = NodeType(
    "Chain",
    "name",
    "党建链",
    "Chain",
    (
        Prop("name", "名称", "Name", required=True),
        Prop("name_en", "英文名称", "English name"),
        Prop("founded_on", "成立日期", "Founded", "date"),
        RUN_ID,
    ),
)
BASE = NodeType(
    "Base",
    "name",
    "党建基地",
    "Base",
    (
        Prop("name", "基地名称", "Name", required=True),
        Prop("kind", "基地类型", "Kind", required=True),
        Prop("site", "所在地点", "Site"),
        Prop("opened_on", "授牌日期", "Opened", "date"),
        RUN_ID,
    ),
)
ACTIVITY = NodeType(
    "Activity",
    "code",
    "活动",
    "Activity",
    (
        Prop("code", "活动编号", "Code", required=True),
        Prop("title", "活动名称", "Title", required=True),
        Prop("kind", "活动类型", "Kind", required=True),
        Prop("date", "活动日期", "Date", "date", required=True),
        Prop("key_project", "重点项目", "Key project", "bool"),
        RUN_ID,
    ),
    indexed=("date",),
)
# Another name of a unit, recorded once so that later files resolve by themselves: ``key`` is
# the name's clean form (redchain.importing.names.clean), ``uscc`` the unit's credit code.
ALIAS = NodeType(
    "Alias",
    "key",
    "别名",
    "Alias",
    (
        Prop("key", "规范名", "Normalised name", required=True),
        Prop("name", "别名", "Alias", required=True),
        Prop("uscc", "统一社会信用代码", "Credit code", "uscc", required=True),
        Prop("source", "来源", "Source"),
        RUN_ID,
    ),
    indexed=("uscc",),
)
AGREEMENT = NodeType(
    "Agreement",
    "number",
    "共建协议",
    "Co-building agreement",
    (
        Prop("number", "协议编号", "Agreement number", required=True),
        Prop("title", "协议名称", "Title", required=True),
        # A key of PARTNERSHIP_KINDS: the kind of the partnerships it makes between its parties.
        Prop("kind", "类型", "Kind"),
        # The stage reached last (a key of AGREEMENT_STAGES), derived on import from the stage
        # dates below so that queries need not work it out.
        Prop("stage", "当前阶段", "Stage"),
        Prop("negotiated_on", "谈约日期", "Negotiated", "date"),
        Prop("signed_on", "签约日期", "Signed", "date"),
        Prop("published_on", "亮约日期", "Made public", "date"),
        Prop("performing_on", "履约日期", "Carried out from", "date"),
        Prop("evaluated_on", "评约日期", "Evaluated", "date"),
        Prop("ends_on", "到期日期", "Ends", "date"),
        Prop("score", "评约得分", "Evaluation score", "int"),
        Prop("remarks", "评约意见", "Evaluation remarks"),
        RUN_ID,
    ),
    indexed=("ends_on",),
)
# What a party offers (资源清单) or needs (需求清单): one node per kind of item, so that a need of
# one unit matches a resource of another by the node they both point at.
ITEM = NodeType(
    "Item",
    "key",
    "资源需求项",
    "Resource or need",
    (
        Prop("key", "项目", "Item", required=True),
        Prop("name", "名称", "Name", required=True),
        Prop("name_en", "英文名称", "English name"),
        RUN_ID,
    ),
)
HONOUR = NodeType(
    "Honour",
    "code",
    "荣誉",
    "Honour",
    (
        Prop("code", "荣誉编号", "Code", required=True),
        Prop("title", "荣誉名称", "Title", required=True),
        Prop("level", "级别", "Level"),
        Prop("year", "年份", "Year", "int", required=True),
        Prop("body", "颁发单位", "Awarding body"),
        # The selection it comes from (四个十佳, say) and its category there (an activity kind).
        Prop("selection", "评选", "Selection"),
        Prop("category", "类别", "Category"),
        RUN_ID,
    ),
)
COHORT = NodeType(
    "Cohort",
    "code",
    "人才批次",
    "Talent cohort",
    (
        Prop("code", "批次编号", "Cohort code", required=True),
        Prop("programme", "人才项目", "Programme"),
        Prop("year", "年份", "Year", "int", required=True),
        Prop("trained", "培训人数", "Trained", "int"),
        RUN_ID,
    ),
)
# The talent pool (万名人才库) is a count per chain and year, not a list of people.
TALENT_POOL = NodeType(
    "TalentPool",
    "code",
    "人才库",
    "Talent pool",
    (
        Prop("code", "编号", "Code", required=True),
        Prop("year", "年份", "Year", "int", required=True),
        Prop("size", "人数", "Size", "int", required=True),
        RUN_ID,
    ),
)
IMPORT_RUN = NodeType(
    "ImportRun",
    "run_id",
    "导入记录",
    "Import run",
    (
        Prop("run_id", "批次", "Run", required=True),
        Prop("file", "文件", "File"),
        Prop("sha256", "SHA-256", "SHA-256"),
        Prop("kind", "类型", "Kind"),
        Prop("rows", "行数", "Rows", "int"),
        Prop("created", "新建", "Created", "int"),
        Prop("updated", "更新", "Updated", "int"),
        Prop("unchanged", "未变", "Unchanged", "int"),
        Prop("rejected", "拒绝", "Rejected", "int"),
        Prop("started_at", "开始时间", "Started", "datetime"),
        Prop("finished_at", "结束时间", "Finished", "datetime"),
        Prop("version", "版本", "redchain version"),
        Prop("origin", "来源", "Origin"),
        Prop("by", "导入人", "By"),
    ),
)
NODE_TYPES: tuple[NodeType, ...] = (
    ORGANIZATION,
    CHAIN,
    BASE,
    ACTIVITY,
    AGREEMENT,
    ITEM,
    HONOUR,
    COHORT,
    TALENT_POOL,
    ALIAS,
    IMPORT_RUN,
)
NODE_BY_LABEL = {n.label: n for n in NODE_TYPES}

LED_BY = RelType("LED_BY", "Chain", "Organization", "链主单位", "Led by", (RUN_ID,))
MEMBER_OF = RelType(
    "MEMBER_OF",
    "Organization",
    "Chain",
    "共建成员",
    "Member of",
    (
        Prop("joined_on", "加入日期", "Joined", "date"),
        Prop("left_on", "退出日期", "Left", "date"),
        RUN_ID,
    ),
)
PARTNERS_WITH = RelType(
    "PARTNERS_WITH",
    "Organization",
    "Organization",
    "共建关系",
    "Partners with",
    (
        Prop("kind", "类型", "Kind"),
        Prop("since", "开始日期", "Since", "date"),
        Prop("until", "结束日期", "Until", "date"),
        # True when the importer derived it from the pair's agreements (see docs/model.md);
        # missing on a partnership a partnerships file gave, which derivation leaves alone.
        Prop("derived", "由协议生成", "From agreements", "bool"),
        RUN_ID,
    ),
)
LOCATED_IN = RelType(
    "LOCATED_IN", "Organization", "Organization", "所在街镇", "Located in", (RUN_ID,)
)
HOSTED_BY = RelType("HOSTED_BY", "Base", "Organization", "依托单位", "Hosted by", (RUN_ID,))
PART_OF = RelType("PART_OF", "Base", "Chain", "所属链", "Part of", (RUN_ID,))
HELD_AT = RelType("HELD_AT", "Activity", "Base", "活动地点", "Held at", (RUN_ID,))
ACTIVITY_OF = RelType("ACTIVITY_OF", "Activity", "Chain", "所属链", "Activity of", (RUN_ID,))
TOOK_PART_IN = RelType(
    "TOOK_PART_IN",
    "Organization",
    "Activity",
    "参与活动",
    "Took part in",
    (
        Prop("points", "积分", "Points", "int"),
        Prop("bonus", "加分", "Bonus points", "int"),
        RUN_ID,
    ),
)
SUPPLIES_TALENT = RelType(
    "SUPPLIES_TALENT",
    "Organization",
    "Organization",
    "人才输送",
    "Supplies talent",
    (
        Prop("year", "年份", "Year", "int", required=True),
        Prop("interns", "实习人数", "Interns", "int"),
        Prop("hires", "录用人数", "Hires", "int"),
        RUN_ID,
    ),
    identity=("year",),
)
AGREEMENT_OF = RelType("AGREEMENT_OF", "Agreement", "Chain", "所属链", "Agreement of", (RUN_ID,))
PARTY_TO = RelType(
    "PARTY_TO",
    "Organization",
    "Agreement",
    "协议方",
    "Party to",
    (
        Prop("role", "角色", "Role"),
        # The party's liaison (联络员): a name and a role only, never phone or ID numbers.
        Prop("liaison", "联络员", "Liaison"),
        Prop("liaison_role", "联络员职务", "Liaison's role"),
        RUN_ID,
    ),
)
RENEWS = RelType("RENEWS", "Agreement", "Agreement", "续签", "Renews", (RUN_ID,))
OFFERS = RelType(
    "OFFERS",
    "Organization",
    "Item",
    "资源清单",
    "Offers",
    (Prop("agreement", "协议编号", "Agreement"), Prop("note", "说明", "Note"), RUN_ID),
    identity=("agreement",),
)
NEEDS = RelType(
    "NEEDS",
    "Organization",
    "Item",
    "需求清单",
    "Needs",
    (Prop("agreement", "协议编号", "Agreement"), Prop("note", "说明", "Note"), RUN_ID),
    identity=("agreement",),
)
UNDER = RelType("UNDER", "Activity", "Agreement", "所属协议", "Under", (RUN_ID,))
AWARDED = RelType(
    "AWARDED",
    "Honour",
    "Organization",
    "获得荣誉",
    "Awarded to",
    (RUN_ID,),
    other_ends=("Chain", "Activity"),
)
# An activity entered for a selection's honour (a 四个十佳 entry); the winners are AWARDED.
ENTERED_FOR = RelType("ENTERED_FOR", "Activity", "Honour", "参评", "Entered for", (RUN_ID,))
COHORT_OF = RelType("COHORT_OF", "Cohort", "Organization", "培养高校", "Cohort of", (RUN_ID,))
PLACED_WITH = RelType(
    "PLACED_WITH",
    "Cohort",
    "Organization",
    "实习与定向",
    "Interned or placed with",
    (
        Prop("interns", "实习人数", "Interns", "int"),
        Prop("placed", "定向录用人数", "Placed", "int"),
        RUN_ID,
    ),
)
POOL_OF = RelType("POOL_OF", "TalentPool", "Chain", "所属链", "Pool of", (RUN_ID,))
REL_TYPES: tuple[RelType, ...] = (
    LED_BY,
    MEMBER_OF,
    PARTNERS_WITH,
    LOCATED_IN,
    HOSTED_BY,
    PART_OF,
    HELD_AT,
    ACTIVITY_OF,
    TOOK_PART_IN,
    SUPPLIES_TALENT,
    AGREEMENT_OF,
    PARTY_TO,
    RENEWS,
    OFFERS,
    NEEDS,
    UNDER,
    AWARDED,
    ENTERED_FOR,
    COHORT_OF,
    PLACED_WITH,
    POOL_OF,
)
REL_BY_TYPE = {r.type: r for r in REL_TYPES}


def props_of_type(prop_type: PropType) -> frozenset[str]:
    """Names of the properties of ``prop_type`` on any node or relationship of the model.

    A name means the same thing wherever it appears (``kind`` is text everywhere, ``date`` a
    date), so one name has one type.
    """
    owners: tuple[NodeType | RelType, ...] = (*NODE_TYPES, *REL_TYPES)
    return frozenset(p.name for owner in owners for p in owner.props if p.type == prop_type)


DATE_PROPS = props_of_type("date")
INT_PROPS = props_of_type("int")
BOOL_PROPS = props_of_type("bool")


def typed_value(name: str, var: str) -> str:
    """The Cypher that stores ``var.name`` with the model's type: dates go through ``date()``.

    ``date()`` takes ISO text on both engines (and a date on Neo4j), so a parameter sent as
    either becomes a DATE.
    """
    return f"date({var}.{name})" if name in DATE_PROPS else f"{var}.{name}"


# The one node that records which version of this model the graph was written with (see
# redchain.schema); it is not part of the network and exports and counts leave it out.
SCHEMA_LABEL = "RedchainSchema"

# Every label a node can carry: node types plus the domain labels an Organization adds.
ALL_LABELS: tuple[str, ...] = tuple(n.label for n in NODE_TYPES) + tuple(d.label for d in DOMAINS)


@dataclass(frozen=True)
class Kind:
    """A value of a ``kind`` property, with its Chinese and English names and typed variants."""

    key: str
    zh: str
    en: str
    synonyms: tuple[str, ...] = field(default=())


PARTNERSHIP_KINDS: tuple[Kind, ...] = (
    Kind("政企", "政企共建", "Government–enterprise", ("政企共建", "government-enterprise")),
    Kind("企企", "企企共建", "Enterprise–enterprise", ("企企共建", "enterprise-enterprise")),
    Kind("街企", "街企共建", "Subdistrict–enterprise", ("街企共建", "subdistrict-enterprise")),
    Kind("校企", "校企共建", "University–enterprise", ("校企共建", "university-enterprise")),
    Kind("政社", "政社共建", "Government–association", ("政社共建", "government-association")),
    Kind("其他", "其他共建", "Other", ("其它", "other")),
)
BASE_KINDS: tuple[Kind, ...] = (
    Kind("exhibition", "党建展厅基地", "Exhibition base", ("展厅基地", "展厅", "exhibition base")),
    Kind("co_building", "党建共建基地", "Co-building base", ("共建基地", "co-building base")),
    Kind("sub_base", "党建分基地", "Sub-base", ("分基地", "sub-base", "subbase")),
)
ACTIVITY_KINDS: tuple[Kind, ...] = (
    Kind("party_day", "主题党日", "Themed party day", ("主题党日活动", "party day")),
    Kind("lecture", "三新讲学", "Lecture", ("讲学", "讲座", "lecture")),
    Kind("volunteer", "志愿服务", "Volunteer project", ("党员志愿服务", "volunteer")),
    Kind("talent", "人才活动", "Talent event", ("就业", "招聘", "人才", "talent event")),
    Kind("co_building", "共建活动", "Co-building event", ("共建", "co-building")),
    Kind("training", "培训", "Training", ("就业培训", "training")),
    # The fourth category of the district's 四个十佳 selection (the other three are above).
    Kind("brand", "机关党建品牌", "Party-building brand", ("党建品牌", "brand")),
)
# The five stages of a co-building agreement, in order (契约化共建), and the date property of each.
AGREEMENT_STAGES: tuple[Kind, ...] = (
    Kind("谈约", "谈约", "Negotiating", ("negotiate", "negotiating", "negotiated")),
    Kind("签约", "签约", "Signed", ("sign", "signed")),
    Kind("亮约", "亮约", "Made public", ("publish", "published", "made public")),
    Kind("履约", "履约", "Carrying out", ("perform", "performing", "carrying out")),
    Kind("评约", "评约", "Evaluated", ("evaluate", "evaluated")),
)
STAGE_DATES: dict[str, str] = {
    "谈约": "negotiated_on",
    "签约": "signed_on",
    "亮约": "published_on",
    "履约": "performing_on",
    "评约": "evaluated_on",
}
PARTY_ROLES: tuple[Kind, ...] = (
    Kind("发起方", "发起方", "Initiator", ("甲方", "initiator", "lead")),
    Kind("共建方", "共建方", "Co-builder", ("乙方", "co-builder", "partner")),
)
# Kinds of resources and needs, so that the same thing listed in two words still matches.
ITEM_KINDS: tuple[Kind, ...] = (
    Kind("venue", "活动场地", "Venue", ("场地", "阵地", "venue")),
    Kind("lecturer", "讲师授课", "Lecturers", ("讲师", "授课", "宣讲", "lecturer", "lecturers")),
    Kind("volunteers", "志愿者", "Volunteers", ("志愿服务", "volunteer", "volunteers")),
    Kind(
        "financial_literacy",
        "金融知识宣传",
        "Financial literacy sessions",
        ("金融知识", "金融宣传", "反诈宣传", "financial literacy"),
    ),
    Kind("internships", "实习岗位", "Internships", ("实习", "internship", "internships")),
    Kind("jobs", "就业岗位", "Jobs", ("招聘", "就业", "岗位", "jobs")),
    Kind("financing", "融资服务", "Financing", ("融资", "信贷", "贷款", "financing", "credit")),
    Kind("policy", "政策解读", "Policy briefings", ("政策", "政策宣讲", "policy")),
    Kind("research", "课题研究", "Research", ("研究", "调研", "research")),
    Kind("digital", "数字化服务", "Digital services", ("数字化", "信息化", "数据", "digital")),
)
HONOUR_LEVELS: tuple[Kind, ...] = (
    Kind("国家级", "国家级", "National", ("国家", "national")),
    Kind("省级", "省级", "Provincial", ("省", "provincial")),
    Kind("市级", "市级", "City", ("市", "city")),
    Kind("区级", "区级", "District", ("区", "district")),
)
TALENT_PROGRAMME = "明珠金融优才计划"

DEFAULT_CHAIN = "金桥红链"
DEFAULT_CHAIN_EN = "Golden Bridge Red Chain"
