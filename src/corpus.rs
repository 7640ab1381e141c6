//! The corpus runner: feeds ingested documents through the [`Pipeline`] in batches and writes one
//! record per document, in input order, in memory that does not grow with the corpus.
//!
//! A run has two phases:
//! 1. **Tag.** Batches of [`BATCH_SIZE`] documents go through the text stages (many threads) and
//!    the model stages (sentences of the whole batch together). Each batch's records, with actors
//!    linked within their document, are appended to a **journal** on disk, and the journal's
//!    state (documents done, bytes, counts) is committed after each batch. Errors and warnings
//!    are reported as each batch finishes.
//! 2. **Link and write.** The journal is read twice, streaming: once to observe the corpus's name
//!    statistics, once to apply them ([`crate::link`]); each finished record goes to the [`Sink`],
//!    which renames its file into place at the end.
//!
//! A run killed in phase 1 continues from its last committed batch with `resume`; batches are
//! cut from the start of the input at fixed boundaries, so a resumed run writes exactly what an
//! uninterrupted one writes. A panic or error inside a model batch never ends the run: the
//! batch's documents are retried one at a time and the ones that still fail become error records.
//! The text stages and ingest run under the same guard (`crate::guard`), per document.

use crate::document::{ContentKind, DocError, Document};
use crate::ingest::IngestItem;
use crate::link::{self, NameTable};
use crate::output::Sink;
use crate::pipeline::{self, Pipeline};
use crate::records::{self, ErrorBody, ErrorRecord, Record, RecordError, RecordProblem};
use crate::tone::aggregate::Aggregator;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Documents per batch. Fixed, so that model batches (and so results) do not depend on the thread
/// count, and a resumed run cuts the same batches as an uninterrupted one.
pub const BATCH_SIZE: usize = 64;

/// How a corpus run behaves beyond the pipeline's own options.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Stop at the first failed document (the caller then writes no output).
    pub strict: bool,
    /// Link actors across the corpus before writing; `false` writes records linked within each
    /// document (`slant tag --no-link`, for `slant link` later).
    pub link: bool,
    /// The journal's directory; `None`: a temporary one (the run cannot be resumed).
    pub journal: Option<PathBuf>,
    /// Continue the run whose journal is in `journal`.
    pub resume: bool,
    /// Identifies the run's inputs and settings; a journal with another fingerprint is refused.
    pub fingerprint: String,
}

/// What the caller is told while a corpus runs.
pub trait Progress: Sync {
    /// `done` documents (ok or failed) have been tagged so far.
    fn documents_done(&self, _done: u64) {}
    /// The run continues a journal that already holds `done` documents.
    fn resumed(&self, _done: u64) {}
    fn document_failed(&self, _error: &ErrorRecord) {}
    fn document_warning(&self, _id: &str, _source: &crate::document::SourceRef, _warning: &str) {}
    /// Tagging is done; linking and writing `documents` records starts.
    fn linking(&self, _documents: u64) {}
}

/// Ignores everything (library use, `--quiet`).
pub struct Silent;
impl Progress for Silent {}

/// Counts of a finished (or stopped) run. `documents == ok + failed` always.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Summary {
    pub documents: u64,
    pub ok: u64,
    pub failed: u64,
    pub warnings: u64,
    pub sentences: u64,
    pub words: u64,
    pub entities: u64,
    /// Actors in the written records (after linking).
    pub actors: u64,
    /// Failed documents per error kind.
    pub errors: BTreeMap<String, u64>,
    /// Set when `strict` stopped the run at the first error.
    pub stopped_early: bool,
    /// Documents that an earlier, interrupted run had already tagged.
    #[serde(default)]
    pub resumed_after: u64,
    /// Documents whose body was identified as another language than the models' (see
    /// `crate::language`).
    #[serde(default)]
    pub other_language: u64,
    #[serde(skip)]
    pub elapsed: Duration,
}

impl Summary {
    fn count(&mut self, record: &Record, doc: Option<&Document>) {
        self.documents += 1;
        match record {
            Record::Ok(rec) => {
                self.ok += 1;
                self.sentences += rec.sentences.len() as u64;
                self.words += doc.map_or(0, |d| d.sentences.iter().map(|s| s.tokens.len() as u64).sum());
                self.entities += rec.entities.len() as u64;
                self.actors += rec.actors.len() as u64;
                self.warnings += rec.warnings.len() as u64;
                self.other_language +=
                    u64::from(rec.language.as_deref().is_some_and(|code| code != crate::document::Language::MODELS));
            }
            Record::Error(err) => {
                self.failed += 1;
                *self.errors.entry(err.error.kind.as_str().to_string()).or_default() += 1;
            }
        }
    }
}

