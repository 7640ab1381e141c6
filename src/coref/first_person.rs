//! First- and second-person pronouns ("I", "we", "you" and their other forms): inside a
//! quotation they belong to that quotation (its speaker, the speaker's group, whoever the speaker
//! addresses); in an interview, labelled ("Helen Okafor: I ...") or not (questions and answers
//! taking turns), to whoever speaks the turn and whoever it speaks to; elsewhere to the text's
//! narrator (the author of a letter or an essay), the narrator's group, or the reader.
//!
//! Measured on gum-dev gold (`docs/coref_rules.md`, pairs of pronouns of one person grouped so,
//! same gold entity): I/me/my 0.81 (within one quotation 0.99; a quoted "I" is the narrator only
//! 0.31, so the two never meet; 0.94-1.00 in single-author genres, 0.54-0.72 in multi-speaker
//! transcripts), we/us/our 0.83, you/your 0.68. A quotation's "I" goes to a named actor, the
//! one person named beside it, and a speaker's "we" to the one organization the text names them
//! for ([`affiliation`]); otherwise "we" is a group and "you" the one addressed, never the
//! speaker, so the rest form unnamed actors.

use super::verbs::attributes_quote;
use super::{Links, Target, Text, Token};
use crate::actors::is_interjection;
use crate::document::{Actor, EntityKind, MentionKind, Span};
use std::collections::HashMap;

/// Which grammatical person a pronoun is, with its forms.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Person {
    FirstSingular,
    FirstPlural,
    Second,
}

impl Person {
    fn of(lower: &str) -> Option<Person> {
        match lower {
            "i" | "me" | "my" | "mine" | "myself" => Some(Person::FirstSingular),
            "we" | "us" | "our" | "ours" | "ourselves" => Some(Person::FirstPlural),
            "you" | "your" | "yours" | "yourself" | "yourselves" => Some(Person::Second),
            _ => None,
        }
    }
}

/// Who speaks each quotation, where the text says: a named person (`“…,” Moeller said`) or a
/// pronoun, with where that pronoun was linked (`“…,” he said`).
#[derive(Clone, Copy)]
pub(super) struct Speakers<'a> {
    pub(super) named: &'a HashMap<Span, usize>,
    pub(super) by_pronoun: &'a HashMap<Span, Target>,
}

