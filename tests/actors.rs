//! The seed story through the shipped models: on each of the five pages, the people who matter
//! (Trump, Putin, Rubio, Lavrov, Zelenskyy and the officials quoted) are single actors with their
//! spelling variants merged within and across pages, and nobody who appears only in page
//! furniture (tickers, "related" lists, menus) is an actor.

use assert_cmd::Command;
use serde_json::Value;

fn tag_seeds() -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("seeds.jsonl");
    Command::cargo_bin("slant")
        .unwrap()
        .args(["tag", "examples/articles", "--manifest", "examples/manifest.csv", "-q", "-o"])
        .arg(&out)
        .assert()
        .success();
    std::fs::read_to_string(&out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn actor<'a>(record: &'a Value, id: &str) -> &'a Value {
    let matches: Vec<&Value> = record["actors"].as_array().unwrap().iter().filter(|a| a["id"] == id).collect();
    assert_eq!(matches.len(), 1, "{}: {id} should be exactly one actor; actors: {:?}", record["id"], ids(record));
    matches[0]
}

fn ids(record: &Value) -> Vec<String> {
    record["actors"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap().to_string()).collect()
}

#[test]
fn seed_story_actors_are_merged_and_furniture_people_are_not_actors() {
    let records = tag_seeds();
    assert_eq!(records.len(), 5);
    let expected: [(&str, &[&str]); 5] = [
        (
            "000_",
            &["per:donald-trump", "per:vladimir-putin", "per:marco-rubio", "per:sergey-lavrov", "per:tommy-pigott"],
        ),
        (
            "001_",
            &[
                "per:marco-rubio",
                "per:sergey-lavrov",
                "per:tammy-bruce",
                "per:donald-trump",
                "per:vladimir-putin",
                "per:volodymyr-zelenskyy",
            ],
        ),
        (
            "002_",
            &[
                "per:donald-trump",
                "per:vladimir-putin",
                "per:marco-rubio",
                "per:sergey-lavrov",
                "per:volodymyr-zelenskyy",
            ],
        ),
        (
            "003_",
            &[
                "per:donald-trump",
                "per:vladimir-putin",
                "per:marco-rubio",
                "per:sergey-lavrov",
                "per:volodymyr-zelenskyy",
                "per:yury-ushakov",
                "per:pete-hegseth",
            ],
        ),
        (
            "004_",
            &[
                "per:donald-trump",
                "per:vladimir-putin",
                "per:marco-rubio",
                "per:sergey-lavrov",
                "per:volodymyr-zelenskyy",
            ],
        ),
    ];
    let furniture_people = [
        "jean-pierre",
        "thune",
        "rick-scott",
        "kruse",
        "stephen-miller",
        "earle-sears",
        "sununu",
        "musk",
        "jake-paul",
        "joshua",
        "pope",
        "leo",
        "qassem",
        "el-hajj",
        "padgett",
    ];
    for (record, (prefix, people)) in records.iter().zip(expected) {
        assert!(record["id"].as_str().unwrap().starts_with(prefix));
        for id in people {
            actor(record, id);
        }
        for id in ids(record) {
            assert!(!furniture_people.iter().any(|f| id.contains(f)), "{}: furniture person {id}", record["id"]);
            // A surname alone is never an actor of its own beside the full name (regression: the
            // "Trump" of a page that also names "Melania Trump").
            for surname in ["trump", "putin", "rubio", "lavrov", "zelensky", "zelenskyy"] {
                assert_ne!(id, format!("per:{surname}"), "{}: surname-only actor", record["id"]);
            }
            // The missiles are no person ("US-made Tomahawk missiles", "the Tomahawks").
            assert!(!id.starts_with("per:tomahawk"), "{}: a missile as a person", record["id"]);
        }
        // Mentions point at their text (code points into the record's text).
        let text: Vec<char> = record["text"].as_str().unwrap().chars().collect();
        for a in record["actors"].as_array().unwrap() {
            for m in a["mentions"].as_array().unwrap() {
                let (s, e) = (m["start"].as_u64().unwrap() as usize, m["end"].as_u64().unwrap() as usize);
                assert_eq!(text[s..e].iter().collect::<String>(), m["text"].as_str().unwrap());
            }
        }
    }
    // Spelling variants merge within a page ...
    let zelenskyy = actor(&records[4], "per:volodymyr-zelenskyy");
    let aliases: Vec<&str> = zelenskyy["aliases"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
    assert!(aliases.contains(&"Zelensky") && aliases.contains(&"Zelenskyy"), "{aliases:?}");
    // ... and across pages: "Sergei Lavrov" (NikVesti, LBC) is the "Sergey Lavrov" of the others.
    for record in [&records[1], &records[4]] {
        let lavrov = actor(record, "per:sergey-lavrov");
        assert!(lavrov["aliases"].as_array().unwrap().iter().any(|a| a == "Sergei Lavrov"));
        assert_eq!(lavrov["role"], "Foreign Minister");
    }
    // A surname-only page mention joins the full name; roles stay out of the name.
    let rubio = actor(&records[0], "per:marco-rubio");
    assert_eq!(rubio["name"], "Marco Rubio");
    assert!(rubio["role"].as_str().unwrap().contains("Secretary"));
    assert!(rubio["salience"]["in_title"].as_bool().unwrap());
}
