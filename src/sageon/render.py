"""A readable summary of one extracted document for a person (``--format table``)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from .schema import Document


def _p(p) -> str:
    if p is None:
        return "—"
    c = f" ({p.country})" if p.country else ""
    return f"{p.text}{c}"


def print_document(doc: Document, console: Console | None = None) -> None:
    con = console or Console()
    con.rule(f"[bold]{doc.title or doc.id or ''}[/bold]")
    meta = [f"published {doc.published}" if doc.published else None, doc.outlet, doc.author]
    con.print(" · ".join(m for m in meta if m), highlight=False)
    if doc.skip_reason:
        con.print(f"[yellow]skipped: {doc.skip_reason}[/yellow]")
    t = Table(title=f"Events ({len(doc.events)})", show_lines=False, expand=True)
    for c in ("type", "source", "target", "modality", "date", "place", "evidence"):
        t.add_column(c, overflow="fold")
    for e in doc.events:
        date = e.date.value + (f"..{e.date.end_value}" if e.date and e.date.end_value else "") if e.date else "—"
        t.add_row(e.type, _p(e.source), _p(e.target), e.modality, date, e.location or "—", e.text)
    con.print(t)
    q = Table(title=f"Quotes ({len(doc.quotes)})", expand=True)
    for c in ("speaker", "direct", "text"):
        q.add_column(c, overflow="fold")
    for x in doc.quotes:
        q.add_row(_p(x.speaker), "yes" if x.direct else "no", x.text)
    con.print(q)
    a = Table(title=f"Actors ({len(doc.actors)})", expand=True)
    for c in ("name", "type", "country", "sector", "role"):
        a.add_column(c)
    for x in doc.actors:
        a.add_row(x.name_ko, x.type, x.country or "—", x.sector or "—", x.role or "—")
    con.print(a)
