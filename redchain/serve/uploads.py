"""The clerk's uploads: each file kept aside, dry-run through the importer, then written.

An upload is saved under its own name in a folder of its own (the ImportRun records that name
and the file's SHA-256), then checked with :func:`redchain.importing.api.import_files` as
``redchain import --dry-run`` would check it. A unit name no unit has exactly comes back with
the graph's candidates for it; the clerk's pick for each such name goes to the importer as an
aliases file beside the upload, so the dry run that follows, and the write, resolve the name
as chosen and record it as an alias (what ``redchain alias add`` would do). The write is the
same import without ``dry_run``; its runs record the editor's name under ``by``.
"""

from __future__ import annotations

import csv
import hashlib
import secrets
import shutil
import tempfile
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from redchain.engines.base import Engine
from redchain.errors import RedchainError
from redchain.importing.api import ImportOptions, import_files
from redchain.importing.kinds import KIND_BY_NAME, KINDS
from redchain.importing.names import load_index
from redchain.importing.problems import ImportRefused, Problem
from redchain.importing.readers import FORMATS, SHEET_FORMATS
from redchain.importing.report import ImportReport
from redchain.importing.templates import write_template
from redchain.model import IMPORT_RUN

#: The largest file the page takes; larger ones are refused with 413 before they are read.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
#: Uploads kept at once; the oldest goes when another comes.
KEEP = 20
#: What the import runs of the page record as their origin.
ORIGIN = "serve"
PICKS_FILE = "picks.csv"
#: Problems about a unit name that candidates can answer.
NAME_MESSAGES = ("no unit has this name", "could be any of")
TEMPLATE_FORMATS = ("xlsx", "csv")


class UploadError(RedchainError):
    """An upload that cannot be taken or a request about one that is not there."""

    status = 400


class UploadMissing(UploadError):
    status = 404


class UploadTooLarge(UploadError):
    status = 413


def too_large(limit: int) -> UploadTooLarge:
    return UploadTooLarge(
        f"the file is larger than {limit / 1024 / 1024:g} MB, the most the import page takes; "
        "split it into smaller files, or import it with 'redchain import FILE'"
    )


@dataclass
class Upload:
    id: str
    folder: Path
    path: Path
    sha256: str
    size: int
    #: Unit name in the file -> the credit code the clerk picked for it.
    picks: dict[str, str] = field(default_factory=dict)
    rejects: Path | None = None
    written: bool = False

    @property
    def name(self) -> str:
        return self.path.name


def safe_name(raw: str) -> str:
    """The file's own name, without folders or characters a file name cannot hold."""
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip().lstrip(".")
    if not name:
        raise UploadError("the upload has no file name; choose the file again")
    suffix = Path(name).suffix.lower()
    if suffix not in FORMATS:
        raise UploadError(
            f"{name!r}: a file of this kind cannot be imported; save it as .xlsx, .csv or "
            ".json (the templates are .xlsx and .csv)"
        )
    return name[-120:]


def rejects_suffix(name: str) -> str:
    fmt = FORMATS[Path(name).suffix.lower()]
    if fmt in SHEET_FORMATS:
        return ".xlsx"
    return ".csv" if fmt == "csv" else f".{fmt}"


class Uploads:
    """The uploads of one server, in a temporary folder removed when it stops."""

    def __init__(self, max_bytes: int = MAX_UPLOAD_BYTES) -> None:
        self.max_bytes = max_bytes
        self.root = Path(tempfile.mkdtemp(prefix="redchain-uploads-"))
        self._uploads: dict[str, Upload] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def add(self, raw_name: str, data: bytes) -> Upload:
        name = safe_name(raw_name)
        if len(data) > self.max_bytes:
            raise too_large(self.max_bytes)
        if not data:
            raise UploadError(f"{name!r} is empty; choose the filled-in file")
        upload_id = secrets.token_urlsafe(12)
        folder = self.root / upload_id
        folder.mkdir(mode=0o700)
        path = folder / name
        path.write_bytes(data)
        upload = Upload(upload_id, folder, path, hashlib.sha256(data).hexdigest(), len(data))
        with self._lock:
            self._uploads[upload_id] = upload
            while len(self._uploads) > KEEP:
                oldest = next(iter(self._uploads))
                shutil.rmtree(self._uploads.pop(oldest).folder, ignore_errors=True)
        return upload

    def get(self, upload_id: str) -> Upload:
        with self._lock:
            upload = self._uploads.get(upload_id)
        if upload is None:
            raise UploadMissing(
                "this upload is no longer kept (the server keeps the last "
                f"{KEEP}, and forgets them when it stops); upload the file again"
            )
        return upload


def set_picks(upload: Upload, picks: Any) -> None:
    """The clerk's choices: ``{name in the file: credit code}``; an empty code drops a pick."""
    if not isinstance(picks, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in picks.items()
    ):
        raise UploadError("field 'picks': give an object of unit name -> credit code")
    for name, code in picks.items():
        if code.strip():
            upload.picks[name] = code.strip()
        else:
            upload.picks.pop(name, None)


