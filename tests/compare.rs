//! End-to-end tests of `slant compare` through the binary, on tagged records written here (no
//! model): grouping and counts, the bootstrap interval, date buckets, filters, the three output
//! formats, and how bad input lines are reported.

use assert_cmd::Command;
use serde_json::{json, Value};
use std::fs;
use std::path::{Path, PathBuf};

/// One actor of a hand-made tagged record.
#[derive(Clone)]
struct Actor {
    id: &'static str,
    name: &'static str,
    aliases: &'static [&'static str],
    /// Article-level tone; `None` as if tagged with `--no-tone`.
    score: Option<f64>,
    mentions: usize,
    in_title: bool,
}

fn putin(score: f64, mentions: usize) -> Actor {
    Actor {
        id: "per:vladimir-putin",
        name: "Vladimir Putin",
        aliases: &["Putin", "Vladimir Putin"],
        score: Some(score),
        mentions,
        in_title: false,
    }
}

fn trump(score: f64, mentions: usize) -> Actor {
    Actor {
        id: "per:donald-trump",
        name: "Donald Trump",
        aliases: &["Trump"],
        score: Some(score),
        mentions,
        in_title: true,
    }
}

fn label(score: f64) -> &'static str {
    if score < -0.2 {
        "negative"
    } else if score > 0.2 {
        "positive"
    } else {
        "neutral"
    }
}

/// A `slant tag` ok record: one sentence per mention ("<alias> spoke."), the first of them as
/// evidence with the actor's score as its effect.
fn record(id: &str, outlet: Option<&str>, date: Option<&str>, actors: &[Actor]) -> String {
    let mut text = String::new();
    let mut sentences = Vec::new();
    let mut actor_records = Vec::new();
    let total_mentions: usize = actors.iter().map(|a| a.mentions).sum();
    for actor in actors {
        let surface = actor.aliases[0];
        let mut mentions = Vec::new();
        let mut evidence = Vec::new();
        for _ in 0..actor.mentions {
            let start = text.chars().count();
            text.push_str(surface);
            let end = text.chars().count();
            text.push_str(" spoke.");
            let sentence_end = text.chars().count();
            mentions.push(json!({"start": start, "end": end, "text": surface, "sentence": sentences.len(), "quoted": false, "tone": null}));
            if evidence.is_empty() {
                evidence.push(json!({"sentence": sentences.len(), "start": start, "end": sentence_end,
                    "text": format!("{surface} spoke."), "effect": actor.score.unwrap_or(0.0)}));
            }
            sentences.push(json!({"start": start, "end": sentence_end}));
            text.push(' ');
        }
        let tone = actor.score.map(|s| {
            let p_pos = ((s + 1.0) / 2.0).clamp(0.0, 1.0);
            json!({"label": label(s), "score": s, "p_negative": 1.0 - p_pos, "p_neutral": 0.0, "p_positive": p_pos,
                   "mentions": actor.mentions, "confidence": 0.9})
        });
        actor_records.push(json!({
            "id": actor.id, "name": actor.name, "type": "PER", "aliases": actor.aliases, "role": null,
            "mentions": mentions,
            "salience": {"mention_share": actor.mentions as f64 / total_mentions as f64, "in_title": actor.in_title, "first_mention": 0.0},
            "tone": tone, "evidence": evidence,
        }));
    }
    json!({"id": id, "source": {"path": id}, "status": "ok", "outlet": outlet, "title": format!("Title of {id}"),
           "date": date, "author": null, "url": null, "text": text, "sentences": sentences, "entities": [],
           "actors": actor_records, "warnings": [], "slant": {"version": "test"}})
    .to_string()
}

fn error_record(id: &str) -> String {
    json!({"id": id, "status": "error", "error": {"kind": "empty", "message": "empty file"}, "slant": {}}).to_string()
}

struct Corpus {
    dir: tempfile::TempDir,
}

impl Corpus {
    fn new() -> Self {
        Self { dir: tempfile::tempdir().unwrap() }
    }

