//! Coreference gold for `slant eval actors`, read into one shape from two formats:
//!
//! - the gum-dev JSON (`../shared/data/gum-dev/gum_gold.json`, described in its PROVENANCE.md):
//!   `{"docs": {ID: {"text", "genre", "split", "entities": [{"id", "type", "identity",
//!   "mentions": [{"start", "end", "head_start", "head_end", "kind", "pron_class"?, ...}]}],
//!   "other_mentions": [...]}}}`, read as tolerantly as `actor_score.py` reads it (entities
//!   without an id and mentions without integer offsets are left out);
//! - CoNLL-2012 `*_conll` files (a file, or a folder searched for `*_conll` / `*.conll`), see
//!   `read_conll` for how the text, ids and mention kinds are made.
//!
//! Offsets are code points into the document's text, end exclusive.

use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// A gold mention's kind as the scorer counts it: person names with a plural head ("the
/// Huguenots", "Americans") apart from other names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GoldKind {
    Name,
    NamePlural,
    Pronoun,
    Nominal,
}

impl GoldKind {
    pub fn as_str(self) -> &'static str {
        match self {
            GoldKind::Name => "name",
            GoldKind::NamePlural => "name_plural",
            GoldKind::Pronoun => "pronoun",
            GoldKind::Nominal => "nominal",
        }
    }
}

/// A gold mention (of an entity, or one of GUM's other-type `other_mentions`).
#[derive(Debug, Clone, PartialEq)]
pub struct GoldMention {
    pub start: i64,
    pub end: i64,
    /// The head token (the whole span when the gold gives none).
    pub head: (i64, i64),
    /// The name inside a longer mention ("Yang Buwei" in "the physician Yang Buwei"), which
    /// also makes a slant mention a candidate.
    pub anchor: Option<(i64, i64)>,
    pub kind: GoldKind,
    /// A name inside a longer gold name ("Portsmouth" in "University of Portsmouth").
    pub nested_in_name: bool,
    pub pron_class: Option<String>,
    /// GUM's own type, kept for `other_mentions` (event, object, abstract, ...).
    pub gum_type: Option<String>,
}

/// A gold entity: a coreference chain of one real-world person, organization or place.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldEntity {
    pub id: String,
    /// PER, ORG, LOC; `?` when the gold has none (CoNLL-2012).
    pub etype: String,
    /// The `type` field as the Python prints it in the type confusion (`None` when absent).
    pub type_label: String,
    /// Wikipedia identity, the key of the cross-document figures.
    pub identity: Option<String>,
    pub mentions: Vec<GoldMention>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct GoldDoc {
    pub text: Vec<char>,
    pub genre: Option<String>,
    pub split: Option<String>,
    pub entities: Vec<GoldEntity>,
    pub other_mentions: Vec<GoldMention>,
}

/// Gold documents by id (sorted, as the Python walks them).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Gold {
    pub docs: BTreeMap<String, GoldDoc>,
}

/// What can be wrong in a CoNLL-2012 line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConllProblem {
    #[error(
        "a word line needs at least 6 columns (document, part, number, word, POS, parse, ..., coreference), found {0}"
    )]
    TooFewColumns(usize),
    #[error("coreference column `{0}` is not `-` or `|`-joined `(N`, `N)`, `(N)`")]
    BadCoreference(String),
    #[error("`{0})` closes a mention of chain {0} that was never opened")]
    CloseWithoutOpen(String),
    #[error("chain {0} opens a mention here that the document never closes")]
    Unclosed(String),
    #[error("a word line outside `#begin document` ... `#end document`")]
    OutsideDocument,
    #[error("part `{0}` is not a number")]
    BadPart(String),
}

#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    #[error("cannot read {}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{}:{line}: not JSON", path.display())]
    Json { path: PathBuf, line: usize, source: serde_json::Error },
    #[error("{}: the gold JSON is not an object of documents", path.display())]
    NotAnObject { path: PathBuf },
    #[error("{}:{line}: {problem}", path.display())]
    Conll { path: PathBuf, line: usize, problem: ConllProblem },
    #[error("{}: no `*_conll` or `*.conll` files in this folder", path.display())]
    NoConllFiles { path: PathBuf },
}

