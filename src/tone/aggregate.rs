//! Article-level tone toward an actor, from the tone of its mentions and the article around
//! them.
//!
//! A learned aggregator ([`Aggregator`], multinomial logistic regression, `aggregate.json` in the
//! tone model's directory) reads [`FEATURES`] cues of an actor in its article: the weighted mean of its
//! mentions' probabilities (quoted mentions count [`QUOTED_WEIGHT`]), the author's own voice
//! apart from quotes, the strongest mention each way, the lead, how much of the article is
//! about the actor (mentions, sentences, title, first mention), and the prior polarity of the
//! words around it. It gives the actor's probabilities (negative, neutral, positive): the label
//! is the most probable class, the score is positive minus negative in [-1, 1], and the
//! confidence is the label's probability, which the aggregator was fitted to make calibrated
//! (expected calibration error in the model card). It was trained on PerSenT (the author's
//! sentiment toward a news article's main person); see `scripts/train_aggregate.sh`.
//!
//! Evidence is the few sentences whose mentions push the tone furthest from neutral (weighted
//! positive minus negative of their mentions).
//!
//! Which aggregator runs: the tone model's own. [`crate::tone::ToneModel::load`] reads
//! `aggregate.json` from the directory given with `--tone-model` when it has one
//! (`scripts/train_aggregate.sh DIR` writes it there), and a malformed one is an
//! [`AggregatorError`] naming the file, not a silent fallback; a directory without one (a tone
//! model trained with `slant train tone` before its aggregator) gets the shipped aggregator,
//! `models/tone/aggregate.json` compiled in ([`Aggregator::shipped`]). `slant link`, which rescores
//! records without a tone model, uses the shipped one too.
//!
//! The prior-polarity lexicon (`models/tone/lexicon.tsv`, VADER and AFINN merged) stays compiled
//! in whatever the tone model: it is part of what the aggregator's `*_lexicon` features mean (every
//! aggregator, the shipped one and one trained with `scripts/train_aggregate.sh`, is fitted on
//! features computed with this table), not a part of the tone model. A tone model directory's own
//! `lexicon.tsv` is its classifier's token feature, read by the classifier.

use crate::document::{Actor, ActorTone, Document, Evidence, MentionKind, Salience};
use crate::offsets::CodePoints;
use crate::records::{round4, MentionTone, TaggedActor, TaggedDocument};
use crate::segment::words_keeping;
use std::cell::OnceCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Weight of a mention inside quotation marks: someone else's words that the article reports,
/// rather than its own voice.
pub const QUOTED_WEIGHT: f32 = 0.5;
/// Evidence sentences kept per actor.
pub const EVIDENCE: usize = 3;
/// Sentences that count as the lead.
const LEAD_SENTENCES: usize = 3;

/// The aggregator's inputs, in order.
pub const FEATURES: [&str; 20] = [
    "mean_negative",
    "mean_neutral",
    "mean_positive",
    "author_negative",
    "author_positive",
    "quoted_share",
    "max_negative",
    "max_positive",
    "lead_negative",
    "lead_positive",
    "log_mentions",
    "sentence_share",
    "name_share",
    "in_title",
    "first_mention",
    "mention_share",
    "text_lexicon",
    "actor_lexicon",
    "actor_lexicon_positive",
    "actor_lexicon_negative",
];

/// One scored mention, as the aggregation reads it.
#[derive(Debug, Clone, Copy)]
pub struct ScoredMention {
    pub sentence: usize,
    pub quoted: bool,
    /// Probabilities (negative, neutral, positive).
    pub probs: [f32; 3],
}

/// Scored mentions taken together.
#[derive(Debug, Clone, PartialEq)]
pub struct Combined {
    /// The weighted mean of their probabilities (negative, neutral, positive).
    pub mean: [f32; 3],
    /// Each sentence's effect (weighted positive minus negative of its mentions), strongest first.
    pub effects: Vec<(usize, f32)>,
}

