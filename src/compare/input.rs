//! Streaming tagged JSONL into the comparison: one line at a time (a corpus need not fit in
//! memory), with the line number of every record, so error records and malformed lines can be
//! reported as `PATH:LINE: message`. Reading and parsing are `records::for_each_line`'s.

use crate::records::{self, Record, RecordError, TaggedDocument};
use std::fmt;
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
pub(crate) fn for_each_document(
    path: &Path,
    mut on_line: impl FnMut(Result<Box<TaggedDocument>, Problem>),
) -> Result<(), RecordError> {
    let shown = path.display().to_string();
    records::for_each_line(path, |line, record| {
        on_line(match record {
            Ok(Record::Ok(doc)) => Ok(doc),
            Ok(Record::Error(e)) => Err(Problem::ErrorRecord {
                path: shown.clone(),
                line,
                id: e.id,
                kind: e.error.kind.as_str().to_string(),
                message: e.error.message,
            }),
            Err(problem) => Err(Problem::Malformed { path: shown.clone(), line, message: problem.to_string() }),
        })
    })
}
