//! The paragraph types that text extraction makes and metadata detection reads ([`Paragraph`],
//! [`Class`], [`TextExtraction`]), and the surface cues both use: what a word is, English
//! function words, title case, and the vocabulary of page furniture.

use regex::Regex;
use std::sync::LazyLock;

/// One paragraph of the page: its text (wrapped lines re-joined) and what it looks like.
#[derive(Debug, Clone)]
pub(crate) struct Paragraph {
    pub text: String,
    pub class: Class,
    pub words: usize,
    /// How many of its words are English function words (`is_stopword`).
    pub stops: usize,
    /// Paragraphs with no blank line between them share a block.
    pub block: usize,
    /// The same text (case and spacing aside) occurs elsewhere on the page.
    pub repeated: bool,
}

/// What a paragraph looks like on its own, before the article region is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Prose: long enough, full of function words, usually ending in punctuation.
    Good,
    /// A short sentence: article prose when surrounded by article prose.
    NearGood,
    /// A short line without final punctuation: a subheading inside an article, a link outside.
    Short,
    /// Menus, share bars, bylines, dates, "related" headings, image placeholders.
    Furniture,
    /// A picture caption (credit line or "(left)"-style cue).
    Caption,
    /// A row of a table rendered as text: content when it stands inside the article.
    TableRow,
    /// A heading that closes the article ("Comments", "Related articles", "Most read").
    ArticleEnd,
}

/// The result of extraction from text: the body and the paragraphs around it.
#[derive(Debug, Clone)]
pub(crate) struct TextExtraction {
    pub paragraphs: Vec<Paragraph>,
    /// Indices of the paragraphs kept as the body, in order.
    pub kept: Vec<usize>,
}

impl TextExtraction {
    pub fn body(&self) -> String {
        let parts: Vec<&str> = self.kept.iter().map(|&i| self.paragraphs[i].text.as_str()).collect();
        parts.join("\n\n")
    }
}

/// A word, as the extraction cues count them.
pub(super) static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\w+").unwrap());

/// Vocabulary that marks a short line as page furniture wherever it stands.
pub(super) static FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)\b(share|shares|facebook|twitter|pinterest|linkedin|tumblr|whatsapp|telegram|vkontakte|reddit|",
        r"e-?mail|copy link|subscribe|subscription|newsletter|sign (up|in)|log ?in|register|cookies?|privacy|",
        r"terms of (use|service)|all rights reserved|copyright|advertisement|advertising|sponsored|related|",
        r"read (more|next|the full|also)|more from|most (read|popular|viewed)|trending|recommended|editors?'? ?picks|",
        r"comments?|leave a (reply|comment)|cancel reply|follow us|app store|google play|skip to|back to top|",
        r"min(s|ute)? read|contact us|about us|learn more|avatar|\d+ votes?|\d+ (minutes?|hours?|days?|weeks?) ago)\b|©|^source\s*:",
    ))
    .unwrap()
});

/// A short line made of navigation or sharing vocabulary ("Share", "Read more", "Most read").
pub(crate) fn looks_like_furniture(text: &str) -> bool {
    WORD.find_iter(text).count() < 12 && FURNITURE.is_match(text)
}

/// Words as the extraction cues count them (`\w+` runs).
pub(crate) fn word_count(text: &str) -> usize {
    WORD.find_iter(text).count()
}

/// Most content words capitalized ("Trump To Meet Russia's Putin in Hungary").
pub(super) fn is_title_case(text: &str) -> bool {
    let content: Vec<&str> = WORD
        .find_iter(text)
        .map(|m| m.as_str())
        .filter(|w| {
            w.chars().next().is_some_and(char::is_alphabetic) && !is_stopword_any_case(w) && w.chars().count() > 2
        })
        .collect();
    let capitalized = content.iter().filter(|w| w.chars().next().is_some_and(char::is_uppercase)).count();
    content.len() >= 4 && capitalized as f32 >= 0.8 * content.len() as f32
}

/// `is_stopword` of the word lowercased, without allocating for the usual ASCII word (this runs
/// on every word of every page).
pub(super) fn is_stopword_any_case(word: &str) -> bool {
    const LONGEST: usize = 7; // "against", "because", "between", "through"
    if !word.is_ascii() {
        return is_stopword(&word.to_lowercase());
    }
    if word.len() > LONGEST {
        return false;
    }
    let mut buf = [0u8; LONGEST];
    buf[..word.len()].copy_from_slice(word.as_bytes());
    buf[..word.len()].make_ascii_lowercase();
    // ASCII in, ASCII out: the lowercased bytes are valid UTF-8.
    std::str::from_utf8(&buf[..word.len()]).is_ok_and(is_stopword)
}

pub(super) fn is_stopword(word: &str) -> bool {
    const STOPWORDS: &[&str] = &[
        "a", "about", "after", "again", "against", "all", "also", "an", "and", "any", "are", "as", "at", "be",
        "because", "been", "before", "being", "between", "both", "but", "by", "can", "could", "did", "do", "does",
        "during", "each", "for", "from", "had", "has", "have", "he", "her", "here", "him", "his", "how", "i", "if",
        "in", "into", "is", "it", "its", "may", "more", "most", "much", "must", "my", "no", "not", "now", "of", "on",
        "once", "one", "only", "or", "other", "our", "out", "over", "said", "says", "she", "should", "since", "so",
        "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those",
        "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which",
        "while", "who", "whom", "why", "will", "with", "would", "you", "your",
    ];
    STOPWORDS.binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_are_sorted_for_binary_search() {
        assert!(is_stopword("the") && is_stopword("would") && !is_stopword("kremlin"));
        for word in ["The", "WOULD", "through", "Through", "Ölfeld", "throughout", "x", "ÜBER", "AGAINST"] {
            assert_eq!(is_stopword_any_case(word), is_stopword(&word.to_lowercase()), "{word}");
        }
    }
}
