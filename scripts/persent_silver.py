#!/usr/bin/env python3
"""Silver check of he/she linking on news: PerSenT dev's target chains.

PerSenT's MASKED_DOCUMENT replaces what the dataset's coreference tool took for the target's
mentions with [TGT]. Aligning it token by token with DOCUMENT gives each article a target chain.
The figure is the share of the he/she pronouns on those chains that slant links to the target's
actor (the actor most of the chain's other mentions belong to). The masks miss mentions and the
texts lost their commas, so it is no precision and no gold: it serves to find error classes.
A second figure reads the targets across articles: of the pairs of articles with one target
(211 articles share theirs with another), the share whose target has one actor id.

  scripts/persent_silver.py prepare OUT_DIR   writes OUT_DIR/docs.jsonl and OUT_DIR/chains.json
  slant tag OUT_DIR/docs.jsonl -o OUT_DIR/tagged.jsonl --no-tone --quiet
  scripts/persent_silver.py score OUT_DIR [--show N]

Reads ../shared/data/persent/dev.csv (or $PERSENT_DEV); writes only under OUT_DIR.
"""
import collections
import csv
import difflib
import json
import os
import re
import sys

PRONOUNS = {"he", "she", "his", "her", "him", "himself", "herself", "hers"}
DEV = os.environ.get("PERSENT_DEV", os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data", "persent", "dev.csv"))


def normalized(text):
    # C1 control characters (mis-decoded punctuation) and runs of spaces, as slant would keep them.
    return re.sub(r"[ \t]+", " ", re.sub(r"[\x80-\x9f]", " ", text))


def target_spans(doc, masked):
    """Character spans of DOCUMENT that MASKED_DOCUMENT replaced with [TGT]."""
    doc_tokens = [(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", doc)]
    masked_tokens = [m.group() for m in re.finditer(r"\[TGT\]|[^\s\[]+|\[", masked)]
    words = [t[2] for t in doc_tokens]
    spans = []
    matcher = difflib.SequenceMatcher(None, words, masked_tokens, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "replace" or "[TGT]" not in masked_tokens[j1:j2]:
            continue
        if j2 - j1 == 1:  # one [TGT] for a run of words: the whole name
            spans.append((doc_tokens[i1][0], doc_tokens[i2 - 1][1]))
        elif j2 - j1 == i2 - i1:  # word for word
            spans.extend((doc_tokens[i1 + k][0], doc_tokens[i1 + k][1])
                         for k in range(j2 - j1) if masked_tokens[j1 + k] == "[TGT]")
    return spans


def prepare(out_dir):
    csv.field_size_limit(10**9)
    os.makedirs(out_dir, exist_ok=True)
    chains = {}
    with open(DEV, encoding="utf-8") as f, open(os.path.join(out_dir, "docs.jsonl"), "w", encoding="utf-8") as docs:
        for row in csv.DictReader(f):
            doc_id = "ps-" + row["DOCUMENT_INDEX"]
            text = normalized(row["DOCUMENT"])
            docs.write(json.dumps({"id": doc_id, "title": row["TITLE"], "text": text}, ensure_ascii=False) + "\n")
            chains[doc_id] = {"target": row["TARGET_ENTITY"],
                              "spans": target_spans(text, normalized(row["MASKED_DOCUMENT"]))}
    with open(os.path.join(out_dir, "chains.json"), "w", encoding="utf-8") as f:
        json.dump(chains, f)
    print(f"{len(chains)} articles, {sum(len(c['spans']) for c in chains.values())} target mentions")


def score(out_dir, show):
    chains = json.load(open(os.path.join(out_dir, "chains.json"), encoding="utf-8"))
    records = {}
    for line in open(os.path.join(out_dir, "tagged.jsonl"), encoding="utf-8"):
        record = json.loads(line)
        records[record["id"]] = record
    total = linked = 0
    misses = collections.Counter()
    target_actor = {}
    for doc_id, chain in chains.items():
        record = records.get(doc_id)
        if record is None or record.get("text") is None:
            continue
        text = record["text"]
        mentions = [(m["start"], m["end"], a["id"]) for a in record.get("actors") or [] for m in a["mentions"]]

        def actor_at(start, end):
            return next((a for s, e, a in mentions if s < end and start < e), None)

        def is_pronoun(span):
            return re.sub(r"\W", "", text[span[0]:span[1]].lower()) in PRONOUNS

        votes = collections.Counter(actor_at(*s) for s in chain["spans"] if not is_pronoun(s))
        votes.pop(None, None)
        target = votes.most_common(1)[0][0] if votes else None
        target_actor[doc_id] = target
        for start, end in (s for s in chain["spans"] if is_pronoun(s)):
            total += 1
            actor = actor_at(start, end)
            if target is not None and actor == target:
                linked += 1
                continue
            kind = ("no target actor" if target is None else "unlinked" if actor is None
                    else "unnamed actor" if ":~" in actor else "another named actor")
            misses[kind] += 1
            if show > 0:
                show -= 1
                context = text[max(0, start - 160):start] + "[[" + text[start:end] + "]]" + text[end:end + 40]
                print(f"{doc_id} target {target} got {actor}: {context!r}\n")
    print(f"he/she on target chains {total}, linked to the target's actor {linked / max(total, 1):.3f}; "
          f"misses: {dict(misses)}")
    across_articles(chains, target_actor)


def across_articles(chains, target_actor):
    """Articles with one TARGET_ENTITY should give it one actor id; one id for two targets is a
    merge to read (the targets are written differently for one person too: "Trump Trump")."""
    by_target = collections.defaultdict(list)
    for doc_id, actor in target_actor.items():
        by_target[chains[doc_id]["target"].casefold()].append(actor)
    pairs = same = 0
    for actors in by_target.values():
        for i, a in enumerate(actors):
            for b in actors[i + 1:]:
                pairs += 1
                same += a is not None and a == b
    targets_of = collections.defaultdict(set)
    for doc_id, actor in target_actor.items():
        if actor is not None:
            targets_of[actor].add(chains[doc_id]["target"])
    several = {a: sorted(t) for a, t in targets_of.items() if len(t) > 1}
    print(f"article pairs sharing a target {pairs}, same actor id {same / max(pairs, 1):.3f}; "
          f"ids holding several targets {len(several)}")
    for actor, targets in sorted(several.items()):
        print(f"  {actor}: {targets}")


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("prepare", "score"):
        sys.exit(__doc__)
    if sys.argv[1] == "prepare":
        prepare(sys.argv[2])
    else:
        show = int(sys.argv[sys.argv.index("--show") + 1]) if "--show" in sys.argv else 0
        score(sys.argv[2], show)


if __name__ == "__main__":
    main()