/// Runs the pipeline over a stream of ingested documents and writes one record each to `sink`,
/// in input order. See the module documentation for the phases, the journal and resuming.
pub fn run_corpus(
    pipeline: &Pipeline,
    items: impl Iterator<Item = IngestItem>,
    sink: &mut Sink,
    progress: &dyn Progress,
    options: &RunOptions,
) -> io::Result<Summary> {
    let started = Instant::now();
    let mut journal = Journal::open(options)?;
    let mut summary = journal.state.summary.clone();
    let skip = journal.state.documents;
    if skip > 0 {
        summary.resumed_after = skip;
        progress.resumed(skip);
    }
    let mut items = items.skip(skip as usize).peekable();
    let mut done = skip;
    while items.peek().is_some() {
        let batch: Vec<IngestItem> = items.by_ref().take(BATCH_SIZE).collect();
        let processed = tag_batch(pipeline, &batch);
        let maker = pipeline.records();
        let records: Vec<Record> = processed.par_iter().map(|(result, kind)| maker.record(result, *kind)).collect();
        let mut failed_here = false;
        for ((result, _), record) in processed.iter().zip(&records) {
            summary.count(record, result.as_ref().ok());
            match record {
                Record::Ok(rec) => {
                    for warning in &rec.warnings {
                        progress.document_warning(&rec.id, &rec.source, warning);
                    }
                }
                Record::Error(err) => {
                    failed_here = true;
                    progress.document_failed(err);
                }
            }
        }
        done += batch.len() as u64;
        if options.strict && failed_here {
            summary.stopped_early = true;
            journal.remove()?;
            summary.elapsed = started.elapsed();
            return Ok(summary);
        }
        let lines: Vec<String> = records.par_iter().map(Record::to_line).collect();
        journal.append(&lines, done, &summary)?;
        progress.documents_done(done);
    }
    progress.linking(summary.documents);
    let link = options.link && pipeline.has_actors();
    let table = if link { Some(observe_journal(&journal.records_path())?) } else { None };
    if table.is_some() {
        summary.actors = 0; // linking merges actors: count them again as they are written
    }
    for_each_journal_line(&journal.records_path(), |line| match &table {
        Some(table) => {
            let mut record = records::parse_line(line).map_err(|e| io::Error::other(format!("journal: {e}")))?;
            if let Record::Ok(doc) = &mut record {
                link::finish(doc, table, pipeline.aggregator());
            }
            summary.actors += actor_count(&record);
            sink.write_line(&record.to_line())
        }
        // Records linked within their documents are final as journaled.
        None => sink.write_line(line),
    })?;
    journal.remove()?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// One processed input: the document or its error, and the raw content kind for provenance.
type Processed = (Result<Document, DocError>, Option<ContentKind>);

/// Text stages on many threads, then the model stages over the whole batch. A model failure (an
/// error or a panic) retries the batch's documents one at a time, so one bad document costs only
/// itself.
fn tag_batch(pipeline: &Pipeline, batch: &[IngestItem]) -> Vec<Processed> {
    let options = pipeline.options();
    let mut processed: Vec<Processed> = batch
        .par_iter()
        .map(|item| {
            let kind = item.as_ref().ok().map(|r| r.kind);
            (item.as_ref().map_err(Clone::clone).and_then(|raw| pipeline::text_stages(options, raw)), kind)
        })
        .collect();
    pipeline.model_stages_isolated(processed.iter_mut().map(|(result, _)| result));
    processed
}

fn actor_count(record: &Record) -> u64 {
    match record {
        Record::Ok(doc) => doc.actors.len() as u64,
        Record::Error(_) => 0,
    }
}

/// The journal's committed state.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct JournalState {
    fingerprint: String,
    /// Input documents whose records are committed.
    documents: u64,
    /// Length of `records.jsonl` at the last commit; anything after it is an unfinished batch.
    bytes: u64,
    summary: Summary,
}

/// The records of a run so far, and its committed state, in one directory.
struct Journal {
    dir: PathBuf,
    /// Keeps a temporary journal alive (and removes it at the end).
    _temp: Option<tempfile::TempDir>,
    writer: BufWriter<File>,
    state: JournalState,
}

