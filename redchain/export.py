"""Taking data out: the whole graph, or a named query's rows, as CSV, Excel, JSON lines or GraphML.

Whole graph:

- ``csv``: ``--out`` is a folder; ``nodes.csv`` and ``relationships.csv`` are written in it.
- ``xlsx``: one workbook with the sheets ``nodes`` and ``relationships``.
- ``jsonl``: one file, a line per node (``"kind": "node"``) then a line per relationship.
- ``graphml``: one file for Gephi, yEd or networkx, with every property as a typed attribute.

A node's id is its label and key (``Organization:91440101MA5C00001X``), the same on both engines.
A query's rows go to one CSV file, one sheet, or one JSON-lines file; GraphML from a query needs
``source`` and ``target`` columns (as ``explore/partnership_edges`` returns).

CSV is UTF-8 with a byte-order mark, so Excel shows Chinese text correctly. Text cells starting
with ``= + - @`` are prefixed with ``'`` in CSV and Excel so a spreadsheet never runs them as a
formula; numbers stay numbers.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from redchain.engines.base import Engine, Record
from redchain.errors import RedchainError
from redchain.model import NODE_BY_LABEL, NODE_TYPES, REL_TYPES, NodeType, Prop

FORMATS = ("csv", "xlsx", "jsonl", "graphml")
NODE_SHEET = "nodes"
REL_SHEET = "relationships"
# Excel refuses these characters in sheet names and cuts names at 31 characters.
_SHEET_FORBIDDEN = str.maketrans({c: "." for c in "/\\?*[]:"})

#: Called with what is being read or written and how many rows so far.
Progress = Callable[[str, int], None]


class ExportError(RedchainError):
    """The export cannot be written as asked; the message says how to ask instead."""


@dataclass
class GraphData:
    nodes: list[dict[str, Any]] = field(default_factory=list)  # id, labels, props
    relationships: list[dict[str, Any]] = field(default_factory=list)  # type, source, target, props


@dataclass(frozen=True)
class ExportResult:
    paths: tuple[Path, ...]
    nodes: int = 0
    relationships: int = 0
    rows: int = 0


# --- Reading the graph ---


def node_id(label: str, key: Any) -> str:
    return f"{label}:{key}"


def read_graph(engine: Engine, progress: Progress | None = None) -> GraphData:
    """Every node of the model's types and every relationship of its types, keyed by model keys."""
    data = GraphData()
    for node_type in NODE_TYPES:
        rows = engine.run(
            f"MATCH (n:{node_type.label}) RETURN labels(n) AS labels, properties(n) AS props "
            f"ORDER BY n.{node_type.key}"
        )
        known = node_type.props
        for row in rows:
            props = _ordered(row["props"], known)
            labels = [node_type.label, *sorted(set(row["labels"]) - {node_type.label})]
            data.nodes.append(
                {
                    "id": node_id(node_type.label, props.get(node_type.key)),
                    "labels": labels,
                    "props": props,
                }
            )
        if progress:
            progress(node_type.label, len(rows))
    for rel in REL_TYPES:
        start, end = NODE_BY_LABEL[rel.start], NODE_BY_LABEL[rel.end]
        rows = engine.run(
            f"MATCH (a:{start.label})-[r:{rel.type}]->(b:{end.label}) "
            f"RETURN a.{start.key} AS source, b.{end.key} AS target, properties(r) AS props "
            "ORDER BY source, target"
        )
        for row in rows:
            data.relationships.append(
                {
                    "type": rel.type,
                    "source": node_id(start.label, row["source"]),
                    "target": node_id(end.label, row["target"]),
                    "props": _ordered(row["props"], rel.props),
                }
            )
        if progress:
            progress(rel.type, len(rows))
    return data


def _ordered(props: Mapping[str, Any], known: Sequence[Prop]) -> dict[str, Any]:
    """Properties in the model's order, so that both engines give the same output."""
    return {name: props[name] for name in _prop_order(props, known)}


def _prop_order(names: Iterable[str], known: Sequence[Prop]) -> list[str]:
    """The model's properties first, in the model's order; any others after, by name."""
    present = set(names)
    ordered = [p.name for p in known if p.name in present]
    return ordered + sorted(present - set(ordered))


def _known_props(types: Iterable[NodeType]) -> list[Prop]:
    seen: dict[str, Prop] = {}
    for node_type in types:
        for prop in node_type.props:
            seen.setdefault(prop.name, prop)
    return list(seen.values())


