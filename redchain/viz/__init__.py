"""Interactive network views: one self-contained HTML page per view.

    >>> from redchain.viz import ViewOptions, build_view
    >>> view = build_view(engine, ViewOptions(around="南沙街道", hops=2))
    >>> view.write("nansha.html")

``show(engine, ViewOptions(...))`` displays the same page inline in a notebook;
``write_network_page(engine, path)`` writes the whole network in one call.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from redchain.engines.base import Engine
from redchain.viz.graph import Link, Unit, ViewGraph
from redchain.viz.notebook import DEFAULT_HEIGHT, NotebookView
from redchain.viz.options import Lang, ViewError, ViewOptions
from redchain.viz.page import View, render
from redchain.viz.subgraph import select

__all__ = [
    "Link",
    "NotebookView",
    "Unit",
    "View",
    "ViewError",
    "ViewGraph",
    "ViewOptions",
    "build_view",
    "render",
    "show",
    "write_network_page",
]


def build_view(
    engine: Engine,
    options: ViewOptions | None = None,
    progress: Callable[[str], None] | None = None,
) -> View:
    """Read the part of the graph ``options`` pick and make its page (not written anywhere)."""
    chosen = (options or ViewOptions()).validated()
    graph = select(engine, chosen, progress)
    if progress:
        progress(f"drawing {len(graph.units)} nodes and {len(graph.links)} links")
    return render(graph, chosen)


def show(
    engine: Engine, options: ViewOptions | None = None, height: int = DEFAULT_HEIGHT
) -> NotebookView:
    """The view for a notebook cell: it displays inline in Jupyter, JupyterLab and VS Code."""
    view = build_view(engine, options)
    return NotebookView(view.html, view.stats, height)


def write_network_page(
    engine: Engine,
    path: str | Path,
    *,
    lang: Lang = "zh",
    highlight_gaps: bool = False,
    extras: tuple[str, ...] = ("chain", "bases"),
    as_of: str | None = None,
) -> tuple[Path, dict[str, Any]]:
    """Write the page of the whole network to ``path``; returns the absolute path and the
    view's stats (nodes, edges, layout, bytes)."""
    options = ViewOptions(
        lang=lang,
        highlight=("gaps",) if highlight_gaps else (),
        extras=extras,
        as_of=as_of,
    )
    view = build_view(engine, options)
    written = view.write(path)
    return written, view.stats