/// Reads gold: a folder or a file named `*_conll` / `*.conll` is CoNLL-2012, anything else the
/// gum JSON.
pub fn read(path: &Path) -> Result<Gold, GoldError> {
    if path.is_dir() {
        let mut files = Vec::new();
        conll_files(path, &mut files)?;
        if files.is_empty() {
            return Err(GoldError::NoConllFiles { path: path.to_owned() });
        }
        files.sort();
        let mut gold = Gold::default();
        for file in files {
            gold.docs.extend(read_conll_file(&file)?.docs);
        }
        return Ok(gold);
    }
    if is_conll_name(path) {
        return read_conll_file(path);
    }
    let text = std::fs::read_to_string(path).map_err(|source| GoldError::Io { path: path.to_owned(), source })?;
    let value: Value = serde_json::from_str(&text).map_err(|source| GoldError::Json {
        path: path.to_owned(),
        line: source.line(),
        source,
    })?;
    gum_from_json(&value).ok_or_else(|| GoldError::NotAnObject { path: path.to_owned() })
}

fn is_conll_name(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    name.ends_with("_conll") || name.ends_with(".conll")
}

fn conll_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), GoldError> {
    let entries = std::fs::read_dir(dir).map_err(|source| GoldError::Io { path: dir.to_owned(), source })?;
    for entry in entries {
        let path = entry.map_err(|source| GoldError::Io { path: dir.to_owned(), source })?.path();
        if path.is_dir() {
            conll_files(&path, out)?;
        } else if is_conll_name(&path) {
            out.push(path);
        }
    }
    Ok(())
}

fn read_conll_file(path: &Path) -> Result<Gold, GoldError> {
    let text = std::fs::read_to_string(path).map_err(|source| GoldError::Io { path: path.to_owned(), source })?;
    read_conll(&text).map_err(|(line, problem)| GoldError::Conll { path: path.to_owned(), line, problem })
}

/// Python truthiness of a JSON value (`if m.get("plural_name")`).
pub(crate) fn truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64() != Some(0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
    }
}

/// A JSON value as Python's `str()` would print it, for the values used as keys and labels.
pub(crate) fn py_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        other => other.to_string(),
    }
}

/// An integer offset (`isinstance(x, int)`).
pub(crate) fn int(v: Option<&Value>) -> Option<i64> {
    v.and_then(Value::as_i64)
}

fn string(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str).map(str::to_owned)
}

fn gold_kind(m: &serde_json::Map<String, Value>) -> GoldKind {
    match m.get("kind").and_then(Value::as_str) {
        Some("pronoun") => GoldKind::Pronoun,
        Some("nominal") => GoldKind::Nominal,
        _ if truthy(m.get("plural_name")) => GoldKind::NamePlural,
        _ => GoldKind::Name,
    }
}

fn gum_mention(m: &Value) -> Option<GoldMention> {
    let m = m.as_object()?;
    let (start, end) = (int(m.get("start"))?, int(m.get("end"))?);
    let anchor = match (int(m.get("anchor_start")), int(m.get("anchor_end"))) {
        (Some(a), Some(b)) => Some((a, b)),
        _ => None,
    };
    Some(GoldMention {
        start,
        end,
        head: (int(m.get("head_start")).unwrap_or(start), int(m.get("head_end")).unwrap_or(end)),
        anchor,
        kind: gold_kind(m),
        nested_in_name: truthy(m.get("nested_in_name")),
        pron_class: string(m.get("pron_class")).filter(|s| !s.is_empty()),
        gum_type: string(m.get("gum_type")),
    })
}

/// The gum JSON (`{"docs": {...}}`, or the documents object itself) as [`Gold`].
pub(crate) fn gum_from_json(value: &Value) -> Option<Gold> {
    let docs = value.get("docs").unwrap_or(value).as_object()?;
    let mut gold = Gold::default();
    for (id, doc) in docs {
        let text = doc.get("text").and_then(Value::as_str).unwrap_or("").chars().collect();
        let mut entities = Vec::new();
        for e in doc.get("entities").and_then(Value::as_array).into_iter().flatten() {
            let Some(eo) = e.as_object() else { continue };
            let Some(eid) = eo.get("id").filter(|v| !v.is_null()) else { continue };
            let raw_type = eo.get("type");
            entities.push(GoldEntity {
                id: py_str(eid),
                etype: if truthy(raw_type) { py_str(raw_type.unwrap()) } else { "?".to_owned() },
                type_label: raw_type.map_or_else(|| "None".to_owned(), py_str),
                identity: truthy(eo.get("identity")).then(|| py_str(&eo["identity"])),
                mentions: eo
                    .get("mentions")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(gum_mention)
                    .collect(),
            });
        }
        let other_mentions =
            doc.get("other_mentions").and_then(Value::as_array).into_iter().flatten().filter_map(gum_mention).collect();
        gold.docs.insert(
            id.clone(),
            GoldDoc {
                text,
                genre: string(doc.get("genre")),
                split: string(doc.get("split")),
                entities,
                other_mentions,
            },
        );
    }
    Some(gold)
}

