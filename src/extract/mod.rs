//! Extract: finds the article body in a raw page and detects title, date, author and outlet.
//!
//! This module is the one place that chooses an extractor. HTML goes to the maintained extractor
//! crates ([`html`]): one of them, or both merged paragraph by paragraph and filtered by a learned
//! model (`combine`, the default), each the other's fallback. Plain text goes to slant's own
//! paragraph classifier (`text`), since no existing tool reads browser-copied text; text that is
//! already a body passes through. Detected metadata ([`meta`]) only fills fields the user did not
//! supply. Underneath: `paragraph` (the paragraph types text extraction and metadata detection
//! share), `feature_names` (the models' features) and `learned` (the tree ensemble that reads them).
//!
//! Not part of the documented library surface (see the crate docs, "What is public"): public
//! for the `slant` binary, training, evaluation and the integration tests.
#![doc(hidden)]

mod combine;
mod feature_names;
pub mod html;
pub(crate) mod learned;
pub mod meta;
mod nesting;
mod paragraph;
pub(crate) mod text;

pub use text::explain as explain_text;
pub use text::feature_rows;

/// Names of the text extraction model's features, in the order `feature_rows` gives them.
pub fn feature_names() -> Vec<String> {
    feature_names::TEXT_FEATURE_NAMES.clone()
}

/// Names of the HTML combination model's features, in the order `html_feature_rows` gives them.
pub fn html_feature_names() -> Vec<String> {
    feature_names::html_feature_names()
}

/// Candidate paragraphs of an HTML page with their features, and the two extractors' bodies
/// (for training the model).
pub fn html_feature_rows(page: &str) -> (Vec<(String, Vec<f32>)>, String, String) {
    let page = html::strip_inert(page);
    let (page, _) = nesting::bound_depth(&page, nesting::MAX_DEPTH);
    let body = |found: Result<HtmlExtraction, String>| found.map(|e| e.body).unwrap_or_default();
    let (readability, trafilatura) = (body(html::readability(&page)), body(html::trafilatura(&page)));
    (combine::feature_rows(&readability, &trafilatura), readability, trafilatura)
}

/// Which HTML extractor to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HtmlExtractor {
    /// dom_smoothie: Mozilla Readability's algorithm in Rust.
    Readability,
    /// rs-trafilatura: trafilatura's rules in Rust.
    Trafilatura,
    /// Both, merged paragraph by paragraph and filtered by slant's learned model (the default:
    /// it measured above either alone, see BENCHMARKS.md).
    #[default]
    Combined,
}

impl HtmlExtractor {
    pub fn name(self) -> &'static str {
        match self {
            HtmlExtractor::Trafilatura => "rs-trafilatura",
            HtmlExtractor::Readability => "dom_smoothie",
            HtmlExtractor::Combined => "slant-combined",
        }
    }
}

use crate::document::{ContentKind, DocError, Document, ErrorKind, Metadata, RawDocument};
use html::HtmlExtraction;

/// Extraction settings, fixed for a run.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExtractOptions {
    pub html_extractor: HtmlExtractor,
}

/// Name of the body extractor used for a kind of content, as recorded in the output.
pub fn extractor_name(kind: ContentKind, options: &ExtractOptions) -> &'static str {
    match kind {
        ContentKind::Html => options.html_extractor.name(),
        ContentKind::Text => "slant-text",
        ContentKind::Body => "none",
    }
}

