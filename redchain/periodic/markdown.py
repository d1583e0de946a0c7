"""The report as Markdown: headings, pipe tables, and charts left out (they are pictures)."""

from __future__ import annotations

from redchain.periodic.layout import Document, Section, Table
from redchain.periodic.words import word
from redchain.tabular import cell_text


def _cell(value: object) -> str:
    return cell_text(value).replace("|", "\\|").replace("\n", " ")


def _table(block: Table, lang: str) -> list[str]:
    lines = [f"*{_cell(block.title)}*", ""]
    rows = block.shown()
    if not rows:
        return [*lines, word("no_rows", lang), ""]
    lines.append("| " + " | ".join(_cell(h) for h in block.header) + " |")
    lines.append(
        "|"
        + "|".join("---:" if i in block.numeric else "---" for i in range(len(block.header)))
        + "|"
    )
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    if block.hidden:
        lines += ["", word("more", lang, n=block.hidden)]
    return [*lines, ""]


def _section(section: Section, level: int, lang: str) -> list[str]:
    lines = ["#" * level + " " + section.heading, ""]
    for text in section.paragraphs:
        lines += [text, ""]
    for block in section.blocks:
        if isinstance(block, Table):
            lines += _table(block, lang)
    for part in section.parts:
        lines += _section(part, min(level + 1, 4), lang)
    return lines


def render(doc: Document) -> str:
    lines = [f"# {doc.title}", "", doc.note, "", f"## {word('summary', doc.lang)}", ""]
    lines += [doc.summary, ""]
    for section in doc.sections:
        lines += _section(section, 2, doc.lang)
    lines += ["---", "", doc.made, ""]
    return "\n".join(lines)
