//! Exports of tagged records for annotation and training tools (`slant export`): what is read,
//! which entities are kept, near-duplicate removal, the train/dev/test split, and writing every
//! part atomically. One submodule per family of formats does the writing; `docs/export.md` says
//! what each writes and how its consumer loads it.
//!
//! Offsets stay code points into the record's `text` in every format that has offsets (Label
//! Studio, Prodigy, doccano, brat and NewsMTSC count code points too); token formats split tokens
//! at entity boundaries so that no entity is cut or widened.
//!
//! Not part of the documented library surface (see the crate docs, "What is public"): public
//! for the `slant` binary, training, evaluation and the integration tests.
#![doc(hidden)]

pub mod brat;
pub mod columns;
pub mod dedup;
pub mod label_studio;
pub mod newsmtsc;
pub mod spacy;
pub mod spans;
pub mod split;
pub mod tokens;

use crate::offsets::CodePoints;
use crate::output::Sink;
use crate::records::{self, Record, RecordError, TaggedDocument};
use split::SplitSpec;
use std::path::{Path, PathBuf};

/// The entity labels slant's NER model writes, in the order label lists use.
pub const STANDARD_LABELS: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CoNLL-2003 columns: `word _ _ TAG`, IOB2 tags, `-DOCSTART-` lines, blank line per sentence.
    Conll,
    /// `word TAG` with IOB2 tags.
    Iob2,
    /// `word TAG` with BIOES tags.
    Bioes,
    /// spaCy's JSON training format (`python -m spacy convert FILE.json DIR --converter json`).
    Spacy,
    /// Hugging Face `datasets` JSONL: `tokens`, integer `ner_tags`, and a `.labels.json` list.
    Hf,
    /// Label Studio tasks with pre-annotations, and the labelling config beside them.
    LabelStudio,
    /// Prodigy JSONL: `text`, `tokens`, `spans`, `meta`.
    Prodigy,
    /// doccano JSONL: `text` and `label` as `[[start, end, "LABEL"], ...]`.
    Doccano,
    /// brat standoff: a directory of `.txt` and `.ann` files with `annotation.conf`.
    Brat,
    /// NewsMTSC target-sentiment JSONL from actor mentions (what `slant train tone` reads).
    Newsmtsc,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Conll => "conll",
            Format::Iob2 => "iob2",
            Format::Bioes => "bioes",
            Format::Spacy => "spacy",
            Format::Hf => "hf",
            Format::LabelStudio => "label-studio",
            Format::Prodigy => "prodigy",
            Format::Doccano => "doccano",
            Format::Brat => "brat",
            Format::Newsmtsc => "newsmtsc",
        }
    }

    /// The file written beside the output (same for every part of a split), if any.
    pub(crate) fn sidecar_suffix(self) -> Option<&'static str> {
        match self {
            Format::Hf => Some("labels.json"),
            Format::LabelStudio => Some("label_config.xml"),
            _ => None,
        }
    }

    /// Whether `-o` names a directory.
    pub(crate) fn writes_directory(self) -> bool {
        self == Format::Brat
    }

    /// What the written count counts.
    pub fn item_name(self) -> &'static str {
        if self == Format::Newsmtsc {
            "tone targets"
        } else {
            "entities"
        }
    }
}

/// Which entities (and, for NewsMTSC, which actor mentions) are exported.
#[derive(Debug, Clone, Default)]
pub struct EntityFilter {
    /// Drop entities scored below this (entities without a score are kept). For NewsMTSC: drop
    /// mentions whose most probable tone is below it.
    pub min_score: Option<f32>,
    /// Keep only these labels (NewsMTSC: actor types).
    pub labels: Option<Vec<String>>,
}

impl EntityFilter {
    pub(crate) fn keeps_label(&self, label: &str) -> bool {
        self.labels.as_ref().is_none_or(|labels| labels.iter().any(|l| l == label))
    }

