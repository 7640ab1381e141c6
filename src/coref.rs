//! Coreference for actors: third-person pronouns and definite role nouns linked to the actors of
//! their article, so that tone is read from every sentence that refers to an actor, not only from
//! those that name it.
//!
//! This module owns three things:
//! - the **pair scorer**: hand features of a (pronoun, candidate) pair over plain text (distance,
//!   sentence position as a subject proxy, parallelism between the pronoun's case and the
//!   candidate's position, light syntax such as "X said he" or "X, who", salience, quotes) and a
//!   gradient-boosted tree ensemble over them, trained on GAP (`scripts/train_coref.py`; `slant
//!   train coref` fits the logistic-regression baseline), in `models/coref/weights.json`, compiled
//!   in;
//! - **GAP evaluation**: reading GAP TSVs, deciding A / B / neither per example, and the official
//!   scorer's F1 overall and by pronoun gender ([`gap`]);
//! - the **document linker** ([`resolve`]): after `crate::actors::group_document`, each he/she
//!   pronoun goes to the best-scoring person actor named in the last few sentences whose gender
//!   does not disagree (the article's main person already when the scorer is unsure but ranks
//!   that person first; the person of "NAME said he" or "NAME and his" whatever the scorer says;
//!   below the scorer's threshold, the one person of that gender named before it in its
//!   sentence); a subject opening its sentence is nobody named later in it, and an actor no name
//!   gives a gender keeps its first he/she's; it/its/they/their go to the one organization (or,
//!   for it/its, place) named just before, in its sentence or the one before, in reported speech
//!   or as a possessive; "the
//!   president", "the ministry" and the like go to the most recent actor whose role or name has
//!   that word. It prefers leaving a mention unlinked to linking it wrongly: a wrong link moves an
//!   actor's tone with a sentence about someone else.
//!
//! Gender agreement is a filter, not a learned weight: GAP pairs every pronoun with two names of
//! its own gender, so GAP cannot teach what a mismatch costs. Names' genders come from
//! `models/coref/names.tsv`, counted from GAP development's names and pronouns.
//!
//! Not part of the documented library surface (see the crate docs, "What is public"): public
//! for the `slant` binary, training, evaluation and the integration tests.
#![doc(hidden)]

mod attribution;
mod features;
mod first_person;
pub mod gap;
mod groups;
mod main_person;
mod nominal;
mod predicate;
mod roles;
mod scorer;
mod text;
mod verbs;

pub use crate::actors::{Gender, NameGenders};
pub use features::{feature_count, feature_names, features, Candidate, FEATURES};
pub use scorer::{Scorer, ScorerError};
pub use text::{pronoun_form, Case, Pronoun, Referent, Text};

use crate::actors::{actor_gender, is_generic_body, name_hides_gender, PERSON_ROLE_NOUNS};
use crate::document::{Actor, Document, EntityKind, Mention, MentionKind, Span, SpanSet};
use attribution::{
    clause_subject, goes_on_speaking, opened_sentence, quote_attribution, quotes_spoken_by, reported_by,
    reporting_name, reporting_verb, role_subject, Reporter,
};
use groups::is_plural_group;
use main_person::{main_person, Rivals};
use nominal::phrase_start;
use roles::{actor_of_role, age_nominals, aged, names_organization, role_nouns};
use std::collections::HashMap;
use text::Token;

/// How many sentences back a pronoun's antecedent may be named.
const PRONOUN_WINDOW: usize = 3;
/// How many sentences back a role noun's actor may be named.
const NOMINAL_WINDOW: usize = 5;
/// Links the document's pronouns and role nouns to its actors (grouped by
/// `crate::actors::group_document`): adds pronoun and nominal mentions to `doc.actors`, each
/// mention list kept in text order, and appends **unnamed actors** for references that belong
/// together but to no named actor (a chain of "she" with no name in view, the narrator's "I",
/// "the company" when no company is named). Name mentions are not touched.
pub fn resolve(doc: &mut Document) {
    resolve_with(doc, Scorer::shipped(), NameGenders::shipped());
}

/// Where a reference goes: a named actor of the document, or an unnamed cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Actor(usize),
    Cluster(usize),
}

/// References collected by [`resolve_with`] before they become mentions.
#[derive(Default)]
struct Links {
    to_actors: Vec<(usize, Span, MentionKind)>,
    clusters: Vec<Cluster>,
}

/// References that belong together but to no named actor: an unnamed actor in the making.
struct Cluster {
    kind: EntityKind,
    /// The fewest mentions it needs to be kept.
    min_mentions: usize,
    mentions: Vec<(Span, MentionKind)>,
}

