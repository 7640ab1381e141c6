//! Output: one JSON record per input document, and the writer that puts them on disk atomically.
//!
//! This is the one place where byte offsets become **code-point offsets** (what Python's `str`
//! slicing expects), end exclusive, into the record's own `text`. The schema is documented in
//! `docs/schema.md`. Records are written to a temporary file beside the target and renamed at the
//! end, so an interrupted run never leaves a truncated file under the final name.

use crate::document::{DocError, Document, EntityKind, Origin, SourceRef};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Converts byte offsets into a text to code-point offsets.
pub struct CharIndex {
    /// `prefix[b]` = code points before byte `b`; empty when the text is ASCII (identity).
    prefix: Vec<u32>,
}

impl CharIndex {
    pub fn new(text: &str) -> Self {
        if text.is_ascii() {
            return Self { prefix: Vec::new() };
        }
        let mut prefix = vec![0u32; text.len() + 1];
        let mut count = 0u32;
        for (byte, c) in text.char_indices() {
            prefix[byte..byte + c.len_utf8()].fill(count);
            count += 1;
        }
        prefix[text.len()] = count;
        Self { prefix }
    }

    /// Code points before byte offset `byte` (which must be a char boundary).
    pub fn chars(&self, byte: usize) -> usize {
        if self.prefix.is_empty() {
            byte
        } else {
            self.prefix[byte] as usize
        }
    }
}

/// Settings for what records contain.
#[derive(Debug, Clone, Copy, Default)]
pub struct RecordOptions {
    /// Include each sentence's token offsets.
    pub with_tokens: bool,
}

/// The `slant` block: what produced the record.
#[derive(Debug, Clone, Serialize)]
pub struct Provenance {
    pub version: &'static str,
    pub extractor: &'static str,
    /// Model name per stage; empty until model stages run.
    pub models: BTreeMap<&'static str, String>,
}

#[derive(Serialize)]
struct SentenceRecord {
    start: usize,
    end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    tokens: Option<Vec<[usize; 2]>>,
}

#[derive(Serialize)]
struct EntityRecord<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    label: EntityKind,
    score: f32,
}

#[derive(Serialize)]
struct ToneProbs {
    negative: f32,
    neutral: f32,
    positive: f32,
}

impl ToneProbs {
    fn new(p: [f32; 3]) -> Self {
        let round = |x: f32| (x * 1e4).round() / 1e4;
        Self { negative: round(p[0]), neutral: round(p[1]), positive: round(p[2]) }
    }
}

#[derive(Serialize)]
struct MentionRecord<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    sentence: usize,
    quoted: bool,
    tone: Option<ToneProbs>,
}

#[derive(Serialize)]
struct ActorToneRecord {
    label: crate::document::Polarity,
    score: f32,
    p_negative: f32,
    p_neutral: f32,
    p_positive: f32,
    mentions: usize,
    confidence: f32,
}

#[derive(Serialize)]
struct EvidenceRecord<'a> {
    sentence: usize,
    start: usize,
    end: usize,
    text: &'a str,
    effect: f32,
}

#[derive(Serialize)]
struct ActorRecord<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(rename = "type")]
    kind: EntityKind,
    aliases: &'a [String],
    role: Option<&'a str>,
    external_id: Option<&'a str>,
    group: Option<&'a str>,
    mentions: Vec<MentionRecord<'a>>,
    salience: crate::actors::Salience,
    tone: Option<ActorToneRecord>,
    evidence: Vec<EvidenceRecord<'a>>,
}

