//! Tests of nominal mentions that no lexicon rule covers: an age opening its sentence, a kinship
//! phrase after a birthplace, a body's noun written with a capital, and names that are no nominals.

use super::tests::{linked, links, unnamed};
use super::*;
use crate::actors::{group_document, test_document, Aliases};
use EntityKind::Person as P;

#[test]
fn an_age_opening_its_sentence_is_the_person_who_opened_the_last_one() {
    let doc = linked(
        "Tendai Biti, 58, was arrested. Nelson Chamisa described the arrest as a desperate act. The \
         45-year-old lawyer said his party would march.",
        &[("Tendai Biti", P), ("Nelson Chamisa", P)],
    );
    let nominals: Vec<(String, String)> =
        links(&doc).into_iter().filter(|l| l.2 == MentionKind::Nominal).map(|(a, s, _)| (a, s)).collect();
    assert!(nominals.contains(&("Nelson Chamisa".to_string(), "45-year-old".to_string())), "{nominals:?}");
    // Biti's stated age is another: an age after his sentence is not his.
    let doc =
        linked("Tendai Biti, 58, was arrested on Monday. The 45-year-old lawyer said nothing.", &[("Tendai Biti", P)]);
    assert!(!links(&doc).iter().any(|l| l.1 == "45-year-old"), "{:?}", links(&doc));
}

#[test]
fn a_name_written_again_where_ner_missed_it_is_no_nominal_too() {
    // NER found the first "Parliament" only; grouping adds the second as a name mention.
    let doc = linked(
        "Lawyers spoke to the Parliament. Then the Parliament voted.",
        &[("Parliament", EntityKind::Organization)],
    );
    let second = doc.text.rfind("Parliament").unwrap();
    let at_second: Vec<MentionKind> =
        doc.actors.iter().flat_map(|a| &a.mentions).filter(|m| m.span.start == second).map(|m| m.kind).collect();
    assert_eq!(at_second, [MentionKind::Name]);
}

#[test]
fn the_school_the_league_and_the_agency_go_to_the_body_that_names_them() {
    let doc = linked(
        "Corey attended Naperville North High School. The National Football League fined him. The school \
         and the league declined to comment. The Department of Transportation said the agency would pay.",
        &[
            ("Corey", P),
            ("Naperville North High School", EntityKind::Location),
            ("National Football League", EntityKind::Organization),
            ("Department of Transportation", EntityKind::Organization),
        ],
    );
    let nominals: Vec<(String, String)> =
        links(&doc).into_iter().filter(|l| l.2 == MentionKind::Nominal).map(|(a, s, _)| (a, s)).collect();
    assert_eq!(
        nominals,
        [
            ("Naperville North High School".to_string(), "school".to_string()),
            ("National Football League".to_string(), "league".to_string()),
            ("Department of Transportation".to_string(), "agency".to_string()),
        ]
    );
}

