//! The token view of a tagged document that the token-per-line formats (CoNLL, IOB2, BIOES,
//! Hugging Face, spaCy, Prodigy's `tokens`) are written from: sentences of tokens with
//! code-point offsets, every token either wholly inside one entity or wholly outside all.
//!
//! Tokens come from the record when it was tagged with `--tokens`; otherwise each sentence is
//! cut again with [`crate::segment`], the tokenizer that made the record. Either way a token that
//! an entity boundary falls inside is split there, so entity spans survive token formats exactly.

use super::{ExportEntity, PreparedDocument};
use crate::offsets::CodePoints;
use crate::segment;

/// One token: code-point offsets into the document text, and the entity (an index into
/// [`PreparedDocument::entities`]) that contains it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub entity: Option<usize>,
}

/// How chunk positions are marked on tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagScheme {
    /// B- opens every chunk, I- continues it.
    Iob2,
    /// B-, I-, E- (last) and S- (single-token chunk).
    Bioes,
    /// spaCy's names for BIOES: B-, I-, L- (last), U- (unit).
    Biluo,
}

/// The document's sentences as tokens (sentences without tokens are left out).
pub fn sentences(doc: &PreparedDocument, offsets: &CodePoints) -> Vec<Vec<Token>> {
    let mut boundaries: Vec<usize> = doc.entities.iter().flat_map(|e| [e.start, e.end]).collect();
    boundaries.sort_unstable();
    boundaries.dedup();
    raw_sentences(doc, offsets)
        .into_iter()
        .map(|tokens| {
            let mut out = Vec::with_capacity(tokens.len());
            for (start, end) in tokens {
                // Pieces between the entity boundaries that fall strictly inside the token.
                let first = boundaries.partition_point(|&b| b <= start);
                let mut piece_start = start;
                for &b in boundaries[first..].iter().take_while(|&&b| b < end) {
                    out.push(piece(piece_start, b, &doc.entities));
                    piece_start = b;
                }
                out.push(piece(piece_start, end, &doc.entities));
            }
            out
        })
        .filter(|tokens: &Vec<Token>| !tokens.is_empty())
        .collect()
}

fn piece(start: usize, end: usize, entities: &[ExportEntity]) -> Token {
    // Entities are sorted and do not overlap: the only candidate is the last one starting at or
    // before the token.
    let k = entities.partition_point(|e| e.start <= start);
    let entity = k.checked_sub(1).filter(|&k| end <= entities[k].end);
    Token { start, end, entity }
}

/// Token offsets per sentence before entity splitting, in code points.
fn raw_sentences(doc: &PreparedDocument, offsets: &CodePoints) -> Vec<Vec<(usize, usize)>> {
    let text = offsets.text();
    let record = doc.doc;
    let keep = |start: usize, end: usize| start < end && !is_invisible(offsets.slice(start, end));
    if record.sentences.is_empty() {
        // A record without sentences (hand-made, or an older writer): segment the whole text.
        return segment::segment(text)
            .iter()
            .map(|s| {
                s.tokens
                    .iter()
                    .map(|t| (offsets.code_point(t.start), offsets.code_point(t.end)))
                    .filter(|&(a, b)| keep(a, b))
                    .collect()
            })
            .collect();
    }
    record
        .sentences
        .iter()
        .map(|sentence| match &sentence.tokens {
            Some(tokens) => {
                tokens.iter().map(|t| (t[0], t[1].min(offsets.len()))).filter(|&(a, b)| keep(a, b)).collect()
            }
            None => {
                let base = offsets.byte(sentence.start);
                let slice = offsets.slice(sentence.start, sentence.end);
                segment::segment(slice)
                    .iter()
                    .flat_map(|s| s.tokens.iter())
                    .map(|t| (offsets.code_point(base + t.start), offsets.code_point(base + t.end)))
                    .filter(|&(a, b)| keep(a, b))
                    .collect()
            }
        })
        .collect()
}

/// Tokens made only of control characters: Python's `str.split()` takes some of them for
/// whitespace, so a column file holding one would lose its word column.
fn is_invisible(token: &str) -> bool {
    token.chars().all(|c| c.is_control() || c.is_whitespace())
}

