//! Tests of what a place-like name means in its article: a country's national body named without
//! the country, and a bare name that several places of one country share.

use super::aliases::shipped_aliases;
use super::tests::{doc, link, names, sorted_names};
use super::*;

#[test]
fn a_countrys_institution_named_without_its_country_takes_the_articles_country() {
    use EntityKind::{Location as L, Organization as O};
    let aliases = shipped_aliases();
    let ids = |text: &str, entities: &[(&str, EntityKind)]| -> Vec<String> {
        let records = link(&[&doc("a", text, entities)], &aliases);
        let mut ids: Vec<String> =
            names(&records[0]).into_iter().map(|(id, _)| id).filter(|id| id.starts_with("org:")).collect();
        ids.sort();
        ids
    };
    // The places say Brazil: its Congress and Supreme Court, not the United States'.
    let brazil = ids(
        "BRASILIA - Congress approved the budget. The Supreme Court will review it, lawyers in Sao Paulo said.",
        &[("BRASILIA", L), ("Congress", O), ("Supreme Court", O), ("Sao Paulo", L)],
    );
    assert_eq!(brazil, ["org:congress-brazil", "org:supreme-court-brazil"]);
    // "Japan's parliament" says whose, even in an article that names France more.
    let japan = ids(
        "Paris and Lyon welcomed the deal in France. Japan's Parliament approved it.",
        &[("Paris", L), ("Lyon", L), ("France", L), ("Japan", L), ("Parliament", O)],
    );
    assert_eq!(japan, ["org:parliament-japan"]);
    // With no other country named, "Congress" and "the Senate" are the US bodies, whose names the
    // knowledge table has; a ministry with no country stays as written.
    let none = ids(
        "Congress passed the bill and the Senate agreed. The Foreign Ministry said nothing.",
        &[("Congress", O), ("Senate", O), ("Foreign Ministry", O)],
    );
    assert_eq!(none, ["org:foreign-ministry", "org:us-congress", "org:us-senate"]);
    // A US article about Ukraine: any US place keeps the US bodies; "to" is no country's code.
    let us = ids(
        "The House heard witnesses on Ukraine. Kyiv and Ukraine waited, and Ukraine's envoy spoke in \
         Washington and New York. Omar was elected to Congress.",
        &[
            ("House", O),
            ("Ukraine", L),
            ("Kyiv", L),
            ("Ukraine", L),
            ("Ukraine", L),
            ("Washington", L),
            ("New York", L),
            ("Congress", O),
        ],
    );
    assert_eq!(us, ["org:us-congress", "org:us-house-of-representatives"]);
    // NER's "Nigerian Senate" and a later "the Senate" are one body, and it says whose the
    // House is in an article that names no place.
    let nigeria = ids(
        "The Nigerian Senate met. The Senate adjourned, and the House of Representatives agreed.",
        &[("Nigerian Senate", O), ("Senate", O), ("House of Representatives", O)],
    );
    assert_eq!(nigeria, ["org:house-of-representatives-nigeria", "org:senate-nigeria"]);
}

#[test]
fn a_bare_name_places_of_one_country_share_is_its_capital() {
    use EntityKind::{Location as L, Person as P};
    let aliases = shipped_aliases();
    // "Washington" is the state or the capital; with no state's office in view, the capital.
    let a = doc(
        "a",
        "Officials in Washington said George Washington's house would reopen, and Washington, D.C. agreed.",
        &[("Washington", L), ("George Washington", P), ("Washington", L), ("D.C.", L)],
    );
    assert_eq!(
        sorted_names(&a, &aliases),
        [("loc:washington-d-c".to_string(), 2), ("per:george-washington".to_string(), 1)]
    );
    // Places of several countries share "Kingston": the name stays as written.
    let b = doc("b", "Kingston is cold.", &[("Kingston", L)]);
    assert_eq!(sorted_names(&b, &aliases), [("loc:kingston".to_string(), 1)]);
}

#[test]
fn a_city_named_like_its_state_after_another_place_and_a_comma_is_the_state() {
    use EntityKind::Location as L;
    let aliases = shipped_aliases();
    let a = doc(
        "a",
        "She moved from Spokane, Washington, to Clifton Park, New York. Officials in Washington and \
         shops in Brooklyn, New York, and Tbilisi, Georgia, said so.",
        &[
            ("Spokane", L),
            ("Washington", L),
            ("Clifton Park", L),
            ("New York", L),
            ("Washington", L),
            ("Brooklyn", L),
            ("New York", L),
            ("Tbilisi", L),
            ("Georgia", L),
        ],
    );
    let found = sorted_names(&a, &aliases);
    let count = |id: &str| found.iter().find(|(found_id, _)| found_id == id).map_or(0, |(_, n)| *n);
    // After a place and a comma, the state; elsewhere in the article, the capital still.
    assert_eq!(count("loc:washington-state"), 1);
    assert_eq!(count("loc:washington-d-c"), 1);
    // A town the table lacks counts as a place; a borough leaves New York the city.
    assert_eq!(count("loc:new-york-state"), 1);
    assert_eq!(count("loc:new-york-city"), 1);
    // A place outside the US leaves the country as it is.
    assert_eq!(count("loc:georgia"), 1);
}

#[test]
fn a_name_ending_in_a_bodys_head_word_is_an_organization() {
    use EntityKind::{Location as L, Person as P};
    let aliases = shipped_aliases();
    let a = doc(
        "a",
        "The Chillicothe Constitution-Tribune and the Walton Family Foundation praised the bakery in Chillicothe.",
        &[("Chillicothe Constitution-Tribune", L), ("Walton Family Foundation", P), ("Chillicothe", L)],
    );
    assert_eq!(
        sorted_names(&a, &aliases),
        [
            ("loc:chillicothe".to_string(), 1),
            ("org:chillicothe-constitution-tribune".to_string(), 1),
            ("org:walton-family-foundation".to_string(), 1)
        ]
    );
}

#[test]
fn a_countrys_name_read_as_a_person_is_the_country_unless_a_person_bears_it() {
    use EntityKind::{Location as L, Person as P};
    let aliases = shipped_aliases();
    // NER read the second "Russia" as a person: it is still the country.
    let found = sorted_names(
        &doc("r", "Russia sent troops. Putin said Russia would stay.", &[("Russia", L), ("Putin", P), ("Russia", P)]),
        &aliases,
    );
    assert_eq!(found, [("loc:russia".to_string(), 2), ("per:putin".to_string(), 1)]);
    // "India" alone after "India Arie" is the singer.
    let found = sorted_names(
        &doc("i", "India Arie sang. Later India thanked fans.", &[("India Arie", P), ("India", P)]),
        &aliases,
    );
    assert_eq!(found, [("per:india-arie".to_string(), 2)]);
}
