//! An article's full person names, indexed so that a one-word name finds the person it stands
//! for: "Rubio" the one Marco Rubio, "Maria" the one Maria Sanchez, "Lula" Luiz Inácio Lula da
//! Silva, and nobody where two people share the word.

use super::gender::{gender_of_word, honorific_gender};
use super::names::{initials_free_key, person_key, surname_key};
use super::{fold, Aliases, Gender, NameGenders};
use std::collections::{HashMap, HashSet};

/// Words that introduce someone as a person's relative: "the daughter of Joseph Bateman", "his
/// wife, Grace Mugabe", "born to Polly Simmons", "she married Jesse Swayze".
const KIN_WORDS: &[&str] = &[
    "father",
    "mother",
    "son",
    "daughter",
    "wife",
    "husband",
    "brother",
    "sister",
    "parents",
    "child",
    "children",
    "grandfather",
    "grandmother",
    "grandson",
    "granddaughter",
    "uncle",
    "aunt",
    "nephew",
    "niece",
    "cousin",
    "widow",
    "widower",
    "stepfather",
    "stepmother",
    "stepson",
    "stepdaughter",
    "born",
    "married",
    "consort",
    "spouse",
];

/// An article's full person names (two or more words), by surname and by first name.
pub(super) struct FullNames<'a> {
    by_surname: HashMap<String, Vec<&'a str>>,
    by_first_name: HashMap<String, Vec<&'a str>>,
    /// Words between the first name and the surname of names of three or more words ("Lula" in
    /// "Luiz Inácio Lula da Silva"), which some people are known by.
    by_inner_word: HashMap<String, Vec<&'a str>>,
    /// Where each full name is first named.
    first_named: HashMap<&'a str, usize>,
    /// Where each single word first stands alone as a name (folded).
    first_alone: HashMap<String, usize>,
    /// The gender a word before a full name gives it ("his wife, Chipo Biti").
    said_gender: HashMap<&'a str, Gender>,
    /// Full names introduced as somebody's relative ("the daughter of Joseph Bateman").
    relatives: HashSet<&'a str>,
}

