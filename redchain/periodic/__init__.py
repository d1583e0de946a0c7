"""The periodic report an office sends upward: figures, trends, subdistricts, points, changes
and gaps for a period, in Word, a workbook, a printable page, PDF, Markdown or JSON.

``build(engine, period)`` gathers the data once (:class:`PeriodicReport`); ``render(report,
fmt, lang)`` returns a format's bytes and ``write(report, path, fmt, lang)`` writes a file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

from redchain.atomic import write_bytes_atomically
from redchain.errors import RedchainError
from redchain.periodic.builder import build
from redchain.periodic.data import PeriodicReport
from redchain.periodic.layout import Document, layout
from redchain.report.labels import check_lang

FORMATS = ("docx", "xlsx", "html", "pdf", "md", "json")
SUFFIXES = {fmt: f".{fmt}" for fmt in FORMATS}


def render(report: PeriodicReport, fmt: str = "docx", lang: str = "zh") -> bytes:
    """The report as ``fmt`` (one of FORMATS) in ``lang`` (zh or en)."""
    return _render(report, fmt, lang, None)


def _render(report: PeriodicReport, fmt: str, lang: str, doc: Document | None) -> bytes:
    check_lang(lang)
    if fmt == "json":
        text = json.dumps(report.to_dict(lang), ensure_ascii=False, indent=2) + "\n"
        return text.encode("utf-8")
    if fmt not in FORMATS:
        raise RedchainError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")
    from redchain.periodic import markdown, page, pdf, word

    doc = doc or layout(report, lang)
    if fmt == "docx":
        return word.render(doc)
    if fmt == "html":
        return page.render(doc).encode("utf-8")
    if fmt == "pdf":
        return pdf.render(page.render(doc))
    if fmt == "md":
        return markdown.render(doc).encode("utf-8")
    import tempfile

    from redchain.periodic import sheets

    with tempfile.TemporaryDirectory(prefix="redchain-xlsx-") as folder:
        path = Path(folder) / "report.xlsx"
        sheets.write(doc, path)
        return path.read_bytes()


def write(
    report: PeriodicReport, path: str | os.PathLike[str], fmt: str = "docx", lang: str = "zh"
) -> Path:
    """Write the report to ``path`` (kept whole: a failure leaves any old file); returns it."""
    return write_all(report, {Path(path): fmt}, lang)[0]


def write_all(report: PeriodicReport, targets: Mapping[Path, str], lang: str = "zh") -> list[Path]:
    """Write the report in several formats (path -> format), drawing its charts once."""
    doc = layout(report, lang)
    written = []
    for target, fmt in targets.items():
        content = _render(report, fmt, lang, doc)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomically(target, content)
        written.append(target)
    return written


def format_of(path: Path) -> str | None:
    """The format a file name asks for (``report.docx`` -> docx), or None."""
    suffix = path.suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None


__all__ = [
    "FORMATS",
    "SUFFIXES",
    "PeriodicReport",
    "build",
    "format_of",
    "render",
    "write",
    "write_all",
]
