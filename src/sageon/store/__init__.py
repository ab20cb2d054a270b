"""The corpus store: articles with every extracted layer, in SQLite (default) or PostgreSQL.

    from sageon.store import open_store
    st = open_store("sqlite:///news.db")          # or postgresql+psycopg://user@host/db
    st.ingest(["news.jsonl.gz"], workers=2)
    st.dyad_df("PRK", "RUS", by="month")

``open_store(None)`` uses ``$SAGEON_DB``, else ``sqlite:///sageon.db`` in the current directory.
All reads go through :mod:`sageon.store.query`, the one query layer the CLI and the REST API share.
"""

from __future__ import annotations

import os
from typing import Any, Iterable

from ..errors import ConfigError, StoreError
from ..schema import Document
from . import query as _q

DEFAULT_URL = "sqlite:///sageon.db"

__all__ = ["open_store", "Store", "resolve_url", "DEFAULT_URL"]


def resolve_url(url: str | None = None) -> str:
    """``url``, else ``$SAGEON_DB``, else ``sqlite:///sageon.db``; a bare file path means SQLite."""
    url = url or os.environ.get("SAGEON_DB") or DEFAULT_URL
    if "://" not in url:
        url = f"sqlite:///{url}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _make_engine(url: str):
    from sqlalchemy import create_engine, event
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        if url.startswith("sqlite"):
            engine = create_engine(url, connect_args={"timeout": 60})

            @event.listens_for(engine, "connect")
            def _pragmas(dbapi_conn, _rec):  # fast and safe enough: WAL survives kill -9 with NORMAL sync
                cur = dbapi_conn.cursor()
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
                cur.execute("PRAGMA cache_size=-65536")
                cur.execute("PRAGMA temp_store=MEMORY")
                cur.close()
        else:
            engine = create_engine(url, pool_pre_ping=True)
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise StoreError(f"bad database URL {url!r} ({exc}); use sqlite:///file.db or "
                         "postgresql+psycopg://user@host:5432/db") from None
    return engine


