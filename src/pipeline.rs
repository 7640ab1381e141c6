//! Pipeline: the stages in their fixed order over one [`Document`], and the corpus runner that
//! feeds ingested documents through them in parallel while writing records in input order.
//!
//! Stage order: ingest (done before) → extract → segment → ner → actors → tone. Extract and
//! segment run per document on many threads; the model stages run per batch of documents, with
//! sentences from all of them batched together. Actors are linked across the whole corpus, so
//! when the actor stage is on, records are written once every document has been read. Setup
//! that costs (models) happens once in [`Pipeline::new`]. The library never prints: the caller
//! sees progress, errors and warnings through [`Progress`].

use crate::actors::{self, Aliases};
use crate::document::{ContentKind, DocError, Document, ErrorKind, RawDocument};
use crate::extract::{self, ExtractOptions};
use crate::ingest::IngestItem;
use crate::model::ModelError;
use crate::ner::NerModel;
use crate::output::{self, Provenance, RecordOptions, Sink};
use crate::segment;
use crate::tone::{self, Target, ToneModel};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Everything that configures the stages, fixed for a run.
#[derive(Debug, Clone, Default)]
pub struct PipelineOptions {
    pub extract: ExtractOptions,
    pub record: RecordOptions,
    /// NER model directory (or [`RUST_BERT_CONLL03`]); `None` leaves `entities` and `actors` empty.
    pub ner_model: Option<PathBuf>,
    /// Tone model directory; `None` leaves actors without tone.
    pub tone_model: Option<PathBuf>,
    /// Alias table for actor grouping (defaults plus the user's `--aliases`).
    pub aliases: Aliases,
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
    tone: Option<ToneModel>,
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
        let tone = match (&ner, options.tone_model.as_deref()) {
            (Some(_), Some(dir)) => {
                let model = ToneModel::load(dir, device)?;
                provenance_models.insert("tone", model.name().to_string());
                Some(model)
            }
            _ => None,
        };
        Ok(Self { options, ner, tone, provenance_models })
    }

    /// Whether actors are grouped (they need entities), which links them across the corpus.
    pub fn has_actors(&self) -> bool {
        self.ner.is_some()
    }

    /// Runs every stage over one raw document (its actors linked within itself only).
    pub fn process(&self, raw: &RawDocument) -> Result<Document, DocError> {
        let mut doc = text_stages(&self.options, raw)?;
        match self.model_stages(&mut [&mut doc]) {
            Ok(()) => {
                self.finish_corpus(&mut [&mut doc]);
                Ok(doc)
            }
            Err(err) => Err(model_failure(&doc, &err.to_string())),
        }
    }

    /// Runs the per-document model stages over many documents at once: entities, actors within
    /// each document, and the tone of every actor mention (sentences batched across documents).
    pub fn model_stages(&self, docs: &mut [&mut Document]) -> Result<(), ModelError> {
        let Some(ner) = &self.ner else { return Ok(()) };
        ner.annotate_all(docs)?;
        for doc in docs.iter_mut() {
            doc.actors = actors::group_document(doc, &self.options.aliases);
        }
        if let Some(tone) = &self.tone {
            score_mentions(tone, docs)?;
        }
        Ok(())
    }

    /// Corpus-level steps once every document is in: canonical actors across documents, then
    /// each article's tone toward each actor.
    pub fn finish_corpus(&self, docs: &mut [&mut Document]) {
        if !self.has_actors() {
            return;
        }
        let mut all: Vec<Vec<actors::Actor>> = docs.iter_mut().map(|d| std::mem::take(&mut d.actors)).collect();
        actors::link_corpus(&mut all);
        for (doc, doc_actors) in docs.iter_mut().zip(all) {
            doc.actors = doc_actors;
            let spans: Vec<_> = doc.sentences.iter().map(|s| s.span).collect();
            for actor in &mut doc.actors {
                if let Some((tone, evidence)) = tone::aggregate::aggregate(actor, &spans) {
                    actor.tone = Some(tone);
                    actor.evidence = evidence;
                }
            }
            // Most mentioned first; ties by first appearance.
            doc.actors.sort_by(|a, b| {
                b.mentions.len().cmp(&a.mentions.len()).then(a.mentions[0].span.start.cmp(&b.mentions[0].span.start))
            });
        }
    }
}

