//! The corpus runner through the binary, with the shipped models: a run killed with SIGKILL and
//! resumed writes what an uninterrupted run writes; shards tagged apart and linked with
//! `slant link` (in one step, or observe + apply with tables) equal one run over the corpus;
//! input fields slant does not know are kept and can be grouped by.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const PEOPLE: &[(&str, &str)] = &[
    ("Marco", "Rubio"),
    ("Sergey", "Lavrov"),
    ("Angela", "Merkel"),
    ("Emmanuel", "Macron"),
    ("Olaf", "Scholz"),
    ("Keir", "Starmer"),
];
const PLACES: &[&str] = &["Geneva", "Paris", "Berlin", "Budapest", "London", "Moscow"];

/// A JSONL corpus of short made-up news items in which people are named in full in some
/// documents and by surname alone in others (so linking across documents matters), with a
/// `section` field slant does not know and one malformed line.
fn write_corpus(path: &Path, documents: usize) {
    let mut lines = Vec::new();
    for i in 0..documents {
        // Each person is named in full in one document and by surname in the next.
        let (first, last) = PEOPLE[(i / 2) % PEOPLE.len()];
        let (_, other) = PEOPLE[(i / 2 + 1 + (i / 12) % 5) % PEOPLE.len()];
        let place = PLACES[i % PLACES.len()];
        let text = if i % 2 == 0 {
            format!("{first} {last} met {other} in {place} on Monday. {last} praised the talks as useful.")
        } else {
            format!("{last} criticised {other} in {place} on Tuesday. The meeting was a failure, {last} said.")
        };
        let section = ["politics", "world", "europe"][i % 3];
        lines.push(serde_json::json!({"id": format!("n{i:04}"), "text": text, "outlet": format!("Outlet {}", i % 4), "section": section}).to_string());
        if i == 5 {
            lines.push("{not json".to_string());
        }
    }
    fs::write(path, lines.join("\n") + "\n").unwrap();
}

fn slant() -> Command {
    Command::cargo_bin("slant").unwrap()
}

fn tag(input: &Path, output: &Path, extra: &[&str]) -> std::process::Output {
    slant()
        .args(["tag", "--no-extract", "-q", "--threads", "2"])
        .arg(input)
        .arg("-o")
        .arg(output)
        .args(extra)
        .output()
        .unwrap()
}

fn records(path: &Path) -> Vec<Value> {
    fs::read_to_string(path).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn by_id(records: Vec<Value>) -> BTreeMap<String, Value> {
    records.into_iter().map(|r| (r["id"].as_str().unwrap().to_string(), r)).collect()
}

/// Equal JSON, numbers within `tol` (model batches of other sizes may move the fourth decimal).
fn assert_close(a: &Value, b: &Value, tol: f64, path: &str) {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            assert!((x - y).abs() <= tol, "{path}: {x} != {y}");
        }
        (Value::Object(x), Value::Object(y)) => {
            assert_eq!(x.keys().collect::<Vec<_>>(), y.keys().collect::<Vec<_>>(), "{path}: keys differ");
            for (k, v) in x {
                assert_close(v, &y[k], tol, &format!("{path}.{k}"));
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len(), "{path}: lengths differ");
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                assert_close(v, w, tol, &format!("{path}[{i}]"));
            }
        }
        _ => assert_eq!(a, b, "{path}"),
    }
}

struct Setup {
    _dir: tempfile::TempDir,
    corpus: PathBuf,
    whole: PathBuf,
}

impl Setup {
    fn new(documents: usize) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus.jsonl");
        write_corpus(&corpus, documents);
        let whole = dir.path().join("whole.jsonl");
        let out = tag(&corpus, &whole, &[]);
        assert_eq!(out.status.code(), Some(1), "one malformed line fails: {}", String::from_utf8_lossy(&out.stderr));
        Self { _dir: dir, corpus, whole }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.corpus.with_file_name(name)
    }
}

