//! Ingest: turns what the user points at (files, directories, globs, `-` for stdin) into a stream
//! of [`RawDocument`]s, one per page or record, or a [`DocError`] that keeps the document's place.
//!
//! Owns input discovery (recursive, sorted, so ids and output order are stable), format detection
//! (by extension, `.gz` stripped, or by sniffing), decoding (lossy UTF-8 with a warning, binary and
//! empty detection, size limits), record formats (JSONL with configurable field names, CSV with a
//! header) and the optional metadata manifest. Nothing here looks inside the content.

use crate::document::{ContentKind, DocError, ErrorKind, Metadata, RawDocument, SourceRef};
use flate2::read::MultiGzDecoder;
use serde_json::Value;
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// How an input file is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
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
}

impl Default for IngestOptions {
    fn default() -> Self {
        Self { format: None, fields: FieldNames::default(), max_doc_bytes: 16 * 1024 * 1024, text_is_body: false }
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

const KNOWN_EXTENSIONS: &[&str] = &["txt", "text", "html", "htm", "xhtml", "jsonl", "ndjson", "json", "csv", "tsv"];

/// Expands the user's input arguments into files, in a stable order.
///
/// Directories are walked recursively (sorted, hidden entries skipped) and contribute the files
/// with a known extension (or every file when the format is forced); named files are always taken.
/// A path that does not exist is kept, so that it is reported as an unreadable document.
pub fn discover(args: &[String], forced: Option<InputFormat>) -> Result<Vec<InputFile>, UsageError> {
    if args.is_empty() {
        return Err(UsageError::NoInputs);
    }
    let mut files = Vec::new();
    for arg in args {
        if arg == "-" {
            files.push(InputFile { path: PathBuf::from("-"), rel: "stdin".into() });
            continue;
        }
        let path = Path::new(arg);
        if path.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found, forced.is_some());
            found.sort();
            for p in found {
                let rel = relative(&p, path);
                files.push(InputFile { path: p, rel });
            }
        } else if !path.exists() && arg.contains(['*', '?', '[']) {
            let root = glob_root(arg);
            let paths = glob::glob(arg).map_err(|source| UsageError::BadGlob { pattern: arg.clone(), source })?;
            let mut matched: Vec<PathBuf> = paths.filter_map(Result::ok).filter(|p| p.is_file()).collect();
            if matched.is_empty() {
                return Err(UsageError::NoMatch(arg.clone()));
            }
            matched.sort();
            for p in matched {
                let rel = relative(&p, &root);
                files.push(InputFile { path: p, rel });
            }
        } else {
            let rel = path.file_name().map_or_else(|| arg.clone(), |n| n.to_string_lossy().into_owned());
            files.push(InputFile { path: path.to_path_buf(), rel });
        }
    }
    Ok(files)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, take_all: bool) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        // An unreadable directory is reported as one unreadable input.
        out.push(dir.to_path_buf());
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            walk(&path, out, take_all);
        } else if take_all || has_known_extension(&path) {
            out.push(path);
        }
    }
}

fn has_known_extension(path: &Path) -> bool {
    let (stem_ext, _) = extension_without_gz(path);
    stem_ext.is_some_and(|e| KNOWN_EXTENSIONS.contains(&e.as_str()))
}

/// The extension that says the format (the one before `.gz` for gzip files), and whether gzipped.
fn extension_without_gz(path: &Path) -> (Option<String>, bool) {
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    let (name, gz) = match name.strip_suffix(".gz") {
        Some(stripped) => (stripped.to_string(), true),
        None => (name, false),
    };
    let ext = Path::new(&name).extension().map(|e| e.to_string_lossy().into_owned());
    (ext, gz)
}

fn format_from_extension(ext: &str) -> Option<InputFormat> {
    Some(match ext {
        "txt" | "text" | "md" => InputFormat::Text,
        "html" | "htm" | "xhtml" => InputFormat::Html,
        "jsonl" | "ndjson" | "json" => InputFormat::Jsonl,
        "csv" | "tsv" => InputFormat::Csv,
        _ => return None,
    })
}

