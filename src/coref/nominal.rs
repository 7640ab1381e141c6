//! Nominal mentions: common nouns that refer to a person, organization or place ("the
//! company", "officials", "the city"), found by a head-word lexicon, and the rule that groups two
//! of them.
//!
//! The lexicon is two files, compiled in: `models/coref/nominals.tsv`, learned on gum-dev (the
//! share of each word's occurrences that head a gold PER/ORG/LOC nominal, kept at >= 0.5;
//! 5-fold CV over documents: PER+ORG precision 0.85 at recall 0.44), and
//! `models/coref/news_role_nouns.tsv`, a hand list of news roles GUM lacks ("minister",
//! "spokesman", "ministry"), each scored on gum-dev where it occurs. `scripts/train_nominals.py`
//! makes both; `docs/coref_rules.md` has the figures.

use super::{Gender, Text, Token};
use crate::document::EntityKind;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Learned organization words are right only 0.69 of the time on their own (gum-dev CV): they
/// count only in a phrase a determiner or a possessive opens ("the team", "Manafort's defense
/// team"), the context the lexicon was learned in, where they are right more often.
const ORG_NEEDS_DETERMINER: bool = true;

/// Words that make the next noun definite or possessive: "the company", "its ministry".
pub(super) const DETERMINERS: &[&str] =
    &["the", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my", "your"];
/// Other words that open a noun phrase ("a company", "several ministries"): with the
/// determiners, what a learned organization word needs before it.
pub(super) const INDEFINITES: &[&str] =
    &["a", "an", "some", "many", "several", "both", "each", "every", "another", "any", "no"];
/// Words that, right after a noun, make it a new description rather than a reference back ("the
/// company that ...", "the minister of ...").
const NEW_DESCRIPTION: &[&str] =
    &["of", "that", "who", "which", "with", "in", "from", "at", "on", "for", "to", "by", "whose", "whom"];

/// Endings that keep a role noun a role noun: "secretary-general", "president-elect".
const ROLE_SUFFIXES: &[&str] = &["-general", "-General", "-elect", "-designate", "-in-law", "-in-chief"];

/// How far back (in sentences) a nominal may find an earlier one with its head.
pub(super) const SAME_HEAD_WINDOW: usize = 5;

/// One lexicon entry.
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry {
    pub kind: EntityKind,
    /// From the hand list of news roles rather than learned.
    pub hand: bool,
}

/// Head words of nominal mentions, with their type.
pub(super) struct Lexicon {
    by_word: HashMap<String, Entry>,
}

impl Lexicon {
    /// Reads the learned list (word, type, precision, ...) and the hand list (word, type, ...);
    /// a hand word does not override a learned word of another type.
    pub fn parse(learned: &str, hand: &str) -> Self {
        let mut by_word = HashMap::new();
        for (tsv, is_hand) in [(learned, false), (hand, true)] {
            for line in tsv.lines().filter(|l| !l.starts_with('#')) {
                let cols: Vec<&str> = line.split('\t').collect();
                let (Some(word), Some(kind)) = (cols.first(), cols.get(1).and_then(|t| crate::ner::entity_kind(t)))
                else {
                    continue;
                };
                if *word == "word" || kind == EntityKind::Misc {
                    continue;
                }
                by_word.entry(word.to_string()).or_insert(Entry { kind, hand: is_hand });
            }
        }
        Self { by_word }
    }

    /// The compiled-in lists; `SLANT_NOMINAL_LEXICON=FILE` replaces the learned one, so that
    /// `scripts/cv_actors.sh` can tag each fold with a lexicon learned without it.
    pub fn shipped() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(|| {
            let learned = std::env::var_os("SLANT_NOMINAL_LEXICON").and_then(|path| std::fs::read_to_string(path).ok());
            Lexicon::parse(
                learned.as_deref().unwrap_or(include_str!("../../models/coref/nominals.tsv")),
                include_str!("../../models/coref/news_role_nouns.tsv"),
            )
        })
    }

    pub(super) fn get(&self, word: &str) -> Option<Entry> {
        self.by_word.get(word).copied()
    }
}

/// A nominal mention found in text: its head token and type.
#[derive(Debug, Clone, Copy)]
pub(super) struct Nominal {
    /// Index of the head token in [`Text`]'s tokens.
    pub token: usize,
    pub kind: EntityKind,
    /// After a determiner or possessive and not followed by a new description: the kind of
    /// nominal that refers back ("the company" after "Acme Corp").
    pub definite: bool,
    /// Followed by words that describe it anew ("the company that ...", "the minister of ...").
    pub new_description: bool,
}

