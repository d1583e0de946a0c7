"""The clerk's import page and its API, mounted only with ``--allow-import``.

Every route here needs the editor's token (the viewer's gets 403). The file comes as the raw
request body with its name in the ``X-Redchain-Filename`` header (percent-encoded UTF-8), so
no form parser is needed; a body over the cap is refused with 413 before it is read whole.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote, unquote

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from redchain.serve import uploads
from redchain.serve.uploads import UploadError, Uploads, too_large

FILENAME_HEADER = "x-redchain-filename"

Handler = Callable[[Request], Awaitable[Any]]


class Forbidden(UploadError):
    status = 403


def require_editor(request: Request) -> str:
    """The editor's name, or 403 for the viewer's token."""
    state = request.scope.get("state", {})
    if state.get("role") != "editor":
        raise Forbidden(
            "403: importing needs the editor's token; open the import page with the URL "
            "'redchain serve --allow-import' printed for the editor"
        )
    return str(state.get("editor") or "")


def attachment(body: bytes, name: str, media: str) -> Response:
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    return Response(
        body,
        media_type=media,
        headers={
            "content-disposition": (
                f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
            )
        },
    )


def media_of(name: str) -> str:
    if name.endswith(".xlsx"):
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    if name.endswith(".csv"):
        return "text/csv; charset=utf-8"
    if name.endswith(".json"):
        return "application/json"
    return "application/octet-stream"


async def read_capped(request: Request, limit: int) -> bytes:
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > limit:
        raise too_large(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def routes(
    store: Uploads,
    run: Callable[[Callable[[Any], Any]], Any],
    handle: Callable[[Handler], Handler],
    in_thread: Callable[[Callable[[], Any]], Awaitable[Any]],
    body: Callable[[Request], Awaitable[dict[str, Any]]],
    lang_of: Callable[[Request], str],
) -> list[Route]:
    """The API routes; ``run`` runs work on the engine under the explorer's lock."""

    async def kinds(request: Request) -> Any:
        require_editor(request)
        return {"kinds": uploads.kinds(lang_of(request)), "max_bytes": store.max_bytes}

    async def template(request: Request) -> Response:
        require_editor(request)
        kind = request.query_params.get("kind", "")
        fmt = request.query_params.get("format", "xlsx")
        data, name = await in_thread(lambda: uploads.template(kind, fmt, lang_of(request)))
        return attachment(data, name, media_of(name))

    async def upload(request: Request) -> Any:
        require_editor(request)
        name = unquote(request.headers.get(FILENAME_HEADER, ""))
        data = await read_capped(request, store.max_bytes)
        item = store.add(name, data)
        return await in_thread(lambda: run(lambda e: uploads.run(e, item, dry_run=True)))

    async def picks(request: Request) -> Any:
        require_editor(request)
        item = store.get(request.path_params["id"])
        uploads.set_picks(item, (await body(request)).get("picks"))
        return await in_thread(lambda: run(lambda e: uploads.run(e, item, dry_run=True)))

    async def rejects(request: Request) -> Response:
        require_editor(request)
        data, name = uploads.rejects_of(store.get(request.path_params["id"]))
        return attachment(data, name, media_of(name))

    async def write(request: Request) -> Any:
        by = require_editor(request)
        item = store.get(request.path_params["id"])
        skip = bool((await body(request)).get("skip_invalid"))
        return await in_thread(
            lambda: run(lambda e: uploads.run(e, item, dry_run=False, skip_invalid=skip, by=by))
        )

    return [
        Route("/api/import/kinds", handle(kinds)),
        Route("/api/import/template", handle(template)),
        Route("/api/import/upload", handle(upload), methods=["POST"]),
        Route("/api/import/{id}/picks", handle(picks), methods=["POST"]),
        Route("/api/import/{id}/rejects", handle(rejects)),
        Route("/api/import/{id}/write", handle(write), methods=["POST"]),
    ]
