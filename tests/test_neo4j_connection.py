"""Neo4j specifics: both URI schemes, credentials from the environment, never printed."""

from __future__ import annotations

import os

import pytest

import redchain
from redchain.engines.neo4j import redact
from redchain.errors import EngineUnavailable
from tests.conftest import skip_or_fail_without_neo4j


@pytest.fixture
def neo4j_uri() -> str:
    skip_or_fail_without_neo4j()
    return os.environ["NEO4J_URI"]


@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
def test_both_schemes_reach_the_server(neo4j_uri: str, scheme: str) -> None:
    uri = scheme + "://" + neo4j_uri.split("://", 1)[1]
    with redchain.connect("neo4j", uri=uri) as engine:
        assert engine.run("RETURN 1 AS one") == [{"one": 1}]
        assert engine.location.startswith(scheme + "://")


def test_wrong_password_is_a_clear_error_without_the_password(neo4j_uri: str) -> None:
    with pytest.raises(EngineUnavailable, match="check NEO4J_USERNAME and NEO4J_PASSWORD") as info:
        redchain.connect("neo4j", uri=neo4j_uri, password="not-the-password-123")
    assert "not-the-password-123" not in str(info.value)


def test_credentials_in_a_uri_never_reach_messages() -> None:
    assert redact("neo4j://alice:s3cret@db.example:7687") == "neo4j://db.example:7687"


def test_missing_uri_says_what_to_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    with pytest.raises(EngineUnavailable, match="set NEO4J_URI"):
        redchain.connect("neo4j")
