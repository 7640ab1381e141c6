//! Coreference for actors: third-person pronouns and definite role nouns linked to the actors of
//! their article, so that tone is read from every sentence that refers to an actor, not only from
//! those that name it.
//!
//! This module owns three things:
//! - the **pair scorer**: hand features of a (pronoun, candidate) pair over plain text (distance,
//!   sentence position as a subject proxy, parallelism between the pronoun's case and the
//!   candidate's position, light syntax such as "X said he" or "X, who", salience, quotes) and a
//!   gradient-boosted tree ensemble over them, trained on GAP (`scripts/train_coref.py`; `slant
//!   train coref` fits the logistic-regression baseline), in `models/coref/weights.json`, compiled
//!   in;
//! - **GAP evaluation**: reading GAP TSVs, deciding A / B / neither per example, and the official
//!   scorer's F1 overall and by pronoun gender ([`gap`]);
//! - the **document linker** ([`resolve`]): after [`crate::actors::group_document`], each he/she
//!   pronoun goes to the best-scoring person actor named in the last few sentences whose gender
//!   does not disagree; it/its/they/their go to the one organization named just before; "the
//!   president", "the ministry" and the like go to the most recent actor whose role or name has
//!   that word. It prefers leaving a mention unlinked to linking it wrongly: a wrong link moves an
//!   actor's tone with a sentence about someone else.
//!
//! Gender agreement is a filter, not a learned weight: GAP pairs every pronoun with two names of
//! its own gender, so GAP cannot teach what a mismatch costs. Names' genders come from
//! `models/coref/names.tsv`, counted from GAP development's names and pronouns.

mod first_person;
pub mod gap;
mod nominal;

use crate::actors::quote_regions;
use crate::document::{Actor, Document, EntityKind, Mention, MentionKind, Span};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;

/// A person's grammatical gender as pronouns show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    Masculine,
    Feminine,
}

/// What a pronoun can refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Referent {
    Person(Gender),
    /// it/its: one organization.
    Neuter,
    /// they/them/their: organizations (a ministry, a government) or groups.
    Plural,
}

/// The pronoun's grammatical case, for parallelism with its antecedent's position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    Subject,
    Object,
    Possessive,
    Reflexive,
}

/// A third-person pronoun found in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pronoun {
    pub span: Span,
    pub referent: Referent,
    pub case: Case,
}

/// The referent and case of a third-person pronoun form; `None` for any other word (first and
/// second person pronouns included: they never link). "her" is read as object here; [`Text`]
/// decides possessive from the next word.
pub fn pronoun_form(word: &str) -> Option<(Referent, Case)> {
    use Case::*;
    use Gender::*;
    let person = |g| Referent::Person(g);
    Some(match word.to_lowercase().as_str() {
        "he" => (person(Masculine), Subject),
        "him" => (person(Masculine), Object),
        "his" => (person(Masculine), Possessive),
        "himself" => (person(Masculine), Reflexive),
        "she" => (person(Feminine), Subject),
        "her" => (person(Feminine), Object),
        "hers" => (person(Feminine), Possessive),
        "herself" => (person(Feminine), Reflexive),
        "it" => (Referent::Neuter, Subject),
        "its" => (Referent::Neuter, Possessive),
        "itself" => (Referent::Neuter, Reflexive),
        "they" => (Referent::Plural, Subject),
        "them" => (Referent::Plural, Object),
        "their" | "theirs" => (Referent::Plural, Possessive),
        "themselves" => (Referent::Plural, Reflexive),
        _ => return None,
    })
}

/// Words that put a name in object position when they precede it.
const PREPOSITIONS: &[&str] = &[
    "by", "with", "to", "of", "for", "from", "at", "in", "on", "than", "as", "about", "against", "under", "between",
    "toward", "towards", "into", "over", "after", "before", "without", "like", "beside", "among",
];
/// Tokens that end a clause: a pronoun after one of these starts its own clause.
const CLAUSE_BOUNDARIES: &[&str] = &[
    ",", ";", ":", "who", "whom", "which", "that", "when", "while", "after", "before", "because", "but", "although",
    "though", "since", "until", "where", "whereas", "and",
];

/// One token of a [`Text`]: a run of letters and digits, or one other non-space character.
#[derive(Debug, Clone)]
struct Token {
    span: Span,
    lower: String,
    word: bool,
    sentence: usize,
    /// Index within its sentence.
    position: usize,
}

