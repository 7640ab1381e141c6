//! Actors: entity mentions grouped into one actor per person, organization or place within an
//! article, and the name keys that [`crate::link`] uses to make them canonical across the corpus.
//!
//! Within an article, a person's mentions group by name: titles and role words are split off
//! ("Secretary of State Marco Rubio" → role "Secretary of State", name "Marco Rubio"), possessives
//! dropped ("Trump's"), middle initials ignored ("Donald J. Trump"), and a surname alone joins the
//! one full name in the article that ends with it; a hyphenated compound of names the article
//! also uses alone ("Russia-US talks", "Trump-Putin summit") counts as a mention of each. Names
//! meet on a folded key that absorbs spelling and transliteration variants ("Sergey"/"Sergei",
//! "Zelensky"/"Zelenskyy"), and an alias file (`--aliases`) overrides and extends all of this
//! (`Kiev`/`Kyiv`, `U.S.`/`United States`, ...). Actor ids derive from the canonical name
//! (`per:sergey-lavrov`), so they are stable.

mod aliases;
mod capitals;
mod context;
mod country_nouns;
mod finish;
mod full_names;
mod gender;
mod institutions;
mod known;
mod names;
mod place_nouns;
mod short_forms;
mod stated_aliases;
mod teams;

use aliases::AliasEntry;
pub use aliases::{AliasError, Aliases};
pub use capitals::resolve_capitals;
pub(crate) use context::is_generic_body;
pub use country_nouns::resolve_country_nouns;
pub use finish::{actor_id, finish_document};
pub(crate) use finish::{merge_same_ids, order, salience, ActorParts};
pub(crate) use full_names::introduced_as_relative;
use full_names::FullNames;
use gender::honorific_gender;
pub(crate) use gender::{actor_gender, name_hides_gender};
pub use gender::{Gender, NameGenders};
pub use known::add_known_entities;
pub(crate) use names::{
    dominant_full_name, initials_free_key, is_interjection, name_word_count, person_key, surname_key, PERSON_ROLE_NOUNS,
};
pub use names::{fold, kind_code, quote_regions};
pub use place_nouns::resolve_place_nouns;
pub(crate) use short_forms::designated_stem;
pub use teams::{is_team_name, resolve_team_places};

use crate::document::{Actor, Document, EntityKind, Mention, MentionKind, Span, SpanSet};
use crate::segment::{word_spans, words};
use context::{
    country_opening, ends_title, is_office_holder, is_party_tag, is_route_prefix, names_a_body, names_a_thing,
    office_holder, opens_title, state_after_place, state_of_member, us_state_named,
};
use names::{
    bare_word, clean_name, compound_parts, display_name, is_actor_name, role_before, HONORIFICS, ROLE_WORDS, TITLES,
};
use std::collections::{BTreeMap, HashMap, HashSet};

/// One name mention before grouping.
struct NameMention {
    name: String,
    kind: EntityKind,
    span: Span,
    role: Option<String>,
}

