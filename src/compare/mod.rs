//! Tone toward actors compared across outlets, dates or any metadata field (`slant compare`).
//!
//! Owns the whole command apart from argument parsing: documents stream in from tagged JSONL
//! ([`input`]), each is folded into one tally per (group, actor) by an [`Aggregator`], and
//! [`Aggregator::finish`] picks the actors, computes each cell's statistics ([`stats`]: mean over
//! documents, bootstrap interval) and returns a [`Comparison`], which writes itself as JSON, CSV
//! or a self-contained HTML report ([`html`]). `docs/compare.md` documents every output field.
//!
//! The unit of observation is the document: a document gives one tone score per actor it
//! mentions (the article-level `tone.score`), however often it mentions the actor.
//!
//! Not part of the documented library surface (see the crate docs, "What is public"): public
//! for the `slant` binary, training, evaluation and the integration tests.
#![doc(hidden)]

pub mod groups;
pub mod html;
pub mod input;
pub mod stats;

pub use groups::{DateUnit, GroupKey, UnknownGroupKey, NO_VALUE};
pub use input::Problem;
pub use stats::{Bootstrap, Interval};

use crate::records::{RecordError, TaggedActor, TaggedDocument, TaggedTone};
use ndarray::Array1;
use rayon::prelude::*;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Evidence sentences kept per cell unless told otherwise.
pub const DEFAULT_EVIDENCE_PER_CELL: usize = 3;
/// How the values of several `--by` keys are joined into one group label.
pub const GROUP_SEPARATOR: &str = " | ";
/// The group label when no key is given (every document in one group).
pub const ALL_DOCUMENTS: &str = "(all)";
/// Decimal places kept for fractional output values (the scores themselves are 32-bit floats).
const DECIMALS: i32 = 6;

#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    #[error("`--by {0}` is given twice")]
    RepeatedGroupKey(String),
    #[error(transparent)]
    Read(#[from] RecordError),
    #[error("cannot write CSV: {0}")]
    Csv(#[from] csv::Error),
}

/// What to compare and how.
#[derive(Debug, Clone)]
pub struct CompareOptions {
    /// Grouping keys; a group is one combination of their values.
    pub by: Vec<GroupKey>,
    /// Keep only actors matching one of these (id, canonical name or alias; case-insensitive).
    pub actor_names: Vec<String>,
    /// Keep only the N most mentioned actors (of those `actor_names` keeps).
    pub top_actors: Option<usize>,
    /// Drop cells with fewer documents than this.
    pub min_docs: usize,
    pub bootstrap: Bootstrap,
    /// Evidence sentences kept per cell, the strongest first.
    pub evidence_per_cell: usize,
}

impl Default for CompareOptions {
    fn default() -> Self {
        Self {
            by: vec![GroupKey::Field("outlet".into())],
            actor_names: Vec::new(),
            top_actors: None,
            min_docs: 1,
            bootstrap: Bootstrap::default(),
            evidence_per_cell: DEFAULT_EVIDENCE_PER_CELL,
        }
    }
}

/// One evidence sentence behind a cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub doc_id: String,
    pub title: Option<String>,
    /// The document's tone score toward the actor.
    pub doc_tone: Option<f64>,
    /// The sentence's weighted positive minus negative for the actor (`evidence[].effect`).
    pub effect: f64,
    pub sentence: String,
    /// Code-point ranges of the actor's mentions inside `sentence`, for highlighting.
    pub mentions: Vec<(usize, usize)>,
}

