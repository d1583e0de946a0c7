"""``redchain report``: the periodic report an office sends upward, in Word, a workbook, a
printable page, PDF, Markdown or JSON."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from redchain import period as periods
from redchain import periodic, querylib
from redchain.cli.context import Settings, pass_settings
from redchain.cli.options import lang_option, open_graph, out_option, timeout_option
from redchain.model import DEFAULT_CHAIN
from redchain.points import rules as points_rules

# Formats that are not text: they go to a file, never to the terminal.
BINARY = ("docx", "xlsx", "pdf")


def default_period(today: dt.date | None = None) -> periods.Period:
    """The last whole quarter before today: what an office reports on by default."""
    day = today or dt.date.today()
    return periods.quarter(day.year, (day.month - 1) // 3 + 1).previous()


@click.command("report")
@click.option(
    "--period",
    "period_text",
    default=None,
    metavar="PERIOD",
    help="The period: 2024, 2024Q3 or 2024-07 [the last whole quarter].",
)
@click.option("--from", "start", default=None, metavar="DATE", help="First day of the period.")
@click.option("--to", "end", default=None, metavar="DATE", help="Last day of the period.")
@click.option("--chain", default=DEFAULT_CHAIN, show_default=True, help="The chain to report on.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(periodic.FORMATS),
    default=None,
    help="docx for Word, xlsx for a workbook, html for a printable page, pdf (printed by "
    "Chromium), md or json. [from the --out file's suffix, else md]",
)
@click.option(
    "--rules",
    "rules_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="A points rules file (TOML, see docs/points.md) [the shipped 金桥红链 rules].",
)
@out_option(help="Write the report to this file (docx, xlsx and pdf need one).")
@lang_option(help="Language of the report.")
@timeout_option()
@pass_settings
def command(
    settings: Settings,
    period_text: str | None,
    start: str | None,
    end: str | None,
    chain: str,
    fmt: str | None,
    rules_path: Path | None,
    out: Path | None,
    lang: str,
    timeout: float | None,
) -> None:
    """The office's report for a period: figures, trends, subdistricts, points, changes, gaps.

    Members, partnerships, agreements and bases are counted as they stood on the period's last
    day, activities and points within it; each figure is set beside the period before.
    """
    chosen = periods.resolve(
        period_text,
        querylib.parse_date(start, "--from") if start else None,
        querylib.parse_date(end, "--to") if end else None,
        default_period(),
    )
    fmt = fmt or (periodic.format_of(out) if out else None) or ("docx" if out else "md")
    if fmt in BINARY and out is None:
        raise click.UsageError(
            f"--format {fmt} writes a file: add --out report{periodic.SUFFIXES[fmt]}"
        )
    # An empty graph or an unknown chain is named in the builder's own error.
    rules = points_rules.load(rules_path)
    with open_graph(settings, say_if_empty=False) as engine:
        report = periodic.build(engine, chosen, chain, rules, timeout=timeout)
    if out is None:
        click.echo(periodic.render(report, fmt, lang).decode("utf-8"), nl=False)
        return
    periodic.write(report, out, fmt, lang)
    click.echo(f"Wrote {out}: the {fmt} report for {chosen.label('en')} ({chosen.key}).")
