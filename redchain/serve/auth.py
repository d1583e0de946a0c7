"""Who may use the explorer: an access token, same-origin writes and strict response headers.

The token comes in the printed URL (``?token=``) once; the server answers with an HttpOnly,
SameSite=Strict cookie and the same URL without it. Without the token every route answers 401.
With ``--allow-import`` a second token, the editor's, opens the clerk's import page as well as
everything the viewer's token opens; it carries a name, which each import records as who ran it.
The role a request was let in with is in ``scope["state"]["role"]`` ("viewer" or "editor") and
the editor's name in ``scope["state"]["editor"]``.
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
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Editor:
    """The editor's token and the name each import it runs is recorded under."""

    name: str
    token: str


def read_editor_file(path: Path, name: str | None) -> Editor:
    """An editor token file: one line, ``NAME:TOKEN`` or ``TOKEN`` (then ``--editor-name``)."""
    try:
        line = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise AuthError(f"--editor-token-file {path}: cannot read it ({exc.strerror})") from None
    written, sep, token = line.rpartition(":")
    if not sep:
        token = line
    if len(token) < MIN_TOKEN or any(c.isspace() for c in token) or "\n" in line:
        raise AuthError(
            f"--editor-token-file {path}: write one line, NAME:TOKEN or TOKEN, with a token of "
            f"at least {MIN_TOKEN} characters without spaces (e.g. '张三:' followed by the output "
            "of 'python -c \"import secrets; print(secrets.token_urlsafe(24))\"')"
        )
    return Editor(editor_name(name or written.strip() or None), token)


def editor_name(name: str | None) -> str:
    """The name imports are recorded under; refused when missing or not one short line."""
    text = (name or "").strip()
    if not text or len(text) > 80 or any(c in text for c in "\r\n\t"):
        raise AuthError(
            "--allow-import needs the editor's name, recorded on every import it runs: give "
            "--editor-name NAME (e.g. --editor-name 张三) or a NAME:TOKEN line in "
            "--editor-token-file"
        )
    return text


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

    def __init__(
        self,
        app: ASGIApp,
        token: str,
        allowed_hosts: set[str],
        editor: Editor | None = None,
        pages: tuple[str, ...] = ("/",),
    ) -> None:
        self.app = app
        self.token = token
        self.csrf = csrf_for(token)
        self.allowed_hosts = allowed_hosts
        self.editor = editor
        #: Pages that take the token from the URL and answer with the cookie.
        self.pages = pages

    def _role(self, headers: dict[str, str], query: dict[str, str]) -> tuple[str, str] | None:
        """The role and token of the first token offered that is the viewer's or the editor's."""
        for offered in self._offered(headers, query):
            if self.editor is not None and hmac.compare_digest(
                offered.encode(), self.editor.token.encode()
            ):
                return "editor", offered
            if hmac.compare_digest(offered.encode(), self.token.encode()):
                return "viewer", offered
        return None

    def _offered(self, headers: dict[str, str], query: dict[str, str]) -> list[str]:
        # The URL's token first: opening the editor's URL in a browser that holds the viewer's
        # cookie switches it to the editor's.
        offered = [query["token"]] if "token" in query else []
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
        return offered

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
        found = self._role(headers, query)
        if found is None:
            await _answer(
                send,
                401,
                "401: open the explorer with the URL 'redchain serve' printed (it carries the "
                "access token)",
            )
            return
        role, token = found
        state = scope.setdefault("state", {})
        state["role"] = role
        state["editor"] = self.editor.name if role == "editor" and self.editor else None
        state["csrf"] = csrf_for(token)
        if method not in ("GET", "HEAD"):
            origin = headers.get("origin")
            same_site = headers.get("sec-fetch-site", "same-origin") in ("same-origin", "none")
            own_origin = origin is None or origin == f"{scope.get('scheme', 'http')}://{host}"
            csrf_ok = hmac.compare_digest(
                headers.get(CSRF_HEADER, "").encode(), state["csrf"].encode()
            )
            if not (own_origin and same_site and csrf_ok):
                await _answer(
                    send, 403, "403: requests that are not GET must come from the explorer page"
                )
                return
        if "token" in query and method == "GET" and scope["path"] in self.pages:
            rest = urlencode(
                [(k, v) for k, v in parse_qsl(scope["query_string"].decode()) if k != "token"]
            )
            location = scope["path"] + (f"?{rest}" if rest else "")
            cookie_header = (f"{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/").encode()
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
