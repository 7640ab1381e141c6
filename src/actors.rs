//! Actors: entity mentions grouped into one actor per person, organization or place within an
//! article, and the name keys that [`crate::link`] uses to make them canonical across the corpus.
//!
//! Within an article, a person's mentions group by name: titles and role words are split off
//! ("Secretary of State Marco Rubio" → role "Secretary of State", name "Marco Rubio"), possessives
//! dropped ("Trump's"), middle initials ignored ("Donald J. Trump"), and a surname alone joins the
//! one full name in the article that ends with it; a hyphenated compound of names the article
//! also uses alone ("Russia-US talks", "Trump-Putin summit") counts as a mention of each. Names
//! meet on a folded key that absorbs spelling and transliteration variants ("Sergey"/"Sergei",
//! "Zelensky"/"Zelenskyy"), and an alias file (`--aliases`) overrides and extends all of this
//! (`Kiev`/`Kyiv`, `U.S.`/`United States`, ...). Actor ids derive from the canonical name
//! (`per:sergey-lavrov`), so they are stable.

use crate::document::{Actor, Document, EntityKind, Mention, MentionKind, Span};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// An entry of the alias file.
#[derive(Debug, Clone)]
pub struct AliasEntry {
    pub canonical: String,
    pub kind: Option<EntityKind>,
    pub external_id: Option<String>,
    pub group: Option<String>,
}

/// Aliases: folded surface form → entry. Built from the shipped default file and the user's.
#[derive(Debug, Clone, Default)]
pub struct Aliases {
    by_key: HashMap<String, AliasEntry>,
}

#[derive(Debug, thiserror::Error)]
#[error("{path}:{line}: {message}")]
pub struct AliasError {
    pub path: String,
    pub line: usize,
    pub message: String,
}

impl Aliases {
    /// Reads a CSV with a header: `canonical,aliases,type,external_id,group`; `aliases` is a
    /// `|`-separated list; `type` is PER, ORG, LOC or MISC (optional).
    pub fn load(path: &Path) -> Result<Self, AliasError> {
        let mut aliases = Self::default();
        aliases.extend_from(path)?;
        Ok(aliases)
    }

    /// Adds (and overrides with) the entries of another file.
    pub fn extend_from(&mut self, path: &Path) -> Result<(), AliasError> {
        let shown = path.display().to_string();
        let err = |line: usize, message: String| AliasError { path: shown.clone(), line, message };
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .comment(Some(b'#'))
            .from_path(path)
            .map_err(|e| err(0, e.to_string()))?;
        let headers = reader.headers().map_err(|e| err(1, e.to_string()))?.clone();
        let col = |name: &str| headers.iter().position(|h| h.trim() == name);
        let canonical_col = col("canonical").ok_or_else(|| err(1, "no `canonical` column".into()))?;
        let (aliases_col, type_col, id_col, group_col) =
            (col("aliases"), col("type"), col("external_id"), col("group"));
        for record in reader.records() {
            let record = record.map_err(|e| err(e.position().map_or(0, |p| p.line() as usize), e.to_string()))?;
            let line = record.position().map_or(0, |p| p.line() as usize);
            let field = |c: Option<usize>| {
                c.and_then(|c| record.get(c)).map(str::trim).filter(|v| !v.is_empty()).map(String::from)
            };
            let Some(canonical) = field(Some(canonical_col)) else { continue };
            let kind = match field(type_col).as_deref() {
                None => None,
                Some(t) => Some(crate::ner::entity_kind(t).ok_or_else(|| err(line, format!("unknown type {t:?}")))?),
            };
            let entry =
                AliasEntry { canonical: canonical.clone(), kind, external_id: field(id_col), group: field(group_col) };
            let surface_forms = field(aliases_col).unwrap_or_default();
            for form in std::iter::once(canonical.as_str()).chain(surface_forms.split('|')) {
                let key = fold(form);
                if !key.is_empty() {
                    self.by_key.insert(key, entry.clone());
                }
            }
        }
        Ok(())
    }

