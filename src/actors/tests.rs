//! Tests of grouping within an article and of linking across articles, one per error class.

use super::aliases::shipped_aliases;
use super::context::*;
use super::names::*;
use super::*;

#[test]
fn folding_absorbs_transliteration_variants() {
    assert_eq!(fold("Zelenskyy"), fold("Zelensky"));
    assert_eq!(fold("Zelenskiy"), fold("Zelensky"));
    assert_eq!(fold("Sergey Lavrov"), fold("Sergei Lavrov"));
    assert_ne!(fold("Kiev"), fold("Kyiv"));
    assert_eq!(person_key("Donald John Trump"), person_key("Donald Trump"));
    assert_eq!(initials_free_key(&person_key("Donald J. Trump")), person_key("Donald Trump"));
    assert_ne!(person_key("George H. W. Bush"), person_key("George W. Bush"));
    assert_ne!(person_key("Donald Trump Jr."), person_key("Donald Trump"));
    assert_eq!(person_key("Maria Sanchez FRS"), person_key("Maria Sanchez"));
    assert_eq!(surname_key("Robert Kilroy-Silk"), fold("Kilroy-Silk"));
    // An Arabic article is written or left out: one surname.
    assert_eq!(person_key("Bashar al-Assad"), person_key("Bashar Assad"));
    assert_eq!(surname_key("Abdel Fattah el-Sisi"), surname_key("Sisi"));
    assert_eq!(surname_key("Abdel Fattah al-Burhan"), surname_key("al-Burhan"));
    assert_ne!(person_key("Al Gore"), person_key("Gore"));
    assert_ne!(surname_key("Jamal Al-Ed"), surname_key("Ed"), "too short to be a surname without it");
    assert_eq!(slug("Volodymyr Zelenskyy"), "volodymyr-zelenskyy");
    // Spelling variants of one name: British and American, abbreviated and spelled out.
    assert_eq!(fold("World Health Organisation"), fold("World Health Organization"));
    assert_eq!(fold("St Petersburg"), fold("Saint Petersburg"));
    assert_eq!(fold("St. Petersburg"), fold("Saint Petersburg"));
    assert_eq!(fold("AT&T"), fold("AT and T"));
}

#[test]
fn ids_are_transliterated_and_never_empty() {
    assert_eq!(slug("Ségolène Royal"), "segolene-royal");
    assert_eq!(slug("Łódź"), "lodz");
    assert_eq!(slug("Владимир Путин"), "vladimir-putin");
    assert_eq!(fold("Łódź"), fold("Lodz"));
    assert!(!slug("习近平").is_empty() && slug("习近平").is_ascii());
    assert_eq!(slug("★"), "u2605");
}

#[test]
fn names_lose_honorifics_and_possessives_roles_are_found() {
    let (name, span) = clean_name("Mr Trump’s", Span::new(10, 22), EntityKind::Person);
    assert_eq!(name, "Trump");
    assert_eq!(span, Span::new(13, 18));
    // An apostrophe decoded wrongly ("Oreskesâ s", "Russiaâ€™s") is a possessive too.
    assert_eq!(clean_name("Oreskesâ", Span::new(0, 9), EntityKind::Person).0, "Oreskes");
    assert_eq!(clean_name("Russiaâ€™s", Span::new(0, 12), EntityKind::Location).0, "Russia");
    assert_eq!(clean_name("Brâ", Span::new(0, 4), EntityKind::Person).0, "Brâ");
    let text = "Talks with US Secretary of State Marco Rubio and Russian President Vladimir Putin.";
    assert_eq!(role_before(text, text.find("Marco").unwrap()).as_deref(), Some("Secretary of State"));
    assert_eq!(role_before(text, text.find("Vladimir").unwrap()).as_deref(), Some("President"));
    assert_eq!(role_before("He met Marco Rubio.", 7), None);
    // A period after a role word that is no abbreviation ends the sentence.
    let text = "She won the 12th District. Senator Ann Smith said so.";
    assert_eq!(role_before(text, text.find("Ann").unwrap()).as_deref(), Some("Senator"));
    // Coreference finds "the minister" in a role read here, so each of its nouns must be readable.
    for noun in PERSON_ROLE_NOUNS {
        let text = format!("The {}{} Anna Berg spoke.", noun[..1].to_uppercase(), &noun[1..]);
        assert!(role_before(&text, text.find("Anna").unwrap()).is_some_and(|r| r.eq_ignore_ascii_case(noun)), "{noun}");
    }
    // A capitalized article is not a role ("The" in "The US President ..." was one).
    let text = "The President Donald Trump spoke.";
    assert_eq!(role_before(text, text.find("Donald").unwrap()).as_deref(), Some("President"));
    let (name, _) = clean_name("the University of Leeds and", Span::new(0, 27), EntityKind::Organization);
    assert_eq!(name, "University of Leeds");
    let (name, _) = clean_name("Emperor Napoleon", Span::new(0, 16), EntityKind::Person);
    assert_eq!(name, "Napoleon");
    // A lowercase prefix NER took in is no part of the name; a capitalized one is.
    let (name, span) = clean_name("then-New York Times", Span::new(4, 23), EntityKind::Organization);
    assert_eq!((name.as_str(), span), ("New York Times", Span::new(9, 23)));
    assert_eq!(
        clean_name("Anti-Defamation League", Span::new(0, 22), EntityKind::Organization).0,
        "Anti-Defamation League"
    );
}

