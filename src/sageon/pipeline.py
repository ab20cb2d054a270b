"""The pipeline: named stages, each ``Document -> Document`` adding one layer.

Stages declare what they ``requires`` and ``assigns``; the pipeline checks the order when it is
built. A failing stage raises :class:`~sageon.errors.PipelineError` naming the stage and document;
:func:`extract_many` logs it and goes on with the next document.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable, Iterator

from .errors import PipelineError, SageonError
from .schema import Document

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Stage:
    name: str  # carries a version: "sageon.actors.v1"
    func: Callable[[Document], Document | None]
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()


def _stages() -> list[Stage]:
    # Imported here so that importing sageon stays cheap (no Kiwi, no tables at import).
    from . import actors, events, quotes, segment, timex

    return [
        Stage("sageon.segment.v1", segment.segment, ("text",), ("paragraphs", "sentences", "tokens")),
        Stage("sageon.actors.v1", actors.find_actors, ("sentences", "tokens"), ("mentions",)),
        Stage("sageon.times.v1", timex.find_times_in_doc, ("sentences",), ("times",)),
        Stage("sageon.quotes.v1", quotes.find_quotes, ("sentences", "mentions"), ("quotes",)),
        Stage("sageon.events.v1", events.find_events, ("sentences", "tokens", "mentions", "times", "quotes"), ("events",)),
    ]


class Pipeline:
    """Runs stages in order on a document."""

    def __init__(self, stages: list[Stage]):
        have = {"text"}
        for st in stages:
            missing = [r for r in st.requires if r not in have]
            if missing:
                raise PipelineError(f"stage {st.name} requires {missing}, which no earlier stage assigns")
            have.update(st.assigns)
        self.stages = stages

    def __repr__(self) -> str:
        return f"Pipeline({[s.name for s in self.stages]})"

    def __call__(self, text_or_doc: str | Document, *, published=None, title=None, **meta) -> Document:
        doc = make_document(text_or_doc, published=published, title=title, **meta)
        for st in self.stages:
            try:
                out = st.func(doc)
            except SageonError:
                raise
            except Exception as exc:  # noqa: BLE001 - every stage failure is reported with its stage name
                raise PipelineError(f"stage {st.name} failed: {type(exc).__name__}: {exc}", source=doc.id or doc.source) from exc
            if out is not None:
                doc = out
            doc.versions[st.name.rsplit(".", 1)[0]] = st.name
        return doc


def make_document(text_or_doc: str | Document, *, published=None, title=None, **meta) -> Document:
    """A Document from a string (title line handled by the reader) or a Document passed through."""
    if isinstance(text_or_doc, Document):
        doc = text_or_doc
        if published is not None:
            doc.published = _as_date(published)
        return doc
    from .read import read_text

    return read_text(text_or_doc, title=title, published=_as_date(published), **meta)


def _as_date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        from .errors import ConfigError

        raise ConfigError(f"published must be a date like 2025-10-28; got {value!r}") from None


@lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    return Pipeline(_stages())


@dataclass
class Failure:
    """A document that could not be processed: where it came from and why."""

    id: str | None
    source: str | None
    reason: str


def extract_many(docs: Iterable[Document | Failure], *, pipeline: Pipeline | None = None) -> Iterator[Document | Failure]:
    """Extract every document; a failing one is logged and yielded as a :class:`Failure`."""
    pipe = pipeline or default_pipeline()
    for doc in docs:
        if isinstance(doc, Failure):
            yield doc
            continue
        try:
            yield pipe(doc)
        except SageonError as exc:
            log.warning("%s: %s", doc.id or doc.source, exc)
            yield Failure(doc.id, doc.source, str(exc))