/// Personal, possessive and reflexive pronouns by form, for words whose POS is not PRP/PRP$,
/// with the `pron_class` GUM would give them.
const PRONOUNS: &[(&str, &str)] = &[
    ("he", "prs3sg_mf"),
    ("him", "prs3sg_mf"),
    ("his", "prs3sg_mf"),
    ("himself", "prs3sg_mf"),
    ("she", "prs3sg_mf"),
    ("her", "prs3sg_mf"),
    ("hers", "prs3sg_mf"),
    ("herself", "prs3sg_mf"),
    ("they", "prs3pl"),
    ("them", "prs3pl"),
    ("their", "prs3pl"),
    ("theirs", "prs3pl"),
    ("themselves", "prs3pl"),
    ("it", "prs3sg_other"),
    ("its", "prs3sg_other"),
    ("itself", "prs3sg_other"),
    ("i", "prs12"),
    ("me", "prs12"),
    ("my", "prs12"),
    ("mine", "prs12"),
    ("myself", "prs12"),
    ("we", "prs12"),
    ("us", "prs12"),
    ("our", "prs12"),
    ("ours", "prs12"),
    ("ourselves", "prs12"),
    ("you", "prs12"),
    ("your", "prs12"),
    ("yours", "prs12"),
    ("yourself", "prs12"),
    ("yourselves", "prs12"),
];

struct ConllWord {
    start: usize,
    end: usize,
    pos: String,
    lower: String,
}

/// One document being read: its text so far, its words, and the open mentions per chain.
#[derive(Default)]
struct ConllDoc {
    id: String,
    text: String,
    text_chars: usize,
    words: Vec<ConllWord>,
    sentence_started: bool,
    /// Open mentions per chain: (first word, line it opened on).
    open: HashMap<String, Vec<(usize, usize)>>,
    /// (chain, first word, last word), in the order the mentions close.
    mentions: Vec<(String, usize, usize)>,
}

impl ConllDoc {
    /// The document, or the first mention left open (by the line it opened on).
    fn finish(self) -> Result<(String, GoldDoc), (usize, ConllProblem)> {
        let unclosed =
            self.open.iter().flat_map(|(chain, opens)| opens.iter().map(move |&(_, line)| (line, chain))).min();
        if let Some((line, chain)) = unclosed {
            return Err((line, ConllProblem::Unclosed(chain.clone())));
        }
        let mut chains: Vec<(String, Vec<(usize, usize)>)> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut spans = self.mentions;
        spans.sort_by_key(|&(_, first, last)| (first, std::cmp::Reverse(last)));
        for (chain, first, last) in spans {
            let c = *index.entry(chain.clone()).or_insert_with(|| {
                chains.push((chain, Vec::new()));
                chains.len() - 1
            });
            chains[c].1.push((first, last));
        }
        let words = &self.words;
        let entities = chains
            .into_iter()
            .map(|(chain, spans)| GoldEntity {
                id: format!("{}#{chain}", self.id),
                etype: "?".to_owned(),
                type_label: "None".to_owned(),
                identity: None,
                mentions: spans.into_iter().map(|(first, last)| conll_mention(words, first, last)).collect(),
            })
            .collect();
        let doc = GoldDoc { text: self.text.chars().collect(), entities, ..GoldDoc::default() };
        Ok((self.id, doc))
    }
}

