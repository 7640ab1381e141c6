//! Segment: cuts the article body into sentences and tokens, with byte offsets into the body.
//!
//! Rule-based and deterministic. Every line break ends a sentence (headlines, bullets and
//! subheadings have no final punctuation); inside a line, a sentence ends at `.`, `!`, `?` or an
//! ellipsis (plus any closing quotes and brackets) when the next token can start a sentence.
//! A period does not end a sentence after a title (Mr., Gen., Sen.), an initial (Donald J. Trump),
//! a month abbreviation before a number (Sept. 3), or a dotted abbreviation (U.S., a.m.) unless
//! a typical sentence opener follows. Tokens follow CoNLL habits: punctuation apart, possessive
//! `'s` apart, dotted abbreviations and decimals kept whole.
//!
//! Not part of the documented library surface (see the crate docs, "What is public"): public
//! for the `slant` binary, training, evaluation and the integration tests.
#![doc(hidden)]

use crate::document::{Sentence, Span};

/// Titles and other abbreviations after which a period never ends a sentence.
const TITLES: &[&str] = &[
    "adm", "amb", "brig", "capt", "cmdr", "col", "cpl", "dr", "esq", "fr", "gen", "gov", "hon", "jr", "lt", "maj",
    "messrs", "mr", "mrs", "ms", "mt", "no", "nos", "pres", "prof", "rep", "reps", "rev", "sen", "sens", "sgt", "sr",
    "st", "supt", "vs", "v", "etc", "e.g", "i.e", "approx", "dept", "est", "fig", "inc", "ltd", "co", "corp",
];
const MONTH_ABBREVIATIONS: &[&str] =
    &["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"];
/// Abbreviations that introduce a number ("Op. 46", "Vol. 2"): like months, no boundary before
/// a digit.
const NUMBER_ABBREVIATIONS: &[&str] = &["op", "opp", "vol", "vols", "pp", "ch", "bwv", "art", "sec", "para"];
/// Words that typically open a sentence; after "U.S." they mark a boundary.
const OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "But",
    "And",
    "In",
    "On",
    "At",
    "This",
    "That",
    "These",
    "Those",
    "His",
    "Her",
    "Its",
    "Their",
    "There",
    "However",
    "Meanwhile",
    "After",
    "Before",
    "When",
    "While",
    "If",
    "As",
    "So",
    "Yet",
    "Still",
    "Now",
    "Then",
    "Also",
    "Some",
    "Many",
    "Most",
    "Officials",
    "Mr",
    "Mrs",
    "Ms",
];

/// Splits `text` into sentences with their tokens.
pub fn segment(text: &str) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let tokens = tokenize(line, line_start);
        split_line(text, &tokens, &mut sentences);
        line_start += line.len();
    }
    sentences
}

fn split_line(text: &str, tokens: &[Span], out: &mut Vec<Sentence>) {
    let mut start = 0;
    let mut i = 0;
    while i < tokens.len() {
        let tok = tokens[i].slice(text);
        let mut end_here = false;
        if is_terminal(tok) {
            // Absorb closing quotes and brackets that touch the terminal into this sentence (a
            // straight quote after a space opens the next one).
            let mut j = i + 1;
            while j < tokens.len() && tokens[j].start == tokens[j - 1].end && is_closer(tokens[j].slice(text)) {
                j += 1;
            }
            let next = tokens.get(j).map(|s| s.slice(text));
            if next.is_none_or(can_start_sentence) {
                i = j - 1;
                end_here = true;
            }
        } else if let Some(word) = tok.strip_suffix('.') {
            // A token that swallowed its period: an abbreviation or initial.
            let next = tokens.get(i + 1).map(|s| s.slice(text));
            end_here = abbreviation_ends_sentence(word, next);
        }
        if end_here {
            out.push(Sentence {
                span: Span::new(tokens[start].start, tokens[i].end),
                tokens: tokens[start..=i].to_vec(),
            });
            start = i + 1;
        }
        i += 1;
    }
    if start < tokens.len() {
        let last = tokens.len() - 1;
        out.push(Sentence { span: Span::new(tokens[start].start, tokens[last].end), tokens: tokens[start..].to_vec() });
    }
}

fn is_terminal(tok: &str) -> bool {
    matches!(tok, "." | "!" | "?" | "…" | "..." | "?!" | "!?")
        || (tok.len() > 1 && tok.chars().all(|c| matches!(c, '.' | '!' | '?')))
}

fn is_closer(tok: &str) -> bool {
    matches!(tok, "\"" | "”" | "’" | "'" | ")" | "]" | "»" | "›")
}

