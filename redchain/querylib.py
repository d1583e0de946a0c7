"""The named query library in one import: the public names of :mod:`redchain.queries`.

The work is done in the package, one job per module: ``catalogue`` (finding the ``.cypher``
files and reading their headers), ``steps`` (the Python steps a header can name), ``parameters``
(typing, defaults, relative dates), ``running`` (running a query) and ``docs`` (docs/queries.md).
"""

from __future__ import annotations

from redchain.queries.catalogue import (
    GAPS_FOLDER,
    MODES,
    OPTIONAL_KEYS,
    PARAM_TYPES,
    REQUIRED_KEYS,
    SHAPES,
    Param,
    Query,
    catalogue,
    gap_checks,
    get,
    load_dir,
    parse,
    shipped_dir,
)
from redchain.queries.docs import docs_markdown
from redchain.queries.errors import QueryFileError, QueryParamError
from redchain.queries.parameters import (
    convert,
    parse_assignments,
    parse_date,
    parse_typed_assignments,
    resolve,
    shift_date,
)
from redchain.queries.running import cypher_params, render_columns, run, run_cypher, run_named
from redchain.queries.steps import STEPS, Step

__all__ = [
    "GAPS_FOLDER",
    "MODES",
    "OPTIONAL_KEYS",
    "PARAM_TYPES",
    "REQUIRED_KEYS",
    "SHAPES",
    "STEPS",
    "Param",
    "Query",
    "QueryFileError",
    "QueryParamError",
    "Step",
    "catalogue",
    "convert",
    "cypher_params",
    "docs_markdown",
    "gap_checks",
    "get",
    "load_dir",
    "parse",
    "parse_assignments",
    "parse_date",
    "parse_typed_assignments",
    "render_columns",
    "resolve",
    "run",
    "run_cypher",
    "run_named",
    "shift_date",
    "shipped_dir",
]
