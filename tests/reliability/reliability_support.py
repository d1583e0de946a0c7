"""What the reliability tests share: a canonical dump of the graph, and redchain run as a real
process (a crash, a kill or a traceback only shows in a real process)."""

from __future__ import annotations

import csv
import json
import os
import pty
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from redchain.engines.base import Engine
from redchain.model import NODE_TYPES, SCHEMA_LABEL

# Fields that differ between two runs of the same import by design: which run wrote a value and
# when. Everything else must be equal.
VOLATILE_PROPS = frozenset({"run_id", "started_at", "finished_at"})
# Audit records of the runs themselves (a killed run leaves one, a clean import does not) and
# the schema's version record, which says how the graph is stored rather than what it holds.
AUDIT_LABELS = frozenset({"ImportRun", SCHEMA_LABEL})
REDCHAIN = (sys.executable, "-m", "redchain.cli.main")
# The pieces of a Python traceback, which a user must never see.
TRACEBACK_MARKS = ("Traceback (most recent call last)", 'File "', "Error: Traceback")


def _node_key(labels: Sequence[str], props: dict[str, Any]) -> list[Any]:
    """A node's identity: its model label and the value of that label's key."""
    for node_type in NODE_TYPES:
        if node_type.label in labels:
            return [node_type.label, props.get(node_type.key)]
    return [sorted(labels), _plain(props)]


def _plain(props: dict[str, Any]) -> dict[str, Any]:
    return {k: props[k] for k in sorted(props) if k not in VOLATILE_PROPS}


