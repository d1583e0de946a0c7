"""``redchain generate``: write the import files of a synthetic network (benchmarks, tests)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from redchain import synthetic
from redchain.cli.output import emit, format_option


@click.command("generate")
@click.option(
    "--orgs",
    "n_orgs",
    type=click.IntRange(min=synthetic.MIN_ORGS),
    required=True,
    help="How many organisations (partner units) the network has.",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same files.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Directory to write the CSV files to (created if missing; files in it are replaced).",
)
@click.option(
    "--partnerships-per-org",
    type=click.IntRange(min=1),
    default=synthetic.DEFAULT_PARTNERSHIPS_PER_ORG,
    show_default=True,
    help="Partnerships each organisation starts.",
)
@format_option(choices=("table", "json"))
def command(n_orgs: int, seed: int, out_dir: Path, partnerships_per_org: int, fmt: str) -> None:
    """Write valid import files of a synthetic 金桥红链 network of any size.

    The files (UTF-8 with BOM, English column names) follow the sample's shape: the chain master,
    the nine subdistricts and towns, universities, associations and financial institutions, with
    partnerships (one in four run as an agreement, with its parties, resources and needs), bases,
    activities, participation, talent links, cohorts with their placements and the talent pool.
    Import them with 'redchain import DIR/*.csv'.
    """
    started = time.perf_counter()
    show_progress = sys.stderr.isatty()

    def progress(file_name: str, rows: int) -> None:
        if show_progress:
            click.echo(f"\r{file_name}: {rows:,} rows", nl=False, err=True)

    try:
        result = synthetic.generate(
            n_orgs, seed, out_dir, progress, partnerships_per_org=partnerships_per_org
        )
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(f"cannot write to {out_dir}: {exc.strerror or exc}") from exc
    if show_progress:
        click.echo("\r\033[K", nl=False, err=True)
    result["seconds"] = round(time.perf_counter() - started, 2)
    rows = [
        {"file": str(Path(result["out_dir"]) / name), "rows": count}
        for name, count in result["files"].items()
    ]
    emit(rows, fmt, json_data=result)
    if fmt != "json":
        domains = ", ".join(f"{key} {count:,}" for key, count in result["domains"].items())
        click.echo(f"{n_orgs:,} organisations ({domains}); {result['seconds']} s")
