"""Writing checked rows: the plan of each kind, in batches, one transaction per batch.

The writer reads only what the check stage handed forward (each job's checked rows, whose
references are already the keys of the graph) and the kinds' specs; it never consults the
checker. It owns each file's ImportRun and its counts.

A kind's rows are written in steps, each a sweep over the file's checked rows: partners first
create or update the organisations, then their chain memberships and subdistrict links (a second
sweep, because a partner may sit in a subdistrict listed further down the same file). Every step
is an idempotent upsert, so an import stopped at any point and run again ends with the graph
one clean run gives. Values go as the model types them: dates as DATE values, whole numbers as
integers, yes/no as booleans; an ImportRun's times as the engine's date-time type.

While the engine writes one batch, a thread reads and prepares the next from the spool (the
engine itself is used only from the thread that opened it).
"""

from __future__ import annotations

import datetime as dt
import queue
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import redchain
from redchain.engines.base import Engine
from redchain.importing import cypher, kinds
from redchain.importing.cypher import Shape
from redchain.importing.job import Job
from redchain.importing.names import clean
from redchain.importing.partnerships import derive_partnerships
from redchain.importing.report import ProgressEvent
from redchain.model import (
    ACTIVITY,
    ACTIVITY_OF,
    AGREEMENT,
    AGREEMENT_OF,
    AGREEMENT_STAGES,
    ALIAS,
    AWARDED,
    BASE,
    CHAIN,
    COHORT,
    COHORT_OF,
    DEFAULT_CHAIN,
    DEFAULT_CHAIN_EN,
    DOMAIN_BY_KEY,
    ENTERED_FOR,
    HELD_AT,
    HONOUR,
    HOSTED_BY,
    IMPORT_RUN,
    ITEM,
    ITEM_KINDS,
    LED_BY,
    LOCATED_IN,
    MEMBER_OF,
    NEEDS,
    OFFERS,
    ORGANIZATION,
    PART_OF,
    PARTNERS_WITH,
    PARTY_TO,
    PLACED_WITH,
    POOL_OF,
    RENEWS,
    STAGE_DATES,
    SUPPLIES_TALENT,
    TALENT_POOL,
    TOOK_PART_IN,
    UNDER,
    NodeType,
    RelType,
)

ORG_KEY = (ORGANIZATION.label, ORGANIZATION.key)
CHAIN_KEY = (CHAIN.label, CHAIN.key)
BASE_KEY = (BASE.label, BASE.key)
ACTIVITY_KEY = (ACTIVITY.label, ACTIVITY.key)
AGREEMENT_KEY = (AGREEMENT.label, AGREEMENT.key)
HONOUR_KEY = (HONOUR.label, HONOUR.key)
COHORT_KEY = (COHORT.label, COHORT.key)
ITEM_KEY = (ITEM.label, ITEM.key)
POOL_KEY = (TALENT_POOL.label, TALENT_POOL.key)
AGREEMENT_PROPS = (
    "title",
    "kind",
    *STAGE_DATES.values(),
    "ends_on",
    "score",
    "remarks",
)
# The lists of a party's resources and needs, by the value of the resources file's 清单 column.
SIDES = {"offer": OFFERS, "need": NEEDS}
# Kinds whose rows change the parties or the dates of agreements: after each, the partnerships
# of those agreements' parties are derived again (redchain.importing.partnerships).
AGREEMENT_COLUMN = {"agreements": "number", "agreement_parties": "agreement"}
ORG_PROPS = ("name", "domain", "name_en", "short_name", "address", "contact", "phone")
PREFETCH_BATCHES = 2

Row = tuple[Any, ...]
BuildRow = Callable[[Row], list[Any]]


@dataclass(frozen=True)
class Step:
    """One sweep over a file's rows: a query per group, and how a row becomes its parameters.

    ``build`` gives the row's values in the order of the query's shape (the writer puts the
    row's index in front). A ``primary`` step writes the row's own node or relationship (its
    created/updated is the row's); the others write links, whose changes make the row count as
    updated.
    """

    name: str
    queries: dict[str, str]
    build: BuildRow
    primary: bool = False
    group: Callable[[Row], str] | None = None
    #: Asks whether the graph holds any of what the step writes (returns a row if so) ...
    probe: str | None = None
    #: ... and, when it holds none, the create-only queries that replace ``queries``.
    fresh: dict[str, str] | None = None