/// The weighted mean and sentence effects of scored mentions; `None` when there is no mention.
pub(crate) fn combine(mentions: impl IntoIterator<Item = ScoredMention>) -> Option<Combined> {
    let mut sum = [0.0f32; 3];
    let mut weight = 0.0f32;
    let mut by_sentence: Vec<(usize, f32)> = Vec::new();
    for m in mentions {
        let w = if m.quoted { QUOTED_WEIGHT } else { 1.0 };
        for (total, p) in sum.iter_mut().zip(m.probs) {
            *total += w * p;
        }
        weight += w;
        let effect = w * (m.probs[2] - m.probs[0]);
        match by_sentence.iter_mut().find(|(s, _)| *s == m.sentence) {
            Some((_, e)) => *e += effect,
            None => by_sentence.push((m.sentence, effect)),
        }
    }
    if weight == 0.0 {
        return None;
    }
    by_sentence.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
    Some(Combined { mean: sum.map(|s| s / weight), effects: by_sentence })
}

/// The tone record for probabilities (negative, neutral, positive) over `mentions` mentions.
pub(crate) fn tone_of(probs: [f32; 3], mentions: usize) -> ActorTone {
    let label = super::eval::argmax(&probs);
    ActorTone {
        label,
        score: round4(probs[2] - probs[0]),
        p_negative: round4(probs[0]),
        p_neutral: round4(probs[1]),
        p_positive: round4(probs[2]),
        mentions,
        confidence: round4(probs[label.index()]),
    }
}

/// What the aggregator reads of an article, shared by its actors: the text, its sentences, and
/// the prior polarity of their words (rated once per article, when first needed). It holds no
/// offsets, so a document (bytes) and a record (code points) give the same context.
pub struct ArticleContext<'a> {
    text: &'a str,
    sentences: Vec<&'a str>,
    text_words: OnceCell<Rated>,
    sentence_words: OnceCell<Vec<Rated>>,
}

impl<'a> ArticleContext<'a> {
    /// The context of a text and its sentences' texts.
    pub fn new(text: &'a str, sentences: Vec<&'a str>) -> Self {
        Self { text, sentences, text_words: OnceCell::new(), sentence_words: OnceCell::new() }
    }

    pub(crate) fn of_document(doc: &'a Document) -> Self {
        Self::new(&doc.text, doc.sentences.iter().map(|s| s.span.slice(&doc.text)).collect())
    }

    pub(crate) fn of_record(doc: &'a TaggedDocument, code_points: &CodePoints<'a>) -> Self {
        Self::new(&doc.text, doc.sentences.iter().map(|s| code_points.slice(s.start, s.end)).collect())
    }

    fn text_words(&self) -> Rated {
        *self.text_words.get_or_init(|| prior_polarity().rate(self.text))
    }

    fn sentence_words(&self, s: usize) -> Rated {
        let rated =
            self.sentence_words.get_or_init(|| self.sentences.iter().map(|text| prior_polarity().rate(text)).collect());
        rated.get(s).copied().unwrap_or_default()
    }
}

/// What the aggregator reads of one actor: its scored mentions and their kinds, its salience,
/// and its article.
pub struct ActorContext<'a> {
    scored: Vec<(ScoredMention, MentionKind)>,
    salience: Salience,
    article: &'a ArticleContext<'a>,
}

impl<'a> ActorContext<'a> {
    /// A document's actor. Its mention tones are read rounded as records write them, so the
    /// tone is the same when it is computed again from a record ([`crate::link`]).
    pub(crate) fn of_actor(actor: &Actor, article: &'a ArticleContext<'a>) -> Self {
        let scored = actor
            .mentions
            .iter()
            .filter_map(|m| {
                let probs = MentionTone::new(m.tone?).probs();
                Some((ScoredMention { sentence: m.sentence, quoted: m.quoted, probs }, m.kind))
            })
            .collect();
        Self { scored, salience: actor.salience, article }
    }

    /// A record's actor.
    pub(crate) fn of_record(actor: &TaggedActor, article: &'a ArticleContext<'a>) -> Self {
        let scored = actor
            .mentions
            .iter()
            .filter_map(|m| {
                let probs = m.tone?.probs();
                Some((ScoredMention { sentence: m.sentence, quoted: m.quoted, probs }, m.kind))
            })
            .collect();
        Self { scored, salience: actor.salience, article }
    }

