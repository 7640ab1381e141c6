//! Token-per-line exports: CoNLL-2003 columns, two-column IOB2 and BIOES, and Hugging Face
//! `datasets` JSONL (one sentence per line with integer `ner_tags` and a label-list file).
//!
//! Every document opens with `-DOCSTART- -X- O O`, the delimiter spaCy's `--converter ner` looks
//! for (slant's own reader and the CoNLL-2003 readers take any `-DOCSTART-` line), and every
//! sentence ends with a blank line.

use super::tokens::{self, TagScheme};
use super::PreparedDocument;
use crate::offsets::CodePoints;
use crate::output::Sink;
use std::collections::HashMap;
use std::io;

/// The document delimiter line.
pub const DOCSTART: &str = "-DOCSTART- -X- O O";

/// Column layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnStyle {
    /// `word POS chunk NE` with `_` for the columns slant does not fill, IOB2 tags.
    Conll2003,
    /// `word TAG`.
    TwoColumns(TagScheme),
}

/// Writes the documents as columns; returns the number of entity chunks written.
pub(crate) fn write_columns(docs: &[PreparedDocument], style: ColumnStyle, sink: &mut Sink) -> io::Result<usize> {
    let scheme = match style {
        ColumnStyle::Conll2003 => TagScheme::Iob2,
        ColumnStyle::TwoColumns(scheme) => scheme,
    };
    let mut chunks = 0;
    for doc in docs {
        sink.write_line(DOCSTART)?;
        sink.write_line("")?;
        let offsets = CodePoints::new(&doc.doc.text);
        for sentence in tokens::sentences(doc, &offsets) {
            let tags = tokens::tags(&sentence, &doc.entities, scheme);
            chunks += tokens::chunks(&sentence);
            for (token, tag) in sentence.iter().zip(&tags) {
                let word = column_word(offsets.slice(token.start, token.end));
                let line = match style {
                    ColumnStyle::Conll2003 => format!("{word} _ _ {tag}"),
                    ColumnStyle::TwoColumns(_) => format!("{word} {tag}"),
                };
                sink.write_line(&line)?;
            }
            sink.write_line("")?;
        }
    }
    Ok(chunks)
}

/// A token as a column value: whitespace inside it (possible only in hand-made token lists)
/// would shift the columns, so it becomes `_`.
fn column_word(token: &str) -> String {
    token.chars().map(|c| if c.is_whitespace() { '_' } else { c }).collect()
}

/// The tag names in id order: `O`, then `B-` and `I-` for each label.
pub(crate) fn hf_tag_names(labels: &[String]) -> Vec<String> {
    std::iter::once("O".to_string()).chain(labels.iter().flat_map(|l| [format!("B-{l}"), format!("I-{l}")])).collect()
}

/// The label-list file written beside a Hugging Face export: a JSON array of tag names whose
/// positions are the `ner_tags` values (for `datasets.ClassLabel(names=...)`).
pub(crate) fn hf_label_file(labels: &[String]) -> String {
    serde_json::to_string_pretty(&hf_tag_names(labels)).expect("strings serialize")
}

/// Writes one JSON object per sentence: `id` (`DOC#N`), `doc_id`, `tokens`, `ner_tags`.
pub(crate) fn write_hf(docs: &[PreparedDocument], labels: &[String], sink: &mut Sink) -> io::Result<usize> {
    let names = hf_tag_names(labels);
    let ids: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (n.as_str(), i)).collect();
    let mut chunks = 0;
    for doc in docs {
        let offsets = CodePoints::new(&doc.doc.text);
        for (n, sentence) in tokens::sentences(doc, &offsets).iter().enumerate() {
            let tags = tokens::tags(sentence, &doc.entities, TagScheme::Iob2);
            chunks += tokens::chunks(sentence);
            let words: Vec<&str> = sentence.iter().map(|t| offsets.slice(t.start, t.end)).collect();
            // Labels outside the list can only come from `--labels` naming fewer than the data
            // has, and those entities were filtered out already; `O` is the safe fallback.
            let tag_ids: Vec<usize> = tags.iter().map(|t| ids.get(t.as_str()).copied().unwrap_or(0)).collect();
            let line = serde_json::json!({
                "id": format!("{}#{n}", doc.doc.id),
                "doc_id": doc.doc.id,
                "tokens": words,
                "ner_tags": tag_ids,
            });
            sink.write_line(&line.to_string())?;
        }
    }
    Ok(chunks)
}
