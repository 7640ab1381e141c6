//! Label Studio import: the JSON export (a list of tasks, each with `data.text` and
//! `annotations[].result[]` regions of `"type": "labels"`), and the JSON-MIN export (flat
//! objects with `text` and the control's regions, e.g. `label`).
//!
//! Of several annotations of a task, the one marked `ground_truth` wins, else the last one not
//! cancelled; tasks without one are counted as unannotated and left out. Offsets are code points;
//! when a region's `text` does not match its offsets but does as UTF-16 offsets (what older Label
//! Studio front ends counted after an emoji), they are converted.

use super::{check_spans, ImportError, ImportRecord, Imported, RawSpan, SpanRecord};
use crate::export::label_studio::{FROM_NAME, TO_NAME};
use crate::offsets::CodePoints;
use serde_json::Value;
use std::path::Path;

pub(crate) fn read(path: &Path, imported: &mut Imported) -> Result<(), ImportError> {
    let shown = path.display().to_string();
    let content = std::fs::read_to_string(path).map_err(|source| ImportError::Io { path: shown.clone(), source })?;
    let value: Value = match serde_json::from_str(&content) {
        Ok(v) => v,
        Err(e) => {
            imported.error(format!("{shown}:{}", e.line()), format!("not JSON: {e}"));
            return Ok(());
        }
    };
    let tasks = match value {
        Value::Array(tasks) => tasks,
        task @ Value::Object(_) => vec![task],
        _ => {
            imported.error(&shown, "expected a JSON list of tasks");
            return Ok(());
        }
    };
    for (n, task) in tasks.iter().enumerate() {
        let location = format!("{shown}: task {}", n + 1);
        read_task(task, &location, &format!("{shown}#{}", n + 1), imported);
    }
    Ok(())
}

