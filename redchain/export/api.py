"""Writing an export: the whole graph or a query's rows, in the format asked for."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from redchain.atomic import check_output_path, replace_atomically
from redchain.engines.base import Engine, Record
from redchain.errors import RedchainError
from redchain.export.gexf import write_gexf
from redchain.export.graph import GraphData, Progress, read_graph
from redchain.export.graphml import write_graphml
from redchain.export.network import Network
from redchain.export.sheets import LANGS, workbook_sheets
from redchain.export.values import fits, to_model
from redchain.tabular import Sheet, write_csv, write_xlsx

FORMATS = ("csv", "xlsx", "jsonl", "graphml", "gexf")
GRAPH_FORMATS = ("graphml", "gexf")
CSV_FILES = ("nodes.csv", "relationships.csv")


class ExportError(RedchainError):
    """The export cannot be written as asked; the message says how to ask instead."""


@dataclass(frozen=True)
class ExportResult:
    paths: tuple[Path, ...]
    nodes: int = 0
    relationships: int = 0
    rows: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "paths": [str(p) for p in self.paths],
            "nodes": self.nodes,
            "relationships": self.relationships,
            "rows": self.rows,
        }


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise ExportError(f"unknown language {lang!r}; choose zh or en")


# --- Whole graph ---


def export_graph(
    engine: Engine,
    fmt: str,
    out: str | os.PathLike[str],
    *,
    lang: str = "zh",
    with_provenance: bool = False,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the whole graph to ``out`` in ``fmt`` (see docs/export.md for each layout)."""
    check_format(fmt)
    _check_lang(lang)
    target = Path(out)
    if fmt == "csv":
        _check_csv_folder(target)
    else:
        check_output_path(target)
    data = read_graph(engine, with_provenance=with_provenance, progress=progress)
    return _write_graph(data, fmt, target, lang)


def _write_graph(data: GraphData, fmt: str, target: Path, lang: str) -> ExportResult:
    counts = {"nodes": len(data.nodes), "relationships": len(data.relationships)}
    if fmt == "csv":
        nodes_path, rels_path = (target / name for name in CSV_FILES)
        write_csv(nodes_path, *node_table(data))
        write_csv(rels_path, *relationship_table(data))
        return ExportResult((nodes_path, rels_path), **counts)
    if fmt == "xlsx":
        write_xlsx(target, workbook_sheets(data, lang))
    elif fmt == "jsonl":
        write_jsonl(target, graph_records(data))
    elif fmt == "graphml":
        write_graphml(target, graph_network(data))
    else:
        write_gexf(target, graph_network(data))
    return ExportResult((target,), **counts)


def _check_csv_folder(target: Path) -> None:
    if target.suffix.lower() == ".csv" or (target.exists() and not target.is_dir()):
        raise ExportError(
            f"{target}: a whole-graph CSV export is two tables, {' and '.join(CSV_FILES)}, so "
            "--out names a folder to write them in (such as graph/); for one file use "
            "--format xlsx, or --query NAME for one table"
        )
    for name in CSV_FILES:
        check_output_path(target / name)


def node_table(data: GraphData) -> tuple[list[str], list[list[Any]]]:
    """``nodes.csv``: id, labels, then every property name in the model's order."""
    names = _names((n.props for n in data.nodes), data.node_kinds())
    rows = [[n.id, ";".join(n.labels), *(n.props.get(k) for k in names)] for n in data.nodes]
    return ["id", "labels", *names], rows


def relationship_table(data: GraphData) -> tuple[list[str], list[list[Any]]]:
    """``relationships.csv``: type, source and target ids, then every property name."""
    names = _names((r.props for r in data.relationships), data.rel_kinds())
    rows = [
        [r.type.type, r.source, r.target, *(r.props.get(k) for k in names)]
        for r in data.relationships
    ]
    return ["type", "source", "target", *names], rows


def _names(props: Iterable[Mapping[str, Any]], declared: Mapping[str, Any]) -> list[str]:
    present = {k for item in props for k in item}
    ordered = [name for name in declared if name in present]
    return ordered + sorted(present - set(ordered))


def graph_records(data: GraphData) -> Iterable[dict[str, Any]]:
    for n in data.nodes:
        yield {"kind": "node", "id": n.id, "labels": n.labels, "props": n.props}
    for r in data.relationships:
        yield {
            "kind": "relationship",
            "type": r.type.type,
            "source": r.source,
            "target": r.target,
            "props": r.props,
        }


def graph_network(data: GraphData) -> Network:
    nodes = [
        {"id": n.id, "labels": ":".join(n.labels), "label": n.caption, **n.props}
        for n in data.nodes
    ]
    edges = [
        {"source": r.source, "target": r.target, "type": r.type.type, **r.props}
        for r in data.relationships
    ]
    node_declared = {"labels": "text", "label": "text", **data.node_kinds()}
    edge_declared = {"type": "text", **data.rel_kinds()}
    return Network(nodes, edges, node_declared, edge_declared)


def write_jsonl(path: Path, records: Iterable[Mapping[str, Any]]) -> int:
    """One JSON object a line (UTF-8); dates as ISO text."""
    count = 0
    with replace_atomically(path, encoding="utf-8", newline="\n") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False, default=_json_value) + "\n")
            count += 1
    return count


def _json_value(value: Any) -> Any:
    iso = getattr(value, "isoformat", None)
    return iso() if callable(iso) else str(value)


# --- Query rows ---


def export_rows(
    rows: Sequence[Record],
    fmt: str,
    out: str | os.PathLike[str],
    name: str = "query",
    *,
    title: str | None = None,
) -> ExportResult:
    """Write a query's rows to one file. ``out`` may be a folder: the file is then named after
    the query (``gaps/isolated`` gives ``gaps_isolated.csv``). ``title`` names the sheet."""
    check_format(fmt)
    target = Path(out)
    if target.is_dir():
        target = target / f"{name.replace('/', '_')}.{fmt}"
    check_output_path(target)
    columns = list(dict.fromkeys(k for row in rows for k in row))
    _write_rows(_typed_rows(rows, columns), columns, fmt, target, title or name, name)
    return ExportResult((target,), rows=len(rows))


def _write_rows(
    rows: Sequence[Record], columns: Sequence[str], fmt: str, target: Path, title: str, name: str
) -> None:
    if fmt in GRAPH_FORMATS:
        network = _rows_network(rows, name)
        (write_graphml if fmt == "graphml" else write_gexf)(target, network)
    elif fmt == "csv":
        write_csv(target, columns, [[row.get(c) for c in columns] for row in rows])
    elif fmt == "xlsx":
        table = [[row.get(c) for c in columns] for row in rows]
        write_xlsx(target, [Sheet(title, columns, table)])
    else:
        write_jsonl(target, rows)


def _typed_rows(rows: Sequence[Record], columns: Sequence[str]) -> list[Record]:
    """Rows with each column typed: a column of ISO dates only holds dates (date cells in XLSX)."""
    typed = [{k: to_model(v, "text") for k, v in row.items()} for row in rows]
    for column in columns:
        values = [row.get(column) for row in typed]
        dates = [to_model(v, "date") for v in values]
        if any(v is not None for v in values) and all(fits(d, "date") for d in dates):
            for row, day in zip(typed, dates, strict=True):
                if column in row:
                    row[column] = day
    return typed


def _rows_network(rows: Sequence[Record], name: str) -> Network:
    if rows and not {"source", "target"} <= set(rows[0]):
        raise ExportError(
            f"GraphML and GEXF need rows with 'source' and 'target' columns, and {name} returns "
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
    return Network(list(nodes.values()), edges, {"label": "text"})
