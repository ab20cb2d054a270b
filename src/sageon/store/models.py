"""The store's tables (SQLAlchemy Core), for SQLite and PostgreSQL alike.

Every layer row keeps the ``start``/``end`` offsets into ``articles.text``, so
``articles.text[start:end] == row.text`` holds for mentions, times, quotes and events.

:func:`build_metadata` builds the tables as they were at a given schema version: the current
version is what a new store gets; older versions exist so the migrations can be tested against a
store made the old way (``build_metadata(1).create_all(engine)``).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean, Column, Date, DateTime, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text,
    UniqueConstraint,
)

SCHEMA_VERSION = 2


def build_metadata(version: int = SCHEMA_VERSION) -> MetaData:
    """Tables as of schema ``version`` (1 = first release; 2 = stories + dyad index)."""
    md = MetaData()
    Table(
        "schema_version", md,
        Column("version", Integer, primary_key=True),
        Column("applied", DateTime, nullable=True),
    )
    Table(
        "ingest_runs", md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("started", DateTime),
        Column("finished", DateTime, nullable=True),
        Column("command", String(32)),
        Column("paths", Text),
        Column("status", String(16)),  # running | done | failed
        Column("stored", Integer, default=0),
        Column("skipped", Integer, default=0),
        Column("failed", Integer, default=0),
        Column("versions", Text, nullable=True),
    )
    Table(
        "ingest_errors", md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("run_id", Integer, ForeignKey("ingest_runs.id"), index=True),
        Column("doc_id", String(200), nullable=True),
        Column("source", Text, nullable=True),
        Column("reason", Text),
        Column("created", DateTime),
    )
    Table(
        "articles", md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("content_hash", String(64), nullable=False),
        Column("doc_id", String(200), nullable=True),
        Column("source", Text, nullable=True),
        Column("outlet", String(200), nullable=True),
        Column("url", String(1000), nullable=True),
        Column("author", String(500), nullable=True),
        Column("published", Date, nullable=True),
        Column("title", Text, nullable=True),
        Column("text", Text, nullable=False),
        Column("meta", Text, nullable=True),  # JSON
        Column("layers", Text, nullable=True),  # JSON of extra layers (sentences, boilerplate), optional
        Column("skip_reason", Text, nullable=True),
        Column("versions", Text, nullable=True),  # JSON {stage: versioned name}
        Column("run_id", Integer, nullable=True),
        Column("extracted", DateTime, nullable=True),
        UniqueConstraint("content_hash", name="uq_articles_hash"),
        UniqueConstraint("url", name="uq_articles_url"),
        Index("ix_articles_published", "published"),
        Index("ix_articles_outlet", "outlet"),
    )
    Table(
        "actors", md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("key", String(300), nullable=False),  # KB id, or "name_ko|country" for an actor with no KB id
        Column("actor_id", String(200), nullable=True),
        Column("name_ko", String(300)),
        Column("name_en", String(300), nullable=True),
        Column("type", String(16), nullable=True),
        Column("country", String(16), nullable=True),
        Column("sector", String(16), nullable=True),
        Column("role", String(200), nullable=True),
        UniqueConstraint("key", name="uq_actors_key"),
        Index("ix_actors_country", "country"),
    )
    Table(
        "mentions", md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
        Column("start", Integer), Column("end", Integer), Column("text", Text),
        Column("sentence", Integer),
        Column("actor_key", String(300), nullable=True),
        Column("kind", String(32)),
        Column("particle", String(16), nullable=True),
        Column("head", Integer, nullable=True),
        Column("compound", String(100), nullable=True),
        Column("rule", String(100), nullable=True),
        Index("ix_mentions_article", "article_id"),
        Index("ix_mentions_actor", "actor_key"),
    )
    Table(
        "times", md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
        Column("start", Integer), Column("end", Integer), Column("text", Text),
        Column("sentence", Integer),
        Column("value", String(10), nullable=True),
        Column("precision", String(8), nullable=True),
        Column("kind", String(16)),
        Column("end_value", String(10), nullable=True),
        Column("local_time", Boolean, default=False),
        Column("rule", String(100), nullable=True),
        Index("ix_times_article", "article_id"),
    )
    Table(
        "quotes", md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
        Column("start", Integer), Column("end", Integer), Column("text", Text),
        Column("sentence", Integer),
        Column("direct", Boolean),
        Column("speaker_text", Text, nullable=True),
        Column("speaker_country", String(16), nullable=True),
        Column("speaker_actor_id", String(200), nullable=True),
        Column("speaker", Text, nullable=True),  # JSON Participant
        Column("medium", Text, nullable=True),  # JSON Participant
        Column("verb", String(100), nullable=True),
        Column("rule", String(100), nullable=True),
        Index("ix_quotes_article", "article_id"),
        Index("ix_quotes_speaker_country", "speaker_country"),
    )
    ev_cols = [
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
        Column("start", Integer), Column("end", Integer), Column("text", Text),
        Column("sentence", Integer),
        Column("type", String(16)),
        Column("modality", String(16)),
        Column("trigger", String(200), nullable=True),
        Column("mode", String(64), nullable=True),
        Column("context", String(200), nullable=True),
        Column("source_text", Text, nullable=True),
        Column("source_country", String(16), nullable=True),
        Column("source_actor_id", String(200), nullable=True),
        Column("source_sector", String(16), nullable=True),
        Column("source", Text, nullable=True),  # JSON Participant
        Column("target_text", Text, nullable=True),
        Column("target_country", String(16), nullable=True),
        Column("target_actor_id", String(200), nullable=True),
        Column("target_sector", String(16), nullable=True),
        Column("target", Text, nullable=True),  # JSON Participant
        Column("date_value", String(10), nullable=True),
        Column("date_precision", String(8), nullable=True),
        Column("date_end", String(10), nullable=True),
        Column("date_source", String(200), nullable=True),
        # The date events are counted by: the event's day, else the article's publication date.
        Column("edate", String(10), nullable=True),
        Column("published", String(10), nullable=True),
        Column("location", String(200), nullable=True),
        Column("intensity", Float, default=0.0),
        Column("cameo", String(8), nullable=True),
        Column("quad_class", Integer, nullable=True),
        Column("confidence", Float, default=0.5),
        Column("quote", Integer, nullable=True),
        Column("rule", String(200), nullable=True),
        Column("version", String(100), nullable=True),
        Index("ix_events_article", "article_id"),
        Index("ix_events_type", "type"),
        Index("ix_events_edate", "edate"),
        Index("ix_events_target", "target_country", "edate"),
    ]
    if version >= 2:
        ev_cols += [
            # story_id = id of the story's first report; story_count = reports, on that row only (0 elsewhere).
            Column("story_id", Integer, nullable=True),
            Column("story_count", Integer, nullable=False, server_default="1"),
            Index("ix_events_story", "story_id"),
            Index("ix_events_dedup", "source_country", "target_country", "type", "edate"),
            # Covering index for the dyad query: everything it reads is in the index.
            Index("ix_events_dyad", "source_country", "target_country", "edate", "quad_class", "story_count",
                  "modality", "intensity"),
        ]
    else:
        ev_cols += [Index("ix_events_source", "source_country", "edate")]
    Table("events", md, *ev_cols)
    return md


metadata = build_metadata()
articles = metadata.tables["articles"]
actors = metadata.tables["actors"]
mentions = metadata.tables["mentions"]
times = metadata.tables["times"]
quotes = metadata.tables["quotes"]
events = metadata.tables["events"]
ingest_runs = metadata.tables["ingest_runs"]
ingest_errors = metadata.tables["ingest_errors"]
schema_version = metadata.tables["schema_version"]

LAYER_TABLES = (mentions, times, quotes, events)
