//! Noun phrases that say what an actor is, beside its name: appositions ("James Reed, a
//! physician,", "Biti, 58, a former finance minister,") and predicates ("Maathai (1940-2011)
//! was a Kenyan activist", "His father, Hiroshi Tanaka, was a carpenter", "She worked as a
//! teacher", "Tanaka has been a visiting professor"). Coreference gold in GUM's scheme links
//! both to the subject or the name, whatever the noun: of the phrases after a person's "is/was
//! a", 12 of 14 on gum-dev. So here the phrase's head is a mention even when the nominal lexicon
//! does not know its noun ([`described_head`]).

use super::groups::is_plural_group;
use super::text::{AUXILIARIES, PREPOSITIONS};
use super::{Links, Target, Text, Token};
use crate::document::{Actor, EntityKind, MentionKind, Span};
use std::collections::{HashMap, HashSet};

/// Verbs that link a subject to what it is: "Becker was a chemist".
const COPULAS: &[&str] = &["is", "was", "am", "became", "becomes", "remains", "remained"];
/// Adverbs that may stand between the verb and the phrase: "is also a painter".
const ADVERBS: &[&str] = &["also", "now", "still", "later", "then", "once", "already", "briefly"];
/// Verbs before "as" that say what the subject was: "served as", "worked as", "was known as".
const AS_VERBS: &[&str] = &["served", "serves", "worked", "works", "known", "acted", "acts"];
/// Endings of nouns for people ("opponent", "envoy", "geographer", "landlord"), which a noun
/// before a comma and a name needs: a vocative looks the same ("my question to you, Mr.
/// McIntosh,", "see the movie, Ben,").
const PERSON_ENDINGS: &[&str] = &[
    "er", "or", "ist", "ian", "ant", "ent", "ee", "ess", "man", "men", "friend", "lord", "ate", "ain", "oy", "ive",
    "ief", "champion",
];

/// Whether a noun reads as one for a person, by its ending ([`PERSON_ENDINGS`]).
fn names_a_person(noun: &str) -> bool {
    PERSON_ENDINGS.iter().any(|e| noun.ends_with(e))
}

/// Words that open a described phrase: "a physician", "the defending champion", "your
/// opponent".
const PHRASE_OPENERS: &[&str] = &["a", "an", "the", "his", "her", "their", "my", "our", "your"];
/// Words that end a described phrase after its head: "a professor at ...", "an actor who ...",
/// "a sad story also".
const PHRASE_ENDS: &[&str] = &[
    "who", "whom", "whose", "which", "that", "and", "or", "but", "when", "where", "while", "until", "since", "based",
    "than", "because", "if", "whether", "though", "although", "also", "today", "so", "too", "now", "here", "there",
    "again", "far", "out", "yet", "just", "even",
];
/// Words that open a measure or a degree rather than a description: "a lot of", "a little sad".
const QUANTIFIERS: &[&str] = &["lot", "lots", "bit", "few", "little", "couple", "number", "kind", "sort", "type"];
/// Words that head no description: a predicate's adjective or a vague noun left in the head's
/// place.
const NOT_HEADS: &[&str] = &[
    "way", "part", "very", "much", "more", "most", "less", "good", "great", "big", "long", "short", "whole", "same",
    "best", "worst", "other", "such", "one", "two", "three", "first", "last",
];
/// Party members, whose capitalized noun heads a description: "Kyrsten Sinema, an Arizona
/// Democrat".
const PARTY_MEMBERS: &[&str] = &["democrat", "republican", "conservative", "liberal", "socialist", "tory"];
/// Endings of adjectives, which head no described phrase: "a famous", "a beautiful".
const ADJECTIVE_ENDINGS: &[&str] = &["ous", "ful", "ive", "able", "ible", "ed"];
/// Past participles without "-ed" that follow a noun to describe it: "a language spoken in".
const PARTICIPLES: &[&str] = &[
    "spoken", "given", "written", "known", "taken", "made", "seen", "done", "held", "built", "found", "born", "left",
    "told", "run", "set", "put", "shown", "chosen", "led",
];
/// Words that, inside a would-be phrase, show it is a clause: "the mercury they contain".
const CLAUSE_WORDS: &[&str] = &["i", "you", "he", "she", "it", "we", "they", "me", "him", "us", "them"];
/// The most words a described phrase has up to its head: "a Jamaican-born private investigator".
const PHRASE_WORDS: usize = 4;