/// One group and actor: the output row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// One value per `--by` key, in key order.
    pub group: Vec<String>,
    pub actor_id: String,
    pub actor: String,
    pub actor_type: String,
    /// Documents of the group that mention the actor.
    pub n_docs: usize,
    /// Of those, documents with a tone toward the actor (all of them unless tagged without tone).
    pub n_docs_scored: usize,
    /// Mentions of the actor over those documents.
    pub n_mentions: usize,
    /// Mean over documents of the article-level `tone.score`.
    pub mean_tone: Option<f64>,
    /// Bootstrap interval of `mean_tone`; none below two scored documents.
    pub ci: Option<Interval>,
    /// Shares of scored documents whose `tone.label` is negative, neutral, positive.
    pub share_negative: Option<f64>,
    pub share_neutral: Option<f64>,
    pub share_positive: Option<f64>,
    /// Mean `salience.mention_share`, and share of documents naming the actor in the title.
    pub mean_mention_share: Option<f64>,
    pub share_in_title: Option<f64>,
    /// The actor's mean tone over every document read, whatever its group.
    pub corpus_mean_tone: Option<f64>,
    /// `mean_tone - corpus_mean_tone`.
    pub diff_from_corpus: Option<f64>,
    /// The strongest evidence sentences, by absolute effect.
    pub evidence: Vec<Evidence>,
}

/// An actor over the whole corpus (every document read, before any filter).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorSummary {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub n_docs: usize,
    pub n_mentions: usize,
    pub mean_tone: Option<f64>,
}

/// Counts and settings behind a comparison (the JSON `meta` object).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meta {
    pub slant_version: &'static str,
    pub inputs: Vec<String>,
    /// The `--by` keys as given (`outlet`, `date:week`).
    pub by: Vec<String>,
    /// The row columns holding the keys' values.
    pub group_columns: Vec<String>,
    /// The value of a document that lacks a key's field.
    pub no_value: &'static str,
    /// Documents read (`ok` records).
    pub documents: usize,
    pub error_records: usize,
    pub malformed_lines: usize,
    /// Documents with [`NO_VALUE`] for at least one key.
    pub documents_without_group_value: usize,
    pub min_docs: usize,
    /// The actors compared, most mentioned first.
    pub actors: Vec<ActorSummary>,
    pub rows: usize,
    pub tone: &'static str,
    pub shares: &'static str,
    pub interval: IntervalMeta,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntervalMeta {
    pub method: &'static str,
    pub confidence: f64,
    pub resamples: usize,
    pub seed: u64,
}

/// The result: rows ordered by group, then by the actor's corpus rank.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub keys: Vec<GroupKey>,
    pub rows: Vec<Row>,
    pub meta: Meta,
    /// `--actor` names that matched no actor.
    pub unmatched_actor_names: Vec<String>,
}

/// One (group, actor) while documents are read.
#[derive(Debug, Default)]
struct Tally {
    scores: Vec<f64>,
    /// Documents per tone label: negative, neutral, positive.
    labels: [usize; 3],
    n_docs: usize,
    n_mentions: usize,
    with_salience: usize,
    mention_share_sum: f64,
    in_title: usize,
    evidence: Vec<Evidence>,
}

/// One actor over the whole corpus while documents are read.
#[derive(Debug, Default)]
struct ActorTally {
    /// Canonical names and types as spelled per document (normally one each).
    names: BTreeMap<String, usize>,
    kinds: BTreeMap<String, usize>,
    /// Lower-cased surface forms, for `--actor`.
    aliases: BTreeSet<String>,
    n_docs: usize,
    n_mentions: usize,
    score_sum: f64,
    n_scored: usize,
}

impl ActorTally {
    fn mean_tone(&self) -> Option<f64> {
        (self.n_scored > 0).then(|| self.score_sum / self.n_scored as f64)
    }

    fn matches(&self, id: &str, wanted: &str) -> bool {
        id.to_lowercase() == wanted
            || self.names.keys().any(|n| n.to_lowercase() == wanted)
            || self.aliases.contains(wanted)
    }
}

/// Folds documents into tallies; [`Aggregator::finish`] turns them into a [`Comparison`].
#[derive(Debug)]
pub struct Aggregator {
    options: CompareOptions,
    tallies: BTreeMap<(Vec<String>, String), Tally>,
    actors: BTreeMap<String, ActorTally>,
    inputs: Vec<String>,
    documents: usize,
    error_records: usize,
    malformed_lines: usize,
    documents_without_group_value: usize,
    /// Per `--by` key: whether any document had a value for it.
    key_has_values: Vec<bool>,
}

