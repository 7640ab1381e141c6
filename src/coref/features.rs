//! The pair scorer's features: what a (pronoun, candidate antecedent) pair looks like in plain
//! text (distance, subject and object position, parallelism with the pronoun's case, light syntax
//! such as "X said he" or "X, who", salience, quotes), by name, in the order the weights file
//! names them.

use super::text::{is_conjunction, Case, Pronoun, Text, CLAUSE_BOUNDARIES, PREPOSITIONS};
use super::verbs::is_speech_verb;
use crate::document::Span;

/// A candidate antecedent: all the places the text names it, in order.
#[derive(Debug, Clone, Default)]
pub struct Candidate {
    pub mentions: Vec<Span>,
}

/// The scorer's features, in order; the weights file names them so that a file from another
/// build is refused rather than misread.
pub const FEATURES: &[&str] = &[
    "bias",
    "after",
    "log_token_distance",
    "same_sentence",
    "previous_sentence",
    "far_sentence",
    "sentence_initial",
    "first_candidate_in_sentence",
    "followed_by_lowercase_word",
    "followed_by_comma",
    "possessive",
    "after_preposition",
    "after_and",
    "in_parentheses",
    "log_count",
    "log_count_before",
    "nearest",
    "log_others_between",
    "subject_pronoun_x_subject",
    "possessive_pronoun_x_subject",
    "object_pronoun_x_same_clause_subject",
    "reflexive_x_same_sentence",
    "pronoun_initial_x_previous_subject",
    "clause_boundary_between",
    "same_sentence_no_boundary",
    "candidate_quoted",
    "pronoun_quoted",
    "quote_mismatch",
    "subject_pronoun_x_nearest",
    "subject_pronoun_x_after_preposition",
    "first_in_text",
    "after_x_same_sentence",
    "pronoun_sentence_initial",
    "log_token_distance_x_same_sentence",
    "distance_under_5",
    "distance_under_10",
    "distance_under_20",
    "distance_under_40",
    "possessive_pronoun_x_nearest",
    "object_pronoun_x_nearest",
    "subject_of_pronoun_sentence",
    "subject_of_previous_sentence",
    "same_sentence_x_subject_like",
    "nearest_x_same_sentence",
    "log_count_x_far",
    "followed_by_speech_verb",
    "speech_verb_x_pronoun_later_in_sentence",
    "followed_by_who",
    "between_commas",
    "according_to",
    "after_verb",
    "sentence_final",
    "right_after_pronoun",
    "pronoun_before_relation_noun",
    "relation_noun_x_right_after_pronoun",
    "in_pronoun_clause",
    "first_in_previous_clause",
    "speech_verb_between",
    "full_name_mention",
    "log_sentence_distance",
];

/// Nouns of relation after a possessive pronoun: in "his wife Mary" the pronoun is not Mary, and
/// the name right after the noun is the relative, not the antecedent.
pub(super) const RELATION_NOUNS: &[&str] = &[
    "wife",
    "husband",
    "son",
    "daughter",
    "mother",
    "father",
    "brother",
    "sister",
    "friend",
    "partner",
    "girlfriend",
    "boyfriend",
    "colleague",
    "teammate",
    "coach",
    "manager",
    "successor",
    "predecessor",
    "mentor",
    "student",
    "fiance",
    "fiancee",
    "cousin",
    "uncle",
    "aunt",
    "niece",
    "nephew",
    "rival",
    "lover",
    "children",
    "child",
    "parents",
    "sons",
    "daughters",
    "boss",
    "assistant",
    "grandfather",
    "grandmother",
];
/// Words before a name that are neither verbs nor prepositions (determiners, conjunctions,
/// auxiliaries): "after_verb" must not fire on them.
pub(super) const FUNCTION_WORDS: &[&str] = &[
    "the", "a", "an", "and", "or", "but", "that", "who", "which", "when", "while", "his", "her", "their", "its", "is",
    "was", "are", "were", "be", "been", "has", "had", "have", "also", "then", "not", "only", "both", "where",
    "because", "if", "although", "though", "so", "actress", "actor", "singer", "player",
];

/// The features of candidate `which` for `pronoun`, among all `candidates`: its own
/// ([`FEATURES`]), then the strongest competitor's (the element-wise maximum over the other
/// candidates, zeros when there is none), since whether a name is the antecedent depends on what
/// else the pronoun could refer to. `None` when the candidate has no mention.
pub fn features(text: &Text, pronoun: &Pronoun, candidates: &[Candidate], which: usize) -> Option<Vec<f32>> {
    let mut f = own_features(text, pronoun, candidates, which)?;
    let mut others = vec![0.0f32; FEATURES.len() - 1];
    for other in (0..candidates.len()).filter(|&k| k != which) {
        if let Some(g) = own_features(text, pronoun, candidates, other) {
            for (o, v) in others.iter_mut().zip(&g[1..]) {
                *o = o.max(*v);
            }
        }
    }
    f.extend(others);
    Some(f)
}

