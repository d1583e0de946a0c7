"""Every command, any options: exit 0, 1 or 2, never a traceback, and a refusal changes nothing.

The commands and their options are read from the command line itself, so a new option is fuzzed
as soon as it exists. Values come from what each option's type takes, plus what a careless or
hostile user would give it: extreme numbers, dates at the calendar's ends, folders, /dev/full,
/proc, files of random bytes, half-written queries and parameters. Each run is bounded (a few
dozen examples, derandomised) so that the suite stays fast.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_support import canonical_dump, has_traceback, import_order

from redchain import querylib, synthetic
from redchain.cli.main import cli
from redchain.crash import FOLDER

# demo replaces the graph on purpose and takes seconds; viz --open starts a browser.
SKIPPED_COMMANDS = {("demo",)}
SKIPPED_OPTIONS = {"--open"}
EXAMPLES = 40

NUMBERS = ["-1", "0", "1", "2", "7", "40", "1000000000", "1e308", "nan", "inf", "x", ""]
DATES = ["2024-06-30", "0001-01-01", "9999-12-31", "2024-02-30", "2024/6/30", "yesterday", ""]
TEXTS = st.sampled_from(
    ["南沙街道", "金桥红链", "'", '"', "`", "$rows", "\x00", "\ud800", "=1+1", " ", "", "-"]
) | st.text(max_size=12)
QUERIES = [
    "RETURN 1 AS one",
    "MATCH (n) RETURN n LIMIT 3",
    "MATCH (o:Organization) RETURN o.name AS name, o.uscc AS code",
    "CREATE (:Organization {uscc: ''})",
    "MATCH (n) DETACH DELETE n",
    "LOAD CSV FROM 'http://127.0.0.1:9/x' AS r RETURN r",
    "SHOW USERS",
    "RETURN $missing",
    "MATCH (",
    "",
]
PARAMS = ["k=v", "n:int=5", "n:int=x", "d:date=0001-01-01", "l:json=[", "m:json={}", "=", "x"]


QUERY_NAMES = sorted(querylib.catalogue())[:6]


def leaf_commands() -> list[tuple[tuple[str, ...], click.Command]]:
    found: list[tuple[tuple[str, ...], click.Command]] = []

    def walk(command: click.Command, path: tuple[str, ...]) -> None:
        if isinstance(command, click.Group):
            for name, sub in sorted(command.commands.items()):
                walk(sub, (*path, name))
        elif path not in SKIPPED_COMMANDS:
            found.append((path, command))

    walk(cli, ())
    return found


def paths(places: dict[str, Path]) -> st.SearchStrategy[str]:
    return st.sampled_from([str(p) for p in places.values()] + ["/dev/full", "/proc/x.out"])


def value_for(param: click.Parameter, places: dict[str, Path]) -> st.SearchStrategy[str]:
    kind = param.type
    name = (param.name or "").replace("_", "-")
    if isinstance(kind, click.Choice):
        return mostly(st.sampled_from(list(kind.choices)))
    if isinstance(kind, click.types.IntParamType | click.types.FloatParamType):
        return st.sampled_from(NUMBERS)
    if isinstance(kind, click.Path):
        return paths(places)
    if name in ("as-of", "since", "from", "to"):
        return mostly(st.sampled_from(DATES))
    if name in ("params", "param"):
        return mostly(st.sampled_from(PARAMS))
    if name == "query" and isinstance(param, click.Argument):
        return mostly(st.sampled_from(QUERIES))
    if name in ("name", "query"):
        return mostly(st.sampled_from([*QUERY_NAMES, "nope", ""]))
    return TEXTS


def mostly(usual: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Usually a value of the option's kind, sometimes any text."""
    return st.one_of(usual, usual, usual, TEXTS)


@st.composite
def invocations(draw: st.DrawFn, places: dict[str, Path]) -> list[str]:
    path, command = draw(st.sampled_from(leaf_commands()))
    args = list(path)
    for param in command.params:
        if isinstance(param, click.Option) and param.opts[0] in SKIPPED_OPTIONS:
            continue
        if isinstance(param, click.Argument):
            count = draw(st.integers(0, 2)) if param.nargs == -1 else param.nargs
            args += [draw(value_for(param, places)) for _ in range(count)]
            continue
        assert isinstance(param, click.Option)
        if not draw(st.booleans()):
            continue
        option = param.opts[0]
        if param.is_flag:
            args.append(option)
            continue
        for _ in range(draw(st.integers(1, 2)) if param.multiple else 1):
            args.append(option)
            args += [draw(value_for(param, places)) for _ in range(max(1, param.nargs))]
    return args


@pytest.fixture
def places(tmp_path: Path) -> dict[str, Path]:
    network = tmp_path / "network"
    synthetic.generate(30, 3, network)
    noise = tmp_path / "noise.csv"
    noise.write_bytes(os.urandom(300))
    under = tmp_path / "a-file"
    under.write_text("x")
    files = import_order(network)
    return {
        "partners": files[0],
        "any": files[-1],
        "noise": noise,
        "folder": tmp_path,
        "under a file": under / "out.csv",
        "new": tmp_path / "out" / "new.html",
        "new csv": tmp_path / "rejects.csv",
        "input as output": files[0],
    }


def crash_reports(data_dir: Path) -> list[Path]:
    return sorted((data_dir / FOLDER).glob("*")) if (data_dir / FOLDER).is_dir() else []


def test_any_command_with_any_options_ends_cleanly(
    target: Any, places: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(places["folder"])  # outputs without --out land here, not in the checkout
    files = import_order(places["partners"].parent)
    seeded = target.invoke("import", *map(str, files))
    assert seeded.exit_code == 0, seeded.output
    report_dir = target.data_dir

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(args=invocations(places))
    def check(args: list[str]) -> None:
        with target.open() as engine:
            before = canonical_dump(engine)
        result = CliRunner().invoke(cli, [*target.cli_args, *args], input="", catch_exceptions=True)
        text = result.output
        assert result.exit_code in (0, 1, 2), (args, result.exit_code, text, result.exception)
        assert not isinstance(result.exception, Exception) or isinstance(
            result.exception, SystemExit
        ), (args, result.exception)
        assert not has_traceback(text), (args, text)
        reports = crash_reports(report_dir)
        assert reports == [], (args, reports[0].read_text() if reports else "")
        if result.exit_code != 0:
            with target.open() as engine:
                after = canonical_dump(engine)
            assert after == before, (args, text)
        for place in ("partners", "any"):
            assert places[place].exists()

    check()
