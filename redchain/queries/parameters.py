"""A named query's parameters: typing given values, working out defaults and relative dates."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from redchain.queries.catalogue import PARAM_TYPES, RELATIVE_DATE, Param, Query, is_iso
from redchain.queries.errors import QueryFileError, QueryParamError

_LOOSE_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_TRUE = {"true", "1", "yes", "y", "是", "t"}
_FALSE = {"false", "0", "no", "n", "否", "f"}


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
    """``day`` moved back ``amount`` days (``d``), months (``m``) or years (``y``); a negative
    ``amount`` moves it forward. A month end stays in its month (31 May less a month: 30 April)."""
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
    if is_iso(text):
        return True, dt.date.fromisoformat(text)
    match = RELATIVE_DATE.match(text)
    if not match:
        raise QueryFileError(f"{query.path}: cannot read the default {text!r} of {param.name!r}")
    anchor, sign, amount, unit = match.groups()
    by = amount[1:-1] if amount and amount.startswith("{") else None
    if anchor not in resolved or (by is not None and by not in resolved):
        return False, None
    base = resolved[anchor]
    if base is None:
        return True, None
    if not amount:
        return True, base
    count = resolved[by] if by is not None else int(amount)
    if count is None:
        return True, None
    return True, shift_date(base, -count if sign == "+" else count, unit)


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