/// Every nominal mention of the text whose head token `free` accepts (not inside a name).
pub(super) fn find(text: &Text, lexicon: &Lexicon, free: impl Fn(&Token) -> bool) -> Vec<Nominal> {
    let mut out = Vec::new();
    for (i, t) in text.tokens.iter().enumerate() {
        if !t.word || !free(t) {
            continue;
        }
        let Some(entry) = lexicon.get(&t.lower) else { continue };
        let previous = i.checked_sub(1).map(|j| &text.tokens[j]).filter(|p| p.sentence == t.sentence);
        let after_determiner = previous.is_some_and(|p| DETERMINERS.contains(&p.lower.as_str()));
        let next = text.tokens.get(i + 1).filter(|n| n.sentence == t.sentence);
        // Capitalized mid-sentence, the word is part of a name ("the Foreign Ministry"), which NER
        // has; alone after a determiner it is the noun written with a capital ("the Government
        // said", "the President").
        let capitalized = |token: &Token| text.capitalized(token);
        let capitalized_noun = after_determiner && !next.is_some_and(|n| n.word && capitalized(n));
        if t.position > 0 && capitalized(t) && !capitalized_noun {
            continue;
        }
        // "world-renowned", "once-in-a-generation": the first or a middle part of a compound
        // word, which describes something else ("co-founder" ends with its noun, and
        // "secretary-general" and "father-in-law" are role nouns).
        let rest = &text.text[t.span.end..];
        if rest.starts_with('-') && !ROLE_SUFFIXES.iter().any(|s| rest.starts_with(s)) {
            continue;
        }
        // "executive director", "district attorney", "deputy prime minister": a noun right
        // before another person or organization noun (or a role's qualifier and the noun)
        // modifies it; the last one heads the phrase.
        let adjacent = |a: &Token, b: &Token| {
            b.word
                && b.sentence == a.sentence
                && text.text[a.span.end..b.span.start].chars().all(char::is_whitespace)
                && capitalized(a) == capitalized(b)
        };
        // ("attorney general": "general" is no noun of the lexicon, so "attorney" heads it.)
        let person_or_org_noun = |n: &Token| lexicon.get(&n.lower).is_some_and(|e| e.kind != EntityKind::Location);
        // (A plural is no such modifier: "taking the soldiers prisoner".)
        let plural = t.lower.ends_with('s') && !t.lower.ends_with("ss");
        let modifies_next = !plural
            && next.filter(|n| adjacent(t, n)).is_some_and(|n| {
                person_or_org_noun(n)
                    || super::roles::ROLE_QUALIFIERS.contains(&n.lower.as_str())
                        && text.tokens.get(i + 2).is_some_and(|m| adjacent(n, m) && person_or_org_noun(m))
            });
        if modifies_next {
            continue;
        }
        let opens_phrase = after_determiner
            || previous.is_some_and(|p| INDEFINITES.contains(&p.lower.as_str()))
            || opened_before(text, i);
        if entry.kind == EntityKind::Organization && ORG_NEEDS_DETERMINER && !entry.hand && !opens_phrase {
            continue;
        }
        let new_description = next.is_some_and(|n| NEW_DESCRIPTION.contains(&n.lower.as_str()));
        out.push(Nominal {
            token: i,
            kind: entry.kind,
            definite: after_determiner && !new_description,
            new_description,
        });
    }
    out
}

/// Whether a determiner, an indefinite or a possessive "'s" opens the phrase of token `head`
/// with at most two modifiers between ("Manafort's defense team", "the new cryptocurrency
/// exchange").
fn opened_before(text: &Text, head: usize) -> bool {
    let sentence = text.tokens[head].sentence;
    for j in (head.saturating_sub(3)..head).rev() {
        let t = &text.tokens[j];
        let lower = t.lower.as_str();
        if t.sentence != sentence {
            return false;
        }
        if DETERMINERS.contains(&lower) || INDEFINITES.contains(&lower) {
            return true;
        }
        if text.possessive_s(j) {
            return true;
        }
        // A verb between ends the phrase: "The city said government plans".
        let verb = super::verbs::is_speech_verb(lower)
            || super::verbs::reports_speech(lower)
            || super::text::AUXILIARIES.contains(&lower);
        if !t.word || verb || super::text::PREPOSITIONS.contains(&lower) {
            return false;
        }
    }
    false
}

