"""The named query library: the ``.cypher`` files under ``cypher/``, their headers, running them.

Each file holds one query. Its header is a block of ``//`` comment lines (so the file runs
unchanged in cypher-shell) of the form ``// key: value``::

    // name: gaps/isolated
    // title.zh: 孤立的成员
    // title.en: Isolated members
    // answers.zh: …            answers.en: …
    // param: as_of date = today | 查看日期 | View the network as it stood on this date
    // mode: read
    // advice.zh: …             advice.en: …     (gap queries: what to do about it)
    // compute: articulation_points              (optional: a Python step after the Cypher)
    // note.zh: …               note.en: …       (optional: why the Python step exists)

A parameter line is ``NAME TYPE [= DEFAULT] | 中文说明 | English description``. Types are text,
date, int, float and bool. A default is a literal, ``null``, ``today``, or for dates another
parameter with an optional offset in days, months or years (``as_of-1y``, ``to-30d``). A parameter
without a default is required.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from redchain.engines.base import Engine, Record
from redchain.errors import QueryError, ReadOnlyViolation, RedchainError

PARAM_TYPES = ("text", "date", "int", "float", "bool")
MODES = ("read", "write")
# Header keys that must appear in every file, and those that may.
REQUIRED_KEYS = ("name", "title.zh", "title.en", "answers.zh", "answers.en", "mode")
OPTIONAL_KEYS = ("advice.zh", "advice.en", "compute", "note.zh", "note.en")
_HEADER_LINE = re.compile(r"^//\s*([a-z_.]+)\s*:\s*(.*?)\s*$")
_PARAM_SPEC = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s+([a-z]+)(?:\s*=\s*(.*?))?$")
_RELATIVE_DATE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(?:\s*-\s*(\d+)\s*([dmy]))?$")
_PARAM_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_LOOSE_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_TRUE = {"true", "1", "yes", "y", "是", "t"}
_FALSE = {"false", "0", "no", "n", "否", "f"}


class QueryFileError(RedchainError):
    """A ``.cypher`` file's header is malformed; the message names file and line."""


