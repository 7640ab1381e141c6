//! Context cues: what a name span is, read from the words right around it: a weapon's or
//! device's name ("Tomahawk missiles"), a geographic feature ("Canal"), the start of a person's
//! title ("US Defense Secretary"), a person's name used for their office ("the Biden
//! administration"), a legislator's party tag ("D-Mass."), a road's number ("US 75"), a US
//! state's officeholder ("New York Gov. Kathy Hochul"), a country opening a longer place span
//! ("the U.S. Invictus team").

use super::aliases::Aliases;
use super::names::{bare_word, is_actor_name, ROLE_WORDS};
use crate::document::{EntityKind, Span};

/// Nouns of weapons, vehicles and devices, singular and plural: a name right before one is the
/// thing's ("Tomahawk missiles", "Abrams tanks", "Pixel phones"), not a person's.
const THING_NOUNS: &[&str] = &[
    "missile",
    "missiles",
    "rocket",
    "rockets",
    "tank",
    "tanks",
    "drone",
    "drones",
    "howitzer",
    "howitzers",
    "rifle",
    "rifles",
    "warhead",
    "warheads",
    "launcher",
    "launchers",
    "jet",
    "jets",
    "fighter",
    "fighters",
    "aircraft",
    "helicopter",
    "helicopters",
    "submarine",
    "submarines",
    "car",
    "cars",
    "truck",
    "trucks",
    "phone",
    "phones",
    "smartphone",
    "smartphones",
    "laptop",
    "laptops",
    "console",
    "consoles",
];

/// Whether the text after a name starts with a weapon's, vehicle's or device's noun.
pub(super) fn names_a_thing(after: &str) -> bool {
    let Some(rest) = after.strip_prefix(' ') else { return false };
    let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
    THING_NOUNS.contains(&word.as_str())
}

/// Last words that make a name a body, never a building or a person ("Chillicothe
/// Constitution-Tribune", "Carter Foundation"); "Museum", "University", "College" and
/// "Institution" (a prison) can be places.
const BODY_HEADS: &[&str] = &[
    "Institute",
    "Committee",
    "Association",
    "Foundation",
    "Ministry",
    "Department",
    "Agency",
    "Council",
    "Commission",
    "Party",
    "Corporation",
    "Federation",
    "Authority",
    "Tribune",
    "Gazette",
];

/// Whether a name of two or more words ends in a body's head word.
pub(super) fn names_a_body(name: &str) -> bool {
    name.contains(' ') && name.rsplit([' ', '-']).next().is_some_and(|last| BODY_HEADS.contains(&last))
}

/// Common nouns of bodies that copy capitalizes when it means one the article has in mind ("the
/// Court ruled", "the Government said"): alone after a determiner they are the noun, which
/// coreference links to the body, not a name of its own (one id for every court in a corpus
/// would hold them all).
const GENERIC_BODIES: &[&str] =
    &["court", "government", "ministry", "council", "committee", "commission", "agency", "department", "tribunal"];

/// Whether a one-word name is a generic body's noun right after "the", "this" or "that".
pub(crate) fn is_generic_body(name: &str, before: &str) -> bool {
    let determiner = before.split_whitespace().next_back().map(str::to_lowercase);
    GENERIC_BODIES.contains(&name.to_lowercase().as_str())
        && determiner.is_some_and(|d| matches!(d.as_str(), "the" | "this" | "that"))
}

/// Words of geographic features and places within places: after a country's name they make a
/// place of their own ("Panama Canal", "Korea Strait", "Gaza Strip").
const PLACE_FEATURES: &[&str] = &[
    "airport",
    "avenue",
    "basin",
    "bay",
    "beach",
    "border",
    "bridge",
    "canal",
    "cape",
    "channel",
    "city",
    "coast",
    "corridor",
    "county",
    "creek",
    "current",
    "dam",
    "delta",
    "desert",
    "district",
    "falls",
    "forest",
    "gulf",
    "harbor",
    "harbour",
    "heights",
    "highlands",
    "hill",
    "hills",
    "island",
    "islands",
    "isles",
    "lake",
    "lowlands",
    "mainland",
    "mountain",
    "mountains",
    "ocean",
    "park",
    "peninsula",
    "plain",
    "plains",
    "plateau",
    "point",
    "port",
    "proper",
    "province",
    "range",
    "reef",
    "region",
    "ridge",
    "river",
    "road",
    "sea",
    "sound",
    "springs",
    "square",
    "state",
    "station",
    "strait",
    "straits",
    "street",
    "strip",
    "territory",
    "town",
    "trench",
    "tunnel",
    "valley",
    "wall",
    "zone",
];