/// The actors of one text and where their names are, for finding what a phrase describes.
pub(super) struct Subjects<'a> {
    pub text: &'a Text<'a>,
    pub actors: &'a [Actor],
    /// Each actor's name mentions.
    pub name_mentions: &'a [Vec<Span>],
    /// The actor of the name mention that ends at each byte.
    pub name_end_actor: &'a HashMap<usize, usize>,
    /// The actor and the end of the name mention that starts at each byte.
    pub name_start_actor: &'a HashMap<usize, (usize, usize)>,
}

impl Subjects<'_> {
    /// The actor of `kind` whose name the phrase opened by `determiner` is in apposition with
    /// ([`apposed_name_end`]), or whose birth the clause before it tells ([`born_subject_end`]).
    pub fn apposed(&self, determiner: usize, kind: EntityKind) -> Option<usize> {
        // "Hartley was born in Leeds, the daughter of": the place is no daughter; the one born is.
        [apposed_name_end(self.text, determiner), born_subject_end(self.text, determiner)]
            .into_iter()
            .flatten()
            .filter_map(|end| self.name_end_actor.get(&end).copied())
            .find(|&actor| self.actors[actor].kind == kind && !self.actors[actor].collective)
    }

    /// Where the subject went that the phrase opened by `determiner` is predicated of
    /// ([`copula_subject`]): a name's actor of `kind`, or the target of the reference already
    /// linked there (`linked_to`: "he was a carpenter"). A name after a preposition is no
    /// subject ("her relationship with Paddock became a focus"), and a name after a comma
    /// ("His father, Hiroshi Tanaka, was") only a person's.
    pub fn predicated(
        &self,
        linked_to: &HashMap<Span, (Target, EntityKind)>,
        determiner: usize,
        kind: EntityKind,
    ) -> Option<Target> {
        let text = self.text;
        let subject_end = copula_subject(text, determiner)?;
        let subject = &text.tokens[subject_end];
        let Some(&actor) = self.name_end_actor.get(&subject.span.end) else {
            return linked_to.get(&subject.span).filter(|&&(_, linked)| linked == kind).map(|&(target, _)| target);
        };
        let name_start = self.name_mentions[actor].iter().find(|m| m.end == subject.span.end)?.start;
        let before = text.token_at(name_start).checked_sub(1).map(|b| &text.tokens[b]);
        if before.is_some_and(|b| b.sentence == subject.sentence && PREPOSITIONS.contains(&b.lower.as_str())) {
            return None;
        }
        let after_comma = text.tokens.get(subject_end + 1).is_some_and(|t| t.lower == ",");
        let actor_ok = self.actors[actor].kind == kind && !self.actors[actor].collective;
        (actor_ok && (!after_comma || kind == EntityKind::Person)).then_some(Target::Actor(actor))
    }

    /// The person whose name follows a person noun that a possessive opens: "her daughter
    /// Wanjira Mathai", "my friend Megumi", "Trump's lawyer Michael Cohen". GUM marks the noun
    /// phrase and the name as two mentions of one person; without the possessive the noun is the
    /// name's title ("President Joe Biden", "the physician Yang Buwei"), part of one mention.
    pub fn possessor_named_after(&self, noun: usize) -> Option<usize> {
        let tokens = &self.text.tokens;
        let before = tokens.get(noun.checked_sub(1)?)?;
        let possessive = matches!(before.lower.as_str(), "his" | "her" | "their" | "my" | "our" | "your")
            || self.text.possessive_s(noun - 1);
        let next = tokens.get(noun + 1).filter(|n| n.sentence == tokens[noun].sentence)?;
        // "her parents Elmer and Gloria" are two people.
        if !possessive || before.sentence != tokens[noun].sentence || is_plural_group(&tokens[noun].lower) {
            return None;
        }
        let &(actor, _) = self.name_start_actor.get(&next.span.start)?;
        (self.actors[actor].kind == EntityKind::Person && !self.actors[actor].collective).then_some(actor)
    }

    /// Links the head of each phrase that says what a named or linked person is ("James Reed, a
    /// physician", "she was a seamstress", and by `apposed_after`, which takes a noun's token and
    /// gives the person named in apposition after it, "Your opponent, Vikki Goodwin,") whatever
    /// its noun, unless the lexicon found it (`lexicon_heads`) or it is linked already.
    pub fn link_described(
        &self,
        linked_to: &HashMap<Span, (Target, EntityKind)>,
        lexicon_heads: &HashSet<usize>,
        free: &impl Fn(Span) -> bool,
        apposed_after: &impl Fn(usize) -> Option<usize>,
        links: &mut Links,
    ) {
        let tokens = &self.text.tokens;
        for determiner in (0..tokens.len()).filter(|&d| PHRASE_OPENERS.contains(&tokens[d].lower.as_str())) {
            let Some(head) = described_head(self.text, determiner) else { continue };
            let span = tokens[head].span;
            if lexicon_heads.contains(&head) || linked_to.contains_key(&span) || !free(span) {
                continue;
            }
            // People only: an organization's or a place's predicate is as often a mistyped
            // name's ("Eegimaa is a language"), and adds nominals at 0.5 precision (gum-dev).
            // Beside a name, a possessive's phrase may be a vocative's neighbour ("Mr. McIntosh,
            // my question is"): it needs a noun for a person.
            let person_noun = names_a_person(&tokens[head].lower);
            let article = matches!(tokens[determiner].lower.as_str(), "a" | "an" | "the");
            let target = (article || person_noun)
                .then(|| self.apposed(determiner, EntityKind::Person))
                .flatten()
                .or_else(|| apposed_after(head).filter(|_| person_noun))
                .map(Target::Actor)
                .or_else(|| self.predicated(linked_to, determiner, EntityKind::Person));
            if let Some(target) = target {
                links.add(target, span, MentionKind::Nominal);
            }
        }
    }
}