/// Links the first- and second-person pronouns of `text`: a quotation's "I" to the person a
/// speech verb beside it attributes it to (`speakers.named`, from [`attributed_speaker`]: "Curry
/// said: “I ...”"), else to the one person named outside it in the sentences it spans ("'I will
/// win,' Trump said") unless a pronoun speaks it (`“I ...,” he said`: to wherever that pronoun
/// went), else to an unnamed speaker of that quotation; a quotation's or a labelled
/// turn's "we" to the organization its speaker speaks for ([`affiliation`]); a quotation's "we"
/// and "you" otherwise to unnamed actors of that quotation;
/// an "I" outside quotations in a labelled turn ("Tom Bradley: I ...") to that turn's speaker
/// and a "you" there to the party it speaks to ([`addressee`]); in an interview written without
/// labels ([`Interview`]) "I" and "you" to the asker or the answerer by the paragraph's turn; a
/// "you" after a person's name and a comma ("Mia, you have been ...") to that person to the
/// paragraph's end; the rest to one unnamed narrator, narrator's group and addressee (a group
/// per interview party). Clusters of one are dropped. In a transcript ([`reads_as_transcript`]) "you" outside quotations is left unlinked: each turn
/// addresses someone else, so one addressee for the whole text is wrong more often than not
/// (gum-dev: 0.58-0.67 of such pairs are one person in conversations, podcasts, court hearings
/// and vlogs; leaving them out takes the precision of slant's pronouns from 0.824 to 0.842 and
/// end-to-end B-cubed over all kinds from 0.622 to 0.614, 5-fold CV).
pub(super) fn link(
    text: &Text,
    actors: &[Actor],
    name_mentions: &[Vec<Span>],
    turns: &[(Span, usize)],
    speakers: Speakers,
    free: &impl Fn(Span) -> bool,
    links: &mut Links,
) {
    // One cluster per (person, quotation or none, voice), made at its first pronoun: each party
    // of an interview has its own "we".
    let mut clusters: Vec<(Person, Option<Span>, Voice, Target)> = Vec::new();
    let pronouns: Vec<(&Token, Person)> = text
        .tokens
        .iter()
        .filter(|t| t.word && free(t.span))
        .filter_map(|t| Person::of(&t.lower).map(|p| (t, p)))
        // "US" is the country, not "us" (NER misses it sometimes).
        .filter(|&(t, p)| p == Person::FirstSingular || t.span.slice(text.text) != "US")
        .collect();
    let transcript = reads_as_transcript(text.text);
    let mut turns = turns.to_vec();
    turns.sort_unstable_by_key(|&(line, _)| line.start);
    let turn_index = |at: Span| {
        let k = turns.partition_point(|(line, _)| line.end < at.end);
        turns.get(k).filter(|(line, _)| line.contains(at)).map(|_| k)
    };
    let turn_of = |at: Span| turn_index(at).map(|k| turns[k].1);
    let addressed = addressed_by_name(text, actors, name_mentions);
    // An interview written without labels: who asks and who answers, by paragraph.
    let interview = if turns.is_empty() && !transcript { Interview::read(text, actors, name_mentions) } else { None };
    let mut parties: [Option<Target>; 2] = [None, None];
    for (token, person) in pronouns {
        let quote = text.quote_of(token.span);
        if transcript && person == Person::Second && quote.is_none() {
            continue;
        }
        let asks = interview.as_ref().filter(|_| quote.is_none()).and_then(|i| i.asks(token.span));
        if let (Some(asks), Some(interview)) = (asks, &interview) {
            // The asker's "I" and the answerer's "you" to the asker; the asker's "you" to the
            // answerer; an answer's "you can't" to nobody.
            // Whose the pronoun is: `Some(true)` the asker's, `Some(false)` the answerer's.
            let party = match person {
                Person::FirstSingular => Some(asks),
                Person::Second if !asks && sentence_is_generic(text, token) => None,
                Person::Second => Some(!asks),
                Person::FirstPlural => None,
            };
            if let Some(to_asker) = party {
                // "Linda, you worked at the plant for how long?": that question and its answer
                // are hers, whoever else the opening named.
                let named = (!to_asker).then(|| interview.answerer_at(token.span)).flatten();
                let target = named.map(Target::Actor).unwrap_or_else(|| {
                    *parties[usize::from(to_asker)].get_or_insert_with(|| {
                        let actor = if to_asker { interview.asker } else { interview.answerer };
                        actor.map_or_else(|| links.new_cluster(EntityKind::Person, 2), Target::Actor)
                    })
                });
                links.add(target, token.span, MentionKind::Pronoun);
                continue;
            }
            if person == Person::Second {
                continue;
            }
        }
        if let (Person::Second, Some(vocative)) = (person, named_after_you(text, actors, name_mentions, token)) {
            links.add(Target::Actor(vocative), token.span, MentionKind::Pronoun);
            continue;
        }
        if let (Person::Second, None) = (person, quote) {
            if let Some(&(_, person)) = addressed.iter().find(|(region, _)| region.contains(token.span)) {
                links.add(Target::Actor(person), token.span, MentionKind::Pronoun);
                continue;
            }
        }
        if let (Person::Second, None, Some(k)) = (person, quote, turn_index(token.span)) {
            // In a labelled turn, "you" is whoever the turn speaks to, or nobody in particular.
            if let Some(other) = addressee(text, &turns, k, token) {
                links.add(Target::Actor(other), token.span, MentionKind::Pronoun);
            }
            continue;
        }
        // "Tom Bradley: I have worked as a nurse": the speaker of a labelled turn.
        if let (Person::FirstSingular, None) = (person, quote) {
            if let Some(speaker) = turn_of(token.span).filter(|&s| actors[s].kind == EntityKind::Person) {
                links.add(Target::Actor(speaker), token.span, MentionKind::Pronoun);
                continue;
            }
        }
        let voice = match (turn_of(token.span), asks) {
            (Some(speaker), _) => Voice::Turn(speaker),
            (None, Some(asker)) => Voice::Party(asker),
            (None, None) => Voice::Narrator,
        };
        let target = match clusters.iter().find(|&&(p, q, v, _)| p == person && q == quote && v == voice) {
            Some(&(_, _, _, target)) => target,
            None => {
                // Who speaks quotation `q`: a person a speech verb names, else wherever the
                // pronoun that speaks it went (more certain than the one person named near:
                // `“I ...,” she said` after "Dolores O'Riordan" is not Dolores), else that person.
                let quote_speaker = |q: Span| match speakers.named.get(&q) {
                    Some(&actor) => Some(Target::Actor(actor)),
                    None => speakers
                        .by_pronoun
                        .get(&q)
                        .copied()
                        .or_else(|| speaker(text, actors, name_mentions, q).map(Target::Actor)),
                };
                let speaks_for = |s: usize| affiliation(text, actors, name_mentions, s);
                let speaker = match (person, quote, voice) {
                    (Person::FirstSingular, Some(quote), _) => quote_speaker(quote),
                    // A speaker's "we" is the organization the text names them for, if one
                    // ("Steelers defensive captain Cam Heyward": "we lost that game").
                    (Person::FirstPlural, Some(quote), _) => match quote_speaker(quote) {
                        Some(Target::Actor(s)) => speaks_for(s).map(Target::Actor),
                        _ => None,
                    },
                    (Person::FirstPlural, None, Voice::Turn(s)) => speaks_for(s).map(Target::Actor),
                    (Person::FirstPlural, None, Voice::Party(false)) => {
                        interview.as_ref().and_then(|i| i.answerer).and_then(speaks_for).map(Target::Actor)
                    }
                    _ => None,
                };
                let target = speaker.unwrap_or_else(|| links.new_cluster(EntityKind::Person, 2));
                clusters.push((person, quote, voice, target));
                target
            }
        };
        links.add(target, token.span, MentionKind::Pronoun);
    }
}

