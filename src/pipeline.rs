//! Pipeline: the stages in their fixed order over one [`Document`], and the corpus runner that
//! feeds ingested documents through them in parallel while writing records in input order.
//!
//! Stage order: ingest (done before) → extract → segment → (ner → actors → tone, in later
//! stages). Setup that costs (models, thread pools) happens once in [`Pipeline::new`]. The library
//! never prints: the caller sees progress, errors and warnings through [`Progress`].

use crate::document::{DocError, Document, ErrorKind, RawDocument};
use crate::extract::{self, ExtractOptions};
use crate::ingest::IngestItem;
use crate::model::ModelError;
use crate::ner::NerModel;
use crate::output::{self, Provenance, RecordOptions, Sink};
use crate::segment;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Everything that configures the stages, fixed for a run.
#[derive(Debug, Clone, Default)]
pub struct PipelineOptions {
    pub extract: ExtractOptions,
    pub record: RecordOptions,
    /// NER model directory (or [`RUST_BERT_CONLL03`]); `None` leaves `entities` empty.
    pub ner_model: Option<PathBuf>,
    pub device: Option<tch::Device>,
}

/// The `--ner-model` value that selects rust-bert's pretrained hub model (feature `hub`).
pub const RUST_BERT_CONLL03: &str = "rust-bert:conll03";

/// Entity recognition, from slant's own model or (feature `hub`) rust-bert's pretrained one.
enum NerStage {
    Slant(NerModel),
    #[cfg(feature = "hub")]
    Hub(crate::ner::hub::HubNer),
}

impl NerStage {
    fn load(source: &std::path::Path, device: tch::Device) -> Result<(Self, String), ModelError> {
        if source.as_os_str() == RUST_BERT_CONLL03 {
            #[cfg(feature = "hub")]
            return Ok((NerStage::Hub(crate::ner::hub::HubNer::conll03(device)?), RUST_BERT_CONLL03.to_string()));
            #[cfg(not(feature = "hub"))]
            return Err(ModelError::File {
                path: source.to_path_buf(),
                message: "this slant was built without the `hub` feature (cargo build --features hub)".into(),
            });
        }
        let model = NerModel::load(source, device)?;
        let name = model.name().to_string();
        Ok((NerStage::Slant(model), name))
    }

    fn annotate_all(&self, docs: &mut [&mut Document]) -> Result<(), ModelError> {
        match self {
            NerStage::Slant(model) => model.annotate_all(docs),
            #[cfg(feature = "hub")]
            NerStage::Hub(model) => model.annotate_all(docs),
        }
    }
}

/// The configured stages, with models loaded once.
pub struct Pipeline {
    options: PipelineOptions,
    ner: Option<NerStage>,
    provenance_models: BTreeMap<&'static str, String>,
}

impl Pipeline {
    /// Sets up the stages; loads the models the options name.
    pub fn new(options: PipelineOptions) -> Result<Self, ModelError> {
        let device = options.device.unwrap_or(tch::Device::Cpu);
        let mut provenance_models = BTreeMap::new();
        let ner = match options.ner_model.as_deref() {
            Some(source) => {
                let (stage, name) = NerStage::load(source, device)?;
                provenance_models.insert("ner", name);
                Some(stage)
            }
            None => None,
        };
        Ok(Self { options, ner, provenance_models })
    }

    /// Runs every stage over one raw document.
    pub fn process(&self, raw: &RawDocument) -> Result<Document, DocError> {
        let mut doc = text_stages(&self.options, raw)?;
        match self.model_stages(&mut [&mut doc]) {
            Ok(()) => Ok(doc),
            Err(err) => Err(model_failure(&doc, &err.to_string())),
        }
    }

    /// Runs the model stages over many documents at once (sentences batched across them).
    pub fn model_stages(&self, docs: &mut [&mut Document]) -> Result<(), ModelError> {
        if let Some(ner) = &self.ner {
            ner.annotate_all(docs)?;
        }
        Ok(())
    }
}

/// The `slant` block of a record (no model in it, so records serialize on any thread).
fn provenance(
    options: &PipelineOptions,
    models: &BTreeMap<&'static str, String>,
    kind: Option<crate::document::ContentKind>,
) -> Provenance {
    Provenance {
        version: env!("CARGO_PKG_VERSION"),
        extractor: kind.map_or("none", |k| extract::extractor_name(k, &options.extract)),
        models: models.clone(),
    }
}

/// The stages that need no model, for one document: safe to run on many threads at once.
fn text_stages(options: &PipelineOptions, raw: &RawDocument) -> Result<Document, DocError> {
    let mut doc = Document::from_raw(raw);
    extract::extract(raw, &mut doc, &options.extract)?;
    doc.sentences = segment::segment(&doc.text);
    Ok(doc)
}

fn model_failure(doc: &Document, message: &str) -> DocError {
    DocError { id: doc.id.clone(), source: doc.source.clone(), kind: ErrorKind::Model, message: message.to_string() }
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
    // A fixed batch size, so model batches (and so results) do not depend on the thread count.
    let batch_size = 64;
    let mut summary = Summary::default();
    let mut items = items.peekable();
    while items.peek().is_some() {
        let batch: Vec<IngestItem> = items.by_ref().take(batch_size).collect();
        let options = &pipeline.options;
        let mut processed: Vec<Result<Document, DocError>> = batch
            .par_iter()
            .map(|item| item.as_ref().map_err(Clone::clone).and_then(|raw| text_stages(options, raw)))
            .collect();
        let mut docs: Vec<&mut Document> = processed.iter_mut().filter_map(|r| r.as_mut().ok()).collect();
        if let Err(err) = pipeline.model_stages(&mut docs) {
            let message = err.to_string();
            for result in processed.iter_mut() {
                if let Ok(doc) = result {
                    *result = Err(model_failure(doc, &message));
                }
            }
        }
        let models = &pipeline.provenance_models;
        let lines: Vec<String> = processed
            .par_iter()
            .zip(batch.par_iter())
            .map(|(result, item)| match result {
                Ok(doc) => output::document_record(doc, &provenance(options, models, Some(doc.kind)), options.record),
                Err(err) => output::error_record(err, &provenance(options, models, item.as_ref().ok().map(|r| r.kind))),
            })
            .collect();
        let results = processed.into_iter().zip(lines);
        for (processed, line) in results {
            sink.write_line(&line)?;
            summary.documents += 1;
            match &processed {
                Ok(doc) => {
                    summary.ok += 1;
                    summary.sentences += doc.sentences.len() as u64;
                    summary.words += doc.sentences.iter().map(|s| s.tokens.len() as u64).sum::<u64>();
                    summary.warnings += doc.warnings.len() as u64;
                    for w in &doc.warnings {
                        progress.document_warning(doc, w);
                    }
                }
                Err(err) => {
                    summary.failed += 1;
                    *summary.errors.entry(err.kind.as_str().to_string()).or_default() += 1;
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
