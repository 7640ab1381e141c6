//! Ingest: turns what the user points at (files, directories, globs, `-` for stdin) into a stream
//! of [`RawDocument`]s, one per page or record, or a [`DocError`] that keeps the document's place.
//!
//! This module owns the public types, the [`Ingest`] iterator (one input after another, the
//! manifest applied to each document) and the choice of reader for each input. The parts:
//! [`discover`](fn@discover) (inputs, directories, globs, format detection), `decode` (gzip that
//! is truncated or corrupt is an error, never a shorter document; lossy UTF-8 with a warning;
//! UTF-16 and UTF-32 by byte-order mark; binary and empty detection), `jsonl` and `csv` (the
//! record formats, with configurable field names) and [`Manifest`] (metadata per document).
//! Nothing here looks inside the content.

mod csv;
mod decode;
mod discover;
mod jsonl;
mod manifest;
mod mojibake;
#[cfg(test)]
mod tests;

pub use decode::decode;
pub use discover::discover;
pub use manifest::Manifest;

use crate::document::{ContentKind, DocError, ErrorKind, Metadata, RawDocument, SourceRef};
use decode::{read_failure, transcode_stream, GzGuard};
use discover::{extension_without_gz, format_from_extension, sniff};
use jsonl::JsonlRecords;
use serde_json::Value;
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::PathBuf;

/// How an input file is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// One page of plain text per file (browser copy, text-browser dump).
    Text,
    /// One HTML page per file.
    Html,
    /// One JSON object per line (JSONL / NDJSON).
    Jsonl,
    /// CSV with a header row, one document per record.
    Csv,
}

/// Names of the fields read from JSONL objects and CSV columns.
#[derive(Debug, Clone)]
pub struct FieldNames {
    pub id: String,
    pub text: String,
    pub html: String,
    pub title: String,
    pub outlet: String,
    pub date: String,
    pub author: String,
    pub url: String,
}

impl FieldNames {
    /// Whether `name` is one of the fields slant reads (the rest are the user's own).
    fn is_known(&self, name: &str) -> bool {
        [self.id.as_str(), &self.text, &self.html].into_iter().chain(self.metadata()).any(|f| f == name)
    }

    /// The names of the metadata fields, in the order of [`Metadata::FIELD_NAMES`].
    fn metadata(&self) -> [&str; 5] {
        [&self.title, &self.outlet, &self.date, &self.author, &self.url]
    }
}

impl Default for FieldNames {
    fn default() -> Self {
        Self {
            id: "id".into(),
            text: "text".into(),
            html: "html".into(),
            title: "title".into(),
            outlet: "outlet".into(),
            date: "date".into(),
            author: "author".into(),
            url: "url".into(),
        }
    }
}

/// Everything ingest needs to know, set once per run.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Forces the format of every input; `None` detects it per file.
    pub format: Option<InputFormat>,
    pub fields: FieldNames,
    /// Documents larger than this many bytes become `too_large` errors.
    pub max_doc_bytes: usize,
    /// Treat text inputs as the article body already (skip furniture removal).
    pub text_is_body: bool,
    /// Repair UTF-8 that was read as Latin-1 or Windows-1252 ("donâ€™t"), with a warning.
    pub repair_mojibake: bool,
}

impl Default for IngestOptions {
    fn default() -> Self {
        Self {
            format: None,
            fields: FieldNames::default(),
            max_doc_bytes: 16 * 1024 * 1024,
            text_is_body: false,
            repair_mojibake: true,
        }
    }
}

/// One thing read from the inputs: a document, or the error that stands in its place.
pub type IngestItem = Result<RawDocument, DocError>;

/// An input file found from the user's arguments, with the root its id is relative to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// The path to open (as given or found by walking), or "-" for stdin.
    pub path: PathBuf,
    /// The document id stem: the path relative to the input root.
    pub rel: String,
}

impl InputFile {
    fn display(&self) -> String {
        self.path.display().to_string()
    }
}

/// Errors in the arguments themselves (exit code 2), as opposed to per-document errors.
#[derive(Debug, thiserror::Error)]
pub enum UsageError {
    #[error("glob pattern {pattern:?} is invalid: {source}")]
    BadGlob { pattern: String, source: glob::PatternError },
    #[error("glob pattern {0:?} matched no files")]
    NoMatch(String),
    #[error("no inputs given")]
    NoInputs,
    #[error("cannot read manifest {path}: {message}")]
    Manifest { path: String, message: String },
}