/// The one organization the text names a person for: in a title right before the name
/// ("Steelers defensive captain Cam Heyward", "Apple CEO Tim Cook"), or after "of" or before
/// "'s" in an apposition after it ("Priya Raman, co-founder and chief executive of Lumen Labs,",
/// "Jane Doe, Acme's spokeswoman,"). Not "a candidate for the Texas House" or "a student at
/// Northwestern", whose "we" is somebody else. Their "we" is that organization.
fn affiliation(text: &Text, actors: &[Actor], name_mentions: &[Vec<Span>], person: usize) -> Option<usize> {
    let organizations: Vec<(Span, usize)> = (0..actors.len())
        .filter(|&i| actors[i].kind == EntityKind::Organization && !actors[i].collective)
        .flat_map(|i| name_mentions[i].iter().map(move |&m| (m, i)))
        .collect();
    let mut found: Vec<usize> = Vec::new();
    for name in &name_mentions[person] {
        let first = text.token_at(name.start);
        let Some(sentence) = text.tokens.get(first).map(|t| t.sentence) else { continue };
        let in_clause = |t: &&Token| {
            t.sentence == sentence && !matches!(t.lower.as_str(), "," | ";" | ":" | "." | "(" | ")" | "\"" | "“" | "”")
        };
        // A verb or a preposition ends the title: "Wikinews interviewed Priya Raman", "while
        // students at Northwestern University Moeller said".
        let title_word = |t: &&Token| {
            let w = t.lower.as_str();
            !(w.ends_with("ed")
                || attributes_quote(w)
                || super::text::AUXILIARIES.contains(&w)
                || super::text::PREPOSITIONS.contains(&w))
        };
        let title =
            text.tokens[first.saturating_sub(4)..first].iter().rev().take_while(|t| in_clause(t) && title_word(t));
        let title = title.last().map(|t| Span::new(t.span.start, name.start));
        let after = text.token_at(name.end);
        let apposition = text.tokens.get(after).filter(|t| t.lower == "," && t.sentence == sentence).map(|comma| {
            let words = text.tokens[after + 1..].iter().take(12).take_while(in_clause).last();
            Span::new(comma.span.end, words.map_or(comma.span.end, |t| t.span.end))
        });
        for &(org, i) in &organizations {
            let of_or_possessive = || {
                let k = text.token_at(org.start);
                // "leader of Labour", "leader of the Australian Sex Party".
                let of = |b: usize| text.tokens[b].lower == "of";
                let of_the = |b: usize| text.tokens[b].lower == "the" && b.checked_sub(1).is_some_and(of);
                k.checked_sub(1).is_some_and(|b| of(b) || of_the(b)) || text.possessive_s(text.token_at(org.end) + 1)
            };
            // A title word between: "Steelers captain Cam Heyward", not "Northwestern University
            // Moeller" (a comma lost), nor a race the person runs in ("Senate candidate Fiona
            // Patten": her "we" is her party's, not the Senate's).
            let runs_for = || {
                text.tokens[text.token_at(org.end)..first].iter().any(|t| CANDIDACY_WORDS.contains(&t.lower.as_str()))
            };
            let in_title = title.is_some_and(|t| t.contains(org)) && text.token_at(org.end) < first && !runs_for();
            let apposed = apposition.is_some_and(|a| a.contains(org)) && of_or_possessive();
            if (in_title || apposed) && !found.contains(&i) {
                found.push(i);
            }
        }
    }
    match found[..] {
        [one] => Some(one),
        _ => None,
    }
}

