"""The actor knowledge base: countries, organisations, persons, offices and role nouns.

Data lives in TSV files (``sageon/data/kb/*.tsv``; ``#`` comment lines anywhere, one header row,
aliases ``|``-separated). A user file or directory (env ``SAGEON_USER_KB`` or ``user_paths=``)
is layered over the bundled files: a row whose ``id`` exists replaces the non-empty fields of the
bundled entry, a new ``id`` adds an entry.

    >>> kb = default_kb()
    >>> [e.id for e in kb.lookup("푸틴")]
    ['vladimir_putin']
    >>> kb.compound("한미일")
    ['KOR', 'USA', 'JPN']
    >>> kb.capital("워싱턴")
    'USA'

Files are recognised by their header: ``surface``+``kind`` is a role-noun table, ``person`` +
``valid_from`` an office table, ``word`` first a list of names that are also common words
(common_words.tsv), ``phrase`` first a list of phrases that hold a name but name no actor
(not_actors.tsv: 인도·태평양), ``id``+``name_ko`` an entry table (type from a ``type`` column, else from the
file name: countries/orgs/persons). See ``docs/kb.md``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from dataclasses import dataclass, replace
from itertools import permutations
from pathlib import Path
from typing import Iterable, Iterator

from .errors import DataFileError
from .schema import ACTOR_TYPES, SECTORS, Actor

__all__ = ["KBEntry", "Office", "Role", "KnowledgeBase", "default_kb", "load_kb", "check_kb", "normalize"]

DATA_DIR = Path(__file__).parent / "data" / "kb"
ENV_USER_KB = "SAGEON_USER_KB"
ROLE_KINDS = ("head_of_state", "head_of_government", "minister", "spokesperson", "military", "legislator",
              "party", "diplomat", "official", "judicial", "media", "royal", "other")

_DOTS = "·ㆍ・‧•∙"
_NORM_RE = re.compile(rf"[\s{_DOTS}]+")
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_ISO3_RE = re.compile(r"^[A-Z]{3}$")
_HANGUL_RE = re.compile(r"^[가-힣]+$")
_SEP_RE = re.compile(rf"\s*[{_DOTS}\-–/]\s*")

# Unseparated compounds are built from these one-syllable short forms only (safe in news text).
# 대(TWN) is out: 대미/대중/대북 mean "toward the US/China/NK". 이(ISR), 인, 호, 캐, 팔 work only
# with a separator (이·팔, 한·호).
_COMPOUND_SYLLABLES = "북남한미중일러우영독프불"
# Real words made of those syllables. 북미 is deliberately NOT here: in this news domain it is
# North Korea–US far more often than North America.
COMPOUND_EXCEPTIONS = frozenset({
    "남미", "미남", "중남미", "북중미", "중미", "우한", "한우", "독일", "일독", "미불", "불일", "우중", "중우",
    "일일", "남일", "일남", "한남", "남한", "북한", "중남", "남중", "영남", "호남", "일미", "미일미",
    "불한", "한불한", "우일", "일우", "영일", "우영", "영우", "미우", "우미", "불우", "우불", "중불", "불중", "독불",
    "불독", "러불", "불러", "남독", "독남", "남영", "영남", "남우", "우남", "남러", "러남", "남불", "불남",
    "북독", "독북", "북영", "영북", "북불", "불북", "북우", "우북", "일중일", "중일중",
})
# Fixed compounds that the syllable rule cannot build.
COMPOUND_FIXED = {"남북한": ["KOR", "PRK"], "조중": ["PRK", "CHN"], "조러": ["PRK", "RUS"], "조미": ["PRK", "USA"],
                  "조일": ["PRK", "JPN"], "북남": ["PRK", "KOR"], "남북": ["KOR", "PRK"]}

_FORMER_PREFIXES = ("前", "전 ", "전")


def normalize(s: str) -> str:
    """Lookup key: NFC, no spaces or middle dots, Latin lower-cased (``유엔 안보리`` == ``유엔안보리``)."""
    return _NORM_RE.sub("", unicodedata.normalize("NFC", s)).lower()


def _parse_date(s: str, *, end: bool = False) -> dt.date:
    """``2024``, ``2024-06`` or ``2024-06-01``; with ``end`` the last day of a year or month."""
    parts = s.split("-")
    if len(parts) == 1:
        return dt.date(int(parts[0]), 12, 31) if end else dt.date(int(parts[0]), 1, 1)
    if len(parts) == 2:
        y, m = int(parts[0]), int(parts[1])
        if not end:
            return dt.date(y, m, 1)
        nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return dt.date.fromisoformat(s)


@dataclass(frozen=True, slots=True)
class Office:
    """A post a person holds, with its validity (``None`` = open)."""

    role_en: str
    role_ko: str | None
    country: str | None
    sector: str | None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def active(self, date: dt.date | None) -> bool:
        """True if held at ``date`` (with ``date=None``: held now, i.e. no end date)."""
        if date is None:
            return self.valid_to is None
        return (self.valid_from is None or self.valid_from <= date) and (self.valid_to is None or date <= self.valid_to)


@dataclass(frozen=True, slots=True)
class Role:
    """A role noun that attaches to names: ``외무상`` → foreign minister (GOV, minister)."""

    surface: str
    role_en: str
    sector: str | None
    kind: str
    former: bool = False


@dataclass(frozen=True, slots=True)
class KBEntry:
    """A canonical actor. ``aliases`` are the indexed surface forms (``name_ko`` not repeated);
    ``weak`` are forms found by :meth:`KnowledgeBase.lookup` only (조선, 공화국); ``short`` are
    compound-only forms (북, 미); ``capitals`` metonyms (평양)."""

    id: str
    type: str
    name_ko: str
    name_en: str | None
    aliases: tuple[str, ...]
    country: str | None
    sector: str | None
    role: str | None
    offices: tuple[Office, ...]
    source: str
    weak: tuple[str, ...] = ()
    short: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    note: str | None = None

    @property
    def surfaces(self) -> tuple[str, ...]:
        return (self.name_ko, *self.aliases)


# ----------------------------------------------------------------------------------------------
# Reading


def _rows(path: Path) -> Iterator[tuple[int, list[str] | None, list[str]]]:
    """Yield (line, header, cells) per data row; header-only rows are consumed."""
    header: list[str] | None = None
    with path.open(encoding="utf-8-sig") as f:
        for no, line in enumerate(f, 1):
            line = line.rstrip("\r\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = [c.strip() for c in line.split("\t")]
            if header is None:
                header = [c.lower() for c in cells]
                continue
            yield no, header, cells


def _split(cell: str) -> list[str]:
    return [a.strip() for a in cell.split("|") if a.strip()] if cell else []


def _user_paths_from_env() -> list[Path]:
    v = os.environ.get(ENV_USER_KB, "").strip()
    return [Path(p) for p in v.split(os.pathsep) if p] if v else []


def _expand(paths: Iterable[str | os.PathLike]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(sorted(p.glob("*.tsv")))
        elif p.exists():
            out.append(p)
        else:
            raise DataFileError("user KB file not found; check the path (or SAGEON_USER_KB)", source=str(p))
    return out


class _Loader:
    """Reads files into raw rows, merges user layers, validates, collects problems."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []  # (file:line, message)
        self.entries: dict[str, dict] = {}
        self.offices: list[dict] = []
        self.roles: dict[str, Role] = {}
        self.common_words: set[str] = set()
        self.not_actors: list[str] = []

    def problem(self, where: str, msg: str) -> None:
        self.problems.append((where, msg))

    def read(self, path: Path, *, user: bool) -> None:
        name = path.name if not user else str(path)
        layer_ids: set[str] = set()
        for no, header, cells in _rows(path):
            where = f"{name}:{no}"
            if len(cells) > len(header):
                extra = [c for c in cells[len(header):] if c]
                if extra:
                    self.problem(where, f"{len(cells)} columns but the header has {len(header)}; check tabs")
                    continue
            cells = cells + [""] * (len(header) - len(cells))
            row = dict(zip(header, cells))
            if "surface" in header and "kind" in header:
                self._role(row, where)
            elif header[0] == "word":
                if row["word"]:
                    self.common_words.add(row["word"])
            elif header[0] == "phrase":
                if row["phrase"] and row["phrase"] not in self.not_actors:
                    self.not_actors.append(row["phrase"])
            elif "person" in header and "valid_from" in header:
                self._office(row, where)
            elif "id" in header and ("name_ko" in header or user):
                self._entry(row, where, path, user, layer_ids)
            else:
                self.problem(where, "unknown table: header needs id+name_ko (entries), person+valid_from "
                             "(offices), surface+kind (roles), word (common words) or phrase (not actors)")
                return

    def _role(self, row: dict, where: str) -> None:
        s, kind, sector = row.get("surface", ""), row.get("kind", "") or "other", row.get("sector", "") or None
        if not s or not row.get("role_en"):
            self.problem(where, "role needs 'surface' and 'role_en'")
            return
        if kind not in ROLE_KINDS:
            self.problem(where, f"kind must be one of: {', '.join(ROLE_KINDS)}; got {kind!r}")
        if sector and sector not in SECTORS:
            self.problem(where, f"sector must be one of: {', '.join(SECTORS)}; got {sector!r}")
        self.roles[s] = Role(s, row["role_en"], sector, kind)

    def _office(self, row: dict, where: str) -> None:
        d = {"person": row.get("person", ""), "role_en": row.get("role_en", ""), "role_ko": row.get("role_ko") or None,
             "country": row.get("country") or None, "sector": row.get("sector") or None,
             "valid_from": row.get("valid_from", ""), "valid_to": row.get("valid_to", ""), "where": where}
        if not d["person"] or not d["role_en"]:
            self.problem(where, "office needs 'person' and 'role_en'")
            return
        self.offices.append(d)

    def _entry(self, row: dict, where: str, path: Path, user: bool, layer_ids: set[str]) -> None:
        eid = row.get("id", "")
        if not eid:
            self.problem(where, "'id' is empty; every entry needs a stable id")
            return
        if eid in layer_ids:
            self.problem(where, f"duplicate id {eid!r} (first at {self.entries[eid]['where']})")
            return
        layer_ids.add(eid)
        typ = row.get("type", "")
        if not typ:
            stem = path.stem.lower()
            typ = "country" if "countr" in stem else "org" if "org" in stem else "person" if "person" in stem else ""
        old = self.entries.get(eid)
        if old is not None and not user:
            self.problem(where, f"duplicate id {eid!r} (first at {old['where']})")
            return
        if old is not None:  # user override: non-empty fields replace
            new = dict(old)
            for k, v in row.items():
                if v and k in new:
                    new[k] = v
            if typ:
                new["type"] = typ
            new["where"] = where
            new["user"] = True
            if any(row.get(k) for k in ("country", "sector", "role")):
                new["drop_offices"] = True
            self._inline_office(new, row, where)
            self.entries[eid] = new
            return
        if not typ:
            self.problem(where, "cannot tell the entry type: add a 'type' column (country, org, person) "
                         "or name the file countries/orgs/persons*.tsv")
            return
        if not row.get("name_ko"):
            self.problem(where, "'name_ko' is empty")
            return
        e = {k: row.get(k, "") for k in ("id", "name_ko", "name_en", "aliases", "country", "sector", "role",
                                         "short", "capital", "note")}
        e.update(type=typ, where=where, user=user, inline_offices=[])
        self._inline_office(e, row, where)
        self.entries[eid] = e

    def _inline_office(self, e: dict, row: dict, where: str) -> None:
        if row.get("valid_from") or row.get("valid_to"):
            e.setdefault("inline_offices", []).append(
                {"person": e["id"], "role_en": row.get("role") or e.get("role") or "", "role_ko": row.get("role_ko") or None,
                 "country": row.get("country") or e.get("country") or None, "sector": row.get("sector") or e.get("sector") or None,
                 "valid_from": row.get("valid_from", ""), "valid_to": row.get("valid_to", ""), "where": where, "user": True})

    # -- validation and building -----------------------------------------------------------------

    def build(self) -> KnowledgeBase:
        countries = {i for i, e in self.entries.items() if e["type"] == "country"}
        org_codes = {e["country"] for e in self.entries.values() if e["type"] == "org" and e.get("sector") == "IGO" and e.get("country")}
        offices_by: dict[str, list[Office]] = {}
        all_offices = [o for o in self.offices] + [o for e in self.entries.values() for o in e.get("inline_offices", [])]
        for o in all_offices:
            where = o["where"]
            pe = self.entries.get(o["person"])
            if pe is None:
                self.problem(where, f"office for unknown person id {o['person']!r}")
                continue
            if pe.get("drop_offices") and not o.get("user"):
                continue  # the user row redefines country/sector/role: bundled offices no longer apply
            if not o["role_en"]:
                self.problem(where, "office needs a role ('role' or 'role_en')")
                continue
            country = o["country"] or pe.get("country") or None
            sector = o["sector"] or pe.get("sector") or None
            self._check_code(country, countries, org_codes, where)
            self._check_sector(sector, where)
            try:
                vf = _parse_date(o["valid_from"]) if o["valid_from"] else None
                vt = _parse_date(o["valid_to"], end=True) if o["valid_to"] else None
            except ValueError:
                self.problem(where, f"bad date {o['valid_from']!r}/{o['valid_to']!r}; want YYYY, YYYY-MM or YYYY-MM-DD")
                continue
            if vf and vt and vf > vt:
                self.problem(where, f"valid_from {vf} is after valid_to {vt}")
                continue
            offices_by.setdefault(o["person"], []).append(Office(o["role_en"], o["role_ko"], country, sector, vf, vt))

        entries: dict[str, KBEntry] = {}
        for eid, e in self.entries.items():
            where = e["where"]
            typ = e["type"]
            if typ not in ACTOR_TYPES:
                self.problem(where, f"type must be one of: {', '.join(ACTOR_TYPES)}; got {typ!r}")
                continue
            if typ == "country":
                if not _ISO3_RE.match(eid):
                    self.problem(where, f"country id must be an ISO 3166-1 alpha-3 code; got {eid!r}")
                country = e.get("country") or eid
            else:
                if not _ID_RE.match(eid):
                    self.problem(where, f"id must be a lowercase slug [a-z0-9_]; got {eid!r}")
                country = e.get("country") or None
                self._check_code(country, countries, org_codes, where)
            sector = e.get("sector") or None
            self._check_sector(sector, where)
            aliases, weak = [], []
            for a in _split(e.get("aliases", "")):
                if a.startswith("!"):
                    weak.append(a[1:])
                    continue
                if len(a) == 1 and _HANGUL_RE.match(a):
                    self.problem(where, f"one-syllable alias {a!r} would match everywhere; put it in 'short' "
                                 "(compounds) or mark it weak with a leading !")
                    continue
                if a != e["name_ko"] and a not in aliases:
                    aliases.append(a)
            offs = tuple(sorted(offices_by.get(eid, ()), key=lambda o: (o.valid_from or dt.date.min)))
            entries[eid] = KBEntry(
                id=eid, type=typ, name_ko=e["name_ko"], name_en=e.get("name_en") or None, aliases=tuple(aliases),
                country=country, sector=sector, role=e.get("role") or None, offices=offs, source=where,
                weak=tuple(weak), short=tuple(_split(e.get("short", ""))), capitals=tuple(_split(e.get("capital", ""))),
                note=e.get("note") or None)
        return KnowledgeBase(entries, dict(self.roles), user_ids={i for i, e in self.entries.items() if e.get("user")},
                             common_words=self.common_words, not_actors=self.not_actors)

    def _check_code(self, code: str | None, countries: set[str], org_codes: set[str], where: str) -> None:
        if not code or code in countries or code in org_codes:
            return
        if _ISO3_RE.match(code):
            try:
                import pycountry

                if pycountry.countries.get(alpha_3=code):
                    return
            except ImportError:  # pragma: no cover
                pass
        self.problem(where, f"country {code!r} is neither an ISO 3166-1 alpha-3 code in countries.tsv "
                     "nor an organisation code (UN, EU, NATO, ...)")

    def _check_sector(self, sector: str | None, where: str) -> None:
        if sector and sector not in SECTORS:
            self.problem(where, f"sector must be one of: {', '.join(SECTORS)}; got {sector!r}")


