"""Ingest: read articles, extract them (in worker processes with ``workers > 1``), store them.

Guarantees:

* **idempotent**: an article already stored (same URL, or same content hash of its text) is
  skipped, before extraction; ``UNIQUE`` constraints back this up;
* **resumable**: each batch of articles is written with all its layers in one transaction, so a
  run killed at any moment leaves whole articles only, and the next run carries on;
* **bad records are skipped, not fatal**: each one is printed on stderr with its id and reason and
  stored in ``ingest_errors``.

Only the parent process writes to the database; workers each build their own pipeline.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import logging
import os
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict
from pathlib import Path
from typing import Callable, Iterable, Iterator

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from .. import plover
from ..errors import InputError, SageonError
from ..pipeline import Failure
from ..schema import Document
from . import dedup
from .models import actors as A
from .models import articles as T
from .models import events as E
from .models import ingest_errors, ingest_runs
from .models import mentions as M
from .models import quotes as Q
from .models import times as X

log = logging.getLogger(__name__)

FETCH_TIMEOUT = 30


# ---------------------------------------------------------------------------------------------
# Documents → rows


def content_hash(text: str) -> str:
    """SHA-256 of the article text with whitespace runs collapsed."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def actor_key(actor) -> str:
    return actor.id or f"{actor.name_ko}|{actor.country or ''}"


def _json(obj) -> str | None:
    if obj is None:
        return None
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=str)


def _participant(p) -> dict:
    return asdict(p) if p is not None else None


def article_row(doc: Document, *, run_id: int | None, h: str | None = None) -> dict:
    layers = {
        "boilerplate": [asdict(b) for b in doc.boilerplate],
        "paragraphs": [[p.start, p.end] for p in doc.paragraphs],
        "sentences": [asdict(s) for s in doc.sentences],
    }
    return {
        "content_hash": h or content_hash(doc.text),
        "doc_id": doc.id, "source": doc.source, "outlet": doc.outlet, "url": doc.url or None,
        "author": doc.author, "published": doc.published, "title": doc.title, "text": doc.text,
        "meta": _json(doc.meta or None), "layers": _json(layers), "skip_reason": doc.skip_reason,
        "versions": _json(doc.versions or None), "run_id": run_id, "extracted": dt.datetime.now(),
    }


def layer_rows(doc: Document, article_id: int) -> dict[str, list[dict]]:
    """Rows for mentions, times, quotes, events and actors of one extracted document."""
    pub = doc.published.isoformat() if doc.published else None
    out: dict[str, list[dict]] = {"mentions": [], "times": [], "quotes": [], "events": [], "actors": []}
    seen_actors: set[str] = set()
    for m in doc.mentions:
        key = actor_key(m.actor) if m.actor else None
        if m.actor and key not in seen_actors:
            seen_actors.add(key)
            a = m.actor
            out["actors"].append({"key": key, "actor_id": a.id, "name_ko": a.name_ko, "name_en": a.name_en,
                                  "type": a.type, "country": a.country, "sector": a.sector, "role": a.role})
        out["mentions"].append({"article_id": article_id, "start": m.start, "end": m.end, "text": m.text,
                                "sentence": m.sentence, "actor_key": key, "kind": m.kind, "particle": m.particle,
                                "head": m.head, "compound": m.compound, "rule": m.rule})
    for t in doc.times:
        out["times"].append({"article_id": article_id, "start": t.start, "end": t.end, "text": t.text,
                             "sentence": t.sentence, "value": t.value, "precision": t.precision, "kind": t.kind,
                             "end_value": t.end_value, "local_time": bool(t.local_time), "rule": t.rule})
    for q in doc.quotes:
        sp = q.speaker
        out["quotes"].append({"article_id": article_id, "start": q.start, "end": q.end, "text": q.text,
                              "sentence": q.sentence, "direct": bool(q.direct),
                              "speaker_text": sp.text if sp else None, "speaker_country": sp.country if sp else None,
                              "speaker_actor_id": sp.actor_id if sp else None,
                              "speaker": _json(_participant(sp)), "medium": _json(_participant(q.medium)),
                              "verb": q.verb, "rule": q.rule})
    for e in doc.events:
        d = e.date
        precision = d.precision if d else None
        value = d.value if d else None
        edate = value if (precision == "day" and value) else pub
        s, t = e.source, e.target
        out["events"].append({
            "article_id": article_id, "start": e.start, "end": e.end, "text": e.text, "sentence": e.sentence,
            "type": e.type, "modality": e.modality, "trigger": e.trigger, "mode": e.mode, "context": e.context,
            "source_text": s.text if s else None, "source_country": s.country if s else None,
            "source_actor_id": s.actor_id if s else None, "source_sector": s.sector if s else None,
            "source": _json(_participant(s)),
            "target_text": t.text if t else None, "target_country": t.country if t else None,
            "target_actor_id": t.actor_id if t else None, "target_sector": t.sector if t else None,
            "target": _json(_participant(t)),
            "date_value": value, "date_precision": precision, "date_end": d.end_value if d else None,
            "date_source": d.source if d else None, "edate": edate, "published": pub,
            "location": e.location, "intensity": float(e.intensity or 0.0),
            "cameo": e.cameo or plover.cameo_root(e.type),
            "quad_class": e.quad_class or plover.quad_class(e.type),
            "confidence": e.confidence, "quote": e.quote, "rule": e.rule, "version": e.version,
            "story_id": None, "story_count": 0,
        })
    return out


