"""The demo: the shipped sample (金桥红链 and 政数先锋链), loaded fresh through the importer."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from redchain import graphinfo, schema
from redchain.engines.base import Engine
from redchain.errors import RedchainError
from redchain.model import (
    ACTIVITY,
    AGREEMENT,
    BASE,
    CHAIN,
    COHORT,
    DOMAINS,
    HONOUR,
    IMPORT_RUN,
    ORGANIZATION,
    PARTNERS_WITH,
    SCHEMA_LABEL,
    SUPPLIES_TALENT,
    TOOK_PART_IN,
)

DEMO_ORIGIN = "demo"
# The sample describes the chain up to the end of 2024; its gaps are read as of then.
SAMPLE_AS_OF = "2024-12-31"
SAMPLE_SINCE = "2024-01-01"
SAMPLE_PERIOD = ("2024-01-01", "2024-12-31")


def sample_files() -> list[Path]:
    """The sample's import files, in name order (the importer reads them in the order of kinds)."""
    folder = Path(str(files("redchain") / "data" / "sample"))
    found = sorted(folder.glob("*.csv"))
    if not found:
        raise RedchainError(f"the sample files are missing from {folder}; reinstall redchain")
    return found


def foreign_content(engine: Engine) -> str | None:
    """Why the graph holds more than an earlier demo, or None when it is empty or demo-only."""
    nodes = graphinfo.node_count(engine)
    if nodes == 0:
        return None
    runs = engine.run("MATCH (r:ImportRun) RETURN r.origin AS origin, r.file AS file")
    other = [r for r in runs if r["origin"] != DEMO_ORIGIN]
    if other:
        names = ", ".join(sorted({str(r["file"]) for r in other})[:3])
        return f"{len(other)} import(s) that did not come from the demo ({names})"
    strangers = engine.run(
        "MATCH (r:ImportRun) WHERE r.origin = $demo WITH collect(r.run_id) AS demo_runs "
        f"MATCH (n) WHERE NOT n:{IMPORT_RUN.label} AND NOT n:{SCHEMA_LABEL} "
        "AND (n.run_id IS NULL OR NOT n.run_id IN demo_runs) "
        "RETURN count(n) AS c",
        {"demo": DEMO_ORIGIN},
    )
    count = strangers[0]["c"] if strangers else nodes
    if not runs:
        count = nodes
    if count:
        return f"{count} nodes that no demo import wrote"
    return None


@dataclass
class DemoResult:
    counts: dict[str, Any]
    import_report: Any
    gaps: Any = None
    outputs: dict[str, Path] = field(default_factory=dict)


def load_sample(
    engine: Engine, *, force: bool = False, progress: Callable[[Any], None] | None = None
) -> DemoResult:
    """Replace the graph with the sample. Refuses a graph holding other data unless ``force``."""
    from redchain.importing.api import ImportOptions, import_files

    reason = foreign_content(engine)
    if reason and not force:
        raise RedchainError(
            f"the graph at {engine.location} holds {reason}; the demo replaces the whole graph. "
            "Use --force to replace it anyway, or --data-dir to run the demo elsewhere"
        )
    engine.clear()
    schema.ensure(engine)
    report = import_files(engine, sample_files(), ImportOptions(origin=DEMO_ORIGIN), progress)
    if not report.ok:
        raise RedchainError("the shipped sample did not import cleanly; reinstall redchain")
    schema.stamp_if_unversioned(engine)
    return DemoResult(counts=summary_counts(engine), import_report=report)


def summary_counts(engine: Engine) -> dict[str, Any]:
    stats = graphinfo.stats(engine)
    labels, rels = stats["labels"], stats["relationships"]
    return {
        "organizations": labels[ORGANIZATION.label],
        "by_domain": {d.key: labels[d.label] for d in DOMAINS},
        "chains": labels[CHAIN.label],
        "bases": labels[BASE.label],
        "activities": labels[ACTIVITY.label],
        "partnerships": rels[PARTNERS_WITH.type],
        "talent_links": rels[SUPPLIES_TALENT.type],
        "participations": rels[TOOK_PART_IN.type],
        "agreements": labels[AGREEMENT.label],
        "honours": labels[HONOUR.label],
        "cohorts": labels[COHORT.label],
    }


def write_outputs(engine: Engine, result: DemoResult, out_dir: Path, lang: str = "zh") -> None:
    """The gap report (HTML) and the network page, side by side in ``out_dir``."""
    from redchain.gaps import gap_report
    from redchain.report import write_report
    from redchain.viz import write_network_page

    out_dir.mkdir(parents=True, exist_ok=True)
    result.gaps = gap_report(engine, as_of=SAMPLE_AS_OF, since=SAMPLE_SINCE, period=SAMPLE_PERIOD)
    report_path = out_dir / "gaps.html"
    write_report(result.gaps, report_path, fmt="html", lang=lang)
    page_path, _ = write_network_page(
        engine,
        out_dir / "network.html",
        lang="en" if lang == "en" else "zh",
        highlight_gaps=True,
        as_of=SAMPLE_AS_OF,
    )
    result.outputs = {"gap_report": report_path.resolve(), "network_page": page_path}
    result.outputs.update(write_periodic_report(engine, out_dir, lang))


def write_periodic_report(engine: Engine, out_dir: Path, lang: str = "zh") -> dict[str, Path]:
    """The sample's report for its last year as report.docx and, when Chromium is installed,
    report.pdf (without it a warning says so and the demo goes on)."""
    import datetime as dt

    from redchain import periodic
    from redchain.period import between
    from redchain.periodic.pdf import PdfError, chromium

    start, end = (dt.date.fromisoformat(day) for day in SAMPLE_PERIOD)
    report = periodic.build(engine, between(start, end))
    targets = {out_dir / "report.docx": "docx"}
    try:
        chromium()
        targets[out_dir / "report.pdf"] = "pdf"
    except PdfError as error:
        logging.getLogger("redchain").warning("report.pdf not written: %s", error)
    written = periodic.write_all(report, targets, lang)
    return {f"report_{path.suffix[1:]}": path.resolve() for path in written}
