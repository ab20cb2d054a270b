"""The FastAPI app: JSON API under ``/api``, dashboard pages at the root, OpenAPI at ``/docs``.

Read-only unless a token is configured (``SAGEON_API_TOKEN``); then ``POST /api/articles`` with
``Authorization: Bearer <token>`` extracts and stores an article. Bodies over ``max_body`` bytes
get a 413 before they are read whole.
"""

from __future__ import annotations

import copy
import hmac
import logging
import os
import threading
import time
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import ConfigError, InputError, SageonError, StoreError
from .params import BadParam
from .respond import WEB, error_response

log = logging.getLogger(__name__)

MAX_BODY = 1_000_000


class BodyTooLarge(Exception):
    pass


class BodyLimit:
    """ASGI middleware: 413 for a body over ``max_body`` bytes (declared or streamed)."""

    def __init__(self, app, max_body: int = MAX_BODY):
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        for k, v in scope.get("headers", []):
            if k == b"content-length":
                try:
                    too_big = int(v) > self.max_body
                except ValueError:
                    too_big = False
                if too_big:
                    return await _send_json(send, 413, f"request body is larger than {self.max_body} bytes")
        seen = 0
        started = False

        async def limited_receive():
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.max_body:
                    raise BodyTooLarge()
            return msg

        async def tracking_send(msg):
            nonlocal started
            if msg["type"] == "http.response.start":
                started = True
            await send(msg)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await _send_json(send, 413, f"request body is larger than {self.max_body} bytes")


async def _send_json(send, status: int, message: str) -> None:
    import json

    body = json.dumps({"ok": False, "error": message, "errors": [message], "status": status}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class CachedStore:
    """The store, with its aggregate queries (overview, network, dyad, tilt) kept ``ttl`` seconds.

    They scan every event; a dashboard under load asks the same ones over and over. A write
    through the API calls :meth:`clear`; ingestion by another process shows within ``ttl``.
    """

    CACHED = ("overview", "network", "dyad", "tilt")

    def __init__(self, store: Any, ttl: float):
        self._store, self._ttl = store, ttl
        self._cache: dict[tuple, tuple[float, Any]] = {}

    def __getattr__(self, name: str):
        attr = getattr(self._store, name)
        if name not in self.CACHED or self._ttl <= 0:
            return attr

        def cached(*args, **kw):
            key = (name, args, tuple(sorted((k, v if not isinstance(v, list) else tuple(v)) for k, v in kw.items())))
            now = time.monotonic()
            hit = self._cache.get(key)
            if hit and now - hit[0] < self._ttl:
                return copy.deepcopy(hit[1])
            val = attr(*args, **kw)
            if len(self._cache) > 2000:
                self._cache.clear()
            self._cache[key] = (now, val)
            return copy.deepcopy(val)

        return cached

    def clear(self) -> None:
        self._cache.clear()


class StoreHolder:
    """Opens the store on first use (not at import, not at app build)."""

    def __init__(self, url: str | None, store: Any = None, *, ttl: float = 0.0):
        self.url = url
        self._ttl = ttl
        self._store = CachedStore(store, ttl) if store is not None else None
        self._lock = threading.Lock()

    def get(self):
        if self._store is None:
            with self._lock:
                if self._store is None:
                    from ..store import open_store

                    self._store = CachedStore(open_store(self.url), self._ttl)
        return self._store


def create_app(db_url: str | None = None, *, token: str | None = None, store: Any = None,
               max_body: int = MAX_BODY, cache_ttl: float = 5.0) -> FastAPI:
    """The app over the store at ``db_url`` (None → env ``SAGEON_DB`` → ``sqlite:///sageon.db``).

    ``token`` enables the writing endpoints (None → env ``SAGEON_API_TOKEN``; empty → read-only).
    ``store`` hands in an opened store (tests). ``cache_ttl``: seconds aggregate queries are kept (0: off).
    """
    if token is None:
        token = os.environ.get("SAGEON_API_TOKEN") or None
    app = FastAPI(
        title="sageon", version=__version__,
        description="Korean news → political event data. Every list answers JSON (default) or CSV "
                    "(`?format=csv` or a `.csv` suffix), paginated with `limit`/`offset`, `total` and `next`. "
                    "Errors: `{\"ok\": false, \"error\", \"errors\", \"status\"}`.",
        docs_url=None, redoc_url=None, openapi_url="/openapi.json",
    )
    app.state.store = StoreHolder(db_url, store, ttl=cache_ttl)
    app.state.token = token
    app.state.max_body = max_body
    app.add_middleware(BodyLimit, max_body=max_body)
    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")
    _install_errors(app)

    @app.get("/docs", include_in_schema=False)
    def docs():
        """Swagger UI from the vendored swagger-ui-dist (no CDN)."""
        from fastapi.openapi.docs import get_swagger_ui_html

        return get_swagger_ui_html(openapi_url="/openapi.json", title="sageon API",
                                   swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
                                   swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
                                   swagger_favicon_url="/static/favicon.svg")

    from .routes import actors, articles, dyad, events, extract, network, overview, quotes, search

    for mod in (overview, articles, events, quotes, actors, dyad, network, search, extract):
        app.include_router(mod.router)
    return app


def check_token(request: Request) -> None:
    """Raise 403 when writing is off, 401 without the right bearer token."""
    token = request.app.state.token
    if not token:
        raise ApiError(403, "writing is disabled: start the server with SAGEON_API_TOKEN set to enable it")
    auth = request.headers.get("authorization", "")
    scheme, _, given = auth.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise ApiError(401, "missing or wrong token: send 'Authorization: Bearer <SAGEON_API_TOKEN>'",
                       headers={"WWW-Authenticate": "Bearer"})


class ApiError(Exception):
    def __init__(self, status: int, message: str, errors: list | None = None, headers: dict | None = None):
        super().__init__(message)
        self.status, self.message, self.errors, self.headers = status, message, errors, headers


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError):
        return error_response(request, exc.status, exc.message, exc.errors, headers=exc.headers)

    @app.exception_handler(BadParam)
    async def _bad(request: Request, exc: BadParam):
        return error_response(request, 400, exc.detail, [{"param": exc.param, "message": exc.detail}])

    @app.exception_handler(ConfigError)
    async def _config(request: Request, exc: ConfigError):
        return error_response(request, 400, str(exc))

    @app.exception_handler(InputError)
    async def _input(request: Request, exc: InputError):
        return error_response(request, 400, str(exc))

    @app.exception_handler(StoreError)
    async def _store(request: Request, exc: StoreError):
        log.error("store error: %s", exc)
        return error_response(request, 503, str(exc))

    @app.exception_handler(SageonError)
    async def _sageon(request: Request, exc: SageonError):
        log.error("error on %s: %s", request.url.path, exc)
        return error_response(request, 500, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        errs = [{"param": ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "body", "path")),
                 "message": e.get("msg", "")} for e in exc.errors()]
        msg = "; ".join(f"{e['param']}: {e['message']}" for e in errs) or "bad request"
        return error_response(request, 400, msg, errs)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        msg = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and msg == "Not Found":
            msg = f"no such page: {request.url.path}"
        return error_response(request, exc.status_code, msg, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception):
        log.exception("unhandled error on %s", request.url.path)
        return error_response(request, 500, f"internal error: {type(exc).__name__}")


def store_of(request: Request):
    return request.app.state.store.get()
