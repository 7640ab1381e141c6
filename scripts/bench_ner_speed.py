#!/usr/bin/env python3
"""NER speed: slant against the Hugging Face transformers token-classification pipeline, in one
run, on the same news sentences, the same weights and the same thread count.

    python3 scripts/bench_ner_speed.py [--model models/ner] [--threads N] [--repeats 3]

- Sentences: slant's own segmentation of the seed pages (examples/articles) and of the 60 text
  pages in ../shared/data/extraction: news prose of mixed length.
- slant: `slant eval ner` on those sentences, pages separated by `-DOCSTART-` (it times
  prediction alone: windows, batching by length, no_grad, decoding; a model trained with document
  context packs each page's sentences into windows with context, as `slant tag` does), in a child
  process whose peak RSS is read with wait4.
- transformers: the same weights exported to a transformers BertForTokenClassification
  directory, run by `pipeline("token-classification")` on the same sentences (words joined by
  spaces), default batch size and batch_size=32, in a child process, peak RSS likewise.
  The export leaves out slant's word-shape embedding (transformers' BERT has no such input); it is
  one embedding lookup and add, so the work per token is the same, the labels are not.
- transformers runs in a separate venv (.venv-bench: full torch==2.4.0 + transformers 4.49),
  created here on first use, since the CPU-lean torch of .venv cannot be imported from Python.

Tokens/s counts slant's words (the same for both). Prints a Markdown table.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

from bench_common import BENCH_PY, ensure_bench_venv

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

HF_CHILD = r'''
import json, sys, time, torch
from transformers import pipeline
model_dir, sentences_file, threads, batch_size, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
torch.set_num_threads(threads)
sentences = [json.loads(l) for l in open(sentences_file)]
texts = [" ".join(words) for words in sentences]
ner = pipeline("token-classification", model=model_dir, tokenizer=model_dir, device=-1)
ner(texts[:8])  # warm-up
best = None
for _ in range(repeats):
    start = time.perf_counter()
    if batch_size > 1:
        ner(texts, batch_size=batch_size)
    else:
        ner(texts)
    took = time.perf_counter() - start
    best = took if best is None else min(best, took)
print(json.dumps({"seconds": best}))
'''


def measured(cmd):
    """Runs cmd under a tiny Python wrapper that reports the child's own peak RSS (wait4)."""
    wrapper = (
        "import os, sys, json\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    os.execvp(sys.argv[1], sys.argv[1:])\n"
        "_, status, usage = os.wait4(pid, 0)\n"
        "sys.stderr.write(json.dumps({'maxrss_mb': usage.ru_maxrss / 1024, 'status': status}) + '\\n')\n"
        "sys.exit(os.waitstatus_to_exitcode(status))\n"
    )
    proc = subprocess.run([sys.executable, "-c", wrapper, *cmd], capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr[-3000:]}")
    rss = json.loads(proc.stderr.strip().splitlines()[-1])["maxrss_mb"]
    return proc.stdout, rss


def collect_sentences(slant, out_path, limit):
    pages = [os.path.join(ROOT, "examples", "articles")]
    extraction = os.path.join(ROOT, "..", "shared", "data", "extraction", "pages")
    if os.path.isdir(extraction):
        pages += [os.path.join(extraction, f) for f in sorted(os.listdir(extraction)) if f.endswith(".txt")]
    with tempfile.TemporaryDirectory() as tmp:
        tagged = os.path.join(tmp, "t.jsonl")
        subprocess.run([slant, "tag", *pages, "--no-ner", "--tokens", "-q", "-o", tagged], check=False)
        sentences, documents = [], []
        for number, line in enumerate(open(tagged, encoding="utf-8")):
            record = json.loads(line)
            if record["status"] != "ok":
                continue
            text = record["text"]
            for s in record["sentences"]:
                words = [text[a:b] for a, b in s["tokens"]]
                if words:
                    sentences.append(words)
                    documents.append(number)
    sentences, documents = sentences[:limit], documents[:limit]
    with open(out_path, "w", encoding="utf-8") as fh:
        for words in sentences:
            fh.write(json.dumps(words, ensure_ascii=False) + "\n")
    return sentences, documents