#[test]
fn a_killed_run_resumes_to_the_same_output() {
    let s = Setup::new(250);
    let whole = fs::read_to_string(&s.whole).unwrap();
    assert_eq!(whole.lines().count(), 251, "250 documents and the malformed line");
    assert!(!slant_journal(&s.whole).exists(), "a finished run removes its journal");

    let out = s.path("resumed.jsonl");
    let journal = slant_journal(&out);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("slant"))
        .args(["tag", "--no-extract", "-q", "--threads", "2"])
        .arg(&s.corpus)
        .arg("-o")
        .arg(&out)
        .spawn()
        .unwrap();
    // Kill it once the first batches are committed, well before the end.
    let started = Instant::now();
    let committed = loop {
        if let Ok(state) = fs::read(journal.join("state.json")) {
            let state: Value = serde_json::from_slice(&state).unwrap();
            let done = state["documents"].as_u64().unwrap();
            if done >= 64 {
                break done;
            }
        }
        assert!(child.try_wait().unwrap().is_none(), "the run ended before it could be killed");
        assert!(started.elapsed() < Duration::from_secs(300), "no batch committed");
        std::thread::sleep(Duration::from_millis(20));
    };
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert!(committed < 251, "killed mid-run");
    assert!(!out.exists(), "nothing under the final name until the run is done");

    let resumed = tag(&s.corpus, &out, &["--resume"]);
    assert_eq!(resumed.status.code(), Some(1));
    assert_eq!(fs::read_to_string(&out).unwrap(), whole, "same records, same order, nothing doubled or lost");
    assert!(!journal.exists());

    // Other settings do not resume someone else's journal.
    let other = s.path("other.jsonl");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("slant"))
        .args(["tag", "--no-extract", "-q"])
        .arg(&s.corpus)
        .arg("-o")
        .arg(&other)
        .spawn()
        .unwrap();
    while !slant_journal(&other).join("state.json").exists() {
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let refused = tag(&s.corpus, &other, &["--resume", "--no-tone"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("other inputs or settings"));
}

fn slant_journal(output: &Path) -> PathBuf {
    output.with_file_name(format!(".{}.slant-journal", output.file_name().unwrap().to_string_lossy()))
}

#[test]
fn shards_linked_afterwards_equal_one_run_over_the_corpus() {
    let s = Setup::new(90);
    let whole = by_id(records(&s.whole));
    let shards: Vec<PathBuf> = (1..=3)
        .map(|k| {
            let out = s.path(&format!("shard{k}.jsonl"));
            tag(&s.corpus, &out, &["--no-link", "--shard", &format!("{k}/3")]);
            out
        })
        .collect();
    let sizes: Vec<usize> = shards.iter().map(|p| records(p).len()).collect();
    assert_eq!(sizes.iter().sum::<usize>(), whole.len(), "shards partition the corpus: {sizes:?}");
    assert!(sizes.iter().all(|&n| n > 15), "{sizes:?}");
    let unlinked = by_id(shards.iter().flat_map(|p| records(p)).collect());
    assert!(unlinked.values().filter(|r| r["status"] == "ok").all(|r| r["slant"]["linked"] == false));
    // Unlinked, a surname-only mention keeps its own id; linked, it joins the full name.
    let surname_only = |r: &BTreeMap<String, Value>| -> Vec<String> {
        r["n0001"]["actors"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap().to_string()).collect()
    };
    assert!(surname_only(&unlinked).contains(&"per:rubio".to_string()), "{:?}", surname_only(&unlinked));
    assert!(surname_only(&whole).contains(&"per:marco-rubio".to_string()), "{:?}", surname_only(&whole));

    // One step.
    let linked = s.path("linked.jsonl");
    slant().arg("link").args(&shards).arg("-o").arg(&linked).arg("-q").assert().code(1);
    let linked = by_id(records(&linked));
    assert_eq!(linked.keys().collect::<Vec<_>>(), whole.keys().collect::<Vec<_>>());
    for (id, record) in &whole {
        assert_close(&linked[id], record, 2e-4, id);
    }

    // Observe per shard, apply with the merged tables (how the Spark job runs it).
    let tables: Vec<PathBuf> = shards
        .iter()
        .map(|shard| {
            let table = shard.with_extension("table.json");
            slant().args(["link", "--observe", "-q"]).arg(shard).arg("-o").arg(&table).assert().success();
            table
        })
        .collect();
    let mut applied = Vec::new();
    for shard in &shards {
        let out = shard.with_extension("linked.jsonl");
        let mut cmd = slant();
        cmd.args(["link", "-q"]).arg(shard).arg("-o").arg(&out);
        for t in &tables {
            cmd.arg("--table").arg(t);
        }
        // Exit 1 for the shard that holds the malformed line's error record, 0 for the others.
        cmd.assert().code(predicates::ord::lt(2));
        applied.extend(records(&out));
    }
    let applied = by_id(applied);
    for (id, record) in &whole {
        assert_close(&applied[id], record, 2e-4, id);
    }
}

#[test]
fn unknown_input_fields_are_kept_and_can_be_grouped_by() {
    let s = Setup::new(12);
    let whole = by_id(records(&s.whole));
    assert_eq!(whole["n0004"]["extra"], serde_json::json!({"section": "world"}));
    assert_eq!(whole["n0004"]["outlet"], "Outlet 0", "known fields stay where they were");
    let table = s.path("by_section.csv");
    slant()
        .args(["compare", "--by", "section", "--format", "csv", "-o"])
        .arg(&table)
        .arg(&s.whole)
        .assert()
        .code(predicates::ord::lt(2));
    let csv = fs::read_to_string(&table).unwrap();
    for section in ["politics", "world", "europe"] {
        assert!(csv.contains(section), "{section} missing from\n{csv}");
    }
}
