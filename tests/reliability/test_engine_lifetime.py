"""The embedded server lives as long as the process, and a wait for it is said (cases 6, 8)."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path

from reliability_support import redchain_cmd

import redchain


def test_an_engine_opened_in_a_thread_outlives_the_thread(tmp_path: Path) -> None:
    opened: list[redchain.engines.base.Engine] = []
    worker = threading.Thread(
        target=lambda: opened.append(redchain.connect("embedded", data_dir=tmp_path / "data"))
    )
    worker.start()
    worker.join()
    [engine] = opened
    try:
        time.sleep(1.0)  # the parent-death signal, if tied to the thread, has fired by now
        engine.run("CREATE (:Chain {name: '金桥红链'})", write=True)
        assert engine.run("MATCH (c:Chain) RETURN c.name AS n") == [{"n": "金桥红链"}]
    finally:
        engine.close()


def test_a_command_waiting_for_the_data_directory_says_so_and_who_holds_it(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    env = {**os.environ, "REDCHAIN_DATA_DIR": str(data_dir), "REDCHAIN_BACKEND": "embedded"}
    env["REDCHAIN_LOCK_TIMEOUT"] = "20"
    with redchain.connect("embedded", data_dir=data_dir):
        started = time.monotonic()
        waiting = subprocess.Popen(
            redchain_cmd("db", "stats"),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert waiting.stderr is not None
        first = waiting.stderr.readline()
        said_after = time.monotonic() - started
        still_waiting = waiting.poll() is None
        _, rest = waiting.communicate(timeout=60)
    assert first.startswith("Warning: waiting for the data directory"), first
    assert f"in use by pid {os.getpid()}" in first
    # Said while waiting, long before giving up (start-up of a new process included).
    assert still_waiting and said_after < 15, said_after
    assert waiting.returncode == 1
    assert rest.startswith("Error: the data directory"), rest
