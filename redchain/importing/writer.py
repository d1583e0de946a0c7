"""Writing checked rows: the steps each kind takes, in batches, one transaction per batch.

A kind's rows are written in steps, each a sweep over the file's checked rows: partners first
create or update the organisations, then their chain memberships and subdistrict links (a second
sweep, because a partner may sit in a subdistrict listed further down the same file). Every step
is an idempotent upsert, so an import stopped at any point and run again ends with the graph
one clean run gives.

While the engine writes one batch, a thread reads and prepares the next from the spool (the
engine itself is used only from the thread that opened it).
"""

from __future__ import annotations

import datetime as dt
import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from redchain.engines.base import Engine
from redchain.importing import cypher
from redchain.importing.checks import Catalog
from redchain.importing.job import Job
from redchain.importing.names import clean
from redchain.importing.report import ProgressEvent
from redchain.model import (
    ACTIVITY,
    ACTIVITY_OF,
    ALIAS,
    BASE,
    CHAIN,
    DEFAULT_CHAIN,
    DEFAULT_CHAIN_EN,
    DOMAIN_BY_KEY,
    HELD_AT,
    HOSTED_BY,
    IMPORT_RUN,
    LED_BY,
    LOCATED_IN,
    MEMBER_OF,
    ORGANIZATION,
    PART_OF,
    PARTNERS_WITH,
    SUPPLIES_TALENT,
    TOOK_PART_IN,
    NodeType,
    RelType,
)

ORG_KEY = (ORGANIZATION.label, ORGANIZATION.key)
CHAIN_KEY = (CHAIN.label, CHAIN.key)
BASE_KEY = (BASE.label, BASE.key)
ACTIVITY_KEY = (ACTIVITY.label, ACTIVITY.key)
ORG_PROPS = ("name", "domain", "name_en", "short_name", "address", "contact", "phone")
PREFETCH_BATCHES = 2

Row = tuple[Any, ...]
BuildRow = Callable[[Row], dict[str, Any] | None]


@dataclass(frozen=True)
class Step:
    """One sweep over a file's rows: a query per group, and how a row becomes its parameters.

    A ``primary`` step writes the row's own node or relationship (its created/updated is the
    row's); the others write links, whose changes make the row count as updated.
    """

    name: str
    queries: dict[str, str]
    build: BuildRow
    primary: bool = False
    group: Callable[[Row], str] | None = None


def _check_props(owner: NodeType | RelType, props: tuple[str, ...]) -> tuple[str, ...]:
    known = {p.name for p in owner.props}
    unknown = set(props) - known
    if unknown:  # pragma: no cover - guards the tables below against typos
        raise ValueError(f"{sorted(unknown)} are not properties in the model")
    return props