def _rel_props() -> list[Prop]:
    seen: dict[str, Prop] = {}
    for rel in REL_TYPES:
        for prop in rel.props:
            seen.setdefault(prop.name, prop)
    return list(seen.values())


def node_table(data: GraphData) -> tuple[list[str], list[list[Any]]]:
    names = _prop_order((k for n in data.nodes for k in n["props"]), _known_props(NODE_TYPES))
    rows = [
        [n["id"], ";".join(n["labels"]), *(n["props"].get(k) for k in names)] for n in data.nodes
    ]
    return ["id", "labels", *names], rows


def relationship_table(data: GraphData) -> tuple[list[str], list[list[Any]]]:
    names = _prop_order((k for r in data.relationships for k in r["props"]), _rel_props())
    rows = [
        [r["type"], r["source"], r["target"], *(r["props"].get(k) for k in names)]
        for r in data.relationships
    ]
    return ["type", "source", "target", *names], rows


# --- Cells ---


def neutralise(text: str) -> str:
    """Text a spreadsheet will not run as a formula (OWASP 'CSV injection')."""
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict | list):
        return neutralise(json.dumps(value, ensure_ascii=False, default=str))
    return neutralise(str(value))


def xlsx_cell(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, dict | list):
        return neutralise(json.dumps(value, ensure_ascii=False, default=str))
    return neutralise(str(value))


# --- Writers ---


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([neutralise(h) for h in header])
        for row in rows:
            writer.writerow([csv_cell(v) for v in row])


def write_xlsx(
    path: Path, sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]
) -> None:
    from openpyxl import Workbook

    path.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(sheet_name(title))
        sheet.append([neutralise(h) for h in header])
        for row in rows:
            sheet.append([xlsx_cell(v) for v in row])
    book.save(path)


def sheet_name(title: str) -> str:
    return title.translate(_SHEET_FORBIDDEN)[:31] or "sheet"


