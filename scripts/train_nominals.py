#!/usr/bin/env python3
"""Learns slant's nominal-mention lexicon (role nouns and other common-noun mentions of PER, ORG and
LOC actors: "the president", "officials", "the company", "the city") from GUM gold, parser-free.

Unit: a token (run of letters/digits) that is not capitalised mid-sentence (capitalised
mid-sentence tokens are left to the name recogniser). Positive for type T when it is the head token
of a gold nominal mention of a T entity. For each lowercase word w: count = occurrences, and
precision(w, T) = P(token is the head of a gold nominal of type T | token is w), also split by
context: `det` (a determiner/possessive/number within 1-3 tokens before, only words between:
"the president", "their new leader", "two officials") vs `bare`.

A word is kept when count >= MIN_COUNT and precision >= THRESHOLD (type = its best type). Variant
`ctx` decides per occurrence from the (word, context) estimate, backing off to the word estimate
when the (word, context) count is below MIN_COUNT.

Protocol (deterministic): 5-fold CV over documents (fold = md5(doc id) mod 5). For each outer fold,
(variant, MIN_COUNT, THRESHOLD, smoothing) is chosen on the 4 training folds by inner
leave-one-fold-out CV: the setting with the highest recall whose inner pooled precision (PER+ORG+LOC,
typed) is >= the target (0.80 or 0.85); the lexicon is then built on the 4 training folds and scored
once on the held-out fold. The final lexicon is built on all documents with the setting chosen the
same way (leave-one-fold-out over all 5 folds) for the 0.80 target.

Usage: scripts/train_nominals.py GOLD.json --out models/coref/nominals.tsv
           [--hand-out models/coref/news_role_nouns.tsv]
"""
import argparse
import collections
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gum_coref_common import FOLDS, context_of, fold_of, is_word, load, prepare  # noqa: E402

TYPES = ("PER", "ORG", "LOC")
MIN_COUNTS = (2, 3, 5, 8, 12)
THRESHOLDS = tuple(round(0.55 + 0.05 * i, 2) for i in range(9))  # 0.55 .. 0.95: a word that heads a mention as often as not (0.5) is noise
SMOOTHING = (0, 1)  # precision = positives / (count + s)
VARIANTS = ("word", "ctx")
TARGETS = (0.80, 0.85)
HAND_MIN_COUNT, HAND_MIN_PRECISION = 10, 0.6
# A place word must also reach this precision: common nouns for places ("the room", "the square")
# are seldom actors, and each wrong one costs nominal precision. Chosen end to end by
# scripts/cv_actors.sh (gum-dev 5-fold CV): 0.5 -> nominal precision 0.799, B-cubed all 0.627;
# 0.6 -> 0.809, 0.625; 0.7 -> 0.819, 0.621 (person and organization nominals found unchanged).
LOC_MIN_PRECISION = 0.70


def kept(typ, precision, threshold):
    """Whether a word of type `typ` with this precision passes the threshold."""
    return precision >= threshold and (typ != "LOC" or precision >= LOC_MIN_PRECISION)

