"""Schema versions and the migrations between them.

A new store gets the current tables and ``schema_version`` = :data:`~.models.SCHEMA_VERSION`.
An older store is brought up to date by running, in order, each migration whose version is
above the store's; each runs in its own transaction and records its version.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Callable

from sqlalchemy import Connection, Engine, inspect, text

from ..errors import StoreError
from .models import SCHEMA_VERSION, build_metadata, metadata, schema_version

log = logging.getLogger(__name__)


def _v2_stories(conn: Connection) -> None:
    """v2: story-level dedup (events.story_id, events.story_count) and the dyad index."""
    conn.execute(text("ALTER TABLE events ADD COLUMN story_id INTEGER"))
    conn.execute(text("ALTER TABLE events ADD COLUMN story_count INTEGER NOT NULL DEFAULT 1"))
    conn.execute(text("DROP INDEX IF EXISTS ix_events_source"))
    ev = metadata.tables["events"]
    for idx in ev.indexes:
        if idx.name in ("ix_events_story", "ix_events_dedup", "ix_events_dyad"):
            idx.create(conn)
    conn.execute(text("UPDATE events SET story_id = id, story_count = 1"))
    from .dedup import dedup_all

    dedup_all(conn)


# (version it brings the store to, function); ordered.
MIGRATIONS: list[tuple[int, Callable[[Connection], None]]] = [
    (2, _v2_stories),
]


def current_version(conn: Connection) -> int | None:
    """The store's schema version; ``None`` for an empty database."""
    if not inspect(conn).has_table("schema_version"):
        return None
    v = conn.execute(text("SELECT max(version) FROM schema_version")).scalar()
    return int(v) if v is not None else None


def ensure_schema(engine: Engine) -> int:
    """Create the tables in an empty database, or migrate an older one; returns the version."""
    with engine.begin() as conn:
        version = current_version(conn)
        if version is None:
            if inspect(conn).has_table("articles"):
                raise StoreError("database has sageon tables but no schema_version; not a sageon store, or damaged")
            metadata.create_all(conn)
            conn.execute(schema_version.insert().values(version=SCHEMA_VERSION, applied=dt.datetime.now()))
            return SCHEMA_VERSION
    if version > SCHEMA_VERSION:
        raise StoreError(f"store schema version {version} is newer than this sageon ({SCHEMA_VERSION}); upgrade sageon")
    for target, func in MIGRATIONS:
        if target <= version:
            continue
        log.info("migrating store to schema version %d (%s)", target, func.__doc__)
        with engine.begin() as conn:
            func(conn)
            conn.execute(schema_version.insert().values(version=target, applied=dt.datetime.now()))
        version = target
    return version


def create_v1(engine: Engine) -> None:
    """Create an empty store as schema version 1 made it (for migration tests)."""
    with engine.begin() as conn:
        build_metadata(1).create_all(conn)
        conn.execute(schema_version.insert().values(version=1, applied=dt.datetime.now()))
