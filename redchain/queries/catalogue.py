"""Finding the ``.cypher`` files and reading their headers.

Each file holds one query. Its header is a block of ``//`` comment lines (so the file runs
unchanged in cypher-shell) of the form ``// key: value``::

    // name: gaps/isolated
    // title.zh: 孤立的成员
    // title.en: Isolated members
    // answers.zh: …            answers.en: …
    // param: as_of date = today | 查看日期 | View the network as it stood on this date
    // mode: read
    // advice.zh: …             advice.en: …     (gap checks: what to do about it)
    // columns: name, uscc                       (gap checks: item fields shown in tables)
    // order: 80                                 (gap checks: place in the report)
    // shape: domain_matrix                      (optional: rows are cells of the domain matrix)
    // compute: articulation_points              (optional: a Python step after the Cypher)
    // note.zh: …               note.en: …       (optional: why the Python step exists)
    // caveat.zh: …             caveat.en: …     (optional: shown when the step's caveat holds)

A parameter line is ``NAME TYPE [= DEFAULT] | 中文说明 | English description``. Types are text,
date, int, float and bool. A default is a literal, ``null``, ``today``, or for dates another
parameter with an optional offset in days, months or years, back or forward (``as_of-1y``,
``to-30d``, ``as_of+60d``), the amount written or taken from an int parameter (``as_of+{days}d``):
date arithmetic is done in Python, as the engines' durations do not agree. A parameter without a
default is required.

Every query in ``gaps/`` is a check of the gap report; it must give ``advice``, ``columns`` and
``order``, so that adding a check is adding one file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from redchain.queries.errors import QueryFileError, QueryParamError
from redchain.queries.steps import STEPS

PARAM_TYPES = ("text", "date", "int", "float", "bool")
MODES = ("read", "write")
#: How a gap check's rows become the report's items: one item per row, or, for
#: ``domain_matrix``, rows of (row_domain, col_domain, partnerships) whose empty cells are items.
SHAPES = ("rows", "domain_matrix")
GAPS_FOLDER = "gaps"
# Header keys that must appear in every file, those that may, and those a gap check must give.
REQUIRED_KEYS = ("name", "title.zh", "title.en", "answers.zh", "answers.en", "mode")
OPTIONAL_KEYS = (
    "advice.zh",
    "advice.en",
    "columns",
    "order",
    "shape",
    "compute",
    "note.zh",
    "note.en",
    "caveat.zh",
    "caveat.en",
)
GAP_KEYS = ("advice.zh", "advice.en", "columns", "order")
_HEADER_LINE = re.compile(r"^//\s*([a-z_.]+)\s*:\s*(.*?)\s*$")
_PARAM_SPEC = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s+([a-z]+)(?:\s*=\s*(.*?))?$")
# ``as_of``, ``as_of-1y``, ``as_of+30d``, or with the amount in an int parameter: ``as_of+{days}d``.
RELATIVE_DATE = re.compile(
    r"^([A-Za-z_][A-Za-z0-9_]*)"
    r"(?:\s*([-+])\s*(\d+|\{[A-Za-z_][A-Za-z0-9_]*\})\s*([dmy]))?$"
)
_PARAM_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_COLUMN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


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
    columns: tuple[str, ...] = ()
    order: int | None = None
    shape: str = "rows"
    caveat_zh: str | None = None
    caveat_en: str | None = None
    text: str = field(default="", repr=False)  # the whole file

    @property
    def folder(self) -> str:
        return self.name.split("/", 1)[0]

    @property
    def short_name(self) -> str:
        """The name without its folder: ``isolated`` for ``gaps/isolated``."""
        return self.name.split("/", 1)[-1]

    @property
    def is_gap_check(self) -> bool:
        return self.folder == GAPS_FOLDER

    def title(self, lang: str = "zh") -> str:
        return self.title_zh if lang == "zh" else self.title_en

    def answers(self, lang: str = "zh") -> str:
        return self.answers_zh if lang == "zh" else self.answers_en

    def advice(self, lang: str = "zh") -> str | None:
        return self.advice_zh if lang == "zh" else self.advice_en

    def note(self, lang: str = "zh") -> str | None:
        return self.note_zh if lang == "zh" else self.note_en

    def caveat(self, lang: str = "zh") -> str | None:
        return self.caveat_zh if lang == "zh" else self.caveat_en

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def cypher_params(self) -> list[str]:
        """Parameter names the Cypher uses, in order of first use."""
        return list(dict.fromkeys(_PARAM_USE.findall(without_comments(self.cypher))))

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
            "columns": list(self.columns) or None,
            "order": self.order,
            "shape": self.shape,
            "compute": self.compute,
            "note": {"zh": self.note_zh, "en": self.note_en} if self.note_zh else None,
            "caveat": {"zh": self.caveat_zh, "en": self.caveat_en} if self.caveat_zh else None,
            "cypher": self.cypher,
        }


def shipped_dir() -> Path:
    """The folder of the queries that ship with redchain (``cypher/`` in the source tree)."""
    return Path(str(files("redchain").joinpath("_cypher")))


def parse(text: str, path: str = "<query>") -> Query:
    """Read one query file's text; raises :class:`QueryFileError` naming the line at fault."""
    lines = text.splitlines()
    meta: dict[str, str] = {}
    where: dict[str, int] = {}
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
        where[key] = number
    missing = [k for k in REQUIRED_KEYS if not meta.get(k)]
    if missing:
        raise QueryFileError(f"{path}: the header lacks {', '.join(missing)}")
    if meta["mode"] not in MODES:
        raise QueryFileError(f"{path}: mode must be read or write, not {meta['mode']!r}")
    if "compute" in meta and meta["compute"] not in STEPS:
        raise QueryFileError(
            f"{path}:{where['compute']}: unknown compute step {meta['compute']!r}; known: "
            f"{', '.join(STEPS)}"
        )
    shape = meta.get("shape", "rows")
    if shape not in SHAPES:
        raise QueryFileError(
            f"{path}:{where['shape']}: shape must be one of {', '.join(SHAPES)}, not {shape!r}"
        )
    if meta.get("caveat.zh") and not (meta.get("compute") and STEPS[meta["compute"]].caveat):
        raise QueryFileError(
            f"{path}:{where['caveat.zh']}: a caveat is shown when a compute step reports one; "
            "name such a step in 'compute:' or drop the caveat"
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
        columns=_parse_columns(meta.get("columns"), path, where.get("columns")),
        order=_parse_order(meta.get("order"), path, where.get("order")),
        shape=shape,
        caveat_zh=meta.get("caveat.zh"),
        caveat_en=meta.get("caveat.en"),
        text=text,
    )
    _check_pairs(meta, path)
    if query.is_gap_check:
        lacking = [k for k in GAP_KEYS if not meta.get(k)]
        if lacking:
            raise QueryFileError(
                f"{path}: a gap check's header must give {', '.join(lacking)} (what the report "
                "shows); add those lines"
            )
    _check_params(query)
    return query


