#!/usr/bin/env python3
"""Clean input stays whole (issue 16): how much of a clean, human-written body `slant tag` keeps
when the body is given as a JSONL `text` field (the default path, not `--no-extract`).

Sets, all under ../shared/data:
- gum-dev: the 159 documents of gum-dev/gum_docs.jsonl, with their `title` where they have one
  (documents without one exercise title detection);
- NewsMTSC: the sentences of train.jsonl and devtest_mt.jsonl grouped by article (the gid's first
  three parts), in sentence order, one paragraph per sentence, no title;
- PerSenT: the 578 dev documents (DOCUMENT, one paragraph per line), no title.

For each set: the share of the input's words (`\\w+` tokens, as a multiset) found in the record's
`text`, the same counting a title that slant took from the body (it is still in the record), the
documents that lost any paragraph (a paragraph, i.e. a line, is kept when its text occurs in the
output, read as ingest keeps it: mojibake repaired, control characters as spaces, whitespace
collapsed), paragraphs lost, titles taken from the body, and records that are not `ok`.

    python3 scripts/bench_clean_bodies.py [--slant PATH] [--sets gum,newsmtsc,persent] [--show N]
    python3 scripts/bench_clean_bodies.py --decision [--slant PATH]

Prints a Markdown table (the one in BENCHMARKS.md) and, with --show, up to N lost paragraphs.

--decision checks the rule that reads a text as a page or a body (src/extract/text.rs,
`reads_as_page`: at least PAGE_CUES_MIN distinct paragraphs with furniture's cues) on the 100
extraction pages' text renderings and the five seeds (pages) against the clean sets (bodies):
the cue count of every text (a long list with hardly a sentence counts as PAGE_CUES_MIN; recomputed here from `slant extract-features`, and checked against
the extractor slant's records name), and the threshold chosen by 5-fold cross-validation (pages
grouped by site, the seeds one group), scored on the held-out fold.
"""
import argparse
import collections
import csv
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_common import ROOT, SHARED  # noqa: E402

DATA = SHARED / "data"


def gum():
    docs = []
    for line in open(DATA / "gum-dev" / "gum_docs.jsonl", encoding="utf-8"):
        d = json.loads(line)
        rec = {"id": d["id"], "text": d["text"]}
        if d.get("title"):
            rec["title"] = d["title"]
        docs.append(rec)
    return docs


def newsmtsc():
    articles = collections.defaultdict(dict)
    for name in ("train.jsonl", "devtest_mt.jsonl"):
        for line in open(DATA / "newsmtsc" / name, encoding="utf-8"):
            d = json.loads(line)
            parts = d["primary_gid"].split("_")
            articles["_".join(parts[:3])][int(parts[3])] = d["sentence_normalized"]
    return [{"id": k, "text": "\n\n".join(s for _, s in sorted(v.items()))} for k, v in sorted(articles.items())]


