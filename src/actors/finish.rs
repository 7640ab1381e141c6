//! The actor stage's last step on a document: ids from names, one actor per id, salience, and
//! the order records list actors in (most named first).
//!
//! [`crate::link`] renames actors across a corpus on their records and must then merge, score and
//! order them by the same rules, so the rules are written once here, over [`ActorParts`], which
//! both the document's [`Actor`] and the record's [`TaggedActor`] implement.

use super::names::{fold, kind_code, slug};
use crate::document::{Actor, Document, EntityKind, MentionKind, Salience};
use crate::records::{round4, TaggedActor};
use crate::segment::words;

/// What ids, merging and ordering read of an actor, in a document or in a record.
pub(crate) trait ActorParts: Sized {
    fn id(&self) -> &str;
    /// Start offsets of the name mentions (bytes or code points: only their order is used).
    fn name_starts(&self) -> impl Iterator<Item = usize> + '_;
    /// Takes in another actor with the same id: its aliases, role, identities and mentions.
    fn absorb(&mut self, other: Self);

    fn name_mentions(&self) -> usize {
        self.name_starts().count()
    }

    /// Where the actor is first named (`usize::MAX` without a name mention).
    fn first_name_start(&self) -> usize {
        self.name_starts().min().unwrap_or(usize::MAX)
    }
}

impl ActorParts for Actor {
    fn id(&self) -> &str {
        &self.id
    }

    fn name_starts(&self) -> impl Iterator<Item = usize> + '_ {
        self.mentions.iter().filter(|m| m.kind == MentionKind::Name).map(|m| m.span.start)
    }

    fn absorb(&mut self, other: Self) {
        add_aliases(&mut self.aliases, other.aliases);
        fill(&mut self.role, other.role);
        fill(&mut self.external_id, other.external_id);
        fill(&mut self.group, other.group);
        self.collective |= other.collective;
        self.mentions.extend(other.mentions);
        self.mentions.sort_by_key(|m| (m.span.start, m.span.end));
    }
}

impl ActorParts for TaggedActor {
    fn id(&self) -> &str {
        &self.id
    }

    fn name_starts(&self) -> impl Iterator<Item = usize> + '_ {
        self.mentions.iter().filter(|m| m.kind == MentionKind::Name).map(|m| m.start)
    }

    fn absorb(&mut self, other: Self) {
        add_aliases(&mut self.aliases, other.aliases);
        fill(&mut self.role, other.role);
        fill(&mut self.external_id, other.external_id);
        fill(&mut self.group, other.group);
        self.collective |= other.collective;
        self.mentions.extend(other.mentions);
        self.mentions.sort_by_key(|m| (m.start, m.end));
    }
}

/// The first actor keeps its name, role and identities; the other adds the aliases the first
/// lacks and fills what the first has not.
fn add_aliases(aliases: &mut Vec<String>, other: Vec<String>) {
    for alias in other {
        if !aliases.contains(&alias) {
            aliases.push(alias);
        }
    }
}

fn fill(mine: &mut Option<String>, theirs: Option<String>) {
    if mine.is_none() {
        *mine = theirs;
    }
}

/// The id of a named actor: its type and its name's slug (`per:sergey-lavrov`).
pub fn actor_id(kind: EntityKind, name: &str) -> String {
    format!("{}:{}", kind_code(kind), slug(name))
}

/// Ids, merging, salience and order of a document's actors (see the module comment); run after
/// grouping and coreference, before article tone.
pub fn finish_document(doc: &mut Document) {
    let document_hash = crate::hash::fnv1a(doc.id.as_bytes()) as u32;
    let mut unnamed = 0;
    for actor in &mut doc.actors {
        actor.id = if actor.name_mentions() == 0 && actor.external_id.is_none() {
            // No name: the actor exists in this document only (a narrator, "the company" when no
            // company is named), so its id must never meet another document's. One the knowledge
            // table identified ("this nation" for the United States) keeps its name's id.
            unnamed += 1;
            format!("{}:~{document_hash:08x}-{unnamed}", kind_code(actor.kind))
        } else {
            actor_id(actor.kind, &actor.name)
        };
    }
    merge_same_ids(&mut doc.actors);
    let total = doc.actors.iter().map(ActorParts::name_mentions).sum();
    // The first mention's place as a share of code points, so that it reads the same as the
    // record's offsets (the text is walked once per actor: a handful per document).
    let text_chars = doc.text.chars().count();
    let title = doc.metadata.title.as_deref();
    for actor in &mut doc.actors {
        let first = actor.name_starts().min().map_or(0, |byte| doc.text[..byte].chars().count());
        let names = actor.aliases.iter().chain(std::iter::once(&actor.name)).map(String::as_str);
        actor.salience = salience(actor.name_mentions(), first, total, text_chars, title, names);
    }
    order(&mut doc.actors);
}

/// Actors that share an id become one, in order of first appearance (so aliases keep the order
/// the article uses them in). Returns, for each actor left, whether it took in another.
pub(crate) fn merge_same_ids<A: ActorParts>(actors: &mut Vec<A>) -> Vec<bool> {
    actors.sort_by_key(ActorParts::first_name_start);
    let mut merged: Vec<(A, bool)> = Vec::with_capacity(actors.len());
    for actor in actors.drain(..) {
        match merged.iter_mut().find(|(a, _)| a.id() == actor.id()) {
            Some((existing, took_in)) => {
                existing.absorb(actor);
                *took_in = true;
            }
            None => merged.push((actor, false)),
        }
    }
    let (kept, took_in) = merged.into_iter().unzip();
    *actors = kept;
    took_in
}

/// Most named first; ties by first appearance.
pub(crate) fn order<A: ActorParts>(actors: &mut [A]) {
    actors.sort_by(|a, b| {
        b.name_mentions().cmp(&a.name_mentions()).then(a.first_name_start().cmp(&b.first_name_start()))
    });
}

/// How prominent an actor is in its document, from its name mentions only: pronouns and role
/// nouns ([`crate::coref`]) depend on how an article is written more than on how much it is about
/// the actor. `first_char` and `text_chars` are in code points; `names` are the actor's name and
/// aliases, looked for as whole words in the title.
pub(crate) fn salience<'a>(
    name_mentions: usize,
    first_char: usize,
    total_name_mentions: usize,
    text_chars: usize,
    title: Option<&str>,
    names: impl IntoIterator<Item = &'a str>,
) -> Salience {
    let words_of = |text: &str| -> Vec<String> { words(text).map(fold).collect() };
    let title_words = words_of(title.unwrap_or_default());
    let in_title = names.into_iter().any(|name| {
        let words = words_of(name);
        !words.is_empty() && title_words.windows(words.len()).any(|w| w == words.as_slice())
    });
    Salience {
        mention_share: round4(name_mentions as f32 / total_name_mentions.max(1) as f32),
        in_title,
        first_mention: round4(first_char as f32 / text_chars.max(1) as f32),
    }
}
