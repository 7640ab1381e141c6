//! Ingest: turns what the user points at (files, directories, globs, `-` for stdin) into a stream
//! of [`RawDocument`]s, one per page or record, or a [`DocError`] that keeps the document's place.
//!
//! Owns input discovery (recursive, sorted, so ids and output order are stable), format detection
//! (by extension, `.gz` stripped, or by sniffing), decoding (lossy UTF-8 with a warning; UTF-16
//! and UTF-32 when a byte-order mark says so, record files transcoded before they are split into
//! lines; binary and empty detection, size limits), gzip that is truncated or corrupt (an error,
//! never a shorter document; a record file keeps the records before the break), record formats
//! (JSONL with configurable field names, CSV with a header) and the optional metadata manifest.
//! Nothing here looks inside the content.

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

impl FieldNames {
    /// Whether `name` is one of the fields slant reads (the rest are the user's own).
    fn is_known(&self, name: &str) -> bool {
        [&self.id, &self.text, &self.html, &self.title, &self.outlet, &self.date, &self.author, &self.url]
            .iter()
            .any(|f| f.as_str() == name)
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
    let head = &bytes[..bytes.len().min(4096)];
    let head = match WideEncoding::detect(head) {
        Some((encoding, bom)) => {
            let mut utf8 = Vec::new();
            WideDecoder::new(encoding, b"").feed(&head[bom..], &mut utf8);
            String::from_utf8_lossy(&utf8).to_lowercase()
        }
        None => String::from_utf8_lossy(head).to_lowercase(),
    };
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
    let mut reader: Box<dyn Read> = if gz { Box::new(GzGuard(MultiGzDecoder::new(reader))) } else { reader };

    // Record formats stream; page formats are read whole (bounded by the size limit).
    let format = options.format.or(by_ext);
    if let Some(InputFormat::Jsonl | InputFormat::Csv) = format {
        let reader = match transcode_stream(reader) {
            Ok(reader) => reader,
            Err(e) => return single(Err(read_error(&file.rel, source, &e))),
        };
        return match format {
            Some(InputFormat::Jsonl) => Box::new(JsonlRecords::new(BufReader::new(reader), file, options.clone())),
            _ => csv_records(reader, file, ext.as_deref() == Some("tsv"), options),
        };
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
            let reader = match transcode_stream(Box::new(io::Cursor::new(bytes))) {
                Ok(reader) => reader,
                Err(e) => return single(Err(read_error(&file.rel, source, &e))),
            };
            if format == InputFormat::Jsonl {
                Box::new(JsonlRecords::new(BufReader::new(reader), file, options.clone()))
            } else {
                csv_records(reader, file, false, options)
            }
        }
        InputFormat::Text | InputFormat::Html => {
            let kind = content_kind(format, options);
            single(page_document(&bytes, &file.rel, source, kind))
        }
    }
}

/// Why a gzip input ended early, carried inside the `io::Error` its reader returns so that the
/// document and record readers can name it.
#[derive(Debug)]
struct BrokenGzip(String);

impl std::fmt::Display for BrokenGzip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BrokenGzip {}

/// A gzip decoder whose errors say what happened: flate2 reports a stream cut short as
/// `UnexpectedEof` ("incomplete deflate stream") and damage as `InvalidInput`.
struct GzGuard<R>(MultiGzDecoder<R>);

impl<R: Read> Read for GzGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf).map_err(|e| {
            let message = if e.kind() == io::ErrorKind::UnexpectedEof {
                "gzip stream truncated".to_string()
            } else {
                format!("corrupt gzip: {e}")
            };
            io::Error::new(e.kind(), BrokenGzip(message))
        })
    }
}