    /// Surface forms known.
    pub fn len(&self) -> usize {
        self.by_key.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }

    /// The entry for a surface form that an entity of NER type `kind` may take: a person's name
    /// never takes a place's or an organization's entry (nor the reverse), so "Paris Hilton"'s
    /// "Paris" stays a person; organizations and places take each other's (NER confuses them).
    fn get(&self, surface: &str, kind: EntityKind) -> Option<&AliasEntry> {
        let entry = self.by_key.get(&fold(surface))?;
        let compatible = match (entry.kind, kind) {
            (None, _) => true,
            (Some(EntityKind::Person), k) | (Some(k), EntityKind::Person) => k == EntityKind::Person,
            _ => true,
        };
        compatible.then_some(entry)
    }

    /// The type the alias file gives a surface form read as `kind`, if it lists it with a type.
    fn kind_of(&self, surface: &str, kind: EntityKind) -> Option<EntityKind> {
        self.get(surface, kind).and_then(|e| e.kind)
    }
}

/// Title and role words that precede names ("US Secretary of State", "Mr").
const ROLE_WORDS: &[&str] = &[
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
    "mr",
    "mrs",
    "ms",
    "dr",
];
const HONORIFICS: &[&str] = &["mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof", "professor"];
/// Titles that name a rank rather than a person ("Emperor", "Lord"): alone they are no actor.
const TITLES: &[&str] = &[
    "emperor",
    "empress",
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
/// Suffixes after a person's name that are not part of the name ("Jr.", "FRS", "III").
const NAME_SUFFIXES: &[&str] =
    &["jr", "sr", "ii", "iii", "iv", "frs", "phd", "md", "obe", "mbe", "cbe", "kbe", "dbe", "qc", "kc", "mp", "esq"];
/// Words that cannot end (or, for the first three, start) a name: a span that runs on or stops
/// short ("University of Leeds and", "State of").
const EDGE_FUNCTION_WORDS: &[&str] = &[
    "the", "a", "an", "and", "or", "of", "for", "in", "on", "at", "to", "with", "by", "from", "as", "but", "nor", "s",
];
/// Abbreviations that introduce a number ("Op. 46", "No. 5"): such a span is a catalogue
/// number, not an actor.
const NUMBER_PREFIXES: &[&str] = &["op", "no", "nos", "vol", "fig", "pp", "ch", "sec", "art", "bwv", "k"];

/// One name mention before grouping.
struct NameMention {
    name: String,
    kind: EntityKind,
    span: Span,
    role: Option<String>,
}

/// Groups a document's PER, ORG and LOC entities into actors (ids not yet canonical).
///
/// Each actor has one type: the alias or knowledge entry's, else the majority of its name
/// mentions' NER labels (organizations and places meet across labels, since NER confuses them
/// on the same name; a person and a non-person share a name only when nothing says which is which).
pub fn group_document(doc: &Document, aliases: &Aliases) -> Vec<Actor> {
    let quotes = quote_regions(&doc.text);
    let sentence_of = |at: usize| doc.sentences.iter().position(|s| s.span.start <= at && at < s.span.end).unwrap_or(0);
    let cleaned: Vec<(String, Span, EntityKind)> = doc
        .entities
        .iter()
        .filter(|e| e.kind != EntityKind::Misc)
        .filter_map(|e| {
            let (name, span) = clean_name(e.span.slice(&doc.text), e.span, e.kind);
            is_actor_name(&name).then_some((name, span, e.kind))
        })
        .collect();
    // Names the article also uses on their own, for splitting compounds like "Russia-US".
    let standalone: HashMap<String, EntityKind> =
        cleaned.iter().filter(|(n, _, _)| !n.contains('-')).map(|(n, _, k)| (fold(n), *k)).collect();
    let mut raws = Vec::new();
    for (name, span, kind) in cleaned {
        let parts = compound_parts(&name, |part| {
            standalone.get(&fold(part)).copied().or_else(|| aliases.kind_of(part, EntityKind::Location))
        });
        if !parts.is_empty() {
            for (offset, part, part_kind) in parts {
                let part_span = Span::new(span.start + offset, span.start + offset + part.len());
                raws.push(NameMention { name: part.to_string(), kind: part_kind, span: part_span, role: None });
            }
            continue;
        }
        let role = if kind == EntityKind::Person { role_before(&doc.text, span.start) } else { None };
        raws.push(NameMention { name, kind, span, role });
    }
    // Full names (two or more words) anchor surnames and first names within the document.
    let full_names: Vec<&str> = raws
        .iter()
        .filter(|r| r.kind == EntityKind::Person && r.name.split_whitespace().count() >= 2)
        .map(|r| r.name.as_str())
        .collect();
    let mut actors: Vec<Actor> = Vec::new();
    // Votes of each actor's name mentions for its type (PER, ORG, LOC).
    let mut votes: Vec<[usize; 3]> = Vec::new();
    let mut fixed_kind: Vec<bool> = Vec::new();
    let mut index_by_key: HashMap<(bool, String), usize> = HashMap::new();
    for raw in &raws {
        let mut key_name = raw.name.clone();
        if raw.kind == EntityKind::Person && raw.name.split_whitespace().count() == 1 {
            if let Some(full) = full_name_for(&raw.name, &full_names) {
                key_name = full.to_string();
            }
        }
        let entry = aliases.get(&key_name, raw.kind).or_else(|| aliases.get(&raw.name, raw.kind));
        let kind = entry.and_then(|e| e.kind).unwrap_or(raw.kind);
        let canonical_key = match entry {
            Some(e) => fold(&e.canonical),
            None if kind == EntityKind::Person => person_key(&key_name),
            None => fold(&key_name),
        };
        let is_person = kind == EntityKind::Person;
        let i = *index_by_key.entry((is_person, canonical_key)).or_insert_with(|| {
            actors.push(Actor {
                name: entry.map_or_else(|| display_name(&key_name, kind), |e| e.canonical.clone()),
                kind,
                aliases: Vec::new(),
                role: None,
                external_id: entry.and_then(|e| e.external_id.clone()),
                group: entry.and_then(|e| e.group.clone()),
                mentions: Vec::new(),
            });
            votes.push([0; 3]);
            fixed_kind.push(entry.is_some_and(|e| e.kind.is_some()));
            actors.len() - 1
        });
        votes[i][kind_index(raw.kind)] += 1;
        let actor = &mut actors[i];
        if !actor.aliases.contains(&raw.name) {
            actor.aliases.push(raw.name.clone());
        }
        // The longest full name seen names the actor unless an alias entry fixed it.
        let display = display_name(&raw.name, kind);
        if entry.is_none() && display.split_whitespace().count() > actor.name.split_whitespace().count() {
            actor.name = display;
        }
        if actor.role.is_none() {
            actor.role = raw.role.clone();
        }
        actor.mentions.push(Mention {
            span: raw.span,
            sentence: sentence_of(raw.span.start),
            quoted: quotes.iter().any(|q| q.start <= raw.span.start && raw.span.end <= q.end),
            tone: None,
            kind: MentionKind::Name,
        });
    }
    merge_person_and_thing(&mut actors, &mut votes, &fixed_kind, &index_by_key);
    for ((actor, votes), fixed) in actors.iter_mut().zip(&votes).zip(&fixed_kind) {
        if !fixed {
            actor.kind = majority_kind(votes, actor.kind);
        }
    }
    actors.retain(|a| !a.mentions.is_empty());
    actors
}

/// The one full name in `full_names` that a single-word person name stands for: the surname of
/// exactly one person ("Rubio" → "Marco Rubio"), else the first name of exactly one person
/// ("Maria" → "Maria Sanchez"); `None` when two people share it ("Smith" with Joe and Anna Smith).
fn full_name_for<'a>(word: &str, full_names: &[&'a str]) -> Option<&'a str> {
    let folded = fold(word);
    let one = |matching: Vec<&'a str>| -> Option<&'a str> {
        let first = *matching.first()?;
        matching.iter().all(|n| person_key(n) == person_key(first)).then_some(first)
    };
    let by_surname: Vec<&str> = full_names.iter().copied().filter(|n| surname_key(n) == folded).collect();
    if !by_surname.is_empty() {
        return one(by_surname);
    }
    let by_first: Vec<&str> =
        full_names.iter().copied().filter(|n| fold(n).split(' ').next().is_some_and(|f| f == folded)).collect();
    one(by_first)
}

