//! Reading corrected annotations back into slant's NER training JSONL (`slant import`), the
//! other half of the pre-annotate → correct → retrain loop that `slant export` starts.
//!
//! Span formats (Label Studio, brat, doccano) become `{"id", "text", "spans": [{"start", "end",
//! "label"}]}` lines with code-point offsets; CoNLL columns become `{"id", "doc", "tokens",
//! "tags"}` lines (IOB2). Both are what [`crate::ner::data::read`] takes, so `slant train ner`
//! and `slant eval ner` read the output directly. Problems are collected as [`Issue`]s naming the
//! file and line (or task); the rest of the input is still imported.
//!
//! Not part of the documented library surface (see the crate docs, "What is public"): public
//! for the `slant` binary, training, evaluation and the integration tests.
#![doc(hidden)]

pub mod brat;
pub mod conll;
pub mod doccano;
pub mod label_studio;

use crate::offsets::CodePoints;
use crate::output::Sink;
use crate::segment;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Import formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    /// Label Studio's JSON export (tasks with `annotations`), or its JSON-MIN export.
    LabelStudio,
    /// brat standoff: directories or `.ann` files, each with its `.txt`.
    Brat,
    /// doccano JSONL: `text` with `label` (or `labels`, `entities`).
    Doccano,
    /// CoNLL columns (word first, tag last; IOB1, IOB2 or BIOES; `-DOCSTART-` lines).
    Conll,
}

impl ImportFormat {
    pub fn name(self) -> &'static str {
        match self {
            ImportFormat::LabelStudio => "label-studio",
            ImportFormat::Brat => "brat",
            ImportFormat::Doccano => "doccano",
            ImportFormat::Conll => "conll",
        }
    }

    /// File extensions taken from a directory given as input.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            ImportFormat::LabelStudio => &["json"],
            ImportFormat::Brat => &["ann"],
            ImportFormat::Doccano => &["jsonl", "json", "ndjson"],
            ImportFormat::Conll => &["conll", "conllu", "iob", "iob2", "bio", "bioes", "tsv", "txt"],
        }
    }
}

/// An entity span: code-point offsets into the record's text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub label: String,
}

/// A document with corrected spans.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpanRecord {
    pub id: String,
    pub text: String,
    pub spans: Vec<Span>,
}

/// A sentence of tokens with IOB2 tags; `doc` groups sentences of one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TokenRecord {
    pub id: String,
    pub doc: usize,
    pub tokens: Vec<String>,
    pub tags: Vec<String>,
}

/// One output line.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ImportRecord {
    Spans(SpanRecord),
    Tokens(TokenRecord),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Something in the input was left out.
    Error,
    /// Imported, but worth a look.
    Warning,
}

/// A problem found while importing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// `PATH:LINE`, `PATH: task N`, or `PATH`.
    pub location: String,
    pub message: String,
    pub severity: Severity,
}

impl std::fmt::Display for Issue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = if self.severity == Severity::Warning { "warning: " } else { "" };
        write!(f, "{kind}{}: {}", self.location, self.message)
    }
}

/// Everything an import produced.
#[derive(Debug, Default)]
pub struct Imported {
    pub records: Vec<ImportRecord>,
    pub issues: Vec<Issue>,
    /// Files read.
    pub files: usize,
    /// Documents without a (non-cancelled) annotation, left out (Label Studio).
    pub unannotated: usize,
}

impl Imported {
    pub fn errors(&self) -> usize {
        self.issues.iter().filter(|i| i.severity == Severity::Error).count()
    }

    /// Spans written (span formats) or entity chunks (token formats).
    pub fn entities(&self) -> usize {
        self.records
            .iter()
            .map(|r| match r {
                ImportRecord::Spans(s) => s.spans.len(),
                ImportRecord::Tokens(t) => t.tags.iter().filter(|t| t.starts_with("B-")).count(),
            })
            .sum()
    }