/// The error kind and message for a failed read: `corrupt` for a broken gzip stream.
fn read_failure(e: &io::Error) -> (ErrorKind, String) {
    match e.get_ref().and_then(|inner| inner.downcast_ref::<BrokenGzip>()) {
        Some(broken) => (ErrorKind::Corrupt, broken.0.clone()),
        None => (ErrorKind::Unreadable, format!("cannot read: {e}")),
    }
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

fn page_document(bytes: &[u8], id: &str, source: SourceRef, kind: ContentKind) -> IngestItem {
    let (content, warnings) = decode(bytes).map_err(|(kind, msg)| doc_error(id, source.clone(), kind, msg))?;
    let (id, extra) = (id.to_string(), Default::default());
    Ok(RawDocument { id, source, kind, content, supplied: Metadata::default(), warnings, extra })
}

/// Decodes bytes as text: UTF-16 or UTF-32 when a byte-order mark says so, UTF-8 otherwise.
/// Refuses binary and empty content, replaces invalid sequences (with a warning naming the first
/// bad line), and drops a byte-order mark.
pub fn decode(bytes: &[u8]) -> Result<(String, Vec<String>), (ErrorKind, String)> {
    // Before the NUL test: UTF-16/32 text is full of NUL bytes.
    if let Some((encoding, bom)) = WideEncoding::detect(bytes) {
        let mut decoder = WideDecoder::new(encoding, "\u{fffd}".as_bytes());
        let mut out = Vec::with_capacity(bytes.len());
        decoder.feed(&bytes[bom..], &mut out);
        decoder.finish(&mut out);
        // The decoder writes only whole characters (U+FFFD for invalid code units).
        let text = String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        if text.chars().take(8192).any(|c| c == '\0') {
            return Err((ErrorKind::Binary, "looks like a binary file (NUL characters), not text".into()));
        }
        let warnings = decoder.warning().into_iter().collect();
        if text.trim().is_empty() {
            return Err((ErrorKind::Empty, "document is empty".into()));
        }
        return Ok((text, warnings));
    }
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

/// A Unicode encoding wider than UTF-8, told by its byte-order mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WideEncoding {
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
}

impl WideEncoding {
    /// The encoding a byte-order mark at the start of `bytes` names, and the mark's length.
    fn detect(bytes: &[u8]) -> Option<(Self, usize)> {
        // UTF-32 LE first: its mark (FF FE 00 00) starts with UTF-16 LE's (FF FE).
        if bytes.starts_with(b"\xff\xfe\0\0") {
            Some((WideEncoding::Utf32Le, 4))
        } else if bytes.starts_with(b"\0\0\xfe\xff") {
            Some((WideEncoding::Utf32Be, 4))
        } else if bytes.starts_with(b"\xff\xfe") {
            Some((WideEncoding::Utf16Le, 2))
        } else if bytes.starts_with(b"\xfe\xff") {
            Some((WideEncoding::Utf16Be, 2))
        } else {
            None
        }
    }

    fn name(self) -> &'static str {
        match self {
            WideEncoding::Utf16Le => "UTF-16LE",
            WideEncoding::Utf16Be => "UTF-16BE",
            WideEncoding::Utf32Le => "UTF-32LE",
            WideEncoding::Utf32Be => "UTF-32BE",
        }
    }

    fn unit_len(self) -> usize {
        match self {
            WideEncoding::Utf16Le | WideEncoding::Utf16Be => 2,
            WideEncoding::Utf32Le | WideEncoding::Utf32Be => 4,
        }
    }
}

/// Incremental UTF-16/UTF-32 to UTF-8 transcoder: input may be cut anywhere (inside a code unit
/// or a surrogate pair). Each invalid code unit becomes `invalid` in the output.
struct WideDecoder {
    encoding: WideEncoding,
    invalid: &'static [u8],
    /// Bytes of an incomplete code unit from the previous chunk.
    carry: Vec<u8>,
    /// A high surrogate waiting for its low half.
    high: Option<u16>,
    /// Invalid code units so far, and the output line of the first.
    replaced: usize,
    first_bad_line: Option<usize>,
    lines: usize,
}

impl WideDecoder {
    fn new(encoding: WideEncoding, invalid: &'static [u8]) -> Self {
        Self { encoding, invalid, carry: Vec::new(), high: None, replaced: 0, first_bad_line: None, lines: 1 }
    }

