//! Names: what a cleaned entity span is called (titles, possessives and edges stripped, roles
//! read from the words before it), whether it can be an actor at all, and the keys names meet on
//! (folded spellings, a person's first and last name with initials and generation) and the ids
//! made from them.

use crate::document::{EntityKind, Span};
use std::collections::{BTreeMap, HashMap};

/// The role words that are nouns for a person: [`crate::coref`] links "the minister" to the
/// actor whose `role` (read with [`ROLE_WORDS`]) has the word ("Foreign Minister").
pub(crate) const PERSON_ROLE_NOUNS: &[&str] = &[
    "president",
    "minister",
    "secretary",
    "chancellor",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "senator",
    "governor",
    "ambassador",
    "envoy",
    "mayor",
    "king",
    "queen",
    "pope",
    "speaker",
    "chairman",
    "director",
    "general",
    "commander",
    "attorney",
    "judge",
    "coach",
    "sheriff",
    "prosecutor",
    "commissioner",
];
/// Title and role words that precede names ("US Secretary of State", "Mr").
pub(super) const ROLE_WORDS: &[&str] = &[
    "president",
    "vice",
    "secretary",
    "minister",
    "foreign",
    "prime",
    "deputy",
    "chancellor",
    "spokesperson",
    "spokeswoman",
    "spokesman",
    "senator",
    "sen",
    "rep",
    "representative",
    "governor",
    "gov",
    "general",
    "gen",
    "ambassador",
    "envoy",
    "aide",
    "chief",
    "director",
    "leader",
    "king",
    "queen",
    "prince",
    "pope",
    "mayor",
    "principal",
    "press",
    "state",
    "defense",
    "defence",
    "of",
    "the",
    "first",
    "lady",
    "speaker",
    "commander",
    "ceo",
    "chairman",
    "chair",
    "head",
    "adviser",
    "advisor",
    "official",
    "counterpart",
    "attorney",
    "district",
    "judge",
    "coach",
    "sheriff",
    "prosecutor",
    "commissioner",
    "mr",
    "mrs",
    "ms",
    "dr",
];
/// Religious, ethnic and continental groups named as one people, beside the plural demonyms of
/// the knowledge table's countries ("Americans"); see `Aliases::is_people_group`.
pub(super) const PEOPLE_GROUPS: &[&str] = &[
    "Muslims",
    "Christians",
    "Jews",
    "Sikhs",
    "Buddhists",
    "Hindus",
    "Catholics",
    "Protestants",
    "Mormons",
    "Shiites",
    "Sunnis",
    "Arabs",
    "Kurds",
    "Palestinians",
    "Uighurs",
    "Uyghurs",
    "Pashtuns",
    "Tamils",
    "Yazidis",
    "Latinos",
    "Hispanics",
    "Africans",
    "Europeans",
    "Asians",
    "Westerners",
];

