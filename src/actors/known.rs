//! Names the NER model misses that the knowledge table marks for recall: companies and platforms
//! younger than the model's 1990s training news ("Twitter", "Facebook") or that it reads as a
//! person ("McDonald's"). Each whole-word, exactly written occurrence becomes an organization
//! entity where NER found nothing, and replaces any NER entity that lies inside it.

use super::Aliases;
use crate::document::{Document, Entity, EntityKind, Span};

/// The score an entity the knowledge table adds carries (it is no model's guess).
const KNOWN_NAME_SCORE: f32 = 1.0;

/// Adds the knowledge table's recall names (its `company` rows) that NER left out of `doc`.
pub fn add_known_entities(doc: &mut Document, aliases: &Aliases) {
    let Some(pattern) = aliases.recall_pattern() else { return };
    let text = doc.text.as_str();
    let mut added = Vec::new();
    for found in pattern.find_iter(text) {
        let span = Span::new(found.start(), found.end());
        let open_before = !text[..span.start].chars().next_back().is_some_and(char::is_alphanumeric);
        let open_after = !text[span.end..].chars().next().is_some_and(char::is_alphanumeric);
        // NER's entity is kept unless it lies inside the name ("McDonald" in "McDonald's").
        let clashes =
            doc.entities.iter().any(|e| e.span.start < span.end && span.start < e.span.end && !span.contains(e.span));
        if open_before && open_after && !clashes {
            added.push(span);
        }
    }
    if added.is_empty() {
        return;
    }
    doc.entities.retain(|e| !added.iter().any(|a| a.contains(e.span)));
    doc.entities.extend(added.into_iter().map(|span| Entity {
        span,
        kind: EntityKind::Organization,
        score: KNOWN_NAME_SCORE,
    }));
    doc.entities.sort_by_key(|e| (e.span.start, e.span.end));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actors::test_document;

    fn aliases() -> Aliases {
        crate::actors::aliases::test_aliases(
            "canonical,aliases,type,external_id,group,kind\n\
             Twitter,,ORG,,,company\nMcDonald's,McDonald’s,ORG,,,company\nBerlin,,LOC,,,city\n",
        )
    }

    fn entities(doc: &Document) -> Vec<(&str, EntityKind)> {
        doc.entities.iter().map(|e| (e.span.slice(&doc.text), e.kind)).collect()
    }

    #[test]
    fn company_names_ner_missed_are_added_and_a_name_inside_one_gives_way() {
        use EntityKind::{Location as L, Organization as O, Person as P};
        let text = "McDonald's said on Twitter that Berlin would get a store. Twitterers and Twitter-like sites \
                    laughed; Twitter Spaces hosted Ann Twitter.";
        let mut doc =
            test_document("t", text, &[("McDonald", P), ("Berlin", L), ("Twitter Spaces", O), ("Ann Twitter", P)]);
        add_known_entities(&mut doc, &aliases());
        assert_eq!(
            entities(&doc),
            [
                ("McDonald's", O),
                ("Twitter", O),
                // Only `company` rows are recalled: "Berlin" stays NER's.
                ("Berlin", L),
                // "Twitterers" is another word; "Twitter-like" names the company.
                ("Twitter", O),
                // NER's longer names are kept whole.
                ("Twitter Spaces", O),
                ("Ann Twitter", P),
            ]
        );
        assert!(doc
            .entities
            .iter()
            .filter(|e| e.span.slice(&doc.text) == "Twitter")
            .all(|e| e.score == KNOWN_NAME_SCORE));
    }
}