    /// The actor's scored mentions.
    pub(crate) fn scored_mentions(&self) -> impl Iterator<Item = ScoredMention> + '_ {
        self.scored.iter().map(|(m, _)| *m)
    }

    /// The [`FEATURES`] of the actor; `None` when none of its mentions has been scored.
    pub fn features(&self) -> Option<Vec<f32>> {
        self.features_of(&combine(self.scored_mentions())?)
    }

    /// The features from the actor's scored mentions and their weighted mean.
    fn features_of(&self, all: &Combined) -> Option<Vec<f32>> {
        let scored = &self.scored;
        let mean = all.mean;
        let mean_of = |keep: &dyn Fn(&ScoredMention) -> bool| {
            combine(scored.iter().map(|(m, _)| *m).filter(|m| keep(m))).map_or(mean, |c| c.mean)
        };
        let author = mean_of(&|m| !m.quoted);
        let lead = mean_of(&|m| m.sentence < LEAD_SENTENCES);
        let n = scored.len() as f32;
        let max = |class: usize| scored.iter().map(|(m, _)| m.probs[class]).fold(0.0f32, f32::max);
        let mut sentences: Vec<usize> = scored.iter().map(|(m, _)| m.sentence).collect();
        sentences.sort_unstable();
        sentences.dedup();
        let text_words = self.article.text_words();
        let actor_words = sentences.iter().map(|&s| self.article.sentence_words(s)).fold(Rated::default(), Rated::add);
        Some(vec![
            mean[0],
            mean[1],
            mean[2],
            author[0],
            author[2],
            scored.iter().filter(|(m, _)| m.quoted).count() as f32 / n,
            max(0),
            max(2),
            lead[0],
            lead[2],
            (1.0 + n).ln(),
            sentences.len() as f32 / self.article.sentences.len().max(1) as f32,
            scored.iter().filter(|(_, k)| *k == MentionKind::Name).count() as f32 / n,
            f32::from(u8::from(self.salience.in_title)),
            self.salience.first_mention,
            self.salience.mention_share,
            text_words.mean(),
            actor_words.mean(),
            actor_words.positive_share(),
            actor_words.negative_share(),
        ])
    }
}

/// An actor's tone (from `aggregator`) and the sentences that carry it, strongest first; `None`
/// when no mention has been scored.
pub fn aggregate(context: &ActorContext, aggregator: &Aggregator) -> Option<(ActorTone, Vec<Evidence>)> {
    let all = combine(context.scored_mentions())?;
    let features = context.features_of(&all)?;
    let tone = tone_of(aggregator.probabilities(&features), context.scored.len());
    let evidence = all
        .effects
        .into_iter()
        .take(EVIDENCE)
        .filter(|&(s, _)| s < context.article.sentences.len())
        .map(|(sentence, effect)| Evidence { sentence, effect: round4(effect) })
        .collect();
    Some((tone, evidence))
}

/// The article tone stage: each actor's tone and evidence, from its mentions' tone (none when
/// the tone model did not run), by `aggregator`.
pub fn article_tone(doc: &mut Document, aggregator: &Aggregator) {
    let mut actors = std::mem::take(&mut doc.actors);
    {
        let article = ArticleContext::of_document(doc);
        for actor in &mut actors {
            (actor.tone, actor.evidence) = match aggregate(&ActorContext::of_actor(actor, &article), aggregator) {
                Some((tone, evidence)) => (Some(tone), evidence),
                None => (None, Vec::new()),
            };
        }
    }
    doc.actors = actors;
}

/// Why a tone model directory's `aggregate.json` cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum AggregatorError {
    #[error("{}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: not an aggregator: {source}", path.display())]
    Parse {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error("{}: {source}", path.display())]
    Mismatch {
        path: PathBuf,
        #[source]
        source: AggregatorMismatch,
    },
}

/// How an aggregator does not fit [`FEATURES`] ([`Aggregator::check`]).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AggregatorMismatch {
    #[error("features {found:?} are not {expected:?}")]
    Features { found: Vec<String>, expected: Vec<String> },
    #[error("every weight vector must have {0} entries")]
    Lengths(usize),
}

/// Multinomial logistic regression over standardized [`FEATURES`].
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Aggregator {
    pub features: Vec<String>,
    pub mean: Vec<f32>,
    pub scale: Vec<f32>,
    /// One row of weights per class (negative, neutral, positive).
    pub weights: [Vec<f32>; 3],
    pub bias: [f32; 3],
}