# News role nouns (hand list, type as a news reader would read it). Written to --hand-out with
# their gum-dev scores; dropped there when precision < 0.6 with >= 10 occurrences.
HAND = """
president PER
presidents PER
vice-president PER
minister PER
ministers PER
premier PER
chancellor PER
secretary PER
spokesman PER
spokeswoman PER
spokesperson PER
official PER
officials PER
officer PER
officers PER
chairman PER
chairwoman PER
director PER
directors PER
executive PER
executives PER
chief PER
leader PER
leaders PER
senator PER
senators PER
governor PER
mayor PER
lawmaker PER
lawmakers PER
legislator PER
legislators PER
ambassador PER
diplomat PER
diplomats PER
judge PER
judges PER
prosecutor PER
prosecutors PER
lawyer PER
lawyers PER
attorney PER
suspect PER
suspects PER
victim PER
victims PER
witness PER
witnesses PER
resident PER
residents PER
citizens PER
voters PER
protesters PER
demonstrators PER
soldiers PER
troops PER
analyst PER
analysts PER
economist PER
economists PER
scientists PER
researchers PER
experts PER
doctors PER
king PER
queen PER
prince PER
pope PER
candidate PER
candidates PER
founder PER
ceo PER
manager PER
coach PER
player PER
players PER
commander PER
reporter PER
reporters PER
journalist PER
journalists PER
activists PER
rebels PER
militants PER
workers PER
employees PER
students PER
teachers PER
people PER
man PER
woman PER
men PER
women PER
boy PER
girl PER
wife PER
husband PER
son PER
daughter PER
mother PER
father PER
police ORG
company ORG
companies ORG
firm ORG
firms ORG
government ORG
governments ORG
ministry ORG
party ORG
court ORG
agency ORG
department ORG
administration ORG
council ORG
committee ORG
parliament ORG
army ORG
military ORG
bank ORG
banks ORG
organization ORG
organisation ORG
organizations ORG
university ORG
school ORG
union ORG
board ORG
club ORG
team ORG
league ORG
commission ORG
authorities ORG
regime ORG
cabinet ORG
newspaper ORG
coalition ORG
alliance ORG
corporation ORG
airline ORG
city LOC
cities LOC
country LOC
countries LOC
nation LOC
state LOC
capital LOC
region LOC
province LOC
town LOC
village LOC
border LOC
district LOC
territory LOC
county LOC
actor PER
actress PER
singer PER
musician PER
rapper PER
songwriter PER
guitarist PER
drummer PER
bassist PER
frontman PER
comedian PER
presenter PER
author PER
novelist PER
poet PER
playwright PER
screenwriter PER
filmmaker PER
painter PER
sculptor PER
photographer PER
composer PER
pianist PER
dancer PER
chef PER
athlete PER
golfer PER
quarterback PER
linebacker PER
striker PER
midfielder PER
goalkeeper PER
pitcher PER
boxer PER
wrestler PER
cyclist PER
swimmer PER
sprinter PER
jockey PER
businessman PER
businesswoman PER
entrepreneur PER
billionaire PER
mogul PER
tycoon PER
celebrity PER
teenager PER
teen PER
gunman PER
shooter PER
attacker PER
assailant PER
inmate PER
prisoner PER
detainee PER
defendant PER
detective PER
sheriff PER
trooper PER
priest PER
pastor PER
bishop PER
rabbi PER
imam PER
monarch PER
princess PER
duke PER
duchess PER
emperor PER
dictator PER
incumbent PER
challenger PER
nominee PER
frontrunner PER
widow PER
heiress PER
dean PER
aide PER
aides PER
adviser PER
advisers PER
advisor PER
deputy PER
deputies PER
associate PER
associates PER
nurse PER
nurses PER
politician PER
teammate PER
teammates PER
followers PER
activist PER
supporters PER
accuser PER
accusers PER
classmate PER
classmates PER
cadet PER
cadets PER
sisters PER
brothers PER
siblings PER
sons PER
relatives PER
investigators PER
volunteers PER
winner PER
"""


def events_of(doc):
    """One (word, det, label) per eligible token: label = the type of the gold nominal whose head
    this token is (None if none)."""
    toks, mentions = prepare(doc)
    label = {}
    n_gold = collections.Counter()
    for m in mentions:
        if m["kind"] == "nominal" and m["_type"] in TYPES:
            n_gold[m["_type"]] += 1
            if m["_tok"] is not None:
                label[m["_tok"]] = m["_type"]
    ev = []
    for t in toks:
        if not is_word(t.text) or not t.text[0].isalpha():
            continue
        det, of, cap = context_of(toks, t.i)
        if cap:
            continue
        ev.append((t.low, "det" if det else "bare", label.get(t.i)))
    return ev, n_gold


def count(events):
    c = collections.Counter()
    p = collections.defaultdict(collections.Counter)
    for w, ctx, lab in events:
        for key in (w, (w, ctx)):
            c[key] += 1
            if lab:
                p[key][lab] += 1
    return c, p


def best(c, p, key, s):
    n = c.get(key, 0)
    if not n or key not in p:
        return None, 0.0, n
    typ, k = max(p[key].items(), key=lambda x: (x[1], x[0]))
    return typ, k / (n + s), n


