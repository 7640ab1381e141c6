//! Label Studio export: a JSON array of tasks whose `predictions` pre-annotate slant's entities
//! (with `model_version` and scores), and the labelling config they are made for (a `Labels`
//! control named `label` over a `Text` object named `text`). Label Studio counts offsets in code
//! points, like slant.

use super::spans::metadata;
use super::PreparedDocument;
use crate::offsets::CodePoints;
use crate::output::Sink;
use crate::records::Provenance;
use serde_json::{json, Value};
use std::io;

/// The `Labels` control's name (`from_name` in results).
pub const FROM_NAME: &str = "label";
/// The `Text` object's name (`to_name` in results) and the task data key it shows.
pub const TO_NAME: &str = "text";

/// Writes the tasks; returns the number of entities pre-annotated.
pub(crate) fn write_tasks(docs: &[PreparedDocument], sink: &mut Sink) -> io::Result<usize> {
    sink.write_line("[")?;
    let mut entities = 0;
    for (i, doc) in docs.iter().enumerate() {
        entities += doc.entities.len();
        let comma = if i + 1 < docs.len() { "," } else { "" };
        sink.write_line(&format!("{}{comma}", task(doc)))?;
    }
    sink.write_line("]")?;
    Ok(entities)
}

/// One task: `data` (the text and the document's metadata) and one prediction.
pub fn task(doc: &PreparedDocument) -> Value {
    let offsets = CodePoints::new(&doc.doc.text);
    let mut data = metadata(doc);
    let id = data.remove("id").unwrap_or_default();
    data.insert("doc_id".into(), id);
    data.insert(TO_NAME.into(), json!(doc.doc.text));
    let result: Vec<Value> = doc
        .entities
        .iter()
        .enumerate()
        .map(|(k, e)| {
            let mut region = json!({
                "id": format!("slant-{k}"),
                "from_name": FROM_NAME,
                "to_name": TO_NAME,
                "type": "labels",
                "value": {"start": e.start, "end": e.end, "text": offsets.slice(e.start, e.end), "labels": [e.label]},
            });
            if let Some(score) = e.score {
                region["score"] = json!(rounded(score));
            }
            region
        })
        .collect();
    let scores: Vec<f32> = doc.entities.iter().filter_map(|e| e.score).collect();
    let mut prediction = json!({"model_version": model_version(&doc.doc.slant), "result": result});
    if !scores.is_empty() {
        // Label Studio sorts tasks by prediction score: the mean entity score, so the least
        // certain documents can be reviewed first.
        prediction["score"] = json!(rounded(scores.iter().sum::<f32>() / scores.len() as f32));
    }
    json!({"data": data, "predictions": [prediction]})
}

/// Scores as written: four decimals, clamped to [0, 1] as Label Studio requires.
fn rounded(score: f32) -> f64 {
    (f64::from(score.clamp(0.0, 1.0)) * 1e4).round() / 1e4
}

/// `slant VERSION NER-MODEL` from the record's `slant` block.
pub fn model_version(slant: &Provenance) -> String {
    let mut version = String::from("slant");
    for part in [Some(&slant.version), slant.models.get("ner")].into_iter().flatten().filter(|p| !p.is_empty()) {
        version.push(' ');
        version.push_str(part);
    }
    version
}

/// The labelling config: one label per entity label.
pub(crate) fn labelling_config(labels: &[String]) -> String {
    let mut xml = String::from("<View>\n");
    xml.push_str(&format!("  <Labels name=\"{FROM_NAME}\" toName=\"{TO_NAME}\">\n"));
    for (i, label) in labels.iter().enumerate() {
        xml.push_str(&format!(
            "    <Label value=\"{}\" background=\"{}\"/>\n",
            xml_escape(label),
            COLOURS[i % COLOURS.len()]
        ));
    }
    xml.push_str("  </Labels>\n");
    xml.push_str(&format!("  <Text name=\"{TO_NAME}\" value=\"${TO_NAME}\"/>\n"));
    xml.push_str("</View>");
    xml
}

const COLOURS: [&str; 8] = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#46f0f0", "#f032e6", "#bcf60c"];

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