class QueryParamError(RedchainError):
    """A parameter given to a named query is unknown, missing or of the wrong type."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None  # as written in the header; None when the parameter is required
    zh: str = ""
    en: str = ""

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class Query:
    """One named query: its header metadata and its Cypher."""

    name: str
    path: str  # where it came from, for messages: "cypher/gaps/isolated.cypher"
    title_zh: str
    title_en: str
    answers_zh: str
    answers_en: str
    mode: str
    params: tuple[Param, ...]
    cypher: str  # the body: everything after the header
    advice_zh: str | None = None
    advice_en: str | None = None
    compute: str | None = None
    note_zh: str | None = None
    note_en: str | None = None
    text: str = field(default="", repr=False)  # the whole file

    @property
    def folder(self) -> str:
        return self.name.split("/", 1)[0]

    def title(self, lang: str = "zh") -> str:
        return self.title_zh if lang == "zh" else self.title_en

    def answers(self, lang: str = "zh") -> str:
        return self.answers_zh if lang == "zh" else self.answers_en

    def advice(self, lang: str = "zh") -> str | None:
        return self.advice_zh if lang == "zh" else self.advice_en

    def note(self, lang: str = "zh") -> str | None:
        return self.note_zh if lang == "zh" else self.note_en

    def cypher_params(self) -> list[str]:
        """Parameter names the Cypher uses, in order of first use."""
        return list(dict.fromkeys(_PARAM_USE.findall(_without_comments(self.cypher))))

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "path": self.path,
            "title": {"zh": self.title_zh, "en": self.title_en},
            "answers": {"zh": self.answers_zh, "en": self.answers_en},
            "mode": self.mode,
            "params": [
                {
                    "name": p.name,
                    "type": p.type,
                    "default": p.default,
                    "required": p.required,
                    "zh": p.zh,
                    "en": p.en,
                }
                for p in self.params
            ],
            "advice": {"zh": self.advice_zh, "en": self.advice_en} if self.advice_zh else None,
            "compute": self.compute,
            "note": {"zh": self.note_zh, "en": self.note_en} if self.note_zh else None,
            "cypher": self.cypher,
        }


# --- Python steps that follow a query's Cypher ---

Compute = Callable[[list[Record], Mapping[str, Any]], list[Record]]


def _reachability(rows: list[Record], params: Mapping[str, Any]) -> list[Record]:
    from redchain import connectivity

    return connectivity.unreachable_rows(rows, int(params["hops"]))


def _articulation(rows: list[Record], params: Mapping[str, Any]) -> list[Record]:
    from redchain import connectivity

    return connectivity.cut_unit_rows(rows)


#: compute name -> (function, parameters it reads besides those the Cypher uses)
COMPUTE: dict[str, tuple[Compute, tuple[str, ...]]] = {
    "reachability": (_reachability, ("hops",)),
    "articulation_points": (_articulation, ()),
}


# --- Reading the files ---


def shipped_dir() -> Path:
    """The folder of the queries that ship with redchain (``cypher/`` in the source tree)."""
    return Path(str(files("redchain").joinpath("_cypher")))


def parse(text: str, path: str = "<query>") -> Query:
    """Read one query file's text; raises :class:`QueryFileError` naming the line at fault."""
    lines = text.splitlines()
    meta: dict[str, str] = {}
    params: list[Param] = []
    body_start = len(lines)
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("//"):
            body_start = number - 1
            break
        match = _HEADER_LINE.match(stripped)
        if not match:
            raise QueryFileError(
                f"{path}:{number}: header lines look like '// key: value'; got {stripped!r}"
            )
        key, value = match.groups()
        if key == "param":
            params.append(_parse_param(value, path, number))
            continue
        if key not in REQUIRED_KEYS + OPTIONAL_KEYS:
            known = ", ".join((*REQUIRED_KEYS, *OPTIONAL_KEYS, "param"))
            raise QueryFileError(f"{path}:{number}: unknown header key {key!r}; known: {known}")
        if key in meta:
            raise QueryFileError(f"{path}:{number}: {key!r} is given twice")
        meta[key] = value
    missing = [k for k in REQUIRED_KEYS if not meta.get(k)]
    if missing:
        raise QueryFileError(f"{path}: the header lacks {', '.join(missing)}")
    if meta["mode"] not in MODES:
        raise QueryFileError(f"{path}: mode must be read or write, not {meta['mode']!r}")
    if "compute" in meta and meta["compute"] not in COMPUTE:
        raise QueryFileError(
            f"{path}: unknown compute step {meta['compute']!r}; known: {', '.join(COMPUTE)}"
        )
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise QueryFileError(f"{path}: a parameter is declared twice: {', '.join(names)}")
    cypher = "\n".join(lines[body_start:]).strip()
    if not cypher:
        raise QueryFileError(f"{path}: no Cypher after the header")
    query = Query(
        name=meta["name"],
        path=path,
        title_zh=meta["title.zh"],
        title_en=meta["title.en"],
        answers_zh=meta["answers.zh"],
        answers_en=meta["answers.en"],
        mode=meta["mode"],
        params=tuple(params),
        cypher=cypher,
        advice_zh=meta.get("advice.zh"),
        advice_en=meta.get("advice.en"),
        compute=meta.get("compute"),
        note_zh=meta.get("note.zh"),
        note_en=meta.get("note.en"),
        text=text,
    )
    _check_params(query)
    return query


def _parse_param(value: str, path: str, number: int) -> Param:
    spec, _, rest = value.partition("|")
    zh, _, en = rest.partition("|")
    match = _PARAM_SPEC.match(spec.strip())
    if not match:
        raise QueryFileError(
            f"{path}:{number}: a parameter reads 'NAME TYPE [= DEFAULT] | 中文 | English'; "
            f"got {value!r}"
        )
    name, type_, default = match.groups()
    if type_ not in PARAM_TYPES:
        raise QueryFileError(
            f"{path}:{number}: parameter {name!r} has type {type_!r}; use one of "
            f"{', '.join(PARAM_TYPES)}"
        )
    return Param(name, type_, default, zh.strip(), en.strip())


