"""Matchers: ``graph.units.match(domain="financial").where(name__contains="银行").first()``.

A :class:`Match` is a query being described; nothing runs until its rows are asked for
(``all()``, ``first()``, ``count()``, iterating, ``to_dataframe()`` or showing it in a notebook).
Each step returns a new match, so a match can be kept and refined. Labels, relationship types and
property names come from the model; every value is a parameter.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from redchain.errors import RedchainError
from redchain.graph import conditions
from redchain.graph.lookup import resolve_unit
from redchain.graph.objects import ModelError, Node, field_names
from redchain.graph.result import Result
from redchain.model import (
    ACTIVITY,
    ACTIVITY_KINDS,
    ACTIVITY_OF,
    BASE,
    BASE_KINDS,
    CHAIN,
    DEFAULT_CHAIN,
    HELD_AT,
    HOSTED_BY,
    LOCATED_IN,
    MEMBER_OF,
    NODE_BY_LABEL,
    ORGANIZATION,
    PART_OF,
    REL_BY_TYPE,
    Kind,
)
from redchain.viz.options import find_domain

if TYPE_CHECKING:
    from redchain.graph.graph import Graph

DateLike = str | dt.date
Period = tuple[DateLike | None, DateLike | None]


class NotFound(RedchainError, LookupError):
    """No node has the key asked for."""


def date_param(value: DateLike | None, what: str) -> Any:
    """A date for a query parameter, in the form the graph's dates are compared with."""
    if value is None:
        return None
    return conditions.param_value(ACTIVITY.prop("date"), value, what)


def today_or(value: DateLike | None, what: str) -> Any:
    return date_param(value if value is not None else dt.date.today(), what)


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split()).lower()


def kind_key(kinds: tuple[Kind, ...], value: str, what: str) -> str:
    """The key of the kind ``value`` names (key, Chinese, English or synonym)."""
    wanted = _fold(str(value))
    for kind in kinds:
        if wanted in {_fold(n) for n in (kind.key, kind.zh, kind.en, *kind.synonyms)}:
            return kind.key
    choices = ", ".join(f"{k.key} ({k.zh})" for k in kinds)
    raise ModelError(f"{what}: {value!r} is not a kind; use one of: {choices}")