/// Whether a word names a geographic feature or a part of a place ("Canal", "Sea", "City").
pub(super) fn is_place_feature(word: &str) -> bool {
    PLACE_FEATURES.contains(&word.to_lowercase().as_str())
}

/// Whether a span NER read as an organization or place is the start of a person's title: it ends
/// in a role word and a capitalized role word follows ("US Defense" in "US Defense Secretary Pete
/// Hegseth"); "Apple CEO Tim Cook" keeps Apple, whose name is no role word.
pub(super) fn opens_title(name: &str, after: &str) -> bool {
    let is_role = |word: &str| ROLE_WORDS.contains(&bare_word(word).to_lowercase().as_str());
    let next = after.strip_prefix(' ').and_then(|rest| rest.split_whitespace().next()).unwrap_or_default();
    name.split_whitespace().next_back().is_some_and(is_role) && next.starts_with(char::is_uppercase) && is_role(next)
}

/// Words of the portfolios a minister or secretary holds: after "Minister of" they end the
/// title, not name a ministry ("served as Minister of Finance", "Minister of Science and
/// Technology", "Secretary of Homeland Security").
const PORTFOLIO_WORDS: &[&str] = &[
    "finance",
    "defence",
    "defense",
    "health",
    "justice",
    "education",
    "interior",
    "agriculture",
    "labour",
    "labor",
    "transport",
    "transportation",
    "energy",
    "trade",
    "commerce",
    "culture",
    "environment",
    "foreign",
    "home",
    "affairs",
    "economy",
    "industry",
    "housing",
    "tourism",
    "treasury",
    "science",
    "technology",
    "communications",
    "information",
    "infrastructure",
    "social",
    "welfare",
    "sport",
    "sports",
    "youth",
    "women",
    "family",
    "water",
    "mines",
    "petroleum",
    "fisheries",
    "forestry",
    "planning",
    "development",
    "public",
    "works",
    "homeland",
    "security",
    "veterans",
    "immigration",
    "heritage",
    "arts",
    "digital",
    "employment",
    "equalities",
];

/// Whether a span NER read as an organization is the end of a person's title: a portfolio right
/// after a role word and "of" or "for" ("Minister of Finance", "Secretary for Health"); "CEO of
/// Apple" keeps Apple, which is no portfolio.
pub(super) fn ends_title(name: &str, before: &str) -> bool {
    let mut words = before.split_whitespace().rev();
    let (Some(link), Some(role)) = (words.next(), words.next()) else { return false };
    matches!(link, "of" | "for")
        && ROLE_WORDS.contains(&bare_word(role).to_lowercase().as_str())
        && name
            .split_whitespace()
            .filter(|w| !matches!(*w, "and" | "&" | ","))
            .all(|w| PORTFOLIO_WORDS.contains(&bare_word(w).to_lowercase().as_str()))
}

/// Nouns that, after a person's surname, make it a modifier naming the person's government or
/// campaign ("the Biden administration", "the Trump White House"), where NER often reads the
/// surname as an organization or MISC.
const PERSON_MODIFIED: &[&str] = &["administration", "presidency", "campaign", "white house"];

/// Whether the text after a name makes it a person's name used as a modifier ("the Biden
/// administration", "the Obama White House").
pub(super) fn names_a_persons_office(after: &str) -> bool {
    let Some(rest) = after.strip_prefix(' ') else { return false };
    let lower = rest.chars().take(16).collect::<String>().to_lowercase();
    PERSON_MODIFIED.iter().any(|noun| {
        lower.strip_prefix(noun).is_some_and(|tail| !tail.starts_with(char::is_alphanumeric))
            // "White House" capitalized is the building's name; the other nouns are lowercase.
            && (noun.contains(' ') || rest.starts_with(char::is_lowercase))
    })
}

