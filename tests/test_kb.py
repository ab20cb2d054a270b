"""The actor KB: real bundled data, user overrides, validation, CLI."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sageon.errors import DataFileError
from sageon.kb import check_kb, default_kb, load_kb

D = dt.date


@pytest.fixture(scope="module")
def kb():
    return load_kb()


COMPOUNDS = [
    ("북러", ["PRK", "RUS"]), ("한미일", ["KOR", "USA", "JPN"]), ("미·중", ["USA", "CHN"]), ("미-중", ["USA", "CHN"]),
    ("미중", ["USA", "CHN"]), ("남북", ["KOR", "PRK"]), ("러·우", ["RUS", "UKR"]), ("북미", ["PRK", "USA"]),
    ("북중러", ["PRK", "CHN", "RUS"]), ("한·일", ["KOR", "JPN"]), ("한-EU", ["KOR", "EU"]), ("미국·중국", ["USA", "CHN"]),
    ("남북한", ["KOR", "PRK"]), ("북한", None), ("남미", None), ("중남미", None), ("독일", None), ("우한", None), ("대미", None),
]


@pytest.mark.parametrize("surface,members", COMPOUNDS)
def test_compound(kb, surface, members):
    assert kb.compound(surface) == members


@pytest.mark.parametrize("surface,code", [("워싱턴", "USA"), ("모스크바", "RUS"), ("키이우", "UKR"), ("키예프", "UKR"),
                                          ("평양", "PRK"), ("베이징", "CHN"), ("도쿄", "JPN"), ("서울", "KOR"), ("부산", None)])
def test_capital(kb, surface, code):
    assert kb.capital(surface) == code


def test_single_syllables_not_indexed(kb):
    for s in ("미", "중", "일", "러", "북", "한", "조선"):
        assert s not in kb.alias_index
    for s in ("北", "美", "中", "日", "露", "韓", "英", "獨", "佛", "臺"):
        assert s in kb.alias_index
    assert "조선중앙통신" in kb.alias_index
    assert kb.max_alias_len >= len("조선중앙통신")


def test_dated_offices(kb):
    e = kb.lookup("조태열", date=D(2024, 6, 1))[0]
    assert kb.office_at(e, D(2024, 6, 1)).role_en == "foreign minister"
    cho = kb.lookup("조현")[0]
    assert kb.office_at(cho, D(2025, 8, 1)).role_en == "foreign minister"
    assert kb.office_at(cho, D(2024, 6, 1)) is None
    a = kb.to_actor(cho, D(2025, 8, 1))
    assert (a.country, a.sector, a.role) == ("KOR", "GOV", "foreign minister")
    assert kb.office_at(kb.get("park_jin"), D(2023, 1, 1)).role_en == "foreign minister"


def test_variants_and_orgs(kb):
    assert kb.lookup("젤렌스끼")[0].id == kb.lookup("젤렌스키")[0].id == "volodymyr_zelensky"
    assert kb.lookup("유엔 안보리")[0].id == kb.lookup("유엔안보리")[0].id == "un_security_council"
    assert kb.lookup("조선중앙통신")[0].country == "PRK"
    assert kb.lookup("민주당")[0].country == "KOR"
    assert kb.lookup("나토")[0].country == "NATO"
    assert kb.lookup("없는사람") == []


def test_roles(kb):
    assert kb.role("외무상").role_en == "foreign minister"
    r = kb.role("전 대통령")
    assert r.former and r.role_en == "former president"
    assert kb.role("외교부장관") is not None


def test_user_words(kb):
    w = kb.user_words()
    assert "최선희" in w and "페스코프" in w and all(" " not in x for x in w)


USER_TSV = """# my actors
id\ttype\tname_ko\tname_en\taliases\tcountry\tsector\trole
hong_gildong\tperson\t홍길동\tHong Gil-dong\t길동이\tKOR\tCVL\tactivist
sergey_lavrov\t\t\t\t\tBLR\tGOV\tambassador
"""


def test_user_override(tmp_path, monkeypatch):
    p = tmp_path / "mine.tsv"
    p.write_text(USER_TSV, encoding="utf-8")
    kb = load_kb(user_paths=[p])
    assert kb.lookup("홍길동")[0].id == "hong_gildong"
    lav = kb.to_actor(kb.lookup("라브로프")[0])
    assert (lav.country, lav.role) == ("BLR", "ambassador")
    monkeypatch.setenv("SAGEON_USER_KB", str(tmp_path))
    kb2 = default_kb()
    assert kb2.lookup("길동이")[0].id == "hong_gildong"
    monkeypatch.delenv("SAGEON_USER_KB")
    assert default_kb().lookup("홍길동") == []


def test_check_duplicate_and_bad_code(tmp_path):
    p = tmp_path / "bad.tsv"
    p.write_text("id\ttype\tname_ko\tcountry\n"
                 "x_one\tperson\t가나다\tKOR\n"
                 "x_one\tperson\t라마바\tKOR\n"
                 "x_two\tperson\t사아자\tXYZ\n", encoding="utf-8")
    problems = check_kb([p])
    assert any("bad.tsv:3" in m and "duplicate" in m for m in problems)
    assert any("bad.tsv:4" in m and "XYZ" in m for m in problems)
    with pytest.raises(DataFileError, match=r"bad\.tsv:3"):
        load_kb(user_paths=[p])


def test_bundled_kb_is_valid_and_large(kb):
    assert check_kb() == []
    c = kb.counts()
    assert c["country"] >= 197 and c["person"] >= 400 and c["org"] >= 100


def test_cli_lookup_json():
    from typer.testing import CliRunner

    from sageon import cli

    cli._register_all()
    res = CliRunner().invoke(cli.app, ["kb", "lookup", "푸틴", "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert rows[0]["id"] == "vladimir_putin" and rows[0]["country"] == "RUS"
    for k in ("id", "name_ko", "name_en", "type", "country", "sector", "role"):
        assert k in rows[0]


def test_common_word_names_stay_out_of_kiwis_dictionary(tmp_path):
    from sageon.kb import default_kb, load_kb

    kb = default_kb()
    assert "바로" in kb.common_words and "바로" not in kb.user_words() and "푸틴" in kb.user_words()
    (tmp_path / "mine.tsv").write_text("word\tnote\n# a user's own\n케인\tDan Caine; a common word\n", encoding="utf-8")
    assert "케인" in load_kb([tmp_path / "mine.tsv"]).common_words


def test_phrases_that_name_no_actor_are_a_table_users_extend(tmp_path):
    from sageon.kb import default_kb, load_kb

    assert "인도·태평양" in default_kb().not_actors
    (tmp_path / "mine.tsv").write_text("phrase\tnote\n# a user's own\n서남아시아\tSouth-West Asia\n", encoding="utf-8")
    assert "서남아시아" in load_kb([tmp_path / "mine.tsv"]).not_actors
