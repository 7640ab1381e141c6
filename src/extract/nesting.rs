//! The nesting budget for HTML: elements nested deeper than [`MAX_DEPTH`] are flattened into
//! their ancestor at that depth (their tags dropped, their text kept) before either extractor
//! crate parses the page. Both crates walk the tree recursively and in time that grows with the
//! square of its depth (8,000 levels took 17-73 s, 60,000 overflowed a thread's stack and ended
//! the whole run), so the depth they see has to be bounded before they see it. The scan is one
//! pass over the bytes with a stack of at most [`MAX_DEPTH`] names, so linear in the page.
//!
//! Depth is counted as an HTML parser would, roughly: void elements (`<br>`, `<img>`) open
//! nothing, and elements whose end tag may be left out (`<p>`, `<li>`, `<td>`) are closed by the
//! next one of their kind. A page that never goes deeper than the budget is returned unchanged.
//!
//! The size budget: a page of more than [`MAX_ELEMENTS`] elements is not parsed by the crates at
//! all (100,000 sibling `<span>`s took them 10-24 s) but turned into text by [`to_text`], one
//! linear pass, and read as a text page.

use std::borrow::Cow;

/// Deepest element nesting handed to the extractor crates. The 100 benchmark pages give the same
/// records with and without the budget; at this depth both crates take milliseconds.
pub(crate) const MAX_DEPTH: usize = 256;

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    "keygen", "command", "basefont", "bgsound", "frame",
];

/// Most elements a page may have for the extractor crates to parse it. The 100 benchmark pages
/// have at most 1,603; long real pages (a large encyclopaedia article) reach 20,000-30,000.
pub(crate) const MAX_ELEMENTS: usize = 50_000;

/// Elements whose content is not markup: skipped whole to their end tag.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "noscript", "iframe", "noembed"];

/// Inline elements: a flattened one leaves nothing between its words (a block leaves a space).
const INLINE: &[&str] = &["a", "b", "i", "em", "strong", "span", "font", "small", "sup", "sub", "u", "s", "code"];

/// Elements that an opening `<p>`-closing block (or its own kind) ends implicitly.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "div",
    "dl",
    "fieldset",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
];

/// What starts at a `<` of a page.
enum Markup {
    /// A comment; the scan goes on at this byte.
    Comment { resume: usize },
    /// A `<` that opens no tag ("3 < 4").
    Text,
    /// A start or end tag, lowercase `name`, ending before byte `end`; `None` for `end` when the
    /// page ends inside it.
    Tag { name: String, closing: bool, end: Option<usize> },
}

/// Reads the markup at byte `open` (a `<`) of `html`, as both passes of this module read it.
fn markup_at(html: &str, open: usize) -> Markup {
    let bytes = html.as_bytes();
    let rest = &bytes[open + 1..];
    if rest.starts_with(b"!--") {
        let resume = memchr::memmem::find(&bytes[open + 4..], b"-->").map_or(bytes.len(), |e| open + 4 + e + 3);
        return Markup::Comment { resume };
    }
    let closing = rest.first() == Some(&b'/');
    let name_start = open + 1 + usize::from(closing);
    let name_len = bytes[name_start..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'-').count();
    if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
        return Markup::Text;
    }
    let name = html[name_start..name_start + name_len].to_ascii_lowercase();
    let end = memchr::memchr(b'>', &bytes[name_start..]).map(|e| name_start + e + 1);
    Markup::Tag { name, closing, end }
}