def _types(owner: NodeType | RelType, props: tuple[str, ...]) -> dict[str, str]:
    """The model's type of each property written (the one place types are declared)."""
    known = {p.name: p.type for p in owner.props}
    unknown = set(props) - set(known)
    if unknown:  # pragma: no cover - guards the plans below against typos
        raise ValueError(f"{sorted(unknown)} are not properties in the model")
    return {p: known[p] for p in props}


class Planner:
    """The steps for one file, from its kind, the columns it has and its checked rows."""

    def __init__(self, job: Job, *, write: bool, lock: bool = False) -> None:
        self.job = job
        self.write = write
        # Other transactions may write the same nodes at once: lock before looking (Neo4j).
        self.lock = lock
        self.present = set(job.layout.present)
        self.at = {f.name: i for i, f in enumerate(job.kind.fields)}

    def given(self, *names: str) -> tuple[str, ...]:
        return tuple(n for n in names if n in self.present)

    def getter(self, *names: str) -> Callable[[Row], list[Any]]:
        """The values of ``names`` of a row, in that order."""
        positions = [self.at[n] for n in names]
        return lambda row: [row[p] for p in positions]

    def steps(self) -> list[Step]:
        return PLANS[self.job.kind.name](self)

    # --- node kinds ----------------------------------------------------------------------------

    def _partners(self) -> list[Step]:
        props = self.given(*ORG_PROPS)
        shape = Shape((ORGANIZATION.key, *props), _types(ORGANIZATION, props))
        queries = {
            d.key: cypher.node_upsert(
                (ORGANIZATION.label, d.label),
                ORGANIZATION.key,
                props,
                shape,
                write=self.write,
                lock=self.lock,
                domain=d.label,
            )
            for d in DOMAIN_BY_KEY.values()
        }
        fresh = {
            d.key: cypher.node_create((ORGANIZATION.label, d.label), ORGANIZATION.key, props, shape)
            for d in DOMAIN_BY_KEY.values()
        }
        domain_at, code_at = self.at["domain"], self.at["uscc"]
        steps = [
            Step(
                "organisations",
                queries,
                self.getter("uscc", *props),
                primary=True,
                group=lambda row: row[domain_at],
                probe=cypher.none_of_label(ORGANIZATION.label),
                fresh=fresh,
            ),
            self._membership(),
        ]
        if "subdistrict" in self.job.layout.columns:
            place_at = self.at["subdistrict"]

            def located(row: Row) -> list[Any]:
                place = row[place_at]
                return [row[code_at], None if place == row[code_at] else place]

            steps.append(self._single("subdistrict", ORG_KEY, LOCATED_IN, ORG_KEY, located))
        return steps

    def _membership(self) -> Step:
        props = self.given("joined_on")
        shape = Shape(("a", "b", *props), _types(MEMBER_OF, props))
        query = cypher.relationship_upsert(
            ORG_KEY,
            MEMBER_OF.type,
            CHAIN_KEY,
            props,
            shape,
            write=self.write,
            lock=self.lock,
            link=True,
        )
        fresh = cypher.relationship_create(
            ORG_KEY, MEMBER_OF.type, CHAIN_KEY, props, shape, link=True
        )
        return Step(
            "memberships",
            {"": query},
            self.getter("uscc", "chain", *props),
            probe=cypher.none_of_type(MEMBER_OF.type),
            fresh={"": fresh},
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
            probe=cypher.none_of_type(rel.type),
            fresh={"": cypher.single_link_create(start, rel.type, end)},
        )

    def _link(
        self, name: str, start: tuple[str, str], rel: RelType, end: tuple[str, str], a: str, b: str
    ) -> Step:
        return self._single(name, start, rel, end, self.getter(a, b))

    def _node(
        self,
        node: NodeType,
        key_field: str,
        props: tuple[str, ...],
        build: BuildRow | None = None,
    ) -> Step:
        """The step that writes a node kind's own nodes; ``build`` gives a row's key and
        ``props`` when they are not simply its columns of those names."""
        shape = Shape((node.key, *props), _types(node, (node.key, *props)))
        query = cypher.node_upsert(
            (node.label,), node.key, props, shape, write=self.write, lock=self.lock
        )
        return Step(
            node.label,
            {"": query},
            build or self.getter(key_field, *props),
            primary=True,
            probe=cypher.none_of_label(node.label),
            fresh={"": cypher.node_create((node.label,), node.key, props, shape)},
        )

    def _chains(self) -> list[Step]:
        return [
            self._node(CHAIN, "chain", self.given("name_en", "founded_on")),
            self._link("master", CHAIN_KEY, LED_BY, ORG_KEY, "chain", "master"),
        ]

    def _bases(self) -> list[Step]:
        return [
            self._node(BASE, "name", self.given("kind", "site", "opened_on")),
            self._link("host", BASE_KEY, HOSTED_BY, ORG_KEY, "name", "host"),
            self._link("chain", BASE_KEY, PART_OF, CHAIN_KEY, "name", "chain"),
        ]

    def _activities(self) -> list[Step]:
        steps = [
            self._node(ACTIVITY, "code", self.given("title", "kind", "date", "key_project")),
            self._link("chain", ACTIVITY_KEY, ACTIVITY_OF, CHAIN_KEY, "code", "chain"),
        ]
        if "base" in self.job.layout.columns:
            steps.append(self._link("base", ACTIVITY_KEY, HELD_AT, BASE_KEY, "code", "base"))
        if "agreement" in self.job.layout.columns:
            steps.append(
                self._link("agreement", ACTIVITY_KEY, UNDER, AGREEMENT_KEY, "code", "agreement")
            )
        return steps

    def _agreements(self) -> list[Step]:
        props = self.given(*AGREEMENT_PROPS)
        dated = [STAGE_DATES[s.key] for s in AGREEMENT_STAGES]
        # The stage is derived from the stage dates, so it is written whenever one is given.
        derived = any(d in self.present for d in dated)
        values = self.getter("number", *props)
        dates = [(s.key, self.at[STAGE_DATES[s.key]]) for s in reversed(AGREEMENT_STAGES)]

        def build(row: Row) -> list[Any]:
            stage = next((key for key, at in dates if row[at] is not None), None)
            return [*values(row), stage] if derived else values(row)

        steps = [
            self._node(AGREEMENT, "number", (*props, "stage") if derived else props, build),
            self._link("chain", AGREEMENT_KEY, AGREEMENT_OF, CHAIN_KEY, "number", "chain"),
        ]
        if "renews" in self.job.layout.columns:
            steps.append(
                self._link("renews", AGREEMENT_KEY, RENEWS, AGREEMENT_KEY, "number", "renews")
            )
        return steps

    def _honours(self) -> list[Step]:
        props = self.given("title", "level", "year", "body", "selection", "category")
        steps = [self._node(HONOUR, "code", props)]
        recipients = (("org", ORG_KEY), ("chain", CHAIN_KEY), ("activity", ACTIVITY_KEY))
        if not any(field in self.job.layout.columns for field, _ in recipients):
            return steps  # a file without recipient columns leaves the recipients alone
        # One recipient at most (checked): each link to a unit, a chain or an activity is
        # the row's recipient of that label, or none.
        for field, end in recipients:
            steps.append(self._link(f"awarded {field}", HONOUR_KEY, AWARDED, end, "code", field))
        return steps

    def _cohorts(self) -> list[Step]:
        props = self.given("programme", "year", "trained")  # the programme has a default
        return [
            self._node(COHORT, "code", props),
            self._link("university", COHORT_KEY, COHORT_OF, ORG_KEY, "code", "university"),
        ]

    def _talent_pool(self) -> list[Step]:
        chain_at, year_at, size_at = self.at["chain"], self.at["year"], self.at["size"]

        def build(row: Row) -> list[Any]:
            return [pool_code(row[chain_at], row[year_at]), row[year_at], row[size_at]]

        def link(row: Row) -> list[Any]:
            return [pool_code(row[chain_at], row[year_at]), row[chain_at]]

        return [
            self._node(TALENT_POOL, "code", ("year", "size"), build),
            self._single("chain", POOL_KEY, POOL_OF, CHAIN_KEY, link),
        ]

    def _aliases(self) -> list[Step]:
        props = ("name", "uscc", "source")
        shape = Shape((ALIAS.key, *props), _types(ALIAS, (ALIAS.key, *props)))
        alias_at, org_at = self.at["alias"], self.at["org"]

        def build(row: Row) -> list[Any]:
            # The key is the alias's clean form, so one way of writing it means one unit.
            name = row[alias_at]
            return [clean(name), name, row[org_at], "file"]

        return [
            Step(
                ALIAS.label,
                {
                    "": cypher.node_upsert(
                        (ALIAS.label,), ALIAS.key, props, shape, write=self.write, lock=self.lock
                    )
                },
                build,
                primary=True,
                probe=cypher.none_of_label(ALIAS.label),
                fresh={"": cypher.node_create((ALIAS.label,), ALIAS.key, props, shape)},
            )
        ]

    # --- relationship kinds --------------------------------------------------------------------

    def _relationship(
        self,
        rel: RelType,
        start: tuple[str, str],
        end: tuple[str, str],
        ends: Callable[[Row], tuple[Any, Any]],
        props: tuple[str, ...],
        extra: BuildRow | None = None,
        **options: Any,
    ) -> list[Step]:
        """The step of a relationship kind; ``extra`` gives a row's ``props`` when they are not
        simply its columns of those names."""
        shape = Shape(("a", "b", *props), _types(rel, props))
        query = cypher.relationship_upsert(
            start, rel.type, end, props, shape, write=self.write, lock=self.lock, **options
        )
        values = extra or self.getter(*props)

        def build(row: Row) -> list[Any]:
            return [*ends(row), *values(row)]

        fresh = cypher.relationship_create(start, rel.type, end, props, shape)
        return [
            Step(
                rel.type,
                {"": query},
                build,
                primary=True,
                probe=cypher.none_of_type(rel.type),
                fresh={"": fresh},
            )
        ]

    def _ends(self, a: str, b: str) -> Callable[[Row], tuple[Any, Any]]:
        at_a, at_b = self.at[a], self.at[b]
        return lambda row: (row[at_a], row[at_b])

    def _memberships(self) -> list[Step]:
        return self._relationship(
            MEMBER_OF,
            ORG_KEY,
            CHAIN_KEY,
            self._ends("org", "chain"),
            self.given("joined_on", "left_on"),
        )

    def _partnerships(self) -> list[Step]:
        at_a, at_b = self.at["from"], self.at["to"]

        def ends(row: Row) -> tuple[Any, Any]:
            a, b = row[at_a], row[at_b]
            return (a, b) if a <= b else (b, a)  # one direction per pair: lower code first

        props = self.given("kind", "since", "until")
        values = self.getter(*props)

        def given(row: Row) -> list[Any]:
            # A partnership a file gives is no longer one derived from agreements.
            return [*values(row), None]

        return self._relationship(
            PARTNERS_WITH,
            ORG_KEY,
            ORG_KEY,
            ends,
            (*props, "derived"),
            given,
            undirected=True,
        )

    def _agreement_parties(self) -> list[Step]:
        return self._relationship(
            PARTY_TO,
            ORG_KEY,
            AGREEMENT_KEY,
            self._ends("org", "agreement"),
            self.given("role", "liaison", "liaison_role"),
        )

    def _resources(self) -> list[Step]:
        props = ("agreement", *self.given("note"))
        shape = Shape(("a", "b", *props), _types(OFFERS, props))
        queries = {
            side: cypher.relationship_upsert(
                ORG_KEY,
                rel.type,
                ITEM_KEY,
                props,
                shape,
                write=self.write,
                lock=self.lock,
                identity=("agreement",),
            )
            for side, rel in SIDES.items()
        }
        side_at = self.at["side"]
        return [
            Step(
                "resources",
                queries,
                self.getter("org", "item", *props),
                primary=True,
                group=lambda row: row[side_at],
            )
        ]

    def _entries(self) -> list[Step]:
        return self._relationship(
            ENTERED_FOR, ACTIVITY_KEY, HONOUR_KEY, self._ends("activity", "honour"), ()
        )

    def _placements(self) -> list[Step]:
        return self._relationship(
            PLACED_WITH,
            COHORT_KEY,
            ORG_KEY,
            self._ends("cohort", "institution"),
            self.given("interns", "placed"),
        )

    def _participation(self) -> list[Step]:
        return self._relationship(
            TOOK_PART_IN,
            ORG_KEY,
            ACTIVITY_KEY,
            self._ends("org", "activity"),
            self.given("points", "bonus"),
        )

    def _talent(self) -> list[Step]:
        return self._relationship(
            SUPPLIES_TALENT,
            ORG_KEY,
            ORG_KEY,
            self._ends("university", "institution"),
            self.given("year", "interns", "hires"),
            identity=("year",),
        )


