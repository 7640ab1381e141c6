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

/// A `--tone-model` directory with its own `aggregate.json` gets it as the article aggregator
/// (here one that says positive whatever the mentions), and a malformed one stops the set-up with
/// an error naming the file; the shipped directory keeps the shipped aggregator.
#[test]
fn a_tone_model_directory_brings_its_own_aggregator() {
    let shipped = PipelineOptions::shipped(None).unwrap();
    let shipped_tone = shipped.tone_model.clone().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let tone = dir.path().join("tone");
    std::fs::create_dir(&tone).unwrap();
    for entry in std::fs::read_dir(&shipped_tone).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() != "aggregate.json" {
            std::os::unix::fs::symlink(entry.path(), tone.join(entry.file_name())).unwrap();
        }
    }
    let mut own: Value =
        serde_json::from_str(&std::fs::read_to_string(shipped_tone.join("aggregate.json")).unwrap()).unwrap();
    for row in own["weights"].as_array_mut().unwrap() {
        row.as_array_mut().unwrap().iter_mut().for_each(|w| *w = 0.0.into());
    }
    own["bias"] = serde_json::json!([0.0, 0.0, 5.0]);
    std::fs::write(tone.join("aggregate.json"), own.to_string()).unwrap();

    let raw = RawDocument::new("b", ARTICLES[1].1).with_kind(ContentKind::Body);
    let labels = |options: PipelineOptions| -> Vec<String> {
        let Record::Ok(doc) = Pipeline::new(options).unwrap().tag(&raw) else { panic!("the document failed") };
        doc.actors.iter().filter_map(|a| a.tone.as_ref()).map(|t| t.label.as_str().to_string()).collect()
    };
    let with_own = labels(PipelineOptions { tone_model: Some(tone.clone()), ..shipped.clone() });
    assert!(!with_own.is_empty() && with_own.iter().all(|l| l == "positive"), "{with_own:?}");
    let with_shipped = labels(shipped.clone());
    assert!(with_shipped.iter().any(|l| l != "positive"), "{with_shipped:?}");

    std::fs::write(tone.join("aggregate.json"), "{\"features\": []}").unwrap();
    let err = Pipeline::new(PipelineOptions { tone_model: Some(tone.clone()), ..shipped }).err().unwrap();
    assert!(err.to_string().contains(&tone.join("aggregate.json").display().to_string()), "{err}");
}

/// The English models are not run on a body in another language: the English NER model reads
/// Russian words as organizations. The record says which language, and why nothing was tagged;
/// `any_language` runs the models anyway.
#[test]
fn a_body_in_another_language_gets_no_actors_unless_asked() {
    let russian = "Министр иностранных дел России Сергей Лавров провёл в понедельник переговоры с \
                   госсекретарём США Марко Рубио. Стороны обсудили подготовку встречи в Будапеште, \
                   однако дата пока не определена. Лавров назвал разговор полезным и конструктивным.";
    let english = ARTICLES[0].1;
    let raws = [
        RawDocument::new("ru", russian).with_kind(ContentKind::Body),
        RawDocument::new("en", english).with_kind(ContentKind::Body),
    ];
    let tag = |any_language: bool| -> Vec<slant::records::TaggedDocument> {
        let options = PipelineOptions { any_language, ..PipelineOptions::shipped(None).unwrap() };
        let pipeline = Pipeline::new(options).unwrap();
        pipeline
            .tag_all(&raws)
            .into_iter()
            .map(|record| match record {
                Record::Ok(doc) => *doc,
                Record::Error(err) => panic!("{}: {}", err.id, err.error.message),
            })
            .collect()
    };
    let by_default = tag(false);
    let (ru, en) = (&by_default[0], &by_default[1]);
    assert_eq!(ru.language.as_deref(), Some("rus"));
    assert!(ru.entities.is_empty() && ru.actors.is_empty(), "{:?}", ru.entities);
    assert!(ru.warnings.iter().any(|w| w.contains("language rus")), "{:?}", ru.warnings);
    assert_eq!(ru.text, russian, "the text is kept whole");
    // Three sentences of Latin script are too few to tell apart from Danish with confidence: no
    // language, so read as English.
    assert_eq!(en.language, None);
    assert!(en.actors.iter().any(|a| a.id == "per:marco-rubio"));
    assert!(en.warnings.is_empty(), "{:?}", en.warnings);
    let anyway = tag(true);
    assert!(!anyway[0].entities.is_empty(), "--any-language runs NER on the Russian body");
    assert!(anyway[0].warnings.is_empty(), "{:?}", anyway[0].warnings);
}
