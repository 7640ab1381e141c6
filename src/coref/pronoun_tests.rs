//! Tests of the he/she constraints that no trained weight carries: a gender learned from an
//! actor's first pronoun, binding principle C, and the one person of a gender in the sentence.

use super::tests::{linked, links, pronoun};
use super::*;
use EntityKind::Person as P;

#[test]
fn a_person_no_name_gives_a_gender_keeps_the_gender_of_their_first_pronoun() {
    // "Qirsa" is in no name table: her first "her" makes her a woman, so "He" is somebody else.
    let doc = linked("Qirsa Valdemaine told a colleague her salary. He was stunned.", &[("Qirsa Valdemaine", P)]);
    assert_eq!(links(&doc), [pronoun("Qirsa Valdemaine", "her")]);
}

#[test]
fn a_subject_opening_its_sentence_is_nobody_the_sentence_names_after_it() {
    // "He said Manafort's ...": he cannot be Manafort (binding principle C); the other man is left.
    let doc = linked(
        "Paul Manafort met Kevin Downing in court. He said Manafort's reputation is under attack.",
        &[("Paul Manafort", P), ("Kevin Downing", P), ("Manafort", P)],
    );
    assert!(!links(&doc).contains(&pronoun("Paul Manafort", "He")), "{:?}", links(&doc));
    // Named later in a subordinate clause's sentence, the name may still be the pronoun's.
    let doc = linked(
        "Paul Manafort met Kevin Downing in court. When he left, Manafort smiled.",
        &[("Paul Manafort", P), ("Kevin Downing", P), ("Manafort", P)],
    );
    assert!(!links(&doc).contains(&pronoun("Kevin Downing", "he")), "{:?}", links(&doc));
}

#[test]
fn the_one_person_of_the_pronouns_gender_named_before_it_in_its_sentence_takes_it() {
    let doc = linked(
        "Jimmy Kimmel and Matt Damon joked about it. Mira Sorvino accused Harvey Weinstein of ruining her career \
         after she refused his advances.",
        &[("Jimmy Kimmel", P), ("Matt Damon", P), ("Mira Sorvino", P), ("Harvey Weinstein", P)],
    );
    assert_eq!(
        links(&doc),
        [pronoun("Mira Sorvino", "her"), pronoun("Mira Sorvino", "she"), pronoun("Harvey Weinstein", "his")]
    );
}

#[test]
fn the_person_just_before_and_his_is_whose() {
    // Two men in the sentence and a third before it: coordination says whose deputy.
    let doc = linked(
        "Robert Mueller charged them. Donald Trump's aides were in court: Paul Manafort and his deputy Rick Gates.",
        &[("Robert Mueller", P), ("Donald Trump", P), ("Paul Manafort", P), ("Rick Gates", P)],
    );
    assert!(links(&doc).contains(&pronoun("Paul Manafort", "his")), "{:?}", links(&doc));
}

#[test]
fn an_organization_named_in_the_pronouns_own_sentence_outranks_the_one_before() {
    use EntityKind::Organization as O;
    let doc = linked(
        "Tina Bhatnagar left Twitter in June. Customer service has long been a problem for Coinbase and its users.",
        &[("Tina Bhatnagar", P), ("Twitter", O), ("Coinbase", O)],
    );
    assert_eq!(links(&doc), [pronoun("Coinbase", "its")]);
}

#[test]
fn a_quotation_going_on_after_name_said_is_that_speakers() {
    // `"…" Grealis said. "…"`: the second quotation is Grealis's too, so its "her" is not Grealis.
    let text = "Joan Grealis got a kidney from Anna Cuthbertson.\n\"We are linked for life \" Grealis said. \"I \
                may not have gotten her kidney but I am grateful.\"";
    let doc = linked(text, &[("Joan Grealis", P), ("Anna Cuthbertson", P), ("Grealis", P)]);
    let grealis = doc.actors.iter().find(|a| a.name == "Joan Grealis").unwrap();
    let at = |surface: &str| grealis.mentions.iter().any(|m| m.span.start == text.find(surface).unwrap());
    assert!(!at("her kidney"), "{:?}", links(&doc));
}

#[test]
fn a_pronoun_after_name_auxiliary_and_reporting_verb_is_that_persons() {
    // "Graham has said he": an auxiliary or adverb between the name and "said" keeps the rule.
    for text in ["Graham has said he will fight.", "Graham has also said he will fight.", "Graham said he will fight."]
    {
        let prepared = Text::new(text, &[Span::new(0, text.len())]);
        let he = prepared.pronouns().into_iter().find(|p| p.span.slice(text) == "he").unwrap();
        let name_end = "Graham".len();
        assert_eq!(attribution::reported_by(&prepared, &he, |end| end == name_end), Some(name_end), "{text}");
    }
}
