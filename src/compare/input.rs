//! Streaming tagged JSONL into the comparison: one line at a time (a corpus need not fit in
//! memory), with the line number of every record, so error records and malformed lines can be
//! reported as `PATH:LINE: message`. Parsing itself is `records::parse_line`.

use crate::records::{self, Record, RecordError, TaggedDocument};
use std::fmt;
use std::io::BufRead;
use std::path::Path;

/// A line that gave no document: reported, counted, skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Not a slant record (bad JSON, missing fields, spans outside the text).
    Malformed { path: String, line: usize, message: String },
    /// A document that failed at tagging (`"status": "error"`).
    ErrorRecord { path: String, line: usize, id: String, kind: String, message: String },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Malformed { path, line, message } => write!(f, "{path}:{line}: {message}"),
            Problem::ErrorRecord { path, line, id, kind, message } => {
                write!(f, "{path}:{line}: error record `{id}` skipped: {message} ({kind})")
            }
        }
    }
}

/// Calls `on_line` with each line's document, or the problem that kept it from giving one, in file
/// order (`-` is standard input; `.gz` is decompressed). Blank lines are skipped. Fails only when
/// the file cannot be opened or read.
pub fn for_each_document(
    path: &Path,
    mut on_line: impl FnMut(Result<Box<TaggedDocument>, Problem>),
) -> Result<(), RecordError> {
    let shown = path.display().to_string();
    let io_error = |line: usize| {
        let shown = shown.clone();
        move |e: std::io::Error| RecordError { path: shown, line, message: e.to_string() }
    };
    let reader: Box<dyn BufRead> = if shown == "-" {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        let file = std::fs::File::open(path).map_err(io_error(0))?;
        if shown.ends_with(".gz") {
            Box::new(std::io::BufReader::new(flate2::read::MultiGzDecoder::new(file)))
        } else {
            Box::new(std::io::BufReader::new(file))
        }
    };
    for (index, line) in reader.split(b'\n').enumerate() {
        let number = index + 1;
        let line = line.map_err(io_error(number))?;
        let text = String::from_utf8_lossy(&line);
        if text.trim().is_empty() {
            continue;
        }
        on_line(match records::parse_line(&text) {
            Ok(Record::Ok(doc)) => Ok(doc),
            Ok(Record::Error { id, kind, message }) => {
                Err(Problem::ErrorRecord { path: shown.clone(), line: number, id, kind, message })
            }
            Err(message) => Err(Problem::Malformed { path: shown.clone(), line: number, message }),
        });
    }
    Ok(())
}
