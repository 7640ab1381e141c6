//! Short forms of an organization's name within one article: "Stanford" for "Stanford
//! University", "the Commission" for "European Commission", "the Ministry" for "Ministry of
//! Defence", "the Times" for "New York Times". Articles name an organization in full once and
//! shorten it after; NER finds both, and without this they are two actors.

use super::merge_actor;
use crate::document::{Actor, EntityKind};

/// Words that only say what kind of body a name is ("Stanford University", "Acme Group"): the
/// name without them is the same organization. (Legal forms such as "Inc." are dropped from
/// names already: `super::names::without_legal_form`.)
const DESIGNATORS: &[&str] = &[
    "University",
    "College",
    "Corporation",
    "Company",
    "Group",
    "Holdings",
    "Institute",
    "Institution",
    "International",
    "Platforms",
    "Technologies",
    "Industries",
    "Enterprises",
    "Systems",
    "Labs",
    "Laboratories",
    "Pharmaceuticals",
    "Communications",
    "Entertainment",
];

/// Head words that an article uses alone, capitalized, for the one body of that kind it named
/// ("the Commission", "the Ministry"). Not "Court", "Congress", "Senate", "Parliament",
/// "Government", "Army" or "Union": alone, those are often another body than the one named in
/// full ("the Court" is the Supreme Court in an article that names only a court of appeals).
/// After "the", "Court", "Government" and the like are no names at all but nouns
/// (`super::context::is_generic_body`), which coreference links within its window: "the court"
/// goes to the court named last (PerSenT dev: 6 of 7 right; GUM's Supreme Court transcripts
/// are the exception above).
const HEADS: &[&str] = &[
    "Commission",
    "Council",
    "Assembly",
    "Ministry",
    "Department",
    "Agency",
    "Bank",
    "University",
    "College",
    "Party",
    "Committee",
    "Institute",
    "Foundation",
    "Museum",
    "Association",
    "Federation",
    "League",
    "Authority",
    "Academy",
    "Corporation",
    "Company",
    "Tribunal",
    "Board",
    "Office",
    // Newspapers: "the Times" for the New York Times, "the Post", "the Journal".
    "Times",
    "Post",
    "Journal",
    "Herald",
    "Tribune",
    "Chronicle",
    "Gazette",
    "Telegraph",
    "Globe",
];

/// Merges each one-word organization or place name into the one longer organization of the
/// article it shortens: the long name is the word plus designators ("Stanford" → "Stanford
/// University"), or the word is the long name's head ("Commission" → "European Commission";
/// the head of "Ministry of Defence" is "Ministry"). With two such names, or a word that an
/// alias entry identifies (a known place), nothing is merged.
pub(super) fn merge_short_forms(actors: &mut [Actor], votes: &mut [[usize; 3]]) {
    let mut joins = Vec::new();
    for (short, actor) in actors.iter().enumerate() {
        let word = actor.name.as_str();
        let one_word = !word.contains(char::is_whitespace) && word.starts_with(char::is_uppercase);
        if actor.kind == EntityKind::Person || actor.external_id.is_some() || !one_word {
            continue;
        }
        let mut longer = actors.iter().enumerate().filter(|&(i, other)| {
            i != short
                && other.kind == EntityKind::Organization
                && other.aliases.iter().any(|alias| shortens(word, alias))
        });
        if let (Some((long, _)), None) = (longer.next(), longer.next()) {
            joins.push((long, short));
        }
    }
    for (keep, gone) in joins {
        merge_actor(actors, votes, keep, gone);
    }
}

/// The name a designated organization name shortens to: "Harvard" for "Harvard University";
/// `None` for a name with no designator after its first word.
pub(crate) fn designated_stem(name: &str) -> Option<&str> {
    let words: Vec<&str> = name.split_whitespace().collect();
    (words.len() >= 2 && words[1..].iter().all(|w| DESIGNATORS.contains(w))).then(|| words[0])
}

/// Whether `word` alone is a short form of the organization name `name`.
fn shortens(word: &str, name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() < 2 {
        return false;
    }
    let designated = designated_stem(name) == Some(word);
    // The head is the word before "of" ("Supreme Court of Hawaii"), else the last word.
    let head = words.iter().position(|w| *w == "of").map_or(words[words.len() - 1], |of| words[of.max(1) - 1]);
    designated || (head == word && HEADS.contains(&word))
}

#[cfg(test)]
mod tests {
    use super::shortens;

    #[test]
    fn a_short_form_is_the_name_without_designators_or_its_head() {
        assert!(shortens("Stanford", "Stanford University"));
        assert!(shortens("Acme", "Acme Group"));
        assert!(shortens("Meta", "Meta Platforms"));
        assert!(shortens("Cato", "Cato Institute"));
        assert!(shortens("Amnesty", "Amnesty International"));
        // "Motors" says more than a kind of body.
        assert!(!shortens("General", "General Motors"));
        assert!(shortens("Commission", "European Commission"));
        assert!(shortens("Ministry", "Ministry of Defence"));
        assert!(shortens("Times", "New York Times"));
        // Not the head: the Library of Congress is no Congress, Alaska Airlines no Alaska; a
        // court alone is often another court.
        assert!(!shortens("Library", "Library of Congress"));
        assert!(!shortens("Court", "Supreme Court of Hawaii"));
        assert!(!shortens("Alaska", "Alaska Airlines"));
        assert!(!shortens("European", "European Commission"));
        assert!(!shortens("Commission", "Commission"));
    }
}