/// Title words that say a person runs for an office an organization holds, not that they
/// speak for it: "Senate candidate", "mayoral hopeful".
const CANDIDACY_WORDS: &[&str] = &["candidate", "candidates", "hopeful", "nominee", "contender", "challenger"];

/// The stretches where a speech turns to one named person ("Mia, you have been a tireless
/// voice ..."): from a "you" right after a person's name and a comma at the start of a sentence
/// to the end of that paragraph, each with that person's actor.
fn addressed_by_name(text: &Text, actors: &[Actor], name_mentions: &[Vec<Span>]) -> Vec<(Span, usize)> {
    let mut regions = Vec::new();
    for (i, mentions) in name_mentions.iter().enumerate() {
        if actors[i].kind != EntityKind::Person || actors[i].collective {
            continue;
        }
        for m in mentions {
            let after = text.token_at(m.end);
            let (Some(comma), Some(you)) = (text.tokens.get(after), text.tokens.get(after + 1)) else { continue };
            if comma.lower == ","
                && matches!(you.lower.as_str(), "you" | "your")
                && text.opens_sentence(text.token_at(m.start))
                && !text.quoted(*m)
            {
                let end = text.text[you.span.start..].find('\n').map_or(text.text.len(), |n| you.span.start + n);
                regions.push((Span::new(you.span.start, end), i));
            }
        }
    }
    regions
}

/// The person a "you" names right after it: "Thank you, Mayor Collins, and ...", "I owe you,
/// Helen." (a comma, at most two title words, a person's name that a comma, a full stop or "and"
/// closes).
fn named_after_you(text: &Text, actors: &[Actor], name_mentions: &[Vec<Span>], token: &Token) -> Option<usize> {
    let k = text.token_at(token.span.start);
    let sentence = token.sentence;
    text.tokens.get(k + 1).filter(|c| c.lower == "," && c.sentence == sentence)?;
    (k + 2..k + 5)
        .map_while(|j| text.tokens.get(j).filter(|t| t.sentence == sentence && t.word && text.capitalized(t)))
        .find_map(|t| {
            let (i, name) = (0..actors.len())
                .filter(|&i| actors[i].kind == EntityKind::Person && !actors[i].collective)
                .find_map(|i| name_mentions[i].iter().find(|m| m.start == t.span.start).map(|m| (i, *m)))?;
            let rest = text.text[name.end..].trim_start();
            (rest.starts_with([',', '.', '!', ';']) || rest.starts_with("and ") || rest.is_empty()).then_some(i)
        })
}

