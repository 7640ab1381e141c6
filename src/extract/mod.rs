//! Extract: finds the article body in a raw page and detects title, date, author and outlet.
//!
//! HTML goes to a maintained extractor crate ([`html`]); plain text goes to slant's own paragraph
//! classifier ([`text`]), since no existing tool reads browser-copied text; text that is already
//! a body passes through. Detected metadata only fills fields the user did not supply.

mod combine;
pub mod html;
pub(crate) mod learned;
pub mod meta;
pub(crate) mod text;

pub use text::explain as explain_text;
pub use text::feature_rows;

/// Names of the text extraction model's features, in the order `feature_rows` gives them.
pub fn feature_names() -> Vec<String> {
    text::FEATURE_NAMES.clone()
}

/// Names of the HTML combination model's features, in the order `html_feature_rows` gives them.
pub fn html_feature_names() -> Vec<String> {
    combine::feature_names()
}

pub use combine::feature_rows as html_feature_rows;

pub use html::HtmlExtractor;

use crate::document::{ContentKind, DocError, Document, ErrorKind, Metadata, RawDocument};

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
        ContentKind::Text => {
            let mut extraction = text::extract(&raw.content);
            let mut detected = meta::detect(&raw.content, &extraction);
            if detected.title.is_none() {
                detected.title = extraction.take_leading_headline();
            }
            (extraction.body(), detected)
        }
        ContentKind::Html => {
            let primary = options.html_extractor;
            let fallback = match primary {
                HtmlExtractor::Trafilatura => HtmlExtractor::Readability,
                HtmlExtractor::Readability | HtmlExtractor::Combined => HtmlExtractor::Trafilatura,
            };
            match html::extract(&raw.content, primary) {
                Ok(found) if !found.body.trim().is_empty() => (text::drop_captions(&found.body), found.detected),
                first => {
                    let why = match first {
                        Ok(_) => "empty body".to_string(),
                        Err(e) => e,
                    };
                    let found = html::extract(&raw.content, fallback).map_err(|e| {
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
