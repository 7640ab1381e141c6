//! The one document type that flows through slant's stages, and the small types it is made of.
//!
//! Ingest creates a [`Document`] from a [`RawDocument`]; each later stage (extract, segment, ner,
//! actors, tone) fills its own fields. All offsets inside are **byte** offsets into
//! [`Document::text`]; the output writer converts them to code points in one place.
//!
//! The actor types ([`Actor`], [`Mention`]) live here too: the actor stage makes them and the
//! tone stage scores their mentions, so neither stage has to depend on the other.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a document came from: the input file, and the line for line-oriented formats.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    /// The path as the user gave it (or "-" for standard input).
    pub path: String,
    /// 1-based line (JSONL) or record start line (CSV) inside `path`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
}

impl SourceRef {
    pub fn file(path: impl Into<String>) -> Self {
        Self { path: path.into(), line: None }
    }

    pub fn at_line(path: impl Into<String>, line: u64) -> Self {
        Self { path: path.into(), line: Some(line) }
    }
}

impl fmt::Display for SourceRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.path, line),
            None => write!(f, "{}", self.path),
        }
    }
}

/// How the raw content must be read to find the article body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ContentKind {
    /// Text as copied out of a browser or rendered by a text browser: article plus furniture.
    Text,
    /// An HTML page.
    Html,
    /// Text that is already the article body (e.g. a JSONL `text` field with `--text-is-body`).
    Body,
}

/// Metadata fields a document can carry. Supplied values always win over detected ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub date: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
}

impl Metadata {
    /// Fills each empty field from `other`; fields already set are kept.
    pub fn fill_from(&mut self, other: &Metadata) {
        for (mine, theirs) in self.fields_mut().into_iter().zip(other.fields()) {
            if mine.is_none() {
                mine.clone_from(theirs);
            }
        }
    }

    pub fn fields(&self) -> [&Option<String>; 5] {
        [&self.title, &self.outlet, &self.date, &self.author, &self.url]
    }

    fn fields_mut(&mut self) -> [&mut Option<String>; 5] {
        [&mut self.title, &mut self.outlet, &mut self.date, &mut self.author, &mut self.url]
    }

    pub const FIELD_NAMES: [&'static str; 5] = ["title", "outlet", "date", "author", "url"];
}

/// Whether a metadata value was given by the user (input record, manifest) or found on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    Supplied,
    Detected,
}

