"""Saved views: one JSON file per view, where both engines can keep them.

On the embedded engine the files live in ``<data dir>/views/``, beside the graph they show; on
Neo4j in the user's configuration folder (``$XDG_CONFIG_HOME/redchain/views/<server>/``, by
default under ``~/.config``), one folder per server and database. A view is data about the
canvas (units, positions, filters, date), never a change to the graph, so the explorer stays
read-only for the graph itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from pathlib import Path
from typing import Any

from redchain.atomic import write_text_atomically
from redchain.errors import RedchainError

MAX_NAME = 80
MAX_UNITS = 5000
#: What a saved view may hold; anything else in a request is dropped.
STATE_KEYS = ("ids", "positions", "hidden", "pinned", "filters", "date", "style", "lang")


class ViewStoreError(RedchainError):
    """A view cannot be saved or opened as asked."""


class ViewNotFound(ViewStoreError):
    """No saved view has the name asked for."""


def folder_for(backend: str, data_dir: Path, location: str) -> Path:
    if backend == "embedded":
        return data_dir / "views"
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    server = hashlib.sha256(location.encode()).hexdigest()[:12]
    return config / "redchain" / "views" / server


def clean_name(name: Any) -> str:
    text = unicodedata.normalize("NFC", str(name or "")).strip()
    if not text or len(text) > MAX_NAME or any(unicodedata.category(c)[0] == "C" for c in text):
        raise ViewStoreError(
            f"field 'name': a view needs a name of 1 to {MAX_NAME} printable characters"
        )
    return text


class ViewStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, name: str) -> Path:
        return self.folder / f"{hashlib.sha256(name.encode()).hexdigest()[:20]}.json"

    def save(self, name: Any, state: dict[str, Any]) -> dict[str, Any]:
        chosen = clean_name(name)
        kept = {k: state[k] for k in STATE_KEYS if k in state}
        ids = kept.get("ids")
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise ViewStoreError("field 'ids': give the list of credit codes on the canvas")
        if len(ids) > MAX_UNITS:
            raise ViewStoreError(f"field 'ids': a view holds at most {MAX_UNITS} units")
        record = {"name": chosen, **kept}
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_text_atomically(self._path(chosen), json.dumps(record, ensure_ascii=False))
        return record

    def get(self, name: Any) -> dict[str, Any]:
        chosen = clean_name(name)
        try:
            data: dict[str, Any] = json.loads(self._path(chosen).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ViewNotFound(f"no saved view is named {chosen!r}") from None
        return data

    def names(self) -> list[dict[str, Any]]:
        found = []
        for path in sorted(self.folder.glob("*.json")) if self.folder.is_dir() else []:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            found.append(
                {
                    "name": data.get("name"),
                    "units": len(data.get("ids") or []),
                    "date": data.get("date"),
                }
            )
        return sorted(found, key=lambda v: str(v["name"]))