/// The page with nesting deeper than `max_depth` flattened, and how many tags were dropped;
/// the page itself (borrowed) when it stays within the budget.
pub(crate) fn bound_depth(html: &str, max_depth: usize) -> (Cow<'_, str>, usize) {
    let bytes = html.as_bytes();
    let mut stack: Vec<String> = Vec::new();
    // Elements opened beyond the budget and not yet closed.
    let mut suppressed = 0usize;
    let mut dropped = 0usize;
    let mut out: Option<String> = None; // made at the first dropped tag
    let mut copied = 0; // bytes of `html` before this are in `out` (or dropped)
    let mut at = 0;
    while let Some(offset) = memchr::memchr(b'<', &bytes[at..]) {
        let open = at + offset;
        let (name, closing, end) = match markup_at(html, open) {
            Markup::Comment { resume } => {
                at = resume;
                continue;
            }
            Markup::Text => {
                at = open + 1;
                continue;
            }
            Markup::Tag { end: None, .. } => break, // an unclosed tag at the end: the parser drops it
            Markup::Tag { name, closing, end: Some(end), .. } => (name, closing, end),
        };
        let mut drop_tag = false;
        if closing {
            if suppressed > 0 {
                suppressed -= 1;
                drop_tag = true;
            } else if let Some(k) = stack.iter().rposition(|n| *n == name) {
                stack.truncate(k);
            }
        } else if RAW_TEXT.contains(&name.as_str()) {
            // Passed over whole: a `<div>` inside a script is not one.
            let close = format!("</{name}");
            match find_ignore_case(&bytes[end..], close.as_bytes()) {
                Some(c) => {
                    at = memchr::memchr(b'>', &bytes[end + c..]).map_or(bytes.len(), |e| end + c + e + 1);
                    continue;
                }
                None => break,
            }
        } else if !VOID.contains(&name.as_str()) {
            close_implied(&mut stack, &name);
            if stack.len() >= max_depth {
                suppressed += 1;
                drop_tag = true;
            } else {
                stack.push(name.clone());
            }
        }
        if drop_tag {
            let out = out.get_or_insert_with(|| String::with_capacity(html.len()));
            out.push_str(&html[copied..open]);
            // The flattened content goes into one paragraph: rs-trafilatura repeats text that
            // stands directly in nested `<div>`s once per level.
            if !closing && suppressed == 1 {
                out.push_str("<p>");
            } else if closing && suppressed == 0 {
                out.push_str("</p>");
            } else if !INLINE.contains(&name.as_str()) {
                out.push(' ');
            }
            copied = end;
            dropped += 1;
        }
        at = end;
    }
    match out {
        None => (Cow::Borrowed(html), 0),
        Some(mut out) => {
            out.push_str(&html[copied..]);
            (Cow::Owned(out), dropped)
        }
    }
}

/// Pops the open elements that opening `name` ends without an end tag.
fn close_implied(stack: &mut Vec<String>, name: &str) {
    let top_is = |stack: &Vec<String>, names: &[&str]| stack.last().is_some_and(|t| names.contains(&t.as_str()));
    let ends: &[&str] = match name {
        "li" => &["li"],
        "dt" | "dd" => &["dt", "dd"],
        "option" => &["option"],
        "td" | "th" => &["td", "th"],
        "tr" => &["td", "th", "tr"],
        _ if BLOCKS.contains(&name) => &["p"],
        _ => return,
    };
    while top_is(stack, ends) {
        stack.pop();
    }
}

fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}

/// How many start tags a page has (a `<` before a letter), in one pass.
pub(crate) fn element_count(html: &str) -> usize {
    let bytes = html.as_bytes();
    memchr::memchr_iter(b'<', bytes).filter(|&i| bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic)).count()
}

/// The page's text without its tags, for a page too large for the extractor crates: a block
/// element starts a paragraph (a blank line), `<br>` a line, comments and raw-text elements
/// (scripts, styles) go, and the common character references are decoded. One pass.
pub(crate) fn to_text(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() / 2);
    let mut at = 0;
    while let Some(offset) = memchr::memchr(b'<', &bytes[at..]) {
        let open = at + offset;
        push_text(&mut out, &html[at..open]);
        let (name, closing, end) = match markup_at(html, open) {
            Markup::Comment { resume } => {
                at = resume;
                continue;
            }
            Markup::Text => {
                out.push('<');
                at = open + 1;
                continue;
            }
            Markup::Tag { end: None, .. } => {
                at = html.len();
                break;
            }
            Markup::Tag { name, closing, end: Some(end), .. } => (name, closing, end),
        };
        at = end;
        if !closing && RAW_TEXT.contains(&name.as_str()) {
            let close = format!("</{name}");
            at = find_ignore_case(&bytes[end..], close.as_bytes())
                .and_then(|c| memchr::memchr(b'>', &bytes[end + c..]).map(|e| end + c + e + 1))
                .unwrap_or(bytes.len());
        } else if name == "br" {
            out.push('\n');
        } else if BLOCKS.contains(&name.as_str()) || matches!(name.as_str(), "li" | "tr" | "td" | "th" | "dt" | "dd") {
            out.push_str("\n\n");
        } else if !INLINE.contains(&name.as_str()) {
            out.push(' ');
        }
    }
    if at < html.len() {
        push_text(&mut out, &html[at..]);
    }
    // Lines trimmed and runs of blank lines cut to one, as a browser's rendering has them.
    let mut text = String::with_capacity(out.len());
    let mut blank = true;
    for line in out.lines().map(str::trim) {
        if line.is_empty() {
            if !blank {
                text.push('\n');
            }
            blank = true;
        } else {
            text.push_str(line);
            text.push('\n');
            blank = false;
        }
    }
    text.trim_end().to_string()
}

