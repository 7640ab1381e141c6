#!/usr/bin/env python3
"""How often first- and second-person pronouns grouped as src/coref/first_person.rs groups them
(one group per grammatical person per quotation, and one outside quotes) are one gold entity, on
gum-dev: pairs of pronouns in one group that share a gold entity, overall and by genre.

    python3 scripts/analyze_first_person.py ../shared/data/gum-dev/gum_gold.json
"""
import collections
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gum_coref_common import load, prepare  # noqa: E402

PERSONS = {
    "I": {"i", "me", "my", "mine", "myself"},
    "we": {"we", "us", "our", "ours", "ourselves"},
    "you": {"you", "your", "yours", "yourself", "yourselves"},
}


def main(path):
    docs = load(path)
    prepared = {doc_id: prepare(doc)[0] for doc_id, doc in docs.items()}
    for person, forms in PERSONS.items():
        same = collections.Counter()
        pairs = collections.Counter()
        tokens = 0
        for doc_id, toks in prepared.items():
            groups = collections.defaultdict(list)
            for t in toks:
                if t.low in forms:
                    entity = next((m["_ent"] for m in reversed(t.heads) if m["_ent"] is not None), None)
                    groups[t.qid if t.quote else None].append(entity)
            genre = docs[doc_id]["genre"]
            for group in groups.values():
                tokens += len(group)
                counts = collections.Counter(e for e in group if e is not None)
                same[genre] += sum(v * (v - 1) for v in counts.values())
                pairs[genre] += len(group) * (len(group) - 1)
        total = sum(same.values()) / max(sum(pairs.values()), 1)
        by_genre = ", ".join(f"{g} {same[g] / pairs[g]:.2f}" for g in sorted(pairs) if pairs[g])
        print(f"{person:>3}: {tokens} tokens, pairs in one group that share a gold entity {total:.3f} ({by_genre})")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/gum-dev/gum_gold.json")
