//! Text prepared for coreference: tokens with their sentences and positions, quotation regions,
//! and the third-person pronouns with their referent type and case.

use crate::actors::{quote_regions, Gender};
use crate::document::Span;

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

/// Auxiliary and linking verbs: the noun after one is a predicate ("were victims"), and one
/// between a determiner and a noun ends the noun's phrase ("The city said government plans").
pub(super) const AUXILIARIES: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "do", "does", "did", "will",
    "would", "can", "could", "should", "may", "might", "must", "become", "became", "remain", "remained",
];

/// Words that put a name in object position when they precede it.
pub(super) const PREPOSITIONS: &[&str] = &[
    "by", "with", "to", "of", "for", "from", "at", "in", "on", "than", "as", "about", "against", "under", "between",
    "toward", "towards", "into", "over", "after", "before", "without", "like", "beside", "among",
];
/// Tokens that end a clause: a pronoun after one of these starts its own clause.
pub(super) const CLAUSE_BOUNDARIES: &[&str] = &[
    ",", ";", ":", "who", "whom", "which", "that", "when", "while", "after", "before", "because", "but", "although",
    "though", "since", "until", "where", "whereas", "and",
];

/// One token of a [`Text`]: a run of letters and digits, or one other non-space character.
#[derive(Debug, Clone)]
pub(super) struct Token {
    pub(super) span: Span,
    pub(super) lower: String,
    pub(super) word: bool,
    pub(super) sentence: usize,
    /// Index within its sentence.
    pub(super) position: usize,
}

/// Text prepared for feature extraction: tokens with their sentences, and quotation regions.
pub struct Text<'a> {
    pub(super) text: &'a str,
    pub(super) tokens: Vec<Token>,
    pub(super) quotes: Vec<Span>,
}

impl<'a> Text<'a> {
    /// Tokenizes `text`; `sentences` are byte spans covering it (from [`crate::segment`]).
    pub fn new(text: &'a str, sentences: &[Span]) -> Self {
        let mut tokens: Vec<Token> = Vec::new();
        let mut word_start: Option<usize> = None;
        // Tokens come in text order: a binary search finds the sentence and the previous token
        // gives the position, so a huge one-sentence document costs linear time.
        let push = |tokens: &mut Vec<Token>, start: usize, end: usize, word: bool| {
            let sentence = sentences.partition_point(|s| s.end <= start).min(sentences.len().saturating_sub(1));
            let position = match tokens.last() {
                Some(last) if last.sentence == sentence => last.position + 1,
                _ => 0,
            };
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
    pub(super) fn token_at(&self, byte: usize) -> usize {
        self.tokens.partition_point(|t| t.span.start < byte)
    }

    /// The tokens of sentence `sentence`, in order (tokens are in text order, so a binary search
    /// finds them).
    pub(super) fn sentence_tokens(&self, sentence: usize) -> &[Token] {
        let start = self.tokens.partition_point(|t| t.sentence < sentence);
        let end = self.tokens.partition_point(|t| t.sentence <= sentence);
        &self.tokens[start..end]
    }

    /// Whether `token` is written with a capital first letter.
    /// Whether the token before the one at `byte` is a preposition ("the embassy in Harare").
    pub(super) fn follows_preposition(&self, byte: usize) -> bool {
        let t = self.token_at(byte);
        t.checked_sub(1).is_some_and(|i| PREPOSITIONS.contains(&self.tokens[i].lower.as_str()))
    }

    pub(super) fn capitalized(&self, token: &Token) -> bool {
        self.text[token.span.start..].starts_with(char::is_uppercase)
    }

    /// Whether token `t` is the first word of its sentence (only punctuation, such as an opening
    /// quotation mark, before it).
    pub(super) fn opens_sentence(&self, t: usize) -> bool {
        let sentence = self.tokens[t].sentence;
        self.tokens[..t].iter().rev().take_while(|w| w.sentence == sentence).all(|w| !w.word)
    }

    /// Whether token `i` is the "s" of a possessive "'s" ("Manafort's"); false past the end.
    pub(super) fn possessive_s(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| t.lower == "s")
            && i > 0
            && matches!(self.tokens[i - 1].lower.as_str(), "'" | "’")
    }

    pub(super) fn quoted(&self, span: Span) -> bool {
        self.quote_of(span).is_some()
    }

    /// The quotation region that holds `span` (regions are in text order and do not overlap).
    pub(super) fn quote_of(&self, span: Span) -> Option<Span> {
        let i = self.quotes.partition_point(|q| q.start <= span.start);
        i.checked_sub(1).map(|i| self.quotes[i]).filter(|q| span.end <= q.end)
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

    pub(super) fn case_of_her(&self, i: usize) -> Case {
        // "appointed her Minister of Finance", "named her Secretary": an office after a verb that
        // confers one is her title, not something of hers ("made" too often makes her Broadway
        // debut).
        let confers = i.checked_sub(1).is_some_and(|b| {
            matches!(self.tokens[b].lower.as_str(), "appointed" | "named" | "elected" | "nominated" | "crowned")
        });
        if confers && self.tokens.get(i + 1).is_some_and(|n| n.word && self.capitalized(n)) {
            return Case::Object;
        }
        match self.tokens.get(i + 1) {
            Some(next) if next.word && !PREPOSITIONS.contains(&next.lower.as_str()) && !is_conjunction(&next.lower) => {
                Case::Possessive
            }
            _ => Case::Object,
        }
    }

    /// The pronoun at `span` (which must be a pronoun's token), with its case.
    pub(crate) fn pronoun_at(&self, span: Span) -> Option<Pronoun> {
        let i = self.token_at(span.start);
        let t = self.tokens.get(i)?;
        let (referent, mut case) = pronoun_form(&t.lower)?;
        if t.lower == "her" {
            case = self.case_of_her(i);
        }
        Some(Pronoun { span: t.span, referent, case })
    }
}

pub(super) fn is_conjunction(word: &str) -> bool {
    matches!(word, "and" | "or" | "but" | "nor" | "so" | "yet" | "that" | "who" | "which")
}
