//! The article's main person of each gender: who takes the he/she the pair scorer leans to but
//! is unsure of (see [`super::resolve`]).

use super::Gender;
use crate::document::{Document, EntityKind, Span};

/// The fewest name mentions that make a person the article's main person ([`main_person`]).
const MAIN_PERSON_MIN_NAMES: usize = 3;

/// Who counts as a rival of the main person.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Rivals {
    /// Everyone who may be of the gender: the unknown too.
    MayAgree,
    /// Only people known to be of the gender: for a pronoun with nobody who may agree in view,
    /// where the unknown are as far as the main person.
    KnownToAgree,
}

/// The article's main person of a gender: a person of that gender named at least
/// [`MAIN_PERSON_MIN_NAMES`] times and at least twice as often as all `rivals` together.
pub(super) fn main_person(
    doc: &Document,
    genders: &[Option<Gender>],
    name_mentions: &[Vec<Span>],
    gender: Gender,
    rivals: Rivals,
) -> Option<usize> {
    let people: Vec<usize> = (0..doc.actors.len())
        .filter(|&i| doc.actors[i].kind == EntityKind::Person && !doc.actors[i].collective)
        .collect();
    let main = people
        .iter()
        .copied()
        .filter(|&i| genders[i] == Some(gender))
        .max_by_key(|&i| (name_mentions[i].len(), std::cmp::Reverse(i)))?;
    let named = name_mentions[main].len();
    let rivals: usize = people
        .iter()
        .filter(|&&i| {
            i != main
                && match rivals {
                    Rivals::MayAgree => genders[i].is_none_or(|g| g == gender),
                    Rivals::KnownToAgree => genders[i] == Some(gender),
                }
        })
        .map(|&i| name_mentions[i].len())
        .sum();
    (named >= MAIN_PERSON_MIN_NAMES && named >= 2 * rivals).then_some(main)
}