/// Fills `doc.text` with the article body and adds detected metadata.
pub fn extract(raw: &RawDocument, doc: &mut Document, options: &ExtractOptions) -> Result<(), DocError> {
    let no_body =
        |message: String| DocError { id: raw.id.clone(), source: raw.source.clone(), kind: ErrorKind::NoBody, message };
    let (body, detected) = match raw.kind {
        ContentKind::Body => (raw.content.trim().to_string(), Metadata::default()),
        ContentKind::Text => text_body(&raw.content, doc),
        ContentKind::Html => 'html: {
            let primary = options.html_extractor;
            let fallback = match primary {
                HtmlExtractor::Trafilatura => HtmlExtractor::Readability,
                HtmlExtractor::Readability | HtmlExtractor::Combined => HtmlExtractor::Trafilatura,
            };
            // Stripped and bounded once here: the fallback and the combined extractor's two crates
            // read the same page.
            let page = html::strip_inert(&raw.content);
            let elements = nesting::element_count(&page);
            if elements > nesting::MAX_ELEMENTS {
                // Too large for the crates to parse in seconds: read as the text it shows.
                doc.warnings.push(format!(
                    "HTML of {elements} elements, over the budget of {}: read as text with its tags removed",
                    nesting::MAX_ELEMENTS
                ));
                doc.kind = ContentKind::Text;
                break 'html text_body(&nesting::to_text(&page), doc);
            }
            let (page, flattened) = nesting::bound_depth(&page, nesting::MAX_DEPTH);
            if flattened > 0 {
                doc.warnings.push(format!(
                    "HTML nested deeper than {} elements: {flattened} tags beyond that depth dropped, their text kept",
                    nesting::MAX_DEPTH
                ));
            }
            match html_body(&page, primary) {
                Ok(found) if !found.body.trim().is_empty() => (text::drop_captions(&found.body), found.detected),
                first => {
                    let why = match first {
                        Ok(_) => "empty body".to_string(),
                        Err(e) => e,
                    };
                    let found = html_body(&page, fallback).map_err(|e| {
                        no_body(format!("no article body found ({}: {why}; {}: {e})", primary.name(), fallback.name()))
                    })?;
                    doc.warnings.push(format!("{} found no body ({why}); used {}", primary.name(), fallback.name()));
                    (found.body, found.detected)
                }
            }
        }
    };
    if body.trim().is_empty() {
        return Err(no_body("no article body found".into()));
    }
    doc.text = body;
    doc.add_detected(&detected);
    if doc.metadata.outlet.is_none() {
        let from_url = doc.metadata.url.as_deref().and_then(meta::outlet_from_url);
        doc.add_detected(&Metadata { outlet: from_url, ..Metadata::default() });
    }
    Ok(())
}

/// The body and detected metadata of a text page. Text that reads as a clean body is kept whole,
/// as `--no-extract` keeps it (and `doc.kind` becomes `Body`); only a headline on its first line
/// is read (and stays in the text).
fn text_body(page: &str, doc: &mut Document) -> (String, Metadata) {
    match text::read(page) {
        text::Reading::Page(mut extraction) => {
            let mut detected = meta::detect(page, &extraction);
            if detected.title.is_none() {
                detected.title = meta::take_leading_headline(&mut extraction);
            }
            (extraction.body(), detected)
        }
        text::Reading::Body(paragraphs) => {
            doc.kind = ContentKind::Body;
            let title = meta::body_headline(&paragraphs);
            (page.trim().to_string(), Metadata { title, ..Metadata::default() })
        }
    }
}

/// The body and declared metadata of an HTML page (already through [`html::strip_inert`] and the
/// nesting budget) by one extractor, or by both combined.
fn html_body(page: &str, extractor: HtmlExtractor) -> Result<HtmlExtraction, String> {
    match extractor {
        HtmlExtractor::Combined => combine::extract(readability(page).ok(), html::trafilatura(page).ok()),
        HtmlExtractor::Trafilatura => html::trafilatura(page),
        HtmlExtractor::Readability => readability(page),
    }
}

/// dom_smoothie's extraction, with the published time it found read as a date (`YYYY-MM-DD`) the
/// way dates in page text are.
fn readability(page: &str) -> Result<HtmlExtraction, String> {
    let mut found = html::readability(page)?;
    found.detected.date = found.detected.date.as_deref().and_then(|d| meta::find_date(d).map(|(_, d)| d));
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn supplied_clean_text_stays_whole() {
        let text = "\
Søren Kierkegaard (/ˈsɒrən ˈkɪərkəɡɑːrd/; Danish: [ˈsœːɐn ˈkʰiɐ̯ɡ̊əˌkɒːˀ]; 5 May 1813 – 11 November 1855) was a Danish philosopher, theologian and poet.

He wrote critical texts on organised religion, Christendom, morality, ethics and psychology, often under pseudonyms.

Dear reader, he once began a preface, and went on to say that the book was not meant for everyone.
";
        let raw = RawDocument::new("k", text);
        assert_eq!(raw.kind, ContentKind::Text);
        let mut doc = Document::from_raw(&raw);
        extract(&raw, &mut doc, &ExtractOptions::default()).unwrap();
        assert_eq!(doc.text, text.trim());
        assert_eq!(doc.kind, ContentKind::Body);
        assert_eq!(doc.metadata.title, None);
    }
}