def _check_pairs(meta: dict[str, str], path: str) -> None:
    for key in ("advice", "note", "caveat"):
        if bool(meta.get(f"{key}.zh")) != bool(meta.get(f"{key}.en")):
            raise QueryFileError(f"{path}: give both {key}.zh and {key}.en, or neither")


def _parse_columns(value: str | None, path: str, number: int | None) -> tuple[str, ...]:
    if value is None:
        return ()
    columns = tuple(c.strip() for c in value.split(","))
    bad = [c for c in columns if not _COLUMN.match(c)]
    if bad or len(set(columns)) != len(columns):
        raise QueryFileError(
            f"{path}:{number}: columns are result field names separated by commas, each once "
            f"(e.g. 'name, uscc'); got {value!r}"
        )
    return columns


def _parse_order(value: str | None, path: str, number: int | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise QueryFileError(
            f"{path}:{number}: order is a whole number (the check's place in the report); "
            f"got {value!r}"
        ) from None


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
    computed = set(STEPS[query.compute].reads) if query.compute else set()
    unused = declared - used - computed - _default_anchors(query)
    if unused:
        raise QueryFileError(
            f"{query.path}: parameter {', '.join(sorted(unused))} is declared but never used"
        )
    types = {p.name: p.type for p in query.params}
    for p in query.params:
        if p.type == "date" and p.default not in (None, "null", "today"):
            if is_iso(p.default):
                continue
            match = RELATIVE_DATE.match(p.default)
            if not match:
                raise QueryFileError(
                    f"{query.path}: cannot read the default {p.default!r} of {p.name!r}; write "
                    "a date, today, or a parameter with an offset such as as_of-1y or as_of+{days}d"
                )
            anchor, _, amount, _ = match.groups()
            if anchor not in declared:
                raise QueryFileError(
                    f"{query.path}: default of {p.name!r} refers to {anchor!r}, which is "
                    "not a parameter of this query"
                )
            if amount and amount.startswith("{") and types.get(amount[1:-1]) != "int":
                raise QueryFileError(
                    f"{query.path}: default of {p.name!r} takes its amount from "
                    f"{amount[1:-1]!r}, which is not an int parameter of this query"
                )


def _default_anchors(query: Query) -> set[str]:
    """Parameters other defaults are computed from (``to = as_of``) count as used."""
    anchors = set()
    for p in query.params:
        if p.type == "date" and p.default:
            match = RELATIVE_DATE.match(p.default)
            if match:
                anchors.add(match.group(1))
                amount = match.group(3)
                if amount and amount.startswith("{"):
                    anchors.add(amount[1:-1])
    return anchors


def without_comments(cypher: str) -> str:
    return "\n".join(line for line in cypher.splitlines() if not line.strip().startswith("//"))


def is_iso(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def load_dir(directory: Path) -> dict[str, Query]:
    """Every ``*.cypher`` file below ``directory``, by name; a name must match its file's path."""
    found: dict[str, Query] = {}
    for path in sorted(directory.rglob("*.cypher")):
        relative = path.relative_to(directory).with_suffix("").as_posix()
        shown = f"cypher/{relative}.cypher"
        query = parse(path.read_text(encoding="utf-8"), shown)
        if query.name != relative:
            raise QueryFileError(
                f"{shown}: the header names it {query.name!r}; a query's name is its path "
                f"below cypher/ without .cypher ({relative!r})"
            )
        found[query.name] = query
    return found


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


def gap_checks(queries: dict[str, Query] | None = None) -> list[Query]:
    """The checks of the gap report: every query in ``gaps/``, by ``order`` then name."""
    queries = queries if queries is not None else catalogue()
    checks = [q for q in queries.values() if q.is_gap_check]
    return sorted(checks, key=lambda q: (q.order if q.order is not None else 0, q.name))


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