/// The determiner ("the", "a", "his", ...) that opens the noun phrase headed by token `head`,
/// at most four tokens before it within its clause, a possessive "'s" not counted ("a
/// 45-year-old plumber", "the company's founder", "the agency's executive director").
pub(super) fn phrase_start(text: &Text, head: usize) -> Option<usize> {
    let sentence = text.tokens[head].sentence;
    // A possessive's "'" and "s" are two tokens: the window widens by them.
    let possessive = (head.saturating_sub(6)..head).any(|j| text.possessive_s(j));
    (head.saturating_sub(if possessive { 6 } else { 4 })..head)
        .rev()
        .take_while(|&j| {
            let t = &text.tokens[j];
            t.sentence == sentence && !matches!(t.lower.as_str(), "," | ";" | ":" | "(" | ")" | "\"" | "“" | "”")
        })
        .find(|&j| {
            let lower = text.tokens[j].lower.as_str();
            DETERMINERS.contains(&lower) || lower == "a" || lower == "an"
        })
}

/// Nouns for the kind of place a name is: "the village of Ihithe" is Ihithe.
const PLACE_KIND_NOUNS: &[&str] = &[
    "city",
    "town",
    "village",
    "hamlet",
    "state",
    "island",
    "province",
    "county",
    "country",
    "borough",
    "municipality",
    "republic",
    "kingdom",
    "emirate",
    "commune",
    "parish",
];

/// The actor named right after a place noun and "of": "the village of Ihithe", "the city of Fort
/// Worth" (not "the capital city of Greece" or "the coast of Chile", which are other places).
/// Takes the noun's token and the actor (with its name's end) of each name's first byte.
pub(super) fn place_named(
    text: &Text,
    name_start_actor: &HashMap<usize, (usize, usize)>,
    noun: usize,
) -> Option<usize> {
    let token = &text.tokens[noun];
    let kind_of_place = PLACE_KIND_NOUNS.contains(&token.lower.as_str())
        && noun.checked_sub(1).is_none_or(|b| text.tokens[b].lower != "capital");
    let of = text.tokens.get(noun + 1).filter(|t| t.lower == "of" && t.sentence == token.sentence)?;
    let &(actor, _) = name_start_actor.get(&text.tokens.get(noun + 2)?.span.start)?;
    (kind_of_place && of.word).then_some(actor)
}

/// The gender of the parent a kinship noun names: "father", "mother".
pub(super) fn parent_noun(lower: &str) -> Option<Gender> {
    match lower {
        "father" | "dad" => Some(Gender::Masculine),
        "mother" | "mom" | "mum" => Some(Gender::Feminine),
        _ => None,
    }
}

/// The people a text names as someone's parents, when it does so once: "the son of John
/// Larson", "the second of five children of Samuel Okonkwo, a schoolteacher, and his wife
/// Grace", "born to Ruth and Tom Walker" (the name right after "of" or "to", and the first name
/// after an "and" within the next 12 tokens of that sentence), each with the token where the
/// phrase ends. A text that names two people's parents says nothing for certain.
pub(super) fn named_parents(
    text: &Text,
    name_start_actor: &HashMap<usize, (usize, usize)>,
) -> Option<(Vec<usize>, usize)> {
    let tokens = &text.tokens;
    let mut found = None;
    for i in 0..tokens.len().saturating_sub(2) {
        let child =
            matches!(tokens[i].lower.as_str(), "son" | "daughter" | "child" | "children" | "sons" | "daughters");
        let link = &tokens[i + 1];
        if !((child && link.lower == "of") || (tokens[i].lower == "born" && link.lower == "to")) {
            continue;
        }
        let Some(&(first, first_end)) = name_start_actor.get(&tokens[i + 2].span.start) else { continue };
        if found.is_some() {
            return None;
        }
        let sentence = tokens[i].sentence;
        let after = text.token_at(first_end);
        let second = (after..(after + 12).min(tokens.len()))
            .take_while(|&j| tokens[j].sentence == sentence)
            .find(|&j| tokens[j].lower == "and")
            .and_then(|and| {
                (and + 1..(and + 5).min(tokens.len()))
                    .take_while(|&j| tokens[j].sentence == sentence)
                    .find_map(|j| name_start_actor.get(&tokens[j].span.start).copied())
            });
        let mut parents = vec![first];
        let mut end = first_end;
        if let Some((actor, second_end)) = second.filter(|&(actor, _)| actor != first) {
            parents.push(actor);
            end = second_end;
        }
        found = Some((parents, end));
    }
    found
}