/// A person actor and a non-person actor with the same name key are one actor mislabelled by NER
/// ("Coron" as PER once and LOC five times) unless something says they differ: the person has a
/// full name (a surname shared with a place, "George Washington" and "Washington"), or either
/// has an alias or knowledge entry with a type.
fn merge_person_and_thing(
    actors: &mut [Actor],
    votes: &mut [[usize; 3]],
    fixed_kind: &[bool],
    index_by_key: &HashMap<(bool, String), usize>,
) {
    let mut pairs: Vec<(usize, usize)> = index_by_key
        .iter()
        .filter(|((is_person, _), _)| *is_person)
        .filter_map(|((_, key), &p)| index_by_key.get(&(false, key.clone())).map(|&t| (p, t)))
        .collect();
    pairs.sort_unstable();
    for (person, thing) in pairs {
        let person_named = actors[person].aliases.iter().any(|a| a.split_whitespace().count() >= 2);
        if person_named || fixed_kind[person] || fixed_kind[thing] {
            continue;
        }
        let (keep, gone) = if votes[person][0] > votes[thing].iter().sum() { (person, thing) } else { (thing, person) };
        let moved = std::mem::take(&mut actors[gone].mentions);
        let aliases = std::mem::take(&mut actors[gone].aliases);
        let role = actors[gone].role.take();
        let gone_votes = votes[gone];
        let target = &mut actors[keep];
        target.mentions.extend(moved);
        target.mentions.sort_by_key(|m| (m.span.start, m.span.end));
        for alias in aliases {
            if !target.aliases.contains(&alias) {
                target.aliases.push(alias);
            }
        }
        target.role = target.role.take().or(role);
        for (v, g) in votes[keep].iter_mut().zip(gone_votes) {
            *v += g;
        }
    }
}

