"""Rendering the gap report: text for the terminal, Markdown, JSON, and one offline HTML page.

``write_report(report, path, fmt="html", lang="zh")`` writes a file; ``render`` returns the text;
``summary_lines`` gives the few lines ``redchain demo`` prints at its end.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from redchain.atomic import write_text_atomically
from redchain.errors import RedchainError
from redchain.gaps import GapReport
from redchain.report import html, markdown, text
from redchain.report.labels import check_lang

FORMATS = ("text", "json", "md", "html")
SUFFIXES = {"text": ".txt", "json": ".json", "md": ".md", "html": ".html"}


def render(
    report: GapReport, fmt: str = "text", lang: str = "zh", max_items: int | None = None
) -> str:
    """The report as ``fmt`` (text, json, md or html) in ``lang`` (zh or en).

    Text, Markdown and HTML list at most ``max_items`` per gap (20, 200 and 500 by default) and
    say how many more there are; JSON always lists every item.
    """
    check_lang(lang)
    if fmt == "json":
        return json.dumps(report.to_dict(lang), ensure_ascii=False, indent=2) + "\n"
    renderers = {"text": text, "md": markdown, "html": html}
    if fmt not in renderers:
        raise RedchainError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")
    module = renderers[fmt]
    rendered: str = module.render(report, lang, max_items or module.DEFAULT_MAX_ITEMS)
    return rendered


def write_report(
    report: GapReport,
    path: str | os.PathLike[str],
    fmt: str = "html",
    lang: str = "zh",
    max_items: int | None = None,
) -> Path:
    """Write the report to ``path`` in UTF-8 (parent folders are created); returns the path."""
    target = Path(path)
    content = render(report, fmt, lang, max_items)
    write_text_atomically(target, content)
    return target


def summary_lines(report: GapReport, lang: str = "zh", names: int = 3) -> list[str]:
    """A few lines: how many checks found gaps, then each gap with its count and first names."""
    check_lang(lang)
    return text.summary_lines(report, lang, names)


__all__ = ["FORMATS", "SUFFIXES", "render", "summary_lines", "write_report"]
