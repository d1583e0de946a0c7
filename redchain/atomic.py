"""Writing output files so that a failure never leaves a half-written file or destroys a good one.

Every file redchain writes for a person (reports, pages, exports, rejects, templates) goes through
:func:`replace_atomically`: the content is written to a temporary file beside the target, flushed
to disk, given its mode on purpose, and renamed over the target in one step. A full disk, a kill or
an exception while writing leaves the old file as it was and no temporary file behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from redchain.errors import RedchainError

# Outputs are meant to be opened and mailed by their owner and read by others on the machine,
# like any document; files inside the data directory are private (0600) and set by the engine.
OUTPUT_MODE = 0o644


class OutputError(RedchainError):
    """An output file cannot be written where it was asked for."""


def check_output_path(path: Path, inputs: Iterable[Path] = ()) -> Path:
    """Refuse output paths that cannot hold a file, or that name one of the command's inputs."""
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name, such as {path / 'out'}")
    parent = path.parent
    for ancestor in (parent, *parent.parents):
        if ancestor.exists() and not ancestor.is_dir():
            raise OutputError(f"{path}: {ancestor} is a file, not a folder; choose another path")
        if ancestor.exists():
            break
    if path.exists() and not path.is_file():
        raise OutputError(f"{path}: is not a regular file; choose a file path to write to")
    for given in inputs:
        if _same_file(path, given):
            raise OutputError(
                f"{path}: is also one of the input files; choose another name so the input is kept"
            )
    return path


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


@contextlib.contextmanager
def replace_atomically(
    path: Path, *, encoding: str = "utf-8", newline: str | None = None
) -> Iterator[IO[str]]:
    """A text file whose content replaces ``path`` only once it is completely on disk."""
    with _temporary_beside(path) as (fd, temporary):
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _commit(temporary, path)


@contextlib.contextmanager
def replace_bytes_atomically(path: Path) -> Iterator[IO[bytes]]:
    """A binary file whose content replaces ``path`` only once it is completely on disk."""
    with _temporary_beside(path) as (fd, temporary):
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _commit(temporary, path)


@contextlib.contextmanager
def _temporary_beside(path: Path) -> Iterator[tuple[int, str]]:
    check_output_path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise OutputError(f"{path}: cannot be written there ({error.strerror or error})") from None
    try:
        yield fd, temporary
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        # Errors of the handle itself carry no file name; others belong to the caller's work.
        if isinstance(error, OSError) and error.filename in (None, temporary):
            reason = error.strerror or str(error)
            raise OutputError(f"{path}: could not be written ({reason})") from error
        raise


def _commit(temporary: str, path: Path) -> None:
    os.chmod(temporary, OUTPUT_MODE)
    os.replace(temporary, path)
    _sync_folder(path.parent)


def write_text_atomically(path: Path, text: str, *, encoding: str = "utf-8") -> None:
    with replace_atomically(path, encoding=encoding, newline="") as handle:
        handle.write(text)


def write_bytes_atomically(path: Path, data: bytes) -> None:
    with replace_bytes_atomically(path) as handle:
        handle.write(data)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable: a crash right after it keeps the new file."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