/// Scores every actor mention's tone, batched across documents.
fn score_mentions(model: &ToneModel, docs: &mut [&mut Document]) -> Result<(), ModelError> {
    let mut targets = Vec::new();
    for doc in docs.iter() {
        for actor in &doc.actors {
            for m in &actor.mentions {
                let sentence = doc.sentences[m.sentence].span;
                let text = sentence.slice(&doc.text);
                targets.push(Target {
                    sentence: text,
                    start: m.span.start - sentence.start,
                    end: m.span.end - sentence.start,
                });
            }
        }
    }
    let mut probs = model.predict(&targets)?.into_iter();
    for doc in docs.iter_mut() {
        for actor in &mut doc.actors {
            for m in &mut actor.mentions {
                m.tone = probs.next();
            }
        }
    }
    Ok(())
}

/// The `slant` block of a record (no model in it, so records serialize on any thread).
fn provenance(
    options: &PipelineOptions,
    models: &BTreeMap<&'static str, String>,
    kind: Option<ContentKind>,
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
    /// `done` documents (ok or failed) have been processed so far.
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
    pub entities: u64,
    pub actors: u64,
    /// Failed documents per error kind.
    pub errors: BTreeMap<String, u64>,
    /// Set when `strict` stopped the run at the first error.
    pub stopped_early: bool,
    #[serde(skip)]
    pub elapsed: Duration,
}

/// One processed input: the document or its error, and the raw content kind for provenance.
type Processed = (Result<Document, DocError>, Option<ContentKind>);

/// Runs the pipeline over a stream of ingested documents and writes one record each to `sink`.
///
/// Documents are processed in parallel in batches of a fixed size; records are written in input
/// order, so the output does not depend on the thread count. With actors on, records are held
/// until the corpus is read (actors are linked across it). With `strict`, the run stops at the
/// first failed document.
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
    let mut held: Vec<Processed> = Vec::new();
    let mut done = 0;
    let mut items = items.peekable();
    while items.peek().is_some() {
        let batch: Vec<IngestItem> = items.by_ref().take(batch_size).collect();
        let options = &pipeline.options;
        let mut processed: Vec<Processed> = batch
            .par_iter()
            .map(|item| {
                let kind = item.as_ref().ok().map(|r| r.kind);
                (item.as_ref().map_err(Clone::clone).and_then(|raw| text_stages(options, raw)), kind)
            })
            .collect();
        let mut docs: Vec<&mut Document> = processed.iter_mut().filter_map(|(r, _)| r.as_mut().ok()).collect();
        if let Err(err) = pipeline.model_stages(&mut docs) {
            let message = err.to_string();
            for (result, _) in processed.iter_mut() {
                if let Ok(doc) = result {
                    *result = Err(model_failure(doc, &message));
                }
            }
        }
        done += processed.len() as u64;
        progress.documents_done(done);
        let failed_here = processed.iter().any(|(r, _)| r.is_err());
        if pipeline.has_actors() {
            held.extend(processed);
            if strict && failed_here {
                break;
            }
        } else if write(pipeline, processed, sink, progress, strict, &mut summary)? {
            break;
        }
    }
    if pipeline.has_actors() {
        let mut docs: Vec<&mut Document> = held.iter_mut().filter_map(|(r, _)| r.as_mut().ok()).collect();
        pipeline.finish_corpus(&mut docs);
        write(pipeline, held, sink, progress, strict, &mut summary)?;
    }
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Serializes and writes records in order, counting them; returns whether `strict` stopped it.
fn write(
    pipeline: &Pipeline,
    processed: Vec<Processed>,
    sink: &mut Sink,
    progress: &dyn Progress,
    strict: bool,
    summary: &mut Summary,
) -> std::io::Result<bool> {
    let options = &pipeline.options;
    let models = &pipeline.provenance_models;
    let lines: Vec<String> = processed
        .par_iter()
        .map(|(result, kind)| match result {
            Ok(doc) => output::document_record(doc, &provenance(options, models, Some(doc.kind)), options.record),
            Err(err) => output::error_record(err, &provenance(options, models, *kind)),
        })
        .collect();
    for ((result, _), line) in processed.into_iter().zip(lines) {
        sink.write_line(&line)?;
        summary.documents += 1;
        match &result {
            Ok(doc) => {
                summary.ok += 1;
                summary.sentences += doc.sentences.len() as u64;
                summary.words += doc.sentences.iter().map(|s| s.tokens.len() as u64).sum::<u64>();
                summary.entities += doc.entities.len() as u64;
                summary.actors += doc.actors.len() as u64;
                summary.warnings += doc.warnings.len() as u64;
                for w in &doc.warnings {
                    progress.document_warning(doc, w);
                }
            }
            Err(err) => {
                summary.failed += 1;
                *summary.errors.entry(err.kind.as_str().to_string()).or_default() += 1;
                progress.document_failed(err);
                if strict {
                    summary.stopped_early = true;
                    return Ok(true);
                }
            }
        }
    }
    Ok(false)
}