/// Groups a document's PER, ORG and LOC entities into actors (ids not yet canonical).
///
/// Each actor has one type: the alias or knowledge entry's, else the majority of its name
/// mentions' NER labels (organizations and places meet across labels, since NER confuses them
/// on the same name; a person and a non-person share a name only when nothing says which is which).
pub fn group_document(doc: &Document, aliases: &Aliases) -> Vec<Actor> {
    let quotes = quote_regions(&doc.text);
    let sentence_of =
        |at: usize| doc.sentences.partition_point(|s| s.span.end <= at).min(doc.sentences.len().saturating_sub(1));
    let spans: Vec<(String, Span, EntityKind)> = doc
        .entities
        .iter()
        .map(|e| {
            let (name, span) = clean_name(e.span.slice(&doc.text), e.span, e.kind);
            (name, span, e.kind)
        })
        .collect();
    let spans = joined_known_places(spans, &doc.text, aliases);
    // How the document's spans type each name: PER/ORG/LOC votes, and MISC readings. A person's
    // surname counts as a person reading too ("Biden" in a MISC phrase, "Joe Biden" elsewhere).
    let mut named_as: HashMap<&str, ([usize; 3], usize)> = HashMap::new();
    for (name, _, kind) in &spans {
        let (votes, misc) = named_as.entry(name.as_str()).or_default();
        match kind {
            EntityKind::Misc => *misc += 1,
            kind => votes[kind_index(*kind)] += 1,
        }
    }
    for (name, _, kind) in &spans {
        if let (EntityKind::Person, Some((_, surname))) = (kind, name.rsplit_once(' ')) {
            named_as.entry(surname).or_default().0[kind_index(EntityKind::Person)] += 1;
        }
    }
    let cleaned: Vec<(String, Span, EntityKind)> = spans
        .iter()
        .cloned()
        .filter_map(|(name, span, kind)| {
            // "the Biden administration": the person whose office it is.
            let holder = matches!(kind, EntityKind::Misc | EntityKind::Organization)
                .then(|| office_holder(&name, &doc.text[span.end..]))
                .flatten()
                .filter(|holder| is_office_holder(holder, aliases))
                .map(|holder| {
                    (holder.to_string(), Span::new(span.start, span.start + holder.len()), EntityKind::Person)
                });
            let (name, span, kind) = match (kind, holder) {
                (_, Some(person)) => person,
                // "the Luther book", "the Obama administration": NER reads the name as part of a
                // MISC phrase here and as the actor at least as often elsewhere in the article (a
                // film read as MISC four times and as a person once stays a film).
                (EntityKind::Misc, None) => match named_as.get(name.as_str()) {
                    Some((votes, misc)) if votes.iter().sum::<usize>() >= *misc => {
                        (name, span, majority_kind(votes, EntityKind::Person))
                    }
                    _ => misc_actor_name(name, span, aliases)?,
                },
                (EntityKind::Location, None) => country_opening(&name, span, aliases).unwrap_or((name, span, kind)),
                // "Russia" read as a person: a country's name that no person in the article bears
                // ("Georgia" and "Jordan" are given names too, and listed as ambiguous).
                (EntityKind::Person, None)
                    if aliases.is_country(&name)
                        && !aliases.is_ambiguous(&name)
                        && !spans.iter().any(|(other, _, k)| {
                            *k == EntityKind::Person && other != &name && other.split_whitespace().any(|w| w == name)
                        }) =>
                {
                    (name, span, EntityKind::Location)
                }
                (kind, None) => (name, span, kind),
            };
            let adjective = kind != EntityKind::Person && aliases.is_adjective(&name);
            // "US 75" is a road: a place's abbreviation before a number is no mention of the place.
            let route = aliases.kind_of(&name, kind) == Some(EntityKind::Location)
                && is_route_prefix(&name, &doc.text[span.end..]);
            // "Oh", "Okay", "Mhm" opening a transcript's turn; a place keeps "OK" (Oklahoma).
            let interjection = kind != EntityKind::Location && !name.contains(' ') && is_interjection(&name);
            let title = kind != EntityKind::Person
                && (opens_title(&name, &doc.text[span.end..]) || ends_title(&name, &doc.text[..span.start]));
            let party_tag = is_party_tag(&name);
            let generic = kind != EntityKind::Person && is_generic_body(&name, &doc.text[..span.start]);
            (is_actor_name(&name) && !adjective && !route && !interjection && !title && !party_tag && !generic)
                .then_some((name, span, kind))
        })
        .collect();
    let cleaned = names::handles_as_names(cleaned, &doc.text);
    // "Tomahawk missiles", "Abrams tanks": a name NER reads as a person that the article writes
    // before a weapon's or a machine's noun names that thing, there and everywhere else in it
    // ("the Tomahawks will not alter the battlefield").
    let things: HashSet<String> = cleaned
        .iter()
        .filter(|(_, span, kind)| *kind == EntityKind::Person && names_a_thing(&doc.text[span.end..]))
        .map(|(name, ..)| fold(name))
        .collect();
    let is_thing =
        |name: &str| things.contains(&fold(name)) || name.strip_suffix('s').is_some_and(|n| things.contains(&fold(n)));
    let cleaned: Vec<(String, Span, EntityKind)> =
        cleaned.into_iter().filter(|(name, _, kind)| *kind != EntityKind::Person || !is_thing(name)).collect();
    // Names the article also uses on their own, for splitting compounds like "Russia-US".
    let standalone: HashMap<String, EntityKind> =
        cleaned.iter().filter(|(n, _, _)| !n.contains('-')).map(|(n, _, k)| (fold(n), *k)).collect();
    // "Randall Jordan-Aparo ... Jordan-Aparo": a hyphenated surname of a person named in full is
    // no compound of "Jordan" and "Aparo".
    let surnames: HashSet<&str> = cleaned
        .iter()
        .filter(|(_, _, kind)| *kind == EntityKind::Person)
        .filter_map(|(name, ..)| name.split_once(' ').and_then(|_| name.split_whitespace().next_back()))
        .collect();
    let mut raws = Vec::new();
    for (name, span, kind) in cleaned.iter().cloned() {
        let parts = if surnames.contains(name.as_str()) {
            Vec::new()
        } else {
            compound_parts(&name, |part| {
                standalone.get(&fold(part)).copied().or_else(|| aliases.kind_of(part, EntityKind::Location))
            })
        };
        if !parts.is_empty() {
            for (offset, part, part_kind) in parts {
                let part_span = Span::new(span.start + offset, span.start + offset + part.len());
                raws.push(NameMention { name: part.to_string(), kind: part_kind, span: part_span, role: None });
            }
            continue;
        }
        let role = if kind == EntityKind::Person { role_before(&doc.text, span.start) } else { None };
        raws.push(NameMention { name, kind, span, role });
    }
    let repeated = repeated_names(doc, &raws);
    raws.extend(repeated);
    raws.sort_by_key(|r| (r.span.start, r.span.end));
    // Full names (two or more words) anchor surnames and first names within the document.
    let full_names = FullNames::new(
        &doc.text,
        raws.iter()
            .filter(|r| r.kind == EntityKind::Person && name_word_count(&r.name) >= 2)
            .map(|r| (r.name.as_str(), r.span.start)),
        raws.iter().filter(|r| name_word_count(&r.name) == 1).map(|r| (r.name.as_str(), r.span.start)),
    );
    // "New York Gov. Kathy Hochul": a place a state's office follows is the US state, wherever
    // the article names it.
    let states: HashMap<String, String> = raws
        .iter()
        .filter(|r| r.kind == EntityKind::Location)
        .filter_map(|r| {
            let state = us_state_named(&r.name, &doc.text[..r.span.start], &doc.text[r.span.end..], aliases)?;
            Some((fold(&r.name), state))
        })
        .collect();
    // "Brazil's Congress", "the Supreme Court" in an article about Japan: the country's body.
    let institutions = institutions::qualified_institutions(&raws, &doc.text, aliases);
    let mut actors: Vec<Actor> = Vec::new();
    // Votes of each actor's name mentions for its type (PER, ORG, LOC).
    let mut votes: Vec<[usize; 3]> = Vec::new();
    let mut fixed_kind: Vec<bool> = Vec::new();
    let mut index_by_key: HashMap<(bool, String), usize> = HashMap::new();
    for (i, raw) in raws.iter().enumerate() {
        // "Rep. Pramila Jayapal of Washington", "Spokane, Washington": the state, here only.
        let place_before = i
            .checked_sub(1)
            .map(|j| &raws[j])
            .filter(|p| p.kind == EntityKind::Location && &doc.text[p.span.end..raw.span.start] == ", ");
        let member_state = (raw.kind == EntityKind::Location)
            .then(|| {
                state_of_member(&raw.name, &doc.text[..raw.span.start], aliases)
                    .or_else(|| place_before.and_then(|p| state_after_place(&raw.name, &p.name, aliases)))
            })
            .flatten();
        let renamed = member_state
            .as_ref()
            .or_else(|| states.get(&fold(&raw.name)))
            .or_else(|| institutions.get(&fold(&raw.name)));
        let mut key_name = match renamed {
            Some(name) if raw.kind != EntityKind::Person => name.clone(),
            _ => raw.name.clone(),
        };
        let mut raw_kind = raw.kind;
        // "Mr. Clinton": the honorific right before the name says whose surname it is.
        let honorific = doc.text[..raw.span.start].split_whitespace().next_back().and_then(honorific_gender);
        if name_word_count(&raw.name) == 1 {
            if raw.kind == EntityKind::Person {
                if let Some(full) = full_names.for_word(&raw.name, honorific) {
                    key_name = full.to_string();
                }
            } else if let Some(full) = full_names.for_surname_of_thing(&raw.name, aliases) {
                // "Ségolène Royal ... Royal met the mayor" with the second "Royal" read as an
                // organization: the surname of the one person by that name, unless it is a known
                // place or organization or a name several things have.
                key_name = full.to_string();
                raw_kind = EntityKind::Person;
            }
        }
        // "the Chillicothe Constitution-Tribune" read as a place is the body its head word says.
        if raw_kind != EntityKind::Organization && names_a_body(&raw.name) {
            raw_kind = EntityKind::Organization;
        }
        let entry = aliases
            .get(&key_name, raw_kind)
            .or_else(|| aliases.get(&raw.name, raw_kind))
            .or_else(|| honorific.is_none().then(|| organization_read_as_person(raw, &key_name, aliases)).flatten());
        let kind = entry.and_then(|e| e.kind).unwrap_or(raw_kind);
        let canonical_key = match entry {
            Some(e) => fold(&e.canonical),
            None if kind == EntityKind::Person => person_key(&key_name),
            None => fold(&key_name),
        };
        let is_person = kind == EntityKind::Person;
        let i = *index_by_key.entry((is_person, canonical_key)).or_insert_with(|| {
            actors.push(Actor {
                external_id: entry.and_then(|e| e.external_id.clone()),
                group: entry.and_then(|e| e.group.clone()),
                collective: kind == EntityKind::Person && aliases.is_people_group(&key_name),
                ..Actor::new(entry.map_or_else(|| display_name(&key_name, kind), |e| e.canonical.clone()), kind)
            });
            votes.push([0; 3]);
            fixed_kind.push(entry.is_some_and(|e| e.kind.is_some()));
            actors.len() - 1
        });
        votes[i][kind_index(raw_kind)] += 1;
        let actor = &mut actors[i];
        if !actor.aliases.contains(&raw.name) {
            actor.aliases.push(raw.name.clone());
        }
        // The longest full name seen names the actor unless an alias entry fixed it; a name in
        // capitals only (a dateline's "WASHINGTON") gives way to the same name written normally.
        let display = display_name(&raw.name, kind);
        let (words, current_words) = (display.split_whitespace().count(), actor.name.split_whitespace().count());
        let capitals_only = |s: &str| !s.chars().any(char::is_lowercase);
        if entry.is_none()
            && (words > current_words
                || words == current_words && capitals_only(&actor.name) && !capitals_only(&display))
        {
            actor.name = display;
        }
        if actor.role.is_none() {
            actor.role = raw.role.clone();
        }
        actor.mentions.push(Mention {
            span: raw.span,
            sentence: sentence_of(raw.span.start),
            quoted: quotes.iter().any(|q| q.contains(raw.span)),
            tone: None,
            kind: MentionKind::Name,
        });
    }
    merge_person_and_thing(&mut actors, &mut votes, &fixed_kind, &index_by_key);
    merge_initials_free_names(&mut actors, &mut votes, &index_by_key);
    merge_acronyms(&mut actors, &mut votes);
    short_forms::merge_short_forms(&mut actors, &mut votes);
    stated_aliases::merge_stated_aliases(&doc.text, &mut actors, &mut votes);
    for ((actor, votes), fixed) in actors.iter_mut().zip(&votes).zip(&fixed_kind) {
        if !fixed {
            actor.kind = majority_kind(votes, actor.kind);
        }
    }
    actors.retain(|a| !a.mentions.is_empty());
    // "Early life" read as a person, "zouk", "merida.gob.mx": in a text that capitalizes names,
    // a name never written with a capital is a common word, a foreign word or an address. One
    // spelling with a capital keeps the actor, and so do the knowledge table and a title before
    // the name ("president trump").
    let capitalized = |span: &Span| doc.text[span.start..span.end].chars().any(char::is_uppercase);
    let titled = |span: &Span| {
        let word = doc.text[..span.start].split_whitespace().next_back().map(bare_word).unwrap_or_default();
        let word = word.to_lowercase();
        [ROLE_WORDS, TITLES, HONORIFICS].iter().any(|list| list.contains(&word.as_str()))
    };
    if raws.iter().any(|r| capitalized(&r.span)) {
        actors
            .retain(|a| a.external_id.is_some() || a.mentions.iter().any(|m| capitalized(&m.span) || titled(&m.span)));
    }
    actors
}

