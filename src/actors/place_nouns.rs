//! "The city", "the town", "the state", "the island": nouns for a kind of place that stand for
//! the place of that kind the article names most before them ("Houston ... the city's pension
//! liability").
//! Coreference groups such nouns among themselves only, since it has no knowledge table; this
//! step, run after [`super::resolve_country_nouns`], moves them to the place the table says is
//! of their kind. "The state" is found here and only here: alone the word is as often a
//! government or a condition as a place, too often for the nominal lexicon, but after "Georgia"
//! or "Ohio" it is the state.

use super::aliases::PlaceKind::{self, City, Region};
use super::country_nouns::{move_nouns, NEW_DESCRIPTION};
use super::names::bare_word;
use super::{quote_regions, Aliases};
use crate::document::{Document, EntityKind, Mention, MentionKind, Span};
use std::collections::BTreeMap;

/// Nouns for a kind of place, with the kinds of named place each may stand for.
const PLACE_NOUNS: &[(&str, &[PlaceKind])] = &[
    ("city", &[City]),
    ("town", &[City]),
    ("village", &[City]),
    ("state", &[Region]),
    ("province", &[Region]),
    // An island only by its name ("Hunga Island"): the table does not tell islands apart.
    ("island", &[]),
];
/// Words right before the noun that make it refer to a place named before ("a city" does not).
const REFERRING: &[&str] = &["the", "this", "that", "our", "their", "its", "his", "her"];
/// Words between those and the noun that keep it a reference back ("the whole state", "his home
/// state").
const KEEPING: &[&str] = &["whole", "entire", "home"];
/// Lowercase words that may follow "state" when it is the noun, not a modifier ("the state
/// legislature" is no mention of the state): verbs, prepositions and conjunctions.
const AFTER_STATE: &[&str] = &[
    "is", "was", "has", "had", "have", "will", "would", "could", "can", "should", "must", "may", "might", "does",
    "did", "said", "says", "but", "to", "on", "at", "for", "by", "from", "into", "over", "under", "as", "than",
    "itself", "also", "still", "now", "already",
];

/// Moves each referring place noun to the place of its kind the article names most before it,
/// and adds "the state" where a state or province was named. An actor left with no mention is
/// removed.
pub fn resolve_place_nouns(doc: &mut Document, aliases: &Aliases) {
    // Named places: (name's start, actor, the kind the table gives it), in text order.
    let mut named: Vec<(usize, usize, Option<PlaceKind>)> = Vec::new();
    for (i, actor) in doc.actors.iter().enumerate().filter(|(_, a)| a.kind == EntityKind::Location) {
        let kind = aliases.place_kind(&actor.name);
        named.extend(actor.mentions.iter().filter(|m| m.kind == MentionKind::Name).map(|m| (m.span.start, i, kind)));
    }
    named.sort_by_key(|&(start, ..)| start);
    let names: Vec<String> = doc.actors.iter().map(|a| a.name.to_lowercase()).collect();
    let times_named = |i: usize| named.iter().filter(|&&(_, j, _)| j == i).count();
    // A place fits a noun when the table gives it one of the noun's kinds or its name has the
    // noun ("Greenwich Village" for "the village"). Of the places that fit and were named before
    // the noun, the article's own is the one it names most ("the state" in an article on Ohio
    // that mentions Michigan once); a tie goes to the one named last.
    let place_before = |noun: &str, at: usize| {
        let (noun, kinds) = PLACE_NOUNS.iter().find(|(n, _)| n.eq_ignore_ascii_case(noun))?;
        let fits = |i: usize, kind: Option<PlaceKind>| {
            kind.is_some_and(|k| kinds.contains(&k)) || names[i].split_whitespace().any(|w| w == *noun)
        };
        let mut last_named: BTreeMap<usize, usize> = BTreeMap::new();
        for &(start, i, _) in named.iter().filter(|&&(start, i, kind)| start < at && fits(i, kind)) {
            last_named.insert(i, start);
        }
        last_named.into_iter().max_by_key(|&(i, last)| (times_named(i), last)).map(|(i, _)| i)
    };

    // Each unnamed actor's referring place nouns: (mention index, place actor).
    let mut moves: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
    for (a, actor) in doc.actors.iter().enumerate() {
        if actor.mentions.iter().any(|m| m.kind == MentionKind::Name) {
            continue;
        }
        for (m, mention) in actor.mentions.iter().enumerate() {
            // "the Village" written with a capital is a name.
            let noun = mention.span.slice(&doc.text);
            if mention.kind != MentionKind::Nominal
                || !noun.starts_with(char::is_lowercase)
                || !refers_back(&doc.text, mention.span)
            {
                continue;
            }
            if let Some(place) = place_before(noun, mention.span.start) {
                moves.entry(a).or_default().push((m, place));
            }
        }
    }
    // Added before the moves, which may remove actors and so shift the places' indices.
    add_the_state(doc, &place_before);
    move_nouns(doc, moves);
}

