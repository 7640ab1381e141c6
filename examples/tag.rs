//! Tags two short articles with the shipped models and prints each actor with its mentions and
//! the article's tone toward it: the library's one entry point, `Pipeline::tag_all`.
//!
//!     cargo run --release --example tag
use slant::document::{ContentKind, RawDocument};
use slant::pipeline::{Pipeline, PipelineOptions};
use slant::records::Record;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let pipeline = Pipeline::new(PipelineOptions::shipped(None)?)?;
    let articles = [
        RawDocument::new(
            "a",
            "US Secretary of State Marco Rubio spoke with Sergey Lavrov on Monday. \
             The minister said the talks were useful, and Rubio praised him.",
        )
        .with_outlet("Example Times")
        .with_kind(ContentKind::Body),
        RawDocument::new("b", "Rubio criticised the Kremlin. Sergei Lavrov rejected the claims.")
            .with_outlet("Example Post")
            .with_kind(ContentKind::Body),
    ];
    for record in pipeline.tag_all(&articles) {
        match record {
            Record::Ok(doc) => {
                println!("{}:", doc.id);
                for actor in &doc.actors {
                    let mentions: Vec<&str> = actor.mentions.iter().map(|m| m.text.as_str()).collect();
                    let tone = actor.tone.as_ref().map_or("-".to_string(), |t| format!("{} {:+.2}", t.label, t.score));
                    println!("  {:<24} {:<10} {mentions:?}", actor.id, tone);
                }
            }
            Record::Error(err) => println!("{}: {}", err.id, err.error.message),
        }
    }
    Ok(())
}