pub(super) const HONORIFICS: &[&str] = &["mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "prof", "professor"];
/// Titles that name a rank rather than a person ("Emperor", "Lord"): alone they are no actor.
pub(super) const TITLES: &[&str] = &[
    "emperor",
    "empress",
    "lady",
    "king",
    "queen",
    "prince",
    "princess",
    "duke",
    "duchess",
    "count",
    "countess",
    "baron",
    "baroness",
    "earl",
    "sultan",
    "shah",
    "tsar",
    "czar",
    "pharaoh",
    "saint",
    "st",
    "pope",
    "father",
    "sister",
    "brother",
    "mother",
    "uncle",
    "aunt",
    "captain",
    "capt",
    "lieutenant",
    "lt",
    "sergeant",
    "sgt",
    "colonel",
    "col",
    "major",
    "judge",
    "justice",
    "rev",
    "reverend",
    "bishop",
    "archbishop",
    "cardinal",
    "rabbi",
    "imam",
    "sheikh",
];
/// Honours and degrees after a person's name, which are not part of it ("FRS", "PhD").
pub(super) const NAME_SUFFIXES: &[&str] =
    &["frs", "phd", "md", "obe", "mbe", "cbe", "kbe", "dbe", "qc", "kc", "mp", "esq"];
/// Generational suffixes, which are part of the name: "Donald Trump Jr." is not his father.
pub(super) const GENERATIONS: &[&str] = &["jr", "sr", "ii", "iii", "iv"];
/// Words that cannot end (or, for the first three, start) a name: a span that runs on or stops
/// short ("University of Leeds and", "State of").
pub(super) const EDGE_FUNCTION_WORDS: &[&str] = &[
    "the", "a", "an", "and", "or", "of", "for", "in", "on", "at", "to", "with", "by", "from", "as", "but", "nor", "s",
];
/// Pronouns, determiners and adverbs that are no name alone.
const LONE_FUNCTION_WORDS: &[&str] =
    &["it", "its", "that", "this", "these", "those", "there", "here", "they", "we", "he", "she", "what", "then", "let"];
/// Abbreviations that introduce a number ("Op. 46", "No. 5"): such a span is a catalogue
/// number, not an actor.
pub(super) const NUMBER_PREFIXES: &[&str] = &["op", "no", "nos", "vol", "fig", "pp", "ch", "sec", "art", "bwv", "k"];
/// Those of them that are no name even alone.
pub(super) const LONE_NUMBER_PREFIXES: &[&str] = &["op", "opp", "nos", "vol", "pp", "bwv"];

/// Whether a cleaned entity name can be an actor: it has a word of two or more letters that is
/// not a title ("Mr", "Lord", "Emperor" alone are not actors), and it is not a catalogue number
/// ("Op. 46").
pub(super) fn is_actor_name(name: &str) -> bool {
    let words: Vec<String> = name.split_whitespace().map(|w| bare_word(w).to_lowercase()).collect();
    if words.first().is_some_and(|w| NUMBER_PREFIXES.contains(&w.as_str()))
        && words.iter().skip(1).any(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()))
    {
        return false;
    }
    // "Op" alone: NER stopped at the number; "That", "There": NER read a contraction whose
    // apostrophe a wrong decoding mangled ("Thatâ s") as a name.
    if let [only] = &words[..] {
        if LONE_NUMBER_PREFIXES.contains(&only.as_str()) || LONE_FUNCTION_WORDS.contains(&only.as_str()) {
            return false;
        }
    }
    words.iter().any(|w| {
        w.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !HONORIFICS.contains(&w.as_str())
            && !TITLES.contains(&w.as_str())
            && !ROLE_WORDS.contains(&w.as_str())
    })
}

/// Interjections and discourse words that open a spoken turn or a quotation ("Oh, Barb", "Okay.",
/// "Mhm."), which NER takes for names; compared after repeated letters collapse ("Uhhh", "Ooh").
const INTERJECTIONS: &[&str] = &[
    "ah", "aha", "aloha", "alright", "aw", "bye", "ciao", "eh", "er", "erm", "hey", "hi", "hm", "hello", "huh", "hunh",
    "mh", "mhm", "oh", "ok", "okay", "oops", "ow", "uh", "um", "wow", "whoa", "yeah", "yep",
];

/// Whether a word is an interjection ("Oh", "Okay", "Uhhh").
pub(crate) fn is_interjection(word: &str) -> bool {
    let word = bare_word(word).to_lowercase();
    let mut collapsed: Vec<char> = word.chars().collect();
    collapsed.dedup();
    let collapsed: String = collapsed.into_iter().collect();
    INTERJECTIONS.contains(&word.as_str()) || INTERJECTIONS.contains(&collapsed.as_str())
}

/// A word without surrounding punctuation.
pub(super) fn bare_word(word: &str) -> &str {
    word.trim_matches(|c: char| !c.is_alphanumeric())
}

/// How an actor is shown: a person without name suffixes ("Maria Sanchez FRS" → "Maria
/// Sanchez"; middle initials stay, since they tell relatives apart), an organization without
/// its legal form ("Facebook Inc." → "Facebook").
pub(super) fn display_name(name: &str, kind: EntityKind) -> String {
    match kind {
        EntityKind::Person => without_suffixes(name),
        EntityKind::Organization => without_legal_form(name),
        _ => name.to_string(),
    }
}