#[test]
fn titles_alone_catalogue_numbers_and_function_words_are_not_actors() {
    for name in ["Mr", "Lord", "Emperor", "Dr", "President", "Op. 46", "Op", "No. 5", "State", "That", "There"] {
        assert!(!is_actor_name(name), "{name}");
    }
    for name in ["Marco Rubio", "Lord Sugar", "U.S.", "State Department", "Art Garfunkel", "That Girl"] {
        assert!(is_actor_name(name), "{name}");
    }
    use EntityKind::{Location as L, Person as P};
    let a = doc(
        "a",
        "Mr said the State of play moved. Lord spoke. Op. 46 was played in Paris.",
        &[("Mr", P), ("State of", L), ("Lord", P), ("Op", P), ("Paris", L)],
    );
    let all = link(&[&a], &Aliases::default());
    assert_eq!(names(&all[0]), [("loc:paris".to_string(), 1)]);
}

#[test]
fn a_name_never_capitalized_in_a_capitalized_text_is_no_actor() {
    use EntityKind::{Location as L, Person as P};
    let text = "Early life\n\nDonald Trump grew up in Queens. Later, trump danced to zouk.";
    let entities = [("life", P), ("Donald Trump", P), ("Queens", L), ("trump", P), ("zouk", P)];
    let expected = [("loc:queens", 1), ("per:donald-trump", 2)].map(|(id, n)| (id.to_string(), n));
    assert_eq!(sorted_names(&doc("a", text, &entities), &Aliases::default()), expected);
    // A title before the name says it is one.
    let text = "Later, president biden met Angela Merkel.";
    let expected = [("per:angela-merkel", 1), ("per:biden", 1)].map(|(id, n)| (id.to_string(), n));
    assert_eq!(sorted_names(&doc("c", text, &[("biden", P), ("Angela Merkel", P)]), &Aliases::default()), expected);
    // A text in lower case throughout keeps its names.
    let text = "donald trump grew up in queens.";
    let expected = [("loc:queens", 1), ("per:donald-trump", 1)].map(|(id, n)| (id.to_string(), n));
    assert_eq!(sorted_names(&doc("b", text, &[("donald trump", P), ("queens", L)]), &Aliases::default()), expected);
}

#[test]
fn an_actor_has_one_type_and_a_surname_read_as_an_organization_joins_the_person() {
    use EntityKind::{Location as L, Organization as O, Person as P};
    let text = "Coron is lovely. Coron has beaches. Visit Coron. Ségolène Royal came. Royal met the mayor.";
    let a = doc("a", text, &[("Coron", O), ("Coron", L), ("Coron", L), ("Ségolène Royal", P), ("Royal", O)]);
    let all = link(&[&a], &Aliases::default());
    assert_eq!(names(&all[0]), [("loc:coron".to_string(), 3), ("per:segolene-royal".to_string(), 2)]);
    // A place that several things are named is never taken for a surname.
    let mut aliases = Aliases::default();
    aliases.ambiguous.insert(fold("Washington"));
    let b =
        doc("b", "George Washington crossed. Washington is a city.", &[("George Washington", P), ("Washington", L)]);
    let all = link(&[&b], &aliases);
    assert_eq!(names(&all[0]), [("per:george-washington".to_string(), 1), ("loc:washington".to_string(), 1)]);
}