fn kind_index(kind: EntityKind) -> usize {
    match kind {
        EntityKind::Person => 0,
        EntityKind::Organization => 1,
        _ => 2,
    }
}

/// The type most of an actor's name mentions have; ties keep `current`.
fn majority_kind(votes: &[usize; 3], current: EntityKind) -> EntityKind {
    let kinds = [EntityKind::Person, EntityKind::Organization, EntityKind::Location];
    let best = *votes.iter().max().unwrap_or(&0);
    if votes[kind_index(current)] == best {
        return current;
    }
    kinds[votes.iter().position(|&v| v == best).unwrap_or(0)]
}

/// Whether a cleaned entity name can be an actor: it has a word of two or more letters that is
/// not a title ("Mr", "Lord", "Emperor" alone are not actors), and it is not a catalogue number
/// ("Op. 46").
fn is_actor_name(name: &str) -> bool {
    let words: Vec<String> = name.split_whitespace().map(|w| bare_word(w).to_lowercase()).collect();
    if words.first().is_some_and(|w| NUMBER_PREFIXES.contains(&w.as_str()))
        && words.iter().skip(1).any(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()))
    {
        return false;
    }
    words.iter().any(|w| {
        w.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !HONORIFICS.contains(&w.as_str())
            && !TITLES.contains(&w.as_str())
            && !ROLE_WORDS.contains(&w.as_str())
    })
}

/// A word without surrounding punctuation.
fn bare_word(word: &str) -> &str {
    word.trim_matches(|c: char| !c.is_alphanumeric())
}

/// How an actor is shown: a person without middle initials or name suffixes ("Donald J. Trump"
/// → "Donald Trump", "Maria Sanchez FRS" → "Maria Sanchez").
fn display_name(name: &str, kind: EntityKind) -> String {
    if kind == EntityKind::Person {
        without_initials(&without_suffixes(name))
    } else {
        name.to_string()
    }
}