/// Reads every input in order and yields its documents (several per JSONL/CSV file).
pub struct Ingest {
    files: std::vec::IntoIter<InputFile>,
    options: IngestOptions,
    manifest: Option<Manifest>,
    /// The file being read and its documents still to come.
    current: Option<(InputFile, Box<dyn Iterator<Item = IngestItem>>)>,
}

impl Ingest {
    pub fn new(files: Vec<InputFile>, options: IngestOptions, manifest: Option<Manifest>) -> Self {
        Self { files: files.into_iter(), options, manifest, current: None }
    }

    fn apply_manifest(&self, item: IngestItem) -> IngestItem {
        let mut raw = item?;
        if let Some(manifest) = &self.manifest {
            if let Some((meta, extra)) = manifest.entry(&raw) {
                // The record's own fields were given explicitly too; the manifest fills the rest.
                raw.supplied.fill_from(meta);
                for (k, v) in extra {
                    raw.extra.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
        }
        Ok(raw)
    }
}

impl Iterator for Ingest {
    type Item = IngestItem;

    /// A panic while reading a file (a bug) becomes an `internal` error in the file's place and
    /// ends that file; the next one is read as usual.
    fn next(&mut self) -> Option<IngestItem> {
        loop {
            if let Some((file, current)) = &mut self.current {
                match crate::guard::catch(|| current.next()) {
                    Ok(Some(item)) => return Some(self.apply_manifest(item)),
                    Ok(None) => {}
                    Err(message) => {
                        let error = internal_error(file, &message);
                        self.current = None;
                        return Some(Err(error));
                    }
                }
                self.current = None;
            }
            let file = self.files.next()?;
            match crate::guard::catch(|| open_input(file.clone(), &self.options)) {
                Ok(items) => self.current = Some((file, items)),
                Err(message) => return Some(Err(internal_error(&file, &message))),
            }
        }
    }
}

/// Text a user supplied outside a file slant reads (a dataset's column, an evaluation's input)
/// as `slant tag` keeps a record's text field: byte-order mark dropped, mojibake repaired when
/// asked, stray controls replaced; with the warnings a record would carry.
pub fn tidy_supplied(text: String, repair_mojibake: bool) -> (String, Vec<String>) {
    let mut warnings = Vec::new();
    let text = decode::tidy(text, repair_mojibake, &mut warnings);
    (text, warnings)
}

fn internal_error(file: &InputFile, message: &str) -> DocError {
    let message = format!("reading this file failed ({message}); the rest of it was skipped");
    doc_error(&file.rel, SourceRef::file(file.display()), ErrorKind::Internal, message)
}

fn single(item: IngestItem) -> Box<dyn Iterator<Item = IngestItem>> {
    Box::new(std::iter::once(item))
}

fn doc_error(id: &str, source: SourceRef, kind: ErrorKind, message: impl Into<String>) -> DocError {
    DocError { id: id.to_string(), source, kind, message: message.into() }
}

/// Opens one input and returns an iterator over its documents.
fn open_input(file: InputFile, options: &IngestOptions) -> Box<dyn Iterator<Item = IngestItem>> {
    let shown = file.display();
    let source = SourceRef::file(shown.clone());
    let (ext, gz) = extension_without_gz(&file.path);
    let by_ext = ext.as_deref().and_then(format_from_extension);

    let reader: Box<dyn Read> = if file.path.as_os_str() == "-" {
        Box::new(io::stdin().lock())
    } else {
        if file.path.is_dir() {
            return single(Err(doc_error(
                &file.rel,
                source,
                ErrorKind::Unreadable,
                "is a directory that cannot be read",
            )));
        }
        match File::open(&file.path) {
            Ok(f) => Box::new(f),
            Err(e) => {
                return single(Err(doc_error(&file.rel, source, ErrorKind::Unreadable, format!("cannot open: {e}"))))
            }
        }
    };
    let mut reader: Box<dyn Read> = if gz { Box::new(GzGuard::new(reader)) } else { reader };

    // Record formats stream; page formats are read whole (bounded by the size limit).
    let format = options.format.or(by_ext);
    if let Some(InputFormat::Jsonl | InputFormat::Csv) = format {
        let (reader, note) = match transcode_stream(reader) {
            Ok(found) => found,
            Err(e) => return single(Err(read_error(&file.rel, source, &e))),
        };
        let records: Box<dyn Iterator<Item = IngestItem>> = match format {
            Some(InputFormat::Jsonl) => Box::new(JsonlRecords::new(BufReader::new(reader), file, options.clone())),
            _ => csv::csv_records(reader, file, ext.as_deref() == Some("tsv"), options),
        };
        return noted(records, note);
    }

    let mut bytes = Vec::new();
    let limit = options.max_doc_bytes as u64 + 1;
    if let Err(e) = (&mut reader).take(limit).read_to_end(&mut bytes) {
        return single(Err(read_error(&file.rel, source, &e)));
    }
    if bytes.len() > options.max_doc_bytes {
        return single(Err(too_large(&file.rel, source, options.max_doc_bytes)));
    }
    let format = format.unwrap_or_else(|| sniff(&bytes));
    match format {
        InputFormat::Jsonl | InputFormat::Csv => {
            let (reader, note) = match transcode_stream(Box::new(io::Cursor::new(bytes))) {
                Ok(found) => found,
                Err(e) => return single(Err(read_error(&file.rel, source, &e))),
            };
            let records: Box<dyn Iterator<Item = IngestItem>> = if format == InputFormat::Jsonl {
                Box::new(JsonlRecords::new(BufReader::new(reader), file, options.clone()))
            } else {
                csv::csv_records(reader, file, false, options)
            };
            noted(records, note)
        }
        InputFormat::Text | InputFormat::Html => {
            let kind = content_kind(format, options);
            single(page_document(&bytes, &file.rel, source, kind, options.repair_mojibake))
        }
    }
}

/// The records with a note on how their file was decoded first among each one's warnings.
fn noted(records: Box<dyn Iterator<Item = IngestItem>>, note: Option<String>) -> Box<dyn Iterator<Item = IngestItem>> {
    let Some(note) = note else { return records };
    Box::new(records.map(move |item| {
        item.map(|mut raw| {
            raw.warnings.insert(0, note.clone());
            raw
        })
    }))
}

fn read_error(id: &str, source: SourceRef, e: &io::Error) -> DocError {
    let (kind, message) = read_failure(e);
    doc_error(id, source, kind, message)
}

fn content_kind(format: InputFormat, options: &IngestOptions) -> ContentKind {
    match format {
        InputFormat::Html => ContentKind::Html,
        _ if options.text_is_body => ContentKind::Body,
        _ => ContentKind::Text,
    }
}

fn too_large(id: &str, source: SourceRef, limit: usize) -> DocError {
    doc_error(
        id,
        source,
        ErrorKind::TooLarge,
        format!("document is larger than the limit of {} (raise it with --max-doc-mb)", human_bytes(limit)),
    )
}

fn human_bytes(n: usize) -> String {
    format!("{:.1} MB", n as f64 / (1024.0 * 1024.0))
}

fn page_document(bytes: &[u8], id: &str, source: SourceRef, kind: ContentKind, repair_mojibake: bool) -> IngestItem {
    let (content, warnings) =
        decode(bytes, repair_mojibake).map_err(|(kind, msg)| doc_error(id, source.clone(), kind, msg))?;
    Ok(RawDocument::new(id, content).with_kind(kind).with_source(source).with_warnings(warnings))
}

/// A field of a JSONL record or a manifest row as text: a string that is not blank, or a number
/// as written; anything else (null, booleans, arrays, objects) counts as absent.
fn json_field(map: &serde_json::Map<String, Value>, name: &str) -> Option<String> {
    match map.get(name)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The supplied metadata of one record or manifest row, the one place it is built: `value` reads
/// a field from its key (a field name or a column), keys in the order of [`Metadata::FIELD_NAMES`].
fn supplied_metadata<K>(keys: [K; 5], value: impl FnMut(K) -> Option<String>) -> Metadata {
    let [title, outlet, date, author, url] = keys.map(value);
    Metadata { title, outlet, date, author, url }
}
