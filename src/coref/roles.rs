//! Role nouns and ages: the definite descriptions that refer back to a named actor ("the
//! president", "the former president", "the ministry", "the 45-year-old"), what a role noun
//! may name, and the age an article states with a person's name.

use super::{Text, Token};
use crate::actors::PERSON_ROLE_NOUNS;
use crate::document::{Actor, EntityKind, Span};

/// Role nouns for organizations, matched against the actor's name ("the ministry" → "Foreign
/// Ministry"); "the company"/"the firm" go to an organization without that word in its name.
const ORG_ROLE_NOUNS: &[&str] = &[
    "ministry",
    "department",
    "agency",
    "government",
    "party",
    "committee",
    "commission",
    "embassy",
    "council",
    "bank",
    "company",
    "firm",
    "group",
    "league",
    "school",
    "college",
    "university",
    "hospital",
    "institute",
    "foundation",
    "association",
    "federation",
    "organization",
    "organisation",
    "movement",
    "union",
    "museum",
    "court",
    "tribunal",
];

/// Words for any body, whatever its name ("USA Gymnastics ... the federation", "the RSF ... a
/// charge the group denies"), as "the company" and "the firm" are for any organization.
const ANY_BODY: &[&str] = &["group", "organization", "organisation", "federation"];

/// Whether `noun` is a word for any organization, whatever its name (the rest need the word in
/// the name).
fn for_any_organization(noun: &str) -> bool {
    matches!(noun, "company" | "firm") || for_any_body(noun)
}

/// Whether `noun` is a word for any body ([`ANY_BODY`]): the organization the article names most
/// is what it means, and only where it ends its phrase.
pub(super) fn for_any_body(noun: &str) -> bool {
    ANY_BODY.contains(&noun)
}

/// Head words of government bodies that "the agency" may mean: "the Department of
/// Transportation ... the agency".
const AGENCY_HEADS: &[&str] =
    &["agency", "department", "administration", "bureau", "service", "commission", "authority", "office"];

/// Whether an organization's role noun may name `actor`: "the company", "the firm" and the
/// words of [`ANY_BODY`] any organization, "the agency" a government body
/// ([`AGENCY_HEADS`]), "the ministry" or "the school" one with the word in its name, an
/// organization or a place (NER reads "Naperville North High School" as one).
pub(super) fn names_organization(noun: &str, actor: &Actor) -> bool {
    match actor.kind {
        EntityKind::Organization => {
            for_any_organization(noun)
                || has_word(&actor.name, noun)
                || (noun == "agency" && AGENCY_HEADS.iter().any(|head| has_word(&actor.name, head)))
        }
        EntityKind::Location => has_word(&actor.name, noun) && !for_any_organization(noun),
        _ => false,
    }
}

pub(super) fn has_word(name: &str, word: &str) -> bool {
    name.split_whitespace().any(|w| w.eq_ignore_ascii_case(word))
}

/// The role noun `word` is, if it is one.
fn role_noun(word: &str) -> Option<&'static str> {
    PERSON_ROLE_NOUNS.iter().chain(ORG_ROLE_NOUNS).find(|n| **n == word).copied()
}

/// Words between "the" and a role noun that keep it a reference back ("the former president").
const ROLE_MODIFIERS: &[&str] =
    &["former", "late", "new", "then", "outgoing", "incoming", "current", "acting", "interim", "embattled", "veteran"];

/// Lowercase words of a longer role that may stand between "the" and its noun ("the prime
/// minister", "the district attorney") or after it with "of" ("the secretary of state"): the
/// actor's role must have each of them, so "the deputy prime minister" is not the prime minister.
pub(super) const ROLE_QUALIFIERS: &[&str] =
    &["prime", "deputy", "vice", "foreign", "chief", "district", "state", "defense", "defence", "press"];

/// A definite role noun: "the president", "the former president", "the ministry".
pub(super) struct RoleNoun {
    /// The noun's span (without "the" and its modifiers).
    pub(super) span: Span,
    pub(super) noun: &'static str,
    /// The words of a longer role written with the noun ([`ROLE_QUALIFIERS`]), lowercase.
    pub(super) qualifiers: Vec<&'static str>,
    /// Index of "the" among the tokens.
    pub(super) determiner: usize,
    /// A capitalized word stands between "the" and the noun ("the Massachusetts senator"): a
    /// reference only in apposition, where the name it describes is right before.
    pub(super) named_modifier: bool,
}

