//! slant: reads news articles, marks the people, places and organizations in them, and scores
//! how each article treats each actor.
//!
//! One [`document::Document`] flows through the stages in a fixed order:
//! [`ingest`] → [`extract`] → [`segment`] → [`ner`] → [`actors`] → [`tone`] → [`output`].
//! [`pipeline`] wires the stages; [`corpus`] runs a corpus through them in bounded memory (a
//! journal on disk, resumable) and [`link`] makes actors canonical across it; [`runtime`] reports
//! the libtorch set-up the model stages run on and [`locate`] finds the shipped models at run time;
//! [`model`] holds the encoder code, apart from text handling.
//!
//! [`records`] is the output schema, written by [`output`] and read back by the corpus-level
//! commands: [`link`] (across shard outputs), [`compare`] (outlet × actor tone tables),
//! [`export`] (annotation and training formats) and [`import`] (corrected annotations back into
//! training data). The `slant` binary is a thin command-line layer over this library.

pub mod actor_eval;
pub mod actors;
pub mod compare;
pub mod coref;
pub mod corpus;
pub mod document;
pub mod export;
pub mod extract;
pub mod guard;
pub mod hash;
pub mod import;
pub mod ingest;
pub mod link;
pub mod locate;
pub mod model;
pub mod ner;
pub mod offsets;
pub mod output;
pub mod pipeline;
pub mod records;
pub mod runtime;
pub mod segment;
pub mod tone;

pub use corpus::{RunOptions, Summary};
pub use document::{Document, RawDocument};
pub use pipeline::{Pipeline, PipelineOptions};