#[test]
fn a_person_never_takes_a_place_entry_and_first_names_join_the_full_name() {
    use EntityKind::{Location as L, Person as P};
    let mut aliases = Aliases::default();
    aliases.by_key.insert(
        fold("Paris"),
        AliasEntry {
            canonical: "Paris".into(),
            kind: Some(L),
            external_id: Some("Q90".into()),
            group: None,
            country: None,
        },
    );
    let a = doc(
        "a",
        "Paris Hilton flew to Paris. Paris loved it. Maria Sanchez FRS spoke. Maria and Sanchez agreed.",
        &[("Paris Hilton", P), ("Paris", L), ("Paris", P), ("Maria Sanchez FRS", P), ("Maria", P), ("Sanchez", P)],
    );
    let all = link(&[&a], &aliases);
    assert_eq!(
        names(&all[0]),
        [("per:maria-sanchez".to_string(), 3), ("per:paris-hilton".to_string(), 2), ("loc:paris".to_string(), 1)]
    );
}

#[test]
fn ap_state_abbreviations_are_the_states() {
    // Datelines and news copy abbreviate states the AP way; "L.A." stays Los Angeles.
    use EntityKind::Location as L;
    let aliases = shipped_aliases();
    let a = doc(
        "a",
        "TALLAHASSEE, Fla. - The governor of Florida flew to Sacramento, Calif., then to L.A. and back to California.",
        &[("Fla", L), ("Florida", L), ("Calif", L), ("L.A.", L), ("California", L)],
    );
    let found = sorted_names(&a, &aliases);
    assert_eq!(
        found,
        [("loc:california".to_string(), 2), ("loc:florida".to_string(), 2), ("loc:los-angeles".to_string(), 1)]
    );
}

#[test]
fn initials_and_generations_tell_relatives_apart() {
    use EntityKind::Person as P;
    let a = doc(
        "a",
        "George H. W. Bush and George W. Bush met Donald Trump and Donald Trump Jr. there.",
        &[("George H. W. Bush", P), ("George W. Bush", P), ("Donald Trump", P), ("Donald Trump Jr.", P)],
    );
    let all = link(&[&a], &Aliases::default());
    assert_eq!(
        names(&all[0]),
        [
            ("per:george-h-w-bush".to_string(), 1),
            ("per:george-w-bush".to_string(), 1),
            ("per:donald-trump".to_string(), 1),
            ("per:donald-trump-jr".to_string(), 1)
        ]
    );
    // With one initialed form in view, the name without initials is that person.
    let b = doc("b", "George W. Bush spoke. George Bush left.", &[("George W. Bush", P), ("George Bush", P)]);
    assert_eq!(names(&link(&[&b], &Aliases::default())[0]), [("per:george-w-bush".to_string(), 2)]);
}

#[test]
fn party_names_in_either_number_and_hyphenated_surnames_meet() {
    use EntityKind::{Organization as O, Person as P};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("aliases.csv");
    std::fs::write(
        &path,
        "canonical,aliases,type,external_id,group\nConservative Party,Conservatives|Tories|Tory Party,ORG,,\n",
    )
    .unwrap();
    let aliases = Aliases::load(&path).unwrap();
    let a = doc(
        "a",
        "The Conservative Party and the Tories, one Tory and a Conservative; Robert Kilroy-Silk and Kilroy-Silk.",
        &[
            ("Conservative Party", O),
            ("Tories", O),
            ("Tory", O),
            ("Conservative", O),
            ("Robert Kilroy-Silk", P),
            ("Kilroy-Silk", P),
        ],
    );
    let all = link(&[&a], &aliases);
    assert_eq!(names(&all[0]), [("org:conservative-party".to_string(), 4), ("per:robert-kilroy-silk".to_string(), 2)]);
    // A place is not named in the other number: "Americas" (typed ORG by NER) is not America.
    std::fs::write(&path, "canonical,aliases,type,external_id,group\nUnited States,America|USA,LOC,Q30,\n").unwrap();
    let aliases = Aliases::load(&path).unwrap();
    let b = doc("b", "America and the Americas.", &[("America", EntityKind::Location), ("Americas", O)]);
    let all = link(&[&b], &aliases);
    assert_eq!(names(&all[0]), [("loc:united-states".to_string(), 1), ("org:americas".to_string(), 1)]);
}

