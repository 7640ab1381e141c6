//! End-to-end tests of `slant export` and `slant import` through the binary, on tagged records
//! built here (text with an emoji, curly quotes and no-break spaces, so code-point offsets are
//! tested where byte or UTF-16 offsets would differ). No model is needed: records are written as
//! `slant tag` would write them, and read back with slant's own training-data readers.

use assert_cmd::Command;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// Article bodies: an emoji before everything, curly quotes around a name, a no-break space
/// inside a name, an entity that ends inside a hyphenated word ("Kyiv" in "Kyiv-based"), and a
/// possessive.
const TEXT_A: &str = "🙂 “Marco Rubio” met Sergey\u{a0}Lavrov in Anchorage on Friday.\n\nThe U.S. State Department’s spokesperson called the talks ‘useful’, a Kyiv-based analyst said.";
const TEXT_B: &str =
    "Ursula von der Leyen visited Warsaw.\u{a0}The European Commission said the visit was “productive” 🙂.";

/// (surface, label, score) in order of appearance.
const ENTITIES_A: &[(&str, &str, f32)] = &[
    ("Marco Rubio", "PER", 0.99),
    ("Sergey\u{a0}Lavrov", "PER", 0.97),
    ("Anchorage", "LOC", 0.95),
    ("U.S. State Department", "ORG", 0.62),
    ("Kyiv", "LOC", 0.91),
];
const ENTITIES_B: &[(&str, &str, f32)] =
    &[("Ursula von der Leyen", "PER", 0.98), ("Warsaw", "LOC", 0.99), ("European Commission", "ORG", 0.4)];

/// Code-point offsets of the first occurrence of `needle` at or after code point `from`.
fn find(text: &str, needle: &str, from: usize) -> (usize, usize) {
    let from_byte = text.char_indices().nth(from).map_or(text.len(), |(b, _)| b);
    let byte = from_byte + text[from_byte..].find(needle).unwrap_or_else(|| panic!("{needle:?} not in text"));
    let start = text[..byte].chars().count();
    (start, start + needle.chars().count())
}