def _load(user_paths: Iterable[str | os.PathLike] | None, bundled: bool) -> tuple[KnowledgeBase, list[tuple[str, str]]]:
    ld = _Loader()
    if bundled:
        files = sorted(DATA_DIR.glob("*.tsv"))
        # entries before offices: offices refer to persons
        for p in files:
            ld.read(p, user=False)
    for p in _expand(user_paths or []):
        ld.read(p, user=True)
    return ld.build(), ld.problems


def load_kb(user_paths: Iterable[str | os.PathLike] | None = None, *, bundled: bool = True) -> KnowledgeBase:
    """Load and validate the bundled KB plus user files (files or directories of ``.tsv``).

    Raises :class:`~sageon.errors.DataFileError` naming ``file:line`` of the first bad row.
    """
    kb, problems = _load(user_paths, bundled)
    if problems:
        where, msg = problems[0]
        more = f" (and {len(problems) - 1} more problems; run 'sageon kb check')" if len(problems) > 1 else ""
        raise DataFileError(msg + more, source=where)
    return kb


def check_kb(user_paths: Iterable[str | os.PathLike] | None = None, *, bundled: bool = True) -> list[str]:
    """All problems as ``file:line: message`` strings (empty list = valid)."""
    try:
        _, problems = _load(user_paths, bundled)
    except DataFileError as exc:
        return [str(exc)]
    return [f"{w}: {m}" for w, m in problems]


