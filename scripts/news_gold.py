#!/usr/bin/env python3
"""A small coreference gold set in the held-out genres, annotated here: 31 real news articles (24
from PerSenT dev, 7 from the extraction pages) and 24 texts written for the project (8 news
reports, 6 interviews, 6 biographies, 4 speeches), and a fresh batch of 18 more PerSenT dev articles
(batch "fresh": first scored before any rule was written from them) and 12 more (batch
"fresh2", annotated after that session's rules were written), every mention of each specific person,
organization and place marked by hand (names, role nouns, pronouns) with a Wikipedia-title key,
in the gum-dev gold format that ../shared/tools/actor_score.py reads. The real articles'
annotations are stand-off (offsets, no text): their texts are read from ../shared at build time
and checked against a hash; the written texts travel with their annotations.

  scripts/news_gold.py build OUT_DIR [real|written|unlabelled|fresh|fresh2|fresh3]
                                         writes OUT_DIR/gold.json and OUT_DIR/docs.jsonl (the 55
                                         development documents, or only the real or the written
                                         ones; or the six written interviews with their speakers'
                                         labels, "Wikinews: ", taken out and the offsets moved with
                                         them; or the fresh batch: 18 more PerSenT dev articles
                                         annotated 2026-12-07 and scored before any rule was
                                         changed on them; or fresh2: 12 more, annotated after
                                         the thirteenth session's rules and scored once; or
                                         fresh3: 12 more, annotated in the fifteenth session)
  slant tag OUT_DIR/docs.jsonl -o OUT_DIR/tagged.jsonl --no-tone --quiet
  ../shared/tools/actor_score.py OUT_DIR/gold.json OUT_DIR/tagged.jsonl

  scripts/news_gold.py export MARKUP_FILE... > scripts/news_gold.json
      (maintainers) turns marked-up copies of the texts into the stand-off file. Markup:
      first line `ID<TAB>TITLE`, then the text with each mention as [[surface|TYPE:Key|kind]]
      (kind name|nom|pro; a Key starting with '_' has no Wikipedia identity); nesting allowed.
  scripts/news_gold.py append BATCH MARKUP_FILE...
      (maintainers) adds marked-up files to scripts/news_gold.json as a named batch.

Conventions (the annotators' guide): specific entities only (no generic "people"), nominal spans
end at the head noun, a title is part of the name ("President Emmerson Mnangagwa"), quoted
I/we/you are marked when the speaker is clear. GUM marks every mention, generic ones included, so
nominal precision here reads low against slant's generic nominals; pronoun, name, clustering and
cross-document figures compare. This is a development set: rules were checked on it.
"""
import csv
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, "..", "..", "shared", "data")
STANDOFF = os.path.join(HERE, "news_gold.json")
KINDS = {"name": "name", "nom": "nominal", "pro": "pronoun"}
PRON_CLASS = {
    **dict.fromkeys(["he", "him", "his", "himself", "she", "her", "hers", "herself"], "prs3sg_mf"),
    **dict.fromkeys(["they", "them", "their", "theirs", "themselves"], "prs3pl"),
    **dict.fromkeys(["it", "its", "itself"], "prs3sg_other"),
    **dict.fromkeys(["i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "you", "your"], "prs12"),
}


# Batches kept apart from the 55 development documents, each built on its own.
BATCHES = ("fresh", "fresh2", "fresh3")


def sha(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def parse_markup(path):
    raw = open(path, encoding="utf-8").read()
    first, body = raw.split("\n", 1)
    doc_id, title = (first.split("\t", 1) + [""])[:2]
    out, stack, mentions, i, line = [], [], [], 0, 1
    while i < len(body):
        if body.startswith("[[", i):
            stack.append(len(out))
            i += 2
            continue
        if body[i] == "|" and stack:
            j = body.find("]]", i)
            label = body[i + 1:j].split("|") if j >= 0 else []
            if len(label) != 2 or ":" not in label[0] or label[1] not in KINDS:
                sys.exit(f"{path}:{line}: bad label {body[i + 1:j]!r}")
            typ, key = label[0].split(":", 1)
            start = stack.pop()
            mentions.append([start, len(out), typ, key, KINDS[label[1]]])
            i = j + 2
            continue
        line += body[i] == "\n"
        out.append(body[i])
        i += 1
    if stack:
        sys.exit(f"{path}: unclosed [[")
    text = "".join(out)
    lead = len(text) - len(text.lstrip("\n"))
    text = text.strip("\n")
    return doc_id, title, text, [[s - lead, e - lead, t, k, kd] for s, e, t, k, kd in mentions]


def export(paths, batch=None):
    docs = []
    for path in paths:
        doc_id, title, text, mentions = parse_markup(path)
        if doc_id.startswith("ps-"):
            source = {"persent": doc_id[3:]}
        elif doc_id.startswith("xp-"):
            source = {"extraction": doc_id[3:]}
        else:  # written for this project: the text is ours and travels with the annotations
            source = {"written": {"title": title, "text": text}}
        doc = {"id": doc_id, "source": source, "sha256_16": sha(text), "mentions": sorted(mentions)}
        docs.append({**doc, "batch": batch} if batch else doc)
    return docs


def write_standoff(docs, out):
    json.dump({"about": __doc__.split("\n\n")[0], "docs": docs}, out, ensure_ascii=False, indent=0)
    out.write("\n")


def append(batch, paths):
    """Adds a batch of marked-up files to the stand-off file (replacing documents of the same id)."""
    standoff = json.load(open(STANDOFF, encoding="utf-8"))
    new = export(paths, batch)
    ids = {d["id"] for d in new}
    docs = [d for d in standoff["docs"] if d["id"] not in ids] + new
    with open(STANDOFF, "w", encoding="utf-8") as out:
        write_standoff(docs, out)
    print(f"{len(new)} documents added to {STANDOFF} as batch {batch!r}")


def persent_texts():
    sys.path.insert(0, HERE)
    from persent_silver import normalized  # the same normalization the silver check uses

    csv.field_size_limit(10**9)
    with open(os.path.join(SHARED, "persent", "dev.csv"), encoding="utf-8") as f:
        return {row["DOCUMENT_INDEX"]: (row["TITLE"], normalized(row["DOCUMENT"])) for row in csv.DictReader(f)}


def extraction_texts():
    truth = json.load(open(os.path.join(SHARED, "extraction", "ground-truth.json"), encoding="utf-8"))
    out = {}
    for key, page in truth.items():
        title = page.get("title") or page["url"].rsplit("/", 1)[-1][:80]
        out[key[:10]] = (title, page["articleBody"])
    return out


def head(text, start, end, kind):
    """The head token of a nominal (its last word before 'of', a relative clause or a comma)."""
    if kind != "nominal":
        return start, end
    span = text[start:end]
    cut = re.search(r"\s(of|who|that|which|in|at|from|for|with)\s|,", span)
    words = list(re.finditer(r"[\w'-]+", span[:cut.start()] if cut else span))
    return (start + words[-1].start(), start + words[-1].end()) if words else (start, end)


LABEL = re.compile(r"(?m)^[A-Z][\w.' -]{1,40}: ")


def without_labels(text, mentions):
    """The text without the speakers' labels that open its lines, and the mentions outside them
    with their offsets moved."""
    labels = [m.span() for m in LABEL.finditer(text)]

    def moved(at):
        return at - sum(end - start for start, end in labels if end <= at)

    def in_label(start, end):
        return any(s < end and start < e for s, e in labels)

    kept, last = [], 0
    for start, end in labels:
        kept.append(text[last:start])
        last = end
    kept.append(text[last:])
    return "".join(kept), [(moved(s), moved(e), *rest) for s, e, *rest in mentions if not in_label(s, e)]


def build(out_dir, part=None):
    standoff = json.load(open(STANDOFF, encoding="utf-8"))
    persent, extraction = persent_texts(), extraction_texts()
    gold, docs = {}, []
    for doc in standoff["docs"]:
        written = "written" in doc["source"]
        if doc.get("batch") != (part if part in BATCHES else None):
            continue
        if (part == "real" and written) or (part in ("written", "unlabelled") and not written):
            continue
        if part == "unlabelled" and not doc["id"].startswith("w-int"):
            continue
        source = doc["source"]
        if "written" in source:
            title, text = source["written"]["title"], source["written"]["text"]
        else:
            table, key = (persent, source["persent"]) if "persent" in source else (extraction, source["extraction"])
            title, text = table[key]
        text = text.strip("\n")
        if sha(text) != doc["sha256_16"]:
            sys.exit(f"{doc['id']}: the text in ../shared differs from the one annotated")
        mentions = doc["mentions"]
        if part == "unlabelled":
            text, mentions = without_labels(text, mentions)
        entities = {}
        for start, end, typ, key, kind in mentions:
            entity = entities.setdefault(key, {"id": f"{doc['id']}#{key}", "type": typ,
                                               "identity": None if key.startswith("_") else key,
                                               "name": None, "mentions": []})
            hs, he = head(text, start, end, kind)
            mention = {"start": start, "end": end, "text": text[start:end], "kind": kind, "head_start": hs, "head_end": he}
            if kind == "pronoun":
                mention["pron_class"] = PRON_CLASS.get(text[start:end].lower(), "other")
            if kind == "name" and entity["name"] is None:
                entity["name"] = text[start:end]
            entity["mentions"].append(mention)
        for entity in entities.values():
            entity["name"] = entity["name"] or entity["mentions"][0]["text"]
        gold[doc["id"]] = {"genre": "news", "title": title, "text": text, "entities": list(entities.values()),
                           "other_mentions": []}
        docs.append({"id": doc["id"], "title": title, "text": text})
    os.makedirs(out_dir, exist_ok=True)
    json.dump({"meta": {"source": "scripts/news_gold.json"}, "docs": gold}, open(os.path.join(out_dir, "gold.json"), "w"),
              ensure_ascii=False)
    with open(os.path.join(out_dir, "docs.jsonl"), "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    mentions = sum(len(e["mentions"]) for d in gold.values() for e in d["entities"])
    print(f"{len(docs)} documents, {mentions} mentions -> {out_dir}")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "build":
        build(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
    elif len(sys.argv) >= 3 and sys.argv[1] == "export":
        write_standoff(export(sys.argv[2:]), sys.stdout)
    elif len(sys.argv) >= 4 and sys.argv[1] == "append":
        append(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)