/// The person a name used as a modifier of their office names: "Biden" before "administration"
/// (`after`, the text after the span), or inside a span that runs on into the noun ("Obama
/// administration", "Biden White House").
pub(super) fn office_holder<'a>(name: &'a str, after: &str) -> Option<&'a str> {
    if names_a_persons_office(after) {
        return Some(name);
    }
    // Inside the span the noun must be lowercase: "Social Security Administration" is an agency.
    PERSON_MODIFIED.iter().find_map(|noun| {
        let cut = name.len().checked_sub(noun.len() + 1)?;
        let (holder, rest) = (name.get(..cut)?, name.get(cut..)?.strip_prefix(' ')?);
        let written = if noun.contains(' ') { rest.eq_ignore_ascii_case(noun) } else { rest == *noun };
        written.then_some(holder)
    })
}

/// Whether a name is a US legislator's party-and-state tag ("D-Mass.", "R-Texas", "D-N.Y."),
/// which NER reads as a name but names nobody.
pub(super) fn is_party_tag(name: &str) -> bool {
    let Some((party, state)) = name.split_once('-') else { return false };
    matches!(party, "D" | "R" | "I")
        && state.starts_with(char::is_uppercase)
        && state.chars().count() <= 14
        && state.chars().all(|c| c.is_alphabetic() || c == '.' || c == ' ')
}

/// Whether a short capital abbreviation is followed by a number, as a numbered road's prefix is
/// ("US 75", "US-169").
pub(super) fn is_route_prefix(name: &str, after: &str) -> bool {
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    let abbreviation = (1..=3).contains(&letters) && name.chars().all(|c| c.is_ascii_uppercase() || c == '.');
    let rest = after.strip_prefix([' ', '-', '\u{2011}']).unwrap_or(after);
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    abbreviation && (1..=4).contains(&digits) && !rest[digits..].starts_with(|c: char| c.is_alphanumeric())
}

/// Words right after a place's name that only a US state's offices take ("Georgia Gov. Brian
/// Kemp", "Ohio Rep. Jim Jordan", "New York state").
const STATE_OFFICES_AFTER: &[&str] = &[
    "Gov.",
    "Governor",
    "Lt. Gov.",
    "Sen.",
    "Senator",
    "Rep.",
    "Attorney General",
    "Secretary of State",
    "state",
    "legislature",
    "Legislature",
    "lawmakers",
];

/// Words right before a place's name that make it a state ("the governor of New York").
const STATE_OFFICES_BEFORE: &[&str] = &["governor of", "Governor of", "state of", "State of"];

/// Titles of the members of Congress and governors, who are "of" their state ("Rep. Pramila
/// Jayapal of Washington", "Sen. Rob Portman of Ohio").
const STATE_MEMBER_TITLES: &[&str] =
    &["Rep.", "Sen.", "Senator", "Representative", "Congressman", "Congresswoman", "Gov.", "Governor"];

/// Whether `before` ends with a member of Congress or a governor and "of": "Rep. Pramila Jayapal
/// of" (the title at most four words before "of", in the same clause).
fn member_of_state(before: &str) -> bool {
    let Some(person) = before.trim_end().strip_suffix(" of") else { return false };
    let words: Vec<&str> = person.rsplit(' ').take(5).collect();
    words.iter().position(|w| STATE_MEMBER_TITLES.contains(w)).is_some_and(|title| {
        words[..title].iter().all(|w| w.starts_with(char::is_uppercase) && !w.ends_with([',', ';', '.']))
    })
}

/// The US state a place's name means where a state's office or the word "state" frames it
/// ("New York Gov. Kathy Hochul" is New York State, not the city; "Georgia Sen." is the state,
/// not the country): the knowledge table's "X (U.S. state)" or "X State", if it has one.
pub(super) fn us_state_named(name: &str, before: &str, after: &str, aliases: &Aliases) -> Option<String> {
    let office_after = after.strip_prefix(' ').is_some_and(|rest| {
        STATE_OFFICES_AFTER
            .iter()
            .any(|cue| rest.strip_prefix(cue).is_some_and(|tail| !tail.starts_with(char::is_alphanumeric)))
    });
    let framed = office_after
        || STATE_OFFICES_BEFORE.iter().any(|cue| before.trim_end().ends_with(cue))
        || (after_us_place(before, aliases) && aliases.country_of_place(name).as_deref() != Some("United States"));
    if !framed {
        return None;
    }
    state_entry(name, aliases)
}

