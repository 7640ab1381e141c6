//! Who a he/she beside a reporting verb or a quotation is: the subject of "Kelly said he", the
//! speaker quoted last going on ("“...,” Jayapal told reporters. She said"), and the `," he said`
//! that attributes a quotation; and who an object pronoun cannot be, its clause's subject
//! ("Francis warned him").

use super::verbs::reports_speech;
use super::{Case, Gender, Pronoun, Text};
use crate::document::Span;
use std::collections::HashMap;

/// Where the name ends that a subject or possessive pronoun follows with a reporting verb
/// between, in its sentence: "Kelly said he is stunned", "Graham has said he", "Boeing said on
/// Friday that it", "Baker said his
/// client ...", "the union's leader, Spyros Papaspyros, said his members ..." (an apposition's
/// closing comma), "Portman, who is retiring next year, said he ..." (a relative clause between
/// commas).
pub(super) fn reported_by(text: &Text, pronoun: &Pronoun, is_name_end: impl Fn(usize) -> bool) -> Option<usize> {
    if !matches!(pronoun.case, Case::Subject | Case::Possessive) {
        return None;
    }
    let t = text.token_at(pronoun.span.start);
    let sentence = text.tokens.get(t)?.sentence;
    let v = reporting_verb(text, t)?;
    // "Graham has said he", "Kelly also told ...": up to two auxiliaries or adverbs between.
    let before_verb = skip_auxiliaries(text, v.checked_sub(1)?)?;
    let mut name = text.tokens.get(before_verb)?;
    if name.lower == "," {
        name = text.tokens.get(before_verb.checked_sub(1)?)?;
        if !is_name_end(name.span.end) {
            // The relative clause or the apposition opens right after the name: "Portman, who
            // ...,", "Boeing, the US aircraft maker,".
            let opening = (before_verb.saturating_sub(RELATIVE_CLAUSE_WORDS)..before_verb)
                .rev()
                .take_while(|&j| text.tokens[j].sentence == sentence && !is_clause_mark(&text.tokens[j].lower))
                .last()?;
            let who = text.tokens[opening].lower == "who";
            let article = matches!(text.tokens[opening].lower.as_str(), "the" | "a" | "an");
            if !(who || article) {
                return None;
            }
            text.tokens.get(opening.checked_sub(1)?).filter(|c| c.lower == ",")?;
            name = text.tokens.get(opening.checked_sub(2)?)?;
        }
    }
    (name.sentence == sentence).then_some(name.span.end)
}

/// The reporting verb whose clause token `t` opens: right before it ("said it") or before "that"
/// with up to four words between ("Boeing said on Friday that it", "said in a statement that
/// it").
pub(super) fn reporting_verb(text: &Text, t: usize) -> Option<usize> {
    let sentence = text.tokens.get(t)?.sentence;
    let before = t.checked_sub(1)?;
    let v = if text.tokens[before].lower == "that" {
        (before.saturating_sub(5)..before)
            .rev()
            .take_while(|&j| text.tokens[j].sentence == sentence && !is_clause_mark(&text.tokens[j].lower))
            .find(|&j| reports_speech(&text.tokens[j].lower))?
    } else {
        before
    };
    let verb = &text.tokens[v];
    (verb.sentence == sentence && reports_speech(&verb.lower)).then_some(v)
}

/// What a reporting verb's subject before a pronoun is, when a name ends it ([`reported_by`]).
pub(super) enum Reporter {
    /// A name: its actor ("Meta said it").
    Named(usize),
    /// A phrase that ends in a name after a preposition: someone the name is not ("the U.S.
    /// Embassy in Harare said it").
    InPhrase,
}

