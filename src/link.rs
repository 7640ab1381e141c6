//! Linking: canonical actors across a corpus in three steps that never hold the corpus in memory.
//!
//! 1. **Observe**: each record's actors (grouped within their document, see `crate::actors`)
//!    add their name statistics to a [`NameTable`]: which full names each surname stands for, in
//!    how many documents, and how often each spelling of a name is used.
//! 2. **Resolve**: tables from many files or workers merge by adding counts ([`NameTable::merge`]).
//!    The table grows with the number of distinct names, not with the number of documents.
//! 3. **Apply**: each record is rewritten on its own ([`finish`] with the table): a surname alone
//!    joins the full name the corpus has for it (the only one, or one that clearly dominates it),
//!    variants of one name take the most frequent spelling, and actors of one document that now
//!    share an id become one.
//!
//! Ids, salience and article tone within a document are the document stages' work
//! (`crate::actors::finish_document`, [`crate::tone::aggregate::article_tone`]); a record
//! written with `slant tag --no-link` is final as it is. Linking only renames and merges, and
//! scores again only the actors it changed. The counts do not depend on the order documents are
//! observed in, so linking shard outputs gives the records one run over the whole corpus gives.
//!
//! Not part of the documented library surface (see the crate docs, "What is public"): public
//! for the `slant` binary, training, evaluation and the integration tests.
#![doc(hidden)]

use crate::actors::{
    actor_id, designated_stem, dominant_full_name, fold, initials_free_key, introduced_as_relative, kind_code,
    merge_same_ids, name_word_count, order, person_key, salience, surname_key, ActorParts,
};
use crate::document::{EntityKind, MentionKind};
use crate::offsets::CodePoints;
use crate::records::{TaggedActor, TaggedDocument};
use crate::tone::aggregate::{aggregate, ActorContext, Aggregator, ArticleContext};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The spelling a name is shown in across the corpus: one in capitals only when no other is
/// used (a dateline's "WASHINGTON" is "Washington"; "BRICS" stays), then the most used; ties go
/// to the shorter, then the first in order.
fn preferred_spelling(spellings: &BTreeMap<String, u64>) -> Option<&String> {
    let capitals_only = |s: &str| !s.chars().any(char::is_lowercase);
    spellings
        .iter()
        .max_by(|a, b| {
            capitals_only(b.0)
                .cmp(&capitals_only(a.0))
                .then(a.1.cmp(b.1))
                .then(b.0.len().cmp(&a.0.len()))
                .then(b.0.cmp(a.0))
        })
        .map(|(spelling, _)| spelling)
}

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
    /// An organization's name without its designators ("harvard") → the full names' keys
    /// ("Harvard University") → document actors with that name: another article's "Harvard".
    #[serde(default)]
    pub by_designated_stem: BTreeMap<String, BTreeMap<String, u64>>,
    /// Documents observed (for reports).
    pub documents: u64,
}

impl NameTable {
    /// Adds one record's actors (as the document stages wrote them, or already linked).
    pub fn observe(&mut self, doc: &TaggedDocument) {
        self.documents += 1;
        for actor in doc.actors.iter().filter(|a| is_named(a)) {
            let key = actor_key(actor.kind, &actor.name);
            if actor.kind == EntityKind::Person && name_word_count(&actor.name) >= 2 {
                *self.by_surname.entry(surname_key(&actor.name)).or_default().entry(key.clone()).or_default() += 1;
                let free = initials_free_key(&key);
                if free != key {
                    *self.by_initials_free.entry(free).or_default().entry(key.clone()).or_default() += 1;
                }
            }
            if actor.kind != EntityKind::Person {
                *self.kinds.entry(key.clone()).or_default().entry(kind_code(actor.kind).to_string()).or_default() +=
                    actor.name_mentions() as u64;
            }
            if let Some(stem) = designated_stem(&actor.name).filter(|_| actor.kind == EntityKind::Organization) {
                *self.by_designated_stem.entry(fold(stem)).or_default().entry(key.clone()).or_default() += 1;
            }
            *self
                .spellings
                .entry(spelling_key(actor.kind, &key))
                .or_default()
                .entry(actor.name.clone())
                .or_default() += actor.name_mentions() as u64;
        }
    }