    fn error(&mut self, location: impl Into<String>, message: impl Into<String>) {
        self.issues.push(Issue { location: location.into(), message: message.into(), severity: Severity::Error });
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path}: no {format} files found")]
    NoFiles { path: String, format: &'static str },
    #[error("{path}: `slant train ner` reads JSONL by its extension; name the output .jsonl")]
    NotJsonl { path: String },
}

/// Reads every input (files, or directories searched recursively for the format's files, in
/// name order) and converts it.
pub fn import(paths: &[PathBuf], format: ImportFormat) -> Result<Imported, ImportError> {
    let mut imported = Imported::default();
    let mut next_doc = 0;
    for file in discover(paths, format)? {
        imported.files += 1;
        match format {
            ImportFormat::LabelStudio => label_studio::read(&file.path, &mut imported)?,
            ImportFormat::Brat => brat::read(&file.path, &file.name, &mut imported)?,
            ImportFormat::Doccano => doccano::read(&file.path, &mut imported)?,
            ImportFormat::Conll => next_doc = conll::read(&file.path, next_doc, &mut imported)?,
        }
    }
    Ok(imported)
}

/// An input file and the name its documents take ids from (its path below the directory given,
/// without the extension, for brat).
struct InputFile {
    path: PathBuf,
    name: String,
}

fn discover(paths: &[PathBuf], format: ImportFormat) -> Result<Vec<InputFile>, ImportError> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found = Vec::new();
            walk(path, format.extensions(), &mut found)
                .map_err(|source| ImportError::Io { path: path.display().to_string(), source })?;
            found.sort();
            if found.is_empty() {
                return Err(ImportError::NoFiles { path: path.display().to_string(), format: format.name() });
            }
            for file in found {
                let relative = file.strip_prefix(path).unwrap_or(&file).with_extension("");
                let name = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
                files.push(InputFile { path: file, name });
            }
        } else if path.exists() {
            // brat: a `.txt` given stands for its `.ann`.
            let path = if format == ImportFormat::Brat { path.with_extension("ann") } else { path.clone() };
            let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            files.push(InputFile { path, name });
        } else {
            let source = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or directory");
            return Err(ImportError::Io { path: path.display().to_string(), source });
        }
    }
    Ok(files)
}

fn walk(dir: &Path, extensions: &[&str], out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, extensions, out)?;
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| extensions.contains(&e)) {
            out.push(path);
        }
    }
    Ok(())
}

/// Writes the records as JSONL to `output` (`-` for standard output), atomically.
pub fn write_jsonl(records: &[ImportRecord], output: &str) -> Result<(), ImportError> {
    let is_jsonl = matches!(Path::new(output).extension().and_then(|e| e.to_str()), Some("jsonl" | "json" | "ndjson"));
    if output != "-" && !is_jsonl {
        return Err(ImportError::NotJsonl { path: output.to_string() });
    }
    let io = |source| ImportError::Io { path: output.to_string(), source };
    let mut sink = Sink::open(output).map_err(io)?;
    for record in records {
        sink.write_line(&serde_json::to_string(record).expect("records serialize")).map_err(io)?;
    }
    sink.finish().map_err(io)?;
    Ok(())
}

/// A span as a tool wrote it, before checking.
#[derive(Debug, Clone)]
pub(crate) struct RawSpan {
    pub start: usize,
    pub end: usize,
    pub label: String,
    /// Where it came from, for messages.
    pub location: String,
}

