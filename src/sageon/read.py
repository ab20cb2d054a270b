"""The read stage: files and records in, :class:`~sageon.schema.Document` out.

Reads plain text, HTML (main text via trafilatura), JSON/JSONL/CSV records (also gzipped) and
RSS/Atom feeds; decodes UTF-8, CP949 (a superset of EUC-KR) and, failing those, whatever
charset-normalizer finds. The text is kept as given (only ``\\r\\n`` becomes ``\\n``), so gold
evidence strings stay substrings; Korean news boilerplate (bylines, datelines, captions, photo
credits, related-article lists, copyright footers, tip-line promos, subheads, e-mails) is *marked*
as :class:`~sageon.schema.Boilerplate` spans by :func:`mark_boilerplate`, never deleted. The
patterns live in ``data/boilerplate.tsv``.

>>> doc = read_text("[뉴스임팩트=박시연 기자] 북한은 러시아를 택했다.", title="제목")
>>> doc.meta["reporters"], doc.boilerplate[0].text
(['박시연'], '[뉴스임팩트=박시연 기자] ')
"""

from __future__ import annotations

import csv
import datetime as dt
import email.utils
import gzip
import hashlib
import html
import io
import json
import logging
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator
from urllib.parse import urlparse

from .errors import DataFileError, DecodeError, InputError, RecordError
from .pipeline import Failure as ReadFailure
from .schema import Boilerplate, Document

__all__ = ["read_text", "read_path", "read_record", "decode_bytes", "mark_boilerplate", "ReadFailure"]

log = logging.getLogger(__name__)