impl Aggregator {
    pub fn new(options: CompareOptions) -> Result<Self, CompareError> {
        let mut seen = BTreeSet::new();
        if let Some(repeated) = options.by.iter().find(|k| !seen.insert(k.column())) {
            return Err(CompareError::RepeatedGroupKey(repeated.to_string()));
        }
        let key_has_values = vec![false; options.by.len()];
        Ok(Self {
            options,
            tallies: BTreeMap::new(),
            actors: BTreeMap::new(),
            inputs: Vec::new(),
            documents: 0,
            error_records: 0,
            malformed_lines: 0,
            documents_without_group_value: 0,
            key_has_values,
        })
    }

    /// Reads one tagged JSONL file. Lines that give no document are counted and handed to
    /// `on_problem` (to report them) as they come; only an unreadable file is an error.
    pub fn add_file(&mut self, path: &Path, mut on_problem: impl FnMut(&Problem)) -> Result<(), CompareError> {
        self.inputs.push(path.display().to_string());
        input::for_each_document(path, |line| match line {
            Ok(doc) => self.add_document(&doc),
            Err(problem) => {
                self.add_problem(&problem);
                on_problem(&problem);
            }
        })?;
        Ok(())
    }

    /// Counts a line that gave no document.
    pub(crate) fn add_problem(&mut self, problem: &Problem) {
        match problem {
            Problem::Malformed { .. } => self.malformed_lines += 1,
            Problem::ErrorRecord { .. } => self.error_records += 1,
        }
    }

    pub(crate) fn add_document(&mut self, doc: &TaggedDocument) {
        self.documents += 1;
        let group: Vec<String> = self.options.by.iter().map(|key| key.value(doc)).collect();
        if group.iter().any(|v| v == NO_VALUE) {
            self.documents_without_group_value += 1;
        }
        for (seen, value) in self.key_has_values.iter_mut().zip(&group) {
            *seen |= value != NO_VALUE;
        }
        let mut seen = BTreeSet::new();
        // Unnamed actors (a narrator, "the company" with no company named) exist in one
        // document only: no row can compare them across groups.
        for actor in doc.actors.iter().filter(|a| crate::link::is_named(a)) {
            // An actor listed twice in one record still counts as one document.
            if !seen.insert(actor.id.as_str()) {
                continue;
            }
            let score = actor.tone.as_ref().map(|t| f64::from(t.score));
            let corpus = self.actors.entry(actor.id.clone()).or_default();
            *corpus.names.entry(actor.name.clone()).or_default() += 1;
            *corpus.kinds.entry(actor.kind.as_str().to_string()).or_default() += 1;
            corpus.aliases.extend(actor.aliases.iter().map(|a| a.to_lowercase()));
            corpus.n_docs += 1;
            corpus.n_mentions += actor.mentions.len();
            if let Some(score) = score {
                corpus.score_sum += score;
                corpus.n_scored += 1;
            }

            let tally = self.tallies.entry((group.clone(), actor.id.clone())).or_default();
            tally.n_docs += 1;
            tally.n_mentions += actor.mentions.len();
            if let (Some(score), Some(tone)) = (score, &actor.tone) {
                tally.scores.push(score);
                tally.labels[label_index(tone)] += 1;
            }
            {
                let salience = actor.salience;
                tally.with_salience += 1;
                tally.mention_share_sum += f64::from(salience.mention_share);
                tally.in_title += usize::from(salience.in_title);
            }
            let keep = self.options.evidence_per_cell;
            if keep > 0 {
                tally.evidence.extend(evidence_of(doc, actor, score));
                // Trim now and then, so a large cell does not hold every sentence until the end.
                if tally.evidence.len() > 4 * keep {
                    strongest_first(&mut tally.evidence, keep);
                }
            }
        }
    }