    fn feed(&mut self, mut bytes: &[u8], out: &mut Vec<u8>) {
        let unit = self.encoding.unit_len();
        if !self.carry.is_empty() {
            let need = (unit - self.carry.len()).min(bytes.len());
            self.carry.extend_from_slice(&bytes[..need]);
            bytes = &bytes[need..];
            if self.carry.len() < unit {
                return;
            }
            let carried = std::mem::take(&mut self.carry);
            self.unit(&carried, out);
        }
        let whole = bytes.len() - bytes.len() % unit;
        for chunk in bytes[..whole].chunks_exact(unit) {
            self.unit(chunk, out);
        }
        self.carry.extend_from_slice(&bytes[whole..]);
    }

    /// Ends the input: a dangling surrogate or partial code unit is invalid.
    fn finish(&mut self, out: &mut Vec<u8>) {
        if self.high.take().is_some() {
            self.bad(out);
        }
        if !std::mem::take(&mut self.carry).is_empty() {
            self.bad(out);
        }
    }

    fn unit(&mut self, b: &[u8], out: &mut Vec<u8>) {
        let c = match self.encoding {
            WideEncoding::Utf32Le | WideEncoding::Utf32Be => {
                let v = if self.encoding == WideEncoding::Utf32Le {
                    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
                } else {
                    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
                };
                match char::from_u32(v) {
                    Some(c) => c,
                    None => return self.bad(out),
                }
            }
            WideEncoding::Utf16Le | WideEncoding::Utf16Be => {
                let u = if self.encoding == WideEncoding::Utf16Le {
                    u16::from_le_bytes([b[0], b[1]])
                } else {
                    u16::from_be_bytes([b[0], b[1]])
                };
                match (self.high.take(), u) {
                    (Some(high), 0xDC00..=0xDFFF) => {
                        let v = 0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(u) - 0xDC00);
                        char::from_u32(v).unwrap_or(char::REPLACEMENT_CHARACTER)
                    }
                    (high, 0xD800..=0xDBFF) => {
                        if high.is_some() {
                            self.bad(out);
                        }
                        self.high = Some(u);
                        return;
                    }
                    (high, 0xDC00..=0xDFFF) => {
                        debug_assert!(high.is_none());
                        return self.bad(out);
                    }
                    (high, _) => {
                        if high.is_some() {
                            self.bad(out);
                        }
                        char::from_u32(u32::from(u)).unwrap_or(char::REPLACEMENT_CHARACTER)
                    }
                }
            }
        };
        if c == '\n' {
            self.lines += 1;
        }
        let mut buf = [0u8; 4];
        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    }

    fn bad(&mut self, out: &mut Vec<u8>) {
        self.replaced += 1;
        self.first_bad_line.get_or_insert(self.lines);
        out.extend_from_slice(self.invalid);
    }

    /// The warning for the invalid code units met, if any.
    fn warning(&self) -> Option<String> {
        let line = self.first_bad_line?;
        Some(format!(
            "invalid {} from line {line}; {} invalid code unit(s) replaced with U+FFFD",
            self.encoding.name(),
            self.replaced
        ))
    }
}

/// A reader that transcodes a UTF-16/UTF-32 stream to UTF-8 as it is read, so that line and
/// record splitting work on UTF-8. An invalid code unit becomes the byte 0xFF, never valid in
/// UTF-8, so that the per-line decoding downstream replaces it with U+FFFD and warns about that
/// very line.
struct WideReader<R> {
    inner: R,
    decoder: WideDecoder,
    out: Vec<u8>,
    pos: usize,
    done: bool,
}

impl<R: Read> Read for WideReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.pos == self.out.len() && !self.done {
            self.out.clear();
            self.pos = 0;
            let mut raw = [0u8; 8192];
            let n = self.inner.read(&mut raw)?;
            if n == 0 {
                self.decoder.finish(&mut self.out);
                self.done = true;
            } else {
                self.decoder.feed(&raw[..n], &mut self.out);
            }
        }
        let n = buf.len().min(self.out.len() - self.pos);
        buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// Reads the first bytes of a stream to look for a UTF-16/UTF-32 byte-order mark, and returns a
