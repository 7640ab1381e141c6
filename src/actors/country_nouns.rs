//! "The country", "this nation", "our country": role nouns that stand for a country the article
//! names, or for the country its places lie in. Coreference ([`crate::coref`]) groups such nouns
//! among themselves only, since it has no knowledge table; this step, run right after it, gives
//! them the country, so that an article's "the country's economy" counts for `loc:greece` and
//! a speech's "this country" for `loc:united-states`.

use super::institutions::leading_country;
use super::names::bare_word;
use super::{fold, Aliases};
use crate::document::{Actor, Document, EntityKind, MentionKind};
use std::collections::{BTreeMap, HashMap};

/// Head nouns that name a country.
const COUNTRY_NOUNS: &[&str] = &["country", "nation"];
/// Words right before the noun that make it refer to one known country ("a country" does not).
const REFERRING: &[&str] = &["the", "this", "that", "our"];
/// Words right after the noun that describe a country or a place anew ("the country where ...",
/// "the city of Fort Worth").
pub(super) const NEW_DESCRIPTION: &[&str] = &["of", "where", "that", "which", "in", "whose", "with"];
/// How many sentences back a named country is still the one "the country" means; further back,
/// the country of the article's places is.
const RECENT_SENTENCES: usize = 3;

/// Moves each referring country noun to the actor of the country it stands for: the country
/// named last within [`RECENT_SENTENCES`], else the article's country (the one its places lie in
/// most, when no other ties it); "this country" and "our country" the other way round. A country
/// the article does not name gets an actor of its own, with the knowledge table's identity and so
/// the country's id (`finish_document`). An actor left with no mention is removed.
pub fn resolve_country_nouns(doc: &mut Document, aliases: &Aliases) {
    // Country name mentions: (start, sentence, canonical country name).
    let mut named: Vec<(usize, usize, String)> = Vec::new();
    let mut votes: HashMap<String, usize> = HashMap::new();
    for actor in doc.actors.iter().filter(|a| a.kind == EntityKind::Location) {
        let Some(country) = aliases.country_of_place(&actor.name) else { continue };
        let is_country = aliases.is_country(&actor.name);
        for mention in actor.mentions.iter().filter(|m| m.kind == MentionKind::Name) {
            *votes.entry(country.clone()).or_default() += 1;
            if is_country {
                named.push((mention.span.start, mention.sentence, country.clone()));
            }
        }
    }
    named.sort();
    let article_country = leading_country(&votes);

    // actor → (mention, country) for every referring country noun.
    let mut moves: BTreeMap<usize, Vec<(usize, String)>> = BTreeMap::new();
    for (a, actor) in doc.actors.iter().enumerate() {
        if actor.mentions.iter().any(|m| m.kind == MentionKind::Name) {
            continue;
        }
        for (m, mention) in actor.mentions.iter().enumerate() {
            let noun = mention.span.slice(&doc.text);
            if mention.kind != MentionKind::Nominal || !COUNTRY_NOUNS.iter().any(|n| n.eq_ignore_ascii_case(noun)) {
                continue;
            }
            let before = doc.text[..mention.span.start].split_whitespace().next_back().map_or("", bare_word);
            let after = doc.text[mention.span.end..].split_whitespace().next().map_or("", bare_word);
            let referring = REFERRING.iter().any(|w| w.eq_ignore_ascii_case(before));
            if !referring || NEW_DESCRIPTION.iter().any(|w| w.eq_ignore_ascii_case(after)) {
                continue;
            }
            let recent = named
                .iter()
                .rev()
                .find(|(start, sentence, _)| {
                    *start < mention.span.start && sentence + RECENT_SENTENCES >= mention.sentence
                })
                .map(|(.., country)| country.clone());
            // "this country", "our country" are the speaker's, the article's own; "the country"
            // the one just named.
            let deictic = ["this", "our"].iter().any(|w| w.eq_ignore_ascii_case(before));
            let country = if deictic { article_country.clone().or(recent) } else { recent.or(article_country.clone()) };
            if let Some(country) = country {
                moves.entry(a).or_default().push((m, country));
            }
        }
    }
    if moves.is_empty() {
        return;
    }

    let mut countries = CountryActors::new(&doc.actors, aliases);
    let moves = moves
        .into_iter()
        .map(|(a, to_move)| {
            let to_move = to_move.into_iter().map(|(m, country)| (m, countries.index(&country, &mut doc.actors)));
            (a, to_move.collect())
        })
        .collect();
    move_nouns(doc, moves);
}