    fn write(&self, name: &str, lines: &[String]) -> PathBuf {
        let path = self.dir.path().join(name);
        fs::write(&path, lines.join("\n") + "\n").unwrap();
        path
    }
}

/// Alpha: Putin twice (-0.6, -0.2), Trump once; Beta: Putin and Trump once; one outlet-less record.
fn outlets_corpus(corpus: &Corpus) -> PathBuf {
    corpus.write(
        "tagged.jsonl",
        &[
            record("a1", Some("Alpha"), Some("2025-01-02"), &[putin(-0.6, 2), trump(0.2, 1)]),
            record("a2", Some("Alpha"), Some("2025-01-20"), &[putin(-0.2, 3)]),
            record("b1", Some("Beta"), Some("2025-02-03"), &[putin(0.4, 1), trump(-0.4, 2)]),
            record("c1", None, None, &[trump(0.0, 1)]),
        ],
    )
}

fn slant() -> Command {
    Command::cargo_bin("slant").unwrap()
}

/// Runs `slant compare` with JSON output and returns the parsed document.
fn compare_json(inputs: &[&Path], args: &[&str]) -> Value {
    let out = slant().arg("compare").args(inputs).args(args).args(["--format", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn rows(value: &Value) -> &Vec<Value> {
    value["rows"].as_array().unwrap()
}

fn row<'a>(value: &'a Value, group: &str, actor_id: &str) -> &'a Value {
    rows(value)
        .iter()
        .find(|r| r["group"] == group && r["actor_id"] == actor_id)
        .unwrap_or_else(|| panic!("no row {group} / {actor_id} in {value:#}"))
}

fn close(value: &Value, expected: f64) -> bool {
    value.as_f64().is_some_and(|v| (v - expected).abs() < 1e-5)
}

#[test]
fn groups_by_outlet_with_counts_means_and_corpus_difference() {
    let corpus = Corpus::new();
    let path = outlets_corpus(&corpus);
    let out = compare_json(&[&path], &["--by", "outlet"]);
    let groups: Vec<&str> = rows(&out).iter().map(|r| r["group"].as_str().unwrap()).collect();
    assert_eq!(groups, ["(none)", "Alpha", "Alpha", "Beta", "Beta"], "groups sorted, actors by mentions");

    let alpha_putin = row(&out, "Alpha", "per:vladimir-putin");
    assert_eq!(alpha_putin["outlet"], "Alpha");
    assert_eq!(alpha_putin["actor"], "Vladimir Putin");
    assert_eq!(alpha_putin["n_docs"], 2);
    assert_eq!(alpha_putin["n_mentions"], 5);
    assert!(close(&alpha_putin["mean_tone"], -0.4), "{alpha_putin}");
    assert!(close(&alpha_putin["share_negative"], 0.5) && close(&alpha_putin["share_neutral"], 0.5));
    assert!(close(&alpha_putin["share_positive"], 0.0));
    // Putin over the corpus: (-0.6 - 0.2 + 0.4) / 3.
    let corpus_mean = (-0.6 - 0.2 + 0.4) / 3.0;
    assert!(close(&alpha_putin["corpus_mean_tone"], corpus_mean));
    assert!(close(&alpha_putin["diff_from_corpus"], -0.4 - corpus_mean));
    assert!(close(&alpha_putin["mean_mention_share"], (2.0 / 3.0 + 1.0) / 2.0), "{alpha_putin}");
    assert!(close(&alpha_putin["share_in_title"], 0.0));

    let none_trump = row(&out, "(none)", "per:donald-trump");
    assert_eq!(none_trump["outlet"], "(none)");
    assert_eq!(none_trump["n_docs"], 1);
    assert!(none_trump["ci_low"].is_null() && none_trump["ci_high"].is_null(), "no interval from one document");
    assert!(close(&none_trump["share_in_title"], 1.0));

    let meta = &out["meta"];
    assert_eq!(meta["documents"], 4);
    assert_eq!(meta["documents_without_group_value"], 1);
    assert_eq!(meta["group_columns"], json!(["outlet"]));
    assert_eq!(meta["actors"][0]["id"], "per:vladimir-putin", "most mentioned first");
    assert_eq!(meta["rows"], 5);
}

#[test]
fn bootstrap_interval_contains_the_mean_is_reproducible_and_narrows_with_more_documents() {
    let corpus = Corpus::new();
    let pattern = [-0.8, -0.3, 0.1, 0.5, -0.1, 0.6];
    let mut lines = Vec::new();
    for (i, score) in pattern.iter().enumerate() {
        lines.push(record(&format!("few{i}"), Some("Few"), None, &[putin(*score, 1)]));
    }
    for copy in 0..10 {
        for (i, score) in pattern.iter().enumerate() {
            lines.push(record(&format!("many{copy}-{i}"), Some("Many"), None, &[putin(*score, 1)]));
        }
    }
    let path = corpus.write("tagged.jsonl", &lines);
    let out = compare_json(&[&path], &[]);
    let width = |group: &str| {
        let r = row(&out, group, "per:vladimir-putin");
        let (low, mean, high) =
            (r["ci_low"].as_f64().unwrap(), r["mean_tone"].as_f64().unwrap(), r["ci_high"].as_f64().unwrap());
        assert!(low <= mean && mean <= high && low < high, "{r}");
        high - low
    };
    assert!(width("Many") < width("Few") * 0.6, "{} vs {}", width("Many"), width("Few"));

    let run = |threads: &str, seed: &str| {
        let out =
            slant().env("RAYON_NUM_THREADS", threads).args(["compare", "--seed", seed]).arg(&path).output().unwrap();
        assert!(out.status.success());
        out.stdout
    };
    assert_eq!(run("1", "7"), run("1", "7"), "same seed, same output");
    assert_eq!(run("1", "7"), run("3", "7"), "thread count does not matter");
    let other: Value = serde_json::from_slice(&run("1", "8")).unwrap();
    let seven: Value = serde_json::from_slice(&run("1", "7")).unwrap();
    assert_ne!(row(&other, "Few", "per:vladimir-putin")["ci_low"], row(&seven, "Few", "per:vladimir-putin")["ci_low"]);
    assert_eq!(
        row(&other, "Few", "per:vladimir-putin")["mean_tone"],
        row(&seven, "Few", "per:vladimir-putin")["mean_tone"]
    );
}

#[test]
fn groups_by_iso_week_with_undated_documents_apart() {
    let corpus = Corpus::new();
    let path = corpus.write(
        "tagged.jsonl",
        &[
            // 2024-12-30 (a Monday) already belongs to ISO week 1 of 2025.
            record("d1", Some("Alpha"), Some("2024-12-30"), &[putin(0.1, 1)]),
            record("d2", Some("Alpha"), Some("2025-01-05T22:00:00Z"), &[putin(0.2, 1)]),
            record("d3", Some("Alpha"), Some("2025-01-06"), &[putin(0.3, 1)]),
            record("d4", Some("Alpha"), None, &[putin(0.4, 1)]),
            record("d5", Some("Alpha"), Some("last Tuesday"), &[putin(0.5, 1)]),
        ],
    );
    let out = compare_json(&[&path], &["--by", "date:week"]);
    let weeks: Vec<(&str, u64)> =
        rows(&out).iter().map(|r| (r["date_week"].as_str().unwrap(), r["n_docs"].as_u64().unwrap())).collect();
    assert_eq!(weeks, [("(none)", 2), ("2025-W01", 2), ("2025-W02", 1)]);
    assert!(close(&row(&out, "2025-W01", "per:vladimir-putin")["mean_tone"], 0.15));
    assert_eq!(out["meta"]["documents_without_group_value"], 2);
}

#[test]
fn combined_keys_read_the_same_in_both_spellings() {
    let corpus = Corpus::new();
    let path = outlets_corpus(&corpus);
    let comma = compare_json(&[&path], &["--by", "outlet,date:month"]);
    let repeated = compare_json(&[&path], &["--by", "outlet", "--by", "date:month"]);
    assert_eq!(comma, repeated);
    let r = row(&comma, "Alpha | 2025-01", "per:vladimir-putin");
    assert_eq!((&r["outlet"], &r["date_month"], &r["n_docs"]), (&json!("Alpha"), &json!("2025-01"), &json!(2)));
    assert_eq!(row(&comma, "Beta | 2025-02", "per:donald-trump")["n_mentions"], 2);
    assert_eq!(comma["meta"]["group_columns"], json!(["outlet", "date_month"]));
}

#[test]
fn min_docs_leaves_out_thin_cells_but_not_the_corpus_mean() {
    let corpus = Corpus::new();
    let path = outlets_corpus(&corpus);
    let all = compare_json(&[&path], &[]);
    let thick = compare_json(&[&path], &["--min-docs", "2"]);
    let kept: Vec<(&str, &str)> =
        rows(&thick).iter().map(|r| (r["group"].as_str().unwrap(), r["actor_id"].as_str().unwrap())).collect();
    assert_eq!(kept, [("Alpha", "per:vladimir-putin")]);
    assert_eq!(row(&thick, "Alpha", "per:vladimir-putin"), row(&all, "Alpha", "per:vladimir-putin"));
}

#[test]
fn actor_filters_match_alias_id_or_name_case_insensitively() {
    let corpus = Corpus::new();
    let path = outlets_corpus(&corpus);
    let actors_of = |value: &Value| -> Vec<String> {
        let mut ids: Vec<String> = rows(value).iter().map(|r| r["actor_id"].as_str().unwrap().to_string()).collect();
        ids.dedup();
        ids.sort();
        ids.dedup();
        ids
    };
    for name in ["PUTIN", "per:vladimir-putin", "vladimir putin"] {
        assert_eq!(actors_of(&compare_json(&[&path], &["--actor", name])), ["per:vladimir-putin"], "{name}");
    }
    let both = compare_json(&[&path], &["--actor", "trump", "--actor", "Putin"]);
    assert_eq!(actors_of(&both), ["per:donald-trump", "per:vladimir-putin"]);
    // Putin has 6 mentions, Trump 4: the top one is Putin.
    assert_eq!(actors_of(&compare_json(&[&path], &["--actors", "1"])), ["per:vladimir-putin"]);

    let out = slant().args(["compare", "--actor", "nobody"]).arg(&path).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no actor matches --actor \"nobody\""));
    let value: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(rows(&value).is_empty());
}

