"""``redchain db doctor``: find what keeps a graph from working, and repair it without losing data.

For the embedded engine it first starts the server of the data directory. When the server
crashes while it loads (FalkorDB 4.16 does so at every start once its append-only log holds a
unique key built over a value it cannot index), the doctor reads the log, finds the unique-key
commands in it, and starts a copy of the directory without them, so that it can say which graph
and which values crash the server. With ``--repair`` it keeps the original log in
``doctor-backup-<time>/`` inside the data directory, removes those commands from the log, starts
the server, and builds again every unique key whose values allow it. Nothing else in the log is
touched: every graph and every node in it is kept.

On every graph (the one Neo4j database) it then lists the unique keys that failed or are missing
and the values that keep them from being built; with ``--repair`` it drops failed keys and builds
every missing one it can. Values are never changed: the report says which to correct.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from redchain import schema
from redchain.engines import keys
from redchain.engines.base import Engine
from redchain.errors import EngineUnavailable, RedchainError

AOF_FOLDER = "appendonlydir"
BACKUP_PREFIX = "doctor-backup-"
# Commands whose replay can crash FalkorDB at start; the doctor builds unique keys again itself.
RISKY = (b"GRAPH.CONSTRAINT",)
# How long the server may take to check its unique keys after loading.
SETTLE_S = 120.0


@dataclass
class Finding:
    graph: str
    problem: str
    detail: str
    repaired: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "graph": self.graph,
            "problem": self.problem,
            "detail": self.detail,
            "repaired": self.repaired,
        }


@dataclass
class Checkup:
    location: str
    starts: bool = True
    crash: str | None = None
    backup: str | None = None
    graphs: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return self.starts and all(f.repaired for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "location": self.location,
            "starts": self.starts,
            "crash": self.crash,
            "backup": self.backup,
            "graphs": self.graphs,
            "findings": [f.to_dict() for f in self.findings],
            "healthy": self.healthy,
        }


# --- the append-only log --------------------------------------------------------------------


def incr_files(data_dir: Path) -> list[Path]:
    """The log files that hold commands (the manifest's ``type i`` files), in order."""
    folder = data_dir / AOF_FOLDER
    manifests = sorted(folder.glob("*.manifest"))
    if not manifests:
        return []
    files = []
    for line in manifests[0].read_text(errors="replace").splitlines():
        words = line.split()
        fields = dict(zip(words[::2], words[1::2], strict=False))
        if fields.get("type") == "i" and "file" in fields:
            files.append(folder / fields["file"])
    return files


def commands(data: bytes) -> Iterator[tuple[int, int, list[bytes]]]:
    """Each RESP command in ``data`` as (start, end, arguments); stops at a torn tail."""
    pos = 0
    while pos < len(data) and data[pos : pos + 1] == b"*":
        start = pos
        end = data.find(b"\r\n", pos)
        if end < 0:
            return
        count = int(data[pos + 1 : end])
        pos = end + 2
        args = []
        for _ in range(count):
            end = data.find(b"\r\n", pos)
            if end < 0 or data[pos : pos + 1] != b"$":
                return
            size = int(data[pos + 1 : end])
            pos = end + 2
            if pos + size + 2 > len(data):
                return
            args.append(data[pos : pos + size])
            pos += size + 2
        yield start, pos, args


def risky_commands(data_dir: Path) -> list[tuple[str, str]]:
    """(graph, what) of every unique-key command in the log."""
    found = []
    for path in incr_files(data_dir):
        for _, _, args in commands(path.read_bytes()):
            if args and args[0].upper() in RISKY and len(args) >= 3:
                words = [a.decode(errors="replace") for a in args]
                found.append((words[2], " ".join(words[1:2] + words[5:6] + words[8:9])))
    return found


def strip_risky(folder: Path) -> int:
    """Remove the unique-key commands from the log files in ``folder``; returns how many."""
    removed = 0
    for path in incr_files(folder.parent if folder.name == AOF_FOLDER else folder):
        data = path.read_bytes()
        kept = bytearray()
        last = 0
        for start, end, args in commands(data):
            if args and args[0].upper() in RISKY:
                kept += data[last:start]
                last = end
                removed += 1
        kept += data[last:]
        if len(kept) != len(data):
            temporary = path.with_name(path.name + ".doctor")
            temporary.write_bytes(bytes(kept))
            temporary.replace(path)
    if removed:
        _forget_end_offsets(folder if folder.name == AOF_FOLDER else folder / AOF_FOLDER)
    return removed


def _forget_end_offsets(folder: Path) -> None:
    """The manifest's end offsets describe the files before they were shortened: drop them."""
    for manifest in folder.glob("*.manifest"):
        lines = []
        for line in manifest.read_text().splitlines():
            words = line.split()
            if "endoffset" in words:
                at = words.index("endoffset")
                del words[at : at + 2]
            lines.append(" ".join(words))
        manifest.write_text("\n".join(lines) + "\n")


# --- the checkup ----------------------------------------------------------------------------


def examine(engine: Engine, graph: str, repair: bool) -> list[Finding]:
    """The unique keys of one graph that failed, are missing, or cannot be built, and why."""
    findings: list[Finding] = []
    failed: list[tuple[str, str]] = getattr(engine, "failed_constraints", list)()
    for label, prop in failed:
        findings.append(Finding(graph, "failed unique key", f"{label}.{prop}", repaired=repair))
        if repair:
            engine.drop_failed(label, prop)  # type: ignore[attr-defined]
    for item in schema.missing(engine):
        unfit = keys.problems(engine, item.label, item.prop) if item.kind == "unique" else []
        if unfit:
            more = f" and {len(unfit) - keys.SHOWN} more" if len(unfit) > keys.SHOWN else ""
            detail = f"{item.label}.{item.prop}: {'; '.join(unfit[: keys.SHOWN])}{more}"
            findings.append(Finding(graph, "values that cannot be a unique key", detail))
            continue
        finding = Finding(graph, "missing", str(item))
        findings.append(finding)
        if repair:
            if item.kind == "unique":
                engine.create_unique(item.label, item.prop)
            else:
                engine.create_index(item.label, item.prop)
            finding.repaired = True
    return findings


def checkup_neo4j(engine: Engine, repair: bool) -> Checkup:
    result = Checkup(engine.location, graphs=["(database)"])
    result.findings = examine(engine, "(database)", repair)
    return result


def checkup_embedded(data_dir: Path, repair: bool) -> Checkup:
    from redchain.engines.embedded import EmbeddedEngine
    from redchain.engines.embedded_server import EmbeddedServer, private_folder

    server = EmbeddedServer(data_dir)
    result = Checkup(str(server.data_dir))
    try:
        server.start()
        _wait_settled(server)
    except EngineUnavailable as exc:
        if not (server.data_dir / AOF_FOLDER).is_dir():
            raise
        result.starts = False
        result.crash = str(exc).splitlines()[0]
        risky = risky_commands(server.data_dir)
        if not risky:
            raise RedchainError(
                f"{exc}; its log holds no unique-key command to leave out, so 'db doctor' cannot "
                f"repair it: keep a copy of {server.data_dir} and report the server's log"
            ) from None
        if not repair:
            # Look at a copy without those commands, to name the graphs and values at fault.
            private_folder(server.data_dir, "data directory")
            scratch = Path(tempfile.mkdtemp(prefix=".doctor-", dir=server.data_dir))
            try:
                shutil.copytree(server.data_dir / AOF_FOLDER, scratch / AOF_FOLDER)
                strip_risky(scratch / AOF_FOLDER)
                copy = EmbeddedServer(scratch)
                copy.start()
                try:
                    _examine_all(EmbeddedEngine, copy, result, repair=False)
                finally:
                    copy.stop()
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
            for graph, what in risky:
                result.findings.append(
                    Finding(graph, "crashes the server at start", f"GRAPH.CONSTRAINT {what}")
                )
            return result
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        backup = server.data_dir / f"{BACKUP_PREFIX}{stamp}"
        shutil.copytree(server.data_dir / AOF_FOLDER, backup / AOF_FOLDER)
        result.backup = str(backup)
        server._acquire_lock()
        try:
            strip_risky(server.data_dir / AOF_FOLDER)
        finally:
            server._release_lock()
        for graph, what in risky:
            result.findings.append(
                Finding(graph, "crashes the server at start", f"GRAPH.CONSTRAINT {what}", True)
            )
        server.start()
    try:
        _examine_all(EmbeddedEngine, server, result, repair)
    finally:
        server.stop()
    return result


def _command(client: Any, *args: Any) -> Any:
    """A raw server command (the redis client's own method carries no types)."""
    return client.execute_command(*args)


def _wait_settled(server: Any) -> None:
    """Wait until every unique key has been checked against the nodes (FalkorDB does it in the
    background after loading, and that is where it crashes); raise if the server died."""
    import redis

    deadline = time.monotonic() + SETTLE_S
    client = redis.Redis(unix_socket_path=server.socket_path)
    try:
        while time.monotonic() < deadline:
            try:
                pending = False
                for graph in _command(client, "GRAPH.LIST"):
                    rows = _command(
                        client,
                        "GRAPH.RO_QUERY",
                        graph,
                        "CALL db.constraints() YIELD status RETURN status",
                    )[1]
                    pending = pending or any(row[0] in (b"PENDING", "PENDING") for row in rows)
                if not pending:
                    return
            except redis.RedisError:
                if server.is_running():
                    raise
                break
            time.sleep(0.05)
    finally:
        client.close()
    if not server.is_running():
        code = server.process.returncode if server.process else None
        server.stop()
        raise EngineUnavailable(
            f"the embedded server for {server.data_dir} crashes after loading (code {code})"
        )


def _examine_all(engine_class: Any, server: Any, result: Checkup, repair: bool) -> None:
    import redis

    client = redis.Redis(unix_socket_path=server.socket_path)
    try:
        graphs = sorted(g.decode(errors="replace") for g in _command(client, "GRAPH.LIST"))
    finally:
        client.close()
    result.graphs = graphs
    for graph in graphs:
        engine = engine_class(graph=graph, server=server)
        try:
            result.findings += examine(engine, graph, repair)
        finally:
            engine.close()
