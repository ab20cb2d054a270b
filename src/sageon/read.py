"""Readers (placeholder: being replaced by the full reader)."""
from __future__ import annotations
import datetime as dt
from .schema import Document


def read_text(text: str, *, title: str | None = None, published: dt.date | None = None, **meta) -> Document:
    if title:
        full = title + "\n" + text
    else:
        full = text
        title = text.split("\n", 1)[0] if "\n" in text else None
    known = {k: meta.pop(k) for k in ("id", "outlet", "url", "author", "source") if k in meta}
    return Document(text=full, title=title, published=published, meta=meta, **known)