/// The last token of the subject that the phrase opened by `determiner` is predicated of, when a
/// linking verb stands between: "Maathai (1940-2011) was a ...", "His father, Hiroshi Tanaka,
/// was a ..." (the name before the apposition's closing comma), "she worked as a ...", "he has
/// been a ...", "he is also a ...". The caller decides whether that token ends a name or a
/// reference already linked.
pub(super) fn copula_subject(text: &Text, determiner: usize) -> Option<usize> {
    let token = |i: usize| text.tokens.get(i);
    let sentence = token(determiner)?.sentence;
    let mut j = determiner.checked_sub(1)?;
    if ADVERBS.contains(&token(j)?.lower.as_str()) {
        j = j.checked_sub(1)?;
    }
    let lower = |i: usize| token(i).map_or("", |t| t.lower.as_str());
    let apostrophe = |i: usize| matches!(lower(i), "'" | "’" | "‘");
    let verb = if COPULAS.contains(&lower(j)) {
        j
    } else if matches!(lower(j), "m" | "s") && apostrophe(j.checked_sub(1)?) {
        // "I'm the least racist person", "He's a good man": the contraction's apostrophe stands
        // for the verb.
        j - 1
    } else if lower(j) == "been" && matches!(lower(j.checked_sub(1)?), "has" | "had" | "have") {
        j - 1
    } else if lower(j) == "as" {
        // "worked as"; "was known as", "was described as": the subject is before "was".
        let v = j.checked_sub(1)?;
        let passive = matches!(lower(v.checked_sub(1)?), "was" | "is" | "were" | "are");
        if passive && (AS_VERBS.contains(&lower(v)) || lower(v).ends_with("ed")) {
            v - 1
        } else if AS_VERBS.contains(&lower(v)) {
            v
        } else {
            return None;
        }
    } else {
        return None;
    };
    let mut end = verb.checked_sub(1)?;
    if ADVERBS.contains(&lower(end)) {
        end = end.checked_sub(1)?;
    }
    // A parenthesis that closes right before the verb: "Maathai (1 April 1940 - 2011) was".
    if lower(end) == ")" {
        let open = (0..end).rev().take_while(|&k| text.tokens[k].sentence == sentence).find(|&k| lower(k) == "(")?;
        end = open.checked_sub(1)?;
    }
    // The apposition's closing comma: "His father, Hiroshi Tanaka, was".
    if lower(end) == "," {
        end = end.checked_sub(1)?;
    }
    (token(end)?.sentence == sentence && token(verb)?.sentence == sentence).then_some(end)
}

