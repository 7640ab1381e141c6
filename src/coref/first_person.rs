//! First-person pronouns ("I", "me", "my"): inside a quotation they are its speaker, outside
//! they are the text's narrator (the author of a letter or an essay, the subject of a first-person
//! interview answer).
//!
//! Measured on gum-dev gold (`docs/coref_rules.md`): within one quotation all I/me/my are one
//! entity 0.99 of the time, and a quoted "I" is the narrator only 0.31, so the two never meet;
//! outside quotes a document's first-person singular pronouns are one entity 0.84 of the time
//! (0.94-1.00 in single-author genres, 0.54-0.72 in multi-speaker transcripts). "we" and "you"
//! are left alone: one entity per document only about half the time.

use super::{Links, Target, Text, Token};
use crate::document::{Actor, EntityKind, Span};

const FORMS: &[&str] = &["i", "me", "my", "mine", "myself"];

/// Links the first-person singular pronouns of `text`: a quotation's to the one person named
/// outside it in the sentences it spans ("'I will win,' Trump said"), else to an unnamed speaker
/// of that quotation; the rest to one unnamed narrator. Clusters of one are dropped.
pub(super) fn link(
    text: &Text,
    actors: &[Actor],
    name_mentions: &[Vec<Span>],
    free: &impl Fn(Span) -> bool,
    links: &mut Links,
) {
    let mut narrator: Option<Target> = None;
    let mut speakers: Vec<(Span, Target)> = Vec::new();
    let pronouns = text.tokens.iter().filter(|t| t.word && FORMS.contains(&t.lower.as_str()) && free(t.span));
    for token in pronouns.collect::<Vec<&Token>>() {
        let quote = text.quote_of(token.span);
        let target = match quote {
            None => *narrator.get_or_insert_with(|| links.new_cluster(EntityKind::Person, 2)),
            Some(quote) => match speakers.iter().find(|(q, _)| *q == quote) {
                Some(&(_, target)) => target,
                None => {
                    let target = speaker(text, actors, name_mentions, quote)
                        .map_or_else(|| links.new_cluster(EntityKind::Person, 2), Target::Actor);
                    speakers.push((quote, target));
                    target
                }
            },
        };
        links.add(target, token.span, crate::document::MentionKind::Pronoun);
    }
}

/// The one person actor named outside `quote` in the sentences it spans, if there is exactly one.
fn speaker(text: &Text, actors: &[Actor], name_mentions: &[Vec<Span>], quote: Span) -> Option<usize> {
    let sentence_of = |at: usize| text.tokens.get(text.token_at(at)).map_or(0, |t| t.sentence);
    let (first, last) = (sentence_of(quote.start), sentence_of(quote.end.saturating_sub(1)));
    let mut named = (0..actors.len()).filter(|&i| {
        actors[i].kind == EntityKind::Person
            && name_mentions[i].iter().any(|m| {
                let s = sentence_of(m.start);
                (first..=last).contains(&s) && (m.end <= quote.start || m.start >= quote.end)
            })
    });
    let one = named.next()?;
    named.next().is_none().then_some(one)
}