/// Legal forms after a company's name: the same company with or without them.
const LEGAL_FORMS: &[&str] = &["inc", "corp", "co", "ltd", "llc", "plc", "lp", "llp", "ag", "sa", "gmbh", "nv", "bv"];

/// An organization's name without a trailing legal form ("Facebook Inc." → "Facebook",
/// "Acme, Ltd" → "Acme"), so that one company has one id whichever way an article writes it.
pub(super) fn without_legal_form(name: &str) -> String {
    without_trailing(name, |w| LEGAL_FORMS.contains(&w.replace('.', "").to_lowercase().as_str()))
}

/// A person's name without trailing suffixes ("Jr.", "III", "FRS") and the comma before them.
pub(super) fn without_suffixes(name: &str) -> String {
    without_trailing(name, |w| NAME_SUFFIXES.contains(&bare_word(w).to_lowercase().as_str()))
}

/// `name` without the trailing words `drop` accepts (never its first word) and the comma
/// before them.
fn without_trailing(name: &str, drop: impl Fn(&str) -> bool) -> String {
    let mut words: Vec<&str> = name.split_whitespace().collect();
    while words.len() >= 2 && words.last().is_some_and(|w| drop(w)) {
        words.pop();
    }
    words.join(" ").trim_end_matches(',').to_string()
}

/// The full name a surname alone stands for: the only one the corpus has, or one named in at
/// least two documents and in at least twice as many documents as all the others together (the
/// "Trump" of a corpus that also mentions "Melania Trump" once). `None` when it is ambiguous.
pub(crate) fn dominant_full_name(documents_by_key: &BTreeMap<String, u64>) -> Option<&String> {
    let (top_key, &top) = documents_by_key.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?;
    let others: u64 = documents_by_key.values().sum::<u64>() - top;
    (others == 0 || (top >= 2 && top >= 2 * others)).then_some(top_key)
}

pub fn kind_code(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "per",
        EntityKind::Location => "loc",
        EntityKind::Organization => "org",
        EntityKind::Misc => "misc",
    }
}

/// The parts of a hyphenated compound of actors ("Russia-US", "Trump-Putin"), each with its byte
/// offset in `name` and its kind, when every part is a name the article or the alias file knows
/// on its own; empty otherwise, so hyphenated names ("Jean-Pierre", "Guinea-Bissau") stay whole.
pub(super) fn compound_parts(name: &str, known: impl Fn(&str) -> Option<EntityKind>) -> Vec<(usize, &str, EntityKind)> {
    if !name.contains(['-', '–']) || name.contains(char::is_whitespace) {
        return Vec::new();
    }
    let mut parts = Vec::new();
    let mut offset = 0;
    for part in name.split(['-', '–']) {
        match known(part) {
            Some(kind) if part.chars().filter(|c| c.is_alphabetic()).count() >= 2 => parts.push((offset, part, kind)),
            _ => return Vec::new(),
        }
        offset += part.len() + name[offset + part.len()..].chars().next().map_or(0, char::len_utf8);
    }
    if parts.len() >= 2 {
        parts
    } else {
        Vec::new()
    }
}