#[test]
fn us_politics_copy_office_modifiers_party_tags_party_names_and_the_capital() {
    use EntityKind::{Location as L, Misc as M, Organization as O, Person as P};
    let aliases = shipped_aliases();
    let a = doc(
        "a",
        "The Biden administration said Joe Biden agreed. Sen. Elizabeth Warren, D-Mass., flew to \
         Washington, D.C., where the GOP met. The Obama White House had no comment. The Social \
         Security Administration and the BC era stayed out of it.",
        &[
            ("Biden", M),
            ("Joe Biden", P),
            ("Elizabeth Warren", P),
            ("D-Mass", P),
            ("Washington", L),
            ("D.C.", L),
            ("GOP", M),
            ("Obama White House", O),
            ("Social Security Administration", O),
            ("BC", M),
        ],
    );
    assert_eq!(
        sorted_names(&a, &aliases),
        [
            ("loc:washington-d-c".to_string(), 1),
            ("org:republican-party".to_string(), 1),
            ("org:social-security-administration".to_string(), 1),
            ("per:elizabeth-warren".to_string(), 1),
            ("per:joe-biden".to_string(), 2),
            ("per:obama".to_string(), 1),
        ]
    );
    let text = "Sen. Elizabeth Warren spoke.";
    assert_eq!(role_before(text, text.find("Elizabeth").unwrap()).as_deref(), Some("Senator"));
    for tag in ["D-Mass.", "R-Texas", "D-N.Y.", "I-Vt."] {
        assert!(is_party_tag(tag.trim_end_matches('.')), "{tag}");
    }
    assert!(!is_party_tag("I-95") && !is_party_tag("Kilroy-Silk"));
    // "Eugene, Oregon" is two places: "Oregon" alone is not Eugene.
    let b = doc("b", "They drove to Eugene, Oregon.", &[("Eugene", L), ("Oregon", L)]);
    assert_eq!(sorted_names(&b, &aliases), [("loc:eugene".to_string(), 1), ("loc:oregon".to_string(), 1)]);
}

#[test]
fn a_place_a_state_office_frames_is_the_us_state_throughout_the_article() {
    use EntityKind::{Location as L, Person as P};
    let aliases = shipped_aliases();
    let a = doc(
        "a",
        "New York Gov. Kathy Hochul met Georgia Sen. Jon Ossoff. Voters in Georgia were told, and \
         the governor of Washington flew to Atlanta.",
        &[("New York", L), ("Kathy Hochul", P), ("Georgia", L), ("Jon Ossoff", P), ("Washington", L), ("Atlanta", L)],
    );
    let ids: Vec<String> = sorted_names(&a, &aliases).into_iter().map(|(id, _)| id).collect();
    assert!(ids.contains(&"loc:new-york-state".to_string()), "{ids:?}");
    assert!(ids.contains(&"loc:washington-state".to_string()), "{ids:?}");
    assert!(!ids.contains(&"loc:georgia".to_string()), "both Georgias are the state: {ids:?}");
    // Unframed, the names keep their usual reading.
    let b = doc("b", "She flew from New York to Georgia.", &[("New York", L), ("Georgia", L)]);
    assert_eq!(sorted_names(&b, &aliases), [("loc:georgia".to_string(), 1), ("loc:new-york-city".to_string(), 1)]);
    // A US city before the name, with or without its comma, frames the state; Tbilisi does not.
    for text in ["He preached in Atlanta, Georgia.", "He preached in Atlanta Georgia."] {
        let c = doc("c", text, &[("Atlanta", L), ("Georgia", L)]);
        assert!(sorted_names(&c, &aliases).contains(&("loc:georgia-u-s-state".to_string(), 1)), "{text}");
    }
    let d = doc("d", "Shells fell on Tbilisi, Georgia.", &[("Tbilisi", L), ("Georgia", L)]);
    assert!(sorted_names(&d, &aliases).contains(&("loc:georgia".to_string(), 1)));
    // A member of Congress "of" a state frames that mention only.
    let e = doc(
        "e",
        "Rep. Pramila Jayapal of Washington flew to Washington.",
        &[("Pramila Jayapal", P), ("Washington", L), ("Washington", L)],
    );
    let ids = sorted_names(&e, &aliases);
    assert!(ids.contains(&("loc:washington-state".to_string(), 1)), "{ids:?}");
    assert!(ids.contains(&("loc:washington-d-c".to_string(), 1)), "{ids:?}");
}

