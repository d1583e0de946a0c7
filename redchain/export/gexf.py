"""GEXF 1.3 for Gephi and Gephi Lite (networkx reads it too).

A node's GEXF label is its name (or title); an edge's label and kind are its relationship type,
so Gephi keeps parallel edges of different types apart. Attributes carry the model's types:
``long``, ``double``, ``boolean``, and ``string`` for text and for dates (ISO text), since the
readers in use do not all know GEXF's ``date``. Absent values have no ``attvalue``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from redchain.atomic import replace_atomically
from redchain.export.network import Network, value_text, xml_attr
from redchain.export.values import Kind

GEXF_TYPES = {"int": "long", "float": "double", "bool": "boolean"}
# Written as the node's and edge's own label, not as attributes.
_OWN = {"node": ("id", "label"), "edge": ("source", "target")}


def write_gexf(path: Path, network: Network) -> None:
    node_columns = {k: v for k, v in network.node_columns().items() if k not in _OWN["node"]}
    edge_columns = network.edge_columns()
    with replace_atomically(path, encoding="utf-8", newline="\n") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        f.write(
            '<gexf xmlns="http://gexf.net/1.3" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" '
            'version="1.3">\n'
        )
        f.write("  <meta><creator>redchain</creator></meta>\n")
        f.write('  <graph defaultedgetype="directed" mode="static">\n')
        _attributes(f, "node", node_columns)
        _attributes(f, "edge", edge_columns)
        f.write("    <nodes>\n")
        for node in network.nodes:
            label = node.get("label")
            f.write(
                f"      <node id={xml_attr(str(node['id']))} "
                f"label={xml_attr(value_text(label if label is not None else node['id'], 'text'))}>"
            )
            _values(f, node, node_columns)
            f.write("</node>\n")
        f.write("    </nodes>\n    <edges>\n")
        for i, edge in enumerate(network.edges):
            kind = edge.get("type")
            own = f" label={xml_attr(str(kind))} kind={xml_attr(str(kind))}" if kind else ""
            f.write(
                f'      <edge id="r{i}" source={xml_attr(str(edge["source"]))} '
                f"target={xml_attr(str(edge['target']))}{own}>"
            )
            _values(f, edge, edge_columns)
            f.write("</edge>\n")
        f.write("    </edges>\n  </graph>\n</gexf>\n")


def _attributes(f: IO[str], domain: str, columns: dict[str, Kind]) -> None:
    if not columns:
        return
    f.write(f'    <attributes class="{domain}" mode="static">\n')
    for i, (name, kind) in enumerate(columns.items()):
        f.write(
            f'      <attribute id="{i}" title={xml_attr(name)} '
            f'type="{GEXF_TYPES.get(kind, "string")}"/>\n'
        )
    f.write("    </attributes>\n")


def _values(f: IO[str], item: Mapping[str, Any], columns: dict[str, Kind]) -> None:
    present = [
        (i, value_text(item[name], kind))
        for i, (name, kind) in enumerate(columns.items())
        if item.get(name) is not None
    ]
    if not present:
        return
    f.write("<attvalues>")
    for i, text in present:
        f.write(f'<attvalue for="{i}" value={xml_attr(text)}/>')
    f.write("</attvalues>")
