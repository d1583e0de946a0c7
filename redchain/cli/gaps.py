"""``redchain gaps``: the coverage-gap report, as text, JSON, Markdown or an offline HTML page."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from redchain import querylib, report
from redchain.cli.context import Settings, pass_settings
from redchain.cli.options import (
    as_of_option,
    date_notice,
    lang_option,
    open_graph,
    out_option,
    timeout_option,
)
from redchain.gaps import gap_report
from redchain.model import DEFAULT_CHAIN


@click.command("gaps")
@as_of_option()
@click.option(
    "--since",
    default=None,
    metavar="DATE",
    help="Members with no activity from DATE on are dormant [a year before --as-of].",
)
@click.option(
    "--from",
    "period_from",
    default=None,
    metavar="DATE",
    help="Start of the period for idle bases and the ranking [a year before --as-of].",
)
@click.option(
    "--to", "period_to", default=None, metavar="DATE", help="End of that period [--as-of]."
)
@click.option(
    "--hops",
    type=click.IntRange(min=0),
    default=3,
    show_default=True,
    help="Steps within which the chain master should reach every member.",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="Units listed at each end of the points ranking.",
)
@click.option("--chain", default=DEFAULT_CHAIN, show_default=True, help="The chain to report on.")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="CHECK.NAME=VALUE",
    help="A parameter of one check, e.g. agreements_ending.days=30 (repeatable; the checks' "
    "parameters are in 'redchain query show gaps/CHECK').",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(report.FORMATS),
    default="text",
    show_default=True,
    help="text for the terminal, json for programs, md for documents, html for a page.",
)
@out_option(help="Write the report to this file instead of printing it.")
@lang_option(help="Language of the report.")
@timeout_option()
@pass_settings
def command(
    settings: Settings,
    as_of: str | None,
    since: str | None,
    period_from: str | None,
    period_to: str | None,
    hops: int,
    top: int,
    chain: str,
    params: tuple[str, ...],
    fmt: str,
    out: Path | None,
    lang: str,
    timeout: float | None,
) -> None:
    """Where the chain has holes: every gap query with counts, lists and what to do."""
    period = None
    if period_from or period_to:
        if not (period_from and period_to):
            raise click.UsageError("give --from and --to together, or neither")
        period = (period_from, period_to)
    settings_by_check = check_settings(params)
    show = sys.stderr.isatty()

    def progress(name: str, done: int, total: int) -> None:
        if show and name:
            click.echo(f"  [{done + 1}/{total}] {name}", err=True)

    # An empty graph is named in gap_report's own error.
    with open_graph(settings, say_if_empty=False) as engine:
        result = gap_report(
            engine,
            as_of=as_of,
            since=since,
            period=period,
            hops=hops,
            progress=progress,
            chain=chain,
            top=top,
            timeout=timeout,
            settings=settings_by_check,
        )
        date_notice(engine, result.as_of, lang)
    if out is None:
        click.echo(report.render(result, fmt, lang), nl=False)
        return
    report.write_report(result, out, fmt, lang)
    found = len(result.with_gaps)
    click.echo(f"Wrote {out}: {found} of {len(result.gaps)} checks found gaps.")


def check_settings(pairs: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """``--param CHECK.NAME=VALUE`` options as parameters per check."""
    out: dict[str, dict[str, str]] = {}
    for key, value in querylib.parse_assignments(pairs).items():
        check, dot, name = key.partition(".")
        if not dot or not check or not name:
            raise click.BadParameter(
                f"{key}={value}: write CHECK.NAME=VALUE, e.g. agreements_ending.days=30",
                param_hint="--param",
            )
        out.setdefault(check, {})[name] = value
    return out
