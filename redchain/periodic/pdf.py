"""The report as PDF, printed from its HTML page by headless Chromium (no other PDF engine)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from redchain.errors import RedchainError

CHROMIUM_PACKAGE = "chromium"
TIMEOUT = 120.0


class PdfError(RedchainError):
    """The PDF cannot be printed (no Chromium, or it failed); the message says what to do."""


def chromium() -> str:
    """The Chromium to print with: REDCHAIN_CHROMIUM, /usr/bin/chromium, or one on PATH."""
    given = os.environ.get("REDCHAIN_CHROMIUM")
    for candidate in (
        given,
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
        shutil.which("google-chrome"),
    ):
        if candidate and Path(candidate).is_file():
            return candidate
    raise PdfError(
        "printing the report as PDF needs Chromium; install it (Debian/Ubuntu: apt-get install "
        f"{CHROMIUM_PACKAGE}) or set REDCHAIN_CHROMIUM to its path, or choose --format docx"
    )


def render(html: str) -> bytes:
    """The PDF of ``html``: A4 as the page's @page rule says, without header or footer lines."""
    browser = chromium()
    with tempfile.TemporaryDirectory(prefix="redchain-pdf-") as folder:
        page = Path(folder) / "report.html"
        out = Path(folder) / "report.pdf"
        page.write_text(html, encoding="utf-8")
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={Path(folder) / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            raise PdfError(
                f"Chromium did not print the report within {TIMEOUT:.0f} s; try again, or "
                "choose --format docx"
            ) from None
        if not out.is_file() or out.stat().st_size == 0:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise PdfError(f"Chromium could not print the report ({last}); choose --format docx")
        return out.read_bytes()
