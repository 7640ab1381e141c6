//! The article's main person of each gender: who takes the he/she the pair scorer leans to but
//! is unsure of (see [`super::resolve`]).

use super::Gender;
use crate::document::{Document, EntityKind, Span};

/// The fewest name mentions that make a person the article's main person ([`main_person`]).
const MAIN_PERSON_MIN_NAMES: usize = 3;

/// The article's main person of a gender: a person of that gender named at least
/// [`MAIN_PERSON_MIN_NAMES`] times and at least twice as often as all other people who may be of
/// that gender together (those of unknown gender count as rivals).
pub(super) fn main_person(
    doc: &Document,
    genders: &[Option<Gender>],
    name_mentions: &[Vec<Span>],
    gender: Gender,
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
        .filter(|&&i| i != main && genders[i].is_none_or(|g| g == gender))
        .map(|&i| name_mentions[i].len())
        .sum();
    (named >= MAIN_PERSON_MIN_NAMES && named >= 2 * rivals).then_some(main)
}
