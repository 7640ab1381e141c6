#!/usr/bin/env python3
"""Parser-free grouping rules for nominals and pronouns, measured on GUM gold mentions (oracle
mention spans, gold entities), for slant's actor grouping.

Usage: python3 scripts/analyze_gum_coref.py ../shared/data/gum-dev/gum_gold.json

Prints every table of docs/coref_rules.md (deterministic). Sentences, tokens and quotations come
from a parser-free segmentation (scripts/gum_coref_common.py); gold mentions are attached to tokens
by head overlap. Sections:
  2a same head word, 2b head word in/before a name, 2c "the X" -> closest preceding same-type name,
  3a first/second person, 3b he/she, 3c they/them/their.
Rules with a parameter (the largest sentence distance) are cross-validated: 5 folds over documents
(fold = md5(doc id) mod 5); the distance is chosen on the 4 training folds (largest D whose pooled
precision is >= 0.80) and scored on the held-out fold. Nominal detection (section 1) is in
scripts/train_nominals.py.
"""
import collections
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gum_coref_common import FOLDS, context_of, fold_of, fold_plural, load, prepare  # noqa: E402
from train_nominals import HAND  # noqa: E402

ROLE_WORDS = {line.split()[0] for line in HAND.strip().splitlines()}
POSTMOD = {"of", "that", "who", "whom", "whose", "which", "with", "in", "from", "at", "on", "for", "to", "by",
           "i", "you", "he", "she", "we", "they", "it"}
FUNCTION = {"of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or", "the", "a", "an", "is", "was",
            "has", "had", "as", "no", "not"}

TYPES = ("PER", "ORG", "LOC")
BUCKETS = ((0, 0, "0"), (1, 1, "1"), (2, 2, "2"), (3, 5, "3-5"), (6, 10, "6-10"), (11, 10 ** 9, "11+"))
DISTS = (0, 1, 2, 3, 4, 5, 7, 10, 15, 20, 10 ** 9)
TARGET = 0.80

FIRST_SG = {"i", "me", "my", "mine", "myself"}
WE = {"we", "us", "our", "ours", "ourselves"}
YOU = {"you", "your", "yours", "yourself", "yourselves", "ya", "ye"}
HE = {"he", "him", "his", "himself"}
SHE = {"she", "her", "hers", "herself"}
THEY = {"they", "them", "their", "theirs", "themselves", "em"}
POSS = {"his", "her", "its", "their", "our", "my", "your", "'s", "’s"}
DEM = {"this", "that", "these", "those"}
INDEF = {"a", "an", "another", "some", "any", "one", "each", "every", "no"}


def bucket(d):
    for lo, hi, name in BUCKETS:
        if lo <= d <= hi:
            return name
    return "?"


def pron_word(low):
    for ap in ("'", "’"):
        if ap in low:
            return low.split(ap)[0]
    return low


def det_class(m, toks):
    first = toks[m["_span_toks"][0]].low if m["_span_toks"] else ""
    span_lows = [toks[k].low for k in m["_span_toks"] if m["_tok"] is None or k < m["_tok"]]
    if first == "the":
        return "the"
    if first in DEM:
        return "dem"
    if first in POSS or any(w in POSS for w in span_lows):
        return "poss"
    if first in INDEF:
        return "indef"
    return "bare"


class Doc:
    def __init__(self, did, d):
        self.id, self.genre = did, d["genre"]
        self.fold = fold_of(did)
        self.toks, ms = prepare(d)
        self.ments = [m for m in ms if m["_ent"] is not None and m["_tok"] is not None]
        self.names = [m for m in self.ments if m["kind"] == "name"]
        # nominals a parser-free detector can see: head token not capitalised mid-sentence
        self.noms_all = [m for m in self.ments if m["kind"] == "nominal"]
        self.noms = [m for m in self.noms_all if not context_of(self.toks, m["_tok"])[2]]
        # token -> (entity id or 'OTHER', type) of the gold mention whose head it is
        self.tok_ent = {}
        for m in ms:
            if m["_tok"] is None:
                continue
            for k in m["_toks"]:
                if m["_ent"] is not None:
                    self.tok_ent[k] = (m["_ent"], m["_type"], m)
                else:
                    self.tok_ent.setdefault(k, ("OTHER", "OTHER", m))
        cnt = collections.Counter(m["_ent"] for m in self.ments if m["_type"] == "PER")
        self.top_per = min(cnt, key=lambda e: (-cnt[e], e)) if cnt else None
        ncnt = collections.Counter(m["_ent"] for m in self.names if m["_type"] == "PER")
        self.top_per_named = min(ncnt, key=lambda e: (-ncnt[e], e)) if ncnt else None