def _line(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


@dataclass(frozen=True)
class Dump:
    """The data in a graph, as sorted lines of JSON: one per node and one per relationship.

    Lists, not sets: a node or relationship written twice shows as two equal lines.
    """

    nodes: list[str]
    relationships: list[str]

    @property
    def size(self) -> str:
        return f"{len(self.nodes)} nodes, {len(self.relationships)} relationships"

    def repeated(self) -> dict[str, int]:
        """Relationships present more than once, by type: how many extra copies."""
        extra: dict[str, int] = {}
        for previous, line in zip(self.relationships, self.relationships[1:], strict=False):
            if line == previous:
                rel_type = json.loads(line)["type"]
                extra[rel_type] = extra.get(rel_type, 0) + 1
        return extra

    def difference(self, other: Dump) -> str:
        """What one dump has that the other lacks (for failure messages)."""
        lines = []
        for name in ("nodes", "relationships"):
            mine, theirs = getattr(self, name), getattr(other, name)
            extra = _multiset_minus(mine, theirs)
            missing = _multiset_minus(theirs, mine)
            lines += [f"+ {name[:-1]} {x}" for x in extra[:5]]
            lines += [f"- {name[:-1]} {x}" for x in missing[:5]]
            if len(extra) > 5 or len(missing) > 5:
                lines.append(f"  ({len(extra)} extra, {len(missing)} missing {name})")
        return "\n".join(lines) or "(equal)"


def _multiset_minus(a: list[str], b: list[str]) -> list[str]:
    remaining: dict[str, int] = {}
    for x in b:
        remaining[x] = remaining.get(x, 0) + 1
    out = []
    for x in a:
        if remaining.get(x, 0):
            remaining[x] -= 1
        else:
            out.append(x)
    return out


def canonical_dump(engine: Engine) -> Dump:
    """Every node (labels and properties) and every relationship (type, properties and its
    endpoints' keys), leaving out import-run records and run ids and times."""
    nodes = []
    for row in engine.run("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"):
        labels = sorted(row["labels"])
        if AUDIT_LABELS & set(labels):
            continue
        nodes.append(_line({"labels": labels, "props": _plain(row["props"])}))
    relationships = []
    for row in engine.run(
        "MATCH (a)-[r]->(b) RETURN labels(a) AS a_labels, properties(a) AS a, type(r) AS type, "
        "properties(r) AS props, labels(b) AS b_labels, properties(b) AS b"
    ):
        relationships.append(
            _line(
                {
                    "from": _node_key(row["a_labels"], row["a"]),
                    "type": row["type"],
                    "to": _node_key(row["b_labels"], row["b"]),
                    "props": _plain(row["props"]),
                }
            )
        )
    return Dump(sorted(nodes), sorted(relationships))


def duplicate_keys(engine: Engine) -> dict[str, list[Any]]:
    """Key values carried by more than one node, per node type (empty when all is well)."""
    found: dict[str, list[Any]] = {}
    for node_type in NODE_TYPES:
        if node_type.label in AUDIT_LABELS:
            continue
        rows = engine.run(
            f"MATCH (n:{node_type.label}) WITH n.{node_type.key} AS key, count(*) AS c "
            "WHERE c > 1 RETURN key"
        )
        if rows:
            found[node_type.label] = [r["key"] for r in rows]
    return found


# --- redchain as a real process ----------------------------------------------------------------


def redchain_cmd(*args: str | os.PathLike[str]) -> list[str]:
    return [*REDCHAIN, *map(str, args)]


def run_redchain(
    *args: str | os.PathLike[str],
    env: dict[str, str],
    timeout: float = 300,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``redchain ARGS`` in a new process and wait for it."""
    return subprocess.run(
        redchain_cmd(*args),
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
    )


def start_redchain(
    *args: str | os.PathLike[str], env: dict[str, str], cwd: Path | None = None
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        redchain_cmd(*args),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        cwd=cwd,
    )


WRITE_PROGRESS = re.compile(rb"writing\s+\[[#-]*\]\s+(\d+)%")


class WatchedRun:
    """``redchain ARGS`` with its stderr on a terminal, so that it draws its progress bars: the
    moment each phase (``checking``, ``writing``) first showed, and how far writing has got."""

    def __init__(self, *args: str | os.PathLike[str], env: dict[str, str]) -> None:
        master, terminal = pty.openpty()
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            redchain_cmd(*args),
            env={**env, "COLUMNS": "100"},
            stdout=subprocess.PIPE,
            stderr=terminal,
            stdin=subprocess.DEVNULL,
        )
        os.close(terminal)
        self._master = master
        self._seen: dict[str, float] = {}
        self.write_updates = 0
        self._percent = 0
        self._text = bytearray()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self._master, 65536)
            except OSError:  # EIO: the terminal's last writer exited
                break
            if not chunk:
                break
            now = time.monotonic()
            with self._lock:
                self._text += chunk
                for phase in (b"checking", b"writing"):
                    if phase in self._text and phase.decode() not in self._seen:
                        self._seen[phase.decode()] = now
                # An update may be split between two reads: look at the tail of the text.
                updates = WRITE_PROGRESS.findall(self._text[-(len(chunk) + 120) :])
                if updates:
                    self.write_updates += chunk.count(b"%")
                    self._percent = int(updates[-1])
        os.close(self._master)

    def seen(self, phase: str) -> float | None:
        """Seconds after the start when ``phase`` first showed, or None."""
        with self._lock:
            at = self._seen.get(phase)
        return None if at is None else at - self.started

    def written_percent(self) -> int:
        with self._lock:
            return self._percent

    def wait_for(self, phase: str, timeout: float = 120) -> bool:
        """Wait until ``phase`` shows; False when the process ended first."""
        return self._wait(lambda: self.seen(phase) is not None, timeout)

    def wait_for_percent(self, percent: int, timeout: float = 120) -> bool:
        """Wait until the write progress reaches ``percent``; False when the process ended."""
        return self._wait(lambda: self.written_percent() >= percent, timeout)

    def _wait(self, condition: Callable[[], bool], timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return True
            if self.process.poll() is not None:
                return condition()
            time.sleep(0.002)
        return False

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.finish()

    def finish(self, timeout: float = 300) -> tuple[int, str, str]:
        """Wait for the end; the exit code, stdout and the terminal's text."""
        try:
            out, _ = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, _ = self.process.communicate()
        self._reader.join(10)
        self.ended = time.monotonic() - self.started
        with self._lock:
            text = self._text.decode(errors="replace")
        return self.process.returncode, out.decode(errors="replace"), text


def has_traceback(text: str) -> bool:
    return any(mark in text for mark in TRACEBACK_MARKS)


def assert_clear_failure(
    code: int | None, stdout: str, stderr: str, *, codes: tuple[int, ...] = (1, 2)
) -> str:
    """A failure a user can act on: exit 1 or 2, no traceback anywhere, an ``Error:`` line.

    Returns the error, from its ``Error:`` line on.
    """
    output = f"exit {code}\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
    assert code in codes, output
    assert not has_traceback(stdout) and not has_traceback(stderr), output
    lines = stderr.replace("\r", "\n").splitlines()
    first = next((i for i, line in enumerate(lines) if line.startswith("Error:")), None)
    assert first is not None, output
    return "\n".join(lines[first:]).strip()


def wait_for_exit(process: subprocess.Popen[str], timeout: float = 300) -> tuple[str, str]:
    try:
        return process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        pytest.fail(f"redchain did not finish within {timeout} s\n{out}\n{err}")


def wait_until(condition: Callable[[], bool], timeout: float, step: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def import_order(folder: Path) -> list[Path]:
    """The CSV files of a folder (the importer puts the kinds in order itself)."""
    return sorted(folder.glob("*.csv"))


# --- processes -----------------------------------------------------------------------------------


def child_pids(parent: int, name: str) -> list[int]:
    """Processes called ``name`` whose parent is ``parent`` (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1 : stat.rindex(")")]
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        if ppid == parent and comm == name:
            found.append(int(entry.name))
    return found


def sockets_of(pid: int) -> dict[str, list[str]]:
    """What ``pid`` listens on: TCP ports (IPv4 and IPv6) and unix socket paths, from /proc."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found: dict[str, list[str]] = {"tcp": [], "unix": []}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text().splitlines()[1:]:
            fields = row.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                found["tcp"].append(fields[1])
    for row in Path("/proc/net/unix").read_text().splitlines()[1:]:
        fields = row.split()
        # Flags 00010000: __SO_ACCEPTCON, a listening socket.
        if len(fields) >= 8 and fields[6] in inodes and fields[3] == "00010000":
            found["unix"].append(fields[7])
    return found


NODE_FILES = ("partners", "chains", "bases", "activities", "agreements", "cohorts", "talent_pool")


def nodes_in_files(files: Sequence[Path], kinds: Sequence[str] = NODE_FILES) -> int:
    """How many nodes the given import files define (one per row of a node kind's file).

    A reference graph is checked against this, so that a graph which lost everything cannot
    pass for a clean import.
    """
    total = 0
    for path in files:
        if path.stem in kinds:
            with path.open(encoding="utf-8-sig", newline="") as f:
                total += sum(1 for _ in csv.reader(f)) - 1
        elif path.stem == "resources":  # one Item node per kind of resource or need listed
            with path.open(encoding="utf-8-sig", newline="") as f:
                total += len({row["item"] for row in csv.DictReader(f)})
    return total