impl Links {
    fn add(&mut self, target: Target, span: Span, kind: MentionKind) {
        match target {
            Target::Actor(i) => self.to_actors.push((i, span, kind)),
            Target::Cluster(c) => self.clusters[c].mentions.push((span, kind)),
        }
    }

    /// A new unnamed cluster kept only with at least `min_mentions` mentions (a lone "she" with
    /// nobody in view says nothing about who she is).
    fn new_cluster(&mut self, kind: EntityKind, min_mentions: usize) -> Target {
        self.clusters.push(Cluster { kind, min_mentions, mentions: Vec::new() });
        Target::Cluster(self.clusters.len() - 1)
    }
}

/// The scorer's probability at which a he/she goes to the article's main person when the scorer
/// ranks that person first among several in view (below the general threshold). On PerSenT
/// dev's silver target chains about 0.85 of the links it adds are right by reading; with "most
/// named" instead of "twice as often as the rest", 0.5.
const MAIN_PERSON_THRESHOLD: f32 = 0.5;

/// How many sentences back the previous he/she may be for a pronoun to continue its chain.
const CHAIN_WINDOW: usize = 5;

/// The last he/she pronoun of one gender and where it went.
#[derive(Clone, Copy)]
struct ChainLink {
    target: Target,
    end: usize,
    sentence: usize,
    quoted: bool,
}