pub(super) fn doc(id: &str, text: &str, entities: &[(&str, EntityKind)]) -> Document {
    test_document(id, text, entities)
}

/// Groups each document's actors and links them across the documents, as `slant tag` does.
pub(super) fn link(docs: &[&Document], aliases: &Aliases) -> Vec<crate::records::TaggedDocument> {
    let mut table = crate::link::NameTable::default();
    let mut records: Vec<_> = docs
        .iter()
        .map(|doc| {
            let mut doc = (*doc).clone();
            doc.actors = group_document(&doc, aliases);
            finish_document(&mut doc);
            let provenance = crate::records::Provenance::default();
            let record = crate::output::document_record(&doc, &provenance, Default::default());
            table.observe(&record);
            record
        })
        .collect();
    records.iter_mut().for_each(|r| crate::link::finish(r, &table, crate::tone::aggregate::Aggregator::shipped()));
    records
}

pub(super) fn names(record: &crate::records::TaggedDocument) -> Vec<(String, usize)> {
    record.actors.iter().map(|a| (a.id.clone(), a.mentions.len())).collect()
}

/// One document tagged and linked alone: its actor ids with their mention counts, sorted by id.
pub(super) fn sorted_names(doc: &Document, aliases: &Aliases) -> Vec<(String, usize)> {
    let mut found = names(&link(&[doc], aliases)[0]);
    found.sort();
    found
}

#[test]
fn groups_variants_within_and_across_articles() {
    use EntityKind::{Location as L, Person as P};
    let a = doc(
        "a",
        "US Secretary of State Marco Rubio spoke with Sergey Lavrov. Mr Rubio's aide said Lavrov agreed. Donald J. Trump met Zelensky in Kiev.",
        &[("Marco Rubio", P), ("Sergey Lavrov", P), ("Mr Rubio's", P), ("Lavrov", P), ("Donald J. Trump", P), ("Zelensky", P), ("Kiev", L)],
    );
    let b = doc(
        "b",
        "Sergei Lavrov called. Rubio listened. President Trump and Volodymyr Zelenskyy met in Kyiv.",
        &[("Sergei Lavrov", P), ("Rubio", P), ("Trump", P), ("Volodymyr Zelenskyy", P), ("Kyiv", L)],
    );
    let mut aliases = Aliases::default();
    aliases.by_key.insert(
        fold("Kiev"),
        AliasEntry { canonical: "Kyiv".into(), kind: Some(L), external_id: None, group: None, country: None },
    );
    let all = link(&[&a, &b], &aliases);
    assert_eq!(
        names(&all[0]),
        [
            ("per:marco-rubio".to_string(), 2),
            ("per:sergey-lavrov".to_string(), 2),
            ("per:donald-j-trump".to_string(), 1),
            ("per:volodymyr-zelenskyy".to_string(), 1),
            ("loc:kyiv".to_string(), 1)
        ]
    );
    // Surname-only "Rubio" and "Trump" in b join the full names seen in a; spellings agree.
    assert_eq!(
        names(&all[1]),
        [
            ("per:sergey-lavrov".to_string(), 1),
            ("per:marco-rubio".to_string(), 1),
            ("per:donald-j-trump".to_string(), 1),
            ("per:volodymyr-zelenskyy".to_string(), 1),
            ("loc:kyiv".to_string(), 1)
        ]
    );
    let rubio = &all[0].actors[0];
    assert_eq!(rubio.role.as_deref(), Some("Secretary of State"));
    assert_eq!(rubio.aliases, ["Marco Rubio", "Rubio"]);
    assert_eq!(rubio.mentions[1].text, "Rubio");
}

#[test]
fn a_known_organization_read_as_a_person_is_the_organization() {
    use EntityKind::Person as P;
    let aliases = shipped_aliases();
    let a = doc(
        "a",
        "Wikinews spoke to Hezbollah officials. Paris Hilton met them in Paris, Reuters reported.",
        &[("Wikinews", P), ("Hezbollah", P), ("Paris Hilton", P), ("Paris", EntityKind::Location), ("Reuters", P)],
    );
    // A person's name is never a place's, and one joined to a person or after an honorific is a
    // person's.
    let b = doc(
        "b",
        "Carl Reuters wrote. Reuters is a writer. Ms. Hezbollah agreed.",
        &[("Carl Reuters", P), ("Reuters", P), ("Hezbollah", P)],
    );
    assert_eq!(
        sorted_names(&a, &aliases),
        [
            ("loc:paris".to_string(), 1),
            ("org:hezbollah".to_string(), 1),
            ("org:reuters".to_string(), 1),
            ("org:wikinews".to_string(), 1),
            ("per:paris-hilton".to_string(), 1)
        ]
    );
    assert_eq!(sorted_names(&b, &aliases), [("per:carl-reuters".to_string(), 2), ("per:hezbollah".to_string(), 1)]);
}