    /// Picks the actors and computes every cell (cells in parallel; each has its own random
    /// stream, so the result does not depend on the thread count).
    /// `--by` fields outside slant's own metadata that no document has: most likely a misspelt
    /// name (`--by publisher`), which would put every document in one "missing" group.
    pub fn unknown_fields(&self) -> Vec<&str> {
        self.options
            .by
            .iter()
            .zip(&self.key_has_values)
            .filter_map(|(key, seen)| match key {
                GroupKey::Field(name) if !seen && !groups::FIELDS.contains(&name.as_str()) => Some(name.as_str()),
                _ => None,
            })
            .collect()
    }

    pub fn finish(self) -> Comparison {
        let Aggregator { options, tallies, actors, .. } = &self;
        let mut ranked: Vec<(&String, &ActorTally)> = actors.iter().collect();
        ranked.sort_by(|(a_id, a), (b_id, b)| {
            b.n_mentions.cmp(&a.n_mentions).then(b.n_docs.cmp(&a.n_docs)).then(a_id.cmp(b_id))
        });

        let wanted: Vec<String> = options.actor_names.iter().map(|n| n.trim().to_lowercase()).collect();
        let unmatched_actor_names = options
            .actor_names
            .iter()
            .zip(&wanted)
            .filter(|(_, w)| !ranked.iter().any(|(id, a)| a.matches(id, w)))
            .map(|(name, _)| name.clone())
            .collect();
        let mut selected: Vec<(&String, &ActorTally)> =
            ranked.into_iter().filter(|(id, a)| wanted.is_empty() || wanted.iter().any(|w| a.matches(id, w))).collect();
        if let Some(top) = options.top_actors {
            selected.truncate(top);
        }
        let rank: BTreeMap<&str, usize> = selected.iter().enumerate().map(|(i, (id, _))| (id.as_str(), i)).collect();

        let mut cells: Vec<(&Vec<String>, usize, &String, &Tally)> = tallies
            .iter()
            .filter(|((_, id), tally)| tally.n_docs >= options.min_docs && rank.contains_key(id.as_str()))
            .map(|((group, id), tally)| (group, rank[id.as_str()], id, tally))
            .collect();
        cells.sort_by(|a, b| a.0.cmp(b.0).then(a.1.cmp(&b.1)));
        let rows: Vec<Row> = cells
            .into_par_iter()
            .map(|(group, _, id, tally)| build_row(group, id, tally, &actors[id], options))
            .collect();

        let actor_summaries = selected
            .iter()
            .map(|(id, a)| ActorSummary {
                id: (*id).clone(),
                name: most_common(&a.names),
                kind: most_common(&a.kinds),
                n_docs: a.n_docs,
                n_mentions: a.n_mentions,
                mean_tone: a.mean_tone().map(round),
            })
            .collect();
        let meta = Meta {
            slant_version: env!("CARGO_PKG_VERSION"),
            inputs: self.inputs.clone(),
            by: options.by.iter().map(ToString::to_string).collect(),
            group_columns: options.by.iter().map(GroupKey::column).collect(),
            no_value: NO_VALUE,
            documents: self.documents,
            error_records: self.error_records,
            malformed_lines: self.malformed_lines,
            documents_without_group_value: self.documents_without_group_value,
            min_docs: options.min_docs,
            actors: actor_summaries,
            rows: rows.len(),
            tone: "mean over documents of the actor's article-level tone.score (-1 negative .. 1 positive)",
            shares: "share of the documents with a tone whose tone.label is negative / neutral / positive",
            interval: IntervalMeta {
                method: "percentile bootstrap, resampling documents",
                confidence: options.bootstrap.confidence,
                resamples: options.bootstrap.resamples,
                seed: options.bootstrap.seed,
            },
        };
        Comparison { keys: options.by.clone(), rows, meta, unmatched_actor_names }
    }
}