/// The number of features [`features`] returns.
pub fn feature_count() -> usize {
    2 * FEATURES.len() - 1
}

/// Feature names: [`FEATURES`], then `other_` and each but the bias.
pub fn feature_names() -> Vec<String> {
    FEATURES.iter().map(|f| f.to_string()).chain(FEATURES[1..].iter().map(|f| format!("other_{f}"))).collect()
}

pub(super) fn own_features(text: &Text, pronoun: &Pronoun, candidates: &[Candidate], which: usize) -> Option<Vec<f32>> {
    let cand = &candidates[which];
    let before: Vec<&Span> = cand.mentions.iter().filter(|m| m.end <= pronoun.span.start).collect();
    let (anchor, after) = match before.last() {
        Some(m) => (**m, false),
        None => (*cand.mentions.iter().find(|m| m.start >= pronoun.span.end)?, true),
    };
    let p_tok = text.token_at(pronoun.span.start);
    let m_tok = text.token_at(anchor.start);
    let m_last = text.token_at(anchor.end).saturating_sub(1);
    let p = &text.tokens[p_tok.min(text.tokens.len() - 1)];
    let m = &text.tokens[m_tok.min(text.tokens.len() - 1)];
    let tok_dist = p_tok.abs_diff(m_tok) as f32;
    let sentence_gap = p.sentence as i64 - m.sentence as i64;
    let same = sentence_gap == 0;
    let next = text.tokens.get(m_last + 1);
    let next2 = text.tokens.get(m_last + 2);
    let prev = m_tok.checked_sub(1).map(|i| &text.tokens[i]).filter(|t| t.sentence == m.sentence);
    let all_mentions = || candidates.iter().enumerate().flat_map(|(i, c)| c.mentions.iter().map(move |s| (i, *s)));
    let first_in_sentence = !all_mentions()
        .any(|(_, s)| s.start < anchor.start && text.tokens[text.token_at(s.start)].sentence == m.sentence);
    let sentence_initial = m.position == 0 || (m.position <= 1 && prev.is_some_and(|t| !t.word));
    let followed_by_lower = next.is_some_and(|t| {
        t.word
            && t.lower != "s"
            && text.text[t.span.start..].starts_with(char::is_lowercase)
            && !PREPOSITIONS.contains(&t.lower.as_str())
    });
    let followed_by_comma = next.is_some_and(|t| t.lower == ",");
    let possessive = next.is_some_and(|t| t.lower == "'" || t.lower == "’") && next2.is_some_and(|t| t.lower == "s");
    let after_prep = prev.is_some_and(|t| PREPOSITIONS.contains(&t.lower.as_str()));
    let after_and = prev.is_some_and(|t| t.lower == "and" || t.lower == "or");
    let in_parens = text.tokens[..m_tok]
        .iter()
        .rev()
        .take_while(|t| t.sentence == m.sentence)
        .find(|t| t.lower == "(" || t.lower == ")")
        .is_some_and(|t| t.lower == "(");
    let count = cand.mentions.len() as f32;
    let count_before = before.len() as f32;
    let (lo, hi) = if after { (pronoun.span.end, anchor.start) } else { (anchor.end, pronoun.span.start) };
    let others_between = all_mentions().filter(|(i, s)| *i != which && s.start >= lo && s.end <= hi).count() as f32;
    let nearest =
        !after && !all_mentions().any(|(i, s)| i != which && s.end <= pronoun.span.start && s.start > anchor.start);
    let subject_like = sentence_initial || first_in_sentence && !after_prep;
    let boundary_between = same
        && text.tokens[m_tok.min(p_tok)..m_tok.max(p_tok)]
            .iter()
            .any(|t| CLAUSE_BOUNDARIES.contains(&t.lower.as_str()));
    let case = pronoun.case;
    let pronoun_initial = p.position == 0 || (p.position <= 1 && p_tok > 0 && !text.tokens[p_tok - 1].word);
    let first_in_text = all_mentions().min_by_key(|(_, s)| s.start).is_some_and(|(i, _)| i == which);
    let (cq, pq) = (text.quoted(anchor), text.quoted(pronoun.span));
    // Light syntax: what follows and precedes the name, and the pronoun's clause.
    let word_at = |i: usize| text.tokens.get(i).filter(|t| t.sentence == m.sentence).map(|t| t.lower.as_str());
    let speech_after = [m_last + 1, m_last + 2].iter().any(|&i| word_at(i).is_some_and(is_speech_verb));
    let followed_by_who =
        word_at(m_last + 1) == Some("who") || word_at(m_last + 1) == Some(",") && word_at(m_last + 2) == Some("who");
    let between_commas = prev.is_some_and(|t| t.lower == ",") && next.is_some_and(|t| t.lower == "," || t.lower == ")");
    let according_to =
        prev.is_some_and(|t| t.lower == "to") && m_tok >= 2 && text.tokens[m_tok - 2].lower == "according";
    let after_verb = prev.is_some_and(|t| {
        t.word
            && text.text[t.span.start..].starts_with(char::is_lowercase)
            && !PREPOSITIONS.contains(&t.lower.as_str())
            && !FUNCTION_WORDS.contains(&t.lower.as_str())
            && !is_conjunction(&t.lower)
    });
    let sentence_final = text.tokens.get(m_last + 1).is_none_or(|t| t.sentence != m.sentence || t.lower == ".");
    let relation_pronoun = case == Case::Possessive
        && text.tokens.get(p_tok + 1).is_some_and(|t| RELATION_NOUNS.contains(&t.lower.as_str()));
    // The pronoun's clause starts after the last clause boundary before it in its sentence; the
    // previous clause is the stretch before that boundary, back to the one before.
    let boundary_before = |end: usize| {
        (0..end)
            .rev()
            .take_while(|&i| text.tokens[i].sentence == p.sentence)
            .find(|&i| CLAUSE_BOUNDARIES.contains(&text.tokens[i].lower.as_str()))
    };
    let p_idx = p_tok.min(text.tokens.len() - 1);
    let clause_start = boundary_before(p_idx).map_or(p_idx - p.position, |i| i + 1);
    let previous_clause_start = boundary_before(clause_start.saturating_sub(1)).map_or(p_idx - p.position, |i| i + 1);
    let first_in_previous_clause = same
        && !after
        && m_tok >= previous_clause_start
        && m_tok < clause_start
        && !after_prep
        && !all_mentions().any(|(_, s)| {
            let t = text.token_at(s.start);
            t >= previous_clause_start && t < m_tok
        });
    let speech_between =
        !after && sentence_gap <= 1 && text.tokens[m_last.min(p_idx)..p_idx].iter().any(|t| is_speech_verb(&t.lower));
    let b = |x: bool| if x { 1.0 } else { 0.0 };
    let f = vec![
        1.0,
        b(after),
        (1.0 + tok_dist).ln(),
        b(same),
        b(sentence_gap == 1),
        b(sentence_gap.abs() >= 2),
        b(sentence_initial),
        b(first_in_sentence),
        b(followed_by_lower),
        b(followed_by_comma),
        b(possessive),
        b(after_prep),
        b(after_and),
        b(in_parens),
        (1.0 + count).ln(),
        (1.0 + count_before).ln(),
        b(nearest),
        (1.0 + others_between).ln(),
        b(case == Case::Subject && subject_like),
        b(case == Case::Possessive && subject_like),
        b(case == Case::Object && same && !boundary_between && subject_like && !after),
        b(case == Case::Reflexive && same),
        b(pronoun_initial && sentence_gap == 1 && subject_like),
        b(boundary_between),
        b(same && !boundary_between),
        b(cq),
        b(pq),
        b(cq != pq),
        b(case == Case::Subject && nearest),
        b(case == Case::Subject && after_prep),
        b(first_in_text),
        b(after && same),
        b(pronoun_initial),
        if same { (1.0 + tok_dist).ln() } else { 0.0 },
        b(tok_dist < 5.0),
        b(tok_dist < 10.0),
        b(tok_dist < 20.0),
        b(tok_dist < 40.0),
        b(case == Case::Possessive && nearest),
        b(case == Case::Object && nearest),
        b(same && !after && subject_like),
        b(sentence_gap == 1 && subject_like),
        b(same && subject_like),
        b(nearest && same),
        if sentence_gap.abs() >= 2 { (1.0 + count).ln() } else { 0.0 },
        b(speech_after),
        b(speech_after && same && !after),
        b(followed_by_who),
        b(between_commas),
        b(according_to),
        b(after_verb),
        b(sentence_final),
        b(after && same && tok_dist <= 3.0),
        b(relation_pronoun),
        b(relation_pronoun && after && same && tok_dist <= 4.0),
        b(same && !after && m_tok >= clause_start),
        b(first_in_previous_clause),
        b(speech_between),
        b(anchor.slice(text.text).contains(' ')),
        (1.0 + sentence_gap.unsigned_abs() as f32).ln(),
    ];
    debug_assert_eq!(f.len(), FEATURES.len());
    Some(f)
}
