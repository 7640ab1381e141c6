//! CSV and TSV record files: a header row, then one document per record, its columns named by
//! [`FieldNames`](super::FieldNames); the other columns are kept as strings. A broken stream ends
//! the file after the records before it.

use super::decode::read_failure;
use super::{content_kind, doc_error, single, supplied_metadata, too_large, InputFile, InputFormat};
use super::{IngestItem, IngestOptions};
use crate::document::{ContentKind, ErrorKind, RawDocument, SourceRef};
use serde_json::Value;
use std::io::Read;

/// Reads a CSV (or TSV) file with a header, one document per record.
pub(super) fn csv_records(
    reader: Box<dyn Read>,
    file: InputFile,
    tab: bool,
    options: &IngestOptions,
) -> Box<dyn Iterator<Item = IngestItem>> {
    let mut reader =
        ::csv::ReaderBuilder::new().delimiter(if tab { b'\t' } else { b',' }).flexible(true).from_reader(reader);
    let shown = file.display();
    let headers = match reader.byte_headers() {
        Ok(h) => h.iter().map(|h| String::from_utf8_lossy(h).trim().to_string()).collect::<Vec<_>>(),
        Err(e) => {
            let (kind, message) = match e.kind() {
                ::csv::ErrorKind::Io(io) => read_failure(io),
                _ => (ErrorKind::Malformed, format!("cannot read CSV header: {e}")),
            };
            return single(Err(doc_error(&file.rel, SourceRef::file(shown), kind, message)));
        }
    };
    let f = &options.fields;
    let column = |name: &str| headers.iter().position(|h| h == name);
    let cols =
        Columns { id: column(&f.id), text: column(&f.text), html: column(&f.html), metadata: f.metadata().map(column) };
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
        record: ::csv::ByteRecord::new(),
        stopped: false,
    })
}

/// Where the fields slant reads are in each record (the first column of that name).
struct Columns {
    id: Option<usize>,
    text: Option<usize>,
    html: Option<usize>,
    /// In the order of [`Metadata::FIELD_NAMES`](crate::document::Metadata::FIELD_NAMES).
    metadata: [Option<usize>; 5],
}

/// Streams the records of a CSV file whose header has been read.
struct CsvRecords {
    reader: ::csv::Reader<Box<dyn Read>>,
    file: InputFile,
    shown: String,
    cols: Columns,
    /// The other columns (the user's own), kept as strings.
    extra_cols: Vec<(usize, String)>,
    options: IngestOptions,
    record: ::csv::ByteRecord,
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
                    ::csv::ErrorKind::Io(io) => {
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
        let cols = &self.cols;
        let id = get(cols.id, &mut lossy).unwrap_or_else(|| format!("{}:{}", self.file.rel, line));
        let supplied = supplied_metadata(cols.metadata, |col| get(col, &mut lossy));
        let (kind, content) = if let Some(html) = get(cols.html, &mut lossy) {
            (ContentKind::Html, html)
        } else if let Some(text) = get(cols.text, &mut lossy) {
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
        let mut warnings = if lossy {
            vec!["invalid UTF-8 in this record; invalid sequences replaced with U+FFFD".to_string()]
        } else {
            Vec::new()
        };
        let content = super::decode::tidy(content, options.repair_mojibake, &mut warnings);
        if content.trim().is_empty() {
            return Err(doc_error(&id, source, ErrorKind::Empty, "document is empty (control characters only)"));
        }
        let extra = self
            .extra_cols
            .iter()
            .filter_map(|(col, name)| {
                let value = String::from_utf8_lossy(record.get(*col)?).into_owned();
                Some((name.clone(), Value::String(value)))
            })
            .collect();
        Ok(RawDocument::new(id, content)
            .with_kind(kind)
            .with_source(source)
            .with_metadata(supplied)
            .with_warnings(warnings)
            .with_extra(extra))
    }
}
