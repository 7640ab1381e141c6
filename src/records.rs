//! The record schema: one line of `slant tag` output (`docs/schema.md`), as owned types that the
//! writer ([`crate::output`]) serializes and every reader (`link`, `compare`, `export`) parses,
//! so both sides agree on one definition.
//!
//! Offsets are **code points** into the record's `text`. Use
//! [`crate::offsets::CodePoints`] to slice in Rust. Unknown fields are ignored on reading, so records from newer versions still
//! load; a line that is not a record becomes a [`RecordError`] naming the file and line, and the
//! caller decides whether to go on.

/// An actor's salience and article tone are computed on the [`crate::document::Document`] and
/// written as they are.
pub use crate::document::{ActorTone as TaggedTone, Salience};
use crate::document::{EntityKind, ErrorKind, Origin, Polarity, SourceRef};
use crate::offsets::CodePoints;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::Path;

/// One line of `slant tag` output.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum Record {
    Ok(Box<TaggedDocument>),
    /// A document that failed at tagging; kept so counts add up downstream.
    Error(ErrorRecord),
}

impl Record {
    pub fn id(&self) -> &str {
        match self {
            Record::Ok(doc) => &doc.id,
            Record::Error(err) => &err.id,
        }
    }

    /// The record as one JSON line (no trailing newline).
    pub fn to_line(&self) -> String {
        serde_json::to_string(self).expect("records serialize")
    }
}

/// The `slant` block of a record: what produced it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub extractor: String,
    /// Model name per stage; empty when no model stage ran.
    #[serde(default)]
    pub models: BTreeMap<String, String>,
    /// The precision the encoders ran in (`fp32`, `bf16`); absent when no model stage ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<String>,
    /// Whether actor ids are canonical across the corpus (`slant link`, or `slant tag` without
    /// `--no-link`) or only within the document.
    #[serde(default = "linked_default")]
    pub linked: bool,
}

fn linked_default() -> bool {
    true
}

impl Default for Provenance {
    fn default() -> Self {
        Self {
            version: String::new(),
            extractor: String::new(),
            models: BTreeMap::new(),
            precision: None,
            linked: true,
        }
    }
}

/// A failed document: its id, where it came from, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorRecord {
    pub id: String,
    #[serde(default)]
    pub source: SourceRef,
    pub error: ErrorBody,
    #[serde(default)]
    pub slant: Provenance,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub kind: ErrorKind,
    pub message: String,
}

/// An `ok` record.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TaggedDocument {
    pub id: String,
    #[serde(default)]
    pub source: SourceRef,
    #[serde(default)]
    pub outlet: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    /// "supplied" or "detected" for each metadata field that is set.
    #[serde(default)]
    pub metadata_origin: BTreeMap<String, Origin>,
    /// Input fields slant does not know (a JSONL record's or CSV row's other fields, a manifest's
    /// other columns), kept as given.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// The body's language as an ISO 639-3 code ("eng", "rus"); null when it could not be told.
    /// Records written before the field existed read as null.
    #[serde(default)]
    pub language: Option<String>,
    pub text: String,
    #[serde(default)]
    pub sentences: Vec<SentenceSpan>,
    #[serde(default)]
    pub entities: Vec<EntitySpan>,
    #[serde(default)]
    pub actors: Vec<TaggedActor>,
    #[serde(default)]
    pub warnings: Vec<String>,
    #[serde(default)]
    pub slant: Provenance,
}

impl TaggedDocument {
    /// The evidence entry for one of the record's sentences.
    pub fn evidence(&self, sentence: usize, effect: f32, code_points: &CodePoints) -> TaggedEvidence {
        let span = &self.sentences[sentence];
        let text = code_points.slice(span.start, span.end).to_string();
        TaggedEvidence { sentence, start: span.start, end: span.end, text, effect }
    }