    /// The document with the entities this filter keeps: sorted by start, without overlaps (the
    /// earlier, then longer, entity wins), with surrounding whitespace trimmed off each span.
    pub fn prepare<'a>(&self, doc: &'a TaggedDocument) -> PreparedDocument<'a> {
        let offsets = CodePoints::new(&doc.text);
        let mut entities: Vec<ExportEntity> = doc
            .entities
            .iter()
            .filter(|e| self.keeps_label(&e.label))
            .filter(|e| match (self.min_score, e.score) {
                (Some(min), Some(score)) => score >= min,
                _ => true,
            })
            .filter_map(|e| {
                let (start, end) = trim_span(&offsets, e.start, e.end.min(offsets.len()));
                (start < end).then_some(ExportEntity { start, end, label: e.label.as_str(), score: e.score })
            })
            .collect();
        entities.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut kept: Vec<ExportEntity> = Vec::with_capacity(entities.len());
        for e in entities {
            if kept.last().is_none_or(|last| e.start >= last.end) {
                kept.push(e);
            }
        }
        PreparedDocument { doc, entities: kept }
    }
}

/// The span without leading and trailing whitespace.
fn trim_span(offsets: &CodePoints, mut start: usize, mut end: usize) -> (usize, usize) {
    let chars: Vec<char> = offsets.slice(start, end).chars().collect();
    let lead = chars.iter().take_while(|c| c.is_whitespace()).count();
    let trail = chars[lead..].iter().rev().take_while(|c| c.is_whitespace()).count();
    start += lead;
    end -= trail;
    (start, end.max(start))
}

/// An entity as exported: code-point offsets into the document text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExportEntity<'a> {
    pub start: usize,
    pub end: usize,
    pub label: &'a str,
    pub score: Option<f32>,
}

/// A tagged document with the entities to export.
pub struct PreparedDocument<'a> {
    pub doc: &'a TaggedDocument,
    pub entities: Vec<ExportEntity<'a>>,
}

/// A record of the input that was not exported because tagging had failed.
#[derive(Debug, Clone)]
pub struct SkippedRecord {
    pub path: String,
    pub id: String,
    pub kind: String,
    pub message: String,
}

/// Everything read from the tagged inputs, in input order.
#[derive(Debug, Default)]
pub struct Inputs {
    pub documents: Vec<TaggedDocument>,
    /// `error` records (documents that failed at tagging).
    pub error_records: Vec<SkippedRecord>,
    /// Lines that are not slant records.
    pub bad_lines: Vec<RecordError>,
}

/// Reads tagged JSONL files (`-` for standard input, `.gz` decompressed). A file that cannot be
/// opened is an error; a line that cannot be read is collected in [`Inputs::bad_lines`].
pub fn read_inputs(paths: &[PathBuf]) -> Result<Inputs, RecordError> {
    let mut inputs = Inputs::default();
    for path in paths {
        for line in records::read_file(path)? {
            match line {
                Ok(Record::Ok(doc)) => inputs.documents.push(*doc),
                Ok(Record::Error(e)) => inputs.error_records.push(SkippedRecord {
                    path: path.display().to_string(),
                    id: e.id,
                    kind: e.error.kind.as_str().to_string(),
                    message: e.error.message,
                }),
                Err(bad) => inputs.bad_lines.push(bad),
            }
        }
    }
    Ok(inputs)
}

/// What to export and how.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub format: Format,
    pub filter: EntityFilter,
    /// Drop documents whose estimated Jaccard similarity to a kept one reaches this.
    pub dedup_threshold: Option<f64>,
    pub split: Option<SplitSpec>,
}

/// One written part (the whole export when there is no split).
#[derive(Debug, Clone, PartialEq)]
pub struct PartSummary {
    /// The part's name (`train`, ...); `None` without a split.
    pub name: Option<String>,
    /// Where it went; `None` for standard output.
    pub path: Option<PathBuf>,
    pub documents: usize,
    /// Entities written (NewsMTSC: tone targets).
    pub items: usize,
}

/// What an export did.
#[derive(Debug, Clone, Default)]
pub struct ExportSummary {
    pub parts: Vec<PartSummary>,
    pub duplicates: Vec<dedup::Duplicate>,
    /// Files written beside the parts (label list, labelling config).
    pub sidecars: Vec<PathBuf>,
}

impl ExportSummary {
    pub fn documents(&self) -> usize {
        self.parts.iter().map(|p| p.documents).sum()
    }