impl Journal {
    fn open(options: &RunOptions) -> io::Result<Self> {
        let (dir, temp) = match &options.journal {
            Some(dir) => (dir.clone(), None),
            None => {
                let temp = tempfile::Builder::new().prefix("slant-journal-").tempdir()?;
                (temp.path().to_path_buf(), Some(temp))
            }
        };
        let state_path = dir.join("state.json");
        let mut state = JournalState { fingerprint: options.fingerprint.clone(), ..JournalState::default() };
        if options.resume && state_path.exists() {
            let found: JournalState = serde_json::from_slice(&fs::read(&state_path)?)
                .map_err(|e| io::Error::other(format!("{}: unreadable journal state: {e}", state_path.display())))?;
            if found.fingerprint != options.fingerprint {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!(
                        "{} belongs to a run with other inputs or settings; run without --resume to start over",
                        dir.display()
                    ),
                ));
            }
            state = found;
        } else if dir.exists() && temp.is_none() {
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir_all(&dir)?;
        let records = OpenOptions::new().create(true).truncate(false).write(true).open(dir.join("records.jsonl"))?;
        // Drop the records of a batch that was being written when the run was killed.
        records.set_len(state.bytes)?;
        let mut writer = BufWriter::new(records);
        io::Seek::seek(&mut writer, io::SeekFrom::End(0))?;
        Ok(Self { dir, _temp: temp, writer, state })
    }

    fn records_path(&self) -> PathBuf {
        self.dir.join("records.jsonl")
    }

    /// Appends a batch's lines and commits: the records reach the disk before the state says so.
    fn append(&mut self, lines: &[String], documents: u64, summary: &Summary) -> io::Result<()> {
        for line in lines {
            self.writer.write_all(line.as_bytes())?;
            self.writer.write_all(b"\n")?;
            self.state.bytes += line.len() as u64 + 1;
        }
        self.writer.flush()?;
        self.writer.get_ref().sync_data()?;
        self.state.documents = documents;
        self.state.summary = summary.clone();
        let tmp = self.dir.join("state.json.tmp");
        fs::write(&tmp, serde_json::to_vec(&self.state).map_err(io::Error::other)?)?;
        fs::rename(&tmp, self.dir.join("state.json"))
    }

    fn remove(self) -> io::Result<()> {
        drop(self.writer);
        match self._temp {
            Some(temp) => temp.close(),
            None => fs::remove_dir_all(&self.dir),
        }
    }
}

/// The journal directory for an output file: a hidden sibling, `.NAME.slant-journal`.
pub fn journal_dir_for(output: &Path) -> PathBuf {
    let name = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    output.with_file_name(format!(".{name}.slant-journal"))
}

fn for_each_journal_line(path: &Path, mut on_line: impl FnMut(&str) -> io::Result<()>) -> io::Result<()> {
    let reader = BufReader::new(File::open(path)?);
    for line in reader.lines() {
        on_line(&line?)?;
    }
    Ok(())
}

fn observe_journal(path: &Path) -> io::Result<NameTable> {
    let mut table = NameTable::default();
    for_each_journal_line(path, |line| {
        if let Record::Ok(doc) = records::parse_line(line).map_err(|e| io::Error::other(format!("journal: {e}")))? {
            table.observe(&doc);
        }
        Ok(())
    })?;
    Ok(table)
}

/// Observes tagged files (each `-` for standard input, `.gz` allowed) into one name table. Lines
/// that are not records are passed to `on_bad_line` and skipped.
pub fn observe_files(paths: &[PathBuf], mut on_bad_line: impl FnMut(RecordError)) -> Result<NameTable, RecordError> {
    let mut table = NameTable::default();
    for path in paths {
        let shown = path.display().to_string();
        records::for_each_line(path, |line, record| match record {
            Ok(Record::Ok(doc)) => table.observe(&doc),
            Ok(Record::Error(_)) => {}
            Err(e) => on_bad_line(RecordError { path: shown.clone(), line, problem: e.into() }),
        })?;
    }
    Ok(table)
}

