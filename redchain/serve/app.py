"""The explorer's ASGI app: the page, its static files and a read-only JSON API.

Routes are plain functions of the request; each takes the engine lock for its queries, so the
one engine connection is never used by two threads at once. Every answer is JSON (or a file
for exports); errors are one line under ``"error"`` with status 400 or 404.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import threading
from collections.abc import Callable
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from redchain.engines.base import Engine
from redchain.errors import RedchainError
from redchain.model import DOMAINS, REL_BY_TYPE
from redchain.serve import board, clerk, exports, graphdata, uploads
from redchain.serve.auth import Editor, Guard, csrf_for
from redchain.serve.dashboard import Dashboard
from redchain.serve.search import SearchIndex, entry
from redchain.serve.text import CLERK_TEXT, DASHBOARD_TEXT, TEXT
from redchain.serve.views import ViewNotFound, ViewStore
from redchain.viz import page, style

TEMPLATES = Path(str(files("redchain") / "templates"))
#: Above this many units the canvas opens on the overview, never on the whole graph.
OVERVIEW_ABOVE = 300
#: Neighbours per expand, units per start list: the user sees "showing 100 of 340".
PAGE = 100
MAX_IDS = 5000


class BadRequest(RedchainError):
    """A request names a missing field or a value of the wrong kind."""


class NotFound(RedchainError):
    """A request names a unit that is not in the graph."""


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


class Reply(JSONResponse):
    def render(self, content: Any) -> bytes:
        # Imported text stays data: "<" and ">" never appear raw, even if JSON is sniffed.
        text = json.dumps(content, ensure_ascii=False, default=_json_default, allow_nan=False)
        return text.replace("<", "\\u003c").replace(">", "\\u003e").encode("utf-8")


class Explorer:
    """The engine, caches that follow the graph, and the saved views."""

    def __init__(
        self,
        engine: Engine,
        views: ViewStore,
        *,
        lang: str = "zh",
        overview_above: int = OVERVIEW_ABOVE,
    ) -> None:
        self.engine = engine
        self.views = views
        self.lang = lang
        self.overview_above = overview_above
        self.lock = threading.RLock()
        self._signature: tuple[Any, ...] | None = None
        self._index = SearchIndex([])
        self._gaps: dict[tuple[Any, str], list[dict[str, Any]]] = {}
        self._gap_workers: dict[tuple[Any, str], threading.Thread] = {}
        self._overview: dict[str, dict[str, Any]] = {}

    def run(self, work: Callable[[Engine], Any]) -> Any:
        with self.lock:
            return work(self.engine)

    def fresh(self) -> None:
        """Rebuild the caches when an import (from any process) changed the graph. The lock is
        held throughout, so no request sees the new signature with the old index."""
        with self.lock:
            current = graphdata.signature(self.engine)
            if current == self._signature:
                return
            rows = graphdata.index_rows(self.engine)
            self._index = SearchIndex(
                entry(r["uscc"], r["name"] or r["uscc"], r["short_name"], r["name_en"], r["domain"])
                for r in rows
            )
            self._overview.clear()
            self._signature = current

    def state(self) -> Any:
        """The graph's current signature: what caches built from the graph are keyed by."""
        self.fresh()
        return self._signature

    def warm(self) -> None:
        """Build what the first screen needs before it is asked for."""
        with contextlib.suppress(RedchainError):
            if self.unit_count() > self.overview_above:
                self.overview(self.lang)
            self.gaps(self.lang, wait=False)

    def search(self, query: str, limit: int = 12) -> list[dict[str, Any]]:
        self.fresh()
        return [
            {
                "id": e.uscc,
                "name": e.name,
                "short_name": e.short_name,
                "name_en": e.name_en,
                "domain": e.domain,
            }
            for e in self._index.find(query, limit)
        ]

    def unit_count(self) -> int:
        self.fresh()
        return len(self._index)

    def gaps(self, lang: str, wait: bool = True) -> list[dict[str, Any]] | None:
        """The gap report's gaps, computed once per graph state in a thread of its own and
        without the engine lock (the report takes a minute at 100,000 units, and searches and
        expands go on meanwhile). ``wait=False`` answers None while it is being computed."""
        self.fresh()
        key = (self._signature, lang)
        with self.lock:
            worker = self._gap_workers.get(key)
            if worker is None:
                worker = threading.Thread(
                    target=self._compute_gaps, args=(key,), name="redchain-gaps", daemon=True
                )
                self._gap_workers[key] = worker
                worker.start()
        if wait:
            worker.join()
        return self._gaps.get(key)

    def _compute_gaps(self, key: tuple[Any, str]) -> None:
        try:
            self._gaps[key] = graphdata.gap_list(self.engine, key[1])
        except RedchainError:
            self._gaps[key] = []

    def overview(self, lang: str) -> dict[str, Any]:
        self.fresh()
        with self.lock:
            if lang not in self._overview:
                self._overview[lang] = graphdata.overview(self.engine, lang)
            return self._overview[lang]


