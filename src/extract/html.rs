//! Article-body extraction from HTML through maintained extractor crates.
//!
//! Two are wired in and measured side by side in BENCHMARKS.md: dom_smoothie (a port of
//! Readability.js) and rs-trafilatura (a port of trafilatura). The default combines both through
//! a learned paragraph filter (`combine`); either can be chosen alone, and each is the other's
//! fallback when it finds no body. Picture captions are dropped from the output, as in text
//! extraction.

use super::meta;
use crate::document::Metadata;

/// Which HTML extractor to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, serde::Serialize)]
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

/// The body text (paragraphs separated by blank lines) and the metadata the page declares.
#[derive(Debug, Clone)]
pub(crate) struct HtmlExtraction {
    pub body: String,
    pub detected: Metadata,
}

pub(crate) fn extract(html: &str, extractor: HtmlExtractor) -> Result<HtmlExtraction, String> {
    match extractor {
        HtmlExtractor::Combined => super::combine::extract(html),
        HtmlExtractor::Trafilatura => {
            let result = rs_trafilatura::extract(html).map_err(|e| e.to_string())?;
            let m = result.metadata;
            let detected = Metadata {
                title: m.title.filter(|t| !t.trim().is_empty()),
                outlet: m.sitename.or_else(|| m.hostname.clone()),
                date: m.date.map(|d| d.format("%Y-%m-%d").to_string()),
                author: m.author,
                url: m.url,
            };
            Ok(HtmlExtraction { body: tidy_paragraphs(&result.content_text), detected })
        }
        HtmlExtractor::Readability => {
            let cfg = dom_smoothie::Config { text_mode: dom_smoothie::TextMode::Formatted, ..Default::default() };
            let mut readability = dom_smoothie::Readability::new(html, None, Some(cfg)).map_err(|e| e.to_string())?;
            let article = readability.parse().map_err(|e| e.to_string())?;
            let date = article.published_time.as_deref().and_then(|d| meta::find_date(d).map(|(_, d)| d));
            let detected = Metadata {
                title: Some(article.title.to_string()).filter(|t| !t.trim().is_empty()),
                outlet: article.site_name,
                date,
                author: article.byline,
                url: article.url,
            };
            Ok(HtmlExtraction { body: tidy_paragraphs(&article.text_content), detected })
        }
    }
}

/// One paragraph per block, blank line between, no runs of ASCII spaces inside a line (other
/// space characters, such as no-break spaces, are the page's own and stay).
fn tidy_paragraphs(text: &str) -> String {
    text.lines()
        .map(|l| l.split([' ', '\t', '\r']).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}
