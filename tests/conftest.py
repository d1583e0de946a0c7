"""Fixtures shared by the suite.

``target`` gives each engine test both engines: the embedded one in a fresh data directory, and
Neo4j whenever NEO4J_URI is set (emptied first). With REDCHAIN_REQUIRE_NEO4J=1, as in CI, a Neo4j
test that would be skipped fails instead.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import redchain
from redchain import schema
from redchain.cli.main import cli
from redchain.engines.base import Engine

ENGINES = ("embedded", "neo4j")


@dataclass
class Target:
    """One engine under test, reachable both from Python and from the CLI."""

    backend: str
    data_dir: Path

    @property
    def cli_args(self) -> list[str]:
        return ["--backend", self.backend, "--data-dir", str(self.data_dir)]

    @contextlib.contextmanager
    def open(self) -> Iterator[Engine]:
        engine = redchain.connect(self.backend, data_dir=self.data_dir)
        try:
            yield engine
        finally:
            engine.close()

    def invoke(self, *args: str, input: str | None = None) -> Result:
        """Run ``redchain <args>`` against this engine through click's runner."""
        return CliRunner().invoke(cli, [*self.cli_args, *args], input=input, catch_exceptions=False)

    @property
    def env(self) -> dict[str, str]:
        """Environment for running ``redchain`` as a real subprocess against this engine."""
        return {
            **os.environ,
            "REDCHAIN_BACKEND": self.backend,
            "REDCHAIN_DATA_DIR": str(self.data_dir),
        }


def neo4j_available() -> bool:
    return bool(os.environ.get("NEO4J_URI"))


def skip_or_fail_without_neo4j() -> None:
    if neo4j_available():
        return
    if os.environ.get("REDCHAIN_REQUIRE_NEO4J") == "1":
        pytest.fail("REDCHAIN_REQUIRE_NEO4J=1 but NEO4J_URI is not set")
    pytest.skip("Neo4j tests run when NEO4J_URI is set")


@pytest.fixture(autouse=True)
def no_crash_reports(tmp_path: Path) -> Iterator[None]:
    """Fail any test after which redchain wrote a crash report: nothing hides behind exit 2."""
    from redchain.crash import FOLDER, fallback_folder

    places = [tmp_path, Path.cwd() / ".redchain", fallback_folder().parent]
    before = {p for place in places for p in place.rglob(f"{FOLDER}/*")}
    yield
    after = {p for place in places for p in place.rglob(f"{FOLDER}/*")}
    new = sorted(after - before)
    if new:
        pytest.fail(
            f"redchain wrote crash reports: {', '.join(map(str, new))}\n{new[0].read_text()}"
        )


@pytest.fixture(params=ENGINES)
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Target]:
    backend = request.param
    if backend == "neo4j":
        skip_or_fail_without_neo4j()
        with redchain.connect("neo4j") as engine:
            engine.clear()
            schema.ensure(engine)
    yield Target(backend, tmp_path / "data")


@pytest.fixture
def engine(target: Target) -> Iterator[Engine]:
    """An open engine with the model's schema in place and no data."""
    with target.open() as opened:
        schema.ensure(opened)
        yield opened


@pytest.fixture
def embedded_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


# Headless Chromium from Debian, never downloaded; these flags keep it off the network.
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str:
    """The system Chromium; skips without it, or fails when REDCHAIN_REQUIRE_BROWSER=1."""
    found = os.environ.get("REDCHAIN_CHROMIUM") or "/usr/bin/chromium"
    if not Path(found).is_file():
        found = shutil.which("chromium") or shutil.which("chromium-browser") or found
    missing = not Path(found).is_file()
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing = True
    if missing:
        if os.environ.get("REDCHAIN_REQUIRE_BROWSER") == "1":
            pytest.fail("REDCHAIN_REQUIRE_BROWSER=1 but Chromium or Playwright is missing")
        pytest.skip("browser tests need /usr/bin/chromium and Playwright")
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for a test module."""
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=executable, args=BROWSER_ARGS)
        yield launched
        launched.close()
