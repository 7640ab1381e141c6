//! NewsMTSC export: target-dependent sentiment JSONL from slant's actor mentions, the format
//! `slant train tone` and `slant eval tone --newsmtsc` read. One line per sentence that holds a
//! scored mention: `primary_gid` (`DOC#SENTENCE`), `sentence_normalized` (the sentence exactly as
//! in the text), and `targets` with `from`/`to` (code points into the sentence), `mention`,
//! `polarity` (2.0 negative, 4.0 neutral, 6.0 positive: the most probable tone of the mention),
//! and the probabilities and actor for filtering.

use super::{EntityFilter, PreparedDocument};
use crate::document::Polarity;
use crate::offsets::CodePoints;
use crate::output::Sink;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io;

/// NewsMTSC's polarity codes.
pub(crate) fn polarity_code(polarity: Polarity) -> f64 {
    match polarity {
        Polarity::Negative => 2.0,
        Polarity::Neutral => 4.0,
        Polarity::Positive => 6.0,
    }
}

/// A probability as written: four decimals, as in the tagged records.
fn rounded(p: f32) -> f64 {
    (f64::from(p) * 1e4).round() / 1e4
}

/// The lines for one document, in sentence order.
pub fn lines(doc: &PreparedDocument, filter: &EntityFilter) -> Vec<Value> {
    let record = doc.doc;
    let offsets = CodePoints::new(&record.text);
    // sentence index → targets, sorted by position.
    let mut by_sentence: BTreeMap<usize, Vec<(usize, usize, Value)>> = BTreeMap::new();
    for actor in record.actors.iter().filter(|a| filter.keeps_label(a.kind.as_str())) {
        for mention in &actor.mentions {
            let (Some(tone), Some(sentence)) = (mention.tone, record.sentences.get(mention.sentence)) else { continue };
            let polarity = tone.label();
            let top = [tone.negative, tone.neutral, tone.positive][polarity.index()];
            if filter.min_score.is_some_and(|min| top < min) {
                continue;
            }
            if mention.start < sentence.start || mention.end > sentence.end || mention.start >= mention.end {
                continue;
            }
            let (from, to) = (mention.start - sentence.start, mention.end - sentence.start);
            let target = json!({
                "from": from,
                "to": to,
                "mention": offsets.slice(mention.start, mention.end),
                "polarity": polarity_code(polarity),
                "probabilities": {"negative": rounded(tone.negative), "neutral": rounded(tone.neutral), "positive": rounded(tone.positive)},
                "actor": actor.id,
            });
            by_sentence.entry(mention.sentence).or_default().push((from, to, target));
        }
    }
    by_sentence
        .into_iter()
        .map(|(index, mut targets)| {
            targets.sort_by_key(|&(from, to, _)| (from, to));
            targets.dedup_by_key(|t| (t.0, t.1));
            let sentence = &record.sentences[index];
            json!({
                "primary_gid": format!("{}#{index}", record.id),
                "sentence_normalized": offsets.slice(sentence.start, sentence.end),
                "targets": targets.into_iter().map(|(_, _, t)| t).collect::<Vec<_>>(),
            })
        })
        .collect()
}

/// Writes every document's lines; returns the number of targets written.
pub fn write(docs: &[PreparedDocument], filter: &EntityFilter, sink: &mut Sink) -> io::Result<usize> {
    let mut targets = 0;
    for doc in docs {
        for line in lines(doc, filter) {
            targets += line["targets"].as_array().map_or(0, Vec::len);
            sink.write_line(&line.to_string())?;
        }
    }
    Ok(targets)
}
