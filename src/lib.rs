//! slant: reads news articles, marks the people, places and organizations in them, and scores
//! how each article treats each actor.
//!
//! # Using the library
//!
//! A [`Pipeline`] is built once from [`PipelineOptions`] ([`PipelineOptions::shipped`] for what
//! `slant tag` runs: the shipped models) and turns a [`RawDocument`] into a [`Record`]
//! ([`Pipeline::tag`], [`Pipeline::tag_all`]): a tagged document with its entities, actors and
//! their tone, or an error record. [`Pipeline::process`] gives the in-memory [`Document`] the
//! stages work on instead. For a corpus too large for memory, [`corpus::run_corpus`] runs a
//! stream of ingested documents ([`ingest`]) through the pipeline into an [`output::Sink`], with
//! a journal on disk and resuming ([`RunOptions`]), and returns a [`Summary`]. The record schema
//! is in [`records`] and `docs/schema.md`.
//!
//! # What is public
//!
//! The documented surface is the items above and the modules they live in: [`pipeline`],
//! [`document`], [`records`], [`corpus`], [`ingest`], [`output`] and [`offsets`] (records count
//! code points; [`offsets::CodePoints`] slices a record's text by them). The other modules (the
//! stages one by one, training, evaluation, export and import formats, the command line's
//! helpers) are `pub` only because the `slant` binary, the training and evaluation commands and
//! the integration tests in `tests/` reach them as `slant::...`; they are hidden from these docs
//! and may change with any release. Helpers that nothing outside the crate uses are
//! `pub(crate)`. `ARCHITECTURE.md` maps the whole crate.
//!
//! One document flows through the stages in a fixed order: ingest → extract → segment → language
//! → ner → actors → tone → output; the `slant` binary is a thin command-line layer over this
//! library.

pub mod corpus;
pub mod document;
pub mod ingest;
pub mod offsets;
pub mod output;
pub mod pipeline;
pub mod records;

// Each of these is `#![doc(hidden)]` in its own file: public for the binary, training, evaluation
// and the tests, not documented surface. The `pub(crate)` ones nothing outside the crate reaches.
pub mod actor_eval;
pub(crate) mod actors;
pub mod compare;
pub mod coref;
pub mod export;
pub mod extract;
pub(crate) mod guard;
pub(crate) mod hash;
pub mod import;
pub mod language;
pub mod link;
pub mod locate;
pub mod model;
pub mod ner;
pub mod runtime;
pub mod segment;
pub mod tone;

pub use corpus::{run_corpus, Progress, RunOptions, Summary};
pub use document::{Document, RawDocument};
pub use model::ModelError;
pub use pipeline::{Pipeline, PipelineOptions, SetupError};
pub use records::Record;