    pub fn items(&self) -> usize {
        self.parts.iter().map(|p| p.items).sum()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{what} writes more than one file: give -o PATH, not standard output")]
    NeedsPath { what: String },
    #[error("{path} exists and does not look like a brat export (only .txt, .ann and .conf files); choose another -o")]
    NotABratExport { path: String },
}

impl ExportError {
    fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ExportError + '_ {
        move |source| ExportError::Io { path: path.display().to_string(), source }
    }
}

/// Exports `documents` to `output` (a file, `-` for standard output, or a directory for brat).
/// Nothing is left under the final names unless every part was written.
pub fn export(
    documents: &[TaggedDocument],
    options: &ExportOptions,
    output: &str,
) -> Result<ExportSummary, ExportError> {
    let format = options.format;
    let to_stdout = output == "-";
    if to_stdout && (format.sidecar_suffix().is_some() || format.writes_directory()) {
        return Err(ExportError::NeedsPath { what: format!("--format {}", format.name()) });
    }
    if to_stdout && options.split.is_some() {
        return Err(ExportError::NeedsPath { what: "--split".into() });
    }

    let mut summary = ExportSummary::default();
    let mut kept: Vec<&TaggedDocument> = Vec::with_capacity(documents.len());
    let mut deduplicator = options.dedup_threshold.map(dedup::Deduplicator::new);
    for doc in documents {
        match deduplicator.as_mut().and_then(|d| d.check(&doc.id, &doc.text)) {
            Some(duplicate) => summary.duplicates.push(duplicate),
            None => kept.push(doc),
        }
    }

    let base = PathBuf::from(output);
    let parts: Vec<(Option<String>, Vec<&TaggedDocument>)> = match &options.split {
        None => vec![(None, kept)],
        Some(spec) => {
            let mut parts: Vec<(Option<String>, Vec<&TaggedDocument>)> =
                spec.parts.iter().map(|(name, _)| (Some(name.clone()), Vec::new())).collect();
            for doc in kept {
                parts[spec.part_of(&doc.id)].1.push(doc);
            }
            parts
        }
    };
    let labels = label_list(documents, &options.filter);

    let mut staged: Vec<Staged> = Vec::new();
    for (name, docs) in parts {
        let path = name.as_deref().map(|n| split::part_path(&base, n));
        let prepared: Vec<PreparedDocument> = docs.iter().map(|d| options.filter.prepare(d)).collect();
        let (items, stage) = if format.writes_directory() {
            let dir = path.clone().unwrap_or_else(|| base.clone());
            let (items, stage) = brat::stage(&prepared, &dir, &labels)?;
            (items, Staged::Directory(stage))
        } else {
            let target = path.as_ref().map_or_else(|| output.to_string(), |p| p.display().to_string());
            let mut sink = Sink::open(&target).map_err(ExportError::io(Path::new(&target)))?;
            let items = write_file(format, &prepared, &options.filter, &labels, &mut sink)
                .map_err(ExportError::io(Path::new(&target)))?;
            (items, Staged::File(sink))
        };
        staged.push(stage);
        let shown = if to_stdout { None } else { Some(path.unwrap_or_else(|| base.clone())) };
        summary.parts.push(PartSummary { name, path: shown, documents: docs.len(), items });
    }
    if let Some(suffix) = format.sidecar_suffix() {
        let path = split::sidecar_path(&base, suffix);
        let mut sink = Sink::open(&path.display().to_string()).map_err(ExportError::io(&path))?;
        let content = match format {
            Format::Hf => columns::hf_label_file(&labels),
            _ => label_studio::labelling_config(&labels),
        };
        sink.write_line(&content).map_err(ExportError::io(&path))?;
        staged.push(Staged::File(sink));
        summary.sidecars.push(path);
    }
    for stage in staged {
        stage.commit()?;
    }
    Ok(summary)
}

