//! The two HTML extractor crates, wrapped: dom_smoothie (a port of Readability.js) and
//! rs-trafilatura (a port of trafilatura), each giving a body (one paragraph per block, blank
//! line between) and the metadata the page declares, and the cut that makes both faster
//! (`strip_inert`). Which one runs, or both through `combine`, is chosen in the parent module.

use crate::document::Metadata;

/// The body text (paragraphs separated by blank lines) and the metadata the page declares.
#[derive(Debug, Clone)]
pub(crate) struct HtmlExtraction {
    pub body: String,
    pub detected: Metadata,
}

/// rs-trafilatura's body and metadata for a page (already through [`strip_inert`]).
pub(crate) fn trafilatura(page: &str) -> Result<HtmlExtraction, String> {
    let result = rs_trafilatura::extract(page).map_err(|e| e.to_string())?;
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

/// dom_smoothie's body and metadata for a page (already through [`strip_inert`]). The date is the
/// page's published time as written (a timestamp, mostly): the caller reads it.
pub(crate) fn readability(page: &str) -> Result<HtmlExtraction, String> {
    let cfg = dom_smoothie::Config { text_mode: dom_smoothie::TextMode::Formatted, ..Default::default() };
    let mut readability = dom_smoothie::Readability::new(page, None, Some(cfg)).map_err(|e| e.to_string())?;
    let article = readability.parse().map_err(|e| e.to_string())?;
    let detected = Metadata {
        title: Some(article.title.to_string()).filter(|t| !t.trim().is_empty()),
        outlet: article.site_name,
        date: article.published_time,
        author: article.byline,
        url: article.url,
    };
    Ok(HtmlExtraction { body: tidy_paragraphs(&article.text_content), detected })
}

/// The page without what no extractor reads as article text: scripts (JSON-LD metadata excepted),
/// style sheets and inline SVG drawings. With comments they are over half of a news page's bytes
/// (58% on the benchmark pages), and both crates parse the page into a tree and walk it several
/// times, so cutting them first makes HTML extraction faster. Both crates' outputs are the same
/// with and without them on the 100 benchmark pages.
pub(crate) fn strip_inert(html: &str) -> String {
    // (name, its closing tag's start)
    const TAGS: [(&str, &[u8]); 3] = [("script", b"</script"), ("style", b"</style"), ("svg", b"</svg")];
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() / 2);
    let mut copied = 0; // bytes of `html` before this are in `out` or dropped
    let mut at = 0;
    // Once a tag has no closing tag before the end, no later one has either: never search again
    // (a hostile page of many unclosed `<script>`s would otherwise take quadratic time).
    let mut unclosed = [false; TAGS.len()];
    while let Some(offset) = memchr::memchr(b'<', &bytes[at..]) {
        let open = at + offset;
        if bytes[open..].starts_with(b"<!--") {
            // A comment is passed over whole (a `<script>` inside it is not one) but kept: where
            // it sits between words, rs-trafilatura's spacing depends on it.
            at = memchr::memmem::find(&bytes[open + 4..], b"-->").map_or(bytes.len(), |e| open + 4 + e + 3);
            continue;
        }
        let end = TAGS.iter().enumerate().find_map(|(k, &(tag, closing))| {
            let name_end = open + 1 + tag.len();
            let named = bytes.get(open + 1..name_end).is_some_and(|n| n.eq_ignore_ascii_case(tag.as_bytes()))
                && bytes.get(name_end).is_some_and(|&c| c == b'>' || c == b'/' || c.is_ascii_whitespace());
            if !named || unclosed[k] {
                return None;
            }
            let Some(tag_end) = memchr::memchr(b'>', &bytes[name_end..]).map(|e| e + name_end) else {
                unclosed = [true; TAGS.len()];
                return None;
            };
            if tag == "script" && find_ignore_case(&bytes[name_end..tag_end], b"ld+json").is_some() {
                return None; // structured metadata the extractors read
            }
            if tag == "svg" && bytes[tag_end - 1] == b'/' {
                // `<svg/>` closes itself; `<script/>` does not in HTML, and neither does `<style/>`.
                return Some(tag_end + 1);
            }
            let Some(close) = find_ignore_case(&bytes[tag_end..], closing) else {
                unclosed[k] = true;
                return None;
            };
            let close = close + tag_end;
            Some(memchr::memchr(b'>', &bytes[close..]).map_or(bytes.len(), |e| close + e + 1))
        });
        match end {
            Some(end) => {
                out.push_str(&html[copied..open]);
                copied = end;
                at = end;
            }
            None => at = open + 1,
        }
    }
    out.push_str(&html[copied..]);
    out
}

fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_scripts_styles_drawings_and_comments_but_keeps_json_ld_and_text() {
        let page = "<html><head><STYLE type='text/css'>p { color: red }</style>\
            <script>var s = '<p>not text</p>';</script>\
            <script type=\"application/ld+json\">{\"headline\": \"Talks\"}</script></head>\
            <body><!-- a <script> in a comment --><p>Før the talks</p><svg viewBox='0 0 1 1'><text>icon</text></svg>\
            <scripture>kept</scripture><svg/><script src='x.js'/>x()</script><p>after</p><script>unclosed";
        let stripped = strip_inert(page);
        assert_eq!(
            stripped,
            "<html><head><script type=\"application/ld+json\">{\"headline\": \"Talks\"}</script></head>\
             <body><!-- a <script> in a comment --><p>Før the talks</p><scripture>kept</scripture><p>after</p><script>unclosed"
        );
        assert_eq!(strip_inert("no markup at all"), "no markup at all");
        // Many unclosed scripts: each is left to the parser, in linear time.
        let hostile = "<script>x".repeat(100_000);
        assert_eq!(strip_inert(&hostile), hostile);
    }
}