/// Checks spans against the text: in range, non-empty, labelled; sorted; exact repeats merged;
/// overlaps dropped (slant's NER is flat: the earlier, then longer, span stays). Spans that cut
/// one of slant's tokens are kept with a warning, since training tags whole tokens.
pub(crate) fn check_spans(text: &str, raw: Vec<RawSpan>, imported: &mut Imported) -> Vec<Span> {
    let chars = text.chars().count();
    let mut spans: Vec<(Span, String)> = Vec::new();
    for span in raw {
        if span.label.trim().is_empty() {
            imported.error(&span.location, format!("span {}..{} has no label", span.start, span.end));
        } else if span.start >= span.end || span.end > chars {
            imported.error(
                &span.location,
                format!("span {}..{} is empty or outside the text ({chars} code points)", span.start, span.end),
            );
        } else {
            spans
                .push((Span { start: span.start, end: span.end, label: span.label.trim().to_string() }, span.location));
        }
    }
    spans.sort_by(|a, b| a.0.start.cmp(&b.0.start).then(b.0.end.cmp(&a.0.end)).then(a.0.label.cmp(&b.0.label)));
    spans.dedup_by(|b, a| a.0 == b.0);
    let mut kept: Vec<(Span, String)> = Vec::with_capacity(spans.len());
    for (span, location) in spans {
        if let Some((last, _)) = kept.last().filter(|(last, _)| span.start < last.end) {
            let message = format!(
                "span {}..{} {} overlaps {}..{} {}; left out",
                span.start, span.end, span.label, last.start, last.end, last.label
            );
            imported.issues.push(Issue { location, message, severity: Severity::Warning });
            continue;
        }
        kept.push((span, location));
    }
    let offsets = CodePoints::new(text);
    let token_bounds: Vec<(usize, usize)> = segment::segment(text)
        .iter()
        .flat_map(|s| s.tokens.iter().map(|t| (offsets.code_point(t.start), offsets.code_point(t.end))))
        .collect();
    // Whether a code-point offset falls strictly inside a token.
    let cuts = |offset: usize| {
        let k = token_bounds.partition_point(|&(start, _)| start < offset);
        k > 0 && token_bounds[k - 1].1 > offset
    };
    for (span, location) in &kept {
        if cuts(span.start) || cuts(span.end) {
            imported.issues.push(Issue {
                location: location.clone(),
                message: format!(
                    "span {}..{} {:?} starts or ends inside a word; `slant train ner` tags whole tokens",
                    span.start,
                    span.end,
                    offsets.slice(span.start, span.end)
                ),
                severity: Severity::Warning,
            });
        }
    }
    kept.into_iter().map(|(span, _)| span).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(start: usize, end: usize, label: &str) -> RawSpan {
        RawSpan { start, end, label: label.into(), location: "t:1".into() }
    }

    #[test]
    fn spans_are_checked_sorted_and_flattened() {
        let text = "“Marco Rubio” met Lavrov 🙂 in Alaska.";
        let mut imported = Imported::default();
        let spans = check_spans(
            text,
            vec![
                raw(30, 36, "LOC"),
                raw(1, 12, "PER"),
                raw(1, 12, "PER"),
                raw(7, 12, "PER"),
                raw(18, 24, "PER"),
                raw(30, 99, "LOC"),
                raw(3, 3, "X"),
                raw(18, 20, " "),
            ],
            &mut imported,
        );
        let got: Vec<(usize, usize, &str)> = spans.iter().map(|s| (s.start, s.end, s.label.as_str())).collect();
        assert_eq!(got, vec![(1, 12, "PER"), (18, 24, "PER"), (30, 36, "LOC")]);
        let errors: Vec<&Issue> = imported.issues.iter().filter(|i| i.severity == Severity::Error).collect();
        assert_eq!(errors.len(), 3, "{:?}", imported.issues);
        assert!(imported.issues.iter().any(|i| i.severity == Severity::Warning && i.message.contains("overlaps")));
    }

    #[test]
    fn spans_cutting_words_get_a_warning() {
        let text = "Trump-Putin summit";
        let mut imported = Imported::default();
        let spans = check_spans(text, vec![raw(0, 5, "PER")], &mut imported);
        assert_eq!(spans.len(), 1);
        assert!(imported.issues.iter().any(|i| i.message.contains("inside a word")), "{:?}", imported.issues);
        let mut clean = Imported::default();
        check_spans(text, vec![raw(0, 11, "MISC")], &mut clean);
        assert!(clean.issues.is_empty(), "{:?}", clean.issues);
    }
}
