"""The one data model every stage speaks.

A :class:`Document` holds one immutable ``text``; every layer (boilerplate, paragraphs, sentences,
tokens, mentions, time expressions, quotes, events) points into it with ``start``/``end`` character
offsets (``str`` indices, end exclusive), so ``doc.text[x.start:x.end] == x.text`` always holds.
Stages add layers; none rewrites the text.

Everything serialises to plain JSON with :meth:`Document.to_dict`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, fields
from typing import Any

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
MODALITIES = ("asserted", "negated", "intended", "scheduled", "hypothetical")
SECTORS = ("GOV", "MIL", "LEG", "PTY", "JUD", "BUS", "MED", "CVL", "REB", "IGO", "UNK")
ACTOR_TYPES = ("country", "org", "person")

# Undirected types: scoring compares source/target as an unordered pair.
SYMMETRIC_TYPES = frozenset({"CONSULT", "COOPERATE"})


@dataclass(slots=True)
class Span:
    """A stretch of the document text."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Boilerplate(Span):
    """Text that is not article prose: byline, caption, related links, copyright, subhead, ...

    Marked, never deleted: the text keeps its offsets.
    """

    kind: str  # byline | dateline | caption | credit | related | copyright | subhead | email | promo


@dataclass(slots=True)
class Paragraph(Span):
    pass


@dataclass(slots=True)
class Sentence(Span):
    paragraph: int
    boilerplate: str | None = None  # kind, when the whole sentence is boilerplate
    subhead: bool = False  # ▌ ■ ◇ ▲ lines and titles: headline style, weaker grammar


@dataclass(slots=True)
class Token:
    """A Kiwi morpheme: form, POS tag (Sejong tag set as Kiwi prints it) and offsets."""

    form: str
    tag: str
    start: int
    end: int
    sentence: int


@dataclass(slots=True)
class Actor:
    """A canonical actor: a country, an organisation or a person.

    ``country`` is ISO 3166-1 alpha-3 (or an organisation code such as UN, EU, NATO).
    ``sector`` is a PLOVER sector code (GOV, MIL, LEG, PTY, JUD, MED, BUS, CVL, IGO, ...).
    ``id`` is the knowledge-base id, or ``None`` for an actor only known from the article
    (``러시아 외무장관 세르게이 라브로프`` with no KB entry).
    """

    id: str | None
    name_ko: str
    type: str  # country | org | person
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    name_en: str | None = None


@dataclass(slots=True)
class Mention(Span):
    """A reference to an actor in the text.

    ``kind``: name (full or alias), short (``최 외무상``, ``푸틴 대통령`` after the full name),
    role (``외무상`` alone), pronoun (``그는``), compound (one member of ``북러``), metonym
    (``워싱턴`` for the US government), description (``한 외교 전문가``).
    ``members`` is set for compounds: the mention 북러 yields two Mention objects at the same
    offsets, one per member, with ``compound`` naming the whole surface.
    """

    sentence: int
    actor: Actor | None
    kind: str = "name"
    particle: str | None = None  # the case particle that follows (이, 가, 은, 는, 을, 를, 와, 과, 에게, ...)
    head: int | None = None  # index of the mention this one refers back to (short forms, pronouns)
    compound: str | None = None
    rule: str = ""


@dataclass(slots=True)
class Phrase:
    """An actor phrase: adjacent pieces naming one actor, e.g. ``최선희 북한 외무상은``.

    ``head`` indexes the mention the phrase denotes (the person if any, else the organisation, else
    the country); ``particle`` is the case particle after the last word. ``members`` lists all its
    mention indices. Compounds (``북러``) give one phrase per member, ``compound`` naming the group.
    """

    start: int
    end: int
    sentence: int
    head: int
    members: list[int]
    particle: str | None
    compound: str | None = None
    pronoun: bool = False


@dataclass(slots=True)
class TimeExpression(Span):
    """A time expression resolved against the publication date.

    ``value`` is ISO: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; ``precision`` is day, month or year.
    For ranges (``오는 28~29일``) ``end_value`` holds the last day. Durations (``30일 무비자``)
    are kept with ``kind="duration"`` and no value: they are not dates.
    """

    sentence: int
    value: str | None
    precision: str | None  # day | month | year | None
    kind: str = "date"  # date | range | duration | relative
    end_value: str | None = None
    local_time: bool = False  # (현지시간)
    rule: str = ""


@dataclass(slots=True)
class Participant:
    """Source or target of an event, or the speaker of a quote, as the text names it."""

    text: str  # surface form (most specific: 최선희 rather than 북한)
    country: str | None
    actor_id: str | None = None
    sector: str | None = None
    role: str | None = None
    type: str | None = None
    start: int | None = None
    end: int | None = None
    described: bool = False  # unnamed speaker kept as described: 한 외교 전문가, 외교가


@dataclass(slots=True)
class Quote(Span):
    """Reported speech. ``text`` is the quoted clause (without quotation marks)."""

    sentence: int
    direct: bool
    speaker: Participant | None = None
    medium: Participant | None = None  # 조선중앙통신 in "…라고 조선중앙통신이 보도했다"
    verb: str | None = None  # 밝혔다, 말했다, 강조했다, ...
    rule: str = ""


