"""docs/python.md's tour runs as written: its Python blocks, in order, on both engines."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Target

DOC = Path(__file__).parent.parent / "docs" / "python.md"


def python_blocks() -> list[str]:
    return re.findall(r"^```python\n(.*?)^```$", DOC.read_text(encoding="utf-8"), re.M | re.S)


def test_the_tour_runs_and_shows_what_it_says(
    target: Target, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in target.env.items():
        monkeypatch.setenv(name, value)
    blocks = python_blocks()
    assert len(blocks) >= 10
    space: dict[str, Any] = {}
    try:
        for number, block in enumerate(blocks, 1):
            code = compile(block, f"docs/python.md block {number}", "exec")
            exec(code, space)  # the documentation's own code, run as a reader would
    finally:
        if "g" in space:
            space["g"].close()

    frame = space["frame"]
    assert len(frame) > 0 and frame["name"].str.contains("银行").any()
    assert all(isinstance(day, dt.date) for day in frame["joined_on"])
    assert space["counts"]["organizations"] == 101
    assert space["bureau"].name == "南沙开发区金融局"
    assert space["suggestions"]
    quiet = space["quiet"]
    assert 0 < len(quiet) < len(frame) and all(u.subdistrict == "南沙街道" for u in quiet)
    assert (space["result"].created, space["result"].updated) == (2, 0)
    assert "not a valid credit code" in space["problems"][0]
    assert space["report"].as_of == dt.date(2024, 12, 31)