/// Text prepared for feature extraction: tokens with their sentences, and quotation regions.
pub struct Text<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    quotes: Vec<Span>,
}

impl<'a> Text<'a> {
    /// Tokenizes `text`; `sentences` are byte spans covering it (from [`crate::segment`]).
    pub fn new(text: &'a str, sentences: &[Span]) -> Self {
        let mut tokens: Vec<Token> = Vec::new();
        let mut word_start: Option<usize> = None;
        let push = |tokens: &mut Vec<Token>, start: usize, end: usize, word: bool| {
            let sentence = sentences.iter().position(|s| start < s.end).unwrap_or(sentences.len().saturating_sub(1));
            let position = tokens.iter().rev().take_while(|t| t.sentence == sentence).count();
            tokens.push(Token {
                span: Span::new(start, end),
                lower: text[start..end].to_lowercase(),
                word,
                sentence,
                position,
            });
        };
        for (i, c) in text.char_indices() {
            if c.is_alphanumeric() {
                word_start.get_or_insert(i);
                continue;
            }
            if let Some(start) = word_start.take() {
                push(&mut tokens, start, i, true);
            }
            if !c.is_whitespace() {
                push(&mut tokens, i, i + c.len_utf8(), false);
            }
        }
        if let Some(start) = word_start {
            push(&mut tokens, start, text.len(), true);
        }
        Self { text, tokens, quotes: quote_regions(text) }
    }

    /// The index of the first token that starts at or after `byte`.
    fn token_at(&self, byte: usize) -> usize {
        self.tokens.partition_point(|t| t.span.start < byte)
    }

    fn quoted(&self, span: Span) -> bool {
        self.quotes.iter().any(|q| q.start <= span.start && span.end <= q.end)
    }

    /// Every third-person pronoun in the text, "her" resolved to possessive when a word that is
    /// not a preposition or conjunction follows it.
    pub fn pronouns(&self) -> Vec<Pronoun> {
        let mut out = Vec::new();
        for (i, t) in self.tokens.iter().enumerate() {
            if !t.word {
                continue;
            }
            let Some((referent, mut case)) = pronoun_form(&t.lower) else { continue };
            // "it's", "they're": the apostrophe splits them; "he'd" as well: still pronouns.
            if t.lower == "her" {
                case = self.case_of_her(i);
            }
            out.push(Pronoun { span: t.span, referent, case });
        }
        out
    }

    fn case_of_her(&self, i: usize) -> Case {
        match self.tokens.get(i + 1) {
            Some(next) if next.word && !PREPOSITIONS.contains(&next.lower.as_str()) && !is_conjunction(&next.lower) => {
                Case::Possessive
            }
            _ => Case::Object,
        }
    }

    /// The pronoun at `span` (which must be a pronoun's token), with its case.
    pub fn pronoun_at(&self, span: Span) -> Option<Pronoun> {
        let i = self.token_at(span.start);
        let t = self.tokens.get(i)?;
        let (referent, mut case) = pronoun_form(&t.lower)?;
        if t.lower == "her" {
            case = self.case_of_her(i);
        }
        Some(Pronoun { span: t.span, referent, case })
    }
}

fn is_conjunction(word: &str) -> bool {
    matches!(word, "and" | "or" | "but" | "nor" | "so" | "yet" | "that" | "who" | "which")
}

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

