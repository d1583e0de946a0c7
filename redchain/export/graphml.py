"""GraphML for networkx, python-igraph, Gephi and yEd.

Each attribute is declared once with the model's type: ``long`` for whole numbers, ``double``,
``boolean`` and ``string``. GraphML has no date type, so a date is ISO text (``2024-05-01``) in a
``string`` attribute whose key says so in its ``<desc>``. An absent value has no ``<data>``
element, so readers that can tell absent from empty (networkx) do.
"""

from __future__ import annotations

from pathlib import Path

from redchain.atomic import replace_atomically
from redchain.export.network import Network, value_text, xml_attr, xml_text
from redchain.export.values import Kind

GRAPHML_TYPES = {"int": "long", "float": "double", "bool": "boolean"}
DATE_NOTE = "date: ISO 8601 calendar date (YYYY-MM-DD)"


def write_graphml(path: Path, network: Network) -> None:
    node_columns = network.node_columns()
    edge_columns = network.edge_columns()
    node_keys = {name: f"n{i}" for i, name in enumerate(node_columns)}
    edge_keys = {name: f"e{i}" for i, name in enumerate(edge_columns)}
    with replace_atomically(path, encoding="utf-8", newline="\n") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        f.write(
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
            'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
        )
        for domain, columns, keys in (
            ("node", node_columns, node_keys),
            ("edge", edge_columns, edge_keys),
        ):
            for name, kind in columns.items():
                f.write(_key(keys[name], domain, name, kind))
        f.write('  <graph id="redchain" edgedefault="directed">\n')
        for node in network.nodes:
            f.write(f"    <node id={xml_attr(str(node['id']))}>")
            for name, value in node.items():
                if name != "id" and value is not None:
                    text = value_text(value, node_columns[name])
                    f.write(f'<data key="{node_keys[name]}">{xml_text(text)}</data>')
            f.write("</node>\n")
        for i, edge in enumerate(network.edges):
            f.write(
                f'    <edge id="r{i}" source={xml_attr(str(edge["source"]))} '
                f"target={xml_attr(str(edge['target']))}>"
            )
            for name, value in edge.items():
                if name not in ("source", "target") and value is not None:
                    text = value_text(value, edge_columns[name])
                    f.write(f'<data key="{edge_keys[name]}">{xml_text(text)}</data>')
            f.write("</edge>\n")
        f.write("  </graph>\n</graphml>\n")


def _key(key_id: str, domain: str, name: str, kind: Kind) -> str:
    head = (
        f'  <key id="{key_id}" for="{domain}" attr.name={xml_attr(name)} '
        f'attr.type="{GRAPHML_TYPES.get(kind, "string")}"'
    )
    if kind == "date":
        return f"{head}><desc>{DATE_NOTE}</desc></key>\n"
    return f"{head}/>\n"