# ---------------------------------------------------------------- generic tables / CV

def table(title, rows, keyname):
    """rows: key -> [n, correct]"""
    print(f"  {keyname:<22}{'n':>6}{'prec':>8}")
    for k, (n, c) in rows:
        print(f"  {str(k):<22}{n:6d}{(c / n if n else 0):8.3f}")


def by_bucket(events):
    agg = collections.OrderedDict((b[2], [0, 0]) for b in BUCKETS)
    for e in events:
        a = agg[bucket(e["dist"])]
        a[0] += 1
        a[1] += e["ok"]
    return [(k, v) for k, v in agg.items() if v[0]]


def cum(events, maxd):
    n = sum(1 for e in events if e["dist"] <= maxd)
    c = sum(e["ok"] for e in events if e["dist"] <= maxd)
    return n, c


def cv_maxdist(events, denom_by_doc, target=TARGET):
    """events: dicts with doc, dist, ok. Chooses on training folds the largest D in DISTS with
    pooled precision >= target; returns out-of-fold (fired, correct, denominator, chosen Ds)."""
    fired = correct = 0
    chosen = []
    for f in range(FOLDS):
        tr = [e for e in events if fold_of(e["doc"]) != f]
        te = [e for e in events if fold_of(e["doc"]) == f]
        best = None
        for d in DISTS:
            n, c = cum(tr, d)
            if n and c / n >= target:
                best = d
        chosen.append(best)
        if best is None:
            continue
        n, c = cum(te, best)
        fired += n
        correct += c
    denom = sum(denom_by_doc.values())
    return fired, correct, denom, chosen


def show_cv(name, events, denom_by_doc, denom_name):
    fired, correct, denom, chosen = cv_maxdist(events, denom_by_doc)
    ch = ["-" if c is None else ("inf" if c >= 10 ** 9 else c) for c in chosen]
    p = correct / fired if fired else 0.0
    print(f"  CV {name}: max distance chosen per fold {ch}; out-of-fold precision {p:.3f} "
          f"({correct}/{fired}), coverage {correct / denom if denom else 0:.3f} of {denom} {denom_name}")


def dist_table(events, denom, denom_name):
    print(f"  by sentence distance (each bucket)          cumulative (distance <= D)")
    rows = by_bucket(events)
    cumrows = []
    for d in (0, 1, 2, 3, 5, 10, 10 ** 9):
        n, c = cum(events, d)
        cumrows.append(("inf" if d >= 10 ** 9 else d, n, c))
    for i in range(max(len(rows), len(cumrows))):
        left = f"  {rows[i][0]:<8}n={rows[i][1][0]:5d} prec={rows[i][1][1] / rows[i][1][0]:.3f}" if i < len(rows) else " " * 30
        right = ""
        if i < len(cumrows):
            d, n, c = cumrows[i]
            right = f"D<={d!s:<4} n={n:5d} prec={(c / n if n else 0):.3f} cover={(c / denom if denom else 0):.3f}"
        print(f"{left:<46}{right}")
    print(f"  (coverage = correct links / {denom} {denom_name})")


# ---------------------------------------------------------------- 2. nominals

def modifiers(m, toks):
    """Lowercase words between the mention's first token (when a determiner/possessive) and its
    head, and whether a post-modifier cue (of, that, who, with, ...) follows the head."""
    ks = [k for k in m["_span_toks"] if k < m["_tok"]]
    words = [toks[k].low for k in ks if toks[k].text[0].isalnum()]
    if words and (words[0] in {"the", "a", "an"} | DEM | POSS | INDEF):
        words = words[1:]
    words = [w for w in words if w not in POSS]
    nxt = toks[m["_tok"] + 1].low if m["_tok"] + 1 < len(toks) else ""
    return tuple(words), nxt in POSTMOD