/// The parent "his father" or "her mother" at token `noun` is, of the `named` parents
/// ([`named_parents`]) when the noun comes after them: the one of the noun's gender, or of two
/// parents the one of unknown gender beside one of the other.
pub(super) fn parent_meant(
    text: &Text,
    noun: usize,
    (parents, named_end): &(Vec<usize>, usize),
    genders: &[Option<Gender>],
) -> Option<usize> {
    let gender = parent_noun(&text.tokens[noun].lower)?;
    let possessed = noun
        .checked_sub(1)
        .is_some_and(|b| matches!(text.tokens[b].lower.as_str(), "his" | "her") || text.possessive_s(b));
    if !possessed || *named_end > text.tokens[noun].span.start {
        return None;
    }
    let of = |g: Option<Gender>| parents.iter().copied().filter(|&p| genders[p] == g).collect::<Vec<usize>>();
    match (&of(Some(gender))[..], &of(None)[..]) {
        (&[one], _) => Some(one),
        ([], &[one]) if parents.len() == 2 => Some(one),
        _ => None,
    }
}

/// Where a person noun's phrase opens when no determiner opens it but a comma does, right
/// after a name: "Fiona Patten, leader of the Australian Sex Party,", "Jane Doe, chief
/// spokeswoman for Acme," (at most three words before the noun, none of them a determiner, a
/// preposition or an auxiliary: "Pierre Trudeau, was prime minister" is a predicate). News
/// writes its appositions this way; [`phrase_start`] wants a determiner. Returns the token after
/// the comma, which [`super::predicate::apposed_name_end`] reads as a phrase's opener. The
/// caller leaves plurals out ("Smith, lawyers and judges" is a list).
pub(super) fn bare_apposition_start(text: &Text, head: usize) -> Option<usize> {
    let sentence = text.tokens.get(head)?.sentence;
    let comma =
        (head.saturating_sub(4)..head).rev().find(|&j| !text.tokens[j].word || text.tokens[j].sentence != sentence)?;
    let t = &text.tokens[comma];
    let modifiers_ok = text.tokens[comma + 1..head].iter().all(|m| {
        let lower = m.lower.as_str();
        !DETERMINERS.contains(&lower)
            && !INDEFINITES.contains(&lower)
            && !super::text::PREPOSITIONS.contains(&lower)
            && !super::text::AUXILIARIES.contains(&lower)
    });
    (t.lower == "," && t.sentence == sentence && modifiers_ok).then_some(comma + 1)
}