class Planner:
    """The steps for one file, from its kind, the columns it has and the resolved references."""

    def __init__(self, job: Job, catalog: Catalog, *, write: bool, lock: bool = False) -> None:
        self.job = job
        self.catalog = catalog
        self.write = write
        # Other transactions may write the same nodes at once: lock before looking (Neo4j).
        self.lock = lock
        self.present = set(job.layout.present)
        self.at = {f.name: i for i, f in enumerate(job.kind.fields)}

    def given(self, *names: str) -> tuple[str, ...]:
        return tuple(n for n in names if n in self.present)

    def ref(self, row: Row, name: str) -> Any:
        value = row[self.at[name]]
        if value is None:
            return None
        return self.catalog.resolve(self.job.kind.field(name), value)

    def values(self, row: Row, names: tuple[str, ...]) -> dict[str, Any]:
        return {n: row[self.at[n]] for n in names}

    def steps(self) -> list[Step]:
        return getattr(self, f"_{self.job.kind.name}")()

    # --- node kinds ----------------------------------------------------------------------------

    def _partners(self) -> list[Step]:
        props = _check_props(ORGANIZATION, self.given(*ORG_PROPS))
        queries = {
            d.key: cypher.node_upsert(
                (ORGANIZATION.label, d.label),
                ORGANIZATION.key,
                props,
                write=self.write,
                lock=self.lock,
                domain=d.label,
            )
            for d in DOMAIN_BY_KEY.values()
        }
        domain_at, code_at = self.at["domain"], self.at["uscc"]
        steps = [
            Step(
                "organisations",
                queries,
                lambda row: {"uscc": row[code_at], **self.values(row, props)},
                primary=True,
                group=lambda row: row[domain_at],
            ),
            self._membership(code_at, self.given("joined_on")),
        ]
        if "subdistrict" in self.job.layout.columns:

            def located(row: Row) -> dict[str, Any]:
                place = self.ref(row, "subdistrict")
                return {"a": row[code_at], "b": None if place == row[code_at] else place}

            steps.append(self._single("subdistrict", ORG_KEY, LOCATED_IN, ORG_KEY, located))
        return steps

    def _membership(self, code_at: int, props: tuple[str, ...]) -> Step:
        _check_props(MEMBER_OF, props)
        query = cypher.relationship_upsert(
            ORG_KEY, MEMBER_OF.type, CHAIN_KEY, props, write=self.write, lock=self.lock, link=True
        )
        return Step(
            "memberships",
            {"": query},
            lambda row: {"a": row[code_at], "b": row[self.at["chain"]], **self.values(row, props)},
        )

    def _single(
        self,
        name: str,
        start: tuple[str, str],
        rel: RelType,
        end: tuple[str, str],
        build: BuildRow,
    ) -> Step:
        return Step(
            name,
            {"": cypher.single_link(start, rel.type, end, write=self.write, lock=self.lock)},
            build,
        )

    def _node(self, node: NodeType, key_field: str, props: tuple[str, ...]) -> Step:
        _check_props(node, props)
        query = cypher.node_upsert((node.label,), node.key, props, write=self.write, lock=self.lock)
        key_at = self.at[key_field]
        return Step(
            node.label,
            {"": query},
            lambda row: {node.key: row[key_at], **self.values(row, props)},
            primary=True,
        )

    def _chains(self) -> list[Step]:
        props = self.given("name_en", "founded_on")
        chain_at = self.at["chain"]
        return [
            self._node(CHAIN, "chain", props),
            self._single(
                "master",
                CHAIN_KEY,
                LED_BY,
                ORG_KEY,
                lambda row: {"a": row[chain_at], "b": self.ref(row, "master")},
            ),
        ]

    def _bases(self) -> list[Step]:
        name_at = self.at["name"]
        return [
            self._node(BASE, "name", self.given("kind", "site", "opened_on")),
            self._single(
                "host",
                BASE_KEY,
                HOSTED_BY,
                ORG_KEY,
                lambda row: {"a": row[name_at], "b": self.ref(row, "host")},
            ),
            self._single(
                "chain",
                BASE_KEY,
                PART_OF,
                CHAIN_KEY,
                lambda row: {"a": row[name_at], "b": row[self.at["chain"]]},
            ),
        ]

    def _activities(self) -> list[Step]:
        code_at = self.at["code"]
        steps = [
            self._node(ACTIVITY, "code", self.given("title", "kind", "date", "key_project")),
            self._single(
                "chain",
                ACTIVITY_KEY,
                ACTIVITY_OF,
                CHAIN_KEY,
                lambda row: {"a": row[code_at], "b": row[self.at["chain"]]},
            ),
        ]
        if "base" in self.job.layout.columns:
            steps.append(
                self._single(
                    "base",
                    ACTIVITY_KEY,
                    HELD_AT,
                    BASE_KEY,
                    lambda row: {"a": row[code_at], "b": row[self.at["base"]]},
                )
            )
        return steps

    def _aliases(self) -> list[Step]:
        alias_at = self.at["alias"]
        query = cypher.node_upsert(
            (ALIAS.label,), ALIAS.key, ("name", "uscc", "source"), write=self.write, lock=self.lock
        )

        def build(row: Row) -> dict[str, Any]:
            name = row[alias_at]
            return {
                "key": clean(name),
                "name": name,
                "uscc": self.ref(row, "org"),
                "source": "file",
            }

        return [Step(ALIAS.label, {"": query}, build, primary=True)]

    # --- relationship kinds --------------------------------------------------------------------

    def _relationship(
        self,
        rel: RelType,
        start: tuple[str, str],
        end: tuple[str, str],
        ends: Callable[[Row], tuple[Any, Any]],
        props: tuple[str, ...],
        **options: Any,
    ) -> list[Step]:
        _check_props(rel, props)
        query = cypher.relationship_upsert(
            start, rel.type, end, props, write=self.write, lock=self.lock, **options
        )

        def build(row: Row) -> dict[str, Any]:
            a, b = ends(row)
            return {"a": a, "b": b, **self.values(row, props)}

        return [Step(rel.type, {"": query}, build, primary=True)]

    def _memberships(self) -> list[Step]:
        return self._relationship(
            MEMBER_OF,
            ORG_KEY,
            CHAIN_KEY,
            lambda row: (self.ref(row, "org"), row[self.at["chain"]]),
            self.given("joined_on", "left_on"),
        )

    def _partnerships(self) -> list[Step]:
        def ends(row: Row) -> tuple[Any, Any]:
            a, b = self.ref(row, "from"), self.ref(row, "to")
            return (a, b) if a <= b else (b, a)  # one direction per pair: lower code first

        return self._relationship(
            PARTNERS_WITH,
            ORG_KEY,
            ORG_KEY,
            ends,
            self.given("kind", "since", "until"),
            undirected=True,
        )

    def _participation(self) -> list[Step]:
        return self._relationship(
            TOOK_PART_IN,
            ORG_KEY,
            ACTIVITY_KEY,
            lambda row: (self.ref(row, "org"), row[self.at["activity"]]),
            self.given("points", "bonus"),
        )

    def _talent(self) -> list[Step]:
        return self._relationship(
            SUPPLIES_TALENT,
            ORG_KEY,
            ORG_KEY,
            lambda row: (self.ref(row, "university"), self.ref(row, "institution")),
            self.given("year", "interns", "hires"),
            identity=("year",),
        )