/// Where the name ends that the phrase opened by `determiner` is in apposition with: "Reed, a
/// physician", "Biti, 58, a former minister" (an age between commas). The caller checks that a
/// name ends there.
pub(super) fn apposed_name_end(text: &Text, determiner: usize) -> Option<usize> {
    let sentence = text.tokens.get(determiner)?.sentence;
    let comma = determiner.checked_sub(1)?;
    let is_comma = |i: usize| text.tokens[i].lower == "," && text.tokens[i].sentence == sentence;
    if !is_comma(comma) {
        return None;
    }
    let mut before = comma.checked_sub(1)?;
    let is_age = |t: &Token| t.lower.len() <= 3 && t.lower.chars().all(|c| c.is_ascii_digit());
    if is_age(&text.tokens[before]) && before >= 2 && is_comma(before - 1) {
        before -= 2;
    }
    let name = &text.tokens[before];
    // The name's last token touches its comma: "Reed, a".
    (name.sentence == sentence && name.span.end == text.tokens[before + 1].span.start).then_some(name.span.end)
}

/// Where the name ends of a person whose birth the clause before a kinship phrase tells: "Hartley
/// was born in Leeds, the daughter of Thomas Quinn" (`determiner` is the phrase's "the").
fn born_subject_end(text: &Text, determiner: usize) -> Option<usize> {
    let tokens = &text.tokens;
    let sentence = tokens.get(determiner)?.sentence;
    let comma = determiner.checked_sub(1)?;
    let head = described_head(text, determiner)?;
    if tokens[comma].lower != "," || !matches!(tokens[head].lower.as_str(), "son" | "daughter" | "child") {
        return None;
    }
    // Within the clause's last 30 tokens: a huge sentence must not cost a scan per phrase.
    let born = (comma.saturating_sub(30)..comma)
        .rev()
        .take_while(|&i| tokens[i].sentence == sentence)
        .find(|&i| tokens[i].lower == "born")?;
    let verb = born.checked_sub(1).filter(|&v| matches!(tokens[v].lower.as_str(), "was" | "is"))?;
    let name = tokens.get(verb.checked_sub(1)?).filter(|t| t.sentence == sentence)?;
    Some(name.span.end)
}

