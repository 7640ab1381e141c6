//! Pipeline: the stages in their fixed order over one [`Document`], with models loaded once.
//!
//! Stage order: ingest (done before) → extract → segment → ner → actors → tone. Extract and
//! segment need no model and run per document ([`text_stages`], safe on many threads); the model
//! stages run per batch of documents, with sentences from all of them batched together
//! ([`Pipeline::model_stages`]): entities, actors with their ids and salience, mention tone and
//! article tone, all on the [`Document`]. [`Pipeline::records`] turns the result into an output
//! record; linking across the corpus and running a whole corpus are [`crate::link`]'s and
//! [`crate::corpus`]'s. The library never prints.

use crate::actors;
use crate::document::{ContentKind, DocError, Document, ErrorKind, RawDocument};
use crate::extract;
use crate::language;
use crate::model::ModelError;
use crate::ner::{self, NerModel};
use crate::output::{self, RecordOptions};
use crate::records::{Provenance, Record};
use crate::segment;
use crate::tone::aggregate::Aggregator;
use crate::tone::{SentenceTargets, ToneModel};

// The types the options are made of, so that a library user can name them from here.
pub use crate::actors::{AliasError, Aliases};
pub use crate::extract::{ExtractOptions, HtmlExtractor};
pub use crate::model::Precision;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

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
    /// What the encoders compute in (`Auto`: bf16 where the CPU has it natively, else fp32).
    pub precision: Precision,
    /// Run the models on bodies identified as another language than theirs too (`slant tag
    /// --any-language`); by default such a body gets no entities or actors, and a warning.
    pub any_language: bool,
}

impl PipelineOptions {
    /// What `slant tag` runs by default: the shipped NER and tone models and alias table, from
    /// the models directory found as the CLI finds it (`models_dir`, else `$SLANT_MODELS`, else
    /// beside the binary, else the build checkout; see [`crate::locate`]).
    pub fn shipped(models_dir: Option<&std::path::Path>) -> Result<Self, SetupError> {
        let models = crate::locate::models_dir(models_dir)?;
        Ok(Self {
            ner_model: Some(models.join("ner")),
            tone_model: Some(models.join("tone")),
            aliases: Aliases::load_shipped(&models)?,
            ..Self::default()
        })
    }

    /// Whether the models run on this document: its language is theirs, or could not be told,
    /// or `any_language` is set.
    pub fn models_read(&self, doc: &Document) -> bool {
        self.any_language || doc.language.is_none_or(|language| language.is_models_language())
    }
}