/// Strips possessives, surrounding punctuation and function words at either edge ("the
/// University of Leeds and" → "University of Leeds"), and a person's leading honorifics and
/// titles ("Mr Trump's" → "Trump"); returns the clean name and its span.
pub(super) fn clean_name(surface: &str, span: Span, kind: EntityKind) -> (String, Span) {
    let mut start = 0;
    let mut end = surface.len();
    loop {
        let before = (start, end);
        let trimmed_end = surface[..end].trim_end_matches(|c: char| !c.is_alphanumeric());
        end = trimmed_end.len().max(start);
        // Keep the final period of a dotted abbreviation ("U.S.").
        if surface[end..].starts_with('.') && surface[start..end].contains('.') {
            end += 1;
        }
        // Possessives, and an apostrophe that a wrong decoding left as "â" ("Oreskesâ s").
        for suffix in ["'s", "’s", "'", "’", "â€™s", "â€™", "â"] {
            let kept = &surface[start..end];
            let word_before = kept.strip_suffix(suffix).is_some_and(|k| {
                k.chars().next_back().is_some_and(|c| c.is_ascii_lowercase()) && k.chars().count() >= 3
            });
            if kept.ends_with(suffix) && (!suffix.starts_with('â') || word_before) {
                end -= suffix.len();
                break;
            }
        }
        start +=
            surface[start..end].len() - surface[start..end].trim_start_matches(|c: char| !c.is_alphanumeric()).len();
        // A function word at either edge: the span ran on or started early.
        let inner = &surface[start..end];
        if let Some(last_space) = inner.rfind(char::is_whitespace) {
            let last = &inner[last_space..];
            if EDGE_FUNCTION_WORDS.contains(&bare_word(last).to_lowercase().as_str()) {
                end = start + last_space;
            }
        }
        let inner = &surface[start..end];
        if let Some(first_space) = inner.find(char::is_whitespace) {
            let first = bare_word(&inner[..first_space]).to_lowercase();
            // A title, an office before a capitalized name ("Governor Smith", "Sen. Warren": the
            // office is the actor's role, read from the text before the name), or an
            // interjection opening a turn ("Oh Barb", "Hi Kat").
            let office = (PERSON_ROLE_NOUNS.contains(&first.as_str())
                || ROLE_ABBREVIATIONS.iter().any(|(short, _)| *short == first))
                && inner[first_space..].trim_start().starts_with(char::is_uppercase);
            let leading_title = kind == EntityKind::Person
                && (HONORIFICS.contains(&first.as_str())
                    || TITLES.contains(&first.as_str())
                    || office
                    || is_interjection(&first));
            if first == "the" || first == "a" || first == "an" || leading_title {
                start += first_space;
            }
        }
        // A lowercase prefix NER took in: "then-New York Times", "ex-Chelsea", "pro-Kremlin"
        // (a capitalized one is part of the name: "Anti-Defamation League").
        if let Some((prefix, rest)) = name_prefix(&surface[start..end]) {
            if prefix.starts_with(char::is_lowercase) && rest.starts_with(char::is_uppercase) {
                start += prefix.len() + 1;
            }
        }
        start += surface[start..end].len() - surface[start..end].trim_start().len();
        if (start, end) == before {
            break;
        }
    }
    let name = surface[start..end].trim().to_string();
    (name, Span::new(span.start + start, span.start + end))
}

/// Prefixes joined to a name or an office by a hyphen, no part of it ("then-New York Times",
/// "then-President").
const NAME_PREFIXES: &[&str] = &["then", "ex", "former", "pro", "anti", "non", "post", "pre", "mid", "all", "un"];

/// A word split at a hyphen after one of [`NAME_PREFIXES`], in any case: ("then", "New York
/// Times"), ("Then", "President").
fn name_prefix(word: &str) -> Option<(&str, &str)> {
    word.split_once('-').filter(|(prefix, _)| NAME_PREFIXES.contains(&prefix.to_lowercase().as_str()))
}

/// Abbreviated titles written out, so "Sen. Elizabeth Warren" is the one "the senator" refers to.
const ROLE_ABBREVIATIONS: &[(&str, &str)] =
    &[("sen", "Senator"), ("rep", "Representative"), ("gov", "Governor"), ("gen", "General")];