impl Aggregator {
    /// The aggregator shipped in `models/tone/aggregate.json`, compiled in.
    pub fn shipped() -> &'static Aggregator {
        static SHIPPED: OnceLock<Aggregator> = OnceLock::new();
        SHIPPED.get_or_init(|| {
            let aggregator: Aggregator = serde_json::from_str(include_str!("../../models/tone/aggregate.json"))
                .expect("models/tone/aggregate.json is a valid aggregator (checked by a test)");
            aggregator
        })
    }

    /// The aggregator in a tone model directory: its `aggregate.json`, read and checked, or
    /// `None` when it has none (the caller then uses [`Aggregator::shipped`]).
    pub(crate) fn in_model_dir(dir: &Path) -> Result<Option<Aggregator>, AggregatorError> {
        let path = dir.join("aggregate.json");
        if !path.exists() {
            return Ok(None);
        }
        Self::load(&path).map(Some)
    }

    /// Reads and checks an aggregator file.
    pub fn load(path: &Path) -> Result<Aggregator, AggregatorError> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| AggregatorError::Read { path: path.to_path_buf(), source })?;
        let aggregator: Aggregator = serde_json::from_str(&text)
            .map_err(|source| AggregatorError::Parse { path: path.to_path_buf(), source })?;
        aggregator.check().map_err(|source| AggregatorError::Mismatch { path: path.to_path_buf(), source })?;
        Ok(aggregator)
    }

    /// Whether the aggregator reads exactly [`FEATURES`].
    pub fn check(&self) -> Result<(), AggregatorMismatch> {
        let n = FEATURES.len();
        if self.features != FEATURES {
            return Err(AggregatorMismatch::Features {
                found: self.features.clone(),
                expected: FEATURES.iter().map(|f| f.to_string()).collect(),
            });
        }
        if self.mean.len() != n || self.scale.len() != n || self.weights.iter().any(|w| w.len() != n) {
            return Err(AggregatorMismatch::Lengths(n));
        }
        Ok(())
    }

    /// Probabilities (negative, neutral, positive) for one actor's features.
    pub fn probabilities(&self, features: &[f32]) -> [f32; 3] {
        let z: Vec<f32> = features.iter().zip(&self.mean).zip(&self.scale).map(|((x, m), s)| (x - m) / s).collect();
        let logits: [f32; 3] =
            std::array::from_fn(|c| self.bias[c] + self.weights[c].iter().zip(&z).map(|(w, x)| w * x).sum::<f32>());
        let top = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let exp = logits.map(|l| (l - top).exp());
        let total: f32 = exp.iter().sum();
        exp.map(|e| e / total)
    }
}

/// Words rated by prior polarity (the tone model's lexicon table: VADER and AFINN merged).
struct PriorPolarity {
    scores: HashMap<String, f32>,
}

/// Rated words of a text: how many words, their total score, how many positive and negative.
#[derive(Debug, Clone, Copy, Default)]
struct Rated {
    words: usize,
    total: f32,
    positive: usize,
    negative: usize,
}

impl Rated {
    fn add(self, other: Rated) -> Rated {
        Rated {
            words: self.words + other.words,
            total: self.total + other.total,
            positive: self.positive + other.positive,
            negative: self.negative + other.negative,
        }
    }

    fn share(&self, count: usize) -> f32 {
        count as f32 / self.words.max(1) as f32
    }

    fn mean(&self) -> f32 {
        self.total / self.words.max(1) as f32
    }

    fn positive_share(&self) -> f32 {
        self.share(self.positive)
    }

    fn negative_share(&self) -> f32 {
        self.share(self.negative)
    }
}

impl PriorPolarity {
    fn rate(&self, text: &str) -> Rated {
        let mut rated = Rated::default();
        for word in words_keeping(text, '\'') {
            rated.words += 1;
            if let Some(&score) = self.scores.get(&word.to_lowercase()) {
                rated.total += score;
                if score > 0.0 {
                    rated.positive += 1;
                } else {
                    rated.negative += 1;
                }
            }
        }
        rated
    }
}

