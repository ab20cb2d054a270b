"""One-off generator for ``src/sageon/data/kb/countries.tsv``.

Names come from CLDR (babel ``Locale('ko').territories``) and mledoze/countries (Korean common and
official names, UN membership); ISO codes from pycountry. The news forms, hanja abbreviations,
compound short forms and capitals are in ``EXTRA`` below. After generation the TSV is the source
of truth and may be hand-edited; re-running overwrites it (``--force``).

    .venv/bin/python scripts/build_countries.py --force
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import babel
import pycountry

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/sageon/data/kb/countries.tsv"
MLEDOZE = Path("/work/shared/gazetteer/mledoze_countries/countries.json")

# Entities beyond the UN members: observers, partly recognised states, territories in the news.
EXTRA_CODES = {"VAT": "observer", "PSE": "observer", "TWN": "other", "XKX": "other", "ESH": "other",
               "HKG": "territory", "MAC": "territory", "GRL": "territory"}

NAME_KO = {  # preferred news name (name_ko) where CLDR's differs
    "KOR": "한국", "PSE": "팔레스타인", "VAT": "바티칸", "HKG": "홍콩", "MAC": "마카오",
    "COD": "콩고민주공화국", "COG": "콩고", "XKX": "코소보", "ESH": "서사하라",
}

# id: (aliases, short forms (compounds only), capitals as metonyms). "!" = weak alias: lookup only,
# not in alias_index (common noun or ambiguous).
EXTRA: dict[str, tuple[str, str, str]] = {
    "PRK": ("북한|北|북측|북조선|조선민주주의인민공화국|!조선|!공화국", "북|조", "평양"),
    "KOR": ("대한민국|남한|우리나라|韓|남측|!우리 정부", "한|남", "서울"),
    "USA": ("미국|美|미합중국", "미", "워싱턴|워싱턴DC|워싱턴 D.C."),
    "CHN": ("중국|中|중화인민공화국|중국 대륙", "중", "베이징|北京"),
    "JPN": ("일본|日", "일", "도쿄"),
    "RUS": ("러시아|露|러시아연방", "러|노", "모스크바"),
    "UKR": ("우크라이나|우크라", "우", "키이우|키예프"),
    "GBR": ("영국|英", "영", "런던"),
    "FRA": ("프랑스|佛", "프|불", "파리"),
    "DEU": ("독일|獨", "독", "베를린"),
    "TWN": ("대만|臺|台|타이완|중화민국", "대", "타이베이"),
    "IRN": ("이란", "이란", "테헤란"),
    "ISR": ("이스라엘", "이", "예루살렘"),
    "PSE": ("팔레스타인|팔레스타인국", "팔", ""),
    "IND": ("인도", "인", "뉴델리"),
    "AUS": ("호주|오스트레일리아", "호", "캔버라"),
    "CAN": ("캐나다", "캐", "오타와"),
    "VNM": ("베트남", "베|월", "하노이"),
    "PHL": ("필리핀", "필", "마닐라"),
    "THA": ("태국|타이", "태", "방콕"),
    "KHM": ("캄보디아", "캄", "프놈펜"),
    "MNG": ("몽골", "몽", "울란바토르"),
    "TUR": ("튀르키예|터키", "", "앙카라"),
    "BLR": ("벨라루스|벨로루시", "", "민스크"),
    "PAK": ("파키스탄", "파", "이슬라마바드"),
    "AFG": ("아프가니스탄|아프간", "", "카불"),
    "SYR": ("시리아", "", "다마스쿠스"),
    "IRQ": ("이라크", "", "바그다드"),
    "SAU": ("사우디아라비아|사우디", "", "리야드"),
    "EGY": ("이집트", "", "카이로"),
    "VEN": ("베네수엘라", "", "카라카스"),
    "CUB": ("쿠바", "", "아바나"),
    "IDN": ("인도네시아", "", "자카르타"),
    "MYS": ("말레이시아", "", "쿠알라룸푸르"),
    "MEX": ("멕시코", "", "멕시코시티"),
    "BRA": ("브라질", "", "브라질리아"),
    "ARG": ("아르헨티나", "", "부에노스아이레스"),
    "POL": ("폴란드", "", "바르샤바"),
    "HUN": ("헝가리", "", "부다페스트"),
    "SWE": ("스웨덴", "", "스톡홀름"),
    "FIN": ("핀란드", "", "헬싱키"),
    "NOR": ("노르웨이", "", "오슬로"),
    "DNK": ("덴마크", "", "코펜하겐"),
    "CHE": ("스위스", "", "베른"),
    "LBN": ("레바논", "", "베이루트"),
    "JOR": ("요르단", "", "암만"),
    "QAT": ("카타르", "", "도하"),
    "ARE": ("아랍에미리트|UAE", "", "아부다비"),
    "OMN": ("오만", "", "무스카트"),
    "YEM": ("예멘", "", "사나"),
    "LBY": ("리비아", "", "트리폴리"),
    "SDN": ("수단", "", "하르툼"),
    "ETH": ("에티오피아", "", "아디스아바바"),
    "KEN": ("케냐", "", "나이로비"),
    "ZAF": ("남아프리카공화국|남아공|남아프리카 공화국", "", "프리토리아"),
    "NGA": ("나이지리아", "", "아부자"),
    "MMR": ("미얀마", "", "네피도"),
    "LAO": ("라오스", "", "비엔티안"),
    "GEO": ("조지아|그루지야", "", "트빌리시"),
    "ARM": ("아르메니아", "", "예레반"),
    "AZE": ("아제르바이잔", "", "바쿠"),
    "KAZ": ("카자흐스탄", "", "아스타나"),
    "UZB": ("우즈베키스탄", "", "타슈켄트"),
    "SRB": ("세르비아", "", "베오그라드"),
    "GRC": ("그리스", "", "아테네"),
    "ESP": ("스페인", "", "마드리드"),
    "PRT": ("포르투갈", "", "리스본"),
    "IRL": ("아일랜드", "", "더블린"),
    "CZE": ("체코|체코공화국", "", "프라하"),
    "ROU": ("루마니아", "", "부쿠레슈티"),
    "BGR": ("불가리아", "", "소피아"),
    "LTU": ("리투아니아", "", "빌뉴스"),
    "LVA": ("라트비아", "", "리가"),
    "EST": ("에스토니아", "", "탈린"),
    "MDA": ("몰도바", "", "키시너우"),
    "COL": ("콜롬비아", "", "보고타"),
    "PER": ("페루", "", "리마"),
    "NZL": ("뉴질랜드", "", "웰링턴"),
    "NIC": ("니카라과", "", "마나과"),
    "ITA": ("이탈리아|伊", "", "로마"),
    "NLD": ("네덜란드", "", ""),
    "BEL": ("벨기에", "", ""),
    "AUT": ("오스트리아", "", ""),
    "SGP": ("싱가포르", "", ""),
    "VAT": ("바티칸 시국|교황청", "", ""),
    "HKG": ("홍콩특별행정구", "", ""),
    "BIH": ("보스니아", "", ""),
    "MKD": ("마케도니아", "", ""),
}


def main() -> None:
    if OUT.exists() and "--force" not in sys.argv:
        sys.exit(f"{OUT} exists; it may be hand-edited. Re-run with --force to overwrite.")
    ko = babel.Locale("ko").territories
    mledoze = {c["cca3"]: c for c in json.loads(MLEDOZE.read_text())}
    codes = {c: "UN" for c, d in mledoze.items() if d.get("unMember")}
    codes.update(EXTRA_CODES)
    rows = []
    for code in sorted(codes):
        if code == "XKX":
            a2, en = "XK", "Kosovo"
        else:
            pc = pycountry.countries.get(alpha_3=code)
            a2 = pc.alpha_2
            en = getattr(pc, "common_name", None) or pc.name
        name = NAME_KO.get(code) or ko.get(a2) or mledoze[code]["translations"]["kor"]["common"]
        aliases: list[str] = []
        extra_alias, short, capital = EXTRA.get(code, ("", "", ""))
        cands = [ko.get(a2)]
        if code in mledoze and code not in ("PRK",):  # mledoze's PRK common name is 조선 (ambiguous)
            t = mledoze[code]["translations"].get("kor", {})
            cands += [t.get("common"), t.get("official")]
        cands += extra_alias.split("|") if extra_alias else []
        for a in cands:
            if a and "(" not in a and a != name and a not in aliases and a.lstrip("!") != name:
                aliases.append(a)
        rows.append([code, name, en, "|".join(aliases), short, capital, codes[code]])
    with OUT.open("w", encoding="utf-8") as f:
        f.write("# Countries: UN members and observers, plus partly recognised states and territories in the news.\n")
        f.write("# Generated once by scripts/build_countries.py, then hand-edited.\n")
        f.write("# aliases: |-separated surface forms; a leading ! marks a weak alias (lookup only, not in alias_index).\n")
        f.write("# short: one-syllable forms used only inside compounds (북러, 한미일, 미·중); never standalone aliases.\n")
        f.write("# capital: capital-city names used as metonyms for the government (워싱턴 -> USA).\n")
        f.write("id\tname_ko\tname_en\taliases\tshort\tcapital\tstatus\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print(f"wrote {len(rows)} countries to {OUT}")


if __name__ == "__main__":
    main()