def persent():
    csv.field_size_limit(1 << 30)
    docs = {}
    with open(DATA / "persent" / "dev.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            docs.setdefault(row["DOCUMENT_INDEX"], row["DOCUMENT"])
    return [{"id": f"persent_{k}", "text": v} for k, v in docs.items()]


SETS = {"gum": ("gum-dev", gum), "newsmtsc": ("NewsMTSC (articles)", newsmtsc), "persent": ("PerSenT dev", persent)}


def words(text):
    return collections.Counter(re.findall(r"\w+", text or ""))


CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
CP1252 = {c: b for b, c in ((b, bytes([b]).decode("cp1252", errors="ignore")) for b in range(0x80, 0xA0)) if c}


def repair_mojibake(text):
    """UTF-8 read as Latin-1 or Windows-1252 repaired, by src/ingest/mojibake.rs's rule (a
    sequence with a C1 control; three- and four-byte ones led by â or ð; two-byte ones led by Â
    or Ã), up to three rounds."""
    def byte(c):
        return ord(c) if ord(c) < 0x100 else CP1252.get(c)
    for _ in range(3):
        out, i, changed = [], 0, False
        while i < len(text):
            lead = byte(text[i])
            n = 2 if lead and 0xC2 <= lead <= 0xDF else 3 if lead and 0xE0 <= lead <= 0xEF else 4 if lead and 0xF0 <= lead <= 0xF4 else 0
            run = text[i:i + n]
            bs = [byte(c) for c in run]
            if n and len(run) == n and all(b is not None and 0x80 <= b <= 0xBF for b in bs[1:]):
                certain = any("\x80" <= c <= "\x9f" for c in run[1:]) or (run[0] in "ÂÃ" if n == 2 else run[0] in "âð")
                try:
                    decoded = bytes(bs).decode("utf-8") if certain else None
                except UnicodeDecodeError:
                    decoded = None
                if decoded:
                    out.append(decoded)
                    i += n
                    changed = True
                    continue
            out.append(text[i])
            i += 1
        text = "".join(out)
        if not changed:
            break
    return text


def as_ingested(text):
    """A text field as ingest keeps it: mojibake repaired (PerSenT's quotes), then control
    characters replaced with spaces."""
    return CONTROLS.sub(" ", repair_mojibake(text or ""))


def norm(text):
    """Whitespace collapsed, as ingest keeps the text (`as_ingested`)."""
    return " ".join(as_ingested(text).split())


def paragraphs(text):
    return [norm(p) for p in text.split("\n") if norm(p)]


def measure(slant, docs, extra):
    with tempfile.TemporaryDirectory() as tmp:
        inp, out = os.path.join(tmp, "in.jsonl"), os.path.join(tmp, "out.jsonl")
        with open(inp, "w", encoding="utf-8") as fh:
            for d in docs:
                fh.write(json.dumps(d, ensure_ascii=False) + "\n")
        subprocess.run([slant, "tag", inp, "-o", out, "--quiet", "--no-ner", "--no-tone", *extra], check=False,
                       stderr=subprocess.DEVNULL)
        records = {}
        for line in open(out, encoding="utf-8"):
            r = json.loads(line)
            records[r["id"]] = r
    total = kept = kept_title = 0
    losing, lost, titles, failed = 0, [], 0, 0
    for d in docs:
        r = records.get(d["id"], {})
        if r.get("status") != "ok":
            failed += 1
        text = r.get("text", "")
        taken = r.get("title") if "title" not in d and r.get("metadata_origin", {}).get("title") == "detected" else None
        titles += taken is not None
        w_in, w_out, w_title = words(as_ingested(d["text"])), words(text), words(taken)
        total += sum(w_in.values())
        kept += sum(min(c, w_out[w]) for w, c in w_in.items())
        kept_title += sum(min(c, w_out[w] + w_title[w]) for w, c in w_in.items())
        out_norm = norm(text) + " \n " + norm(taken)
        gone = [p for p in paragraphs(d["text"]) if p not in out_norm]
        losing += bool(gone)
        lost += [(d["id"], p) for p in gone]
    return {"docs": len(docs), "words": total, "kept": kept / total, "kept_with_title": kept_title / total,
            "docs_losing": losing, "paragraphs_lost": len(lost), "titles_from_body": titles, "failed": failed, "lost": lost}


PAGE_CUES_MIN = 3  # as in src/extract/text.rs
PLACEHOLDER = re.compile(r"^\[[^\]]*\]$")


def cue_counts(slant, files):
    """Distinct paragraphs with furniture's cues per text, as `reads_as_page` counts them."""
    run = subprocess.run([slant, "extract-features", *files], capture_output=True, text=True)
    lines = run.stdout.splitlines()
    if len(lines) != len(files) + 1:
        sys.exit(f"extract-features gave {len(lines) - 1} rows for {len(files)} files: {run.stderr[-500:]}")
    names = json.loads(lines[0])["feature_names"]
    ix = {n: i for i, n in enumerate(names)}
    counts = []
    for line in lines[1:]:
        cues = set()
        paragraphs = json.loads(line)["paragraphs"]
        total = prose = 0
        for text, x in paragraphs:
            n = len(re.findall(r"\w+", text))
            total += n
            prose += n if n >= 12 and x[ix["ends_sentence"]] > 0 else 0
            short = len(re.findall(r"\w+", text)) < 12
            if (short and (x[ix["bullet"]] > 0 or x[ix["furniture_vocab"]] > 0 or x[ix["has_url"]] > 0 or x[ix["byline"]] > 0)) \
                    or x[ix["caption_credit"]] > 0 or x[ix["class_article_end"]] > 0 or x[ix["date_line"]] > 0 \
                    or PLACEHOLDER.match(text.strip()):
                cues.add(" ".join(text.split()).lower())
        # a long text with under a tenth of its words in sentences (a list of links) is a page too
        list_like = len(paragraphs) >= 50 and prose * 10 < total
        counts.append(max(len(cues), PAGE_CUES_MIN if list_like else 0))
    return counts


def extractors(slant, files):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.jsonl")
        subprocess.run([slant, "tag", *files, "-o", out, "--quiet", "--no-ner", "--no-tone"], check=False,
                       stderr=subprocess.DEVNULL)
        return [json.loads(line).get("slant", {}).get("extractor") for line in open(out, encoding="utf-8")]


def decision(slant):
    from urllib.parse import urlparse
    data = DATA / "extraction"
    truth = json.loads((data / "ground-truth.json").read_text())
    pages = [(str(data / "pages" / f"{k}.txt"), urlparse(v["url"]).netloc.removeprefix("www.")) for k, v in sorted(truth.items())]
    pages += [(str(p), "seed") for p in sorted((ROOT / "examples" / "articles").glob("*.txt"))]
    with tempfile.TemporaryDirectory() as tmp:
        bodies = []
        for key, (_, load) in SETS.items():
            for i, d in enumerate(load()):
                path = os.path.join(tmp, f"{key}-{i:05d}.txt")
                with open(path, "w", encoding="utf-8") as fh:
                    # as a JSONL field reaches extraction
                    fh.write(as_ingested(d["text"]))
                bodies.append((path, f"{key}-{i}"))
        items = [(f, g, True) for f, g in pages] + [(f, g, False) for f, g in bodies]
        counts = cue_counts(slant, [f for f, _, _ in items])
        read = extractors(slant, [f for f, _, _ in items])
    agree = sum((r == "slant-text") == (c >= PAGE_CUES_MIN) for r, c in zip(read, counts))
    print(f"slant's records agree with the recomputed rule on {agree} of {len(items)} texts")
    page_counts = sorted(c for c, (_, _, page) in zip(counts, items) if page)
    body_counts = sorted(c for c, (_, _, page) in zip(counts, items) if not page)
    print(f"cue paragraphs: pages min {page_counts[0]}, lowest five {page_counts[:5]}; "
          f"bodies max {body_counts[-1]}, histogram {dict(sorted(collections.Counter(min(c, 5) for c in body_counts).items()))}")
    # 5-fold CV of the threshold: folds by group (site for pages, document for bodies).
    groups = sorted({g for _, g, _ in items}, key=lambda g: hashlib.md5(g.encode()).hexdigest())
    fold_of = {g: i % 5 for i, g in enumerate(groups)}
    correct = {True: 0, False: 0}
    chosen = []
    for fold in range(5):
        train = [(c, page) for c, (_, g, page) in zip(counts, items) if fold_of[g] != fold]

        def balanced(k):
            pages_ok = sum(c >= k for c, page in train if page) / max(1, sum(page for _, page in train))
            bodies_ok = sum(c < k for c, page in train if not page) / max(1, sum(not page for _, page in train))
            return (pages_ok + bodies_ok) / 2
        best = max(balanced(k) for k in range(1, 11))
        ties = [k for k in range(1, 11) if balanced(k) == best]
        k = ties[(len(ties) - 1) // 2]
        chosen.append(k)
        for c, (_, g, page) in zip(counts, items):
            if fold_of[g] == fold:
                correct[page] += (c >= k) == page
    n_pages = sum(page for _, _, page in items)
    n_bodies = len(items) - n_pages
    print(f"thresholds chosen in the folds: {chosen}")
    print(f"held out: pages read as pages {correct[True]}/{n_pages}, bodies read as bodies {correct[False]}/{n_bodies}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--slant", default=os.path.join(ROOT, "target", "release", "slant"))
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--show", type=int, default=0, help="print up to N lost paragraphs per set")
    ap.add_argument("--json", help="also write the figures as JSON here")
    ap.add_argument("--decision", action="store_true", help="check the page-or-body rule (see above)")
    args = ap.parse_args()
    if args.decision:
        return decision(args.slant)
    print("| set | documents | words | words kept in `text` | with a title taken from the body | "
          "documents losing a paragraph | paragraphs lost | titles taken from the body | records not ok |")
    print("|---|---|---|---|---|---|---|---|---|")
    results = {}
    for key in args.sets.split(","):
        name, load = SETS[key]
        m = measure(args.slant, load(), [])
        results[key] = {k: v for k, v in m.items() if k != "lost"}
        print(f"| {name} | {m['docs']} | {m['words']} | {m['kept']:.2%} | {m['kept_with_title']:.2%} | "
              f"{m['docs_losing']} | {m['paragraphs_lost']} | {m['titles_from_body']} | {m['failed']} |", flush=True)
        for doc_id, p in m["lost"][: args.show]:
            print(f"    lost in {doc_id}: {p[:160]!r}", file=sys.stderr)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(results, fh, indent=1)


if __name__ == "__main__":
    sys.exit(main())