/// Verbs of saying and thinking: the name before one is its subject, and a pronoun in the clause
/// they introduce ("X said he", "X told Y that she") is most often that subject.
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "tells",
    "stated",
    "explained",
    "wrote",
    "writes",
    "added",
    "announced",
    "claimed",
    "recalled",
    "replied",
    "asked",
    "believed",
    "felt",
    "thought",
    "decided",
    "agreed",
    "insisted",
    "admitted",
    "revealed",
    "learned",
    "learns",
    "discovered",
    "realized",
    "realised",
    "noted",
    "argued",
    "believes",
    "thinks",
    "knew",
    "knows",
    "promised",
    "confirmed",
    "denied",
    "remarked",
    "suggested",
];
/// Nouns of relation after a possessive pronoun: in "his wife Mary" the pronoun is not Mary, and
/// the name right after the noun is the relative, not the antecedent.
const RELATION_NOUNS: &[&str] = &[
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
const FUNCTION_WORDS: &[&str] = &[
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

fn own_features(text: &Text, pronoun: &Pronoun, candidates: &[Candidate], which: usize) -> Option<Vec<f32>> {
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
    let speech_after = [m_last + 1, m_last + 2].iter().any(|&i| word_at(i).is_some_and(|w| SPEECH_VERBS.contains(&w)));
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
    let speech_between = !after
        && sentence_gap <= 1
        && text.tokens[m_last.min(p_idx)..p_idx].iter().any(|t| SPEECH_VERBS.contains(&t.lower.as_str()));
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

/// The pair scorer and the decision thresholds chosen with it: a gradient-boosted tree ensemble
/// over the features when `ensemble` is present (what ships: it reads the crosses between
/// distance, position and the pronoun's case that a linear model cannot), else the logistic
/// regression in `weights` (what `slant train coref` fits, the baseline the ensemble replaced).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Scorer {
    pub features: Vec<String>,
    #[serde(default)]
    pub weights: Vec<f32>,
    /// Feature means and scales (standardization from the training pairs), for `weights`.
    #[serde(default)]
    pub mean: Vec<f32>,
    #[serde(default)]
    pub scale: Vec<f32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ensemble: Option<Ensemble>,
    /// GAP decision: the better of A and B is TRUE when its probability reaches this.
    pub gap_threshold: f32,
    /// Document linking: a pronoun links when the best candidate's probability reaches this
    /// (higher than `gap_threshold`: a wrong link costs more than a missed one).
    pub link_threshold: f32,
    /// How the weights were made (data, regularization, figures), for the model card.
    #[serde(default)]
    pub trained: serde_json::Value,
}

/// A binary gradient-boosted ensemble on the raw features (scikit-learn's
/// `GradientBoostingClassifier`, exported by `scripts/train_coref.py`): log-odds =
/// `init + learning_rate * sum(trees)`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Ensemble {
    init: f64,
    learning_rate: f64,
    trees: Vec<crate::extract::learned::Tree>,
}

impl Scorer {
    /// The probability that the pair is coreferent.
    pub fn probability(&self, features: &[f32]) -> f32 {
        if let Some(e) = &self.ensemble {
            let sum: f64 = e.trees.iter().map(|t| t.predict(features)).sum();
            return (1.0 / (1.0 + (-(e.init + e.learning_rate * sum)).exp())) as f32;
        }
        let z: f32 = features
            .iter()
            .zip(&self.mean)
            .zip(&self.scale)
            .zip(&self.weights)
            .map(|(((x, m), s), w)| (x - m) / s * w)
            .sum();
        1.0 / (1.0 + (-z).exp())
    }

    /// Reads a weights file; refuses one made for another feature list.
    pub fn from_json(json: &str) -> Result<Self, String> {
        let scorer: Scorer = serde_json::from_str(json).map_err(|e| e.to_string())?;
        if scorer.features != feature_names() {
            return Err("the weights file was trained on another feature list; retrain it".into());
        }
        match &scorer.ensemble {
            Some(e) => {
                for (t, tree) in e.trees.iter().enumerate() {
                    tree.check(feature_count()).map_err(|err| format!("tree {t}: {err}"))?;
                }
            }
            None => {
                if [scorer.weights.len(), scorer.mean.len(), scorer.scale.len()].iter().any(|&n| n != feature_count()) {
                    return Err("the weights file has the wrong number of weights".into());
                }
            }
        }
        Ok(scorer)
    }

    /// The scorer shipped in `models/coref/weights.json`, compiled into the binary (a few
    /// hundred bytes of weights need no loading path of their own).
    pub fn shipped() -> &'static Scorer {
        static SCORER: OnceLock<Scorer> = OnceLock::new();
        SCORER.get_or_init(|| {
            Scorer::from_json(include_str!("../models/coref/weights.json")).expect("models/coref/weights.json is valid")
        })
    }
}

/// First names and the gender GAP development's pronouns give them (`models/coref/names.tsv`).
pub struct NameGenders {
    by_name: HashMap<String, Gender>,
}

