"""Who may use the explorer: an access token, same-origin writes and strict response headers.

The token comes in the printed URL (``?token=``) once; the server answers with an HttpOnly,
SameSite=Strict cookie and the same URL without it. Without the token every route answers 401.
Requests other than GET and HEAD must also come from the page itself: the ``Origin`` must be the
server's and the ``X-Redchain-CSRF`` header must carry the page's token, which a cross-site form
or script cannot set. The Host header must name the address the server listens on, so a
rebinding DNS name cannot reach it either.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from redchain.errors import RedchainError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

COOKIE = "redchain_token"
CSRF_HEADER = "x-redchain-csrf"
MIN_TOKEN = 16
#: No request to another host: scripts, styles, images and fetches from this server only.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
LOOPBACK = ("127.0.0.1", "localhost", "::1")


class AuthError(RedchainError):
    """The server cannot start with the access settings given."""


def new_token() -> str:
    return secrets.token_urlsafe(24)


def read_token_file(path: Path) -> str:
    try:
        token = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise AuthError(f"--token-file {path}: cannot read it ({exc.strerror})") from None
    if len(token) < MIN_TOKEN or any(c.isspace() for c in token):
        raise AuthError(
            f"--token-file {path}: the token must be one line of at least {MIN_TOKEN} characters "
            "without spaces; write a long random one, e.g. with 'python -c \"import secrets; "
            "print(secrets.token_urlsafe(24))\"'"
        )
    return token


def check_host(host: str, token_file: Path | None) -> None:
    """Refuse to listen beyond this machine unless the token was chosen deliberately."""
    if host in LOOPBACK or token_file is not None:
        return
    raise AuthError(
        f"--host {host} would let other machines reach the explorer and read the whole graph; "
        "give --token-file FILE (a secret of at least 16 characters that becomes the access "
        "token), or keep the default --host 127.0.0.1"
    )


def csrf_for(token: str) -> str:
    return hmac.new(token.encode(), b"redchain-csrf", hashlib.sha256).hexdigest()[:32]


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", [])}


class Guard:
    """ASGI middleware: token, host, origin and CSRF checks, and the security headers."""

    def __init__(self, app: ASGIApp, token: str, allowed_hosts: set[str]) -> None:
        self.app = app
        self.token = token
        self.csrf = csrf_for(token)
        self.allowed_hosts = allowed_hosts

    def _has_token(self, scope: Scope, headers: dict[str, str], query: dict[str, str]) -> bool:
        offered = []
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:
            cookie = SimpleCookie()
        if COOKIE in cookie:
            offered.append(cookie[COOKIE].value)
        auth = headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            offered.append(auth[7:].strip())
        if "token" in query:
            offered.append(query["token"])
        return any(hmac.compare_digest(o.encode(), self.token.encode()) for o in offered)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        method = scope["method"]
        host = headers.get("host", "")
        if host not in self.allowed_hosts:
            await _answer(send, 403, "403: this server answers only to the address it printed")
            return
        if not self._has_token(scope, headers, query):
            await _answer(
                send,
                401,
                "401: open the explorer with the URL 'redchain serve' printed (it carries the "
                "access token)",
            )
            return
        if method not in ("GET", "HEAD"):
            origin = headers.get("origin")
            same_site = headers.get("sec-fetch-site", "same-origin") in ("same-origin", "none")
            own_origin = origin is None or origin == f"{scope.get('scheme', 'http')}://{host}"
            csrf_ok = hmac.compare_digest(headers.get(CSRF_HEADER, "").encode(), self.csrf.encode())
            if not (own_origin and same_site and csrf_ok):
                await _answer(
                    send, 403, "403: requests that are not GET must come from the explorer page"
                )
                return
        if "token" in query and method == "GET" and scope["path"] == "/":
            rest = urlencode(
                [(k, v) for k, v in parse_qsl(scope["query_string"].decode()) if k != "token"]
            )
            location = scope["path"] + (f"?{rest}" if rest else "")
            cookie_header = (f"{COOKIE}={self.token}; HttpOnly; SameSite=Strict; Path=/").encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 303,
                    "headers": [
                        (b"location", location.encode()),
                        (b"set-cookie", cookie_header),
                        (b"content-length", b"0"),
                        *HEADERS,
                    ],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


async def _answer(send: Send, status: int, text: str) -> None:
    body = text.encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                *HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
