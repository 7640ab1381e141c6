//! NER training and evaluation data: CoNLL-style column files (IOB1, IOB2 or BIOES, with
//! `-DOCSTART-` lines) and slant's JSONL (`tokens` + `tags`, or `text` + character `spans`).
//! Everything is converted to IOB2 on reading.

use crate::segment;
use serde::Deserialize;
use std::path::Path;

/// One labelled sentence; `doc` numbers the document it belongs to (from `-DOCSTART-`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaggedSentence {
    pub words: Vec<String>,
    /// IOB2 tags, one per word.
    pub tags: Vec<String>,
    pub doc: usize,
}

/// Tagging schemes found in the wild.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// I- everywhere, B- only between two adjacent chunks of one type (original CoNLL-2003).
    Iob1,
    /// B- opens every chunk.
    Iob2,
    /// B-, I-, E- (end) and S- (single).
    Bioes,
}

#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path}:{line}: {message}")]
    Format { path: String, line: usize, message: String },
}

/// Reads a CoNLL-style file or slant JSONL (by extension `.jsonl`/`.json`), as IOB2.
pub fn read(path: &Path) -> Result<Vec<TaggedSentence>, DataError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| DataError::Io { path: shown.clone(), source })?;
    let is_jsonl = matches!(path.extension().and_then(|e| e.to_str()), Some("jsonl" | "json" | "ndjson"));
    if is_jsonl {
        read_jsonl(&text, &shown)
    } else {
        read_conll(&text, &shown)
    }
}

/// Parses CoNLL columns: the word first, the tag last; blank lines end sentences.
pub(crate) fn read_conll(text: &str, shown: &str) -> Result<Vec<TaggedSentence>, DataError> {
    let mut sentences = Vec::new();
    let mut words = Vec::new();
    let mut tags = Vec::new();
    let mut doc = 0;
    let mut flush = |words: &mut Vec<String>, tags: &mut Vec<String>, doc: usize| {
        if !words.is_empty() {
            sentences.push(TaggedSentence { words: std::mem::take(words), tags: std::mem::take(tags), doc });
        }
    };
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() {
            flush(&mut words, &mut tags, doc);
            continue;
        }
        let columns: Vec<&str> = line.split_whitespace().collect();
        if columns[0] == "-DOCSTART-" {
            flush(&mut words, &mut tags, doc);
            doc += 1;
            continue;
        }
        if columns.len() < 2 {
            return Err(DataError::Format {
                path: shown.into(),
                line: i + 1,
                message: format!("expected `word ... tag`, got {line:?}"),
            });
        }
        let tag = columns[columns.len() - 1];
        if tag != "O" && !(tag.len() > 2 && matches!(&tag[..2], "B-" | "I-" | "E-" | "S-")) {
            return Err(DataError::Format { path: shown.into(), line: i + 1, message: format!("unknown tag {tag:?}") });
        }
        words.push(columns[0].to_string());
        tags.push(tag.to_string());
    }
    flush(&mut words, &mut tags, doc);
    let scheme = detect_scheme(sentences.iter().map(|s| s.tags.as_slice()));
    for s in &mut sentences {
        s.tags = to_iob2(&s.tags, scheme);
    }
    Ok(sentences)
}

#[derive(Deserialize)]
struct JsonSpan {
    start: usize,
    end: usize,
    label: String,
}

#[derive(Deserialize)]
struct JsonRecord {
    tokens: Option<Vec<String>>,
    tags: Option<Vec<String>>,
    text: Option<String>,
    spans: Option<Vec<JsonSpan>>,
    doc: Option<usize>,
}

fn read_jsonl(text: &str, shown: &str) -> Result<Vec<TaggedSentence>, DataError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let err = |message: String| DataError::Format { path: shown.into(), line: i + 1, message };
        let record: JsonRecord = serde_json::from_str(line).map_err(|e| err(e.to_string()))?;
        let doc = record.doc.unwrap_or(i);
        match (record.tokens, record.tags, record.text, record.spans) {
            (Some(words), Some(tags), _, _) => {
                if words.len() != tags.len() {
                    return Err(err(format!("{} tokens but {} tags", words.len(), tags.len())));
                }
                let scheme = detect_scheme(std::iter::once(tags.as_slice()));
                out.push(TaggedSentence { tags: to_iob2(&tags, scheme), words, doc });
            }
            (_, _, Some(text), spans) => {
                out.extend(spans_to_sentences(&text, &spans.unwrap_or_default(), doc).map_err(err)?);
            }
            _ => return Err(err("expected `tokens` and `tags`, or `text` (and `spans`)".into())),
        }
    }
    Ok(out)
}

/// Tokenizes `text` with slant's segmenter and tags tokens inside the code-point `spans`.
fn spans_to_sentences(text: &str, spans: &[JsonSpan], doc: usize) -> Result<Vec<TaggedSentence>, String> {
    let byte_of: Vec<usize> = text.char_indices().map(|(b, _)| b).chain(std::iter::once(text.len())).collect();
    let mut byte_spans = Vec::new();
    for s in spans {
        if s.start >= s.end || s.end >= byte_of.len() {
            return Err(format!("span {}..{} is outside the text", s.start, s.end));
        }
        byte_spans.push((byte_of[s.start], byte_of[s.end], s.label.as_str()));
    }
    Ok(segment::segment(text)
        .into_iter()
        .map(|sentence| {
            let mut words = Vec::new();
            let mut tags = Vec::new();
            let mut previous: Option<usize> = None;
            for token in &sentence.tokens {
                words.push(token.slice(text).to_string());
                let inside = byte_spans.iter().position(|&(s, e, _)| token.start >= s && token.end <= e);
                tags.push(match inside {
                    None => "O".to_string(),
                    Some(k) if previous == Some(k) => format!("I-{}", byte_spans[k].2),
                    Some(k) => format!("B-{}", byte_spans[k].2),
                });
                previous = inside;
            }
            TaggedSentence { words, tags, doc }
        })
        .collect())
}

