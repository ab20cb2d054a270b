"""``sageon kb ...``: look up actors, check the KB files, mine a corpus for new actors.

    sageon kb lookup 푸틴 --format json
    sageon kb check [--user my_actors.tsv]
    sageon kb mine corpus.jsonl.gz --limit 5000 --out candidates.tsv
"""

from __future__ import annotations

import datetime as dt
import gzip
import html
import json
import re
import sys
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import typer

kb_app = typer.Typer(help="The actor knowledge base: lookup, check, mine.", no_args_is_help=True)


def register(app) -> None:
    app.add_typer(kb_app, name="kb")


def _fail(msg: str) -> None:
    from .cli import fail

    fail(msg)


def _kb(user: list[Path] | None):
    from .kb import default_kb, load_kb

    return load_kb(user_paths=user) if user else default_kb()


# ----------------------------------------------------------------------------------------------
# lookup / check


@kb_app.command("lookup")
def lookup_cmd(
    name: str = typer.Argument(..., help="A name or alias: 푸틴, 최선희, 외교부, 북한."),
    date: str = typer.Option(None, "--date", "-d", help="Resolve offices at this date (YYYY-MM-DD)."),
    format: str = typer.Option("table", "--format", "-f", help="table or json."),
    user: list[Path] = typer.Option(None, "--user", help="Extra user KB file(s) layered over the bundled KB."),
) -> None:
    """Candidate actors for NAME, best first (also compounds like 북러 and capitals like 워싱턴)."""
    if format not in ("table", "json"):
        _fail(f"--format must be one of: table, json; got {format!r}")
    d = None
    if date:
        try:
            d = dt.date.fromisoformat(date)
        except ValueError:
            _fail(f"--date must be YYYY-MM-DD; got {date!r}")
    kb = _kb(user)
    rows = []
    for e in kb.lookup(name, date=d):
        a = kb.to_actor(e, d)
        row = asdict(a)
        off = kb.office_at(e, d)
        row.update(aliases=list(e.aliases), source=e.source, office_active=bool(off and off.active(d)) if off else None)
        rows.append(row)
    extra = {}
    if (c := kb.compound(name)) is not None:
        extra["compound"] = c
    if (c := kb.capital(name)) is not None:
        extra["capital_of"] = c
    if (r := kb.role(name)) is not None:
        extra["role"] = asdict(r)
    if format == "json":
        out = rows
        if extra and not rows:
            out = [dict(id=None, name_ko=name, name_en=None, type="compound" if "compound" in extra else "metonym" if "capital_of" in extra else "role",
                        country=None, sector=None, role=None, **extra)]
        typer.echo(json.dumps(out, ensure_ascii=False, indent=1))
        return
    if not rows and not extra:
        from .cli import err

        err.print(f"no KB entry for {name!r}")
        raise typer.Exit(1)
    for r in rows:
        typer.echo("\t".join(str(r[k] or "") for k in ("id", "name_ko", "name_en", "type", "country", "sector", "role", "source")))
    for k, v in extra.items():
        typer.echo(f"{k}\t{v}")


@kb_app.command("check")
def check_cmd(user: list[Path] = typer.Option(None, "--user", help="User KB file(s) or directories to check too.")) -> None:
    """Validate the KB files (and user files; SAGEON_USER_KB too): ids, codes, dates, columns."""
    import os

    from .kb import ENV_USER_KB, _user_paths_from_env, check_kb, load_kb

    paths = list(user or []) + (_user_paths_from_env() if os.environ.get(ENV_USER_KB) else [])
    problems = check_kb(paths)
    if problems:
        from .cli import err

        for p in problems:
            err.print(p, highlight=False, soft_wrap=True)
        _fail(f"{len(problems)} problem(s) in the KB files")
    kb = load_kb(paths)
    c = kb.counts()
    typer.echo(f"ok: {c['country']} countries, {c['org']} orgs, {c['person']} persons, {c['offices']} offices, {len(kb.roles)} role nouns")


# ----------------------------------------------------------------------------------------------
# mine