@dataclass(frozen=True)
class Match:
    """Nodes of one class that meet every condition given so far."""

    graph: Graph
    cls: type[Node]
    pattern: str
    conditions: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    params: Mapping[str, Any] = field(default_factory=dict)
    order: tuple[str, ...] = ()
    max_rows: int | None = None
    #: For units: the chain whose membership fills ``chain`` and ``joined_on``.
    chain: str = DEFAULT_CHAIN

    @property
    def what(self) -> str:
        return self.cls.__name__

    def where(self, **conds: Any) -> Match:
        """Property conditions, ``name=value`` or ``name__op=value`` (op: eq, ne, lt, lte, gt,
        gte, contains, startswith, endswith, in, isnull); all must hold."""
        parsed = conditions.parse(self.cls.__model__, self.what, conds)
        params = dict(self.params)
        added = []
        for condition in parsed:
            name = f"w{len(params)}"
            text, value = condition.cypher("n", name)
            params.update(value)
            added.append(text)
        return replace(self, conditions=(*self.conditions, *added), params=params)

    def with_stage(self, stage: str, params: Mapping[str, Any]) -> Match:
        """A further pattern each node must have (a link, a membership)."""
        return replace(self, stages=(*self.stages, stage), params={**self.params, **params})

    def order_by(self, *names: str) -> Match:
        """Sort by properties, ``"-name"`` for descending; ties by the key (the default order)."""
        conditions.order_terms(self.cls.__model__, self.what, "n", names)
        return replace(self, order=(*self.order, *names))

    def limit(self, rows: int) -> Match:
        if isinstance(rows, bool) or not isinstance(rows, int) or rows < 0:
            raise ModelError(f"{self.what}.limit({rows!r}): give a whole number, 0 or more")
        return replace(self, max_rows=rows)

    def __repr__(self) -> str:
        query, params = self.cypher()
        return (
            f"<{self.what} match, not run yet: .all(), .first(), .count(), .to_dataframe()>\n"
            f"{query}\nparameters: {params}"
        )

    def _head(self) -> list[str]:
        lines = [self.pattern]
        if self.conditions:
            lines.append("WHERE " + " AND ".join(self.conditions))
        lines.extend(self.stages)
        lines.append("WITH DISTINCT n")
        return lines

    def cypher(self) -> tuple[str, dict[str, Any]]:
        """The query this match runs, and its parameters."""
        model = self.cls.__model__
        lines = self._head()
        carried = ["n"]
        for index, (name, rel_type) in enumerate(self.cls.__links__.items()):
            end = NODE_BY_LABEL[REL_BY_TYPE[rel_type].end]
            shown = "name" if any(p.name == "name" for p in end.props) else end.key
            lines.append(f"OPTIONAL MATCH (n)-[:{rel_type}]->(t{index}:{end.label})")
            lines.append(f"WITH {', '.join(carried)}, head(collect(t{index}.{shown})) AS {name}")
            carried.append(name)
        if self.cls.__membership__:
            lines.append(f"OPTIONAL MATCH (n)-[mm:{MEMBER_OF.type}]->(mmc:{CHAIN.label})")
            lines.append(
                f"WITH {', '.join(carried)}, collect([mmc.name, mm.joined_on]) AS memberships"
            )
            carried.append("memberships")
        terms = conditions.order_terms(model, self.what, "n", self.order)
        terms.append(f"n.{model.key}")
        params = dict(self.params)
        tail = f"WITH {', '.join(carried)} ORDER BY {', '.join(terms)}"
        if self.max_rows is not None:
            tail += " LIMIT $limit"
            params["limit"] = self.max_rows
        lines.append(tail)
        lines.append(f"RETURN {', '.join(carried)}")
        return "\n".join(lines), params

    def all(self) -> Result:
        """Every matching node, as objects, in order."""
        query, params = self.cypher()
        rows = self.graph.engine.run(query, params)
        graph = self.graph
        objects = []
        for row in rows:
            links = {k: row.get(k) for k in self.cls.__links__}
            if self.cls.__membership__:
                links.update(self._membership(row.get("memberships") or []))
            objects.append(self.cls.from_record(row["n"], links).bound(graph))
        return Result(objects, columns=field_names(self.cls))

    def _membership(self, found: list[list[Any]]) -> dict[str, Any]:
        """The membership shown: of the chain asked for, else any, the earliest first."""
        found = sorted((m for m in found if m and m[0] is not None), key=lambda m: str(m[1]))
        chosen = next((m for m in found if m[0] == self.chain), found[0] if found else None)
        if chosen is None:
            return {}
        return {"chain": chosen[0], "joined_on": chosen[1]}

    def first(self) -> Any:
        """The first matching node, or None."""
        found = self.limit(1).all()
        return found[0] if found else None

    def count(self) -> int:
        """How many nodes match (at most the limit, if one is set)."""
        rows = self.graph.engine.run(
            "\n".join([*self._head(), "RETURN count(n) AS c"]), self.params
        )
        total = int(rows[0]["c"]) if rows else 0
        return total if self.max_rows is None else min(total, self.max_rows)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.all())

    def data(self) -> list[dict[str, Any]]:
        return self.all().data()

    def to_dataframe(self) -> Any:
        return self.all().to_dataframe()

    def _repr_html_(self) -> str:
        return self.all()._repr_html_()


class NodeMatcher:
    """The nodes of one class: ``get`` one by its key, ``match`` many."""

    def __init__(self, graph: Graph, cls: type[Node]) -> None:
        self.graph = graph
        self.cls = cls

    @property
    def model(self) -> Any:
        return self.cls.__model__

    def all_nodes(self) -> Match:
        return Match(self.graph, self.cls, f"MATCH (n:{self.model.label})")

    def match(self, **conds: Any) -> Match:
        """Nodes whose properties meet ``conds`` (see :meth:`Match.where`)."""
        return self.all_nodes().where(**conds)

    def where(self, **conds: Any) -> Match:
        return self.match(**conds)

    def get(self, key: Any) -> Any:
        """The node whose key property is ``key``; :class:`NotFound` otherwise."""
        found = self.all_nodes().where(**{self.model.key: key}).first()
        if found is None:
            raise NotFound(f"no {self.cls.__name__} has {self.model.key} {key!r}")
        return found

    def __iter__(self) -> Iterator[Any]:
        return iter(self.all_nodes())

    def count(self) -> int:
        return self.all_nodes().count()


