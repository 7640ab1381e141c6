//! Reading slant's own output back: the records `slant tag` writes (`docs/schema.md`), as owned
//! types, for the commands that start from tagged JSONL (`compare`, `export`).
//!
//! Offsets stay as they are in the file: **code points** into the record's `text`. Use
//! [`byte_offset`] / [`CodePoints`] to slice in Rust. Unknown fields are ignored, so records from
//! newer versions still load; a line that is not a record becomes a [`RecordError`] naming the
//! file and line, and the caller decides whether to go on.

use crate::document::Polarity;
use serde::Deserialize;
use std::io::BufRead;
use std::path::Path;

/// One line of `slant tag` output.
#[derive(Debug, Clone)]
pub enum Record {
    Ok(Box<TaggedDocument>),
    /// A document that failed at tagging; kept so counts add up downstream.
    Error {
        id: String,
        kind: String,
        message: String,
    },
}

/// An `ok` record.
#[derive(Debug, Clone, Deserialize)]
pub struct TaggedDocument {
    pub id: String,
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
    pub text: String,
    #[serde(default)]
    pub sentences: Vec<SentenceSpan>,
    #[serde(default)]
    pub entities: Vec<EntitySpan>,
    #[serde(default)]
    pub actors: Vec<TaggedActor>,
    /// The `slant` block (version, extractor, models), kept as it is.
    #[serde(default)]
    pub slant: serde_json::Value,
}

