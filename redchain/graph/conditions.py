"""Property conditions for matchers: ``where(name__contains="银行", since__gte=date(2024, 1, 1))``.

A condition is ``property`` or ``property__operator`` with a value. The property must be one the
model gives the node or relationship; the value becomes a query parameter of the property's type
(never part of the query text), so any text matches literally.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from redchain import querylib
from redchain.graph.objects import ModelError, prop_of
from redchain.model import NodeType, Prop, RelType

OPERATORS = {
    "eq": "=",
    "ne": "<>",
    "lt": "<",
    "lte": "<=",
    "gt": ">",
    "gte": ">=",
    "contains": "CONTAINS",
    "startswith": "STARTS WITH",
    "endswith": "ENDS WITH",
    "in": "IN",
    "isnull": "IS NULL",
}
TEXT_ONLY = ("contains", "startswith", "endswith")


def param_value(prop: Prop, value: Any, what: str) -> Any:
    """``value`` as a query parameter for ``prop``: the query library's conversion per type."""
    kind = "text" if prop.type == "uscc" else prop.type
    try:
        return querylib.convert(querylib.Param(prop.name, kind, None), value)
    except querylib.QueryParamError:
        raise ModelError(
            f"{what}: {value!r} is not a valid {prop.type} for {prop.name!r}"
        ) from None


@dataclass(frozen=True)
class Condition:
    prop: Prop
    operator: str
    value: Any

    def cypher(self, var: str, param: str) -> tuple[str, dict[str, Any]]:
        """The condition on ``var`` with its value as ``$param``."""
        target = f"{var}.{self.prop.name}"
        if self.operator == "isnull":
            return f"{target} IS {'' if self.value else 'NOT '}NULL", {}
        # Date parameters reach FalkorDB as ISO text; date() reads both that and a DATE.
        value = f"${param}"
        if self.prop.type == "date":
            value = f"[d IN {value} | date(d)]" if self.operator == "in" else f"date({value})"
        return f"{target} {OPERATORS[self.operator]} {value}", {param: self.value}


def parse(owner: NodeType | RelType, what: str, conditions: Mapping[str, Any]) -> list[Condition]:
    """Check each ``property__operator=value`` against the model and type its value."""
    parsed = []
    for spec, value in conditions.items():
        name, _, operator = spec.partition("__")
        operator = operator or "eq"
        prop = prop_of(owner, name, what)
        if operator not in OPERATORS:
            raise ModelError(
                f"{what}.where({spec}=...): unknown operator {operator!r}; use one of: "
                + ", ".join(OPERATORS)
            )
        where = f"{what}.where({spec}=...)"
        if operator == "isnull":
            typed: Any = bool(value)
        elif operator == "in":
            if isinstance(value, str | bytes) or not isinstance(value, Iterable):
                raise ModelError(f"{where}: give a list of values, not {value!r}")
            typed = [param_value(prop, v, where) for v in value]
        elif value is None:
            raise ModelError(f"{where}: None matches nothing; use {name}__isnull=True")
        else:
            if operator in TEXT_ONLY and prop.type not in ("text", "uscc"):
                raise ModelError(f"{where}: {operator} works on text, and {name} is a {prop.type}")
            typed = param_value(prop, value, where)
        parsed.append(Condition(prop, operator, typed))
    return parsed


def order_terms(owner: NodeType | RelType, what: str, var: str, names: Iterable[str]) -> list[str]:
    """``ORDER BY`` terms for ``name`` (ascending) or ``-name`` (descending), checked."""
    terms = []
    for name in names:
        descending = name.startswith("-")
        prop = prop_of(owner, name.lstrip("-"), what)
        terms.append(f"{var}.{prop.name}" + (" DESC" if descending else ""))
    return terms