#[test]
fn alias_file_sets_canonical_name_type_and_id() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("aliases.csv");
    std::fs::write(&path, "canonical,aliases,type,external_id,group\nUnited States,US|U.S.|USA,LOC,Q30,\n").unwrap();
    let aliases = Aliases::load(&path).unwrap();
    let a = doc("a", "The U.S. and the USA.", &[("U.S.", EntityKind::Location), ("USA", EntityKind::Organization)]);
    let all = link(&[&a], &aliases);
    assert_eq!(names(&all[0]), [("loc:united-states".to_string(), 2)]);
    assert_eq!(all[0].actors[0].external_id.as_deref(), Some("Q30"));
    assert_eq!(all[0].actors[0].aliases, ["U.S.", "USA"]);
}

#[test]
fn compounds_of_known_names_split_and_hyphenated_names_stay_whole() {
    use EntityKind::{Location as L, Person as P};
    let text = "Russia-US talks and Trump-Putin plans worried Jean-Pierre in Russia. Trump met Putin in the US.";
    let a = doc(
        "a",
        text,
        &[
            ("Russia-US", L),
            ("Trump-Putin", P),
            ("Jean-Pierre", P),
            ("Russia", L),
            ("Trump", P),
            ("Putin", P),
            ("US", L),
        ],
    );
    let all = link(&[&a], &Aliases::default());
    assert_eq!(
        names(&all[0]),
        [
            ("loc:russia".to_string(), 2),
            ("loc:us".to_string(), 2),
            ("per:trump".to_string(), 2),
            ("per:putin".to_string(), 2),
            ("per:jean-pierre".to_string(), 1)
        ]
    );
    // Each part's mention points at its own text.
    let us = &all[0].actors[1];
    assert_eq!(us.mentions[0].text, "US");
    assert_eq!(us.mentions[0].start, text.find("-US").unwrap() + 1, "the text is ASCII: bytes are code points");
}

#[test]
fn quotes_are_found_per_paragraph() {
    let text = "He said “Putin agreed” and \"Trump\" too.\nNo quote here";
    let regions = quote_regions(text);
    assert_eq!(regions.len(), 2);
    assert_eq!(regions[0].slice(text), "“Putin agreed”");
    assert_eq!(regions[1].slice(text), "\"Trump\"");
}

#[test]
fn a_country_named_as_a_modifier_is_the_country_but_a_route_number_is_not() {
    // NER reads "US" before a noun as MISC; "US 75" is a road.
    use EntityKind::{Location as L, Misc as M};
    let aliases = shipped_aliases();
    let a = doc(
        "a",
        "An AI built by US security services escaped. Take US 75 north, or US-169, to leave the United States.",
        &[("US", M), ("US", L), ("US-169", L), ("United States", L)],
    );
    let found = sorted_names(&a, &aliases);
    assert_eq!(found, [("loc:united-states".to_string(), 2), ("loc:us-169".to_string(), 1)]);
    // A MISC span that is no country's name stays no actor ("Christmas", a city), unless a known
    // place or organization opens it; two places make a compound ("Niger Congo" languages).
    let b = doc(
        "b",
        "They spent Christmas in Geneva. The Paris Conference and Niger Congo languages.",
        &[("Christmas", M), ("Geneva", M), ("Paris Conference", M), ("Niger Congo", M)],
    );
    assert_eq!(names(&link(&[&b], &aliases)[0]), [("loc:paris".to_string(), 1)]);
}