/// The organization of the knowledge table that a name NER read as a person names exactly
/// ("Wikinews", "Hezbollah", "Reuters"), unless the name stands for a person of the article
/// (`key_name`, a surname joined to its full name) or starts with a known first name (the caller
/// also leaves out a name after "Mr." or "Ms."). Places are never taken this way: "Paris Hilton"
/// is no mention of Paris.
fn organization_read_as_person<'a>(raw: &NameMention, key_name: &str, aliases: &'a Aliases) -> Option<&'a AliasEntry> {
    if raw.kind != EntityKind::Person || key_name != raw.name {
        return None;
    }
    let first = raw.name.split_whitespace().next()?;
    if NameGenders::shipped().knows(first) {
        return None;
    }
    aliases.get(&raw.name, EntityKind::Organization).filter(|e| e.kind == Some(EntityKind::Organization))
}

/// The actor a MISC span names, if any. NER calls a country named as a modifier MISC ("US
/// security services"), and a people named as one ("Americans", "Muslims"); a known place or
/// organization can open a MISC name ("UNESCO World Heritage Site", "Paris Conference"). Other
/// MISC spans (events, works, languages) name no actor.
fn misc_actor_name(name: String, span: Span, aliases: &Aliases) -> Option<(String, Span, EntityKind)> {
    if aliases.is_country(&name) {
        return Some((name, span, EntityKind::Location));
    }
    if aliases.is_people_group(&name) {
        return Some((name, span, EntityKind::Person));
    }
    // "GOP", "Democrats", "Tories": a known organization's name or alias, read as MISC.
    if aliases.is_organization_name(&name) {
        return Some((name, span, EntityKind::Organization));
    }
    let word_ends: Vec<usize> = word_spans(&name).iter().map(|w| w.end).collect();
    for &end in word_ends.iter().rev().skip(1) {
        let (prefix, rest) = (&name[..end], name[end..].trim_start());
        let kind = aliases.kind_of(prefix, EntityKind::Location);
        // Short words ("San") name too much; a second name ("Niger Congo") makes a compound.
        let letters = prefix.chars().filter(|c| c.is_alphabetic()).count();
        let distinct = letters >= 4 || prefix.chars().all(|c| c.is_ascii_uppercase());
        if matches!(kind, Some(EntityKind::Location | EntityKind::Organization))
            && distinct
            && rest.starts_with(char::is_uppercase)
            && aliases.kind_of(rest, EntityKind::Location).is_none()
        {
            return Some((prefix.to_string(), Span::new(span.start, span.start + end), kind?));
        }
    }
    None
}