def write_jsonl(path: Path, records: Iterable[Mapping[str, Any]]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
            count += 1
    return count


_GRAPHML_TYPES = {"int": "long", "float": "double", "bool": "boolean"}


def _graphml_type(values: Iterable[Any], model_type: str | None) -> str:
    if model_type in _GRAPHML_TYPES:
        return _GRAPHML_TYPES[model_type]
    kinds = {type(v) for v in values if v is not None}
    if kinds and kinds <= {bool}:
        return "boolean"
    if kinds and kinds <= {int}:
        return "long"
    if kinds and kinds <= {int, float}:
        return "double"
    return "string"


def _graphml_value(value: Any, kind: str) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def write_graphml(
    path: Path,
    nodes: Sequence[Mapping[str, Any]],
    edges: Sequence[Mapping[str, Any]],
    node_types: Mapping[str, str] | None = None,
    edge_types: Mapping[str, str] | None = None,
) -> None:
    """``nodes``: dicts with ``id`` and attributes; ``edges``: ``source``, ``target`` and
    attributes. Attribute types follow the model where it names them, else the values."""
    path.parent.mkdir(parents=True, exist_ok=True)

    def keys(items: Sequence[Mapping[str, Any]], skip: set[str], types: Mapping[str, str]) -> dict:
        names = list(dict.fromkeys(k for item in items for k in item if k not in skip))
        return {
            name: _graphml_type((item.get(name) for item in items), types.get(name))
            for name in names
        }

    node_keys = keys(nodes, {"id"}, node_types or {})
    edge_keys = keys(edges, {"source", "target"}, edge_types or {})
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        f.write('<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n')
        for prefix, domain, declared in (("n", "node", node_keys), ("e", "edge", edge_keys)):
            for i, (name, kind) in enumerate(declared.items()):
                f.write(
                    f'  <key id="{prefix}{i}" for="{domain}" attr.name={quoteattr(name)} '
                    f'attr.type="{kind}"/>\n'
                )
        f.write('  <graph id="redchain" edgedefault="directed">\n')
        node_ids = {name: f"n{i}" for i, name in enumerate(node_keys)}
        edge_ids = {name: f"e{i}" for i, name in enumerate(edge_keys)}
        for node in nodes:
            f.write(f"    <node id={quoteattr(str(node['id']))}>")
            for name, value in node.items():
                if name != "id" and value is not None:
                    text = _graphml_value(value, node_keys[name])
                    f.write(f'<data key="{node_ids[name]}">{escape(text)}</data>')
            f.write("</node>\n")
        for i, edge in enumerate(edges):
            f.write(
                f'    <edge id="r{i}" source={quoteattr(str(edge["source"]))} '
                f"target={quoteattr(str(edge['target']))}>"
            )
            for name, value in edge.items():
                if name not in ("source", "target") and value is not None:
                    text = _graphml_value(value, edge_keys[name])
                    f.write(f'<data key="{edge_ids[name]}">{escape(text)}</data>')
            f.write("</edge>\n")
        f.write("  </graph>\n</graphml>\n")


# --- Whole graph ---


def _display_label(node: Mapping[str, Any]) -> Any:
    props = node["props"]
    return props.get("name") or props.get("title") or props.get("run_id") or node["id"]


def export_graph(
    engine: Engine,
    fmt: str,
    out: str | os.PathLike[str],
    progress: Progress | None = None,
) -> ExportResult:
    """Write the whole graph to ``out`` in ``fmt`` (see the module's notes for the layout)."""
    check_format(fmt)
    target = Path(out)
    data = read_graph(engine, progress)
    counts = {"nodes": len(data.nodes), "relationships": len(data.relationships)}
    if fmt == "csv":
        if target.exists() and not target.is_dir():
            raise ExportError(
                f"{target} is a file; a whole-graph CSV export writes nodes.csv and "
                "relationships.csv into a folder, so give --out a folder name"
            )
        nodes_path, rels_path = target / "nodes.csv", target / "relationships.csv"
        write_csv(nodes_path, *node_table(data))
        write_csv(rels_path, *relationship_table(data))
        return ExportResult((nodes_path, rels_path), **counts)
    if fmt == "xlsx":
        write_xlsx(
            target,
            [(NODE_SHEET, *node_table(data)), (REL_SHEET, *relationship_table(data))],
        )
        return ExportResult((target,), **counts)
    if fmt == "jsonl":
        records = [{"kind": "node", **n} for n in data.nodes]
        records += [{"kind": "relationship", **r} for r in data.relationships]
        write_jsonl(target, records)
        return ExportResult((target,), **counts)
    node_types = {p.name: p.type for p in _known_props(NODE_TYPES)}
    edge_types = {p.name: p.type for p in _rel_props()}
    nodes = [
        {"id": n["id"], "labels": ":".join(n["labels"]), "label": _display_label(n), **n["props"]}
        for n in data.nodes
    ]
    edges = [
        {"source": r["source"], "target": r["target"], "type": r["type"], **r["props"]}
        for r in data.relationships
    ]
    write_graphml(target, nodes, edges, node_types, edge_types)
    return ExportResult((target,), **counts)


# --- Query rows ---


def export_rows(
    rows: Sequence[Record], fmt: str, out: str | os.PathLike[str], name: str = "query"
) -> ExportResult:
    """Write a query's rows to one file; ``name`` titles the Excel sheet."""
    check_format(fmt)
    target = Path(out)
    columns = list(dict.fromkeys(k for row in rows for k in row))
    table = [[row.get(c) for c in columns] for row in rows]
    if fmt == "csv":
        write_csv(target, columns, table)
    elif fmt == "xlsx":
        write_xlsx(target, [(name, columns, table)])
    elif fmt == "jsonl":
        write_jsonl(target, rows)
    else:
        _rows_as_graphml(rows, target, name)
    return ExportResult((target,), rows=len(rows))


def _rows_as_graphml(rows: Sequence[Record], target: Path, name: str) -> None:
    if rows and not {"source", "target"} <= set(rows[0]):
        raise ExportError(
            f"GraphML needs rows with 'source' and 'target' columns, and {name} returns "
            f"{', '.join(rows[0])}; export it as csv, xlsx or jsonl, or use a query such as "
            "explore/partnership_edges"
        )
    nodes: dict[str, dict[str, Any]] = {}
    edges = []
    for row in rows:
        for end in ("source", "target"):
            key = str(row[end])
            nodes.setdefault(key, {"id": key, "label": row.get(f"{end}_name") or key})
        edges.append({k: v for k, v in row.items() if k not in ("source_name", "target_name")})
    write_graphml(target, list(nodes.values()), edges)


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
