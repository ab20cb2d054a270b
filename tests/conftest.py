"""Shared fixtures: a store URL for each backend, and a hand-built corpus with known events.

``db_url`` is parametrized over SQLite (a temporary file) and PostgreSQL (a fresh database
``sageon_test_<random>`` on 127.0.0.1:5432, dropped afterwards). When PostgreSQL is not
reachable the PostgreSQL cases are skipped, unless ``SAGEON_REQUIRE_POSTGRES=1`` (CI), which
makes them fail.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path

import pytest

from sageon.schema import DateValue, Document, Event, Participant

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PG_ADMIN = os.environ.get("SAGEON_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def _pg_database():
    from sqlalchemy import create_engine, text

    try:
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any failure means: no PostgreSQL here
        msg = f"PostgreSQL not reachable at 127.0.0.1:5432: {str(exc).splitlines()[0]}"
        if os.environ.get("SAGEON_REQUIRE_POSTGRES") == "1":
            pytest.fail(msg)
        pytest.skip(msg)
    name = f"sageon_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    return admin, name, url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A URL to an empty database, once per backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    from sqlalchemy import text

    admin, name, url = _pg_database()
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def store(db_url):
    from sageon.store import open_store

    st = open_store(db_url)
    yield st
    st.close()


# --------------------------------------------------------------------------------------------
# A hand-built corpus: six articles, twelve events, two of them repeat reports of another.
#
# dyad PRK–RUS by month (default modalities: the negated AGREE is not counted):
#   2025-12 PRK>RUS q1=2 (CONSULT 12-01 reported twice = 1 story, CONSULT 12-24)  sum 2.0
#   2025-12 RUS>PRK q2=1 (AID)                                                     sum 7.0
#   2026-01 PRK>RUS q2=1 (COOPERATE)                                               sum 6.0
# PRK–USA: 2025-12 PRK>USA q3=3 (ACCUSE 12-02 twice = 1 story, THREATEN, ACCUSE 12-10) sum -10.0
#          2026-01 PRK>USA q3=1 (-2.0), USA>PRK q4=1 (-4.0)


def _ev(doc_text: str, evidence: str, typ: str, src: tuple[str, str], tgt: tuple[str, str] | None, *,
        date: str | None = None, intensity: float = 0.0, trigger: str = "", modality: str = "asserted") -> Event:
    start = doc_text.index(evidence)
    return Event(start=start, end=start + len(evidence), text=evidence, sentence=0, type=typ, modality=modality,
                 source=Participant(src[0], src[1]), target=Participant(tgt[0], tgt[1]) if tgt else None,
                 trigger=trigger, date=DateValue(date, "day", source="test") if date else None, intensity=intensity)


def _doc(i: int, published: str, sentences: list[str], url: str | None = None) -> Document:
    text = f"기사 {i}\n" + " ".join(sentences)
    return Document(text=text, id=f"hand-{i}", title=f"기사 {i}", published=dt.date.fromisoformat(published),
                    outlet=["연합뉴스", "뉴스1", "한겨레"][i % 3], url=url or f"https://example.org/hand/{i}")


def hand_documents() -> list[Document]:
    s1 = "북한과 러시아가 1일 평양에서 회담했다."
    s2 = "북한 외무성은 미국의 적대 정책을 비난했다."
    a1 = _doc(1, "2025-12-02", [s1, s2])
    a1.events = [_ev(a1.text, s1, "CONSULT", ("북한", "PRK"), ("러시아", "RUS"), date="2025-12-01", intensity=1.0, trigger="회담"),
                 _ev(a1.text, s2, "ACCUSE", ("북한 외무성", "PRK"), ("미국", "USA"), intensity=-2.0, trigger="비난")]
    s3 = "북러가 1일 평양에서 외무장관 회담을 열었다."
    s4 = "북한 외무성이 미국의 적대 정책을 강하게 비난했다."
    a2 = _doc(2, "2025-12-02", [s3, s4])
    a2.events = [_ev(a2.text, s3, "CONSULT", ("북", "PRK"), ("러", "RUS"), date="2025-12-01", intensity=1.0, trigger="회담"),
                 _ev(a2.text, s4, "ACCUSE", ("북한 외무성", "PRK"), ("미국", "USA"), intensity=-2.0, trigger="규탄")]
    s5 = "러시아가 19일 북한에 식량을 지원했다."
    s6 = "북한이 20일 미국에 핵 보복을 경고했다."
    s7 = "북한은 러시아와의 합의를 부인했다."
    a3 = _doc(3, "2025-12-20", [s5, s6, s7])
    a3.events = [_ev(a3.text, s5, "AID", ("러시아", "RUS"), ("북한", "PRK"), date="2025-12-19", intensity=7.0, trigger="지원"),
                 _ev(a3.text, s6, "THREATEN", ("북한", "PRK"), ("미국", "USA"), date="2025-12-20", intensity=-6.0, trigger="경고"),
                 _ev(a3.text, s7, "AGREE", ("북한", "PRK"), ("러시아", "RUS"), intensity=4.0, modality="negated")]
    s8 = "북한과 러시아가 4일 군사 협력을 확대했다."
    s9 = "미국이 5일 북한에 추가 제재를 부과했다."
    s10 = "북한은 5일 미국의 제재를 비난했다."
    a4 = _doc(4, "2026-01-05", [s8, s9, s10])
    a4.events = [_ev(a4.text, s8, "COOPERATE", ("북한", "PRK"), ("러시아", "RUS"), date="2026-01-04", intensity=6.0, trigger="협력"),
                 _ev(a4.text, s9, "SANCTION", ("미국", "USA"), ("북한", "PRK"), date="2026-01-05", intensity=-4.0, trigger="제재"),
                 _ev(a4.text, s10, "ACCUSE", ("북한", "PRK"), ("미국", "USA"), date="2026-01-05", intensity=-2.0, trigger="비난")]
    s11 = "북한과 러시아가 24일 모스크바에서 다시 회담했다."
    a5 = _doc(5, "2025-12-25", [s11])
    a5.events = [_ev(a5.text, s11, "CONSULT", ("북한", "PRK"), ("러시아", "RUS"), date="2025-12-24", intensity=1.0, trigger="회담")]
    s12 = "북한 외무성은 미국의 적대 정책을 비난했다."
    a6 = _doc(6, "2025-12-10", [s12])
    a6.events = [_ev(a6.text, s12, "ACCUSE", ("북한 외무성", "PRK"), ("미국", "USA"), intensity=-2.0, trigger="비난")]
    return [a1, a2, a3, a4, a5, a6]


@pytest.fixture
def hand_store(store):
    """The store with the hand-built corpus in it."""
    res = store.add_documents(hand_documents())
    assert res == {"stored": 6, "skipped": 0}
    return store


def corpus_path() -> Path | None:
    p = SHARED / "corpora" / "naver_2025-12_2026-01.jsonl.gz"
    return p if p.exists() else None
