//! Sports teams called by their city: "Pittsburgh beat Baltimore", "the 11-2 Pittsburgh" for the
//! Steelers. In an article that names a team by its nickname (`models/teams.tsv`: "Steelers",
//! Pittsburgh, NFL), a mention of the team's place that no place context frames ("in
//! Pittsburgh", "Pittsburgh, Pennsylvania", "a Pittsburgh native") is the team. Without the
//! nickname the article may be about the city, so nothing moves; nor where two teams named in it
//! share the place.

use super::names::bare_word;
use crate::document::{Document, EntityKind, MentionKind, Span};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Words before a place's name that make it the place: prepositions of place and verbs of going.
const PLACE_BEFORE: &[&str] = &[
    "in",
    "at",
    "to",
    "from",
    "near",
    "outside",
    "into",
    "across",
    "around",
    "of",
    "toward",
    "towards",
    "through",
    "throughout",
    "visit",
    "visited",
    "visiting",
    "left",
    "leave",
    "downtown",
    "suburban",
];
/// Words after a place's name that make it the place ("a Pittsburgh native", "a San Diego
/// neighborhood").
const PLACE_AFTER: &[&str] = &[
    "native",
    "natives",
    "area",
    "suburb",
    "suburbs",
    "resident",
    "residents",
    "police",
    "neighborhood",
    "neighbourhood",
    "county",
    "mayor",
    "city",
    "airport",
    "hospital",
    "school",
    "schools",
    "street",
    "home",
    "roots",
];

/// Folded nickname → the places teams by that nickname carry ("rangers" → New York, Texas).
fn nicknames() -> &'static HashMap<String, Vec<String>> {
    static TABLE: OnceLock<HashMap<String, Vec<String>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: HashMap<String, Vec<String>> = HashMap::new();
        for line in include_str!("../../models/teams.tsv").lines().filter(|l| !l.starts_with('#')).skip(1) {
            if let [nickname, place, ..] = line.split('\t').collect::<Vec<_>>()[..] {
                table.entry(nickname.to_lowercase()).or_default().push(place.to_string());
            }
        }
        table
    })
}

/// The nickname a team's name ends with ("Steelers", "Pittsburgh Steelers", "Tottenham Hotspur"),
/// with the places teams by that nickname carry.
fn team_places(name: &str) -> Option<&'static [String]> {
    let words: Vec<&str> = name.split_whitespace().collect();
    // Nicknames have one or two words ("Red Sox", "Trail Blazers").
    (1..=2.min(words.len()))
        .find_map(|n| nicknames().get(&words[words.len() - n..].join(" ").to_lowercase()).map(Vec::as_slice))
}

/// Whether `name` is a team's: its last word or two are a nickname of the table ("Steelers",
/// "Pittsburgh Steelers", "Red Sox"). Coreference lets such a team take "they".
pub fn is_team_name(name: &str) -> bool {
    team_places(name).is_some()
}

/// Moves each team's place mentions, outside place contexts, to the team (see the module doc).
pub fn resolve_team_places(doc: &mut Document) {
    // Place name → the team actors named in the article that carry it.
    let mut teams_at: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, actor) in doc.actors.iter().enumerate() {
        let named = actor.mentions.iter().any(|m| m.kind == MentionKind::Name);
        if actor.kind != EntityKind::Organization || !named {
            continue;
        }
        for place in team_places(&actor.name).unwrap_or_default() {
            teams_at.entry(place.as_str()).or_default().push(i);
        }
    }
    // (actor, mention, team) for each mention written as one team's place (as written: the
    // actor's name may be the table's "New York City" for "New York").
    let mut moves: Vec<(usize, usize, usize)> = Vec::new();
    for (p, actor) in doc.actors.iter().enumerate().filter(|(_, a)| a.kind != EntityKind::Person) {
        for (m, mention) in actor.mentions.iter().enumerate().filter(|(_, m)| m.kind == MentionKind::Name) {
            let Some(&[team]) = teams_at.get(mention.span.slice(&doc.text)).map(Vec::as_slice) else { continue };
            if p != team && !place_context(&doc.text, mention.span) {
                moves.push((p, m, team));
            }
        }
    }
    if moves.is_empty() {
        return;
    }
    for &(p, m, team) in moves.iter().rev() {
        let mention = doc.actors[p].mentions.remove(m);
        doc.actors[team].mentions.push(mention);
        // A place left with no name was the team throughout: its pronouns go along.
        if !doc.actors[p].mentions.iter().any(|m| m.kind == MentionKind::Name) {
            let rest = std::mem::take(&mut doc.actors[p].mentions);
            doc.actors[team].mentions.extend(rest);
        }
    }
    for actor in &mut doc.actors {
        actor.mentions.sort_by_key(|m| (m.span.start, m.span.end));
    }
    doc.actors.retain(|a| !a.mentions.is_empty());
}

