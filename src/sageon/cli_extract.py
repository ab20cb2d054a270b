"""``sageon extract`` and ``sageon eval``."""

from __future__ import annotations

import json
import sys
import time
from enum import Enum
from pathlib import Path
from typing import Iterator, Optional

import typer

CORPUS_SUFFIXES = (".jsonl", ".jsonl.gz", ".csv", ".csv.gz", ".json")


class Format(str, Enum):
    json = "json"
    jsonl = "jsonl"
    table = "table"


def _is_corpus(path: str) -> bool:
    return path != "-" and (path.endswith(CORPUS_SUFFIXES) or Path(path).is_dir())


def _extract_one(doc):
    """Worker: extract one document; failures come back as Failure (picklable)."""
    from .pipeline import Failure, default_pipeline
    from .errors import SageonError

    if isinstance(doc, Failure):
        return doc
    try:
        return default_pipeline()(doc)
    except SageonError as exc:
        return Failure(doc.id, doc.source, str(exc))
    except Exception as exc:  # noqa: BLE001 - one broken article must not stop a 40k corpus run
        return Failure(doc.id, doc.source, f"{type(exc).__name__}: {exc}")


def _results(path: str, published, jobs: int) -> Iterator:
    from .read import read_path

    docs = read_path(path, published=published)
    if jobs > 1:
        import multiprocessing as mp

        with mp.get_context("fork").Pool(jobs) as pool:
            yield from pool.imap(_extract_one, docs, chunksize=8)
    else:
        for d in docs:
            yield _extract_one(d)