    /// A metadata field by name: `id`, `outlet`, `title`, `date`, `author`, `url`, `language`, or any field
    /// kept in `extra` (strings as they are, numbers and booleans as written).
    pub fn field(&self, name: &str) -> Option<std::borrow::Cow<'_, str>> {
        use std::borrow::Cow;
        let known = match name {
            "id" => Some(self.id.as_str()),
            "outlet" => self.outlet.as_deref(),
            "title" => self.title.as_deref(),
            "date" => self.date.as_deref(),
            "author" => self.author.as_deref(),
            "url" => self.url.as_deref(),
            "language" => self.language.as_deref(),
            _ => {
                return match self.extra.get(name)? {
                    serde_json::Value::String(s) => Some(Cow::Borrowed(s.as_str())),
                    serde_json::Value::Null => None,
                    value @ (serde_json::Value::Number(_) | serde_json::Value::Bool(_)) => {
                        Some(Cow::Owned(value.to_string()))
                    }
                    other => Some(Cow::Owned(other.to_string())),
                }
            }
        };
        known.map(Cow::Borrowed)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentenceSpan {
    pub start: usize,
    pub end: usize,
    /// Token offsets, present when tagged with `--tokens`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens: Option<Vec<[usize; 2]>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntitySpan {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// `PER`, `LOC`, `ORG` or `MISC` from slant's NER; records built from other annotations
    /// (`slant import`, corrected exports) may carry their own labels, so it stays open.
    pub label: String,
    /// Mean probability of the entity's tags; null for entities that come from elsewhere
    /// (imported annotations).
    #[serde(default)]
    pub score: Option<f32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaggedActor {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: EntityKind,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub external_id: Option<String>,
    #[serde(default)]
    pub group: Option<String>,
    /// Written only when true: a group of people named as one ("Americans").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub collective: bool,
    #[serde(default)]
    pub mentions: Vec<TaggedMention>,
    #[serde(default)]
    pub salience: Salience,
    #[serde(default)]
    pub tone: Option<TaggedTone>,
    #[serde(default)]
    pub evidence: Vec<TaggedEvidence>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaggedMention {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub sentence: usize,
    #[serde(default)]
    pub quoted: bool,
    #[serde(default)]
    pub tone: Option<MentionTone>,
    /// `name`, `pronoun` or `nominal`; records written before mentions had kinds are names.
    #[serde(default)]
    pub kind: crate::document::MentionKind,
}

/// A mention's tone probabilities.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MentionTone {
    pub negative: f32,
    pub neutral: f32,
    pub positive: f32,
}

impl MentionTone {
    /// From model probabilities (negative, neutral, positive), rounded as records keep them.
    pub fn new(p: [f32; 3]) -> Self {
        Self { negative: round4(p[0]), neutral: round4(p[1]), positive: round4(p[2]) }
    }

    pub fn probs(&self) -> [f32; 3] {
        [self.negative, self.neutral, self.positive]
    }

    /// The most probable class, with the tie-breaking the article-level tone uses.
    pub fn label(&self) -> Polarity {
        crate::tone::eval::argmax(&self.probs())
    }
}

/// A sentence that carries an actor's tone, and how far it pushes the score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaggedEvidence {
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Weighted (positive - negative) of the actor's mentions in this sentence.
    pub effect: f32,
}

/// Rounds to 4 decimals, as every probability and score in a record is written.
pub fn round4(x: f32) -> f32 {
    (x * 1e4).round() / 1e4
}

/// A line of a tagged file that could not be read as a record.
#[derive(Debug, thiserror::Error)]
#[error("{path}:{line}: {problem}")]
pub struct RecordError {
    pub path: String,
    /// 1-based; 0 when the file itself could not be read.
    pub line: usize,
    #[source]
    pub problem: RecordProblem,
}

/// What went wrong at a [`RecordError`]'s place.
#[derive(Debug, thiserror::Error)]
pub enum RecordProblem {
    /// The line is not a record.
    #[error(transparent)]
    Line(#[from] LineError),
    /// The file could not be opened or read.
    #[error("{0}")]
    Read(#[source] std::io::Error),
    /// The records read from it could not be written out.
    #[error("cannot write the output: {0}")]
    Write(#[source] std::io::Error),
}

/// Why one line of a tagged file is not a record ([`parse_line`]).
#[derive(Debug, thiserror::Error)]
pub enum LineError {
    #[error("not JSON: {0}")]
    NotJson(#[source] serde_json::Error),
    #[error("not a slant record: {0}")]
    NotRecord(#[source] serde_json::Error),
    /// A span lies outside the text: slicing it later would panic or mislead.
    #[error("span {start}..{end} is outside the text ({chars} code points)")]
    SpanOutsideText { start: usize, end: usize, chars: usize },
}

/// Reads every line of a tagged JSONL file (`-` for standard input; `.gz` is decompressed).
/// Blank lines are skipped; each other line yields a record or an error, in file order.
pub fn read_file(path: &Path) -> Result<Vec<Result<Record, RecordError>>, RecordError> {
    let shown = path.display().to_string();
    let mut out = Vec::new();
    for_each_line(path, |line, record| {
        out.push(record.map_err(|e| RecordError { path: shown.clone(), line, problem: e.into() }))
    })?;
    Ok(out)
}

/// Streams a tagged JSONL file (`-` for standard input; `.gz` is decompressed), calling `on_line`
/// with each non-blank line's 1-based number and its record or the reason it is not one. Fails
/// only when the file cannot be opened or read.
pub fn for_each_line(
    path: &Path,
    mut on_line: impl FnMut(usize, Result<Record, LineError>),
) -> Result<(), RecordError> {
    let shown = path.display().to_string();
    let io_error =
        |line: usize, e: std::io::Error| RecordError { path: shown.clone(), line, problem: RecordProblem::Read(e) };
    let reader: Box<dyn BufRead> = if shown == "-" {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        let file = std::fs::File::open(path).map_err(|e| io_error(0, e))?;
        if shown.ends_with(".gz") {
            Box::new(std::io::BufReader::new(flate2::read::MultiGzDecoder::new(file)))
        } else {
            Box::new(std::io::BufReader::new(file))
        }
    };
    for (i, line) in reader.split(b'\n').enumerate() {
        let line = line.map_err(|e| io_error(i + 1, e))?;
        let text = String::from_utf8_lossy(&line);
        if !text.trim().is_empty() {
            on_line(i + 1, parse_line(&text));
        }
    }
    Ok(())
}

/// Parses one output line.
pub fn parse_line(line: &str) -> Result<Record, LineError> {
    let record: Record = serde_json::from_str(line).map_err(|e| match e.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => LineError::NotJson(e),
        _ => LineError::NotRecord(e),
    })?;
    if let Record::Ok(doc) = &record {
        check_offsets(doc)?;
    }
    Ok(record)
}

/// Every span must lie inside the text, or slicing it later would panic or mislead.
fn check_offsets(doc: &TaggedDocument) -> Result<(), LineError> {
    let chars = doc.text.chars().count();
    let spans = doc
        .sentences
        .iter()
        .map(|s| (s.start, s.end))
        .chain(doc.entities.iter().map(|e| (e.start, e.end)))
        .chain(doc.actors.iter().flat_map(|a| a.mentions.iter().map(|m| (m.start, m.end))));
    for (start, end) in spans {
        if start > end || end > chars {
            return Err(LineError::SpanOutsideText { start, end, chars });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ok_and_error_records_and_reports_bad_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tagged.jsonl");
        let ok = r#"{"id":"a","status":"ok","outlet":"X","text":"“Rubio” met 🙂 Lavrov.","sentences":[{"start":0,"end":21}],"entities":[{"start":1,"end":6,"text":"Rubio","label":"PER","score":0.9}],"actors":[],"slant":{"version":"0"}}"#;
        let err = r#"{"id":"b","status":"error","error":{"kind":"empty","message":"empty file"}}"#;
        let outside =
            r#"{"id":"c","status":"ok","text":"short","entities":[{"start":2,"end":9,"text":"x","label":"PER"}]}"#;
        std::fs::write(&path, format!("{ok}\n\n{err}\nnot json\n{outside}\n")).unwrap();
        let records = read_file(&path).unwrap();
        assert_eq!(records.len(), 4);
        let Ok(Record::Ok(doc)) = &records[0] else { panic!("{:?}", records[0]) };
        let e = &doc.entities[0];
        assert_eq!(CodePoints::new(&doc.text).slice(e.start, e.end), "Rubio");
        assert_eq!(doc.field("outlet").as_deref(), Some("X"));
        assert!(matches!(&records[1], Ok(Record::Error(e)) if e.error.kind == ErrorKind::Empty));
        let bad = records[2].as_ref().unwrap_err();
        assert_eq!(bad.line, 4, "{bad}");
        assert!(records[3].as_ref().unwrap_err().to_string().contains("outside the text"));
        assert!(matches!(
            records[3].as_ref().unwrap_err().problem,
            RecordProblem::Line(LineError::SpanOutsideText { start: 2, end: 9, chars: 5 })
        ));
        assert!(matches!(records[2].as_ref().unwrap_err().problem, RecordProblem::Line(LineError::NotJson(_))));
    }
}
