//! Linking: canonical actors across a corpus in three steps that never hold the corpus in memory.
//!
//! 1. **Observe**: each record's actors (grouped within their document, see [`crate::actors`])
//!    add their name statistics to a [`NameTable`]: which full names each surname stands for, in
//!    how many documents, and how often each spelling of a name is used.
//! 2. **Resolve**: tables from many files or workers merge by adding counts ([`NameTable::merge`]).
//!    The table grows with the number of distinct names, not with the number of documents.
//! 3. **Apply**: each record is rewritten on its own ([`finish`] with the table): a surname alone
//!    joins the full name the corpus has for it (the only one, or one that clearly dominates it),
//!    variants of one name take the most frequent spelling, actors of one document that now share
//!    an id become one, and the article's tone toward each actor and its salience are computed.
//!
//! The counts do not depend on the order documents are observed in, so linking shard outputs
//! gives the records one run over the whole corpus gives. [`finish`] without a table gives a
//! record linked within its document only (`slant tag --no-link`).

use crate::actors::{dominant_full_name, fold, initials_free_key, kind_code, person_key, slug, surname_key};
use crate::document::{EntityKind, MentionKind};
use crate::records::{round4, CodePoints, Salience, TaggedActor, TaggedDocument};
use crate::tone::aggregate::{aggregate, ActorContext, ArticleContext};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Name statistics of a corpus: everything the linking rules need, and nothing per document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NameTable {
    /// Surname → full-name key → number of document actors with that full name.
    pub by_surname: BTreeMap<String, BTreeMap<String, u64>>,
    /// `kind:key` → spelling → mentions with that spelling.
    pub spellings: BTreeMap<String, BTreeMap<String, u64>>,
    /// A person's first and last name → the initialed forms of it ("george bush" → "george .w
    /// bush") → document actors with that form.
    #[serde(default)]
    pub by_initials_free: BTreeMap<String, BTreeMap<String, u64>>,
    /// An organization's or place's name key → type (`org`, `loc`) → name mentions with it: NER
    /// calls one name an organization in one article and a place in the next.
    #[serde(default)]
    pub kinds: BTreeMap<String, BTreeMap<String, u64>>,
    /// Documents observed (for reports).
    pub documents: u64,
}

impl NameTable {
    /// Adds one record's actors (as [`finish`] without a table leaves them).
    pub fn observe(&mut self, doc: &TaggedDocument) {
        self.documents += 1;
        for actor in doc.actors.iter().filter(|a| is_named(a)) {
            let key = actor_key(actor.kind, &actor.name);
            if actor.kind == EntityKind::Person && word_count(&actor.name) >= 2 {
                *self.by_surname.entry(surname_key(&actor.name)).or_default().entry(key.clone()).or_default() += 1;
                let free = initials_free_key(&key);
                if free != key {
                    *self.by_initials_free.entry(free).or_default().entry(key.clone()).or_default() += 1;
                }
            }
            if actor.kind != EntityKind::Person {
                *self.kinds.entry(key.clone()).or_default().entry(kind_code(actor.kind).to_string()).or_default() +=
                    name_mentions(actor) as u64;
            }
            *self
                .spellings
                .entry(spelling_key(actor.kind, &key))
                .or_default()
                .entry(actor.name.clone())
                .or_default() += name_mentions(actor) as u64;
        }
    }

    /// Adds another table's counts (tables of shards or workers).
    pub fn merge(&mut self, other: NameTable) {
        for (mine, theirs) in [
            (&mut self.by_surname, other.by_surname),
            (&mut self.spellings, other.spellings),
            (&mut self.by_initials_free, other.by_initials_free),
            (&mut self.kinds, other.kinds),
        ] {
            for (key, counts) in theirs {
                let entry = mine.entry(key).or_default();
                for (name, n) in counts {
                    *entry.entry(name).or_default() += n;
                }
            }
        }
        self.documents += other.documents;
    }

