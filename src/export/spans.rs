//! Character-span JSONL exports: Prodigy (`text`, `tokens`, `spans`, `meta`) and doccano
//! (`text`, `label: [[start, end, "LABEL"], ...]`). Offsets are code points, as both tools count
//! them (Python string offsets).

use super::tokens;
use super::PreparedDocument;
use crate::offsets::CodePoints;
use crate::output::Sink;
use serde_json::{json, Map, Value};
use std::io;

/// Document metadata for the formats that carry it: the id, the fields that are set, and the
/// input's own fields (`extra`; slant's fields win a clash of names).
pub fn metadata(doc: &PreparedDocument) -> Map<String, Value> {
    let mut meta = doc.doc.extra.clone();
    meta.insert("id".into(), json!(doc.doc.id));
    for field in ["outlet", "title", "date", "url"] {
        if let Some(value) = doc.doc.field(field) {
            meta.insert(field.into(), json!(value));
        }
    }
    meta
}

/// Prodigy tasks for `ner.manual`/`ner.correct`-style review; returns entities written.
/// `tokens` carry `ws` (whitespace follows) and spans carry `token_start`/`token_end`
/// (inclusive), so Prodigy need not tokenize again.
pub(crate) fn write_prodigy(docs: &[PreparedDocument], sink: &mut Sink) -> io::Result<usize> {
    let mut entities = 0;
    for doc in docs {
        let offsets = CodePoints::new(&doc.doc.text);
        let all: Vec<tokens::Token> = tokens::sentences(doc, &offsets).into_iter().flatten().collect();
        let token_list: Vec<Value> = all
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let ws = offsets.slice(t.end, t.end + 1).chars().next().is_some_and(char::is_whitespace);
                json!({"text": offsets.slice(t.start, t.end), "start": t.start, "end": t.end, "id": i, "ws": ws})
            })
            .collect();
        // First and last token of each entity.
        let mut token_range: Vec<Option<(usize, usize)>> = vec![None; doc.entities.len()];
        for (i, t) in all.iter().enumerate() {
            if let Some(k) = t.entity {
                token_range[k] = Some((token_range[k].map_or(i, |(first, _)| first), i));
            }
        }
        let spans: Vec<Value> = doc
            .entities
            .iter()
            .zip(&token_range)
            .map(|(e, range)| {
                let mut span =
                    json!({"start": e.start, "end": e.end, "label": e.label, "text": offsets.slice(e.start, e.end)});
                if let Some((first, last)) = range {
                    span["token_start"] = json!(first);
                    span["token_end"] = json!(last);
                }
                span
            })
            .collect();
        entities += spans.len();
        let line = json!({"text": doc.doc.text, "tokens": token_list, "spans": spans, "meta": metadata(doc)});
        sink.write_line(&line.to_string())?;
    }
    Ok(entities)
}

/// doccano sequence-labelling JSONL (importable as "JSONL" with column `label`); other keys
/// (`doc_id`, metadata) are kept by doccano as document metadata. Returns entities written.
pub(crate) fn write_doccano(docs: &[PreparedDocument], sink: &mut Sink) -> io::Result<usize> {
    let mut entities = 0;
    for doc in docs {
        let labels: Vec<Value> = doc.entities.iter().map(|e| json!([e.start, e.end, e.label])).collect();
        entities += labels.len();
        let mut line = Map::new();
        line.insert("text".into(), json!(doc.doc.text));
        line.insert("label".into(), Value::Array(labels));
        line.insert("doc_id".into(), json!(doc.doc.id));
        for (key, value) in metadata(doc) {
            if key != "id" {
                line.insert(key, value);
            }
        }
        sink.write_line(&Value::Object(line).to_string())?;
    }
    Ok(entities)
}
