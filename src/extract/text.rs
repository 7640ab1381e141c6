//! Article-body extraction from plain text: pages copied out of a browser or dumped by a text
//! browser, where menus, tickers, share bars, "related" lists and footers surround the article.
//!
//! The text is cut into paragraphs (blank-line separated lines, with text-browser line wraps
//! re-joined), each paragraph gets a class from surface cues (length, stop-word density, final
//! punctuation, bullets, furniture vocabulary, repetition within the page, caption credits), and
//! the article is the contiguous run of paragraphs with the largest weight (good text counts for
//! its length, furniture against it; a max-subarray search). Inside that run, furniture and
//! captions are dropped and short lines (subheadings, "Reuters reported:") are kept.
//! **Captions are dropped**: they repeat names from the article and are not the author's prose.

use super::feature_names::{NEIGHBOUR, OFFSETS};
use super::paragraph::{is_stopword_any_case, is_title_case, Class, Paragraph, TextExtraction, FURNITURE, WORD};
use super::{learned, meta};
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

const BULLETS: &[char] = &['•', '□', '◦', '▪', '■', '●', '○', '·', '*', '-', '–', '»', '›', '►', '▶'];

/// A paragraph of prose this long inside the body is kept (issue 16: an article's opening with a
/// pronunciation or a name in another script, a long interview answer).
const LONG_PROSE_WORDS: usize = 20;

/// Lines this long or longer that are followed by more text are a text browser's wrap, not a break.
const WRAP_MIN: usize = 150;
const WRAP_MAX: usize = 200;

/// Vocabulary of navigation that also occurs in subheadings ("Next steps", "Live updates"):
/// such a line is furniture only when it does not stand between paragraphs of prose.
static WEAK_FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(home|menu|search|next|previous|live|watch|video|podcast|close|listen|explore|latest|breaking|print|download|join|toggle|loading)\b").unwrap()
});

static CAPTION_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)((picture|photo|photograph|image|credit|illustration|file photo)s?\s*(by)?\s*:\s*[^.]{2,60}$)|",
        r"(\((ap|afp|reuters|getty( images)?|epa|sputnik|xinhua|tass|anadolu|file|[\w .]{0,25} photo)\)\s*$)|",
        r"(/\s*(reuters|ap|afp|getty|epa)[\w ]{0,20}$)|",
        r"(\((left|right|centre|center|l|r|c|pictured|top|bottom)\))",
    ))
    .unwrap()
});

/// Cookie-consent prose: long sentences, but page furniture.
static COOKIE_NOTICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bcookies?\b.*\b(website|browser|consent|accept|opt.out|experience|third.party)\b").unwrap()
});

/// A row of a text-rendered table: at least three columns separated by runs of spaces.
static TABLE_ROW: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\S.*?(\S\s{2,}\S.*?){3,}$").unwrap());

/// Headings that close an article: comment sections and boxes of other stories. They weigh
/// heavily against a region that would run across them.
static ARTICLE_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)^\W*(\d+\s+comments?|comments?|top rated comments|leave a (reply|comment)|add a comment|",
        r"related (articles|posts|stories|news|coverage)|you (may|might) also like|more stories|",
        r"most (read|popular|viewed))\W*(\d+\s+comments?)?\W*$",
    ))
    .unwrap()
});

static IMAGE_PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\[[^\]]*\]$").unwrap());

/// Extracts the article body from page text: the rules read the page, and the learned model
/// decides paragraph by paragraph from their reading and the surface cues.
#[cfg(test)]
pub(crate) fn extract(page: &str) -> TextExtraction {
    extract_paragraphs(split_paragraphs(page))
}

fn extract_paragraphs(paragraphs: Vec<Paragraph>) -> TextExtraction {
    let RuleReading { paragraphs, region, rule_kept } = read_paragraphs(paragraphs);
    let words: Vec<usize> = paragraphs.iter().map(|p| p.words).collect();
    let mut kept = learned::TEXT_MODEL.keep(&features(&paragraphs, &region, &rule_kept), &words);
    // Long prose between paragraphs of the body is the article's, whatever its script or the
    // model's doubt.
    if let (Some(&first), Some(&last)) = (kept.first(), kept.last()) {
        let mut keep = vec![false; paragraphs.len()];
        kept.iter().for_each(|&i| keep[i] = true);
        for i in first..last {
            let p = &paragraphs[i];
            keep[i] |= p.class == Class::Good && p.words >= LONG_PROSE_WORDS;
        }
        kept = (0..paragraphs.len()).filter(|&i| keep[i]).collect();
    }
    // The rules' vetoes stand: their furniture, captions and closing headings are precise, and a
    // short line (heading, link) at either end of the body is a title or a teaser, not the article;
    // a bulleted short line is a link list's item, and a paragraph the page prints twice is a
    // caption beside its picture's alt text or a teaser, not the article (which says it once).
    kept.retain(|&i| {
        let p = &paragraphs[i];
        let bulleted_link = p.class == Class::Short && p.text.starts_with(BULLETS);
        !bulleted_link && !p.repeated && !matches!(p.class, Class::Furniture | Class::Caption | Class::ArticleEnd)
    });
    let leading = kept.iter().take_while(|&&i| paragraphs[i].class == Class::Short).count();
    kept.drain(..leading);
    while kept.last().is_some_and(|&i| paragraphs[i].class == Class::Short) {
        kept.pop();
    }
    // A page where the model keeps nothing still has the rules' best guess.
    let kept = if kept.is_empty() { rule_kept } else { kept };
    TextExtraction { paragraphs, kept }
}