def section2(docs):
    print("=" * 100)
    print("2. GROUPING NOMINALS (gold PER/ORG/LOC nominal mentions, oracle spans)")
    total_noms = sum(len(d.noms) for d in docs)
    # nominals whose entity was mentioned before (any kind): the ones that can be linked at all
    anaph = collections.Counter()
    anaph_by = collections.Counter()
    for d in docs:
        seen = set()
        for m in sorted(d.ments, key=lambda m: m["start"]):
            if m["kind"] == "nominal" and m["_ent"] in seen:
                anaph[d.id] += 1
                anaph_by[det_class(m, d.toks)] += 1
            seen.add(m["_ent"])
    n_anaph = sum(anaph.values())
    print(f"nominal mentions {sum(len(d.noms_all) for d in docs)}; head not capitalised mid-sentence (used below) {total_noms}")
    print(f"nominal mentions {total_noms}; with a preceding mention of their entity (any kind): {n_anaph}")
    cls = collections.Counter(det_class(m, d.toks) for d in docs for m in d.noms)
    print(f"  by determiner class: {dict(cls)}; anaphoric by class: {dict(anaph_by)}")

    # (a) same head word
    print()
    print("2a. closest preceding nominal with the same head word (lowercased, plural folded)")
    ev = []
    for d in docs:
        for i, m in enumerate(d.noms):
            h = fold_plural(m["head"])
            for a in reversed(d.noms[:i]):
                if a["_sent"] is not None and fold_plural(a["head"]) == h and a["end"] <= m["start"]:
                    mm, mpost = modifiers(m, d.toks)
                    am, _ = modifiers(a, d.toks)
                    ev.append({"doc": d.id, "dist": m["_sent"] - a["_sent"], "ok": a["_ent"] == m["_ent"],
                               "cls": det_class(m, d.toks), "same_surface": a["head"].lower() == m["head"].lower(),
                               "type": m["_type"], "plain": (not mm or mm == am) and not mpost,
                               "acls": det_class(a, d.toks)})
                    break
    print(f"  fires on {len(ev)} nominals, precision {sum(e['ok'] for e in ev) / len(ev):.3f}")
    dist_table(ev, n_anaph, "anaphoric nominals")
    print("  by the current mention's determiner class (all distances):")
    table("", sorted(((c, [sum(1 for e in ev if e["cls"] == c), sum(e["ok"] for e in ev if e["cls"] == c)])
                      for c in ("the", "dem", "poss", "indef", "bare"))), "class")
    print("  head surface identical vs number differs (officials/official):")
    table("", [(k, [sum(1 for e in ev if e["same_surface"] == k), sum(e["ok"] for e in ev if e["same_surface"] == k)])
               for k in (True, False)], "same surface")
    print("  by type:")
    table("", [(t, [sum(1 for e in ev if e["type"] == t), sum(e["ok"] for e in ev if e["type"] == t)]) for t in TYPES], "type")
    for c in ("the", "dem", "poss"):
        sub = [e for e in ev if e["cls"] == c and e["same_surface"]]
        print(f"  class '{c}', same surface, by distance:")
        dist_table(sub, n_anaph, "anaphoric nominals")
    print("  'plain' = no modifier between determiner and head (or the same as the antecedent's) and no")
    print("  post-modifier cue (of/that/who/with/in/... or a pronoun) right after the head:")
    table("", [((c, p), [sum(1 for e in ev if e["cls"] == c and e["plain"] == p and e["same_surface"]),
                         sum(e["ok"] for e in ev if e["cls"] == c and e["plain"] == p and e["same_surface"])])
               for c in ("the", "dem", "poss", "bare", "indef") for p in (True, False)], "(class, plain)")
    print("  plain the/this/poss X, same surface, by the antecedent's class:")
    table("", [(c, [sum(1 for e in ev if e["cls"] in ("the", "dem", "poss") and e["plain"] and e["same_surface"] and e["acls"] == c),
                    sum(e["ok"] for e in ev if e["cls"] in ("the", "dem", "poss") and e["plain"] and e["same_surface"] and e["acls"] == c)])
               for c in ("the", "dem", "poss", "bare", "indef")], "antecedent class")
    sub = [e for e in ev if e["cls"] in ("the", "dem", "poss") and e["plain"] and e["same_surface"]]
    print("  plain the/this/poss X, same surface, by distance:")
    dist_table(sub, n_anaph, "anaphoric nominals")
    show_cv("2a plain the/this/poss X -> same-surface head", sub, anaph, "anaphoric nominals")
    for t in TYPES:
        show_cv(f"2a plain the/this/poss X -> same-surface head ({t})", [e for e in sub if e["type"] == t], anaph, "anaphoric nominals")
    ev_the = [e for e in ev if e["cls"] in ("the", "dem") and e["same_surface"]]
    show_cv("2a the/this X -> same-surface head", ev_the, anaph, "anaphoric nominals")
    ev_def = [e for e in ev if e["cls"] in ("the", "dem", "poss") and e["same_surface"]]
    show_cv("2a the/this/poss X -> same-surface head", ev_def, anaph, "anaphoric nominals")
    ev_nind = [e for e in ev if e["cls"] != "indef"]
    show_cv("2a not-indefinite, plural folded", ev_nind, anaph, "anaphoric nominals")

    # (b) head word inside a name or right before it
    print()
    print("2b. closest preceding name whose text, or the 1-3 words right before it, contains the nominal's head")
    ev = []
    for d in docs:
        name_words = []
        for nm in d.names:
            inside = {fold_plural(d.toks[k].low) for k in nm["_span_toks"]}
            before = set()
            k0 = nm["_span_toks"][0] if nm["_span_toks"] else None
            if k0 is not None:
                for j in range(k0 - 1, max(-1, k0 - 4), -1):
                    tj = d.toks[j]
                    if tj.sent != d.toks[k0].sent or not tj.text[0].isalnum() or tj.low in FUNCTION:
                        break
                    before.add(fold_plural(tj.low))
            name_words.append((nm, inside, before))
        for m in d.noms:
            h = fold_plural(m["head"])
            for nm, inside, before in reversed(name_words):
                if nm["end"] > m["start"] or nm["_sent"] is None:
                    continue
                if nm["start"] <= m["start"] and nm["end"] >= m["end"]:
                    continue
                where = "inside" if h in inside else ("before" if h in before else None)
                if where:
                    ev.append({"doc": d.id, "dist": m["_sent"] - nm["_sent"], "ok": nm["_ent"] == m["_ent"],
                               "cls": det_class(m, d.toks), "where": where, "type": m["_type"],
                               "same_type": nm["_type"] == m["_type"], "role": m["head"].lower() in ROLE_WORDS})
                    break
    if ev:
        print(f"  fires on {len(ev)} nominals, precision {sum(e['ok'] for e in ev) / len(ev):.3f}")
        dist_table(ev, n_anaph, "anaphoric nominals")
        table("", [(w, [sum(1 for e in ev if e["where"] == w), sum(e["ok"] for e in ev if e["where"] == w)])
                   for w in ("inside", "before")], "head is")
        table("", sorted(((c, [sum(1 for e in ev if e["cls"] == c), sum(e["ok"] for e in ev if e["cls"] == c)])
                          for c in ("the", "dem", "poss", "indef", "bare"))), "class")
        table("", [(t, [sum(1 for e in ev if e["type"] == t), sum(e["ok"] for e in ev if e["type"] == t)]) for t in TYPES], "type")
        table("", [(k, [sum(1 for e in ev if e["same_type"] == k), sum(e["ok"] for e in ev if e["same_type"] == k)])
                   for k in (True, False)], "name of same type")
        table("", [(k, [sum(1 for e in ev if e["role"] == k), sum(e["ok"] for e in ev if e["role"] == k)])
                   for k in (True, False)], "head in news roles")
        sub = [e for e in ev if e["cls"] in ("the", "dem") and e["same_type"] and e["where"] == "inside"]
        print("  the/this X, same-type name containing the head, by distance:")
        dist_table(sub, n_anaph, "anaphoric nominals")
        show_cv("2b the/this X -> same-type name containing the head", sub, anaph, "anaphoric nominals")
        sub = [e for e in ev if e["cls"] in ("the", "dem")]
        print("  the/this X only, by distance:")
        dist_table(sub, n_anaph, "anaphoric nominals")
        show_cv("2b the/this X -> name containing/preceded by the head", sub, anaph, "anaphoric nominals")

    # (c) "the X" -> closest preceding same-type name within N sentences
    print()
    print('2c. "the X" nominal -> closest preceding name mention of the same type')
    ev = []
    the_total = collections.Counter()
    the_named_before = collections.Counter()
    for d in docs:
        for m in d.noms:
            if det_class(m, d.toks) != "the":
                continue
            the_total[d.id] += 1
            prev = [nm for nm in d.names if nm["end"] <= m["start"] and nm["_type"] == m["_type"] and nm["_sent"] is not None]
            if any(nm["_ent"] == m["_ent"] for nm in prev):
                the_named_before[d.id] += 1
            if prev:
                nm = prev[-1]
                ev.append({"doc": d.id, "dist": m["_sent"] - nm["_sent"], "ok": nm["_ent"] == m["_ent"],
                           "type": m["_type"], "plural": fold_plural(m["head"]) != m["head"].lower(),
                           "role": m["head"].lower() in ROLE_WORDS, "plain": modifiers(m, d.toks) == ((), False)})
    nt, nb = sum(the_total.values()), sum(the_named_before.values())
    print(f"  'the X' nominals {nt}; of them with an earlier same-type name of their own entity {nb}")
    print(f"  {'type':<6}" + "".join(f"{'N<=' + str(n):>16}" for n in (0, 1, 2, 3, 4, 5)))
    for t in TYPES + ("PER+ORG", "all"):
        types = TYPES if t == "all" else (("PER", "ORG") if t == "PER+ORG" else (t,))
        sub = [e for e in ev if e["type"] in types]
        cells = []
        for n in (0, 1, 2, 3, 4, 5):
            k, c = cum(sub, n)
            cells.append(f"{(c / k if k else 0):.2f}/{k:4d}/{c / nt:.3f}")
        print(f"  {t:<6}" + "".join(f"{x:>16}" for x in cells))
    print("  cell = precision / fired / coverage (correct over all 'the X' nominals); singular heads only:")
    for t in TYPES:
        sub = [e for e in ev if e["type"] == t and not e["plural"]]
        cells = []
        for n in (0, 1, 2, 3, 4, 5):
            k, c = cum(sub, n)
            cells.append(f"{(c / k if k else 0):.2f}/{k:4d}/{c / nt:.3f}")
        print(f"  {t:<6}" + "".join(f"{x:>16}" for x in cells))
    print("  singular heads in the news role-noun hand list, plain 'the X' (no modifier, no post-modifier cue):")
    for t in TYPES:
        sub = [e for e in ev if e["type"] == t and not e["plural"] and e["role"] and e["plain"]]
        cells = []
        for n in (0, 1, 2, 3, 4, 5):
            k, c = cum(sub, n)
            cells.append(f"{(c / k if k else 0):.2f}/{k:4d}/{c / nt:.3f}")
        print(f"  {t:<6}" + "".join(f"{x:>16}" for x in cells))
    for t in TYPES:
        sub = [e for e in ev if e["type"] == t and not e["plural"] and e["role"] and e["plain"]]
        show_cv(f"2c plain the X, role noun ({t}, singular) -> closest same-type name", sub, the_total, "'the X' nominals")
    for t in TYPES:
        sub = [e for e in ev if e["type"] == t and not e["plural"]]
        show_cv(f"2c the X ({t}, singular) -> closest same-type name", sub, the_total, "'the X' nominals")


