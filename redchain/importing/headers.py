"""Matching a file's headers to an import kind's fields, and guessing the kind from them.

A header is accepted as a field's English name or its Chinese header, ignoring case, width,
spaces, ``_``, ``-`` and ``*``; ``--map old=new`` (or a mapping file) renames any other header,
and ``--map old=`` ignores a column. A header that is none of these is an error before any row
is read, because a misspelt header would otherwise leave its column out of every row.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from redchain.importing.kinds import KINDS, Field, ImportKind
from redchain.importing.normalize import closest, fold
from redchain.importing.problems import Invalid

# Columns read past on purpose: the reason column of a rejects file (so that a corrected rejects
# file imports as it is) and the row counter sheets usually start with (the template's too).
COUNTER_HEADERS = ("序号", "no.")
IGNORED_HEADERS = ("reason", "错误原因", *COUNTER_HEADERS)
_IGNORED = {fold(h) for h in IGNORED_HEADERS}


@dataclass(frozen=True)
class HeaderIssue:
    column: int | None  # index in the file, None for a column that is missing
    header: str | None
    message: str
    fix: str


@dataclass(frozen=True)
class Layout:
    """Which file column feeds which field of ``kind`` (a field may have no column)."""

    kind: ImportKind
    headers: list[str]
    columns: dict[str, int]  # field name -> column index

    @property
    def present(self) -> tuple[str, ...]:
        """Fields whose value the file gives: a column, or a default for a missing one."""
        return tuple(
            f.name for f in self.kind.fields if f.name in self.columns or f.default is not None
        )


def accepted_headers(field: Field) -> tuple[str, ...]:
    return (field.name, field.zh)


def _field_table(kind: ImportKind) -> dict[str, Field]:
    table: dict[str, Field] = {}
    for field in kind.fields:
        for header in accepted_headers(field):
            table[fold(header)] = field
    return table


def accepted_list(kind: ImportKind) -> str:
    """The headers a kind accepts, for messages: ``uscc/统一社会信用代码*, name/名称*, ...``."""
    return ", ".join(f"{f.name}/{f.zh}{'*' if f.required else ''}" for f in kind.fields)


def _resolve_mapping(
    headers: list[str], kind: ImportKind, mapping: Mapping[str, str]
) -> tuple[dict[int, Field | None], list[HeaderIssue]]:
    """What each column is under ``mapping``: a field, None (ignored), or absent (unmapped)."""
    fields = _field_table(kind)
    folded = {fold(old): new for old, new in mapping.items()}
    result: dict[int, Field | None] = {}
    issues: list[HeaderIssue] = []
    for index, header in enumerate(headers):
        key = fold(header)
        if key in folded:
            target = folded[key]
            if not target.strip():
                result[index] = None
            elif fold(target) in fields:
                result[index] = fields[fold(target)]
            else:
                issues.append(
                    HeaderIssue(
                        index,
                        header,
                        f"--map gives it to {target!r}, which is not a column of {kind.name}",
                        f"map it to one of: {accepted_list(kind)}",
                    )
                )
    return result, issues


def match(headers: list[str], kind: ImportKind, mapping: Mapping[str, str]) -> Layout:
    """The layout of a file of ``kind``, or raise :class:`HeaderMismatch` listing every issue."""
    mapped, issues = _resolve_mapping(headers, kind, mapping)
    fields = _field_table(kind)
    columns: dict[str, int] = {}
    mapped_badly = {i.column for i in issues}
    for index, header in enumerate(headers):
        if index in mapped:
            field = mapped[index]
        elif not header or fold(header) in _IGNORED:
            continue
        elif fold(header) in fields:
            field = fields[fold(header)]
        elif index in mapped_badly:
            continue
        else:
            issues.append(_unknown(index, header, kind))
            continue
        if field is None:
            continue
        if field.name in columns:
            first = headers[columns[field.name]]
            issues.append(
                HeaderIssue(
                    index,
                    header,
                    f"gives {field.name}/{field.zh} a second time (first in column {first!r})",
                    f"delete one of the two columns, or --map '{header}=' to ignore this one",
                )
            )
            continue
        columns[field.name] = index
    for field in kind.fields:
        if field.required and field.name not in columns:
            issues.append(
                HeaderIssue(
                    None,
                    field.zh,
                    f"the required column {field.zh} ({field.name}) of {kind.name} is missing",
                    f"add a column headed {field.zh} or {field.name}, or --map your header to it",
                )
            )
    if issues:
        raise HeaderMismatch(kind, issues)
    return Layout(kind, headers, columns)


def _unknown(index: int, header: str, kind: ImportKind) -> HeaderIssue:
    every = [h for f in kind.fields for h in accepted_headers(f)]
    hint = closest(header, every)
    fix = f"rename it to one of: {accepted_list(kind)}; or --map '{header}=FIELD', or "
    fix += f"--map '{header}=' to ignore it"
    if hint:
        fix = f"did you mean {hint!r}? Otherwise {fix}"
    return HeaderIssue(index, header, f"is not a column of {kind.name} ({kind.zh})", fix)


class HeaderMismatch(Exception):
    def __init__(self, kind: ImportKind | None, issues: list[HeaderIssue]) -> None:
        super().__init__("; ".join(i.message for i in issues))
        self.kind = kind
        self.issues = issues


def guess_kind(headers: list[str], mapping: Mapping[str, str]) -> ImportKind:
    """The kind whose required columns are all present and that explains most headers."""
    scored = []
    for kind in KINDS:
        mapped, _ = _resolve_mapping(headers, kind, mapping)
        fields = _field_table(kind)
        found: set[str] = set()
        unknown = 0
        for index, header in enumerate(headers):
            field = mapped[index] if index in mapped else fields.get(fold(header))
            if field is not None:
                found.add(field.name)
            elif index not in mapped and header and fold(header) not in _IGNORED:
                unknown += 1
        missing = [f for f in kind.required if f not in found]
        scored.append((kind, len(found), unknown, missing))
    complete = [s for s in scored if not s[3] and s[1]]
    if complete:
        best = max(complete, key=lambda s: (s[1], -s[2]))
        ties = [s[0].name for s in complete if (s[1], s[2]) == (best[1], best[2])]
        if len(ties) > 1:
            raise HeaderMismatch(
                None,
                [
                    HeaderIssue(
                        None,
                        None,
                        "the headers fit several kinds: " + ", ".join(ties),
                        "give --kind " + "|".join(ties),
                    )
                ],
            )
        return best[0]
    near = max(scored, key=lambda s: (s[1], -len(s[3])))
    names = ", ".join(k.name for k in KINDS)
    if near[1] == 0:
        message = "no header is a column of any import kind, so the kind cannot be told"
        fix = f"give --kind ({names}) to see which headers that kind accepts"
    else:
        kind, missing = near[0], near[3]
        wanted = ", ".join(f"{kind.field(m).zh} ({m})" for m in missing)
        message = f"looks like {kind.name} ({kind.zh}) but lacks the required {wanted}"
        fix = f"add the missing column(s), or give --kind ({names})"
    raise HeaderMismatch(None, [HeaderIssue(None, None, message, fix)])


def parse_map_options(options: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``--map 'old=new'`` options as a mapping; ``old=`` ignores the column."""
    mapping: dict[str, str] = {}
    for option in options:
        old, sep, new = option.partition("=")
        if not sep or not old.strip():
            raise Invalid(
                f"--map {option!r} is not of the form old=new",
                "write --map '单位全称=名称' (or --map '备注=' to ignore a column)",
            )
        mapping[old.strip()] = new.strip()
    return mapping


