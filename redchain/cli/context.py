"""What every command shares: which engine to open, and how to open it."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import click

from redchain.connect import open_engine
from redchain.engines.base import Engine
from redchain.engines.embedded_server import resolve_data_dir


@dataclass
class Settings:
    backend: str
    data_dir: Path
    graph: str

    @contextlib.contextmanager
    def open(self) -> Iterator[Engine]:
        """Open the engine for the length of a command; the embedded server stops after it."""
        engine = open_engine(self.backend, data_dir=self.data_dir, graph=self.graph)
        try:
            yield engine
        finally:
            engine.close()


pass_settings = click.make_pass_decorator(Settings)


def make_settings(backend: str, data_dir: str | None, graph: str) -> Settings:
    return Settings(backend=backend, data_dir=resolve_data_dir(data_dir), graph=graph)
