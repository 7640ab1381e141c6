//! CoNLL import: column files read with slant's own reader (`crate::ner::data::read_conll`:
//! word first, tag last, IOB1/IOB2/BIOES to IOB2, `-DOCSTART-` lines), written as `tokens` +
//! `tags` lines with a `doc` number that keeps each document's sentences together across files.

use super::{ImportError, ImportRecord, Imported, TokenRecord};
use crate::ner::data::read_conll;
use std::path::Path;

/// Reads one file; documents are numbered from `first_doc`. Returns the next free number.
pub(crate) fn read(path: &Path, first_doc: usize, imported: &mut Imported) -> Result<usize, ImportError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| ImportError::Io { path: shown.clone(), source })?;
    let sentences = match read_conll(&text, &shown) {
        Ok(sentences) => sentences,
        Err(e) => {
            // The reader stops at the first bad line; the message names it.
            let message = e.to_string();
            let (location, detail) = message.split_once(": ").unwrap_or((&shown, &message));
            imported.error(location, format!("{detail}; the file is left out"));
            return Ok(first_doc);
        }
    };
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let mut last_doc = first_doc;
    for (n, sentence) in sentences.into_iter().enumerate() {
        let doc = first_doc + sentence.doc;
        last_doc = last_doc.max(doc);
        imported.records.push(ImportRecord::Tokens(TokenRecord {
            id: format!("{stem}:{}", n + 1),
            doc,
            tokens: sentence.words,
            tags: sentence.tags,
        }));
    }
    Ok(last_doc + 1)
}