/// Role words right before a person's name: "US Secretary of State Marco Rubio" → "Secretary of
/// State"; "Russian President Vladimir Putin" → "President".
pub(super) fn role_before(text: &str, start: usize) -> Option<String> {
    let before = &text[..start];
    // The role runs back to the clause's start; the period of a title's abbreviation ("Sen.",
    // "Gov.", "Mr.") is no sentence end.
    let abbreviates_role = |at: usize| {
        let word = before[..at].rsplit(|c: char| !c.is_alphabetic()).next().unwrap_or_default().to_lowercase();
        ROLE_ABBREVIATIONS.iter().any(|(short, _)| *short == word) || HONORIFICS.contains(&word.as_str())
    };
    let line_start = before
        .char_indices()
        .rev()
        .find(|&(i, c)| matches!(c, '\n' | ',' | ';' | ':' | '(' | '"' | '“') || c == '.' && !abbreviates_role(i))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let words: Vec<&str> = before[line_start..].split_whitespace().collect();
    let mut role: Vec<&str> = Vec::new();
    for word in words.iter().rev() {
        let clean = word.trim_matches(|c: char| !c.is_alphanumeric());
        // "then-President Donald Trump": the office without its prefix.
        let clean = name_prefix(clean).map_or(clean, |(_, office)| office);
        if ROLE_WORDS.contains(&clean.to_lowercase().as_str()) && clean.chars().next().is_some_and(char::is_uppercase)
            || (clean == "of" && !role.is_empty())
        {
            role.push(clean);
        } else {
            break;
        }
    }
    // Collected backwards: the last pushed word is the first of the role.
    while role.last().is_some_and(|w| w.eq_ignore_ascii_case("of") || w.eq_ignore_ascii_case("the")) {
        role.pop();
    }
    role.reverse();
    while role.last().is_some_and(|w| w.eq_ignore_ascii_case("of") || w.eq_ignore_ascii_case("the")) {
        role.pop();
    }
    let role: Vec<&str> = role
        .into_iter()
        .filter(|w| !HONORIFICS.contains(&w.to_lowercase().as_str()))
        .map(|w| ROLE_ABBREVIATIONS.iter().find(|(short, _)| w.eq_ignore_ascii_case(short)).map_or(w, |(_, long)| long))
        .collect();
    (!role.is_empty()).then(|| role.join(" "))
}

/// A key for comparing surface forms: transliterated to ASCII (diacritics dropped, other
/// scripts romanized: "Łódź" → "lodz", "Путин" → "putin"), lowercase, letters and digits only,
/// with spelling variants folded: y→i, doubled letters single ("Zelenskyy"/"Zelensky"/"Zelenskiy"
/// → "zelenski"; "Sergey"/"Sergei" → "sergei"), "-isation" as "-ization", "St"/"St." as
/// "Saint", "&" as "and".
pub fn fold(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, words: &mut Vec<String>| {
        if !word.is_empty() {
            words.push(fold_word(word));
            word.clear();
        }
    };
    for c in ascii.chars().flat_map(char::to_lowercase) {
        match c {
            c if c.is_ascii_alphanumeric() => {
                let c = if c == 'y' { 'i' } else { c };
                if !(word.ends_with(c) && c.is_ascii_alphabetic()) {
                    word.push(c);
                }
            }
            '&' => {
                flush(&mut word, &mut words);
                words.push("and".into());
            }
            ' ' | '-' | '\t' | '\n' | '/' => flush(&mut word, &mut words),
            _ => {}
        }
    }
    flush(&mut word, &mut words);
    words.join(" ")
}

/// Word-level spelling variants of [`fold`] (the word is already folded letter by letter).
pub(super) fn fold_word(word: &str) -> String {
    match word {
        "st" => return "saint".into(),
        "mt" => return "mount".into(),
        _ => {}
    }
    // British "-isation"/"-ise" spellings of the same word ("organisation", "organization").
    for (british, american) in [("isation", "ization"), ("isations", "izations")] {
        if let Some(stem) = word.strip_suffix(british) {
            return format!("{stem}{american}");
        }
    }
    word.to_string()
}