/// The reporting verb's subject before `pronoun` when a name mention ends it; `name_end_actor`
/// maps each name mention's end to its actor.
pub(super) fn reporting_name(
    text: &Text,
    pronoun: &Pronoun,
    name_end_actor: &HashMap<usize, usize>,
    name_mentions: &[Vec<Span>],
) -> Option<Reporter> {
    let end = reported_by(text, pronoun, |end| name_end_actor.contains_key(&end))?;
    let actor = *name_end_actor.get(&end)?;
    let start = name_mentions[actor].iter().find(|m| m.end == end)?.start;
    Some(if text.follows_preposition(start) { Reporter::InPhrase } else { Reporter::Named(actor) })
}

/// Where the name ends that is the subject of an object pronoun's own clause: "Francis warned
/// him", "Pope Francis, who warned him", "Smith has told her". That person is not the pronoun's
/// (binding principle B: they would have said "himself").
pub(super) fn clause_subject(text: &Text, pronoun: &Pronoun, is_name_end: impl Fn(usize) -> bool) -> Option<usize> {
    if pronoun.case != Case::Object {
        return None;
    }
    let t = text.token_at(pronoun.span.start);
    let sentence = text.tokens.get(t)?.sentence;
    let verb = text.tokens.get(t.checked_sub(1)?)?;
    let lower = verb.lower.as_str();
    let not_a_verb = !verb.word
        || super::text::PREPOSITIONS.contains(&lower)
        || super::text::CLAUSE_BOUNDARIES.contains(&lower)
        || text.capitalized(verb);
    if verb.sentence != sentence || not_a_verb {
        return None;
    }
    let before_verb = skip_auxiliaries(text, t.checked_sub(2)?)?;
    let mut subject = text.tokens.get(before_verb)?;
    // "Pope Francis, who warned him": the name before the relative clause.
    if subject.lower == "who" {
        text.tokens.get(before_verb.checked_sub(1)?).filter(|c| c.lower == ",")?;
        subject = text.tokens.get(before_verb.checked_sub(2)?)?;
    }
    (subject.sentence == sentence && is_name_end(subject.span.end)).then_some(subject.span.end)
}

/// The token before up to two auxiliaries or adverbs ([`BETWEEN_NAME_AND_VERB`]) that end at
/// token `last`, going back.
fn skip_auxiliaries(text: &Text, last: usize) -> Option<usize> {
    let mut at = last;
    for _ in 0..2 {
        if BETWEEN_NAME_AND_VERB.contains(&text.tokens.get(at)?.lower.as_str()) {
            at = at.checked_sub(1)?;
        }
    }
    Some(at)
}

/// Auxiliaries and adverbs that may stand between a name and its reporting verb.
const BETWEEN_NAME_AND_VERB: &[&str] =
    &["has", "had", "have", "also", "later", "then", "previously", "repeatedly", "again", "once", "will"];

/// The most words a relative clause may have between a name and its reporting verb.
const RELATIVE_CLAUSE_WORDS: usize = 14;

/// Marks that end a clause: a relative clause between commas holds none of them.
fn is_clause_mark(lower: &str) -> bool {
    matches!(lower, "," | ";" | ":" | "\"" | "“" | "”" | "(" | ")")
}

/// Whether a subject pronoun opens its sentence and reports speech: "She said ...", "He also
/// told ...".
pub(super) fn goes_on_speaking(text: &Text, pronoun: &Pronoun) -> bool {
    let t = text.token_at(pronoun.span.start);
    if pronoun.case != Case::Subject || !text.opens_sentence(t) {
        return false;
    }
    let sentence = text.tokens[t].sentence;
    let mut next = text.tokens[t + 1..].iter().filter(|w| w.sentence == sentence);
    let verb = next.find(|w| !matches!(w.lower.as_str(), "also" | "later" | "then"));
    verb.is_some_and(|v| reports_speech(&v.lower) || v.lower == "told")
}