/// How a supplied text reads: a page rendering to clean (the article and what surrounds it), or a
/// body that already is the article, which is kept whole.
pub(crate) enum Reading {
    Page(TextExtraction),
    Body(Vec<Paragraph>),
}

/// Reads a text as a page or as a body ([`reads_as_page`]); a page is extracted.
pub(crate) fn read(text: &str) -> Reading {
    let paragraphs = split_paragraphs(text);
    if reads_as_page(&paragraphs) {
        Reading::Page(extract_paragraphs(paragraphs))
    } else {
        Reading::Body(paragraphs)
    }
}

/// Distinct paragraphs with page furniture's cues that make a text a page rendering. Chosen on the
/// 100 extraction pages' text renderings and the seeds (every one has at least 3) against clean
/// bodies (gum-dev, NewsMTSC, PerSenT: none has more than 2); see BENCHMARKS.md, issue 16.
const PAGE_CUES_MIN: usize = 3;

/// Whether a text is a page rendering (menus, share bars, captions, datelines around the article)
/// rather than a clean body: at least [`PAGE_CUES_MIN`] distinct paragraphs look like furniture by
/// the rules' precise cues, or it is a long list with hardly a sentence. Repetition alone is no cue (a conversation repeats "Yeah."), nor is
/// anything about prose, which bodies and pages both have.
pub(crate) fn reads_as_page(paragraphs: &[Paragraph]) -> bool {
    let mut cues: Vec<String> = Vec::new();
    for p in paragraphs {
        if has_furniture_cue(&p.text, p.words) {
            let key = normalize(&p.text);
            if !cues.contains(&key) {
                cues.push(key);
                if cues.len() >= PAGE_CUES_MIN {
                    return true;
                }
            }
        }
    }
    // A long text with almost no sentences (a dump of link lines) is no article body either.
    let total: usize = paragraphs.iter().map(|p| p.words).sum();
    let prose: usize = paragraphs.iter().filter(|p| p.words >= 12 && ends_sentence(&p.text)).map(|p| p.words).sum();
    paragraphs.len() >= LIST_MIN_PARAGRAPHS && prose * 10 < total
}

/// Paragraphs from which a text with under a tenth of its words in sentences reads as a page (a
/// list of links); the clean bodies' lowest share is above a quarter (BENCHMARKS.md, issue 16).
const LIST_MIN_PARAGRAPHS: usize = 50;

/// A paragraph that page furniture's precise cues mark: a short bulleted line, short navigation
/// or sharing vocabulary, a caption credit, a closing heading, a date or byline line, a short line
/// with a link, an image placeholder.
fn has_furniture_cue(text: &str, words: usize) -> bool {
    let short = words < 12;
    (short
        && (text.starts_with(BULLETS)
            || FURNITURE.is_match(text)
            || URL.is_match(text)
            || meta::byline(text).is_some()))
        || CAPTION_CREDIT.is_match(text)
        || ARTICLE_END.is_match(text)
        || IMAGE_PLACEHOLDER.is_match(text.trim())
        || meta::is_date_line(text)
}

/// How the rules read a page: its paragraphs with their classes, the article region they chose,
/// and the paragraphs they keep inside it.
struct RuleReading {
    paragraphs: Vec<Paragraph>,
    region: std::ops::Range<usize>,
    rule_kept: Vec<usize>,
}

/// The rules' four steps: split into paragraphs, classify each, choose the best region, keep what
/// belongs inside it.
fn read_by_rules(page: &str) -> RuleReading {
    read_paragraphs(split_paragraphs(page))
}

fn read_paragraphs(mut paragraphs: Vec<Paragraph>) -> RuleReading {
    classify(&mut paragraphs);
    let region = best_region(&paragraphs);
    let rule_kept = keep_in_region(&paragraphs, region.clone());
    RuleReading { paragraphs, region, rule_kept }
}

/// Drops picture captions from an already extracted body (an HTML extractor's output), keeping
/// everything else in order. (Dropping furniture there too was measured and lost recall.)
pub(crate) fn drop_captions(body: &str) -> String {
    let mut paragraphs = split_paragraphs(body);
    classify(&mut paragraphs);
    let kept: Vec<&str> =
        paragraphs.iter().filter(|p| !matches!(p.class, Class::Caption)).map(|p| p.text.as_str()).collect();
    kept.join("\n\n")
}