fn actor_record<'a>(doc: &'a Document, actor: &'a crate::actors::Actor, index: &CharIndex) -> ActorRecord<'a> {
    ActorRecord {
        id: &actor.id,
        name: &actor.name,
        kind: actor.kind,
        aliases: &actor.aliases,
        role: actor.role.as_deref(),
        external_id: actor.external_id.as_deref(),
        group: actor.group.as_deref(),
        mentions: actor
            .mentions
            .iter()
            .map(|m| MentionRecord {
                start: index.chars(m.span.start),
                end: index.chars(m.span.end),
                text: m.span.slice(&doc.text),
                sentence: m.sentence,
                quoted: m.quoted,
                tone: m.tone.map(ToneProbs::new),
            })
            .collect(),
        salience: crate::actors::salience(doc, actor),
        tone: actor.tone.as_ref().map(|t| ActorToneRecord {
            label: t.label,
            score: t.score,
            p_negative: t.probs[0],
            p_neutral: t.probs[1],
            p_positive: t.probs[2],
            mentions: t.mentions,
            confidence: t.confidence,
        }),
        evidence: actor
            .evidence
            .iter()
            .map(|e| EvidenceRecord {
                sentence: e.sentence,
                start: index.chars(e.span.start),
                end: index.chars(e.span.end),
                text: e.span.slice(&doc.text),
                effect: e.effect,
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct OkRecord<'a> {
    id: &'a str,
    source: &'a SourceRef,
    status: &'static str,
    outlet: Option<&'a str>,
    title: Option<&'a str>,
    date: Option<&'a str>,
    author: Option<&'a str>,
    url: Option<&'a str>,
    /// "supplied" or "detected" for each metadata field that is set.
    metadata_origin: BTreeMap<&'static str, Origin>,
    text: &'a str,
    sentences: Vec<SentenceRecord>,
    entities: Vec<EntityRecord<'a>>,
    actors: Vec<ActorRecord<'a>>,
    warnings: &'a [String],
    slant: &'a Provenance,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    kind: &'a crate::document::ErrorKind,
    message: &'a str,
}

#[derive(Serialize)]
struct ErrorRecord<'a> {
    id: &'a str,
    source: &'a SourceRef,
    status: &'static str,
    error: ErrorBody<'a>,
    slant: &'a Provenance,
}

/// Serializes a processed document as one JSON line (no trailing newline).
pub fn document_record(doc: &Document, provenance: &Provenance, options: RecordOptions) -> String {
    let index = CharIndex::new(&doc.text);
    let sentences = doc
        .sentences
        .iter()
        .map(|s| SentenceRecord {
            start: index.chars(s.span.start),
            end: index.chars(s.span.end),
            tokens: options
                .with_tokens
                .then(|| s.tokens.iter().map(|t| [index.chars(t.start), index.chars(t.end)]).collect()),
        })
        .collect();
    let entities = doc
        .entities
        .iter()
        .map(|e| EntityRecord {
            start: index.chars(e.span.start),
            end: index.chars(e.span.end),
            text: e.span.slice(&doc.text),
            label: e.kind,
            score: e.score,
        })
        .collect();
    let metadata_origin = crate::document::Metadata::FIELD_NAMES
        .iter()
        .zip(doc.origins.iter())
        .filter_map(|(name, origin)| origin.map(|o| (*name, o)))
        .collect();
    let m = &doc.metadata;
    let record = OkRecord {
        id: &doc.id,
        source: &doc.source,
        status: "ok",
        outlet: m.outlet.as_deref(),
        title: m.title.as_deref(),
        date: m.date.as_deref(),
        author: m.author.as_deref(),
        url: m.url.as_deref(),
        metadata_origin,
        text: &doc.text,
        sentences,
        entities,
        actors: doc.actors.iter().map(|a| actor_record(doc, a, &index)).collect(),
        warnings: &doc.warnings,
        slant: provenance,
    };
    serde_json::to_string(&record).expect("records serialize")
}

/// Serializes a failed document as one JSON line that keeps its place in the output.
pub fn error_record(err: &DocError, provenance: &Provenance) -> String {
    let record = ErrorRecord {
        id: &err.id,
        source: &err.source,
        status: "error",
        error: ErrorBody { kind: &err.kind, message: &err.message },
        slant: provenance,
    };
    serde_json::to_string(&record).expect("records serialize")
}

/// Where records go: standard output, or a file written through a temporary sibling.
pub enum Sink {
    Stdout(BufWriter<io::Stdout>),
    File { writer: BufWriter<tempfile::NamedTempFile>, target: PathBuf },
}

impl Sink {
    /// Opens the sink; `-` is standard output. Parent directories are created.
    pub fn open(path: &str) -> io::Result<Self> {
        if path == "-" {
            return Ok(Sink::Stdout(BufWriter::new(io::stdout())));
        }
        let target = PathBuf::from(path);
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&dir)?;
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let tmp = tempfile::Builder::new().prefix(&format!(".{name}.")).suffix(".partial").tempfile_in(&dir)?;
        Ok(Sink::File { writer: BufWriter::new(tmp), target })
    }

    pub fn write_line(&mut self, line: &str) -> io::Result<()> {
        let w: &mut dyn Write = match self {
            Sink::Stdout(w) => w,
            Sink::File { writer, .. } => writer,
        };
        w.write_all(line.as_bytes())?;
        w.write_all(b"\n")
    }

    /// Flushes and, for a file, renames the temporary file to the target name.
    pub fn finish(self) -> io::Result<Option<PathBuf>> {
        match self {
            Sink::Stdout(mut w) => {
                w.flush()?;
                Ok(None)
            }
            Sink::File { writer, target } => {
                let tmp = writer.into_inner().map_err(|e| e.into_error())?;
                // tempfile creates owner-only files; outputs are for other tools and users too.
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644))?;
                }
                tmp.as_file().sync_all()?;
                tmp.persist(&target).map_err(|e| e.error)?;
                Ok(Some(target))
            }
        }
    }

    /// The final path, for messages.
    pub fn target(&self) -> Option<&Path> {
        match self {
            Sink::Stdout(_) => None,
            Sink::File { target, .. } => Some(target),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_index_counts_code_points() {
        let text = "a“b”\u{a0}❗️c";
        let index = CharIndex::new(text);
        for (chars, (byte, _)) in text.char_indices().enumerate() {
            assert_eq!(index.chars(byte), chars);
        }
        assert_eq!(index.chars(text.len()), text.chars().count());
        let ascii = CharIndex::new("plain");
        assert_eq!(ascii.chars(3), 3);
    }
}