# Words that precede a role noun or a country but are not names.
STOP = frozenset("""
이날 당시 지난 이번 한편 또한 특히 현재 앞서 그러나 하지만 이어 최근 전날 오늘 올해 작년 이후 대해 관련 위해 또 다음
그는 그녀는 이는 이에 이와 이를 이미 아직 모든 각국 양국 우리 한국 미국 중국 일본 북한 러시아 새 신임 전임 후임 현직 전직
역대 차기 초대 첫 직전 당 정부 국가 대통령 총리 장관 의원 대표 위원장 시장 지사 대변인 한국의 미국의 중국의 북한의 러시아의 일본의
이란 이스라엘 우크라이나 함께 통해 따르면 밝혔다 말했다 했다 있다 없다 없는 있는 대한 같은 다른 이같이 이같은 그런 이런 어떤 무슨
부부 여사 씨 측 등 및 겸 각 전 현 前 與 野 여당 야당 여야 민주당 국민의힘 정권 행정부 내각 외교 국방 통일 안보 경제 대북 대미 대중
대일 대러 친 반 당내 당대표 후보 예비후보 출신 소속 출마 경선 선출 임명 지명 내정 사퇴 사임 해임 탄핵 취임 방한 방북 방미 방중 방일
참석 발언 회담 회견 기자회견 담화 성명 발표 보도 인터뷰 연설 정상 정상회담 정부의 측은 측의 관계자 당국자 소식통 전문가
주한 주미 주중 주일 주러 주유엔 주북 초대형 공동 단독 상임 수석 부 제1 제 임시 권한대행 직무대행 비상 대행 명예 종신
""".split())
MINE_SKIP_ROLES = frozenset({"수상", "특검", "비서", "부상", "시장", "공사", "검사", "대장", "원수", "부장", "국장", "실장", "수석", "처장", "청장", "총장", "차수", "장군"})
SURNAMES = frozenset("김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민나진지엄채원천방공현함변염여추도소석선설마길연위표명기반라왕금옥육인맹제모탁국어은편용예경봉사부가복태목형피두감음빈동온호범좌팽승간상갈단견당화창옹순리")
_PREV_WORD = re.compile(r"(?<![가-힣])([가-힣]{2,6})\s$")
_ORG_END = re.compile(r"(?:부|처|청|위|회|당|교|국|원|실|단|社|시장|그룹|은행|증권|전자|협회|재단|센터|공사|공단|기업|업계|정부|당국)$")
NOT_NAMES = frozenset("""종합 전략경제협력 캐피탈 내란 재선 중진 정치 총재 부문 현역 표창 결국 연속 외교정책 대상 상근 담당 따라 부처
해당 과학기술 여성 초선 관련해 연방 추가 핵심 게이트 경우 그간 아니라 업체 지금 유공 방산 인정받아 전남 분야 자회사 계열사 누가
일부 대통령상 전현직 각각 각자 과거 번째 시스템 이제 지역구 하다가 이상 유가족 증권 현지 가운데 뉴욕주 의혹 관저 당선자 등이
역시 영상 주재 차례 해병 겨울 그런데 블랙 상병 우수상 척하다가 개국 겨울철 다시 만큼 민주 사실이 시절 열린 임명은 채해병 체포
출석해 특위 후반기 거쳐 뉴욕 대상이나 도매업체 밝혀지자 부처별 수도권 아울러 외무 즉각 지주부문 벤처투자 영부인 정상들 국방
외교장관 정무 공동 최고 전체 정식 신규 기존 가장 모두 직접 새로 처음 이어서 또다시 그리고 그래서 반면 동시에 한때 예정 당선
주요 고위 국내외 당내외 여권 야권 진영 보수 진보 중도 친윤 친명 친한 비명 친문 원내 원외 지도부 대선 총선 지선 지방선거
어도어 우리캐피탈 서울신문 텔레콤 무역아카데미 북미 브랜드 쏘카 와플랫 제거해야 주무 협력사 회사 경찰은 굴곡진 동료 분쯤 아닌
엠모바일 그러니까 발레주 소말릴란드 뉴저지 캘리포니아 플로리다 텍사스 서브컬쳐 행사 등의 중재 자오
""".split()) | frozenset("코스닥 코스피 국내 해외 글로벌 증시 주식 업계 기업 쿠팡 삼성 현대 네이버 카카오 통일교 신천지 검찰 경찰 법원 특검 국회 여권 야권 지역 지방 중앙 서울 부산 경기".split())
_BAD_END = re.compile(r"(?:다|고|며|서|면|게|히|로|에|는|를|을|와|과|도|만|의|께|들|적|씨|님|측|들|한|할|된|될|인|던)$")
_PARTICLE = r"(?:은|는|이|가|을|를|의|과|와|도|에게|께서|께|만|로서|으로|로|이다|였다|측)?"
_AFTER = r"(?=[\s,.:;!?'\"“”‘’·…)\]]|$)"


@dataclass
class Candidate:
    name: str
    count: int = 0
    countries: Counter = field(default_factory=Counter)
    roles: Counter = field(default_factory=Counter)
    patterns: Counter = field(default_factory=Counter)
    example: str = ""


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


