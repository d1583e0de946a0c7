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
from redchain.serve.auth import Editor, check_host, new_token, read_token_file
from redchain.serve.uploads import MAX_UPLOAD_BYTES, Uploads
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
    editor: Editor | None = None,
    max_upload: int = MAX_UPLOAD_BYTES,
) -> None:
    """Serve until stopped. With ``editor`` (``--allow-import``) the clerk's import page is
    mounted at ``/import`` and its URL, with the editor's token, is printed too."""
    import uvicorn

    check_host(host, token_file)
    token = read_token_file(token_file) if token_file else new_token()
    store = ViewStore(folder_for(backend, data_dir, engine.location))
    explorer = Explorer(engine, store, lang=lang, overview_above=overview_above)
    uploads = Uploads(max_upload) if editor is not None else None
    app = create_app(explorer, token, allowed_hosts(host, port), editor=editor, store=uploads)
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else url_host(host)
    url = f"http://{shown_host}:{port}/?token={token}"
    import_url = (
        f"http://{shown_host}:{port}/import?token={editor.token}" if editor is not None else None
    )
    config = uvicorn.Config(
        app, host=host, port=port, log_level="warning", access_log=False, lifespan="off"
    )
    server = uvicorn.Server(config)
    with shared(engine), contextlib.ExitStack() as stack:
        if uploads is not None:
            stack.callback(uploads.close)
        if json_lines:
            shown = {"url": url, "engine": engine.name, "location": engine.location}
            if import_url is not None and editor is not None:
                shown.update({"import_url": import_url, "editor": editor.name})
            say(json.dumps(shown, ensure_ascii=False))
        else:
            say(f"redchain explorer on {engine.name} ({engine.location})")
            say(f"Open: {url}")
            if import_url is not None and editor is not None:
                say(f"Import page for {editor.name} (the editor's token): {import_url}")
            say("Stop with Ctrl-C.")
        # The search index and, for a large graph, the overview are built while the browser
        # opens; the first requests wait for them on the engine lock.
        threading.Thread(target=explorer.warm, name="redchain-warm", daemon=True).start()
        if open_browser:
            webbrowser.open(url)
        server.run()