# ---------------------------------------------------------------- 3. pronouns

def pron_tokens(doc, words):
    out = []
    for t in doc.toks:
        w = pron_word(t.low)
        if w in words:
            ent = doc.tok_ent.get(t.i)
            out.append((t, w, ent[0] if ent else None, ent[1] if ent else None))
    return out


def section3a(docs):
    print("=" * 100)
    print("3a. FIRST/SECOND PERSON (tokens by text; gold entity by head overlap)")
    for gname, words in (("I/me/my", FIRST_SG), ("we/us/our", WE), ("you/your", YOU)):
        print(f"-- {gname}")
        for where in ("outside quotes", "inside quotes"):
            rows = collections.defaultdict(lambda: [0, 0, 0, 0, 0])  # docs>=2, docs all one, tokens, tokens majority, no-entity
            for d in docs:
                ps = [p for p in pron_tokens(d, words) if p[0].quote == (where == "inside quotes")]
                noent = sum(1 for p in ps if p[2] in (None, "OTHER"))
                ents = [p[2] for p in ps if p[2] not in (None, "OTHER")]
                for g in (d.genre, "ALL"):
                    r = rows[g]
                    r[4] += noent
                    if len(ents) >= 2:
                        c = collections.Counter(ents)
                        r[0] += 1
                        r[1] += len(c) == 1
                        r[2] += len(ents)
                        r[3] += c.most_common(1)[0][1]
            print(f"   {where}: genre, docs with >=2, docs all one entity, share of tokens in the doc's majority entity (tokens), tokens without an actor entity")
            for g in sorted(rows, key=lambda g: (g == "ALL", g)):
                r = rows[g]
                print(f"     {g:<13} docs {r[0]:3d}  all-one {r[1] / r[0] if r[0] else 0:5.2f}  majority {r[3] / r[2] if r[2] else 0:5.3f} ({r[2]:5d})  no-entity {r[4]}")
        # inside quotes: one quotation at a time
        n_q = one_q = tok_q = maj_q = same_narr = n_cmp = 0
        for d in docs:
            ps = pron_tokens(d, words)
            out_ents = collections.Counter(p[2] for p in ps if not p[0].quote and p[2] not in (None, "OTHER"))
            narr = out_ents.most_common(1)[0][0] if out_ents else None
            byq = collections.defaultdict(list)
            for p in ps:
                if p[0].quote and p[2] not in (None, "OTHER"):
                    byq[p[0].qid].append(p[2])
            for q, ents in byq.items():
                if narr is not None:
                    n_cmp += len(ents)
                    same_narr += sum(1 for e in ents if e == narr)
                if len(ents) >= 2:
                    c = collections.Counter(ents)
                    n_q += 1
                    one_q += len(c) == 1
                    tok_q += len(ents)
                    maj_q += c.most_common(1)[0][1]
        print(f"   within one quotation (>=2 tokens): quotations {n_q}, all one entity {one_q / n_q if n_q else 0:.2f}, "
              f"majority share {maj_q / tok_q if tok_q else 0:.3f}; inside-quote tokens that are the outside-quote majority entity "
              f"{same_narr / n_cmp if n_cmp else 0:.3f} ({n_cmp})")
    # combined: I and we of the same entity?  I outside quotes and the entity's names
    print("-- the outside-quote 'I' entity: has a name mention in the document?")
    rows = collections.defaultdict(lambda: [0, 0])
    for d in docs:
        ps = [p for p in pron_tokens(d, FIRST_SG) if not p[0].quote and p[2] not in (None, "OTHER")]
        if len(ps) < 2:
            continue
        e = collections.Counter(p[2] for p in ps).most_common(1)[0][0]
        named = any(m["_ent"] == e for m in d.names)
        for g in (d.genre, "ALL"):
            rows[g][0] += 1
            rows[g][1] += named
    for g in sorted(rows, key=lambda g: (g == "ALL", g)):
        print(f"     {g:<13} docs {rows[g][0]:3d}  named {rows[g][1]}")


