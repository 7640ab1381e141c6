//! The metadata manifest: a CSV or JSONL file keyed by `id` or `file` that supplies title, outlet,
//! date, author and url (and the user's own columns) for documents whose records lack them.

use super::discover::extension_without_gz;
use super::{json_field, supplied_metadata, UsageError};
use crate::document::{Metadata, RawDocument};
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

/// The columns that say which document a row is for.
const KEYS: [&str; 2] = ["id", "file"];

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
        let known = |name: &str| KEYS.contains(&name) || Metadata::FIELD_NAMES.contains(&name);
        for (i, row) in rows.into_iter().enumerate() {
            let field = |name: &str| json_field(&row, name);
            let key =
                field("id").or_else(|| field("file")).ok_or_else(|| err(format!("row {} has no id or file", i + 1)))?;
            let meta = supplied_metadata(Metadata::FIELD_NAMES, field);
            let extra = row.into_iter().filter(|(k, _)| !known(k)).collect();
            by_key.insert(key, (meta, extra));
        }
        Ok(Self { by_key })
    }

    /// The metadata and other columns for a document, found by its id, then by the file name of
    /// its source, then by its path.
    pub(super) fn entry(&self, raw: &RawDocument) -> Option<&(Metadata, serde_json::Map<String, Value>)> {
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