/// A mention over words `first..=last`. Head: the last word that is not a possessive `'s` (POS
/// tag `POS`); CoNLL-2012 has no dependency heads, and in English noun phrases the last word is
/// the head often enough for the matching rule, which only asks for an overlap with it.
/// Kind: `pronoun` for one word tagged PRP/PRP$ or in the closed list of personal, possessive
/// and reflexive forms; `name` when the head is NNP/NNPS; else `nominal`.
fn conll_mention(words: &[ConllWord], first: usize, last: usize) -> GoldMention {
    let head = (first..=last).rev().find(|&w| words[w].pos != "POS").unwrap_or(last);
    let listed = PRONOUNS.iter().find(|(form, _)| *form == words[first].lower).map(|(_, class)| *class);
    let is_pronoun = first == last && (matches!(words[first].pos.as_str(), "PRP" | "PRP$") || listed.is_some());
    let kind = if is_pronoun {
        GoldKind::Pronoun
    } else if matches!(words[head].pos.as_str(), "NNP" | "NNPS") {
        GoldKind::Name
    } else {
        GoldKind::Nominal
    };
    GoldMention {
        start: words[first].start as i64,
        end: words[last].end as i64,
        head: (words[head].start as i64, words[head].end as i64),
        anchor: None,
        kind,
        nested_in_name: false,
        pron_class: is_pronoun.then(|| listed.unwrap_or("other").to_owned()),
        gum_type: None,
    }
}

