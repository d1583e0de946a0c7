"""The report as one printable HTML page: A4 @page rules, a page break before each main
section after the first, white background, charts as embedded PNG data, no scripts and no
address outside the file. Every text is escaped."""

from __future__ import annotations

import base64
from html import escape
from typing import Any

from redchain.periodic.layout import Chart, Document, Section, Table
from redchain.periodic.words import word
from redchain.tabular import cell_text

STYLE = """
@page{size:A4 portrait;margin:22mm 20mm}
body{font-family:"FangSong","仿宋","STFangsong","Noto Serif CJK SC","Songti SC","SimSun",
  "WenQuanYi Micro Hei",serif;color:#111;background:#fff;margin:0 auto;max-width:190mm;
  line-height:1.6;font-size:11pt}
h1,h2,h3{font-family:"SimSun","宋体","Songti SC","Noto Serif CJK SC","WenQuanYi Micro Hei",serif;
  color:#7b241c;line-height:1.3}
h1{font-size:20pt;margin:0 0 .3em}
h2{font-size:15pt;border-bottom:1.5pt solid #c0392b;padding-bottom:.15em;margin-top:1.2em}
h3{font-size:12.5pt}
.note,.made,.caption,.more{color:#555;font-size:9.5pt}
.summary{font-size:12pt;text-indent:2em}
table{border-collapse:collapse;width:100%;margin:.3em 0 1em;font-size:10pt}
thead{display:table-header-group}
tr{break-inside:avoid}
th,td{border:.5pt solid #999;padding:2pt 5pt;text-align:left;vertical-align:top}
th{background:#f2dcdb;font-weight:bold}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:.5em 0 1em;break-inside:avoid}
figure img{max-width:100%;height:auto}
figcaption{color:#555;font-size:9.5pt}
section.main+section.main{break-before:page}
@media screen{body{padding:1.5em}}
"""


def esc(value: Any) -> str:
    return escape(cell_text(value), quote=True)


def render(doc: Document) -> str:
    html_lang = "zh-CN" if doc.lang == "zh" else "en"
    body = [
        f"<header><h1>{esc(doc.title)}</h1><p class=note>{esc(doc.note)}</p></header>",
        f'<section id="summary"><h2>{esc(word("summary", doc.lang))}</h2>'
        f"<p class=summary>{esc(doc.summary)}</p></section>",
        *(_section(s, 2, doc.lang) for s in doc.sections),
        f"<footer><p class=made>{esc(doc.made)}</p></footer>",
    ]
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(doc.title)}</title><style>{STYLE}</style></head><body>"
        + "".join(body)
        + "</body></html>\n"
    )


def _section(section: Section, level: int, lang: str) -> str:
    cls = ' class="main"' if level == 2 else ""
    parts = [f'<section id="{esc(section.key)}"{cls}><h{level}>{esc(section.heading)}</h{level}>']
    parts += [f"<p>{esc(p)}</p>" for p in section.paragraphs]
    for block in section.blocks:
        parts.append(table(block, lang) if isinstance(block, Table) else chart(block))
    parts += [_section(p, min(level + 1, 4), lang) for p in section.parts]
    parts.append("</section>")
    return "".join(parts)


def chart(block: Chart) -> str:
    data = base64.b64encode(block.draw("png")).decode("ascii")
    return (
        f'<figure><img alt="{esc(block.title)}" src="data:image/png;base64,{data}">'
        f"<figcaption>{esc(block.title)}</figcaption></figure>"
    )


def table(block: Table, lang: str) -> str:
    caption = f"<p class=caption>{esc(block.title)}</p>"
    rows = block.shown()
    if not rows:
        return caption + f"<p>{esc(word('no_rows', lang))}</p>"

    def cls(i: int) -> str:
        return " class=num" if i in block.numeric else ""

    head = "".join(f"<th{cls(i)}>{esc(h)}</th>" for i, h in enumerate(block.header))
    body = "".join(
        "<tr>" + "".join(f"<td{cls(i)}>{esc(v)}</td>" for i, v in enumerate(row)) + "</tr>"
        for row in rows
    )
    more = f"<p class=more>{esc(word('more', lang, n=block.hidden))}</p>" if block.hidden else ""
    return f"{caption}<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"