/// Guesses the format of content with no telling extension.
fn sniff(bytes: &[u8]) -> InputFormat {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_lowercase();
    let trimmed = head.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        InputFormat::Jsonl
    } else if trimmed.starts_with("<!doctype html")
        || trimmed.starts_with("<html")
        || (trimmed.starts_with('<') && head.contains("<body"))
    {
        InputFormat::Html
    } else {
        InputFormat::Text
    }
}

fn glob_root(pattern: &str) -> PathBuf {
    let mut root = PathBuf::new();
    for part in Path::new(pattern).components() {
        if part.as_os_str().to_string_lossy().contains(['*', '?', '[']) {
            break;
        }
        root.push(part);
    }
    root
}

fn relative(path: &Path, root: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).to_string_lossy().into_owned()
}

/// Reads every input in order and yields its documents (several per JSONL/CSV file).
pub struct Ingest {
    files: std::vec::IntoIter<InputFile>,
    options: IngestOptions,
    manifest: Option<Manifest>,
    current: Option<Box<dyn Iterator<Item = IngestItem>>>,
}

impl Ingest {
    pub fn new(files: Vec<InputFile>, options: IngestOptions, manifest: Option<Manifest>) -> Self {
        Self { files: files.into_iter(), options, manifest, current: None }
    }

    fn apply_manifest(&self, item: IngestItem) -> IngestItem {
        let mut raw = item?;
        if let Some(manifest) = &self.manifest {
            if let Some(meta) = manifest.lookup(&raw) {
                // The record's own fields were given explicitly too; the manifest fills the rest.
                raw.supplied.fill_from(meta);
            }
        }
        Ok(raw)
    }
}

impl Iterator for Ingest {
    type Item = IngestItem;

    fn next(&mut self) -> Option<IngestItem> {
        loop {
            if let Some(current) = &mut self.current {
                if let Some(item) = current.next() {
                    return Some(self.apply_manifest(item));
                }
                self.current = None;
            }
            let file = self.files.next()?;
            self.current = Some(open_input(file, &self.options));
        }
    }
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
    let mut reader: Box<dyn Read> = if gz { Box::new(MultiGzDecoder::new(reader)) } else { reader };

    // Record formats stream; page formats are read whole (bounded by the size limit).
    let format = options.format.or(by_ext);
    if let Some(InputFormat::Jsonl) = format {
        return Box::new(JsonlRecords::new(BufReader::new(reader), file, options.clone()));
    }
    if let Some(InputFormat::Csv) = format {
        return csv_records(reader, file, ext.as_deref() == Some("tsv"), options);
    }

    let mut bytes = Vec::new();
    let limit = options.max_doc_bytes as u64 + 1;
    if let Err(e) = (&mut reader).take(limit).read_to_end(&mut bytes) {
        return single(Err(doc_error(&file.rel, source, ErrorKind::Unreadable, format!("cannot read: {e}"))));
    }
    if bytes.len() > options.max_doc_bytes {
        return single(Err(too_large(&file.rel, source, options.max_doc_bytes)));
    }
    let format = format.unwrap_or_else(|| sniff(&bytes));
    match format {
        InputFormat::Jsonl => {
            Box::new(JsonlRecords::new(BufReader::new(io::Cursor::new(bytes)), file, options.clone()))
        }
        InputFormat::Csv => csv_records(Box::new(io::Cursor::new(bytes)), file, false, options),
        InputFormat::Text | InputFormat::Html => {
            let kind = content_kind(format, options);
            single(page_document(&bytes, &file.rel, source, kind))
        }
    }
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

fn page_document(bytes: &[u8], id: &str, source: SourceRef, kind: ContentKind) -> IngestItem {
    let (content, warnings) = decode(bytes).map_err(|(kind, msg)| doc_error(id, source.clone(), kind, msg))?;
    Ok(RawDocument {
        id: id.to_string(),
        source,
        kind,
        content,
        supplied: Metadata::default(),
        warnings,
        extra: Default::default(),
    })
}

/// Decodes bytes as UTF-8 text: refuses binary and empty content, replaces invalid sequences
/// (with a warning naming the first bad line), and drops a byte-order mark.
pub fn decode(bytes: &[u8]) -> Result<(String, Vec<String>), (ErrorKind, String)> {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Err((ErrorKind::Binary, "looks like a binary file (NUL bytes), not text".into()));
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut warnings = Vec::new();
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            let lossy = String::from_utf8_lossy(bytes).into_owned();
            let replaced = lossy.matches('\u{fffd}').count();
            warnings.push(format!(
                "invalid UTF-8 from line {line} (byte {at}); {replaced} invalid sequence(s) replaced with U+FFFD"
            ));
            lossy
        }
    };
    if text.trim().is_empty() {
        return Err((ErrorKind::Empty, "document is empty".into()));
    }
    Ok((text, warnings))
}

