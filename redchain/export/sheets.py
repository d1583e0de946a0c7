"""The workbook for people: one sheet per kind of node and of relationship, in Chinese or English.

Sheet and column names are the model's captions (``--lang zh`` by default). Relationship sheets
name each end by its name and key (a unit by its name and credit code), never by an internal id.
Domains and kinds show their captions (``金融机构``, ``主题党日``). Cells keep their types: dates
are date cells, numbers numbers; :mod:`redchain.tabular` makes the header bold and frozen, adds
filters and widths, and keeps text formula-safe.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from redchain.export.graph import GraphData, Node
from redchain.model import (
    ACTIVITY_KINDS,
    AGREEMENT_STAGES,
    BASE_KINDS,
    DOMAIN_BY_KEY,
    HONOUR_LEVELS,
    NODE_BY_LABEL,
    PARTNERSHIP_KINDS,
    PARTY_ROLES,
    REL_TYPES,
    Kind,
    NodeType,
    Prop,
    RelType,
)
from redchain.tabular import Sheet

LANGS = ("zh", "en")
# The two ends of a relationship between nodes of one type.
_ROLES = {"zh": ("甲方", "乙方"), "en": ("From ", "To ")}
_KINDS: dict[tuple[str, str], Sequence[Kind]] = {
    ("Base", "kind"): BASE_KINDS,
    ("Activity", "kind"): ACTIVITY_KINDS,
    ("PARTNERS_WITH", "kind"): PARTNERSHIP_KINDS,
    ("Agreement", "kind"): PARTNERSHIP_KINDS,
    ("Agreement", "stage"): AGREEMENT_STAGES,
    ("PARTY_TO", "role"): PARTY_ROLES,
    ("Honour", "level"): HONOUR_LEVELS,
    ("Honour", "category"): ACTIVITY_KINDS,
}
# The end of a relationship that may end at nodes of several types: its type, name and key.
_TARGET = {
    "zh": ("对象类型", "对象名称", "对象标识"),
    "en": ("Target type", "Target name", "Target key"),
}


def caption(item: NodeType | RelType | Prop, lang: str) -> str:
    return item.zh if lang == "zh" else item.en


def workbook_sheets(data: GraphData, lang: str) -> list[Sheet]:
    """The sheets of a whole-graph workbook: node types first, then relationship types."""
    sheets = [_node_sheet(data, t, lang) for t in data.node_types]
    by_id = {n.id: n for n in data.nodes}
    sheets += [_rel_sheet(data, t, by_id, lang) for t in data.rel_types]
    return sheets


def _extra_names(props: Sequence[dict[str, Any]], known: Sequence[Prop]) -> list[str]:
    names = {p.name for p in known}
    return sorted({k for item in props for k in item} - names)


def _node_sheet(data: GraphData, node_type: NodeType, lang: str) -> Sheet:
    nodes = [n for n in data.nodes if n.type is node_type]
    known = data.props_of(node_type)
    extra = _extra_names([n.props for n in nodes], known)
    header = [caption(p, lang) for p in known] + extra
    names = [p.name for p in known] + extra
    rows = (
        [_shown(node_type.label, name, n.props.get(name), lang) for name in names] for n in nodes
    )
    return Sheet(caption(node_type, lang), header, rows)


def _rel_sheet(data: GraphData, rel: RelType, by_id: dict[str, Node], lang: str) -> Sheet:
    start, end = NODE_BY_LABEL[rel.start], NODE_BY_LABEL[rel.end]
    roles = _ROLES[lang] if start is end else ("", "")
    rels = [r for r in data.relationships if r.type is rel]
    known = data.props_of(rel)
    extra = _extra_names([r.props for r in rels], known)
    several = bool(rel.other_ends)
    header = [
        *_end_header(start, roles[0], lang),
        *(_TARGET[lang] if several else _end_header(end, roles[1], lang)),
        *(caption(p, lang) for p in known),
        *extra,
    ]
    names = [p.name for p in known] + extra

    def target(node: Node | None) -> list[Any]:
        if not several:
            return _end_cells(node, end, lang)
        if node is None:
            return [None, None, None]
        return [caption(node.type, lang), node.caption, node.props.get(node.type.key)]

    def rows() -> Iterator[list[Any]]:
        for r in rels:
            yield [
                *_end_cells(by_id.get(r.source), start, lang),
                *target(by_id.get(r.target)),
                *(_shown(rel.type, name, r.props.get(name), lang) for name in names),
            ]

    return Sheet(_rel_title(rel, lang), header, rows())


def _rel_title(rel: RelType, lang: str) -> str:
    """The relationship's caption, with its start type's when two types share one."""
    title = caption(rel, lang)
    if sum(caption(r, lang) == title for r in REL_TYPES) > 1:
        start = caption(NODE_BY_LABEL[rel.start], lang)
        return f"{start}{title}" if lang == "zh" else f"{start} {title.lower()}"
    return title


def _end_props(node_type: NodeType) -> list[Prop]:
    """How a sheet names a node: its name (or title), then its key when that is something else."""
    shown = next((p for p in node_type.props if p.name in ("name", "title")), None)
    key = node_type.prop(node_type.key)
    if shown is None or shown is key:
        return [key]
    return [shown, key]


def _end_header(node_type: NodeType, role: str, lang: str) -> list[str]:
    out = []
    for prop in _end_props(node_type):
        if lang == "zh":
            own = prop.zh.startswith((node_type.zh, node_type.zh[-2:]))
            out.append(role + (prop.zh if own else node_type.zh + prop.zh))
        else:
            text = f"{node_type.en} {prop.en.lower()}"
            out.append(role + (text if not role else text[0].lower() + text[1:]))
    return out


def _end_cells(node: Node | None, node_type: NodeType, lang: str) -> list[Any]:
    props = node.props if node is not None else {}
    return [_shown(node_type.label, p.name, props.get(p.name), lang) for p in _end_props(node_type)]


def _shown(owner: str, name: str, value: Any, lang: str) -> Any:
    """A cell's value: domains and kinds by their caption, everything else as it is."""
    if not isinstance(value, str):
        return value
    if owner == "Organization" and name == "domain" and value in DOMAIN_BY_KEY:
        return caption_of(DOMAIN_BY_KEY[value].zh, DOMAIN_BY_KEY[value].en, lang)
    for kind in _KINDS.get((owner, name), ()):
        if value == kind.key:
            return caption_of(kind.zh, kind.en, lang)
    return value


def caption_of(zh: str, en: str, lang: str) -> str:
    return zh if lang == "zh" else en