/// Whom the "you" at `token`, in labelled turn `k` (of `turns`, in text order), speaks to: in a
/// question, or in a turn that asks one, the next other speaker ("Wikinews: Are you optimistic?"
/// to whoever answers); in an answer, the one who asked ("Thank you for having me"), but nobody in
/// a statement about anyone ("You can't just move your family", "If your system discriminates,
/// you're liable"), which is how the answering side mostly says "you".
fn addressee(text: &Text, turns: &[(Span, usize)], k: usize, token: &Token) -> Option<usize> {
    let (line, speaker) = turns[k];
    let sentence = text.sentence_tokens(token.sentence);
    let question = sentence
        .iter()
        .rev()
        .find(|t| !matches!(t.lower.as_str(), "\"" | "”" | "’" | "'" | ")"))
        .is_some_and(|t| t.lower == "?");
    let asks = question || line.slice(text.text).contains('?');
    if !asks && sentence_is_generic(text, token) {
        return None;
    }
    let next = turns[k + 1..].iter().map(|&(_, s)| s).find(|&s| s != speaker);
    let previous = turns[..k].iter().rev().map(|&(_, s)| s).find(|&s| s != speaker);
    if asks {
        next.or(previous)
    } else {
        previous.or(next)
    }
}

/// Whether the sentence of `token` says "you" of anyone ([`generic_you`]).
fn sentence_is_generic(text: &Text, token: &Token) -> bool {
    text.sentence_tokens(token.sentence).windows(3).any(generic_you)
}

/// Whose voice a first-person pronoun outside quotations is in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Voice {
    Narrator,
    /// A labelled turn's speaker.
    Turn(usize),
    /// An unlabelled interview's asker (`true`) or answerer.
    Party(bool),
}

/// Verbs an interview's opening uses for whom it speaks with: "Wikinews interviewed Priya Raman".
const INTERVIEW_VERBS: &[&str] = &[
    "interviewed",
    "spoke with",
    "spoke to",
    "talked with",
    "talked to",
    "caught up with",
    "sat down with",
    "speaks with",
    "talks with",
    "talks to",
    "met with",
];

/// An interview written as questions and answers without speakers' labels: three or more
/// paragraphs that end with a question, each followed by one that does not, and a third of the
/// paragraphs from the first question on asking. From the first question on, a question
/// paragraph is the asker's and the rest the answerer's; the opening before it is the
/// narrator's.
struct Interview {
    /// (paragraph, whether it asks), in text order.
    paragraphs: Vec<(Span, bool)>,
    /// For each paragraph, the person its question names ([`Self::answerer_at`]).
    addressed: Vec<Option<usize>>,
    /// The actors the opening names as the one who interviewed and the one interviewed.
    asker: Option<usize>,
    answerer: Option<usize>,
}

