"""Checks across rows and files: repeated and conflicting keys, references and their targets.

Every file is read to its end first. Then the references (a partnership's two units, a base's
host, an activity's base, ...) are looked up in the files given and in the graph, in batches of
parameters. A row that names a refused row is refused too, until nothing changes any more, so
that ``--skip-invalid`` never writes a relationship whose end it did not write.
"""

from __future__ import annotations

import difflib
import itertools
import sys
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from redchain import uscc
from redchain.engines.base import Engine, chunks
from redchain.importing import aliases
from redchain.importing.job import Job
from redchain.importing.kinds import KINDS, Field
from redchain.importing.names import Candidate, NameIndex, Resolution, Unit, clean, graph_units
from redchain.importing.normalize import is_valid_code
from redchain.importing.problems import Invalid, Problem
from redchain.importing.report import Accepted
from redchain.importing.rows import Values
from redchain.model import (
    ACTIVITY,
    AGREEMENT,
    BASE,
    CHAIN,
    COHORT,
    DEFAULT_CHAIN,
    DOMAIN_BY_KEY,
    HONOUR,
    ORGANIZATION,
    NodeType,
)

LOOKUP_BATCH = 5000
MAX_SUGGESTION_NAMES = 50_000

# Kinds whose rows define a node, the field that is its key, and the registry it goes to.
NODE_KINDS = {k.name: (k.key[0], k.defines) for k in KINDS if k.defines is not None}
# Columns that must name a unit of one domain.
DOMAIN_RULES = {(k.name, f.name): f.domain for k in KINDS for f in k.fields if f.domain is not None}
WHAT = {
    "org": "unit",
    "chain": "chain",
    "base": "base",
    "activity": "activity",
    "agreement": "agreement",
    "honour": "honour",
    "cohort": "cohort",
}
# The node each target other than a unit is looked up as, the kind of file that defines it and
# how its key is spoken of in messages.
KEYED: dict[str, tuple[NodeType, str, str]] = {
    "chain": (CHAIN, "chains", "of this name"),
    "base": (BASE, "bases", "of this name"),
    "activity": (ACTIVITY, "activities", "with this code"),
    "agreement": (AGREEMENT, "agreements", "with this number"),
    "honour": (HONOUR, "honours", "with this code"),
    "cohort": (COHORT, "cohorts", "with this code"),
}


@dataclass(slots=True)
class Defined:
    """A node or relationship a file row defines, for repeats, conflicts and references."""

    job: int
    line: int
    digest: int
    ok: bool = True
    domain: str | None = None


class LinkKeys:
    """The keys of relationship rows, kept compact: some 20 bytes a row in typed arrays.

    Nothing refers to a relationship row, so its key is needed only to find repeats. A file of
    a million partnerships has a million keys; held as tuples in a dict they would take some
    300 MB. Here each row keeps its key's 64-bit hash, a 32-bit digest of its values, its file
    and its line; repeats are found by sorting the hashes once all rows are in.
    """

    def __init__(self) -> None:
        self.hashes = array("q")
        self.digests = array("I")
        self.jobs = array("H")
        self.lines = array("I")

    def add(self, key_hash: int, digest: int, job: int, line: int) -> None:
        self.hashes.append(key_hash)
        self.digests.append(digest & 0xFFFFFFFF)
        self.jobs.append(job)
        self.lines.append(line)

    def repeats(self) -> Iterator[tuple[tuple[int, int, int], Defined]]:
        """Each later row with an earlier row's key: ``(job, line, digest)`` and that first row."""
        ordered = sorted(self.hashes)
        shared = {h for h, after in itertools.pairwise(ordered) if h == after}
        del ordered
        if not shared:
            return
        first: dict[int, Defined] = {}
        rows = zip(self.hashes, self.digests, self.jobs, self.lines, strict=True)
        for key_hash, digest, job, line in rows:
            if key_hash not in shared:
                continue
            if key_hash in first:
                yield (job, line, digest), first[key_hash]
            else:
                first[key_hash] = Defined(job, line, digest)


def is_code(ref: str) -> bool:
    """Whether a reference (as read) is a credit code rather than a name."""
    return len(ref) == uscc.LENGTH and is_valid_code(ref)


