#!/usr/bin/env python3
"""Checks models/knowledge.csv (standard library only): python3 scripts/test_knowledge.py"""

import csv
import io
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from build_knowledge import fold  # noqa: E402  (standard library only; does not need the venv)

KINDS = {"country", "capital", "city", "region", "org", "party", "company"}


def load(path):
    text = "".join(l for l in path.read_text(encoding="utf-8").splitlines(True) if not l.startswith("#"))
    return list(csv.DictReader(io.StringIO(text)))


ROWS = load(ROOT / "models" / "knowledge.csv")
BY_FORM = {}
for r in ROWS:
    for f in [r["canonical"]] + [a for a in r["aliases"].split("|") if a]:
        BY_FORM.setdefault(fold(f), r)


def row_of(form):
    return BY_FORM.get(fold(form))


def same_row(*forms):
    rows = [row_of(f) for f in forms]
    assert all(rows), [f for f, r in zip(forms, rows) if not r]
    assert len({id(r) for r in rows}) == 1, [(f, r["canonical"]) for f, r in zip(forms, rows)]
    return rows[0]


def test_st_petersburg():
    r = same_row("St Petersburg", "St. Petersburg", "Saint Petersburg")
    assert r["country"] == "Russia"


def test_new_york():
    r = same_row("New York City", "New York", "NYC")
    assert r["kind"] == "city" and r["country"] == "United States"


def test_china():
    r = same_row("China", "People's Republic of China", "PRC")
    assert r["kind"] == "country" and r["external_id"].startswith("Q")


def test_north_korea():
    same_row("North Korea", "DPRK", "Democratic People's Republic of Korea")
    assert row_of("South Korea") is not row_of("North Korea")


def test_who():
    r = same_row("World Health Organization", "World Health Organisation", "WHO")
    assert r["type"] == "ORG"


def test_kyiv_and_countries():
    same_row("Kyiv", "Kiev")
    same_row("United States", "U.S.", "USA", "America")
    same_row("United Kingdom", "UK", "U.K.", "Britain", "Great Britain")
    for name in ("United States", "United Kingdom", "China", "Russia", "Iran", "Syria", "Vietnam", "Laos"):
        assert row_of(name)["canonical"] == name and row_of(name)["kind"] == "country", name


def test_washington():
    us = row_of("United States")
    assert "washington" not in {fold(a) for a in us["aliases"].split("|")}
    assert row_of("Washington") is None, row_of("Washington")
    same_row("Washington, D.C.", "Washington DC", "D.C.")
    amb = (ROOT / "models" / "knowledge_ambiguous.txt").read_text(encoding="utf-8")
    assert any(l.split("\t")[:2] == ["Washington", "-"] for l in amb.splitlines()), "Washington not ambiguous"


def test_parties():
    same_row("Conservative Party", "Tories", "Conservatives")
    same_row("Labour Party", "Labour")
    same_row("Republican Party", "GOP", "Republicans")
    assert row_of("Green") is None


def test_adjectives_not_aliases():
    us = row_of("United States")
    assert "American" in us["adjectives"].split("|")
    assert row_of("American") is None and row_of("British") is None


def test_no_alias_shared_and_columns():
    owners = defaultdict(set)
    for i, r in enumerate(ROWS):
        assert r["type"] in ("LOC", "ORG"), r
        assert r["kind"] in KINDS, r
        assert r["external_id"] or r["id_note"], f"no external_id and no reason: {r['canonical']}"
        for f in [r["canonical"]] + [a for a in r["aliases"].split("|") if a]:
            owners[fold(f)].add(i)
    shared = {k: [ROWS[i]["canonical"] for i in v] for k, v in owners.items() if len(v) > 1}
    assert not shared, list(shared.items())[:10]
    assert len({r["canonical"] for r in ROWS}) == len(ROWS)


def test_aliases_csv_agrees():
    """models/aliases.csv wins over knowledge.csv; a row covering a knowledge row must agree with it."""
    for a in load(ROOT / "models" / "aliases.csv"):
        for f in [a["canonical"]] + [x for x in a["aliases"].split("|") if x]:
            k = row_of(f)
            if k is None:
                continue
            for col in ("canonical", "type", "external_id", "group"):
                assert (a[col] or "") == (k[col] or ""), (f, col, a[col], k[col])


def test_small():
    assert (ROOT / "models" / "knowledge.csv").stat().st_size < 2_000_000


if __name__ == "__main__":
    tests = [(n, f) for n, f in sorted(globals().items()) if n.startswith("test_")]
    failed = 0
    for name, fn in tests:
        try:
            fn()
        except AssertionError as e:
            failed += 1
            print(f"FAIL {name}: {e}")
    print(f"{len(tests) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
