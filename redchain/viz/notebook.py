"""Showing a view inside a notebook (Jupyter classic, JupyterLab, VS Code).

The page goes into an ``<iframe srcdoc=...>``: notebooks that do not run scripts placed in an
output still run them inside a frame, and the frame keeps the page's script and styles away from
the notebook's own. The frame is sandboxed: scripts and downloads (the PNG button) only.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

DEFAULT_HEIGHT = 720


def iframe(page: str, height: int = DEFAULT_HEIGHT) -> str:
    """An iframe element holding ``page``; the whole page is escaped into its attribute."""
    return (
        f'<iframe srcdoc="{html.escape(page, quote=True)}" '
        f'style="width:100%;height:{int(height)}px;border:1px solid #ddd" '
        'sandbox="allow-scripts allow-downloads" loading="eager" '
        'title="redchain network view"></iframe>'
    )


@dataclass
class NotebookView:
    """What ``redchain.viz.show`` returns: notebooks display it through ``_repr_html_``."""

    html: str
    stats: dict[str, Any]
    height: int = DEFAULT_HEIGHT

    def _repr_html_(self) -> str:
        return iframe(self.html, self.height)