/// Moves nouns of unnamed actors to the actors they stand for: `moves` gives an actor's (mention
/// index, target actor) pairs. An actor whose moved nouns all go to one target takes its pronouns
/// there too ("the country's debt ... its banks"); its other nouns ("any country" that "the
/// country" was grouped with) stay. Mentions are put back in text order, and an actor left with
/// none is removed.
pub(super) fn move_nouns(doc: &mut Document, moves: BTreeMap<usize, Vec<(usize, usize)>>) {
    for (a, to_move) in moves {
        let one_target = to_move.iter().all(|&(_, t)| t == to_move[0].1).then_some(to_move[0].1);
        let mentions = std::mem::take(&mut doc.actors[a].mentions);
        for (m, mention) in mentions.into_iter().enumerate() {
            let target = match to_move.iter().find(|&&(i, _)| i == m) {
                Some(&(_, target)) => Some(target),
                None if mention.kind == MentionKind::Pronoun => one_target,
                None => None,
            };
            doc.actors[target.unwrap_or(a)].mentions.push(mention);
        }
    }
    for actor in &mut doc.actors {
        actor.mentions.sort_by_key(|m| (m.span.start, m.span.end));
    }
    doc.actors.retain(|a| !a.mentions.is_empty());
}

/// Each country's actor in a document, by folded country name; a country the document has no
/// actor for gets one from the knowledge table when first asked for.
pub(super) struct CountryActors<'a> {
    aliases: &'a Aliases,
    by_country: HashMap<String, usize>,
}

impl<'a> CountryActors<'a> {
    pub(super) fn new(actors: &[Actor], aliases: &'a Aliases) -> Self {
        let by_country = actors
            .iter()
            .enumerate()
            .filter(|(_, a)| a.kind == EntityKind::Location && aliases.is_country(&a.name))
            .filter_map(|(i, a)| Some((fold(&aliases.country_of_place(&a.name)?), i)))
            .collect();
        Self { aliases, by_country }
    }