/// Two place spans NER split at a comma or space whose joined text is a known place that the
/// second part names too: "Washington" and "D.C." in "Washington, D.C." are one mention of the
/// capital, not the state.
fn joined_known_places(
    spans: Vec<(String, Span, EntityKind)>,
    text: &str,
    aliases: &Aliases,
) -> Vec<(String, Span, EntityKind)> {
    let mut out: Vec<(String, Span, EntityKind)> = Vec::with_capacity(spans.len());
    for (name, span, kind) in spans {
        if let Some((_, last_span, last_kind)) = out.last() {
            let gap = text.get(last_span.end..span.start).unwrap_or("x");
            let joined = text.get(last_span.start..span.end).unwrap_or_default();
            // The second part must name the whole ("D.C."): "Eugene, Oregon" stays two places.
            let canonical = |name: &str| aliases.get(name, EntityKind::Location).map(|e| e.canonical.as_str());
            if *last_kind == EntityKind::Location
                && kind == EntityKind::Location
                && matches!(gap, ", " | " ")
                && canonical(joined).is_some_and(|whole| canonical(&name) == Some(whole))
            {
                let merged = Span::new(last_span.start, span.end);
                *out.last_mut().expect("checked above") = (joined.to_string(), merged, EntityKind::Location);
                continue;
            }
        }
        out.push((name, span, kind));
    }
    out
}