/// A person's key: folded first and last name with the middle initials, other middle names
/// ignored ("Donald John Trump" = "Donald Trump"), suffixes dropped ("Jr.", "FRS"): initials tell
/// relatives apart ("George H. W. Bush", "George W. Bush"), and [`initials_free_key`] lets a
/// name without them join the one initialed form a document or corpus has.
pub(crate) fn person_key(name: &str) -> String {
    let (name, generation) = split_generation(&without_suffixes(name));
    let words: Vec<String> =
        given_and_surname(&name).map(|w| fold(without_article(w))).filter(|w| !w.is_empty()).collect();
    let key = match words.as_slice() {
        [] => fold(&name),
        [one] => one.clone(),
        [first, middle @ .., last] => {
            let initials: String = middle.iter().filter(|w| w.chars().count() == 1).map(String::as_str).collect();
            if initials.is_empty() {
                format!("{first} {last}")
            } else {
                format!("{first} {INITIALS_MARK}{initials} {last}")
            }
        }
    };
    match generation {
        Some(generation) => format!("{key} {generation}"),
        None => key,
    }
}

/// A name without its generational suffix, and the suffix folded: "Donald Trump Jr." →
/// ("Donald Trump", Some("jr")).
pub(super) fn split_generation(name: &str) -> (String, Option<String>) {
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() && GENERATIONS.contains(&bare_word(last).to_lowercase().as_str()) => {
            (rest.join(" ").trim_end_matches(',').to_string(), Some(fold(last)))
        }
        _ => (name.to_string(), None),
    }
}

/// Marks the initials in a [`person_key`] (a surname folded from "Kilroy-Silk" has a space too).
pub(super) const INITIALS_MARK: char = '.';

/// [`person_key`] without the initials: first and last name only.
pub(crate) fn initials_free_key(key: &str) -> String {
    key.split(' ').filter(|w| !w.starts_with(INITIALS_MARK)).collect::<Vec<_>>().join(" ")
}

/// A person's surname, folded as a whole ("Kilroy-Silk" → "kilroi silk"), so a hyphenated
/// surname alone meets the full name; without an Arabic article ("al-Burhan" → "burhan").
pub(crate) fn surname_key(name: &str) -> String {
    split_generation(&without_suffixes(name))
        .0
        .split_whitespace()
        .next_back()
        .map(|w| fold(without_article(w)))
        .unwrap_or_default()
}

/// Words that open a surname ("La Canfora", "Van Der Beek", "de Gaulle"). Lowercase.
const SURNAME_PARTICLES: &[&str] =
    &["van", "von", "der", "den", "de", "del", "di", "da", "du", "la", "le", "dos", "das", "ter", "ten", "bin", "ibn"];

/// A person's name without the particles that open its surname: "Jason La Canfora" is "Jason
/// Canfora", "Van Der Beek" is "Beek". A capitalized "Van" right before the last word at the
/// start is a given name ("Van Morrison").
fn given_and_surname(name: &str) -> impl Iterator<Item = &str> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let last = words.len().saturating_sub(1);
    let particle = move |i: usize, word: &str| {
        i < last
            && SURNAME_PARTICLES.contains(&word.to_lowercase().as_str())
            && !(i == 0 && i + 1 == last && word == "Van")
    };
    words.into_iter().enumerate().filter(move |&(i, w)| !particle(i, w)).map(|(_, w)| w)
}

/// How many words a person's name has, a surname's particles counted with it: "La Canfora" and
/// "Van Der Beek" are one (a surname alone), "Jason La Canfora" two.
pub(crate) fn name_word_count(name: &str) -> usize {
    given_and_surname(name).count()
}

/// A name word without the Arabic article news writes or leaves out at will: "al-Assad",
/// "el-Sisi" and "Assad", "Sisi" are one surname ("Bashar al-Assad" is "Bashar Assad").
fn without_article(word: &str) -> &str {
    ["al-", "el-", "Al-", "El-", "al\u{2011}", "el\u{2011}"]
        .iter()
        .find_map(|article| word.strip_prefix(article))
        .filter(|rest| rest.chars().count() >= 3 && rest.starts_with(char::is_uppercase))
        .unwrap_or(word)
}