/// Streams a JSONL file, one document per non-blank line.
struct JsonlRecords<R> {
    reader: R,
    file: InputFile,
    options: IngestOptions,
    line_no: u64,
    buf: Vec<u8>,
}

impl<R: BufRead> JsonlRecords<R> {
    fn new(reader: R, file: InputFile, options: IngestOptions) -> Self {
        Self { reader, file, options, line_no: 0, buf: Vec::new() }
    }
}

impl<R: BufRead> Iterator for JsonlRecords<R> {
    type Item = IngestItem;

    fn next(&mut self) -> Option<IngestItem> {
        loop {
            self.buf.clear();
            self.line_no += 1;
            let source = SourceRef::at_line(self.file.display(), self.line_no);
            let fallback_id = format!("{}:{}", self.file.rel, self.line_no);
            // Bound each line by the document limit (plus room for the other fields).
            let limit = self.options.max_doc_bytes as u64 + 64 * 1024;
            match (&mut self.reader).take(limit).read_until(b'\n', &mut self.buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => {
                    return Some(Err(doc_error(
                        &fallback_id,
                        source,
                        ErrorKind::Unreadable,
                        format!("cannot read: {e}"),
                    )));
                }
            }
            if !self.buf.ends_with(b"\n") && self.buf.len() as u64 >= limit {
                // Skip the rest of the over-long line so the next record starts cleanly.
                let mut rest = Vec::new();
                let _ = self.reader.read_until(b'\n', &mut rest);
                return Some(Err(too_large(&fallback_id, source, self.options.max_doc_bytes)));
            }
            if self.buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(json_record(&self.buf, &fallback_id, source, &self.options));
        }
    }
}