impl<'a> FullNames<'a> {
    /// From the article's text, its full names and its one-word names, each with where it
    /// starts, in text order.
    pub(super) fn new(
        text: &str,
        names: impl Iterator<Item = (&'a str, usize)>,
        single_words: impl Iterator<Item = (&'a str, usize)>,
    ) -> Self {
        let mut index = Self {
            by_surname: HashMap::new(),
            by_first_name: HashMap::new(),
            by_inner_word: HashMap::new(),
            first_named: HashMap::new(),
            first_alone: HashMap::new(),
            said_gender: HashMap::new(),
            relatives: HashSet::new(),
        };
        for (name, start) in names {
            index.by_surname.entry(surname_key(name)).or_default().push(name);
            let words: Vec<&str> = name.split_whitespace().collect();
            if let Some(first) = words.first() {
                index.by_first_name.entry(fold(first)).or_default().push(name);
            }
            // Inner words that could stand alone: capitalized, not an initial ("W.") nor a
            // particle ("da", "van"), which start lowercase or are too short.
            for inner in words.iter().skip(1).take(words.len().saturating_sub(2)) {
                if inner.starts_with(char::is_uppercase) && inner.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
                    index.by_inner_word.entry(fold(inner)).or_default().push(name);
                }
            }
            index.first_named.entry(name).or_insert(start);
            // "his wife, Chipo Biti", "Mrs. Grace Mugabe": a word before the name says a gender.
            let before = text[..start].trim_end().trim_end_matches(',');
            let word = before.rsplit(|c: char| !c.is_alphabetic()).next().unwrap_or_default();
            if let Some(gender) = gender_of_word(word).or_else(|| honorific_gender(word)) {
                index.said_gender.entry(name).or_insert(gender);
            }
            if introduced_as_relative(&text[..start]) {
                index.relatives.insert(name);
            }
        }
        for (word, start) in single_words {
            index.first_alone.entry(surname_key(word)).or_insert(start);
        }
        index
    }

    /// The one full name a single-word person name stands for: the surname of exactly one person
    /// ("Rubio" → "Marco Rubio"), else the first name of exactly one person ("Maria" → "Maria
    /// Sanchez"); `None` when two people share it ("Smith" with Joe and Anna Smith). A name with
    /// and without its initials is one person ("George W. Bush", "George Bush").
    ///
    /// A surname that stands alone before its one bearer is brought in as somebody's relative
    /// ("Larson was born ... the daughter of John Larson") is nobody named in full.
    ///
    /// Of several people with one surname, the only one named in full before the surname first
    /// stands alone is who it means: a reader has met no other ("President Robert Mugabe ...
    /// Mugabe ... his wife Grace Mugabe", or a biography's "Mary Walker ... Walker was born to
    /// John Walker and Ruth Walker"). Else the one named in full at least twice and more often
    /// than all the others together ("Mugabe" after Robert Mugabe four times and Grace Mugabe
    /// once). An honorific's gender (`gender`, from "Mr." or "Mrs." before the surname) first
    /// keeps the people of that gender if any is known to be of it, else those not known to be of
    /// the other ("Mr. Clinton" is Bill Clinton where Hillary Clinton is named too; "Mrs. Biti"
    /// is "his wife, Chipo Biti", not Tendai Biti, whose first name no table knows). A person's
    /// gender is the one a word before their full name says ("wife", "Mrs."), else their first
    /// name's.
    pub(super) fn for_word(&self, word: &str, gender: Option<Gender>) -> Option<&'a str> {
        let folded = surname_key(word);
        let first_alone = self.first_alone.get(&folded).copied().unwrap_or(usize::MAX);
        let genders = NameGenders::shipped();
        let gender_of = |name: &str| {
            self.said_gender.get(name).copied().or_else(|| name.split_whitespace().next().and_then(|f| genders.get(f)))
        };
        let one = |matching: &[&'a str], by_surname: bool| -> Option<&'a str> {
            // Each person's full-name mentions, by first mention.
            let mut people: Vec<(String, Vec<&'a str>)> = Vec::new();
            for &name in matching {
                let key = initials_free_key(&person_key(name));
                match people.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, names)) => names.push(name),
                    None => people.push((key, vec![name])),
                }
            }
            let (key, names) = match &people[..] {
                [] => return None,
                [one] => one,
                _ if by_surname => {
                    let named_before = |names: &[&'a str]| names.iter().any(|n| self.first_named[n] < first_alone);
                    let most = people.iter().map(|(_, names)| names.len()).max()?;
                    let others = people.iter().map(|(_, names)| names.len()).sum::<usize>() - most;
                    match people.iter().filter(|(_, names)| named_before(names)).collect::<Vec<_>>()[..] {
                        [only] => only,
                        _ if most >= 2 && most > others => people.iter().find(|(_, names)| names.len() == most)?,
                        _ => return None,
                    }
                }
                _ => return None,
            };
            // "Bateman was born ... the daughter of Joseph Bateman": a surname that stood alone
            // before its one bearer came in as somebody's relative is the person whose relative
            // that is, since a family shares it (a first name does not: "children: Wanjira and
            // Muta ... Her daughter Wanjira Mathai"). An honorific that picks the relative out
            // ("Her husband Bill Clinton ... Mr. Clinton") still decides.
            let relative_named_after = names.iter().all(|n| self.first_named[n] > first_alone)
                && names.iter().any(|n| self.relatives.contains(n));
            if by_surname && relative_named_after && gender.is_none() {
                return None;
            }
            let initialed: std::collections::BTreeSet<String> =
                names.iter().map(|n| person_key(n)).filter(|k| k != key).collect();
            (initialed.len() <= 1).then_some(names[0])
        };
        // With an honorific: those whose gender agrees, if any is known to, else those whose
        // gender is not known to disagree.
        let possible = |names: &Vec<&'a str>| -> Vec<&'a str> {
            let Some(wanted) = gender else { return names.clone() };
            let agreeing: Vec<&'a str> = names.iter().copied().filter(|n| gender_of(n) == Some(wanted)).collect();
            if agreeing.is_empty() {
                names.iter().copied().filter(|n| gender_of(n).is_none()).collect()
            } else {
                agreeing
            }
        };
        match self.by_surname.get(&folded) {
            // "Rafael Ortega Vidal ... Ortega ... his brother, Luis Ortega": a Spanish name's first
            // surname competes with the people whose last word it is; a name that only runs on
            // from one of those ("Christy Webber Landscapes", NER's span for a company) is no
            // other person.
            Some(matching) => {
                let runs_on = |inner: &str| {
                    matching.iter().any(|m| inner.strip_prefix(m).is_some_and(|rest| rest.starts_with(' ')))
                };
                let inner = self.by_inner_word.get(&fold(word)).into_iter().flatten().copied();
                let inner = inner.filter(|n| !runs_on(n) && !matching.contains(n));
                let mut matching = matching.clone();
                matching.extend(inner);
                matching.sort_by_key(|name| self.first_named[name]);
                one(&possible(&matching), true)
            }
            None => match self.by_first_name.get(&folded) {
                Some(matching) => one(&possible(matching), false),
                // "Lula" for "Luiz Inácio Lula da Silva": a word inside one person's name.
                None => self.by_inner_word.get(&fold(word)).and_then(|m| one(&possible(m), false)),
            },
        }
    }

    /// The full name whose surname is `word`, a name NER read as an organization or place, when
    /// no alias or knowledge entry and no ambiguity says it is one.
    pub(super) fn for_surname_of_thing(&self, word: &str, aliases: &Aliases) -> Option<&'a str> {
        let folded = fold(word);
        if aliases.by_key.contains_key(&folded) || aliases.ambiguous.contains(&folded) {
            return None;
        }
        self.by_surname.get(&surname_key(word))?;
        self.for_word(word, None)
    }
}

/// Whether a kinship word is among the four words before a name in its sentence: "the daughter of
/// Joseph Bateman", "his wife, Chipo Biti", "was born to Polly Simmons".
pub(crate) fn introduced_as_relative(before: &str) -> bool {
    // Four words fit in the last 100 bytes; a longer look would make a huge document without
    // sentence marks cost the square of its length.
    let from = (before.len().saturating_sub(100)..=before.len()).find(|&i| before.is_char_boundary(i)).unwrap_or(0);
    let sentence = before[from..].rsplit(['.', ';', '!', '?', '\n']).next().unwrap_or_default();
    sentence
        .rsplit(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(4)
        .any(|w| KIN_WORDS.contains(&w.to_lowercase().as_str()))
}