/// Text between tags, its whitespace runs made one space and its common references decoded.
fn push_text(out: &mut String, text: &str) {
    let space = |c: char| c.is_ascii_whitespace();
    let joined = text.split_ascii_whitespace().collect::<Vec<_>>().join(" ");
    if text.starts_with(space) && !out.is_empty() && !out.ends_with([' ', '\n']) {
        out.push(' ');
    }
    let decoded = joined
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    out.push_str(&decoded);
    if text.ends_with(space) && !joined.is_empty() {
        out.push(' ');
    }
}

/// The deepest nesting of a page as [`bound_depth`] counts it (for tests and measurements).
#[cfg(test)]
fn depth(html: &str) -> usize {
    (1..).find(|&d| bound_depth(html, d).1 == 0).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_over_the_size_budget_becomes_paragraphs_of_text() {
        let page = "<html><head><style>p { x: 1 }</style></head><body><nav><a href=/>Home</a></nav>\
                    <article><h1>Talks &amp; more</h1><p>Putin <b>spoke</b> in\n   Moscow.</p><!-- ad --><p>Then\
                    <br>he left.</p><script>var a = '<p>x</p>';</script></article></body></html>";
        assert_eq!(element_count(page), 14);
        assert_eq!(element_count("a < b, 3<4"), 0);
        assert_eq!(to_text(page), "Home\n\nTalks & more\n\nPutin spoke in Moscow.\n\nThen\nhe left.");
    }

    #[test]
    fn a_page_within_the_budget_is_returned_as_it_is() {
        let page = "<html><body><div><p>One<p>Two<ul><li>a<li>b</ul><br><img src=x></div></body></html>";
        let (out, dropped) = bound_depth(page, 8);
        assert!(matches!(out, Cow::Borrowed(_)) && dropped == 0);
        // html, body, div, ul, li: the second <p> and <li> close the first, <br>/<img> open nothing.
        assert_eq!(depth(page), 5);
    }

    #[test]
    fn deep_nesting_is_flattened_and_its_text_kept() {
        let page = format!(
            "<body>{}<p>Deep text here.</p>{}<p>After.</p></body>",
            "<div>".repeat(1000),
            "</div>".repeat(1000)
        );
        let (out, dropped) = bound_depth(&page, 10);
        assert_eq!(dropped, 2 * 991 + 2, "991 divs and the inner <p> beyond depth 10, open and close");
        assert!(out.contains("Deep text here.") && out.ends_with("<p>After.</p></body>"), "{out}");
        // The flattened part is one paragraph at depth 11.
        assert!(out.starts_with(&format!("<body>{}<p> ", "<div>".repeat(9))), "{out}");
        assert_eq!(depth(&out), 11);
        assert_eq!(bound_depth(&out, 11).1, 0, "nothing is left to flatten");
    }

    #[test]
    fn scripts_comments_and_stray_angles_are_not_tags() {
        let page =
            "<div><script>if (a<b) { x = '<div><div><div>' }</script><!-- <div><div> --> 3 < 4 <div></div></div>";
        assert_eq!(depth(page), 2);
        // An unclosed script or tag ends the scan without dropping anything.
        assert_eq!(bound_depth("<div><div><script>var x = '<div>", 1).1, 1);
        assert_eq!(bound_depth("<div><div", 1).1, 0);
    }

    #[test]
    fn time_is_linear_in_the_page() {
        let deep = format!("{}x{}", "<div>".repeat(200_000), "</div>".repeat(200_000));
        let started = std::time::Instant::now();
        let (out, dropped) = bound_depth(&deep, MAX_DEPTH);
        assert_eq!(dropped, 2 * (200_000 - MAX_DEPTH));
        assert!(out.len() < 2 * MAX_DEPTH * 6 + 200_000 * 2 + 10);
        assert!(started.elapsed().as_secs_f64() < 2.0, "{:?}", started.elapsed());
    }
}
