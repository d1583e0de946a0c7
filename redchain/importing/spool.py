"""A file's checked rows, kept on disk between checking and writing.

Checking reads every file to its end before anything is written (all-or-nothing needs that),
and writing then needs the rows again. Keeping them in memory would grow with the file; reading
the source again would parse and normalise it twice. The spool keeps the normalised rows in a
temporary file, in marshal chunks that load far faster than the source parses.
"""

from __future__ import annotations

import marshal
import tempfile
from collections.abc import Iterator
from typing import Any

CHUNK_ROWS = 2000


class Spool:
    """Append rows (tuples of plain values), then read them back in order, as often as needed."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - open until close()
        self._pending: list[tuple[Any, ...]] = []
        self.count = 0

    def append(self, row: tuple[Any, ...]) -> None:
        self._pending.append(row)
        self.count += 1
        if len(self._pending) >= CHUNK_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._file.seek(0, 2)  # after a read, append at the end again
            # Length-prefixed blobs: marshal.load on a file reads it in tiny pieces, loads()
            # on one read of the whole chunk is many times faster.
            blob = marshal.dumps(self._pending)
            self._file.write(len(blob).to_bytes(4, "little"))
            self._file.write(blob)
            self._pending = []

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        """Every row, in the order appended."""
        self._flush()
        self._file.seek(0)
        while True:
            size = self._file.read(4)
            if not size:
                return
            yield from marshal.loads(self._file.read(int.from_bytes(size, "little")))

    def close(self) -> None:
        self._file.close()
