//! Compass words split from their place. NER sometimes reads "Western United States" or
//! "Northeast Ohio" as two places, "Western" and "United States"; the region is one place, and
//! read as two it adds a spurious `loc:western` and a mention of the whole country.

use crate::document::{Entity, EntityKind};

/// Words that make a region of the place they precede.
const COMPASS_WORDS: &[&str] = &[
    "North",
    "South",
    "East",
    "West",
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Central",
    "Northeast",
    "Northwest",
    "Southeast",
    "Southwest",
    "Northeastern",
    "Northwestern",
    "Southeastern",
    "Southwestern",
];

/// Joins a place that is one compass word to the place right after it, one space between them.
/// `entities` are in text order.
pub(crate) fn join_compass_prefixes(text: &str, entities: Vec<Entity>) -> Vec<Entity> {
    let mut joined: Vec<Entity> = Vec::with_capacity(entities.len());
    for entity in entities {
        if let Some(previous) = joined.last_mut() {
            let adjacent = previous.span.end + 1 == entity.span.start && text[previous.span.end..].starts_with(' ');
            if adjacent
                && previous.kind == EntityKind::Location
                && entity.kind == EntityKind::Location
                && COMPASS_WORDS.contains(&previous.span.slice(text))
            {
                previous.span.end = entity.span.end;
                previous.score = previous.score.min(entity.score);
                continue;
            }
        }
        joined.push(entity);
    }
    joined
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Span;

    /// Places for `words`, each found after the previous one.
    fn places(text: &str, words: &[&str]) -> Vec<Entity> {
        let mut from = 0;
        words
            .iter()
            .map(|word| {
                let start = from + text[from..].find(word).unwrap();
                from = start + word.len();
                Entity { span: Span::new(start, from), kind: EntityKind::Location, score: 0.9 }
            })
            .collect()
    }

    #[test]
    fn a_compass_word_joins_the_place_after_it_and_nothing_else() {
        let text = "In the Western United States and Northeast Ohio, West, Texas and Texas Ohio.";
        let words = ["Western", "United States", "Northeast", "Ohio", "West", "Texas", "Texas", "Ohio"];
        let joined = join_compass_prefixes(text, places(text, &words));
        let names: Vec<&str> = joined.iter().map(|e| e.span.slice(text)).collect();
        assert_eq!(names, ["Western United States", "Northeast Ohio", "West", "Texas", "Texas", "Ohio"]);
    }
}
