//! The library's entry point gives what the command line writes: `Pipeline::tag_all` over some
//! documents and `slant tag` over the same documents as JSONL give the same entities and actors
//! (ids, mentions, tone) in every record.

use assert_cmd::Command;
use serde_json::Value;
use slant::document::{ContentKind, RawDocument};
use slant::pipeline::{Pipeline, PipelineOptions};
use slant::records::Record;

const ARTICLES: [(&str, &str); 2] = [
    (
        "a",
        "US Secretary of State Marco Rubio spoke with Sergey Lavrov on Monday. The minister said the talks \
         were useful. \"I am pleased,\" Rubio said, and he thanked the Russian Foreign Ministry.",
    ),
    ("b", "Rubio criticised the Kremlin on Tuesday. Sergei Lavrov rejected the claims, and he left Moscow."),
];

#[test]
fn pipeline_tag_all_writes_what_slant_tag_writes() {
    let pipeline = Pipeline::new(PipelineOptions::shipped(None).unwrap()).unwrap();
    let raws: Vec<RawDocument> =
        ARTICLES.iter().map(|(id, text)| RawDocument::new(*id, *text).with_kind(ContentKind::Body)).collect();
    let from_library: Vec<Value> = pipeline
        .tag_all(&raws)
        .into_iter()
        .map(|record| match record {
            // Through JSON text, as the CLI writes it (f32 scores print shortest).
            Record::Ok(doc) => serde_json::from_str(&serde_json::to_string(&*doc).unwrap()).unwrap(),
            Record::Error(err) => panic!("{}: {}", err.id, err.error.message),
        })
        .collect();

    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("docs.jsonl");
    let lines: Vec<String> =
        ARTICLES.iter().map(|(id, text)| serde_json::json!({"id": id, "text": text}).to_string()).collect();
    std::fs::write(&input, lines.join("\n") + "\n").unwrap();
    let output = Command::cargo_bin("slant")
        .unwrap()
        .args(["tag", "--no-extract", "--quiet", "-o", "-"])
        .arg(&input)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let from_cli: Vec<Value> =
        String::from_utf8(output.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();

    assert_eq!(from_cli.len(), 2);
    for (cli, library) in from_cli.iter().zip(&from_library) {
        assert_eq!(cli["id"], library["id"]);
        assert_eq!(cli["text"], library["text"]);
        assert_eq!(cli["entities"], library["entities"], "{}", cli["id"]);
        assert_eq!(cli["actors"], library["actors"], "{}", cli["id"]);
        assert_eq!(cli["slant"]["linked"], Value::Bool(true));
    }
    // Linked across the two documents: the surname-only "Rubio" of b is Marco Rubio.
    let ids = |record: &Value| -> Vec<String> {
        record["actors"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap().to_string()).collect()
    };
    assert!(ids(&from_library[1]).contains(&"per:marco-rubio".to_string()), "{:?}", ids(&from_library[1]));
    // "Sergey" and "Sergei" Lavrov are one actor across the two.
    let lavrov = |record: &Value| ids(record).into_iter().find(|id| id.ends_with("-lavrov"));
    assert!(lavrov(&from_library[0]).is_some() && lavrov(&from_library[0]) == lavrov(&from_library[1]));
}