/// Names NER found once and missed elsewhere in the document: every other occurrence of a found
/// name (or of a person's surname), written the same way, on word boundaries and outside any
/// entity, is a mention too. At the start of a sentence a name that the text also uses as an
/// ordinary lowercase word ("Hurt", "Rose") is left alone.
fn repeated_names(doc: &Document, raws: &[NameMention]) -> Vec<NameMention> {
    let text = doc.text.as_str();
    let mut forms: BTreeMap<&str, EntityKind> = BTreeMap::new();
    for raw in raws {
        forms.entry(raw.name.as_str()).or_insert(raw.kind);
        if raw.kind == EntityKind::Person && raw.name.contains(' ') {
            if let Some(surname) = raw.name.split_whitespace().last() {
                forms.entry(surname).or_insert(EntityKind::Person);
            }
        }
    }
    // Forms by their first word, so the text is read once whatever the number of names.
    let mut by_first_word: HashMap<&str, Vec<(&str, EntityKind)>> = HashMap::new();
    for (&form, &kind) in &forms {
        if form.chars().filter(|c| c.is_alphabetic()).count() < 3 || !form.starts_with(char::is_uppercase) {
            continue;
        }
        if let Some(first) = words(form).next() {
            by_first_word.entry(first).or_default().push((form, kind));
        }
    }
    if by_first_word.is_empty() {
        return Vec::new();
    }
    let words = word_spans(text);
    let lowercase_words: std::collections::HashSet<&str> =
        words.iter().map(|w| w.slice(text)).filter(|w| w.starts_with(char::is_lowercase)).collect();
    let taken = SpanSet::new(doc.entities.iter().map(|e| e.span).chain(raws.iter().map(|r| r.span)).collect());
    let sentence_starts: std::collections::HashSet<usize> = doc
        .sentences
        .iter()
        .map(|s| s.span.start + (s.span.slice(text).len() - s.span.slice(text).trim_start().len()))
        .collect();
    let mut found: Vec<NameMention> = Vec::new();
    for word in &words {
        let Some(candidates) = by_first_word.get(word.slice(text)) else { continue };
        if found.last().is_some_and(|f| f.span.end > word.start) {
            continue;
        }
        let before = text[..word.start].chars().next_back();
        if before.is_some_and(|c| c == '-' || c == '\'' || c == '’') {
            continue;
        }
        for &(form, kind) in candidates {
            let span = Span::new(word.start, word.start + form.len());
            // A possessive "'s" after the name is still the name.
            let bounded = text[word.start..].starts_with(form)
                && !text[span.end..].starts_with(|c: char| c.is_alphanumeric() || c == '-');
            let ordinary_word = !form.contains(' ') && lowercase_words.contains(form.to_lowercase().as_str());
            let blocked = taken.overlaps(span) || (ordinary_word && sentence_starts.contains(&word.start));
            // Read only once `bounded` holds: `span.end` is a character boundary then.
            let thing = || kind == EntityKind::Person && names_a_thing(&text[span.end..]);
            if bounded && !blocked && !thing() {
                found.push(NameMention { name: form.to_string(), kind, span, role: None });
                break;
            }
        }
    }
    found
}