impl Interview {
    fn read(text: &Text, actors: &[Actor], name_mentions: &[Vec<Span>]) -> Option<Self> {
        let body = text.text;
        let mut paragraphs: Vec<(Span, bool)> = Vec::new();
        let mut start = 0;
        for line in body.split('\n') {
            let span = Span::new(start, start + line.len());
            start = span.end + 1;
            let trimmed = line.trim_end().trim_end_matches(['"', '”', '’', ')']);
            if !trimmed.trim().is_empty() {
                paragraphs.push((span, trimmed.ends_with('?')));
            }
        }
        // Turns alternate: the paragraph after a question answers it, even when it ends with one
        // of its own ("So I thought, why not run?").
        for k in 1..paragraphs.len() {
            paragraphs[k].1 &= !paragraphs[k - 1].1;
        }
        let first_question = paragraphs.iter().position(|&(_, asks)| asks)?;
        let answered = paragraphs.windows(2).filter(|w| w[0].1 && !w[1].1).count();
        // Questions and answers take turns: a third or more of the paragraphs from the first
        // question on ask. An article's rhetorical questions ("Why? Because ...") are fewer.
        let asking = paragraphs[first_question..].iter().filter(|&&(_, asks)| asks).count();
        if answered < 3 || first_question == 0 || asking * 3 < paragraphs.len() - first_question {
            return None;
        }
        // A short remark right after an answer is the asker's ("Thank you, Dr. Okafor.").
        for k in first_question + 1..paragraphs.len() {
            let (span, asks) = paragraphs[k];
            if !asks && !paragraphs[k - 1].1 && span.slice(body).split_whitespace().count() <= 8 {
                paragraphs[k].1 = true;
            }
        }
        let intro_end = paragraphs[first_question].0.start;
        let person = |i: usize| actors[i].kind == EntityKind::Person && !actors[i].collective;
        // ASCII lowercase keeps every byte offset where it was.
        let lower = body[..intro_end].to_ascii_lowercase();
        let named = |i: usize| name_mentions[i].iter().map(move |m| (i, *m));
        let all = || (0..actors.len()).flat_map(named);
        let (asker, answerer) = INTERVIEW_VERBS
            .iter()
            .find_map(|verb| Some((lower.find(&format!(" {verb} "))? + 1, verb.len())))
            .map_or((None, None), |(at, verb_len)| {
                let verb_end = at + verb_len;
                // "Rebecca Thornton has published ... Wikinews interviewed her": the opening's
                // first person.
                let after = &lower[verb_end..];
                let answerer = if after.starts_with(" her ") || after.starts_with(" him ") {
                    all().filter(|&(i, m)| person(i) && m.end <= at).min_by_key(|&(_, m)| m.start)
                } else {
                    all()
                        .filter(|&(i, m)| person(i) && m.start > verb_end && m.start <= verb_end + 40)
                        .min_by_key(|&(_, m)| m.start)
                };
                let asker = all().find(|&(_, m)| m.end <= at && body[m.end..at].trim().is_empty());
                (asker.map(|(i, _)| i), answerer.map(|(i, _)| i))
            });
        let paragraphs = paragraphs[first_question..].to_vec();
        // A question opening with a person's name and a comma ("Linda, you ...", "Mayor
        // Kowalski, what ...") is put to that person, who answers it and the questions after it.
        let mut addressed: Vec<Option<usize>> = Vec::with_capacity(paragraphs.len());
        // Person name mentions in text order, so that a paragraph's first ones are found by a
        // binary search.
        let mut person_names: Vec<(Span, usize)> = all().filter(|&(i, _)| person(i)).map(|(i, m)| (m, i)).collect();
        person_names.sort_unstable_by_key(|&(m, i)| (m.start, i));
        for (k, &(span, asks)) in paragraphs.iter().enumerate() {
            let vocative = || {
                let first = person_names.partition_point(|(m, _)| m.start < span.start);
                person_names[first..]
                    .iter()
                    .take_while(|(m, _)| span.contains(*m) && body[span.start..m.start].split_whitespace().count() <= 1)
                    .filter(|(m, _)| body[m.end..].starts_with(','))
                    .map(|&(_, i)| i)
                    .min()
            };
            let previous = k.checked_sub(1).and_then(|j| addressed[j]);
            // A question without a name goes on with the person the last one named, unless it
            // turns to someone by a title alone ("Mayor, has the state ...").
            let turns_to_title = || span.slice(body).split_whitespace().next().is_some_and(|w| w.ends_with(','));
            addressed.push(match (asks, vocative()) {
                (true, Some(person)) => Some(person),
                (true, None) if turns_to_title() => None,
                _ => previous,
            });
        }
        Some(Self { paragraphs, addressed, asker, answerer })
    }

