"""A graph written the 0.1 way (text dates, decimal points, no version) migrates, on both
engines, and then answers every query as a fresh import of the same files does."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from redchain import migrate, period, querylib, schema
from redchain.engines.base import Engine
from redchain.errors import RedchainError
from redchain.gaps import gap_report
from redchain.importing.api import ImportOptions, import_files
from redchain.model import SCHEMA_LABEL
from redchain.points import ledger, rules
from tests.conftest import Target

FIXTURE = Path(__file__).parent / "data" / "graph-0.1.cypher"
# The sample's files as they were when redchain 0.1 wrote the graph above.
FIXTURE_FILES = Path(__file__).parent / "data" / "sample-0.1"
AS_OF = "2024-12-31"
PARAMS: dict[str, dict[str, Any]] = {
    "explore/neighbours": {"key": "南沙街道"},
    "explore/unit": {"key": "南沙街道"},
    "explore/search": {"text": "南沙"},
    "report/cohorts": {"from_year": 2022, "to_year": 2024},
    "report/placements": {"from_year": 2022, "to_year": 2024},
    "report/talent": {"from_year": 2022, "to_year": 2024},
    "report/talent_pool": {"year": 2024},
}


def write_old_graph(engine: Engine) -> None:
    """The sample as redchain 0.1 stored it, from its Cypher, with no schema version."""
    engine.run(f"MATCH (s:{SCHEMA_LABEL}) DELETE s", write=True)
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("//"):
            engine.run(line, write=True)


def without_run_ids(value: Any) -> Any:
    """Import-run ids differ between two imports of the same files; nothing else may."""
    if isinstance(value, dict):
        return {k: without_run_ids(v) for k, v in value.items() if k != "run_id"}
    if isinstance(value, list):
        return [without_run_ids(v) for v in value]
    return value


def answers(engine: Engine) -> dict[str, Any]:
    """Every read query of the library on the sample's last day, and the gap report."""
    found: dict[str, Any] = {}
    for query in querylib.catalogue().values():
        if query.mode != "read":
            continue
        params = {**PARAMS.get(query.name, {})}
        if any(p.name == "as_of" for p in query.params):
            params["as_of"] = AS_OF
        if query.name == ledger.LEDGER_QUERY:
            # Its rows come in no set order; the ledger built from them does.
            year = period.year(dt.date.fromisoformat(AS_OF).year)
            found[query.name] = ledger.compute(engine, year, rules.load()).to_json(lines=True)
            continue
        found[query.name] = without_run_ids(querylib.run(engine, query, params))
    found["gap report"] = gap_report(engine, as_of=AS_OF).to_dict()
    return found


def test_the_old_graph_is_found_and_commands_say_to_migrate(target: Target) -> None:
    with target.open() as engine:
        write_old_graph(engine)
        assert schema.version(engine) == schema.LEGACY_VERSION
        with pytest.raises(schema.OldGraph, match=r"Run 'redchain db migrate'"):
            schema.ensure(engine)
    for args in (("gaps", "--as-of", AS_OF), ("query", "run", "gaps/isolated"), ("viz",)):
        result = target.invoke(*args)
        assert result.exit_code == 1, args
        assert "redchain db migrate" in result.output, args
        assert "written by an older redchain" in result.output, args


def test_a_migrated_graph_answers_as_a_fresh_import_does(target: Target) -> None:
    with target.open() as engine:
        write_old_graph(engine)
    result = target.invoke("db", "migrate", "--batch-size", "100", "--format", "json")
    assert result.exit_code == 0, result.output
    with target.open() as engine:
        assert schema.stored_version(engine) == schema.SCHEMA_VERSION
        kinds = engine.run(
            "MATCH (a:Activity)<-[t:TOOK_PART_IN]-() RETURN a.date AS d, t.points AS p LIMIT 1"
        )[0]
        assert isinstance(kinds["d"], dt.date) and type(kinds["p"]) is int
        migrated = answers(engine)
        engine.clear()
        schema.ensure(engine)
        files = sorted(FIXTURE_FILES.glob("*.csv"))
        assert import_files(engine, files, ImportOptions(origin="demo")).ok
        fresh = answers(engine)
    assert migrated == fresh
    assert migrated["gap report"]["gaps"][0]["count"] > 0


def test_migrating_twice_or_after_an_interruption_converts_each_value_once(
    engine: Engine,
) -> None:
    write_old_graph(engine)

    def stop_after_a_batch_of_dates(what: str, done: int) -> None:
        if what == "Activity.date":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        migrate.migrate(engine, batch_size=50, progress=stop_after_a_batch_of_dates)
    assert schema.version(engine) == schema.LEGACY_VERSION  # not stamped half-way
    seen: list[tuple[str, int]] = []
    finished = migrate.migrate(engine, batch_size=50, progress=lambda w, n: seen.append((w, n)))
    assert finished.from_version == schema.LEGACY_VERSION
    assert finished.converted["Activity.date"] == 99 - 50  # the first batch was kept
    assert ("TOOK_PART_IN.points", 50) in seen  # progress after each batch
    assert not schema.holds_legacy_values(engine)
    again = migrate.migrate(engine)
    assert (again.from_version, again.total) == (schema.SCHEMA_VERSION, 0)


def test_a_value_that_is_no_date_is_named_and_the_graph_stays_unstamped(engine: Engine) -> None:
    write_old_graph(engine)
    engine.run("MATCH (a:Activity {code: 'A2022-001'}) SET a.date = 'soon'", write=True)
    with pytest.raises(RedchainError, match=r"Activity\.date \(1\).*run 'redchain db migrate'"):
        migrate.migrate(engine)
    assert schema.stored_version(engine) is None
