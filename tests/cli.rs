//! End-to-end tests of `slant tag` through the binary: input formats, bad input, exit codes,
//! output order and offsets, and atomic output files.

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

const ARTICLE: &str = "\
  • Home
  • World
Share Facebook Twitter Email

Talks resume in Geneva

The foreign minister said on Monday that the talks with his counterpart had been useful and would continue next week.

Officials from both sides described the meeting as constructive, and they agreed to meet again before the end of the month.

Related Articles
";

struct Corpus {
    dir: tempfile::TempDir,
}

impl Corpus {
    fn new() -> Self {
        Self { dir: tempfile::tempdir().unwrap() }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.path(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, bytes).unwrap();
        path
    }
}

fn slant() -> Command {
    Command::cargo_bin("slant").unwrap()
}

/// `slant tag` without the model stages, for tests about ingest, extraction and output.
fn tag() -> Command {
    let mut cmd = slant();
    cmd.args(["tag", "--no-ner"]);
    cmd
}

fn records(path: &Path) -> Vec<Value> {
    fs::read_to_string(path).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn by_id<'a>(records: &'a [Value], id: &str) -> &'a Value {
    records.iter().find(|r| r["id"] == id).unwrap_or_else(|| panic!("no record {id}"))
}

#[test]
fn bad_inputs_become_error_records_and_the_run_goes_on() {
    let c = Corpus::new();
    c.write("in/a_good.txt", ARTICLE.as_bytes());
    let mut bad_utf8 = ARTICLE.as_bytes().to_vec();
    bad_utf8.splice(150..150, [0xff, 0xfe]);
    c.write("in/b_bad_utf8.txt", &bad_utf8);
    c.write("in/c_empty.txt", b"  \n\n ");
    c.write("in/d_binary.txt", b"\x7fELF\x02\x01\x01\0\0\0\0binary");
    let jsonl = [
        format!(r#"{{"id": "j1", "text": {}, "outlet": "Daily"}}"#, serde_json::to_string(ARTICLE).unwrap()),
        "{not json".to_string(),
        String::new(),
        r#"{"id": "j3", "title": "no text field"}"#.to_string(),
        r#"["an", "array"]"#.to_string(),
        format!(r#"{{"text": {}}}"#, serde_json::to_string(ARTICLE).unwrap()),
    ];
    c.write("in/e_corpus.jsonl", jsonl.join("\n").as_bytes());
    // 20 MB of prose: over the default 16 MB limit.
    let huge = "The minister said the talks were useful and would continue. ".repeat(20 * 1024 * 1024 / 60);
    c.write("in/f_huge.txt", huge.as_bytes());
    std::os::unix::fs::symlink(c.path("in/missing-target"), c.path("in/g_dangling.txt")).unwrap();
    let out = c.path("out/tagged.jsonl");

    let assert = tag().arg(c.path("in")).arg("-o").arg(&out).assert().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();

    let records = records(&out);
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    // Every input document has a record, in input order.
    assert_eq!(
        ids,
        [
            "a_good.txt",
            "b_bad_utf8.txt",
            "c_empty.txt",
            "d_binary.txt",
            "j1",
            "e_corpus.jsonl:2",
            "j3",
            "e_corpus.jsonl:5",
            "e_corpus.jsonl:6",
            "f_huge.txt",
            "g_dangling.txt"
        ]
    );
    let status = |id: &str| by_id(&records, id)["status"].as_str().unwrap().to_string();
    let kind = |id: &str| by_id(&records, id)["error"]["kind"].as_str().unwrap().to_string();
    assert_eq!(status("a_good.txt"), "ok");
    assert_eq!(status("b_bad_utf8.txt"), "ok");
    let warnings = by_id(&records, "b_bad_utf8.txt")["warnings"].as_array().unwrap();
    assert!(warnings[0].as_str().unwrap().contains("invalid UTF-8 from line"), "{warnings:?}");
    assert_eq!(kind("c_empty.txt"), "empty");
    assert_eq!(kind("d_binary.txt"), "binary");
    assert_eq!(status("j1"), "ok");
    assert_eq!(by_id(&records, "j1")["outlet"], "Daily");
    assert_eq!(by_id(&records, "j1")["metadata_origin"]["outlet"], "supplied");
    assert_eq!(kind("e_corpus.jsonl:2"), "malformed");
    assert_eq!(by_id(&records, "e_corpus.jsonl:2")["source"]["line"], 2);
    assert_eq!(kind("j3"), "missing_field");
    assert_eq!(kind("e_corpus.jsonl:5"), "malformed");
    assert_eq!(status("e_corpus.jsonl:6"), "ok");
    assert_eq!(kind("f_huge.txt"), "too_large");
    assert_eq!(kind("g_dangling.txt"), "unreadable");

    // Messages name the file and line.
    assert!(stderr.contains("e_corpus.jsonl:2: malformed JSON"), "{stderr}");
    assert!(stderr.contains("e_corpus.jsonl:4: record has no \"text\" or \"html\" field"), "{stderr}");
    assert!(stderr.contains("b_bad_utf8.txt: invalid UTF-8"), "{stderr}");
    // The summary's counts add up.
    assert!(stderr.contains("11 documents: 4 ok, 7 failed"), "{stderr}");
}

#[test]
fn huge_document_is_processed_when_the_limit_allows() {
    let c = Corpus::new();
    let huge =
        format!("{}\n", "The minister said the talks were useful and would continue. ".repeat(20 * 1024 * 1024 / 60));
    c.write("huge.txt", huge.as_bytes());
    let out = c.path("out.jsonl");
    tag().args(["--max-doc-mb", "32", "-q"]).arg(c.path("huge.txt")).arg("-o").arg(&out).assert().success();
    let records = records(&out);
    assert_eq!(records[0]["status"], "ok");
    assert!(records[0]["sentences"].as_array().unwrap().len() > 300_000);
}

#[test]
fn strict_stops_at_the_first_error_and_leaves_no_output_file() {
    let c = Corpus::new();
    c.write("in/a.txt", ARTICLE.as_bytes());
    c.write("in/b.txt", b"");
    c.write("in/c.txt", ARTICLE.as_bytes());
    let out = c.path("out/tagged.jsonl");
    let assert = tag().args(["--strict"]).arg(c.path("in")).arg("-o").arg(&out).assert().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("b.txt: document is empty"), "{stderr}");
    assert!(!out.exists());
    // No temporary file is left behind either.
    assert_eq!(fs::read_dir(c.path("out")).unwrap().count(), 0);
}

#[test]
fn usage_errors_exit_2() {
    tag().args(["--no-such-flag", "x"]).assert().code(2);
    tag().args(["/nonexistent/dir/*.txt"]).assert().code(2).stderr(predicates::str::contains("matched no files"));
    let c = Corpus::new();
    c.write("a.txt", ARTICLE.as_bytes());
    tag()
        .args(["--manifest"])
        .arg(c.path("missing.csv"))
        .arg(c.path("a.txt"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("missing.csv"));
}

#[test]
fn gzip_csv_html_stdin_and_globs() {
    let c = Corpus::new();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(ARTICLE.as_bytes()).unwrap();
    c.write("pages/a.txt.gz", &gz.finish().unwrap());
    let mut csv = csv::Writer::from_writer(Vec::new());
    csv.write_record(["id", "text", "outlet", "date"]).unwrap();
    csv.write_record(["c1", ARTICLE, "Gazette", "2025-01-02"]).unwrap();
    csv.write_record(["c2", "", "Gazette", ""]).unwrap();
    c.write("pages/b.csv", &csv.into_inner().unwrap());
    let html = format!(
        "<html><head><title>Talks resume</title></head><body><nav>Home World</nav><article><h1>Talks resume</h1><p>{}</p><p>{}</p></article><footer>About us</footer></body></html>",
        "The foreign minister said on Monday that the talks with his counterpart had been useful and would continue next week in the capital, officials said.",
        "Officials from both sides described the meeting as constructive, and they agreed to meet again before the end of the month in Geneva."
    );
    c.write("pages/c.html", html.as_bytes());
    let out = c.path("out.jsonl");
    tag().arg(format!("{}/pages/*", c.dir.path().display())).arg("-o").arg(&out).assert().code(1);
    let records = records(&out);
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a.txt.gz", "c1", "c2", "c.html"]);
    assert!(records[0]["text"].as_str().unwrap().starts_with("The foreign minister said"));
    assert_eq!(records[1]["outlet"], "Gazette");
    assert_eq!(records[1]["date"], "2025-01-02");
    assert_eq!(records[2]["error"]["kind"], "missing_field");
    assert_eq!(records[3]["slant"]["extractor"], "slant-combined");
    assert!(records[3]["text"].as_str().unwrap().contains("agreed to meet again"));
    assert!(!records[3]["text"].as_str().unwrap().contains("About us"));

    let stdout = tag()
        .args(["-", "-q", "--input-format", "text"])
        .write_stdin(ARTICLE)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let record: Value = serde_json::from_slice(&stdout).unwrap();
    assert_eq!(record["id"], "stdin");
    assert_eq!(record["title"], "Talks resume in Geneva");
}

#[test]
fn manifest_fills_metadata_but_explicit_values_win() {
    let c = Corpus::new();
    c.write("in/a.txt", ARTICLE.as_bytes());
    c.write(
        "in/b.jsonl",
        format!(r#"{{"id": "b1", "text": {}, "outlet": "Own Outlet"}}"#, serde_json::to_string(ARTICLE).unwrap())
            .as_bytes(),
    );
    c.write(
        "manifest.csv",
        b"id,outlet,date,url\na.txt,Manifest Times,2024-05-06,https://example.org/a\nb1,Manifest Outlet,2024-05-07,\n",
    );
    let out = c.path("out.jsonl");
    tag().arg(c.path("in")).arg("--manifest").arg(c.path("manifest.csv")).arg("-o").arg(&out).assert().success();
    let records = records(&out);
    assert_eq!(records[0]["outlet"], "Manifest Times");
    assert_eq!(records[0]["date"], "2024-05-06");
    assert_eq!(records[0]["metadata_origin"]["date"], "supplied");
    assert_eq!(records[0]["metadata_origin"]["title"], "detected");
    assert_eq!(records[1]["outlet"], "Own Outlet");
    assert_eq!(records[1]["date"], "2024-05-07");
}

/// Offsets are code points into the record's `text`, as Python's str slicing expects.
#[test]
fn offsets_are_code_points_into_text() {
    let text =
        "“Constructive” talks — Lavrov said\u{a0}on Monday. ❗️ Mr. Trump’s envoy, Gen. Kellogg, agreed… Then he left.";
    let c = Corpus::new();
    c.write("a.jsonl", format!(r#"{{"id": "x", "text": {}}}"#, serde_json::to_string(text).unwrap()).as_bytes());
    let out = c.path("out.jsonl");
    tag().args(["--no-extract", "--tokens", "-q"]).arg(c.path("a.jsonl")).arg("-o").arg(&out).assert().success();
    let record = &records(&out)[0];
    let body: Vec<char> = record["text"].as_str().unwrap().chars().collect();
    let slice = |s: &Value, e: &Value| {
        body[s.as_u64().unwrap() as usize..e.as_u64().unwrap() as usize].iter().collect::<String>()
    };
    let sentences: Vec<String> =
        record["sentences"].as_array().unwrap().iter().map(|s| slice(&s["start"], &s["end"])).collect();
    assert_eq!(
        sentences,
        [
            "“Constructive” talks — Lavrov said\u{a0}on Monday.",
            "❗️ Mr. Trump’s envoy, Gen. Kellogg, agreed…",
            "Then he left."
        ]
    );
    let tokens: Vec<String> =
        record["sentences"][1]["tokens"].as_array().unwrap().iter().map(|t| slice(&t[0], &t[1])).collect();
    assert_eq!(tokens, ["❗️", "Mr.", "Trump", "’s", "envoy", ",", "Gen.", "Kellogg", ",", "agreed", "…"]);
}

#[test]
fn output_does_not_depend_on_thread_count() {
    let c = Corpus::new();
    for i in 0..40 {
        c.write(
            &format!("in/{i:02}.txt"),
            format!("{ARTICLE}\nStory number {i} ends here with a sentence of its own.\n").as_bytes(),
        );
    }
    let run = |threads: &str| {
        let out = c.path(format!("out{threads}.jsonl").as_str());
        tag().args(["-q", "--threads", threads]).arg(c.path("in")).arg("-o").arg(&out).assert().success();
        fs::read(&out).unwrap()
    };
    assert_eq!(run("1"), run("2"));
}

/// The shipped NER model inside `slant tag`: entity offsets slice the record's text (code points),
/// the seed story's people and places are found, and output is the same for 1 and 2 threads.
#[test]
fn shipped_ner_model_tags_the_seed_story() {
    let c = Corpus::new();
    let run = |threads: &str| {
        let out = c.path(format!("seeds{threads}.jsonl").as_str());
        slant()
            .args([
                "tag",
                "--no-tone",
                "examples/articles",
                "--manifest",
                "examples/manifest.csv",
                "-q",
                "--threads",
                threads,
                "-o",
            ])
            .arg(&out)
            .assert()
            .success();
        fs::read(&out).unwrap()
    };
    let one = run("1");
    assert_eq!(one, run("2"), "output differs between 1 and 2 threads");

    let records: Vec<Value> =
        String::from_utf8(one).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let mut found: Vec<(String, String)> = Vec::new();
    for record in &records {
        assert_eq!(record["slant"]["models"]["ner"], "ner");
        let text: Vec<char> = record["text"].as_str().unwrap().chars().collect();
        for e in record["entities"].as_array().unwrap() {
            let (start, end) = (e["start"].as_u64().unwrap() as usize, e["end"].as_u64().unwrap() as usize);
            let surface: String = text[start..end].iter().collect();
            assert_eq!(surface, e["text"].as_str().unwrap());
            let score = e["score"].as_f64().unwrap();
            assert!(score > 0.0 && score <= 1.0);
            found.push((surface, e["label"].as_str().unwrap().to_string()));
        }
    }
    let has = |surface: &str, label: &str| found.iter().any(|(s, l)| s == surface && l == label);
    for (surface, label) in [
        ("Marco Rubio", "PER"),
        ("Vladimir Putin", "PER"),
        ("Donald Trump", "PER"),
        ("Lavrov", "PER"),
        ("Budapest", "LOC"),
        ("Ukraine", "LOC"),
        ("State Department", "ORG"),
    ] {
        assert!(has(surface, label), "{surface} ({label}) not found in {found:?}");
    }
}

/// Pronouns and role nouns in `slant tag` output: linked to the actor as `pronoun`/`nominal`
/// mentions, scored by the tone model, and counted in the actor's tone and evidence, while
/// salience counts names only.
#[test]
fn pronouns_and_role_nouns_carry_tone_and_evidence() {
    let c = Corpus::new();
    let input = c.write(
        "in/a.jsonl",
        br#"{"id":"a","text":"German Chancellor Angela Merkel arrived in Paris on Monday for talks on trade.\n\nShe praised the agreement as a historic success for both countries.\n\nThe chancellor thanked her hosts."}"#,
    );
    let out = c.path("out.jsonl");
    slant().args(["tag", "--no-extract", "-q", "-o"]).arg(&out).arg(&input).assert().success();
    let records = records(&out);
    let record = by_id(&records, "a");
    let merkel = record["actors"].as_array().unwrap().iter().find(|a| a["id"] == "per:angela-merkel").unwrap();
    let mentions = merkel["mentions"].as_array().unwrap();
    let kinds: Vec<(&str, &str)> =
        mentions.iter().map(|m| (m["text"].as_str().unwrap(), m["kind"].as_str().unwrap())).collect();
    assert_eq!(kinds, [("Angela Merkel", "name"), ("She", "pronoun"), ("chancellor", "nominal"), ("her", "pronoun")]);
    let text: Vec<char> = record["text"].as_str().unwrap().chars().collect();
    for m in mentions {
        let (start, end) = (m["start"].as_u64().unwrap() as usize, m["end"].as_u64().unwrap() as usize);
        assert_eq!(text[start..end].iter().collect::<String>(), m["text"].as_str().unwrap());
        assert!(m["tone"]["positive"].is_number(), "every mention is scored: {m}");
    }
    assert_eq!(merkel["tone"]["mentions"], 4, "tone reads names, pronouns and role nouns");
    assert_eq!(merkel["tone"]["label"], "positive");
    let evidence: Vec<u64> =
        merkel["evidence"].as_array().unwrap().iter().map(|e| e["sentence"].as_u64().unwrap()).collect();
    assert!(evidence.contains(&1), "the pronoun-only sentence is evidence: {evidence:?}");
    // One name mention of Merkel among all actors' name mentions (Paris is named too).
    let names = record["actors"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["mentions"].as_array().unwrap())
        .filter(|m| m["kind"] == "name")
        .count();
    let share = merkel["salience"]["mention_share"].as_f64().unwrap();
    assert!((share - 1.0 / names as f64).abs() < 1e-3, "salience counts names only: {share} of {names}");
}

#[test]
fn a_journal_of_an_older_slant_is_refused_not_resumed() {
    // The journal an interrupted run of slant 0.1.0 left when its --resume fingerprint was the
    // Debug text of its arguments: it names the same inputs and settings, in another form.
    let c = Corpus::new();
    c.write("in/a.txt", ARTICLE.as_bytes());
    let out = c.path("out.jsonl");
    let journal = c.path(".out.jsonl.slant-journal");
    let old = "slant 0.1.0 TagArgs { inputs: [\"in\"], output: \"out.jsonl\", input_format: None, manifest: None, no_extract: false, html_extractor: Combined, tokens: false, ner_model: None, no_ner: true, tone_model: None, no_tone: false, aliases: None, models_dir: None, device: \"cpu\", max_doc_mb: 16.0, strict: false, , , fields: FieldArgs { id_field: \"id\", text_field: \"text\", html_field: \"html\", title_field: \"title\", outlet_field: \"outlet\", date_field: \"date\", author_field: \"author\", url_field: \"url\" }, no_link: false, shard: None,  }";
    let state = serde_json::json!({
        "fingerprint": old, "documents": 1, "bytes": 0,
        "summary": {"documents": 1, "ok": 1, "failed": 0, "warnings": 0, "sentences": 0, "words": 0,
                    "entities": 0, "actors": 0, "errors": {}, "stopped_early": false, "resumed_after": 0},
    });
    c.write(".out.jsonl.slant-journal/state.json", state.to_string().as_bytes());
    c.write(".out.jsonl.slant-journal/records.jsonl", b"");
    tag()
        .current_dir(c.dir.path())
        .args(["in", "-o", "out.jsonl", "--resume"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("belongs to a run with other inputs or settings"));
    assert!(!out.exists());
    assert!(journal.join("state.json").exists(), "the refused journal is left as it was");
    // Without --resume the run starts over.
    tag().current_dir(c.dir.path()).args(["in", "-o", "out.jsonl"]).assert().success();
    assert_eq!(records(&out).len(), 1);
    assert!(!journal.exists());
}

#[test]
fn exit_codes_say_how_the_run_ended() {
    let c = Corpus::new();
    let good = c.write("good.txt", ARTICLE.as_bytes());
    let empty = c.write("empty.txt", b"");
    tag().arg(&good).arg("-o").arg(c.path("ok.jsonl")).assert().code(0);
    // A bad document: its error record, and 1.
    tag().arg(&good).arg(&empty).arg("-o").arg(c.path("some.jsonl")).assert().code(1);
    // Usage: a bad flag, a bad value.
    tag().arg("--no-such-flag").arg(&good).assert().code(2);
    tag().args(["--device", "tpu"]).arg(&good).assert().code(2).stderr(predicates::str::contains("unknown device"));
    // The run cannot finish: an output that cannot be written (under a file), a missing model.
    tag().arg(&good).arg("-o").arg(good.join("out.jsonl")).assert().code(3);
    slant()
        .args(["tag", "--ner-model", "/nonexistent/ner"])
        .arg(&good)
        .arg("-o")
        .arg(c.path("m.jsonl"))
        .assert()
        .code(3);
    // --help says which.
    let help = slant().args(["tag", "--help"]).assert().code(0);
    let help = String::from_utf8_lossy(&help.get_output().stdout).to_string();
    assert!(help.contains("3 the run could not finish"), "{help}");
}

#[test]
fn a_body_in_another_language_is_counted_and_any_language_tags_it() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("ru.txt");
    fs::write(
        &input,
        "Министр иностранных дел России Сергей Лавров провёл в понедельник переговоры с госсекретарём \
         США Марко Рубио. Стороны обсудили подготовку встречи в Будапеште, однако дата пока не определена.\n",
    )
    .unwrap();
    let out = dir.path().join("out.jsonl");
    let run = |extra: &[&str]| {
        let output = slant()
            .args(["tag", "--no-tone", "--no-extract"])
            .args(extra)
            .arg(&input)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        (records(&out).remove(0), String::from_utf8_lossy(&output.stderr).into_owned())
    };
    let (record, stderr) = run(&[]);
    assert_eq!(record["language"], "rus");
    assert_eq!(record["entities"].as_array().unwrap().len(), 0);
    assert!(stderr.contains("1 documents in another language than English: no entities"), "{stderr}");
    let (record, _) = run(&["--any-language"]);
    assert!(!record["entities"].as_array().unwrap().is_empty(), "{record}");
}