/// Anything but a lowercase word or continuing punctuation can open a sentence (capitals,
/// digits, quotes, dashes, bullets, emoji).
fn can_start_sentence(tok: &str) -> bool {
    let first = tok.chars().next().unwrap_or(' ');
    !first.is_lowercase() && !matches!(first, ',' | ';' | ':' | ')' | ']' | '%' | '.')
}

/// Characters that belong to the symbol before them: variation selectors, emoji modifiers,
/// zero-width joiners (and the symbol joined), combining marks.
fn is_attached(c: char) -> bool {
    matches!(c, '\u{fe00}'..='\u{fe0f}' | '\u{200d}' | '\u{1f3fb}'..='\u{1f3ff}' | '\u{0300}'..='\u{036f}' | '\u{20e3}')
}

/// Whether a token ending in a period ("Mr.", "J.", "U.S.", "Sept.") also ends its sentence.
fn abbreviation_ends_sentence(word: &str, next: Option<&str>) -> bool {
    let Some(next) = next else { return true };
    let lower = word.to_lowercase();
    if TITLES.contains(&lower.as_str()) {
        return false;
    }
    // An initial: one capital letter.
    if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
        return false;
    }
    if MONTH_ABBREVIATIONS.contains(&lower.as_str()) || NUMBER_ABBREVIATIONS.contains(&lower.as_str()) {
        return !next.starts_with(|c: char| c.is_ascii_digit());
    }
    // Dotted abbreviations (U.S., a.m.): a boundary only before a typical sentence opener.
    OPENERS.contains(&next)
}

/// Splits a line into tokens; offsets are shifted by `base` into the whole text.
fn tokenize(line: &str, base: usize) -> Vec<Span> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let n = chars.len();
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    let byte = |k: usize| chars.get(k).map_or(line.len(), |&(b, _)| b);
    let mut tokens = Vec::new();
    let mut k = 0;
    while k < n {
        let c = chars[k].1;
        if c.is_whitespace() {
            k += 1;
            continue;
        }
        let start = k;
        if c.is_alphanumeric() {
            // A word: letters/digits, joined by inner ' ’ - . , (for 2,000 and 5.0) when a
            // letter or digit follows.
            k += 1;
            while k < n {
                let c = chars[k].1;
                if c.is_alphanumeric() || c == '_' {
                    k += 1;
                } else if matches!(c, '\'' | '’' | '-' | '.' | ',' | '/' | '&' | '@')
                    && at(k + 1).is_some_and(char::is_alphanumeric)
                {
                    if c == ',' && !(chars[k - 1].1.is_ascii_digit() && at(k + 1).is_some_and(|d| d.is_ascii_digit())) {
                        break;
                    }
                    if matches!(c, '/' | '&' | '@') && !chars[start..k].iter().any(|&(_, c)| c == '.') {
                        break;
                    }
                    k += 1;
                } else {
                    break;
                }
            }
            let word: String = chars[start..k].iter().map(|&(_, c)| c).collect();
            // Keep the final period of abbreviations and initials ("Mr.", "J.", "U.S.").
            if at(k) == Some('.') && at(k + 1) != Some('.') && is_abbreviation(&word) {
                k += 1;
            }
            // Possessive 's / ’s becomes its own token.
            let end_byte = byte(k);
            let word_str = &line[byte(start)..end_byte];
            if let Some(stem) = word_str.strip_suffix("'s").or_else(|| word_str.strip_suffix("’s")) {
                if !stem.is_empty() {
                    let split = byte(start) + stem.len();
                    tokens.push(Span::new(base + byte(start), base + split));
                    tokens.push(Span::new(base + split, base + end_byte));
                    continue;
                }
            }
            tokens.push(Span::new(base + byte(start), base + end_byte));
        } else if c == '.' || c == '!' || c == '?' {
            // Runs like "..." or "?!" are one token.
            k += 1;
            while k < n && matches!(chars[k].1, '.' | '!' | '?') {
                k += 1;
            }
            tokens.push(Span::new(base + byte(start), base + byte(k)));
        } else {
            k += 1;
            while k < n && is_attached(chars[k].1) {
                // A joiner takes the next symbol with it (not a space or the line break: a
                // token never holds whitespace).
                k += if chars[k].1 == '\u{200d}' && at(k + 1).is_some_and(|c| !c.is_whitespace()) { 2 } else { 1 };
            }
            tokens.push(Span::new(base + byte(start), base + byte(k)));
        }
    }
    tokens
}

fn is_abbreviation(word: &str) -> bool {
    let lower = word.to_lowercase();
    TITLES.contains(&lower.as_str())
        || MONTH_ABBREVIATIONS.contains(&lower.as_str())
        || NUMBER_ABBREVIATIONS.contains(&lower.as_str())
        || (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
        || (word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2 && !p.is_empty()))
}