/// reader of the whole stream as UTF-8 (a UTF-8 mark is left to the record readers).
fn transcode_stream(mut reader: Box<dyn Read>) -> io::Result<Box<dyn Read>> {
    let mut head = Vec::with_capacity(4);
    (&mut reader).take(4).read_to_end(&mut head)?;
    Ok(match WideEncoding::detect(&head) {
        Some((encoding, bom)) => {
            let rest = io::Cursor::new(head[bom..].to_vec()).chain(reader);
            let decoder = WideDecoder::new(encoding, b"\xff");
            Box::new(WideReader { inner: rest, decoder, out: Vec::new(), pos: 0, done: false })
        }
        None => Box::new(io::Cursor::new(head).chain(reader)),
    })
}

/// Streams a JSONL file, one document per non-blank line.
struct JsonlRecords<R> {
    reader: R,
    file: InputFile,
    options: IngestOptions,
    line_no: u64,
    buf: Vec<u8>,
    /// A read failed (e.g. a truncated gzip stream): that error was the last item.
    stopped: bool,
}

impl<R: BufRead> JsonlRecords<R> {
    fn new(reader: R, file: InputFile, options: IngestOptions) -> Self {
        Self { reader, file, options, line_no: 0, buf: Vec::new(), stopped: false }
    }
}

impl<R: BufRead> Iterator for JsonlRecords<R> {
    type Item = IngestItem;

    fn next(&mut self) -> Option<IngestItem> {
        if self.stopped {
            return None;
        }
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
                    // The stream is broken: what follows cannot be trusted (a gzip decoder may
                    // fail again on every read), so this error ends the file. The partial line
                    // is dropped; every complete record before it was already yielded.
                    self.stopped = true;
                    let (kind, message) = read_failure(&e);
                    let message = format!("{message} at line {}; the records before it were kept", self.line_no);
                    return Some(Err(doc_error(&fallback_id, source, kind, message)));
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
    let extra = map.into_iter().filter(|(k, _)| !f.is_known(k)).collect();
    Ok(RawDocument { id, source, kind, content, supplied, warnings, extra })
}

/// Reads a CSV (or TSV) file with a header, one document per record.
fn csv_records(
    reader: Box<dyn Read>,
    file: InputFile,
    tab: bool,
    options: &IngestOptions,
) -> Box<dyn Iterator<Item = IngestItem>> {
    let mut reader =
        csv::ReaderBuilder::new().delimiter(if tab { b'\t' } else { b',' }).flexible(true).from_reader(reader);
    let shown = file.display();
    let headers = match reader.byte_headers() {
        Ok(h) => h.iter().map(|h| String::from_utf8_lossy(h).trim().to_string()).collect::<Vec<_>>(),
        Err(e) => {
            let (kind, message) = match e.kind() {
                csv::ErrorKind::Io(io) => read_failure(io),
                _ => (ErrorKind::Malformed, format!("cannot read CSV header: {e}")),
            };
            return single(Err(doc_error(&file.rel, SourceRef::file(shown), kind, message)));
        }
    };
    let f = &options.fields;
    let column = |name: &str| headers.iter().position(|h| h == name);
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
    let extra_cols = headers
        .iter()
        .enumerate()
        .filter(|(_, h)| !h.is_empty() && !f.is_known(h))
        .map(|(i, h)| (i, h.clone()))
        .collect();
    Box::new(CsvRecords {
        reader,
        file,
        shown,
        cols,
        extra_cols,
        options: options.clone(),
        record: csv::ByteRecord::new(),
        stopped: false,
    })
}

/// Streams the records of a CSV file whose header has been read.
struct CsvRecords {
    reader: csv::Reader<Box<dyn Read>>,
    file: InputFile,
    shown: String,
    /// Columns of id, text, html, title, outlet, date, author, url.
    cols: [Option<usize>; 8],
    /// The other columns (the user's own), kept as strings.
    extra_cols: Vec<(usize, String)>,
    options: IngestOptions,
    record: csv::ByteRecord,
    /// A read failed (e.g. a truncated gzip stream): that error was the last item.
    stopped: bool,
}

impl Iterator for CsvRecords {
    type Item = IngestItem;

