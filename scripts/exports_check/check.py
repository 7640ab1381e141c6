"""Checks every `slant export` format with the tool that consumes it, and the `slant import`
round trips, on records tagged by `slant tag`. Called by scripts/check_exports.sh, which sets
up the venv, builds slant and tags the seed articles.

    python scripts/exports_check/check.py SLANT_BINARY TAGGED.jsonl WORK_DIR

Prints one line per check and a summary; exits 1 if any check failed.
"""

import sys

# The project's venv holds a CPU-only torch wheel without its CUDA libraries (for linking
# libtorch, not for Python), so `import torch` raises an error other than ImportError. thinc
# (under spaCy) imports torch when it can: mark it absent while spaCy loads (thinc then records
# "no torch"), and unmark it after, since `datasets` takes any entry in sys.modules for a torch.
sys.modules["torch"] = None
import spacy  # noqa: E402

del sys.modules["torch"]

import json  # noqa: E402
import os  # noqa: E402
import runpy  # noqa: E402
import subprocess  # noqa: E402
import traceback  # noqa: E402
from pathlib import Path  # noqa: E402

SLANT, TAGGED, WORK = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
os.environ.setdefault("HF_DATASETS_CACHE", str(WORK / "hf-cache"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

RESULTS = []


def check(name):
    """Runs the decorated function as one named check and records the outcome."""

    def wrap(fn):
        try:
            detail = fn()
            RESULTS.append((name, True, detail or ""))
            print(f"ok    {name}" + (f" — {detail}" if detail else ""), flush=True)
        except Exception as e:  # a failed check is reported, the others still run
            RESULTS.append((name, False, str(e)))
            print(f"FAIL  {name}: {e}", flush=True)
            traceback.print_exc()
        return fn

    return wrap


def slant(*args, expect=0):
    proc = subprocess.run([SLANT, *map(str, args)], capture_output=True, text=True)
    if proc.returncode != expect:
        raise AssertionError(f"slant {' '.join(map(str, args))} exited {proc.returncode}: {proc.stderr.strip()}")
    return proc


def export(fmt, out, *extra):
    return slant("export", TAGGED, "--format", fmt, "-o", out, *extra)


def equal(got, want, what):
    if got != want:
        raise AssertionError(f"{what}: got {str(got)[:300]} want {str(want)[:300]}")


def squeeze(text):
    return "".join(text.split())


RECORDS = [json.loads(line) for line in TAGGED.read_text(encoding="utf-8").splitlines() if line.strip()]
DOCS = [r for r in RECORDS if r["status"] == "ok"]
TEXTS = [d["text"] for d in DOCS]
SPANS = [[(e["start"], e["end"], e["label"]) for e in d["entities"]] for d in DOCS]
CHUNKS = [(label, squeeze(d["text"][s:e])) for d, spans in zip(DOCS, SPANS) for s, e, label in spans]
N_ENTITIES = sum(len(s) for s in SPANS)
assert DOCS and N_ENTITIES, "the tagged file has no documents with entities"


def iob_chunks(sentences):
    """(label, words joined) for IOB2/IOB1/BIOES/BILUO tag sequences."""
    out = []
    for words, tags in sentences:
        previous = "O"
        for word, tag in zip(words, tags):
            prefix, _, label = tag.partition("-")
            opens = prefix in ("B", "S", "U") or (prefix == "I" and (previous == "O" or previous[2:] != label))
            if prefix == "O":
                pass
            elif opens:
                out.append((label, word))
            else:
                out[-1] = (label, out[-1][1] + word)
            previous = tag
    return out


def read_columns(path):
    sentences, words, tags = [], [], []
    for line in Path(path).read_text(encoding="utf-8").split("\n"):
        cols = line.split()
        if not cols or cols[0] == "-DOCSTART-":
            if words:
                sentences.append((words, tags))
            words, tags = [], []
            continue
        words.append(cols[0])
        tags.append(cols[-1])
    if words:
        sentences.append((words, tags))
    return sentences


def spacy_convert(src, out_dir, converter):
    """`python -m spacy convert SRC OUT_DIR --converter CONVERTER`, in this process."""
    argv = sys.argv
    sys.argv = ["spacy", "convert", str(src), str(out_dir), "--converter", converter]
    try:
        runpy.run_module("spacy", run_name="__main__")
    except SystemExit as e:
        if e.code not in (0, None):
            raise AssertionError(f"spacy convert exited {e.code}")
    finally:
        sys.argv = argv


def spacy_docs(path):
    from spacy.tokens import DocBin

    return list(DocBin().from_disk(path).get_docs(spacy.blank("xx").vocab))


# ---------------------------------------------------------------- exports, one check each


@check("spacy: `spacy convert --converter json` gives Docs with the exact text and entity offsets")
def _():
    src = WORK / "spacy_train.json"
    export("spacy", src)
    out = WORK / "spacy_out"
    out.mkdir(exist_ok=True)
    spacy_convert(src, out, "json")
    docs = spacy_docs(out / "spacy_train.spacy")
    equal(len(docs), len(DOCS), "documents")
    for doc, text, spans, record in zip(docs, TEXTS, SPANS, DOCS):
        equal(doc.text, text, "doc.text")
        equal([(e.start_char, e.end_char, e.label_) for e in doc.ents], spans, "entities")
        equal(len(list(doc.sents)), len(record["sentences"]), "sentences")
    return f"spaCy {spacy.__version__}, {len(docs)} docs, {N_ENTITIES} entities identical"


@check("conll: `spacy convert --converter ner` reads it; entity words and labels equal the tagged ones")
def _():
    src = WORK / "train.conll"
    export("conll", src)
    out = WORK / "spacy_conll"
    out.mkdir(exist_ok=True)
    spacy_convert(src, out, "ner")
    docs = spacy_docs(out / "train.spacy")
    equal(len(docs), len(DOCS), "documents (-DOCSTART- delimiters)")
    got = [(e.label_, squeeze(e.text)) for d in docs for e in d.ents]
    equal(got, CHUNKS, "entities")
    return f"{len(got)} entities"


@check("iob2/bioes: columns decode to the tagged entities; slant's conll import of bioes equals iob2")
def _():
    export("iob2", WORK / "train.iob2")
    export("bioes", WORK / "train.bioes")
    iob2, bioes = read_columns(WORK / "train.iob2"), read_columns(WORK / "train.bioes")
    equal(iob_chunks(iob2), CHUNKS, "iob2 entities")
    equal(iob_chunks(bioes), CHUNKS, "bioes entities")
    if not any(t.startswith(("S-", "E-")) for _, tags in bioes for t in tags):
        raise AssertionError("no S-/E- tags in the bioes export")
    slant("import", "--format", "conll", "-o", WORK / "bioes_imported.jsonl", WORK / "train.bioes")
    imported = [json.loads(l) for l in (WORK / "bioes_imported.jsonl").read_text().splitlines()]
    equal([(r["tokens"], r["tags"]) for r in imported], iob2, "imported bioes vs iob2")
    return f"{len(iob2)} sentences"


@check("hf: datasets.load_dataset('json') loads tokens/ner_tags; ClassLabel names from labels.json")
def _():
    import datasets

    export("hf", WORK / "hf.jsonl")
    names = json.loads((WORK / "hf.labels.json").read_text())
    features = datasets.Features(
        {
            "id": datasets.Value("string"),
            "doc_id": datasets.Value("string"),
            "tokens": datasets.Sequence(datasets.Value("string")),
            "ner_tags": datasets.Sequence(datasets.ClassLabel(names=names)),
        }
    )
    ds = datasets.load_dataset("json", data_files={"train": str(WORK / "hf.jsonl")}, features=features)["train"]
    equal(sorted(ds.column_names), ["doc_id", "id", "ner_tags", "tokens"], "columns")
    label = ds.features["ner_tags"].feature
    sentences = [(row["tokens"], [label.int2str(t) for t in row["ner_tags"]]) for row in ds]
    equal(iob_chunks(sentences), CHUNKS, "entities")
    equal(len(set(ds["doc_id"])), len(DOCS), "documents")
    return f"datasets {datasets.__version__}, {len(ds)} rows, labels {names}"


@check("label-studio: config validates; every prediction validates against it; value.text == text[start:end]")
def _():
    from label_studio_sdk.label_interface import LabelInterface

    export("label-studio", WORK / "tasks.json")
    config = (WORK / "tasks.label_config.xml").read_text()
    interface = LabelInterface(config)
    interface.validate()
    tasks = json.loads((WORK / "tasks.json").read_text())
    equal(len(tasks), len(DOCS), "tasks")
    for task, text, spans in zip(tasks, TEXTS, SPANS):
        equal(task["data"]["text"], text, "task text")
        for prediction in task["predictions"]:
            errors = interface.validate_prediction(prediction, return_errors=True)
            if errors:
                raise AssertionError(f"prediction does not validate: {errors[:3]}")
            got = []
            for region in prediction["result"]:
                v = region["value"]
                equal(v["text"], text[v["start"] : v["end"]], "region text")
                got.append((v["start"], v["end"], v["labels"][0]))
            equal(got, spans, "regions")
            if not prediction["model_version"]:
                raise AssertionError("no model_version")
    return f"{len(tasks)} tasks, {N_ENTITIES} predicted regions valid"


@check("prodigy: pandas reads the JSONL; spans and tokens slice the text exactly")
def _():
    import pandas as pd

    export("prodigy", WORK / "prodigy.jsonl")
    df = pd.read_json(WORK / "prodigy.jsonl", lines=True)
    for col in ("text", "spans", "tokens", "meta"):
        if col not in df.columns:
            raise AssertionError(f"no {col} column")
    for row, text, spans in zip(df.itertuples(), TEXTS, SPANS):
        equal(row.text, text, "text")
        equal([(s["start"], s["end"], s["label"]) for s in row.spans], spans, "spans")
        for t in row.tokens:
            equal(t["text"], text[t["start"] : t["end"]], "token text")
        for s in row.spans:
            equal((row.tokens[s["token_start"]]["start"], row.tokens[s["token_end"]]["end"]), (s["start"], s["end"]), "token range")
    return f"{len(df)} rows"


@check("doccano: pandas reads the JSONL; label triples slice the text exactly")
def _():
    import pandas as pd

    export("doccano", WORK / "doccano.jsonl")
    df = pd.read_json(WORK / "doccano.jsonl", lines=True)
    for row, text, spans in zip(df.itertuples(), TEXTS, SPANS):
        equal(row.text, text, "text")
        equal([tuple(x) for x in row.label], spans, "labels")
    return f"{len(df)} rows"


@check("brat: every .ann span equals its .txt slice; annotation.conf names the labels")
def _():
    out = WORK / "brat"
    export("brat", out)
    conf = (out / "annotation.conf").read_text()
    by_text = {}
    for ann in sorted(out.glob("*.ann")):
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        spans = []
        for line in ann.read_text(encoding="utf-8").splitlines():
            if not line.startswith("T"):
                continue
            _, middle, shown = line.split("\t")
            label, start, end = middle.split(" ")
            start, end = int(start), int(end)
            equal(shown, text[start:end].replace("\n", " "), f"{ann.name} {line}")
            if label not in conf.split():
                raise AssertionError(f"{label} not in annotation.conf")
            spans.append((start, end, label))
        by_text[text] = spans
    equal([by_text.get(t) for t in TEXTS], SPANS, "spans per document")
    return f"{len(by_text)} documents"


@check("newsmtsc: sentence[from:to] == mention, polarity = argmax; `slant eval tone --newsmtsc` reads it")
def _():
    export("newsmtsc", WORK / "tone.jsonl")
    targets = 0
    for line in (WORK / "tone.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        for t in row["targets"]:
            equal(row["sentence_normalized"][t["from"] : t["to"]], t["mention"], "mention")
            p = t["probabilities"]
            best = max(("neutral", "negative", "positive"), key=lambda k: p[k])
            equal(t["polarity"], {"negative": 2.0, "neutral": 4.0, "positive": 6.0}[best], "polarity")
            targets += 1
    if not targets:
        raise AssertionError("no targets")
    report = json.loads(slant("eval", "tone", "--newsmtsc", WORK / "tone.jsonl", "--json").stdout)
    equal(report["examples"], targets, "targets read by slant eval tone")
    # The tone model re-scores each target from the sentence and offsets alone; agreeing with the
    # exported polarity on (nearly) all of them shows the offsets point at the right words.
    return f"{targets} targets; re-scored by slant eval tone, accuracy vs exported polarity {report['accuracy']:.2f}"


# ---------------------------------------------------------------- round trips through import


def check_imported(path, want_ids=None):
    records = [json.loads(l) for l in Path(path).read_text(encoding="utf-8").splitlines()]
    by_text = {r["text"]: [(s["start"], s["end"], s["label"]) for s in r["spans"]] for r in records}
    equal(len(records), len(DOCS), "records")
    equal([by_text.get(t) for t in TEXTS], SPANS, "spans")
    if want_ids is not None:
        equal([r["id"] for r in records], want_ids, "ids")
    return records


def label_studio_annotated_export(tasks):
    """The JSON export Label Studio writes once each task's pre-annotations were accepted."""
    out = []
    for i, task in enumerate(tasks, 1):
        result = [dict(r, origin="prediction") for r in task["predictions"][0]["result"]]
        out.append(
            {
                "id": i,
                "data": task["data"],
                "annotations": [
                    {
                        "id": 100 + i,
                        "completed_by": 1,
                        "result": result,
                        "was_cancelled": False,
                        "ground_truth": False,
                        "created_at": "2025-10-21T10:00:00.000000Z",
                        "updated_at": "2025-10-21T10:00:00.000000Z",
                        "lead_time": 12.5,
                        "task": i,
                    }
                ],
                "predictions": [i],
            }
        )
    return out


@check("round trip label-studio: export → annotated JSON export → slant import → spans identical")
def _():
    tasks = json.loads((WORK / "tasks.json").read_text())
    annotated = WORK / "ls_export.json"
    annotated.write_text(json.dumps(label_studio_annotated_export(tasks), ensure_ascii=False))
    slant("import", "--format", "label-studio", "-o", WORK / "ls_gold.jsonl", annotated)
    check_imported(WORK / "ls_gold.jsonl", [d["id"] for d in DOCS])
    return f"{N_ENTITIES} spans"


@check("round trip label-studio JSON-MIN (made by label-studio-sdk's Converter) → slant import → identical")
def _():
    from label_studio_sdk.converter import Converter

    converter = Converter(config=(WORK / "tasks.label_config.xml").read_text(), project_dir=None, download_resources=False)
    out = WORK / "ls_min"
    converter.convert_to_json_min(str(WORK / "ls_export.json"), str(out), is_dir=False)
    slant("import", "--format", "label-studio", "-o", WORK / "ls_min_gold.jsonl", out / "result.json")
    check_imported(WORK / "ls_min_gold.jsonl", [d["id"] for d in DOCS])
    return f"{N_ENTITIES} spans"


@check("round trip brat: export → slant import → spans identical")
def _():
    slant("import", "--format", "brat", "-o", WORK / "brat_gold.jsonl", WORK / "brat")
    check_imported(WORK / "brat_gold.jsonl")
    return f"{N_ENTITIES} spans"


@check("round trip doccano: export → slant import → spans identical")
def _():
    slant("import", "--format", "doccano", "-o", WORK / "doccano_gold.jsonl", WORK / "doccano.jsonl")
    check_imported(WORK / "doccano_gold.jsonl", [d["id"] for d in DOCS])
    return f"{N_ENTITIES} spans"


@check("round trip conll: export → slant import → tokens/tags equal the columns")
def _():
    slant("import", "--format", "conll", "-o", WORK / "conll_gold.jsonl", WORK / "train.conll")
    imported = [json.loads(l) for l in (WORK / "conll_gold.jsonl").read_text().splitlines()]
    equal([(r["tokens"], r["tags"]) for r in imported], read_columns(WORK / "train.conll"), "sentences")
    equal(iob_chunks([(r["tokens"], r["tags"]) for r in imported]), CHUNKS, "entities")
    equal(len({r["doc"] for r in imported}), len(DOCS), "documents")
    return f"{len(imported)} sentences"


@check("slant eval ner --gold reads the imported span JSONL and the imported CoNLL JSONL")
def _():
    spans = json.loads(slant("eval", "ner", "--gold", WORK / "ls_gold.jsonl", "--json").stdout)
    tokens = json.loads(slant("eval", "ner", "--gold", WORK / "conll_gold.jsonl", "--json").stdout)
    for report in (spans, tokens):
        if report["support"] == 0:
            raise AssertionError(f"no gold entities read: {report}")
    return f"gold entities read: {spans['support']} (spans), {tokens['support']} (tokens)"


# ---------------------------------------------------------------- options and errors


@check("--split is a partition, stable by id, and byte-identical on a second run")
def _():
    parts = ("train", "dev", "test")
    ids = {}
    for run in ("a", "b"):
        export("doccano", WORK / f"split_{run}.jsonl", "--split", "train:dev:test=60:20:20")
        for part in parts:
            path = WORK / f"split_{run}.{part}.jsonl"
            ids[(run, part)] = [json.loads(l)["doc_id"] for l in path.read_text().splitlines()]
            equal(path.read_bytes(), (WORK / f"split_a.{part}.jsonl").read_bytes(), f"{part} bytes")
    all_ids = [i for p in parts for i in ids[("a", p)]]
    equal(sorted(all_ids), sorted(d["id"] for d in DOCS), "union of parts")
    return ", ".join(f"{p} {len(ids[('a', p)])}" for p in parts)


@check("--dedup drops a syndicated copy (same story, other header and quote marks), keeps the first")
def _():
    original = DOCS[0]
    copy = dict(original, id="reprint-of-" + original["id"])
    copy["text"] = "(Wire) " + original["text"].replace("’", "'").replace("“", '"').replace("”", '"')
    shift = len("(Wire) ")
    copy["entities"] = [dict(e, start=e["start"] + shift, end=e["end"] + shift) for e in original["entities"]]
    copy["sentences"] = [{"start": 0, "end": len(copy["text"])}]
    copy["actors"] = []
    path = WORK / "with_copy.jsonl"
    path.write_text(TAGGED.read_text(encoding="utf-8") + json.dumps(copy, ensure_ascii=False) + "\n", encoding="utf-8")
    proc = slant("export", path, "--format", "doccano", "-o", WORK / "dedup.jsonl", "--dedup")
    kept = [json.loads(l)["doc_id"] for l in (WORK / "dedup.jsonl").read_text().splitlines()]
    equal(kept, [d["id"] for d in DOCS], "kept documents")
    if "1 duplicates dropped" not in proc.stderr:
        raise AssertionError(proc.stderr)
    return proc.stderr.strip().splitlines()[-1]


@check("bad input: malformed lines → PATH:LINE on stderr and exit 1; error records skipped; the rest exported")
def _():
    path = WORK / "broken.jsonl"
    error_record = {"id": "gone.html", "status": "error", "error": {"kind": "empty", "message": "empty file"}}
    lines = TAGGED.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0], "{not json", json.dumps(error_record)] + lines[1:]) + "\n", encoding="utf-8")
    proc = slant("export", path, "--format", "doccano", "-o", WORK / "broken_out.jsonl", expect=1)
    if f"{path}:2:" not in proc.stderr or "skipped 1 error records" not in proc.stderr:
        raise AssertionError(proc.stderr)
    equal(len((WORK / "broken_out.jsonl").read_text().splitlines()), len(DOCS), "exported documents")
    slant("export", path, "--format", "hf", "-o", "-", expect=2)
    return "exit 1, exit 2 for hf to stdout"


failed = [name for name, ok, _ in RESULTS if not ok]
print()
print(f"check_exports: {len(RESULTS) - len(failed)} of {len(RESULTS)} checks passed "
      f"({len(DOCS)} tagged documents, {N_ENTITIES} entities)")
for name in failed:
    print(f"  failed: {name}")
sys.exit(1 if failed else 0)