/// The words of `text` for matching and counting: the maximal runs of alphanumeric characters
/// (`char::is_alphanumeric`, so any script's letters and digits), in order; everything else
/// separates words and is dropped. Unlike [`segment`]'s tokens there is no punctuation, no
/// possessive `'s` and no dotted abbreviation: "U.S.-made" is `U`, `S`, `made`. The one splitter
/// of the crate's word-level comparisons (title words, name forms, date leftovers, MinHash
/// shingles); [`words_keeping`] is the variant that also keeps one more character inside words.
pub(crate) fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

/// Like [`words`], with `also` counted as a word character too: `'_'` for the extraction
/// combiner's shingles (identifier-like words, as a regex `\w`), `'\''` for the tone lexicons'
/// contractions ("don't"). Those trained or tuned features were computed with these exact
/// splits, so they keep them.
pub(crate) fn words_keeping(text: &str, also: char) -> impl Iterator<Item = &str> {
    text.split(move |c: char| !c.is_alphanumeric() && c != also).filter(|w| !w.is_empty())
}

/// The spans of [`words`], as byte offsets into `text`.
pub(crate) fn word_spans(text: &str) -> Vec<Span> {
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push(Span::new(s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push(Span::new(s, text.len()));
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        segment(text).iter().map(|s| s.span.slice(text)).collect()
    }

    fn tokens(text: &str) -> Vec<&str> {
        segment(text).iter().flat_map(|s| s.tokens.iter().map(|t| t.slice(text))).collect()
    }

    #[test]
    fn abbreviations_and_initials_do_not_split() {
        let text = "Mr. Trump met Gen. Smith in the U.S. capital on Sept. 3. President Donald J. Trump spoke.";
        assert_eq!(
            sentences(text),
            vec!["Mr. Trump met Gen. Smith in the U.S. capital on Sept. 3.", "President Donald J. Trump spoke."]
        );
        // A catalogue number stays whole ("Op. 46"), as a month before a day does.
        assert_eq!(
            sentences("He played Op. 46 in May. Then he rested."),
            ["He played Op. 46 in May.", "Then he rested."]
        );
    }

    #[test]
    fn dotted_abbreviation_before_opener_splits() {
        let text = "He flew to the U.S. The trip was short.";
        assert_eq!(sentences(text), vec!["He flew to the U.S.", "The trip was short."]);
    }

    #[test]
    fn quotes_ellipses_and_lines() {
        let text = "\"It was productive,\" he said. \"We will meet.\" Then... Nothing happened\nHeadline Without Punctuation\n• A bullet point";
        assert_eq!(
            sentences(text),
            vec![
                "\"It was productive,\" he said.",
                "\"We will meet.\"",
                "Then...",
                "Nothing happened",
                "Headline Without Punctuation",
                "• A bullet point"
            ]
        );
    }

    #[test]
    fn tokens_follow_conll_habits() {
        assert_eq!(
            tokens("Trump's 2,000 U.S.-made missiles cost $5.5bn, Lavrov’s aide said."),
            vec![
                "Trump", "'s", "2,000", "U.S.", "-", "made", "missiles", "cost", "$", "5.5bn", ",", "Lavrov", "’s",
                "aide", "said", "."
            ]
        );
    }

    #[test]
    fn offsets_are_byte_offsets_into_the_text_with_multibyte_chars() {
        let text = "“Constructive” talks — said Lavrov.\u{a0}❗️ Next.";
        for s in segment(text) {
            for t in &s.tokens {
                assert!(!t.slice(text).trim().is_empty());
            }
        }
        assert_eq!(tokens(text)[0], "“");
        assert_eq!(tokens(text)[1], "Constructive");
    }

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        let text = "U.S.-made “Zürich” 2,000 don't snake_case — 北京";
        assert_eq!(
            words(text).collect::<Vec<_>>(),
            ["U", "S", "made", "Zürich", "2", "000", "don", "t", "snake", "case", "北京"]
        );
        let spans: Vec<&str> = word_spans(text).iter().map(|s| s.slice(text)).collect();
        assert_eq!(spans, words(text).collect::<Vec<_>>());
        assert_eq!(words_keeping(text, '_').filter(|w| w.contains('_')).collect::<Vec<_>>(), ["snake_case"]);
        assert_eq!(words_keeping(text, '\'').filter(|w| w.contains('\'')).collect::<Vec<_>>(), ["don't"]);
        assert_eq!(words(" -- ").count(), 0);
        assert!(word_spans("").is_empty());
    }
}
