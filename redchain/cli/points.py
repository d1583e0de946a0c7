"""``redchain points``: the points ranking for a period by the rules, and any unit's ledger."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from redchain import asof
from redchain import period as periods
from redchain.cli.context import Settings, pass_settings
from redchain.cli.options import format_option, lang_option, open_graph
from redchain.cli.output import emit, to_json
from redchain.engines.base import Engine
from redchain.errors import RedchainError
from redchain.graph.lookup import UnitNotFound, resolve_unit
from redchain.importing import aliases
from redchain.importing.names import clean
from redchain.model import CHAIN, DEFAULT_CHAIN
from redchain.points import ledger, render, rules
from redchain.querylib import QueryParamError, parse_date


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_date(value, option)
    except QueryParamError as exc:
        raise click.BadParameter(str(exc).split(": ", 1)[-1], param_hint=option) from None


@click.command("points")
@click.option(
    "--period",
    "period_text",
    default=None,
    metavar="PERIOD",
    help="2024, 2024Q3 or 2024-07 (or 2024年第3季度, 2024年7月) [this year].",
)
@click.option("--from", "start", default=None, metavar="DATE", help="First day of the period.")
@click.option("--to", "end", default=None, metavar="DATE", help="Last day of the period.")
@click.option(
    "--by",
    type=click.Choice(render.BY_CHOICES),
    default="unit",
    show_default=True,
    help="Rank units, or the summed totals of each domain or subdistrict.",
)
@click.option(
    "--explain",
    "unit_key",
    default=None,
    metavar="UNIT",
    help="Print UNIT's ledger (name, short name, English name or credit code).",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="List only the first N of the ranking [all].",
)
@click.option("--chain", default=DEFAULT_CHAIN, show_default=True, help="The chain to rank.")
@click.option(
    "--rules",
    "rules_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="A points rules file (TOML, see docs/points.md) [the shipped 金桥红链 rules].",
)
@format_option(default="text", choices=("text", "json", "md", "csv"))
@lang_option()
@pass_settings
def command(
    settings: Settings,
    period_text: str | None,
    start: str | None,
    end: str | None,
    by: render.By,
    unit_key: str | None,
    top: int | None,
    chain: str,
    rules_path: Path | None,
    fmt: str,
    lang: str,
) -> None:
    """Points by the rules for a period: the ranking, or one unit's ledger (--explain).

    Nothing is stored: every run scores the chain's activities in the period by the rules
    version in force on each activity's date, with its caps; points typed in a participation
    file count as typed and the ledger marks them.
    """
    chosen = periods.resolve(
        period_text,
        _date(start, "--from"),
        _date(end, "--to"),
        periods.year(dt.date.today().year),
    )
    loaded = rules.load(rules_path)
    with open_graph(settings) as engine:
        uscc = find_unit(engine, unit_key) if unit_key is not None else None
        standing = ledger.compute(engine, chosen, loaded, chain=chain)
        newest = None
        if not standing.units:
            _check_chain(engine, chain)
            newest = asof.newest_activity(engine)
    if uscc is not None:
        _explain(standing, uscc, str(unit_key), fmt, lang)
        return
    if fmt == "json":
        data = standing.to_json()
        if top:
            data["units"] = data["units"][:top]
        data["by"] = by
        click.echo(to_json(data))
        return
    rows = render.ranking_rows(standing, by, lang, top)
    if fmt == "text":
        click.echo(render.heading(standing, lang))
        if not rows:
            click.echo(_nothing(standing, newest, lang))
            return
    emit(rows, "table" if fmt == "text" else fmt)


def find_unit(engine: Engine, key: str) -> str:
    """The credit code of the unit ``key`` names: its credit code, name, short name, English
    name, or an alias recorded for it (``redchain alias``)."""
    try:
        return resolve_unit(engine, key)
    except UnitNotFound:
        recorded = aliases.by_keys(engine, [clean(key)])
        if recorded:
            return next(iter(recorded.values()))[1]
        raise


def _explain(standing: ledger.Standing, uscc: str, key: str, fmt: str, lang: str) -> None:
    unit = standing.unit(uscc)
    if unit is None:
        raise RedchainError(
            f"{key} took part in none of {standing.chain}'s activities from "
            f"{standing.period.start} to {standing.period.end}, so it has no points then; "
            "give another --period or --chain"
        )
    if fmt == "json":
        data = unit.to_json(lines=True)
        data["ranked"] = len(standing.units)
        data["period"] = standing.to_json()["period"]
        data["chain"] = standing.chain
        click.echo(to_json(data))
        return
    rows = render.ledger_rows(unit, lang)
    if fmt == "text":
        click.echo(render.ledger_heading(standing, unit, lang))
        emit(rows, "table")
        click.echo(render.ledger_footer(unit, lang))
        return
    emit(rows, fmt)


def _check_chain(engine: Engine, chain: str) -> None:
    names = [r["name"] for r in engine.run(f"MATCH (c:{CHAIN.label}) RETURN c.name AS name")]
    if chain not in names:
        known = ", ".join(sorted(str(n) for n in names)) or "none yet"
        raise RedchainError(f"no chain is called {chain!r}; give --chain one of: {known}")


def _nothing(standing: ledger.Standing, newest: dt.date | None, lang: str) -> str:
    hint = ""
    if newest is not None and not standing.period.contains(newest):
        hint = (
            f"图中最近的活动在 {newest}，可用 --period {newest.year}。"
            if lang == "zh"
            else f"; the newest activity in the graph is of {newest}: try --period {newest.year}"
        )
    if lang == "zh":
        return f"统计期内没有单位参加 {standing.chain} 的活动。{hint}"
    return f"No unit took part in {standing.chain}'s activities in the period{hint}."
