"""Store commands: ingest, reextract, dedup, events, quotes, actors, dyad, tilt, export.

Every command takes ``--db URL`` (default ``$SAGEON_DB``, else ``sqlite:///sageon.db``). Data goes
to stdout (rich table, CSV or JSONL), progress and messages to stderr.
"""

from __future__ import annotations

import csv
import json
import sys
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

DB_HELP = "Database URL: sqlite:///file.db or postgresql+psycopg://user@host:5432/db (default: $SAGEON_DB, else sqlite:///sageon.db)."
FORMATS = ("table", "csv", "jsonl")

err = Console(stderr=True)


def _open(db: str | None):
    from .store import open_store

    return open_store(db)


def _check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise typer.BadParameter(f"must be one of: {', '.join(FORMATS)}; got {fmt!r}", param_hint="--format")
    return fmt


def _print_rows(rows: list[dict], columns: list[str], fmt: str, *, title: str | None = None) -> None:
    if fmt == "jsonl":
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")
        return
    if fmt == "csv":
        w = csv.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow(r)
        return
    t = Table(title=title, show_lines=False)
    for c in columns:
        t.add_column(c, overflow="fold", justify="right" if rows and isinstance(rows[0].get(c), (int, float)) else "left")
    for r in rows:
        t.add_row(*("" if r.get(c) is None else (f"{r[c]:.2f}" if isinstance(r[c], float) else str(r[c])) for c in columns))
    # Piped output is not cut to 80 columns: tables are data here.
    Console(width=None if sys.stdout.isatty() else 220).print(t)


