"""Running the explorer: open the engine once, share it, and serve the app with uvicorn."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import threading
import webbrowser
from collections.abc import Callable, Iterator
from pathlib import Path

from redchain.engines.base import Engine
from redchain.engines.embedded import SHARED_MARKER, EmbeddedEngine, SharedServer
from redchain.serve.app import OVERVIEW_ABOVE, Explorer, create_app
from redchain.serve.auth import check_host, new_token, read_token_file
from redchain.serve.views import ViewStore, folder_for


@contextlib.contextmanager
def shared(engine: Engine) -> Iterator[None]:
    """While the explorer runs, other redchain commands attach to its embedded server instead
    of waiting for the data directory's lock (see ``engines.embedded.attach_to_shared_server``)."""
    if not isinstance(engine, EmbeddedEngine) or isinstance(engine.server, SharedServer):
        yield  # Neo4j, or a server another process shares with us: nothing to offer
        return
    marker = Path(engine.server.data_dir) / SHARED_MARKER
    marker.write_text(f"{os.getpid()}\n", encoding="utf-8")
    os.chmod(marker, 0o600)
    try:
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            marker.unlink()


def url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def allowed_hosts(host: str, port: int) -> set[str]:
    names = (
        {host, "127.0.0.1", "localhost", "[::1]"}
        if host in ("127.0.0.1", "localhost", "::1")
        else {host}
    )
    if host in ("0.0.0.0", "::"):
        names |= {socket.gethostname(), socket.getfqdn(), "127.0.0.1", "localhost"}
        with contextlib.suppress(OSError):
            names |= set(socket.gethostbyname_ex(socket.gethostname())[2])
    return {f"{url_host(n)}:{port}" for n in names}


def serve(
    engine: Engine,
    *,
    backend: str,
    data_dir: Path,
    host: str,
    port: int,
    lang: str,
    token_file: Path | None,
    open_browser: bool,
    overview_above: int = OVERVIEW_ABOVE,
    json_lines: bool = False,
    say: Callable[[str], None] = print,
) -> None:
    import uvicorn

    check_host(host, token_file)
    token = read_token_file(token_file) if token_file else new_token()
    store = ViewStore(folder_for(backend, data_dir, engine.location))
    explorer = Explorer(engine, store, lang=lang, overview_above=overview_above)
    app = create_app(explorer, token, allowed_hosts(host, port))
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else url_host(host)
    url = f"http://{shown_host}:{port}/?token={token}"
    config = uvicorn.Config(
        app, host=host, port=port, log_level="warning", access_log=False, lifespan="off"
    )
    server = uvicorn.Server(config)
    with shared(engine):
        if json_lines:
            say(json.dumps({"url": url, "engine": engine.name, "location": engine.location}))
        else:
            say(f"redchain explorer on {engine.name} ({engine.location})")
            say(f"Open: {url}")
            say("Stop with Ctrl-C.")
        # The search index and, for a large graph, the overview are built while the browser
        # opens; the first requests wait for them on the engine lock.
        threading.Thread(target=explorer.warm, name="redchain-warm", daemon=True).start()
        if open_browser:
            webbrowser.open(url)
        server.run()
