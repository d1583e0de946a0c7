"""The embedded server is private, under a real command too: while ``redchain import`` runs, its
server listens on one unix socket that only its user may open, and on no TCP port at all.

``tests/test_embedded_server.py`` checks the server a library call starts; these add what a
command does, and the private folder a deep data directory's socket moves to.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import pytest
from reliability_support import WatchedRun, child_pids, sockets_of

import redchain

pytestmark = pytest.mark.skipif(not Path("/proc/net/unix").exists(), reason="needs Linux /proc")


def owner_only(path: str | Path) -> bool:
    return stat.S_IMODE(os.stat(path).st_mode) & 0o077 == 0


def test_a_running_import_serves_only_a_private_unix_socket(
    network_files: list[Path], tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o755)
    env = {**os.environ, "REDCHAIN_BACKEND": "embedded", "REDCHAIN_DATA_DIR": str(data_dir)}
    run = WatchedRun("import", *network_files, "--batch-size", "20", env=env)
    try:
        assert run.wait_for("writing"), run.finish()
        [server] = child_pids(run.process.pid, "redis-server")
        listening = sockets_of(server)
        data_mode = stat.S_IMODE(os.stat(data_dir).st_mode)
        socket_private = [owner_only(path) for path in listening["unix"]]
    finally:
        code, _, text = run.finish()
    assert code == 0, text
    assert listening["tcp"] == []
    assert listening["unix"] == [str(data_dir / "falkordb.sock")]
    assert socket_private == [True]
    assert data_mode == 0o755  # a folder redchain did not create keeps its mode


def test_a_deep_data_directory_gets_its_socket_in_a_private_folder(tmp_path: Path) -> None:
    deep = tmp_path / ("a-long-folder-name-" * 6) / "data"
    private = Path(tempfile.gettempdir()) / f"redchain-{os.getuid()}"
    with redchain.connect("embedded", data_dir=deep) as engine:
        socket_path = Path(engine.server.socket_path)
        socket_private = owner_only(socket_path)
        assert engine.server.process is not None
        listening = sockets_of(engine.server.process.pid)
        folder_mode = stat.S_IMODE(os.stat(socket_path.parent).st_mode)
        folder_owner = os.stat(socket_path.parent).st_uid
    assert socket_path.parent == private
    assert (folder_mode, folder_owner) == (0o700, os.getuid())
    assert socket_private
    assert listening == {"tcp": [], "unix": [str(socket_path)]}