/// A person actor and a non-person actor with the same name key are one actor mislabelled by NER
/// ("Coron" as PER once and LOC five times) unless something says they differ: the person has a
/// full name (a surname shared with a place, "George Washington" and "Washington"), or either
/// has an alias or knowledge entry with a type.
fn merge_person_and_thing(
    actors: &mut [Actor],
    votes: &mut [[usize; 3]],
    fixed_kind: &[bool],
    index_by_key: &HashMap<(bool, String), usize>,
) {
    let mut pairs: Vec<(usize, usize)> = index_by_key
        .iter()
        .filter(|((is_person, _), _)| *is_person)
        .filter_map(|((_, key), &p)| index_by_key.get(&(false, key.clone())).map(|&t| (p, t)))
        .collect();
    pairs.sort_unstable();
    for (person, thing) in pairs {
        let person_named = actors[person].aliases.iter().any(|a| a.split_whitespace().count() >= 2);
        if person_named || fixed_kind[person] || fixed_kind[thing] {
            continue;
        }
        let (keep, gone) = if votes[person][0] > votes[thing].iter().sum() { (person, thing) } else { (thing, person) };
        merge_actor(actors, votes, keep, gone);
    }
}

/// A person named without initials ("George Bush") joins the one person of the document named
/// with them ("George W. Bush"); with two initialed forms ("George H. W. Bush" too) it stays
/// apart, as they are different people.
fn merge_initials_free_names(
    actors: &mut [Actor],
    votes: &mut [[usize; 3]],
    index_by_key: &HashMap<(bool, String), usize>,
) {
    let mut initialed: HashMap<String, Vec<usize>> = HashMap::new();
    for ((is_person, key), &i) in index_by_key {
        let free = initials_free_key(key);
        if *is_person && free != *key {
            initialed.entry(free).or_default().push(i);
        }
    }
    let mut joins: Vec<(usize, usize)> = index_by_key
        .iter()
        .filter(|((is_person, _), _)| *is_person)
        .filter_map(|((_, key), &i)| match initialed.get(key).map(Vec::as_slice) {
            Some(&[only]) => Some((only, i)),
            _ => None,
        })
        .collect();
    joins.sort_unstable();
    for (keep, gone) in joins {
        merge_actor(actors, votes, keep, gone);
    }
}