    fn next(&mut self) -> Option<IngestItem> {
        if self.stopped {
            return None;
        }
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => None,
            Ok(true) => Some(self.document()),
            Err(e) => {
                let line = e.position().map_or_else(|| self.reader.position().line(), |p| p.line());
                let id = format!("{}:{}", self.file.rel, line);
                let source = SourceRef::at_line(self.shown.clone(), line);
                let (kind, message) = match e.kind() {
                    csv::ErrorKind::Io(io) => {
                        // As for JSONL: a broken stream ends the file, after the records read.
                        self.stopped = true;
                        let (kind, message) = read_failure(io);
                        (kind, format!("{message} at line {line}; the records before it were kept"))
                    }
                    _ => (ErrorKind::Malformed, format!("malformed CSV record: {e}")),
                };
                Some(Err(doc_error(&id, source, kind, message)))
            }
        }
    }
}

impl CsvRecords {
    fn document(&self) -> IngestItem {
        let record = &self.record;
        let options = &self.options;
        let f = &options.fields;
        let line = record.position().map_or(0, |p| p.line());
        let source = SourceRef::at_line(self.shown.clone(), line);
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
        let [id_c, text_c, html_c, title_c, outlet_c, date_c, author_c, url_c] = self.cols;
        let id = get(id_c, &mut lossy).unwrap_or_else(|| format!("{}:{}", self.file.rel, line));
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
            (content_kind(InputFormat::Text, options), text)
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
        let extra = self
            .extra_cols
            .iter()
            .filter_map(|(col, name)| {
                let value = String::from_utf8_lossy(record.get(*col)?).into_owned();
                Some((name.clone(), Value::String(value)))
            })
            .collect();
        Ok(RawDocument { id, source, kind, content, supplied, warnings, extra })
    }
}

/// Metadata supplied per document from a CSV or JSONL file keyed by `id` or `file`.
#[derive(Debug, Default)]
pub struct Manifest {
    /// Metadata and the other columns (the user's own) per key.
    by_key: HashMap<String, (Metadata, serde_json::Map<String, Value>)>,
}