class Miner:
    """Regex-only candidate finder over Korean news text; see :func:`mine_cmd`."""

    def __init__(self, kb) -> None:
        self.kb = kb
        cmap: dict[str, str] = {}
        for e in kb.iter("country"):
            for s in e.surfaces:
                if re.fullmatch(r"[가-힣]{2,}", s) and s not in ("우리나라", "남측", "북측"):
                    cmap[s] = e.id
        self.cmap = cmap
        # media/business roles (기자, 회장) and polysemous nouns (시장 = market, 공사 = construction) out
        roles = [r for r, ro in kb.roles.items() if len(r) >= 2 and re.fullmatch(r"[가-힣 ]+", r)
                 and ro.kind not in ("media", "other") and r not in MINE_SKIP_ROLES]
        C, R = _alt(cmap), _alt(roles)
        mid = r"(?:(?:외교부|외무부|외무성|국방부|국방성|국무부|대통령실|대통령궁|크렘린궁|정부|당국|의회|하원|상원|백악관|통일부|노동당|공산당|집권당|자민당|군|외교|국방)\s?)?"
        pre = r"(?:(?:전|前|현)\s?)?"
        name1 = r"[가-힣]{2,6}"
        self.rx_a = re.compile(rf"(?<![가-힣])(?P<country>{C})(?:의)?\s{mid}{pre}(?P<role>{R})\s(?P<name>{name1}(?:\s{name1}){{0,2}})")
        self.rx_b = re.compile(rf"(?<![가-힣])(?P<name>{name1})\s(?P<country>{C})\s{mid}{pre}(?P<role>{R}){_PARTICLE}{_AFTER}")
        self.rx_d = re.compile(rf"(?<![가-힣])(?P<country>{C})\s(?P<name>{name1}(?:\s{name1})?)\s{pre}(?P<role>{R}){_PARTICLE}{_AFTER}")
        self.rx_c = re.compile(rf"(?<![가-힣A-Za-z0-9&])(?P<name>{name1})\s{pre}(?P<role>{R}){_PARTICLE}{_AFTER}")
        self.roleset = set(kb.roles)

    def _clean(self, name: str, *, after_role: bool) -> str | None:
        words = name.split()
        if after_role:
            # name after a role: stop at the first word that carries a particle or is a stop word
            out = []
            for w in words:
                if w in STOP or w in self.roleset or w in self.cmap:
                    break
                m = re.fullmatch(rf"([가-힣]{{2,6}}?){_PARTICLE}", w)
                stem = m.group(1) if m else w
                if stem != w:
                    if self._known(" ".join(out + [w])) and not self._known(" ".join(out + [stem])):
                        out.append(w)
                    else:
                        out.append(stem)
                    break
                out.append(w)
            words = out
        if not words:
            return None
        if any(w in STOP or w in NOT_NAMES or w in self.roleset or w in self.cmap for w in words):
            return None
        if len(words) == 1 and len(words[0]) >= 3 and _ORG_END.search(words[0]) and not self._known(words[0]):
            return None
        if not self._known(" ".join(words)):
            w = words[-1]
            korean_like = len(words) == 1 and len(w) == 3 and w[0] in SURNAMES and w[-1] not in "가는를을의도와과에"
            if not korean_like and w[-1] in "은는이가을를의도와과에서":
                return None
        last = words[-1]
        if _BAD_END.search(last) and not self._known(" ".join(words)):
            return None
        n = " ".join(words)
        if len(n.replace(" ", "")) < 2:
            return None
        return n

    def _known(self, n: str) -> bool:
        return bool(self.kb.lookup(n))

    def scan(self, text: str, found: dict[str, Candidate]) -> None:
        taken: list[tuple[int, int]] = []

        def add(name: str | None, country: str | None, role: str, pat: str, m: re.Match) -> None:
            if not name:
                return
            c = found.get(name)
            if c is None:
                c = found[name] = Candidate(name)
            c.count += 1
            if country:
                c.countries[country] += 1
            c.roles[role] += 1
            c.patterns[pat] += 1
            if not c.example:
                c.example = text[max(0, m.start() - 20): m.end() + 20].replace("\n", " ").replace("\t", " ")

        for pat, rx, after in (("country role name", self.rx_a, True), ("name country role", self.rx_b, False),
                               ("country name role", self.rx_d, False)):
            for m in rx.finditer(text):
                s, e = m.span("name")
                if any(a < e and s < b for a, b in taken):
                    continue
                n = self._clean(m.group("name"), after_role=after)
                if n:
                    taken.append((s, s + len(n)))
                add(n, self.cmap[m.group("country")], m.group("role"), pat, m)
        for m in self.rx_c.finditer(text):
            s, e = m.span("name")
            if any(a < e and s < b for a, b in taken):
                continue
            name = m.group("name")
            pm = _PREV_WORD.search(text, max(0, s - 12), s)
            if pm:
                prev = pm.group(1)
                if self._known(f"{prev} {name}"):
                    name = f"{prev} {name}"  # 기시다 후미오 전 총리
                elif (len(prev) == 3 and prev[0] in SURNAMES and prev[-1] not in "은는이가을를의도와과에") or any(
                        x.type == "person" for x in self.kb.lookup(prev)):
                    continue  # 김성훈 업스테이지 대표: the word before the role is the organisation
            add(self._clean(name, after_role=False), None, m.group("role"), "name role", m)

    def status(self, c: Candidate) -> tuple[str, str | None]:
        """(status, implied country): known:<id> | known_other_country:<id>(<cc>) | not_person:<id> | unknown."""
        implied = c.countries.most_common(1)[0][0] if c.countries else None
        es = self.kb.lookup(c.name)
        if not es:
            return "unknown", implied
        persons = [e for e in es if e.type == "person"]
        if not persons:
            return f"not_person:{es[0].id}", implied
        if implied is None:
            return f"known:{persons[0].id}", implied
        for e in persons:
            if self.kb.to_actor(e).country == implied or e.country == implied:
                return f"known:{e.id}", implied
        return f"known_other_country:{persons[0].id}({persons[0].country})", implied