fn build_row(group: &[String], id: &str, tally: &Tally, actor: &ActorTally, options: &CompareOptions) -> Row {
    // Sorted, so the interval depends on the scores and not on the order documents came in.
    let mut sorted = tally.scores.clone();
    sorted.sort_by(f64::total_cmp);
    let scores = Array1::from(sorted);
    let stream_key: Vec<&str> = group.iter().map(String::as_str).chain([id]).collect();
    let mean_tone = stats::mean(scores.view());
    let ci = options.bootstrap.mean_interval(scores.view(), stats::stream_of(&stream_key));
    let scored = scores.len();
    let share = |count: usize| (scored > 0).then(|| count as f64 / scored as f64);
    let salience = |count: f64| (tally.with_salience > 0).then(|| count / tally.with_salience as f64);
    let corpus_mean_tone = actor.mean_tone();
    let mut evidence = tally.evidence.clone();
    strongest_first(&mut evidence, options.evidence_per_cell);
    Row {
        group: group.to_vec(),
        actor_id: id.to_string(),
        actor: most_common(&actor.names),
        actor_type: most_common(&actor.kinds),
        n_docs: tally.n_docs,
        n_docs_scored: scored,
        n_mentions: tally.n_mentions,
        mean_tone,
        ci,
        share_negative: share(tally.labels[0]),
        share_neutral: share(tally.labels[1]),
        share_positive: share(tally.labels[2]),
        mean_mention_share: salience(tally.mention_share_sum),
        share_in_title: salience(tally.in_title as f64),
        corpus_mean_tone,
        diff_from_corpus: mean_tone.zip(corpus_mean_tone).map(|(m, c)| m - c),
        evidence,
    }
}

/// 0 negative, 1 neutral, 2 positive.
fn label_index(tone: &TaggedTone) -> usize {
    tone.label.index()
}

/// The most frequent key; ties go to the first in order.
fn most_common(counts: &BTreeMap<String, usize>) -> String {
    let mut best: Option<(&String, usize)> = None;
    for (key, &count) in counts {
        if best.is_none_or(|(_, c)| count > c) {
            best = Some((key, count));
        }
    }
    best.map(|(k, _)| k.clone()).unwrap_or_default()
}

/// The actor's evidence sentences in one document, with its mentions located inside them.
fn evidence_of(doc: &TaggedDocument, actor: &TaggedActor, doc_tone: Option<f64>) -> Vec<Evidence> {
    actor
        .evidence
        .iter()
        .map(|ev| {
            // Offsets are into the document text; only trust them if the sentence text matches.
            let fits = ev.text.chars().count() == ev.end.saturating_sub(ev.start);
            let mentions = actor
                .mentions
                .iter()
                .filter(|m| fits && m.sentence == ev.sentence && ev.start <= m.start && m.end <= ev.end)
                .map(|m| (m.start - ev.start, m.end - ev.start))
                .collect();
            Evidence {
                doc_id: doc.id.clone(),
                title: doc.title.clone(),
                doc_tone,
                effect: f64::from(ev.effect),
                sentence: ev.text.clone(),
                mentions,
            }
        })
        .collect()
}

/// Keeps the `keep` sentences that move the score most (ties: document id, then text).
fn strongest_first(evidence: &mut Vec<Evidence>, keep: usize) {
    evidence.sort_by(|a, b| {
        b.effect
            .abs()
            .total_cmp(&a.effect.abs())
            .then_with(|| a.doc_id.cmp(&b.doc_id))
            .then_with(|| a.sentence.cmp(&b.sentence))
    });
    evidence.dedup_by(|a, b| a.doc_id == b.doc_id && a.sentence == b.sentence);
    evidence.truncate(keep);
}

/// Rounds to [`DECIMALS`] places (and makes -0 plain 0).
fn round(x: f64) -> f64 {
    let scale = 10f64.powi(DECIMALS);
    let r = (x * scale).round() / scale;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// One output value, written the same way to JSON and CSV.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Text(Option<String>),
    Count(usize),
    Number(Option<f64>),
}