impl NameGenders {
    /// Reads `name<TAB>masculine<TAB>feminine` counts; a name gets a gender when at least 80% of
    /// its uses have it.
    pub fn parse(tsv: &str) -> Self {
        let mut by_name = HashMap::new();
        for line in tsv.lines().filter(|l| !l.starts_with('#')) {
            let cols: Vec<&str> = line.split('\t').collect();
            let [name, m, f] = cols[..] else { continue };
            let (Ok(m), Ok(f)) = (m.parse::<f32>(), f.parse::<f32>()) else { continue };
            if m >= 4.0 * f {
                by_name.insert(name.to_lowercase(), Gender::Masculine);
            } else if f >= 4.0 * m {
                by_name.insert(name.to_lowercase(), Gender::Feminine);
            }
        }
        Self { by_name }
    }

    pub fn shipped() -> &'static NameGenders {
        static NAMES: OnceLock<NameGenders> = OnceLock::new();
        NAMES.get_or_init(|| NameGenders::parse(include_str!("../models/coref/names.tsv")))
    }

    pub fn get(&self, first_name: &str) -> Option<Gender> {
        self.by_name.get(&first_name.to_lowercase()).copied()
    }
}

/// Role and title words that say a person's gender ("spokeswoman", "Mrs").
fn gender_of_word(word: &str) -> Option<Gender> {
    match word.to_lowercase().trim_end_matches('.') {
        "mr" | "king" | "prince" | "spokesman" | "chairman" | "sir" | "lord" | "congressman" | "father" | "brother"
        | "son" | "husband" => Some(Gender::Masculine),
        "mrs" | "ms" | "miss" | "queen" | "princess" | "spokeswoman" | "chairwoman" | "dame" | "lady"
        | "congresswoman" | "mother" | "sister" | "daughter" | "wife" => Some(Gender::Feminine),
        _ => None,
    }
}

/// A person actor's gender from its role, the words right before its mentions, and its first
/// name; `None` when unknown or when the clues disagree.
fn actor_gender(actor: &Actor, doc_text: &str, names: &NameGenders) -> Option<Gender> {
    let mut clues = Vec::new();
    for word in actor.role.iter().flat_map(|r| r.split_whitespace()) {
        clues.extend(gender_of_word(word));
    }
    for m in actor.mentions.iter().filter(|m| m.kind == MentionKind::Name) {
        let before = doc_text[..m.span.start].split_whitespace().next_back().unwrap_or_default();
        clues.extend(gender_of_word(before.trim_matches(|c: char| !c.is_alphanumeric())));
    }
    if actor.name.split_whitespace().count() >= 2 || clues.is_empty() {
        clues.extend(actor.name.split_whitespace().next().and_then(|first| names.get(first)));
    }
    let first = *clues.first()?;
    clues.iter().all(|g| *g == first).then_some(first)
}

/// How many sentences back a pronoun's antecedent may be named.
const PRONOUN_WINDOW: usize = 3;
/// How many sentences back a role noun's actor may be named.
const NOMINAL_WINDOW: usize = 5;
/// Verbs after which "it"/"they" are reported speech of an organization ("the ministry said it
/// would"), the one position where they are reliably referential.
const REPORTING_VERBS: &[&str] =
    &["said", "says", "added", "announced", "stated", "noted", "claimed", "argued", "warned", "insisted", "denied"];
/// Role nouns for people, matched against an actor's `role` ("the minister" → "Foreign Minister").
const PERSON_ROLE_NOUNS: &[&str] = &[
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
];
/// Role nouns for organizations, matched against the actor's name ("the ministry" → "Foreign
/// Ministry"); "the company"/"the firm" go to an organization without that word in its name.
const ORG_ROLE_NOUNS: &[&str] = &[
    "ministry",
    "department",
    "agency",
    "government",
    "party",
    "committee",
    "commission",
    "embassy",
    "council",
    "bank",
    "company",
    "firm",
    "group",
];

/// Links the document's pronouns and role nouns to its actors (grouped by
/// [`crate::actors::group_document`]): adds pronoun and nominal mentions to `doc.actors`, each
/// mention list kept in text order, and appends **unnamed actors** for references that belong
/// together but to no named actor (a chain of "she" with no name in view, the narrator's "I",
/// "the company" when no company is named). Name mentions are not touched.
pub fn resolve(doc: &mut Document) {
    resolve_with(doc, Scorer::shipped(), NameGenders::shipped());
}

/// Where a reference goes: a named actor of the document, or an unnamed cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Actor(usize),
    Cluster(usize),
}

