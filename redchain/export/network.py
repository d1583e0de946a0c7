"""A graph ready for GraphML or GEXF: nodes and edges with typed attributes, and XML text rules.

XML 1.0 cannot hold most control characters; like the spreadsheet cells of
:mod:`redchain.tabular`, they become U+FFFD, so a stored ``\\x07`` never makes a file that no
parser opens. A carriage return is written as a character reference, so it reads back as itself.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from redchain.export.values import Kind, column_kind
from redchain.tabular import XML_ILLEGAL, cell_text

_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;"}
_ATTR_ESCAPES = {**_ESCAPES, "\n": "&#10;", "\t": "&#9;"}
_TEXT = re.compile('[&<>"\r]')
_ATTR = re.compile('[&<>"\r\n\t]')


def xml_text(text: str) -> str:
    """``text`` escaped for element content."""
    clean = XML_ILLEGAL.sub("\ufffd", text)
    return _TEXT.sub(lambda m: _ESCAPES[m.group()], clean)


def xml_attr(text: str) -> str:
    """``text`` as a double-quoted attribute value, line breaks and tabs kept."""
    clean = XML_ILLEGAL.sub("\ufffd", text)
    return '"' + _ATTR.sub(lambda m: _ATTR_ESCAPES[m.group()], clean) + '"'


@dataclass
class Network:
    """``nodes``: dicts with ``id``, ``label`` and attributes; ``edges``: ``source``, ``target``,
    ``type`` and attributes. ``*_declared`` give the model's type of an attribute by name."""

    nodes: Sequence[Mapping[str, Any]]
    edges: Sequence[Mapping[str, Any]]
    node_declared: Mapping[str, Kind] = field(default_factory=dict)
    edge_declared: Mapping[str, Kind] = field(default_factory=dict)

    def node_columns(self) -> dict[str, Kind]:
        return _columns(self.nodes, {"id"}, self.node_declared)

    def edge_columns(self) -> dict[str, Kind]:
        return _columns(self.edges, {"source", "target"}, self.edge_declared)


def _columns(
    items: Sequence[Mapping[str, Any]], skip: set[str], declared: Mapping[str, Kind]
) -> dict[str, Kind]:
    names = list(dict.fromkeys(k for item in items for k in item if k not in skip))
    return {
        name: column_kind((item.get(name) for item in items), declared.get(name)) for name in names
    }


def value_text(value: Any, kind: Kind) -> str:
    """An attribute's value as written: numbers as typed, ISO dates, JSON for lists and maps."""
    if kind == "bool":
        return "true" if value else "false"
    if kind == "int":
        return str(int(value))
    if kind == "float":
        number = float(value)
        return repr(number) if math.isfinite(number) else str(number).upper()
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False, default=str)
    return cell_text(value)