/// Why the shipped set-up could not be found.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error(transparent)]
    Locate(#[from] crate::locate::LocateError),
    #[error(transparent)]
    Aliases(#[from] crate::actors::AliasError),
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
    fn load(
        source: &std::path::Path,
        device: tch::Device,
        precision: Precision,
    ) -> Result<(Self, String, Precision), ModelError> {
        if source.as_os_str() == RUST_BERT_CONLL03 {
            #[cfg(feature = "hub")]
            return Ok((
                NerStage::Hub(crate::ner::hub::HubNer::conll03(device)?),
                RUST_BERT_CONLL03.to_string(),
                Precision::Fp32,
            ));
            #[cfg(not(feature = "hub"))]
            return Err(ModelError::File {
                path: source.to_path_buf(),
                message: "this slant was built without the `hub` feature (cargo build --features hub)".into(),
            });
        }
        let mut model = NerModel::load(source, device)?;
        let precision = model.set_precision(precision)?;
        let name = model.name().to_string();
        Ok((NerStage::Slant(model), name, precision))
    }

    fn annotate_all(&self, docs: &mut [&mut Document]) -> Result<(), ModelError> {
        match self {
            NerStage::Slant(model) => model.annotate_all(docs)?,
            #[cfg(feature = "hub")]
            NerStage::Hub(model) => model.annotate_all(docs)?,
        }
        for doc in docs.iter_mut() {
            doc.entities = ner::repair_spans(&doc.text, std::mem::take(&mut doc.entities));
        }
        Ok(())
    }
}

/// The configured stages, with models loaded once.
pub struct Pipeline {
    options: PipelineOptions,
    ner: Option<NerStage>,
    tone: Option<ToneModel>,
    provenance_models: BTreeMap<String, String>,
    /// The precision the encoders run in (`None` without a model).
    precision: Option<Precision>,
}

impl Pipeline {
    /// Sets up the stages; loads the models the options name.
    pub fn new(options: PipelineOptions) -> Result<Self, ModelError> {
        let device = options.device.unwrap_or(tch::Device::Cpu);
        let mut provenance_models = BTreeMap::new();
        let mut precision = None;
        let ner = match options.ner_model.as_deref() {
            Some(source) => {
                let (stage, name, runs) = NerStage::load(source, device, options.precision)?;
                provenance_models.insert("ner".to_string(), name);
                precision = Some(runs);
                Some(stage)
            }
            None => None,
        };
        let tone = match (&ner, options.tone_model.as_deref()) {
            (Some(_), Some(dir)) => {
                let mut model = ToneModel::load(dir, device)?;
                precision = Some(model.set_precision(options.precision)?);
                provenance_models.insert("tone".to_string(), model.name().to_string());
                Some(model)
            }
            _ => None,
        };
        Ok(Self { options, ner, tone, provenance_models, precision })
    }

    /// The article tone aggregator: the tone model's own, else the shipped one.
    pub fn aggregator(&self) -> &Aggregator {
        match &self.tone {
            Some(tone) => tone.aggregator(),
            None => Aggregator::shipped(),
        }
    }

    /// The precision the encoders run in (`None` when no model is loaded).
    pub fn precision(&self) -> Option<Precision> {
        self.precision
    }

    /// Whether actors are grouped (they need entities), which links them across the corpus.
    pub fn has_actors(&self) -> bool {
        self.ner.is_some()
    }

    /// Tags one document: the record `slant tag` writes when this is the only document of the
    /// run (actors linked, tone, salience; an `error` record when the document fails).
    ///
    /// # Example
    ///
    /// ```
    /// use slant::document::{ContentKind, RawDocument};
    /// use slant::pipeline::{Pipeline, PipelineOptions};
    /// use slant::records::Record;
    ///
    /// let pipeline = Pipeline::new(PipelineOptions::shipped(None)?)?;
    /// let text = "Marco Rubio met Sergey Lavrov in Istanbul. Rubio said he was pleased.";
    /// let raw = RawDocument::new("a1", text).with_kind(ContentKind::Body);
    /// let Record::Ok(record) = pipeline.tag(&raw) else { panic!("the document failed") };
    /// let rubio = record.actors.iter().find(|a| a.id == "per:marco-rubio").unwrap();
    /// assert_eq!(rubio.mentions.len(), 3); // "Marco Rubio", "Rubio", "he"
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn tag(&self, raw: &RawDocument) -> Record {
        self.tag_all(std::slice::from_ref(raw)).pop().expect("one record per document")
    }

    /// Tags documents as one `slant tag` run over exactly these documents writes them, in
    /// order, with actors linked across them. All of them are held in memory: for a corpus, use
    /// [`crate::corpus::run_corpus`], which journals to disk.
    pub fn tag_all(&self, raws: &[RawDocument]) -> Vec<Record> {
        let mut results: Vec<(Result<Document, DocError>, ContentKind)> =
            raws.iter().map(|raw| (text_stages(&self.options, raw), raw.kind)).collect();
        self.model_stages_isolated(results.iter_mut().map(|(result, _)| result));
        let maker = self.records();
        let mut records: Vec<Record> = results.iter().map(|(result, kind)| maker.record(result, Some(*kind))).collect();
        if self.has_actors() {
            let mut table = crate::link::NameTable::default();
            records.iter().for_each(|r| {
                if let Record::Ok(doc) = r {
                    table.observe(doc)
                }
            });
            for record in &mut records {
                if let Record::Ok(doc) = record {
                    crate::link::finish(doc, &table, self.aggregator());
                }
            }
        }
        records
    }

    /// Runs every stage over one raw document: its actors are grouped within it, with ids,
    /// salience, mention tone and article tone (see [`Pipeline::records`] for its record, [`Pipeline::tag`] for the
    /// record linked as `slant tag` writes it).
    pub fn process(&self, raw: &RawDocument) -> Result<Document, DocError> {
        let mut doc = text_stages(&self.options, raw)?;
        match self.model_stages(&mut [&mut doc]) {
            Ok(()) => Ok(doc),
            Err(err) => Err(model_failure(&doc, &err.to_string())),
        }
    }

    /// Runs the per-document model stages over many documents at once: entities, actors within
    /// each document with their pronouns and role nouns ([`crate::coref`]), the tone of every
    /// actor mention, names and the rest alike (sentences batched across documents), then each
    /// actor's id, salience (`actors::finish_document`) and article tone.
    pub fn model_stages(&self, docs: &mut [&mut Document]) -> Result<(), ModelError> {
        let Some(ner) = &self.ner else { return Ok(()) };
        // The English models read only what is English or could not be told apart from it.
        let mut docs: Vec<&mut Document> =
            docs.iter_mut().filter(|doc| self.options.models_read(doc)).map(|doc| &mut **doc).collect();
        let docs = &mut docs[..];
        ner.annotate_all(docs)?;
        for doc in docs.iter_mut() {
            actors::add_known_entities(doc, &self.options.aliases);
            doc.actors = actors::group_document(doc, &self.options.aliases);
            crate::coref::resolve(doc);
            actors::resolve_capitals(doc, &self.options.aliases);
            actors::resolve_country_nouns(doc, &self.options.aliases);
            actors::resolve_place_nouns(doc, &self.options.aliases);
            actors::resolve_team_places(doc);
        }
        // Mention tone before the actors are merged and ordered: sentences are batched in the
        // order grouping leaves the actors in.
        if let Some(tone) = &self.tone {
            score_mentions(tone, docs)?;
        }
        for doc in docs.iter_mut() {
            actors::finish_document(doc);
            crate::tone::aggregate::article_tone(doc, self.aggregator());
        }
        Ok(())
    }

    /// [`Self::model_stages`] over the documents among `results`, as one batch; when the batch
    /// fails (an error or a panic), each document again on its own, so one bad document costs
    /// only itself: its result becomes a `model` error.
    pub fn model_stages_isolated<'d>(&self, results: impl Iterator<Item = &'d mut Result<Document, DocError>>) {
        isolated(results, |docs| self.model_stages(docs));
    }

    /// What turns this pipeline's results into records (holds no model, so it can be used on
    /// many threads).
    pub fn records(&self) -> RecordMaker<'_> {
        RecordMaker { options: &self.options, models: &self.provenance_models, precision: self.precision }
    }

    pub fn options(&self) -> &PipelineOptions {
        &self.options
    }
}

