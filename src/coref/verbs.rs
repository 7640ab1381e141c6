//! The one list of verbs of saying and thinking, with the two uses coreference makes of them.
//!
//! The two uses want different sets, which is why each verb carries two flags rather than there
//! being one set:
//! - **feature verbs** ([`is_speech_verb`]) feed the trained pair scorer: "X said he", "X told Y
//!   that she" (the name before one is its subject, and a pronoun in the clause it introduces is
//!   most often that subject). This membership is part of the model in
//!   `models/coref/weights.json`: changing it changes what the trees were trained on, so it only
//!   changes with a retrain. It includes verbs of thinking ("thought", "believed") that introduce
//!   a clause without reporting speech.
//! - **reporting verbs** ([`reports_speech`]) gate the document linker's it/its/they: after one,
//!   "it"/"they" is reported speech of an organization ("the ministry said it would"), the one
//!   position where they are reliably referential. This is a hand rule, kept narrow: no verbs of
//!   thinking, and "warned", which the feature list lacks (organizations warn; the scorer was
//!   trained without it).

/// Every verb with its two flags: `(word, feature verb, reports speech)`. Lowercase.
const SPEECH_VERBS: &[(&str, bool, bool)] = &[
    ("said", true, true),
    ("says", true, true),
    ("say", false, true),
    ("told", true, false),
    ("tells", true, false),
    ("stated", true, true),
    ("explained", true, false),
    ("wrote", true, false),
    ("writes", true, false),
    ("added", true, true),
    ("announced", true, true),
    ("claimed", true, true),
    ("recalled", true, false),
    ("replied", true, false),
    ("asked", true, false),
    ("believed", true, false),
    ("felt", true, false),
    ("thought", true, false),
    ("decided", true, false),
    ("agreed", true, false),
    ("insisted", true, true),
    ("admitted", true, false),
    ("revealed", true, false),
    ("learned", true, false),
    ("learns", true, false),
    ("discovered", true, false),
    ("realized", true, false),
    ("realised", true, false),
    ("noted", true, true),
    ("argued", true, true),
    ("believes", true, false),
    ("thinks", true, false),
    ("knew", true, false),
    ("knows", true, false),
    ("promised", true, false),
    ("confirmed", true, false),
    ("denied", true, true),
    ("remarked", true, false),
    ("suggested", true, false),
    ("warned", false, true),
];

/// Verbs that attribute a direct quotation to the name beside them (`“…,” Moeller said`, `La
/// Canfora responded: “…”`). Lowercase.
const QUOTING_VERBS: &[&str] = &[
    "said",
    "says",
    "added",
    "told",
    "tells",
    "wrote",
    "writes",
    "tweeted",
    "responded",
    "replied",
    "explained",
    "recalled",
    "insisted",
    "continued",
    "stated",
    "noted",
    "argued",
    "asked",
    "remembered",
    "laughed",
    "joked",
];

/// Whether `word` (lowercase) attributes a direct quotation to the name beside it.
pub(super) fn attributes_quote(word: &str) -> bool {
    QUOTING_VERBS.contains(&word)
}

/// Whether `word` (lowercase) is a speech verb of the pair scorer's features
/// (`followed_by_speech_verb`, `speech_verb_between`, ...).
pub(super) fn is_speech_verb(word: &str) -> bool {
    SPEECH_VERBS.iter().any(|&(w, feature, _)| feature && w == word)
}

/// Whether `word` (lowercase) reports speech, so that an "it"/"they" right after it may be an
/// organization speaking ("the ministry said it would").
pub(super) fn reports_speech(word: &str) -> bool {
    SPEECH_VERBS.iter().any(|&(w, _, reports)| reports && w == word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_uses_keep_their_members() {
        // Pinned: the feature list is part of the trained scorer, the reporting list of the linker.
        let features: Vec<&str> = SPEECH_VERBS.iter().filter(|v| v.1).map(|v| v.0).collect();
        assert_eq!(features, FEATURES_PINNED);
        let reporting: Vec<&str> = SPEECH_VERBS.iter().filter(|v| v.2).map(|v| v.0).collect();
        let mut reporting_sorted = reporting.clone();
        reporting_sorted.sort_unstable();
        let mut pinned = vec![
            "said",
            "says",
            "say",
            "added",
            "announced",
            "stated",
            "noted",
            "claimed",
            "argued",
            "warned",
            "insisted",
            "denied",
        ];
        pinned.sort_unstable();
        assert_eq!(reporting_sorted, pinned);
        assert!(is_speech_verb("said") && reports_speech("said"));
        assert!(reports_speech("warned") && !is_speech_verb("warned"));
        assert!(is_speech_verb("thought") && !reports_speech("thought"));
        assert!(is_speech_verb("told") && !reports_speech("told"));
        assert!(!is_speech_verb("walked") && !reports_speech("walked"));
        assert!(!is_speech_verb("Said"), "callers pass lowercase words");
    }

    #[test]
    fn each_verb_is_listed_once() {
        let mut words: Vec<&str> = SPEECH_VERBS.iter().map(|v| v.0).collect();
        words.sort_unstable();
        words.dedup();
        assert_eq!(words.len(), SPEECH_VERBS.len());
    }

    const FEATURES_PINNED: &[&str] = &[
        "said",
        "says",
        "told",
        "tells",
        "stated",
        "explained",
        "wrote",
        "writes",
        "added",
        "announced",
        "claimed",
        "recalled",
        "replied",
        "asked",
        "believed",
        "felt",
        "thought",
        "decided",
        "agreed",
        "insisted",
        "admitted",
        "revealed",
        "learned",
        "learns",
        "discovered",
        "realized",
        "realised",
        "noted",
        "argued",
        "believes",
        "thinks",
        "knew",
        "knows",
        "promised",
        "confirmed",
        "denied",
        "remarked",
        "suggested",
    ];
}
