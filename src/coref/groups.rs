//! Plural groups and the "they" that refers to them: "The women said they met him", "Many
//! residents called. They were upset". A plural group noun (a nominal found by the lexicon) takes
//! a they/them/their after it in its own sentence, and, when it opens its clause as a subject
//! does, in the next, unless an organization is named between; a "they" so linked carries the
//! group on. Measured in `docs/coref_rules.md` (ninth and eleventh sessions).

use super::{Links, Referent, Target, Text};
use crate::document::{Document, EntityKind, MentionKind, Span};
use std::collections::BTreeMap;

/// Where each plural group noun went, by its head token, and whether the entry is a "they"
/// linked to one (which needs no subject position to carry the group on).
pub(super) type Groups = BTreeMap<usize, (Target, bool)>;

/// Whether a free plural group noun or another "they"/"them" stands between byte `from` and token
/// `to`: what a "they"/"their" at `to` means rather than an organization named before `from`.
pub(super) fn group_between(text: &Text, from: usize, to: usize, free: &impl Fn(Span) -> bool) -> bool {
    let group_noun = |lower: &str| {
        is_plural_group(lower)
            && super::nominal::Lexicon::shipped().get(lower).is_some_and(|e| e.kind != EntityKind::Location)
    };
    text.tokens[text.token_at(from)..to]
        .iter()
        .any(|w| free(w.span) && (group_noun(&w.lower) || matches!(w.lower.as_str(), "they" | "them")))
}

/// Links each free they/them/their to the group before it (see the module doc).
pub(super) fn link_they(
    text: &Text,
    doc: &Document,
    name_mentions: &[Vec<Span>],
    free: &impl Fn(Span) -> bool,
    groups: &mut Groups,
    links: &mut Links,
) {
    // A sports team that opens its clause is a group that takes "they" ("The Steelers spent
    // Monday trying to distance themselves"; not "had the Patriots right where they wanted"),
    // and carries on as a subject does; an object's "them" is more often the plays or the
    // players (7 team links on PerSenT dev: the 5 subjects and possessives right, 2 "them" not).
    let teams: Vec<usize> = (0..doc.actors.len())
        .filter(|&i| doc.actors[i].kind == EntityKind::Organization && crate::actors::is_team_name(&doc.actors[i].name))
        .collect();
    for &i in &teams {
        for mention in name_mentions[i].iter().filter(|m| opens_clause(text, text.token_at(m.start))) {
            let head = text.token_at(mention.end.saturating_sub(1));
            groups.entry(head).or_insert((Target::Actor(i), true));
        }
    }
    for pronoun in text.pronouns().into_iter().filter(|p| p.referent == Referent::Plural && free(p.span)) {
        let t = text.token_at(pronoun.span.start);
        let p_sentence = text.tokens[t].sentence;
        if links.to_actors.iter().any(|&(_, span, _)| span == pronoun.span) {
            continue;
        }
        let Some((&head, &(group, chained))) = groups.range(..t).next_back() else { continue };
        if text.tokens[t].lower == "them" && matches!(group, Target::Actor(a) if teams.contains(&a)) {
            continue;
        }
        let head_token = &text.tokens[head];
        let organization_between = (0..doc.actors.len())
            .filter(|&i| doc.actors[i].kind == EntityKind::Organization)
            .any(|i| name_mentions[i].iter().any(|m| m.start >= head_token.span.end && m.end <= pronoun.span.start));
        // In the noun's own sentence any position will do ("asked the workers whether they");
        // in the next, only a subject carries on.
        let same_sentence = head_token.sentence == p_sentence;
        let carries = chained || same_sentence || opens_clause(text, head);
        if head_token.sentence + 1 >= p_sentence && carries && !organization_between {
            links.add(group, pronoun.span, MentionKind::Pronoun);
            groups.insert(t, (group, true));
        }
    }
}

/// Whether the noun phrase headed by token `head` opens its clause, as a subject does: only
/// determiners and lowercase modifiers before it ("The", "many local") back to the sentence's
/// start, a comma, a quotation mark or a conjunction.
fn opens_clause(text: &Text, head: usize) -> bool {
    let sentence = text.tokens[head].sentence;
    let mut j = head;
    for _ in 0..3 {
        let Some(before) = j.checked_sub(1).map(|b| &text.tokens[b]).filter(|b| b.sentence == sentence) else {
            return true;
        };
        if matches!(
            before.lower.as_str(),
            "," | ";" | "“" | "\"" | "and" | "but" | "because" | "while" | "when" | "that"
        ) {
            return true;
        }
        // "The", "Many" open a sentence capitalized; other capitalized words are names.
        let opener = |list: &[&str]| list.contains(&before.lower.as_str());
        // A verb or a preposition before the noun makes it an object or a predicate ("were
        // victims of", "told the officers").
        let modifier = opener(super::nominal::DETERMINERS)
            || opener(super::nominal::INDEFINITES)
            || (text.text[before.span.start..].starts_with(char::is_lowercase)
                && !opener(super::text::AUXILIARIES)
                && !opener(super::text::PREPOSITIONS));
        if !before.word || !modifier {
            return false;
        }
        j -= 1;
    }
    false
}

/// Whether a nominal's head names a group of people or bodies that "they" can take: a plural
/// ("officials", "the women", "residents") or a collective ("police", "people").
pub(super) fn is_plural_group(head: &str) -> bool {
    matches!(head, "people" | "men" | "women" | "children" | "police" | "staff")
        || (head.ends_with('s') && !head.ends_with("ss") && !head.ends_with("us") && head.chars().count() > 3)
}
