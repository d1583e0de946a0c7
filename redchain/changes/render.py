"""The changes report as text for the terminal, JSON, Markdown, or one offline HTML page.

The HTML page has inline CSS only (the gap report's style): no scripts, fonts or links to
anything outside the file, and every text is escaped.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from redchain import __version__
from redchain.atomic import write_text_atomically
from redchain.changes.builder import Changes, Section
from redchain.changes.labels import NUMERIC, cell, column, word
from redchain.cli.output import render_markdown, render_table
from redchain.errors import RedchainError
from redchain.report.html import STYLE, _table, esc
from redchain.report.labels import chain_name, check_lang

FORMATS = ("text", "json", "md", "html")
#: Sections whose entries ask for attention: their counts are shown in red on the page.
CONCERNS = frozenset({"left", "partnerships_ended", "agreements_ended", "gaps_opened"})


def render(changes: Changes, fmt: str = "text", lang: str = "zh") -> str:
    """The changes as ``fmt`` (text, json, md or html) in ``lang`` (zh or en)."""
    check_lang(lang)
    if fmt == "json":
        return json.dumps(changes.to_json(lang), ensure_ascii=False, indent=2) + "\n"
    if fmt == "text":
        return _text(changes, lang)
    if fmt == "md":
        return _markdown(changes, lang)
    if fmt == "html":
        return _html(changes, lang)
    raise RedchainError(f"unknown changes format {fmt!r}; choose one of {', '.join(FORMATS)}")


def write(
    changes: Changes, path: str | os.PathLike[str], fmt: str = "html", lang: str = "zh"
) -> Path:
    """Write the changes to ``path`` in UTF-8, replacing any old file only once complete."""
    target = Path(path)
    write_text_atomically(target, render(changes, fmt, lang))
    return target


def _heading(changes: Changes, lang: str) -> tuple[str, list[str]]:
    name = f"{chain_name(changes.chain, lang)} {word('title', lang)}"
    meta = [
        f"{word('period', lang)}: {changes.period.label(lang)} "
        f"({changes.period.start} – {changes.period.end})",
        f"{word('previous', lang)}: {changes.previous.label(lang)} "
        f"({changes.previous.start} – {changes.previous.end})",
        word(
            "gaps_compared",
            lang,
            before=changes.gaps_before.isoformat(),
            after=changes.gaps_after.isoformat(),
        ),
    ]
    return name, meta


def _cells(section: Section, lang: str) -> list[dict[str, str]]:
    headers = [column(c, lang) for c in section.columns]
    return [
        dict(zip(headers, (cell(item, c, lang) for c in section.columns), strict=True))
        for item in section.items
    ]


def _text(changes: Changes, lang: str) -> str:
    name, meta = _heading(changes, lang)
    out = [name, *meta, ""]
    for section in changes.sections:
        out.append(f"{section.title(lang)} ({section.count})")
        if section.count:
            headers = [column(c, lang) for c in section.columns]
            out.append(render_table(_cells(section, lang), headers))
        else:
            out.append(f"  {word('none', lang)}")
        out.append("")
    return "\n".join(out)


def _markdown(changes: Changes, lang: str) -> str:
    name, meta = _heading(changes, lang)
    out = [f"# {name}", "", *(f"- {line}" for line in meta), ""]
    out += [f"| {word('section', lang)} | {word('count', lang)} |", "|---|---:|"]
    out += [f"| {s.title(lang)} | {s.count} |" for s in changes.sections]
    for section in changes.sections:
        out += ["", f"## {section.title(lang)} ({section.count})", ""]
        if section.count:
            headers = [column(c, lang) for c in section.columns]
            out.append(render_markdown(_cells(section, lang), headers))
        else:
            out.append(word("none", lang))
    return "\n".join(out) + "\n"


def _html_section(section: Section, lang: str) -> str:
    has = " has" if section.count and section.name in CONCERNS else ""
    parts = [
        f'<section id="{esc(section.name)}">',
        f'<h2>{esc(section.title(lang))} <span class="count{has}">{section.count}</span></h2>',
    ]
    if section.count:
        numeric = {i for i, c in enumerate(section.columns) if c in NUMERIC}
        parts.append(
            _table(
                [column(c, lang) for c in section.columns],
                [[cell(item, c, lang) for c in section.columns] for item in section.items],
                numeric,
            )
        )
    else:
        parts.append(f"<p>{esc(word('none', lang))}</p>")
    parts.append("</section>")
    return "".join(parts)


def _html(changes: Changes, lang: str) -> str:
    name, meta = _heading(changes, lang)
    overview = "".join(
        f'<tr><td><a href="#{esc(s.name)}">{esc(s.title(lang))}</a></td>'
        f"<td class=num>{s.count}</td></tr>"
        for s in changes.sections
    )
    body = [
        f"<header><h1>{esc(name)}</h1>",
        *(f"<p>{esc(line)}</p>" for line in meta),
        "</header><main>",
        f'<section id="overview"><h2>{esc(word("overview", lang))}</h2><table><thead><tr>'
        f"<th>{esc(word('section', lang))}</th><th class=num>{esc(word('count', lang))}</th>"
        f"</tr></thead><tbody>{overview}</tbody></table></section>",
        *(_html_section(s, lang) for s in changes.sections),
        f"</main><footer>{esc(word('generated', lang, v=__version__))}</footer>",
    ]
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(name)}</title><style>{STYLE}</style></head><body>"
        + "".join(body)
        + "</body></html>\n"
    )