/// An organization or place written as its initials ("CRA", "GM") joins the one actor of the
/// document whose name has those initials ("Computing Research Association", "General
/// Motors"): articles spell a name out once and abbreviate it after.
fn merge_acronyms(actors: &mut [Actor], votes: &mut [[usize; 3]]) {
    let mut joins = Vec::new();
    for (short, actor) in actors.iter().enumerate() {
        if actor.kind == EntityKind::Person || !is_acronym(&actor.name) {
            continue;
        }
        // A word in capitals gives all its letters ("USA Gymnastics" → "USAG"), but only to an
        // acronym no knowledge entry claims ("USA" alone is the country, not "US Army").
        let abbreviates = |alias: &str| {
            initials(alias, false).is_some_and(|i| i == actor.name)
                || (actor.external_id.is_none() && initials(alias, true).is_some_and(|i| i == actor.name))
        };
        let mut spelled_out = actors.iter().enumerate().filter(|(i, other)| {
            *i != short && other.kind != EntityKind::Person && other.aliases.iter().any(|alias| abbreviates(alias))
        });
        if let (Some((long, _)), None) = (spelled_out.next(), spelled_out.next()) {
            joins.push((long, short));
        }
    }
    for (keep, gone) in joins {
        merge_actor(actors, votes, keep, gone);
    }
}