/// Guesses the scheme: any E-/S- means BIOES; an I- that opens a chunk means IOB1.
pub(crate) fn detect_scheme<'a>(sequences: impl Iterator<Item = &'a [String]>) -> Scheme {
    let mut iob1 = false;
    for tags in sequences {
        let mut previous = "O";
        for tag in tags {
            if tag.starts_with("E-") || tag.starts_with("S-") {
                return Scheme::Bioes;
            }
            if let Some(kind) = tag.strip_prefix("I-") {
                if previous == "O" || previous[2..] != *kind {
                    iob1 = true;
                }
            }
            previous = tag;
        }
    }
    if iob1 {
        Scheme::Iob1
    } else {
        Scheme::Iob2
    }
}

/// Converts tags from `scheme` to IOB2.
pub(crate) fn to_iob2(tags: &[String], scheme: Scheme) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(tags.len());
    for tag in tags {
        let converted = match (scheme, tag.get(..2)) {
            (Scheme::Bioes, Some("S-")) => format!("B-{}", &tag[2..]),
            (Scheme::Bioes, Some("E-")) => format!("I-{}", &tag[2..]),
            (Scheme::Iob1, Some("I-")) => {
                let continues = out.last().is_some_and(|p| p.len() > 2 && p[2..] == tag[2..]);
                if continues {
                    tag.clone()
                } else {
                    format!("B-{}", &tag[2..])
                }
            }
            _ => tag.clone(),
        };
        out.push(converted);
    }
    out
}

/// Converts IOB2 tags to another scheme (for writing predictions).
pub fn from_iob2(tags: &[String], scheme: Scheme) -> Vec<String> {
    match scheme {
        Scheme::Iob2 => tags.to_vec(),
        Scheme::Iob1 => tags
            .iter()
            .enumerate()
            .map(|(i, t)| match t.strip_prefix("B-") {
                Some(kind) if i == 0 || !tags[i - 1].ends_with(&format!("-{kind}")) || tags[i - 1] == "O" => {
                    format!("I-{kind}")
                }
                _ => t.clone(),
            })
            .collect(),
        Scheme::Bioes => tags
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let next_continues = tags.get(i + 1).is_some_and(|n| n.starts_with("I-"));
                match (t.get(..2), next_continues) {
                    (Some("B-"), false) => format!("S-{}", &t[2..]),
                    (Some("I-"), false) => format!("E-{}", &t[2..]),
                    _ => t.clone(),
                }
            })
            .collect(),
    }
}

/// The label set of some tagged data: "O" first, then B-/I- per type in name order.
pub fn label_set(sentences: &[TaggedSentence]) -> Vec<String> {
    let mut kinds: Vec<&str> = sentences.iter().flat_map(|s| s.tags.iter()).filter_map(|t| t.get(2..)).collect();
    kinds.sort_unstable();
    kinds.dedup();
    std::iter::once("O".to_string()).chain(kinds.iter().flat_map(|k| [format!("B-{k}"), format!("I-{k}")])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn iob1_and_bioes_convert_to_iob2() {
        let iob1 = tags("I-PER I-PER O I-LOC B-LOC O I-ORG");
        assert_eq!(detect_scheme(std::iter::once(iob1.as_slice())), Scheme::Iob1);
        assert_eq!(to_iob2(&iob1, Scheme::Iob1), tags("B-PER I-PER O B-LOC B-LOC O B-ORG"));
        let bioes = tags("B-PER E-PER O S-LOC B-ORG I-ORG E-ORG");
        assert_eq!(detect_scheme(std::iter::once(bioes.as_slice())), Scheme::Bioes);
        let iob2 = to_iob2(&bioes, Scheme::Bioes);
        assert_eq!(iob2, tags("B-PER I-PER O B-LOC B-ORG I-ORG I-ORG"));
        assert_eq!(from_iob2(&iob2, Scheme::Bioes), bioes);
        assert_eq!(from_iob2(&to_iob2(&iob1, Scheme::Iob1), Scheme::Iob1), iob1);
    }

    #[test]
    fn conll_reader_splits_documents_and_sentences() {
        let text = "-DOCSTART- -X- -X- O\n\nAnna NNP B-NP I-PER\nKowalski NNP I-NP I-PER\n\nGDANSK NNP B-NP I-LOC\n\n-DOCSTART- -X- -X- O\n\nHi UH O O\n";
        let sentences = read_conll(text, "t").unwrap();
        assert_eq!(sentences.len(), 3);
        assert_eq!(sentences[0].tags, tags("B-PER I-PER"));
        assert_eq!(sentences[1].tags, tags("B-LOC"));
        assert_eq!((sentences[0].doc, sentences[2].doc), (1, 2));
        assert!(read_conll("word\n", "t").is_err());
    }

    #[test]
    fn jsonl_spans_become_tags() {
        let line = r#"{"text": "Mr. Lavrov met “Marco Rubio” in Alaska.", "spans": [{"start": 4, "end": 10, "label": "PER"}, {"start": 16, "end": 27, "label": "PER"}, {"start": 32, "end": 38, "label": "LOC"}]}"#;
        let sentences = read_jsonl(line, "t").unwrap();
        assert_eq!(sentences[0].words, tags("Mr. Lavrov met “ Marco Rubio ” in Alaska ."));
        assert_eq!(sentences[0].tags, tags("O B-PER O O B-PER I-PER O O B-LOC O"));
    }
}