def _lang(request: Request, explorer: Explorer) -> str:
    lang = request.query_params.get("lang") or explorer.lang
    return lang if lang in TEXT else explorer.lang


def _int(request: Request, name: str, default: int, most: int = 10_000_000) -> int:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"parameter {name!r}: {raw!r} is not a whole number") from None
    if value < 0 or value > most:
        raise BadRequest(f"parameter {name!r}: give a number from 0 to {most}")
    return value


def _required(request: Request, name: str) -> str:
    value = request.query_params.get(name, "").strip()
    if not value:
        raise BadRequest(f"parameter {name!r} is missing")
    return value


async def _body(request: Request) -> dict[str, Any]:
    try:
        data = json.loads(await request.body() or b"{}")
    except ValueError as exc:
        raise BadRequest(f"the request body is not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise BadRequest("the request body must be a JSON object")
    return data


def _ids(data: dict[str, Any]) -> list[str]:
    ids = data.get("ids")
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise BadRequest("field 'ids': give a list of credit codes")
    if len(ids) > MAX_IDS:
        raise BadRequest(f"field 'ids': at most {MAX_IDS} units at a time")
    return ids


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES / "serve")),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )


def page_data(explorer: Explorer, lang: str, csrf: str) -> dict[str, Any]:
    """What network.js and explorer.js read at start: the static page's data with no nodes,
    plus the explorer's words, lists and limits."""
    groups = style.groups(lang)
    classes = style.edge_classes(lang)
    return {
        "lang": lang,
        "mode": "physics",
        "text": style.TEXT[lang],
        "groups": groups,
        "edgeClasses": classes,
        "nodes": [],
        "edges": [],
        "focus": [],
        "options": page.vis_options("physics", 100, groups),
        "iterations": page.physics_iterations(100),
        "physicsCapMs": page.PHYSICS_CAP_MS,
        "batchSize": page.BATCH_SIZE,
        "gapLegend": False,
        "explorer": {
            "text": TEXT[lang],
            "csrf": csrf,
            "page": PAGE,
            "domains": [{"key": d.key, "name": d.zh if lang == "zh" else d.en} for d in DOMAINS],
            "relTypes": [
                {"type": t, "name": REL_BY_TYPE[t].zh if lang == "zh" else REL_BY_TYPE[t].en}
                for t in graphdata.LINK_TYPES
            ],
        },
    }


def clerk_data(request: Request, lang: str, store: uploads.Uploads) -> dict[str, Any]:
    """What import.js reads at start."""
    state = request.scope.get("state", {})
    return {
        "lang": lang,
        "text": CLERK_TEXT[lang],
        "csrf": state.get("csrf", ""),
        "editor": state.get("editor") or "",
        "kinds": uploads.kinds(lang),
        "maxBytes": store.max_bytes,
        "filenameHeader": clerk.FILENAME_HEADER,
    }