/// A document as ingest hands it over: its identity, raw content and supplied metadata.
#[derive(Debug, Clone)]
pub struct RawDocument {
    pub id: String,
    pub source: SourceRef,
    pub kind: ContentKind,
    pub content: String,
    pub supplied: Metadata,
    /// Problems found while reading that did not stop the document (e.g. invalid UTF-8).
    pub warnings: Vec<String>,
    /// The user's own fields slant does not know (other JSONL fields, CSV and manifest columns).
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A half-open byte range into [`Document::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Self { start, end }
    }

    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }

    /// Whether the two spans share a byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Whether `other` lies wholly inside this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// A set of spans asked whether a span overlaps one of them, in logarithmic time (a document's
/// entities, for every token of a long text).
#[derive(Debug, Clone, Default)]
pub struct SpanSet {
    /// Sorted by start.
    spans: Vec<Span>,
    /// `max_end[i]`: the largest end among `spans[..=i]`.
    max_end: Vec<usize>,
}

impl SpanSet {
    pub fn new(mut spans: Vec<Span>) -> Self {
        spans.sort_by_key(|s| (s.start, s.end));
        let max_end = spans
            .iter()
            .scan(0, |max, s| {
                *max = (*max).max(s.end);
                Some(*max)
            })
            .collect();
        Self { spans, max_end }
    }

    /// Whether `span` overlaps any span of the set: some span starts before it ends and ends
    /// after it starts; the spans starting before its end are a prefix, so the largest end among
    /// them decides.
    pub fn overlaps(&self, span: Span) -> bool {
        let starting_before_end = self.spans.partition_point(|s| s.start < span.end);
        starting_before_end > 0 && self.max_end[starting_before_end - 1] > span.start
    }
}

#[cfg(test)]
mod span_tests {
    use super::*;

    #[test]
    fn span_set_finds_overlaps_among_nested_and_unsorted_spans() {
        let set = SpanSet::new(vec![Span::new(20, 30), Span::new(0, 50), Span::new(60, 61)]);
        assert!(set.overlaps(Span::new(40, 45)), "inside the long span");
        assert!(set.overlaps(Span::new(29, 31)));
        assert!(!set.overlaps(Span::new(50, 60)), "ends are exclusive");
        assert!(set.overlaps(Span::new(59, 61)));
        assert!(!set.overlaps(Span::new(61, 70)));
        assert!(!SpanSet::default().overlaps(Span::new(0, 1)));
    }
}

/// A sentence: its span and the spans of its tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    pub tokens: Vec<Span>,
}

/// Entity classes, serialized as the CoNLL short labels users expect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntityKind {
    #[serde(rename = "PER")]
    Person,
    #[serde(rename = "LOC")]
    Location,
    #[serde(rename = "ORG")]
    Organization,
    #[serde(rename = "MISC")]
    Misc,
}

impl EntityKind {
    /// The CoNLL short label ("PER", "LOC", "ORG", "MISC").
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "PER",
            EntityKind::Location => "LOC",
            EntityKind::Organization => "ORG",
            EntityKind::Misc => "MISC",
        }
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The tone of a text toward a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Polarity {
    Negative,
    Neutral,
    Positive,
}

impl Polarity {
    pub const ALL: [Polarity; 3] = [Polarity::Negative, Polarity::Neutral, Polarity::Positive];

    pub fn as_str(self) -> &'static str {
        match self {
            Polarity::Negative => "negative",
            Polarity::Neutral => "neutral",
            Polarity::Positive => "positive",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// Reads "negative"/"neutral"/"positive" (any case, or "neg"/"neu"/"pos").
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_lowercase().as_str() {
            "negative" | "neg" => Some(Polarity::Negative),
            "neutral" | "neu" => Some(Polarity::Neutral),
            "positive" | "pos" => Some(Polarity::Positive),
            _ => None,
        }
    }
}

impl fmt::Display for Polarity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A named-entity mention (filled by the NER stage).
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    pub span: Span,
    pub kind: EntityKind,
    pub score: f32,
}

/// A body's language, where `crate::language` could tell it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Language {
    /// ISO 639-3 code ("eng", "rus", "deu").
    pub code: &'static str,
    /// The identifier's confidence in [0, 1]; only identifications above 0.9 are kept.
    pub confidence: f32,
}

impl Language {
    /// The language the shipped models (NER, tone) read, as an ISO 639-3 code.
    pub const MODELS: &'static str = "eng";

    /// Whether the shipped models read this language.
    pub fn is_models_language(&self) -> bool {
        self.code == Self::MODELS
    }
}

/// A processed document. Stages fill fields in pipeline order.
#[derive(Debug, Clone)]
pub struct Document {
    pub id: String,
    pub source: SourceRef,
    pub kind: ContentKind,
    pub metadata: Metadata,
    /// Origin of each set metadata field, in [`Metadata::FIELD_NAMES`] order.
    pub origins: [Option<Origin>; 5],
    /// The extracted article body; every offset refers to it.
    pub text: String,
    /// The user's own fields, as ingest found them ([`RawDocument::extra`]).
    pub extra: serde_json::Map<String, serde_json::Value>,
    pub sentences: Vec<Sentence>,
    /// The body's language (`None`: too short or mixed to tell, read as English).
    pub language: Option<Language>,
    pub entities: Vec<Entity>,
    /// Actors within this document (the actor stage); canonical across the corpus only in the
    /// records, once they are linked.
    pub actors: Vec<Actor>,
    pub warnings: Vec<String>,
}

/// How a mention refers to its actor.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionKind {
    /// The actor's name ("Marco Rubio", "Rubio"), from NER.
    #[default]
    Name,
    /// A third-person pronoun ("he", "her", "its"), linked by [`crate::coref`].
    Pronoun,
    /// A definite role noun ("the minister", "the ministry"), linked by [`crate::coref`].
    Nominal,
}

/// One mention of an actor in a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// The entity span (name only, without title or possessive), or the pronoun or role noun.
    pub span: Span,
    pub sentence: usize,
    /// Inside quotation marks (someone else's words).
    pub quoted: bool,
    /// Tone probabilities (negative, neutral, positive) once the tone stage ran.
    pub tone: Option<[f32; 3]>,
    /// Name, pronoun or role noun.
    pub kind: MentionKind,
}

/// How prominent an actor is in its document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Salience {
    /// The actor's share of all actor mentions in the document.
    pub mention_share: f32,
    /// Whether the title names the actor (any alias, whole words).
    pub in_title: bool,
    /// Where the first mention is, as a fraction of the body (0 = first character).
    pub first_mention: f32,
}

/// The article's tone toward an actor (probabilities rounded as records write them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorTone {
    pub label: Polarity,
    pub score: f32,
    pub p_negative: f32,
    pub p_neutral: f32,
    pub p_positive: f32,
    pub mentions: usize,
    pub confidence: f32,
}

/// A sentence that carries an actor's tone.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evidence {
    /// Index into [`Document::sentences`].
    pub sentence: usize,
    /// Weighted (positive - negative) of the actor's mentions in the sentence, rounded.
    pub effect: f32,
}

/// An actor as the actor stage finds it in one document: a name, its surface forms and mentions.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    pub name: String,
    pub kind: EntityKind,
    /// Surface forms seen in this document.
    pub aliases: Vec<String>,
    pub role: Option<String>,
    pub external_id: Option<String>,
    pub group: Option<String>,
    /// A group of people named as one ("Americans", "Muslims"): a `PER` actor that he/she and
    /// "I" never refer to.
    pub collective: bool,
    pub mentions: Vec<Mention>,
    /// `type:name-slug`, or `type:~hash-n` for an actor with no name mention; set once the
    /// document's actors are grouped (`crate::actors::finish_document`), renamed across a
    /// corpus by [`crate::link`].
    pub id: String,
    pub salience: Salience,
    /// The article's tone toward the actor, once its mentions have tone.
    pub tone: Option<ActorTone>,
    /// The sentences that carry that tone, strongest first.
    pub evidence: Vec<Evidence>,
}

impl Actor {
    /// An actor with a name and type and nothing else yet.
    pub fn new(name: String, kind: EntityKind) -> Self {
        Self {
            name,
            kind,
            aliases: Vec::new(),
            role: None,
            external_id: None,
            group: None,
            collective: false,
            mentions: Vec::new(),
            id: String::new(),
            salience: Salience::default(),
            tone: None,
            evidence: Vec::new(),
        }
    }
}

impl Document {
    /// Starts a document from ingest's hand-off: supplied metadata marked as such, no body yet.
    pub fn from_raw(raw: &RawDocument) -> Self {
        let origins = raw.supplied.fields().map(|f| f.as_ref().map(|_| Origin::Supplied));
        Self {
            id: raw.id.clone(),
            source: raw.source.clone(),
            kind: raw.kind,
            metadata: raw.supplied.clone(),
            origins,
            text: String::new(),
            extra: raw.extra.clone(),
            sentences: Vec::new(),
            language: None,
            entities: Vec::new(),
            actors: Vec::new(),
            warnings: raw.warnings.clone(),
        }
    }

    /// Adds detected metadata for the fields that are still empty, marking them detected.
    pub fn add_detected(&mut self, detected: &Metadata) {
        let before = self.metadata.fields().map(|f| f.is_some());
        self.metadata.fill_from(detected);
        let after = self.metadata.fields().map(|f| f.is_some());
        for i in 0..before.len() {
            if !before[i] && after[i] {
                self.origins[i] = Some(Origin::Detected);
            }
        }
    }
}

/// What went wrong with one input document. It becomes an error record in the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The file could not be opened or read.
    Unreadable,
    /// The content looks binary (NUL bytes), not text.
    Binary,
    /// Nothing but whitespace.
    Empty,
    /// Larger than the configured per-document limit.
    TooLarge,
    /// A JSONL line that is not a JSON object, or a CSV record that does not parse.
    Malformed,
    /// A record without the configured text/html field.
    MissingField,
    /// Extraction found no article body.
    NoBody,
    /// A model stage failed on this document.
    Model,
    /// Compressed input that is truncated or damaged (a gzip stream cut short, a bad checksum).
    Corrupt,
    /// A stage failed on this document in a way it should not (a caught panic): a bug to report.
    Internal,
}

impl ErrorKind {
    /// The name used in error records (`"too_large"`, ...).
    pub fn as_str(&self) -> &'static str {
        match self {
            ErrorKind::Unreadable => "unreadable",
            ErrorKind::Binary => "binary",
            ErrorKind::Empty => "empty",
            ErrorKind::TooLarge => "too_large",
            ErrorKind::Malformed => "malformed",
            ErrorKind::MissingField => "missing_field",
            ErrorKind::NoBody => "no_body",
            ErrorKind::Model => "model",
            ErrorKind::Corrupt => "corrupt",
            ErrorKind::Internal => "internal",
        }
    }
}

/// A document that could not be processed, with enough to find it again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocError {
    pub id: String,
    pub source: SourceRef,
    pub kind: ErrorKind,
    pub message: String,
}

impl fmt::Display for DocError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.source, self.message)
    }
}

impl std::error::Error for DocError {}

/// Building a [`RawDocument`] without a struct literal: the id and content first, then whatever
/// else is known.
///
/// ```
/// use slant::document::{ContentKind, RawDocument, SourceRef};
///
/// let raw = RawDocument::new("kyiv-1", "Zelenskyy met Merkel in Kyiv.")
///     .with_kind(ContentKind::Body)
///     .with_source(SourceRef::at_line("news.jsonl", 3))
///     .with_outlet("Daily")
///     .with_title("A meeting");
/// assert_eq!(raw.supplied.outlet.as_deref(), Some("Daily"));
/// assert_eq!(raw.kind, ContentKind::Body);
/// ```
impl RawDocument {
    /// A page of text (article plus page furniture, [`ContentKind::Text`]) with no source, no
    /// supplied metadata, no warnings and no extra fields.
    pub fn new(id: impl Into<String>, content: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            source: SourceRef::default(),
            kind: ContentKind::Text,
            content: content.into(),
            supplied: Metadata::default(),
            warnings: Vec::new(),
            extra: serde_json::Map::new(),
        }
    }

    /// How the content must be read (text page, HTML page, or the article body already).
    pub fn with_kind(mut self, kind: ContentKind) -> Self {
        self.kind = kind;
        self
    }

    /// Where the document came from.
    pub fn with_source(mut self, source: SourceRef) -> Self {
        self.source = source;
        self
    }

    /// All supplied metadata at once (replacing any set before).
    pub fn with_metadata(mut self, supplied: Metadata) -> Self {
        self.supplied = supplied;
        self
    }

    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.supplied.title = Some(title.into());
        self
    }

    pub fn with_outlet(mut self, outlet: impl Into<String>) -> Self {
        self.supplied.outlet = Some(outlet.into());
        self
    }

    pub fn with_date(mut self, date: impl Into<String>) -> Self {
        self.supplied.date = Some(date.into());
        self
    }

    pub fn with_author(mut self, author: impl Into<String>) -> Self {
        self.supplied.author = Some(author.into());
        self
    }

    pub fn with_url(mut self, url: impl Into<String>) -> Self {
        self.supplied.url = Some(url.into());
        self
    }

    /// Problems met while reading that did not stop the document.
    pub fn with_warnings(mut self, warnings: Vec<String>) -> Self {
        self.warnings = warnings;
        self
    }

    /// The user's own fields that slant does not read.
    pub fn with_extra(mut self, extra: serde_json::Map<String, serde_json::Value>) -> Self {
        self.extra = extra;
        self
    }
}