#[test]
fn a_role_of_several_words_written_out_goes_to_the_person_titled_so() {
    let doc = linked(
        "Canadian Prime Minister Justin Trudeau moved Chrystia Freeland, his deputy prime minister. A friend \
         of the prime minister replaced her. Georgia Secretary of State Brad Raffensperger testified. The \
         secretary of state is a witness. Fulton County District Attorney Fani Willis leads the inquiry. The \
         district attorney has subpoenaed allies. Then-President Donald Trump called it a hunt. His \
         spokeswoman said the former president did nothing wrong. Cindy McCain, the agency's executive \
         director, spoke too.",
        &[
            ("Justin Trudeau", P),
            ("Chrystia Freeland", P),
            ("Brad Raffensperger", P),
            ("Fani Willis", P),
            ("Donald Trump", P),
            ("Cindy McCain", P),
        ],
    );
    let nominals: Vec<(String, String)> =
        links(&doc).into_iter().filter(|l| l.2 == MentionKind::Nominal).map(|(a, s, _)| (a, s)).collect();
    let pair = |a: &str, s: &str| (a.to_string(), s.to_string());
    assert_eq!(
        nominals,
        [
            pair("Chrystia Freeland", "minister"),
            pair("Justin Trudeau", "minister"),
            pair("Brad Raffensperger", "secretary"),
            pair("Fani Willis", "attorney"),
            pair("Donald Trump", "president"),
            pair("Cindy McCain", "director"),
        ]
    );
    // The nouns before a phrase's head ("deputy", "district", "executive") are no mentions.
    let spans: Vec<&str> = doc.actors.iter().flat_map(|a| &a.mentions).map(|m| m.span.slice(&doc.text)).collect();
    assert!(!spans.iter().any(|s| ["deputy", "district", "executive"].contains(s)), "{spans:?}");
    // A role with a word the person's title lacks is somebody else.
    let doc =
        linked("Prime Minister Justin Trudeau spoke. The deputy prime minister disagreed.", &[("Justin Trudeau", P)]);
    assert!(links(&doc).iter().all(|l| l.2 != MentionKind::Nominal), "{:?}", links(&doc));
}

#[test]
fn the_attorney_general_is_one_mention_of_the_attorney_general() {
    let doc = linked(
        "Attorney General Merrick Garland spoke on Monday. The attorney general said the case was closed.",
        &[("Merrick Garland", P)],
    );
    let nominals: Vec<(String, String)> =
        links(&doc).into_iter().filter(|l| l.2 == MentionKind::Nominal).map(|(a, s, _)| (a, s)).collect();
    assert_eq!(nominals, [("Merrick Garland".to_string(), "attorney".to_string())]);
    assert!(super::tests::unnamed(&doc).is_empty(), "{:?}", super::tests::unnamed(&doc));
}

#[test]
fn a_generic_word_for_a_body_is_the_organization_named_last_unless_it_describes_anew() {
    use EntityKind::{Organization as O, Person as P};
    // The federation is the body the article names most, not the law firm named last.
    let doc = linked(
        "Larry Nassar worked for USA Gymnastics. USA Gymnastics lost sponsors, said Gary Fechter of McCarter & \
         English. Nassar served the federation through four Olympic Games. The group already faces \
         lawsuits, and the group chat was leaked.",
        &[
            ("Larry Nassar", P),
            ("USA Gymnastics", O),
            ("USA Gymnastics", O),
            ("Gary Fechter", P),
            ("McCarter & English", O),
            ("Nassar", P),
        ],
    );
    let nominal = |surface: &str| ("USA Gymnastics".to_string(), surface.to_string(), MentionKind::Nominal);
    let found: Vec<_> = links(&doc).into_iter().filter(|l| l.2 == MentionKind::Nominal).collect();
    // "the group chat" is a chat, not the federation.
    assert_eq!(found, [nominal("federation"), nominal("group")]);
    // "the group in power" describes a group anew.
    let doc = linked("Acme Corp lobbied hard. Then the group in power changed the law.", &[("Acme Corp", O)]);
    assert!(links(&doc).iter().all(|l| l.2 != MentionKind::Nominal), "{:?}", links(&doc));
}

#[test]
fn a_kinship_phrase_after_a_birthplace_describes_the_one_born() {
    use EntityKind::{Location as L, Person as P};
    let text = "Hartley was born in Leeds, the daughter of Tom Quinn.";
    let doc = linked(text, &[("Hartley", P), ("Leeds", L), ("Tom Quinn", P)]);
    assert_eq!(links(&doc), [("Hartley".to_string(), "daughter".to_string(), MentionKind::Nominal)]);
    // Without the birth the place's apposition is nobody's daughter.
    let doc =
        linked("Hartley moved to Leeds, the daughter of Tom Quinn.", &[("Hartley", P), ("Leeds", L), ("Tom Quinn", P)]);
    assert!(links(&doc).is_empty(), "{:?}", links(&doc));
}

