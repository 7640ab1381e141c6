//! First- and second-person pronouns ("I", "we", "you" and their other forms): inside a
//! quotation they belong to that quotation (its speaker, the speaker's group, whoever the speaker
//! addresses), outside they belong to the text's narrator (the author of a letter or an essay, the
//! subject of a first-person interview answer), the narrator's group, or the reader.
//!
//! Measured on gum-dev gold (`docs/coref_rules.md`, pairs of pronouns of one person grouped so,
//! same gold entity): I/me/my 0.81 (within one quotation 0.99; a quoted "I" is the narrator only
//! 0.31, so the two never meet; 0.94-1.00 in single-author genres, 0.54-0.72 in multi-speaker
//! transcripts), we/us/our 0.83, you/your 0.68. Only a quotation's "I" goes to a named actor, the
//! one person named beside it; "we" is a group and "you" the one addressed, never the speaker, so
//! the rest form unnamed actors.

use super::verbs::attributes_quote;
use super::{Links, Target, Text, Token};
use crate::actors::is_interjection;
use crate::document::{Actor, EntityKind, Span};
use std::collections::HashMap;

/// Which grammatical person a pronoun is, with its forms.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Person {
    FirstSingular,
    FirstPlural,
    Second,
}

impl Person {
    fn of(lower: &str) -> Option<Person> {
        match lower {
            "i" | "me" | "my" | "mine" | "myself" => Some(Person::FirstSingular),
            "we" | "us" | "our" | "ours" | "ourselves" => Some(Person::FirstPlural),
            "you" | "your" | "yours" | "yourself" | "yourselves" => Some(Person::Second),
            _ => None,
        }
    }
}

/// Links the first- and second-person pronouns of `text`: a quotation's "I" to the one person
/// named outside it in the sentences it spans ("'I will win,' Trump said"), else to an unnamed
/// speaker of that quotation; a quotation's "we" and "you" to unnamed actors of that quotation;
/// an "I" outside quotations in a labelled turn ("Tom Bradley: I ...") to that turn's speaker;
/// the rest to one unnamed narrator, narrator's group and addressee. Clusters of one are dropped.
/// In a transcript ([`reads_as_transcript`]) "you" outside quotations is left unlinked: each turn
/// addresses someone else, so one addressee for the whole text is wrong more often than not
/// (gum-dev: 0.58-0.67 of such pairs are one person in conversations, podcasts, court hearings
/// and vlogs; leaving them out takes the precision of slant's pronouns from 0.824 to 0.842 and
/// end-to-end B-cubed over all kinds from 0.622 to 0.614, 5-fold CV).
pub(super) fn link(
    text: &Text,
    actors: &[Actor],
    name_mentions: &[Vec<Span>],
    turns: &[(Span, usize)],
    free: &impl Fn(Span) -> bool,
    links: &mut Links,
) {
    // One cluster per (person, quotation or none), made at its first pronoun.
    let mut clusters: Vec<(Person, Option<Span>, Target)> = Vec::new();
    let pronouns: Vec<(&Token, Person)> = text
        .tokens
        .iter()
        .filter(|t| t.word && free(t.span))
        .filter_map(|t| Person::of(&t.lower).map(|p| (t, p)))
        // "US" is the country, not "us" (NER misses it sometimes).
        .filter(|&(t, p)| p == Person::FirstSingular || t.span.slice(text.text) != "US")
        .collect();
    let transcript = reads_as_transcript(text.text);
    let turn_of = |at: Span| turns.iter().find(|(line, _)| line.contains(at)).map(|&(_, speaker)| speaker);
    // An interview between two labelled parties ("Wikinews: ... Helen Okafor: ..."): the "you"
    // of one's turn is the other.
    let mut parties: Vec<usize> = turns.iter().map(|&(_, speaker)| speaker).collect();
    parties.sort_unstable();
    parties.dedup();
    let addressee = |at: Span| match parties[..] {
        [a, b] => turn_of(at).map(|s| if s == a { b } else { a }),
        _ => None,
    };
    for (token, person) in pronouns {
        let quote = text.quote_of(token.span);
        if transcript && person == Person::Second && quote.is_none() {
            continue;
        }
        if let (Person::Second, None, Some(other)) = (person, quote, addressee(token.span)) {
            links.add(Target::Actor(other), token.span, crate::document::MentionKind::Pronoun);
            continue;
        }
        // "Tom Bradley: I have worked as a nurse": the speaker of a labelled turn.
        if let (Person::FirstSingular, None) = (person, quote) {
            if let Some(speaker) = turn_of(token.span).filter(|&s| actors[s].kind == EntityKind::Person) {
                links.add(Target::Actor(speaker), token.span, crate::document::MentionKind::Pronoun);
                continue;
            }
        }
        let target = match clusters.iter().find(|&&(p, q, _)| p == person && q == quote) {
            Some(&(_, _, target)) => target,
            None => {
                let speaker = match (person, quote) {
                    (Person::FirstSingular, Some(quote)) => speaker(text, actors, name_mentions, quote),
                    _ => None,
                };
                let target = speaker.map_or_else(|| links.new_cluster(EntityKind::Person, 2), Target::Actor);
                clusters.push((person, quote, target));
                target
            }
        };
        links.add(target, token.span, crate::document::MentionKind::Pronoun);
    }
}

