"""The report as a workbook: one sheet per table (every row, not only those a page shows),
through redchain.tabular, after a first sheet with the summary in words."""

from __future__ import annotations

from pathlib import Path

from redchain.periodic.layout import Document
from redchain.periodic.words import word
from redchain.tabular import Sheet, write_xlsx


def write(doc: Document, path: Path) -> None:
    summary = Sheet(
        word("summary", doc.lang),
        [doc.title],
        [[doc.note], [doc.summary], [doc.made]],
    )
    sheets = [summary] + [Sheet(table.title, table.header, table.rows) for table in doc.tables()]
    write_xlsx(path, sheets)