/// References collected by [`resolve_with`] before they become mentions.
#[derive(Default)]
struct Links {
    to_actors: Vec<(usize, Span, MentionKind)>,
    /// Unnamed clusters: type, the fewest mentions it needs to be kept, and its mentions.
    clusters: Vec<(EntityKind, usize, Vec<(Span, MentionKind)>)>,
}

impl Links {
    fn add(&mut self, target: Target, span: Span, kind: MentionKind) {
        match target {
            Target::Actor(i) => self.to_actors.push((i, span, kind)),
            Target::Cluster(c) => self.clusters[c].2.push((span, kind)),
        }
    }

    /// A new unnamed cluster kept only with at least `min_mentions` mentions (a lone "she" with
    /// nobody in view says nothing about who she is).
    fn new_cluster(&mut self, kind: EntityKind, min_mentions: usize) -> Target {
        self.clusters.push((kind, min_mentions, Vec::new()));
        Target::Cluster(self.clusters.len() - 1)
    }
}

/// How many sentences back the previous he/she may be for a pronoun to continue its chain.
const CHAIN_WINDOW: usize = 5;

/// The last he/she pronoun of one gender and where it went.
#[derive(Clone, Copy)]
struct ChainLink {
    target: Target,
    end: usize,
    sentence: usize,
    quoted: bool,
}

