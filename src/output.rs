//! Output: one JSON record per input document, and the writer that puts them on disk atomically.
//!
//! This is the one place where byte offsets become **code-point offsets** ([`crate::offsets`]) (what Python's `str`
//! slicing expects), end exclusive, into the record's own `text`. The record types are
//! [`crate::records`]'s (documented in `docs/schema.md`). Records are written to a temporary file beside the target and renamed at the
//! end, so an interrupted run never leaves a truncated file under the final name.

use crate::document::{DocError, Document, Span};
use crate::offsets::CodePoints;
use crate::records::{
    round4, EntitySpan, ErrorBody, ErrorRecord, MentionTone, Provenance, SentenceSpan, TaggedActor, TaggedDocument,
    TaggedEvidence, TaggedMention,
};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Settings for what records contain.
#[derive(Debug, Clone, Copy, Default)]
pub struct RecordOptions {
    /// Include each sentence's token offsets.
    pub with_tokens: bool,
}

/// The record of a processed document, with its actors as the document has them (grouped, with
/// ids, salience and article tone within the document; [`crate::link`] renames them across a
/// corpus).
pub fn document_record(doc: &Document, provenance: &Provenance, options: RecordOptions) -> TaggedDocument {
    let index = CodePoints::new(&doc.text);
    let span = |s: Span| (index.code_point(s.start), index.code_point(s.end));
    let sentences = doc
        .sentences
        .iter()
        .map(|s| SentenceSpan {
            start: index.code_point(s.span.start),
            end: index.code_point(s.span.end),
            tokens: options
                .with_tokens
                .then(|| s.tokens.iter().map(|t| [index.code_point(t.start), index.code_point(t.end)]).collect()),
        })
        .collect();
    let entities = doc
        .entities
        .iter()
        .map(|e| {
            let (start, end) = span(e.span);
            EntitySpan {
                start,
                end,
                text: e.span.slice(&doc.text).to_string(),
                label: e.kind.as_str().to_string(),
                score: Some(round4(e.score)),
            }
        })
        .collect();
    let actors = doc
        .actors
        .iter()
        .map(|actor| TaggedActor {
            id: actor.id.clone(),
            name: actor.name.clone(),
            kind: actor.kind,
            aliases: actor.aliases.clone(),
            role: actor.role.clone(),
            external_id: actor.external_id.clone(),
            group: actor.group.clone(),
            collective: actor.collective,
            mentions: actor
                .mentions
                .iter()
                .map(|m| {
                    let (start, end) = span(m.span);
                    TaggedMention {
                        start,
                        end,
                        text: m.span.slice(&doc.text).to_string(),
                        sentence: m.sentence,
                        quoted: m.quoted,
                        tone: m.tone.map(MentionTone::new),
                        kind: m.kind,
                    }
                })
                .collect(),
            salience: actor.salience,
            tone: actor.tone.clone(),
            evidence: actor
                .evidence
                .iter()
                .map(|e| {
                    let sentence = doc.sentences[e.sentence].span;
                    let (start, end) = span(sentence);
                    let text = sentence.slice(&doc.text).to_string();
                    TaggedEvidence { sentence: e.sentence, start, end, text, effect: e.effect }
                })
                .collect(),
        })
        .collect();
    let metadata_origin = crate::document::Metadata::FIELD_NAMES
        .iter()
        .zip(doc.origins.iter())
        .filter_map(|(name, origin)| origin.map(|o| (name.to_string(), o)))
        .collect();
    let m = &doc.metadata;
    TaggedDocument {
        id: doc.id.clone(),
        source: doc.source.clone(),
        outlet: m.outlet.clone(),
        title: m.title.clone(),
        date: m.date.clone(),
        author: m.author.clone(),
        url: m.url.clone(),
        metadata_origin,
        extra: doc.extra.clone(),
        language: doc.language.map(|language| language.code.to_string()),
        text: doc.text.clone(),
        sentences,
        entities,
        actors,
        warnings: doc.warnings.clone(),
        slant: provenance.clone(),
    }
}

/// The record of a failed document, which keeps its place in the output.
pub fn error_record(err: &DocError, provenance: &Provenance) -> ErrorRecord {
    ErrorRecord {
        id: err.id.clone(),
        source: err.source.clone(),
        error: ErrorBody { kind: err.kind, message: err.message.clone() },
        slant: provenance.clone(),
    }
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
