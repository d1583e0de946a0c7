"""The report as a Word file (.docx) through python-docx: A4 portrait, 仿宋 body and 宋体
headings named in the styles (East Asian and Latin), tables whose header rows repeat on every
page, and the charts as PNG pictures."""

from __future__ import annotations

import io
from typing import Any

from redchain.periodic.layout import Chart, Document, Section, Table
from redchain.periodic.words import word
from redchain.tabular import cell_text, display_width

BODY_FONT = "仿宋"
HEADING_FONT = "宋体"
LATIN_FONT = "Times New Roman"
HEADER_FILL = "F2DCDB"
# A4 less the left and right margins.
TEXT_WIDTH_CM = 21.0 - 2 * 2.8


def render(doc: Document) -> bytes:
    from docx import Document as new_document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    out = new_document()
    section = out.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.54)
    section.left_margin = section.right_margin = Cm((21.0 - TEXT_WIDTH_CM) / 2)
    _styles(out)
    core = out.core_properties
    core.title, core.author, core.language = doc.title, "redchain", _lang_tag(doc.lang)

    out.add_heading(doc.title, level=0)
    out.add_paragraph(doc.note).runs[0].font.size = Pt(10)
    out.add_heading(word("summary", doc.lang), level=1)
    out.add_paragraph(doc.summary)
    for part in doc.sections:
        _section(out, part, 1, doc.lang)
    footer = section.footer.paragraphs[0]
    footer.text = doc.made
    out_bytes = io.BytesIO()
    out.save(out_bytes)
    return out_bytes.getvalue()


def _lang_tag(lang: str) -> str:
    return "zh-CN" if lang == "zh" else "en-GB"


def _styles(out: Any) -> None:
    from docx.shared import Pt, RGBColor

    for name, font, size in (
        ("Normal", BODY_FONT, 12),
        ("Title", HEADING_FONT, 20),
        ("Heading 1", HEADING_FONT, 16),
        ("Heading 2", HEADING_FONT, 14),
        ("Heading 3", HEADING_FONT, 12),
        ("Caption", HEADING_FONT, 10.5),
    ):
        style = out.styles[name]
        style.font.name = LATIN_FONT
        style.font.size = Pt(size)
        if name != "Normal":
            style.font.color.rgb = RGBColor(0x7B, 0x24, 0x1C)
        _east_asian(style.element, font)


def _east_asian(element: Any, font: str) -> None:
    """Name ``font`` for East Asian text (w:eastAsia), and Times New Roman for Latin."""
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), font)


def _section(out: Any, section: Section, level: int, lang: str) -> None:
    out.add_heading(section.heading, level=level)
    for text in section.paragraphs:
        out.add_paragraph(text)
    for block in section.blocks:
        if isinstance(block, Table):
            _table(out, block, lang)
        else:
            _chart(out, block)
    for part in section.parts:
        _section(out, part, min(level + 1, 3), lang)


def _chart(out: Any, chart: Chart) -> None:
    from docx.shared import Cm

    out.add_picture(io.BytesIO(chart.draw("png")), width=Cm(TEXT_WIDTH_CM))
    out.add_paragraph(chart.title, style="Caption")


def _table(out: Any, table: Table, lang: str) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    out.add_paragraph(table.title, style="Caption")
    rows = table.shown()
    if not rows:
        out.add_paragraph(word("no_rows", lang))
        return
    grid = out.add_table(rows=1, cols=len(table.header))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    head = grid.rows[0]
    _repeat_header(head)
    for i, text in enumerate(table.header):
        cell = head.cells[i]
        cell.text = text
        _shade(cell)
        run = cell.paragraphs[0].runs[0]
        run.bold = True
        run.font.size = Pt(10.5)
    for values in rows:
        cells = grid.add_row().cells
        for i, value in enumerate(values):
            cells[i].text = cell_text(value)
            paragraph = cells[i].paragraphs[0]
            if paragraph.runs:
                paragraph.runs[0].font.size = Pt(10.5)
            if i in table.numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    grid.autofit = False
    for column, width in zip(grid.columns, _widths(table, rows), strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    if table.hidden:
        out.add_paragraph(word("more", lang, n=table.hidden))


def _widths(table: Table, rows: list[list[Any]]) -> list[Any]:
    """Column widths that share the text width by how wide each column's texts are."""
    from docx.shared import Cm

    wanted = []
    for i, head in enumerate(table.header):
        texts = [head] + [cell_text(r[i]) for r in rows if i < len(r)]
        widest = max(display_width(t) for t in texts)
        # Two columns for the cell's margins; numbers never wrap, long names may.
        if i in table.numeric:
            wanted.append(min(max(widest, 6), 12) + 2)
        else:
            wanted.append(min(max(widest, 4), 30) + 2)
    total = sum(wanted) or 1
    return [Cm(TEXT_WIDTH_CM * w / total) for w in wanted]


def _repeat_header(row: Any) -> None:
    """Mark a row as the table's header: Word and LibreOffice repeat it on every page."""
    from docx.oxml.ns import qn

    trpr = row._tr.get_or_add_trPr()
    header = trpr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"})
    trpr.append(header)
    cant_split = trpr.makeelement(qn("w:cantSplit"), {qn("w:val"): "true"})
    trpr.append(cant_split)


def _shade(cell: Any) -> None:
    from docx.oxml.ns import qn

    tcpr = cell._tc.get_or_add_tcPr()
    fill = tcpr.makeelement(
        qn("w:shd"), {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): HEADER_FILL}
    )
    tcpr.append(fill)
