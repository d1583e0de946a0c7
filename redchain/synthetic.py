"""Synthetic 金桥红链 networks of any size, written as import files, for benchmarks and tests.

``generate(n_orgs, seed, out_dir)`` writes one CSV per import kind (UTF-8 with a BOM, as Excel
saves it, with the English column names of ``redchain.importing.kinds``). The network follows the
shape of the real chain: the Nansha Development Zone Finance Bureau as chain master, the nine real
subdistricts and towns, a few university finance schools, associations, and financial institutions
making up the rest; every organisation sits in a subdistrict and has partnerships of the four main
kinds (政企, 企企, 街企, 校企). Some partnerships are run as co-building agreements (with their
stages, parties and liaisons, resources and needs, renewals), and the universities' talent links
come as cohorts of the talent programme with their placements.

The output depends only on the arguments: the same arguments give the same bytes, and the
activity options change only the activities and participation files. Rows are written as they
are made; what stays in memory is one compact buffer of credit codes (18 bytes an organisation),
a set of them while they are drawn, so that no code repeats, and the partnerships that become
agreements (one in four). Names need no memory to stay unique: each is decoded from the
organisation's index through a permutation of a space of name parts (see ``NameSpace``).
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import itertools
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, TextIO, TypeVar

from redchain import uscc
from redchain.importing.kinds import (
    ACTIVITIES,
    AGREEMENT_PARTIES,
    AGREEMENTS,
    BASES,
    CHAINS,
    COHORTS,
    PARTICIPATION,
    PARTNERS,
    PARTNERSHIPS,
    PLACEMENTS,
    RESOURCES,
    TALENT,
    TALENT_POOLS,
    ImportKind,
)
from redchain.model import (
    DEFAULT_CHAIN,
    DEFAULT_CHAIN_EN,
    DOMAIN_BY_KEY,
    ITEM_KINDS,
    TALENT_PROGRAMME,
)

T = TypeVar("T")

#: Called with a file name and the rows written to it so far (every few thousand rows, and once
#: when the file is complete).
Progress = Callable[[str, int], None]

MIN_ORGS = 30
DEFAULT_PARTNERSHIPS_PER_ORG = 3
PROGRESS_EVERY = 10_000
# Nansha district's administrative division code (GB/T 2260), the region part of every code.
NANSHA_REGION = "440115"

MASTER = ("南沙开发区金融局", "Nansha Development Zone Finance Bureau")
CHAIN_FOUNDED = "2021-07-01"
# The nine subdistricts and towns of Nansha, with a share of organisations located in each: the
# financial cluster (明珠湾) lies in 南沙街道.
SUBDISTRICTS: tuple[tuple[str, str, float], ...] = (
    ("南沙街道", "Nansha Subdistrict", 0.34),
    ("珠江街道", "Zhujiang Subdistrict", 0.10),
    ("龙穴街道", "Longxue Subdistrict", 0.09),
    ("万顷沙镇", "Wanqingsha Town", 0.08),
    ("横沥镇", "Hengli Town", 0.11),
    ("黄阁镇", "Huangge Town", 0.10),
    ("东涌镇", "Dongchong Town", 0.07),
    ("大岗镇", "Dagang Town", 0.06),
    ("榄核镇", "Lanhe Town", 0.05),
)
MAIN_BASES: tuple[tuple[str, str, str], ...] = (
    ("南沙金桥党建共建展厅基地", "党建展厅基地", "南沙金控大厦"),
    ("“金桥红链”党建展厅基地", "党建展厅基地", "明珠金融聚集区"),
    ("“金桥红链”党建共建基地", "党建共建基地", "粤港澳资管中心"),
)
# The five named in the article first, then others with finance schools, taken as the network grows.
UNIVERSITIES: tuple[str, ...] = (
    "中山大学岭南学院",
    "华南理工大学经济与金融学院",
    "广东财经大学金融学院",
    "广东金融学院",
    "广州大学经济与统计学院",
    "暨南大学经济学院",
    "华南师范大学经济与管理学院",
    "华南农业大学经济管理学院",
    "广东外语外贸大学金融学院",
    "广东工业大学经济学院",
    "香港科技大学（广州）金融科技学域",
    "深圳大学经济学院",
    "南方科技大学商学院",
    "汕头大学商学院",
    "广州商学院金融学院",
    "广州华商学院金融学院",
)
YEARS = range(2019, 2026)

# Name parts. Places and roads of Nansha, banks and other brands; combined by ``NameSpace``.
PLACES = (
    "南沙", "蕉门", "金洲", "黄阁", "明珠湾", "灵山岛", "横沥", "万顷沙", "庆盛", "南沙湾",
    "龙穴", "东涌", "大岗", "榄核", "珠江", "滨海", "海滨", "进港", "环市", "凤凰",
    "丰泽", "金岭", "港前", "双山", "市南", "蕉西", "海景", "望江", "南横", "新垦",
    "鱼窝头", "潭洲", "鸡抱沙", "大角山", "天后", "塘坑", "金隆", "红莲", "坦尾", "沙螺湾",
)  # fmt: skip
ROAD_TYPES = ("路", "大道", "街", "中路", "北路", "南路", "东路", "西路")
BANKS = (
    "中国工商银行", "中国农业银行", "中国银行", "中国建设银行", "交通银行", "中国邮政储蓄银行",
    "招商银行", "中信银行", "中国光大银行", "华夏银行", "中国民生银行", "广发银行",
    "平安银行", "兴业银行", "上海浦东发展银行", "浙商银行", "渤海银行", "恒丰银行",
    "广州银行", "广州农村商业银行", "东莞银行", "华兴银行", "南粤银行", "珠海华润银行",
    "汇丰银行（中国）", "渣打银行（中国）", "东亚银行（中国）", "星展银行（中国）",
    "大华银行（中国）", "南洋商业银行（中国）",
)  # fmt: skip
SECURITIES = (
    "中信证券", "国泰君安证券", "华泰证券", "广发证券", "招商证券", "海通证券", "中金财富证券",
    "申万宏源证券", "东方证券", "兴业证券", "万联证券", "中山证券", "平安证券", "东莞证券",
    "光大证券", "中国银河证券",
)  # fmt: skip
INSURERS = (
    "中国人寿保险", "中国平安人寿保险", "中国太平洋人寿保险", "中国人民财产保险", "泰康人寿保险",
    "新华人寿保险", "太平人寿保险", "友邦人寿保险", "阳光人寿保险", "大家人寿保险",
    "中国平安财产保险", "中华联合财产保险",
)  # fmt: skip
STEM_FIRST = "金汇鼎华恒盛隆泰瑞鑫融粤湾海港明珠南嘉弘信博远星宏中安永兴裕"
STEM_SECOND = "桥链通源达投合丰富润利成德晟辉创誉景禾程航盈悦峰川宸尚和启航"
STEMS = tuple(a + b for a in STEM_FIRST for b in dict.fromkeys(STEM_SECOND))
FINANCE_TRADES = (
    "融资租赁", "商业保理", "私募基金管理", "资产管理", "投资管理", "股权投资", "融资担保",
    "小额贷款", "供应链金融服务", "金融科技", "财富管理", "保险代理", "保险经纪", "金融信息服务",
    "期货",
)  # fmt: skip
DEPARTMENTS = (
    "发展和改革局", "财政局", "商务局", "科技局", "工业和信息化局", "人力资源和社会保障局",
    "市场监督管理局", "政务服务数据管理局", "规划和自然资源局", "住房和城乡建设局",
    "交通运输局", "教育局", "卫生健康局", "民政局", "司法局", "审计局", "统计局",
    "文化广电旅游体育局", "农业农村局", "水务局", "应急管理局", "税务局", "港务局",
    "投资促进局", "人才工作局", "退役军人事务局", "医疗保障局", "城市管理和综合执法局",
    "港澳事务局", "机关事务管理局",
)  # fmt: skip
TOWN_OFFICES = (
    "党政综合办公室", "经济发展办公室", "公共服务办公室", "社区治理办公室", "党建工作办公室",
    "规划建设办公室", "平安建设办公室", "农业农村办公室", "财政所", "社会事务服务中心",
    "党群服务中心", "退役军人服务站", "综合保障中心", "政务服务中心", "人大工作室",
)  # fmt: skip
TRADES = (
    "金融", "银行业", "证券期货业", "保险业", "融资租赁", "商业保理", "私募基金", "金融科技",
    "跨境金融", "航运金融", "绿色金融", "资产管理", "企业家", "青年企业家", "女企业家",
    "港澳青年", "总部经济", "数字经济", "供应链", "跨境电商", "物流", "航运", "人工智能",
    "生物医药", "新能源汽车", "文化旅游", "餐饮", "建筑业", "房地产", "律师", "会计",
    "税务师", "人力资源服务", "中小企业", "民营企业", "外商投资企业", "科技创新", "知识产权",
    "品牌", "质量",
)  # fmt: skip
HOMETOWNS = (
    "潮汕", "客家", "湖南", "湖北", "江西", "福建", "浙江", "江苏", "四川", "广西", "河南",
    "山东", "香港", "澳门", "台湾", "东北", "安徽", "重庆", "云南", "贵州",
)  # fmt: skip
ASSOCIATION_PREFIXES = ("南沙区", "广州南沙", "南沙新区", "南沙自贸区")
ASSOCIATION_KINDS = ("协会", "商会", "促进会", "联合会", "学会", "研究会")
SITES = (
    "明珠金融聚集区", "南沙金控大厦", "粤港澳资管中心", "南沙国际金融岛", "灵山岛尖",
    "蕉门河中心区", "庆盛枢纽", "南沙湾", "横沥岛尖", "南沙自贸区服务中心",
)  # fmt: skip
TOPICS = (
    "金融服务实体经济", "防范化解金融风险", "反诈宣传", "乡村振兴", "绿色金融", "跨境金融",
    "党史学习", "廉洁文化", "金融知识进社区", "金融知识进校园", "明珠金融优才计划",
    "产融对接", "金融助企纾困", "湾区金融合作",
)  # fmt: skip
# Activity formats and the activity kind each one is (zh names of ``model.ACTIVITY_KINDS``).
FORMATS = (
    ("主题党日", "主题党日"),
    ("专题讲座", "三新讲学"),
    ("宣讲会", "三新讲学"),
    ("志愿服务", "志愿服务"),
    ("招聘会", "人才活动"),
    ("培训班", "培训"),
    ("座谈会", "共建活动"),
    ("交流会", "共建活动"),
    ("观摩活动", "共建活动"),
)
TALENT_TITLE = "党建引领促就业、金桥红链聚人才"
DEFAULT_ACTIVITY_SIZE = (3, 8)
# One partnership in AGREEMENT_EVERY is run as an agreement between its two units.
AGREEMENT_EVERY = 4
# The stage an agreement has reached, with its share (谈约 .. 评约, model.AGREEMENT_STAGES).
STAGE_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("谈约", 0.05),
    ("签约", 0.05),
    ("亮约", 0.05),
    ("履约", 0.5),
    ("评约", 0.35),
)
LIAISON_SURNAMES = "陈李张王刘黄林吴周何郑梁谢罗许邓冯曾彭萧蔡潘杨赵"
LIAISON_GIVEN = (
    "志明", "海燕", "文杰", "丽华", "建国", "晓东", "秀英", "国强", "婉婷", "子豪", "嘉欣",
    "伟强", "慧敏", "俊杰", "淑芬", "家豪", "敏仪", "永康", "雪梅", "浩然",
)  # fmt: skip
LIAISON_ROLES = ("党支部书记", "党建专员", "办公室主任", "组织委员", "党群工作部部长")
ITEMS_ZH = tuple(k.zh for k in ITEM_KINDS)
# The chain's talent pool at the end of each year (万名人才库), growing towards ten thousand.
TALENT_POOL_START, TALENT_POOL_GROWTH = 4000, 1100

DATE_FROM = dt.date(2019, 1, 1).toordinal()
DATE_TO = dt.date(2025, 12, 31).toordinal()
CHAIN_FROM = dt.date.fromisoformat(CHAIN_FOUNDED).toordinal()
MAIN_BASES_BY = dt.date(2022, 12, 31).toordinal()


class NameSpace:
    """Distinct names from parts: index ``i`` decodes to one name, and no two indexes share one.

    The finite part is a union of templates, each a product of part lists; an affine permutation
    of it (seeded) spreads consecutive indexes over all templates. Past its size, ``overflow``
    makes numbered names (a fund's 第N号, an association's 第N分会), unique by their number.
    """

    def __init__(
        self,
        templates: Sequence[Sequence[Sequence[str]]],
        overflow: Callable[[int, NameSpace], str],
        rng: random.Random,
    ) -> None:
        self.templates = [[tuple(part) for part in t] for t in templates]
        self.sizes = [math.prod(len(p) for p in t) for t in self.templates]
        self.size = sum(self.sizes)
        self.overflow = overflow
        self.step = _coprime_step(self.size, rng)
        self.shift = rng.randrange(self.size)

    def __getitem__(self, index: int) -> str:
        if index >= self.size:
            return self.overflow(index - self.size, self)
        return self.finite((index * self.step + self.shift) % self.size)

    def finite(self, rank: int) -> str:
        """The name at ``rank`` in template order (no permutation), ``0 <= rank < size``."""
        for template, size in zip(self.templates, self.sizes, strict=True):
            if rank < size:
                chosen = []
                for part in reversed(template):
                    rank, digit = divmod(rank, len(part))
                    chosen.append(part[digit])
                return "".join(reversed(chosen))
            rank -= size
        raise IndexError(rank)


def _coprime_step(size: int, rng: random.Random) -> int:
    if size < 3:
        return 1
    while True:
        step = rng.randrange(size // 3, size)
        if math.gcd(step, size) == 1:
            return step


def _government_names(rng: random.Random) -> NameSpace:
    prefixes = ("南沙区", "广州南沙开发区", "南沙新区")
    towns = [s[0] for s in SUBDISTRICTS]

    def grid_station(number: int, _: NameSpace) -> str:
        # Five-level linkage reaches down to the grid (网格): one station per grid, numbered.
        return f"{towns[number % len(towns)]}第{number // len(towns) + 1}网格工作站"

    return NameSpace([(prefixes, DEPARTMENTS), (towns, TOWN_OFFICES)], grid_station, rng)


def _association_names(rng: random.Random) -> NameSpace:
    def branch(number: int, names: NameSpace) -> str:
        return f"{names.finite(number % names.size)}第{number // names.size + 1}分会"

    return NameSpace(
        [
            (ASSOCIATION_PREFIXES, TRADES, ASSOCIATION_KINDS),
            (ASSOCIATION_PREFIXES, HOMETOWNS, ("商会",)),
        ],
        branch,
        rng,
    )


def _financial_names(rng: random.Random) -> NameSpace:
    def fund(number: int, _: NameSpace) -> str:
        stem = STEMS[number % len(STEMS)]
        return f"广州南沙{stem}{number // len(STEMS) + 1}号股权投资合伙企业（有限合伙）"

    return NameSpace(
        [
            (BANKS, ("广州",), PLACES, ("支行", "社区支行", "营业部", "分理处")),
            (BANKS, ("广州南沙",), PLACES, ROAD_TYPES, ("支行", "分理处")),
            (SECURITIES, ("广州南沙",), PLACES, ROAD_TYPES, ("证券营业部",)),
            (INSURERS, ("广州南沙",), PLACES, ("营销服务部",)),
            (("广州南沙", "广东南沙"), STEMS, FINANCE_TRADES, ("有限公司", "股份有限公司")),
        ],
        fund,
        rng,
    )


DOMAIN_ORDER = ("subdistrict", "government", "university", "association", "financial")


@dataclass(frozen=True)
class Layout:
    """How many organisations of each domain, and where each domain's block of indexes starts.

    Indexes run subdistricts, government (the chain master first), universities, associations,
    financial institutions; partners.csv lists them in that order, so that the subdistricts other
    rows name come first.
    """

    n_orgs: int
    subdistrict: int
    government: int
    university: int
    association: int
    financial: int

    @classmethod
    def for_size(cls, n_orgs: int) -> Layout:
        subdistrict = len(SUBDISTRICTS)
        government = max(1, round(n_orgs * 0.02))
        # About five, growing slowly with the network (10k: 7, 100k: 10, 1M: 12).
        university = min(
            len(UNIVERSITIES), 5 + max(0, round(2.5 * math.log10(max(n_orgs, 1000) / 1000)))
        )
        association = max(1, round(n_orgs * 0.08))
        financial = n_orgs - subdistrict - government - university - association
        return cls(n_orgs, subdistrict, government, university, association, financial)

    @cached_property
    def starts(self) -> dict[str, int]:
        result, at = {}, 0
        for key in DOMAIN_ORDER:
            result[key] = at
            at += getattr(self, key)
        return result

    @cached_property
    def _ends(self) -> list[int]:
        return [self.starts[key] + getattr(self, key) for key in DOMAIN_ORDER]

    @property
    def non_financial(self) -> int:
        return self.n_orgs - self.financial

    def domain_of(self, index: int) -> str:
        return DOMAIN_ORDER[bisect.bisect_right(self._ends, index)]

    def counts(self) -> dict[str, int]:
        return {key: getattr(self, key) for key in DOMAIN_ORDER}


class Organizations:
    """Names, domains and (once drawn) credit codes of the synthetic organisations, by index."""

    def __init__(self, layout: Layout, seed: int) -> None:
        self.layout = layout
        self.starts = layout.starts
        self._codes = bytearray(uscc.LENGTH * layout.n_orgs)
        self._government = _government_names(_rng(seed, "names-government"))
        self._association = _association_names(_rng(seed, "names-association"))
        self._financial = _financial_names(_rng(seed, "names-financial"))
        self._host_shift = _rng(seed, "sub-base-hosts").randrange(1 << 30)

    def name(self, index: int) -> str:
        domain = self.layout.domain_of(index)
        offset = index - self.starts[domain]
        if domain == "subdistrict":
            return SUBDISTRICTS[offset][0]
        if domain == "university":
            return UNIVERSITIES[offset]
        if domain == "government":
            # The master is the government block's first entry; the others are drawn from the
            # name space, which never makes the master's name (no 金融局 among its departments).
            return MASTER[0] if offset == 0 else self._government[offset - 1]
        if domain == "association":
            return self._association[offset]
        return self._financial[offset]

    def name_en(self, index: int) -> str:
        if index < self.layout.subdistrict:
            return SUBDISTRICTS[index][1]
        if index == self.starts["government"]:
            return MASTER[1]
        return ""

    def draw_codes(self, rng: random.Random) -> None:
        """Draw every organisation's credit code, with the authority its domain typically has."""
        seen: set[bytes] = set()
        for index in range(self.layout.n_orgs):
            authority = DOMAIN_BY_KEY[self.layout.domain_of(index)].typical_authority
            while True:
                code = uscc.make(authority, NANSHA_REGION, rng).encode("ascii")
                if code not in seen:
                    break
            seen.add(code)
            self._codes[index * uscc.LENGTH : (index + 1) * uscc.LENGTH] = code

    def code(self, index: int) -> str:
        return self._codes[index * uscc.LENGTH : (index + 1) * uscc.LENGTH].decode("ascii")

    @property
    def n_sub_bases(self) -> int:
        """About one sub-base per ten organisations, each hosted by a financial institution."""
        return min(max(1, self.layout.n_orgs // 10), self.layout.financial)

    def sub_base_host(self, k: int) -> int:
        # One host in each stretch of ``stride`` institutions, so hosts never repeat; where in
        # the stretch is a fixed function of k, so activities can name a sub-base by k alone.
        stride = self.layout.financial // self.n_sub_bases
        return self.starts["financial"] + k * stride + (k * 7919 + self._host_shift) % stride

    def sub_base_name(self, k: int) -> str:
        return f"南沙金桥党建分基地（{self.name(self.sub_base_host(k))}）"


def _rng(seed: int, purpose: str) -> random.Random:
    # One generator per file, seeded from text (hashed with SHA-512 by random, the same on every
    # platform and Python run), so each file's rows do not depend on another file's draws.
    return random.Random(f"redchain-synthetic:{seed}:{purpose}")


# random's choice() and randint() cost about a microsecond each; these do the same job in a
# third of the time, which matters at millions of rows.
def _pick(rng: random.Random, items: Sequence[T]) -> T:
    return items[int(rng.random() * len(items))]


def _between(rng: random.Random, low: int, high: int) -> int:
    return low + int(rng.random() * (high - low + 1))


def _date(rng: random.Random, start: int = DATE_FROM, end: int = DATE_TO) -> str:
    return dt.date.fromordinal(_between(rng, start, end)).isoformat()


def partnership_kind(domain_a: str, domain_b: str) -> str:
    """The kind of a partnership between two domains (政企, 企企, 街企, 校企, 政社, 其他)."""
    pair = {domain_a, domain_b}
    if "financial" in pair:
        other = (pair - {"financial"}) or {"financial"}
        return {
            "government": "政企",
            "subdistrict": "街企",
            "university": "校企",
            "association": "企企",
            "financial": "企企",
        }[other.pop()]
    if pair == {"government", "association"}:
        return "政社"
    if "subdistrict" in pair:
        return "街企"
    if "university" in pair:
        return "校企"
    if "government" in pair:
        return "政企"
    return "其他"


class _CsvFile:
    """One output file: a CSV writer that counts its rows and reports progress."""

    def __init__(
        self, out_dir: Path, kind: ImportKind, columns: Sequence[str], progress: Progress | None
    ) -> None:
        unknown = set(columns) - {f.name for f in kind.fields}
        if unknown:  # a programming error: the kinds module is the source of column names
            raise ValueError(f"{kind.name} has no column {sorted(unknown)}")
        self.name = f"{kind.name}.csv"
        self.path = out_dir / self.name
        self.progress = progress
        self.rows = 0
        self._handle: TextIO = self.path.open("w", encoding="utf-8-sig", newline="")
        self._writer = csv.writer(self._handle)
        self._writer.writerow(columns)

    def write(self, row: Sequence[Any]) -> None:
        self._writer.writerow(row)
        self.rows += 1
        if self.progress and self.rows % PROGRESS_EVERY == 0:
            self.progress(self.name, self.rows)

    def close(self) -> None:
        self._handle.close()
        if self.progress:
            self.progress(self.name, self.rows)


def generate(
    n_orgs: int,
    seed: int,
    out_dir: str | Path,
    progress: Progress | None = None,
    *,
    partnerships_per_org: int = DEFAULT_PARTNERSHIPS_PER_ORG,
    activity_size: tuple[int, int] = DEFAULT_ACTIVITY_SIZE,
    typed_points: bool = True,
) -> dict[str, Any]:
    """Write the import files of a synthetic network of ``n_orgs`` organisations to ``out_dir``.

    ``activity_size`` is the range of how many units take part in each activity (about one
    activity per five organisations: ``(40, 60)`` gives a million participations at 100,000
    organisations); with ``typed_points`` false the participation file leaves 积分 and 加分
    empty, so that the points rules score every row.

    Returns what was written: ``{"out_dir", "seed", "orgs", "partnerships_per_org", "domains":
    {domain: count}, "files": {file name: data rows}, "rows": total}``.
    """
    if n_orgs < MIN_ORGS:
        raise ValueError(
            f"a synthetic network needs at least {MIN_ORGS} organisations (the nine "
            f"subdistricts, the chain master, universities and others); got {n_orgs}"
        )
    layout = Layout.for_size(n_orgs)
    most = (min(layout.financial, layout.non_financial) - 1) // 2
    if not 1 <= partnerships_per_org <= most:
        raise ValueError(
            f"partnerships per organisation must be between 1 and {most} for {n_orgs} "
            f"organisations (no pair repeats); got {partnerships_per_org}"
        )
    low, high = activity_size
    if not 1 <= low <= high <= n_orgs:
        raise ValueError(
            f"activity sizes must be between 1 and {n_orgs} units, the smaller first; "
            f"got {low}-{high}"
        )
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    orgs = Organizations(layout, seed)
    orgs.draw_codes(_rng(seed, "codes"))

    pairs: list[Pair] = []
    files = [
        _write_partners(out, orgs, _rng(seed, "partners"), progress),
        _write_chains(out, progress),
        _write_partnerships(
            out, orgs, _rng(seed, "partnerships"), partnerships_per_org, progress, pairs
        ),
        *_write_agreements(out, orgs, _rng(seed, "agreements"), pairs, progress),
        _write_bases(out, orgs, _rng(seed, "bases"), progress),
        *_write_activities(
            out, orgs, _rng(seed, "activities"), progress, activity_size, typed_points
        ),
        *_write_talent(out, orgs, _rng(seed, "talent"), _rng(seed, "cohorts"), progress),
        _write_talent_pool(out, progress),
    ]
    counts = {f.name: f.rows for f in files}
    return {
        "out_dir": str(out),
        "seed": seed,
        "orgs": n_orgs,
        "partnerships_per_org": partnerships_per_org,
        "domains": layout.counts(),
        "files": counts,
        "rows": sum(counts.values()),
    }


def _write_partners(
    out: Path, orgs: Organizations, rng: random.Random, progress: Progress | None
) -> _CsvFile:
    columns = ["uscc", "name", "domain", "subdistrict", "joined_on", "name_en", "address"]
    towns = [s[0] for s in SUBDISTRICTS]
    town_cum_weights = list(itertools.accumulate(s[2] for s in SUBDISTRICTS))
    domains_zh = {key: DOMAIN_BY_KEY[key].zh for key in orgs.starts}
    file = _CsvFile(out, PARTNERS, columns, progress)
    try:
        for index in range(orgs.layout.n_orgs):
            domain = orgs.layout.domain_of(index)
            # A subdistrict is not located in another one; every other unit is in one of them.
            town = (
                ""
                if domain == "subdistrict"
                else towns[
                    bisect.bisect_right(town_cum_weights, rng.random() * town_cum_weights[-1])
                ]
            )
            road = _pick(rng, PLACES) + _pick(rng, ROAD_TYPES)
            address = f"广州市南沙区{road}{_between(rng, 1, 999)}号"
            file.write(
                (
                    orgs.code(index),
                    orgs.name(index),
                    domains_zh[domain],
                    town,
                    _date(rng, CHAIN_FROM),
                    orgs.name_en(index),
                    address,
                )
            )
    finally:
        file.close()
    return file


def _write_chains(out: Path, progress: Progress | None) -> _CsvFile:
    file = _CsvFile(out, CHAINS, ["chain", "name_en", "master", "founded_on"], progress)
    try:
        file.write((DEFAULT_CHAIN, DEFAULT_CHAIN_EN, MASTER[0], CHAIN_FOUNDED))
    finally:
        file.close()
    return file


# What a financial institution's partnerships are with: mostly other enterprises, then the
# government, the subdistricts and the universities.
FINANCIAL_PARTNER_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("financial", 0.55),
    ("government", 0.2),
    ("subdistrict", 0.15),
    ("university", 0.1),
)


@dataclass(frozen=True)
class Pair:
    """A partnership that is run as an agreement: its units (甲方 first), kind and dates."""

    first: int
    second: int
    kind: str
    since: int
    until: int | None


def _write_partnerships(
    out: Path,
    orgs: Organizations,
    rng: random.Random,
    per_org: int,
    progress: Progress | None,
    pairs: list[Pair] | None = None,
) -> _CsvFile:
    """``per_org`` partnerships made by each organisation, no self-links, no pair twice.

    Pairs inside one block of indexes (financial with financial, non-financial among themselves)
    link ``i`` to ``i + d`` (mod the block size) with ``1 <= d <= (size - 1) // 2``: a pair
    {a, b} is reachable from only one of its ends that way, so no pair repeats without a set of
    pairs in memory. A financial institution's links to the other domains are made only from
    its own side and kept distinct per institution. Every ``AGREEMENT_EVERY``-th partnership
    written is added to ``pairs``, the partnerships that agreements are made for (by position,
    so that the file's draws are the same with or without them).
    """
    layout, starts = orgs.layout, orgs.starts
    columns = ["from", "to", "kind", "since", "until"]
    targets = [key for key, _ in FINANCIAL_PARTNER_WEIGHTS]
    cum_weights = list(itertools.accumulate(weight for _, weight in FINANCIAL_PARTNER_WEIGHTS))
    kinds = {(a, b): partnership_kind(a, b) for a in DOMAIN_ORDER for b in DOMAIN_ORDER}
    file = _CsvFile(out, PARTNERSHIPS, columns, progress)

    def write(a: int, b: int, domain_a: str, domain_b: str) -> None:
        # The government, subdistrict or university side is 甲方 (from) of a mixed pair.
        if domain_a == "financial" and domain_b != "financial":
            a, b = b, a
        since = _between(rng, DATE_FROM, DATE_TO)
        # About one in ten has ended, one to three years after it began.
        until = (
            dt.date.fromordinal(since + _between(rng, 365, 1095)).isoformat()
            if rng.random() < 0.1
            else ""
        )
        since_text = dt.date.fromordinal(since).isoformat()
        kind = kinds[domain_a, domain_b]
        if pairs is not None and file.rows % AGREEMENT_EVERY == 0:
            ended = dt.date.fromisoformat(until).toordinal() if until else None
            pairs.append(Pair(a, b, kind, since, ended))
        file.write((orgs.code(a), orgs.code(b), kind, since_text, until))

    def within_block(start: int, size: int, offset: int) -> list[int]:
        most = (size - 1) // 2
        steps: list[int] = []
        while len(steps) < per_org:
            step = 1 + int(rng.random() * most)
            if step not in steps:
                steps.append(step)
        return [start + (offset + step) % size for step in steps]

    try:
        for index in range(layout.non_financial):
            for other in within_block(0, layout.non_financial, index):
                write(index, other, layout.domain_of(index), layout.domain_of(other))
        fin_start, fin_size = starts["financial"], layout.financial
        for offset in range(fin_size):
            index = fin_start + offset
            # Drawn for every partnership; those not used for enterprises stand by in case a
            # small domain (one government body, say) has no other partner left to give.
            spare = within_block(fin_start, fin_size, offset)
            partners: list[int] = []
            domains: list[str] = []
            for _ in range(per_org):
                domain = targets[bisect.bisect_right(cum_weights, rng.random() * cum_weights[-1])]
                chosen = None
                if domain != "financial":
                    block = (starts[domain], getattr(layout, domain))
                    chosen = _distinct_in_block(rng, *block, partners)
                if chosen is None:
                    chosen, domain = spare.pop(), "financial"
                partners.append(chosen)
                domains.append(domain)
            for other, domain in zip(partners, domains, strict=True):
                write(index, other, "financial", domain)
    finally:
        file.close()
    return file


def _distinct_in_block(
    rng: random.Random, start: int, size: int, taken: Sequence[int]
) -> int | None:
    for _ in range(8):
        candidate = start + int(rng.random() * size)
        if candidate not in taken:
            return candidate
    return None


def _write_bases(
    out: Path, orgs: Organizations, rng: random.Random, progress: Progress | None
) -> _CsvFile:
    columns = ["name", "kind", "host", "site", "opened_on"]
    master = orgs.code(orgs.starts["government"])
    file = _CsvFile(out, BASES, columns, progress)
    try:
        for name, kind, site in MAIN_BASES:
            file.write((name, kind, master, site, _date(rng, CHAIN_FROM, MAIN_BASES_BY)))
        for k in range(orgs.n_sub_bases):
            host = orgs.sub_base_host(k)
            file.write(
                (
                    orgs.sub_base_name(k),
                    "党建分基地",
                    orgs.code(host),
                    _pick(rng, SITES),
                    _date(rng, CHAIN_FROM),
                )
            )
    finally:
        file.close()
    return file


def _write_activities(
    out: Path,
    orgs: Organizations,
    rng: random.Random,
    progress: Progress | None,
    size: tuple[int, int] = DEFAULT_ACTIVITY_SIZE,
    typed_points: bool = True,
) -> tuple[_CsvFile, _CsvFile]:
    """Activities (about one per five organisations) and who took part, written side by side."""
    n_orgs = orgs.layout.n_orgs
    main_bases = [b[0] for b in MAIN_BASES]
    activities = _CsvFile(
        out, ACTIVITIES, ["code", "title", "kind", "date", "base", "key_project"], progress
    )
    participation = _CsvFile(out, PARTICIPATION, ["activity", "org", "points", "bonus"], progress)
    try:
        for k in range(max(1, n_orgs // 5)):
            date = _date(rng)
            code = f"A{date[:4]}-{k + 1:06d}"
            topic = _pick(rng, TOPICS)
            form, kind = _pick(rng, FORMATS)
            title = TALENT_TITLE if kind == "人才活动" else f"金桥红链·{topic}{form}"
            # Most activities happen at a base: the main ones often, the sub-bases otherwise.
            where = rng.random()
            if where < 0.35:
                base = _pick(rng, main_bases)
            elif where < 0.7:
                base = orgs.sub_base_name(int(rng.random() * orgs.n_sub_bases))
            else:
                base = ""
            key_project = rng.random() < 0.1
            activities.write((code, title, kind, date, base, "是" if key_project else "否"))
            for org in rng.sample(range(n_orgs), _between(rng, *size)):
                bonus = _pick(rng, (5, 10)) if key_project else ""
                points = _pick(rng, (5, 10, 15, 20))
                if typed_points:
                    participation.write((code, orgs.code(org), points, bonus))
                else:
                    participation.write((code, orgs.code(org), "", ""))
    finally:
        activities.close()
        participation.close()
    return activities, participation


def _write_talent(
    out: Path,
    orgs: Organizations,
    rng: random.Random,
    cohort_rng: random.Random,
    progress: Progress | None,
) -> tuple[_CsvFile, _CsvFile, _CsvFile]:
    """Each university supplies interns and hires to some financial institutions every year.

    The same links are written again as the university's cohort of that year (明珠金融优才计划,
    with how many were trained) and the cohort's placements (interns, and hires as placed).
    """
    layout = orgs.layout
    columns = ["university", "institution", "year", "interns", "hires"]
    per_year = max(
        1, min(layout.financial, round(layout.n_orgs / (10 * len(YEARS) * layout.university)))
    )
    file = _CsvFile(out, TALENT, columns, progress)
    cohorts = _CsvFile(
        out, COHORTS, ["code", "university", "year", "programme", "trained"], progress
    )
    placements = _CsvFile(out, PLACEMENTS, ["cohort", "institution", "interns", "placed"], progress)
    try:
        for year in YEARS:
            for u in range(layout.university):
                university = orgs.code(orgs.starts["university"] + u)
                links = []
                for f in rng.sample(range(layout.financial), per_year):
                    interns = _between(rng, 1, 30)
                    hires = _between(rng, 0, interns // 2)
                    links.append((orgs.code(orgs.starts["financial"] + f), interns, hires))
                    file.write((university, links[-1][0], year, interns, hires))
                code = f"YC{year}-{u + 1:02d}"
                trained = sum(link[1] for link in links) + _between(cohort_rng, 5, 40)
                cohorts.write((code, university, year, TALENT_PROGRAMME, trained))
                for institution, interns, hires in links:
                    placements.write((code, institution, interns, hires))
    finally:
        file.close()
        cohorts.close()
        placements.close()
    return file, cohorts, placements


def _write_talent_pool(out: Path, progress: Progress | None) -> _CsvFile:
    file = _CsvFile(out, TALENT_POOLS, ["chain", "year", "size"], progress)
    try:
        for k, year in enumerate(YEARS):
            file.write((DEFAULT_CHAIN, year, TALENT_POOL_START + k * TALENT_POOL_GROWTH))
    finally:
        file.close()
    return file


def _stage_dates(rng: random.Random, pair: Pair, stage: str) -> tuple[list[str], str]:
    """The stage dates (谈约 .. 评约, empty past ``stage``) and the end date of an agreement."""
    signed = pair.since
    ends = pair.until if pair.until is not None else signed + _between(rng, 730, 1095)
    days = [signed - _between(rng, 10, 60), signed]
    days.append(signed + _between(rng, 5, 30))
    days.append(days[-1] + _between(rng, 5, 30))
    days.append(max(days[-1] + 1, min(ends, days[-1] + 365) + _between(rng, 5, 30)))
    reached = [s for s, _ in STAGE_WEIGHTS].index(stage) + 1
    texts = [dt.date.fromordinal(d).isoformat() if i < reached else "" for i, d in enumerate(days)]
    end_text = dt.date.fromordinal(ends).isoformat() if reached >= 2 else ""
    return texts, end_text


def _write_agreements(
    out: Path,
    orgs: Organizations,
    rng: random.Random,
    pairs: Sequence[Pair],
    progress: Progress | None,
) -> tuple[_CsvFile, _CsvFile, _CsvFile]:
    """An agreement for each of ``pairs`` (their partnerships, so none adds a pair), its two
    parties with their liaisons (about one in twenty without), what each offers and needs, and
    a renewal for about a third of the evaluated agreements whose term ended."""
    columns = [
        "number",
        "title",
        "kind",
        "negotiated_on",
        "signed_on",
        "published_on",
        "performing_on",
        "evaluated_on",
        "ends_on",
        "renews",
        "score",
    ]
    agreements = _CsvFile(out, AGREEMENTS, columns, progress)
    parties = _CsvFile(
        out, AGREEMENT_PARTIES, ["agreement", "org", "role", "liaison", "liaison_role"], progress
    )
    resources = _CsvFile(out, RESOURCES, ["agreement", "org", "side", "item", "note"], progress)
    stages = [s for s, _ in STAGE_WEIGHTS]
    cum_weights = list(itertools.accumulate(w for _, w in STAGE_WEIGHTS))
    last_day = dt.date.fromordinal(DATE_TO).isoformat()

    def write(number: str, pair: Pair, dates: list[str], ends: str, renews: str) -> None:
        score = _between(rng, 60, 100) if dates[4] else ""
        first, second = orgs.name(pair.first), orgs.name(pair.second)
        title = f"{first}与{second}党建共建协议"
        agreements.write((number, title, pair.kind, *dates, ends, renews, score))
        for role, unit in (("发起方", pair.first), ("共建方", pair.second)):
            liaison, liaison_role = "", ""
            if rng.random() >= 0.05:
                liaison = _pick(rng, LIAISON_SURNAMES) + _pick(rng, LIAISON_GIVEN)
                liaison_role = _pick(rng, LIAISON_ROLES)
            parties.write((number, orgs.code(unit), role, liaison, liaison_role))
        # Each party offers one or two items and needs up to one other.
        for unit in (pair.first, pair.second):
            items = rng.sample(ITEMS_ZH, 3)
            for item in items[: _between(rng, 1, 2)]:
                resources.write((number, orgs.code(unit), "资源", item, ""))
            if rng.random() < 0.6:
                resources.write((number, orgs.code(unit), "需求", items[2], ""))

    try:
        for k, pair in enumerate(pairs):
            stage = stages[bisect.bisect_right(cum_weights, rng.random() * cum_weights[-1])]
            dates, ends = _stage_dates(rng, pair, stage)
            year = dt.date.fromordinal(pair.since).year
            number = f"JQ-{year}-{k + 1:06d}"
            write(number, pair, dates, ends, "")
            if stage == "评约" and ends < last_day and rng.random() < 0.35:
                start = dt.date.fromisoformat(ends).toordinal() - _between(rng, 0, 30)
                renewal = Pair(pair.first, pair.second, pair.kind, start, None)
                renewed_dates, renewed_ends = _stage_dates(
                    rng, renewal, stages[_between(rng, 0, 3)]
                )
                write(f"{number}-R", renewal, renewed_dates, renewed_ends, number)
    finally:
        agreements.close()
        parties.close()
        resources.close()
    return agreements, parties, resources