def section3b(docs):
    print("=" * 100)
    print("3b. HE/SHE: the previous same-gender pronoun's entity")
    ev = []
    top = collections.Counter()
    top_named = collections.Counter()
    n_all = collections.Counter()
    name_base = []
    for d in docs:
        ps = pron_tokens(d, HE | SHE)
        last = {}
        pers_names = [m for m in d.names if m["_type"] == "PER"]
        for t, w, ent, typ in ps:
            g = "m" if w in HE else "f"
            ok_ent = ent not in (None, "OTHER") and typ == "PER"
            if ok_ent:
                n_all[g] += 1
                top[g] += ent == d.top_per
                top_named[g] += ent == d.top_per_named
                # baseline: closest preceding PER name
                prevn = [m for m in pers_names if m["end"] <= t.start]
                if prevn:
                    name_base.append({"doc": d.id, "dist": t.sent - prevn[-1]["_sent"], "ok": prevn[-1]["_ent"] == ent})
            if g in last:
                pt, pent = last[g]
                if ok_ent and pent is not None:
                    between = [m for m in pers_names if pt.end <= m["start"] and m["end"] <= t.start]
                    if not between:
                        iv = "no PER name between"
                    elif all(m["_ent"] == pent for m in between):
                        iv = "names of prev's entity"
                    else:
                        iv = "other PER name between"
                    ev.append({"doc": d.id, "dist": t.sent - pt.sent, "ok": ent == pent, "iv": iv, "g": g,
                               "quote": "same quote state" if pt.quote == t.quote else "quote state differs"})
            last[g] = (t, ent if ok_ent else None)
    print(f"  he/she tokens with a PER entity: {dict(n_all)}; pairs with the previous same-gender pronoun: {len(ev)}, "
          f"precision {sum(e['ok'] for e in ev) / len(ev):.3f}")
    denom = collections.Counter(e["doc"] for e in ev)
    dist_table(ev, len(ev), "pairs")
    for key, vals in (("iv", ("no PER name between", "names of prev's entity", "other PER name between")),
                      ("g", ("m", "f")), ("quote", ("same quote state", "quote state differs"))):
        table("", [(v, [sum(1 for e in ev if e[key] == v), sum(e["ok"] for e in ev if e[key] == v)]) for v in vals], key)
    for v in ("no PER name between", "other PER name between"):
        print(f"  {v}, by distance:")
        dist_table([e for e in ev if e["iv"] == v], len(ev), "pairs")
    sub = [e for e in ev if e["iv"] != "other PER name between" and e["quote"] == "same quote state"]
    show_cv("3b he/she -> previous same-gender pronoun (no other PER name between, same quote state)", sub, denom, "pairs")
    print("  is it the document's most-mentioned PER entity?")
    for g in ("m", "f"):
        print(f"    {g}: top PER entity (all mentions) {top[g] / n_all[g]:.3f}; top PER entity by name mentions {top_named[g] / n_all[g]:.3f}  (n {n_all[g]})")
    print("  baseline: closest preceding PER name mention (any gender) is the pronoun's entity:")
    dist_table(name_base, sum(n_all.values()), "he/she tokens")