    /// The corpus-wide name of an actor named `name` in its document.
    fn canonical_name(&self, actor: &TaggedActor) -> String {
        let mut name = actor.name.clone();
        if actor.kind == EntityKind::Person && word_count(&name) == 1 && actor.external_id.is_none() {
            // A surname alone: the full name the corpus has for it, in its most used spelling.
            if let Some(full_key) = self.by_surname.get(&fold(&name)).and_then(dominant_full_name) {
                if let Some(spellings) = self.spellings.get(&spelling_key(actor.kind, full_key)) {
                    if let Some((full, _)) = spellings.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))) {
                        name = full.clone();
                    }
                }
            }
        }
        if actor.kind == EntityKind::Person && word_count(&name) >= 2 && actor.external_id.is_none() {
            // A name without initials: the one initialed form the corpus has for it.
            let key = person_key(&name);
            if let Some(initialed) = self.by_initials_free.get(&key).and_then(dominant_full_name) {
                if let Some(spellings) = self.spellings.get(&spelling_key(actor.kind, initialed)) {
                    if let Some((full, _)) = spellings.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))) {
                        name = full.clone();
                    }
                }
            }
        }
        if actor.external_id.is_none() && actor.group.is_none() {
            let key = actor_key(actor.kind, &name);
            if let Some(spellings) = self.spellings.get(&spelling_key(actor.kind, &key)) {
                // The most used spelling; ties go to the shorter, then the first in order.
                let best =
                    spellings.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.len().cmp(&a.0.len())).then(b.0.cmp(a.0)));
                if let Some((best, _)) = best {
                    if word_count(best) >= word_count(&name) {
                        name = best.clone();
                    }
                }
            }
        }
        name
    }

    /// The corpus-wide type of an organization or place: the one most of its name mentions have
    /// (ties keep the actor's own).
    fn canonical_kind(&self, actor: &TaggedActor) -> EntityKind {
        if actor.kind == EntityKind::Person {
            return actor.kind;
        }
        let Some(counts) = self.kinds.get(&actor_key(actor.kind, &actor.name)) else { return actor.kind };
        let own = counts.get(kind_code(actor.kind)).copied().unwrap_or(0);
        match counts.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))) {
            Some((code, &n)) if n > own => match code.as_str() {
                "org" => EntityKind::Organization,
                "loc" => EntityKind::Location,
                _ => actor.kind,
            },
            _ => actor.kind,
        }
    }
}

/// Finishes a record's actors: canonical names from `table` (corpus-wide) or as the document
/// has them (`None`), ids from the names, actors sharing an id merged, then each actor's tone,
/// evidence and salience, most mentioned first.
pub fn finish(doc: &mut TaggedDocument, table: Option<&NameTable>) {
    let document_hash = crate::hash::fnv1a(doc.id.as_bytes()) as u32;
    let mut unnamed = 0;
    for actor in &mut doc.actors {
        if !is_named(actor) {
            // No name: the actor exists in this document only (a narrator, "the company" when no
            // company is named), so its id must never meet another document's.
            unnamed += 1;
            actor.id = format!("{}:~{document_hash:08x}-{unnamed}", kind_code(actor.kind));
            continue;
        }
        if let Some(table) = table {
            actor.kind = table.canonical_kind(actor);
            actor.name = table.canonical_name(actor);
        }
        actor.id = format!("{}:{}", kind_code(actor.kind), slug(&actor.name));
    }
    // Merge in order of first appearance, so aliases keep the order the article uses them in.
    doc.actors.sort_by_key(first_name_mention);
    merge_same_ids(&mut doc.actors);
    let code_points = CodePoints::new(&doc.text);
    let article = ArticleContext::new(&doc.text, &doc.sentences, &code_points);
    let total_mentions: usize = doc.actors.iter().map(name_mentions).sum();
    let text_chars = doc.text.chars().count();
    for actor in &mut doc.actors {
        actor.salience = salience(actor, doc.title.as_deref(), total_mentions, text_chars);
        let context = ActorContext { actor, salience: &actor.salience, article: &article };
        match aggregate(&context) {
            Some((tone, evidence)) => {
                actor.tone = Some(tone);
                actor.evidence = evidence;
            }
            None => {
                actor.tone = None;
                actor.evidence.clear();
            }
        }
    }
    // Most named first; ties by first appearance.
    doc.actors.sort_by(|a, b| {
        name_mentions(b).cmp(&name_mentions(a)).then(first_name_mention(a).cmp(&first_name_mention(b)))
    });
    doc.slant.linked = table.is_some();
}

