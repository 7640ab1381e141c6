//! Pipeline: the stages in their fixed order over one [`Document`], and the corpus runner that
//! feeds ingested documents through them in parallel while writing records in input order.
//!
//! Stage order: ingest (done before) → extract → segment → (ner → actors → tone, in later
//! stages). Setup that costs (models, thread pools) happens once in [`Pipeline::new`]. The library
//! never prints: the caller sees progress, errors and warnings through [`Progress`].

use crate::document::{DocError, Document, RawDocument};
use crate::extract::{self, ExtractOptions};
use crate::ingest::IngestItem;
use crate::output::{self, Provenance, RecordOptions, Sink};
use crate::segment;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// Everything that configures the stages, fixed for a run.
#[derive(Debug, Clone, Default)]
pub struct PipelineOptions {
    pub extract: ExtractOptions,
    pub record: RecordOptions,
}

/// The configured stages.
pub struct Pipeline {
    options: PipelineOptions,
}

impl Pipeline {
    pub fn new(options: PipelineOptions) -> Self {
        Self { options }
    }

    /// Runs every stage over one raw document.
    pub fn process(&self, raw: &RawDocument) -> Result<Document, DocError> {
        let mut doc = Document::from_raw(raw);
        extract::extract(raw, &mut doc, &self.options.extract)?;
        doc.sentences = segment::segment(&doc.text);
        Ok(doc)
    }

    fn provenance(&self, raw_kind: Option<crate::document::ContentKind>) -> Provenance {
        Provenance {
            version: env!("CARGO_PKG_VERSION"),
            extractor: raw_kind.map_or("none", |k| {
                extract::extractor_name(k, &self.options.extract)
            }),
            models: BTreeMap::new(),
        }
    }
}

/// What the caller is told while a corpus runs.
pub trait Progress: Sync {
    /// `done` documents (ok or failed) have been written so far.
    fn documents_done(&self, _done: u64) {}
    fn document_failed(&self, _error: &DocError) {}
    fn document_warning(&self, _doc: &Document, _warning: &str) {}
}

/// Ignores everything (library use, `--quiet`).
pub struct Silent;
impl Progress for Silent {}

/// Counts of a finished (or stopped) run. `documents == ok + failed` always.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Summary {
    pub documents: u64,
    pub ok: u64,
    pub failed: u64,
    pub warnings: u64,
    pub sentences: u64,
    pub words: u64,
    /// Failed documents per error kind.
    pub errors: BTreeMap<String, u64>,
    /// Set when `strict` stopped the run at the first error.
    pub stopped_early: bool,
    #[serde(skip)]
    pub elapsed: Duration,
}

/// Runs the pipeline over a stream of ingested documents and writes one record each to `sink`.
///
/// Documents are processed in parallel in batches; records are written in input order, so the
/// output does not depend on the thread count. With `strict`, the run stops at the first failed
/// document (its error record is still written).
pub fn run_corpus(
    pipeline: &Pipeline,
    items: impl Iterator<Item = IngestItem>,
    sink: &mut Sink,
    progress: &dyn Progress,
    strict: bool,
) -> std::io::Result<Summary> {
    let started = Instant::now();
    let batch_size = (rayon::current_num_threads() * 8).max(16);
    let mut summary = Summary::default();
    let mut items = items.peekable();
    while items.peek().is_some() {
        let batch: Vec<IngestItem> = items.by_ref().take(batch_size).collect();
        let results: Vec<(Result<Document, DocError>, String)> = batch
            .par_iter()
            .map(|item| {
                let processed = item
                    .as_ref()
                    .map_err(Clone::clone)
                    .and_then(|raw| pipeline.process(raw));
                let line = match &processed {
                    Ok(doc) => output::document_record(
                        doc,
                        &pipeline.provenance(Some(doc.kind)),
                        pipeline.options.record,
                    ),
                    Err(err) => output::error_record(
                        err,
                        &pipeline.provenance(item.as_ref().ok().map(|r| r.kind)),
                    ),
                };
                (processed, line)
            })
            .collect();
        for (processed, line) in results {
            sink.write_line(&line)?;
            summary.documents += 1;
            match &processed {
                Ok(doc) => {
                    summary.ok += 1;
                    summary.sentences += doc.sentences.len() as u64;
                    summary.words += doc
                        .sentences
                        .iter()
                        .map(|s| s.tokens.len() as u64)
                        .sum::<u64>();
                    summary.warnings += doc.warnings.len() as u64;
                    for w in &doc.warnings {
                        progress.document_warning(doc, w);
                    }
                }
                Err(err) => {
                    summary.failed += 1;
                    *summary
                        .errors
                        .entry(err.kind.as_str().to_string())
                        .or_default() += 1;
                    progress.document_failed(err);
                }
            }
            progress.documents_done(summary.documents);
            if strict && processed.is_err() {
                summary.stopped_early = true;
                summary.elapsed = started.elapsed();
                return Ok(summary);
            }
        }
    }
    summary.elapsed = started.elapsed();
    Ok(summary)
}