impl Value {
    fn csv(&self) -> String {
        match self {
            Value::Text(t) => t.clone().unwrap_or_default(),
            Value::Count(n) => n.to_string(),
            Value::Number(x) => x.map(|x| round(x).to_string()).unwrap_or_default(),
        }
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Text(t) => t.serialize(s),
            Value::Count(n) => n.serialize(s),
            Value::Number(x) => x.map(round).serialize(s),
        }
    }
}

/// A flat record whose keys keep their order in JSON.
struct Record(Vec<(String, Value)>);

impl Serialize for Record {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct JsonOutput<'a> {
    meta: &'a Meta,
    rows: Vec<Record>,
    evidence: Vec<Record>,
}

impl Comparison {
    /// The label of a row's group: its key values joined by [`GROUP_SEPARATOR`].
    pub(crate) fn group_label(&self, row: &Row) -> String {
        if row.group.is_empty() {
            ALL_DOCUMENTS.to_string()
        } else {
            row.group.join(GROUP_SEPARATOR)
        }
    }

    /// The columns of a row, in output order (the same in JSON and CSV).
    pub fn columns(&self) -> Vec<String> {
        self.row_record(&Row::header_only(self.keys.len())).0.into_iter().map(|(k, _)| k).collect()
    }

    /// The key columns and the group label that start both rows and evidence records.
    fn group_fields(&self, row: &Row) -> Vec<(String, Value)> {
        let mut fields: Vec<(String, Value)> =
            self.keys.iter().zip(&row.group).map(|(k, v)| (k.column(), Value::Text(Some(v.clone())))).collect();
        fields.push(("group".into(), Value::Text(Some(self.group_label(row)))));
        fields.push(("actor_id".into(), Value::Text(Some(row.actor_id.clone()))));
        fields.push(("actor".into(), Value::Text(Some(row.actor.clone()))));
        fields
    }

    fn row_record(&self, row: &Row) -> Record {
        let mut fields = self.group_fields(row);
        let numbers = [
            ("actor_type", Value::Text(Some(row.actor_type.clone()))),
            ("n_docs", Value::Count(row.n_docs)),
            ("n_docs_scored", Value::Count(row.n_docs_scored)),
            ("n_mentions", Value::Count(row.n_mentions)),
            ("mean_tone", Value::Number(row.mean_tone)),
            ("ci_low", Value::Number(row.ci.map(|c| c.low))),
            ("ci_high", Value::Number(row.ci.map(|c| c.high))),
            ("share_negative", Value::Number(row.share_negative)),
            ("share_neutral", Value::Number(row.share_neutral)),
            ("share_positive", Value::Number(row.share_positive)),
            ("mean_mention_share", Value::Number(row.mean_mention_share)),
            ("share_in_title", Value::Number(row.share_in_title)),
            ("corpus_mean_tone", Value::Number(row.corpus_mean_tone)),
            ("diff_from_corpus", Value::Number(row.diff_from_corpus)),
        ];
        fields.extend(numbers.into_iter().map(|(k, v)| (k.to_string(), v)));
        Record(fields)
    }

    fn evidence_records(&self) -> Vec<Record> {
        let mut records = Vec::new();
        for row in &self.rows {
            for ev in &row.evidence {
                let mut fields = self.group_fields(row);
                fields.extend([
                    ("doc_id".to_string(), Value::Text(Some(ev.doc_id.clone()))),
                    ("title".to_string(), Value::Text(ev.title.clone())),
                    ("doc_tone".to_string(), Value::Number(ev.doc_tone)),
                    ("effect".to_string(), Value::Number(Some(ev.effect))),
                    ("sentence".to_string(), Value::Text(Some(ev.sentence.clone()))),
                ]);
                records.push(Record(fields));
            }
        }
        records
    }

    /// `{"meta": {...}, "rows": [flat records], "evidence": [flat records]}`, pretty-printed.
    pub fn to_json(&self) -> String {
        let output = JsonOutput {
            meta: &self.meta,
            rows: self.rows.iter().map(|r| self.row_record(r)).collect(),
            evidence: self.evidence_records(),
        };
        serde_json::to_string_pretty(&output).expect("comparison serializes")
    }