/// Rewrites tagged files into linked records with `table` (streaming, in file order). A line that
/// is not a record becomes an error record (id `PATH:LINE`), so every line is accounted for.
pub fn link_files(
    paths: &[PathBuf],
    table: &NameTable,
    sink: &mut Sink,
    progress: &dyn Progress,
) -> Result<Summary, RecordError> {
    let started = Instant::now();
    let mut summary = Summary::default();
    for path in paths {
        let shown = path.display().to_string();
        let mut write_error: Option<io::Error> = None;
        records::for_each_line(path, |line, record| {
            if write_error.is_some() {
                return;
            }
            let record = match record {
                Ok(Record::Ok(mut doc)) => {
                    link::finish(&mut doc, table, Aggregator::shipped());
                    Record::Ok(doc)
                }
                Ok(error) => error,
                Err(problem) => Record::Error(ErrorRecord {
                    id: format!("{shown}:{line}"),
                    source: crate::document::SourceRef::at_line(shown.clone(), line as u64),
                    error: ErrorBody { kind: crate::document::ErrorKind::Malformed, message: problem.to_string() },
                    slant: records::Provenance::default(),
                }),
            };
            summary.count(&record, None);
            match &record {
                Record::Error(err) => progress.document_failed(err),
                Record::Ok(doc) => {
                    for warning in &doc.warnings {
                        progress.document_warning(&doc.id, &doc.source, warning);
                    }
                }
            }
            if let Err(e) = sink.write_line(&record.to_line()) {
                write_error = Some(e);
            }
            progress.documents_done(summary.documents);
        })?;
        if let Some(e) = write_error {
            return Err(RecordError { path: shown, line: 0, problem: RecordProblem::Write(e) });
        }
    }
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Why a `--shard` value is not `K/N` ([`Shard::parse`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShardError {
    #[error("expected K/N, got {0:?}")]
    NotKOfN(String),
    #[error("bad shard index {text:?}")]
    Index {
        text: String,
        #[source]
        source: std::num::ParseIntError,
    },
    #[error("bad shard count {text:?}")]
    Count {
        text: String,
        #[source]
        source: std::num::ParseIntError,
    },
    #[error("shard {index}/{count}: need 1 <= K <= N")]
    OutOfRange { index: u32, count: u32 },
}

/// A deterministic share of a corpus: `--shard K/N` keeps the documents whose id hashes to K.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based.
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// Reads `K/N` with 1 <= K <= N.
    pub fn parse(text: &str) -> Result<Self, ShardError> {
        let (k, n) = text.split_once('/').ok_or_else(|| ShardError::NotKOfN(text.to_string()))?;
        let index: u32 = k.trim().parse().map_err(|source| ShardError::Index { text: k.to_string(), source })?;
        let count: u32 = n.trim().parse().map_err(|source| ShardError::Count { text: n.to_string(), source })?;
        if count == 0 || index == 0 || index > count {
            return Err(ShardError::OutOfRange { index, count });
        }
        Ok(Self { index, count })
    }

    /// Whether the document with this id belongs to the shard (FNV-1a of the id: the same on
    /// every machine and release).
    pub fn contains(&self, id: &str) -> bool {
        (crate::hash::fnv1a(id.as_bytes()) % u64::from(self.count)) as u32 == self.index - 1
    }

    /// The id an ingested item is sharded by.
    pub fn contains_item(&self, item: &IngestItem) -> bool {
        self.contains(match item {
            Ok(raw) => &raw.id,
            Err(err) => &err.id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_split_ids_into_disjoint_covering_parts() {
        let ids: Vec<String> = (0..1000).map(|i| format!("doc-{i}")).collect();
        let shards: Vec<Shard> = (1..=3).map(|k| Shard::parse(&format!("{k}/3")).unwrap()).collect();
        let mut sizes = [0; 3];
        for id in &ids {
            let owners: Vec<usize> = (0..3).filter(|&k| shards[k].contains(id)).collect();
            assert_eq!(owners.len(), 1, "{id} belongs to exactly one shard");
            sizes[owners[0]] += 1;
        }
        assert!(sizes.iter().all(|&n| n > 250), "roughly even: {sizes:?}");
        assert!(Shard::parse("0/3").is_err() && Shard::parse("4/3").is_err() && Shard::parse("x").is_err());
        assert_eq!(Shard::parse("4/3"), Err(ShardError::OutOfRange { index: 4, count: 3 }));
        assert_eq!(Shard::parse("x").unwrap_err().to_string(), r#"expected K/N, got "x""#);
    }

    #[test]
    fn journal_dir_is_a_hidden_sibling() {
        assert_eq!(journal_dir_for(Path::new("out/run.jsonl")), Path::new("out/.run.jsonl.slant-journal"));
    }
}
