"""Taking data out: the whole graph, or a named query's rows, for spreadsheets, Gephi and scripts.

Whole graph (see docs/export.md):

- ``xlsx``: a workbook for people, one sheet per kind, names in Chinese (or English);
- ``csv``: ``nodes.csv`` and ``relationships.csv`` in a folder;
- ``jsonl``: a line per node, then a line per relationship;
- ``graphml`` and ``gexf``: typed attributes that networkx, python-igraph and Gephi read.

Provenance (``ImportRun`` nodes and each item's ``run_id``) is left out unless asked for. A query's
rows go to one file; GraphML and GEXF from a query need ``source`` and ``target`` columns.
Every file is written atomically: a failure keeps the old file.
"""

from redchain.export.api import (
    CSV_FILES,
    FORMATS,
    ExportError,
    ExportResult,
    check_format,
    export_graph,
    export_rows,
    graph_network,
    node_table,
    relationship_table,
)
from redchain.export.graph import GraphData, Node, Relationship, node_id, read_graph
from redchain.export.sheets import LANGS

__all__ = [
    "CSV_FILES",
    "FORMATS",
    "LANGS",
    "ExportError",
    "ExportResult",
    "GraphData",
    "Node",
    "Relationship",
    "check_format",
    "export_graph",
    "export_rows",
    "graph_network",
    "node_id",
    "node_table",
    "read_graph",
    "relationship_table",
]
