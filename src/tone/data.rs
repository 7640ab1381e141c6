//! Target-sentiment data: NewsMTSC JSONL (`sentence_normalized`, `targets` with `from`, `to`,
//! `polarity` 2.0/4.0/6.0) and slant's own JSONL of the same shape (`sentence` may replace
//! `sentence_normalized`; `polarity` may be "negative"/"neutral"/"positive"). Offsets in the files
//! are code points; examples carry byte offsets.

use crate::document::Polarity;
use serde_json::Value;
use std::path::Path;

/// One target in one sentence, with its gold polarity.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetExample {
    pub sentence: String,
    /// Byte range of the target mention in `sentence`.
    pub start: usize,
    pub end: usize,
    pub polarity: Polarity,
    /// The source sentence's id (hold-out splits keep a sentence's targets together).
    pub group: String,
}

#[derive(Debug, thiserror::Error)]
#[error("{path}:{line}: {message}")]
pub struct DataError {
    pub path: String,
    pub line: usize,
    pub message: String,
}

pub fn read(path: &Path) -> Result<Vec<TargetExample>, DataError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| DataError {
        path: shown.clone(),
        line: 0,
        message: e.to_string(),
    })?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let err = |message: String| DataError { path: shown.clone(), line: i + 1, message };
        let record: Value = serde_json::from_str(line).map_err(|e| err(e.to_string()))?;
        let sentence = record["sentence_normalized"]
            .as_str()
            .or_else(|| record["sentence"].as_str())
            .ok_or_else(|| err("no `sentence_normalized` or `sentence`".into()))?;
        let group = record["primary_gid"].as_str().map_or_else(|| format!("line{}", i + 1), String::from);
        let byte_of: Vec<usize> = sentence.char_indices().map(|(b, _)| b).chain([sentence.len()]).collect();
        for target in record["targets"].as_array().ok_or_else(|| err("no `targets` array".into()))? {
            let (Some(from), Some(to)) = (target["from"].as_u64(), target["to"].as_u64()) else {
                return Err(err("a target without `from`/`to`".into()));
            };
            let (from, to) = (from as usize, to as usize);
            if from >= to || to >= byte_of.len() {
                return Err(err(format!("target {from}..{to} is outside the sentence")));
            }
            let polarity = match &target["polarity"] {
                Value::Number(n) => match n.as_f64().map(|v| v.round() as i64) {
                    Some(2) => Polarity::Negative,
                    Some(4) => Polarity::Neutral,
                    Some(6) => Polarity::Positive,
                    _ => return Err(err(format!("polarity {n} is not 2, 4 or 6"))),
                },
                Value::String(s) => Polarity::parse(s).ok_or_else(|| err(format!("unknown polarity {s:?}")))?,
                other => return Err(err(format!("unknown polarity {other}"))),
            };
            out.push(TargetExample {
                sentence: sentence.to_string(),
                start: byte_of[from],
                end: byte_of[to],
                polarity,
                group: group.clone(),
            });
        }
    }
    Ok(out)
}

/// Splits examples into (train, held-out) by a hash of the sentence group: about `percent` of
/// the groups are held out, the same ones on every run.
pub fn hold_out(examples: Vec<TargetExample>, percent: u64) -> (Vec<TargetExample>, Vec<TargetExample>) {
    examples.into_iter().partition(|e| crate::hash::fnv1a(e.group.as_bytes()) % 100 >= percent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_newsmtsc_and_slant_polarities_with_code_point_offsets() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.jsonl");
        std::fs::write(
            &path,
            "{\"primary_gid\": \"g1\", \"sentence_normalized\": \"“Lavrov” praised Rubio.\", \"targets\": [{\"from\": 1, \"to\": 7, \"polarity\": 6.0}, {\"from\": 17, \"to\": 22, \"polarity\": 4.0}]}\n\
             {\"sentence\": \"Critics attacked Trump.\", \"targets\": [{\"from\": 17, \"to\": 22, \"polarity\": \"negative\"}]}\n",
        )
        .unwrap();
        let examples = read(&path).unwrap();
        assert_eq!(examples.len(), 3);
        assert_eq!(&examples[0].sentence[examples[0].start..examples[0].end], "Lavrov");
        assert_eq!(examples[0].polarity, Polarity::Positive);
        assert_eq!(&examples[1].sentence[examples[1].start..examples[1].end], "Rubio");
        assert_eq!(examples[2].polarity, Polarity::Negative);
        assert_eq!(examples[2].group, "line2");
        let (train, held) = hold_out(examples, 50);
        assert_eq!(train.len() + held.len(), 3);
    }
}