fn code_points(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

/// Sentence spans as `slant tag` writes them (code points), optionally with tokens.
fn sentences(text: &str, with_tokens: bool) -> Vec<Value> {
    slant::segment::segment(text)
        .iter()
        .map(|s| {
            let mut sentence = json!({"start": code_points(text, s.span.start), "end": code_points(text, s.span.end)});
            if with_tokens {
                let tokens: Vec<[usize; 2]> =
                    s.tokens.iter().map(|t| [code_points(text, t.start), code_points(text, t.end)]).collect();
                sentence["tokens"] = json!(tokens);
            }
            sentence
        })
        .collect()
}

/// One `ok` record with entities and, for PER entities, actors whose mentions carry tone.
fn record(id: &str, text: &str, entities: &[(&str, &str, f32)], with_tokens: bool) -> Value {
    let sentence_spans = sentences(text, with_tokens);
    let mut from = 0;
    let mut entity_values = Vec::new();
    let mut actors = Vec::new();
    for (k, &(surface, label, score)) in entities.iter().enumerate() {
        let (start, end) = find(text, surface, from);
        from = end;
        entity_values.push(json!({"start": start, "end": end, "text": surface, "label": label, "score": score}));
        if label == "PER" || label == "ORG" {
            let sentence = sentence_spans
                .iter()
                .position(|s| {
                    s["start"].as_u64().unwrap() as usize <= start && end <= s["end"].as_u64().unwrap() as usize
                })
                .unwrap();
            // Alternate tones so every polarity occurs.
            let tone = match k % 3 {
                0 => json!({"negative": 0.7, "neutral": 0.2, "positive": 0.1}),
                1 => json!({"negative": 0.1, "neutral": 0.3, "positive": 0.6}),
                _ => json!({"negative": 0.2, "neutral": 0.45, "positive": 0.35}),
            };
            actors.push(json!({
                "id": format!("{}:{k}", label.to_lowercase()), "name": surface, "type": label, "aliases": [surface],
                "mentions": [{"start": start, "end": end, "text": surface, "sentence": sentence, "quoted": false, "tone": tone}],
            }));
        }
    }
    json!({
        "id": id, "source": {"path": id}, "status": "ok", "outlet": "Test Wire", "title": format!("Title of {id}"),
        "date": "2025-10-20", "author": null, "url": null, "text": text, "sentences": sentence_spans,
        "entities": entity_values, "actors": actors, "warnings": [],
        "slant": {"version": "0.1.0", "extractor": "slant-text", "models": {"ner": "ner", "tone": "tone"}},
    })
}

/// A tagged file: document A (no tokens in the record), B (with tokens), an error record.
fn tagged_file(dir: &Path) -> PathBuf {
    let lines = [
        record("a/doc-a.txt", TEXT_A, ENTITIES_A, false).to_string(),
        record("doc-b.txt", TEXT_B, ENTITIES_B, true).to_string(),
        json!({"id": "broken.html", "status": "error", "error": {"kind": "empty", "message": "empty file"}})
            .to_string(),
    ];
    let path = dir.join("tagged.jsonl");
    fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

/// (start, end, label) in code points.
type Spans = Vec<(usize, usize, String)>;

/// The expected entities of the tagged file: (doc text, spans).
fn expected() -> Vec<(&'static str, Spans)> {
    [(TEXT_A, ENTITIES_A), (TEXT_B, ENTITIES_B)]
        .iter()
        .map(|(text, entities)| {
            let mut from = 0;
            let spans = entities
                .iter()
                .map(|(surface, label, _)| {
                    let (s, e) = find(text, surface, from);
                    from = e;
                    (s, e, label.to_string())
                })
                .collect();
            (*text, spans)
        })
        .collect()
}

fn slant() -> Command {
    Command::cargo_bin("slant").unwrap()
}

fn export(input: &Path, format: &str, output: &Path, extra: &[&str]) -> std::process::Output {
    slant().arg("export").arg(input).args(["--format", format, "-o"]).arg(output).args(extra).output().unwrap()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn jsonl(path: &Path) -> Vec<Value> {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

/// (start, end, label) triples from a list of span objects.
fn spans_of(list: &Value, start: &str, end: &str) -> Vec<(usize, usize, String)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s[start].as_u64().unwrap() as usize,
                s[end].as_u64().unwrap() as usize,
                s["label"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Entity chunks of IOB2 sentences as (label, words joined without spaces).
fn chunks(sentences: &[slant::ner::data::TaggedSentence]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for s in sentences {
        for (word, tag) in s.words.iter().zip(&s.tags) {
            if let Some(label) = tag.strip_prefix("B-") {
                out.push((label.to_string(), word.clone()));
            } else if tag.starts_with("I-") {
                out.last_mut().unwrap().1.push_str(word);
            }
        }
    }
    out
}

fn expected_chunks() -> Vec<(String, String)> {
    expected()
        .iter()
        .flat_map(|(text, spans)| {
            spans
                .iter()
                .map(|(s, e, l)| (l.clone(), slice(text, *s, *e).chars().filter(|c| !c.is_whitespace()).collect()))
        })
        .collect()
}

#[test]
fn column_formats_keep_entities_and_split_tokens_at_entity_boundaries() {
    let dir = tempfile::tempdir().unwrap();
    let input = tagged_file(dir.path());
    for format in ["conll", "iob2", "bioes"] {
        let out = dir.path().join(format!("out.{format}"));
        let run = export(&input, format, &out, &[]);
        assert_eq!(run.status.code(), Some(0), "{format}: {}", stderr(&run));
        assert!(stderr(&run).contains("exported 2 documents"), "{}", stderr(&run));
        assert!(stderr(&run).contains("skipped 1 error records"), "{}", stderr(&run));
        let content = fs::read_to_string(&out).unwrap();
        assert_eq!(content.matches("-DOCSTART-").count(), 2);
        // "Kyiv-based" is one token to the segmenter; the entity boundary splits it.
        assert!(
            content.lines().any(|l| l.starts_with("Kyiv ")) && content.lines().any(|l| l.starts_with("-based ")),
            "{content}"
        );
        let columns = if format == "conll" { 4 } else { 2 };
        assert!(content
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with("-DOCSTART-"))
            .all(|l| l.split(' ').count() == columns));
        if format == "bioes" {
            assert!(content.contains("S-LOC") && content.contains("E-PER"), "{content}");
        }
        // slant's own reader (what `slant train ner` uses) reads it back to the same entities.
        let sentences = slant::ner::data::read(&out).unwrap();
        assert_eq!(chunks(&sentences), expected_chunks(), "{format}");
        assert_eq!(sentences.iter().map(|s| s.doc).collect::<BTreeSet<_>>().len(), 2);
    }
}

#[test]
fn spacy_export_rebuilds_text_and_entity_offsets_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("train.json");
    let run = export(&tagged_file(dir.path()), "spacy", &out, &[]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let docs: Vec<Value> = serde_json::from_str(&fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(docs.len(), 2);
    for (doc, (text, spans)) in docs.iter().zip(expected()) {
        let paragraph = &doc["paragraphs"][0];
        // What spaCy does with the tokens: text = orth + space; entities from BILUO tags.
        let mut rebuilt = String::new();
        let mut found = Vec::new();
        let mut open: Option<(usize, String)> = None;
        for token in paragraph["sentences"].as_array().unwrap().iter().flat_map(|s| s["tokens"].as_array().unwrap()) {
            let start = rebuilt.chars().count();
            rebuilt.push_str(token["orth"].as_str().unwrap());
            let end = rebuilt.chars().count();
            rebuilt.push_str(token["space"].as_str().unwrap());
            let ner = token["ner"].as_str().unwrap();
            match ner.split_at(ner.find('-').map_or(ner.len(), |i| i + 1)) {
                ("U-", label) => found.push((start, end, label.to_string())),
                ("B-", label) => open = Some((start, label.to_string())),
                ("L-", _) => {
                    let (s, label) = open.take().unwrap();
                    found.push((s, end, label));
                }
                ("I-", _) => assert!(open.is_some()),
                _ => assert_eq!(ner, "O"),
            }
        }
        assert_eq!(rebuilt, text);
        assert_eq!(found, spans);
        assert_eq!(paragraph["raw"], text);
    }
}

#[test]
fn hf_export_has_integer_tags_and_a_label_list() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ner.jsonl");
    let run = export(&tagged_file(dir.path()), "hf", &out, &[]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let names: Vec<String> =
        serde_json::from_str(&fs::read_to_string(dir.path().join("ner.labels.json")).unwrap()).unwrap();
    assert_eq!(names[..3], ["O", "B-PER", "I-PER"]);
    let rows = jsonl(&out);
    let mut sentences = Vec::new();
    for row in &rows {
        let words: Vec<String> =
            row["tokens"].as_array().unwrap().iter().map(|t| t.as_str().unwrap().to_string()).collect();
        let tags: Vec<String> =
            row["ner_tags"].as_array().unwrap().iter().map(|t| names[t.as_u64().unwrap() as usize].clone()).collect();
        assert_eq!(words.len(), tags.len());
        assert!(row["id"].as_str().unwrap().starts_with(row["doc_id"].as_str().unwrap()));
        sentences.push(slant::ner::data::TaggedSentence { words, tags, doc: 0 });
    }
    assert_eq!(chunks(&sentences), expected_chunks());
    // hf writes two files: standard output is refused as a usage error.
    let refused = export(&tagged_file(dir.path()), "hf", Path::new("-"), &[]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
}

/// Turns exported Label Studio tasks into an export of annotated tasks, as Label Studio writes
/// it after an annotator accepted the pre-annotations, with one correction: the first region of
/// the first task relabelled MISC, the last region of the first task deleted.
fn annotate(tasks: &[Value]) -> Value {
    let annotated: Vec<Value> = tasks
        .iter()
        .enumerate()
        .map(|(i, task)| {
            let mut result: Vec<Value> = task["predictions"][0]["result"].as_array().unwrap().clone();
            if i == 0 {
                result[0]["value"]["labels"] = json!(["MISC"]);
                result.pop();
            }
            json!({
                "id": i + 1, "data": task["data"], "predictions": [i + 1],
                "annotations": [
                    {"id": 10 + i, "result": [], "was_cancelled": true},
                    {"id": 20 + i, "completed_by": 1, "result": result, "was_cancelled": false, "ground_truth": false, "lead_time": 3.5},
                ],
            })
        })
        .collect();
    Value::Array(annotated)
}

#[test]
fn label_studio_round_trip_keeps_code_point_spans_and_corrections() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tasks.json");
    let run = export(&tagged_file(dir.path()), "label-studio", &out, &[]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let config = fs::read_to_string(dir.path().join("tasks.label_config.xml")).unwrap();
    let tasks: Vec<Value> = serde_json::from_str(&fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(tasks.len(), 2);
    for (task, (text, spans)) in tasks.iter().zip(expected()) {
        assert_eq!(task["data"]["text"], text);
        let prediction = &task["predictions"][0];
        assert_eq!(prediction["model_version"], "slant 0.1.0 ner");
        let score = prediction["score"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&score));
        let result = prediction["result"].as_array().unwrap();
        let got: Vec<(usize, usize, String)> = result
            .iter()
            .map(|r| {
                assert!(config.contains(&format!("name=\"{}\"", r["from_name"].as_str().unwrap())));
                assert!(config.contains(&format!("name=\"{}\"", r["to_name"].as_str().unwrap())));
                let v = &r["value"];
                let (s, e) = (v["start"].as_u64().unwrap() as usize, v["end"].as_u64().unwrap() as usize);
                assert_eq!(v["text"].as_str().unwrap(), slice(text, s, e));
                let label = v["labels"][0].as_str().unwrap();
                assert!(config.contains(&format!("<Label value=\"{label}\"")));
                (s, e, label.to_string())
            })
            .collect();
        assert_eq!(got, spans);
    }

    let annotated = dir.path().join("export.json");
    fs::write(&annotated, serde_json::to_string_pretty(&annotate(&tasks)).unwrap()).unwrap();
    let imported = dir.path().join("gold.jsonl");
    let run =
        slant().args(["import", "--format", "label-studio", "-o"]).arg(&imported).arg(&annotated).output().unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let records = jsonl(&imported);
    let mut want = expected();
    want[0].1[0].2 = "MISC".into();
    want[0].1.pop();
    for (record, (text, spans)) in records.iter().zip(&want) {
        assert_eq!(record["text"], *text);
        assert_eq!(&spans_of(&record["spans"], "start", "end"), spans);
    }
    assert_eq!(records[0]["id"], "a/doc-a.txt");
    // `slant train ner` reads it: every kept span becomes one chunk.
    let sentences = slant::ner::data::read(&imported).unwrap();
    assert_eq!(chunks(&sentences).len(), want.iter().map(|(_, s)| s.len()).sum::<usize>());
}

#[test]
fn brat_round_trip_and_safe_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let input = tagged_file(dir.path());
    let out = dir.path().join("brat");
    let run = export(&input, "brat", &out, &[]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let mut names: Vec<String> =
        fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["a_doc-a.ann", "a_doc-a.txt", "annotation.conf", "doc-b.ann", "doc-b.txt"]);
    assert!(fs::read_to_string(out.join("annotation.conf")).unwrap().contains("[entities]\nPER\nORG\nLOC\nMISC\n"));
    let ann = fs::read_to_string(out.join("a_doc-a.ann")).unwrap();
    let (start, end) = find(TEXT_A, "Sergey\u{a0}Lavrov", 0);
    assert!(ann.contains(&format!("T2\tPER {start} {end}\tSergey\u{a0}Lavrov\n")), "{ann}");

    // Exporting again replaces the earlier export; a directory with other files is refused.
    assert_eq!(export(&input, "brat", &out, &[]).status.code(), Some(0));
    let foreign = dir.path().join("mine");
    fs::create_dir(&foreign).unwrap();
    fs::write(foreign.join("notes.md"), "keep me").unwrap();
    let refused = export(&input, "brat", &foreign, &[]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert_eq!(fs::read_to_string(foreign.join("notes.md")).unwrap(), "keep me");

    let imported = dir.path().join("gold.jsonl");
    let run = slant().args(["import", "--format", "brat", "-o"]).arg(&imported).arg(&out).output().unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let records = jsonl(&imported);
    assert_eq!(records.iter().map(|r| r["id"].as_str().unwrap()).collect::<Vec<_>>(), ["a_doc-a", "doc-b"]);
    for (record, (text, spans)) in records.iter().zip(expected()) {
        assert_eq!(record["text"], text);
        assert_eq!(spans_of(&record["spans"], "start", "end"), spans);
    }
}

#[test]
fn doccano_and_prodigy_spans_are_code_points_and_doccano_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let input = tagged_file(dir.path());
    let doccano = dir.path().join("doccano.jsonl");
    assert_eq!(export(&input, "doccano", &doccano, &[]).status.code(), Some(0));
    let prodigy = dir.path().join("prodigy.jsonl");
    assert_eq!(export(&input, "prodigy", &prodigy, &[]).status.code(), Some(0));

    for (line, (text, spans)) in jsonl(&prodigy).iter().zip(expected()) {
        assert_eq!(line["text"], text);
        assert_eq!(spans_of(&line["spans"], "start", "end"), spans);
        let tokens = line["tokens"].as_array().unwrap();
        for token in tokens {
            let (s, e) = (token["start"].as_u64().unwrap() as usize, token["end"].as_u64().unwrap() as usize);
            assert_eq!(token["text"].as_str().unwrap(), slice(text, s, e));
        }
        for span in line["spans"].as_array().unwrap() {
            let first = &tokens[span["token_start"].as_u64().unwrap() as usize];
            let last = &tokens[span["token_end"].as_u64().unwrap() as usize];
            assert_eq!((&first["start"], &last["end"]), (&span["start"], &span["end"]));
        }
        assert_eq!(line["meta"]["outlet"], "Test Wire");
    }

    let lines = jsonl(&doccano);
    for (line, (text, spans)) in lines.iter().zip(expected()) {
        assert_eq!(line["text"], text);
        let got: Vec<(usize, usize, String)> = line["label"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                (l[0].as_u64().unwrap() as usize, l[1].as_u64().unwrap() as usize, l[2].as_str().unwrap().to_string())
            })
            .collect();
        assert_eq!(got, spans);
    }
    let imported = dir.path().join("gold.jsonl");
    let run = slant().args(["import", "--format", "doccano", "-o"]).arg(&imported).arg(&doccano).output().unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    for (record, (text, spans)) in jsonl(&imported).iter().zip(expected()) {
        assert_eq!(record["text"], text);
        assert_eq!(spans_of(&record["spans"], "start", "end"), spans);
    }
}

#[test]
fn conll_import_writes_tokens_and_tags_slant_reads_like_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let input = tagged_file(dir.path());
    let bioes = dir.path().join("out.bioes");
    assert_eq!(export(&input, "bioes", &bioes, &[]).status.code(), Some(0));
    let imported = dir.path().join("gold.jsonl");
    let run = slant().args(["import", "--format", "conll", "-o"]).arg(&imported).arg(&bioes).output().unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let lines = jsonl(&imported);
    assert!(lines.iter().all(|l| l["tags"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| !t.as_str().unwrap().starts_with(['S', 'E']))));
    let from_import = slant::ner::data::read(&imported).unwrap();
    let from_columns = slant::ner::data::read(&bioes).unwrap();
    assert_eq!(
        from_import.iter().map(|s| (&s.words, &s.tags)).collect::<Vec<_>>(),
        from_columns.iter().map(|s| (&s.words, &s.tags)).collect::<Vec<_>>()
    );
    // Sentences of one document keep one `doc` number; the two documents differ.
    let docs: Vec<u64> = lines.iter().map(|l| l["doc"].as_u64().unwrap()).collect();
    assert_eq!(docs.iter().collect::<BTreeSet<_>>().len(), 2);
    assert!(docs.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn newsmtsc_export_is_tone_training_data() {
    let dir = tempfile::tempdir().unwrap();
    let input = tagged_file(dir.path());
    let out = dir.path().join("tone.jsonl");
    let run = export(&input, "newsmtsc", &out, &[]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let examples = slant::tone::data::read(&out).unwrap();
    // One target per mention of a PER or ORG actor: three in A, two in B.
    assert_eq!(examples.len(), 5);
    let surfaces: Vec<&str> = examples.iter().map(|e| &e.sentence[e.start..e.end]).collect();
    assert_eq!(
        surfaces,
        ["Marco Rubio", "Sergey\u{a0}Lavrov", "U.S. State Department", "Ursula von der Leyen", "European Commission"]
    );
    let polarities: BTreeSet<&str> = examples.iter().map(|e| e.polarity.as_str()).collect();
    assert_eq!(polarities.len(), 3, "{polarities:?}");
    for line in jsonl(&out) {
        let sentence = line["sentence_normalized"].as_str().unwrap();
        for t in line["targets"].as_array().unwrap() {
            let (from, to) = (t["from"].as_u64().unwrap() as usize, t["to"].as_u64().unwrap() as usize);
            assert_eq!(slice(sentence, from, to), t["mention"].as_str().unwrap());
            let p = &t["probabilities"];
            let best = ["negative", "neutral", "positive"]
                .iter()
                .enumerate()
                .max_by(|a, b| p[a.1].as_f64().partial_cmp(&p[b.1].as_f64()).unwrap())
                .unwrap()
                .0;
            assert_eq!(t["polarity"].as_f64().unwrap(), [2.0, 4.0, 6.0][best]);
        }
    }
    // --labels picks actor types; --min-score drops mentions whose best tone is below it.
    let people = dir.path().join("people.jsonl");
    assert_eq!(export(&input, "newsmtsc", &people, &["--labels", "PER"]).status.code(), Some(0));
    assert_eq!(slant::tone::data::read(&people).unwrap().len(), 3);
    let sure = dir.path().join("sure.jsonl");
    assert_eq!(export(&input, "newsmtsc", &sure, &["--min-score", "0.5"]).status.code(), Some(0));
    assert!(slant::tone::data::read(&sure).unwrap().iter().all(|e| e.polarity != slant::document::Polarity::Neutral));
}

#[test]
fn min_score_and_labels_filter_entities() {
    let dir = tempfile::tempdir().unwrap();
    let input = tagged_file(dir.path());
    let out = dir.path().join("doccano.jsonl");
    assert_eq!(export(&input, "doccano", &out, &["--min-score", "0.9", "--labels", "PER,LOC"]).status.code(), Some(0));
    let labels: Vec<Vec<String>> = jsonl(&out)
        .iter()
        .map(|l| l["label"].as_array().unwrap().iter().map(|s| s[2].as_str().unwrap().to_string()).collect())
        .collect();
    assert_eq!(labels, [vec!["PER", "PER", "LOC", "LOC"], vec!["PER", "LOC"]]);
}

#[test]
fn split_is_stable_by_document_id_and_partitions_the_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let ids: Vec<String> = (0..40).map(|i| format!("wire/{i:03}.txt")).collect();
    let lines: Vec<String> = ids.iter().map(|id| record(id, TEXT_B, ENTITIES_B, false).to_string()).collect();
    let input = dir.path().join("many.jsonl");
    fs::write(&input, lines.join("\n")).unwrap();
    let part_ids = |base: &Path| -> Vec<BTreeSet<String>> {
        ["train", "dev", "test"]
            .iter()
            .map(|part| {
                let path = slant::export::split::part_path(base, part);
                jsonl(&path).iter().map(|l| l["doc_id"].as_str().unwrap().to_string()).collect()
            })
            .collect()
    };
    let out = dir.path().join("out.jsonl");
    let run = export(&input, "doccano", &out, &["--split", "train:dev:test=60:20:20"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(!out.exists());
    let parts = part_ids(&out);
    assert!(parts.iter().all(|p| !p.is_empty()), "{parts:?}");
    let union: BTreeSet<String> = parts.iter().flatten().cloned().collect();
    assert_eq!(union.len(), ids.len());
    assert_eq!(parts.iter().map(BTreeSet::len).sum::<usize>(), ids.len());

    // Half the corpus, exported again: each document lands in the same part as before.
    let half = dir.path().join("half.jsonl");
    fs::write(&half, lines[..20].join("\n")).unwrap();
    let again = dir.path().join("again.jsonl");
    assert_eq!(export(&half, "doccano", &again, &["--split", "train:dev:test=60:20:20"]).status.code(), Some(0));
    for (before, now) in parts.iter().zip(part_ids(&again)) {
        assert!(now.is_subset(before), "{now:?} not within {before:?}");
    }
    // The same input gives the same bytes.
    let twice = dir.path().join("twice.jsonl");
    assert_eq!(export(&input, "doccano", &twice, &["--split", "train:dev:test=60:20:20"]).status.code(), Some(0));
    for part in ["train", "dev", "test"] {
        let read = |base: &Path| fs::read(slant::export::split::part_path(base, part)).unwrap();
        assert_eq!(read(&out), read(&twice));
    }
    let refused = export(&input, "conll", Path::new("-"), &["--split", "a:b=1:1"]);
    assert_eq!(refused.status.code(), Some(2));
}

#[test]
fn dedup_drops_a_reprint_and_keeps_the_first_occurrence() {
    let dir = tempfile::tempdir().unwrap();
    let reprint = format!("{TEXT_A} Reporting by the wire desk.").replace('‘', "'").replace('’', "'");
    let lines = [
        record("original", TEXT_A, ENTITIES_A, false).to_string(),
        record("other", TEXT_B, ENTITIES_B, false).to_string(),
        record("reprint", &reprint, &ENTITIES_A[..3], false).to_string(),
    ];
    let input = dir.path().join("wire.jsonl");
    fs::write(&input, lines.join("\n")).unwrap();
    let out = dir.path().join("out.jsonl");
    let run = export(&input, "doccano", &out, &["--dedup"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert_eq!(
        jsonl(&out).iter().map(|l| l["doc_id"].as_str().unwrap().to_string()).collect::<Vec<_>>(),
        ["original", "other"]
    );
    assert!(stderr(&run).contains("reprint repeats original"), "{}", stderr(&run));
    assert!(stderr(&run).contains("1 duplicates dropped"), "{}", stderr(&run));
    // Without --dedup all three are written; a threshold above the similarity keeps the reprint.
    assert_eq!(export(&input, "doccano", &out, &[]).status.code(), Some(0));
    assert_eq!(jsonl(&out).len(), 3);
    assert_eq!(export(&input, "doccano", &out, &["--dedup", "--dedup-threshold", "1"]).status.code(), Some(0));
    assert_eq!(jsonl(&out).len(), 3);
}

#[test]
fn bad_lines_are_reported_with_their_line_and_the_rest_is_exported() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("mixed.jsonl");
    let good = record("good", TEXT_B, ENTITIES_B, false).to_string();
    fs::write(&input, format!("{good}\n{{\"id\": \"x\", \"status\": \"ok\"\nnot json at all\n")).unwrap();
    let run = slant().arg("export").arg(&input).args(["--format", "doccano"]).output().unwrap();
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    assert!(
        err.contains(&format!("{}:2: ", input.display())) && err.contains(&format!("{}:3: ", input.display())),
        "{err}"
    );
    // Standard output carries the one good document.
    let stdout = String::from_utf8(run.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1);
    assert_eq!(serde_json::from_str::<Value>(stdout.lines().next().unwrap()).unwrap()["doc_id"], "good");
}

#[test]
fn import_reports_bad_regions_with_their_place_and_keeps_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let text = "🙂 Lavrov met Rubio.";
    let tasks = json!([{
        "id": 7, "data": {"text": text},
        "annotations": [{"id": 1, "result": [
            {"from_name": "label", "to_name": "text", "type": "labels", "value": {"start": 2, "end": 8, "text": "Lavrov", "labels": ["PER"]}},
            // UTF-16 offsets (the emoji counted twice), as old front ends wrote them.
            {"from_name": "label", "to_name": "text", "type": "labels", "value": {"start": 14, "end": 19, "text": "Rubio", "labels": ["PER"]}},
            {"from_name": "label", "to_name": "text", "type": "labels", "value": {"start": 0, "end": 4, "text": "Lavrov", "labels": ["PER"]}},
        ]}],
    }, {"id": 8, "data": {"text": "Not annotated yet."}, "annotations": []}]);
    let path = dir.path().join("export.json");
    fs::write(&path, tasks.to_string()).unwrap();
    let out = dir.path().join("gold.jsonl");
    let run = slant().args(["import", "--format", "label-studio", "-o"]).arg(&out).arg(&path).output().unwrap();
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(stderr(&run).contains(&format!("{}: task 1, region 3: ", path.display())), "{}", stderr(&run));
    assert!(stderr(&run).contains("1 unannotated tasks skipped"), "{}", stderr(&run));
    let records = jsonl(&out);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["id"], "7");
    assert_eq!(
        spans_of(&records[0]["spans"], "start", "end"),
        [(2, 8, "PER".to_string()), (13, 18, "PER".to_string())]
    );
    let refused = slant()
        .args(["import", "--format", "label-studio", "-o"])
        .arg(dir.path().join("gold.txt"))
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
}
