"""Fixtures of the reliability suite; the helpers live in ``reliability_support``.

The ``target`` and ``engine`` fixtures of ``tests/conftest.py`` give every test both engines.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from reliability_support import import_order

from redchain import synthetic

NETWORK_ORGS = 120
NETWORK_SEED = 71


@pytest.fixture(scope="session")
def network_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The import files of a synthetic network: a few dozen write batches at batch size 40."""
    out = tmp_path_factory.mktemp("network")
    synthetic.generate(NETWORK_ORGS, NETWORK_SEED, out)
    return import_order(out)