impl Manifest {
    /// Loads a manifest: CSV with a header, or JSONL; a key column `id` or `file` and any of
    /// `title`, `outlet`, `date`, `author`, `url`.
    pub fn load(path: &Path) -> Result<Self, UsageError> {
        let err = |message: String| UsageError::Manifest { path: path.display().to_string(), message };
        let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
        let mut rows: Vec<serde_json::Map<String, Value>> = Vec::new();
        let (ext, _) = extension_without_gz(path);
        if matches!(ext.as_deref(), Some("jsonl" | "ndjson" | "json")) {
            for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
                let value: Value = serde_json::from_str(line).map_err(|e| err(format!("line {}: {e}", i + 1)))?;
                let Value::Object(map) = value else {
                    return Err(err(format!("line {}: expected a JSON object", i + 1)));
                };
                rows.push(map);
            }
        } else {
            let mut reader = csv::Reader::from_reader(text.as_bytes());
            let headers = reader.headers().map_err(|e| err(e.to_string()))?.clone();
            for record in reader.records() {
                let record = record.map_err(|e| err(e.to_string()))?;
                rows.push(
                    headers
                        .iter()
                        .map(str::trim)
                        .map(String::from)
                        .zip(record.iter().map(|v| Value::String(v.to_string())))
                        .collect(),
                );
            }
        }
        let mut by_key = HashMap::new();
        const KNOWN: [&str; 7] = ["id", "file", "title", "outlet", "date", "author", "url"];
        for (i, row) in rows.into_iter().enumerate() {
            let field = |name: &str| match row.get(name)? {
                Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            };
            let key =
                field("id").or_else(|| field("file")).ok_or_else(|| err(format!("row {} has no id or file", i + 1)))?;
            let meta = Metadata {
                title: field("title"),
                outlet: field("outlet"),
                date: field("date"),
                author: field("author"),
                url: field("url"),
            };
            let extra = row.into_iter().filter(|(k, _)| !KNOWN.contains(&k.as_str())).collect();
            by_key.insert(key, (meta, extra));
        }
        Ok(Self { by_key })
    }

    /// Finds a document's entry by id, then by the file name of its source, then by its path.
    pub fn lookup(&self, raw: &RawDocument) -> Option<&Metadata> {
        self.entry(raw).map(|(meta, _)| meta)
    }

    /// The metadata and other columns for a document, found as [`Self::lookup`] finds them.
    fn entry(&self, raw: &RawDocument) -> Option<&(Metadata, serde_json::Map<String, Value>)> {
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

    fn utf16le(text: &str) -> Vec<u8> {
        let mut out = b"\xff\xfe".to_vec();
        out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        out
    }

    fn utf16be(text: &str) -> Vec<u8> {
        let mut out = b"\xfe\xff".to_vec();
        out.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        out
    }

    fn utf32(text: &str, little: bool) -> Vec<u8> {
        let mut out = if little { b"\xff\xfe\0\0".to_vec() } else { b"\0\0\xfe\xff".to_vec() };
        for c in text.chars() {
            out.extend(if little { (c as u32).to_le_bytes() } else { (c as u32).to_be_bytes() });
        }
        out
    }

    #[test]
    fn decode_reads_utf16_and_utf32_with_a_bom() {
        let text = "Zelenskyy met Merkel in Kyiv 🇺🇦, café.\nLine two";
        for bytes in [utf16le(text), utf16be(text), utf32(text, true), utf32(text, false)] {
            let (decoded, warnings) = decode(&bytes).unwrap();
            assert_eq!(decoded, text);
            assert!(warnings.is_empty(), "{warnings:?}");
        }
        // FF FE 00 00 is UTF-32 LE, not UTF-16 LE followed by U+0000.
        assert_eq!(decode(&utf32("Hi", true)).unwrap().0, "Hi");
        assert_eq!(decode(&utf16le("")).unwrap_err().0, ErrorKind::Empty);
        assert_eq!(decode(&utf16le("  \n")).unwrap_err().0, ErrorKind::Empty);
    }

    #[test]
    fn decode_replaces_invalid_utf16_and_utf32_with_a_warning() {
        // A lone high surrogate on line 2, then a lone low surrogate and an odd final byte.
        let mut bytes = utf16le("ok\nbad ");
        bytes.extend([0x00, 0xd8, b'x', 0x00, 0x00, 0xdc, b'!', 0x00, b'z']);
        let (text, warnings) = decode(&bytes).unwrap();
        assert_eq!(text, "ok\nbad \u{fffd}x\u{fffd}!\u{fffd}");
        assert_eq!(warnings, vec!["invalid UTF-16LE from line 2; 3 invalid code unit(s) replaced with U+FFFD"]);
        let mut bytes = utf32("a", false);
        bytes.extend(0x0011_0000u32.to_be_bytes());
        let (text, warnings) = decode(&bytes).unwrap();
        assert_eq!(text, "a\u{fffd}");
        assert!(warnings[0].starts_with("invalid UTF-32BE from line 1"), "{warnings:?}");
        // Wide text that is mostly NUL characters is still binary.
        assert_eq!(decode(&utf16le("a\0\0\0b")).unwrap_err().0, ErrorKind::Binary);
    }

    #[test]
    fn wide_decoder_handles_input_cut_anywhere() {
        let text = "a😀b\n€";
        let bytes = utf16be(text);
        for cut in 2..bytes.len() {
            let mut decoder = WideDecoder::new(WideEncoding::Utf16Be, "\u{fffd}".as_bytes());
            let mut out = Vec::new();
            decoder.feed(&bytes[2..cut], &mut out);
            decoder.feed(&bytes[cut..], &mut out);
            decoder.finish(&mut out);
            assert_eq!(String::from_utf8(out).unwrap(), text, "cut at {cut}");
            assert_eq!(decoder.warning(), None);
        }
    }

    fn read_all(path: &Path, options: &IngestOptions) -> Vec<IngestItem> {
        let file = InputFile { path: path.to_path_buf(), rel: path.file_name().unwrap().to_string_lossy().into() };
        open_input(file, options).collect()
    }

    #[test]
    fn utf16_jsonl_and_csv_yield_one_record_per_line() {
        let dir = tempfile::tempdir().unwrap();
        let jsonl = dir.path().join("a.jsonl");
        std::fs::write(
            &jsonl,
            utf16le("{\"id\": \"1\", \"text\": \"Erste Zeile\"}\r\n{\"id\": \"2\", \"text\": \"Zweite ü\"}\n"),
        )
        .unwrap();
        let items = read_all(&jsonl, &IngestOptions::default());
        let docs: Vec<_> = items.into_iter().map(Result::unwrap).collect();
        assert_eq!(docs.iter().map(|d| d.content.as_str()).collect::<Vec<_>>(), ["Erste Zeile", "Zweite ü"]);
        // A lone surrogate inside a record is replaced and warned about on that record only.
        let mut bytes = utf32("{\"text\": \"fine\"}\n{\"text\": \"x", true);
        bytes.extend(0xdc00u32.to_le_bytes());
        bytes.extend(utf32("\"}\n", true).into_iter().skip(4));
        let sniffed = dir.path().join("b.data");
        std::fs::write(&sniffed, &bytes).unwrap();
        let docs: Vec<_> = read_all(&sniffed, &IngestOptions::default()).into_iter().map(Result::unwrap).collect();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].content, "x\u{fffd}");
        assert!(docs[0].warnings.is_empty() && docs[1].warnings.len() == 1, "{docs:?}");
        let csv = dir.path().join("c.csv");
        std::fs::write(&csv, utf16be("id,text\n1,\"Un, deux\"\n2,trois\n")).unwrap();
        let docs: Vec<_> = read_all(&csv, &IngestOptions::default()).into_iter().map(Result::unwrap).collect();
        assert_eq!(docs.iter().map(|d| d.content.as_str()).collect::<Vec<_>>(), ["Un, deux", "trois"]);
        let page = dir.path().join("d.html");
        std::fs::write(&page, utf16le("<html><body><p>Hi</p></body></html>")).unwrap();
        let doc = read_all(&page, &IngestOptions::default()).pop().unwrap().unwrap();
        assert_eq!((doc.kind, doc.content.as_str()), (ContentKind::Html, "<html><body><p>Hi</p></body></html>"));
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    /// Text that does not compress away, so half of the gzip is half of the records.
    fn varied_lines(n: usize) -> Vec<String> {
        let mut x = 12345u64;
        (0..n)
            .map(|i| {
                let words: Vec<String> = (0..12)
                    .map(|_| {
                        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                        format!("w{:x}", x >> 40)
                    })
                    .collect();
                format!("Line {i} {}.", words.join(" "))
            })
            .collect()
    }

    #[test]
    fn truncated_or_corrupt_gzip_page_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let whole = gzip(varied_lines(200).join("\n").as_bytes());
        let path = dir.path().join("page.txt.gz");
        std::fs::write(&path, &whole).unwrap();
        assert!(read_all(&path, &IngestOptions::default())[0].is_ok());
        for cut in [whole.len() / 2, whole.len() - 4, 5] {
            std::fs::write(&path, &whole[..cut]).unwrap();
            let items = read_all(&path, &IngestOptions::default());
            assert_eq!(items.len(), 1);
            let err = items[0].as_ref().unwrap_err();
            assert_eq!((err.kind, err.message.as_str()), (ErrorKind::Corrupt, "gzip stream truncated"), "cut {cut}");
            assert_eq!(err.id, "page.txt.gz");
        }
        let mut damaged = whole.clone();
        let n = damaged.len();
        damaged[n - 6] ^= 0xff; // the CRC
        std::fs::write(&path, &damaged).unwrap();
        let err = read_all(&path, &IngestOptions::default()).pop().unwrap().unwrap_err();
        assert_eq!(err.kind, ErrorKind::Corrupt);
        assert!(err.message.starts_with("corrupt gzip: "), "{}", err.message);
        std::fs::write(&path, b"not gzip at all").unwrap();
        let err = read_all(&path, &IngestOptions::default()).pop().unwrap().unwrap_err();
        assert!(err.message.starts_with("corrupt gzip: "), "{}", err.message);
    }

    #[test]
    fn jsonl_and_csv_gzip_cut_in_half_keep_the_records_before_the_break() {
        let dir = tempfile::tempdir().unwrap();
        let lines = varied_lines(400);
        let jsonl: String = lines.iter().map(|l| format!("{}\n", serde_json::json!({ "text": l }))).collect();
        let csv: String = std::iter::once("text\n".to_string()).chain(lines.iter().map(|l| format!("{l}\n"))).collect();
        for (name, content, header) in [("a.jsonl.gz", jsonl, 0), ("a.csv.gz", csv, 1)] {
            let whole = gzip(content.as_bytes());
            let half = &whole[..whole.len() / 2];
            let path = dir.path().join(name);
            std::fs::write(&path, half).unwrap();
            let items = read_all(&path, &IngestOptions::default());
            let ok: Vec<&RawDocument> = items.iter().filter_map(|i| i.as_ref().ok()).collect();
            let errors: Vec<&DocError> = items.iter().filter_map(|i| i.as_ref().err()).collect();
            assert_eq!(errors.len(), 1, "{name}: {errors:?}");
            assert!(items.last().unwrap().is_err(), "{name}: the error comes last");
            // Every complete record that the half decompresses to, and nothing made up.
            let mut partial = Vec::new();
            let _ = MultiGzDecoder::new(half).read_to_end(&mut partial);
            let complete = partial.iter().filter(|&&b| b == b'\n').count() - header;
            assert!(complete > 50 && complete < 350, "{name}: {complete}");
            assert_eq!(ok.len(), complete, "{name}");
            for (doc, line) in ok.iter().zip(&lines) {
                assert_eq!(&doc.content, line);
            }
            let err = errors[0];
            assert_eq!(err.kind, ErrorKind::Corrupt);
            let break_line = (complete + header + 1) as u64;
            assert_eq!(err.source.line, Some(break_line), "{name}");
            assert_eq!(
                err.message,
                format!("gzip stream truncated at line {break_line}; the records before it were kept")
            );
        }
    }

    #[test]
    fn unknown_fields_and_columns_are_kept_as_extra() {
        let mut options = IngestOptions::default();
        options.fields.text = "body".into();
        let line =
            br#"{"id": 7, "body": "Some text.", "outlet": "Daily", "tags": ["a", 2], "score": 0.5, "text": "x"}"#;
        let raw = json_record(line, "f:1", SourceRef::at_line("f", 1), &options).unwrap();
        assert_eq!(
            serde_json::Value::Object(raw.extra.clone()),
            serde_json::json!({"tags": ["a", 2], "score": 0.5, "text": "x"})
        );
        assert_eq!(crate::document::Document::from_raw(&raw).extra, raw.extra);

        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("c.csv");
        std::fs::write(&csv, "id,text,section,,wave\n1,Words here.,World,ignored,3\n2,More words.,,,\n").unwrap();
        let manifest_path = dir.path().join("m.csv");
        std::fs::write(&manifest_path, "id,outlet,desk,section\n1,Daily,Foreign,Manifest\n").unwrap();
        let manifest = Manifest::load(&manifest_path).unwrap();
        let files = vec![InputFile { path: csv, rel: "c.csv".into() }];
        let docs: Vec<RawDocument> =
            Ingest::new(files, IngestOptions::default(), Some(manifest)).map(Result::unwrap).collect();
        // CSV values as strings; the record's own column wins over the manifest's.
        assert_eq!(
            serde_json::Value::Object(docs[0].extra.clone()),
            serde_json::json!({"section": "World", "wave": "3", "desk": "Foreign"})
        );
        assert_eq!(docs[0].supplied.outlet.as_deref(), Some("Daily"));
        assert_eq!(serde_json::Value::Object(docs[1].extra.clone()), serde_json::json!({"section": "", "wave": ""}));
    }
}
