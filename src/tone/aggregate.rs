//! Article-level tone toward an actor, from the tone of its mentions.
//!
//! Each mention's probabilities (negative, neutral, positive) are averaged with a weight: 1 for
//! the author's own sentences, [`QUOTED_WEIGHT`] for mentions inside quotation marks, which are
//! someone else's words that the article reports rather than the article's own voice. The score
//! is the expected positive minus negative, in [-1, 1]; the label is the most probable class of
//! the average; the confidence is that class's probability, damped for actors mentioned once or
//! twice. Evidence is the few sentences whose mentions push the score furthest from neutral.

use crate::actors::Actor;
use crate::document::{Polarity, Span};

/// Weight of a mention inside quotation marks.
pub const QUOTED_WEIGHT: f32 = 0.5;
/// Evidence sentences kept per actor.
pub const EVIDENCE: usize = 3;

#[derive(Debug, Clone, PartialEq)]
pub struct ActorTone {
    pub label: Polarity,
    pub score: f32,
    pub probs: [f32; 3],
    pub mentions: usize,
    pub confidence: f32,
}

/// A sentence that carries an actor's tone, and how far it pushes the score.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub sentence: usize,
    pub span: Span,
    /// Weighted (positive - negative) of the mentions in this sentence.
    pub effect: f32,
}

/// The actor's tone and evidence; `None` when no mention has been scored.
pub fn aggregate(actor: &Actor, sentence_spans: &[Span]) -> Option<(ActorTone, Vec<Evidence>)> {
    let mut sum = [0.0f32; 3];
    let mut weight = 0.0f32;
    let mut by_sentence: Vec<(usize, f32)> = Vec::new();
    let mut scored = 0;
    for m in &actor.mentions {
        let Some(p) = m.tone else { continue };
        let w = if m.quoted { QUOTED_WEIGHT } else { 1.0 };
        for k in 0..3 {
            sum[k] += w * p[k];
        }
        weight += w;
        scored += 1;
        let effect = w * (p[2] - p[0]);
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
    let round = |x: f32| (x * 1e4).round() / 1e4;
    let tone = ActorTone {
        label,
        score: round(probs[2] - probs[0]),
        probs: probs.map(round),
        mentions: scored,
        confidence: round(probs[label.index()] * damping),
    };
    by_sentence.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
    let evidence = by_sentence
        .into_iter()
        .take(EVIDENCE)
        .filter_map(|(s, effect)| {
            sentence_spans.get(s).map(|&span| Evidence { sentence: s, span, effect: round(effect) })
        })
        .collect();
    Some((tone, evidence))
}