/// Whether the noun at `span` refers back: a referring word before it (perhaps with "whole" or
/// "home" between) and no new description after it.
fn refers_back(text: &str, span: Span) -> bool {
    let mut before = text[..span.start].split_whitespace().rev().map(bare_word);
    let mut word = before.next().unwrap_or("");
    if KEEPING.iter().any(|k| k.eq_ignore_ascii_case(word)) {
        word = before.next().unwrap_or("");
    }
    let after = text[span.end..].split_whitespace().next().map_or("", bare_word);
    REFERRING.iter().any(|w| w.eq_ignore_ascii_case(word))
        && !NEW_DESCRIPTION.iter().any(|w| w.eq_ignore_ascii_case(after))
}

/// Adds each referring lowercase "state" that no mention covers to the state or province named
/// last before it ("Georgia Gov. Brian Kemp said his state would ...").
fn add_the_state(doc: &mut Document, place_before: &impl Fn(&str, usize) -> Option<usize>) {
    let quotes = quote_regions(&doc.text);
    let covered = |span: Span| doc.actors.iter().flat_map(|a| &a.mentions).any(|m| m.span.overlaps(span));
    let mut added: Vec<(usize, Span)> = Vec::new();
    for (start, _) in doc.text.match_indices("state") {
        let span = Span::new(start, start + "state".len());
        let word_edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric() && c != '-');
        if !word_edge(doc.text[..start].chars().next_back()) || !word_edge(doc.text[span.end..].chars().next()) {
            continue;
        }
        // "the state legislature", "the state Senate": "state" modifies the next noun.
        let rest = &doc.text[span.end..];
        let possessive = rest.starts_with("'s") || rest.starts_with("’s");
        let next = rest.split_whitespace().next().unwrap_or("");
        let noun = possessive || !next.starts_with(char::is_alphanumeric) || AFTER_STATE.contains(&bare_word(next));
        if !noun || !refers_back(&doc.text, span) || covered(span) {
            continue;
        }
        if let Some(place) = place_before("state", start) {
            added.push((place, span));
        }
    }
    let sentence_of = |at: usize| doc.sentences.partition_point(|s| s.span.end <= at);
    for (place, span) in added {
        let mention = Mention {
            span,
            sentence: sentence_of(span.start).min(doc.sentences.len().saturating_sub(1)),
            quoted: quotes.iter().any(|q| q.contains(span)),
            tone: None,
            kind: MentionKind::Nominal,
        };
        doc.actors[place].mentions.push(mention);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actors::{group_document, resolve_country_nouns, test_document};
    use EntityKind::{Location as L, Person as P};

    fn aliases() -> Aliases {
        crate::actors::aliases::test_aliases(
            "canonical,aliases,type,external_id,group,kind,country\n\
             United States,U.S.,LOC,Q30,,country,\n\
             Houston,,LOC,Q16555,,city,United States\n\
             Texas,,LOC,Q1439,,region,United States\n\
             Georgia (U.S. state),Georgia,LOC,Q1428,,region,United States\n\
             Puerto Rico,,LOC,Q1183,,country,\n",
        )
    }

    /// Each actor's name with its mentions' text, after grouping, coreference and both noun steps.
    fn actors(text: &str, entities: &[(&str, EntityKind)]) -> Vec<(String, Vec<String>)> {
        let aliases = aliases();
        let mut doc = test_document("d", text, entities);
        doc.actors = group_document(&doc, &aliases);
        crate::coref::resolve(&mut doc);
        resolve_country_nouns(&mut doc, &aliases);
        resolve_place_nouns(&mut doc, &aliases);
        doc.actors
            .iter()
            .map(|a| (a.name.clone(), a.mentions.iter().map(|m| m.span.slice(&doc.text).to_string()).collect()))
            .collect()
    }

    fn mentions_of(actors: &[(String, Vec<String>)], name: &str) -> Vec<String> {
        actors.iter().find(|(n, _)| n == name).map(|(_, m)| m.clone()).unwrap_or_default()
    }

    #[test]
    fn the_city_is_the_city_named_last() {
        let found = actors(
            "Mayor Sylvester Turner spoke in Houston, Texas. The city's pension debt is large. \
             Critics say the city cannot pay it.",
            &[("Sylvester Turner", P), ("Houston", L), ("Texas", L)],
        );
        assert_eq!(mentions_of(&found, "Houston"), ["Houston", "city", "city"], "{found:?}");
        // A state is not a city: Texas keeps only its name.
        assert_eq!(mentions_of(&found, "Texas"), ["Texas"], "{found:?}");
    }

    #[test]
    fn the_state_is_the_state_named_last_and_a_modifier_is_not() {
        let found = actors(
            "Georgia Gov. Brian Kemp said his state would widen roads. The state legislature agreed, \
             and the state's budget grew.",
            &[("Georgia", L), ("Brian Kemp", P)],
        );
        assert_eq!(mentions_of(&found, "Georgia (U.S. state)"), ["Georgia", "state", "state"], "{found:?}");
    }

    #[test]
    fn a_new_description_or_an_unnamed_kind_links_nothing() {
        // "a city" and "the city of" describe anew; no state is named, so "the state" is no one's.
        let found = actors("He left Houston for a city in the north. The state will decide.", &[("Houston", L)]);
        assert_eq!(mentions_of(&found, "Houston"), ["Houston"], "{found:?}");
        assert!(!found.iter().any(|(_, m)| m.iter().any(|t| t == "state")), "{found:?}");
    }

    #[test]
    fn a_place_whose_name_has_the_noun_fits_it() {
        // The table does not know either island or Greenwich Village; their names say what they are.
        let found = actors("Whales gather near Hunga Island. The island lies in deep water.", &[("Hunga Island", L)]);
        assert_eq!(mentions_of(&found, "Hunga Island"), ["Hunga Island", "island"], "{found:?}");
        let found = actors(
            "She moved to Houston, then to Greenwich Village. The village was full of painters.",
            &[("Houston", L), ("Greenwich Village", L)],
        );
        assert_eq!(mentions_of(&found, "Greenwich Village"), ["Greenwich Village", "village"], "{found:?}");
        assert_eq!(mentions_of(&found, "Houston"), ["Houston"], "{found:?}");
    }

    #[test]
    fn the_state_is_the_one_the_article_names_most() {
        let found = actors(
            "The plant in Texas closed. Texas lost 1,400 jobs. Some workers moved to Georgia. The state has \
             retraining, officials in Texas said.",
            &[("Texas", L), ("Texas", L), ("Georgia", L), ("Texas", L)],
        );
        assert_eq!(mentions_of(&found, "Texas"), ["Texas", "Texas", "state", "Texas"], "{found:?}");
    }
}
