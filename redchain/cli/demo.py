"""``redchain demo``: load the sample network and show what the office would see first."""

from __future__ import annotations

from pathlib import Path

import click

from redchain import demo, graphinfo
from redchain.cli.context import Settings, pass_settings
from redchain.cli.options import format_option, lang_option, out_option
from redchain.cli.output import to_json
from redchain.model import DOMAINS
from redchain.report import summary_lines


@click.command("demo")
@click.option("--force", is_flag=True, help="Replace a graph that holds more than the demo.")
@out_option(
    name="--out-dir",
    folder=True,
    default=Path("redchain-demo"),
    help="Where the gap report and the network page are written.",
)
@lang_option(help="Language of the report and the network page.")
@format_option(choices=("table", "json"))
@pass_settings
def command(settings: Settings, force: bool, out_dir: Path, lang: str, fmt: str) -> None:
    """Load the 金桥红链 sample network (fresh each run) and summarise it."""
    with settings.open() as engine:
        result = demo.load_sample(engine, force=force)
        demo.write_outputs(engine, result, out_dir, lang)
        graph = graphinfo.where(engine)
        location = engine.location
    counts = result.counts
    if fmt == "json":
        click.echo(
            to_json(
                {
                    "location": location,
                    "graph": graph,
                    "as_of": demo.SAMPLE_AS_OF,
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
    click.echo(f"Loaded the 金桥红链 sample into {graph}:")
    click.echo(f"  {counts['organizations']} organisations ({domains}),")
    click.echo(
        f"  {counts['partnerships']} partnerships, {counts['bases']} bases, "
        f"{counts['activities']} activities, {counts['talent_links']} talent links."
    )
    click.echo(f"Gaps as of {demo.SAMPLE_AS_OF}:")
    for line in summary_lines(result.gaps, lang=lang):
        click.echo(f"  {line}")
    click.echo(f"Gap report:   {result.outputs['gap_report']}")
    click.echo(f"Network page: {result.outputs['network_page']}")
    for key in ("report_docx", "report_pdf"):
        if key in result.outputs:
            click.echo(f"Report:       {result.outputs[key]}")
    click.echo(
        f"The sample ends in 2024: add --as-of {demo.SAMPLE_AS_OF} to gaps, viz and query run "
        "to see it as it stood then."
    )
    click.echo(
        "Explore it in the browser: redchain "
        + (
            f"--data-dir {settings.data_dir}"
            if settings.backend == "embedded"
            else "--backend neo4j"
        )
        + " serve --open"
    )
