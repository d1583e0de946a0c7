"""The embedded server: one owner per data directory, durable writes, no TCP, survives kill -9."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import redchain
from redchain.engines.embedded_server import EmbeddedServer
from redchain.errors import DataDirBusy

WRITER = textwrap.dedent(
    """
    import sys, time, redchain
    engine = redchain.connect("embedded", data_dir=sys.argv[1])
    engine.run("CREATE (:Chain {name: '金桥红链'})", write=True)
    print("written", engine.server.process.pid, flush=True)
    time.sleep(60)
    """
)


def _wait_gone(pid: int, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_kill_9_leaves_nothing_blocking_and_keeps_finished_writes(embedded_dir: Path) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(embedded_dir)], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None
    line = writer.stdout.readline().split()
    assert line[0] == "written"
    server_pid = int(line[1])
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    assert _wait_gone(server_pid), "the server outlived the redchain process that started it"
    with redchain.connect("embedded", data_dir=embedded_dir) as engine:
        assert engine.run("MATCH (c:Chain) RETURN c.name AS n") == [{"n": "金桥红链"}]


def test_one_data_directory_never_gets_two_servers(
    embedded_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REDCHAIN_LOCK_TIMEOUT", "0.5")
    busy = r"in use by another redchain process \(pid \d+"
    first = redchain.connect("embedded", data_dir=embedded_dir)
    with first, pytest.raises(DataDirBusy, match=busy):
        redchain.connect("embedded", data_dir=embedded_dir)
    with redchain.connect("embedded", data_dir=embedded_dir) as engine:
        assert engine.run("RETURN 1 AS one") == [{"one": 1}]


def test_server_is_private_and_has_no_tcp_port(embedded_dir: Path) -> None:
    with redchain.connect("embedded", data_dir=embedded_dir) as engine:
        server = engine.server
        assert stat.S_IMODE(os.stat(embedded_dir).st_mode) == 0o700
        assert stat.S_IMODE(os.stat(server.socket_path).st_mode) & 0o077 == 0
        assert stat.S_ISSOCK(os.stat(server.socket_path).st_mode)
        assert _listening_tcp_ports(server.process.pid) == []


def test_deep_data_directory_still_gets_a_socket(tmp_path: Path) -> None:
    deep = tmp_path / ("very-long-folder-name-" * 5) / "data"
    with redchain.connect("embedded", data_dir=deep) as engine:
        assert len(engine.server.socket_path) <= 100
        engine.run("CREATE (:Chain {name: 'x'})", write=True)
    with redchain.connect("embedded", data_dir=deep) as engine:
        assert engine.run("MATCH (c:Chain) RETURN count(c) AS c") == [{"c": 1}]


def test_stopping_twice_is_harmless(embedded_dir: Path) -> None:
    server = EmbeddedServer(embedded_dir)
    server.start()
    server.stop()
    server.stop()
    assert not server.is_running()


def _listening_tcp_ports(pid: int) -> list[int]:
    """TCP ports in LISTEN state owned by ``pid`` (read from /proc, Linux only)."""
    if not Path("/proc/net/tcp").exists():
        pytest.skip("needs /proc")
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        target = os.readlink(fd)
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    ports = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text().splitlines()[1:]:
            fields = row.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A = LISTEN
                ports.append(int(fields[1].rsplit(":", 1)[1], 16))
    return ports