#[test]
fn an_acronym_joins_the_one_name_it_abbreviates() {
    use EntityKind::Organization as O;
    let aliases = Aliases::default();
    let a = doc(
        "a",
        "The Computing Research Association (CRA) and General Motors met. CRA said GM agreed. The CR spoke.",
        &[("Computing Research Association", O), ("CRA", O), ("General Motors", O), ("CRA", O), ("GM", O), ("CR", O)],
    );
    let found = sorted_names(&a, &aliases);
    assert_eq!(
        found,
        [
            ("org:computing-research-association".to_string(), 3),
            ("org:cr".to_string(), 1),
            ("org:general-motors".to_string(), 2)
        ]
    );
    // Two names with the same initials: the acronym stays apart.
    let b = doc(
        "b",
        "General Motors and Grand Metropolitan: GM rose.",
        &[("General Motors", O), ("Grand Metropolitan", O), ("GM", O)],
    );
    assert!(names(&link(&[&b], &aliases)[0]).contains(&("org:gm".to_string(), 1)));
    // A word in capitals gives all its letters.
    let c = doc("c", "USA Gymnastics lost sponsors. USAG said so.", &[("USA Gymnastics", O), ("USAG", O)]);
    assert_eq!(names(&link(&[&c], &aliases)[0]), [("org:usa-gymnastics".to_string(), 2)]);
}

#[test]
fn a_people_named_as_one_is_a_collective_actor() {
    use EntityKind::{Location as L, Misc as M, Person as P};
    let aliases = shipped_aliases();
    let a = doc(
        "a",
        "Americans and Muslims voted. Thais did too, and South Africans. An American spoke to John Smith \
         of the United States.",
        &[
            ("Americans", M),
            ("Muslims", M),
            ("Thais", M),
            ("South Africans", M),
            ("American", M),
            ("John Smith", P),
            ("United States", L),
        ],
    );
    let record = &link(&[&a], &aliases)[0];
    let mut collective: Vec<&str> = record.actors.iter().filter(|a| a.collective).map(|a| a.id.as_str()).collect();
    collective.sort();
    assert_eq!(collective, ["per:americans", "per:muslims", "per:south-africans", "per:thais"]);
    assert!(record.actors.iter().any(|a| a.id == "per:john-smith" && !a.collective));
    assert!(record.actors.iter().any(|a| a.id == "loc:united-states" && !a.collective), "no plural of a demonym");
    assert_eq!(record.actors.len(), 6, "the singular adjective is no actor");
}

#[test]
fn an_interjection_is_no_name_and_opens_none() {
    // Transcripts: NER reads a turn's "Oh", "Okay" or "Uhhh" as a person, and "Oh Barb" as one name.
    use EntityKind::{Location as L, Person as P};
    let aliases = Aliases::default();
    let a = doc(
        "a",
        "Oh. Okay, so Barb came. Uhhh, right. Oh Barb, you came! She drove from Tulsa, OK today.",
        &[("Oh", P), ("Okay", P), ("Barb", P), ("Uhhh", P), ("Oh Barb", P), ("Tulsa", L), ("OK", L)],
    );
    let found = sorted_names(&a, &aliases);
    assert_eq!(found, [("loc:ok".to_string(), 1), ("loc:tulsa".to_string(), 1), ("per:barb".to_string(), 2)]);
}

#[test]
fn a_misc_span_with_a_name_the_article_gives_an_actor_is_that_actor() {
    // "the Luther book": NER calls "Luther" MISC here and a person elsewhere in the article.
    use EntityKind::{Misc as M, Person as P};
    let aliases = Aliases::default();
    let a = doc(
        "a",
        "Martin Luther wrote to Erasmus. Luther was angry. In the Luther book, Erasmus replies. Easter came.",
        &[("Martin Luther", P), ("Erasmus", P), ("Luther", P), ("Luther", M), ("Erasmus", P), ("Easter", M)],
    );
    let found = sorted_names(&a, &aliases);
    assert_eq!(found, [("per:erasmus".to_string(), 2), ("per:martin-luther".to_string(), 3)]);
}

#[test]
fn a_name_before_a_weapons_noun_is_the_weapon_not_a_person() {
    // NER reads "Tomahawk" as a person; "Tomahawk missiles" says it is a missile, everywhere.
    use EntityKind::Person as P;
    let a = doc(
        "a",
        "Kyiv asked for Tomahawk missiles. Tomahawk supply worries Moscow; the Tomahawks will not change it, \
         said Tom Hawk. Hawk cars are fast. Tom ——",
        &[("Tomahawk", P), ("Tomahawk", P), ("Tomahawks", P), ("Tom Hawk", P)],
    );
    assert_eq!(names(&link(&[&a], &Aliases::default())[0]), [("per:tom-hawk".to_string(), 1)]);
}