def _upsert_actors(conn: Connection, rows: list[dict]) -> None:
    if not rows:
        return
    uniq = {r["key"]: r for r in rows}
    keys = list(uniq)
    have: set[str] = set()
    for i in range(0, len(keys), 500):
        have.update(conn.execute(select(A.c.key).where(A.c.key.in_(keys[i:i + 500]))).scalars())
    new = [r for k, r in uniq.items() if k not in have]
    if new:
        conn.execute(insert(A), new)


def _insert_layers(conn: Connection, docs_ids: list[tuple[Document, int]]) -> None:
    acc: dict[str, list[dict]] = {"mentions": [], "times": [], "quotes": [], "events": [], "actors": []}
    for doc, aid in docs_ids:
        for k, v in layer_rows(doc, aid).items():
            acc[k].extend(v)
    _upsert_actors(conn, acc["actors"])
    for table, key in ((M, "mentions"), (X, "times"), (Q, "quotes")):
        if acc[key]:
            conn.execute(insert(table), acc[key])
    if acc["events"]:
        conn.execute(insert(E), acc["events"])
        dedup.assign_stories(conn, conn.execute(
            select(E.c.id).where(E.c.article_id.in_([aid for _, aid in docs_ids]), E.c.story_id.is_(None))
        ).scalars().all())


def write_documents(conn: Connection, docs: list[Document], *, run_id: int | None = None) -> tuple[int, int]:
    """Store extracted documents with all their layers in the caller's transaction.

    Documents already stored (by URL or content hash) are skipped. Returns (stored, skipped).
    """
    hashed = [(d, content_hash(d.text)) for d in docs]
    hashes = [h for _, h in hashed]
    urls = [d.url for d, _ in hashed if d.url]
    known_h: set[str] = set()
    known_u: set[str] = set()
    for i in range(0, len(hashes), 500):
        known_h.update(conn.execute(select(T.c.content_hash).where(T.c.content_hash.in_(hashes[i:i + 500]))).scalars())
    for i in range(0, len(urls), 500):
        known_u.update(conn.execute(select(T.c.url).where(T.c.url.in_(urls[i:i + 500]))).scalars())
    rows, keep = [], []
    for d, h in hashed:
        if h in known_h or (d.url and d.url in known_u):
            continue
        known_h.add(h)
        if d.url:
            known_u.add(d.url)
        rows.append(article_row(d, run_id=run_id, h=h))
        keep.append(d)
    if not rows:
        return 0, len(docs)
    ids = conn.execute(insert(T).returning(T.c.id, sort_by_parameter_order=True), rows).scalars().all()
    _insert_layers(conn, list(zip(keep, ids)))
    return len(rows), len(docs) - len(rows)


