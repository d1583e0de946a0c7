"""Checks across the cells of one row: what each cell may hold depends on the others.

A row whose cells each read well may still say something impossible: an agreement signed
before it was negotiated, or ending before it was signed (or, not signed yet, before its first
stage); a score with no evaluation; an honour
given to two recipients at once; more placed than interned. These checks run on the row's
values as typed (dates as ISO text, which sorts as the dates do), once its cells passed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from redchain.importing.job import Job
from redchain.importing.problems import Problem
from redchain.importing.rows import Values
from redchain.model import AGREEMENT_STAGES, STAGE_DATES

MAX_SCORE = 100
STAGE_ORDER = " → ".join(s.key for s in AGREEMENT_STAGES)
# Seven digits in a row are a phone or an ID number, never part of a name or a role.
_NUMBER = re.compile(r"\d{7,}")


class _Row:
    """One row's values by field name, and how to say a problem about one of its cells."""

    def __init__(self, job: Job, line: int, values: Values) -> None:
        self.job = job
        self.line = line
        self.values = values

    def __getitem__(self, name: str) -> Any:
        return self.values[self.job.position(name)]

    def header(self, name: str) -> str:
        return self.job.kind.field(name).zh

    def problem(self, name: str, message: str, fix: str) -> Problem:
        job = self.job
        value = self[name]
        return Problem(
            job.file,
            self.line,
            job.parser.field_label(job.kind.field(name)),
            None if value is None else str(value),
            message,
            fix,
            job.table.unit,
        )


def _agreement(row: _Row) -> list[Problem]:
    problems: list[Problem] = []
    earlier: str | None = None
    for stage in AGREEMENT_STAGES:
        name = STAGE_DATES[stage.key]
        day = row[name]
        if day is None:
            continue
        if earlier is not None and day < row[earlier]:
            problems.append(
                row.problem(
                    name,
                    f"is before {row.header(earlier)} {row[earlier]}: an agreement's stages "
                    f"come in the order {STAGE_ORDER}",
                    f"correct {row.header(name)} or {row.header(earlier)}",
                )
            )
        earlier = name
    # An agreement's term starts when it is signed; one not signed yet, at its first stage.
    dated = [STAGE_DATES[s.key] for s in AGREEMENT_STAGES if row[STAGE_DATES[s.key]] is not None]
    start = "signed_on" if row["signed_on"] is not None else next(iter(dated), None)
    ends = row["ends_on"]
    if ends is not None and start is not None and ends < row[start]:
        when = "it is signed" if start == "signed_on" else "it begins"
        problems.append(
            row.problem(
                "ends_on",
                f"is before {row.header(start)} {row[start]}: an agreement cannot end before "
                + when,
                f"correct {row.header('ends_on')} or {row.header(start)}",
            )
        )
    score = row["score"]
    if score is not None and row["evaluated_on"] is None:
        problems.append(
            row.problem(
                "score",
                f"is given but {row.header('evaluated_on')} is empty: a score comes from the "
                "evaluation (评约)",
                f"fill in {row.header('evaluated_on')}, or leave {row.header('score')} empty",
            )
        )
    elif score is not None and score > MAX_SCORE:
        problems.append(
            row.problem(
                "score",
                f"is over {MAX_SCORE}: an evaluation is scored out of {MAX_SCORE}",
                f"write a score from 0 to {MAX_SCORE}",
            )
        )
    if row["renews"] is not None and row["renews"] == row["number"]:
        problems.append(
            row.problem(
                "renews",
                "is this agreement's own number: an agreement cannot renew itself",
                "write the number of the agreement this one replaces, or leave it empty",
            )
        )
    return problems


def _parties(row: _Row) -> list[Problem]:
    problems = []
    for name in ("liaison", "liaison_role"):
        text = row[name]
        if text is not None and _NUMBER.search(text.replace(" ", "").replace("-", "")):
            problems.append(
                row.problem(
                    name,
                    "holds what looks like a phone or ID number; a liaison is recorded by name "
                    "and role only",
                    "write the name (or the role) alone",
                )
            )
    return problems


def _honour(row: _Row) -> list[Problem]:
    given = [name for name in ("org", "chain", "activity") if row[name] is not None]
    if len(given) < 2:
        return []
    first = given[0]
    return [
        row.problem(
            name,
            f"is a second recipient beside {row.header(first)} {row[first]!r}: an honour goes "
            "to one unit, one chain or one activity",
            "keep one recipient in this row, and give each other one an honour row "
            "(荣誉编号) of its own",
        )
        for name in given[1:]
    ]


def _placement(row: _Row) -> list[Problem]:
    interns, placed = row["interns"], row["placed"]
    if interns is None or placed is None or placed <= interns:
        return []
    return [
        row.problem(
            "placed",
            f"is more than {row.header('interns')} {interns}: those placed are some of the interns",
            f"correct {row.header('placed')} or {row.header('interns')}",
        )
    ]


RULES: dict[str, Callable[[_Row], list[Problem]]] = {
    "agreements": _agreement,
    "agreement_parties": _parties,
    "honours": _honour,
    "placements": _placement,
}


def row_problems(job: Job, line: int, values: Values) -> list[Problem]:
    """What is wrong across the cells of a row whose cells each read well."""
    rule = RULES.get(job.kind.name)
    return rule(_Row(job, line, values)) if rule is not None else []