_DOC_FIELDS = ("id", "outlet", "url", "author", "source")
TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
FEED_SUFFIXES = (".xml", ".rss", ".atom")
RECORD_SUFFIXES = (".json", ".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".json.gz", ".csv", ".csv.gz", ".tsv", ".tsv.gz")
ROLE_WORDS = frozenset({"기자", "특파원", "객원기자", "선임기자", "수습기자", "통신원", "인턴기자", "논설위원"})
# A bracket 'pre' naming an outlet rather than a place: [뉴스임팩트=박시연 기자], [헤럴드경제=…]
_OUTLET_HINT = re.compile(r"뉴스|경제|일보|신문|TV|데일리|타임|미디어|닷컴|저널|포스트|비즈|방송|통신|투데이|Biz|헤럴드|프레스|인사이트|뉴시스|이코노|코리아|[A-Za-z]{3,}")


# ---------------------------------------------------------------------------------------------
# decoding


def decode_bytes(data: bytes, *, source: str) -> str:
    """Bytes to str: BOM / UTF-8 first, then CP949 (superset of EUC-KR), then charset-normalizer.

    Raises :class:`~sageon.errors.DecodeError` naming ``source`` when nothing fits.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp949")
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # noqa: BLE001 - a detector crash is just "no encoding found"
        best = None
    # charset-normalizer will happily call random bytes some 8-bit code page; insist on a
    # plausible result (little garbage) before believing it.
    if best is not None and best.encoding and best.chaos < 0.2:
        try:
            return data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
    raise DecodeError("cannot decode the bytes as UTF-8, EUC-KR/CP949 or any encoding charset-normalizer knows; "
                      "convert the file to UTF-8", source=source)


# ---------------------------------------------------------------------------------------------
# boilerplate


@dataclass(frozen=True)
class _Rule:
    kind: str
    regex: re.Pattern[str]
    comment: str
    line: int
    needs: str | None = None  # a literal every match contains


def _required_literal(pattern: str) -> str | None:
    """The longest literal every match must contain (a cheap ``in`` test before the regex runs).

    Walks the parsed pattern through mandatory parts only (sequences, groups, lookarounds,
    repeats with min >= 1); gives up on case-insensitive patterns.
    """
    try:
        from re import _constants as C, _parser as P  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - older Pythons
        import sre_constants as C  # type: ignore[no-redef]
        import sre_parse as P  # type: ignore[no-redef]
    try:
        parsed = P.parse(pattern)
    except Exception:  # noqa: BLE001 - no prefilter is always safe
        return None
    if parsed.state.flags & re.IGNORECASE:
        return None
    runs: list[str] = []

    def walk(items) -> None:
        cur = ""
        for op, av in items:
            if op is C.LITERAL:
                cur += chr(av)
                continue
            runs.append(cur)
            cur = ""
            if op is C.SUBPATTERN:
                add_flags = av[1]
                if not add_flags & re.IGNORECASE:
                    walk(av[-1])
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[0] >= 1:
                walk(av[2])
            elif op is C.ASSERT:
                walk(av[1])
        runs.append(cur)

    walk(parsed)
    best = max(runs, key=len, default="")
    return best or None


@lru_cache(maxsize=None)
def _rules(path: str | None = None) -> tuple[_Rule, ...]:
    """The boilerplate rules from ``data/boilerplate.tsv`` (or ``path``), compiled once."""
    kinds = {"byline", "dateline", "caption", "credit", "related", "copyright", "subhead", "email", "promo"}
    if path is None:
        text = resources.files("sageon").joinpath("data/boilerplate.tsv").read_text(encoding="utf-8")
        name = "boilerplate.tsv"
    else:
        text = Path(path).read_text(encoding="utf-8")
        name = str(path)
    rules = []
    for no, raw in enumerate(text.split("\n"), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cols = raw.split("\t")
        if len(cols) < 2:
            raise DataFileError(f"want 'kind<TAB>regex<TAB>comment'; got {raw[:60]!r}", source=f"{name}:{no}")
        kind, rx = cols[0].strip(), cols[1]
        if kind not in kinds:
            raise DataFileError(f"kind {kind!r} is not one of: {', '.join(sorted(kinds))}", source=f"{name}:{no}")
        try:
            compiled = re.compile(rx, re.MULTILINE)
        except re.error as exc:
            raise DataFileError(f"bad regex: {exc}", source=f"{name}:{no}") from None
        rules.append(_Rule(kind, compiled, cols[2].strip() if len(cols) > 2 else "", no, _required_literal(rx)))
    return tuple(rules)


_ROLE_SUFFIX = re.compile(r"(?:[가-힣]{0,7}기자|특파원|통신원|논설위원)$")
_NOT_NAME = re.compile(r"(?:팀|부|국|실|센터|뉴스|뉴스룸|전문|기자|특파원|통신원|위원|일보|신문|닷컴|방송|경제|통신|데일리)$")
_NAME = re.compile(r"^[가-힣]{2,4}$")


def _names(s: str | None) -> list[str]:
    """Reporter names in '김동호 특파원 곽민서 기자', '박기록기자', '오수현 기자 / 성승훈 기자'."""
    if not s:
        return []
    out = []
    for tok in re.split(r"[\s,·/]+", s):
        if tok in ROLE_WORDS:
            continue
        bare = _ROLE_SUFFIX.sub("", tok) if len(tok) > 4 else tok
        if _NAME.match(bare) and not _NOT_NAME.search(bare) and bare not in out:
            out.append(bare)
    return out


def mark_boilerplate(doc: Document, *, rules: Iterable[_Rule] | None = None) -> None:
    """Mark boilerplate in ``doc.text`` as ``doc.boilerplate`` spans; fill reporters and dateline.

    Sets ``doc.meta['reporters']`` (list of names), ``doc.meta['dateline']`` (place of
    ``(서울=연합뉴스)``), and ``doc.author`` when the record gave none. Earlier rules win over
    later ones on overlap. The text is not changed.
    """
    text = doc.text
    taken: list[tuple[int, int]] = []
    spans: list[Boilerplate] = []
    reporters: list[str] = []
    dateline: str | None = None
    for rule in rules if rules is not None else _rules():
        if rule.needs and rule.needs not in text:
            continue
        for m in rule.regex.finditer(text):
            gd = m.groupdict()
            if gd.get("m") is not None:
                s, e = m.span("m")
            else:
                s, e = m.span()
            if e <= s or any(s < te and ts < e for ts, te in taken):
                continue
            taken.append((s, e))
            spans.append(Boilerplate(s, e, text[s:e], rule.kind))
            if rule.kind in ("byline", "dateline"):
                names = _names(gd.get("names"))
                for n in names:
                    if n not in reporters:
                        reporters.append(n)
                place = gd.get("place")
                pre = gd.get("pre")
                if not place and pre and not _is_outlet(pre, doc.outlet):
                    # (서울=연합뉴스), [베이징=이데일리 …]: a place; [뉴스임팩트=박시연 기자]: an outlet
                    place = pre.strip()
                if place and dateline is None:
                    dateline = place
    spans.sort(key=lambda b: (b.start, b.end))
    doc.boilerplate = spans
    if not reporters and doc.author:
        reporters = _names_from_author(doc.author)
    if reporters:
        doc.meta["reporters"] = reporters
        if not doc.author:
            doc.author = ", ".join(reporters)
    if dateline is None and doc.author:
        dl = _AUTHOR_PLACE.match(html.unescape(doc.author))
        if dl:
            dateline = dl.group(1)
    if dateline:
        doc.meta["dateline"] = dateline


def _is_outlet(s: str, outlet: str | None) -> bool:
    s = s.strip()
    if outlet and (s == outlet or outlet in s):
        return True
    return bool(_OUTLET_HINT.search(s))


# 베이징= 이혜미 특파원 (herstory@…)  |  워싱턴 | 정유진 특파원
_AUTHOR_PLACE = re.compile(r"^\s*([가-힣·]{2,10}) ?[=|] ?(?=[가-힣]{2,4})")
_AUTHOR_DROP = re.compile(r"\([^()]*\)|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+|[A-Za-z]+")


def _names_from_author(author: str) -> list[str]:
    """Reporter names from a record's author field.

    '박성민(min22@yna.co.kr)', '김지훈 기자 w@…', '베이징= 이혜미 특파원 (…) 이정혁 기자 (…)',
    '조성신 매경 디지털뉴스룸 기자(…)': a name opens a chunk or follows a role word.
    """
    a = html.unescape(author)
    a = _AUTHOR_PLACE.sub("", a)
    a = _AUTHOR_DROP.sub(" ", a)
    out: list[str] = []
    for chunk in re.split(r"[,/|·]", a):
        prev_role = True
        for tok in chunk.split():
            role = tok in ROLE_WORDS or bool(_ROLE_SUFFIX.search(tok))
            if prev_role and not role and _NAME.match(tok) and not _NOT_NAME.search(tok) and tok not in out:
                out.append(tok)
            prev_role = role
    return out


# ---------------------------------------------------------------------------------------------
# text and records


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def read_text(text: str, *, title: str | None = None, published: dt.date | None = None, **meta: Any) -> Document:
    """A Document from text, with boilerplate marked.

    With ``title``, ``doc.text`` is ``title + "\\n" + text``; without, the first line is the title
    when there is more than one line. Meta keys id/outlet/url/author/source go to Document fields,
    others into ``doc.meta``. Only ``\\r\\n`` (and a lone ``\\r``) is normalised to ``\\n``.
    """
    text = _nl(text)
    if title:
        title = _nl(title)
        full = title + "\n" + text
        title = title.strip() or None
    else:
        full = text
        title = text.split("\n", 1)[0].strip() or None if "\n" in text.strip("\n") else None
    known = {k: meta.pop(k) for k in _DOC_FIELDS if k in meta}
    if known.get("id") is None:
        known["id"] = _short_hash(full)
    else:
        known["id"] = str(known["id"])
    meta = {k: v for k, v in meta.items() if v is not None}
    doc = Document(text=full, title=title, published=published, meta=meta, **known)
    mark_boilerplate(doc)
    return doc


def _nl(s: str) -> str:
    if "\r" in s:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    return s


_DATE = re.compile(r"^\s*(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})")
_DATE8 = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?!\d)")


def parse_date(value: Any, *, field: str = "published", source: str | None = None) -> dt.date | None:
    """'2025-12-24 00:00', '2023.07.29', '2023-06-09', '20230609', RFC 822 → date; '' → None."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = str(value).strip()
    if not s:
        return None
    m = _DATE.match(s) or _DATE8.match(s)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
    else:
        try:
            return email.utils.parsedate_to_datetime(s).date()
        except (TypeError, ValueError, IndexError):
            pass
    raise RecordError(f"{field!r} is not a date: {s[:40]!r} (want 2024-03-05)", source=source)


def _first(rec: dict, *keys: str) -> Any:
    for k in keys:
        v = rec.get(k)
        if v is not None and v != "":
            return v
    return None


def read_record(rec: dict, *, source: str) -> Document:
    """A Document from a JSON/CSV record.

    Keys: ``id`` (or ``seq``/``gid``), ``title``, ``body`` | ``text`` | ``content``, ``published`` |
    ``published_at`` | ``date``, ``outlet`` | ``publisher``, ``url`` | ``article_url`` | ``link``,
    ``author``. Title and body are HTML-unescaped (&quot; &#x27; &#x3D;). Raises
    :class:`~sageon.errors.RecordError` naming ``source`` on a record with no body or a bad date.
    """
    if not isinstance(rec, dict):
        raise RecordError(f"a record must be a JSON object; got {type(rec).__name__}", source=source)
    body = _first(rec, "body", "text", "content")
    if body is None or not str(body).strip():
        raise RecordError("record has neither 'body' nor 'text' (want {\"title\", \"body\", \"published\"})", source=source)
    body = html.unescape(str(body))
    title = _first(rec, "title")
    title = html.unescape(str(title)) if title is not None else None
    date_key = next((k for k in ("published", "published_at", "date", "pubDate") if rec.get(k) not in (None, "")), "published")
    published = parse_date(rec.get(date_key), field=date_key, source=source)
    rid = _first(rec, "id", "gid", "seq", "aid")
    url = _first(rec, "url", "article_url", "link")
    outlet = _first(rec, "outlet", "publisher", "press")
    if outlet is None and url:
        outlet = urlparse(str(url)).netloc or None
    author = _first(rec, "author", "reporter", "byline")
    extra = {k: v for k, v in rec.items() if k in ("category", "lang", "language", "oid", "aid") and v not in (None, "")}
    if "text" in rec and _first(rec, "body", "content") is None and title is None:
        # {"id", "text"} records: the text already holds the title line
        doc = read_text(body, published=published, id=rid, outlet=outlet, url=url,
                        author=html.unescape(str(author)) if author else None, source=source, **extra)
    else:
        doc = read_text(body, title=title, published=published, id=rid, outlet=outlet, url=url,
                        author=html.unescape(str(author)) if author else None, source=source, **extra)
    if rid is None:
        doc.id = _short_hash(doc.text)
    return doc


# ---------------------------------------------------------------------------------------------
# files


def read_path(path: str | Path, *, published: Any = None) -> Iterator[Document | ReadFailure]:
    """Documents from a file, a directory (all readable files, sorted) or '-' (stdin text).

    Dispatch by suffix (see module doc). A broken record yields a :class:`ReadFailure`
    (``source='file:line'``) and reading goes on; a missing or unreadable file raises
    :class:`~sageon.errors.InputError` naming it. ``published`` is the default publication date
    for documents that carry none.
    """
    default = parse_date(published, source=str(path)) if published is not None else None
    if str(path) == "-":
        data = sys.stdin.buffer.read()
        yield _with_date(read_text(decode_bytes(data, source="<stdin>"), source="<stdin>"), default)
        return
    p = Path(path)
    if not p.exists():
        raise InputError("no such file or directory", source=str(p))
    if p.is_dir():
        for f in sorted(x for x in p.rglob("*") if x.is_file() and _readable_name(x)):
            try:
                yield from _read_file(f, default)
            except InputError as exc:
                log.warning("%s", exc)
                yield ReadFailure(f.stem, str(f), str(exc))
        return
    yield from _read_file(p, default)


def _readable_name(p: Path) -> bool:
    n = p.name.lower()
    if n.startswith(".") or n.endswith(".meta.json"):
        return False
    return n.endswith(TEXT_SUFFIXES + HTML_SUFFIXES + FEED_SUFFIXES + RECORD_SUFFIXES)


def _with_date(doc: Document, default: dt.date | None) -> Document:
    if doc.published is None and default is not None:
        doc.published = default
    return doc


def _read_bytes(p: Path) -> bytes:
    try:
        return p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", source=str(p)) from None


def _read_file(p: Path, default: dt.date | None) -> Iterator[Document | ReadFailure]:
    name = p.name.lower()
    src = str(p)
    if name.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")):
        yield from (_with_date(d, default) if isinstance(d, Document) else d for d in _read_jsonl(p))
    elif name.endswith((".json", ".json.gz")):
        yield from (_with_date(d, default) if isinstance(d, Document) else d for d in _read_json(p))
    elif name.endswith((".csv", ".csv.gz", ".tsv", ".tsv.gz")):
        yield from (_with_date(d, default) if isinstance(d, Document) else d for d in _read_csv(p))
    elif name.endswith(HTML_SUFFIXES):
        yield _with_date(_read_html(p), default)
    elif name.endswith(FEED_SUFFIXES):
        yield from (_with_date(d, default) if isinstance(d, Document) else d for d in _read_feed(p))
    else:  # .txt and anything else: plain text
        text = decode_bytes(_read_bytes(p), source=src)
        meta = _sidecar(p)
        pub = parse_date(meta.pop("published", None), source=f"{p.stem}.meta.json") if meta.get("published") else None
        reporter = meta.pop("reporter", None)
        meta.pop("file", None)
        doc = read_text(text, published=pub, id=meta.pop("id", None) or p.stem, source=src,
                        outlet=meta.pop("outlet", None), url=meta.pop("url", None),
                        author=meta.pop("author", None) or reporter, **meta)
        yield _with_date(doc, default)


def _sidecar(p: Path) -> dict[str, Any]:
    """NAME.meta.json beside NAME.txt (published, outlet, reporter, ...), if there is one."""
    for cand in (p.with_name(p.stem + ".meta.json"), p.with_name(p.name + ".meta.json")):
        if cand.is_file():
            try:
                d = json.loads(decode_bytes(_read_bytes(cand), source=str(cand)))
            except json.JSONDecodeError as exc:
                raise InputError(f"bad JSON in the sidecar: {exc.msg} at line {exc.lineno}", source=str(cand)) from None
            if not isinstance(d, dict):
                raise InputError("the sidecar must hold one JSON object", source=str(cand))
            return dict(d)
    return {}


def _open_binary(p: Path):
    try:
        f = p.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", source=str(p)) from None
    if p.name.lower().endswith(".gz"):
        return gzip.GzipFile(fileobj=f)
    return f


def _read_jsonl(p: Path) -> Iterator[Document | ReadFailure]:
    with _open_binary(p) as fh:
        try:
            for no, raw in enumerate(fh, 1):
                src = f"{p}:{no}"
                if not raw.strip():
                    continue
                rec: Any = None
                try:
                    try:
                        line = raw.decode("utf-8")
                    except UnicodeDecodeError:
                        line = decode_bytes(raw, source=src)
                    try:
                        rec = json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise RecordError(f"not JSON: {exc.msg} at column {exc.colno}", source=src) from None
                    doc = read_record(rec, source=src)
                    if _first(rec, "id", "gid", "seq", "aid") is None:
                        doc.id = f"{_stem(p)}:{no}"
                    yield doc
                except InputError as exc:
                    log.warning("%s", exc)
                    rid = rec.get("id") if isinstance(rec, dict) else None
                    yield ReadFailure(str(rid) if rid is not None else None, src, str(exc))
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            raise InputError(f"cannot read the file: {exc}", source=str(p)) from None


def _stem(p: Path) -> str:
    n = p.name
    for suf in sorted(RECORD_SUFFIXES, key=len, reverse=True):
        if n.lower().endswith(suf):
            return n[: -len(suf)]
    return p.stem


def _read_json(p: Path) -> Iterator[Document | ReadFailure]:
    raw = _read_bytes(p)
    if p.name.lower().endswith(".gz"):
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise InputError(f"cannot read the file: {exc}", source=str(p)) from None
    try:
        data = json.loads(decode_bytes(raw, source=str(p)))
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc.msg} at line {exc.lineno}", source=str(p)) from None
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, dict):
        yield read_record(data, source=str(p))
        return
    if not isinstance(data, list):
        raise InputError("want one JSON object or a list of them", source=str(p))
    for i, rec in enumerate(data):
        src = f"{p}[{i}]"
        try:
            doc = read_record(rec, source=src)
            if isinstance(rec, dict) and _first(rec, "id", "gid", "seq", "aid") is None:
                doc.id = f"{_stem(p)}:{i}"
            yield doc
        except InputError as exc:
            log.warning("%s", exc)
            rid = rec.get("id") if isinstance(rec, dict) else None
            yield ReadFailure(str(rid) if rid is not None else None, src, str(exc))