def replace_layers(conn: Connection, article_id: int, doc: Document) -> None:
    """Replace one article's layers with those of ``doc`` (re-extraction), in the caller's transaction."""
    dedup.release_stories(conn, [article_id])
    for table in (E, Q, X, M):
        conn.execute(delete(table).where(table.c.article_id == article_id))
    layers = {
        "boilerplate": [asdict(b) for b in doc.boilerplate],
        "paragraphs": [[p.start, p.end] for p in doc.paragraphs],
        "sentences": [asdict(s) for s in doc.sentences],
    }
    conn.execute(update(T).where(T.c.id == article_id).values(
        layers=_json(layers), versions=_json(doc.versions or None), skip_reason=doc.skip_reason,
        extracted=dt.datetime.now()))
    _insert_layers(conn, [(doc, article_id)])
    dedup.assign_stories(conn)  # reports of other articles whose story this article's event was


# ---------------------------------------------------------------------------------------------
# Reading


def _is_url(p: str) -> bool:
    return p.startswith(("http://", "https://"))


def fetch_url(url: str, *, timeout: float = FETCH_TIMEOUT) -> Path:
    """Download ``url`` into a temporary file whose suffix tells the reader its format."""
    req = urllib.request.Request(url, headers={"User-Agent": "sageon (+https://github.com/sageon)"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            data = resp.read()
            ctype = (resp.headers.get("Content-Type") or "").lower()
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise InputError(f"cannot fetch URL ({reason}); check the address and the network", source=url) from None
    name = url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1].lower()
    suffix = next((s for s in (".jsonl.gz", ".csv.gz", ".jsonl", ".csv", ".json", ".rss", ".xml", ".atom", ".html", ".htm", ".txt")
                   if name.endswith(s)), None)
    if suffix is None:
        if "xml" in ctype or "rss" in ctype or "atom" in ctype or data.lstrip()[:5] == b"<?xml":
            suffix = ".xml"
        elif "json" in ctype:
            suffix = ".json"
        elif "html" in ctype:
            suffix = ".html"
        else:
            suffix = ".txt"
    fd, tmp = tempfile.mkstemp(prefix="sageon-fetch-", suffix=suffix)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return Path(tmp)


def read_inputs(paths: Iterable[str]) -> Iterator[Document | Failure]:
    """Documents (or Failures) from files, directories and http(s) URLs, in order."""
    from ..read import read_path

    for p in paths:
        if not _is_url(p):
            yield from read_path(p)
            continue
        tmp = fetch_url(p)
        try:
            for d in read_path(tmp):
                # Name the URL, not the temporary file, in sources and errors.
                if d.source and str(tmp) in d.source:
                    d.source = d.source.replace(str(tmp), p)
                if isinstance(d, Document) and not d.url and tmp.suffix in (".html", ".htm", ".txt"):
                    d.url = p  # one page fetched: its address is the article's
                yield d
        finally:
            tmp.unlink(missing_ok=True)


def estimate_total(paths: Iterable[str]) -> int | None:
    """A quick count of records for the progress bar (lines of JSONL/CSV, files in folders)."""
    total = 0
    for p in paths:
        if _is_url(p):
            return None
        path = Path(p)
        if path.is_dir():
            total += sum(1 for f in path.rglob("*") if f.is_file())
            continue
        name = path.name.lower()
        if not path.exists():
            continue
        if name.endswith((".jsonl", ".jsonl.gz", ".csv", ".csv.gz")):
            opener = gzip.open if name.endswith(".gz") else open
            try:
                with opener(path, "rb") as fh:
                    n = sum(1 for line in fh if line.strip())
            except OSError:
                return None
            total += n - (1 if ".csv" in name else 0)
        elif name.endswith((".rss", ".xml", ".atom", ".json")):
            return None
        else:
            total += 1
    return total


# ---------------------------------------------------------------------------------------------
# Extraction (in this process or in workers)

_PIPE = None


def _init_worker() -> None:
    global _PIPE
    from ..pipeline import default_pipeline

    _PIPE = default_pipeline()


def extract_one(doc: Document | Failure) -> Document | Failure:
    """Run the pipeline on one document; a failure comes back as a :class:`Failure`."""
    if isinstance(doc, Failure):
        return doc
    if _PIPE is None:
        _init_worker()
    try:
        if not doc.text or not doc.text.strip():
            return Failure(doc.id, doc.source, "empty text")
        out = _PIPE(doc)
    except SageonError as exc:
        return Failure(doc.id, doc.source, str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad article must not stop the run
        return Failure(doc.id, doc.source, f"{type(exc).__name__}: {exc}")
    out.tokens = []  # large, not stored; don't ship them between processes
    return out


class _Throttle:
    """Bounds how many documents are in flight between the reader and the writer."""

    def __init__(self, n: int):
        self.sem = threading.Semaphore(n)

    def wrap(self, it: Iterable) -> Iterator:
        for x in it:
            self.sem.acquire()
            yield x

    def done(self) -> None:
        self.sem.release()


def _mapper(workers: int):
    """(map function, closer): in-process for 1 worker, a process pool otherwise."""
    if workers <= 1:
        return (lambda f, it: map(f, it)), (lambda: None)
    import multiprocessing as mp

    ctx = mp.get_context("forkserver" if sys.platform != "win32" else "spawn")
    pool = ctx.Pool(workers, initializer=_init_worker)

    def close():
        pool.terminate()
        pool.join()

    return (lambda f, it: pool.imap(f, it, chunksize=4)), close


def run_ingest(engine, paths: list[str], *, workers: int = 1, batch: int = 200,
               progress: bool = True, on_error: Callable[[Failure], None] | None = None) -> dict:
    """Read, extract and store; returns {'stored','skipped','failed','run_id'}."""
    from ..pipeline import default_pipeline

    if batch < 1:
        from ..errors import ConfigError

        raise ConfigError(f"batch must be ≥ 1; got {batch}")
    for p in paths:  # a missing input is a usage error: say so before starting
        if not _is_url(p) and str(p) != "-" and not Path(p).exists():
            raise InputError("no such file or directory", source=str(p))
    versions = [s.name for s in default_pipeline().stages]
    with engine.begin() as conn:
        run_id = conn.execute(insert(ingest_runs).returning(ingest_runs.c.id), [{
            "started": dt.datetime.now(), "command": "ingest", "paths": _json(list(paths)), "status": "running",
            "stored": 0, "skipped": 0, "failed": 0, "versions": _json(versions)}]).scalar_one()
        known_h = set(conn.execute(select(T.c.content_hash)).scalars())
        known_u = set(conn.execute(select(T.c.url).where(T.c.url.is_not(None))).scalars())
    counts = {"stored": 0, "skipped": 0, "failed": 0}  # written by this thread only
    known_skipped = [0]  # written by the reader (a pool's feeder thread with workers > 1) only

    def totals() -> dict:
        return {**counts, "skipped": counts["skipped"] + known_skipped[0]}

    def fresh(it):
        """Drop articles already stored (or seen earlier in this run) before extracting them."""
        for d in it:
            if isinstance(d, Document):
                h = content_hash(d.text)
                if h in known_h or (d.url and d.url in known_u):
                    known_skipped[0] += 1
                    bar.advance()
                    continue
                known_h.add(h)
                if d.url:
                    known_u.add(d.url)
            yield d

    bar = _Progress(progress, estimate_total(paths) if progress else None)
    throttle = _Throttle(max(4 * batch, 8 * workers))
    mapf, close = _mapper(workers)
    pending_docs: list[Document] = []
    pending_fail: list[Failure] = []

    def flush():
        if not pending_docs and not pending_fail:
            return
        for attempt in range(3):
            try:
                _write_batch()
                break
            except IntegrityError:
                # Another writer stored one of these articles between our check and our insert:
                # the transaction rolled back whole; the next attempt sees it and skips it.
                if attempt == 2:
                    raise
        pending_docs.clear()
        pending_fail.clear()

    def _write_batch() -> None:
        with engine.begin() as conn:
            stored, skipped = write_documents(conn, pending_docs, run_id=run_id) if pending_docs else (0, 0)
            if pending_fail:
                conn.execute(insert(ingest_errors), [
                    {"run_id": run_id, "doc_id": f.id, "source": f.source, "reason": f.reason,
                     "created": dt.datetime.now()} for f in pending_fail])
            counts["stored"] += stored
            counts["skipped"] += skipped
            counts["failed"] += len(pending_fail)
            conn.execute(update(ingest_runs).where(ingest_runs.c.id == run_id).values(**totals()))

    status = "failed"
    try:
        with bar:
            for out in mapf(extract_one, throttle.wrap(fresh(read_inputs(paths)))):
                throttle.done()
                if isinstance(out, Failure):
                    pending_fail.append(out)
                    if on_error:
                        on_error(out)
                else:
                    pending_docs.append(out)
                bar.advance()
                if len(pending_docs) + len(pending_fail) >= batch:
                    flush()
            flush()
        status = "done"
    finally:
        close()
        with engine.begin() as conn:
            conn.execute(update(ingest_runs).where(ingest_runs.c.id == run_id).values(
                finished=dt.datetime.now(), status=status, **totals()))
    return {**totals(), "run_id": run_id}


def run_reextract(engine, *, workers: int = 1, batch: int = 200, progress: bool = True,
                  on_error: Callable[[Failure], None] | None = None, article_ids: list[int] | None = None) -> dict:
    """Re-run extraction over stored article texts; each article's layers are replaced atomically."""
    with engine.connect() as conn:
        q = select(T.c.id).order_by(T.c.id)
        if article_ids is not None:
            q = q.where(T.c.id.in_(article_ids))
        ids = conn.execute(q).scalars().all()
    counts = {"reextracted": 0, "failed": 0}
    bar = _Progress(progress, len(ids))

    def docs():
        for i in range(0, len(ids), batch):
            chunk = ids[i:i + batch]
            with engine.connect() as conn:
                rows = conn.execute(select(T).where(T.c.id.in_(chunk)).order_by(T.c.id)).mappings().all()
            for r in rows:
                d = Document(text=r["text"], id=r["doc_id"], title=r["title"], published=r["published"],
                             outlet=r["outlet"], url=r["url"], author=r["author"], source=r["source"],
                             meta=json.loads(r["meta"]) if r["meta"] else {})
                d.meta["_article_id"] = r["id"]
                yield d

    throttle = _Throttle(max(4 * batch, 16))
    mapf, close = _mapper(workers)
    pending: list[Document] = []

    def flush():
        if not pending:
            return
        with engine.begin() as conn:
            for d in pending:
                aid = d.meta.pop("_article_id")
                replace_layers(conn, aid, d)
        counts["reextracted"] += len(pending)
        pending.clear()

    try:
        with bar:
            for out in mapf(extract_one, throttle.wrap(docs())):
                throttle.done()
                bar.advance()
                if isinstance(out, Failure):
                    counts["failed"] += 1
                    if on_error:
                        on_error(out)
                    continue
                pending.append(out)
                if len(pending) >= batch:
                    flush()
            flush()
    finally:
        close()
    with engine.begin() as conn:
        dedup.assign_stories(conn)  # reports orphaned by replaced stories
    return counts


class _Progress:
    """A rich progress bar on stderr with count, rate and ETA (or nothing when disabled)."""

    def __init__(self, enabled: bool, total: int | None):
        self.enabled = enabled
        self.total = total
        self.p = None
        self.lock = threading.Lock()  # the reader thread advances it too (skipped articles)

    def __enter__(self):
        if self.enabled:
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                       TimeRemainingColumn)

            self.p = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                              TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"),
                              TimeRemainingColumn(), console=Console(stderr=True), transient=False)
            self.p.__enter__()
            self.task = self.p.add_task("articles", total=self.total, rate="")
            self.t0 = time.monotonic()
            self.n = 0
        return self

    def advance(self):
        if self.p is None:
            return
        with self.lock:
            self.n += 1
            if self.n % 10 == 0 or self.n == self.total:
                el = time.monotonic() - self.t0
                self.p.update(self.task, completed=self.n, rate=f"{self.n / el:,.1f}/s" if el > 0 else "")

    def __exit__(self, *exc):
        if self.p is not None:
            self.p.update(self.task, completed=self.n)
            self.p.__exit__(*exc)
        return False