def iter_corpus(path: Path, limit: int | None = None) -> Iterator[str]:
    """Title + body of each record of a .jsonl / .jsonl.gz corpus, HTML entities unescaped."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if limit is not None and i >= limit:
                break
            try:
                r = json.loads(line)
            except json.JSONDecodeError:
                continue
            yield html.unescape((r.get("title") or "") + "\n" + (r.get("body") or r.get("text") or ""))


def mine(path: Path, kb=None, *, limit: int | None = None, min_count: int = 2) -> list[tuple[Candidate, str, str | None]]:
    """Candidates sorted by count: (candidate, status, implied country)."""
    if kb is None:
        from .kb import default_kb

        kb = default_kb()
    miner = Miner(kb)
    found: dict[str, Candidate] = {}
    for text in iter_corpus(path, limit):
        miner.scan(text, found)
    out = []
    for c in sorted(found.values(), key=lambda c: (-c.count, c.name)):
        if c.count < min_count:
            break
        st, implied = miner.status(c)
        if st.startswith("not_person"):
            continue  # an organisation or country the KB knows: not a person candidate
        out.append((c, st, implied))
    return out


@kb_app.command("mine")
def mine_cmd(
    corpus: Path = typer.Argument(..., help="A .jsonl or .jsonl.gz corpus with title/body fields."),
    limit: int = typer.Option(None, "--limit", "-n", help="Read only the first N records."),
    out: Path = typer.Option(None, "--out", "-o", help="Write the TSV here (default: stdout)."),
    min_count: int = typer.Option(2, "--min-count", help="Drop candidates seen fewer times."),
    unknown_only: bool = typer.Option(False, "--unknown", help="Only candidates the KB does not resolve."),
) -> None:
    """Propose actors from patterns like 러시아 외무장관 세르게이 라브로프 / 최선희 북한 외무상 /
    페스코프 대변인, with counts, implied country and role, and what the KB knows."""
    if not corpus.exists():
        _fail(f"{corpus}: no such file")
    rows = mine(corpus, limit=limit, min_count=min_count)
    f = out.open("w", encoding="utf-8") if out else sys.stdout
    f.write("# sageon kb mine: review, then copy good rows into a user KB file (persons.tsv columns)\n")
    f.write("count\tname\timplied_country\tcountries\troles\tpatterns\tstatus\texample\n")
    for c, st, implied in rows:
        if unknown_only and not st.startswith(("unknown", "known_other")):
            continue
        f.write("\t".join([str(c.count), c.name, implied or "",
                           ",".join(f"{k}:{v}" for k, v in c.countries.most_common(3)),
                           ",".join(f"{k}:{v}" for k, v in c.roles.most_common(3)),
                           ",".join(f"{k}:{v}" for k, v in c.patterns.most_common()), st, c.example]) + "\n")
    if out:
        f.close()
        from .cli import err

        err.print(f"wrote {len(rows)} candidates to {out}")
