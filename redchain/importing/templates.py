"""Empty import files with the right headers and one example row, for clerks to start from.

The first column is the row counter (序号 / No.), which the importer reads past; in the example
row it says 示例 / example, and the importer refuses a row so marked
(:mod:`redchain.importing.example`), so a forgotten example row is never imported.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from redchain.atomic import replace_atomically, write_bytes_atomically
from redchain.importing.checks import DOMAIN_RULES
from redchain.importing.example import MARKS
from redchain.importing.kinds import KIND_BY_NAME, Field, ImportKind
from redchain.importing.normalize import DATE_FIX
from redchain.importing.problems import Invalid
from redchain.importing.rows import CHOICES
from redchain.model import DOMAIN_BY_KEY, DOMAINS
from redchain.tabular import SPOOL_ERRORS, spool_failure

LANGS = ("zh", "en")
COUNTER = {"zh": "序号", "en": "No."}
EXAMPLE_NOTE = {
    "zh": "第2行是示例，导入时会被拒绝：请删除或改写为真实数据。",
    "en": "Row 2 is an example, which the import refuses: delete it or overwrite it.",
}
TEXT_FORMAT = "@"  # Excel's "Text" number format: digits stay as typed


def is_code_column(field: Field) -> bool:
    """Columns Excel must not turn into numbers: credit codes, references, phones, ids."""
    return (
        field.type == "uscc"
        or (
            field.type == "ref"
            and field.ref in ("org", "activity", "agreement", "honour", "cohort")
        )
        or field.name in ("phone", "code", "number")
    )


def describe(kind: ImportKind, field: Field, lang: str) -> str:
    """What a column takes, for the template's notes sheet and the docs."""
    zh = lang == "zh"
    if field.type == "uscc":
        return "18位统一社会信用代码" if zh else "18-character credit code"
    if field.type == "date":
        return "日期，如 2023-05-01" if zh else "date, such as 2023-05-01"
    if field.type == "int":
        return "整数" if zh else "whole number"
    if field.type == "float":
        return "数字" if zh else "number"
    if field.type == "bool":
        return "是 / 否" if zh else "是/否 (yes/no)"
    if field.type == "domain":
        return " / ".join(d.zh if zh else f"{d.key} ({d.zh})" for d in DOMAINS)
    if field.type == "choice":
        kinds = CHOICES[(kind.name, field.name)]
        return " / ".join(k.zh if zh else f"{k.key} ({k.zh})" for k in kinds)
    if field.type == "ref" and (kind.name, field.name) in DOMAIN_RULES:
        domain = DOMAIN_BY_KEY[DOMAIN_RULES[(kind.name, field.name)]]
        if zh:
            return f"{domain.zh}单位的名称或统一社会信用代码"
        return f"name or credit code of a unit of the domain {domain.key} ({domain.zh})"
    if field.type == "ref":
        return {
            "org": "单位名称或统一社会信用代码" if zh else "unit name or credit code",
            "chain": "链名称" if zh else "chain name",
            "base": "基地名称" if zh else "base name",
            "activity": "活动编号" if zh else "activity code",
            "agreement": "协议编号" if zh else "agreement number",
            "honour": "荣誉编号" if zh else "honour code",
            "cohort": "批次编号" if zh else "cohort code",
        }[field.ref or "org"]
    return "文本" if zh else "text"


def write_template(kind: str, out: str | Path, lang: str = "zh") -> Path:
    """Write a template for ``kind`` to ``out`` (.xlsx or .csv) with headers in ``lang``."""
    if kind not in KIND_BY_NAME:
        raise Invalid(
            f"{kind!r} is not an import kind", "choose one of: " + ", ".join(KIND_BY_NAME)
        )
    if lang not in LANGS:
        raise Invalid(f"{lang!r} is not a template language", "choose zh or en")
    path = Path(out)
    import_kind = KIND_BY_NAME[kind]
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        _write_xlsx(path, import_kind, lang)
    elif suffix == ".csv":
        _write_csv(path, import_kind, lang)
    else:
        raise Invalid(
            f"a template cannot be written as {suffix or 'a file without an extension'}",
            "name the output file .xlsx or .csv",
        )
    return path


def _header(field: Field, lang: str) -> str:
    return field.zh if lang == "zh" else field.name


def _write_csv(path: Path, kind: ImportKind, lang: str) -> None:
    with replace_atomically(path, encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([COUNTER[lang], *(_header(field, lang) for field in kind.fields)])
        writer.writerow([MARKS[lang], *(field.example for field in kind.fields)])


def _width(text: str) -> float:
    # Chinese characters take about two columns of Excel's default font.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _write_xlsx(path: Path, kind: ImportKind, lang: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    zh = lang == "zh"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = kind.zh if zh else kind.name
    bold = Font(bold=True)
    required_fill = PatternFill("solid", fgColor="FDE9D9")
    sheet.cell(row=1, column=1, value=COUNTER[lang]).font = bold
    sheet.cell(row=2, column=1, value=MARKS[lang])
    sheet.column_dimensions["A"].width = 8
    for col, field in enumerate(kind.fields, start=2):
        head = sheet.cell(row=1, column=col, value=_header(field, lang))
        head.font = bold
        if field.required:
            head.fill = required_fill
        example = sheet.cell(row=2, column=col, value=field.example or None)
        letter = get_column_letter(col)
        if is_code_column(field):
            # Format the whole column as text, not just the cells written here.
            sheet.column_dimensions[letter].number_format = TEXT_FORMAT
            example.number_format = TEXT_FORMAT
        widest = max(_width(_header(field, lang)), _width(field.example), 8)
        sheet.column_dimensions[letter].width = min(widest + 2, 60)
    sheet.freeze_panes = "B2"

    notes = book.create_sheet("说明" if zh else "Notes")
    titles = ("列名", "英文名", "必填", "填写内容") if zh else ("column", "zh", "required", "takes")
    notes.append(list(titles))
    for cell in notes[1]:
        cell.font = bold
    for field in kind.fields:
        required = ("是" if zh else "yes") if field.required else ""
        other = field.name if zh else field.zh
        notes.append([_header(field, lang), other, required, describe(kind, field, lang)])
    notes.append([])
    notes.append(["日期写法" if zh else "dates", DATE_FIX])
    notes.append(["示例行" if zh else "example row", EXAMPLE_NOTE[lang]])
    for letter, width in zip("ABCD", (18, 16, 8, 60), strict=True):
        notes.column_dimensions[letter].width = width
    built = io.BytesIO()  # built aside, so that a full disk fails only the copy below
    try:
        book.save(built)
    except SPOOL_ERRORS as error:  # openpyxl spools parts to temporary files while saving
        raise spool_failure(path, error) from None
    write_bytes_atomically(path, built.getvalue())