/// [`resolve`] with a given scorer and name table.
pub fn resolve_with(doc: &mut Document, scorer: &Scorer, names: &NameGenders) {
    if doc.sentences.is_empty() {
        return;
    }
    let sentences: Vec<Span> = doc.sentences.iter().map(|s| s.span).collect();
    let text = Text::new(&doc.text, &sentences);
    let sentence_of = |at: usize| text.tokens.get(text.token_at(at)).map_or(0, |t| t.sentence);
    // Spans that already belong to a name: a pronoun or role noun inside one is part of a name.
    let taken: Vec<Span> = doc.entities.iter().map(|e| e.span).collect();
    let free = |s: Span| !taken.iter().any(|t| t.start < s.end && s.start < t.end);
    let genders: Vec<Option<Gender>> = doc.actors.iter().map(|a| actor_gender(a, &doc.text, names)).collect();
    let name_mentions: Vec<Vec<Span>> = doc
        .actors
        .iter()
        .map(|a| a.mentions.iter().filter(|m| m.kind == MentionKind::Name).map(|m| m.span).collect())
        .collect();
    let is_person = |i: usize| doc.actors[i].kind == EntityKind::Person;
    let mut links = Links::default();
    let mut chains: HashMap<Gender, ChainLink> = HashMap::new();

    for pronoun in text.pronouns().into_iter().filter(|p| free(p.span)) {
        let p_sentence = sentence_of(pronoun.span.start);
        // Actors named in the window before the pronoun (or later in its own sentence).
        let in_window = |i: usize| {
            name_mentions[i].iter().any(|m| {
                let s = sentence_of(m.start);
                s <= p_sentence && s + PRONOUN_WINDOW >= p_sentence && (m.end <= pronoun.span.start || s == p_sentence)
            })
        };
        match pronoun.referent {
            Referent::Person(gender) => {
                let quoted = text.quoted(pronoun.span);
                // The previous he/she of this gender continues to this one when no other person
                // is named between them and both are on one side of a quotation mark (gum-dev,
                // 5-fold CV: right 0.94 of the time).
                let chained = chains.get(&gender).copied().filter(|c| {
                    c.quoted == quoted
                        && c.sentence + CHAIN_WINDOW >= p_sentence
                        && !(0..doc.actors.len()).filter(|&i| is_person(i)).any(|i| {
                            c.target != Target::Actor(i)
                                && name_mentions[i].iter().any(|m| m.start >= c.end && m.end <= pronoun.span.start)
                        })
                });
                let target = match chained {
                    Some(c) => Some(c.target),
                    None => {
                        let pool: Vec<usize> =
                            (0..doc.actors.len()).filter(|&i| is_person(i) && in_window(i)).collect();
                        // Competitors are the people the pronoun could refer to: those whose gender
                        // does not rule them out (as in GAP, where both names agree with the pronoun).
                        let agreeing: Vec<usize> =
                            pool.iter().copied().filter(|&i| genders[i].is_none_or(|g| g == gender)).collect();
                        let candidates: Vec<Candidate> =
                            agreeing.iter().map(|&i| Candidate { mentions: name_mentions[i].clone() }).collect();
                        // `…," he said`: the quote's speaker is whoever the article quoted last, which
                        // the pair features do not see (GAP has few quotes); with two people in view,
                        // leave it rather than guess.
                        if agreeing.len() >= 2 && quote_attribution(&text, &pronoun) {
                            None
                        } else {
                            match agreeing[..] {
                                // The one person in view whose known gender agrees: agreement and the
                                // window decide. The scorer ranks names of one gender (GAP always pairs
                                // two), and the trees never saw a pronoun without a same-gender
                                // competitor: read alone or against people of the other gender, their
                                // probability means little.
                                [only] if genders[only] == Some(gender) => Some(Target::Actor(only)),
                                _ => agreeing
                                    .iter()
                                    .enumerate()
                                    .filter_map(|(k, &i)| {
                                        let f = features(&text, &pronoun, &candidates, k)?;
                                        Some((i, scorer.probability(&f)))
                                    })
                                    .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
                                    .filter(|&(_, p)| p >= scorer.link_threshold)
                                    .map(|(i, _)| Target::Actor(i)),
                            }
                        }
                    }
                };
                let target = target.unwrap_or_else(|| links.new_cluster(EntityKind::Person, 2));
                links.add(target, pronoun.span, MentionKind::Pronoun);
                chains.insert(gender, ChainLink { target, end: pronoun.span.end, sentence: p_sentence, quoted });
            }
            Referent::Neuter | Referent::Plural => {
                // Only in reported speech or as a possessive, and only when one organization is
                // named in this or the previous sentence before it and no person in between:
                // "it" and "they" are too often pleonastic or about people otherwise.
                let t = text.token_at(pronoun.span.start);
                let previous = t.checked_sub(1).map(|i| text.tokens[i].lower.as_str()).unwrap_or_default();
                if !(pronoun.case == Case::Possessive || REPORTING_VERBS.contains(&previous)) {
                    continue;
                }
                let recent = |i: usize| {
                    name_mentions[i]
                        .iter()
                        .filter(|m| m.end <= pronoun.span.start && sentence_of(m.start) + 1 >= p_sentence)
                        .map(|m| m.end)
                        .max()
                };
                let orgs: Vec<(usize, usize)> = (0..doc.actors.len())
                    .filter(|&i| doc.actors[i].kind == EntityKind::Organization)
                    .filter_map(|i| recent(i).map(|end| (i, end)))
                    .collect();
                let [(org, org_end)] = orgs[..] else { continue };
                let person_between = (0..doc.actors.len())
                    .filter(|&i| is_person(i))
                    .any(|i| name_mentions[i].iter().any(|m| m.start >= org_end && m.end <= pronoun.span.start));
                if !person_between {
                    links.add(Target::Actor(org), pronoun.span, MentionKind::Pronoun);
                }
            }
        }
    }

    first_person::link(&text, &doc.actors, &name_mentions, &free, &mut links);

    // Role nouns that name a named actor's role or kind ("the president", "the ministry").
    let mut role_linked: Vec<Span> = Vec::new();
    for (span, noun) in role_nouns(&text).into_iter().filter(|(s, _)| free(*s)) {
        let n_sentence = sentence_of(span.start);
        let last_before = |i: usize| {
            name_mentions[i]
                .iter()
                .filter(|m| m.end <= span.start && sentence_of(m.start) + NOMINAL_WINDOW >= n_sentence)
                .map(|m| m.end)
                .max()
        };
        let matches = |i: usize| {
            let actor = &doc.actors[i];
            let has_word = |s: &str| s.split_whitespace().any(|w| w.eq_ignore_ascii_case(noun));
            if PERSON_ROLE_NOUNS.contains(&noun) {
                actor.kind == EntityKind::Person && actor.role.as_deref().is_some_and(has_word)
            } else if noun == "company" || noun == "firm" {
                actor.kind == EntityKind::Organization
            } else {
                actor.kind == EntityKind::Organization && has_word(&actor.name)
            }
        };
        let mut found: Vec<(usize, usize)> =
            (0..doc.actors.len()).filter(|&i| matches(i)).filter_map(|i| last_before(i).map(|e| (i, e))).collect();
        found.sort_by_key(|&(i, end)| (std::cmp::Reverse(end), i));
        // "the company" with two organizations in view is ambiguous: leave it.
        let generic = noun == "company" || noun == "firm";
        if let Some(&(i, _)) = found.first() {
            if !(generic && found.len() > 1) {
                links.add(Target::Actor(i), span, MentionKind::Nominal);
                role_linked.push(span);
            }
        }
    }

    // Other nominals: a definite one joins the closest earlier nominal with its head word
    // (gum-dev CV: right 0.80 of the time); the rest start unnamed actors of their own.
    let mut by_head: HashMap<&str, (Target, usize)> = HashMap::new();
    for (span, noun) in role_nouns(&text).into_iter().filter(|(s, _)| role_linked.contains(s)) {
        let i = links.to_actors.iter().find(|(_, s, _)| *s == span).map(|&(i, _, _)| i);
        if let Some(i) = i {
            by_head.insert(noun, (Target::Actor(i), sentence_of(span.start)));
        }
    }
    let free_token = |t: &Token| free(t.span) && !role_linked.contains(&t.span);
    for nominal in nominal::find(&text, nominal::Lexicon::shipped(), free_token) {
        let token = &text.tokens[nominal.token];
        let n_sentence = token.sentence;
        let earlier = by_head
            .get(token.lower.as_str())
            .filter(|(_, s)| nominal.definite && s + nominal::SAME_HEAD_WINDOW >= n_sentence)
            .map(|&(t, _)| t);
        let target = earlier.unwrap_or_else(|| links.new_cluster(nominal.kind, 1));
        links.add(target, token.span, MentionKind::Nominal);
        by_head.insert(token.lower.as_str(), (target, n_sentence));
    }

    let mention = |span: Span, kind: MentionKind| Mention {
        span,
        sentence: sentence_of(span.start),
        quoted: text.quoted(span),
        tone: None,
        kind,
    };
    for &(i, span, kind) in &links.to_actors {
        doc.actors[i].mentions.push(mention(span, kind));
    }
    for (kind, min_mentions, mentions) in links.clusters {
        if mentions.len() < min_mentions || mentions.is_empty() {
            continue;
        }
        // Shown by its first reference ("the company", "I"); the id says it is unnamed.
        let name =
            mentions.iter().map(|(span, _)| *span).min_by_key(|s| s.start).map(|s| s.slice(&doc.text).to_string());
        doc.actors.push(Actor {
            name: name.unwrap_or_default(),
            kind,
            aliases: Vec::new(),
            role: None,
            external_id: None,
            group: None,
            mentions: mentions.into_iter().map(|(span, kind)| mention(span, kind)).collect(),
        });
    }
    for actor in &mut doc.actors {
        actor.mentions.sort_by_key(|m| (m.span.start, m.span.end));
    }
}

