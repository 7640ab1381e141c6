//! JSONL (NDJSON) record files: one document per non-blank line, its fields named by
//! [`FieldNames`](super::FieldNames); a broken stream ends the file after the records before it.

use super::decode::read_failure;
use super::{content_kind, doc_error, json_field, supplied_metadata, too_large, InputFile, InputFormat};
use super::{IngestItem, IngestOptions};
use crate::document::{ContentKind, ErrorKind, RawDocument, SourceRef};
use serde_json::Value;
use std::io::{BufRead, Read};

/// Streams a JSONL file, one document per non-blank line.
pub(super) struct JsonlRecords<R> {
    reader: R,
    file: InputFile,
    options: IngestOptions,
    line_no: u64,
    buf: Vec<u8>,
    /// A read failed (e.g. a truncated gzip stream): that error was the last item.
    stopped: bool,
}

impl<R: BufRead> JsonlRecords<R> {
    pub(super) fn new(reader: R, file: InputFile, options: IngestOptions) -> Self {
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

pub(super) fn json_record(line: &[u8], fallback_id: &str, source: SourceRef, options: &IngestOptions) -> IngestItem {
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
    let get = |name: &str| json_field(&map, name);
    let id = get(&f.id).unwrap_or_else(|| fallback_id.to_string());
    let supplied = supplied_metadata(f.metadata(), get);
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
    let mut warnings = warnings;
    let content = super::decode::tidy(content, options.repair_mojibake, &mut warnings);
    if content.len() > options.max_doc_bytes {
        return Err(too_large(&id, source, options.max_doc_bytes));
    }
    if content.trim().is_empty() {
        return Err(doc_error(&id, source, ErrorKind::Empty, "document is empty"));
    }
    let extra = map.into_iter().filter(|(k, _)| !f.is_known(k)).collect();
    Ok(RawDocument::new(id, content)
        .with_kind(kind)
        .with_source(source)
        .with_metadata(supplied)
        .with_warnings(warnings)
        .with_extra(extra))
}