def _read_csv(p: Path) -> Iterator[Document | ReadFailure]:
    csv.field_size_limit(1 << 28)
    delim = "\t" if p.name.lower().endswith((".tsv", ".tsv.gz")) else ","
    with _open_binary(p) as fb:
        head = fb.read(65536)
        try:
            head.decode("utf-8")
            enc = "utf-8-sig"
        except UnicodeDecodeError as exc:
            # a cut multi-byte char at the end of the sample is fine
            enc = "utf-8-sig" if exc.start >= len(head) - 4 else None
        if enc is None:
            try:
                head[:-2].decode("cp949")
                enc = "cp949"
            except UnicodeDecodeError:
                raise DecodeError("cannot decode the CSV as UTF-8 or CP949; convert it to UTF-8", source=str(p)) from None
        rest = fb.read()
    text = (head + rest).decode(enc, errors="strict") if enc else ""
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delim)
    if not reader.fieldnames:
        raise InputError("the CSV has no header row", source=str(p))
    fields = [f.strip().lower() for f in reader.fieldnames]
    reader.fieldnames = fields
    if not set(fields) & {"body", "text", "content"}:
        raise InputError(f"the CSV header has no body/text/content column; got {', '.join(fields)}", source=str(p))
    try:
        prev = reader.line_num  # the header's last line; a row starts on the line after the previous row
        for row in reader:
            src = f"{p}:{prev + 1}"
            prev = reader.line_num
            try:
                yield read_record({k: v for k, v in row.items() if k}, source=src)
            except InputError as exc:
                log.warning("%s", exc)
                yield ReadFailure(row.get("id") or row.get("seq"), src, str(exc))
    except csv.Error as exc:
        raise InputError(f"bad CSV at line {reader.line_num}: {exc}", source=str(p)) from None