/// [`resolve`] with a given scorer and name table.
pub(crate) fn resolve_with(doc: &mut Document, scorer: &Scorer, names: &NameGenders) {
    if doc.sentences.is_empty() {
        return;
    }
    let sentences: Vec<Span> = doc.sentences.iter().map(|s| s.span).collect();
    let text = Text::new(&doc.text, &sentences);
    let sentence_of = |at: usize| text.tokens.get(text.token_at(at)).map_or(0, |t| t.sentence);
    // Spans that already belong to a name, NER's or one written again where NER missed it: a
    // pronoun or role noun inside one is part of a name. A body's common noun NER took for a
    // name ("the Court ruled") is the noun, and grouping left it to this stage.
    let name_spans = doc.actors.iter().flat_map(|a| a.mentions.iter().map(|m| m.span));
    let entity_spans =
        doc.entities.iter().map(|e| e.span).filter(|s| !is_generic_body(s.slice(&doc.text), &doc.text[..s.start]));
    let taken = SpanSet::new(entity_spans.chain(name_spans).collect());
    let free = |s: Span| !taken.overlaps(s);
    // A role word right before a name is the name's title, part of that mention ("President Joe
    // Biden", "party leader Keir Starmer"), not a reference of its own.
    let name_starts: std::collections::HashSet<usize> = doc.entities.iter().map(|e| e.span.start).collect();
    let titles_a_name = |i: usize| {
        text.tokens
            .get(i + 1)
            .is_some_and(|n| n.sentence == text.tokens[i].sentence && name_starts.contains(&n.span.start))
    };
    let mut genders: Vec<Option<Gender>> = doc.actors.iter().map(|a| actor_gender(a, &doc.text, names)).collect();
    // People whose name gives no gender though it is a name ("Priyanka Wali", "Weinstein").
    let hides_gender: Vec<bool> = doc.actors.iter().map(|a| name_hides_gender(a, names)).collect();
    let name_mentions: Vec<Vec<Span>> = doc
        .actors
        .iter()
        .map(|a| a.mentions.iter().filter(|m| m.kind == MentionKind::Name).map(|m| m.span).collect())
        .collect();
    // People named once by one word of unknown gender that no table knows as a first name
    // ("Darfur and Kordofan" read as a person): an agreeing person of known gender outranks them
    // (PerSenT dev silver chains: he/she to the target 0.726 -> 0.737).
    let doubtful_person: Vec<bool> = (0..doc.actors.len())
        .map(|i| {
            let name = &doc.actors[i].name;
            name_mentions[i].len() == 1 && genders[i].is_none() && !name.contains(' ') && !names.knows(name)
        })
        .collect();
    let is_person = |i: usize| doc.actors[i].kind == EntityKind::Person && !doc.actors[i].collective;
    // "Elizabeth Warren, the senator,", "Acme, a company that ...": a noun phrase opening right
    // after a name and its comma describes that name's actor. Takes the index of the phrase's
    // first token (its determiner).
    let name_end_actor: HashMap<usize, usize> =
        name_mentions.iter().enumerate().flat_map(|(i, spans)| spans.iter().map(move |s| (s.end, i))).collect();
    // Each name mention's start, with its actor and its end.
    let name_start_actor: HashMap<usize, (usize, usize)> = name_mentions
        .iter()
        .enumerate()
        .flat_map(|(i, spans)| spans.iter().map(move |s| (s.start, (i, s.end))))
        .collect();
    let subjects = predicate::Subjects {
        text: &text,
        actors: &doc.actors,
        name_mentions: &name_mentions,
        name_end_actor: &name_end_actor,
        name_start_actor: &name_start_actor,
    };
    let apposed = |determiner: usize, kind: EntityKind| subjects.apposed(determiner, kind);
    // A person noun before a comma and a person's name: "his wife, Chipo Biti, was ...".
    let apposed_after = |noun: usize| nominal::apposed_after(&text, &name_start_actor, noun).filter(|&a| is_person(a));
    // The article's main person of each gender, who takes the pronouns the scorer leans to but
    // is unsure of.
    let main_people =
        [Gender::Masculine, Gender::Feminine].map(|g| main_person(doc, &genders, &name_mentions, g, Rivals::MayAgree));
    let main_person_of = |g: Gender| main_people[usize::from(g == Gender::Feminine)];
    // With nobody who may agree in view, people of unknown gender are no nearer than the main
    // person, and no rivals.
    let main_known = [Gender::Masculine, Gender::Feminine]
        .map(|g| main_person(doc, &genders, &name_mentions, g, Rivals::KnownToAgree));
    let main_known_of = |g: Gender| main_known[usize::from(g == Gender::Feminine)];
    // An interview's labelled turns ("Tom Bradley: Howard has had ten years ... He has not done
    // it."): the speaker says "I", so a he/she or an "it" in the turn is somebody else.
    let turns = first_person::labelled_turns(&doc.text, &doc.actors, &name_mentions);
    let turn_speaker = |at: Span| turns.iter().find(|(line, _)| line.contains(at)).map(|&(_, speaker)| speaker);
    // A quotation's attributed speaker (`“He wanted this,” Moeller said`) is its "I", not its he/she.
    let mut quote_speakers: HashMap<Span, usize> = text
        .quotes
        .iter()
        .filter_map(|&q| {
            first_person::attributed_speaker(&text, q, &name_start_actor, &name_end_actor, &doc.actors).map(|a| (q, a))
        })
        .collect();
    first_person::continue_speakers(&text, &name_mentions, &mut quote_speakers);
    let quote_speaker = |at: Span| text.quote_of(at).and_then(|q| quote_speakers.get(&q).copied());
    // Quotations whose speaker is a pronoun ([`quotes_spoken_by`]), filled in text order.
    let mut pronoun_speakers: HashMap<Span, Target> = HashMap::new();
    let mut links = Links::default();
    let mut chains: HashMap<Gender, ChainLink> = HashMap::new();
    let roles = role_nouns(&text, &|word| nominal::Lexicon::shipped().get(word).is_some());

    // Role nouns that name a named actor's role or kind ("the president", "the ministry").
    // (span, noun, actor, sentence) of each role noun linked, in text order.
    let mut role_linked: Vec<(Span, &str, usize, usize)> = Vec::new();
    for role in roles.iter().filter(|r| free(r.span) && !titles_a_name(text.token_at(r.span.start))) {
        let (span, noun) = (role.span, role.noun);
        let n_sentence = sentence_of(span.start);
        let kind = if PERSON_ROLE_NOUNS.contains(&noun) { EntityKind::Person } else { EntityKind::Organization };
        let after = || (kind == EntityKind::Person).then(|| apposed_after(text.token_at(span.start))).flatten();
        let named = || actor_of_role(role, &doc.actors, &name_mentions, &sentence_of, NOMINAL_WINDOW);
        // A capitalized modifier ("the Massachusetts senator") refers only in apposition.
        let named = || (!role.named_modifier).then(named).flatten();
        if let Some(i) = apposed(role.determiner, kind).or_else(after).or_else(named) {
            links.add(Target::Actor(i), span, MentionKind::Nominal);
            role_linked.push((span, noun, i, n_sentence));
        }
    }

    // Where each role noun linked above ends, with its actor: "The president said he", "The
    // agency said it", like a name ("Kelly said he"). People's names and roles, for
    // [`role_subject`].
    let role_end: HashMap<usize, usize> = role_linked.iter().map(|&(span, _, i, _)| (span.end, i)).collect();
    let referent_end = |end: usize| name_end_actor.get(&end).or(role_end.get(&end).filter(|&&i| is_person(i))).copied();
    let person_roles: Vec<Span> = role_linked.iter().filter(|r| is_person(r.2)).map(|r| r.0).collect();
    let people = (0..doc.actors.len()).filter(|&i| is_person(i));
    let person_spans: Vec<Span> =
        people.flat_map(|i| name_mentions[i].clone()).chain(person_roles.iter().copied()).collect();

    for pronoun in text.pronouns().into_iter().filter(|p| free(p.span)) {
        let p_sentence = sentence_of(pronoun.span.start);
        // Actors named in the window before the pronoun (or later in its own sentence).
        let in_window = |i: usize| {
            name_mentions[i].iter().any(|m| {
                let s = sentence_of(m.start);
                s <= p_sentence && s + PRONOUN_WINDOW >= p_sentence && (m.end <= pronoun.span.start || s == p_sentence)
            })
        };
        match pronoun.referent {
            Referent::Person(gender) => {
                let quoted = text.quoted(pronoun.span);
                // The previous he/she of this gender continues to this one when no other person
                // is named between them and both are on one side of a quotation mark (gum-dev,
                // 5-fold CV: right 0.94 of the time).
                let speaker_here = text.quote_of(pronoun.span).and_then(|q| {
                    quote_speaker(pronoun.span).map(Target::Actor).or_else(|| pronoun_speakers.get(&q).copied())
                });
                // "He said Manafort's reputation ...": a subject opening its sentence is nobody
                // the rest of the sentence names (binding principle C).
                let p_token = text.token_at(pronoun.span.start);
                let opens = pronoun.case == Case::Subject && text.opens_sentence(p_token);
                let named_after = |i: usize| {
                    opens
                        && name_mentions[i].iter().any(|m| {
                            let t = text.token_at(m.start);
                            m.start >= pronoun.span.end && t <= p_token + 12 && text.tokens[t].sentence == p_sentence
                        })
                };
                // "Francis warned him": not Francis.
                let subject = clause_subject(&text, &pronoun, |end| referent_end(end).is_some()).and_then(referent_end);
                // Whom the pronoun may be: not its quotation's speaker, a name its sentence gives
                // after it, or its clause's subject.
                let may_be = |target: Target| {
                    Some(target) != speaker_here
                        && !matches!(target, Target::Actor(i) if named_after(i) || Some(i) == subject)
                };
                let chained = chains.get(&gender).copied().filter(|c| {
                    c.quoted == quoted
                        && may_be(c.target)
                        && c.sentence + CHAIN_WINDOW >= p_sentence
                        && !(0..doc.actors.len()).filter(|&i| is_person(i)).any(|i| {
                            c.target != Target::Actor(i)
                                && name_mentions[i].iter().any(|m| m.start >= c.end && m.end <= pronoun.span.start)
                        })
                });
                // "Paul Manafort and his deputy": the person just before "and his".
                let coordinated = || {
                    let and = text.tokens.get(p_token.checked_sub(1)?).filter(|w| w.lower == "and")?;
                    let name = text.tokens.get(p_token.checked_sub(2)?).filter(|w| w.sentence == and.sentence)?;
                    (pronoun.case == Case::Possessive).then_some(name.span.end)
                };
                // The person of "Kelly said he is stunned" (or of "NAME and his"), whoever else is
                // in view (on PerSenT dev all 36 pronouns "said" moved are right by reading).
                // "The president has faced his own accusations": a possessive after a role noun
                // that opens its sentence, with nobody named between, is that role's.
                let opens_with_role = || role_subject(&text, &pronoun, &person_roles, &person_spans);
                let reporter = reported_by(&text, &pronoun, |end| referent_end(end).is_some())
                    .or_else(coordinated)
                    .or_else(opens_with_role)
                    .and_then(referent_end)
                    .filter(|&actor| is_person(actor) && genders[actor].is_none_or(|g| g == gender));
                // `“We have been clear,” Jayapal told reporters. She said ...`: the speaker quoted
                // last goes on speaking.
                let speaker_goes_on = || {
                    let before = text.quotes.partition_point(|q| q.end <= pronoun.span.start);
                    let ends_in = |q: &Span| sentence_of(q.end.saturating_sub(1));
                    let quote = text.quotes[..before]
                        .iter()
                        .rev()
                        .take_while(|q| ends_in(q) + 1 >= p_sentence)
                        .find(|q| ends_in(q) + 1 == p_sentence)?;
                    let actor = *quote_speakers.get(quote)?;
                    let named_last =
                        |i: usize| name_mentions[i].iter().map(|m| m.end).filter(|&e| e <= pronoun.span.start).max();
                    let last_person_named =
                        (0..doc.actors.len()).filter(|&i| is_person(i)).filter_map(|i| Some((named_last(i)?, i))).max();
                    let agrees = genders[actor].is_none_or(|g| g == gender);
                    (last_person_named.map(|(_, i)| i) == Some(actor) && agrees).then_some(actor)
                };
                let speaker_goes_on = (!quoted && goes_on_speaking(&text, &pronoun)).then(speaker_goes_on).flatten();
                let target = match (reporter.or(speaker_goes_on).filter(|&a| may_be(Target::Actor(a))), chained) {
                    (Some(actor), _) => Some(Target::Actor(actor)),
                    (None, Some(c)) => Some(c.target),
                    (None, None) => {
                        let speaker = if quoted { None } else { turn_speaker(pronoun.span) };
                        let pool: Vec<usize> = (0..doc.actors.len())
                            .filter(|&i| {
                                is_person(i)
                                    && in_window(i)
                                    && Some(i) != speaker
                                    && !named_after(i)
                                    && Some(i) != subject
                            })
                            .collect();
                        // Competitors are the people the pronoun could refer to: those whose gender
                        // does not rule them out (as in GAP, where both names agree with the pronoun).
                        let agreeing: Vec<usize> =
                            pool.iter().copied().filter(|&i| genders[i].is_none_or(|g| g == gender)).collect();
                        // "Jerry Jones reiterated his vow ... praised by Donald Trump": with someone
                        // named before the pronoun in its own sentence, a name that comes only
                        // after it is no competitor.
                        let named_before = |i: usize, sentences_back: usize| {
                            name_mentions[i].iter().any(|m| {
                                let s = sentence_of(m.start);
                                m.end <= pronoun.span.start && s <= p_sentence && s + sentences_back >= p_sentence
                            })
                        };
                        let agreeing: Vec<usize> = if agreeing.iter().any(|&i| genders[i] == Some(gender)) {
                            agreeing.into_iter().filter(|&i| !doubtful_person[i]).collect()
                        } else {
                            agreeing
                        };
                        // A pronoun opening its sentence refers back, to someone named in the
                        // window: "Margaret Reed never remarried. She raised their daughters,
                        // Anne and Carolyn." (news sets: 4 he/she right, 2 wrong; gum-dev none.)
                        let opens_sentence = text.opens_sentence(text.token_at(pronoun.span.start));
                        let before_in = if opens_sentence { PRONOUN_WINDOW } else { 0 };
                        let agreeing: Vec<usize> = if agreeing.iter().any(|&i| named_before(i, before_in)) {
                            agreeing.into_iter().filter(|&i| named_before(i, PRONOUN_WINDOW)).collect()
                        } else {
                            agreeing
                        };
                        let candidates: Vec<Candidate> =
                            agreeing.iter().map(|&i| Candidate { mentions: name_mentions[i].clone() }).collect();
                        // `…," he said`: the quote's speaker is whoever the article quoted last, which
                        // the pair features do not see (GAP has few quotes); with two people in view,
                        // leave it rather than guess.
                        if agreeing.len() >= 2 && quote_attribution(&text, &pronoun) {
                            None
                        } else {
                            match agreeing[..] {
                                // Nobody of the pronoun's gender in view: the article's main
                                // person of that gender ("Obasanjo praised her in his memoir",
                                // four sentences after a biography last named its subject).
                                [] => main_known_of(gender)
                                    .filter(|&i| named_before(i, 2 * PRONOUN_WINDOW))
                                    .map(Target::Actor),
                                // The one person in view whose known gender agrees: agreement and the
                                // window decide. The scorer ranks names of one gender (GAP always pairs
                                // two), and the trees never saw a pronoun without a same-gender
                                // competitor: read alone or against people of the other gender, their
                                // probability means little.
                                [only] if genders[only] == Some(gender) => Some(Target::Actor(only)),
                                // Nobody else agrees, and a name no table knows rules nothing out:
                                // the person named in this or the previous sentence.
                                [only] if genders[only].is_none() && hides_gender[only] && named_before(only, 1) => {
                                    Some(Target::Actor(only))
                                }
                                _ => agreeing
                                    .iter()
                                    .enumerate()
                                    .filter_map(|(k, &i)| {
                                        let f = features(&text, &pronoun, &candidates, k)?;
                                        Some((i, scorer.probability(&f)))
                                    })
                                    .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
                                    .filter(|&(i, p)| {
                                        p >= scorer.link_threshold
                                            || (p >= MAIN_PERSON_THRESHOLD && Some(i) == main_person_of(gender))
                                    })
                                    .map(|(i, _)| Target::Actor(i))
                                    // Below the scorer's threshold: the one person of the
                                    // pronoun's gender named before it in its own sentence
                                    // ("Sorvino accused Weinstein of ruining her career").
                                    .or_else(|| {
                                        let mut here = agreeing.iter().copied().filter(|&i| named_before(i, 0));
                                        let only = here.next().filter(|_| here.next().is_none() && !quoted)?;
                                        (genders[only] == Some(gender)).then_some(Target::Actor(only))
                                    })
                                    // "Cabral's wife, Adriana Ancelmo, was also questioned. She
                                    // is a lawyer."
                                    .or_else(|| {
                                        let previous = p_sentence.checked_sub(1).filter(|_| opens && !quoted)?;
                                        let first = opened_sentence(
                                            &text,
                                            &name_mentions,
                                            &is_person,
                                            &genders,
                                            previous,
                                            gender,
                                        )?;
                                        agreeing.contains(&first).then_some(Target::Actor(first))
                                    }),
                            }
                        }
                    }
                };
                // The scorer ranks the speaker among the rest (its candidates are what it was
                // trained on), but the speaker never takes the quotation's he/she.
                let target = target.filter(|&t| may_be(t));
                let target = target.unwrap_or_else(|| links.new_cluster(EntityKind::Person, 2));
                if quote_attribution(&text, &pronoun) {
                    // `“…,” he said. “He built this company …”`: the pronoun speaks both
                    // quotations, so neither's he/she is its person.
                    for quote in quotes_spoken_by(&text, pronoun.span) {
                        pronoun_speakers.insert(quote, target);
                    }
                }
                links.add(target, pronoun.span, MentionKind::Pronoun);
                // An actor no name gives a gender takes its first he/she's: "Saadia Muzaffar ...
                // her salary ... He was just stunned" is someone else.
                if let Target::Actor(i) = target {
                    genders[i].get_or_insert(gender);
                }
                chains.insert(gender, ChainLink { target, end: pronoun.span.end, sentence: p_sentence, quoted });
            }
            Referent::Neuter | Referent::Plural => {
                // Only in reported speech or as a possessive, and only when one organization (or
                // place) is named in this or the previous sentence before it and nobody else in
                // between: "it" and "they" are too often pleonastic or about people otherwise.
                let t = text.token_at(pronoun.span.start);
                let verb = reporting_verb(&text, t);
                if !(pronoun.case == Case::Possessive || verb.is_some()) {
                    continue;
                }
                // "The women said they": the group that reports, linked with the nominals below;
                // "analysts say it's because ...": people report, so "it" is not an organization's.
                let reporter = verb.and_then(|v| v.checked_sub(1)).map(|i| &text.tokens[i]);
                if reporter.is_some_and(|r| free(r.span) && is_plural_group(&r.lower)) {
                    continue;
                }
                let recent = |i: usize| {
                    name_mentions[i]
                        .iter()
                        .filter(|m| m.end <= pronoun.span.start && sentence_of(m.start) + 1 >= p_sentence)
                        .map(|m| m.end)
                        .max()
                };
                // "it"/"its" may also be a place ("China and its allies"); "they" is not.
                let may_refer = |kind: EntityKind| {
                    kind == EntityKind::Organization
                        || (kind == EntityKind::Location && pronoun.referent == Referent::Neuter)
                };
                // An interview turn's label is its speaker, who says "we", not "it".
                let speaker = if text.quoted(pronoun.span) { None } else { turn_speaker(pronoun.span) };
                // "The UN's World Food Programme said it": the one that reports, however many are
                // in view; "the embassy in Harare said it": someone unnamed.
                // "The agency said it": a role noun linked to an organization reports like its name.
                let role_reporter = || {
                    let end = reported_by(&text, &pronoun, |end| role_end.contains_key(&end))?;
                    role_end.get(&end).map(|&i| Reporter::Named(i))
                };
                match reporting_name(&text, &pronoun, &name_end_actor, &name_mentions).or_else(role_reporter) {
                    Some(Reporter::Named(i))
                        if pronoun.referent == Referent::Neuter
                            && may_refer(doc.actors[i].kind)
                            && Some(i) != speaker =>
                    {
                        links.add(Target::Actor(i), pronoun.span, MentionKind::Pronoun);
                        continue;
                    }
                    Some(Reporter::InPhrase) => continue,
                    _ => {}
                }
                let in_view: Vec<(usize, usize)> = (0..doc.actors.len())
                    .filter(|&i| may_refer(doc.actors[i].kind) && Some(i) != speaker)
                    .filter_map(|i| recent(i).map(|end| (i, end)))
                    .collect();
                // One named in the pronoun's own sentence outranks those of the sentence before
                // ("... at Twitter. Customer service is a problem for Coinbase and its users").
                let in_sentence: Vec<(usize, usize)> = in_view
                    .iter()
                    .copied()
                    .filter(|&(_, end)| sentence_of(end.saturating_sub(1)) == p_sentence)
                    .collect();
                let in_view = if in_sentence.len() == 1 { in_sentence } else { in_view };
                let [(referent, named_end)] = in_view[..] else { continue };
                // "NPR ... The women said they met him, and their stories matched".
                if pronoun.referent == Referent::Plural && groups::group_between(&text, named_end, t, &free) {
                    continue;
                }
                let named_between = (0..doc.actors.len())
                    .filter(|&i| i != referent)
                    .any(|i| name_mentions[i].iter().any(|m| m.start >= named_end && m.end <= pronoun.span.start));
                // "The Australian government says it ...": an organization's noun in between is
                // what "it" most likely means, unless the noun is the referent's ("Acme ... The
                // company said it").
                let noun_between = roles.iter().any(|r| {
                    !PERSON_ROLE_NOUNS.contains(&r.noun)
                        && r.span.start >= named_end
                        && r.span.end <= pronoun.span.start
                        && !names_organization(r.noun, &doc.actors[referent])
                });
                if !named_between && !noun_between {
                    links.add(Target::Actor(referent), pronoun.span, MentionKind::Pronoun);
                }
            }
        }
    }

    let speakers = first_person::Speakers { named: &quote_speakers, by_pronoun: &pronoun_speakers };
    first_person::link(&text, &doc.actors, &name_mentions, &turns, speakers, &free, &mut links);

    // "the 45-year-old" goes to the one person whose age the article gave ("Keith Davis, 45,").
    let ages =
        age_nominals(&text).into_iter().filter(|&(span, _)| free(span) && !titles_a_name(text.token_at(span.end) - 1));
    for (span, actor) in
        ages.filter_map(|(span, age)| Some((span, aged(&text, &name_mentions, &is_person, span, age)?)))
    {
        links.add(Target::Actor(actor), span, MentionKind::Nominal);
    }

    // Other nominals: a definite one joins the closest earlier nominal with its head word
    // (gum-dev CV: right 0.80 of the time); the rest start unnamed actors of their own.
    let mut by_head: HashMap<&str, (Target, usize)> =
        role_linked.iter().map(|&(_, noun, i, sentence)| (noun, (Target::Actor(i), sentence))).collect();
    let role_linked: std::collections::HashSet<Span> = role_linked.into_iter().map(|(span, ..)| span).collect();
    let free_token = |t: &Token| free(t.span) && !role_linked.contains(&t.span);
    // Every nominal, taken or not: a taken one may still title a name.
    let all_nominals = nominal::find(&text, nominal::Lexicon::shipped(), |_| true);
    // Person nouns that title a person's name ("actor Seth MacFarlane"): noun → each person so
    // titled, with where the title ends.
    let mut described: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for nominal in &all_nominals {
        let token = &text.tokens[nominal.token];
        let titled = text.tokens.get(nominal.token + 1).and_then(|next| name_start_actor.get(&next.span.start));
        let person_noun = nominal.kind == EntityKind::Person && !is_plural_group(&token.lower);
        if let Some(&(actor, _)) = titled.filter(|&&(a, _)| person_noun && is_person(a)) {
            let people = described.entry(token.lower.as_str()).or_default();
            if !people.iter().any(|&(a, _)| a == actor) {
                people.push((actor, token.span.end));
            }
        }
    }
    // Where each reference linked so far went, with that target's kind: a predicate noun's
    // subject may be one ("he was a carpenter").
    let mut linked_to: HashMap<Span, (Target, EntityKind)> = links
        .to_actors
        .iter()
        .map(|&(actor, span, _)| (span, (Target::Actor(actor), doc.actors[actor].kind)))
        .chain(links.clusters.iter().enumerate().flat_map(|(c, cluster)| {
            cluster.mentions.iter().map(move |&(span, _)| (span, (Target::Cluster(c), cluster.kind)))
        }))
        .collect();
    let mut plural_groups = groups::Groups::new();
    // "Chief Executive Tim Cook", "Chief executive Kelly Ortberg" opening a sentence: a title of
    // more than one word before a name.
    let opens_title = |i: usize| {
        let (token, next) = (&text.tokens[i], text.tokens.get(i + 1));
        let role_word = |n: &Token| titles_a_name(i + 1) && nominal::Lexicon::shipped().get(&n.lower).is_some();
        let titles = next.is_some_and(|n| n.word && (text.capitalized(n) || role_word(n)));
        token.position == 0 && text.capitalized(token) && titles && next.is_some_and(|n| n.sentence == token.sentence)
    };
    let named_parents =
        nominal::named_parents(&text, &name_start_actor).filter(|(parents, _)| parents.iter().all(|&p| is_person(p)));
    let lexicon_heads: std::collections::HashSet<usize> = all_nominals.iter().map(|n| n.token).collect();
    let nominals = all_nominals.into_iter().filter(|n| {
        let title = titles_a_name(n.token) && subjects.possessor_named_after(n.token).is_none();
        free_token(&text.tokens[n.token]) && !title && !opens_title(n.token)
    });
    for nominal in nominals {
        let token = &text.tokens[nominal.token];
        let n_sentence = token.sentence;
        let earlier = by_head
            .get(token.lower.as_str())
            .filter(|(_, s)| nominal.definite && s + nominal::SAME_HEAD_WINDOW >= n_sentence)
            .map(|&(t, _)| t);
        let opener = phrase_start(&text, nominal.token).or_else(|| {
            (nominal.kind == EntityKind::Person && !is_plural_group(&token.lower))
                .then(|| nominal::bare_apposition_start(&text, nominal.token))
                .flatten()
        });
        let appositive = opener
            .and_then(|d| apposed(d, nominal.kind))
            .or_else(|| (nominal.kind == EntityKind::Person).then(|| apposed_after(nominal.token)).flatten())
            .or_else(|| subjects.possessor_named_after(nominal.token))
            .map(Target::Actor);
        // "Pittsburgh linebacker Ryan Shazier ... The injured Pittsburgh linebacker": the one
        // person the article titled with the noun.
        let refers_back = !nominal.new_description
            && phrase_start(&text, nominal.token)
                .is_some_and(|d| matches!(text.tokens[d].lower.as_str(), "the" | "this"));
        let described = || match described.get(token.lower.as_str()).map(Vec::as_slice) {
            Some(&[(actor, end)]) if refers_back && end <= token.span.start => Some(Target::Actor(actor)),
            _ => None,
        };
        let predicate =
            phrase_start(&text, nominal.token).and_then(|d| subjects.predicated(&linked_to, d, nominal.kind));
        let place_named = || {
            let actor = nominal::place_named(&text, &name_start_actor, nominal.token)?;
            (doc.actors[actor].kind == EntityKind::Location).then_some(Target::Actor(actor))
        };
        // "Her father" in a biography that named "the daughter of John Larson and Ruth".
        let parent =
            || nominal::parent_meant(&text, nominal.token, named_parents.as_ref()?, &genders).map(Target::Actor);
        let target = appositive
            .or(predicate)
            .or_else(place_named)
            .or_else(parent)
            .or(earlier)
            .or_else(described)
            .unwrap_or_else(|| links.new_cluster(nominal.kind, 1));
        links.add(target, token.span, MentionKind::Nominal);
        let target_kind = match target {
            Target::Actor(actor) => doc.actors[actor].kind,
            Target::Cluster(c) => links.clusters[c].kind,
        };
        linked_to.insert(token.span, (target, target_kind));
        by_head.insert(token.lower.as_str(), (target, n_sentence));
        if is_plural_group(&token.lower) {
            plural_groups.insert(nominal.token, (target, false));
        }
    }
    subjects.link_described(&linked_to, &lexicon_heads, &free, &apposed_after, &mut links);
    // "The women said they met him": they/them/their to a plural group noun.
    groups::link_they(&text, doc, &name_mentions, &free, &mut plural_groups, &mut links);

    let mention = |span: Span, kind: MentionKind| Mention {
        span,
        sentence: sentence_of(span.start),
        quoted: text.quoted(span),
        tone: None,
        kind,
    };
    for &(i, span, kind) in &links.to_actors {
        doc.actors[i].mentions.push(mention(span, kind));
    }
    for Cluster { kind, min_mentions, mentions } in links.clusters {
        if mentions.len() < min_mentions || mentions.is_empty() {
            continue;
        }
        // Shown by its first reference ("the company", "I"); the id says it is unnamed.
        let name =
            mentions.iter().map(|(span, _)| *span).min_by_key(|s| s.start).map(|s| s.slice(&doc.text).to_string());
        doc.actors.push(Actor {
            mentions: mentions.into_iter().map(|(span, kind)| mention(span, kind)).collect(),
            ..Actor::new(name.unwrap_or_default(), kind)
        });
    }
    for actor in &mut doc.actors {
        actor.mentions.sort_by_key(|m| (m.span.start, m.span.end));
    }
}

#[cfg(test)]
mod nominal_tests;
#[cfg(test)]
mod pronoun_tests;
#[cfg(test)]
mod tests;
