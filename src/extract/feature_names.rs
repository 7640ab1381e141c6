//! The names of the extraction models' features, in the order their rows hold them: the text
//! model's (`text::features`) and the HTML model's (`combine::candidates`: the text model's, then
//! which extractor found the paragraph and how far the two agree). The shipped models store the
//! same lists, and `learned` checks them at load; here both the feature code and that check can
//! read them.

use std::sync::LazyLock;

/// Cues of one paragraph on its own, before its neighbours are looked at.
pub(super) const OWN: &[&str] = &[
    "log_words",
    "stopword_ratio",
    "ends_sentence",
    "bullet",
    "furniture_vocab",
    "weak_furniture_vocab",
    "caption_credit",
    "repeated",
    "title_case",
    "has_url",
    "digit_ratio",
    "capitalized_ratio",
    "log_block_size",
    "date_line",
    "byline",
    "class_good",
    "class_near_good",
    "class_short",
    "class_furniture",
    "class_caption",
    "class_table_row",
    "class_article_end",
    "separators",
    "mean_word_chars",
    "commas_per_word",
    "in_rule_region",
    "kept_by_rules",
];

/// Of the cues above, those also read from the two paragraphs before and after.
pub(super) const NEIGHBOUR: &[usize] = &[0, 1, 2, 3, 15, 16, 17, 18, 25, 26];

/// Offsets of the neighbours whose cues a paragraph's features include.
pub(super) const OFFSETS: [isize; 4] = [-2, -1, 1, 2];

/// Names of the features `text::features` computes, in order; the shipped text model stores the
/// same list.
pub(super) static TEXT_FEATURE_NAMES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut names: Vec<String> = OWN.iter().map(|s| s.to_string()).collect();
    names.extend(
        ["rel_position", "rel_words_before", "english", "after_article_end", "log_good_words_near", "log_paragraphs"]
            .map(String::from),
    );
    names.extend(["same_block_prev", "same_block_next"].map(String::from));
    for off in OFFSETS {
        names.extend(NEIGHBOUR.iter().map(|&k| format!("{}@{off:+}", OWN[k])));
    }
    names
});

/// Names of the features the HTML model adds to the text model's for each candidate paragraph.
pub(super) const HTML_EXTRA_FEATURES: &[&str] = &[
    "from_readability",
    "from_trafilatura",
    "support_in_other",
    "page_agreement",
    "log_readability_words",
    "log_trafilatura_words",
];

/// Names of the HTML model's features, in order.
pub(super) fn html_feature_names() -> Vec<String> {
    let mut names = TEXT_FEATURE_NAMES.clone();
    names.extend(HTML_EXTRA_FEATURES.iter().map(|s| s.to_string()));
    names
}
