//! Actors scored against coreference gold (`slant eval actors`): a port of
//! `../shared/tools/actor_score.py` that computes the same figures the same way (its docstring is
//! the definition; the figures agree to the third decimal, `scripts/check_eval_actors.sh`), plus
//! entity-level CEAF (CEAF-e) beside B-cubed, MUC and pairwise.
//!
//! Owns the scoring and its report: records are read tolerantly ([`read_records`]: unparsable
//! lines are counted, not fatal), their mentions carried into gold offsets ([`align`]), paired
//! one to one with gold mentions (head overlap, then character Jaccard, GUM's other-type mentions
//! taking part), actors mapped to gold entities and back, and every figure gathered in
//! [`ActorScores`], which prints as a table or serializes with the Python's `--json` key names.
//! [`gold`] reads the gum JSON and CoNLL-2012; [`metrics`] holds the clustering metrics; `score`
//! computes the figures ([`score`](fn@score)) and `report` holds them and prints them. This file
//! reads the records.
//!
//! Where the Python breaks a tie by the iteration order of a hash set (two gold entities, or two
//! actors, with equal votes and the same first offset), this port takes the one that comes first
//! in the gold (entities) or in the record (actors); the Python's own choice there varies from
//! run to run with string hashing.
//!
//! Not part of the documented library surface (see the crate docs, "What is public"): public
//! for the `slant` binary, training, evaluation and the integration tests.
#![doc(hidden)]

pub mod align;
pub mod gold;
pub mod metrics;
mod report;
mod score;

use gold::{py_str, Gold};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use gold::GoldError;

pub use report::{
    ActorScores, Clustering, CrossDoc, Detection, GroupScores, OrderedCounts, PronounLinks, SlantPrecision,
};
pub use score::score;

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error(transparent)]
    Gold(#[from] GoldError),
    #[error("cannot read {}", path.display())]
    Records { path: PathBuf, source: std::io::Error },
}

/// `slant tag` records by id (the first record of an id wins), and the lines that were not JSON.
#[derive(Debug, Default)]
pub struct Records {
    by_id: HashMap<String, Value>,
    /// 1-based numbers of the lines that did not parse.
    pub unparsable_lines: Vec<usize>,
}

impl Records {
    /// Records from JSONL text; lines that are not JSON are counted, JSON that is not an object
    /// with an `id` is skipped.
    pub fn from_jsonl(text: &str) -> Self {
        let mut records = Records::default();
        for (i, line) in text.split('\n').enumerate() {
            records.add_line(i + 1, Some(line));
        }
        records
    }

    /// One line (`None`: not UTF-8, which the Python cannot read either; counted unparsable).
    fn add_line(&mut self, line_no: usize, line: Option<&str>) {
        let Some(line) = line.map(|l| l.trim_matches(align::py_isspace)) else {
            self.unparsable_lines.push(line_no);
            return;
        };
        if line.is_empty() {
            return;
        }
        match serde_json::from_str::<Value>(line) {
            Err(_) => self.unparsable_lines.push(line_no),
            Ok(Value::Object(map)) => {
                if let Some(id) = map.get("id").filter(|v| !v.is_null()) {
                    self.by_id.entry(py_str(id)).or_insert(Value::Object(map));
                }
            }
            Ok(_) => {}
        }
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }
}

/// Reads a records file (JSONL).
pub fn read_records(path: &Path) -> Result<Records, EvalError> {
    let bytes = std::fs::read(path).map_err(|source| EvalError::Records { path: path.to_owned(), source })?;
    let mut records = Records::default();
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        records.add_line(i + 1, std::str::from_utf8(line).ok());
    }
    Ok(records)
}

/// `{"id", "text"}` lines for the gold documents, ready for `slant tag` (the texts CoNLL-2012
/// gold is scored on).
pub fn docs_jsonl(gold: &Gold) -> String {
    let mut out = String::new();
    for (id, doc) in &gold.docs {
        let text: String = doc.text.iter().collect();
        out.push_str(&serde_json::json!({ "id": id, "text": text }).to_string());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests;