fn json_record(line: &[u8], fallback_id: &str, source: SourceRef, options: &IngestOptions) -> IngestItem {
    let (text, warnings) = match std::str::from_utf8(line) {
        Ok(s) => (s.to_string(), Vec::new()),
        Err(_) => (
            String::from_utf8_lossy(line).into_owned(),
            vec!["invalid UTF-8 in this line; invalid sequences replaced with U+FFFD".to_string()],
        ),
    };
    let value: Value = serde_json::from_str(&text)
        .map_err(|e| doc_error(fallback_id, source.clone(), ErrorKind::Malformed, format!("malformed JSON: {e}")))?;
    let Value::Object(map) = value else {
        return Err(doc_error(fallback_id, source, ErrorKind::Malformed, "expected a JSON object"));
    };
    let f = &options.fields;
    let get = |name: &str| -> Option<String> {
        match map.get(name)? {
            Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let id = get(&f.id).unwrap_or_else(|| fallback_id.to_string());
    let supplied = Metadata {
        title: get(&f.title),
        outlet: get(&f.outlet),
        date: get(&f.date),
        author: get(&f.author),
        url: get(&f.url),
    };
    let (kind, content) = if let Some(html) = get(&f.html) {
        (ContentKind::Html, html)
    } else if let Some(body) = get(&f.text) {
        (content_kind(InputFormat::Text, options), body)
    } else {
        let message = if map.contains_key(&f.text) || map.contains_key(&f.html) {
            format!("field {:?} / {:?} is empty or not a string", f.text, f.html)
        } else {
            format!("record has no {:?} or {:?} field", f.text, f.html)
        };
        return Err(doc_error(&id, source, ErrorKind::MissingField, message));
    };
    if content.len() > options.max_doc_bytes {
        return Err(too_large(&id, source, options.max_doc_bytes));
    }
    if content.trim().is_empty() {
        return Err(doc_error(&id, source, ErrorKind::Empty, "document is empty"));
    }
    Ok(RawDocument { id, source, kind, content, supplied, warnings, extra: Default::default() })
}

/// Reads a CSV (or TSV) file with a header, one document per record.
fn csv_records(
    reader: Box<dyn Read>,
    file: InputFile,
    tab: bool,
    options: &IngestOptions,
) -> Box<dyn Iterator<Item = IngestItem>> {
    let mut csv_reader =
        csv::ReaderBuilder::new().delimiter(if tab { b'\t' } else { b',' }).flexible(true).from_reader(reader);
    let shown = file.display();
    let headers = match csv_reader.byte_headers() {
        Ok(h) => h.iter().map(|h| String::from_utf8_lossy(h).trim().to_string()).collect::<Vec<_>>(),
        Err(e) => {
            return single(Err(doc_error(
                &file.rel,
                SourceRef::file(shown),
                ErrorKind::Malformed,
                format!("cannot read CSV header: {e}"),
            )));
        }
    };
    let options = options.clone();
    let column = move |name: &str| headers.iter().position(|h| h == name);
    let f = options.fields.clone();
    let cols = [
        f.id.as_str(),
        f.text.as_str(),
        f.html.as_str(),
        f.title.as_str(),
        f.outlet.as_str(),
        f.date.as_str(),
        f.author.as_str(),
        f.url.as_str(),
    ]
    .map(column);
    let records = csv_reader.into_byte_records();
    Box::new(records.map(move |record| {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                let id = format!("{}:{}", file.rel, line);
                return Err(doc_error(
                    &id,
                    SourceRef::at_line(shown.clone(), line),
                    ErrorKind::Malformed,
                    format!("malformed CSV record: {e}"),
                ));
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let source = SourceRef::at_line(shown.clone(), line);
        let mut lossy = false;
        let get = |col: Option<usize>, lossy: &mut bool| -> Option<String> {
            let bytes = record.get(col?)?;
            let s = match std::str::from_utf8(bytes) {
                Ok(s) => s.to_string(),
                Err(_) => {
                    *lossy = true;
                    String::from_utf8_lossy(bytes).into_owned()
                }
            };
            (!s.trim().is_empty()).then_some(s)
        };
        let [id_c, text_c, html_c, title_c, outlet_c, date_c, author_c, url_c] = cols;
        let id = get(id_c, &mut lossy).unwrap_or_else(|| format!("{}:{}", file.rel, line));
        let supplied = Metadata {
            title: get(title_c, &mut lossy),
            outlet: get(outlet_c, &mut lossy),
            date: get(date_c, &mut lossy),
            author: get(author_c, &mut lossy),
            url: get(url_c, &mut lossy),
        };
        let (kind, content) = if let Some(html) = get(html_c, &mut lossy) {
            (ContentKind::Html, html)
        } else if let Some(text) = get(text_c, &mut lossy) {
            (content_kind(InputFormat::Text, &options), text)
        } else {
            return Err(doc_error(
                &id,
                source,
                ErrorKind::MissingField,
                format!("record has no non-empty {:?} or {:?} column", f.text, f.html),
            ));
        };
        if content.len() > options.max_doc_bytes {
            return Err(too_large(&id, source, options.max_doc_bytes));
        }
        let warnings = if lossy {
            vec!["invalid UTF-8 in this record; invalid sequences replaced with U+FFFD".to_string()]
        } else {
            Vec::new()
        };
        Ok(RawDocument { id, source, kind, content, supplied, warnings, extra: Default::default() })
    }))
}

/// Metadata supplied per document from a CSV or JSONL file keyed by `id` or `file`.
#[derive(Debug, Default)]
pub struct Manifest {
    by_key: HashMap<String, Metadata>,
}

impl Manifest {
    /// Loads a manifest: CSV with a header, or JSONL; a key column `id` or `file` and any of
    /// `title`, `outlet`, `date`, `author`, `url`.
    pub fn load(path: &Path) -> Result<Self, UsageError> {
        let err = |message: String| UsageError::Manifest { path: path.display().to_string(), message };
        let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
        let mut rows: Vec<HashMap<String, String>> = Vec::new();
        let (ext, _) = extension_without_gz(path);
        if matches!(ext.as_deref(), Some("jsonl" | "ndjson" | "json")) {
            for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
                let value: Value = serde_json::from_str(line).map_err(|e| err(format!("line {}: {e}", i + 1)))?;
                let Value::Object(map) = value else {
                    return Err(err(format!("line {}: expected a JSON object", i + 1)));
                };
                rows.push(
                    map.into_iter()
                        .filter_map(|(k, v)| match v {
                            Value::String(s) => Some((k, s)),
                            Value::Number(n) => Some((k, n.to_string())),
                            _ => None,
                        })
                        .collect(),
                );
            }
        } else {
            let mut reader = csv::Reader::from_reader(text.as_bytes());
            let headers = reader.headers().map_err(|e| err(e.to_string()))?.clone();
            for record in reader.records() {
                let record = record.map_err(|e| err(e.to_string()))?;
                rows.push(
                    headers.iter().map(str::trim).map(String::from).zip(record.iter().map(String::from)).collect(),
                );
            }
        }
        let mut by_key = HashMap::new();
        for (i, row) in rows.into_iter().enumerate() {
            let key = row
                .get("id")
                .or_else(|| row.get("file"))
                .filter(|k| !k.is_empty())
                .ok_or_else(|| err(format!("row {} has no id or file", i + 1)))?;
            let field = |name: &str| row.get(name).filter(|v| !v.trim().is_empty()).cloned();
            let meta = Metadata {
                title: field("title"),
                outlet: field("outlet"),
                date: field("date"),
                author: field("author"),
                url: field("url"),
            };
            by_key.insert(key.clone(), meta);
        }
        Ok(Self { by_key })
    }

    /// Finds a document's entry by id, then by the file name of its source, then by its path.
    pub fn lookup(&self, raw: &RawDocument) -> Option<&Metadata> {
        let file_name = Path::new(&raw.source.path).file_name().map(|n| n.to_string_lossy().into_owned());
        self.by_key
            .get(&raw.id)
            .or_else(|| file_name.and_then(|n| self.by_key.get(&n)))
            .or_else(|| self.by_key.get(&raw.source.path))
    }

    pub fn len(&self) -> usize {
        self.by_key.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_rejects_binary_and_empty_and_warns_on_invalid_utf8() {
        assert_eq!(decode(b"ab\0cd").unwrap_err().0, ErrorKind::Binary);
        assert_eq!(decode(b"  \n\t ").unwrap_err().0, ErrorKind::Empty);
        let (text, warnings) = decode(b"line one\nbad \xff byte\n").unwrap();
        assert_eq!(text, "line one\nbad \u{fffd} byte\n");
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("line 2"), "{warnings:?}");
    }

    #[test]
    fn decode_strips_bom() {
        assert_eq!(decode(b"\xef\xbb\xbfHello").unwrap().0, "Hello");
    }

    #[test]
    fn format_detection_strips_gz_and_sniffs() {
        assert_eq!(extension_without_gz(Path::new("a/b.jsonl.gz")), (Some("jsonl".into()), true));
        assert_eq!(sniff(b"  {\"text\": 1}"), InputFormat::Jsonl);
        assert_eq!(sniff(b"<!DOCTYPE html><html>"), InputFormat::Html);
        assert_eq!(sniff(b"Plain words"), InputFormat::Text);
    }

    #[test]
    fn glob_root_stops_at_first_pattern_component() {
        assert_eq!(glob_root("data/pages/*.txt"), PathBuf::from("data/pages"));
        assert_eq!(glob_root("data/**/x.html"), PathBuf::from("data"));
    }

    #[test]
    fn jsonl_record_uses_configured_fields() {
        let mut options = IngestOptions::default();
        options.fields.text = "body".into();
        let line = br#"{"id": 7, "body": "Some text.", "outlet": "Daily", "title": ""}"#;
        let raw = json_record(line, "f.jsonl:1", SourceRef::at_line("f.jsonl", 1), &options).unwrap();
        assert_eq!(raw.id, "7");
        assert_eq!(raw.content, "Some text.");
        assert_eq!(raw.supplied.outlet.as_deref(), Some("Daily"));
        assert_eq!(raw.supplied.title, None);
        let missing = json_record(br#"{"id": "x"}"#, "f:2", SourceRef::at_line("f", 2), &options).unwrap_err();
        assert_eq!(missing.kind, ErrorKind::MissingField);
        assert_eq!(missing.id, "x");
    }
}