/// A line per paragraph showing how extraction saw it: `>` inside the chosen region, `+` kept,
/// then the paragraph index, block, class, weight and the start of its text. For tuning rules.
pub fn explain(page: &str) -> String {
    let RuleReading { paragraphs, region, rule_kept: kept } = read_by_rules(page);
    let mut out = String::new();
    for (i, p) in paragraphs.iter().enumerate() {
        let region_mark = if region.contains(&i) { '>' } else { ' ' };
        let kept_mark = if kept.contains(&i) { '+' } else { ' ' };
        let start: String = p.text.chars().take(100).collect();
        out.push_str(&format!(
            "{region_mark}{kept_mark} {i:>4} b{:<4} {:<10} {:>7.1}  {start}\n",
            p.block,
            format!("{:?}", p.class),
            weight(p)
        ));
    }
    out
}

/// Cuts the page into paragraphs: a blank line or a bullet starts a new one, and so does every
/// line unless the previous one was wrapped by a text browser (long, and cut near column 200) or
/// the line goes on with a sentence an inline element broke ([`continues_sentence`]).
fn split_paragraphs(page: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut previous_wrapped = false;
    let mut block = 0;
    let lines: Vec<&str> = page.lines().map(|l| l.trim_end_matches(['\r'])).collect();
    for (i, raw_line) in lines.iter().enumerate() {
        let line = raw_line.trim();
        let chars = unicode_width::UnicodeWidthStr::width(raw_line.trim_end());
        let starts_bullet = line.starts_with(BULLETS) && line.chars().nth(1).is_some_and(char::is_whitespace);
        let next = lines.get(i + 1).map(|l| l.trim()).unwrap_or_default();
        let goes_on = continues_sentence(&current, line, next);
        if line.is_empty() || !(previous_wrapped || goes_on) || starts_bullet {
            push_paragraph(&mut out, &mut current, block);
        }
        if line.is_empty() {
            block += 1;
        }
        if !line.is_empty() {
            // ", but it is lower." after a link closes up to it.
            let closes_up = goes_on && line.starts_with(CLOSING);
            if !current.is_empty() && !closes_up {
                current.push(' ');
            }
            current.push_str(line);
        }
        previous_wrapped = !line.is_empty() && (WRAP_MIN..=WRAP_MAX).contains(&chars);
    }
    push_paragraph(&mut out, &mut current, block);
    out
}

/// A line a page prints under a headline, not the headline's continuation: "updated 3 hours ago",
/// "posted on Monday", "by Chris Davies" (the byline is `meta::byline`'s).
static DATELINE_OPENING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(last\s+)?(updated|posted|published|modified|edited|filed)\b").unwrap());

/// Marks that close what comes before them and so take no space before them.
const CLOSING: &[char] = &[',', '.', ';', ':', ')', ']', '!', '?', '%', '’', '”'];

/// Whether `line` goes on with the sentence the paragraph so far (`current`) left open, as in
/// text that an extractor broke at every inline element (a link, an emphasis) instead of at
/// blocks: "... The VW ID. SPACE" / "electric Gran Turismo" / "is arguably the most striking yet."
/// The paragraph must read as prose cut mid-sentence (six words or more, no final punctuation);
/// the line must continue it ([`opens_continuation`]) and end the sentence or hand it on, or be a
/// short name between two such lines ("... as the" / "VW Atlas Cross Sport" / ", but it is lower.").
fn continues_sentence(current: &str, line: &str, next: &str) -> bool {
    let open_prose = WORD.find_iter(current).take(6).count() == 6 && !ends_sentence(current);
    if !open_prose || line.is_empty() {
        return false;
    }
    let next_continues = opens_continuation(next);
    // A lowercase caption under a headline ("2 US service members die in crash" / "a person
    // sitting on a bed© Amazon") neither ends the sentence nor hands it on.
    (opens_continuation(line) && (ends_sentence(line) || next_continues))
        || (line.split_whitespace().count() <= 5 && next_continues)
}

/// Whether a line opens as the rest of a sentence: in lowercase ("is arguably", not "iPhone") or
/// with a closing mark; not a link's address, a list item a renderer bullets with a letter ("o
/// Sports", inscriptis's and lynx's third level), a dateline or a byline.
fn opens_continuation(line: &str) -> bool {
    let mut words = line.split_whitespace();
    let first = words.next().unwrap_or_default();
    let mut chars = first.chars();
    let opens = match (chars.next(), chars.next()) {
        (Some(c), _) if CLOSING.contains(&c) => true,
        (Some(c), second) => c.is_lowercase() && second.is_none_or(|d| !d.is_uppercase()),
        _ => false,
    };
    let lettered_bullet =
        first.chars().count() == 1 && words.next().is_some_and(|w| w.starts_with(|c: char| c.is_uppercase()));
    let address = first.contains("://") || first.starts_with("www.");
    opens && !lettered_bullet && !address && !DATELINE_OPENING.is_match(line) && meta::byline(line).is_none()
}