    /// The index in `actors` of `country`'s actor, pushed there if it was not yet.
    pub(super) fn index(&mut self, country: &str, actors: &mut Vec<Actor>) -> usize {
        *self.by_country.entry(fold(country)).or_insert_with(|| {
            let entry = self.aliases.get(country, EntityKind::Location);
            actors.push(Actor {
                external_id: entry.and_then(|e| e.external_id.clone()),
                group: entry.and_then(|e| e.group.clone()),
                ..Actor::new(country.to_string(), EntityKind::Location)
            });
            actors.len() - 1
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Mention, Span};

    fn aliases() -> Aliases {
        crate::actors::aliases::test_aliases(
            "canonical,aliases,type,external_id,group,kind,country\n\
             Greece,,LOC,Q41,,country,\nAthens,,LOC,Q1524,,capital,Greece\nFrance,,LOC,Q142,,country,\n",
        )
    }

    /// An actor to test with: name, type, and mentions as (text, kind).
    type TestActor<'a> = (&'a str, EntityKind, &'a [(&'a str, MentionKind)]);

    /// A document with one actor per [`TestActor`], each mention the next occurrence of its text.
    fn document(text: &str, actors: &[TestActor]) -> Document {
        let mut doc = crate::actors::test_document("d", text, &[]);
        let mut from = HashMap::<&str, usize>::new();
        for (name, kind, mentions) in actors {
            let mut actor = Actor::new(name.to_string(), *kind);
            for (surface, mention_kind) in *mentions {
                let at = from.entry(surface).or_default();
                let start = *at + text[*at..].find(surface).expect("mention in text");
                *at = start + surface.len();
                let span = Span::new(start, start + surface.len());
                let sentence = doc.sentences.partition_point(|s| s.span.end <= start);
                actor.mentions.push(Mention { span, sentence, quoted: false, tone: None, kind: *mention_kind });
            }
            doc.actors.push(actor);
        }
        doc
    }

    fn names_with_mentions(doc: &Document) -> Vec<(String, Vec<&str>)> {
        doc.actors
            .iter()
            .map(|a| (a.name.clone(), a.mentions.iter().map(|m| m.span.slice(&doc.text)).collect()))
            .collect()
    }

    #[test]
    fn the_country_is_the_country_named_last() {
        let text = "Talks in France ended. Greece voted no. The country's debt is high, and its banks are shut.";
        let mut doc = document(
            text,
            &[
                ("France", EntityKind::Location, &[("France", MentionKind::Name)]),
                ("Greece", EntityKind::Location, &[("Greece", MentionKind::Name)]),
                ("country", EntityKind::Location, &[("country", MentionKind::Nominal), ("its", MentionKind::Pronoun)]),
            ],
        );
        resolve_country_nouns(&mut doc, &aliases());
        assert_eq!(
            names_with_mentions(&doc),
            [("France".to_string(), vec!["France"]), ("Greece".to_string(), vec!["Greece", "country", "its"])]
        );
    }

    #[test]
    fn with_no_country_named_it_is_the_country_of_the_places() {
        let text = "Athens is hot. We walked all day.\nThe nation's museums are free. Athens sleeps late. \
                    A country where trains run is rare.";
        let mut doc = document(
            text,
            &[
                ("Athens", EntityKind::Location, &[("Athens", MentionKind::Name), ("Athens", MentionKind::Name)]),
                ("nation", EntityKind::Location, &[("nation", MentionKind::Nominal)]),
                ("country", EntityKind::Location, &[("country", MentionKind::Nominal)]),
            ],
        );
        resolve_country_nouns(&mut doc, &aliases());
        let greece = doc.actors.iter().find(|a| a.name == "Greece").expect("an actor for the country");
        assert_eq!(greece.external_id.as_deref(), Some("Q41"));
        assert_eq!(greece.mentions.iter().map(|m| m.span.slice(text)).collect::<Vec<_>>(), ["nation"]);
        // "A country where ..." describes a new one.
        assert!(doc.actors.iter().any(|a| a.name == "country"));
        // Identified, the country has its name's id, which other articles' "Greece" has too.
        crate::actors::finish_document(&mut doc);
        let ids: Vec<&str> = doc.actors.iter().map(|a| a.id.as_str()).collect();
        assert!(ids.contains(&"loc:greece") && ids.iter().any(|id| id.starts_with("loc:~")), "{ids:?}");
    }

    #[test]
    fn our_country_is_the_articles_and_any_country_is_none() {
        let text = "Athens is hot. Athens votes. France watches. \"Our country will not bend,\" he said. \
                    No other country faces this. The country pays.";
        let mut doc = document(
            text,
            &[
                ("Athens", EntityKind::Location, &[("Athens", MentionKind::Name), ("Athens", MentionKind::Name)]),
                ("France", EntityKind::Location, &[("France", MentionKind::Name)]),
                ("Our country", EntityKind::Location, &[("country", MentionKind::Nominal)]),
                (
                    "other country",
                    EntityKind::Location,
                    &[("country", MentionKind::Nominal), ("country", MentionKind::Nominal)],
                ),
            ],
        );
        resolve_country_nouns(&mut doc, &aliases());
        // "Our country" is Greece, whose capital the article names most, though France is named
        // last; "The country" after it is France, named within three sentences; "other country"
        // stays where coreference grouped it.
        let mentions = |name: &str| {
            let actor = doc.actors.iter().find(|a| a.name == name).expect(name);
            actor.mentions.iter().map(|m| m.span.start).collect::<Vec<_>>()
        };
        let at = |from: &str| text.find(from).unwrap() + from.find("ountry").unwrap() - 1;
        assert_eq!(mentions("Greece"), [at("Our country")]);
        assert_eq!(mentions("other country"), [at("other country")]);
        assert_eq!(mentions("France"), [text.find("France").unwrap(), at("The country")]);
    }

    #[test]
    fn a_country_named_long_before_with_no_article_country_is_no_reading() {
        let text = "Greece voted.\nOne.\nTwo.\nThree.\nFour.\nThe country waits. France talks.";
        let mut doc = document(
            text,
            &[
                ("Greece", EntityKind::Location, &[("Greece", MentionKind::Name)]),
                ("France", EntityKind::Location, &[("France", MentionKind::Name)]),
                ("country", EntityKind::Location, &[("country", MentionKind::Nominal)]),
            ],
        );
        // Greece is five sentences back, and the article's places tie Greece with France.
        resolve_country_nouns(&mut doc, &aliases());
        assert!(doc.actors.iter().any(|a| a.name == "country" && a.mentions.len() == 1));
    }
}
