//! doccano import: JSONL (or a JSON list) of documents with `text` (older exports: `data`) and
//! spans under `label`, `labels` or `entities`, each `[start, end, "LABEL"]` or an object with
//! `start_offset`/`end_offset` (or `start`/`end`) and `label`. The id is `doc_id` (written by
//! `slant export --format doccano`), else `id`, else `PATH:LINE`.

use super::{check_spans, ImportError, ImportRecord, Imported, RawSpan, SpanRecord};
use serde_json::Value;
use std::path::Path;

pub(crate) fn read(path: &Path, imported: &mut Imported) -> Result<(), ImportError> {
    let shown = path.display().to_string();
    let content = std::fs::read_to_string(path).map_err(|source| ImportError::Io { path: shown.clone(), source })?;
    if content.trim_start().starts_with('[') {
        match serde_json::from_str::<Vec<Value>>(&content) {
            Ok(items) => {
                for (n, item) in items.iter().enumerate() {
                    read_document(item, &format!("{shown}: item {}", n + 1), imported);
                }
            }
            Err(e) => imported.error(format!("{shown}:{}", e.line()), format!("not a JSON list: {e}")),
        }
        return Ok(());
    }
    for (i, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let location = format!("{shown}:{}", i + 1);
        match serde_json::from_str::<Value>(line) {
            Ok(item) => read_document(&item, &location, imported),
            Err(e) => imported.error(&location, format!("not JSON: {e}")),
        }
    }
    Ok(())
}

fn read_document(item: &Value, location: &str, imported: &mut Imported) {
    let Some(text) = item["text"].as_str().or_else(|| item["data"].as_str()) else {
        imported.error(location, "no `text`");
        return;
    };
    let id = ["doc_id", "id"]
        .iter()
        .find_map(|key| match &item[*key] {
            Value::String(s) if !s.is_empty() => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
        .unwrap_or_else(|| location.to_string());
    let list = ["label", "labels", "entities"].iter().find_map(|key| item[*key].as_array());
    let mut raw = Vec::new();
    for (k, span) in list.into_iter().flatten().enumerate() {
        let here = format!("{location}, span {}", k + 1);
        match parse_span(span) {
            Some((start, end, label)) => raw.push(RawSpan { start, end, label, location: here }),
            None => imported.error(
                &here,
                format!("expected [start, end, \"LABEL\"] or {{start_offset, end_offset, label}}, got {span}"),
            ),
        }
    }
    let spans = check_spans(text, raw, imported);
    imported.records.push(ImportRecord::Spans(SpanRecord { id, text: text.to_string(), spans }));
}

fn parse_span(span: &Value) -> Option<(usize, usize, String)> {
    let label = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    match span {
        Value::Array(parts) if parts.len() == 3 => {
            Some((parts[0].as_u64()? as usize, parts[1].as_u64()? as usize, label(&parts[2])?))
        }
        Value::Object(o) => {
            let start = o.get("start_offset").or_else(|| o.get("start"))?.as_u64()?;
            let end = o.get("end_offset").or_else(|| o.get("end"))?.as_u64()?;
            Some((start as usize, end as usize, label(o.get("label")?)?))
        }
        _ => None,
    }
}
