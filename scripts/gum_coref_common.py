"""Shared helpers for scripts/train_nominals.py and scripts/analyze_gum_coref.py.

Parser-free view of a GUM gold document, as slant sees an article: tokens (runs of letters/digits,
possessive 's apart, punctuation one character each), sentences cut by punctuation and line breaks
(a simplified port of src/segment.rs), paragraphs (lines), quotation state (“…” or "…" within a
paragraph), and for each token the gold mentions whose head overlaps it.

Folds: 5-fold cross-validation over documents, fold = md5(doc id) mod 5 (deterministic).
Offsets are code points, like the gold.
"""
import hashlib
import json
import re

FOLDS = 5

TITLES = {
    "adm", "amb", "brig", "capt", "cmdr", "col", "cpl", "dr", "esq", "fr", "gen", "gov", "hon", "jr", "lt", "maj",
    "messrs", "mr", "mrs", "ms", "mt", "no", "nos", "pres", "prof", "rep", "reps", "rev", "sen", "sens", "sgt", "sr",
    "st", "supt", "vs", "v", "etc", "e.g", "i.e", "approx", "dept", "est", "fig", "inc", "ltd", "co", "corp",
}
WORD_RE = re.compile(r"[^\W_]+(?:['’\-.][^\W_]+)*|\.{2,}|[!?]+|\S", re.UNICODE)

DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my",
               "your", "some", "many", "several", "both"}
POSSESSIVE_MARK = {"'s", "’s"}
NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                "twenty", "thirty", "hundred", "thousand", "dozen", "few", "other", "all", "each", "every",
                "no", "any", "most", "more"}


def fold_of(doc_id):
    return int(hashlib.md5(doc_id.encode("utf-8")).hexdigest(), 16) % FOLDS


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)["docs"]


def is_word(t):
    return t[0].isalnum()


class Tok:
    __slots__ = ("i", "start", "end", "text", "low", "sent", "para", "quote", "first", "heads", "qid")

    def __init__(self, i, start, end, text):
        self.i, self.start, self.end, self.text = i, start, end, text
        self.low = text.lower()
        self.sent = self.para = 0
        self.quote = False
        self.qid = None  # which quotation (document-wide counter) when inside one
        self.first = False  # first word token of its sentence
        self.heads = []  # gold mentions whose head overlaps: (mention dict, entity dict or None)


def tokenize(text):
    toks = []
    for m in WORD_RE.finditer(text):
        s, e, w = m.start(), m.end(), m.group()
        # possessive 's apart
        if len(w) > 2 and w[-2:] in ("'s", "’s") and w[0].isalnum():
            toks.append((s, e - 2, w[:-2]))
            toks.append((e - 2, e, w[-2:]))
            continue
        # keep the period of a title/initial: "Mr." (the regex leaves it apart)
        toks.append((s, e, w))
    out = []
    for s, e, w in toks:
        if w == "." and out and out[-1].end == s and (out[-1].low in TITLES or (len(out[-1].text) == 1 and out[-1].text.isupper())):
            out[-1].end = e
            out[-1].text += "."
            out[-1].low += "."
            continue
        out.append(Tok(len(out), s, e, w))
    for k, t in enumerate(out):
        t.i = k
    return out