def _check_params(query: Query) -> None:
    declared = {p.name for p in query.params}
    used = set(query.cypher_params())
    undeclared = used - declared
    if undeclared:
        raise QueryFileError(
            f"{query.path}: the Cypher uses ${', $'.join(sorted(undeclared))} but the header "
            "declares no such parameter; add a '// param:' line"
        )
    computed = set(COMPUTE[query.compute][1]) if query.compute else set()
    unused = declared - used - computed - _default_anchors(query)
    if unused:
        raise QueryFileError(
            f"{query.path}: parameter {', '.join(sorted(unused))} is declared but never used"
        )
    for p in query.params:
        if p.type == "date" and p.default not in (None, "null", "today"):
            match = _RELATIVE_DATE.match(p.default)
            if match and match.group(1) not in declared and not _is_iso(p.default):
                raise QueryFileError(
                    f"{query.path}: default of {p.name!r} refers to {match.group(1)!r}, which is "
                    "not a parameter of this query"
                )


def _default_anchors(query: Query) -> set[str]:
    """Parameters other defaults are computed from (``to = as_of``) count as used."""
    anchors = set()
    for p in query.params:
        if p.type == "date" and p.default:
            match = _RELATIVE_DATE.match(p.default)
            if match:
                anchors.add(match.group(1))
    return anchors


def _without_comments(cypher: str) -> str:
    return "\n".join(line for line in cypher.splitlines() if not line.strip().startswith("//"))