/// Definite role nouns: "the president", "the ministry" (lowercase "the", up to three modifiers or
/// role qualifiers, the noun, not followed by "of" or a name, which would make it a new
/// description rather than a reference back; "of" and a qualifier complete a role: "the
/// secretary of state").
pub(super) fn role_nouns(text: &Text, is_noun: &impl Fn(&str) -> bool) -> Vec<RoleNoun> {
    let mut out = Vec::new();
    for (i, t) in text.tokens.iter().enumerate() {
        if t.lower != "the" {
            continue;
        }
        let capitalized = |tok: &Token| text.capitalized(tok);
        let mut j = i + 1;
        let mut named_modifier = false;
        let mut qualifiers = Vec::new();
        let qualifier = |tok: &Token| ROLE_QUALIFIERS.iter().find(|q| **q == tok.lower).copied();
        while j < i + 4 {
            let Some(modifier) = text.tokens.get(j).filter(|m| m.sentence == t.sentence && m.word) else { break };
            if role_noun(&modifier.lower).is_some() {
                break;
            }
            if ROLE_MODIFIERS.contains(&modifier.lower.as_str()) {
                j += 1;
            } else if let Some(q) = qualifier(modifier) {
                qualifiers.push(q);
                j += 1;
            } else if capitalized(modifier) && !named_modifier && j == i + 1 {
                named_modifier = true;
                j += 1;
            } else {
                break;
            }
        }
        let Some(noun_tok) = text.tokens.get(j).filter(|n| n.sentence == t.sentence) else { continue };
        let Some(noun) = role_noun(&noun_tok.lower) else { continue };
        // A capitalized noun after a capitalized word is part of a name ("the Foreign Ministry"),
        // which NER has; alone, it is the noun written with a capital ("the President said").
        if capitalized(noun_tok) && noun_tok.position > 1 && named_modifier {
            continue;
        }
        let in_sentence = |k: usize| text.tokens.get(k).filter(|n| n.sentence == noun_tok.sentence);
        // "the secretary of state": "of" and a qualifier complete the role.
        if let Some(q) =
            in_sentence(j + 2).filter(|_| in_sentence(j + 1).is_some_and(|of| of.lower == "of")).and_then(qualifier)
        {
            qualifiers.push(q);
            j += 2;
        }
        let continues = in_sentence(j + 1).is_some_and(|n| n.lower == "of" || n.word && capitalized(n));
        // "the group chat", "the group in power": a generic word for a body is a reference back
        // only where a verb, an adverb or the clause's end follows it.
        if for_any_body(noun) && !in_sentence(j + 1).is_none_or(|next| ends_noun_phrase(next, is_noun)) {
            continue;
        }
        if !continues {
            out.push(RoleNoun { span: noun_tok.span, noun, qualifiers, determiner: i, named_modifier });
        }
    }
    out
}

/// Whether `next` may follow a noun phrase that ends before it: a mark, a possessive, an
/// auxiliary, an adverb, a preposition that does not describe the noun ("the federation through
/// four Olympic Games", not "the group in power"), or a verb in "-s" or "-ed" that is no noun for
/// an actor (`is_noun`: "the group members").
fn ends_noun_phrase(next: &Token, is_noun: &impl Fn(&str) -> bool) -> bool {
    // Adverbs, and prepositions of time.
    const GOING_ON: &[&str] =
        &["already", "still", "also", "now", "then", "later", "never", "often", "since", "through", "during", "until"];
    const DESCRIBING: &[&str] = &["of", "in", "with", "from", "at", "on", "for", "like", "among", "between"];
    let word = next.lower.as_str();
    let verb_like = (word.ends_with('s') || word.ends_with("ed")) && !is_noun(word);
    !next.word
        || super::text::AUXILIARIES.contains(&word)
        || GOING_ON.contains(&word)
        || matches!(word, "said" | "says" | "and" | "but" | "which" | "who")
        || super::text::PREPOSITIONS.contains(&word) && !DESCRIBING.contains(&word)
        || verb_like
}