/// The lexicon table (`word<TAB>class`, classes 1-4 from strongly negative to strongly
/// positive), compiled in from the shipped tone model.
fn prior_polarity() -> &'static PriorPolarity {
    static TABLE: OnceLock<PriorPolarity> = OnceLock::new();
    TABLE.get_or_init(|| {
        let scores = include_str!("../../models/tone/lexicon.tsv")
            .lines()
            .filter_map(|line| {
                let (word, class) = line.split_once('\t')?;
                let score = match class.trim() {
                    "1" => -1.0,
                    "2" => -0.5,
                    "3" => 0.5,
                    "4" => 1.0,
                    _ => return None,
                };
                Some((word.to_string(), score))
            })
            .collect();
        PriorPolarity { scores }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Polarity;
    use crate::records::{MentionTone, TaggedMention};

    fn mention(sentence: usize, quoted: bool, probs: [f32; 3]) -> ScoredMention {
        ScoredMention { sentence, quoted, probs }
    }

    #[test]
    fn quoted_mentions_count_half_and_evidence_is_strongest_first() {
        // Author's voice negative (weight 1), a quoted positive (weight 0.5).
        let Combined { mean, effects } =
            combine([mention(0, false, [0.8, 0.1, 0.1]), mention(2, true, [0.0, 0.2, 0.8])]).unwrap();
        // (1*[.8,.1,.1] + .5*[0,.2,.8]) / 1.5 = [.5333, .1333, .3333]
        assert!((mean[0] - 0.5333).abs() < 1e-4 && (mean[2] - 0.3333).abs() < 1e-4, "{mean:?}");
        assert_eq!(effects.iter().map(|e| e.0).collect::<Vec<_>>(), [0, 2], "|-0.7| before |0.4|");
        let tone = tone_of(mean, 2);
        assert_eq!(tone.label, Polarity::Negative);
        assert!((tone.score - (0.3333 - 0.5333)).abs() < 2e-4, "{tone:?}");
        assert!((tone.confidence - 0.5333).abs() < 1e-4, "{tone:?}");
    }

    #[test]
    fn mentions_of_one_sentence_add_up_and_no_mention_gives_none() {
        let effects = combine([
            mention(1, false, [0.0, 0.5, 0.5]),
            mention(1, false, [0.0, 0.5, 0.5]),
            mention(3, false, [0.0, 0.2, 0.8]),
        ])
        .unwrap()
        .effects;
        assert_eq!(effects.len(), 2);
        assert_eq!(effects[0], (1, 1.0), "two mentions of sentence 1 add to 1.0 and beat sentence 3's 0.8");
        assert!(combine([]).is_none());
    }

    /// An actor named in the first sentence and referred to by a pronoun in the second, every
    /// mention scored `probs`.
    fn record(text: &str, probs: [f32; 3]) -> (TaggedActor, Vec<&str>) {
        let split = text.find(". ").unwrap() + 2;
        let sentences = vec![&text[..split - 1], &text[split..]];
        let tone = Some(MentionTone { negative: probs[0], neutral: probs[1], positive: probs[2] });
        let he = text.find(" He ").map_or(split, |at| at + 1);
        let mentions = vec![
            TaggedMention {
                start: 0,
                end: 5,
                text: "Smith".into(),
                sentence: 0,
                quoted: false,
                tone,
                kind: MentionKind::Name,
            },
            TaggedMention {
                start: he,
                end: he + 2,
                text: "He".into(),
                sentence: 1,
                quoted: false,
                tone,
                kind: MentionKind::Pronoun,
            },
        ];
        let actor = TaggedActor {
            id: "per:smith".into(),
            name: "Smith".into(),
            kind: crate::document::EntityKind::Person,
            aliases: vec!["Smith".into()],
            role: None,
            external_id: None,
            group: None,
            collective: false,
            mentions,
            salience: Salience::default(),
            tone: None,
            evidence: Vec::new(),
        };
        (actor, sentences)
    }

    #[test]
    fn features_read_mentions_kinds_and_the_words_around_them() {
        let text = "Smith praised the excellent plan. He was happy.";
        let (mut actor, sentences) = record(text, [0.1, 0.2, 0.7]);
        actor.salience = Salience { mention_share: 1.0, in_title: true, first_mention: 0.0 };
        let article = ArticleContext::new(text, sentences);
        let context = ActorContext::of_record(&actor, &article);
        let features = context.features().unwrap();
        assert_eq!(features.len(), FEATURES.len());
        let get = |name: &str| features[FEATURES.iter().position(|f| *f == name).unwrap()];
        assert!((get("mean_positive") - 0.7).abs() < 1e-6);
        assert!((get("name_share") - 0.5).abs() < 1e-6, "one name, one pronoun");
        assert!((get("sentence_share") - 1.0).abs() < 1e-6);
        assert_eq!(get("in_title"), 1.0);
        assert!(get("actor_lexicon") > 0.0 && get("actor_lexicon_positive") > 0.0, "praised, excellent, happy");
        assert_eq!(get("actor_lexicon_negative"), 0.0);
        // No scored mention, no features.
        let mut unscored = actor.clone();
        unscored.mentions.iter_mut().for_each(|m| m.tone = None);
        let context = ActorContext::of_record(&unscored, &article);
        assert!(context.features().is_none());
    }

    #[test]
    fn the_shipped_aggregator_reads_these_features_and_follows_the_mentions() {
        let aggregator = Aggregator::shipped();
        aggregator.check().unwrap();
        let text = "Smith met the committee on Monday. He spoke about the budget.";
        let tone_for = |probs: [f32; 3]| {
            let (mut actor, sentences) = record(text, probs);
            actor.salience = Salience { mention_share: 1.0, in_title: false, first_mention: 0.0 };
            let article = ArticleContext::new(text, sentences);
            aggregate(&ActorContext::of_record(&actor, &article), aggregator).unwrap().0
        };
        let negative = tone_for([0.9, 0.05, 0.05]);
        let positive = tone_for([0.05, 0.05, 0.9]);
        assert!(negative.score < positive.score, "{negative:?} vs {positive:?}");
        assert_eq!(positive.label, Polarity::Positive, "{positive:?}");
        for tone in [negative, positive] {
            let total = tone.p_negative + tone.p_neutral + tone.p_positive;
            assert!((total - 1.0).abs() < 1e-3, "{tone:?}");
            assert_eq!(tone.mentions, 2);
        }
    }

    #[test]
    fn a_tone_model_directory_brings_its_own_aggregator_and_a_bad_one_names_its_file() {
        let dir = std::env::temp_dir().join(format!("slant-aggregator-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("aggregate.json");
        let _ = std::fs::remove_file(&path);
        assert!(Aggregator::in_model_dir(&dir).unwrap().is_none(), "no file: the shipped one is used");

        // A directory's own aggregator is used: here one that always says positive.
        let n = FEATURES.len();
        let own = serde_json::json!({
            "features": FEATURES, "mean": vec![0.0; n], "scale": vec![1.0; n],
            "weights": [vec![0.0; n], vec![0.0; n], vec![0.0; n]], "bias": [0.0, 0.0, 5.0],
        });
        std::fs::write(&path, own.to_string()).unwrap();
        let aggregator = Aggregator::in_model_dir(&dir).unwrap().unwrap();
        let text = "Smith met the committee on Monday. He spoke about the budget.";
        let (actor, sentences) = record(text, [0.9, 0.05, 0.05]);
        let article = ArticleContext::new(text, sentences);
        let context = ActorContext::of_record(&actor, &article);
        assert_eq!(aggregate(&context, &aggregator).unwrap().0.label, Polarity::Positive);
        assert_eq!(aggregate(&context, Aggregator::shipped()).unwrap().0.label, Polarity::Negative);

        // Malformed: not JSON, or not these features; the error names the file.
        std::fs::write(&path, "{ not json").unwrap();
        let err = Aggregator::in_model_dir(&dir).unwrap_err();
        assert!(matches!(err, AggregatorError::Parse { .. }), "{err:?}");
        assert!(err.to_string().contains(&path.display().to_string()), "{err}");
        let mut wrong = own.clone();
        wrong["features"][0] = "something_else".into();
        std::fs::write(&path, wrong.to_string()).unwrap();
        let err = Aggregator::in_model_dir(&dir).unwrap_err();
        assert!(
            matches!(err, AggregatorError::Mismatch { source: AggregatorMismatch::Features { .. }, .. }),
            "{err:?}"
        );
        assert!(err.to_string().starts_with(&path.display().to_string()), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