def section3c(docs):
    print("=" * 100)
    print("3c. THEY/THEM/THEIR")
    kinds = collections.Counter()
    rules = {
        "ORG name | plural PER nominal": lambda m: (m["_type"] == "ORG" and m["kind"] == "name") or
        (m["_type"] == "PER" and m["kind"] == "nominal" and fold_plural(m["head"]) != m["head"].lower()),
        "+ ORG nominal, plural PER name": lambda m: m["_type"] == "ORG" and m["kind"] in ("name", "nominal") or
        (m["_type"] == "PER" and m["kind"] in ("nominal", "name") and
         (fold_plural(m["head"]) != m["head"].lower() or m.get("plural_name"))),
        "previous they-pronoun": None,
    }
    evs = {k: [] for k in rules}
    denom = collections.Counter()
    for d in docs:
        ps = pron_tokens(d, THEY)
        prev_they = None
        for t, w, ent, typ in ps:
            cls = typ if typ in TYPES else ("no mention" if ent is None else "other type")
            kinds[cls] += 1
            if typ in ("PER", "ORG"):
                denom[d.id] += 1
            for rname, pred in rules.items():
                if pred is None:
                    if prev_they is not None:
                        pt, pent = prev_they
                        evs[rname].append({"doc": d.id, "dist": t.sent - pt.sent, "ok": ent is not None and ent == pent and typ in ("PER", "ORG")})
                    continue
                cands = [m for m in d.ments if m["end"] <= t.start and pred(m)]
                if cands:
                    c = cands[-1]
                    evs[rname].append({"doc": d.id, "dist": t.sent - c["_sent"], "ok": c["_ent"] == ent})
            prev_they = (t, ent)
    print(f"  they-type tokens by gold referent: {dict(kinds)}")
    nd = sum(denom.values())
    for rname, ev in evs.items():
        print(f"  rule: closest preceding {rname} (precision over every they-token it fires on)")
        dist_table(ev, nd, "they-tokens of PER/ORG entities")
        show_cv(rname, ev, denom, "they-tokens of PER/ORG entities")


def main():
    gold = load(sys.argv[1])
    docs = [Doc(k, gold[k]) for k in sorted(gold)]
    print(f"documents {len(docs)}; sentences (parser-free) {sum(d.toks[-1].sent + 1 for d in docs if d.toks)}")
    section2(docs)
    section3a(docs)
    section3b(docs)
    section3c(docs)


if __name__ == "__main__":
    main()