/// The named actor a definite role noun refers back to: a person whose title has the noun (and
/// its qualifiers: "the foreign minister"), or an organization the noun names the kind of ("the
/// company"), named in the `window` sentences before it. Of several, the one named last ("the
/// company" with two organizations in view: right 10 of 13 times on the news sets and gum-dev);
/// for "the group" the one named most before it. `sentence_of` gives a byte's sentence.
pub(super) fn actor_of_role(
    role: &RoleNoun,
    actors: &[Actor],
    name_mentions: &[Vec<Span>],
    sentence_of: &impl Fn(usize) -> usize,
    window: usize,
) -> Option<usize> {
    let (span, noun) = (role.span, role.noun);
    let n_sentence = sentence_of(span.start);
    let last_before = |i: usize| {
        name_mentions[i]
            .iter()
            .filter(|m| m.end <= span.start && sentence_of(m.start) + window >= n_sentence)
            .map(|m| m.end)
            .max()
    };
    let matches = |i: usize| {
        let actor = &actors[i];
        if PERSON_ROLE_NOUNS.contains(&noun) {
            actor.kind == EntityKind::Person
                && actor
                    .role
                    .as_deref()
                    .is_some_and(|title| has_word(title, noun) && role.qualifiers.iter().all(|q| has_word(title, q)))
        } else {
            names_organization(noun, actor) && role.qualifiers.iter().all(|q| has_word(&actor.name, q))
        }
    };
    let mut found: Vec<(usize, usize)> =
        (0..actors.len()).filter(|&i| matches(i)).filter_map(|i| last_before(i).map(|e| (i, e))).collect();
    let times = |i: usize| for_any_body(noun).then(|| name_mentions[i].iter().filter(|m| m.end <= span.start).count());
    found.sort_by_key(|&(i, end)| (std::cmp::Reverse((times(i), end)), i));
    found.first().map(|&(i, _)| i)
}

/// "the 45-year-old" ("the" or "The", a number, "-year-old"): the span of "45-year-old" and the
/// age.
pub(super) fn age_nominals(text: &Text) -> Vec<(Span, u32)> {
    let mut out = Vec::new();
    for (i, t) in text.tokens.iter().enumerate() {
        let Some([number, dash, year, dash2, old]) = text.tokens.get(i + 1..i + 6) else { continue };
        let suffix = [&dash.lower, &year.lower, &dash2.lower, &old.lower].map(String::as_str);
        if t.lower != "the" || suffix != ["-", "year", "-", "old"] || old.sentence != t.sentence {
            continue;
        }
        if let Ok(age) = number.lower.parse::<u32>() {
            out.push((Span::new(number.span.start, old.span.end), age));
        }
    }
    out
}

/// The person "the 45-year-old" at `span` (of `age`) is: the one person whose name the article
/// gave that age ("Keith Davis, 45,"); with no age stated, for an age opening its sentence, the
/// person who opened the last one ("Chamisa, who narrowly lost ..., described the arrest ... The
/// 45-year-old lawyer said"). ("The 72-year-old Liu": the caller leaves an age before a name to
/// that name's mention.)
pub(super) fn aged(
    text: &Text,
    name_mentions: &[Vec<Span>],
    is_person: &impl Fn(usize) -> bool,
    span: Span,
    age: u32,
) -> Option<usize> {
    let people = || (0..name_mentions.len()).filter(|&i| is_person(i));
    let stated = |m: &Span| stated_age(text.text, *m);
    let with_age: Vec<usize> =
        people().filter(|&i| name_mentions[i].iter().any(|m| m.end <= span.start && stated(m) == Some(age))).collect();
    let the = text.token_at(span.start) - 1;
    let opened_last = || {
        let previous = text.tokens[the].sentence.checked_sub(1)?;
        let first = text.sentence_tokens(previous).first()?.span.start;
        people().find(|&i| {
            name_mentions[i].iter().any(|m| m.start == first)
                && name_mentions[i].iter().all(|m| stated(m).is_none_or(|a| a == age))
        })
    };
    match with_age[..] {
        [only] => Some(only),
        [] if text.tokens[the].position == 0 => opened_last(),
        _ => None,
    }
}

/// The age an article states with a person's name: "Keith Davis, 45, said", "Davis (45)", or
/// "45-year-old Keith Davis".
pub(super) fn stated_age(text: &str, name: Span) -> Option<u32> {
    let after = text[name.end..].trim_start_matches([',', '(']).trim_start();
    let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let ends = after[digits..].starts_with([',', ')', ' ', '.', ';']);
    if (1..=3).contains(&digits) && ends && text[name.end..].starts_with([',', ' ', '(']) {
        return after[..digits].parse().ok();
    }
    // "93-year-old President Robert Mugabe": titles may stand between the age and the name.
    let mut before = text[..name.start].trim_end();
    while let Some((rest, word)) = before.rsplit_once(' ') {
        if before.ends_with("-year-old") || !word.starts_with(char::is_uppercase) {
            break;
        }
        before = rest.trim_end();
    }
    let before = before.strip_suffix("-year-old")?;
    let digits = before.len() - before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    (1..=3).contains(&digits).then(|| before[before.len() - digits..].parse().ok()).flatten()
}