_DEFAULT: dict[str | None, KnowledgeBase] = {}


def default_kb() -> KnowledgeBase:
    """The bundled KB plus the user files named by ``SAGEON_USER_KB``; built once per env value."""
    key = os.environ.get(ENV_USER_KB) or None
    kb = _DEFAULT.get(key)
    if kb is None:
        kb = _DEFAULT[key] = load_kb(_user_paths_from_env())
    return kb


# ----------------------------------------------------------------------------------------------
# The knowledge base


class KnowledgeBase:
    """Dict-based indexes over the entries, built once."""

    def __init__(self, entries: dict[str, KBEntry], roles: dict[str, Role], *, user_ids: set[str] | None = None,
                 common_words: Iterable[str] = (), not_actors: Iterable[str] = ()):
        self.entries = entries
        # names that are also everyday words (바로 "right away", 조국 "homeland"): see common_words.tsv
        self.common_words = frozenset(common_words)
        # phrases that hold a name but name no actor (인도·태평양): see not_actors.tsv
        self.not_actors = tuple(not_actors)
        self._user_ids = user_ids or set()
        self._order = {eid: i for i, eid in enumerate(entries)}
        lookup: dict[str, list[str]] = {}
        index: dict[str, list[str]] = {}

        def add(d: dict[str, list[str]], key: str, eid: str) -> None:
            ids = d.setdefault(key, [])
            if eid not in ids:
                ids.append(eid)

        for eid, e in entries.items():
            for s in e.surfaces:
                add(lookup, normalize(s), eid)
                if len(s) == 1 and _HANGUL_RE.match(s):
                    continue
                add(index, s, eid)
                for v in (re.sub(r"\s+", "", s), re.sub(rf"[{_DOTS}]", "", s), re.sub(rf"[{_DOTS}]", " ", s)):
                    if v != s and v.strip():
                        add(index, v, eid)
            for s in e.weak:
                add(lookup, normalize(s), eid)
            if e.name_en:
                add(lookup, normalize(e.name_en), eid)
            add(lookup, normalize(eid), eid)
        self._lookup = {k: tuple(v) for k, v in lookup.items()}
        self.alias_index: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in index.items()}
        self.max_alias_len = max((len(k) for k in self.alias_index), default=0)

        self._capitals: dict[str, str] = {}
        self._short: dict[str, str] = {}
        self._compound_part: dict[str, str] = {}
        for eid, e in entries.items():
            if e.type == "country":
                for c in e.capitals:
                    self._capitals[normalize(c)] = eid
                for s in e.short:
                    self._short.setdefault(s, eid)
                for s in e.surfaces:
                    self._compound_part.setdefault(normalize(s), eid)
            elif e.type == "org" and e.sector == "IGO" and e.country and e.country.isupper():
                for s in e.surfaces:
                    if len(s) >= 2:
                        self._compound_part.setdefault(normalize(s), e.country)
        for s, c in self._short.items():
            self._compound_part[normalize(s)] = c
        syl = {s: c for s, c in self._short.items() if s in _COMPOUND_SYLLABLES}
        forms: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in COMPOUND_FIXED.items()}
        for n in (2, 3):
            for combo in permutations(syl, n):
                codes = [syl[s] for s in combo]
                word = "".join(combo)
                if len(set(codes)) == n and word not in COMPOUND_EXCEPTIONS:
                    forms.setdefault(word, tuple(codes))
        #: unseparated compounds (북러, 한미일) → member codes, for the matcher
        self.compound_forms: dict[str, tuple[str, ...]] = forms
        parts = sorted({*self._compound_part, *(p for p in self._short)}, key=len, reverse=True)
        alt = "|".join(re.escape(p) for p in parts if p)
        #: separated compounds (한·미, 미-중, 한·EU, 미국·중국) as a regex over text
        self.compound_regex = re.compile(rf"(?:{alt})(?:\s?[{_DOTS}\-–/]\s?(?:{alt})){{1,4}}")

        self.roles: dict[str, Role] = {}
        for s, r in roles.items():
            self.roles[s] = r
            if " " in s:
                self.roles.setdefault(s.replace(" ", ""), replace(r, surface=s.replace(" ", "")))
        self._roles_norm = {normalize(s): r for s, r in self.roles.items()}

    def __repr__(self) -> str:
        c = self.counts()
        return f"KnowledgeBase(countries={c['country']}, orgs={c['org']}, persons={c['person']}, roles={c['roles']})"

    def __len__(self) -> int:
        return len(self.entries)

    def counts(self) -> dict[str, int]:
        out = {t: 0 for t in ACTOR_TYPES}
        for e in self.entries.values():
            out[e.type] += 1
        out["roles"] = len({r.role_en + r.surface.replace(" ", "") for r in self.roles.values()})
        out["offices"] = sum(len(e.offices) for e in self.entries.values())
        return out

    # -- lookups ------------------------------------------------------------------------------

    def get(self, id: str) -> KBEntry | None:
        return self.entries.get(id)

    def lookup(self, name: str, *, date: dt.date | None = None) -> list[KBEntry]:
        """Entries whose name or alias equals ``name`` (spaces and middle dots ignored), best first:
        user entries, then persons in office at ``date``, then exact ``name_ko``, then file order."""
        key = normalize(name)
        ids = self._lookup.get(key)
        if not ids:
            return []
        es = [self.entries[i] for i in ids]
        if len(es) == 1:
            return es

        def rank(e: KBEntry) -> tuple:
            in_office = any(o.active(date) for o in e.offices)
            return (e.id not in self._user_ids, not in_office if e.offices else True,
                    normalize(e.name_ko) != key, self._order[e.id])

        return sorted(es, key=rank)

    def compound(self, surface: str) -> list[str] | None:
        """Members of a pair/group compound: ``북러`` → ['PRK', 'RUS'], ``미·중`` → ['USA', 'CHN'],
        ``한-EU`` → ['KOR', 'EU']; ``None`` if ``surface`` is not a compound."""
        s = unicodedata.normalize("NFC", surface).strip()
        if s in self.compound_forms:
            return list(self.compound_forms[s])
        parts = [p for p in _SEP_RE.split(s)]
        if len(parts) < 2 or len(parts) > 5 or not all(parts):
            return None
        codes = []
        for p in parts:
            c = self._compound_part.get(normalize(p))
            if c is None:
                return None
            codes.append(c)
        return codes if len(set(codes)) == len(codes) else None

    def capital(self, surface: str) -> str | None:
        """Country code for a capital used as metonym: ``워싱턴`` → 'USA', ``키예프`` → 'UKR'."""
        return self._capitals.get(normalize(surface))

    @property
    def capitals(self) -> dict[str, str]:
        return dict(self._capitals)

    def role(self, surface: str) -> Role | None:
        """The role noun, also with a former-prefix: ``전 대통령`` → Role(former president, former=True)."""
        r = self._roles_norm.get(normalize(surface))
        if r is not None:
            return r
        s = surface.strip()
        for p in _FORMER_PREFIXES:
            if s.startswith(p) and len(s) > len(p):
                base = self._roles_norm.get(normalize(s[len(p):]))
                if base is not None:
                    return Role(s, f"former {base.role_en}", base.sector, base.kind, former=True)
        return None

    def office_at(self, entry: KBEntry, date: dt.date | None = None) -> Office | None:
        """The office held at ``date``: one covering the date (latest start), else the latest that
        started on or before it; with ``date=None`` the newest."""
        if not entry.offices:
            return None
        if date is None:
            return max(entry.offices, key=lambda o: (o.valid_to is None, o.valid_from or dt.date.min))
        started = [o for o in entry.offices if o.valid_from is None or o.valid_from <= date]
        if not started:
            return None
        covering = [o for o in started if o.valid_to is None or date <= o.valid_to]
        return max(covering or started, key=lambda o: o.valid_from or dt.date.min)

    def to_actor(self, entry: KBEntry, date: dt.date | None = None) -> Actor:
        off = self.office_at(entry, date)
        return Actor(
            id=entry.id, name_ko=entry.name_ko, type=entry.type,
            country=(off.country if off and off.country else entry.country),
            sector=(off.sector if off and off.sector else entry.sector),
            role=(off.role_en if off else entry.role), name_en=entry.name_en)

    def user_words(self) -> list[str]:
        """Person names and long organisation names for Kiwi's user dictionary (Hangul, 2+ syllables)."""
        out = set()
        for e in self.entries.values():
            if e.type == "country":
                continue
            for s in e.surfaces:
                if not _HANGUL_RE.match(s) or s in self.common_words:
                    continue  # a common word stays Kiwi's to tag (바로 is an adverb, 그린 a verb)
                if (e.type == "person" and len(s) >= 2) or (e.type == "org" and len(s) >= 3):
                    out.add(s)
        return sorted(out)

    def persons_by_surname(self, surname: str) -> list[KBEntry]:
        """Korean-named persons (2–4 Hangul syllables) whose name starts with ``surname``."""
        surname = surname.strip()
        return [e for e in self.entries.values()
                if e.type == "person" and _HANGUL_RE.match(e.name_ko) and 2 <= len(e.name_ko) <= 4
                and e.name_ko.startswith(surname) and len(e.name_ko) > len(surname)]

    def iter(self, type: str | None = None) -> Iterator[KBEntry]:
        return (e for e in self.entries.values() if type is None or e.type == type)
