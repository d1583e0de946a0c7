"""Crash reports: what an unexpected exception left, written where the user can send it.

The command line's last line of defence (``redchain.cli.main``) writes one report per unexpected
exception into ``crash-reports/`` inside the data directory (0600, like every file there), or
into the user's private folder under the system's temporary directory when the data directory is
not usable, and prints one line naming it.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
import tempfile
import traceback
from pathlib import Path

from redchain import __version__

FOLDER = "crash-reports"


def fallback_folder() -> Path:
    return Path(tempfile.gettempdir()) / f"redchain-{os.getuid()}" / FOLDER


def write_report(exc: BaseException, data_dir: Path | None, argv: list[str]) -> Path | None:
    """Write the report; returns its path, or None when no folder would take it."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    text = "\n".join(
        [
            f"redchain {__version__} crash report, {stamp}",
            f"command: {' '.join(argv)}",
            f"python: {sys.version.split()[0]} on {platform.platform()}",
            "",
            "".join(traceback.format_exception(exc)),
        ]
    )
    candidates = [data_dir / FOLDER] if data_dir is not None else []
    for folder in [*candidates, fallback_folder()]:
        try:
            return _write_private(folder, f"crash-{stamp}-{os.getpid()}.txt", text)
        except (OSError, ValueError):
            continue
    return None


def _write_private(folder: Path, name: str, text: str) -> Path:
    from redchain.engines.embedded_server import private_folder

    parent = folder.parent
    if not parent.exists():
        parent.parent.mkdir(parents=True, exist_ok=True)
        private_folder(parent, "data directory")
    private_folder(folder, "crash report folder")
    path = folder / name
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as handle:
        handle.write(text)
    return path