def _paths(upload: Upload) -> list[Path]:
    paths = [upload.path]
    # In a folder of its own: the upload itself may be called picks.csv.
    picks = upload.folder / "picks" / PICKS_FILE
    picks.parent.mkdir(exist_ok=True)
    if upload.picks:
        with picks.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["alias", "org"])
            for name, code in upload.picks.items():
                writer.writerow([name, code])
        paths.append(picks)
    else:
        picks.unlink(missing_ok=True)
    return paths


def run(
    engine: Engine,
    upload: Upload,
    *,
    dry_run: bool,
    skip_invalid: bool = False,
    by: str | None = None,
) -> dict[str, Any]:
    """The import of the upload (and the clerk's picks), as plain data for the page."""
    if upload.written and not dry_run:
        raise UploadError(
            f"{upload.name!r} was written already; upload the file again to import it once more"
        )
    paths = _paths(upload)
    rejects = upload.folder / "rejects" / f"{upload.path.stem}.rejects{rejects_suffix(upload.name)}"
    rejects.parent.mkdir(exist_ok=True)
    for old in rejects.parent.iterdir():
        old.unlink()
    # A dry run counts what the rows that passed would do, as if the rest were left out.
    options = ImportOptions(
        dry_run=dry_run, skip_invalid=skip_invalid or dry_run, rejects=rejects, origin=ORIGIN
    )
    shown = {str(p): p.name for p in paths}
    try:
        report = import_files(engine, paths, options)
    except ImportRefused as exc:
        return {
            "id": upload.id,
            "file": upload.name,
            "sha256": upload.sha256,
            "ok": False,
            "opened": False,
            "written": False,
            "dry_run": dry_run,
            "files": [],
            "problems": [_problem(p, shown, {}) for p in exc.problems],
            "picks": upload.picks,
            "rejects": False,
        }
    if report.written:
        upload.written = True
        if by is not None and report.run_ids:
            engine.run(
                f"MATCH (r:{IMPORT_RUN.label}) WHERE r.run_id IN $ids SET r.by = $by",
                {"ids": report.run_ids, "by": by},
                write=True,
            )
    own = [f for f in report.files if f.file == str(upload.path)]
    upload.rejects = Path(own[0].rejects_file) if own and own[0].rejects_file else None
    return _summary(engine, upload, report, shown)


def _summary(
    engine: Engine, upload: Upload, report: ImportReport, shown: dict[str, str]
) -> dict[str, Any]:
    names = [
        p.value
        for p in report.problems
        if p.value and any(p.message.startswith(m) for m in NAME_MESSAGES)
    ]
    candidates: dict[str, list[dict[str, Any]]] = {}
    if names:
        index = load_index(engine)
        for name in dict.fromkeys(names):
            candidates[name] = [c.to_dict() for c in index.resolve(name).candidates]
    files = []
    for f in report.files:
        kind = KIND_BY_NAME.get(f.kind)
        files.append(
            {
                "file": shown.get(f.file, f.file),
                "kind": f.kind,
                "kind_zh": kind.zh if kind else f.kind,
                "kind_en": kind.en if kind else f.kind,
                "rows": f.rows,
                "created": f.created,
                "updated": f.updated,
                "unchanged": f.unchanged,
                "rejected": f.rejected,
                "run_id": f.run_id,
                "picks": f.file != str(upload.path),
            }
        )
    return {
        "id": upload.id,
        "file": upload.name,
        "sha256": upload.sha256,
        "ok": report.ok,
        "opened": True,
        "written": report.written,
        "dry_run": report.dry_run,
        "files": files,
        "problems": [_problem(p, shown, candidates) for p in report.problems],
        "picks": upload.picks,
        "rejects": upload.rejects is not None and upload.rejects.exists(),
        "run_ids": report.run_ids,
    }


def _problem(
    problem: Problem, shown: dict[str, str], candidates: dict[str, list[dict[str, Any]]]
) -> dict[str, Any]:
    data = problem.to_dict()
    data["file"] = shown.get(problem.file, Path(problem.file).name)
    data["candidates"] = candidates.get(problem.value or "", [])
    return data


def rejects_of(upload: Upload) -> tuple[bytes, str]:
    """The rejects file of the last dry run or write, and the name to download it as."""
    if upload.rejects is None or not upload.rejects.exists():
        raise UploadMissing(f"{upload.name!r} has no refused rows, so there is no rejects file")
    return upload.rejects.read_bytes(), upload.rejects.name


def kinds(lang: str) -> list[dict[str, str]]:
    return [{"name": k.name, "title": k.zh if lang == "zh" else k.en} for k in KINDS]


def template(kind: str, fmt: str, lang: str) -> tuple[bytes, str]:
    """The importer's template for ``kind`` as .xlsx or .csv, and its file name."""
    if fmt not in TEMPLATE_FORMATS:
        raise UploadError(f"parameter 'format': {fmt!r} is not one of xlsx, csv")
    if kind not in KIND_BY_NAME:
        raise UploadError(
            f"parameter 'kind': {kind!r} is not an import kind; choose one of: "
            + ", ".join(KIND_BY_NAME)
        )
    with tempfile.TemporaryDirectory(prefix="redchain-template-") as folder:
        path = write_template(kind, Path(folder) / f"{kind}.{fmt}", lang)
        return path.read_bytes(), path.name