def predictor(c, p, variant, m, t, s):
    """Returns f(word, ctx) -> type or None."""
    cache = {}

    def f(w, ctx):
        key = (w, ctx) if variant == "ctx" else w
        if key in cache:
            return cache[key]
        res = None
        typ, pr, n = (None, 0.0, 0)
        if variant == "ctx":
            typ, pr, n = best(c, p, (w, ctx), s)
        if n < m:
            typ, pr, n = best(c, p, w, s)
        if n >= m and typ and kept(typ, pr, t):
            res = typ
        cache[key] = res
        return res

    return f


def agg(events):
    """(word, ctx) -> Counter of labels (None for negatives)."""
    a = collections.defaultdict(collections.Counter)
    for w, ctx, lab in events:
        a[(w, ctx)][lab] += 1
    return a


def score(f, ag, n_gold):
    """tp/pred per type; gold per type. `ag` from agg()."""
    tp, pr = collections.Counter(), collections.Counter()
    for (w, ctx), labs in ag.items():
        typ = f(w, ctx)
        if typ:
            pr[typ] += sum(labs.values())
            tp[typ] += labs.get(typ, 0)
    return tp, pr, n_gold


def add(acc, r):
    for a, b in zip(acc, r):
        a.update(b)


def summary(tp, pr, gold, types):
    a = sum(tp[x] for x in types)
    b = sum(pr[x] for x in types)
    g = sum(gold[x] for x in types)
    return (a / b if b else 0.0), (a / g if g else 0.0), a, b, g


def settings():
    for v in VARIANTS:
        for m in MIN_COUNTS:
            for t in THRESHOLDS:
                for s in SMOOTHING:
                    yield (v, m, t, s)


def grid_scores(parts):
    """Pooled (tp, predicted, gold) over parts [(counts, agg, n_gold)] for every setting, computed
    with one pass per (variant, min_count, smoothing)."""
    out = {}
    for v in VARIANTS:
        for m in MIN_COUNTS:
            for s in SMOOTHING:
                tp = collections.Counter()
                pr = collections.Counter()
                gold = 0
                for (c, p), ag, ng in parts:
                    gold += sum(ng[x] for x in TYPES)
                    for (w, ctx), labs in ag.items():
                        if w not in p:
                            continue
                        typ, prc, n = (None, 0.0, 0)
                        if v == "ctx":
                            typ, prc, n = best(c, p, (w, ctx), s)
                        if n < m:
                            typ, prc, n = best(c, p, w, s)
                        if n < m or not typ:
                            continue
                        tot, hit = sum(labs.values()), labs.get(typ, 0)
                        for t in THRESHOLDS:
                            if kept(typ, prc, t):
                                pr[t] += tot
                                tp[t] += hit
                for t in THRESHOLDS:
                    out[(v, m, t, s)] = (tp[t], pr[t], gold)
    return out


def choose_all(per_doc, doc_ids, targets):
    """Inner leave-one-fold-out CV over the folds present in doc_ids; for each target, the setting
    with the highest pooled recall whose pooled precision >= target."""
    folds = sorted({fold_of(d) for d in doc_ids})
    parts = []
    for f in folds:
        tr = [e for d in doc_ids if fold_of(d) != f for e in per_doc[d][0]]
        te = [d for d in doc_ids if fold_of(d) == f]
        parts.append((count(tr), agg([e for d in te for e in per_doc[d][0]]),
                      sum((per_doc[d][1] for d in te), collections.Counter())))
    g = grid_scores(parts)
    res = {}
    for target in targets:
        best_s, best_r = None, -1
        for st in settings():
            tp, pr, gold = g[st]
            if pr and tp / pr >= target and tp / gold > best_r:
                best_s, best_r = st, tp / gold
        res[target] = best_s
    return res


def cv(per_doc, targets):
    ids = sorted(per_doc)
    accs = {t: (collections.Counter(), collections.Counter(), collections.Counter()) for t in targets}
    chosen = {t: [] for t in targets}
    for f in range(FOLDS):
        tr = [d for d in ids if fold_of(d) != f]
        te = [d for d in ids if fold_of(d) == f]
        sts = choose_all(per_doc, tr, targets)
        c, p = count([e for d in tr for e in per_doc[d][0]])
        ag = agg([e for d in te for e in per_doc[d][0]])
        ng = sum((per_doc[d][1] for d in te), collections.Counter())
        for t in targets:
            chosen[t].append(sts[t])
            add(accs[t], score(predictor(c, p, *sts[t]), ag, ng))
    return accs, chosen