def _print_failure(f) -> None:
    err.print(f"[yellow]skipped[/yellow] {f.id or f.source or '?'}: {f.reason}", highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    @app.command()
    def ingest(
        paths: list[str] = typer.Argument(..., help="Files (.txt .html .jsonl[.gz] .csv[.gz] .json .rss .xml), folders or http(s) URLs."),
        db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
        jobs: int = typer.Option(1, "-j", "--jobs", help="Extractor processes."),
        batch: int = typer.Option(200, "--batch", help="Articles per transaction."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    ) -> None:
        """Read, extract and store articles (idempotent and resumable)."""
        st = _open(db)
        try:
            res = st.ingest(paths, workers=jobs, batch=batch, progress=not quiet,
                            on_error=_print_failure)
        finally:
            st.close()
        err.print(f"run {res['run_id']}: stored {res['stored']}, skipped {res['skipped']} (already stored), "
                  f"failed {res['failed']}", highlight=False)

    @app.command()
    def reextract(
        db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
        jobs: int = typer.Option(1, "-j", "--jobs", help="Extractor processes."),
        batch: int = typer.Option(200, "--batch", help="Articles per transaction."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    ) -> None:
        """Re-run extraction over stored article texts, replacing their layers."""
        st = _open(db)
        try:
            res = st.reextract(workers=jobs, batch=batch, progress=not quiet, on_error=_print_failure)
        finally:
            st.close()
        err.print(f"re-extracted {res['reextracted']}, failed {res['failed']}", highlight=False)

    @app.command()
    def dedup(db: Optional[str] = typer.Option(None, "--db", help=DB_HELP)) -> None:
        """Recompute story-level dedup over all stored events."""
        st = _open(db)
        try:
            res = st.dedup()
        finally:
            st.close()
        err.print(f"{res['events']} events → {res['stories']} stories", highlight=False)

    @app.command()
    def events(
        db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
        actor: Optional[str] = typer.Option(None, "--actor", help="Actor id or name (source or target)."),
        country: Optional[str] = typer.Option(None, "--country", help="Source or target country, e.g. PRK."),
        source: Optional[str] = typer.Option(None, "--source", help="Source country."),
        target: Optional[str] = typer.Option(None, "--target", help="Target country."),
        type: Optional[str] = typer.Option(None, "--type", help="PLOVER type(s), comma-separated."),
        modality: Optional[str] = typer.Option(None, "--modality", help="asserted, negated, intended, scheduled, hypothetical."),
        since: Optional[str] = typer.Option(None, "--since", help="From date (2025-12-24, 2025-12)."),
        until: Optional[str] = typer.Option(None, "--until", help="To date, inclusive."),
        text: Optional[str] = typer.Option(None, "--text", help="Evidence contains."),
        stories: bool = typer.Option(False, "--stories", help="One row per story (its first report)."),
        limit: int = typer.Option(50, "--limit", help="Rows to show."),
        fmt: str = typer.Option("table", "--format", help="table, csv or jsonl."),
    ) -> None:
        """List stored events."""
        fmt = _check_format(fmt)
        st = _open(db)
        try:
            rows, total = st.events(actor=actor, country=country, source=source, target=target, type=type,
                                    modality=modality, since=since, until=until, text=text, story=stories, limit=limit)
        finally:
            st.close()
        cols = ["id", "date", "type", "modality", "source_country", "source_text", "target_country", "target_text",
                "quad_class", "intensity", "story_count", "evidence"] if fmt == "table" else list(rows[0]) if rows else ["id"]
        _print_rows(rows, cols, fmt, title=f"events: {len(rows)} of {total}")

    @app.command()
    def quotes(
        db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
        actor: Optional[str] = typer.Option(None, "--actor", help="Speaker id or name."),
        country: Optional[str] = typer.Option(None, "--country", help="Speaker country."),
        since: Optional[str] = typer.Option(None, "--since", help="From date (2025-12-24, 2025-12, 2025)."),
        until: Optional[str] = typer.Option(None, "--until", help="To date, inclusive."),
        text: Optional[str] = typer.Option(None, "--text", help="Quote contains."),
        limit: int = typer.Option(50, "--limit", help="Rows to show."),
        fmt: str = typer.Option("table", "--format", help="table, csv or jsonl."),
    ) -> None:
        """List stored quotes."""
        fmt = _check_format(fmt)
        st = _open(db)
        try:
            rows, total = st.quotes(speaker=actor, country=country, since=since, until=until, text=text, limit=limit)
        finally:
            st.close()
        cols = ["id", "published", "speaker_text", "speaker_country", "direct", "text"] if fmt == "table" else (list(rows[0]) if rows else ["id"])
        _print_rows(rows, cols, fmt, title=f"quotes: {len(rows)} of {total}")

    @app.command()
    def actors(
        db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
        actor: Optional[str] = typer.Option(None, "--actor", help="Name or id contains."),
        country: Optional[str] = typer.Option(None, "--country", help="Country code, e.g. PRK."),
        type: Optional[str] = typer.Option(None, "--type", help="country, org or person."),
        limit: int = typer.Option(50, "--limit", help="Rows to show."),
        fmt: str = typer.Option("table", "--format", help="table, csv or jsonl."),
    ) -> None:
        """List stored actors with mention and event counts."""
        fmt = _check_format(fmt)
        st = _open(db)
        try:
            rows, total = st.actors(q=actor, country=country, type=type, limit=limit)
        finally:
            st.close()
        cols = ["key", "name_ko", "name_en", "type", "country", "sector", "mentions", "events"]
        _print_rows(rows, cols, fmt, title=f"actors: {len(rows)} of {total}")

    @app.command()
    def dyad(
        a: str = typer.Argument(..., help="Country code, e.g. PRK."),
        b: str = typer.Argument(..., help="Country code, e.g. RUS."),
        db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
        by: str = typer.Option("month", "--by", help="day, week, month or year."),
        since: Optional[str] = typer.Option(None, "--since", help="From date (2025-12-24, 2025-12, 2025)."),
        until: Optional[str] = typer.Option(None, "--until", help="To date, inclusive."),
        modality: Optional[str] = typer.Option(None, "--modality", help="Counted modalities (default: asserted,intended,scheduled; 'all')."),
        fmt: str = typer.Option("table", "--format", help="table, csv or jsonl."),
    ) -> None:
        """Stories between two countries per period and quad class, both directions."""
        fmt = _check_format(fmt)
        st = _open(db)
        try:
            rows = st.dyad(a, b, by=by, since=since, until=until, modality=modality)
        finally:
            st.close()
        A, B = a.upper(), b.upper()
        for r in rows:
            r["direction"] = f"{A}>{B}" if r["direction"] == "A>B" else f"{B}>{A}"
        cols = ["period", "direction", "q1", "q2", "q3", "q4", "events", "intensity_mean", "intensity_sum"]
        _print_rows(rows, cols, fmt, title=f"{A}–{B} by {by} (q1 verbal coop, q2 material coop, q3 verbal conflict, q4 material conflict)")

    @app.command()
    def tilt(
        country: str = typer.Argument(..., help="Country code, e.g. PRK."),
        between: tuple[str, str] = typer.Option(..., "--between", help="Two partners, e.g. --between RUS USA."),
        db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
        by: str = typer.Option("month", "--by", help="day, week, month or year."),
        since: Optional[str] = typer.Option(None, "--since", help="From date (2025-12-24, 2025-12, 2025)."),
        until: Optional[str] = typer.Option(None, "--until", help="To date, inclusive."),
        modality: Optional[str] = typer.Option(None, "--modality", help="Counted modalities, comma-separated, or all."),
        fmt: str = typer.Option("table", "--format", help="table, csv or jsonl."),
    ) -> None:
        """Net cooperation of a country with two partners per period, and the difference (tilt)."""
        fmt = _check_format(fmt)
        st = _open(db)
        try:
            rows = st.tilt(country, between, by=by, since=since, until=until, modality=modality)
        finally:
            st.close()
        if fmt != "table":
            _print_rows(rows, ["period", "partner", "coop", "conflict", "net", "intensity_sum"], fmt)
            return
        p1, p2 = between[0].upper(), between[1].upper()
        wide: dict[str, dict] = {}
        for r in rows:
            w = wide.setdefault(r["period"], {"period": r["period"]})
            tag = {p1: p1, p2: p2, "tilt": "tilt"}[r["partner"]]
            w[f"{tag} coop"], w[f"{tag} conflict"], w[f"{tag} net"] = r["coop"], r["conflict"], r["net"]
            w[f"{tag} intensity"] = r["intensity_sum"]
        cols = ["period", f"{p1} coop", f"{p1} conflict", f"{p1} net", f"{p1} intensity",
                f"{p2} coop", f"{p2} conflict", f"{p2} net", f"{p2} intensity", "tilt net", "tilt intensity"]
        _print_rows(list(wide.values()), cols, fmt,
                    title=f"{country.upper()} between {p1} and {p2} by {by} (net = coop − conflict; tilt = {p1} − {p2})")

    @app.command()
    def export(
        out_path: str = typer.Argument(..., metavar="OUT", help="Output file."),
        fmt: str = typer.Option("jsonl", "--format", help="csv, jsonl, parquet, plover or gdelt."),
        db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
        country: Optional[str] = typer.Option(None, "--country", help="Country code, e.g. PRK."),
        type: Optional[str] = typer.Option(None, "--type", help="PLOVER type(s), comma-separated."),
        modality: Optional[str] = typer.Option(None, "--modality", help="Counted modalities, comma-separated, or all."),
        since: Optional[str] = typer.Option(None, "--since", help="From date (2025-12-24, 2025-12, 2025)."),
        until: Optional[str] = typer.Option(None, "--until", help="To date, inclusive."),
    ) -> None:
        """Export events as CSV, JSONL, Parquet, PLOVER JSONL or GDELT 2.0 TSV."""
        from .store.export import export as do_export

        st = _open(db)
        try:
            n = do_export(st, fmt, out_path, country=country, type=type, modality=modality, since=since, until=until)
        finally:
            st.close()
        err.print(f"wrote {n} rows to {out_path} ({fmt})", highlight=False)