def export_transformers(model_dir, out_dir):
    """Writes the slant NER model as a transformers BertForTokenClassification directory."""
    code = r'''
import json, os, sys, torch
from safetensors.torch import load_file, save_file
src, dst = sys.argv[1], sys.argv[2]
os.makedirs(dst, exist_ok=True)
weights = {k: v.float().contiguous() for k, v in load_file(os.path.join(src, "model.safetensors")).items() if not k.startswith("shape_embeddings")}
save_file(weights, os.path.join(dst, "model.safetensors"), metadata={"format": "pt"})
config = json.load(open(os.path.join(src, "config.json")))
labels = {int(k): v for k, v in config["id2label"].items()}
hf = {k: v for k, v in config.items() if k not in ("id2label", "label2id", "output_attentions", "output_hidden_states", "is_decoder")}
hf.update(model_type="bert", architectures=["BertForTokenClassification"], layer_norm_eps=1e-12,
          id2label={str(k): v for k, v in sorted(labels.items())}, label2id={v: k for k, v in labels.items()})
json.dump(hf, open(os.path.join(dst, "config.json"), "w"), indent=2)
tok = json.load(open(os.path.join(src, "tokenizer.json")))
json.dump(tok, open(os.path.join(dst, "tokenizer.json"), "w"))
json.dump({"do_lower_case": True, "model_max_length": 512, "tokenizer_class": "BertTokenizerFast"}, open(os.path.join(dst, "tokenizer_config.json"), "w"))
'''
    subprocess.run([BENCH_PY, "-c", code, model_dir, out_dir], check=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=os.path.join(ROOT, "models", "ner"))
    ap.add_argument("--slant", default=os.path.join(ROOT, "target", "release", "slant"))
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--limit", type=int, default=2000, help="sentences")
    args = ap.parse_args()

    ensure_bench_venv()
    with tempfile.TemporaryDirectory() as tmp:
        sentences_file = os.path.join(tmp, "sentences.jsonl")
        sentences, documents = collect_sentences(args.slant, sentences_file, args.limit)
        words = sum(len(s) for s in sentences)
        gold = os.path.join(tmp, "sentences.conll")
        with open(gold, "w", encoding="utf-8") as fh:
            # Page boundaries as -DOCSTART- lines: a model trained with document context reads
            # each page as one stream, as `slant tag` does.
            for i, s in enumerate(sentences):
                if i == 0 or documents[i] != documents[i - 1]:
                    fh.write("-DOCSTART- O\n\n")
                fh.write("".join(f"{w.replace(' ', '_')} O\n" for w in s) + "\n")

        slant_best, slant_rss = None, 0.0
        for _ in range(args.repeats):
            out, rss = measured([args.slant, "eval", "ner", "--gold", gold, "--model", args.model, "--json", "--threads", str(args.threads)])
            seconds = json.loads(out)["seconds"]
            slant_best = seconds if slant_best is None else min(slant_best, seconds)
            slant_rss = max(slant_rss, rss)

        hf_dir = os.path.join(tmp, "hf")
        export_transformers(args.model, hf_dir)
        rows = [("slant (rust-bert, tch)", "32, by length", slant_best, slant_rss)]
        for batch in (1, 32):
            out, rss = measured([BENCH_PY, "-c", HF_CHILD, hf_dir, sentences_file, str(args.threads), str(batch), str(args.repeats)])
            rows.append(("transformers pipeline", "default (1)" if batch == 1 else "32", json.loads(out)["seconds"], rss))

    print(f"{len(sentences)} sentences, {words} tokens, {args.threads} threads, best of {args.repeats}\n")
    print("| system | batch | tokens/s | ratio slant / this | peak RSS MB |")
    print("|---|---|---|---|---|")
    for name, batch, seconds, rss in rows:
        print(f"| {name} | {batch} | {words / seconds:,.0f} | {seconds / slant_best:.2f}x | {rss:,.0f} |")


if __name__ == "__main__":
    main()
