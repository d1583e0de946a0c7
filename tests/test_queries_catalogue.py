"""The query library as files: headers, parameters, defaults, the model's names, the docs page."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from redchain import querylib
from redchain.model import ALL_LABELS, CHAIN_DOMAINS, REL_TYPES
from redchain.querylib import QueryFileError, QueryParamError

ROOT = Path(__file__).resolve().parent.parent
GAP_QUERIES = {
    "gaps/domain_matrix",
    "gaps/subdistricts_without_financial_partner",
    "gaps/financial_without_talent",
    "gaps/universities_without_talent",
    "gaps/dormant_members",
    "gaps/idle_bases",
    "gaps/unreachable_from_master",
    "gaps/isolated",
    "gaps/cut_units",
    "gaps/agreements_ending",
    "gaps/agreements_stalled",
    "gaps/nominal_partnerships",
    "gaps/unmatched_needs",
    "gaps/parties_without_liaison",
    "gaps/cohorts_without_placements",
    "gaps/never_evaluated",
}
QUERIES = list(querylib.catalogue().values())


def test_the_issue_names_every_gap_query_and_the_ranking() -> None:
    names = set(querylib.catalogue())
    assert names >= GAP_QUERIES | {"rank/points"}
    assert {n for n in names if n.startswith("gaps/")} == GAP_QUERIES
    assert {"explore/unit", "explore/neighbours", "explore/partnership_edges"} <= names


def test_the_shipped_queries_are_the_files_of_the_top_level_cypher_folder() -> None:
    shipped = sorted(
        p.relative_to(querylib.shipped_dir()) for p in querylib.shipped_dir().rglob("*.cypher")
    )
    in_tree = sorted(p.relative_to(ROOT / "cypher") for p in (ROOT / "cypher").rglob("*.cypher"))
    assert shipped == in_tree
    assert len(shipped) == len(QUERIES)


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_every_header_is_complete(query: querylib.Query) -> None:
    assert query.path == f"cypher/{query.name}.cypher"
    assert query.title_zh and query.title_en and query.answers_zh and query.answers_en
    assert query.mode == "read"
    for param in query.params:
        assert param.type in querylib.PARAM_TYPES
        assert param.zh and param.en, f"{query.name}: describe {param.name} in both languages"
    if query.folder == "gaps":
        assert query.advice_zh and query.advice_en, f"{query.name} needs advice in zh and en"
    if query.compute:
        assert query.note_zh and query.note_en, f"{query.name}: say why the step is in Python"


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_every_query_uses_only_the_models_labels_and_types(query: querylib.Query) -> None:
    cypher = query.cypher
    labels = set(re.findall(r"\(\s*\w*\s*:\s*([A-Za-z]+)", cypher))
    types = set(re.findall(r"\[\s*\w*\s*:\s*([A-Z_]+)", cypher))
    assert labels <= set(ALL_LABELS), labels - set(ALL_LABELS)
    assert types <= {r.type for r in REL_TYPES}, types - {r.type for r in REL_TYPES}
    quoted = set(re.findall(r"'([A-Z][A-Za-z]+)'", cypher))
    assert quoted <= set(ALL_LABELS), quoted - set(ALL_LABELS)


def test_the_domain_matrix_lists_the_models_domains_in_order() -> None:
    cypher = querylib.get("gaps/domain_matrix").cypher
    listed = re.search(r"\[('GovernmentBody'[^\]]*)\]", cypher)
    assert listed is not None
    assert re.findall(r"'(\w+)'", listed.group(1)) == [d.label for d in CHAIN_DOMAINS]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_no_query_uses_what_falkordb_cannot_run(query: querylib.Query) -> None:
    cypher = query.cypher.upper()
    # DURATION: FalkorDB counts 30 days as a month; date arithmetic goes in the header defaults.
    for construct in (
        "EXISTS {",
        "COUNT {",
        "COLLECT {",
        "=~",
        "ELEMENTID(",
        "DATETIME(",
        "DURATION(",
    ):
        assert construct not in cypher, f"{query.name} uses {construct}"
    assert not re.search(r"\(\s*\w*\s*:\s*\w+\s*\|", query.cypher), "no :A|B label expressions"


def test_the_docs_page_is_generated_from_the_headers_and_up_to_date() -> None:
    page = ROOT / "docs" / "queries.md"
    assert page.read_text(encoding="utf-8") == querylib.docs_markdown(), (
        "docs/queries.md is stale; run: redchain query docs --out docs/queries.md"
    )


def test_the_as_of_rule_is_stated_once_in_the_docs() -> None:
    page = querylib.docs_markdown()
    assert page.count("until IS NULL OR") == 1 + sum(
        q.cypher.count("until IS NULL OR") for q in QUERIES
    )
    assert "left_on > date($as_of)" in page.split("## Contents")[0]


def test_defaults_follow_other_parameters_and_today() -> None:
    query = querylib.get("rank/points")
    today = dt.date(2024, 2, 29)
    assert querylib.resolve(query, {}, today) == {
        "chain": "金桥红链",
        "as_of": dt.date(2024, 2, 29),
        "from": dt.date(2023, 2, 28),
        "to": dt.date(2024, 2, 29),
        "top": 10,
    }
    given = querylib.resolve(query, {"as_of": "2024/6/30", "top": "3"}, today)
    assert given["from"] == dt.date(2023, 6, 30) and given["to"] == dt.date(2024, 6, 30)
    assert given["top"] == 3


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"bogus": "1"}, "has no parameter 'bogus'; its parameters: chain, as_of, since"),
        ({"since": "2024-02-30"}, "'2024-02-30' is not a date; write it as 2023-05-01"),
        ({"as_of": "yesterday"}, "'yesterday' is not a date"),
    ],
)
def test_bad_parameters_are_refused_with_the_fix(given: dict[str, str], message: str) -> None:
    with pytest.raises(QueryParamError, match=re.escape(message)):
        querylib.resolve(querylib.get("gaps/dormant_members"), given)


def test_a_required_parameter_must_be_given() -> None:
    with pytest.raises(QueryParamError, match=r"needs the parameter 'key'.*--param key=VALUE"):
        querylib.resolve(querylib.get("explore/unit"), {})


@pytest.mark.parametrize(
    ("type_", "text", "value"),
    [
        ("int", "12", 12),
        ("float", "2.5", 2.5),
        ("bool", "是", True),
        ("bool", "false", False),
        ("date", "2023年5月1日", dt.date(2023, 5, 1)),
        ("text", "南沙街道", "南沙街道"),
    ],
)
def test_values_from_the_command_line_take_the_declared_type(
    type_: str, text: str, value: object
) -> None:
    assert querylib.convert(querylib.Param("p", type_, None), text) == value


def test_an_int_parameter_refuses_a_fraction() -> None:
    with pytest.raises(QueryParamError, match=r"'1.5' is not a valid int"):
        querylib.convert(querylib.Param("top", "int", None), "1.5")


def test_an_unknown_query_name_suggests_close_ones() -> None:
    with pytest.raises(QueryParamError, match=r"did you mean gaps/isolated"):
        querylib.get("isolated")


def write_query(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.cypher"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


HEADER = (
    "// name: {name}\n// title.zh: 标题\n// title.en: Title\n// answers.zh: 问\n"
    "// answers.en: Question\n// mode: read\n"
)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("// colour: red\nRETURN 1", r"cypher/x/q.cypher:7: unknown header key 'colour'"),
        ("// param: n number = 1 | 数 | n\nRETURN $n", r":7: parameter 'n' has type 'number'"),
        ("RETURN $missing", r"uses \$missing but the header declares no such parameter"),
        ("// param: n int = 1 | 数 | n\nRETURN 1", r"parameter n is declared but never used"),
        ("// mode: read\nRETURN 1", r":7: 'mode' is given twice"),
        ("// compute: magic\nRETURN 1", r"unknown compute step 'magic'"),
        ("", r"no Cypher after the header"),
    ],
)
def test_a_malformed_header_is_refused_naming_file_and_line(
    tmp_path: Path, body: str, message: str
) -> None:
    write_query(tmp_path, "x/q", HEADER.format(name="x/q") + body)
    with pytest.raises(QueryFileError, match=message):
        querylib.load_dir(tmp_path)


def test_a_query_name_must_match_its_path(tmp_path: Path) -> None:
    write_query(tmp_path, "x/q", HEADER.format(name="x/other") + "RETURN 1")
    with pytest.raises(QueryFileError, match=r"a query's name is its path below cypher/"):
        querylib.load_dir(tmp_path)


def test_typed_parameters_for_ad_hoc_cypher() -> None:
    assert querylib.parse_typed_assignments(
        ["u=914401", "n:int=5", "d:date=2024/6/30", 'l:json=["a", 1]', "t=a=b"]
    ) == {"u": "914401", "n": 5, "d": dt.date(2024, 6, 30), "l": ["a", 1], "t": "a=b"}
    with pytest.raises(QueryParamError, match=r"unknown type 'number'"):
        querylib.parse_typed_assignments(["n:number=5"])
    with pytest.raises(QueryParamError, match=r"write it as key=value"):
        querylib.parse_typed_assignments(["novalue"])