/// The US state a member of Congress or a governor is "of" ("Rep. Pramila Jayapal of
/// Washington"): this mention only, since the same article's "Washington" is often the capital.
pub(super) fn state_of_member(name: &str, before: &str, aliases: &Aliases) -> Option<String> {
    member_of_state(before).then(|| state_entry(name, aliases)).flatten()
}

/// Parts of the cities a state shares its name with: "Brooklyn, New York" is the city.
const CITY_PARTS: &[&str] = &["Brooklyn", "Queens", "Manhattan", "Bronx", "The Bronx", "Staten Island", "Harlem"];

/// The US state a place's name means after another place and a comma, where its usual reading
/// is a US city ("Spokane, Washington", "Albany, New York", "Clifton Park, New York"): this
/// mention only, since the article's other "Washington" is often the capital. `place` is the
/// name before the comma; one known outside the US ("Tbilisi") or a part of the city leaves it.
pub(super) fn state_after_place(name: &str, place: &str, aliases: &Aliases) -> Option<String> {
    let usual_in_us = aliases.country_of_place(name).as_deref() == Some("United States");
    let place_country = aliases.country_of_place(place);
    let place_in_us = place_country.is_none() || place_country.as_deref() == Some("United States");
    (usual_in_us && place_in_us && !CITY_PARTS.contains(&place)).then(|| state_entry(name, aliases)).flatten()
}

/// The knowledge table's "X (U.S. state)" or "X State" for a place named X.
fn state_entry(name: &str, aliases: &Aliases) -> Option<String> {
    [format!("{name} (U.S. state)"), format!("{name} State")].iter().find_map(|candidate| {
        aliases
            .get(candidate, EntityKind::Location)
            .filter(|entry| entry.kind == Some(EntityKind::Location))
            .map(|entry| entry.canonical.clone())
    })
}

/// Whether a US city or county's name (one to three words) ends `before`, with or without its
/// comma: "Atlanta, Georgia" is the state. Only a name whose usual reading lies outside the US
/// takes it ("Brooklyn, New York" leaves New York the city it usually is).
fn after_us_place(before: &str, aliases: &Aliases) -> bool {
    let before = before.trim_end().trim_end_matches(',');
    let words: Vec<&str> = before.rsplit(' ').take(3).collect();
    (1..=words.len()).any(|n| {
        let place = words[..n].iter().rev().copied().collect::<Vec<_>>().join(" ");
        place.starts_with(char::is_uppercase)
            && aliases.get(&place, EntityKind::Location).is_some_and(|e| e.country.as_deref() == Some("United States"))
    })
}

/// Whether a name before "administration", "campaign" and the like is a person's: one to three
/// capitalized words that are no known organization or place and no adjective ("the Labour
/// campaign" and "the American administration" stay what NER read).
pub(super) fn is_office_holder(holder: &str, aliases: &Aliases) -> bool {
    let words = holder.split_whitespace().count();
    (1..=3).contains(&words)
        && holder.starts_with(char::is_uppercase)
        && aliases.kind_of(holder, EntityKind::Organization).is_none()
        && !aliases.is_adjective(holder)
        && is_actor_name(holder)
}

/// The country a place span opens when the rest is no place: "the U.S. Invictus team" read as
/// one place is the United States. A known name ("Guinea Bissau", "Mexico City") or a
/// geographic feature after the country ("Panama Canal", "China Sea") keeps the whole span.
pub(super) fn country_opening(name: &str, span: Span, aliases: &Aliases) -> Option<(String, Span, EntityKind)> {
    if aliases.kind_of(name, EntityKind::Location).is_some() {
        return None;
    }
    // Split at spaces, not word boundaries: "U.S." is one word here.
    let word_ends: Vec<usize> = name.match_indices(' ').map(|(at, _)| at).collect();
    word_ends.iter().rev().find_map(|&end| {
        let (prefix, rest) = (&name[..end], name[end..].trim_start());
        let first_rest_word = rest.split_whitespace().next().map(bare_word).unwrap_or_default();
        (aliases.is_country(prefix)
            && rest.starts_with(char::is_uppercase)
            && aliases.kind_of(rest, EntityKind::Location).is_none()
            && !is_place_feature(first_rest_word))
        .then(|| (prefix.to_string(), Span::new(span.start, span.start + end), EntityKind::Location))
    })
}
