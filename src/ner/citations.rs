//! Author lists in citations ("Dye & Bavelier, 2010", "Marsden, Williams, & Liu (2013)",
//! "Carrano & Biewener [7]", "Makel et al., 2012"). NER reads such a list as one span, often an
//! organization (as it rightly reads "Marks & Spencer"), or misses some of its names. Followed by
//! a year or a bracketed reference number, the list is people: each surname becomes a person
//! entity, and the spans NER gave over the list are replaced by them. A list is only read where
//! NER found a name in it, so a capitalized phrase before a year ("In Table, 2010") stays as it is.

use crate::document::{Entity, EntityKind, Span};
use regex::Regex;
use std::sync::OnceLock;

/// One author: a capitalized word, hyphenated or with an apostrophe ("Morgan-Short", "O'Neil"),
/// optionally followed by a second one ("Martínez Fernández").
const AUTHOR: &str = r"\p{Lu}[\p{Ll}\p{Lu}'’\-]+(?:\s\p{Lu}[\p{Ll}\p{Lu}'’\-]+)?";

fn citation() -> &'static Regex {
    static CITATION: OnceLock<Regex> = OnceLock::new();
    CITATION.get_or_init(|| {
        // Several authors (joined by "&" or "and", or by commas ending in one), then a year or a
        // reference number; or one author with "et al."; or one author with the year in
        // parentheses ("Spang (1983)"), or inside them ("(Spang, 1983)").
        let several = format!(r"(?P<several>{AUTHOR}(?:,\s{AUTHOR})*,?\s(?:&|and)\s{AUTHOR})(?:['’]s)?");
        let et_al = format!(r"(?P<etal>{AUTHOR})\set\sal\.?");
        let one = format!(r"(?P<one>{AUTHOR})");
        let year = r"(?:,?\s\(?(?:1[6-9]|20)\d\d[a-z]?\b|\s\[\d)";
        let pattern = format!(
            r"(?:{several}|{et_al}){year}|{one}\s\((?:1[6-9]|20)\d\d[a-z]?\)|\((?P<paren>{AUTHOR}),\s(?:1[6-9]|20)\d\d"
        );
        Regex::new(&pattern).expect("citation pattern")
    })
}

fn author() -> &'static Regex {
    static ONE: OnceLock<Regex> = OnceLock::new();
    ONE.get_or_init(|| Regex::new(AUTHOR).expect("author pattern"))
}

/// Words a capitalized sentence start can add in front of a first author ("In Carrano & Biewener
/// [7]", "See Makel et al.").
const LEADING_WORDS: &[&str] =
    &["In", "The", "By", "See", "As", "And", "Also", "From", "For", "Following", "After", "Per"];

/// Every citation in `text`: its author spans and the span of the whole citation (authors, "et
/// al." and year), in bytes.
fn author_lists(text: &str) -> Vec<(Vec<Span>, Span)> {
    let mut lists = Vec::new();
    for found in citation().captures_iter(text) {
        let Some(list) = ["several", "etal", "one", "paren"].iter().find_map(|name| found.name(name)) else { continue };
        let mut authors: Vec<Span> = Vec::new();
        for name in author().find_iter(list.as_str()) {
            let (mut start, end) = (list.start() + name.start(), list.start() + name.end());
            // A sentence start in front of the first author ("In Carrano", "See Makel").
            if let Some((first, _)) = name.as_str().split_once(' ').filter(|(first, _)| LEADING_WORDS.contains(first)) {
                if authors.is_empty() {
                    start += first.len() + 1;
                }
            }
            // "and" joins authors, never is one.
            let word = &text[start..end];
            if word == "And" || (authors.is_empty() && LEADING_WORDS.contains(&word)) {
                continue;
            }
            authors.push(Span::new(start, end));
        }
        if !authors.is_empty() {
            let whole = found.get(0).expect("a match");
            lists.push((authors, Span::new(whole.start(), whole.end())));
        }
    }
    lists
}

/// The entities with every citation author list that NER touched read as its authors, one person
/// entity each (score: the best of the spans NER gave over the list). Sorted by start.
pub(crate) fn split_author_lists(text: &str, entities: Vec<Entity>) -> Vec<Entity> {
    let lists = author_lists(text);
    if lists.is_empty() {
        return entities;
    }
    let mut entities = entities;
    for (authors, citation) in lists {
        let (start, end) = (authors[0].start, authors[authors.len() - 1].end);
        let touched: Vec<usize> =
            (0..entities.len()).filter(|&i| entities[i].span.start < end && start < entities[i].span.end).collect();
        if touched.is_empty() {
            continue;
        }
        // A span reaching out of the citation is something else.
        if touched.iter().any(|&i| entities[i].span.start < start || entities[i].span.end > citation.end) {
            continue;
        }
        let score = touched.iter().map(|&i| entities[i].score).fold(0.0, f32::max);
        for &i in touched.iter().rev() {
            entities.remove(i);
        }
        entities.extend(authors.into_iter().map(|span| Entity { span, kind: EntityKind::Person, score }));
    }
    entities.sort_by_key(|e| (e.span.start, e.span.end));
    entities
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(text: &str, name: &str, kind: EntityKind) -> Entity {
        let start = text.find(name).unwrap();
        Entity { span: Span::new(start, start + name.len()), kind, score: 0.9 }
    }

    fn shown(text: &str, entities: &[Entity]) -> Vec<(String, EntityKind)> {
        entities.iter().map(|e| (e.span.slice(text).to_string(), e.kind)).collect()
    }

    #[test]
    fn an_author_list_before_a_year_is_people() {
        let text = "In L2 research (Marsden & Mackey, 2014; Marsden, Williams, & Liu, 2013) and (Makel et al., 2012).";
        let entities = vec![
            entity(text, "Marsden & Mackey", EntityKind::Organization),
            entity(text, "Marsden, Williams", EntityKind::Organization),
            entity(text, "Makel et al", EntityKind::Organization),
        ];
        let split = split_author_lists(text, entities);
        let names: Vec<String> = shown(text, &split)
            .into_iter()
            .map(|(n, k)| {
                assert_eq!(k, EntityKind::Person, "{n}");
                n
            })
            .collect();
        assert_eq!(names, ["Marsden", "Mackey", "Marsden", "Williams", "Liu", "Makel"]);
    }

    #[test]
    fn reference_numbers_and_sentence_starts() {
        let text = "In Carrano & Biewener [7] the birds ran. Spang (1983) noted it.";
        let entities = vec![
            entity(text, "Carrano & Biewener", EntityKind::Organization),
            entity(text, "Spang", EntityKind::Location),
        ];
        let split = split_author_lists(text, entities);
        assert_eq!(
            shown(text, &split),
            [
                ("Carrano".to_string(), EntityKind::Person),
                ("Biewener".to_string(), EntityKind::Person),
                ("Spang".to_string(), EntityKind::Person)
            ]
        );
    }

    #[test]
    fn companies_and_untouched_phrases_stay() {
        // No year after it: a company. A capitalized phrase before a year that NER did not tag
        // is left alone, and a lone name followed by ", 2019" is not a citation.
        let text = "Shares of Marks & Spencer rose. In Table Two, 2010 figures. Apple, 2019 was a good year.";
        let entities = vec![
            entity(text, "Marks & Spencer", EntityKind::Organization),
            entity(text, "Apple", EntityKind::Organization),
        ];
        let kept = split_author_lists(text, entities.clone());
        assert_eq!(shown(text, &kept), shown(text, &entities));
    }
}