/// Makes output records from a pipeline's results.
#[derive(Clone, Copy)]
pub struct RecordMaker<'p> {
    options: &'p PipelineOptions,
    models: &'p BTreeMap<String, String>,
    precision: Option<Precision>,
}

impl RecordMaker<'_> {
    /// The output record of a processed document or of its error, with actors as the document
    /// stages left them (ids, tone and salience within the document; [`crate::link`] links them
    /// across the corpus). `kind` is the raw content kind, for the provenance of errors.
    pub fn record(&self, result: &Result<Document, DocError>, kind: Option<ContentKind>) -> Record {
        match result {
            Ok(doc) => Record::Ok(Box::new(output::document_record(
                doc,
                &self.provenance(Some(doc.kind)),
                self.options.record,
            ))),
            Err(err) => Record::Error(output::error_record(err, &self.provenance(kind))),
        }
    }

    /// The `slant` block of a record.
    fn provenance(&self, kind: Option<ContentKind>) -> Provenance {
        Provenance {
            version: env!("CARGO_PKG_VERSION").to_string(),
            extractor: kind.map_or("none", |k| extract::extractor_name(k, &self.options.extract)).to_string(),
            models: self.models.clone(),
            precision: self.precision.map(|p| p.as_str().to_string()),
            linked: false,
        }
    }
}

/// Scores every actor mention's tone, batched across documents; a sentence's mentions are read
/// together.
fn score_mentions(model: &ToneModel, docs: &mut [&mut Document]) -> Result<(), ModelError> {
    let mut sentences: Vec<SentenceTargets> = Vec::new();
    // For each mention in document, actor, mention order: its sentence's entry and target index.
    let mut slots: Vec<(usize, usize)> = Vec::new();
    for doc in docs.iter() {
        let first = sentences.len();
        let mut entry_of: HashMap<usize, usize> = HashMap::new();
        for actor in &doc.actors {
            for m in &actor.mentions {
                let sentence = doc.sentences[m.sentence].span;
                let entry = *entry_of.entry(m.sentence).or_insert_with(|| {
                    sentences.push(SentenceTargets { sentence: sentence.slice(&doc.text), targets: Vec::new() });
                    sentences.len() - 1
                });
                debug_assert!(entry >= first);
                let targets = &mut sentences[entry].targets;
                targets.push(m.span.start - sentence.start..m.span.end - sentence.start);
                slots.push((entry, targets.len() - 1));
            }
        }
    }
    let probs = model.predict_sentences(&sentences)?;
    let mut slots = slots.into_iter();
    for doc in docs.iter_mut() {
        for actor in &mut doc.actors {
            for m in &mut actor.mentions {
                m.tone = slots.next().map(|(s, t)| probs[s][t]);
            }
        }
    }
    Ok(())
}