#: Each kind's write plan, beside its spec in kinds.py: adding a kind is the two of them.
PLANS: dict[str, Callable[[Planner], list[Step]]] = {
    kinds.PARTNERS.name: Planner._partners,
    kinds.ALIASES.name: Planner._aliases,
    kinds.CHAINS.name: Planner._chains,
    kinds.MEMBERSHIPS.name: Planner._memberships,
    kinds.PARTNERSHIPS.name: Planner._partnerships,
    kinds.BASES.name: Planner._bases,
    kinds.ACTIVITIES.name: Planner._activities,
    kinds.PARTICIPATION.name: Planner._participation,
    kinds.TALENT.name: Planner._talent,
    kinds.AGREEMENTS.name: Planner._agreements,
    kinds.AGREEMENT_PARTIES.name: Planner._agreement_parties,
    kinds.RESOURCES.name: Planner._resources,
    kinds.HONOURS.name: Planner._honours,
    kinds.ENTRIES.name: Planner._entries,
    kinds.COHORTS.name: Planner._cohorts,
    kinds.PLACEMENTS.name: Planner._placements,
    kinds.TALENT_POOLS.name: Planner._talent_pool,
}


def pool_code(chain: str, year: int) -> str:
    """The key of a chain's talent pool of a year: ``金桥红链-2024``."""
    return f"{chain}-{year}"


