"""Export files as files: where ``--out`` puts them, what a failed write leaves, and stored text
that XML cannot carry."""

from __future__ import annotations

import contextlib
import csv
import json
import resource
import signal
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from openpyxl import load_workbook

from redchain import demo
from redchain.atomic import OutputError
from redchain.engines.base import Engine
from redchain.export import export_graph
from tests.conftest import Target

HOSTILE = "南沙\x07示例\x1b银行\r分行"
SHOWN = "南沙\ufffd示例\ufffd银行\r分行"


def test_control_characters_never_break_graphml_gexf_or_xlsx(
    engine: Engine, tmp_path: Path
) -> None:
    engine.run(
        "CREATE (:Organization:FinancialInstitution "
        "{uscc: '91440115MA5C0000X1', name: $name, domain: 'financial', address: $name})",
        {"name": HOSTILE},
        write=True,
    )
    for fmt in ("graphml", "gexf"):
        path = tmp_path / f"g.{fmt}"
        export_graph(engine, fmt, path)
        ET.parse(path)  # well-formed XML 1.0
        read = nx.read_graphml if fmt == "graphml" else nx.read_gexf
        node = read(path).nodes["Organization:91440115MA5C0000X1"]
        assert (node["name"], node["address"]) == (SHOWN, SHOWN), fmt
    export_graph(engine, "xlsx", tmp_path / "g.xlsx")
    units = list(load_workbook(tmp_path / "g.xlsx")["单位"].iter_rows(values_only=True))
    # The CR is a line break either way: kept when openpyxl writes through lxml (installed with
    # python-docx), read back as LF when it writes through its own XML writer.
    assert units[1][1] in (SHOWN, SHOWN.replace("\r", "\n"))


@contextlib.contextmanager
def disk_full_after(limit: int) -> Iterator[None]:
    """Writes of this process past ``limit`` bytes fail, as on a full disk (EFBIG)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "xlsx", "jsonl"])
def test_an_export_that_fails_on_a_full_disk_keeps_the_old_file(
    engine: Engine, tmp_path: Path, fmt: str
) -> None:
    demo.load_sample(engine)
    out = tmp_path / "exports"
    out.mkdir()
    old = out / f"network.{fmt}"
    old.write_bytes(b"the export of last week")
    with pytest.raises(OutputError, match=r"network\.\w+: could not be written"):  # noqa: SIM117
        with disk_full_after(16 * 1024):
            export_graph(engine, fmt, old)
    assert old.read_bytes() == b"the export of last week"
    assert [p.name for p in out.iterdir()] == [old.name]  # no temporary file left


def test_out_names_a_file_for_one_table_and_a_folder_only_when_it_is_one(
    target: Target, tmp_path: Path
) -> None:
    assert target.invoke("demo", "--out-dir", str(tmp_path / "demo")).exit_code == 0
    ranking = ["export", "--query", "rank/points", "--param", "as_of=2024-12-31"]
    result = target.invoke(*ranking, "--format", "csv", "--out", str(tmp_path / "rank.csv"))
    assert result.exit_code == 0, result.output
    with (tmp_path / "rank.csv").open(encoding="utf-8-sig", newline="") as f:
        first = next(csv.DictReader(f))
    assert (first["rank"], first["name"], first["points"]) == ("1", "南沙开发区金融局", "34")

    folder = tmp_path / "out"
    folder.mkdir()
    result = target.invoke(*ranking, "--format", "xlsx", "--out", str(folder), "--summary", "json")
    assert json.loads(result.output)["paths"] == [str(folder / "rank_points.xlsx")]
    assert load_workbook(folder / "rank_points.xlsx").sheetnames == ["录入积分排名"]

    result = target.invoke("export", "--format", "csv", "--out", str(tmp_path / "one.csv"))
    assert result.exit_code != 0
    assert "a whole-graph CSV export is two tables" in result.output
    assert not (tmp_path / "one.csv").exists()
    result = target.invoke("export", "--format", "csv", "--out", str(tmp_path / "graph"))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "graph").iterdir()) == [
        "nodes.csv",
        "relationships.csv",
    ]