fn push_paragraph(out: &mut Vec<Paragraph>, current: &mut String, block: usize) {
    if !current.is_empty() {
        let text = strip_label(&std::mem::take(current));
        let (words, stops) =
            WORD.find_iter(&text).fold((0, 0), |(n, s), w| (n + 1, s + usize::from(is_stopword_any_case(w.as_str()))));
        out.push(Paragraph { text, class: Class::Short, words, stops, block, repeated: false });
    }
}

/// Drops a scraper's leading "date 2025-10-21" label (the date is still detected from the page).
fn strip_label(text: &str) -> String {
    static LABEL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^date\s+\d{4}-\d{2}-\d{2}\s*").unwrap());
    match LABEL.find(text) {
        Some(m) => text[m.end()..].to_string(),
        None => text.to_string(),
    }
}

fn classify(paragraphs: &mut [Paragraph]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for p in paragraphs.iter() {
        *seen.entry(normalize(&p.text)).or_default() += 1;
    }
    let english = is_english(paragraphs);
    for p in paragraphs.iter_mut() {
        p.repeated = seen[&normalize(&p.text)] > 1;
        p.class = classify_one(&p.text, p.words, p.repeated, english);
    }
    demote_list_blocks(paragraphs);
}

/// Tickers, "most read" boxes and link lists print one item per line with no blank line between,
/// while the page's prose is separated by blank lines. When a page does separate its prose that
/// way, prose-looking lines inside a block of three or more count as list items.
fn demote_list_blocks(paragraphs: &mut [Paragraph]) {
    let mut block_sizes: HashMap<usize, usize> = HashMap::new();
    for p in paragraphs.iter() {
        *block_sizes.entry(p.block).or_default() += 1;
    }
    let separated_prose = paragraphs.iter().filter(|p| p.class == Class::Good && block_sizes[&p.block] == 1).count();
    if separated_prose < 2 {
        return;
    }
    // An embedded post (several lines, then "— Name (@handle) date") is quoted content, not a list.
    let embeds: Vec<usize> = paragraphs
        .windows(2)
        .filter(|w| w[0].block != w[1].block && EMBED_ATTRIBUTION.is_match(&w[1].text))
        .map(|w| w[0].block)
        .collect();
    for p in paragraphs.iter_mut() {
        if block_sizes[&p.block] >= 3 && !embeds.contains(&p.block) && matches!(p.class, Class::Good | Class::NearGood)
        {
            p.class = Class::Short;
        }
    }
}

fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(https?://\S+|\b[\w.-]+\.(com|org|net|co|io|ru|uk|tv)(/\S*)?\b)").unwrap());
static EMBED_ATTRIBUTION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[—–-]\s*.{1,60}\(@\w+\)").unwrap());

fn classify_one(text: &str, words: usize, repeated: bool, english: bool) -> Class {
    let bullet = text.starts_with(BULLETS);
    if ARTICLE_END.is_match(text) {
        return Class::ArticleEnd;
    }
    if EMBED_ATTRIBUTION.is_match(text) {
        return Class::Furniture;
    }
    let without_urls = URL.replace_all(text, " ");
    let text = without_urls.as_ref();
    if words == 0 || IMAGE_PLACEHOLDER.is_match(text) || meta::is_date_line(text) {
        return Class::Furniture;
    }
    if CAPTION_CREDIT.is_match(text) {
        return Class::Caption;
    }
    if COOKIE_NOTICE.is_match(text) {
        return Class::Furniture;
    }
    if TABLE_ROW.is_match(text) && !bullet {
        return Class::TableRow;
    }
    // Words in another script or in IPA (a name in Arabic, a pronunciation) have no English
    // function words to show: the share is taken over the rest, and a paragraph mostly made of
    // them is judged as on a page in another language (by its length and final punctuation).
    let foreign = foreign_words(text);
    let stop = stopword_ratio(text, words.saturating_sub(foreign));
    let english = english && foreign * 2 < words;
    let ends_sentence = ends_sentence(text);
    if bullet && words < 12 {
        return Class::Furniture;
    }
    if repeated && words < 30 {
        return Class::Furniture;
    }
    if words < 12 && FURNITURE.is_match(text) {
        return Class::Furniture;
    }
    if words < 6 && WEAK_FURNITURE.is_match(text) {
        return Class::Short;
    }
    if meta::byline(text).is_some() && words < 12 {
        return Class::Furniture;
    }
    let prose = if english { stop >= 0.2 } else { ends_sentence || text.chars().count() >= 80 };
    if !ends_sentence && is_title_case(text) {
        // A headline: the page's title, a subheading, or a link to another article.
        return Class::Short;
    }
    // CJK text has few spaces: count characters too.
    let words = words.max(text.chars().filter(|c| !c.is_whitespace()).count() / 6);
    if (words >= 12 && prose && (ends_sentence || words >= 20)) || (words >= 30 && (stop >= 0.1 || !english)) {
        return if bullet { Class::NearGood } else { Class::Good };
    }
    if ends_sentence && words >= 4 && prose {
        return Class::NearGood;
    }
    Class::Short
}

/// Whether the text ends as a sentence does (full stop, question mark, closing quote, ...).
fn ends_sentence(text: &str) -> bool {
    let last = text.trim_end().chars().last().unwrap_or(' ');
    matches!(
        last,
        '.' | '!' | '?' | '"' | '”' | '\'' | '’' | '…' | ')' | ':' | ';' | '»' | '。' | '！' | '？' | '」' | '』'
    )
}

/// Words with a letter outside the Latin script (Arabic, Cyrillic, Greek, CJK, ...) or from the
/// IPA (ɪ, ə, ʃ, ː): code points from U+0250 on, except Latin Extended Additional (ạ, ễ). Danish or
/// German letters (ø, å, ß) are Latin and do not count.
fn foreign_words(text: &str) -> usize {
    let foreign = |c: char| c.is_alphabetic() && c as u32 >= 0x250 && !(0x1E00..=0x1EFF).contains(&(c as u32));
    if text.is_ascii() {
        return 0;
    }
    WORD.find_iter(text).filter(|w| w.as_str().chars().any(foreign)).count()
}

fn stopword_ratio(text: &str, words: usize) -> f32 {
    let stops = WORD.find_iter(text).filter(|w| is_stopword_any_case(w.as_str())).count();
    stops as f32 / words.max(1) as f32
}

/// Whether a page is in English. English function words tell prose from link text; on pages in
/// other languages they are absent, and length with final punctuation has to do.
fn is_english(paragraphs: &[Paragraph]) -> bool {
    let total_words: usize = paragraphs.iter().map(|p| p.words).sum();
    let total_stops: f32 = paragraphs.iter().map(|p| stop_share(p) * p.words as f32).sum();
    total_words == 0 || total_stops / total_words as f32 >= 0.08
}

/// `stopword_ratio` of a paragraph's own text, from the counts made when it was cut.
fn stop_share(p: &Paragraph) -> f32 {
    p.stops as f32 / p.words.max(1) as f32
}

/// How much a paragraph speaks for (positive) or against (negative) being inside the article.
fn weight(p: &Paragraph) -> f32 {
    let words = p.words as f32;
    match p.class {
        Class::Good => words,
        Class::NearGood => 0.5 * words,
        Class::Short => -2.0,
        Class::Furniture => -(8.0 + words),
        Class::Caption => -4.0,
        Class::TableRow => 1.0,
        Class::ArticleEnd => -60.0,
    }
}

/// The contiguous run of paragraphs with the largest total weight (Kadane's algorithm).
///
/// Articles come before their comment sections and "related" boxes: once a closing heading
/// follows a good amount of prose, prose after it counts for a quarter.
fn best_region(paragraphs: &[Paragraph]) -> std::ops::Range<usize> {
    let mut best = (f32::MIN, 0..0);
    let mut sum = 0.0;
    let mut start = 0;
    let mut prose_words = 0;
    let mut after_end = false;
    for (i, p) in paragraphs.iter().enumerate() {
        if sum <= 0.0 {
            sum = 0.0;
            start = i;
        }
        let mut w = weight(p);
        match p.class {
            Class::Good => prose_words += p.words,
            Class::ArticleEnd if prose_words >= 100 => after_end = true,
            _ => {}
        }
        if after_end && w > 0.0 {
            w *= 0.25;
        }
        sum += w;
        if sum > best.0 {
            best = (sum, start..i + 1);
        }
    }
    if best.0 <= 0.0 {
        // No prose at all: fall back to everything that is not furniture.
        return 0..paragraphs.len();
    }
    best.1
}

/// Inside the region, prose stays, furniture and captions go, and short lines stay only as
/// subheadings or lead-ins: a run of at most two with prose right before and right after it.
fn keep_in_region(paragraphs: &[Paragraph], region: std::ops::Range<usize>) -> Vec<usize> {
    let is_prose = |i: usize| matches!(paragraphs[i].class, Class::Good | Class::NearGood);
    let is_short = |i: usize| paragraphs[i].class == Class::Short;
    // The first and last paragraph of the run of short lines each paragraph is in, found in one
    // pass each way (a page of 100,000 link lines must not take quadratic time).
    let n = paragraphs.len();
    let mut run_first = vec![0; n];
    let mut run_last = vec![0; n];
    for i in 0..n {
        run_first[i] = if i > 0 && is_short(i) && is_short(i - 1) { run_first[i - 1] } else { i };
    }
    for i in (0..n).rev() {
        run_last[i] = if i + 1 < n && is_short(i) && is_short(i + 1) { run_last[i + 1] } else { i };
    }
    region
        .filter(|&i| match paragraphs[i].class {
            Class::Good | Class::NearGood | Class::TableRow => true,
            Class::Short => {
                let (first, last) = (run_first[i], run_last[i]);
                last - first < 2
                    && first > 0
                    && is_prose(first - 1)
                    && last + 1 < paragraphs.len()
                    && is_prose(last + 1)
            }
            Class::Furniture | Class::Caption | Class::ArticleEnd => false,
        })
        .collect()
}

/// Feature vectors of every paragraph, in the order of `feature_names::TEXT_FEATURE_NAMES` (its
/// own cues first, in the order of `feature_names::OWN`). The rules' own output (class, region,
/// kept) is among the features: the model learns when to overrule them.
pub(crate) fn features(
    paragraphs: &[Paragraph],
    region: &std::ops::Range<usize>,
    rule_kept: &[usize],
) -> Vec<Vec<f32>> {
    let n = paragraphs.len();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut block_sizes: HashMap<usize, usize> = HashMap::new();
    for p in paragraphs {
        *seen.entry(normalize(&p.text)).or_default() += 1;
        *block_sizes.entry(p.block).or_default() += 1;
    }
    let total_words: usize = paragraphs.iter().map(|p| p.words).sum();
    let english = is_english(paragraphs);
    let b = |x: bool| if x { 1.0 } else { 0.0 };
    let own: Vec<Vec<f32>> = paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let text = p.text.as_str();
            let words = p.words.max(1) as f32;
            let chars = text.chars().count().max(1) as f32;
            let tokens: Vec<&str> = WORD.find_iter(text).map(|m| m.as_str()).collect();
            let capitalized = tokens.iter().filter(|w| w.chars().next().is_some_and(char::is_uppercase)).count();
            let word_chars: usize = tokens.iter().map(|w| w.chars().count()).sum();
            let last = text.trim_end().chars().last().unwrap_or(' ');
            vec![
                (1.0 + p.words as f32).ln(),
                stop_share(p),
                b(matches!(
                    last,
                    '.' | '!'
                        | '?'
                        | '"'
                        | '”'
                        | '\''
                        | '’'
                        | '…'
                        | ')'
                        | ':'
                        | ';'
                        | '»'
                        | '。'
                        | '！'
                        | '？'
                        | '」'
                        | '』'
                )),
                b(text.starts_with(BULLETS)),
                b(FURNITURE.is_match(text)),
                b(WEAK_FURNITURE.is_match(text)),
                b(CAPTION_CREDIT.is_match(text)),
                b(seen[&normalize(text)] > 1),
                b(is_title_case(text)),
                b(URL.is_match(text)),
                text.chars().filter(char::is_ascii_digit).count() as f32 / chars,
                capitalized as f32 / words,
                (1.0 + block_sizes[&p.block] as f32).ln(),
                b(meta::is_date_line(text)),
                b(meta::byline(text).is_some()),
                b(p.class == Class::Good),
                b(p.class == Class::NearGood),
                b(p.class == Class::Short),
                b(p.class == Class::Furniture),
                b(p.class == Class::Caption),
                b(p.class == Class::TableRow),
                b(p.class == Class::ArticleEnd),
                text.chars().filter(|c| matches!(c, '|' | '/' | '·' | '•' | '>' | '»')).count() as f32 / words,
                word_chars as f32 / words,
                text.chars().filter(|&c| c == ',').count() as f32 / words,
                b(region.contains(&i)),
                b(rule_kept.binary_search(&i).is_ok()),
            ]
        })
        .collect();
    let mut rows = Vec::with_capacity(n);
    let mut words_before = 0usize;
    let mut prose_words = 0usize;
    let mut after_end = false;
    for (i, p) in paragraphs.iter().enumerate() {
        let mut x = own[i].clone();
        let near: usize = (i.saturating_sub(3)..(i + 4).min(n))
            .filter(|&j| j != i && paragraphs[j].class == Class::Good)
            .map(|j| paragraphs[j].words)
            .sum();
        x.extend([
            i as f32 / n as f32,
            words_before as f32 / total_words.max(1) as f32,
            b(english),
            b(after_end),
            (1.0 + near as f32).ln(),
            (1.0 + n as f32).ln(),
            b(i > 0 && paragraphs[i - 1].block == p.block),
            b(i + 1 < n && paragraphs[i + 1].block == p.block),
        ]);
        for off in OFFSETS {
            let j = i as isize + off;
            if j >= 0 && (j as usize) < n {
                x.extend(NEIGHBOUR.iter().map(|&k| own[j as usize][k]));
            } else {
                x.extend(NEIGHBOUR.iter().map(|_| -1.0));
            }
        }
        words_before += p.words;
        match p.class {
            Class::Good => prose_words += p.words,
            Class::ArticleEnd if prose_words >= 100 => after_end = true,
            _ => {}
        }
        rows.push(x);
    }
    rows
}