/// Whether the pronoun attributes the quote that ends right before it (`," he said`).
fn quote_attribution(text: &Text, pronoun: &Pronoun) -> bool {
    let i = text.token_at(pronoun.span.start);
    let before = i.checked_sub(1).map(|j| text.tokens[j].lower.as_str());
    let after = text.tokens.get(i + 1).map(|t| t.lower.as_str());
    matches!(before, Some("\"" | "”" | "'" | "’")) && after.is_some_and(|w| REPORTING_VERBS.contains(&w) || w == "told")
}

/// Definite role nouns: "the president", "the ministry" (lowercase "the", the noun right after,
/// not followed by "of" or a name, which would make it a new description rather than a
/// reference back). Returns the noun's span (without "the") and the noun.
fn role_nouns(text: &Text) -> Vec<(Span, &'static str)> {
    let mut out = Vec::new();
    for (i, t) in text.tokens.iter().enumerate() {
        if t.lower != "the" {
            continue;
        }
        let Some(noun_tok) = text.tokens.get(i + 1) else { continue };
        let Some(noun) = PERSON_ROLE_NOUNS.iter().chain(ORG_ROLE_NOUNS).find(|n| **n == noun_tok.lower) else {
            continue;
        };
        // A capitalized noun mid-sentence is part of a name ("the Ministry of ..."), which NER has.
        if text.text[noun_tok.span.start..].starts_with(char::is_uppercase) && noun_tok.position > 1 {
            continue;
        }
        let next = text.tokens.get(i + 2);
        let continues = next.is_some_and(|n| {
            n.sentence == noun_tok.sentence
                && (n.lower == "of" || n.word && text.text[n.span.start..].starts_with(char::is_uppercase))
        });
        if !continues {
            out.push((noun_tok.span, *noun));
        }
    }
    out
}

#[cfg(test)]
mod tests;
