//! Other names an article states for an actor: a short form in parentheses right after an
//! organization's name ("the California Institute of Technology (Caltech)"), and a name given
//! with "known as" or "nicknamed" ("Mohamed Hamdan Dagalo, widely known as Hemedti"). NER finds
//! both names, and without this they are two actors.

use super::{merge_actor, Actor};
use crate::document::{EntityKind, MentionKind};
use std::collections::HashMap;

/// Words between a name and the other name it is known by, after an optional comma and adverb.
const KNOWN_AS: &[&str] = &["known as", "nicknamed", "dubbed"];
const KNOWN_AS_ADVERBS: &[&str] = &["also", "widely", "better", "commonly", "popularly", "affectionately"];

/// Merges each actor named with another name the text states for it into that actor.
pub(super) fn merge_stated_aliases(text: &str, actors: &mut [Actor], votes: &mut [[usize; 3]]) {
    // Each name mention's start, with its actor and its end.
    let mut starts: HashMap<usize, (usize, usize)> = HashMap::new();
    for (i, actor) in actors.iter().enumerate() {
        for m in actor.mentions.iter().filter(|m| m.kind == MentionKind::Name) {
            starts.insert(m.span.start, (i, m.span.end));
        }
    }
    let is_organization = |j: usize| actors[j].kind == EntityKind::Organization;
    let mut joins: Vec<(usize, usize)> = Vec::new();
    for (i, actor) in actors.iter().enumerate() {
        for m in actor.mentions.iter().filter(|m| m.kind == MentionKind::Name) {
            let rest = &text[m.span.end..];
            // " (Caltech)": an organization's name that fills the parentheses.
            let in_parentheses = starts
                .get(&(m.span.end + 2))
                .filter(|&&(j, end)| {
                    is_organization(i) && rest.starts_with(" (") && is_organization(j) && text[end..].starts_with(')')
                })
                .map(|&(j, _)| j);
            let known = || {
                let &(j, _) = starts.get(&(m.span.end + known_as(rest)?))?;
                ((actors[j].kind == EntityKind::Person) == (actor.kind == EntityKind::Person)).then_some(j)
            };
            if let Some(j) = in_parentheses.or_else(known).filter(|&j| j != i) {
                joins.push((i, j));
            }
        }
    }
    // Joins may chain ("Acme Holdings (Acme Group), known as Zeta"): each side is followed to the
    // actor it went into.
    let mut merged_into: Vec<usize> = (0..actors.len()).collect();
    let root = |merged_into: &[usize], mut i: usize| {
        while merged_into[i] != i {
            i = merged_into[i];
        }
        i
    };
    for (keep, gone) in joins {
        let (keep, gone) = (root(&merged_into, keep), root(&merged_into, gone));
        if keep != gone {
            merge_actor(actors, votes, keep, gone);
            merged_into[gone] = keep;
        }
    }
}

/// Where the other name starts in `rest` after ", widely known as " (a closing parenthesis before
/// the comma and a quotation mark before the name allowed).
fn known_as(rest: &str) -> Option<usize> {
    let rest_after_parenthesis = rest.strip_prefix(')').unwrap_or(rest);
    let after_comma = rest_after_parenthesis.strip_prefix(',').unwrap_or(rest_after_parenthesis);
    let mut words = after_comma.trim_start();
    if let Some((first, tail)) = words.split_once(' ') {
        if KNOWN_AS_ADVERBS.contains(&first) {
            words = tail;
        }
    }
    let phrase = KNOWN_AS.iter().find(|p| words.starts_with(*p) && words[p.len()..].starts_with(' '))?;
    let name = words[phrase.len()..].trim_start();
    let name = name.strip_prefix(['"', '“', '\'', '‘']).unwrap_or(name);
    Some(rest.len() - name.len())
}

#[cfg(test)]
mod tests {
    use super::super::{group_document, test_document, Aliases};
    use crate::document::EntityKind::{self, Organization as O, Person as P};

    fn grouped(text: &str, entities: &[(&str, EntityKind)]) -> Vec<(String, usize)> {
        let doc = test_document("t", text, entities);
        group_document(&doc, &Aliases::default()).into_iter().map(|a| (a.name, a.mentions.len())).collect()
    }

    #[test]
    fn a_name_and_the_name_the_text_gives_it_are_one_actor() {
        let actors = grouped(
            "He joined the California Institute of Technology (Caltech) in 1976. Caltech named a chair for him.",
            &[("California Institute of Technology", O), ("Caltech", O), ("Caltech", O)],
        );
        assert_eq!(actors, [("California Institute of Technology".to_string(), 3)]);
        let actors = grouped(
            "Forces led by Mohamed Hamdan Dagalo, widely known as Hemedti, advanced. Hemedti denied it. Lula's \
             wife, Rosangela da Silva, known as \"Janja\", came. Janja spoke.",
            &[
                ("Mohamed Hamdan Dagalo", P),
                ("Hemedti", P),
                ("Hemedti", P),
                ("Lula", P),
                ("Rosangela da Silva", P),
                ("Janja", P),
                ("Janja", P),
            ],
        );
        assert_eq!(
            actors,
            [("Mohamed Hamdan Dagalo".to_string(), 3), ("Lula".to_string(), 1), ("Rosangela da Silva".to_string(), 3)]
        );
        // Joins chain: the short form's other name joins the full name too.
        let actors = grouped(
            "Acme Holdings (Acme Group), known as Zeta, grew.",
            &[("Acme Holdings", O), ("Acme Group", O), ("Zeta", O)],
        );
        assert_eq!(actors, [("Acme Holdings".to_string(), 3)]);
        // A place in parentheses says where, and two people in a row stay two.
        let actors = grouped(
            "Acme Corp (Springfield) and Jane Doe (John Doe's sister) spoke.",
            &[("Acme Corp", O), ("Springfield", EntityKind::Location), ("Jane Doe", P), ("John Doe", P)],
        );
        assert_eq!(actors.len(), 4, "{actors:?}");
    }
}
