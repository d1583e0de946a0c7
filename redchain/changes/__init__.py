"""What changed in a chain between two dates, as the office reports it upward every quarter.

``build(engine, period)`` gathers the changes (:class:`Changes`, plain data with ``to_json()``);
``render(changes, fmt, lang)`` and ``write(changes, path, fmt, lang)`` turn them into text,
JSON, Markdown or one offline HTML page.
"""

from __future__ import annotations

from redchain.changes.builder import (
    DEFAULT_MOVERS,
    SECTION_NAMES,
    Changes,
    Section,
    build,
    diff_gaps,
    identity,
    points_movers,
)
from redchain.changes.render import FORMATS, render, write

__all__ = [
    "DEFAULT_MOVERS",
    "FORMATS",
    "SECTION_NAMES",
    "Changes",
    "Section",
    "build",
    "diff_gaps",
    "identity",
    "points_movers",
    "render",
    "write",
]