/// The tag of each token of one sentence in `scheme`, with `O` outside entities.
pub fn tags(tokens: &[Token], entities: &[ExportEntity], scheme: TagScheme) -> Vec<String> {
    (0..tokens.len())
        .map(|i| {
            let Some(k) = tokens[i].entity else { return "O".to_string() };
            let label = entities[k].label;
            let opens = i == 0 || tokens[i - 1].entity != Some(k);
            let closes = tokens.get(i + 1).is_none_or(|next| next.entity != Some(k));
            let prefix = match (scheme, opens, closes) {
                (TagScheme::Iob2, true, _) => "B",
                (TagScheme::Iob2, false, _) => "I",
                (TagScheme::Bioes, true, true) => "S",
                (TagScheme::Biluo, true, true) => "U",
                (_, true, false) => "B",
                (_, false, false) => "I",
                (TagScheme::Bioes, false, true) => "E",
                (TagScheme::Biluo, false, true) => "L",
            };
            format!("{prefix}-{label}")
        })
        .collect()
}

/// How many entity chunks the tokens of one sentence hold.
pub fn chunks(tokens: &[Token]) -> usize {
    (0..tokens.len())
        .filter(|&i| tokens[i].entity.is_some() && (i == 0 || tokens[i - 1].entity != tokens[i].entity))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::TaggedDocument;

    fn prepared(doc: &TaggedDocument) -> PreparedDocument<'_> {
        super::super::EntityFilter::default().prepare(doc)
    }

    fn document(text: &str, entities: &[(&str, &str)]) -> TaggedDocument {
        let spans: Vec<serde_json::Value> = entities
            .iter()
            .map(|(surface, label)| {
                let byte = text.find(surface).unwrap();
                let start = text[..byte].chars().count();
                serde_json::json!({"start": start, "end": start + surface.chars().count(), "text": surface, "label": label})
            })
            .collect();
        serde_json::from_value(serde_json::json!({"id": "t", "text": text, "entities": spans})).unwrap()
    }

    #[test]
    fn tokens_split_where_an_entity_boundary_falls_inside_them() {
        let doc =
            document("🙂 Kyiv-based “Sergey\u{a0}Lavrov” spoke.", &[("Kyiv", "LOC"), ("Sergey\u{a0}Lavrov", "PER")]);
        let prepared = prepared(&doc);
        let offsets = CodePoints::new(&doc.text);
        let sentences = sentences(&prepared, &offsets);
        let words: Vec<&str> = sentences.iter().flatten().map(|t| offsets.slice(t.start, t.end)).collect();
        assert_eq!(words, ["🙂", "Kyiv", "-based", "“", "Sergey", "Lavrov", "”", "spoke", "."]);
        let tokens: Vec<Token> = sentences.into_iter().flatten().collect();
        assert_eq!(
            tags(&tokens, &prepared.entities, TagScheme::Iob2),
            ["O", "B-LOC", "O", "O", "B-PER", "I-PER", "O", "O", "O"]
        );
        assert_eq!(
            tags(&tokens, &prepared.entities, TagScheme::Bioes),
            ["O", "S-LOC", "O", "O", "B-PER", "E-PER", "O", "O", "O"]
        );
        assert_eq!(
            tags(&tokens, &prepared.entities, TagScheme::Biluo),
            ["O", "U-LOC", "O", "O", "B-PER", "L-PER", "O", "O", "O"]
        );
        assert_eq!(chunks(&tokens), 2);
    }

    #[test]
    fn adjacent_entities_of_one_label_stay_apart() {
        let doc = document("Berlin Paris", &[("Berlin", "LOC"), ("Paris", "LOC")]);
        let prepared = prepared(&doc);
        let offsets = CodePoints::new(&doc.text);
        let tokens: Vec<Token> = sentences(&prepared, &offsets).into_iter().flatten().collect();
        assert_eq!(tags(&tokens, &prepared.entities, TagScheme::Iob2), ["B-LOC", "B-LOC"]);
        assert_eq!(chunks(&tokens), 2);
        assert_eq!((offsets.code_point(offsets.byte(7)), offsets.len()), (7, 12));
    }
}