class UnitMatcher(NodeMatcher):
    def get(self, key: Any) -> Any:
        """The unit with this credit code, name, short name or English name (exactly).

        Raises ``UnitNotFound`` (with suggestions) or ``AmbiguousUnit`` (with the candidates).
        """
        code = resolve_unit(self.graph.engine, str(key))
        return self.all_nodes().where(uscc=code).first()

    def match(
        self,
        *,
        domain: str | None = None,
        subdistrict: str | None = None,
        chain: str | None = None,
        as_of: DateLike | None = None,
        **conds: Any,
    ) -> Match:
        """Units of a ``domain`` (key, label, Chinese or English name), located in a
        ``subdistrict`` (its name or credit code), members of ``chain`` on ``as_of``; more
        property conditions as keywords. With ``chain`` or ``as_of`` only memberships that count
        on that day (default today) qualify."""
        found = self.all_nodes()
        if domain is not None:
            chosen = find_domain(domain)
            if chosen is None:
                raise ModelError(
                    f"Unit.match(domain={domain!r}): not a domain; use one of: "
                    "government, subdistrict, association, financial, university"
                )
            found = found.where(domain=chosen.key)
        if subdistrict is not None:
            code = resolve_unit(self.graph.engine, subdistrict)
            found = found.with_stage(
                f"MATCH (n)-[:{LOCATED_IN.type}]->(sd:{ORGANIZATION.label}) WHERE sd.uscc = $sd",
                {"sd": code},
            )
        if chain is not None or as_of is not None:
            day = today_or(as_of, "Unit.match(as_of=...)")
            where = [
                "(ms.joined_on IS NULL OR ms.joined_on <= date($ms_day))",
                "(ms.left_on IS NULL OR ms.left_on > date($ms_day))",
            ]
            params: dict[str, Any] = {"ms_day": day}
            if chain is not None:
                where.insert(0, "mc.name = $ms_chain")
                params["ms_chain"] = chain
                found = replace(found, chain=chain)
            found = found.with_stage(
                f"MATCH (n)-[ms:{MEMBER_OF.type}]->(mc:{CHAIN.label}) WHERE {' AND '.join(where)}",
                params,
            )
        return found.where(**conds) if conds else found


class BaseMatcher(NodeMatcher):
    def match(
        self,
        *,
        chain: str | None = None,
        host: str | None = None,
        kind: str | None = None,
        **conds: Any,
    ) -> Match:
        """Bases of ``chain``, hosted by ``host`` (a unit's name or credit code), of ``kind``."""
        found = self.all_nodes()
        if kind is not None:
            found = found.where(kind=kind_key(BASE_KINDS, kind, "Base.match(kind=...)"))
        if chain is not None:
            found = found.with_stage(
                f"MATCH (n)-[:{PART_OF.type}]->(bc:{CHAIN.label}) WHERE bc.name = $b_chain",
                {"b_chain": chain},
            )
        if host is not None:
            code = resolve_unit(self.graph.engine, host)
            found = found.with_stage(
                f"MATCH (n)-[:{HOSTED_BY.type}]->(bh:{ORGANIZATION.label}) WHERE bh.uscc = $b_host",
                {"b_host": code},
            )
        return found.where(**conds) if conds else found


class ActivityMatcher(NodeMatcher):
    def match(
        self,
        *,
        chain: str | None = None,
        base: str | None = None,
        kind: str | None = None,
        period: Period | None = None,
        **conds: Any,
    ) -> Match:
        """Activities of ``chain``, held at ``base`` (its name), of ``kind``, dated within
        ``period`` (from, to; both ends included, either may be None)."""
        found = self.all_nodes()
        if kind is not None:
            found = found.where(kind=kind_key(ACTIVITY_KINDS, kind, "Activity.match(kind=...)"))
        if period is not None:
            found = found.where(**period_conditions(period))
        if chain is not None:
            found = found.with_stage(
                f"MATCH (n)-[:{ACTIVITY_OF.type}]->(ac:{CHAIN.label}) WHERE ac.name = $a_chain",
                {"a_chain": chain},
            )
        if base is not None:
            found = found.with_stage(
                f"MATCH (n)-[:{HELD_AT.type}]->(ab:{BASE.label}) WHERE ab.name = $a_base",
                {"a_base": base},
            )
        return found.where(**conds) if conds else found


def period_conditions(period: Period) -> dict[str, Any]:
    if not isinstance(period, tuple | list) or len(period) != 2:
        raise ModelError(
            f"period={period!r}: give (from, to), such as ('2024-01-01', '2024-12-31')"
        )
    start, end = period
    conds: dict[str, Any] = {}
    if start is not None:
        conds["date__gte"] = start
    if end is not None:
        conds["date__lte"] = end
    return conds


MATCHERS: dict[str, type[NodeMatcher]] = {
    ORGANIZATION.label: UnitMatcher,
    BASE.label: BaseMatcher,
    ACTIVITY.label: ActivityMatcher,
}