def register(app: typer.Typer) -> None:
    @app.command()
    def extract(
        path: str = typer.Argument(..., help="Article file (.txt, .html), a corpus (.jsonl[.gz], .csv[.gz], directory) or - for stdin."),
        published: Optional[str] = typer.Option(None, "--published", help="Publication date YYYY-MM-DD (anchors relative dates)."),
        fmt: Format = typer.Option(None, "--format", "-f", help="json (one document), jsonl (one line per article), table (for a person). Default: table for one article, jsonl for a corpus."),
        jobs: int = typer.Option(1, "--jobs", "-j", min=1, max=64, help="Worker processes for a corpus."),
        layers: bool = typer.Option(False, "--layers", help="json: include all layers (tokens, sentences, mentions)."),
    ) -> None:
        """Extract events, quotes, actors and dates from Korean news."""
        from .cli import err, fail
        from .evaluate import contract_record
        from .pipeline import Failure, _as_date
        from .errors import SageonError

        try:
            pub = _as_date(published)
        except SageonError as exc:
            fail(str(exc))
        if path != "-" and not Path(path).exists():
            fail(f"{path}: no such file or directory")
        corpus = _is_corpus(path)
        fmt = fmt or (Format.jsonl if corpus else Format.table)
        n_ok = n_fail = n_events = n_quotes = 0
        t0 = time.perf_counter()
        out = sys.stdout
        try:
            for res in _results(path, pub, jobs if corpus else 1):
                if isinstance(res, Failure):
                    n_fail += 1
                    err.print(f"[yellow]skipped[/yellow] {res.id or '?'} ({res.source}): {res.reason}", highlight=False, soft_wrap=True)
                    if fmt == Format.jsonl:
                        out.write(json.dumps({"id": res.id, "error": res.reason, "events": [], "quotes": []}, ensure_ascii=False) + "\n")
                    continue
                n_ok += 1
                n_events += len(res.events)
                n_quotes += len(res.quotes)
                if fmt == Format.jsonl:
                    out.write(json.dumps(contract_record(res), ensure_ascii=False) + "\n")
                elif fmt == Format.json:
                    d = res.to_dict(layers=layers)
                    if not layers:
                        for k in ("tokens", "sentences", "paragraphs"):
                            d.pop(k, None)
                    out.write(json.dumps(d, ensure_ascii=False, indent=1) + "\n")
                else:
                    from .render import print_document

                    print_document(res)
        except SageonError as exc:
            fail(str(exc))
        except BrokenPipeError:
            return
        if corpus or n_fail:
            dt_ = time.perf_counter() - t0
            err.print(f"{n_ok} articles extracted, {n_fail} failed, {n_events} events, {n_quotes} quotes in {dt_:.1f} s", highlight=False)

    @app.command("eval")
    def eval_(
        gold_dir: str = typer.Argument(..., help="Gold directory (articles.json + <gid>.json), e.g. ../shared/gold/dev"),
        as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
        details: bool = typer.Option(False, "--details", help="List missed and spurious event tuples per article."),
        gate: Optional[str] = typer.Option(None, "--gate", help="A baseline JSON of floors; exit 1 if any figure is below its floor."),
    ) -> None:
        """Score the extractor on a gold directory (gold/README.md scoring)."""
        from .cli import fail
        from .evaluate import evaluate
        from .errors import SageonError
        from rich.console import Console
        from rich.table import Table

        t0 = time.perf_counter()
        try:
            scores = evaluate(gold_dir)
        except SageonError as exc:
            fail(str(exc))
        d = scores.as_dict()
        d["seconds"] = round(time.perf_counter() - t0, 2)
        if as_json:
            print(json.dumps(d, ensure_ascii=False, indent=1))
        else:
            con = Console()
            t = Table(title=f"sageon eval {gold_dir} ({d['articles']} articles, {d['seconds']} s)")
            for c in ("measure", "P", "R", "F1", "tp/fp/fn"):
                t.add_column(c)
            for name in ("events_loose", "events_strict", "events_international", "quotes"):
                m = d[name]
                t.add_row(name, f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}", f"{m['tp']}/{m['fp']}/{m['fn']}")
            con.print(t)
            con.print(f"speaker accuracy {d['speaker_accuracy']:.3f} (n={d['speaker_n']})   date accuracy {d['date_accuracy']:.3f} (n={d['date_n']})")
            if details:
                for a in scores.per_article:
                    con.print(f"[bold]{a['gid']}[/bold] missed={a['missed']} spurious={a['spurious']} quotes {a['quotes_matched']}/{a['quotes_gold']} (sys {a['quotes_system']})", highlight=False)
        if gate:
            floors = json.loads(Path(gate).read_text(encoding="utf-8"))["floors"]
            below = []
            for key, floor in floors.items():
                val = _figure(d, key)
                if val + 1e-9 < floor:
                    below.append(f"{key} {val:.4f} < floor {floor:.4f}")
            if below:
                fail("eval below floor: " + "; ".join(below))

    @app.command("train-events")
    def train_events(
        gold_dir: str = typer.Argument(..., help="Gold directory to learn from, e.g. ../shared/gold/dev"),
        out: Optional[str] = typer.Option(None, "--out", help="Where to write the model (default: the bundled data/event_model.json)."),
        l2: float = typer.Option(1.0, "--l2", help="L2 penalty: larger generalises more, fits less."),
        folds: int = typer.Option(5, "--folds", help="Cross-validation folds (whole articles)."),
        silver: Optional[str] = typer.Option(None, "--silver", help="Silver training annotations (train/silver/events.jsonl); they train every fold, never scored."),
        corpora: Optional[str] = typer.Option(None, "--corpora", help="Where the silver articles' corpus files are (default ../shared/corpora)."),
    ) -> None:
        """Learn the event model (which source and target each trigger takes, and whether it states
        an event) from annotated articles; prints the cross-validated figures, the honest estimate
        for unseen articles. Use with SAGEON_EVENT_MODEL=path to try a model before replacing the bundled one."""
        from rich.console import Console
        from rich.progress import Progress

        from .cli import fail
        from .errors import SageonError
        from .learn import train

        con = Console(stderr=True)
        try:
            with Progress(console=con, transient=True) as prog:
                task = prog.add_task("reading gold articles", total=None)
                model, cv, table = train(gold_dir, out, silver=silver, corpora=corpora, folds=folds, l2=l2,
                                         progress=lambda i, n: prog.update(task, completed=i, total=n))
        except SageonError as exc:
            fail(str(exc))
        meta = model.meta
        con.print(f"{meta['articles']} gold + {meta['silver_articles']} silver articles, {meta['triggers']} triggers, {len(model.weights)} weights; "
                  f"threshold {model.threshold}, extra {model.extra_threshold}")
        con.print(f"cross-validated ({folds} folds × 3 seeds): events loose P {cv.loose.precision:.3f} "
                  f"R {cv.loose.recall:.3f} F1 {cv.loose.f1:.3f}; strict F1 {cv.strict.f1:.3f}; "
                  f"date accuracy {cv.date_accuracy:.3f}")
        from .event_model import MODEL_FILE

        con.print(f"written: {out or MODEL_FILE}")

    return None


def _figure(d: dict, key: str) -> float:
    """'events_loose.f1' → d['events_loose']['f1']."""
    cur = d
    for part in key.split("."):
        cur = cur[part]
    return float(cur)
