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
/// an "I" outside quotations in a labelled turn ("Tom Bradley: I ...") to that turn's speaker
/// and a "you" there to the party it speaks to ([`addressee`]); the rest to one unnamed narrator, narrator's group and addressee. Clusters of one are dropped.
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
    // One cluster per (person, quotation or none, labelled speaker or none), made at its first
    // pronoun: each party of an interview has its own "we".
    let mut clusters: Vec<(Person, Option<Span>, Option<usize>, Target)> = Vec::new();
    let pronouns: Vec<(&Token, Person)> = text
        .tokens
        .iter()
        .filter(|t| t.word && free(t.span))
        .filter_map(|t| Person::of(&t.lower).map(|p| (t, p)))
        // "US" is the country, not "us" (NER misses it sometimes).
        .filter(|&(t, p)| p == Person::FirstSingular || t.span.slice(text.text) != "US")
        .collect();
    let transcript = reads_as_transcript(text.text);
    let mut turns = turns.to_vec();
    turns.sort_unstable_by_key(|&(line, _)| line.start);
    let turn_index = |at: Span| turns.iter().position(|(line, _)| line.contains(at));
    let turn_of = |at: Span| turn_index(at).map(|k| turns[k].1);
    let addressed = addressed_by_name(text, actors, name_mentions);
    for (token, person) in pronouns {
        let quote = text.quote_of(token.span);
        if transcript && person == Person::Second && quote.is_none() {
            continue;
        }
        if let (Person::Second, None) = (person, quote) {
            if let Some(&(_, person)) = addressed.iter().find(|(region, _)| region.contains(token.span)) {
                links.add(Target::Actor(person), token.span, crate::document::MentionKind::Pronoun);
                continue;
            }
        }
        if let (Person::Second, None, Some(k)) = (person, quote, turn_index(token.span)) {
            // In a labelled turn, "you" is whoever the turn speaks to, or nobody in particular.
            if let Some(other) = addressee(text, &turns, k, token) {
                links.add(Target::Actor(other), token.span, crate::document::MentionKind::Pronoun);
            }
            continue;
        }
        // "Tom Bradley: I have worked as a nurse": the speaker of a labelled turn.
        if let (Person::FirstSingular, None) = (person, quote) {
            if let Some(speaker) = turn_of(token.span).filter(|&s| actors[s].kind == EntityKind::Person) {
                links.add(Target::Actor(speaker), token.span, crate::document::MentionKind::Pronoun);
                continue;
            }
        }
        let speaker_turn = turn_of(token.span);
        let target = match clusters.iter().find(|&&(p, q, s, _)| p == person && q == quote && s == speaker_turn) {
            Some(&(_, _, _, target)) => target,
            None => {
                let speaker = match (person, quote) {
                    (Person::FirstSingular, Some(quote)) => speaker(text, actors, name_mentions, quote),
                    _ => None,
                };
                let target = speaker.map_or_else(|| links.new_cluster(EntityKind::Person, 2), Target::Actor);
                clusters.push((person, quote, speaker_turn, target));
                target
            }
        };
        links.add(target, token.span, crate::document::MentionKind::Pronoun);
    }
}

/// The stretches where a speech turns to one named person ("Mia, you have been a tireless
/// voice ..."): from a "you" right after a person's name and a comma at the start of a sentence
/// to the end of that paragraph, each with that person's actor.
fn addressed_by_name(text: &Text, actors: &[Actor], name_mentions: &[Vec<Span>]) -> Vec<(Span, usize)> {
    let mut regions = Vec::new();
    for (i, mentions) in name_mentions.iter().enumerate() {
        if actors[i].kind != EntityKind::Person || actors[i].collective {
            continue;
        }
        for m in mentions {
            let after = text.token_at(m.end);
            let (Some(comma), Some(you)) = (text.tokens.get(after), text.tokens.get(after + 1)) else { continue };
            if comma.lower == ","
                && matches!(you.lower.as_str(), "you" | "your")
                && text.opens_sentence(text.token_at(m.start))
                && !text.quoted(*m)
            {
                let end = text.text[you.span.start..].find('\n').map_or(text.text.len(), |n| you.span.start + n);
                regions.push((Span::new(you.span.start, end), i));
            }
        }
    }
    regions
}

/// Whom the "you" at `token`, in labelled turn `k` (of `turns`, in text order), speaks to: in a
/// question, or in a turn that asks one, the next other speaker ("Wikinews: Are you optimistic?"
/// to whoever answers); in an answer, the one who asked ("Thank you for having me"), but nobody in
/// a statement about anyone ("You can't just move your family", "If your system discriminates,
/// you're liable"), which is how the answering side mostly says "you".
fn addressee(text: &Text, turns: &[(Span, usize)], k: usize, token: &Token) -> Option<usize> {
    let (line, speaker) = turns[k];
    let sentence: Vec<&Token> = text.tokens.iter().filter(|t| t.sentence == token.sentence).collect();
    let question = sentence
        .iter()
        .rev()
        .find(|t| !matches!(t.lower.as_str(), "\"" | "”" | "’" | "'" | ")"))
        .is_some_and(|t| t.lower == "?");
    let asks = question || line.slice(text.text).contains('?');
    if !asks && sentence.windows(3).any(generic_you) {
        return None;
    }
    let next = turns[k + 1..].iter().map(|&(_, s)| s).find(|&s| s != speaker);
    let previous = turns[..k].iter().rev().map(|&(_, s)| s).find(|&s| s != speaker);
    if asks {
        next.or(previous)
    } else {
        previous.or(next)
    }
}

/// Whether three tokens read as a "you" meaning anyone: "if you(r)", or "you" before a modal or
/// a contracted verb ("you can", "you cannot", "you're").
fn generic_you(w: &[&Token]) -> bool {
    const MODALS: &[&str] =
        &["can", "cannot", "could", "couldn", "should", "must", "might", "may", "need", "have", "gotta"];
    let second = |t: &Token| matches!(t.lower.as_str(), "you" | "your");
    (w[0].lower == "if" && second(w[1]))
        || (w[0].lower == "you"
            && (MODALS.contains(&w[1].lower.as_str())
                || (matches!(w[1].lower.as_str(), "'" | "’") && w[2].lower == "re")))
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