class Store:
    """An open store. Methods return plain dicts/lists; ``*_df`` return pandas DataFrames."""

    def __init__(self, url: str):
        from sqlalchemy.exc import SQLAlchemyError

        from .migrations import ensure_schema

        self.url = url
        self.engine = _make_engine(url)
        try:
            self.schema_version = ensure_schema(self.engine)
        except SQLAlchemyError as exc:
            self.engine.dispose()
            raise StoreError(f"cannot open store {self._safe_url()}: {str(exc).splitlines()[0]}") from None

    def __repr__(self) -> str:
        return f"Store({self._safe_url()!r}, schema_version={self.schema_version})"

    def _safe_url(self) -> str:
        try:
            return self.engine.url.render_as_string(hide_password=True)
        except Exception:  # noqa: BLE001
            return self.url

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    # -- writing ---------------------------------------------------------------------------------

    def add_documents(self, docs: Iterable[Document], *, batch: int = 200) -> dict:
        """Store extracted documents (idempotent: known URL or text → skipped). {'stored','skipped'}."""
        from .ingest import write_documents

        out = {"stored": 0, "skipped": 0}
        chunk: list[Document] = []

        def flush():
            if chunk:
                with self.engine.begin() as conn:
                    s, k = write_documents(conn, chunk)
                out["stored"] += s
                out["skipped"] += k
                chunk.clear()

        for d in docs:
            chunk.append(d)
            if len(chunk) >= batch:
                flush()
        flush()
        return out

    def ingest(self, paths: list[str], *, workers: int = 1, batch: int = 200, progress: bool = True,
               on_error=None) -> dict:
        """Read, extract and store files, folders or URLs. {'stored','skipped','failed','run_id'}."""
        from .ingest import run_ingest

        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        return run_ingest(self.engine, [str(p) for p in paths], workers=_workers(workers), batch=batch,
                          progress=progress, on_error=on_error)

    def reextract(self, *, workers: int = 1, batch: int = 200, progress: bool = True, on_error=None,
                  article_ids: list[int] | None = None) -> dict:
        """Re-run extraction on stored texts, replacing each article's layers atomically."""
        from .ingest import run_reextract

        return run_reextract(self.engine, workers=_workers(workers), batch=batch, progress=progress,
                             on_error=on_error, article_ids=article_ids)

    def dedup(self) -> dict:
        """Recompute all stories from scratch. {'events', 'stories'}."""
        from .dedup import dedup_all

        with self.engine.begin() as conn:
            return dedup_all(conn)

    def errors(self, *, run_id: int | None = None, limit: int = 100) -> list[dict]:
        from sqlalchemy import select

        from .models import ingest_errors as IE

        q = select(IE).order_by(IE.c.id.desc()).limit(_q.check_limit(limit))
        if run_id is not None:
            q = q.where(IE.c.run_id == run_id)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]

    def runs(self, *, limit: int = 20) -> list[dict]:
        from sqlalchemy import select

        from .models import ingest_runs as R

        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(select(R).order_by(R.c.id.desc()).limit(limit)).mappings()]

    # -- reading ---------------------------------------------------------------------------------

    def _read(self, fn, *args, **kw):
        with self.engine.connect() as conn:
            return fn(conn, *args, **kw)

    def article(self, article_id: int) -> dict | None:
        return self._read(_q.article, article_id)

    def articles(self, **kw) -> tuple[list[dict], int]:
        return self._read(_q.articles, **kw)

    def events(self, **kw) -> tuple[list[dict], int]:
        return self._read(_q.events, **kw)

    def quotes(self, **kw) -> tuple[list[dict], int]:
        return self._read(_q.quotes, **kw)

    def actors(self, **kw) -> tuple[list[dict], int]:
        return self._read(_q.actors, **kw)

    def actor(self, key: str) -> dict | None:
        return self._read(_q.actor, key)

    def dyad(self, a: str, b: str, **kw) -> list[dict]:
        return self._read(_q.dyad, a, b, **kw)

    def tilt(self, country: str, between, **kw) -> list[dict]:
        return self._read(_q.tilt, country, between, **kw)

    def overview(self) -> dict:
        return self._read(_q.overview)

    def network(self, **kw) -> dict:
        return self._read(_q.network, **kw)

    def search(self, q: str, **kw) -> dict:
        return self._read(_q.search, q, **kw)

    # -- pandas ----------------------------------------------------------------------------------

    def events_df(self, **filters):
        """Events as a DataFrame (all matching rows unless ``limit`` is given)."""
        import pandas as pd

        filters.setdefault("limit", None)
        return pd.DataFrame(self.events(count=False, **filters)[0], columns=_EVENT_COLUMNS)

    def quotes_df(self, **filters):
        import pandas as pd

        filters.setdefault("limit", None)
        return pd.DataFrame(self.quotes(**filters)[0])

    def actors_df(self, **filters):
        import pandas as pd

        filters.setdefault("limit", None)
        return pd.DataFrame(self.actors(**filters)[0])

    def dyad_df(self, a: str, b: str, **kw):
        import pandas as pd

        return pd.DataFrame(self.dyad(a, b, **kw), columns=["period", "direction", "q1", "q2", "q3", "q4", "events",
                                                             "intensity_mean", "intensity_sum"])

    def tilt_df(self, country: str, between, **kw):
        import pandas as pd

        return pd.DataFrame(self.tilt(country, between, **kw),
                            columns=["period", "partner", "coop", "conflict", "net", "intensity_sum"])


_EVENT_COLUMNS = [
    "id", "article_id", "article_title", "url", "outlet", "published", "date", "date_value", "date_precision", "type",
    "modality", "quad_class", "intensity", "cameo", "confidence", "source_country", "source_text", "source_actor_id",
    "source_sector", "target_country", "target_text", "target_actor_id", "target_sector", "location", "evidence",
    "trigger", "mode", "context", "start", "end", "rule", "version", "story_id", "story_count",
]


def _workers(n: Any) -> int:
    try:
        n = int(n)
    except (TypeError, ValueError):
        raise ConfigError(f"workers must be a whole number ≥ 1; got {n!r}") from None
    if n < 1:
        raise ConfigError(f"workers must be a whole number ≥ 1; got {n}")
    return n


def open_store(url: str | None = None) -> Store:
    """Open (creating or migrating) the store at ``url``; see :func:`resolve_url`."""
    return Store(resolve_url(url))