def chain_names(job: Job) -> list[str]:
    """The chains a file's accepted rows belong to (created bare when missing)."""
    if "chain" not in {f.name for f in job.kind.fields} or job.kind.name == "chains":
        return []
    at = job.position("chain")
    return sorted({values[at] for _, _, values in job.good_rows() if values[at]})


def prefetched(items: Iterator[Any], depth: int | None = None) -> Iterator[Any]:
    """``items``, produced by a thread up to ``depth`` ahead of the consumer (0: no thread)."""
    depth = PREFETCH_BATCHES if depth is None else depth
    if depth < 1:
        yield from items
        return
    slots: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                if stop.is_set():
                    return
                slots.put(("item", item))
            slots.put(("end", None))
        except BaseException as exc:  # handed to the consumer, raised there
            slots.put(("error", exc))

    worker = threading.Thread(target=produce, name="redchain-import-prepare", daemon=True)
    worker.start()
    try:
        while True:
            tag, item = slots.get()
            if tag == "end":
                return
            if tag == "error":
                raise item
            yield item
    finally:
        stop.set()
        while worker.is_alive():  # unblock a producer waiting on a full queue
            try:
                slots.get_nowait()
            except queue.Empty:
                worker.join(0.01)


def batches(job: Job, step: Step, size: int) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """The step's parameter rows, grouped (one query per group) and cut into batches."""
    pending: dict[str, list[dict[str, Any]]] = {}
    for index, _, values in job.good_rows():
        params = step.build(values)
        if params is None:
            continue
        params["i"] = index
        group = step.group(values) if step.group else ""
        rows = pending.setdefault(group, [])
        rows.append(params)
        if len(rows) >= size:
            yield group, rows
            pending[group] = []
    for group, rows in pending.items():
        if rows:
            yield group, rows


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


class Writer:
    """Runs the steps of each file against the engine, or (dry run) their read-only forms."""

    def __init__(
        self,
        engine: Engine,
        catalog: Catalog,
        batch_size: int,
        *,
        dry_run: bool,
        progress: Callable[[ProgressEvent], None] | None,
        total: int,
    ) -> None:
        self.engine = engine
        self.catalog = catalog
        self.batch_size = batch_size
        self.dry_run = dry_run
        self.progress = progress
        self.total = total
        self.done = 0
        # Chains created bare for rows that name them; a chains file of the same import that
        # then fills one in counts it as created, not updated.
        self.fresh_chains: set[str] = set()

    def write(self, job: Job, run_id: str) -> Counts:
        steps = Planner(
            job, self.catalog, write=not self.dry_run, lock=self.engine.concurrent_writers
        ).steps()
        if not self.dry_run:
            names = chain_names(job)
            if names:
                rows = [
                    {"name": n, "name_en": DEFAULT_CHAIN_EN if n == DEFAULT_CHAIN else None}
                    for n in names
                ]
                result = self._run(cypher.ensure_chains(CHAIN.label, CHAIN.key), rows, run_id)
                self.fresh_chains.update(result[0]["created"] if result else [])
        created = 0
        updated: set[int] = set()  # indexes of the rows that changed something but created none
        for step in steps:
            for group, rows in prefetched(batches(job, step, self.batch_size)):
                [result] = self._run(step.queries[group], rows, run_id)
                if step.primary:
                    created += result["created"]
                    changed = set(result["updated"])
                    if job.kind.name == "chains" and self.fresh_chains:
                        fresh = {r["i"] for r in rows if r[CHAIN.key] in self.fresh_chains}
                        created += len(changed & fresh)
                        changed -= fresh
                    updated |= changed
                else:
                    updated.update(result["changed"])
                self.done += len(rows)
                if self.progress:
                    self.progress(ProgressEvent("write", job.file, self.done, self.total))
        good = job.report.rows - len(job.bad)
        return Counts(created, len(updated), good - created - len(updated))

    def _run(self, query: str, rows: list[dict[str, Any]], run_id: str) -> list[dict[str, Any]]:
        params = {"rows": rows, "run_id": run_id}
        return self.engine.run(query, params, write=not self.dry_run)

    @staticmethod
    def steps_of_job(job: Job, catalog: Catalog) -> int:
        return len(Planner(job, catalog, write=False).steps())


def now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def start_run(engine: Engine, props: dict[str, Any]) -> None:
    engine.run(cypher.start_run(IMPORT_RUN.label), {"props": props}, write=True)


def finish_run(engine: Engine, run_id: str, props: dict[str, Any]) -> None:
    engine.run(cypher.finish_run(IMPORT_RUN.label), {"run_id": run_id, "props": props}, write=True)