def item_rows(job: Job) -> list[list[Any]]:
    """The items a resources file's checked rows name, as ``[key, name, name_en]``."""
    if job.kind.name != kinds.RESOURCES.name:
        return []
    at = job.position("item")
    used = {values[at] for _, _, values in job.checked_rows()}
    return [[k.key, k.zh, k.en] for k in ITEM_KINDS if k.key in used]


def agreement_numbers(job: Job) -> list[str]:
    """The agreements whose parties or dates a file's checked rows may have changed."""
    column = AGREEMENT_COLUMN.get(job.kind.name)
    if column is None:
        return []
    at = job.position(column)
    return sorted({values[at] for _, _, values in job.checked_rows()})


def chain_names(job: Job) -> list[str]:
    """The chains a file's checked rows belong to (created bare when missing)."""
    if "chain" not in {f.name for f in job.kind.fields} or job.kind.name == "chains":
        return []
    at = job.position("chain")
    return sorted({values[at] for _, _, values in job.checked_rows() if values[at]})


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


def batches(job: Job, step: Step, size: int) -> Iterator[tuple[str, list[list[Any]]]]:
    """The step's parameter rows ``[index, *values]``, grouped (one query per group) and cut
    into batches."""
    pending: dict[str, list[list[Any]]] = {}
    build, group_of = step.build, step.group
    for index, _, values in job.checked_rows():
        params = build(values)
        params.insert(0, index)
        group = group_of(values) if group_of else ""
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
        batch_size: int,
        *,
        dry_run: bool,
        progress: Callable[[ProgressEvent], None] | None,
        total: int,
        origin: str = "python",
    ) -> None:
        self.engine = engine
        self.batch_size = batch_size
        self.dry_run = dry_run
        self.progress = progress
        self.total = total
        self.origin = origin
        self.done = 0
        self.timestamp = engine.datetime_function
        # Chains created bare for rows that name them; a chains file of the same import that
        # then fills one in counts it as created, not updated.
        self.fresh_chains: set[str] = set()

    def write_job(self, job: Job) -> Counts:
        """Write one file's checked rows under a new import run (counting only, in a dry run);
        the counts go to the file's report and its ImportRun."""
        run_id = str(uuid.uuid4())
        report = job.report
        if not self.dry_run:
            report.run_id = run_id
            props = {
                "run_id": run_id,
                "file": job.path.name,
                "sha256": report.sha256,
                "kind": job.kind.name,
                "rows": report.rows,
                "rejected": report.rejected,
                "version": redchain.__version__,
                "origin": self.origin,
            }
            self.engine.run(
                cypher.start_run(IMPORT_RUN.label, self.timestamp),
                {"props": props, "at": self.now()},
                write=True,
            )
        counts = self.write(job, run_id)
        report.created, report.updated, report.unchanged = (
            counts.created,
            counts.updated,
            counts.unchanged,
        )
        if not self.dry_run:
            self.engine.run(
                cypher.finish_run(IMPORT_RUN.label, self.timestamp),
                {
                    "run_id": run_id,
                    "props": {
                        "created": counts.created,
                        "updated": counts.updated,
                        "unchanged": counts.unchanged,
                    },
                    "at": self.now(),
                },
                write=True,
            )
        return counts

    def now(self) -> str:
        """The time now as ISO 8601 text with its offset: what Neo4j's datetime() reads, and
        what FalkorDB, which has no zoned date-time, stores as it is (docs/model.md)."""
        return dt.datetime.now().astimezone().isoformat(timespec="seconds")

    def write(self, job: Job, run_id: str) -> Counts:
        steps = Planner(job, write=not self.dry_run, lock=self.engine.concurrent_writers).steps()
        if not self.dry_run:
            names = chain_names(job)
            if names:
                rows = [[n, DEFAULT_CHAIN_EN if n == DEFAULT_CHAIN else None] for n in names]
                made = self._run(cypher.ensure_chains(CHAIN.label, CHAIN.key), rows, run_id)
                self.fresh_chains.update(made[0]["created"] if made else [])
            items = item_rows(job)
            if items:
                self._run(cypher.ensure_items(ITEM.label, ITEM.key), items, run_id)
        created = 0
        updated: set[int] = set()  # indexes of the rows that changed something but created none
        for step in steps:
            queries = self._queries(step)
            for group, rows in prefetched(batches(job, step, self.batch_size)):
                [result] = self._run(queries[group], rows, run_id)
                if step.primary:
                    created += int(result["created"])
                    changed = set(result["updated"])
                    if job.kind.name == "chains" and self.fresh_chains:
                        fresh = {r[0] for r in rows if r[1] in self.fresh_chains}
                        created += len(changed & fresh)
                        changed -= fresh
                    updated |= changed
                else:
                    updated.update(result["changed"])
                self.done += len(rows)
                if self.progress:
                    self.progress(ProgressEvent("write", job.file, self.done, self.total))
        if not self.dry_run:
            numbers = agreement_numbers(job)
            if numbers:
                derive_partnerships(self.engine, numbers, run_id, self.batch_size)
        good = job.report.rows - len(job.bad)
        return Counts(created, len(updated), good - created - len(updated))

    def _queries(self, step: Step) -> dict[str, str]:
        """The step's create-only queries when the graph holds none of what it writes and no
        other client can write meanwhile; else its upserts."""
        if self.dry_run or self.engine.concurrent_writers or step.fresh is None:
            return step.queries
        if step.probe is not None and self.engine.run(step.probe):
            return step.queries
        return step.fresh

    def _run(self, query: str, rows: list[list[Any]], run_id: str) -> list[dict[str, Any]]:
        return self.engine.run_rows(query, rows, {"run_id": run_id}, write=not self.dry_run)

    @staticmethod
    def steps_of_job(job: Job) -> int:
        return len(Planner(job, write=False).steps())
