"""``redchain demo``: load the sample network and show what the office would see first."""

from __future__ import annotations

from pathlib import Path

import click

from redchain import demo
from redchain.cli.context import Settings, pass_settings
from redchain.cli.output import format_option, to_json
from redchain.model import DOMAINS
from redchain.report import summary_lines


@click.command("demo")
@click.option("--force", is_flag=True, help="Replace a graph that holds more than the demo.")
@click.option(
    "--out-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("redchain-demo"),
    show_default=True,
    help="Where the gap report and the network page are written.",
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="Language of the report and the network page.",
)
@format_option(choices=("table", "json"))
@pass_settings
def command(settings: Settings, force: bool, out_dir: Path, lang: str, fmt: str) -> None:
    """Load the 金桥红链 sample network (fresh each run) and summarise it."""
    with settings.open() as engine:
        result = demo.load_sample(engine, force=force)
        demo.write_outputs(engine, result, out_dir, lang)
    counts = result.counts
    if fmt == "json":
        where = str(settings.data_dir) if settings.backend == "embedded" else settings.backend
        click.echo(
            to_json(
                {
                    "location": where,
                    "loaded": counts,
                    "gaps": {g["name"]: g["count"] for g in result.gaps.to_dict()["gaps"]},
                    "outputs": {k: str(v) for k, v in result.outputs.items()},
                }
            )
        )
        return
    domains = ", ".join(
        f"{d.zh if lang == 'zh' else d.en} {counts['by_domain'][d.key]}" for d in DOMAINS
    )
    click.echo(f"Loaded the 金桥红链 sample: {counts['organizations']} organisations ({domains}),")
    click.echo(
        f"  {counts['partnerships']} partnerships, {counts['bases']} bases, "
        f"{counts['activities']} activities, {counts['talent_links']} talent links."
    )
    click.echo(f"Gaps as of {demo.SAMPLE_AS_OF}:")
    for line in summary_lines(result.gaps, lang=lang):
        click.echo(f"  {line}")
    click.echo(f"Gap report:   {result.outputs['gap_report']}")
    click.echo(f"Network page: {result.outputs['network_page']}")
    click.echo(
        "Explore it in the browser: redchain "
        + (
            f"--data-dir {settings.data_dir}"
            if settings.backend == "embedded"
            else "--backend neo4j"
        )
        + " serve --open"
    )