#[test]
fn a_department_word_before_a_title_is_part_of_the_title() {
    // "US Defense Secretary Pete Hegseth": NER reads "US Defense" as an organization.
    use EntityKind::{Organization as O, Person as P};
    let a = doc(
        "a",
        "US Defense Secretary Pete Hegseth met Apple CEO Tim Cook and the State Department.",
        &[("US Defense", O), ("Pete Hegseth", P), ("Apple", O), ("Tim Cook", P), ("State Department", O)],
    );
    let found = sorted_names(&a, &Aliases::default());
    let ids: Vec<&str> = found.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["org:apple", "org:state-department", "per:pete-hegseth", "per:tim-cook"]);
    // "Minister of Finance" ends a title; "chief executive of Apple" names a company.
    let b = doc(
        "b",
        "Ruiz served as Minister of Finance and Minister of Science and Technology, later as chief executive of \
         Apple.",
        &[("Ruiz", P), ("Finance", O), ("Science and Technology", O), ("Apple", O)],
    );
    let found = sorted_names(&b, &Aliases::default());
    let ids: Vec<&str> = found.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["org:apple", "per:ruiz"]);
}

#[test]
fn a_country_opening_a_place_span_is_the_country_unless_the_rest_is_a_place() {
    // "U.S. Invictus" read as one place is the United States; a geographic feature ("Panama
    // Canal") or a known name ("Mexico City") keeps the span whole.
    use EntityKind::Location as L;
    let aliases = shipped_aliases();
    let a = doc(
        "a",
        "The captain of the U.S. Invictus team sailed the Panama Canal to Mexico City and the United States.",
        &[("U.S. Invictus", L), ("Panama Canal", L), ("Mexico City", L), ("United States", L)],
    );
    let found = sorted_names(&a, &aliases);
    assert_eq!(
        found,
        [("loc:mexico-city".to_string(), 1), ("loc:panama-canal".to_string(), 1), ("loc:united-states".to_string(), 2)]
    );
}

#[test]
fn an_acronym_takes_an_entry_only_with_its_exact_letters() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("aliases.csv");
    std::fs::write(&path, "canonical,aliases,type,external_id,group\nMayotte,MYT,LOC,,\nUnited States,U.S.,LOC,,\n")
        .unwrap();
    let aliases = Aliases::load(&path).unwrap();
    let text = "She studied at MIT. Then she moved to the US.";
    let a = doc("a", text, &[("MIT", EntityKind::Organization), ("US", EntityKind::Location)]);
    // "MIT" folds like "MYT" (y is i), but an acronym must match letter for letter; "US" is
    // "U.S." without its dots.
    let expected = [("loc:united-states", 1), ("org:mit", 1)].map(|(id, n)| (id.to_string(), n));
    assert_eq!(sorted_names(&a, &aliases), expected);
}

#[test]
fn a_company_is_one_actor_with_or_without_its_legal_form_and_a_short_form_joins_its_full_name() {
    use EntityKind::Organization as O;
    let text = "Facebook Inc. and Stanford University signed a deal. Facebook said Stanford agreed. \
                The European Central Bank approved it, and the Bank said so.";
    let entities = [
        ("Facebook Inc.", O),
        ("Stanford University", O),
        ("Facebook", O),
        ("Stanford", O),
        ("European Central Bank", O),
        ("Bank", O),
    ];
    let expected = [("org:european-central-bank", 2), ("org:facebook", 2), ("org:stanford-university", 2)]
        .map(|(id, n)| (id.to_string(), n));
    assert_eq!(sorted_names(&doc("a", text, &entities), &Aliases::default()), expected);
}

#[test]
fn an_office_inside_a_person_span_is_the_role_not_the_name() {
    use EntityKind::Person as P;
    let text = "Thank you, Governor Smith. Senator Robert Miller voted no, and Sen. Miller left.";
    let all = link(
        &[&doc("a", text, &[("Governor Smith", P), ("Senator Robert Miller", P), ("Sen. Miller", P)])],
        &Aliases::default(),
    );
    let roles: Vec<(&str, Option<&str>, usize)> =
        all[0].actors.iter().map(|a| (a.id.as_str(), a.role.as_deref(), a.mentions.len())).collect();
    assert_eq!(roles, [("per:robert-miller", Some("Senator"), 2), ("per:smith", Some("Governor"), 1)]);
}