class Catalog:
    """What the files define and what the graph holds, and the references between them."""

    def __init__(self, jobs: list[Job], accept_suggestions: bool = False) -> None:
        self.jobs = jobs
        self.accept_suggestions = accept_suggestions
        # Aliases: clean form -> (unit reference, job, line) from aliases files, and
        # clean form -> credit code from the graph.
        self.file_aliases: dict[str, tuple[str, int, int]] = {}
        self.graph_aliases: dict[str, str] = {}
        self._alias_names: dict[str, str] = {}  # clean form -> the alias as first written
        # Names no unit has exactly: what the name index makes of them.
        self.resolutions: dict[str, Resolution] = {}
        self.taken: dict[str, Candidate] = {}
        self._accepted: dict[tuple[int, int, str], Accepted] = {}
        self._resolving: set[str] = set()
        self.defined: dict[str, dict[Any, Defined]] = {t: {} for t in WHAT}
        self.wanted: dict[str, set[str]] = {t: set() for t in WHAT}
        self.wanted_names: set[str] = set()
        self.names: dict[str, list[str]] = {}  # unit name in the files -> credit codes
        self.suggestions: list[str] = []
        self.graph_orgs: dict[str, str | None] = {}  # credit code -> domain
        self.graph_names: dict[str, list[tuple[str, str | None]]] = {}
        self.graph_keys: dict[str, set[str]] = {target: set() for target in KEYED}
        self.relationships: dict[str, LinkKeys] = {}
        # Pairs of rows with one key and different values: (kind, (job, line), (job, line)).
        self.conflicts: list[tuple[str, tuple[int, int], tuple[int, int]]] = []

    # --- while reading -------------------------------------------------------------------------

    def add_row(self, job: Job, line: int, values: Values, ok: bool) -> None:
        """Note what a freshly read row defines (``ok`` if its cells passed) and its references."""
        for pos, ref in job.ref_positions:
            value = values[pos]
            if value is None:
                continue
            if ref == "org" and not is_code(value):
                self.wanted_names.add(value)
            else:
                # One string per key however often it is named: a million references to
                # a quarter of a million units keep a quarter of a million strings.
                self.wanted[ref].add(sys.intern(value))
        if job.kind.name == "aliases":
            self._add_alias(job, line, values)
        node = NODE_KINDS.get(job.kind.name)
        if node is None:
            return
        key_field, target = node
        key = values[job.positions[key_field]]
        if key is None:
            return
        key = sys.intern(key)
        domain = values[job.positions["domain"]] if target == "org" else None
        registry = self.defined[target]
        self._register(job, line, values, registry, key, hash(values), domain, ok)

    def _add_alias(self, job: Job, line: int, values: Values) -> None:
        """Note an aliases file's row; a second alias that reads the same (as its clean form)
        but is written otherwise is refused (one written the same is a repeat, found later)."""
        name, target = values[job.position("alias")], values[job.position("org")]
        if name is None or target is None:
            return
        key = clean(name)
        first = self.file_aliases.get(key)
        if first is None:
            self.file_aliases[key] = (target, job.index, line)
            self._alias_names[key] = name
            return
        if self._alias_names[key] == name:
            return
        where = self._where(Defined(first[1], first[2], 0), job)
        job.refuse(
            line,
            Problem(
                job.file,
                line,
                job.parser.field_label(job.kind.field("alias")),
                name,
                f"reads the same as the alias {self._alias_names[key]!r} of {first[0]} at {where}",
                "an alias is one row: keep the one that is right and delete the other",
                job.table.unit,
            ),
        )

    def _register(
        self,
        job: Job,
        line: int,
        values: Values,
        registry: dict[Any, Defined],
        key: Any,
        digest: int,
        domain: str | None = None,
        ok: bool = True,
    ) -> None:
        first = registry.get(key)
        if first is None:
            registry[key] = Defined(job.index, line, digest, ok, domain)
            return
        self._clash(job, line, values, first, digest)

    def _clash(self, job: Job, line: int, values: Values, first: Defined, digest: int) -> None:
        """A second row with the key of ``first``: a repeat, or a conflict if values differ."""
        if first.digest == digest:
            kind = job.kind
            job.refuse(
                line,
                Problem(
                    job.file,
                    line,
                    " + ".join(job.parser.field_label(kind.field(k)) for k in kind.key),
                    " + ".join(str(values[job.position(k)]) for k in kind.key),
                    f"repeats the {kind.noun} of {self._where(first, job)}",
                    "delete one of the two rows",
                    job.table.unit,
                ),
            )
            return
        first.ok = False
        self.jobs[first.job].refuse(first.line)
        job.refuse(line)
        self.conflicts.append((job.kind.name, (first.job, first.line), (job.index, line)))

    def _where(self, defined: Defined, seen_from: Job) -> str:
        """Where a row is, said briefly when it is in the same file."""
        other = self.jobs[defined.job]
        if other is seen_from:
            return f"{other.table.unit} {defined.line}"
        return other.where(defined.line)

    # --- looking up ----------------------------------------------------------------------------

    def collect_names(self) -> None:
        """Credit codes of the units the files name, for references by name."""
        for job in self.jobs:
            if job.kind.name != "partners":
                continue
            code_at, name_at = job.position("uscc"), job.position("name")
            for _, _, values in job.rows():
                name, code = values[name_at], values[code_at]
                if name is None or code is None:
                    continue
                if name in self.wanted_names:
                    self.names.setdefault(name, []).append(code)
                if len(self.suggestions) < MAX_SUGGESTION_NAMES:
                    self.suggestions.append(name)

    def look_up(self, engine: Engine) -> None:
        """Find the referenced units, chains, bases and activities in the graph."""
        org = ORGANIZATION
        queries = {
            "org": f"UNWIND $keys AS k MATCH (n:{org.label} {{{org.key}: k}}) "
            f"RETURN n.{org.key} AS key, n.domain AS domain",
            **{
                target: f"UNWIND $keys AS k MATCH (n:{node.label} {{{node.key}: k}}) "
                f"RETURN n.{node.key} AS key"
                for target, (node, _, _) in KEYED.items()
            },
        }
        for target, query in queries.items():
            for batch in chunks(sorted(self.wanted[target]), LOOKUP_BATCH):
                for row in engine.run(query, {"keys": batch}):
                    if target == "org":
                        self.graph_orgs[row["key"]] = row["domain"]
                    else:
                        self.graph_keys[target].add(row["key"])
        by_name = (
            f"UNWIND $keys AS k MATCH (n:{org.label} {{name: k}}) "
            f"RETURN k AS name, n.{org.key} AS uscc, n.domain AS domain"
        )
        for batch in chunks(sorted(self.wanted_names), LOOKUP_BATCH):
            for row in engine.run(by_name, {"keys": batch}):
                self.graph_names.setdefault(row["name"], []).append((row["uscc"], row["domain"]))
        self._look_up_other_names(engine)

    def _look_up_other_names(self, engine: Engine) -> None:
        """Names no unit has exactly: by alias, then through the name index (built only then)."""
        pending = [
            n for n in self.wanted_names if n not in self.names and n not in self.graph_names
        ]
        if not pending:
            return
        keys = {clean(n) for n in pending}
        for key, (_, code) in aliases.by_keys(engine, keys - self.file_aliases.keys()).items():
            self.graph_aliases[key] = code
        pending = [
            n
            for n in pending
            if clean(n) not in self.graph_aliases and clean(n) not in self.file_aliases
        ]
        if not pending:
            for row in engine.run(
                f"UNWIND $keys AS k MATCH (n:{ORGANIZATION.label} {{{ORGANIZATION.key}: k}}) "
                f"RETURN n.{ORGANIZATION.key} AS key, n.domain AS domain",
                {"keys": sorted(set(self.graph_aliases.values()))},
            ):
                self.graph_orgs[row["key"]] = row["domain"]
            return
        index = NameIndex()
        for unit, domain in graph_units(engine):
            index.add(unit)
            self.graph_orgs[unit.code] = domain
        for job in self.jobs:
            if job.kind.name != "partners":
                continue
            at = [job.position(f) for f in ("uscc", "name", "short_name", "name_en")]
            for _, _, values in job.rows():
                code, name, short_name, name_en = (values[i] for i in at)
                if code is not None and name is not None:
                    index.add(Unit(code, name, short_name, name_en))
        self.resolutions = index.resolve_many(pending)

    # --- resolving -----------------------------------------------------------------------------

    def where(self, defined: Defined) -> str:
        return self.jobs[defined.job].where(defined.line)

    def org(self, ref: str) -> tuple[str, str | None]:
        """The credit code and domain of the unit ``ref`` names, or raise Invalid."""
        if is_code(ref):
            own = self.defined["org"].get(ref)
            if own is not None and own.ok:
                return ref, own.domain
            if ref in self.graph_orgs:
                return ref, self.graph_orgs[ref]
            if own is not None:
                raise self._refused(own)
            raise Invalid(
                "no unit has this credit code, in the files given or in the graph",
                "add the unit to a partners file (in this import or an earlier one), or "
                "correct the code",
            )
        found: dict[str, str | None] = {}
        refused: list[Defined] = []
        for code in self.names.get(ref, ()):
            own = self.defined["org"][code]
            if own.ok:
                found[code] = own.domain
            else:
                refused.append(own)
        for code, domain in self.graph_names.get(ref, ()):
            found.setdefault(code, domain)
        if len(found) == 1:
            return next(iter(found.items()))
        if found:
            codes = ", ".join(sorted(found)[:4])
            raise Invalid(
                f"is the name of {len(found)} units ({codes})",
                "write the credit code of the one you mean instead of the name",
            )
        if refused:
            raise self._refused(refused[0])
        return self._other_name(ref)

    def _other_name(self, ref: str) -> tuple[str, str | None]:
        """A unit named by an alias, or by a name the name index resolves (or suggests)."""
        key = clean(ref)
        if key in self.graph_aliases:
            return self.org(self.graph_aliases[key])
        if key in self.file_aliases and ref not in self._resolving:
            target, job_index, line = self.file_aliases[key]
            job = self.jobs[job_index]
            if line in job.bad:
                raise self._refused(Defined(job_index, line, 0))
            self._resolving.add(ref)
            try:
                return self.org(target)
            finally:
                self._resolving.discard(ref)
        resolution = self.resolutions.get(ref)
        if resolution is not None and resolution.unit is not None:
            return self.org(resolution.unit.code)
        if resolution is not None and resolution.ambiguous:
            raise Invalid(
                f"could be any of {len(resolution.candidates)} units: "
                + ", ".join(c.text() for c in resolution.candidates),
                "write the credit code of the one you mean, or record which one the name means: "
                f"redchain alias add {ref!r} CODE",
            )
        if resolution is not None and resolution.candidates:
            best = resolution.suggestion
            if best is not None and self.accept_suggestions:
                found = self.org(best.code)
                self.taken[ref] = best
                return found
            first, *others = resolution.candidates
            fix = f"did you mean {first.text()} ({first.reason})?"
            if others:
                fix += " Or " + " or ".join(f"{c.text()}, {c.score:.0f}%" for c in others) + "?"
            fix += (
                f" Write its credit code or full name, or record the name once: redchain alias "
                f"add {ref!r} {first.code}"
            )
            if best is not None:
                fix += "; or import with --accept-suggestions to take it"
            raise Invalid("no unit has this name, in the files given or in the graph", fix)
        fix = "write the unit's exact name as in its partners file, or its credit code"
        hint = difflib.get_close_matches(ref, self.suggestions, n=1, cutoff=0.75)
        if hint:
            fix = f"did you mean {hint[0]!r}? Otherwise {fix}"
        raise Invalid("no unit has this name, in the files given or in the graph", fix)

    def key(self, target: str, ref: str) -> str:
        """A reference to a chain, base, activity, agreement, honour or cohort, checked;
        returns it unchanged."""
        if target == "chain" and ref == DEFAULT_CHAIN:
            return ref  # created on first use
        own = self.defined[target].get(ref)
        if own is not None and own.ok:
            return ref
        if ref in self.graph_keys[target]:
            return ref
        if own is not None:
            raise self._refused(own)
        _, source, named = KEYED[target]
        raise Invalid(
            f"no {WHAT[target]} {named}, in the files given or in the graph",
            f"add it to a {source} file (in this import or an earlier one), or correct it",
        )

    def _refused(self, defined: Defined) -> Invalid:
        return Invalid(
            f"names the row at {self.where(defined)}, which is refused",
            "correct that row, and this one is imported with it",
        )

    # --- checking ------------------------------------------------------------------------------

    def check_references(self, job: Job) -> bool:
        """Refuse rows whose references fail; True if a row of a node kind was newly refused."""
        kind = job.kind
        refs = [(pos, f) for pos, f in enumerate(kind.fields) if f.type == "ref"]
        node = NODE_KINDS.get(kind.name)
        relation = None if node else self._relation_key(job)
        newly = False
        job.restart_checked()
        ref_at = [(pos, field.name) for pos, field in refs]
        # Each unit reference resolved once per pass: a million partnerships name a quarter of
        # a million units. A pass that refuses a node row sees the refusal in the next pass.
        units: dict[str, tuple[str, str | None] | Invalid] = {}
        for index, line, values in job.good_rows():
            problems: list[Problem] = []
            resolved: dict[str, Any] = {}
            for pos, field in refs:
                value = values[pos]
                if value is None:
                    continue
                try:
                    if field.ref == "org":
                        found = units.get(value)
                        if found is None:
                            try:
                                found = self.org(value)
                            except Invalid as exc:
                                found = exc
                            units[value] = found
                        if isinstance(found, Invalid):
                            # The same message again, without raising the remembered one.
                            raise Invalid(found.message, found.fix)
                        code, domain = found
                        self._check_domain(job, values, field, code, domain)
                        resolved[field.name] = code
                        if value in self.taken:
                            self._note_taken(job, line, field, value)
                    else:
                        resolved[field.name] = self.key(field.ref or "", value)
                except Invalid as exc:
                    problems.append(
                        Problem(
                            job.file,
                            line,
                            job.parser.field_label(field),
                            str(value),
                            exc.message,
                            exc.fix,
                            job.table.unit,
                        )
                    )
            if not problems and kind.name == "partnerships" and resolved["from"] == resolved["to"]:
                problems.append(
                    Problem(
                        job.file,
                        line,
                        job.parser.field_label(kind.field("to")),
                        str(values[job.position("to")]),
                        "is the same unit as 甲方 (from): a unit cannot partner itself",
                        "name two different units",
                        job.table.unit,
                    )
                )
            if problems:
                for problem in problems:
                    job.refuse(line, problem)
                if node is not None:
                    newly |= self._unregister(job, line, node, values)
                continue
            if relation is not None:
                key, digest = relation(values, resolved)
                keys = self.relationships.setdefault(kind.name, LinkKeys())
                keys.add(hash(key), digest, job.index, line)
            forward = list(values)
            for pos, name in ref_at:
                if name in resolved:
                    forward[pos] = resolved[name]
            job.checked.append((index, line, *forward))
        return newly

    def _note_taken(self, job: Job, line: int, field: Field, value: str) -> None:
        best = self.taken[value]
        self._accepted[(job.index, line, field.name)] = Accepted(
            job.file,
            line,
            job.parser.field_label(field),
            value,
            best.code,
            best.name,
            best.score,
            job.table.unit,
        )

    def accepted(self) -> list[Accepted]:
        """The suggestions taken, for the rows that were not refused, file by file and by line."""
        return [
            taken
            for (job_index, line, _), taken in sorted(self._accepted.items())
            if line not in self.jobs[job_index].bad
        ]

    def check_link_keys(self) -> None:
        """Refuse relationship rows that repeat a key (after all their files were checked)."""
        clashes: list[tuple[Job, int, Defined, int]] = []
        for keys in self.relationships.values():
            for (job_index, line, digest), first in keys.repeats():
                clashes.append((self.jobs[job_index], line, first, digest))
        wanted: dict[int, set[int]] = {}
        for job, line, _, _ in clashes:
            wanted.setdefault(job.index, set()).add(line)
        rows = self._rows_at(wanted)
        for job, line, first, digest in clashes:
            self._clash(job, line, rows[(job.index, line)], first, digest)

    def _check_domain(
        self, job: Job, values: Values, field: Field, code: str, domain: str | None
    ) -> None:
        wanted = field.domain
        if wanted is None or domain == wanted:
            return
        if job.kind.name == "partners" and code == values[job.position("uscc")]:
            return  # a subdistrict's own row may name itself; no link is made
        need = DOMAIN_BY_KEY[wanted]
        have = DOMAIN_BY_KEY[domain].zh if domain in DOMAIN_BY_KEY else "unit without a domain"
        fix = f"name a unit of the domain {need.zh} ({need.en}) here"
        if job.kind.name == "talent":
            fix += "; talent goes from a university (高校) to a financial institution (金融机构)"
        raise Invalid(f"is a {have}, but {field.zh} must be a {need.zh}", fix)

    def _unregister(self, job: Job, line: int, node: tuple[str, str], values: Values) -> bool:
        key = values[job.position(node[0])]
        own = self.defined[node[1]].get(key)
        if own is not None and own.ok and (own.job, own.line) == (job.index, line):
            own.ok = False
            return True
        return False

    def _relation_key(self, job: Job) -> Callable[[Values, dict[str, Any]], tuple[Any, int]]:
        """How a relationship row's identity is computed from its resolved references."""
        kind = job.kind
        plain = [
            pos for pos, f in enumerate(kind.fields) if f.type != "ref" and f.name not in kind.key
        ]
        refs_in_key = [k for k in kind.key if kind.field(k).type == "ref"]
        others = [job.position(k) for k in kind.key if kind.field(k).type != "ref"]

        def key(values: Values, resolved: dict[str, Any]) -> tuple[Any, int]:
            ends = [resolved[k] for k in refs_in_key]
            if kind.name == "partnerships":
                ends.sort()  # A–B and B–A are one partnership
            identity = (*ends, *(values[p] for p in others))
            return identity, hash((identity, tuple(values[p] for p in plain))) & 0xFFFFFFFF

        return key

    # --- conflicts -----------------------------------------------------------------------------

    def explain_conflicts(self) -> None:
        """Say, for each pair of conflicting rows, which columns differ."""
        wanted: dict[int, set[int]] = {}
        for _, a, b in self.conflicts:
            for job_index, line in (a, b):
                wanted.setdefault(job_index, set()).add(line)
        rows = self._rows_at(wanted)
        for _, a, b in self.conflicts:
            self._explain(a, b, rows[a], rows[b])
            self._explain(b, a, rows[b], rows[a])

    def _rows_at(self, wanted: dict[int, set[int]]) -> dict[tuple[int, int], Values]:
        """The values of a few rows, read back from their spools."""
        rows: dict[tuple[int, int], Values] = {}
        for job_index, lines in wanted.items():
            for _, line, values in self.jobs[job_index].rows():
                if line in lines:
                    rows[(job_index, line)] = values
        return rows

    def _explain(
        self, this: tuple[int, int], other: tuple[int, int], mine: Values, theirs: Values
    ) -> None:
        job = self.jobs[this[0]]
        kind = job.kind
        differ = [
            f
            for f, x, y in zip(kind.fields, mine, theirs, strict=True)
            if x != y and f.name not in kind.key
        ]
        names = ", ".join(f.zh for f in differ) or "way of naming the same unit"
        first = differ[0] if differ else kind.field(kind.key[0])
        value = mine[job.position(first.name)]
        other_job = self.jobs[other[0]]
        where = f"{job.table.unit} {other[1]}" if other_job is job else other_job.where(other[1])
        job.refuse(
            this[1],
            Problem(
                job.file,
                this[1],
                job.parser.field_label(first),
                None if value is None else str(value),
                f"is the same {kind.noun} as {where}, but with a different {names}",
                "keep the row that is right and delete the other",
                job.table.unit,
            ),
        )


def problems_of(jobs: Iterable[Job]) -> list[Problem]:
    """Every problem, file by file in the order given, by line."""
    found: list[Problem] = []
    for job in jobs:
        for line in sorted(job.bad):
            found.extend(job.bad[line])
    return found
