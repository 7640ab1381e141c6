//! National institutions named without their country ("Congress", "the Supreme Court", "the
//! Foreign Ministry"): every country has one, so one id for the name would hold Brazil's
//! Congress and the United States' in one table row. The country comes from the words right
//! before a mention ("Brazil's Congress", "the Japanese Foreign Ministry") or else from the
//! article's places, and the name takes it: "Congress (Brazil)". The United States' own bodies
//! take the knowledge table's names ("US Congress"), which is also what "Congress", "the Senate",
//! "the House" and "the Supreme Court" mean in an article that names a US place or no country.

use super::{Aliases, NameMention};
use crate::document::EntityKind;
use std::collections::HashMap;

/// Generic names of national bodies, with the US body's name in the knowledge table where an
/// English-language article that names no country means the US one.
const INSTITUTIONS: &[(&str, Option<&str>)] = &[
    ("Congress", Some("US Congress")),
    ("Senate", Some("US Senate")),
    ("House", Some("US House of Representatives")),
    ("House of Representatives", Some("US House of Representatives")),
    ("Supreme Court", Some("US Supreme Court")),
    ("Parliament", None),
    ("National Assembly", None),
    ("Constitutional Court", None),
    ("High Court", None),
    ("Cabinet", None),
    ("Central Bank", None),
    ("Foreign Ministry", None),
    ("Ministry of Foreign Affairs", None),
    ("Defence Ministry", None),
    ("Defense Ministry", None),
    ("Ministry of Defence", None),
    ("Ministry of Defense", None),
    ("Interior Ministry", None),
    ("Finance Ministry", None),
    ("Health Ministry", None),
    ("Justice Ministry", None),
    ("Election Commission", None),
    ("Electoral Commission", None),
];

const UNITED_STATES: &str = "United States";

/// One mention of a national body.
struct InstitutionMention<'a> {
    /// The mention's folded name, as written.
    key: String,
    /// Its name without a country ("Senate").
    generic: &'a str,
    /// The US body's name in the knowledge table, where the name has one.
    us_body: Option<&'a str>,
    /// The country its own words give ("Nigerian Senate", "Brazil's Congress").
    local: Option<String>,
}

/// For each generic institution's folded name among `raws`, the name its actor takes.
pub(super) fn qualified_institutions(raws: &[NameMention], text: &str, aliases: &Aliases) -> HashMap<String, String> {
    let mentions: Vec<InstitutionMention> = raws
        .iter()
        .filter(|r| r.kind != EntityKind::Person)
        .filter_map(|raw| {
            let (modifier, generic_part) = split_country(&raw.name, aliases);
            let &(generic, us_body) = INSTITUTIONS.iter().find(|(name, _)| *name == generic_part)?;
            let local = modifier.or_else(|| country_before(&text[..raw.span.start], aliases));
            Some(InstitutionMention { key: super::fold(&raw.name), generic, us_body, local })
        })
        .collect();
    // The article's places vote for its country, and so do the countries its institutions'
    // own words give ("the Nigerian Senate" in an article that names no place).
    let mut country_votes: HashMap<String, usize> = HashMap::new();
    let places =
        raws.iter().filter(|r| r.kind == EntityKind::Location).filter_map(|r| aliases.country_of_place(&r.name));
    for country in places.chain(mentions.iter().filter_map(|m| m.local.clone())) {
        *country_votes.entry(country).or_default() += 1;
    }
    let article_country = leading_country(&country_votes);
    // A US article names foreign places often ("the House ... Ukraine"): US places named at
    // least half as often as the article's country keep a US body's name the US one.
    let us_votes = country_votes.get(UNITED_STATES).copied().unwrap_or(0);
    let top_votes = country_votes.values().copied().max().unwrap_or(0);
    let us_in_view = us_votes > 0 && 2 * us_votes >= top_votes;
    let mut out = HashMap::new();
    for InstitutionMention { key, generic, us_body, local } in mentions {
        if out.contains_key(&key) && local.is_none() {
            continue;
        }
        let article =
            if us_body.is_some() && us_in_view { Some(UNITED_STATES.to_string()) } else { article_country.clone() };
        let qualified = match (local.or(article).as_deref(), us_body) {
            (Some(UNITED_STATES) | None, Some(us)) => us.to_string(),
            (Some(country), _) => format!("{generic} ({country})"),
            (None, None) => continue,
        };
        out.insert(key, qualified);
    }
    out
}

/// The article's country from its votes (country → places and words naming it): the one named
/// most, when no other ties it.
pub(super) fn leading_country(votes: &HashMap<String, usize>) -> Option<String> {
    let mut ranked: Vec<(&String, &usize)> = votes.iter().collect();
    ranked.sort_by_key(|&(country, votes)| (std::cmp::Reverse(*votes), country.as_str()));
    match ranked[..] {
        [(country, _)] => Some(country.clone()),
        [(country, first), (_, second), ..] if first > second => Some(country.clone()),
        _ => None,
    }
}

/// A name whose first word names a country, as that country and the rest ("Nigerian Senate" →
/// Nigeria, "Senate"); else no country and the whole name.
fn split_country<'n>(name: &'n str, aliases: &Aliases) -> (Option<String>, &'n str) {
    match name.split_once(' ').map(|(first, rest)| (aliases.country_of_modifier(first), rest)) {
        Some((Some(country), rest)) => (Some(country), rest),
        _ => (None, name),
    }
}

/// The country a modifier right before a name gives: "Brazil's", "Brazilian", "the U.S."
/// ("elected to Congress" gives none).
fn country_before(before: &str, aliases: &Aliases) -> Option<String> {
    let word = before.trim_end().rsplit(char::is_whitespace).next()?;
    aliases.country_of_modifier(word.trim_end_matches("'s").trim_end_matches("’s"))
}