/// Actors of one document that share an id are one actor: the first keeps its name and adds the
/// others' aliases, role and mentions.
fn merge_same_ids(actors: &mut Vec<TaggedActor>) {
    let mut merged: Vec<TaggedActor> = Vec::with_capacity(actors.len());
    for actor in actors.drain(..) {
        match merged.iter_mut().find(|a| a.id == actor.id) {
            Some(existing) => {
                for alias in actor.aliases {
                    if !existing.aliases.contains(&alias) {
                        existing.aliases.push(alias);
                    }
                }
                existing.role = existing.role.take().or(actor.role);
                existing.external_id = existing.external_id.take().or(actor.external_id);
                existing.group = existing.group.take().or(actor.group);
                existing.mentions.extend(actor.mentions);
                existing.mentions.sort_by_key(|m| (m.start, m.end));
            }
            None => merged.push(actor),
        }
    }
    *actors = merged;
}

/// How prominent an actor is in its document.
fn salience(actor: &TaggedActor, title: Option<&str>, total_mentions: usize, text_chars: usize) -> Salience {
    let words_of = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(fold).collect()
    };
    let title_words = words_of(title.unwrap_or_default());
    let in_title = actor.aliases.iter().chain(std::iter::once(&actor.name)).any(|alias| {
        let words = words_of(alias);
        !words.is_empty() && title_words.windows(words.len()).any(|w| w == words.as_slice())
    });
    let first = names(actor).map(|m| m.start).min().unwrap_or(0);
    Salience {
        mention_share: round4(name_mentions(actor) as f32 / total_mentions.max(1) as f32),
        in_title,
        first_mention: round4(first as f32 / text_chars.max(1) as f32),
    }
}

/// An actor's name mentions. Salience, the order of actors and the name statistics count only
/// these: pronouns and role nouns ([`crate::coref`]) depend on how an article is written more
/// than on how much it is about the actor, and they would make counts differ from records
/// written before they were linked.
fn names(actor: &TaggedActor) -> impl Iterator<Item = &crate::records::TaggedMention> {
    actor.mentions.iter().filter(|m| m.kind == MentionKind::Name)
}

/// Whether the actor has a name mention; unnamed actors (pronoun chains, a narrator, nominals
/// with no named antecedent) have local ids (`per:~1a2b3c4d-1`) and are never linked across
/// documents.
pub fn is_named(actor: &TaggedActor) -> bool {
    names(actor).next().is_some()
}

fn name_mentions(actor: &TaggedActor) -> usize {
    names(actor).count()
}

/// Where the actor is first named (`usize::MAX` without a name mention).
fn first_name_mention(actor: &TaggedActor) -> usize {
    names(actor).map(|m| m.start).min().unwrap_or(usize::MAX)
}

fn word_count(name: &str) -> usize {
    name.split_whitespace().count()
}

fn actor_key(kind: EntityKind, name: &str) -> String {
    if kind == EntityKind::Person {
        person_key(name)
    } else {
        fold(name)
    }
}