#[test]
fn csv_and_json_hold_the_same_rows() {
    let corpus = Corpus::new();
    let path = outlets_corpus(&corpus);
    let run = |format: &str| {
        let out = slant().arg("compare").arg(&path).args(["--by", "outlet,date:month", "--format", format]).output();
        let out = out.unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let json_text = run("json");
    let json_out: Value = serde_json::from_str(&json_text).unwrap();
    let csv_text = run("csv");
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    let csv_rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let json_rows = rows(&json_out);
    assert_eq!(csv_rows.len(), json_rows.len());
    assert!(!json_rows.is_empty());

    // Same columns, in the same order (serde_json's map sorts keys, so read the order off the text).
    let first_row = &json_text[json_text.find("\"rows\"").unwrap()..];
    let positions: Vec<usize> = header.iter().map(|c| first_row.find(&format!("\"{c}\":")).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "JSON keys follow the CSV header: {header:?}");
    for (csv_row, json_row) in csv_rows.iter().zip(json_rows) {
        assert_eq!(json_row.as_object().unwrap().len(), header.len());
        for (column, cell) in header.iter().zip(csv_row) {
            match &json_row[column] {
                Value::Null => assert_eq!(cell, "", "{column}"),
                Value::String(s) => assert_eq!(cell, s, "{column}"),
                Value::Number(n) => assert_eq!(cell.parse::<f64>().unwrap(), n.as_f64().unwrap(), "{column}"),
                other => panic!("{column}: unexpected {other}"),
            }
        }
    }
}

#[test]
fn html_report_is_self_contained_and_shows_counts_intervals_and_evidence() {
    let corpus = Corpus::new();
    let path = corpus.write(
        "tagged.jsonl",
        &[
            record("h1", Some("A&B <News>"), None, &[putin(-0.5, 2), trump(0.3, 1)]),
            record("h2", Some("A&B <News>"), None, &[putin(-0.1, 1)]),
            record("h3", Some("Gamma"), None, &[trump(0.6, 1)]),
        ],
    );
    let out_path = corpus.dir.path().join("report.html");
    let out = slant().arg("compare").arg(&path).arg("-o").arg(&out_path).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = fs::read_to_string(&out_path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"), "format follows the .html extension");
    assert!(html.contains("<svg"));
    for external in ["http", "<script", "<link", "@import", "src="] {
        assert!(!html.contains(external), "report refers to something outside it: {external}");
    }
    assert_eq!(html.matches("url(").count(), html.matches("url(#").count(), "only in-document references");
    assert!(html.contains("A&amp;B &lt;News&gt;") && !html.contains("<News>"), "labels are escaped");
    // The cell of Putin in "A&B <News>": two documents, mean -0.30, an interval on hover.
    assert!(html.contains("n=2"));
    assert!(html.contains("mean tone −0.30 (95% CI"), "interval in the cell's tooltip");
    assert!(html.contains("no interval from one document"));
    assert!(html.contains("<mark>Putin</mark> spoke."), "evidence sentence with the mention marked");
    assert!(html.contains("Title of h1 (h1)"));
}

#[test]
fn bad_lines_are_reported_with_line_numbers_and_the_rest_is_counted() {
    let corpus = Corpus::new();
    let path = corpus.write(
        "tagged.jsonl",
        &[
            record("ok1", Some("Alpha"), None, &[putin(0.2, 1)]),
            "{not json".to_string(),
            error_record("gone"),
            String::new(),
            record("ok2", Some("Alpha"), None, &[putin(0.4, 1)]),
        ],
    );
    let out = slant().arg("compare").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "a malformed line makes exit code 1");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let shown = path.display().to_string();
    assert!(stderr.contains(&format!("{shown}:2: not JSON")), "{stderr}");
    assert!(stderr.contains(&format!("{shown}:3: error record `gone`")), "{stderr}");
    let value: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["meta"]["documents"], 2);
    assert_eq!(value["meta"]["malformed_lines"], 1);
    assert_eq!(value["meta"]["error_records"], 1);
    assert_eq!(row(&value, "Alpha", "per:vladimir-putin")["n_docs"], 2);

    // Error records alone are part of a normal run: reported, but exit 0.
    let errors_only =
        corpus.write("errors.jsonl", &[record("ok", Some("Alpha"), None, &[putin(0.2, 1)]), error_record("gone")]);
    let out = slant().arg("compare").arg(&errors_only).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains(":2: error record `gone`"));
}

#[test]
fn usage_errors_exit_with_2() {
    let corpus = Corpus::new();
    let path = outlets_corpus(&corpus);
    for args in [vec!["--by", "publisher"], vec!["--by", "outlet", "--by", "outlet"], vec!["--by", "date:fortnight"]] {
        let out = slant().arg("compare").arg(&path).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
    let missing = corpus.dir.path().join("missing.jsonl");
    let out = slant().arg("compare").arg(&missing).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.jsonl"));
}

#[test]
fn output_file_is_written_whole_with_the_format_of_its_extension() {
    let corpus = Corpus::new();
    let path = outlets_corpus(&corpus);
    let out_dir = corpus.dir.path().join("out");
    let target = out_dir.join("table.csv");
    let out = slant().arg("compare").arg(&path).arg("-o").arg(&target).output().unwrap();
    assert!(out.status.success());
    let text = fs::read_to_string(&target).unwrap();
    assert!(text.starts_with("outlet,group,actor_id,actor,"), "{text}");
    assert_eq!(text.lines().count(), 1 + 5);
    let leftovers: Vec<_> = fs::read_dir(&out_dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers, ["table.csv"], "no temporary file left behind");
}
