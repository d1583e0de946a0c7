"""The catalogue page, docs/queries.md, written out from the query headers.

``python -m redchain.queries.docs --write`` (and ``python -m redchain.cli.reference --write``,
which writes docs/cli.md beside it) regenerates the page; a test fails when it is stale.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from pathlib import Path

from redchain.queries.catalogue import Query, catalogue

AS_OF_RULE = """\
Dates in the graph are DATE values and date parameters are dates: a query reads one as
`date($as_of)`, which takes the date Neo4j receives and the ISO text (`2024-06-30`) FalkorDB
receives, since FalkorDB's parameters cannot carry a date. Every query views the network as it
stood on the date in `as_of` (the default is in [the date rule](#the-date-rule)):

- a partnership counts if `(since IS NULL OR since <= date($as_of)) AND (until IS NULL OR
  until > date($as_of))`;
- a membership counts if `(joined_on IS NULL OR joined_on <= date($as_of)) AND (left_on IS NULL OR
  left_on > date($as_of))`;
- an activity counts if `date <= date($as_of)`; a talent link or a cohort if its `year` is at
  most `date($as_of).year`;
- an agreement's stage on the date is the last stage whose date is on or before it; an agreement
  is in force if it is signed by then and its `ends_on` is not before it (the end date itself is
  in force), and begun if it has reached a stage by then (or has no stage dates).

The **members** of a chain (parameter `chain`, default 金桥红链) are the organisations with a
membership that counts; the chain master is the organisation the chain is `LED_BY`. The gap queries
look at the chain's **member network**: its members and the partnerships that count between two
members. Periods (`from`, `to`, `since`) include both ends."""


DATE_RULE = """\
`gaps`, `viz`, `query run` and the points ranking share one rule: the date is `--as-of` (the
`as_of` parameter) when given, and today otherwise; periods default to the year up to it
(`as_of-1y` to `as_of`, both included), and so do the points a view shows, labelled with that
period. When the newest activity in the graph lies more than 180 days before the date used, the
command says so in one line on stderr and suggests `--as-of` with that activity's date: a graph
that has not been updated for a while (or the sample, which ends in 2024) would otherwise show
every member dormant and every base idle with no hint why."""


HEADERS = """\
A file starts with `//` lines of the form `// key: value`: `name` (its path below `cypher/`),
`title.zh`/`title.en`, `answers.zh`/`answers.en`, `mode` (`read` or `write`), and one `param`
line per parameter, `NAME TYPE [= DEFAULT] | 中文说明 | English description` (types text, date,
int, float, bool). A date default is `today`, a date, or another parameter moved back or forward
by days, months or years, the amount written or taken from an int parameter: `as_of-1y`,
`as_of+{days}d`. Date arithmetic is done there, in Python, never with Cypher durations, which the
engines compute differently. A check of the gap report (a file in `gaps/`) also gives `columns`
(the fields its tables show), `order` (its place in the report) and `advice.zh`/`advice.en`, and
may give `shape: domain_matrix`, `compute` (a Python step: `reachability`,
`articulation_points`), `note.zh`/`note.en` (why the step exists) and `caveat.zh`/`caveat.en`
(shown when the step finds its input calls for it). See [gaps.md](gaps.md#adding-a-check)."""


EXTRAS = """\
`redchain cypher "MATCH ..." [--param key=value]` runs any Cypher, read-only unless `--write`
(FalkorDB read-only queries, Neo4j read access). Parameters are text unless typed:
`n:int=5`, `x:float=1.5`, `b:bool=true`, `d:date=2024-06-30`, `codes:json=["a","b"]`; write a
date parameter as `date($d)` so that the query runs on both engines. At most
`--limit` rows (1000) are printed; `--timeout SECONDS` gives up on a slow query.

`redchain export --query NAME` writes a query's rows to one file (csv, xlsx, jsonl), and rows
with `source` and `target` columns, as `explore/partnership_edges` returns, to GraphML or GEXF
for Gephi: the chain's network on a date. [export.md](export.md) shows every format and the
whole-graph exports."""


def docs_markdown(queries: Mapping[str, Query] | None = None) -> str:
    """``docs/queries.md``: the catalogue written out from the headers."""
    queries = queries if queries is not None else catalogue()
    out: list[str] = [
        "# Query library / 查询库",
        "",
        "<!-- Generated from the headers of the files in cypher/ by `python -m "
        "redchain.cli.reference --write` (beside docs/cli.md) or `redchain query docs --out "
        "docs/queries.md`. Edit those files, not this page. -->",
        "",
        "Every query is one file in [`cypher/`](../cypher/), runnable as it is in cypher-shell "
        "(set its parameters with `:param`), or through redchain:",
        "",
        "```sh",
        "redchain query list",
        "redchain query show gaps/dormant_members",
        "redchain query run gaps/dormant_members --param since=2024-01-01 --format csv",
        "```",
        "",
        "## Dates and members",
        "",
        AS_OF_RULE,
        "",
        "## The date rule",
        "",
        DATE_RULE,
        "",
        "## Headers",
        "",
        HEADERS,
        "",
        "## Ad-hoc queries and exports",
        "",
        EXTRAS,
        "",
        "## Contents",
        "",
    ]
    for q in queries.values():
        out.append(f"- [`{q.name}`](#{_anchor(q.name)}): {q.title_zh} / {q.title_en}")
    for folder in dict.fromkeys(q.folder for q in queries.values()):
        out += ["", f"## {folder}/"]
        for q in (q for q in queries.values() if q.folder == folder):
            out += _docs_entry(q)
    return "\n".join(out) + "\n"


def _anchor(name: str) -> str:
    return re.sub(r"[^a-z0-9_-]", "", name.lower().replace("/", ""))


def _docs_entry(q: Query) -> list[str]:
    out = [
        "",
        f"### {q.name}",
        "",
        f"**{q.title_zh}** / **{q.title_en}** · mode `{q.mode}` · [`{q.path}`](../{q.path})",
        "",
        f"{q.answers_zh}",
        "",
        f"{q.answers_en}",
    ]
    if q.params:
        out += ["", "| parameter | type | default | 说明 | description |", "|---|---|---|---|---|"]
        for p in q.params:
            default = "*(required)*" if p.required else f"`{p.default}`"
            out.append(f"| `{p.name}` | {p.type} | {default} | {p.zh} | {p.en} |")
    if q.is_gap_check:
        shape = "" if q.shape == "rows" else f" · shape `{q.shape}`"
        columns = ", ".join(f"`{c}`" for c in q.columns)
        out += ["", f"Gap check · order {q.order} · columns {columns}{shape}"]
    if q.compute:
        out += ["", f"Python step: `{q.compute}`. {q.note_en or ''}", "", f"{q.note_zh or ''}"]
    if q.caveat_zh:
        out += ["", f"Caveat / 提示: {q.caveat_zh} {q.caveat_en}"]
    if q.advice_zh:
        out += ["", f"What to do / 怎么办: {q.advice_zh} {q.advice_en}"]
    out += ["", "```cypher", q.cypher, "```"]
    return out


def page_path() -> Path:
    return Path(__file__).resolve().parents[2] / "docs" / "queries.md"


def write_page() -> Path:
    path = page_path()
    path.write_text(docs_markdown(), encoding="utf-8")
    return path


def main(argv: list[str]) -> int:
    if "--write" in argv:
        write_page()
    else:
        sys.stdout.write(docs_markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