def _is_iso(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def load_dir(directory: Path) -> dict[str, Query]:
    """Every ``*.cypher`` file below ``directory``, by name; a name must match its file's path."""
    catalogue: dict[str, Query] = {}
    for path in sorted(directory.rglob("*.cypher")):
        relative = path.relative_to(directory).with_suffix("").as_posix()
        shown = f"cypher/{relative}.cypher"
        query = parse(path.read_text(encoding="utf-8"), shown)
        if query.name != relative:
            raise QueryFileError(
                f"{shown}: the header names it {query.name!r}; a query's name is its path "
                f"below cypher/ without .cypher ({relative!r})"
            )
        catalogue[query.name] = query
    return catalogue


_CATALOGUE: dict[str, Query] | None = None


def catalogue() -> dict[str, Query]:
    """The shipped queries by name (read once per process)."""
    global _CATALOGUE
    if _CATALOGUE is None:
        folder = shipped_dir()
        if not folder.is_dir():
            raise QueryFileError(
                f"the query files are missing from this installation ({folder}); reinstall "
                "redchain (pip install --force-reinstall redchain)"
            )
        _CATALOGUE = load_dir(folder)
    return _CATALOGUE


def get(name: str) -> Query:
    """The shipped query called ``name``; the error lists close names."""
    known = catalogue()
    if name.endswith(".cypher"):
        name = name[: -len(".cypher")]
    if name in known:
        return known[name]
    close = [n for n in known if name in n or n.endswith("/" + name)]
    hint = f"did you mean {', '.join(close)}?" if close else "run 'redchain query list' to see all"
    raise QueryParamError(f"no query named {name!r}; {hint}")


# --- Parameters ---


def parse_date(text: str | dt.date, name: str = "date") -> dt.date:
    """The date written 2023-05-01, 2023/5/1 or 2023年5月1日 (or given as a date already)."""
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    match = _LOOSE_DATE.match(text)
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    raise QueryParamError(f"{name}: {text!r} is not a date; write it as 2023-05-01")


def convert(param: Param, value: Any) -> Any:
    """``value`` (text from the command line, or a Python value) as the parameter's type."""
    if value is None:
        return None
    label = f"parameter {param.name!r} ({param.type})"
    try:
        if param.type == "date":
            return parse_date(value if isinstance(value, dt.date) else str(value), label)
        if param.type == "int":
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError
            return int(str(value).strip()) if isinstance(value, str) else int(value)
        if param.type == "float":
            if isinstance(value, bool):
                raise ValueError
            return float(value)
        if param.type == "bool":
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in _TRUE:
                return True
            if text in _FALSE:
                return False
            raise ValueError
    except (ValueError, TypeError):
        raise QueryParamError(f"{label}: {value!r} is not a valid {param.type}") from None
    return str(value)


def shift_date(day: dt.date, amount: int, unit: str) -> dt.date:
    if unit == "d":
        try:
            return day - dt.timedelta(days=amount)
        except OverflowError:
            raise QueryParamError(f"{day.isoformat()} is too near the calendar's end") from None
    months = day.year * 12 + day.month - 1 - (amount * 12 if unit == "y" else amount)
    year, month = divmod(months, 12)
    month += 1
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise QueryParamError(f"{day.isoformat()} is too near the calendar's end for this query")
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _default(
    param: Param, resolved: Mapping[str, Any], today: dt.date, query: Query
) -> tuple[bool, Any]:
    """(ready, value): not ready while the parameter it is computed from is still unresolved."""
    text = param.default
    assert text is not None
    if text == "null":
        return True, None
    if param.type != "date":
        return True, convert(param, text)
    if text == "today":
        return True, today
    if _is_iso(text):
        return True, dt.date.fromisoformat(text)
    match = _RELATIVE_DATE.match(text)
    if not match:
        raise QueryFileError(f"{query.path}: cannot read the default {text!r} of {param.name!r}")
    anchor, amount, unit = match.groups()
    if anchor not in resolved:
        return False, None
    base = resolved[anchor]
    if base is None:
        return True, None
    if not amount:
        return True, base
    return True, shift_date(base, int(amount), unit)


def resolve(
    query: Query, given: Mapping[str, Any] | None = None, today: dt.date | None = None
) -> dict[str, Any]:
    """Every parameter of ``query``: the given ones converted to their types, the rest defaulted.

    Unknown and missing parameters are errors that name the query's parameters.
    """
    given = dict(given or {})
    names = [p.name for p in query.params]
    unknown = [k for k in given if k not in names]
    if unknown:
        listing = ", ".join(names) if names else "none"
        raise QueryParamError(
            f"{query.name} has no parameter {', '.join(map(repr, unknown))}; its parameters: "
            f"{listing}"
        )
    resolved: dict[str, Any] = {}
    for p in query.params:
        if p.name in given:
            resolved[p.name] = convert(p, given[p.name])
        elif p.required:
            raise QueryParamError(
                f"{query.name} needs the parameter {p.name!r} ({p.type}: {p.en}); pass "
                f"--param {p.name}=VALUE"
            )
    today = today or dt.date.today()
    pending = [p for p in query.params if p.name not in resolved]
    while pending:
        progressed = False
        for p in list(pending):
            ready, value = _default(p, resolved, today, query)
            if ready:
                resolved[p.name] = value
                pending.remove(p)
                progressed = True
        if not progressed:
            cycle = ", ".join(p.name for p in pending)
            raise QueryFileError(f"{query.path}: the defaults of {cycle} refer to each other")
    return {p.name: resolved[p.name] for p in query.params}


def parse_assignments(pairs: Iterable[str]) -> dict[str, str]:
    """``["key=value", ...]`` from ``--param`` options, as a dict; the value may contain '='."""
    result: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise QueryParamError(f"--param {pair!r}: write it as key=value, e.g. as_of=2024-06-30")
        result[key] = value
    return result


def parse_typed_assignments(pairs: Iterable[str]) -> dict[str, Any]:
    """``--param`` values for ad-hoc Cypher: ``key=text``, or typed as ``key:int=5``,
    ``key:float=2.5``, ``key:bool=true``, ``key:date=2024/6/30``, ``key:json=["a", "b"]``."""
    result: dict[str, Any] = {}
    for key, value in parse_assignments(pairs).items():
        name, _, type_ = key.partition(":")
        type_ = type_ or "text"
        if type_ == "json":
            try:
                result[name] = json.loads(value)
            except json.JSONDecodeError as exc:
                raise QueryParamError(
                    f"--param {key}: {value!r} is not valid JSON ({exc})"
                ) from None
        elif type_ in PARAM_TYPES:
            result[name] = convert(Param(name, type_, None), value)
        else:
            raise QueryParamError(
                f"--param {key}: unknown type {type_!r}; use {', '.join(PARAM_TYPES)} or json"
            )
        if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", name):
            raise QueryParamError(f"--param {key}: {name!r} is not a parameter name")
    return result


# --- Running ---


def run(
    engine: Engine,
    query: Query | str,
    params: Mapping[str, Any] | None = None,
    *,
    write: bool = False,
    timeout: float | None = None,
    today: dt.date | None = None,
    compute: bool = True,
) -> list[Record]:
    """Run a named query with its parameters resolved; then its Python step, if it has one.

    A query whose mode is ``write`` runs only with ``write=True``; a read query always runs
    read-only, so a mislabelled file cannot change the graph.
    """
    if isinstance(query, str):
        query = get(query)
    if query.mode == "write" and not write:
        raise ReadOnlyViolation(
            f"{query.name} changes the graph; run it with --write (write=True) if that is intended"
        )
    resolved = resolve(query, params, today)
    rows = run_cypher(engine, query, resolved, timeout=timeout)
    if compute and query.compute:
        rows = COMPUTE[query.compute][0](rows, resolved)
    return rows


def run_named(engine: Engine, name: str, params: Mapping[str, Any] | None = None) -> list[Record]:
    """Run the shipped read query ``name`` with parameters given as text or values."""
    return run(engine, name, params)


def run_cypher(
    engine: Engine, query: Query, resolved: Mapping[str, Any], timeout: float | None = None
) -> list[Record]:
    """The query's Cypher alone, with exactly the parameters it uses (no Python step)."""
    used = {k: resolved[k] for k in query.cypher_params()}
    try:
        return engine.run(query.cypher, used, write=query.mode == "write", timeout=timeout)
    except ReadOnlyViolation:
        raise
    except QueryError as exc:
        raise QueryError(f"{query.name} ({query.path}): {exc}") from exc


# --- The generated catalogue page ---

AS_OF_RULE = """\
Dates in the graph are DATE values and date parameters are dates: a query reads one as
`date($as_of)`, which takes the date Neo4j receives and the ISO text (`2024-06-30`) FalkorDB
receives, since FalkorDB's parameters cannot carry a date. Every query views the network as it
stood on the date in `as_of` (the default is in [the date rule](#the-date-rule)):

- a partnership counts if `(since IS NULL OR since <= date($as_of)) AND (until IS NULL OR
  until > date($as_of))`;
- a membership counts if `(joined_on IS NULL OR joined_on <= date($as_of)) AND (left_on IS NULL OR
  left_on > date($as_of))`;
- an activity counts if `date <= date($as_of)`; a talent link if its `year` is at most
  `date($as_of).year`.

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
        "<!-- Generated by `redchain query docs --out docs/queries.md` from the headers of the "
        "files in cypher/. Edit those, not this page. -->",
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
    if q.compute:
        out += ["", f"Python step: `{q.compute}`. {q.note_en or ''}", "", f"{q.note_zh or ''}"]
    if q.advice_zh:
        out += ["", f"What to do / 怎么办: {q.advice_zh} {q.advice_en}"]
    out += ["", "```cypher", q.cypher, "```"]
    return out


def render_columns(rows: Sequence[Record]) -> list[str]:
    """Column names in first-seen order across rows (rows of a query share them)."""
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    return list(columns)