/// Reads CoNLL-2012 text. Each `#begin document (D); part P` ... `#end document` block is one
/// document with id `D_PPP` (the part as three digits, as in the `#begin` line:
/// `bc/cctv/00/cctv_0001_000`). Its text is the words joined by single spaces, sentences by a
/// newline; tag that text (`slant eval actors --gold F --write-docs docs.jsonl` writes it as
/// `{"id", "text"}` lines) so that record offsets are gold offsets. Entity ids are `D_PPP#N` for
/// chain N; types are unknown (`?`) and there are no identities, so the person-pronoun and
/// cross-document figures are empty. Errors carry the 1-based line.
pub(crate) fn read_conll(text: &str) -> Result<Gold, (usize, ConllProblem)> {
    let mut gold = Gold::default();
    let mut doc: Option<ConllDoc> = None;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.trim();
        if line.starts_with("#begin document") {
            if let Some(d) = doc.take() {
                let (id, d) = d.finish()?;
                gold.docs.insert(id, d);
            }
            doc = Some(ConllDoc::default());
            continue;
        }
        if line.starts_with("#end document") {
            if let Some(d) = doc.take() {
                let (id, d) = d.finish()?;
                gold.docs.insert(id, d);
            }
            continue;
        }
        if line.is_empty() {
            if let Some(d) = doc.as_mut() {
                d.sentence_started = false;
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.len() < 6 {
            return Err((line_no, ConllProblem::TooFewColumns(cols.len())));
        }
        let Some(d) = doc.as_mut() else { return Err((line_no, ConllProblem::OutsideDocument)) };
        if d.words.is_empty() {
            let part: u32 = cols[1].parse().map_err(|_| (line_no, ConllProblem::BadPart(cols[1].to_owned())))?;
            d.id = format!("{}_{part:03}", cols[0]);
        }
        if !d.words.is_empty() {
            d.text.push(if d.sentence_started { ' ' } else { '\n' });
            d.text_chars += 1;
        }
        d.sentence_started = true;
        let word = cols[3];
        let start = d.text_chars;
        d.text.push_str(word);
        d.text_chars += word.chars().count();
        let w = d.words.len();
        d.words.push(ConllWord { start, end: d.text_chars, pos: cols[4].to_owned(), lower: word.to_lowercase() });
        let coref = cols[cols.len() - 1];
        if coref == "-" {
            continue;
        }
        for piece in coref.split('|') {
            let bad = || (line_no, ConllProblem::BadCoreference(coref.to_owned()));
            let opens = piece.starts_with('(');
            let closes = piece.ends_with(')');
            let chain = piece.trim_start_matches('(').trim_end_matches(')');
            if chain.is_empty() || !chain.chars().all(|c| c.is_ascii_digit()) || !(opens || closes) {
                return Err(bad());
            }
            match (opens, closes) {
                (true, true) => d.mentions.push((chain.to_owned(), w, w)),
                (true, false) => d.open.entry(chain.to_owned()).or_default().push((w, line_no)),
                _ => {
                    let (first, _) = d
                        .open
                        .get_mut(chain)
                        .and_then(Vec::pop)
                        .ok_or_else(|| (line_no, ConllProblem::CloseWithoutOpen(chain.to_owned())))?;
                    d.mentions.push((chain.to_owned(), first, w));
                }
            }
        }
    }
    if let Some(d) = doc.take() {
        let (id, d) = d.finish()?;
        gold.docs.insert(id, d);
    }
    Ok(gold)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONLL: &str = "\
#begin document (nw/test/00/t_0001); part 000
nw/test/00/t_0001  0  0  President  NNP  (TOP(S(NP*  -  -  -  -  *  (1
nw/test/00/t_0001  0  1  Obama      NNP  *)          -  -  -  -  (PERSON)  1)
nw/test/00/t_0001  0  2  met        VBD  (VP*        -  -  -  -  *  -
nw/test/00/t_0001  0  3  his        PRP$ (NP*        -  -  -  -  *  (1)|(2
nw/test/00/t_0001  0  4  wife       NN   *)))        -  -  -  -  *  2)

nw/test/00/t_0001  0  0  She        PRP  (TOP(S(NP*) -  -  -  -  *  (2)
nw/test/00/t_0001  0  1  smiled     VBD  (VP*)))     -  -  -  -  *  -
#end document
";

    #[test]
    fn conll_2012_reader_builds_text_mentions_and_kinds() {
        let gold = read_conll(CONLL).unwrap();
        let doc = &gold.docs["nw/test/00/t_0001_000"];
        let text: String = doc.text.iter().collect();
        assert_eq!(text, "President Obama met his wife\nShe smiled");
        assert_eq!(doc.entities.len(), 2);
        let obama = &doc.entities[0];
        assert_eq!(obama.id, "nw/test/00/t_0001_000#1");
        assert_eq!(obama.etype, "?");
        let spans: Vec<_> = obama.mentions.iter().map(|m| (m.start, m.end, m.head, m.kind)).collect();
        assert_eq!(spans, vec![(0, 15, (10, 15), GoldKind::Name), (20, 23, (20, 23), GoldKind::Pronoun)]);
        assert_eq!(obama.mentions[1].pron_class.as_deref(), Some("prs3sg_mf"));
        let wife = &doc.entities[1];
        let spans: Vec<_> = wife.mentions.iter().map(|m| (m.start, m.end, m.head, m.kind)).collect();
        assert_eq!(spans, vec![(20, 28, (24, 28), GoldKind::Nominal), (29, 32, (29, 32), GoldKind::Pronoun)]);
    }

    #[test]
    fn conll_errors_name_the_line() {
        let bad = CONLL.replace("2)\n\n", "3)\n\n");
        assert_eq!(read_conll(&bad).unwrap_err(), (6, ConllProblem::CloseWithoutOpen("3".into())));
        let unclosed = CONLL.replace("(2)\nnw", "(4\nnw");
        assert_eq!(read_conll(&unclosed).unwrap_err(), (8, ConllProblem::Unclosed("4".into())));
    }

    #[test]
    fn gum_json_is_read_as_tolerantly_as_the_python() {
        let v: Value = serde_json::json!({"docs": {"d1": {"text": "Ann met Bo.", "genre": "news", "entities": [
            {"id": "e1", "type": "PER", "identity": "Ann_X", "mentions": [
                {"start": 0, "end": 3, "kind": "name"},
                {"start": "x", "end": 3, "kind": "name"}]},
            {"id": null, "type": "PER", "mentions": []},
            {"id": "e2", "type": "", "identity": "", "mentions": [
                {"start": 8, "end": 10, "head_start": 8, "head_end": 10, "kind": "name", "plural_name": true}]}],
            "other_mentions": [{"start": 4, "end": 7, "gum_type": "event"}]}}});
        let gold = gum_from_json(&v).unwrap();
        let d = &gold.docs["d1"];
        assert_eq!(d.entities.len(), 2);
        assert_eq!(d.entities[0].mentions.len(), 1);
        assert_eq!(d.entities[0].mentions[0].head, (0, 3));
        assert_eq!(d.entities[0].identity.as_deref(), Some("Ann_X"));
        assert_eq!((d.entities[1].etype.as_str(), d.entities[1].type_label.as_str()), ("?", ""));
        assert_eq!(d.entities[1].identity, None);
        assert_eq!(d.entities[1].mentions[0].kind, GoldKind::NamePlural);
        assert_eq!(d.other_mentions[0].gum_type.as_deref(), Some("event"));
    }
}