/// Writes one file-based part; returns the number of entities (targets) written.
fn write_file(
    format: Format,
    docs: &[PreparedDocument],
    filter: &EntityFilter,
    labels: &[String],
    sink: &mut Sink,
) -> std::io::Result<usize> {
    match format {
        Format::Conll => columns::write_columns(docs, columns::ColumnStyle::Conll2003, sink),
        Format::Iob2 => columns::write_columns(docs, columns::ColumnStyle::TwoColumns(tokens::TagScheme::Iob2), sink),
        Format::Bioes => columns::write_columns(docs, columns::ColumnStyle::TwoColumns(tokens::TagScheme::Bioes), sink),
        Format::Hf => columns::write_hf(docs, labels, sink),
        Format::Spacy => spacy::write(docs, sink),
        Format::LabelStudio => label_studio::write_tasks(docs, sink),
        Format::Prodigy => spans::write_prodigy(docs, sink),
        Format::Doccano => spans::write_doccano(docs, sink),
        Format::Newsmtsc => newsmtsc::write(docs, filter, sink),
        Format::Brat => unreachable!("brat writes a directory"),
    }
}

/// The labels a label list or labelling config names: `--labels` as given, else slant's four
/// and any other label found in the input (sorted), so ids stay the same across corpora.
pub(crate) fn label_list(documents: &[TaggedDocument], filter: &EntityFilter) -> Vec<String> {
    if let Some(labels) = &filter.labels {
        return labels.clone();
    }
    let mut extra: Vec<&str> = documents
        .iter()
        .flat_map(|d| d.entities.iter().map(|e| e.label.as_str()))
        .filter(|l| !STANDARD_LABELS.contains(l))
        .collect();
    extra.sort_unstable();
    extra.dedup();
    STANDARD_LABELS.iter().copied().chain(extra).map(String::from).collect()
}

/// Output written under a temporary name, renamed into place once every part is done.
enum Staged {
    File(Sink),
    Directory(brat::StagedDirectory),
}

impl Staged {
    fn commit(self) -> Result<(), ExportError> {
        match self {
            Staged::File(sink) => {
                let target = sink.target().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("-"));
                sink.finish().map(drop).map_err(ExportError::io(&target))
            }
            Staged::Directory(dir) => dir.commit(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str, entities: &[(usize, usize, &str, Option<f32>)]) -> TaggedDocument {
        serde_json::from_value(serde_json::json!({
            "id": "d",
            "text": text,
            "entities": entities.iter().map(|&(s, e, l, score)| serde_json::json!({
                "start": s, "end": e, "text": text.chars().skip(s).take(e - s).collect::<String>(), "label": l, "score": score
            })).collect::<Vec<_>>(),
        }))
        .unwrap()
    }

    #[test]
    fn filter_keeps_labels_and_scores_and_resolves_overlaps() {
        let d = doc(
            "“Marco Rubio” met Lavrov in Alaska.",
            &[(1, 12, "PER", Some(0.9)), (7, 12, "PER", Some(0.8)), (18, 24, "PER", Some(0.4)), (28, 34, "LOC", None)],
        );
        let all = EntityFilter::default().prepare(&d);
        assert_eq!(
            all.entities.iter().map(|e| (e.start, e.end)).collect::<Vec<_>>(),
            vec![(1, 12), (18, 24), (28, 34)]
        );
        let confident = EntityFilter { min_score: Some(0.5), labels: None }.prepare(&d);
        assert_eq!(confident.entities.iter().map(|e| e.start).collect::<Vec<_>>(), vec![1, 28]);
        let places = EntityFilter { min_score: None, labels: Some(vec!["LOC".into()]) }.prepare(&d);
        assert_eq!(places.entities.iter().map(|e| e.label).collect::<Vec<_>>(), vec!["LOC"]);
    }

    #[test]
    fn filter_trims_whitespace_around_spans() {
        let d = doc("met\u{a0}Lavrov today", &[(3, 10, "PER", None), (10, 11, "PER", None)]);
        let prepared = EntityFilter::default().prepare(&d);
        assert_eq!(prepared.entities.iter().map(|e| (e.start, e.end)).collect::<Vec<_>>(), vec![(4, 10)]);
    }

    #[test]
    fn label_list_puts_slant_labels_first() {
        let d = doc("Acme sells Widgets", &[(0, 4, "ORG", None), (11, 18, "PRODUCT", None)]);
        assert_eq!(
            label_list(std::slice::from_ref(&d), &EntityFilter::default()),
            ["PER", "ORG", "LOC", "MISC", "PRODUCT"]
        );
        let only = EntityFilter { min_score: None, labels: Some(vec!["ORG".into()]) };
        assert_eq!(label_list(&[d], &only), ["ORG"]);
    }
}