    /// The person a question names as whom it is put to, for that question and its answer.
    fn answerer_at(&self, at: Span) -> Option<usize> {
        self.paragraph_of(at).and_then(|k| self.addressed[k])
    }

    /// Whether the paragraph holding `at` asks (`Some(true)`), answers, or is no turn.
    fn asks(&self, at: Span) -> Option<bool> {
        self.paragraph_of(at).map(|k| self.paragraphs[k].1)
    }

    /// The index of the paragraph holding `at` (paragraphs are in text order).
    fn paragraph_of(&self, at: Span) -> Option<usize> {
        let k = self.paragraphs.partition_point(|(p, _)| p.end < at.end);
        self.paragraphs.get(k).filter(|(p, _)| p.contains(at)).map(|_| k)
    }
}

/// Whether three tokens read as a "you" meaning anyone: "if you(r)", or "you" before a modal or
/// a contracted verb ("you can", "you cannot", "you're").
fn generic_you(w: &[Token]) -> bool {
    const MODALS: &[&str] =
        &["can", "cannot", "could", "couldn", "should", "must", "might", "may", "need", "have", "gotta"];
    let second = |t: &Token| matches!(t.lower.as_str(), "you" | "your");
    (w[0].lower == "if" && second(&w[1]))
        || (w[0].lower == "you"
            && (MODALS.contains(&w[1].lower.as_str())
                || (matches!(w[1].lower.as_str(), "'" | "’") && w[2].lower == "re")))
}

/// The paragraphs of an interview or transcript that open with an actor's name and a colon, a
/// person's or an organization's ("Tom Bradley: I have worked ...", "Wikinews: What causes
/// it?"; a place there heads a list), each with that actor: the one speaking there, whose "I"
/// it is and whom no third-person pronoun in the turn means.
pub(super) fn labelled_turns(body: &str, actors: &[Actor], name_mentions: &[Vec<Span>]) -> Vec<(Span, usize)> {
    let mut turns = Vec::new();
    for (i, mentions) in name_mentions.iter().enumerate() {
        // "Germany: You can obtain a visa ..." is a list's heading, not a speaker.
        if actors[i].collective || actors[i].kind == EntityKind::Location {
            continue;
        }
        for m in mentions {
            let line_start = body[..m.start].rfind('\n').map_or(0, |n| n + 1);
            let opens_line = body[line_start..m.start].trim().is_empty();
            if opens_line && body[m.end..].trim_start_matches([' ', '\t']).starts_with(':') {
                let line_end = body[m.end..].find('\n').map_or(body.len(), |n| m.end + n);
                turns.push((Span::new(line_start, line_end), i));
            }
        }
    }
    turns
}

/// Whether a body reads as a transcript of many speakers: 20 or more paragraphs, at least 40% of
/// them six words or fewer, at least three turns that are only interjections ("Mhm.", "Oh,
/// okay."), and fewer than 10 quotation marks (speech is not quoted, it is the text). A page of
/// short list items has the short paragraphs but not the turns.
fn reads_as_transcript(body: &str) -> bool {
    let paragraphs: Vec<&str> = body.split("\n\n").filter(|p| !p.trim().is_empty()).collect();
    let short = paragraphs.iter().filter(|p| p.split_whitespace().count() <= 6).count();
    let interjection_turns = paragraphs.iter().filter(|p| p.split_whitespace().all(is_interjection)).count();
    let quotation_marks = body.chars().filter(|c| matches!(c, '"' | '“' | '”')).count();
    paragraphs.len() >= 20 && short * 10 >= paragraphs.len() * 4 && interjection_turns >= 3 && quotation_marks < 10
}

