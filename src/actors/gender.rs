//! Gender of people's names: first names (the table counted from GAP development's pronouns,
//! filled from the 1990 US Census), the titles and role words that say a gender ("Mrs",
//! "spokesman"), and a person actor's gender from all of these. Grouping uses it to tell apart
//! people who share a surname ("Mr. Clinton" with Bill and Hillary Clinton in one article), and
//! coreference uses it as a filter on pronoun links.

use crate::document::{Actor, MentionKind};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;

/// A person's grammatical gender as pronouns show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    Masculine,
    Feminine,
}

/// First names and their gender: the one GAP development's pronouns give them
/// (`models/coref/names.tsv`), else the one the 1990 US Census gives (`census_names.tsv`, which
/// knows 5,163 names where GAP knows 2,230).
pub struct NameGenders {
    /// Every name the table has counts for; `None` where neither gender reaches 80%.
    by_name: HashMap<String, Option<Gender>>,
}

impl NameGenders {
    /// Reads `name<TAB>masculine<TAB>feminine` counts; a name gets a gender when at least 80% of
    /// its uses have it.
    pub fn parse(tsv: &str) -> Self {
        let mut by_name = HashMap::new();
        for line in tsv.lines().filter(|l| !l.starts_with('#')) {
            let cols: Vec<&str> = line.split('\t').collect();
            let [name, m, f] = cols[..] else { continue };
            let (Ok(m), Ok(f)) = (m.parse::<f32>(), f.parse::<f32>()) else { continue };
            let gender = if m >= 4.0 * f {
                Some(Gender::Masculine)
            } else if f >= 4.0 * m {
                Some(Gender::Feminine)
            } else {
                None
            };
            by_name.insert(name.to_lowercase(), gender);
        }
        Self { by_name }
    }

    pub fn shipped() -> &'static NameGenders {
        static NAMES: OnceLock<NameGenders> = OnceLock::new();
        NAMES.get_or_init(|| {
            let mut names = NameGenders::parse(include_str!("../../models/coref/names.tsv"));
            names.fill_from(NameGenders::parse(include_str!("../../models/coref/census_names.tsv")));
            names
        })
    }

    /// Adds the names `other` knows and this table does not; a name this table leaves genderless
    /// (GAP saw it with both) stays so.
    fn fill_from(&mut self, other: NameGenders) {
        for (name, gender) in other.by_name {
            self.by_name.entry(name).or_insert(gender);
        }
    }

    /// Whether the table has the name at all (with a gender or with both).
    pub fn knows(&self, first_name: &str) -> bool {
        self.by_name.contains_key(&first_name.to_lowercase())
    }

    pub fn get(&self, first_name: &str) -> Option<Gender> {
        self.by_name.get(&first_name.to_lowercase()).copied().flatten()
    }
}

/// Role and title words that say a person's gender ("spokeswoman", "Mrs").
pub(crate) fn gender_of_word(word: &str) -> Option<Gender> {
    match word.to_lowercase().trim_end_matches('.') {
        "mr" | "king" | "prince" | "spokesman" | "chairman" | "sir" | "lord" | "congressman" | "father" | "brother"
        | "son" | "husband" => Some(Gender::Masculine),
        "mrs" | "ms" | "miss" | "queen" | "princess" | "spokeswoman" | "chairwoman" | "dame" | "lady"
        | "congresswoman" | "mother" | "sister" | "daughter" | "wife" => Some(Gender::Feminine),
        _ => None,
    }
}

/// The gender an honorific before a surname gives its bearer ("Mr. Clinton", "Mrs Mugabe"); it
/// is capitalized ("we all miss Steve" has none).
pub(crate) fn honorific_gender(word: &str) -> Option<Gender> {
    if !word.starts_with(char::is_uppercase) {
        return None;
    }
    match word.to_lowercase().trim_end_matches('.') {
        "mr" | "mister" => Some(Gender::Masculine),
        "mrs" | "ms" | "miss" | "madam" | "madame" | "mme" => Some(Gender::Feminine),
        _ => None,
    }
}

/// A person actor's gender from its role, the words right before its mentions, and its first
/// name; `None` when unknown or when the clues disagree.
pub(crate) fn actor_gender(actor: &Actor, doc_text: &str, names: &NameGenders) -> Option<Gender> {
    let mut clues = Vec::new();
    for word in actor.role.iter().flat_map(|r| r.split_whitespace()) {
        clues.extend(gender_of_word(word));
    }
    for m in actor.mentions.iter().filter(|m| m.kind == MentionKind::Name) {
        let text_before = &doc_text[..m.span.start];
        let before = text_before.split_whitespace().next_back().unwrap_or_default();
        let word = before.trim_matches(|c: char| !c.is_alphanumeric());
        // The word must be in the name's sentence: "... his wife and mother.\n Mickelson" says
        // nothing of Mickelson ("Mr." and "Mrs." keep their period).
        let honorific = matches!(word.to_lowercase().as_str(), "mr" | "mrs" | "ms");
        // `before` ends the trimmed text, so what follows it there is the gap to the name.
        let gap = &text_before[text_before.trim_end().len()..];
        let sentence_between = gap.contains('\n')
            || before.ends_with(['!', '?', ':', ';', '"', '”'])
            || (before.ends_with('.') && !honorific);
        if !sentence_between {
            clues.extend(gender_of_word(word));
        }
    }
    if actor.name.split_whitespace().count() >= 2 || clues.is_empty() {
        clues.extend(actor.name.split_whitespace().next().and_then(|first| names.get(first)));
    }
    let first = *clues.first()?;
    clues.iter().all(|g| *g == first).then_some(first)
}

/// Whether a person is named so that no table gives a gender, though the name is a person's: in
/// full with a first name no table knows ("Priyanka Wali", "Chalfonte Queen"), or by one word no
/// table knows, twice or more (a surname: "Weinstein"; not "Mom" or "Mm." read as names). Their
/// gender is unknown, not mixed, and a he/she nearby may be theirs.
pub(crate) fn name_hides_gender(actor: &Actor, names: &NameGenders) -> bool {
    let words: Vec<&str> = actor.name.split_whitespace().collect();
    let Some(&first) = words.first() else { return false };
    let named = actor.mentions.iter().filter(|m| m.kind == MentionKind::Name).count();
    let surname = !super::is_interjection(first) && !matches!(first.to_lowercase().as_str(), "mom" | "mum" | "dad");
    !names.knows(first) && (words.len() >= 2 || (named >= 2 && surname))
}