/// A person's name without trailing suffixes ("Jr.", "III", "FRS") and the comma before them.
fn without_suffixes(name: &str) -> String {
    let mut words: Vec<&str> = name.split_whitespace().collect();
    while words.len() >= 2
        && words.last().is_some_and(|w| NAME_SUFFIXES.contains(&bare_word(w).to_lowercase().as_str()))
    {
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

/// A name without middle initials ("Donald J. Trump" → "Donald Trump"), for display and ids.
fn without_initials(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() < 3 {
        return name.to_string();
    }
    let is_initial = |w: &str| w.trim_end_matches('.').chars().count() == 1;
    let kept: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|(i, w)| *i == 0 || *i == words.len() - 1 || !is_initial(w))
        .map(|(_, w)| *w)
        .collect();
    kept.join(" ")
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
fn compound_parts(name: &str, known: impl Fn(&str) -> Option<EntityKind>) -> Vec<(usize, &str, EntityKind)> {
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
fn clean_name(surface: &str, span: Span, kind: EntityKind) -> (String, Span) {
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
        for suffix in ["'s", "’s", "'", "’"] {
            if surface[start..end].ends_with(suffix) {
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
            let leading_title = kind == EntityKind::Person
                && (HONORIFICS.contains(&first.as_str()) || TITLES.contains(&first.as_str()));
            if first == "the" || first == "a" || first == "an" || leading_title {
                start += first_space;
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

/// Role words right before a person's name: "US Secretary of State Marco Rubio" → "Secretary of
/// State"; "Russian President Vladimir Putin" → "President".
fn role_before(text: &str, start: usize) -> Option<String> {
    let before = &text[..start];
    let line_start = before
        .char_indices()
        .rev()
        .find(|(_, c)| matches!(c, '\n' | '.' | ',' | ';' | ':' | '(' | '"' | '“'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let words: Vec<&str> = before[line_start..].split_whitespace().collect();
    let mut role: Vec<&str> = Vec::new();
    for word in words.iter().rev() {
        let clean = word.trim_matches(|c: char| !c.is_alphanumeric());
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
    let role: Vec<&str> = role.into_iter().filter(|w| !HONORIFICS.contains(&w.to_lowercase().as_str())).collect();
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
fn fold_word(word: &str) -> String {
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

/// A person's key: folded first and last name, middle names and initials ignored.
pub(crate) fn person_key(name: &str) -> String {
    let folded = fold(name);
    let words: Vec<&str> = folded.split(' ').filter(|w| w.len() > 1).collect();
    match words.as_slice() {
        [] => folded.clone(),
        [one] => one.to_string(),
        [first, .., last] => format!("{first} {last}"),
    }
}

pub(crate) fn surname_key(name: &str) -> String {
    fold(name).split(' ').next_back().unwrap_or_default().to_string()
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

/// A segmented body document with the given entities (surface text, kind), each found at its
/// first occurrence after the previous one; for the tests of this stage and of the ones after it.
#[cfg(test)]
pub(crate) fn test_document(id: &str, text: &str, entities: &[(&str, EntityKind)]) -> Document {
    use crate::document::{ContentKind, Entity, Metadata, RawDocument, SourceRef};
    let raw = RawDocument {
        id: id.into(),
        source: SourceRef::file(id),
        kind: ContentKind::Body,
        content: text.into(),
        supplied: Metadata::default(),
        warnings: Vec::new(),
        extra: Default::default(),
    };
    let mut d = Document::from_raw(&raw);
    d.text = text.to_string();
    d.sentences = crate::segment::segment(text);
    let mut from = 0;
    for (surface, kind) in entities {
        let start = from + text[from..].find(surface).unwrap();
        from = start + surface.len();
        d.entities.push(Entity { span: Span::new(start, from), kind: *kind, score: 1.0 });
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_absorbs_transliteration_variants() {
        assert_eq!(fold("Zelenskyy"), fold("Zelensky"));
        assert_eq!(fold("Zelenskiy"), fold("Zelensky"));
        assert_eq!(fold("Sergey Lavrov"), fold("Sergei Lavrov"));
        assert_ne!(fold("Kiev"), fold("Kyiv"));
        assert_eq!(person_key("Donald J. Trump"), person_key("Donald Trump"));
        assert_eq!(slug("Volodymyr Zelenskyy"), "volodymyr-zelenskyy");
    }

    #[test]
    fn names_lose_honorifics_and_possessives_roles_are_found() {
        let (name, span) = clean_name("Mr Trump’s", Span::new(10, 22), EntityKind::Person);
        assert_eq!(name, "Trump");
        assert_eq!(span, Span::new(13, 18));
        let text = "Talks with US Secretary of State Marco Rubio and Russian President Vladimir Putin.";
        assert_eq!(role_before(text, text.find("Marco").unwrap()).as_deref(), Some("Secretary of State"));
        assert_eq!(role_before(text, text.find("Vladimir").unwrap()).as_deref(), Some("President"));
        assert_eq!(role_before("He met Marco Rubio.", 7), None);
    }

    fn doc(id: &str, text: &str, entities: &[(&str, EntityKind)]) -> Document {
        test_document(id, text, entities)
    }

    /// Groups each document's actors and links them across the documents, as `slant tag` does.
    fn link(docs: &[&Document], aliases: &Aliases) -> Vec<crate::records::TaggedDocument> {
        let mut table = crate::link::NameTable::default();
        let mut records: Vec<_> = docs
            .iter()
            .map(|doc| {
                let mut doc = (*doc).clone();
                doc.actors = group_document(&doc, aliases);
                let provenance = crate::records::Provenance::default();
                let mut record = crate::output::document_record(&doc, &provenance, Default::default());
                crate::link::finish(&mut record, None);
                table.observe(&record);
                record
            })
            .collect();
        records.iter_mut().for_each(|r| crate::link::finish(r, Some(&table)));
        records
    }

    fn names(record: &crate::records::TaggedDocument) -> Vec<(String, usize)> {
        record.actors.iter().map(|a| (a.id.clone(), a.mentions.len())).collect()
    }

    #[test]
    fn groups_variants_within_and_across_articles() {
        use EntityKind::{Location as L, Person as P};
        let a = doc(
            "a",
            "US Secretary of State Marco Rubio spoke with Sergey Lavrov. Mr Rubio's aide said Lavrov agreed. Donald J. Trump met Zelensky in Kiev.",
            &[("Marco Rubio", P), ("Sergey Lavrov", P), ("Mr Rubio's", P), ("Lavrov", P), ("Donald J. Trump", P), ("Zelensky", P), ("Kiev", L)],
        );
        let b = doc(
            "b",
            "Sergei Lavrov called. Rubio listened. President Trump and Volodymyr Zelenskyy met in Kyiv.",
            &[("Sergei Lavrov", P), ("Rubio", P), ("Trump", P), ("Volodymyr Zelenskyy", P), ("Kyiv", L)],
        );
        let mut aliases = Aliases::default();
        aliases.by_key.insert(
            fold("Kiev"),
            AliasEntry { canonical: "Kyiv".into(), kind: Some(L), external_id: None, group: None },
        );
        let all = link(&[&a, &b], &aliases);
        assert_eq!(
            names(&all[0]),
            [
                ("per:marco-rubio".to_string(), 2),
                ("per:sergey-lavrov".to_string(), 2),
                ("per:donald-trump".to_string(), 1),
                ("per:volodymyr-zelenskyy".to_string(), 1),
                ("loc:kyiv".to_string(), 1)
            ]
        );
        // Surname-only "Rubio" and "Trump" in b join the full names seen in a; spellings agree.
        assert_eq!(
            names(&all[1]),
            [
                ("per:sergey-lavrov".to_string(), 1),
                ("per:marco-rubio".to_string(), 1),
                ("per:donald-trump".to_string(), 1),
                ("per:volodymyr-zelenskyy".to_string(), 1),
                ("loc:kyiv".to_string(), 1)
            ]
        );
        let rubio = &all[0].actors[0];
        assert_eq!(rubio.role.as_deref(), Some("Secretary of State"));
        assert_eq!(rubio.aliases, ["Marco Rubio", "Rubio"]);
        assert_eq!(rubio.mentions[1].text, "Rubio");
    }

    #[test]
    fn an_ambiguous_surname_stays_apart() {
        use EntityKind::Person as P;
        let a =
            doc("a", "Joe Smith and Anna Smith met. Smith left.", &[("Joe Smith", P), ("Anna Smith", P), ("Smith", P)]);
        let all = link(&[&a], &Aliases::default());
        assert_eq!(
            names(&all[0]),
            [("per:joe-smith".to_string(), 1), ("per:anna-smith".to_string(), 1), ("per:smith".to_string(), 1)]
        );
    }

    #[test]
    fn a_surname_joins_the_full_name_that_dominates_the_corpus() {
        use EntityKind::Person as P;
        let mut docs: Vec<Document> = (0..3)
            .map(|i| doc(&i.to_string(), "Donald Trump spoke. Trump left.", &[("Donald Trump", P), ("Trump", P)]))
            .collect();
        docs.push(doc(
            "d",
            "Donald Trump and Melania Trump arrived. Trump spoke. Trump left.",
            &[("Donald Trump", P), ("Melania Trump", P), ("Trump", P), ("Trump", P)],
        ));
        let all = link(&docs.iter().collect::<Vec<_>>(), &Aliases::default());
        assert_eq!(
            names(&all[3]),
            [("per:donald-trump".to_string(), 3), ("per:melania-trump".to_string(), 1)],
            "four documents name Donald Trump, one Melania Trump"
        );
    }

    #[test]
    fn alias_file_sets_canonical_name_type_and_id() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("aliases.csv");
        std::fs::write(&path, "canonical,aliases,type,external_id,group\nUnited States,US|U.S.|USA,LOC,Q30,\n")
            .unwrap();
        let aliases = Aliases::load(&path).unwrap();
        let a = doc("a", "The U.S. and the USA.", &[("U.S.", EntityKind::Location), ("USA", EntityKind::Organization)]);
        let all = link(&[&a], &aliases);
        assert_eq!(names(&all[0]), [("loc:united-states".to_string(), 2)]);
        assert_eq!(all[0].actors[0].external_id.as_deref(), Some("Q30"));
        assert_eq!(all[0].actors[0].aliases, ["U.S.", "USA"]);
    }

    #[test]
    fn compounds_of_known_names_split_and_hyphenated_names_stay_whole() {
        use EntityKind::{Location as L, Person as P};
        let text = "Russia-US talks and Trump-Putin plans worried Jean-Pierre in Russia. Trump met Putin in the US.";
        let a = doc(
            "a",
            text,
            &[
                ("Russia-US", L),
                ("Trump-Putin", P),
                ("Jean-Pierre", P),
                ("Russia", L),
                ("Trump", P),
                ("Putin", P),
                ("US", L),
            ],
        );
        let all = link(&[&a], &Aliases::default());
        assert_eq!(
            names(&all[0]),
            [
                ("loc:russia".to_string(), 2),
                ("loc:us".to_string(), 2),
                ("per:trump".to_string(), 2),
                ("per:putin".to_string(), 2),
                ("per:jean-pierre".to_string(), 1)
            ]
        );
        // Each part's mention points at its own text.
        let us = &all[0].actors[1];
        assert_eq!(us.mentions[0].text, "US");
        assert_eq!(us.mentions[0].start, text.find("-US").unwrap() + 1, "the text is ASCII: bytes are code points");
    }

    #[test]
    fn quotes_are_found_per_paragraph() {
        let text = "He said “Putin agreed” and \"Trump\" too.\nNo quote here";
        let regions = quote_regions(text);
        assert_eq!(regions.len(), 2);
        assert_eq!(regions[0].slice(text), "“Putin agreed”");
        assert_eq!(regions[1].slice(text), "\"Trump\"");
    }
}