impl TaggedDocument {
    /// A metadata field by name (`outlet`, `title`, `date`, `author`, `url`, `id`).
    pub fn field(&self, name: &str) -> Option<&str> {
        match name {
            "id" => Some(&self.id),
            "outlet" => self.outlet.as_deref(),
            "title" => self.title.as_deref(),
            "date" => self.date.as_deref(),
            "author" => self.author.as_deref(),
            "url" => self.url.as_deref(),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SentenceSpan {
    pub start: usize,
    pub end: usize,
    /// Token offsets, present when tagged with `--tokens`.
    #[serde(default)]
    pub tokens: Option<Vec<[usize; 2]>>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct EntitySpan {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub label: String,
    #[serde(default)]
    pub score: Option<f32>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TaggedActor {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub external_id: Option<String>,
    #[serde(default)]
    pub group: Option<String>,
    #[serde(default)]
    pub mentions: Vec<TaggedMention>,
    #[serde(default)]
    pub salience: Option<TaggedSalience>,
    #[serde(default)]
    pub tone: Option<TaggedTone>,
    #[serde(default)]
    pub evidence: Vec<TaggedEvidence>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TaggedMention {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub sentence: usize,
    #[serde(default)]
    pub quoted: bool,
    #[serde(default)]
    pub tone: Option<MentionTone>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
pub struct MentionTone {
    pub negative: f32,
    pub neutral: f32,
    pub positive: f32,
}

impl MentionTone {
    /// The most probable class (ties go to neutral, then negative).
    pub fn label(&self) -> Polarity {
        if self.neutral >= self.negative && self.neutral >= self.positive {
            Polarity::Neutral
        } else if self.negative >= self.positive {
            Polarity::Negative
        } else {
            Polarity::Positive
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize)]
pub struct TaggedSalience {
    pub mention_share: f32,
    pub in_title: bool,
    pub first_mention: f32,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TaggedTone {
    pub label: String,
    pub score: f32,
    pub p_negative: f32,
    pub p_neutral: f32,
    pub p_positive: f32,
    pub mentions: usize,
    pub confidence: f32,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TaggedEvidence {
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub effect: f32,
}

/// A line of a tagged file that could not be read as a record.
#[derive(Debug, thiserror::Error)]
#[error("{path}:{line}: {message}")]
pub struct RecordError {
    pub path: String,
    /// 1-based; 0 when the file itself could not be read.
    pub line: usize,
    pub message: String,
}

/// Reads every line of a tagged JSONL file (`-` for standard input; `.gz` is decompressed).
/// Blank lines are skipped; each other line yields a record or an error, in file order.
pub fn read_file(path: &Path) -> Result<Vec<Result<Record, RecordError>>, RecordError> {
    let shown = path.display().to_string();
    let mut out = Vec::new();
    for_each_line(path, |line, record| {
        out.push(record.map_err(|message| RecordError { path: shown.clone(), line, message }))
    })?;
    Ok(out)
}

/// Streams a tagged JSONL file (`-` for standard input; `.gz` is decompressed), calling `on_line`
/// with each non-blank line's 1-based number and its record or the reason it is not one. Fails
/// only when the file cannot be opened or read.
pub fn for_each_line(path: &Path, mut on_line: impl FnMut(usize, Result<Record, String>)) -> Result<(), RecordError> {
    let shown = path.display().to_string();
    let io_error = |line: usize, e: std::io::Error| RecordError { path: shown.clone(), line, message: e.to_string() };
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
pub fn parse_line(line: &str) -> Result<Record, String> {
    let value: serde_json::Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    match value.get("status").and_then(|s| s.as_str()) {
        Some("ok") => {
            let doc: TaggedDocument = serde_json::from_value(value).map_err(|e| format!("not a slant record: {e}"))?;
            check_offsets(&doc)?;
            Ok(Record::Ok(Box::new(doc)))
        }
        Some("error") => Ok(Record::Error {
            id: value["id"].as_str().unwrap_or_default().to_string(),
            kind: value["error"]["kind"].as_str().unwrap_or_default().to_string(),
            message: value["error"]["message"].as_str().unwrap_or_default().to_string(),
        }),
        _ => Err("not a slant record: no `status` of \"ok\" or \"error\"".into()),
    }
}

/// Every span must lie inside the text, or slicing it later would panic or mislead.
fn check_offsets(doc: &TaggedDocument) -> Result<(), String> {
    let chars = doc.text.chars().count();
    let spans = doc
        .sentences
        .iter()
        .map(|s| (s.start, s.end))
        .chain(doc.entities.iter().map(|e| (e.start, e.end)))
        .chain(doc.actors.iter().flat_map(|a| a.mentions.iter().map(|m| (m.start, m.end))));
    for (start, end) in spans {
        if start > end || end > chars {
            return Err(format!("span {start}..{end} is outside the text ({chars} code points)"));
        }
    }
    Ok(())
}

/// Code-point offsets to byte offsets for one text.
pub struct CodePoints {
    /// `bytes[c]` = byte offset of code point `c`; one extra entry for the end.
    bytes: Vec<usize>,
}

impl CodePoints {
    pub fn new(text: &str) -> Self {
        Self { bytes: text.char_indices().map(|(b, _)| b).chain([text.len()]).collect() }
    }

    /// Byte offset of code point `c` (the text's end when `c` is past it).
    pub fn byte(&self, c: usize) -> usize {
        self.bytes[c.min(self.bytes.len() - 1)]
    }

    /// The text between two code-point offsets.
    pub fn slice<'a>(&self, text: &'a str, start: usize, end: usize) -> &'a str {
        &text[self.byte(start)..self.byte(end)]
    }
}

/// Byte offset of code point `c` in `text` (one-off use; build a [`CodePoints`] for many).
pub fn byte_offset(text: &str, c: usize) -> usize {
    text.char_indices().nth(c).map_or(text.len(), |(b, _)| b)
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
        assert_eq!(CodePoints::new(&doc.text).slice(&doc.text, e.start, e.end), "Rubio");
        assert_eq!(doc.field("outlet"), Some("X"));
        assert!(matches!(&records[1], Ok(Record::Error { kind, .. }) if kind == "empty"));
        let bad = records[2].as_ref().unwrap_err();
        assert_eq!(bad.line, 4, "{bad}");
        assert!(records[3].as_ref().unwrap_err().message.contains("outside the text"));
    }

    #[test]
    fn code_points_map_to_bytes() {
        let text = "a“b”\u{a0}🙂c";
        let cp = CodePoints::new(text);
        for (c, (b, _)) in text.char_indices().enumerate() {
            assert_eq!(cp.byte(c), b);
            assert_eq!(byte_offset(text, c), b);
        }
        assert_eq!(cp.slice(text, 5, 7), "🙂c");
    }
}
