"""Readers and validators fuzzed: whatever a file holds (random bytes, a wrong encoding, huge
fields, odd Unicode, formula cells), an import ends with a report or a clear error, never a
traceback; through the library and through the command line.

Examples are derandomised so that every run tries the same cases; the counts are bounded so
that the suite stays fast.
"""

from __future__ import annotations

import codecs
import json
import string
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from reliability_support import assert_clear_failure, canonical_dump, has_traceback, run_redchain

from redchain.cli.main import cli
from redchain.engines.base import Engine
from redchain.errors import RedchainError
from redchain.importing.api import ImportOptions, import_files
from redchain.importing.kinds import PARTNERS
from redchain.importing.report import ImportReport

LIBRARY_EXAMPLES = 60
CLI_EXAMPLES = 25
FUZZ = settings(
    max_examples=LIBRARY_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# A valid credit code, so that rows get past the key check and reach the other validators.
GOOD_CODE = "91440115MA59ABCD53"
OTHER_CODE = "11440115MB2C584729"
SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".json", ".jsonl")
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-32", "latin-1", "shift_jis")

# Characters that break naive code: right-to-left and zero-width marks, the BOM, NUL and other
# controls, lone surrogates, line and paragraph separators, quotes and delimiters.
ODD_CHARS = (
    "\u202e\u202d\u200f\u200e\u200b\u200c\u200d\u2060\ufeff\x00\x01\x1b\x7f\r\n\t"
    "\u2028\u2029\ud800\udfff\u0301\u3000\uff0c\"',;=+-@`$\\{}[]()<>"
)
odd_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(ODD_CHARS),
        st.characters(codec="utf-8"),
        st.sampled_from(string.ascii_letters + "金桥红链南沙街道"),
    ),
    max_size=40,
)
huge_text = st.sampled_from(("x" * 140_000, "金" * 70_000, '"' * 50_001))
# Half of a UTF-16 pair: JSON can spell it (\ud800), no database can store it.
surrogates = st.sampled_from(("\ud800", "示例\udfff银行", "\udc80"))
cell_text = st.one_of(odd_text, odd_text, odd_text, huge_text, surrogates, st.just(GOOD_CODE))
headers = st.lists(
    st.one_of(st.sampled_from([f.name for f in PARTNERS.fields] + ["名称", "领域"]), odd_text),
    min_size=1,
    max_size=6,
)


def json_values(leaf: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.recursive(
        st.one_of(leaf, st.integers(), st.floats(), st.booleans(), st.none()),
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(odd_text, inner, max_size=3)
        ),
        max_leaves=8,
    )