# ---------------------------------------------------------------------------------------------
# HTML and feeds

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)


def _decode_html(raw: bytes, source: str) -> str:
    m = _META_CHARSET.search(raw[:4096])
    if m:
        enc = m.group(1).decode("ascii").lower()
        if enc in ("euc-kr", "euc_kr", "ks_c_5601-1987", "ksc5601", "x-windows-949", "windows-949"):
            enc = "cp949"
        try:
            return raw.decode(enc)
        except (UnicodeDecodeError, LookupError):
            pass
    return decode_bytes(raw, source=source)


_DROP_BLOCKS = re.compile(r"<(script|style|noscript|nav|header|footer|aside|form|iframe|svg)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_BLOCK_TAGS = re.compile(r"<\s*(?:br|/p|/div|/li|/h[1-6]|/tr|/article|/section|/blockquote)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANKS = re.compile(r"\n\s*\n+")


def strip_tags(markup: str) -> str:
    """A simple tag stripper: drops script/style/nav blocks, keeps block breaks as newlines."""
    s = _DROP_BLOCKS.sub(" ", markup)
    s = re.sub(r"<!--.*?-->", " ", s, flags=re.S)
    s = _BLOCK_TAGS.sub("\n", s)
    s = _TAG.sub(" ", s)
    s = html.unescape(s)
    s = _SPACES.sub(" ", s)
    lines = [ln.strip() for ln in s.split("\n")]
    return _BLANKS.sub("\n", "\n".join(lines)).strip()


def _read_html(p: Path) -> Document:
    src = str(p)
    markup = _decode_html(_read_bytes(p), src)
    return html_document(markup, source=src, id=p.stem)


def html_document(markup: str, *, source: str | None = None, id: str | None = None) -> Document:
    """A Document from an HTML page: trafilatura's main text, title and date; tag-stripper fallback."""
    title = body = date = author = url = site = None
    try:
        import trafilatura

        out = trafilatura.extract(markup, output_format="json", with_metadata=True, include_comments=False,
                                  include_tables=False, favor_precision=True)
        if out:
            d = json.loads(out)
            body, title, date = d.get("text"), d.get("title"), d.get("date")
            author, url, site = d.get("author"), d.get("url"), d.get("sitename")
        if not body:
            # short pages fall under trafilatura's minimum sizes: try again without them
            out = trafilatura.extract(markup, output_format="json", with_metadata=True, favor_recall=True)
            if out:
                d = json.loads(out)
                body, title, date = d.get("text"), title or d.get("title"), date or d.get("date")
    except ImportError:  # pragma: no cover - trafilatura is a dependency
        log.warning("trafilatura is not installed; using the simple tag stripper")
    if not title:
        m = re.search(r"<title[^>]*>(.*?)</title>", markup, re.I | re.S)
        title = html.unescape(m.group(1)).strip() if m else None
    if not body:
        m = re.search(r"<body[^>]*>(.*)</body>", markup, re.I | re.S)
        body = strip_tags(m.group(1) if m else markup)
    if not body or not body.strip():
        raise InputError("no text found in the HTML page", source=source)
    published = None
    if date:
        try:
            published = parse_date(date, source=source)
        except RecordError:
            published = None
    if title and body.startswith(title):
        title = None  # the text already starts with it
    return read_text(body, title=title or None, published=published, id=id, source=source,
                     url=url, author=author, outlet=site)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _read_feed(p: Path) -> Iterator[Document | ReadFailure]:
    src = str(p)
    raw = _read_bytes(p)
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        # maybe an undeclared legacy encoding: decode ourselves and retry
        try:
            text = decode_bytes(raw, source=src)
            text = re.sub(r"^<\?xml[^>]*\?>", "", text.lstrip("\ufeff"))
            root = ET.fromstring(text)
        except (ET.ParseError, DecodeError):
            raise InputError(f"not an RSS/Atom feed: {exc}", source=src) from None
    if _local(root.tag) not in ("rss", "feed", "rdf", "channel"):
        raise InputError(f"not an RSS/Atom feed: root element is <{_local(root.tag)}>", source=src)
    items = [el for el in root.iter() if _local(el.tag) in ("item", "entry")]
    feed_title = None
    for el in root.iter():
        if _local(el.tag) == "title":
            feed_title = (el.text or "").strip() or None
            break
    for i, item in enumerate(items, 1):
        isrc = f"{src}#{i}"
        f: dict[str, Any] = {}
        for ch in item:
            name = _local(ch.tag)
            val = (ch.text or "").strip() if name != "link" else (ch.get("href") or (ch.text or "")).strip()
            if name == "link" and ch.get("rel") not in (None, "alternate"):
                continue
            if name == "content" and not val:
                val = "".join(ch.itertext()).strip()
            if val and name not in f:
                f[name] = val
        body = f.get("encoded") or f.get("content") or f.get("description") or f.get("summary")
        rec = {
            "id": f.get("guid") or f.get("id") or f.get("link"),
            "title": strip_tags(f["title"]) if f.get("title") else None,
            "body": strip_tags(body) if body else None,
            "published": f.get("pubdate") or f.get("published") or f.get("updated") or f.get("date"),
            "url": f.get("link"),
            "author": f.get("creator") or f.get("author"),
            "outlet": feed_title,
        }
        try:
            yield read_record(rec, source=isrc)
        except InputError as exc:
            log.warning("%s", exc)
            yield ReadFailure(rec["id"], isrc, str(exc))
