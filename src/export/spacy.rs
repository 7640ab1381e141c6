//! spaCy export: the JSON training format that `python -m spacy convert FILE.json DIR
//! --converter json` turns into a `.spacy` DocBin.
//!
//! One JSON document per tagged document, holding one paragraph whose tokens rebuild the text
//! exactly: each token says whether one space follows (`space`), and any other whitespace between
//! tokens (line breaks, runs of spaces, no-break spaces) becomes a whitespace token, as spaCy's
//! own tokenizer makes them. So in the converted `Doc`, `doc.text` is the record's text and every
//! entity's `start_char`/`end_char` equals the record's code-point offsets. Entity tags are BILUO.

use super::tokens::{self, TagScheme};
use super::PreparedDocument;
use crate::offsets::CodePoints;
use crate::output::Sink;
use serde_json::{json, Value};
use std::io;

/// Writes a JSON array of documents (one per line); returns the number of entities written.
pub fn write(docs: &[PreparedDocument], sink: &mut Sink) -> io::Result<usize> {
    sink.write_line("[")?;
    let mut entities = 0;
    for (i, doc) in docs.iter().enumerate() {
        let (value, count) = document(i, doc);
        entities += count;
        let comma = if i + 1 < docs.len() { "," } else { "" };
        sink.write_line(&format!("{value}{comma}"))?;
    }
    sink.write_line("]")?;
    Ok(entities)
}

/// One document in spaCy's JSON format, and its number of entities.
pub fn document(index: usize, doc: &PreparedDocument) -> (Value, usize) {
    let text = doc.doc.text.as_str();
    let offsets = CodePoints::new(text);
    let sentences = tokens::sentences(doc, &offsets);
    let mut id = 0;
    let mut token = |orth: &str, space: &str, ner: &str| {
        id += 1;
        json!({"id": id - 1, "orth": orth, "space": space, "ner": ner})
    };
    let mut out_sentences = Vec::new();
    let mut entities = 0;
    let first_start = sentences.first().map_or(offsets.len(), |s| s[0].start);
    for (n, sentence) in sentences.iter().enumerate() {
        let tags = tokens::tags(sentence, &doc.entities, TagScheme::Biluo);
        entities += tokens::chunks(sentence);
        let mut out = Vec::new();
        if n == 0 && first_start > 0 {
            out.push(token(offsets.slice(0, first_start), "", "O"));
        }
        for (i, (t, tag)) in sentence.iter().zip(&tags).enumerate() {
            let next = sentence.get(i + 1).or_else(|| sentences.get(n + 1).map(|s| &s[0]));
            let gap = offsets.slice(t.end, next.map_or(offsets.len(), |x| x.start));
            let (space, rest) = match gap.strip_prefix(' ') {
                Some(rest) => (" ", rest),
                None => ("", gap),
            };
            out.push(token(offsets.slice(t.start, t.end), space, tag));
            if !rest.is_empty() {
                // Whitespace inside an entity (a no-break space between names) belongs to it.
                let inside = next.filter(|x| i + 1 < sentence.len() && x.entity.is_some() && x.entity == t.entity);
                let ner = match inside.and_then(|x| x.entity) {
                    Some(k) => format!("I-{}", doc.entities[k].label),
                    None => "O".to_string(),
                };
                out.push(token(rest, "", &ner));
            }
        }
        out_sentences.push(json!({"tokens": out, "brackets": []}));
    }
    if sentences.is_empty() && !text.is_empty() {
        out_sentences.push(json!({"tokens": [token(text, "", "O")], "brackets": []}));
    }
    let value = json!({
        "id": index,
        "slant_id": doc.doc.id,
        "paragraphs": [{"raw": text, "sentences": out_sentences, "cats": [], "links": []}],
    });
    (value, entities)
}