def segment(text, toks):
    """Sets sent, para, first and quote on each token (in place)."""
    # paragraphs = lines; sentence breaks at line breaks and at . ! ? before a non-lowercase token
    line_of = []
    line = 0
    pos = 0
    nl = [i for i, c in enumerate(text) if c == "\n"]
    j = 0
    for t in toks:
        while j < len(nl) and nl[j] < t.start:
            j += 1
        line_of.append(j)
    sent = 0
    prev_line = None
    new_sent = True
    for k, t in enumerate(toks):
        if prev_line is not None and line_of[k] != prev_line:
            sent += 1
            new_sent = True
        elif new_sent is False and k > 0:
            p = toks[k - 1]
            if p.text in (".", "!", "?", "…") or (len(p.text) > 1 and set(p.text) <= set(".!?")):
                if not t.text[0].islower() and t.text not in (",", ";", ":", ")", "]", "%", "."):
                    sent += 1
                    new_sent = True
            elif p.text in ("\"", "”", "’", "'", ")") and k >= 2 and toks[k - 2].text in (".", "!", "?") and p.start == toks[k - 2].end:
                if not t.text[0].islower():
                    sent += 1
                    new_sent = True
        t.sent = sent
        t.para = line_of[k]
        if new_sent and is_word(t.text):
            t.first = True
            new_sent = False
        elif new_sent and not is_word(t.text):
            pass
        prev_line = line_of[k]
    # quotes per paragraph
    inq = False
    cur_para = None
    qid = -1
    for t in toks:
        if t.para != cur_para:
            inq = False
            cur_para = t.para
        if t.text == "“" or (t.text == "\"" and not inq):
            inq = True
            qid += 1
            t.quote, t.qid = True, qid
            continue
        if t.text == "”" or t.text == "\"":
            t.quote, t.qid = True, qid
            inq = False
            continue
        t.quote = inq
        t.qid = qid if inq else None


def attach_gold(doc, toks):
    """For each gold mention (entities and other_mentions) find the tokens overlapping its head."""
    starts = [t.start for t in toks]
    import bisect

    def overlapping(s, e):
        k = bisect.bisect_right(starts, s) - 1
        k = max(k, 0)
        res = []
        while k < len(toks) and toks[k].start < e:
            if toks[k].end > s:
                res.append(k)
            k += 1
        return res

    mentions = []
    for ent in doc["entities"]:
        for m in ent["mentions"]:
            m["_ent"] = ent["id"]
            m["_type"] = ent["type"]
            mentions.append(m)
    for m in doc["other_mentions"]:
        m["_ent"] = None
        m["_type"] = "OTHER"
        mentions.append(m)
    for m in mentions:
        ks = overlapping(m["head_start"], m["head_end"])
        m["_toks"] = ks
        m["_tok"] = ks[-1] if ks else None  # last token of the head (the noun in "vice-president")
        m["_span_toks"] = overlapping(m["start"], m["end"])
        for k in ks:
            toks[k].heads.append(m)
        if ks:
            m["_sent"] = toks[ks[0]].sent
            m["_quote"] = toks[ks[0]].quote
    mentions.sort(key=lambda m: (m["start"], -m["end"]))
    return mentions


def prepare(doc):
    toks = tokenize(doc["text"])
    segment(doc["text"], toks)
    mentions = attach_gold(doc, toks)
    return toks, mentions


def fold_plural(w):
    w = w.lower()
    irregular = {"men": "man", "women": "woman", "people": "person", "children": "child", "folks": "folk"}
    if w in irregular:
        return irregular[w]
    if w.endswith("men") and len(w) > 4:
        return w[:-3] + "man"
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if re.search(r"(ss|sh|ch|x|z)es$", w):
        return w[:-2]
    if w.endswith("s") and not re.search(r"(ss|us|is)$", w) and len(w) > 3:
        return w[:-1]
    return w


def context_of(toks, k):
    """Simple context classes of token k: 'det' when a determiner/possessive/number comes within
    1-3 tokens before with only words between; 'of' when followed by "of"; 'cap' when capitalised
    and not sentence-initial."""
    det = False
    for d in (1, 2, 3):
        j = k - d
        if j < 0:
            break
        p = toks[j]
        if p.sent != toks[k].sent:
            break
        if p.low in DETERMINERS or p.low in POSSESSIVE_MARK or p.low in NUMBER_WORDS or p.low[0].isdigit():
            det = True
            break
        if not is_word(p.text):
            break
    of = k + 1 < len(toks) and toks[k + 1].low == "of"
    cap = toks[k].text[0].isupper() and not toks[k].first
    return det, of, cap


def pct(a, b):
    return "   -  " if not b else f"{a / b:6.3f}"
