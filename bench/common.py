"""What the benchmarks share: machine facts, timing, fresh engines, peak memory of a command.

Benchmarks run from the repository root (``python bench/bench_<topic>.py``) against the installed
``redchain``; each prints a table and writes its figures to ``bench/results/<topic>-<date>.json``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import redchain
from redchain import schema
from redchain.cli.output import render_table
from redchain.engines.base import Engine

RESULTS_DIR = Path(__file__).resolve().parent / "results"
POLL_SECONDS = 0.05


def machine() -> dict[str, Any]:
    """The facts a reader needs to compare figures: cores, CPU, memory, load, versions."""
    cpu = ""
    memory_gb = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:  # not Linux: leave them out
        pass
    return {
        "cores": os.cpu_count(),
        "cpu": cpu or platform.processor(),
        "memory_gb": memory_gb,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "platform": platform.platform(),
        "redchain": redchain.__version__,
    }


def command_line() -> str:
    """How this benchmark was started, to print beside its figures."""
    script = Path(sys.argv[0])
    with contextlib.suppress(ValueError):  # started from outside the repository: keep it whole
        script = script.resolve().relative_to(Path.cwd())
    return " ".join(["python", str(script), *sys.argv[1:]])


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds ``action`` took, and what it returned."""
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def fresh(engine: Engine) -> Engine:
    """Empty the graph and put the model's schema in place, so every run starts equal."""
    if engine.name == "neo4j":
        empty_neo4j(engine)
    else:
        engine.clear()
    schema.ensure(engine)
    return engine


def empty_neo4j(engine: Engine, batch: int = 10_000) -> None:
    """Relationships first, then nodes, each in transactions of ``batch``.

    ``DETACH DELETE`` of a batch of nodes takes every relationship of each node into the same
    transaction: the chain node of a 100k network has 100k memberships, more than a 1 GB heap's
    transaction memory allows.
    """
    run = engine.run_autocommit  # type: ignore[attr-defined]
    run(f"MATCH ()-[r]->() CALL (r) {{ DELETE r }} IN TRANSACTIONS OF {int(batch)} ROWS")
    run(f"MATCH (n) CALL (n) {{ DELETE n }} IN TRANSACTIONS OF {int(batch)} ROWS")


def open_engine(backend: str, work_dir: Path) -> Engine:
    """The embedded engine in a data directory under ``work_dir``, or the Neo4j at NEO4J_URI."""
    if backend == "embedded":
        return redchain.connect("embedded", data_dir=work_dir / "embedded-data")
    return redchain.connect("neo4j")


def neo4j_configured() -> bool:
    return bool(os.environ.get("NEO4J_URI"))


def rate(rows: int, seconds: float) -> int:
    return round(rows / seconds) if seconds > 0 else 0


@dataclass
class PeakMemory:
    """What one command used: wall time, exit code, and peak resident memory in MB.

    ``process_mb`` is the command's own process; ``children_mb`` every process it started (the
    embedded server, say), by pid and name; ``tree_mb`` is the kernel's figure for the process
    and the children it waited for (wait4's ru_maxrss: the largest single one, not a sum).
    """

    command: list[str]
    seconds: float
    returncode: int
    process_mb: float
    children_mb: dict[str, float] = field(default_factory=dict)
    tree_mb: float = 0.0
    stdout: str = ""
    stderr: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["stdout"] = data["stdout"][-2000:]
        data["stderr"] = data["stderr"][-2000:]
        return data


def _status_kb(pid: int, key: str) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def _descendants(pid: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name in parentheses may hold spaces; the parent pid follows it.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _name(pid: int) -> str:
    # The command line rather than the executable's name: a server's forked helpers (redis's
    # append-only-file rewrite, say) keep the executable but retitle their command line.
    try:
        words = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").split()
    except OSError:
        return "?"
    return " ".join(Path(w.decode(errors="replace")).name for w in words[:1]) + (
        " " + words[1].decode(errors="replace")[:40] if len(words) > 1 else ""
    )


def run_measuring_memory(command: Sequence[str], env: dict[str, str] | None = None) -> PeakMemory:
    """Run ``command`` and record the peak resident memory (VmHWM) of it and its children.

    Linux only (it reads /proc). The kernel keeps each process's high-water mark, so polling
    every few milliseconds misses only what a process reaches in its last moments.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(list(command), stdout=out, stderr=err, env=env)
        own_kb = 0
        children_kb: dict[int, tuple[str, int]] = {}
        while True:
            # wait4 rather than Popen.wait: it also returns the finished child's rusage.
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            own_kb = max(own_kb, _status_kb(process.pid, "VmHWM") or 0)
            for child in _descendants(process.pid):
                kb = _status_kb(child, "VmHWM")
                if kb:
                    name = children_kb.get(child, (_name(child), 0))[0]
                    children_kb[child] = (name, max(kb, children_kb.get(child, ("", 0))[1]))
            time.sleep(POLL_SECONDS)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return PeakMemory(
            command=list(command),
            seconds=round(seconds, 2),
            returncode=process.returncode,
            process_mb=round(own_kb / 1024, 1),
            children_mb={
                f"{name} ({pid})": round(kb / 1024, 1) for pid, (name, kb) in children_kb.items()
            },
            tree_mb=round(usage.ru_maxrss / 1024, 1),
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


def print_table(title: str, rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> None:
    print(f"\n{title}")
    print(render_table(rows, columns))


def results_path(topic: str, directory: Path = RESULTS_DIR) -> Path:
    return directory / f"{topic}-{dt.date.today().isoformat()}.json"


def read_results(topic: str, directory: Path = RESULTS_DIR) -> dict[str, Any] | None:
    """Today's saved figures for ``topic``, if any."""
    path = results_path(topic, directory)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def write_results(topic: str, data: dict[str, Any], directory: Path = RESULTS_DIR) -> Path:
    """Save ``data`` as ``<directory>/<topic>-<date>.json``; a later run that day replaces it."""
    directory.mkdir(parents=True, exist_ok=True)
    path = results_path(topic, directory)
    partial = path.with_suffix(".json.tmp")
    partial.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    partial.replace(path)
    return path