@st.composite
def table(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    """Random headers and rows, or a partners table whose cells are odd (so that the rows reach
    every validator: credit codes, domains, dates, references)."""
    if draw(st.booleans()):
        names = [f.name for f in PARTNERS.fields]
        plausible = {
            "uscc": st.sampled_from((GOOD_CODE, OTHER_CODE)),
            "name": st.one_of(odd_text, surrogates),
            "domain": st.sampled_from(("金融机构", "基层街镇", "bank")),
            "subdistrict": st.sampled_from(("", "南沙街道", OTHER_CODE)),
            "joined_on": st.sampled_from(("", "2023-05-01", "2023年5月1日")),
            "chain": st.sampled_from(("", "金桥红链")),
        }
        row = st.tuples(
            *(st.one_of(*[plausible.get(n, st.just(""))] * 2, cell_text) for n in names)
        )
        return names, [list(r) for r in draw(st.lists(row, min_size=1, max_size=3))]
    names = draw(headers)
    rows = draw(
        st.lists(st.lists(cell_text, min_size=0, max_size=len(names) + 1), min_size=0, max_size=4)
    )
    return names, rows


def encode(text: str, encoding: str) -> bytes:
    # Lone surrogates become invalid bytes rather than an error here.
    errors = "surrogatepass" if encoding.startswith("utf") else "replace"
    return text.encode(encoding, errors)


@st.composite
def hostile_file(draw: st.DrawFn) -> tuple[str, bytes | dict[str, Any]]:
    """A file name suffix and its content: raw bytes, or a sheet to write with openpyxl."""
    shape = draw(st.sampled_from(("bytes", "csv", "json", "jsonl", "xlsx")))
    if shape == "bytes":
        return draw(st.sampled_from(SUFFIXES)), draw(st.binary(max_size=3000))
    if shape == "csv":
        names, rows = draw(table())
        delimiter = draw(st.sampled_from(",\t;"))
        text = "\n".join(delimiter.join(line) for line in [names, *rows])
        return ".csv", encode(text, draw(st.sampled_from(ENCODINGS)))
    if shape in ("json", "jsonl"):
        names, rows = draw(table())
        items = [dict(zip(names, row, strict=False)) for row in rows]
        items = draw(st.one_of(st.just(items), json_values(odd_text)))
        if shape == "json":
            return ".json", json.dumps(items, ensure_ascii=draw(st.booleans())).encode(
                "utf-8", "surrogatepass"
            )
        lines = items if isinstance(items, list) else [items]
        text = "\n".join(json.dumps(item) for item in lines)
        return ".jsonl", text.encode("utf-8")
    names, rows = draw(table())
    formulas = st.sampled_from(
        ("=1+1", '=HYPERLINK("http://example.invalid","x")', "=cmd|' /C calc'!A0", "=A1")
    )
    cells = st.one_of(odd_text, formulas, st.integers(), st.floats(allow_nan=False), huge_text)
    sheet_rows = [[draw(cells) for _ in row] for row in rows]
    return ".xlsx", {"headers": names, "rows": sheet_rows}


def write_file(folder: Path, suffix: str, content: bytes | dict[str, Any]) -> Path:
    path = folder / f"input{suffix}"
    if isinstance(content, bytes):
        path.write_bytes(content)
        return path
    book = openpyxl.Workbook()
    sheet = book.active
    for line in [content["headers"], *content["rows"]]:
        # openpyxl refuses control characters and cells over Excel's 32,767 characters, as
        # Excel does: such a workbook cannot exist, so those cells are shortened and cleaned.
        sheet.append([_excel_safe(v) for v in line])
    book.save(path)
    return path


def _excel_safe(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    text = "".join(ch for ch in value if ch >= " " or ch in "\t\n\r")
    return text.encode("utf-8", "ignore").decode("utf-8")[:32_767]


def assert_clear_outcome(outcome: ImportReport | Exception) -> None:
    """A report whose every problem names where and how to fix it, or a redchain error."""
    if isinstance(outcome, Exception):
        assert isinstance(outcome, RedchainError), repr(outcome)
        assert str(outcome).strip()
        return
    for problem in outcome.problems:
        assert problem.file and problem.message and problem.fix, problem


def attempt(engine: Engine, path: Path, options: ImportOptions) -> ImportReport | Exception:
    try:
        return import_files(engine, [path], options)
    except RedchainError as exc:
        return exc


SURROGATE_ROW = json.dumps([{"uscc": GOOD_CODE, "name": "\ud800", "domain": "金融机构"}])


@FUZZ
@given(file=hostile_file(), forced=st.one_of(st.none(), st.sampled_from(ENCODINGS), odd_text))
# Cases the fuzzer once found, kept so that every run tries them.
@example(file=(".csv", b"\x00\x00"), forced="utf-16")
@example(file=(".json", b"{}"), forced="utf-16")
@example(file=(".jsonl", b"{}"), forced="utf-32")
@example(file=(".csv", b"uscc,name\n"), forced="utf-8\x00")
@example(file=(".json", SURROGATE_ROW.encode()), forced=None)
def test_library_import_of_any_file_reports_or_refuses(
    engine: Engine, tmp_path_factory: pytest.TempPathFactory, file: Any, forced: str | None
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    path = write_file(folder, *file)
    before = canonical_dump(engine)
    outcome = attempt(engine, path, ImportOptions(encoding=forced, dry_run=True))
    assert_clear_outcome(outcome)
    assert canonical_dump(engine) == before, "a dry run changed the graph"


@FUZZ
@given(
    names=st.lists(odd_text, min_size=1, max_size=3),
    mapping=st.dictionaries(odd_text, odd_text, max_size=3),
    kind=st.one_of(st.none(), odd_text),
    sheet=st.one_of(st.none(), odd_text),
)
def test_library_options_never_break_the_import(
    engine: Engine,
    tmp_path_factory: pytest.TempPathFactory,
    names: list[str],
    mapping: dict[str, str],
    kind: str | None,
    sheet: str | None,
) -> None:
    folder = tmp_path_factory.mktemp("options")
    path = folder / "units.csv"
    header = ",".join(["uscc", "name", "domain", *(n.replace(",", " ") for n in names)])
    path.write_bytes(encode(f"{header}\n{GOOD_CODE},示例银行,金融机构\n", "utf-8"))
    options = ImportOptions(kind=kind, sheet=sheet, mapping=mapping, dry_run=True)
    assert_clear_outcome(attempt(engine, path, options))


def test_lone_surrogate_in_a_json_cell_is_a_problem_of_that_cell(
    engine: Engine, tmp_path: Path
) -> None:
    """JSON may spell half of a UTF-16 pair (``\\ud800``); no database can store it."""
    path = tmp_path / "units.json"
    path.write_text(
        json.dumps([{"uscc": GOOD_CODE, "name": "示例\ud800银行", "domain": "金融机构"}]),
        encoding="utf-8",
    )
    report = import_files(engine, [path], ImportOptions(dry_run=True))
    assert [(p.line, p.column) for p in report.problems] == [(1, "name")]


def test_a_key_too_long_for_an_index_is_a_problem_of_that_cell(
    engine: Engine, tmp_path: Path
) -> None:
    """Unique keys live in an index: FalkorDB 4.16 crashes on a key over 4,096 bytes and Neo4j
    refuses one over 8 KB, so such a key must be refused as a cell, before it is written."""
    host = write_partner(tmp_path)
    bases = tmp_path / "bases.csv"
    bases.write_text(f"name,kind,host\n{'基' * 3000},分基地,{GOOD_CODE}\n", encoding="utf-8")
    report = import_files(engine, [host, bases])
    assert [(p.file, p.line, p.column) for p in report.problems] == [(str(bases), 2, "name")]
    assert engine.run("RETURN 1 AS alive") == [{"alive": 1}]


def test_keys_with_spaces_at_their_ends_are_stored_trimmed(engine: Engine, tmp_path: Path) -> None:
    """FalkorDB 4.16 crashes on a unique key value that starts or ends with a space; the
    importer trims every key, so an import never sends one."""
    host = write_partner(tmp_path)
    bases = tmp_path / "bases.csv"
    bases.write_text(f'name,kind,host\n"  基地 甲\t",分基地,{GOOD_CODE}\n', encoding="utf-8")
    report = import_files(engine, [host, bases])
    assert report.ok, [p.text() for p in report.problems]
    assert engine.run("MATCH (b:Base) RETURN b.name AS name") == [{"name": "基地 甲"}]


def write_partner(folder: Path) -> Path:
    path = folder / "partners.csv"
    path.write_text(f"uscc,name,domain\n{GOOD_CODE},示例银行,金融机构\n", encoding="utf-8")
    return path


@settings(FUZZ, max_examples=CLI_EXAMPLES)
@given(file=hostile_file(), dry_run=st.booleans())
def test_cli_import_of_any_file_ends_with_a_message_not_a_traceback(
    target: Any, tmp_path_factory: pytest.TempPathFactory, file: Any, dry_run: bool
) -> None:
    folder = tmp_path_factory.mktemp("cli-fuzz")
    path = write_file(folder, *file)
    args = [*target.cli_args, "import", str(path), *(["--dry-run"] if dry_run else [])]
    result = CliRunner().invoke(cli, args, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"redchain import raised {result.exception!r}") from result.exception
    assert result.exit_code in (0, 1, 2), result.output
    assert not has_traceback(result.output)
    if result.exit_code != 0:
        assert "Error:" in result.stderr or "problem" in result.output, result.output


# Text a database cannot store, or that is no text at all, given on the command line (bytes
# that are not UTF-8 reach Python as lone surrogates) or in a JSON file, to a real process.
ARGV_CASES = {
    "surrogate in a JSON cell": ("import", "{json}"),
    "undecodable bytes as a --map source": ("import", "{csv}", "--map", b"\xff\xfe=name"),
    "undecodable bytes as a --map target": ("import", "{csv}", "--map", b"name=\xff"),
    "undecodable bytes in a --param value": ("cypher", "RETURN $x AS x", "--param", b"x=\xff"),
    "a backtick in a JSON --param key": ("cypher", "RETURN $m AS m", "-p", 'm:json={"a`b": 1}'),
    "undecodable bytes in --encoding": ("import", "{csv}", "--encoding", b"\xff"),
    "undecodable bytes in --sheet": ("import", "{csv}", "--sheet", b"\xff"),
}


@pytest.mark.parametrize("case", list(ARGV_CASES))
def test_cli_takes_undecodable_input_without_a_traceback(
    target: Any, tmp_path: Path, case: str
) -> None:
    csv_path = tmp_path / "units.csv"
    csv_path.write_text(f"uscc,name,domain\n{GOOD_CODE},示例银行,金融机构\n", encoding="utf-8")
    json_path = tmp_path / "units.json"
    json_path.write_text(
        json.dumps([{"uscc": GOOD_CODE, "name": "示例\ud800银行", "domain": "金融机构"}]),
        encoding="utf-8",
    )
    args = [
        a.replace("{json}", str(json_path)).replace("{csv}", str(csv_path))
        if isinstance(a, str)
        else codecs.decode(a, "utf-8", "surrogateescape")
        for a in ARGV_CASES[case]
    ]
    done = run_redchain(*args, env=target.env)
    if done.returncode == 0:  # taken as data (a Neo4j map key may hold a backtick)
        assert not has_traceback(done.stdout + done.stderr), done.stderr
    else:
        assert_clear_failure(done.returncode, done.stdout, done.stderr)