@dataclass(slots=True)
class DateValue:
    value: str  # YYYY-MM-DD | YYYY-MM | YYYY
    precision: str  # day | week | month | year (a week: value is its Monday, end_value its Sunday)
    end_value: str | None = None
    source: str = ""  # how it was found: "timex:27일(현지시간)", "sentence", "publication"


@dataclass(slots=True)
class Event(Span):
    """One coded event. ``start``/``end``/``text`` are the evidence (the trigger's clause)."""

    sentence: int
    type: str
    modality: str
    source: Participant
    target: Participant | None
    trigger: str = ""
    mode: str | None = None
    context: str | None = None
    date: DateValue | None = None
    location: str | None = None
    intensity: float = 0.0  # Goldstein scale, -10..+10
    cameo: str | None = None  # CAMEO root code, "01".."20"
    quad_class: int | None = None  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    confidence: float = 0.5
    quote: int | None = None  # index into Document.quotes when the event is said inside a quote
    rule: str = ""
    version: str = ""


@dataclass(slots=True)
class Document:
    """One article. ``text`` is title + "\\n" + body (or the whole text) and never changes."""

    text: str
    id: str | None = None
    title: str | None = None
    published: dt.date | None = None
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    source: str | None = None  # where it was read from: file path, "file.jsonl:17"
    meta: dict[str, Any] = field(default_factory=dict)
    boilerplate: list[Boilerplate] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    phrases: list[Phrase] = field(default_factory=list)  # internal: not serialised
    times: list[TimeExpression] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    skip_reason: str | None = None
    versions: dict[str, str] = field(default_factory=dict)

    def span(self, start: int, end: int) -> str:
        return self.text[start:end]

    @property
    def actors(self) -> list[Actor]:
        """Distinct resolved actors, in order of first mention."""
        seen: dict[Any, Actor] = {}
        for m in self.mentions:
            if m.actor is None:
                continue
            key = m.actor.id or (m.actor.name_ko, m.actor.country)
            seen.setdefault(key, m.actor)
        return list(seen.values())

    def to_dict(self, *, layers: bool = True) -> dict[str, Any]:
        """JSON-ready dict. ``layers=False`` leaves out tokens (large)."""
        d: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "outlet": self.outlet,
            "url": self.url,
            "author": self.author,
            "meta": self.meta,
            "text": self.text,
            "skip_reason": self.skip_reason,
            "versions": self.versions,
            "actors": [asdict(a) for a in self.actors],
            "mentions": [_mention_dict(m) for m in self.mentions],
            "times": [asdict(t) for t in self.times],
            "quotes": [asdict(q) for q in self.quotes],
            "events": [asdict(e) for e in self.events],
            "boilerplate": [asdict(b) for b in self.boilerplate],
            "sentences": [asdict(s) for s in self.sentences],
            "paragraphs": [asdict(p) for p in self.paragraphs],
        }
        if layers:
            d["tokens"] = [[t.form, t.tag, t.start, t.end] for t in self.tokens]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Document":
        """Inverse of :meth:`to_dict` (used by the store and the API)."""
        doc = cls(
            text=d["text"], id=d.get("id"), title=d.get("title"),
            published=dt.date.fromisoformat(d["published"]) if d.get("published") else None,
            outlet=d.get("outlet"), url=d.get("url"), author=d.get("author"),
            meta=d.get("meta") or {}, skip_reason=d.get("skip_reason"), versions=d.get("versions") or {},
        )
        doc.boilerplate = [Boilerplate(**b) for b in d.get("boilerplate", [])]
        doc.paragraphs = [Paragraph(**p) for p in d.get("paragraphs", [])]
        doc.sentences = [Sentence(**s) for s in d.get("sentences", [])]
        doc.tokens = [Token(f, t, s, e, -1) for f, t, s, e in d.get("tokens", [])]
        doc.mentions = [_mention_from(m) for m in d.get("mentions", [])]
        doc.times = [TimeExpression(**t) for t in d.get("times", [])]
        doc.quotes = [_quote_from(q) for q in d.get("quotes", [])]
        doc.events = [_event_from(e) for e in d.get("events", [])]
        return doc


def _mention_dict(m: Mention) -> dict[str, Any]:
    d = asdict(m)
    return d


def _mention_from(d: dict[str, Any]) -> Mention:
    d = dict(d)
    if d.get("actor"):
        d["actor"] = Actor(**d["actor"])
    return Mention(**d)


def _participant(d: dict[str, Any] | None) -> Participant | None:
    return Participant(**d) if d else None


def _quote_from(d: dict[str, Any]) -> Quote:
    d = dict(d)
    d["speaker"] = _participant(d.get("speaker"))
    d["medium"] = _participant(d.get("medium"))
    return Quote(**d)


def _event_from(d: dict[str, Any]) -> Event:
    d = dict(d)
    d["source"] = _participant(d["source"])
    d["target"] = _participant(d.get("target"))
    if d.get("date"):
        d["date"] = DateValue(**d["date"])
    return Event(**d)


def field_names(cls: type) -> list[str]:
    return [f.name for f in fields(cls)]