/// The person a noun is in apposition with: "his wife, Chipo Biti, was ...", "My coach, Patrick
/// Sang.", "Her husband, former President Bill Clinton,", "his chief of staff, Eliseu Padilha,": a
/// person noun (with an office after "of") before a comma and a name (after at most three title
/// words) that a comma or the sentence's end closes. Takes the noun's token and the actor (with
/// its name's end) of each name's first byte; returns the actor. ("Like his father, John became
/// a doctor": the name goes on into its clause.)
pub(super) fn apposed_after(
    text: &Text,
    name_start_actor: &HashMap<usize, (usize, usize)>,
    noun: usize,
) -> Option<usize> {
    let sentence = text.tokens.get(noun)?.sentence;
    // "his chief of staff, Eliseu Padilha,": an office of one lowercase word after "of" is
    // part of the noun.
    let is_comma = |j: usize| text.tokens.get(j).is_some_and(|c| c.lower == "," && c.sentence == sentence);
    let office_of = text.tokens.get(noun + 1).is_some_and(|t| t.lower == "of")
        && text
            .tokens
            .get(noun + 2)
            .is_some_and(|t| t.word && !text.capitalized(t) && !DETERMINERS.contains(&t.lower.as_str()))
        && is_comma(noun + 3);
    let comma = if office_of { noun + 3 } else { noun + 1 };
    if !is_comma(comma) {
        return None;
    }
    // The noun heads its own phrase ("his wife", "Carlineo's attorney"), not one inside a
    // relative clause or a bare complement: "the man who kidnapped the child, Michael Webb,"
    // and "their nominee for governor, Jim Hood," name the man and the nominee.
    let start = (noun.saturating_sub(4)..noun)
        .rev()
        .take_while(|&j| {
            let t = &text.tokens[j];
            t.sentence == sentence
                && (t.word || t.lower == "-")
                && !super::text::PREPOSITIONS.contains(&t.lower.as_str())
        })
        .find(|&j| {
            let lower = text.tokens[j].lower.as_str();
            DETERMINERS.contains(&lower) || matches!(lower, "a" | "an") || text.possessive_s(j)
        })?;
    let in_relative_clause = text.tokens[..start]
        .iter()
        .rev()
        .take_while(|t| t.sentence == sentence && !matches!(t.lower.as_str(), "," | ";" | ":" | "(" | "\"" | "“"))
        .any(|t| matches!(t.lower.as_str(), "who" | "whom" | "that" | "which"));
    if in_relative_clause {
        return None;
    }
    let title_word = |t: &Token| {
        t.word
            && (t.span.slice(text.text).starts_with(char::is_uppercase)
                || matches!(t.lower.as_str(), "former" | "late"))
    };
    let (actor, name_end) = (comma + 1..comma + 5)
        .map_while(|j| text.tokens.get(j).filter(|t| t.sentence == sentence))
        .scan(true, |titles_so_far, t| {
            let here = titles_so_far.then(|| name_start_actor.get(&t.span.start).copied()).flatten();
            *titles_so_far = *titles_so_far && title_word(t);
            Some(here)
        })
        .flatten()
        .next()?;
    let closed = text.text[name_end..].starts_with([',', '.', ';', ')']) || name_end == text.text.len();
    closed.then_some(actor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Span;

    #[test]
    fn a_noun_that_starts_a_compound_is_no_mention() {
        let lexicon = Lexicon::parse(
            "word\ttype\tprecision\tcount\nworld\tLOC\t0.9\t100\nfounder\tPER\t0.9\t9\n\
             secretary\tPER\t0.9\t9\n",
            "",
        );
        let text = "Tim Cook, a world-renowned co-founder, met the secretary-general.";
        let prepared = Text::new(text, &[Span::new(0, text.len())]);
        let found: Vec<&str> =
            find(&prepared, &lexicon, |_| true).into_iter().map(|n| prepared.tokens[n.token].lower.as_str()).collect();
        // A compound ending with its noun and a role noun's "-general" are mentions.
        assert_eq!(found, ["founder", "secretary"]);
    }

    #[test]
    fn finds_nominals_with_their_type_and_definiteness() {
        let lexicon = Lexicon::parse(
            "word\ttype\tprecision\tcount\ncity\tLOC\t0.9\t100\ngovernment\tORG\t0.63\t24\n",
            "word\ttype\tgum_precision\tgum_count\nspokesman\tPER\t-\t0\ncity\tPER\t-\t0\n",
        );
        let text = "The city said government plans stalled. The government of Peru and the spokesman agreed.";
        let spans = [Span::new(0, 40), Span::new(41, text.len())];
        let prepared = Text::new(text, &spans);
        let found: Vec<(String, EntityKind, bool)> = find(&prepared, &lexicon, |_| true)
            .into_iter()
            .map(|n| (prepared.tokens[n.token].lower.clone(), n.kind, n.definite))
            .collect();
        assert_eq!(
            found,
            [
                // The hand list's "city" does not override the learned place.
                ("city".to_string(), EntityKind::Location, true),
                // "said government plans" has no determiner: a learned organization word is
                // skipped there; "The government of Peru" is a new description, not definite.
                ("government".to_string(), EntityKind::Organization, false),
                ("spokesman".to_string(), EntityKind::Person, true),
            ]
        );
    }

    #[test]
    fn a_learned_organization_word_counts_after_a_possessive_or_a_determiner_and_modifiers() {
        let lexicon = Lexicon::parse("word\ttype\tprecision\tcount\nteam\tORG\t0.75\t12\n", "");
        let text = "Manafort's defense team met the new legal team, but team spirit and a team of lawyers in team colors waited.";
        let prepared = Text::new(text, &[Span::new(0, text.len())]);
        let heads: Vec<usize> =
            find(&prepared, &lexicon, |_| true).into_iter().map(|n| prepared.tokens[n.token].span.start).collect();
        // "team spirit" and "in team colors" have no determiner or possessive opening the phrase.
        assert_eq!(
            heads,
            [text.find("team").unwrap(), text.find("legal team").unwrap() + 6, text.find("a team").unwrap() + 2]
        );
    }
}