/// Whether the pronoun attributes the quote that ends right before it (`," he said`).
pub(super) fn quote_attribution(text: &Text, pronoun: &Pronoun) -> bool {
    let i = text.token_at(pronoun.span.start);
    let before = i.checked_sub(1).map(|j| text.tokens[j].lower.as_str());
    let after = text.tokens.get(i + 1).map(|t| t.lower.as_str());
    matches!(before, Some("\"" | "”" | "'" | "’")) && after.is_some_and(|w| reports_speech(w) || w == "told")
}

/// The quotations an attributing pronoun (`“…,” he said`) speaks: the one that ends right
/// before it and one that opens right after its verb and the sentence's end (`he said. “…”`).
pub(super) fn quotes_spoken_by(text: &Text, pronoun: Span) -> Vec<Span> {
    // Quotation regions are in text order and do not overlap.
    let before = text.quotes[..text.quotes.partition_point(|q| q.end <= pronoun.start)].last();
    let after = text.quotes.get(text.quotes.partition_point(|q| q.start < pronoun.end)).filter(|q| {
        let between = &text.text[pronoun.end..q.start];
        between.len() <= 24 && between.split_whitespace().count() <= 2 && between.trim_end().ends_with(['.', ':', ','])
    });
    before.into_iter().chain(after).copied().collect()
}

/// The person who opened sentence `previous`, for a he/she of `gender` opening the next one:
/// the first person named there ("Cabral's wife, Adriana Ancelmo, was also questioned. She is a
/// lawyer": not the possessor), when known to be of that gender and the only one of it named
/// there, and no he/she of it came before the name ("He had a son, Charles Luther Manson. He
/// had ...").
pub(super) fn opened_sentence(
    text: &Text,
    name_mentions: &[Vec<Span>],
    is_person: &impl Fn(usize) -> bool,
    genders: &[Option<Gender>],
    previous: usize,
    gender: Gender,
) -> Option<usize> {
    let first_named = |i: usize| {
        name_mentions[i]
            .iter()
            .filter(|m| {
                let t = text.token_at(m.start);
                text.tokens.get(t).is_some_and(|t| t.sentence == previous)
                    && !text.possessive_s(text.token_at(m.end) + 1)
            })
            .map(|m| m.start)
            .min()
    };
    let named_there: Vec<(usize, usize)> =
        (0..name_mentions.len()).filter(|&i| is_person(i)).filter_map(|i| first_named(i).map(|at| (at, i))).collect();
    let &(at, first) = named_there.iter().min()?;
    let same_gender = |w: &str| match gender {
        Gender::Masculine => matches!(w, "he" | "him" | "his"),
        Gender::Feminine => matches!(w, "she" | "her"),
    };
    let pronoun_before = text
        .sentence_tokens(previous)
        .iter()
        .any(|t| t.span.end <= at && same_gender(&t.lower) && !text.quoted(t.span));
    let of_gender = named_there.iter().filter(|&&(_, i)| genders[i] == Some(gender)).count();
    (!pronoun_before && genders[first] == Some(gender) && of_gender == 1).then_some(first)
}

/// Where the role noun ends whose possessive follows it in its sentence with no other person
/// between ("The president has faced his own accusations"): a role noun among the sentence's
/// first four tokens (`roles`, those linked to a person), with no other of `people` (their
/// names and roles) between it and the pronoun.
pub(super) fn role_subject(text: &Text, pronoun: &Pronoun, roles: &[Span], people: &[Span]) -> Option<usize> {
    let t = text.token_at(pronoun.span.start);
    if pronoun.case != Case::Possessive || text.opens_sentence(t) || text.quoted(pronoun.span) {
        return None;
    }
    let sentence = text.tokens.get(t)?.sentence;
    let &role = roles.iter().find(|r| {
        let first = &text.tokens[text.token_at(r.start)];
        first.sentence == sentence && first.position <= 3 && r.end <= pronoun.span.start
    })?;
    let between = Span::new(role.end, pronoun.span.start);
    (!people.iter().any(|&m| m != role && between.contains(m))).then_some(role.end)
}