fn spelling_key(kind: EntityKind, key: &str) -> String {
    format!("{}:{key}", kind_code(kind))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::TaggedMention;

    fn actor(name: &str, kind: EntityKind, starts: &[usize]) -> TaggedActor {
        TaggedActor {
            id: String::new(),
            name: name.into(),
            kind,
            aliases: vec![name.into()],
            role: None,
            external_id: None,
            group: None,
            mentions: starts
                .iter()
                .map(|&s| TaggedMention {
                    start: s,
                    end: s + 1,
                    text: "x".into(),
                    sentence: 0,
                    quoted: false,
                    tone: None,
                    kind: MentionKind::Name,
                })
                .collect(),
            salience: Salience::default(),
            tone: None,
            evidence: Vec::new(),
        }
    }

    fn record(id: &str, actors: Vec<TaggedActor>) -> TaggedDocument {
        let line = format!(r#"{{"id":"{id}","text":"{}"}}"#, "x".repeat(40));
        let mut doc: TaggedDocument = serde_json::from_str(&line).unwrap();
        doc.actors = actors;
        finish(&mut doc, None);
        doc
    }

    fn ids(doc: &TaggedDocument) -> Vec<(&str, usize)> {
        doc.actors.iter().map(|a| (a.id.as_str(), a.mentions.len())).collect()
    }

    #[test]
    fn tables_merge_to_the_table_of_the_whole_corpus_in_any_order() {
        use EntityKind::Person as P;
        let docs = vec![
            record("a", vec![actor("Sergey Lavrov", P, &[0, 5]), actor("Marco Rubio", P, &[9])]),
            record("b", vec![actor("Sergei Lavrov", P, &[0]), actor("Rubio", P, &[3])]),
            record("c", vec![actor("Lavrov", P, &[1])]),
        ];
        let mut whole = NameTable::default();
        docs.iter().for_each(|d| whole.observe(d));
        let mut parts = [NameTable::default(), NameTable::default()];
        parts[1].observe(&docs[2]);
        parts[0].observe(&docs[1]);
        parts[1].observe(&docs[0]);
        let [mut first, second] = parts;
        first.merge(second);
        assert_eq!(first, whole);
        assert_eq!(whole.documents, 3);

        let mut linked = docs.clone();
        linked.iter_mut().for_each(|d| finish(d, Some(&whole)));
        assert_eq!(ids(&linked[0]), [("per:sergey-lavrov", 2), ("per:marco-rubio", 1)]);
        // "Sergei" is the less used spelling; a surname alone joins the corpus's full name.
        assert_eq!(ids(&linked[1]), [("per:sergey-lavrov", 1), ("per:marco-rubio", 1)]);
        assert_eq!(ids(&linked[2]), [("per:sergey-lavrov", 1)]);
        assert!(linked.iter().all(|d| d.slant.linked) && docs.iter().all(|d| !d.slant.linked));
        // Applying the same table again changes nothing.
        let mut again = linked.clone();
        again.iter_mut().for_each(|d| finish(d, Some(&whole)));
        assert_eq!(
            again.iter().map(|d| d.actors.clone()).collect::<Vec<_>>(),
            linked.iter().map(|d| d.actors.clone()).collect::<Vec<_>>()
        );
    }

    #[test]
    fn actors_that_meet_merge_and_most_mentioned_comes_first() {
        use EntityKind::{Location as L, Person as P};
        let mut table = NameTable::default();
        let full = record("a", vec![actor("Donald Trump", P, &[0])]);
        table.observe(&full);
        let mut doc =
            record("b", vec![actor("Kyiv", L, &[0, 20]), actor("Donald Trump", P, &[30]), actor("Trump", P, &[5, 12])]);
        table.observe(&doc);
        finish(&mut doc, Some(&table));
        assert_eq!(ids(&doc), [("per:donald-trump", 3), ("loc:kyiv", 2)]);
        let trump = &doc.actors[0];
        assert_eq!(trump.aliases, ["Trump", "Donald Trump"]);
        assert_eq!(trump.mentions.iter().map(|m| m.start).collect::<Vec<_>>(), [5, 12, 30]);
        assert!((trump.salience.mention_share - 0.6).abs() < 1e-6);
        assert!((trump.salience.first_mention - 5.0 / 40.0).abs() < 1e-6);
    }

    #[test]
    fn an_ambiguous_surname_stays_apart() {
        use EntityKind::Person as P;
        let docs = [
            record("a", vec![actor("Joe Smith", P, &[0])]),
            record("b", vec![actor("Anna Smith", P, &[0])]),
            record("c", vec![actor("Smith", P, &[0])]),
        ];
        let mut table = NameTable::default();
        docs.iter().for_each(|d| table.observe(d));
        let mut c = docs[2].clone();
        finish(&mut c, Some(&table));
        assert_eq!(ids(&c), [("per:smith", 1)]);
    }
}