/// The stages that need no model, for one document: safe to run on many threads at once. A panic
/// in them becomes an `internal` error for this document (`crate::guard`).
pub fn text_stages(options: &PipelineOptions, raw: &RawDocument) -> Result<Document, DocError> {
    crate::guard::catch(|| unguarded_text_stages(options, raw)).unwrap_or_else(|message| {
        Err(DocError {
            id: raw.id.clone(),
            source: raw.source.clone(),
            kind: ErrorKind::Internal,
            message: format!("text stages failed: {message}"),
        })
    })
}

fn unguarded_text_stages(options: &PipelineOptions, raw: &RawDocument) -> Result<Document, DocError> {
    let mut doc = Document::from_raw(raw);
    extract::extract(raw, &mut doc, &options.extract)?;
    doc.sentences = segment::segment(&doc.text);
    doc.language = language::identify(&doc.text);
    if let Some(language) = doc.language.filter(|_| options.ner_model.is_some() && !options.models_read(&doc)) {
        doc.warnings.push(format!(
            "the body reads as language {} (confidence {:.2}) and the NER and tone models read English \
             only: no entities or actors (slant tag --any-language runs them anyway)",
            language.code, language.confidence
        ));
    }
    Ok(doc)
}

/// Runs `stage` over the documents among `results` as one batch; when that fails, over each on
/// its own, and a document that still fails becomes a `model` error.
fn isolated<'d>(
    results: impl Iterator<Item = &'d mut Result<Document, DocError>>,
    stage: impl Fn(&mut [&mut Document]) -> Result<(), ModelError>,
) {
    let mut results: Vec<&mut Result<Document, DocError>> = results.collect();
    let mut docs: Vec<&mut Document> = results.iter_mut().filter_map(|r| r.as_mut().ok()).collect();
    if guarded(|| stage(&mut docs)).is_ok() {
        return;
    }
    for result in results {
        if let Ok(doc) = result {
            if let Err(message) = guarded(|| stage(&mut [&mut *doc])) {
                *result = Err(model_failure(doc, &format!("model stage failed: {message}")));
            }
        }
    }
}

/// Runs a model stage, turning an error or a panic into a one-line message.
fn guarded(stage: impl FnOnce() -> Result<(), ModelError>) -> Result<(), String> {
    match crate::guard::catch(stage) {
        Ok(Ok(())) => Ok(()),
        Ok(Err(err)) => Err(crate::guard::first_line(&err.to_string())),
        Err(message) => Err(message),
    }
}

pub(crate) fn model_failure(doc: &Document, message: &str) -> DocError {
    DocError { id: doc.id.clone(), source: doc.source.clone(), kind: ErrorKind::Model, message: message.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_document_costs_only_itself() {
        let raw = |id: &str| RawDocument::new(id, "Marco Rubio met Sergey Lavrov.");
        let mut results: Vec<Result<Document, DocError>> =
            ["a", "bad", "c"].iter().map(|id| text_stages(&PipelineOptions::default(), &raw(id))).collect();
        isolated(results.iter_mut(), |docs| {
            assert!(docs.iter().all(|d| d.id != "bad"), "model stage panicked");
            docs.iter_mut().for_each(|d| d.warnings.push("ran".into()));
            Ok(())
        });
        let outcome: Vec<Result<Vec<String>, ErrorKind>> =
            results.iter().map(|r| r.as_ref().map(|d| d.warnings.clone()).map_err(|e| e.kind)).collect();
        assert_eq!(outcome, [Ok(vec!["ran".to_string()]), Err(ErrorKind::Model), Ok(vec!["ran".to_string()])]);
    }

    #[test]
    fn the_shipped_options_are_what_the_cli_runs() {
        let options = PipelineOptions::shipped(None).unwrap();
        let models = crate::locate::models_dir(None).unwrap();
        assert_eq!(options.ner_model, Some(models.join("ner")));
        assert_eq!(options.tone_model, Some(models.join("tone")));
        let shipped = Aliases::load_shipped(&models).unwrap();
        assert!(!shipped.is_empty());
        assert_eq!(options.aliases.len(), shipped.len());
        let missing = std::path::Path::new("/nonexistent/models");
        assert!(matches!(PipelineOptions::shipped(Some(missing)), Err(SetupError::Locate(_))));
    }
}