#[test]
fn a_courts_noun_written_with_a_capital_is_the_court_named_before() {
    use EntityKind::{Location as L, Organization as O};
    // NER reads "Court" as a name; grouping leaves it to coreference, which finds the court.
    let text = "The Supreme Court of Hawaii heard the appeal. The Court ruled that the city had acted lawfully.";
    let mut doc = test_document("t", text, &[("Supreme Court of Hawaii", O), ("Court", O)]);
    doc.actors = group_document(&doc, &Aliases::default());
    resolve(&mut doc);
    assert_eq!(links(&doc), [("Supreme Court of Hawaii".to_string(), "Court".to_string(), MentionKind::Nominal)]);
    let doc = linked("A court in Kenya jailed the activist. The Court said the law was clear.", &[("Kenya", L)]);
    assert!(unnamed(&doc).contains(&vec!["court".to_string(), "Court".to_string()]), "{:?}", unnamed(&doc));
}

#[test]
fn a_role_noun_without_an_article_after_a_name_and_its_comma_is_that_person() {
    use EntityKind::Organization as O;
    let doc = linked(
        "Fiona Patten, leader of the Australian Sex Party, said she would stand. \
         Senator Flavio Bolsonaro, eldest son of the president, agreed.",
        &[("Fiona Patten", P), ("Australian Sex Party", O), ("Flavio Bolsonaro", P)],
    );
    let found = links(&doc);
    assert!(found.contains(&("Fiona Patten".to_string(), "leader".to_string(), MentionKind::Nominal)), "{found:?}");
    assert!(found.contains(&("Flavio Bolsonaro".to_string(), "son".to_string(), MentionKind::Nominal)), "{found:?}");
    // A list of people and a predicate after the comma are no apposition.
    let doc = linked(
        "Jane Doe, lawyers and judges met. Pierre Trudeau, was prime minister then.",
        &[("Jane Doe", P), ("Pierre Trudeau", P)],
    );
    let found = links(&doc);
    assert!(!found.iter().any(|(_, _, kind)| *kind == MentionKind::Nominal), "{found:?}");
}

#[test]
fn an_office_after_of_is_part_of_the_noun_an_apposition_names() {
    let doc = linked("The president denied it; his chief of staff, Eliseu Padilha, agreed.", &[("Eliseu Padilha", P)]);
    let found = links(&doc);
    assert!(found.contains(&("Eliseu Padilha".to_string(), "chief".to_string(), MentionKind::Nominal)), "{found:?}");
    // With an article too.
    let doc = linked("The chief of police, Tom Reed, agreed.", &[("Tom Reed", P)]);
    let found = links(&doc);
    assert!(found.contains(&("Tom Reed".to_string(), "chief".to_string(), MentionKind::Nominal)), "{found:?}");
}

#[test]
fn her_father_is_the_father_a_biography_named() {
    let doc = linked(
        "Mary Okonkwo was born in Enugu, the daughter of Samuel Okonkwo, a teacher, and his wife Grace Eze. \
         Her father taught her chemistry. Her mother sang.",
        &[("Mary Okonkwo", P), ("Enugu", EntityKind::Location), ("Samuel Okonkwo", P), ("Grace Eze", P)],
    );
    let found = links(&doc);
    assert!(found.contains(&("Samuel Okonkwo".to_string(), "father".to_string(), MentionKind::Nominal)), "{found:?}");
    assert!(found.contains(&("Grace Eze".to_string(), "mother".to_string(), MentionKind::Nominal)), "{found:?}");
    // Two people's parents: whose father is meant is not certain.
    let doc = linked(
        "Tom Reed is the son of Sam Reed. Ann Cole is the daughter of Bob Cole. Her father sang.",
        &[("Tom Reed", P), ("Sam Reed", P), ("Ann Cole", P), ("Bob Cole", P)],
    );
    let found = links(&doc);
    assert!(!found.iter().any(|(_, m, _)| m == "father"), "{found:?}");
}