/// The head of the noun phrase that `determiner` ("a", "the", "his", ...: [`PHRASE_OPENERS`])
/// opens, when the phrase is plain: up to [`PHRASE_WORDS`] lowercase words (numbers and hyphenated compounds count, "a
/// 45-year-old plumber"), the last of them the head, then a mark, a preposition or a clause word.
/// "a carpenter specializing in ..." stops at the participle. `None` when the phrase runs on,
/// holds a capitalized word after its first or ends in a word that is no head ([`NOT_HEADS`]).
pub(super) fn described_head(text: &Text, determiner: usize) -> Option<usize> {
    let opener = text.tokens.get(determiner)?;
    if !PHRASE_OPENERS.contains(&opener.lower.as_str()) {
        return None;
    }
    let sentence = opener.sentence;
    let mut head = None;
    let mut words = 0;
    let mut i = determiner + 1;
    while let Some(t) = text.tokens.get(i).filter(|t| t.sentence == sentence) {
        // A hyphen joining two words ("45-year-old") makes one word, which may head the phrase.
        let joined = t.lower == "-" && text.tokens.get(i + 1).is_some_and(|n| n.span.start == t.span.end);
        if joined && head.is_some() {
            head = Some(i + 1);
            i += 2;
            continue;
        }
        let lower = t.lower.as_str();
        if !t.word || PREPOSITIONS.contains(&lower) || PHRASE_ENDS.contains(&lower) {
            break;
        }
        let participle = lower.ends_with("ing") || lower.ends_with("ed") || PARTICIPLES.contains(&lower);
        if words > 0 && participle {
            break;
        }
        let clause = CLAUSE_WORDS.contains(&lower) || AUXILIARIES.contains(&lower);
        let opener = super::nominal::DETERMINERS.contains(&lower) || matches!(lower, "a" | "an");
        // "a Kenyan activist": a capital may open the phrase, not head it.
        let capital_inside = text.capitalized(t) && words > 0 && t.position > 0 && !PARTY_MEMBERS.contains(&lower);
        if clause || opener || capital_inside || (words == 0 && QUANTIFIERS.contains(&lower)) {
            return None;
        }
        words += 1;
        if words > PHRASE_WORDS {
            return None;
        }
        head = Some(i);
        i += 1;
    }
    let head = head?;
    // "the equinox isn't": a contraction's first part is a verb.
    if text
        .tokens
        .get(head + 1)
        .is_some_and(|n| n.span.start == text.tokens[head].span.end && matches!(n.lower.as_str(), "'" | "’"))
    {
        return None;
    }
    let word = text.tokens[head].lower.as_str();
    let noun_like = word.chars().all(|c| c.is_alphabetic() || c == '-')
        && !word.ends_with("ly")
        && !ADJECTIVE_ENDINGS.iter().any(|e| word.ends_with(e))
        && !NOT_HEADS.contains(&word)
        && (!text.capitalized(&text.tokens[head]) || PARTY_MEMBERS.contains(&word));
    noun_like.then_some(head)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Span;

    use crate::coref::tests::{linked, links, unnamed};
    use crate::document::{EntityKind::Person as P, MentionKind};

    fn nominals(doc: &crate::document::Document) -> Vec<(String, String)> {
        links(doc).into_iter().filter(|l| l.2 == MentionKind::Nominal).map(|(a, s, _)| (a, s)).collect()
    }

    fn pair(actor: &str, surface: &str) -> (String, String) {
        (actor.to_string(), surface.to_string())
    }

    #[test]
    fn a_predicate_noun_is_its_subject() {
        let doc = linked(
            "Karl Becker (1821-1889) was a German chemist. Becker met a chemist. Becker was not a teacher.",
            &[("Karl Becker", P), ("Becker", P), ("Becker", P)],
        );
        // "met a chemist" and "was not a teacher" predicate nothing of a name.
        assert_eq!(nominals(&doc), [pair("Karl Becker", "chemist")]);
        // A pronoun's predicate noun goes where the pronoun went.
        let doc = linked("He never spoke of it. He became a judge.", &[]);
        assert_eq!(unnamed(&doc), [["He", "He", "judge"]]);
    }

    #[test]
    fn a_possessives_person_noun_before_a_name_is_that_person() {
        let doc = linked(
            "Karl Becker married. His wife Margarethe Becker and her parents Elmer Schott and Gloria Schott came. \
             President Joe Biden spoke.",
            &[
                ("Karl Becker", P),
                ("Margarethe Becker", P),
                ("Elmer Schott", P),
                ("Gloria Schott", P),
                ("Joe Biden", P),
            ],
        );
        // "President" titles the name: part of its mention, no nominal of its own.
        assert_eq!(nominals(&doc), [pair("Margarethe Becker", "wife")]);
    }

    #[test]
    fn a_person_described_beside_the_name_is_that_person_whatever_the_noun() {
        let doc = linked(
            "Your opponent, Vikki Goodwin, says so. See the movie, Ben, today. In 1958 Margaret Reed married \
             James Reed, a physician. Her father, Hiroshi Tanaka, was a carpenter. Tendai Biti, 58, a former \
             finance minister, was arrested. Reed worked as a seamstress. Her relationship with Tanaka became a \
             scandal.",
            &[
                ("Vikki Goodwin", P),
                ("Ben", P),
                ("Margaret Reed", P),
                ("James Reed", P),
                ("Hiroshi Tanaka", P),
                ("Tendai Biti", P),
                ("Reed", P),
                ("Tanaka", P),
            ],
        );
        let found = nominals(&doc);
        for expected in [
            pair("Vikki Goodwin", "opponent"),
            pair("James Reed", "physician"),
            pair("Hiroshi Tanaka", "carpenter"),
            pair("Tendai Biti", "minister"),
            pair("Reed", "seamstress"),
        ] {
            assert!(found.contains(&expected), "{expected:?} not in {found:?}");
        }
        // A name after a preposition is no subject: the relationship became a scandal. "Ben" is
        // addressed, not described.
        assert!(!found.iter().any(|(_, s)| s == "scandal" || s == "movie"), "{found:?}");
    }

    fn prepared(text: &str) -> Text<'_> {
        Text::new(text, &[Span::new(0, text.len())])
    }

    fn word_at(text: &Text, token: usize) -> String {
        text.tokens[token].lower.clone()
    }

    fn determiner(text: &Text, before: &str) -> usize {
        let at = text.text.find(before).unwrap() + before.len();
        text.token_at(at)
    }

    #[test]
    fn finds_the_subject_of_a_linking_verb() {
        let cases = [
            ("Maathai (1 April 1940 - 2011) was a Kenyan activist.", "was ", "maathai"),
            ("His father, Hiroshi Tanaka, was a carpenter.", "was ", "tanaka"),
            ("She worked as a nursery school teacher.", "as ", "she"),
            ("Becker was known as a paternalistic employer.", "as ", "becker"),
            ("Zewail was mentioned as a possible candidate.", "as ", "zewail"),
            ("Tanaka has been a visiting professor.", "been ", "tanaka"),
            ("Mori is also an architect.", "also ", "mori"),
            ("I’m the least racist person.", "m ", "i"),
        ];
        for (sentence, before, subject) in cases {
            let text = prepared(sentence);
            let found = copula_subject(&text, determiner(&text, before)).map(|t| word_at(&text, t));
            assert_eq!(found.as_deref(), Some(subject), "{sentence}");
        }
        // An object or a preposition's noun has no linking verb before it.
        for (sentence, before) in [("Tanaka met a carpenter.", "met "), ("He sat in a chair.", "in ")] {
            let text = prepared(sentence);
            assert_eq!(copula_subject(&text, determiner(&text, before)), None, "{sentence}");
        }
    }

    #[test]
    fn finds_the_name_an_apposition_follows() {
        let text = prepared("Biti, 58, a former minister, met James Reed, a physician, and Mr. Lee and a friend.");
        let name_end = |word: &str| text.text.find(word).unwrap() + word.len();
        assert_eq!(apposed_name_end(&text, determiner(&text, "58, ")), Some(name_end("Biti")));
        assert_eq!(apposed_name_end(&text, determiner(&text, "Reed, ")), Some(name_end("Reed")));
        // "and a friend" is no apposition.
        assert_eq!(apposed_name_end(&text, determiner(&text, "and ")), None);
    }

    #[test]
    fn a_described_phrase_has_a_plain_head() {
        let cases = [
            ("He was a Jamaican-born private investigator.", Some("investigator")),
            ("She was a Kenyan environmental activist and political leader.", Some("activist")),
            ("He was a carpenter specializing in temples.", Some("carpenter")),
            ("He is a professor at Harvard.", Some("professor")),
            ("He was a 45-year-old plumber.", Some("plumber")),
            ("Pavit was the head house-servant.", Some("servant")),
            ("She is an Arizona Democrat.", Some("democrat")),
            // An adjective, a measure and a name are no heads; a long phrase runs on.
            ("She was a little sad.", None),
            ("He was a lot of fun.", None),
            ("He was a Harvard Law graduate.", None),
            ("It was a very long and winding road.", None),
            ("It was a language spoken in Laos.", Some("language")),
            ("It was the mercury they contain.", None),
            ("It was a famous.", None),
        ];
        for (sentence, head) in cases {
            let text = prepared(sentence);
            let opener = text.tokens.iter().position(|t| matches!(t.lower.as_str(), "a" | "an" | "the")).unwrap();
            let found = described_head(&text, opener);
            assert_eq!(found.map(|t| word_at(&text, t)).as_deref(), head, "{sentence}");
        }
    }
}