def fmt_row(name, r):
    prec, rec, a, b, g = r
    return f"  {name:<12} P={prec:.3f} R={rec:.3f}  (tp {a}, predicted {b}, gold {g})"


def hand_scores(c, p):
    rows = []
    for line in HAND.strip().splitlines():
        w, typ = line.split()
        n = c.get(w, 0)
        k = p.get(w, {}).get(typ, 0)
        pr = k / n if n else None
        nd, nd_n = c.get((w, "det"), 0), p.get((w, "det"), {}).get(typ, 0)
        gbest = max(p[w].items(), key=lambda x: (x[1], x[0]))[0] if w in p and p[w] else "-"
        keep = not (n >= HAND_MIN_COUNT and pr is not None and pr < HAND_MIN_PRECISION)
        rows.append((w, typ, pr, n, (nd_n / nd if nd else None), nd, gbest, keep))
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gold")
    ap.add_argument("--out", default="models/coref/nominals.tsv")
    ap.add_argument("--hand-out", default=None, help="write the filtered hand list with gum-dev scores here")
    ap.add_argument("--target", type=float, choices=TARGETS, default=0.80,
                    help="the precision target the shipped setting is chosen for")
    ap.add_argument("--exclude-fold", type=int, default=None,
                    help="learn from the documents of the other folds only (for end-to-end CV: scripts/cv_actors.sh)")
    args = ap.parse_args()
    docs = load(args.gold)
    if args.exclude_fold is not None:
        docs = {d: v for d, v in docs.items() if fold_of(d) != args.exclude_fold}
    per_doc = {d: events_of(docs[d]) for d in sorted(docs)}
    ids = sorted(per_doc)
    print(f"documents {len(ids)}; folds {[sum(1 for d in ids if fold_of(d) == f) for f in range(FOLDS)]}")
    allev = [e for d in ids for e in per_doc[d][0]]
    gold_all = sum((per_doc[d][1] for d in ids), collections.Counter())
    labelled = collections.Counter(lab for _, _, lab in allev if lab)
    print(f"gold nominal mentions {dict(gold_all)}; of them headed by an eligible (not mid-sentence "
          f"capitalised) token {dict(labelled)}")
    print()
    print("== Nominal detection, 5-fold CV over documents (setting chosen on training folds by inner CV) ==")
    accs, chosen_for = cv(per_doc, TARGETS) if args.exclude_fold is None else ({}, {})
    for target in (TARGETS if args.exclude_fold is None else ()):
        acc, chosen = accs[target], chosen_for[target]
        print(f"target precision >= {target:.2f}; settings chosen per fold (variant, min_count, threshold, smoothing): {chosen}")
        for typ in TYPES:
            print(fmt_row(typ, summary(*acc, (typ,))))
        print(fmt_row("PER+ORG", summary(*acc, ("PER", "ORG"))))
        print(fmt_row("all", summary(*acc, TYPES)))
        print()
    # final settings: chosen the same way (leave-one-fold-out over all 5 folds) on all documents
    finals = choose_all(per_doc, ids, TARGETS)
    final = finals[args.target]
    print(f"settings chosen on all documents: {finals}")
    variant, m, t, s = final
    c, p = count(allev)
    # in-sample figures of the final lexicon (optimistic; the CV figures above are the estimate)
    acc = score(predictor(c, p, *final), agg(allev), gold_all)
    print(f"final setting {final} on all {len(ids)} documents (in-sample, optimistic):")
    for typ in TYPES:
        print(fmt_row(typ, summary(*acc, (typ,))))
    print(fmt_row("all", summary(*acc, TYPES)))
    rows = []
    for w in sorted(k for k in c if isinstance(k, str)):
        typ, pr, n = best(c, p, w, s)
        if not typ:
            continue
        _, pd, nd = best(c, p, (w, "det"), s)
        pdt = p.get((w, "det"), {}).get(typ, 0) / (nd + s) if nd else 0.0
        nb = c.get((w, "bare"), 0)
        pbt = p.get((w, "bare"), {}).get(typ, 0) / (nb + s) if nb else 0.0
        keep_word = n >= m and kept(typ, pr, t)
        keep_ctx = variant == "ctx" and ((nd >= m and kept(typ, pdt, t)) or (nb >= m and kept(typ, pbt, t)))
        if keep_word or keep_ctx:
            rows.append((w, typ, pr, n, pdt, nd, pbt, nb))
    rows.sort(key=lambda r: (r[1], -r[2], -r[3], r[0]))
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("# slant nominal-mention lexicon: lowercase head word, actor type, precision, count\n")
        f.write("# precision = P(token is the head of a gold nominal mention of this type | token is this word),\n")
        f.write("#   over tokens not capitalised mid-sentence, in GUM gum-dev gold (159 docs, 11 non-news genres);\n")
        f.write(f"#   smoothed as positives / (count + {s}). det_precision/det_count: same when a determiner,\n")
        f.write("#   possessive or number comes 1-3 tokens before (only words between); bare_*: otherwise.\n")
        f.write(f"# kept: count >= {m} and precision >= {t}, place words >= {LOC_MIN_PRECISION} (variant '{variant}': ")
        f.write("word-level" if variant == "word" else "per occurrence from (word, det|bare), backing off to the word")
        f.write("),\n#   setting chosen by 5-fold CV over documents for a precision target of 0.80 (see docs/coref_rules.md).\n")
        f.write(f"# stricter set (CV target 0.85): {finals[0.85]} (variant, min_count, threshold, smoothing).\n")
        f.write("# made by: python3 scripts/train_nominals.py ../shared/data/gum-dev/gum_gold.json --out models/coref/nominals.tsv\n")
        f.write("#   --hand-out models/coref/news_role_nouns.tsv  (news role nouns are a separate hand list there)\n")
        f.write("word\ttype\tprecision\tcount\tdet_precision\tdet_count\tbare_precision\tbare_count\n")
        for w, typ, pr, n, pdt, nd, pbt, nb in rows:
            f.write(f"{w}\t{typ}\t{pr:.3f}\t{n}\t{pdt:.3f}\t{nd}\t{pbt:.3f}\t{nb}\n")
    print(f"wrote {args.out}: {len(rows)} words ({collections.Counter(r[1] for r in rows)})")
    print()
    print("== Hand list of news role nouns, scored on gum-dev (all 159 docs; precision for the hand type) ==")
    hs = hand_scores(c, p)
    print(f"  {'word':<16}{'type':<5}{'P':>7}{'n':>6}{'P_det':>7}{'n_det':>6}  gum-best  kept")
    for w, typ, pr, n, pd, nd, gb, keep in hs:
        prs = f"{pr:7.3f}" if pr is not None else "      -"
        pds = f"{pd:7.3f}" if pd is not None else "      -"
        print(f"  {w:<16}{typ:<5}{prs}{n:6d}{pds}{nd:6d}  {gb:<8}  {'yes' if keep else 'NO'}")
    if args.hand_out:
        with open(args.hand_out, "w", encoding="utf-8") as f:
            f.write("# News role nouns: a HAND list (not learned), type as read in news. Kept apart from the learned\n")
            f.write("# models/coref/nominals.tsv. gum_precision/gum_count: P(head of a gold nominal of this type | word)\n")
            f.write("# and occurrences (not capitalised mid-sentence) in gum-dev (non-news; '-' = never seen there).\n")
            f.write(f"# Words scoring < {HAND_MIN_PRECISION} on gum-dev with >= {HAND_MIN_COUNT} occurrences are left out.\n")
            f.write("# made by: python3 scripts/train_nominals.py ../shared/data/gum-dev/gum_gold.json --out models/coref/nominals.tsv --hand-out models/coref/news_role_nouns.tsv\n")
            f.write("word\ttype\tgum_precision\tgum_count\n")
            for w, typ, pr, n, pd, nd, gb, keep in hs:
                if keep:
                    f.write(f"{w}\t{typ}\t{'-' if pr is None else f'{pr:.3f}'}\t{n}\n")
        print(f"wrote {args.hand_out}: {sum(1 for r in hs if r[-1])} of {len(hs)} hand words kept")


if __name__ == "__main__":
    main()