MAX_MAP_FILE_BYTES = 1024 * 1024
_MAP_FILE_HEADERS = {("old", "new"), ("from", "to"), ("header", "field"), ("原列名", "新列名")}


def load_map_file(path: Path) -> dict[str, str]:
    """A mapping file: a JSON object ``{"old": "new"}``, or a CSV of two columns, old and new.

    Read in any encoding a CSV may be in (UTF-8, GB18030, UTF-16 with its mark); a pipe or a
    device is refused rather than waited on, and so is a file over a mebibyte.
    """
    from redchain.importing.limits import Limits
    from redchain.importing.readers import check_regular_file, choose_encoding, json_loads

    try:
        check_regular_file(path, Limits(bytes=MAX_MAP_FILE_BYTES))
        encoding = choose_encoding(path, None)
        if path.suffix.lower() == ".json":
            data = json_loads(path.read_text(encoding=encoding))
            if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
                raise Invalid(
                    "is not a JSON object of header names", 'write {"单位全称": "名称", ...}'
                )
            return {str(k): v for k, v in data.items()}
        mapping: dict[str, str] = {}
        with path.open(encoding=encoding, newline="") as f:
            for number, row in enumerate(csv.reader(f), start=1):
                cells = [c.strip().lstrip("\ufeff") for c in row]
                if not any(cells):
                    continue
                if number == 1 and tuple(fold(c) for c in cells[:2]) in _MAP_FILE_HEADERS:
                    continue
                if len(cells) < 2 or not cells[0]:
                    raise Invalid(
                        f"line {number} does not have two columns (old header, new header)",
                        "write one mapping a line: 单位全称,名称",
                    )
                mapping[cells[0]] = cells[1]
        return mapping
    except OSError as exc:
        raise Invalid(f"cannot be read ({exc.strerror})", "check the path") from None
    except UnicodeError as exc:
        raise Invalid(
            f"is not text in the encoding it seems to be in ({exc})",
            "save it as UTF-8 (Excel: 'CSV UTF-8')",
        ) from None
    except csv.Error as exc:
        raise Invalid(
            f"cannot be read as CSV ({exc})", "write one mapping a line: 单位全称,名称"
        ) from None
    except json.JSONDecodeError as exc:
        raise Invalid(f"is not valid JSON ({exc.msg})", 'write {"old": "new"}') from None