/// Whether the words around a place's name at `span` make it the place, not its team.
fn place_context(text: &str, span: Span) -> bool {
    let before = text[..span.start].split_whitespace().next_back().map_or("", bare_word);
    let rest = &text[span.end..];
    let after = rest.split_whitespace().next().map_or("", bare_word);
    // "Pittsburgh, Pennsylvania": a state or country after a comma.
    let region_after = rest.strip_prefix(", ").is_some_and(|r| r.starts_with(char::is_uppercase));
    PLACE_BEFORE.iter().any(|w| w.eq_ignore_ascii_case(before))
        || PLACE_AFTER.iter().any(|w| w.eq_ignore_ascii_case(after))
        || rest.starts_with("-based")
        || region_after
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actors::{group_document, test_document, Aliases};
    use EntityKind::{Location as L, Organization as O};

    fn mentions(text: &str, entities: &[(&str, EntityKind)]) -> Vec<(String, Vec<String>)> {
        let mut doc = test_document("d", text, entities);
        doc.actors = group_document(&doc, &Aliases::default());
        resolve_team_places(&mut doc);
        doc.actors
            .iter()
            .map(|a| (a.name.clone(), a.mentions.iter().map(|m| m.span.slice(&doc.text).to_string()).collect()))
            .collect()
    }

    #[test]
    fn a_teams_city_is_the_team_in_an_article_that_names_it() {
        let found = mentions(
            "The Steelers beat the Ravens. Pittsburgh scored twice in Pittsburgh, and the 11-2 Pittsburgh \
             leads Baltimore.",
            &[
                ("Steelers", O),
                ("Ravens", O),
                ("Pittsburgh", L),
                ("Pittsburgh", L),
                ("Pittsburgh", L),
                ("Baltimore", L),
            ],
        );
        let of = |name: &str| found.iter().find(|(n, _)| n == name).map(|(_, m)| m.clone()).unwrap_or_default();
        assert_eq!(of("Steelers"), ["Steelers", "Pittsburgh", "Pittsburgh"], "{found:?}");
        assert_eq!(of("Ravens"), ["Ravens", "Baltimore"], "{found:?}");
        // "in Pittsburgh" is the city.
        assert_eq!(of("Pittsburgh"), ["Pittsburgh"], "{found:?}");
    }

    #[test]
    fn without_the_nickname_or_with_two_teams_of_the_place_the_city_stays() {
        let found = mentions("Pittsburgh beat Baltimore on Sunday.", &[("Pittsburgh", L), ("Baltimore", L)]);
        assert_eq!(found.len(), 2, "{found:?}");
        let found = mentions(
            "The Steelers and the Pirates thanked Pittsburgh.",
            &[("Steelers", O), ("Pirates", O), ("Pittsburgh", L)],
        );
        assert!(found.iter().any(|(n, m)| n == "Pittsburgh" && m == &["Pittsburgh"]), "{found:?}");
    }
}
