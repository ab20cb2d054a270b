"""sageon: Korean news → political event data (events, quotes, actors, dates), every output with its evidence.

Front door::

    import sageon
    doc = sageon.extract(text, published="2025-10-28")
    for ev in doc.events:
        print(ev.type, ev.source.country, ev.target and ev.target.country, ev.modality, ev.text)
"""

from __future__ import annotations

import logging

from .schema import Actor, Document, Event, Mention, Quote, TimeExpression

__version__ = "0.1.0"
__all__ = ["extract", "extract_events", "Document", "Event", "Quote", "Mention", "Actor", "TimeExpression", "__version__"]

logging.getLogger(__name__).addHandler(logging.NullHandler())


def extract(text_or_doc, *, published=None, title=None, **meta) -> Document:
    """Run the full pipeline on one article (a string, or a :class:`Document` from a reader)."""
    from .pipeline import default_pipeline

    return default_pipeline()(text_or_doc, published=published, title=title, **meta)


def extract_events(text, *, published=None, **meta) -> list[Event]:
    return extract(text, published=published, **meta).events