    /// One line per row under a header of [`Comparison::columns`]; missing values are empty.
    pub fn to_csv(&self) -> Result<String, CompareError> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(self.columns())?;
        for row in &self.rows {
            writer.write_record(self.row_record(row).0.iter().map(|(_, v)| v.csv()))?;
        }
        let bytes = writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
        Ok(String::from_utf8(bytes).expect("CSV of UTF-8 strings is UTF-8"))
    }

    /// The self-contained HTML report.
    pub fn to_html(&self) -> String {
        html::render(self)
    }
}

impl Row {
    /// A row with the right shape and no content, for listing the columns of an empty output.
    fn header_only(keys: usize) -> Self {
        Row {
            group: vec![String::new(); keys],
            actor_id: String::new(),
            actor: String::new(),
            actor_type: String::new(),
            n_docs: 0,
            n_docs_scored: 0,
            n_mentions: 0,
            mean_tone: None,
            ci: None,
            share_negative: None,
            share_neutral: None,
            share_positive: None,
            mean_mention_share: None,
            share_in_title: None,
            corpus_mean_tone: None,
            diff_from_corpus: None,
            evidence: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{parse_line, Record};

    fn doc(id: &str, outlet: &str, score: f32, label: &str) -> TaggedDocument {
        match parse_line(&line(id, outlet, score, label)) {
            Ok(Record::Ok(doc)) => *doc,
            other => panic!("{other:?}"),
        }
    }

    fn line(id: &str, outlet: &str, score: f32, label: &str) -> String {
        serde_json::json!({
            "id": id, "status": "ok", "outlet": outlet, "text": "Putin spoke.",
            "actors": [{"id": "per:vladimir-putin", "name": "Vladimir Putin", "type": "PER", "aliases": ["Putin"],
                "mentions": [{"start": 0, "end": 5, "text": "Putin", "sentence": 0}],
                "tone": {"label": label, "score": score, "p_negative": 0.1, "p_neutral": 0.2, "p_positive": 0.7,
                         "mentions": 1, "confidence": 0.5},
                "evidence": [{"sentence": 0, "start": 0, "end": 12, "text": "Putin spoke.", "effect": score}]}]
        })
        .to_string()
    }

    fn compare(docs: &[TaggedDocument]) -> Comparison {
        let mut aggregator = Aggregator::new(CompareOptions::default()).unwrap();
        for d in docs {
            aggregator.add_document(d);
        }
        aggregator.finish()
    }

    #[test]
    fn input_order_does_not_change_the_result() {
        let docs: Vec<TaggedDocument> =
            (0..12).map(|i| doc(&format!("d{i}"), ["X", "Y"][i % 2], (i as f32 * 0.37).sin(), "neutral")).collect();
        let forward = compare(&docs);
        let reversed = compare(&docs.iter().rev().cloned().collect::<Vec<_>>());
        assert_eq!(forward.to_json(), reversed.to_json());
        assert!(forward.rows.iter().all(|r| r.ci.is_some()));
    }

    #[test]
    fn labels_are_counted_and_an_unknown_label_is_not_a_record() {
        let c = compare(&[doc("a", "X", 0.6, "positive")]);
        assert_eq!(c.rows[0].share_positive, Some(1.0));
        assert_eq!(c.rows[0].evidence[0].mentions, vec![(0, 5)]);
        let err = parse_line(&line("b", "X", 0.6, "favourable")).unwrap_err();
        assert!(err.to_string().contains("unknown variant `favourable`"), "{err}");
    }

    #[test]
    fn an_empty_comparison_still_has_its_columns() {
        let csv = compare(&[]).to_csv().unwrap();
        assert!(csv.starts_with("outlet,group,actor_id,actor,actor_type,n_docs,"), "{csv}");
        assert_eq!(csv.lines().count(), 1);
    }
}