/// Two to six capital letters and nothing else.
fn is_acronym(name: &str) -> bool {
    (2..=6).contains(&name.len()) && name.chars().all(|c| c.is_ascii_uppercase())
}

/// The capital initials of a name of two or more words, function words skipped ("University of
/// Leeds" → "UL"); with `spell_capitals`, a word in capitals gives all its letters ("USA
/// Gymnastics" → "USAG"). `None` when a word that counts does not start with a capital.
fn initials(name: &str, spell_capitals: bool) -> Option<String> {
    const SKIPPED: [&str; 12] = ["of", "and", "the", "for", "de", "du", "des", "la", "le", "in", "on", "&"];
    let words: Vec<&str> = name.split([' ', '-']).filter(|w| !w.is_empty() && !SKIPPED.contains(w)).collect();
    if words.len() < 2 {
        return None;
    }
    let mut out = String::new();
    for word in words {
        if spell_capitals && is_acronym(word) {
            out.push_str(word);
        } else {
            out.push(word.chars().next().filter(char::is_ascii_uppercase)?);
        }
    }
    Some(out)
}

/// Moves actor `gone`'s mentions, aliases, role and type votes into actor `keep`.
fn merge_actor(actors: &mut [Actor], votes: &mut [[usize; 3]], keep: usize, gone: usize) {
    let moved = std::mem::take(&mut actors[gone].mentions);
    let aliases = std::mem::take(&mut actors[gone].aliases);
    let role = actors[gone].role.take();
    let gone_votes = std::mem::take(&mut votes[gone]);
    let target = &mut actors[keep];
    target.mentions.extend(moved);
    target.mentions.sort_by_key(|m| (m.span.start, m.span.end));
    for alias in aliases {
        if !target.aliases.contains(&alias) {
            target.aliases.push(alias);
        }
    }
    target.role = target.role.take().or(role);
    for (v, g) in votes[keep].iter_mut().zip(gone_votes) {
        *v += g;
    }
}

fn kind_index(kind: EntityKind) -> usize {
    match kind {
        EntityKind::Person => 0,
        EntityKind::Organization => 1,
        _ => 2,
    }
}

/// The type most of an actor's name mentions have; ties keep `current`.
fn majority_kind(votes: &[usize; 3], current: EntityKind) -> EntityKind {
    let kinds = [EntityKind::Person, EntityKind::Organization, EntityKind::Location];
    let best = *votes.iter().max().unwrap_or(&0);
    if votes[kind_index(current)] == best {
        return current;
    }
    kinds[votes.iter().position(|&v| v == best).unwrap_or(0)]
}

/// A segmented body document with the given entities (surface text, kind), each found at its
/// first occurrence after the previous one; for the tests of this stage and of the ones after it.
#[cfg(test)]
pub(crate) fn test_document(id: &str, text: &str, entities: &[(&str, EntityKind)]) -> Document {
    use crate::document::{ContentKind, Entity, Metadata, RawDocument, SourceRef};
    let raw = RawDocument {
        id: id.into(),
        source: SourceRef::file(id),
        kind: ContentKind::Body,
        content: text.into(),
        supplied: Metadata::default(),
        warnings: Vec::new(),
        extra: Default::default(),
    };
    let mut d = Document::from_raw(&raw);
    d.text = text.to_string();
    d.sentences = crate::segment::segment(text);
    let mut from = 0;
    for (surface, kind) in entities {
        let start = from + text[from..].find(surface).unwrap();
        from = start + surface.len();
        d.entities.push(Entity { span: Span::new(start, from), kind: *kind, score: 1.0 });
    }
    d
}

#[cfg(test)]
mod place_tests;
#[cfg(test)]
mod surname_tests;
#[cfg(test)]
mod tests;