/// The person a speech verb beside a quotation attributes it to: `“…,” Moeller said`, `“…,” said
/// Moeller`, `La Canfora responded: “…”`. `name_start` maps each name mention's start to its
/// actor and its end, `name_end` its end to its actor. The speaker says "I" in the quotation, so its
/// he/she is somebody else.
pub(super) fn attributed_speaker(
    text: &Text,
    quote: Span,
    name_start: &HashMap<usize, (usize, usize)>,
    name_end: &HashMap<usize, usize>,
    actors: &[Actor],
) -> Option<usize> {
    let token = |i: usize| text.tokens.get(i);
    let is_verb = |i: usize| token(i).is_some_and(|t| attributes_quote(&t.lower));
    let after = text.token_at(quote.end);
    // `“…,” said Moeller`
    let said_name = is_verb(after)
        .then(|| token(after + 1).and_then(|t| name_start.get(&t.span.start)).map(|&(actor, _)| actor))
        .flatten();
    // `“…,” Moeller said`
    let name_said = token(after)
        .and_then(|t| name_start.get(&t.span.start))
        .and_then(|&(actor, end)| is_verb(text.token_at(end)).then_some(actor));
    // `Moeller said: “…”`, `Moeller said, “…”`, `Moeller said “…”`, and the quotation that goes
    // on after `“…,” Moeller said. “…”`
    let before = text.token_at(quote.start).checked_sub(1);
    let verb =
        before
            .and_then(|b| if matches!(token(b)?.lower.as_str(), ":" | "," | ".") { b.checked_sub(1) } else { Some(b) });
    let name_before =
        verb.filter(|&v| is_verb(v)).and_then(|v| name_end.get(&token(v.checked_sub(1)?)?.span.end).copied());
    said_name.or(name_said).or(name_before).filter(|&a| actors[a].kind == EntityKind::Person && !actors[a].collective)
}

/// A quotation that opens right after the attribution of the one before goes on with its speaker:
/// `“It was very emotional,” said Brabham, 18. “I had grown up in Kingwood ...”`. The words
/// between the two quotations are few, end a sentence and name the speaker.
pub(super) fn continue_speakers(text: &Text, name_mentions: &[Vec<Span>], speakers: &mut HashMap<Span, usize>) {
    for pair in text.quotes.windows(2) {
        let (before, quote) = (pair[0], pair[1]);
        let Some(&speaker) = speakers.get(&before) else { continue };
        if speakers.contains_key(&quote) {
            continue;
        }
        let gap = Span::new(before.end, quote.start);
        let words = text.text[gap.start..gap.end].split_whitespace().count();
        let ends_sentence = text.text[gap.start..gap.end].trim_end().ends_with(['.', ':']);
        let names_speaker = name_mentions[speaker].iter().any(|m| gap.contains(*m));
        let names_other = name_mentions
            .iter()
            .enumerate()
            .any(|(i, mentions)| i != speaker && mentions.iter().any(|m| gap.contains(*m)));
        if words <= MAX_ATTRIBUTION_WORDS && ends_sentence && names_speaker && !names_other {
            speakers.insert(quote, speaker);
        }
    }
}

/// The most words an attribution between two quotations of one speaker may have (`said Brabham,
/// 18, a senior at Kingwood.`).
const MAX_ATTRIBUTION_WORDS: usize = 10;

/// The one person actor named outside `quote` in the sentences it spans, if there is exactly one.
fn speaker(text: &Text, actors: &[Actor], name_mentions: &[Vec<Span>], quote: Span) -> Option<usize> {
    let sentence_of = |at: usize| text.tokens.get(text.token_at(at)).map_or(0, |t| t.sentence);
    let (first, last) = (sentence_of(quote.start), sentence_of(quote.end.saturating_sub(1)));
    let mut named = (0..actors.len()).filter(|&i| {
        actors[i].kind == EntityKind::Person
            && !actors[i].collective
            && name_mentions[i].iter().any(|m| {
                let s = sentence_of(m.start);
                (first..=last).contains(&s) && (m.end <= quote.start || m.start >= quote.end)
            })
    });
    let one = named.next()?;
    named.next().is_none().then_some(one)
}
