"""REST API and web dashboard over a sageon store: ``create_app(db_url)`` → FastAPI app.

``sageon serve`` runs it with uvicorn. See ``docs/api.md``.
"""

from .app import create_app

__all__ = ["create_app"]