/// The rules' reading of a page and the features derived from it (for training the model).
pub fn feature_rows(page: &str) -> Vec<(String, Vec<f32>)> {
    let RuleReading { paragraphs, region, rule_kept } = read_by_rules(page);
    let rows = features(&paragraphs, &region, &rule_kept);
    paragraphs.into_iter().map(|p| p.text).zip(rows).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejoins_text_browser_wraps_but_not_short_lines() {
        let long = "word ".repeat(38); // 190 columns, a text-browser wrap
        let page = format!("{}\ncontinued here.\nNext line.\n\nNew paragraph.", long.trim_end());
        let paragraphs = split_paragraphs(&page);
        let texts: Vec<&str> = paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts.len(), 3, "{texts:?}");
        assert!(texts[0].ends_with("word continued here."));
        assert_eq!(texts[1], "Next line.");
    }

    #[test]
    fn rejoins_a_sentence_broken_at_its_links_but_not_menus_or_headlines() {
        // Text from an extractor that breaks at every inline element (BeautifulSoup's
        // get_text("\n")): the links "electric Gran Turismo" and "VW Atlas Cross Sport".
        let page = "Home\nreviews\nThe VW ID. SPACE VIZZION is the latest concept from the\nelectric Gran \
                    Turismo\n line, and it is arguably the most striking yet.\nIt sits on the same platform as \
                    the\nVW Atlas Cross Sport\n, but it is lower.\nBreaking news today\nupdated 3 hours ago\niPhone \
                    sales fall again\nMore from our sections in the region today\no Sports\nSee the full list of \
                    our partners here\nhttps://example.com/x";
        let texts: Vec<String> = split_paragraphs(page).into_iter().map(|p| p.text).collect();
        assert_eq!(
            texts,
            [
                "Home",
                "reviews",
                "The VW ID. SPACE VIZZION is the latest concept from the electric Gran Turismo line, and it is \
                 arguably the most striking yet.",
                "It sits on the same platform as the VW Atlas Cross Sport, but it is lower.",
                "Breaking news today",
                "updated 3 hours ago",
                "iPhone sales fall again",
                "More from our sections in the region today",
                "o Sports",
                "See the full list of our partners here",
                "https://example.com/x",
            ]
        );
    }

    #[test]
    fn a_headline_keeps_its_dateline_and_byline_apart() {
        let page =
            "Home\nNews\nThe VW ID. SPACE VIZZION is a weird EV sports wagon\nupdated 3 hours ago\n2 US service \
                    members die in Afghanistan chopper crash\na person sitting on a bed© Amazon\nby Chris \
                    Davies\nVolkswagen’s first electric car based on the new platform is not expected until next \
                    year, but the automaker is not slowing down.\nShare this article\nFacebook\nTwitter\nRelated \
                    stories";
        let texts: Vec<String> = split_paragraphs(page).into_iter().map(|p| p.text).collect();
        assert_eq!(
            texts[2..7],
            [
                "The VW ID. SPACE VIZZION is a weird EV sports wagon",
                "updated 3 hours ago",
                "2 US service members die in Afghanistan chopper crash",
                "a person sitting on a bed© Amazon",
                "by Chris Davies"
            ]
        );
    }

    #[test]
    fn keeps_article_drops_menus_share_bars_and_related_lists() {
        let page = "\
  • Home
  • World
  • Politics
Share Facebook Twitter Email

The minister said on Monday that the talks with his counterpart had been useful and would continue next week in the capital.

Reuters reported:

Officials from both sides described the meeting as constructive, and they agreed to meet again before the end of the month.

Related Articles

Nine Things You Missed This Week
Why The Market Fell Again Today
Follow us on Twitter
";
        assert!(reads_as_page(&split_paragraphs(page)));
        let extraction = extract(page);
        let body = extraction.body();
        assert!(body.starts_with("The minister said"), "{body}");
        assert!(body.contains("Reuters reported:"));
        assert!(body.ends_with("before the end of the month."), "{body}");
        for furniture in ["Home", "Share", "Related", "Nine Things", "Follow us"] {
            assert!(!body.contains(furniture), "{furniture} kept in {body}");
        }
    }

    #[test]
    fn drops_captions_with_credits() {
        let page = "\
The president met the visiting delegation at the palace on Friday, officials said in a statement afterwards.

The president greets the delegation at the palace on Friday. Picture: Alamy

Both sides said the talks, which lasted more than two hours, would be followed by a second round in the spring.
";
        let body = extract(page).body();
        assert!(!body.contains("Alamy"), "{body}");
        assert!(body.contains("second round"));
    }

    const BIOGRAPHY: &str = "\
Ibn Khaldun (Arabic: أبو زيد عبد الرحمن بن محمد بن خلدون الحضرمي; /ˈɪbən kælˈduːn/; 27 May 1332 – 17 March 1406) was an Arab scholar of Islam, social scientist and historian, widely acknowledged as one of the greatest thinkers of the Middle Ages.

