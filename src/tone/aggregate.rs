//! Article-level tone toward an actor, from the tone of its mentions.
//!
//! Each mention's probabilities (negative, neutral, positive) are averaged with a weight: 1 for
//! the author's own sentences, [`QUOTED_WEIGHT`] for mentions inside quotation marks, which are
//! someone else's words that the article reports rather than the article's own voice. The score
//! is the expected positive minus negative, in [-1, 1]; the label is the most probable class of
//! the average; the confidence is that class's probability, damped for actors mentioned once or
//! twice. Evidence is the few sentences whose mentions push the score furthest from neutral.

use crate::records::{round4, CodePoints, SentenceSpan, TaggedActor, TaggedEvidence, TaggedTone};

/// Weight of a mention inside quotation marks.
pub const QUOTED_WEIGHT: f32 = 0.5;
/// Evidence sentences kept per actor.
pub const EVIDENCE: usize = 3;

/// One scored mention, as the aggregation reads it.
#[derive(Debug, Clone, Copy)]
pub struct ScoredMention {
    pub sentence: usize,
    pub quoted: bool,
    /// Probabilities (negative, neutral, positive).
    pub probs: [f32; 3],
}

/// The tone of scored mentions taken together, and each sentence's effect (weighted positive
/// minus negative of its mentions), strongest first. `None` when there is no mention.
pub fn combine(mentions: impl IntoIterator<Item = ScoredMention>) -> Option<(TaggedTone, Vec<(usize, f32)>)> {
    let mut sum = [0.0f32; 3];
    let mut weight = 0.0f32;
    let mut by_sentence: Vec<(usize, f32)> = Vec::new();
    let mut scored = 0;
    for m in mentions {
        let w = if m.quoted { QUOTED_WEIGHT } else { 1.0 };
        for (total, p) in sum.iter_mut().zip(m.probs) {
            *total += w * p;
        }
        weight += w;
        scored += 1;
        let effect = w * (m.probs[2] - m.probs[0]);
        match by_sentence.iter_mut().find(|(s, _)| *s == m.sentence) {
            Some((_, e)) => *e += effect,
            None => by_sentence.push((m.sentence, effect)),
        }
    }
    if scored == 0 {
        return None;
    }
    let probs = sum.map(|s| s / weight);
    let label = super::eval::argmax(&probs);
    let damping = (scored as f32 / 3.0).min(1.0).sqrt();
    let tone = TaggedTone {
        label,
        score: round4(probs[2] - probs[0]),
        p_negative: round4(probs[0]),
        p_neutral: round4(probs[1]),
        p_positive: round4(probs[2]),
        mentions: scored,
        confidence: round4(probs[label.index()] * damping),
    };
    by_sentence.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
    Some((tone, by_sentence))
}

/// A record actor's tone and evidence sentences (code points into `text`); `None` when no
/// mention has been scored.
pub fn aggregate(
    actor: &TaggedActor,
    text: &str,
    sentences: &[SentenceSpan],
    code_points: &CodePoints,
) -> Option<(TaggedTone, Vec<TaggedEvidence>)> {
    let scored = actor
        .mentions
        .iter()
        .filter_map(|m| m.tone.map(|t| ScoredMention { sentence: m.sentence, quoted: m.quoted, probs: t.probs() }));
    let (tone, by_sentence) = combine(scored)?;
    let evidence = by_sentence
        .into_iter()
        .take(EVIDENCE)
        .filter_map(|(s, effect)| {
            let span = sentences.get(s)?;
            Some(TaggedEvidence {
                sentence: s,
                start: span.start,
                end: span.end,
                text: code_points.slice(text, span.start, span.end).to_string(),
                effect: round4(effect),
            })
        })
        .collect();
    Some((tone, evidence))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Polarity;

    fn mention(sentence: usize, quoted: bool, probs: [f32; 3]) -> ScoredMention {
        ScoredMention { sentence, quoted, probs }
    }

    #[test]
    fn quoted_mentions_count_half_and_evidence_is_strongest_first() {
        // Author's voice negative (weight 1), a quoted positive (weight 0.5).
        let (tone, effects) = combine([mention(0, false, [0.8, 0.1, 0.1]), mention(2, true, [0.0, 0.2, 0.8])]).unwrap();
        // (1*[.8,.1,.1] + .5*[0,.2,.8]) / 1.5 = [.5333, .1333, .3333]
        assert_eq!(tone.label, Polarity::Negative);
        assert!((tone.p_negative - 0.5333).abs() < 1e-4, "{tone:?}");
        assert!((tone.score - (0.3333 - 0.5333)).abs() < 2e-4, "{tone:?}");
        assert_eq!(tone.mentions, 2);
        // Two mentions: confidence damped by sqrt(2/3).
        assert!((tone.confidence - 0.5333 * (2.0f32 / 3.0).sqrt()).abs() < 1e-3, "{tone:?}");
        assert_eq!(effects.iter().map(|e| e.0).collect::<Vec<_>>(), [0, 2], "|-0.7| before |0.4|");
    }

    #[test]
    fn mentions_of_one_sentence_add_up_and_no_mention_gives_none() {
        let (_, effects) = combine([
            mention(1, false, [0.0, 0.5, 0.5]),
            mention(1, false, [0.0, 0.5, 0.5]),
            mention(3, false, [0.0, 0.2, 0.8]),
        ])
        .unwrap();
        assert_eq!(effects.len(), 2);
        assert_eq!(effects[0], (1, 1.0), "two mentions of sentence 1 add to 1.0 and beat sentence 3's 0.8");
        assert!(combine([]).is_none());
    }
}