def create_app(
    explorer: Explorer,
    token: str,
    allowed_hosts: set[str],
    *,
    editor: Editor | None = None,
    store: uploads.Uploads | None = None,
) -> Guard:
    """The app behind its guard (token, origin, headers). With ``editor`` and ``store`` (the
    server's ``--allow-import``) the clerk's import page and its API are mounted as well."""
    csrf = csrf_for(token)

    def handle(fn: Callable[[Request], Any]) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            try:
                result = await fn(request)
            except uploads.UploadError as exc:
                return Reply({"error": str(exc)}, status_code=exc.status)
            except (NotFound, ViewNotFound) as exc:
                return Reply({"error": str(exc)}, status_code=404)
            except RedchainError as exc:
                return Reply({"error": str(exc)}, status_code=400)
            return result if isinstance(result, Response) else Reply(result)

        return endpoint

    def in_thread(work: Callable[[], Any]) -> Any:
        from starlette.concurrency import run_in_threadpool

        return run_in_threadpool(work)

    async def index(request: Request) -> Response:
        lang = _lang(request, explorer)
        # The CSRF token of the token the page was opened with (the viewer's or the editor's).
        data = page_data(explorer, lang, request.scope.get("state", {}).get("csrf", csrf))
        html = (
            _environment()
            .get_template("explorer.html.j2")
            .render(
                lang="zh-CN" if lang == "zh" else "en",
                text=TEXT[lang],
                vtext=style.TEXT[lang],
                other_lang="en" if lang == "zh" else "zh",
                data_json=Markup(page.script_json(data)),
            )
        )
        return HTMLResponse(html)

    def asset(kind: str, name: str) -> Callable[[Request], Any]:
        media = "text/javascript" if name.endswith(".js") else "text/css"

        async def serve_asset(request: Request) -> Response:
            return Response(_asset_text(kind, name), media_type=f"{media}; charset=utf-8")

        return serve_asset

    dashboard = Dashboard(explorer.run, explorer.state)

    async def dashboard_page(request: Request) -> Response:
        lang = _lang(request, explorer)
        state = request.scope.get("state", {})
        data = {
            "lang": lang,
            "text": DASHBOARD_TEXT[lang],
            "query": dict(request.query_params),
        }
        html = (
            _environment()
            .get_template("dashboard.html.j2")
            .render(
                lang="zh-CN" if lang == "zh" else "en",
                text=DASHBOARD_TEXT[lang],
                other_lang="en" if lang == "zh" else "zh",
                editor=state.get("role") == "editor" and store is not None,
                data_json=Markup(page.script_json(data)),
            )
        )
        return HTMLResponse(html)

    async def import_page(request: Request) -> Response:
        assert store is not None
        try:
            clerk.require_editor(request)
        except clerk.Forbidden as exc:
            return Response(str(exc), status_code=403, media_type="text/plain; charset=utf-8")
        lang = _lang(request, explorer)
        html = (
            _environment()
            .get_template("import.html.j2")
            .render(
                lang="zh-CN" if lang == "zh" else "en",
                text=CLERK_TEXT[lang],
                other_lang="en" if lang == "zh" else "zh",
                data_json=Markup(page.script_json(clerk_data(request, lang, store))),
            )
        )
        return HTMLResponse(html)

    async def no_icon(request: Request) -> Response:
        return Response(status_code=204)

    async def search(request: Request) -> Any:
        query = request.query_params.get("q", "")
        limit = _int(request, "limit", 12, 50)
        # In the event loop: the index is in memory and the change check is cheap, and a hop to a
        # worker thread would cost more than the search itself on a busy machine.
        return {"results": explorer.search(query, limit)}

    async def start(request: Request) -> Any:
        lang = _lang(request, explorer)

        def work() -> Any:
            count = explorer.unit_count()
            if count > explorer.overview_above:
                return {"mode": "overview", **explorer.overview(lang)}
            ids = [e.uscc for e in explorer._index.entries]
            return {
                "mode": "whole",
                "units": count,
                **explorer.run(lambda e: graphdata.units(e, ids, lang)),
            }

        return await in_thread(work)

    async def overview(request: Request) -> Any:
        lang = _lang(request, explorer)
        return await in_thread(lambda: {"mode": "overview", **explorer.overview(lang)})

    def paged(ids: list[str], request: Request, lang: str) -> dict[str, Any]:
        offset = _int(request, "offset", 0)
        limit = _int(request, "limit", PAGE, 1000)
        chosen = ids[offset : offset + limit]
        data: dict[str, Any] = explorer.run(lambda e: graphdata.units(e, chosen, lang))
        data.update({"total": len(ids), "offset": offset, "shown": len(chosen)})
        return data

    async def cell(request: Request) -> Any:
        lang = _lang(request, explorer)
        domain = _required(request, "domain")
        sub = request.query_params.get("sub") or None

        def work() -> Any:
            ids = explorer.run(lambda e: graphdata.cell_ids(e, domain, sub))
            return paged(ids, request, lang)

        return await in_thread(work)

    async def domain(request: Request) -> Any:
        lang = _lang(request, explorer)
        key = _required(request, "key")
        if key not in {d.key for d in DOMAINS}:
            raise BadRequest(f"parameter 'key': {key!r} is not a domain key")
        return await in_thread(
            lambda: paged(explorer.run(lambda e: graphdata.domain_ids(e, key)), request, lang)
        )

    async def subdistrict(request: Request) -> Any:
        lang = _lang(request, explorer)
        uscc = _required(request, "id")
        return await in_thread(
            lambda: paged(explorer.run(lambda e: graphdata.subdistrict_ids(e, uscc)), request, lang)
        )

    async def lists(request: Request) -> Any:
        lang = _lang(request, explorer)

        def work() -> Any:
            subs = explorer.run(graphdata.subdistricts)
            chains = explorer.run(graphdata.chains)
            forms = explorer.run(lambda e: graphdata.query_forms(e, lang))
            ready = explorer.gaps(lang, wait=False)
            gaps = [
                {"name": g["name"], "title": g["title"], "count": g["count"], "ids": g["ids"]}
                for g in ready or []
            ]
            return {
                "subdistricts": subs,
                "chains": chains,
                "queries": forms,
                "gaps": gaps,
                "gaps_pending": ready is None,
            }

        return await in_thread(work)

    async def gap(request: Request) -> Any:
        lang = _lang(request, explorer)
        name = _required(request, "name")

        def work() -> Any:
            for g in explorer.gaps(lang) or []:
                if g["name"] == name:
                    return {"title": g["title"], **paged(g["ids"], request, lang)}
            raise BadRequest(f"parameter 'name': no gap is named {name!r}")

        return await in_thread(work)

    async def query(request: Request) -> Any:
        lang = _lang(request, explorer)
        data = await _body(request)
        name = str(data.get("name") or "")
        params = data.get("params") or {}
        if not isinstance(params, dict):
            raise BadRequest("field 'params': give the parameters as an object")

        def work() -> Any:
            found = explorer.run(lambda e: graphdata.run_query(e, name, params))
            result = paged(found["ids"], request, lang)
            result["rows"] = found["rows"]
            return result

        return await in_thread(work)

    async def expand(request: Request) -> Any:
        lang = _lang(request, explorer)
        uscc = _required(request, "id")
        offset = _int(request, "offset", 0)
        limit = _int(request, "limit", PAGE, 1000)
        types = [t for t in request.query_params.get("types", "").split(",") if t]
        for t in types:
            if t not in graphdata.LINK_TYPES:
                raise BadRequest(
                    f"parameter 'types': {t!r} is not one of {', '.join(graphdata.LINK_TYPES)}"
                )
        chosen = types or list(graphdata.LINK_TYPES)
        # A page of neighbours is a few short queries: run in the event loop, as search is.
        return explorer.run(
            lambda e: graphdata.expand(e, uscc, lang, offset=offset, limit=limit, rel_types=chosen)
        )

    async def units(request: Request) -> Any:
        lang = _lang(request, explorer)
        ids = _ids(await _body(request))
        return await in_thread(lambda: explorer.run(lambda e: graphdata.units(e, ids, lang)))

    async def path(request: Request) -> Any:
        lang = _lang(request, explorer)
        a, b = _required(request, "a"), _required(request, "b")
        return await in_thread(
            lambda: explorer.run(lambda e: graphdata.shortest_paths(e, a, b, lang))
        )

    async def unit(request: Request) -> Any:
        lang = _lang(request, explorer)
        uscc = _required(request, "id")

        def work() -> Any:
            gaps = explorer.gaps(lang, wait=False) or []
            found = explorer.run(lambda e: graphdata.unit_details(e, uscc, gaps))
            if not found:
                raise NotFound(f"no unit has the credit code {uscc!r}")
            return found

        return await in_thread(work)

    async def views_list(request: Request) -> Any:
        return {"views": explorer.views.names()}

    async def view_get(request: Request) -> Any:
        return explorer.views.get(request.path_params["name"])

    async def view_save(request: Request) -> Any:
        data = await _body(request)
        state = data.get("state")
        if not isinstance(state, dict):
            raise BadRequest("field 'state': give the canvas state as an object")
        return explorer.views.save(data.get("name"), state)

    async def export(request: Request) -> Response:
        lang = _lang(request, explorer)
        data = await _body(request)
        fmt = str(data.get("format") or "")
        if fmt not in exports.FORMATS:
            raise BadRequest(f"field 'format': {fmt!r} is not one of {', '.join(exports.FORMATS)}")
        ids = _ids(data)
        body, media, name = await in_thread(
            lambda: explorer.run(lambda e: exports.export(e, ids, fmt, lang))
        )
        return Response(
            body,
            media_type=media,
            headers={"content-disposition": f'attachment; filename="{name}"'},
        )

    routes = [
        Route("/", index),
        Route("/favicon.ico", no_icon),
        Route("/static/vis-network.min.js", asset("vis", "vis-network.min.js")),
        Route("/static/vis-network.css", asset("vis", "vis-network.css")),
        Route("/static/network.js", asset("viz", "network.js")),
        Route("/static/network.css", asset("viz", "network.css")),
        Route("/static/explorer.js", asset("serve", "explorer.js")),
        Route("/static/explorer.css", asset("serve", "explorer.css")),
        Route("/api/search", handle(search)),
        Route("/api/start", handle(start)),
        Route("/api/overview", handle(overview)),
        Route("/api/cell", handle(cell)),
        Route("/api/domain", handle(domain)),
        Route("/api/subdistrict", handle(subdistrict)),
        Route("/api/lists", handle(lists)),
        Route("/api/gap", handle(gap)),
        Route("/api/query", handle(query), methods=["POST"]),
        Route("/api/expand", handle(expand)),
        Route("/api/units", handle(units), methods=["POST"]),
        Route("/api/path", handle(path)),
        Route("/api/unit", handle(unit)),
        Route("/api/views", handle(views_list)),
        Route("/api/views", handle(view_save), methods=["POST"]),
        Route("/api/views/{name}", handle(view_get)),
        Route("/api/export", handle(export), methods=["POST"]),
        Route("/dashboard", dashboard_page),
        Route("/static/dashboard.js", asset("serve", "dashboard.js")),
        Route("/static/pages.css", asset("serve", "pages.css")),
        *board.routes(
            dashboard,
            handle,
            in_thread,
            paged,
            lambda request: _lang(request, explorer),
        ),
    ]
    pages: tuple[str, ...] = ("/", "/dashboard")
    if editor is not None and store is not None:
        routes += [
            Route("/import", import_page),
            Route("/static/import.js", asset("serve", "import.js")),
            *clerk.routes(
                store,
                explorer.run,
                handle,
                in_thread,
                _body,
                lambda request: _lang(request, explorer),
            ),
        ]
        pages += ("/import",)
    return Guard(Starlette(routes=routes), token, allowed_hosts, editor=editor, pages=pages)


@cache
def _asset_text(kind: str, name: str) -> str:
    if kind == "vis":
        script, sheet = page.vis_assets()
        return script if name.endswith(".js") else sheet
    return (TEMPLATES / kind / name).read_text(encoding="utf-8")
