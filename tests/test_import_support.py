"""Helpers the import tests share: valid credit codes, and the graph as comparable data."""

from __future__ import annotations

import json
import random
from typing import Any

from redchain import uscc
from redchain.engines.base import Engine

AUTHORITY_BY_NAME_END = {"局": "1", "街道": "1", "镇": "1", "学院": "1", "协会": "5"}


def unit_codes(names: list[str], seed: int = 7) -> dict[str, str]:
    """A valid, distinct credit code for each name (1 for organs, 5 for associations, else 9)."""
    rng = random.Random(seed)
    codes = {}
    for name in names:
        authority = next((a for end, a in AUTHORITY_BY_NAME_END.items() if name.endswith(end)), "9")
        codes[name] = uscc.make(authority, "440115", rng)
    return codes


def _props(item: dict[str, Any], with_runs: bool) -> str:
    kept = {k: v for k, v in item.items() if not k.startswith("_") and (with_runs or k != "run_id")}
    return json.dumps(kept, ensure_ascii=False, sort_keys=True, default=str)


def dump(engine: Engine, *, with_runs: bool = False) -> dict[str, list[str]]:
    """Every node and relationship outside the import records, as sorted text.

    Without ``with_runs`` the ``run_id`` stamps are left out, so that two graphs built by
    different runs of the same files compare equal.
    """
    nodes = [
        f"{sorted(row['n']['_labels'])} {_props(row['n'], with_runs)}"
        for row in engine.run("MATCH (n) WHERE NOT n:ImportRun AND NOT n:RedchainSchema RETURN n")
    ]
    rels = [
        f"{_props(row['a'], False)} -[{row['r']['_type']} {_props(row['r'], with_runs)}]-> "
        f"{_props(row['b'], False)}"
        for row in engine.run("MATCH (a)-[r]->(b) WHERE NOT a:ImportRun RETURN a, r, b")
    ]
    return {"nodes": sorted(nodes), "relationships": sorted(rels)}