/// An id-safe form of a name: transliterated to ASCII ("Ségolène Royal" → "segolene-royal",
/// "Владимир Путин" → "vladimir-putin"), lowercase letters and digits joined by hyphens. Never
/// empty: a name with nothing to transliterate (symbols, emoji) gets its code points in hex.
pub fn slug(name: &str) -> String {
    let ascii = deunicode::deunicode_with_tofu(name, " ");
    let folded: String =
        ascii.chars().flat_map(char::to_lowercase).map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
    let slug = folded.split_whitespace().collect::<Vec<_>>().join("-");
    if !slug.is_empty() {
        return slug;
    }
    let hex: Vec<String> = name.chars().filter(|c| !c.is_whitespace()).map(|c| format!("u{:x}", c as u32)).collect();
    if hex.is_empty() {
        "unnamed".into()
    } else {
        hex.join("-")
    }
}

/// Byte ranges inside quotation marks (“…”, "…", «…»), within a paragraph.
pub fn quote_regions(text: &str) -> Vec<Span> {
    let mut regions = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let mut open: Option<(usize, char)> = None;
        for (i, c) in line.char_indices() {
            let at = line_start + i;
            match (open, c) {
                (None, '“' | '«') => open = Some((at, c)),
                (None, '"') => open = Some((at, c)),
                (Some((s, '“')), '”') | (Some((s, '«')), '»') | (Some((s, '"')), '"') => {
                    regions.push(Span::new(s, at + c.len_utf8()));
                    open = None;
                }
                _ => {}
            }
        }
        line_start += line.len();
    }
    regions
}

/// A social-media handle that spells one name of the article is that name ("@GiGiHadid",
/// "@jaketapper" in an embedded post, with "Gigi Hadid" and "Jake Tapper" in the text): it takes
/// that name and its type. The handle's span starts after its "@"; one that spells no name, or
/// several, stays as it is.
pub(super) fn handles_as_names(names: Vec<(String, Span, EntityKind)>, text: &str) -> Vec<(String, Span, EntityKind)> {
    let squashed = |name: &str| name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
    // Each name of two or more words by its squashed spelling, with its type.
    let mut spelled: HashMap<String, Vec<(String, EntityKind)>> = HashMap::new();
    for (name, _, kind) in names.iter().filter(|(name, ..)| name.contains(' ')) {
        let entry = spelled.entry(squashed(name)).or_default();
        if !entry.iter().any(|(n, _)| n == name) {
            entry.push((name.clone(), *kind));
        }
    }
    names
        .into_iter()
        .map(|(name, span, kind)| {
            let handle = text[..span.start].ends_with('@') && !name.contains(' ');
            match spelled.get(&squashed(&name)).map(Vec::as_slice) {
                Some([(full, full_kind)]) if handle => (full.clone(), span, *full_kind),
                _ => (name, span, kind),
            }
        })
        .collect()
}

#[cfg(test)]
mod handle_tests {
    use super::*;

    #[test]
    fn a_handle_that_spells_one_name_of_the_article_is_that_name() {
        let text = "Gigi Hadid posted. — Gigi Hadid (@GiGiHadid) and @NashvilleARA and GiGiHadid";
        let at = |needle: &str, nth: usize| {
            let start = text.match_indices(needle).nth(nth).unwrap().0;
            Span::new(start, start + needle.len())
        };
        let names = vec![
            ("Gigi Hadid".to_string(), at("Gigi Hadid", 0), EntityKind::Person),
            ("GiGiHadid".to_string(), at("GiGiHadid", 0), EntityKind::Organization),
            ("NashvilleARA".to_string(), at("NashvilleARA", 0), EntityKind::Location),
            ("GiGiHadid".to_string(), at("GiGiHadid", 1), EntityKind::Organization),
        ];
        let renamed: Vec<(String, EntityKind)> =
            handles_as_names(names, text).into_iter().map(|(name, _, kind)| (name, kind)).collect();
        assert_eq!(
            renamed,
            [
                ("Gigi Hadid".to_string(), EntityKind::Person),
                // The handle takes the name and its type.
                ("Gigi Hadid".to_string(), EntityKind::Person),
                // A handle that spells no name stays; so does the same word without an "@".
                ("NashvilleARA".to_string(), EntityKind::Location),
                ("GiGiHadid".to_string(), EntityKind::Organization),
            ]
        );
    }
}