fn read_task(task: &Value, location: &str, fallback_id: &str, imported: &mut Imported) {
    let full_export = task.get("data").is_some_and(Value::is_object);
    let fields = if full_export { &task["data"] } else { task };
    let Some(text) = fields[TO_NAME].as_str() else {
        imported.error(location, format!("no `{TO_NAME}` in the task data"));
        return;
    };
    let id = ["doc_id", "id"]
        .iter()
        .find_map(|key| id_string(&fields[*key]))
        .or_else(|| id_string(&task["id"]))
        .unwrap_or_else(|| fallback_id.to_string());
    let regions: Vec<&Value> = if full_export {
        let Some(annotation) = chosen_annotation(task) else {
            imported.unannotated += 1;
            return;
        };
        annotation["result"]
            .as_array()
            .map(|r| r.iter().filter(|r| r["type"] == "labels").collect())
            .unwrap_or_default()
    } else {
        min_regions(task)
    };
    let offsets = CodePoints::new(text);
    let mut raw = Vec::new();
    for (k, region) in regions.iter().enumerate() {
        let value = region.get("value").unwrap_or(region);
        let here = format!("{location}, region {}", k + 1);
        let (Some(start), Some(end)) = (value["start"].as_u64(), value["end"].as_u64()) else {
            imported.error(&here, "a region without numeric `start`/`end`");
            continue;
        };
        let labels: Vec<&str> =
            value["labels"].as_array().map(|l| l.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
        let Some(label) = labels.first() else {
            imported.error(&here, "a region without `labels`");
            continue;
        };
        match resolve_offsets(&offsets, start as usize, end as usize, value["text"].as_str()) {
            Ok((start, end)) => raw.push(RawSpan { start, end, label: label.to_string(), location: here }),
            Err(message) => imported.error(&here, message),
        }
    }
    let spans = check_spans(text, raw, imported);
    imported.records.push(ImportRecord::Spans(SpanRecord { id, text: text.to_string(), spans }));
}

/// An id value as text (Label Studio ids are numbers; slant's are strings).
fn id_string(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The annotation to import: `ground_truth` first, else the last that was not cancelled.
/// (Label Studio 0.x called them `completions`.)
fn chosen_annotation(task: &Value) -> Option<&Value> {
    let list = task.get("annotations").or_else(|| task.get("completions"))?.as_array()?;
    let usable: Vec<&Value> = list.iter().filter(|a| a["was_cancelled"] != Value::Bool(true)).collect();
    usable.iter().find(|a| a["ground_truth"] == Value::Bool(true)).or(usable.last()).copied()
}

/// JSON-MIN regions: the `label` key, else any list of objects with `start`, `end`, `labels`.
fn min_regions(task: &Value) -> Vec<&Value> {
    let is_regions = |v: &Value| {
        v.as_array().is_some_and(|a| a.iter().all(|r| r.get("start").is_some() && r.get("labels").is_some()))
    };
    if let Some(list) = task.get(FROM_NAME).filter(|v| is_regions(v)) {
        return list.as_array().map(|a| a.iter().collect()).unwrap_or_default();
    }
    let Some(object) = task.as_object() else { return Vec::new() };
    // Keys in name order, so the choice does not depend on the file's key order.
    let mut keys: Vec<&String> = object.keys().collect();
    keys.sort();
    keys.into_iter()
        .map(|k| &object[k])
        .find(|v| is_regions(v) && !v.as_array().is_some_and(Vec::is_empty))
        .map(|v| v.as_array().map(|a| a.iter().collect()).unwrap_or_default())
        .unwrap_or_default()
}

/// Code-point offsets for a region: as given when they select `expected` (or nothing is
/// expected), else read as UTF-16 offsets when those select it.
pub(crate) fn resolve_offsets(
    offsets: &CodePoints,
    start: usize,
    end: usize,
    expected: Option<&str>,
) -> Result<(usize, usize), String> {
    let Some(expected) = expected else { return Ok((start, end)) };
    if end <= offsets.len() && start <= end && offsets.slice(start, end) == expected {
        return Ok((start, end));
    }
    // UTF-16 position of each code point.
    let mut utf16 = Vec::with_capacity(offsets.len() + 1);
    let mut position = 0;
    for c in offsets.text().chars() {
        utf16.push(position);
        position += c.len_utf16();
    }
    utf16.push(position);
    if let (Ok(s), Ok(e)) = (utf16.binary_search(&start), utf16.binary_search(&end)) {
        if s <= e && offsets.slice(s, e) == expected {
            return Ok((s, e));
        }
    }
    let found = if end <= offsets.len() && start <= end {
        format!("{:?}", offsets.slice(start, end))
    } else {
        "nothing (outside the text)".into()
    };
    Err(format!("offsets {start}..{end} select {found}, not the region's text {expected:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_after_an_emoji_are_converted() {
        let text = "🙂 “Rubio” met Lavrov";
        let offsets = CodePoints::new(text);
        // Code points: Lavrov at 14..20; UTF-16 counts the emoji twice: 15..21.
        assert_eq!(resolve_offsets(&offsets, 14, 20, Some("Lavrov")), Ok((14, 20)));
        assert_eq!(resolve_offsets(&offsets, 15, 21, Some("Lavrov")), Ok((14, 20)));
        assert_eq!(resolve_offsets(&offsets, 3, 8, None), Ok((3, 8)));
        assert!(resolve_offsets(&offsets, 2, 5, Some("Lavrov")).is_err());
        assert!(resolve_offsets(&offsets, 90, 95, Some("Lavrov")).is_err());
    }

    #[test]
    fn ground_truth_then_last_annotation_not_cancelled() {
        let task: Value = serde_json::json!({"annotations": [
            {"id": 1, "result": []}, {"id": 2, "result": [], "ground_truth": true}, {"id": 3, "result": [], "was_cancelled": true}
        ]});
        assert_eq!(chosen_annotation(&task).unwrap()["id"], 2);
        let task: Value =
            serde_json::json!({"annotations": [{"id": 1, "result": []}, {"id": 2, "was_cancelled": true}]});
        assert_eq!(chosen_annotation(&task).unwrap()["id"], 1);
        assert!(chosen_annotation(&serde_json::json!({"annotations": []})).is_none());
    }
}