/// The paragraphs of an interview or transcript that open with an actor's name and a colon, a
/// person's or an organization's ("Tom Bradley: I have worked ...", "Wikinews: What causes
/// it?"; a place there heads a list), each with that actor: the one speaking there, whose "I"
/// it is and whom no third-person pronoun in the turn means.
pub(super) fn labelled_turns(body: &str, actors: &[Actor], name_mentions: &[Vec<Span>]) -> Vec<(Span, usize)> {
    let mut turns = Vec::new();
    for (i, mentions) in name_mentions.iter().enumerate() {
        // "Germany: You can obtain a visa ..." is a list's heading, not a speaker.
        if actors[i].collective || actors[i].kind == EntityKind::Location {
            continue;
        }
        for m in mentions {
            let line_start = body[..m.start].rfind('\n').map_or(0, |n| n + 1);
            let opens_line = body[line_start..m.start].trim().is_empty();
            if opens_line && body[m.end..].trim_start_matches([' ', '\t']).starts_with(':') {
                let line_end = body[m.end..].find('\n').map_or(body.len(), |n| m.end + n);
                turns.push((Span::new(line_start, line_end), i));
            }
        }
    }
    turns
}

/// Whether a body reads as a transcript of many speakers: 20 or more paragraphs, at least 40% of
/// them six words or fewer, at least three turns that are only interjections ("Mhm.", "Oh,
/// okay."), and fewer than 10 quotation marks (speech is not quoted, it is the text). A page of
/// short list items has the short paragraphs but not the turns.
fn reads_as_transcript(body: &str) -> bool {
    let paragraphs: Vec<&str> = body.split("\n\n").filter(|p| !p.trim().is_empty()).collect();
    let short = paragraphs.iter().filter(|p| p.split_whitespace().count() <= 6).count();
    let interjection_turns = paragraphs.iter().filter(|p| p.split_whitespace().all(is_interjection)).count();
    let quotation_marks = body.chars().filter(|c| matches!(c, '"' | '“' | '”')).count();
    paragraphs.len() >= 20 && short * 10 >= paragraphs.len() * 4 && interjection_turns >= 3 && quotation_marks < 10
}

/// The person a speech verb beside a quotation attributes it to: `“…,” Moeller said`, `“…,” said
/// Moeller`, `La Canfora responded: “…”`. `name_start` maps each name mention's start to its end
/// and its actor, `name_end` its end to its actor. The speaker says "I" in the quotation, so its
/// he/she is somebody else.
pub(super) fn attributed_speaker(
    text: &Text,
    quote: Span,
    name_start: &HashMap<usize, (usize, usize)>,
    name_end: &HashMap<usize, usize>,
    actors: &[Actor],
) -> Option<usize> {
    let token = |i: usize| text.tokens.get(i);
    let is_verb = |i: usize| token(i).is_some_and(|t| attributes_quote(&t.lower));
    let after = text.token_at(quote.end);
    // `“…,” said Moeller`
    let said_name = is_verb(after)
        .then(|| token(after + 1).and_then(|t| name_start.get(&t.span.start)).map(|&(_, actor)| actor))
        .flatten();
    // `“…,” Moeller said`
    let name_said = token(after)
        .and_then(|t| name_start.get(&t.span.start))
        .and_then(|&(end, actor)| is_verb(text.token_at(end)).then_some(actor));
    // `Moeller said: “…”`, `Moeller said, “…”`, `Moeller said “…”`
    let before = text.token_at(quote.start).checked_sub(1);
    let verb =
        before.and_then(|b| if matches!(token(b)?.lower.as_str(), ":" | ",") { b.checked_sub(1) } else { Some(b) });
    let name_before =
        verb.filter(|&v| is_verb(v)).and_then(|v| name_end.get(&token(v.checked_sub(1)?)?.span.end).copied());
    said_name.or(name_said).or(name_before).filter(|&a| actors[a].kind == EntityKind::Person && !actors[a].collective)
}

/// The one person actor named outside `quote` in the sentences it spans, if there is exactly one.
fn speaker(text: &Text, actors: &[Actor], name_mentions: &[Vec<Span>], quote: Span) -> Option<usize> {
    let sentence_of = |at: usize| text.tokens.get(text.token_at(at)).map_or(0, |t| t.sentence);
    let (first, last) = (sentence_of(quote.start), sentence_of(quote.end.saturating_sub(1)));
    let mut named = (0..actors.len()).filter(|&i| {
        actors[i].kind == EntityKind::Person
            && !actors[i].collective
            && name_mentions[i].iter().any(|m| {
                let s = sentence_of(m.start);
                (first..=last).contains(&s) && (m.end <= quote.start || m.start >= quote.end)
            })
    });
    let one = named.next()?;
    named.next().is_none().then_some(one)
}
