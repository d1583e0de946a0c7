"""``redchain changes``: what changed in the chain between two dates, as text, JSON, Markdown or
an offline HTML page."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from redchain import changes as changes_report
from redchain import period as periods
from redchain.cli.context import Settings, pass_settings
from redchain.cli.options import format_option, lang_option, open_graph, out_option
from redchain.model import DEFAULT_CHAIN
from redchain.points import rules as points_rules
from redchain.querylib import parse_date


def last_quarter(today: dt.date | None = None) -> periods.Period:
    """The last whole quarter before ``today``: what the office reports upward."""
    today = today or dt.date.today()
    current = periods.quarter(today.year, (today.month - 1) // 3 + 1)
    return current.previous()


@click.command("changes")
@click.option(
    "--from",
    "start",
    default=None,
    metavar="DATE",
    help="First day of the period, included (2024-01-01, 2024/1/1 or 2024年1月1日).",
)
@click.option("--to", "end", default=None, metavar="DATE", help="Last day of the period, included.")
@click.option(
    "--period",
    "period_text",
    default=None,
    metavar="PERIOD",
    help="The period as 2024, 2024Q3 or 2024-07, instead of --from/--to [the last whole quarter].",
)
@click.option("--chain", default=DEFAULT_CHAIN, show_default=True, help="The chain to report on.")
@click.option(
    "--rules",
    "rules_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="A points rules file for the points movers (TOML, see docs/points.md) [the shipped "
    "金桥红链 rules].",
)
@click.option(
    "--movers",
    type=click.IntRange(min=1),
    default=changes_report.DEFAULT_MOVERS,
    show_default=True,
    help="Units listed as points movers.",
)
@format_option(default="text", choices=changes_report.FORMATS)
@out_option(help="Write the report to this file instead of printing it.")
@lang_option(help="Language of the report.")
@pass_settings
def command(
    settings: Settings,
    start: str | None,
    end: str | None,
    period_text: str | None,
    chain: str,
    rules_path: Path | None,
    movers: int,
    fmt: str,
    out: Path | None,
    lang: str,
) -> None:
    """What changed between two dates: units joined and left, partnerships begun and ended,
    agreements signed, ended and renewed, stage moves, points movers (against the period
    before) and gaps opened and closed (the gap report the day before the period against its
    last day). Both dates are included."""
    period = periods.resolve(
        period_text,
        parse_date(start, "--from") if start else None,
        parse_date(end, "--to") if end else None,
        last_quarter(),
    )
    rules = points_rules.load(rules_path) if rules_path is not None else None
    show = sys.stderr.isatty()

    def progress(name: str, done: int, total: int) -> None:
        if show and name:
            click.echo(f"  [{done + 1}/{total}] {name}", err=True)

    with open_graph(settings, say_if_empty=False) as engine:
        result = changes_report.build(
            engine, period, chain=chain, rules=rules, movers=movers, progress=progress
        )
    if out is None:
        click.echo(changes_report.render(result, fmt, lang), nl=False)
        return
    changes_report.write(result, out, fmt, lang)
    found = sum(1 for s in result.sections if s.count)
    click.echo(f"Wrote {out}: {found} of {len(result.sections)} sections list changes.")
