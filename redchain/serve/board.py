"""The dashboard's API routes: its data for a period, its charts, the report's downloads, and the
units behind a card for the explorer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from redchain.model import DEFAULT_CHAIN
from redchain.periodic.data import PeriodicReport
from redchain.serve.clerk import attachment
from redchain.serve.dashboard import Dashboard, presets

Handler = Callable[[Request], Awaitable[Any]]


def routes(
    board: Dashboard,
    handle: Callable[[Handler], Handler],
    in_thread: Callable[[Callable[[], Any]], Awaitable[Any]],
    paged: Callable[[list[str], Request, str], dict[str, Any]],
    lang_of: Callable[[Request], str],
) -> list[Route]:
    def report_for(request: Request) -> PeriodicReport:
        chain = (request.query_params.get("chain") or "").strip() or DEFAULT_CHAIN
        return board.report(board.period(request.query_params), chain)

    async def data(request: Request) -> Any:
        lang = lang_of(request)

        def work() -> Any:
            report = report_for(request)
            first, last = board.bounds()
            return {
                **board.data(report, lang),
                "presets": presets(first, last, lang),
                "chains": board.chains(),
            }

        return await in_thread(work)

    async def chart(request: Request) -> Response:
        lang = lang_of(request)
        key = request.query_params.get("key", "")
        png = await in_thread(lambda: board.chart(report_for(request), key, lang))
        return Response(png, media_type="image/png")

    async def download(request: Request) -> Response:
        lang = lang_of(request)
        fmt = request.query_params.get("format", "")
        body, name, media = await in_thread(lambda: board.file(report_for(request), fmt, lang))
        return attachment(body, name, media)

    async def card(request: Request) -> Any:
        lang = lang_of(request)

        def work() -> Any:
            report = report_for(request)
            ids, heading = board.unit_ids(report, request.query_params, lang)
            return {"title": heading, **paged(ids, request, lang)}

        return await in_thread(work)

    return [
        Route("/api/dashboard", handle(data)),
        Route("/api/dashboard/chart", handle(chart)),
        Route("/api/dashboard/report", handle(download)),
        Route("/api/card", handle(card)),
    ]
