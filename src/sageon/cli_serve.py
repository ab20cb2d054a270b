"""``sageon serve``: the REST API and web dashboard over a store (FastAPI + uvicorn)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        db: str = typer.Option(None, "--db", help="Store URL (sqlite:///file.db, postgresql+psycopg://...); default $SAGEON_DB or sqlite:///sageon.db."),
        host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback by default)."),
        port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
        workers: int = typer.Option(1, "--workers", min=1, max=64, help="Worker processes."),
        log_level: str = typer.Option("info", "--log-level", help="uvicorn log level: critical, error, warning, info, debug."),
    ) -> None:
        """Serve the dashboard (/) and the JSON/CSV API (/api, docs at /docs).

        Read-only unless SAGEON_API_TOKEN is set: then POST /api/articles with
        'Authorization: Bearer <token>' extracts and stores an article.
        """
        import os

        import uvicorn

        from .cli import err, fail
        from .errors import SageonError
        from .store import open_store, resolve_url

        levels = ("critical", "error", "warning", "info", "debug", "trace")
        if log_level not in levels:
            fail(f"--log-level must be one of: {', '.join(levels)}; got {log_level!r}")
        url = resolve_url(db)
        try:
            open_store(url).close()  # fail now, on one line, rather than on the first request
        except SageonError as exc:
            fail(str(exc))
        writing = "on (SAGEON_API_TOKEN set)" if os.environ.get("SAGEON_API_TOKEN") else "off (read-only)"
        err.print(f"sageon: serving {url} on http://{host}:{port}/ (API docs /docs; writing {writing})", highlight=False)
        if workers > 1:
            os.environ["SAGEON_DB"] = url
            uvicorn.run("sageon.api.app:create_app", factory=True, host=host, port=port, workers=workers,
                        log_level=log_level, timeout_keep_alive=30)
        else:
            from .api import create_app

            uvicorn.run(create_app(url), host=host, port=port, log_level=log_level, timeout_keep_alive=30)