    /// Adds another table's counts (tables of shards or workers).
    pub fn merge(&mut self, other: NameTable) {
        for (mine, theirs) in [
            (&mut self.by_surname, other.by_surname),
            (&mut self.spellings, other.spellings),
            (&mut self.by_initials_free, other.by_initials_free),
            (&mut self.kinds, other.kinds),
            (&mut self.by_designated_stem, other.by_designated_stem),
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

    /// The corpus-wide name of an actor named `name` in its document, where `relatives` gives
    /// where the document brings in people as somebody's relative (by person key).
    fn canonical_name(&self, actor: &TaggedActor, relatives: &BTreeMap<String, usize>) -> String {
        let mut name = actor.name.clone();
        if actor.kind == EntityKind::Person && name_word_count(&name) == 1 && actor.external_id.is_none() {
            // A surname alone: the full name the corpus has for it, in its most used spelling;
            // not one its own document brings in only after the surname ("Larson was born ...
            // the daughter of John Larson"), which the document stage chose to keep apart.
            let brought_in_later =
                |full_key: &&String| relatives.get(*full_key).is_some_and(|&at| at > actor.first_name_start());
            let dominant = self.by_surname.get(&surname_key(&name)).and_then(dominant_full_name);
            if let Some(full_key) = dominant.filter(|k| !brought_in_later(k)) {
                if let Some(full) = self.spellings.get(&spelling_key(actor.kind, full_key)).and_then(preferred_spelling)
                {
                    name = full.clone();
                }
            }
        }
        let one_word_org = actor.kind == EntityKind::Organization && name_word_count(&name) == 1;
        if one_word_org && actor.external_id.is_none() && actor.group.is_none() {
            // "Harvard": the one "Harvard University" the corpus has.
            let full_key = self.by_designated_stem.get(&fold(&name)).and_then(dominant_full_name);
            if let Some(full) = full_key.and_then(|k| {
                self.spellings.get(&spelling_key(EntityKind::Organization, k)).and_then(preferred_spelling)
            }) {
                name = full.clone();
            }
        }
        if actor.kind == EntityKind::Person && name_word_count(&name) >= 2 && actor.external_id.is_none() {
            // A name without initials: the one initialed form the corpus has for it.
            let key = person_key(&name);
            if let Some(initialed) = self.by_initials_free.get(&key).and_then(dominant_full_name) {
                if let Some(full) =
                    self.spellings.get(&spelling_key(actor.kind, initialed)).and_then(preferred_spelling)
                {
                    name = full.clone();
                }
            }
        }
        if actor.external_id.is_none() && actor.group.is_none() {
            let key = actor_key(actor.kind, &name);
            if let Some(best) = self.spellings.get(&spelling_key(actor.kind, &key)).and_then(preferred_spelling) {
                if name_word_count(best) >= name_word_count(&name) {
                    name = best.clone();
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

/// Links a record's actors across the corpus with `table`: canonical types and names, ids from
/// them, and actors of the document that now share an id merged. Only an actor whose name or
/// mentions changed has its salience and article tone computed again, by the rules the document
/// stages use (`crate::actors::finish_document`, [`crate::tone::aggregate`]); the rest are
/// kept as the document stages wrote them; tone by `aggregator` (the pipeline's, or
/// [`Aggregator::shipped`] where no tone model is loaded, as in `slant link`).
pub fn finish(doc: &mut TaggedDocument, table: &NameTable, aggregator: &Aggregator) {
    let relatives = relatives_brought_in(doc);
    let mut renamed_ids: Vec<String> = Vec::new();
    for actor in doc.actors.iter_mut().filter(|a| is_named(a)) {
        // Unnamed actors keep their local id (`per:~1a2b3c4d-1`): they are never linked.
        actor.kind = table.canonical_kind(actor);
        let name = table.canonical_name(actor, &relatives);
        if name != actor.name {
            actor.name = name;
            renamed_ids.push(actor_id(actor.kind, &actor.name));
        }
        actor.id = actor_id(actor.kind, &actor.name);
    }
    let took_in = merge_same_ids(&mut doc.actors);
    let changed: Vec<bool> =
        doc.actors.iter().zip(took_in).map(|(a, took_in)| took_in || renamed_ids.contains(&a.id)).collect();
    if changed.contains(&true) {
        rescore(doc, &changed, aggregator);
    }
    order(&mut doc.actors);
    doc.slant.linked = true;
}

/// Where a record first names, in full, each person it brings in as somebody's relative (by
/// person key). Only a surname standing alone asks, so a record without one reads no text.
fn relatives_brought_in(doc: &TaggedDocument) -> BTreeMap<String, usize> {
    let is_person = |a: &&TaggedActor| a.kind == EntityKind::Person;
    let mut relatives = BTreeMap::new();
    if !doc.actors.iter().filter(is_person).any(|a| name_word_count(&a.name) == 1) {
        return relatives;
    }
    let code_points = CodePoints::new(&doc.text);
    for actor in doc.actors.iter().filter(is_person).filter(|a| name_word_count(&a.name) >= 2) {
        let first = actor.first_name_start();
        if first < code_points.len() && introduced_as_relative(&doc.text[..code_points.byte(first)]) {
            relatives.insert(person_key(&actor.name), first);
        }
    }
    relatives
}

/// Salience, tone and evidence again for the `changed` actors of a record.
fn rescore(doc: &mut TaggedDocument, changed: &[bool], aggregator: &Aggregator) {
    let code_points = CodePoints::new(&doc.text);
    let total = doc.actors.iter().map(ActorParts::name_mentions).sum();
    let text_chars = doc.text.chars().count();
    let mut actors = std::mem::take(&mut doc.actors);
    {
        let article = ArticleContext::of_record(doc, &code_points);
        for (actor, _) in actors.iter_mut().zip(changed).filter(|(_, changed)| **changed) {
            let first = actor.name_starts().min().unwrap_or(0);
            let names = actor.aliases.iter().chain(std::iter::once(&actor.name)).map(String::as_str);
            actor.salience = salience(actor.name_mentions(), first, total, text_chars, doc.title.as_deref(), names);
            (actor.tone, actor.evidence) = match aggregate(&ActorContext::of_record(actor, &article), aggregator) {
                Some((tone, evidence)) => {
                    (Some(tone), evidence.iter().map(|e| doc.evidence(e.sentence, e.effect, &code_points)).collect())
                }
                None => (None, Vec::new()),
            };
        }
    }
    doc.actors = actors;
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
pub(crate) fn is_named(actor: &TaggedActor) -> bool {
    names(actor).next().is_some()
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
    use crate::records::{Salience, TaggedMention};

    fn actor(name: &str, kind: EntityKind, starts: &[usize]) -> TaggedActor {
        TaggedActor {
            id: String::new(),
            name: name.into(),
            kind,
            aliases: vec![name.into()],
            role: None,
            external_id: None,
            group: None,
            collective: false,
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
        doc.slant.linked = false; // as the document stages write it
        for actor in &mut doc.actors {
            actor.id = actor_id(actor.kind, &actor.name);
        }
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
        linked.iter_mut().for_each(|d| finish(d, &whole, Aggregator::shipped()));
        assert_eq!(ids(&linked[0]), [("per:sergey-lavrov", 2), ("per:marco-rubio", 1)]);
        // "Sergei" is the less used spelling; a surname alone joins the corpus's full name.
        assert_eq!(ids(&linked[1]), [("per:sergey-lavrov", 1), ("per:marco-rubio", 1)]);
        assert_eq!(ids(&linked[2]), [("per:sergey-lavrov", 1)]);
        assert!(linked.iter().all(|d| d.slant.linked) && docs.iter().all(|d| !d.slant.linked));
        // Applying the same table again changes nothing.
        let mut again = linked.clone();
        again.iter_mut().for_each(|d| finish(d, &whole, Aggregator::shipped()));
        assert_eq!(
            again.iter().map(|d| d.actors.clone()).collect::<Vec<_>>(),
            linked.iter().map(|d| d.actors.clone()).collect::<Vec<_>>()
        );
    }

    #[test]
    fn an_organizations_name_without_its_designator_joins_the_corpus_full_name() {
        use EntityKind::Organization as O;
        let docs = vec![
            record("a", vec![actor("Harvard University", O, &[0])]),
            record("b", vec![actor("Harvard", O, &[0])]),
            // Two bodies share the stem, neither dominating: "Acme" stays as it is.
            record("c", vec![actor("Acme Group", O, &[0]), actor("Acme Corporation", O, &[5])]),
            record("d", vec![actor("Acme", O, &[0])]),
        ];
        let mut table = NameTable::default();
        docs.iter().for_each(|d| table.observe(d));
        let mut linked = docs.clone();
        linked.iter_mut().for_each(|d| finish(d, &table, Aggregator::shipped()));
        assert_eq!(ids(&linked[1]), [("org:harvard-university", 1)]);
        assert_eq!(ids(&linked[3]), [("org:acme", 1)]);
    }

    #[test]
    fn a_surname_stays_apart_from_a_relative_its_document_brings_in_after_it() {
        use EntityKind::Person as P;
        let mut table = NameTable::default();
        table.observe(&record("a", vec![actor("John Larson", P, &[0])]));
        let mut doc = record("b", vec![actor("Larson", P, &[0, 54]), actor("John Larson", P, &[41])]);
        doc.text = "Larson was born in Ohio, the daughter of John Larson. Larson sings.".into();
        table.observe(&doc);
        finish(&mut doc, &table, Aggregator::shipped());
        assert_eq!(ids(&doc), [("per:larson", 2), ("per:john-larson", 1)]);
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
        finish(&mut doc, &table, Aggregator::shipped());
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
        finish(&mut c, &table, Aggregator::shipped());
        assert_eq!(ids(&c), [("per:smith", 1)]);
    }
}

#[cfg(test)]
mod rescore_tests {
    use super::*;
    use crate::document::{EntityKind::Person as P, Mention, MentionKind};

    /// A document whose actors went through every document stage, their mentions given made-up
    /// tones; the text is not ASCII, so bytes and code points differ.
    fn scored_document() -> crate::document::Document {
        let text = "Ségolène Royal praised the plan in Łódź. Royal said it was excellent. \
                    Critics attacked Royal. Dupont, a rival, called it a disaster.";
        let mut doc = crate::actors::test_document(
            "d1",
            text,
            &[("Ségolène Royal", P), ("Royal", P), ("Royal", P), ("Dupont", P)],
        );
        doc.metadata.title = Some("Royal in Łódź".into());
        doc.actors = crate::actors::group_document(&doc, &crate::actors::Aliases::default());
        let he = text.find("it was").unwrap();
        doc.actors[0].mentions.push(Mention {
            span: crate::document::Span::new(he, he + 2),
            sentence: 1,
            quoted: false,
            tone: None,
            kind: MentionKind::Pronoun,
        });
        for (i, m) in doc.actors.iter_mut().flat_map(|a| a.mentions.iter_mut()).enumerate() {
            let p = [0.1 + 0.07 * i as f32, 0.3, 0.6 - 0.07 * i as f32];
            m.tone = Some(p.map(|x| x / p.iter().sum::<f32>()));
        }
        crate::actors::finish_document(&mut doc);
        crate::tone::aggregate::article_tone(&mut doc, Aggregator::shipped());
        doc
    }

    #[test]
    fn tone_and_salience_computed_again_on_the_record_equal_the_document_stages() {
        let doc = scored_document();
        let record = crate::output::document_record(&doc, &Default::default(), Default::default());
        assert_eq!(record.actors.len(), 2);
        assert!(record.actors.iter().all(|a| a.tone.is_some() && !a.evidence.is_empty()));
        assert!(record.actors[0].salience.in_title && record.actors[0].salience.first_mention == 0.0);
        let mut again = record.clone();
        rescore(&mut again, &[true, true], Aggregator::shipped());
        assert_eq!(again.actors, record.actors);
    }

    #[test]
    fn linking_scores_again_only_the_actors_it_changed() {
        let doc = scored_document();
        let mut record = crate::output::document_record(&doc, &Default::default(), Default::default());
        let before = record.actors.clone();
        // The corpus knows the rival's full name: only that actor is renamed.
        let mut table = NameTable::default();
        let mut other = record.clone();
        other.actors.retain(|a| a.name == "Dupont");
        other.actors[0].name = "Jean Dupont".into();
        table.observe(&other);
        table.observe(&record);
        finish(&mut record, &table, Aggregator::shipped());
        assert_eq!(record.actors[0], before[0], "Royal is untouched");
        let rival = &record.actors[1];
        assert_eq!((rival.id.as_str(), rival.name.as_str()), ("per:jean-dupont", "Jean Dupont"));
        assert_eq!(rival.tone, before[1].tone, "renaming changes neither mentions nor tone");
        assert_eq!(rival.salience, before[1].salience);
        assert!(record.slant.linked);
    }
}