Born in Tunis to a family of Andalusian descent, he served at the courts of Fez, Granada and Cairo, where he taught and sat as a judge for many years.

His introduction to history, the Muqaddimah (مقدمة ابن خلدون), argues that states rise and fall with the cohesion of the groups that found them.";

    const INTERVIEW_ANSWER: &str = "Well, I think what people forget is that when we started nobody believed \
we could do it, and I mean nobody, not the bank, not our families, not the people who later said they had \
always known, and so every morning for the first three years I would get up at five and drive out to the \
yard and ask myself whether this was the day we would have to tell everyone to go home, and it never was, \
but I did not know that then, and I think that fear is what made us careful with every penny we spent.";

    #[test]
    fn biography_with_ipa_and_arabic_reads_as_a_body_and_stays_whole() {
        let paragraphs = split_paragraphs(BIOGRAPHY);
        assert!(!reads_as_page(&paragraphs));
        assert!(matches!(read(BIOGRAPHY), Reading::Body(_)));
    }

    #[test]
    fn prose_in_other_scripts_or_ipa_is_prose_on_an_english_page() {
        let opening = BIOGRAPHY.lines().next().unwrap();
        let words = WORD.find_iter(opening).count();
        assert!(matches!(classify_one(opening, words, false, true), Class::Good), "{opening}");
        let arabic =
            "قال ابن خلدون إن الدولة تنشأ من العصبية وتزول بزوالها، وإن للدول أعماراً كأعمار الناس، وهذا رأي مشهور.";
        let words = WORD.find_iter(arabic).count();
        assert!(matches!(classify_one(arabic, words, false, true), Class::Good | Class::NearGood));
        assert_eq!(foreign_words("Søren Kierkegaard, Danish: [ˈsœːɐn]"), 1);
    }

    #[test]
    fn menu_laden_page_with_a_biography_loses_its_menu_but_no_prose() {
        let page = format!(
            "  • Home\n  • History\n  • People\n  • Subscribe\nShare Facebook Twitter Email\n\n{BIOGRAPHY}\n\n\
             {INTERVIEW_ANSWER}\n\nRelated Articles\n\nNine Things You Missed This Week\nFollow us on Twitter\n\
             © 2025 The History Review. All rights reserved.\n"
        );
        let Reading::Page(extraction) = read(&page) else { panic!("a menu-laden page read as a body") };
        let body = extraction.body();
        for paragraph in BIOGRAPHY.split("\n\n").chain([INTERVIEW_ANSWER]) {
            assert!(body.contains(paragraph), "lost {paragraph:?} from {body}");
        }
        for furniture in ["Home", "Subscribe", "Share", "Related", "Nine Things", "Follow us", "©"] {
            assert!(!body.contains(furniture), "{furniture} kept in {body}");
        }
    }

    #[test]
    fn a_long_interview_answer_is_kept() {
        let text = format!("Q: How did it start?\n\n{INTERVIEW_ANSWER}\n\nQ: And now?\n\nNow we employ forty people.");
        assert!(matches!(read(&text), Reading::Body(_)));
        // Read as a page, the answer still stays: long prose between kept paragraphs is the article's.
        let page = format!("The founder spoke to us at the yard on Monday about the company's first years.\n\n{text}");
        assert!(extract(&page).body().contains(INTERVIEW_ANSWER));
    }

    #[test]
    fn a_long_list_of_links_is_a_page() {
        let links: Vec<String> = (0..200).map(|i| format!("Link {i}")).collect();
        assert!(reads_as_page(&split_paragraphs(&links.join("\n"))));
        assert!(!reads_as_page(&split_paragraphs(&links[..40].join("\n"))));
    }

    #[test]
    fn repetition_alone_does_not_make_a_page() {
        // A conversation repeats its short turns; only furniture's own cues count.
        let talk = "Yeah.\n\nSo we went down to the river on Sunday and it was completely frozen over.\n\nYeah.\n\n\
                    Okay.\n\nAnd the kids wanted to walk on it but I said no way.\n\nOkay.\n\nYeah.";
        assert!(!reads_as_page(&split_paragraphs(talk)));
    }

    #[test]
    fn a_paragraph_printed_twice_is_a_caption_not_the_article() {
        let caption = "Officials from both delegations are seen as the foreign ministers meet at the palace in the capital on Friday afternoon before the talks.";
        let page = format!(
            "  • Home\n  • World\n  • Politics\nShare Facebook Twitter Email\n\n\
             The minister said on Monday that the talks with his counterpart had been useful and would continue next week in the capital.\n\n\
             {caption}\n\n{caption}\n\n\
             Officials from both sides described the meeting as constructive, and they agreed to meet again before the end of the month.\n"
        );
        let body = extract(&page).body();
        assert!(!body.contains("seen as the foreign ministers"), "{body}");
        assert!(body.contains("before the end of the month."), "{body}");
    }

    #[test]
    fn clean_article_is_kept_whole() {
        let page = "Markets rose on Tuesday after the central bank held rates steady, as expected by most analysts.\n\n\
                    The decision was unanimous.\n\n\
                    Investors now expect the first cut in the summer, according to futures prices tracked by the exchange.";
        let extraction = extract(page);
        assert_eq!(extraction.kept.len(), 3);
    }
}
