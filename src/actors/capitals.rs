//! A capital that stands for its country's government: "Washington has imposed sanctions",
//! "Ottawa expelled a diplomat", "talks between Moscow and Kyiv", "support from Washington". Such
//! a mention is the country acting, so it belongs to the country's actor (`loc:united-states`),
//! not the city's; "officials in Washington" and a dateline's "WASHINGTON —" stay the city.
//!
//! Run after coreference, beside [`super::resolve_country_nouns`]; the rule reads only the
//! mention's sentence, and only capitals the knowledge table marks as such move.

use super::country_nouns::CountryActors;
use super::names::bare_word;
use super::Aliases;
use crate::document::{Document, EntityKind, MentionKind, Span};

/// Verbs whose subject, when it is a capital, is a government acting.
const ACTS: &[&str] = &[
    "accused",
    "agreed",
    "announced",
    "approved",
    "backed",
    "banned",
    "blamed",
    "called",
    "claimed",
    "condemned",
    "criticized",
    "criticised",
    "declined",
    "demanded",
    "denied",
    "dismissed",
    "expelled",
    "imposed",
    "insisted",
    "insists",
    "objected",
    "opposed",
    "pledged",
    "pressed",
    "promised",
    "protested",
    "recalled",
    "refused",
    "rejected",
    "rejects",
    "responded",
    "retaliated",
    "said",
    "says",
    "signed",
    "summoned",
    "threatened",
    "urged",
    "vowed",
    "warned",
    "warns",
    "welcomed",
    "wants",
];
/// Words that may stand between the capital and its verb ("Washington has long accused").
const AUXILIARIES: &[&str] = &[
    "has", "have", "had", "will", "would", "is", "was", "did", "does", "could", "may", "might", "also", "long", "now",
];
/// Words after which a capital opens a clause.
const CLAUSE_OPENERS: &[&str] =
    &["and", "but", "while", "whereas", "that", "as", "when", "after", "since", "because", "though", "although", "so"];
/// What a capital's possessive makes a government's ("Beijing's crackdown").
const OF_GOVERNMENTS: &[&str] = &[
    "sanctions",
    "policy",
    "policies",
    "position",
    "decision",
    "response",
    "stance",
    "demands",
    "crackdown",
    "invasion",
    "allies",
    "envoy",
    "ambassador",
    "military",
    "troops",
    "forces",
    "diplomats",
    "refusal",
];
/// Nouns that "from" a capital comes after when the capital gives or asks ("support from
/// Washington").
const GIVEN: &[&str] = &["support", "pressure", "aid", "help", "funding", "money", "demands", "approval", "backing"];

/// Moves each capital's name mentions that act as a government to the actor of its country (one
/// from the knowledge table when the article never names the country). An actor left with no
/// mention is removed.
pub fn resolve_capitals(doc: &mut Document, aliases: &Aliases) {
    // Each capital's actor with its country, and every name mention of a capital.
    let capitals: Vec<(usize, String)> = (doc.actors.iter().enumerate())
        .filter(|(_, a)| a.kind != EntityKind::Person)
        .filter_map(|(i, a)| Some((i, aliases.country_of_capital(&a.name)?)))
        .collect();
    let capital_names: Vec<Span> = capitals
        .iter()
        .flat_map(|&(i, _)| doc.actors[i].mentions.iter().filter(|m| m.kind == MentionKind::Name).map(|m| m.span))
        .collect();
    // (actor, mention, country) for every mention of a capital acting.
    let mut moves: Vec<(usize, usize, String)> = Vec::new();
    for (a, country) in capitals {
        for (m, mention) in doc.actors[a].mentions.iter().enumerate() {
            let Some(sentence) = doc.sentences.get(mention.sentence) else { continue };
            if mention.kind == MentionKind::Name && governs(&doc.text, sentence.span, mention.span, &capital_names) {
                moves.push((a, m, country.clone()));
            }
        }
    }
    if moves.is_empty() {
        return;
    }
    let mut countries = CountryActors::new(&doc.actors, aliases);
    // From the last mention back, so that the indices still to move stay valid.
    for (a, m, country) in moves.into_iter().rev() {
        let mention = doc.actors[a].mentions.remove(m);
        let target = countries.index(&country, &mut doc.actors);
        doc.actors[target].mentions.push(mention);
    }
    for actor in &mut doc.actors {
        actor.mentions.sort_by_key(|m| (m.span.start, m.span.end));
    }
    doc.actors.retain(|a| !a.mentions.is_empty());
}

/// Whether the capital named at `name`, in `sentence`, is a government acting: the subject of an
/// act ("Moscow rejected", "Washington has imposed"), one side of "between" two capitals, or
/// what gives "support from" it. `capitals` are all capital name mentions of the document.
fn governs(text: &str, sentence: Span, name: Span, capitals: &[Span]) -> bool {
    let before: Vec<String> = text[sentence.start..name.start]
        .split_whitespace()
        .rev()
        .take(2)
        .map(|w| bare_word(w).to_lowercase())
        .collect();
    let rest = &text[name.end..sentence.end.max(name.end)];
    // "Washington's sanctions": a government's; "Moscow's mayor", "Washington-based": the city's.
    if let Some(owned) = rest.strip_prefix("'s ").or_else(|| rest.strip_prefix("’s ")) {
        let noun = owned.split_whitespace().next().map(|w| bare_word(w).to_lowercase());
        return noun.is_some_and(|n| OF_GOVERNMENTS.contains(&n.as_str()));
    }
    if rest.starts_with(['-', '\'', '’']) {
        return false;
    }
    // "from Moscow." or "from Moscow and Kyiv", not "from Moscow banks".
    let ends_phrase = !rest.trim_start().starts_with(char::is_alphanumeric)
        || rest.split_whitespace().next().is_some_and(|w| matches!(w, "and" | "or"));
    let after: Vec<String> = rest.split_whitespace().take(4).map(|w| bare_word(w).to_lowercase()).collect();
    let previous = before.first().map_or("", String::as_str);
    let is_capital_at = |from: usize| {
        capitals.iter().any(|c| c.start >= from && text[from..c.start].trim().eq_ignore_ascii_case("and"))
    };
    // A government acting opens its clause: "Moscow rejected", "but Washington has imposed",
    // "Meanwhile, Ottawa expelled"; "in greater Stockholm said police" is a place.
    let raw_previous = text[sentence.start..name.start].split_whitespace().next_back().unwrap_or("");
    let opens_clause = raw_previous.is_empty()
        || raw_previous.ends_with([',', ';', ':', '—', '"', '“'])
        || CLAUSE_OPENERS.contains(&previous);
    let subject = opens_clause
        && after.iter().find(|w| !AUXILIARIES.contains(&w.as_str())).is_some_and(|verb| ACTS.contains(&verb.as_str()));
    let between = previous == "between" && is_capital_at(name.end);
    let second_of_between = previous == "and"
        && capitals.iter().any(|c| {
            c.end <= name.start
                && text[c.end..name.start].trim().eq_ignore_ascii_case("and")
                && text[sentence.start.min(c.start)..c.start].split_whitespace().next_back().map(bare_word)
                    == Some("between")
        });
    let given = previous == "from" && before.get(1).is_some_and(|w| GIVEN.contains(&w.as_str())) && ends_phrase;
    subject || between || second_of_between || given
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Actor, Mention};

    fn aliases() -> Aliases {
        crate::actors::aliases::test_aliases(
            "canonical,aliases,type,external_id,group,kind,country\n\
             Russia,,LOC,Q159,,country,\nMoscow,,LOC,Q649,,capital,Russia\n\
             Ukraine,,LOC,Q212,,country,\nKyiv,,LOC,Q1899,,capital,Ukraine\n",
        )
    }

    /// A document whose actors are the given place names, each mention every occurrence.
    fn document(text: &str, places: &[&str]) -> Document {
        let mut doc = crate::actors::test_document("d", text, &[]);
        for name in places {
            let mut actor = Actor::new(name.to_string(), EntityKind::Location);
            for (start, _) in text.match_indices(name) {
                let span = Span::new(start, start + name.len());
                let sentence = doc.sentences.partition_point(|s| s.span.end <= start);
                actor.mentions.push(Mention { span, sentence, quoted: false, tone: None, kind: MentionKind::Name });
            }
            doc.actors.push(actor);
        }
        doc
    }

    fn mentions_of(doc: &Document, name: &str) -> Vec<usize> {
        doc.actors.iter().find(|a| a.name == name).map_or(vec![], |a| a.mentions.iter().map(|m| m.span.start).collect())
    }

    #[test]
    fn a_capital_acting_is_its_country() {
        let text = "Officials in Moscow met. Moscow has rejected the plan. Talks between Moscow and Kyiv \
                    stalled. Russia wants support from Moscow banks. Kyiv asked for support from Moscow. \
                    Moscow's mayor fled Kyiv's troops.";
        let mut doc = document(text, &["Moscow", "Kyiv", "Russia"]);
        resolve_capitals(&mut doc, &aliases());
        let nth = |word: &str, n: usize| text.match_indices(word).nth(n).unwrap().0;
        // "in Moscow", "support from Moscow banks" and "Moscow's mayor" stay the city; the rest
        // is Russia.
        assert_eq!(mentions_of(&doc, "Moscow"), [nth("Moscow", 0), nth("Moscow", 3), nth("Moscow", 5)]);
        assert_eq!(
            mentions_of(&doc, "Russia"),
            [nth("Moscow", 1), nth("Moscow", 2), nth("Russia", 0), nth("Moscow", 4)]
        );
        // Kyiv after "between Moscow and", and "Kyiv's troops", are Ukraine, whose actor comes
        // from the table; "Kyiv asked" is no act of the list.
        assert_eq!(mentions_of(&doc, "Ukraine"), [nth("Kyiv", 0), nth("Kyiv", 2)]);
        assert_eq!(mentions_of(&doc, "Kyiv"), [nth("Kyiv", 1)]);
    }

    #[test]
    fn the_shipped_table_knows_new_delhi_as_indias_capital() {
        // GeoNames lists "New Delhi" among Delhi's alternate names; the capital is New Delhi.
        let text = "New Delhi has rejected the allegation. Delhi traffic was heavy.";
        let mut doc = document(text, &["New Delhi", "Delhi"]);
        resolve_capitals(&mut doc, &crate::actors::aliases::shipped_aliases());
        assert_eq!(mentions_of(&doc, "India"), [0]);
    }
}
