//! Tests of the pronoun constraints that no trained weight carries: a gender learned from an
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

#[test]
fn a_speakers_we_is_the_organization_the_text_names_them_for() {
    use EntityKind::Organization as O;
    let we_of = |doc: &Document| -> Vec<String> {
        links(doc).into_iter().filter(|l| matches!(l.1.to_lowercase().as_str(), "we" | "our")).map(|l| l.0).collect()
    };
    // A title before the name, or "of" in an apposition after it.
    let doc = linked(
        "Steelers defensive captain Cam Heyward was angry. \"We lost that game,\" Heyward said. \"Our focus is on \
         Cleveland.\"",
        &[("Steelers", O), ("Cam Heyward", P), ("Heyward", P)],
    );
    assert_eq!(we_of(&doc), ["Steelers", "Steelers"]);
    let doc = linked(
        "We met Priya Raman, chief executive of Lumen Labs, on Monday. \"We sell to hospitals,\" Raman said.",
        &[("Priya Raman", P), ("Lumen Labs", O), ("Raman", P)],
    );
    assert_eq!(we_of(&doc), ["Lumen Labs"]);
    // "a candidate for", "students at": the organization is not whom they speak for.
    let doc = linked(
        "Maria Delgado, a candidate for the Texas House, spoke. \"We need water,\" Delgado said. While students at \
         Northwestern University Derek Moeller planned it. \"We both had the bug,\" Moeller said.",
        &[
            ("Maria Delgado", P),
            ("Texas House", O),
            ("Delgado", P),
            ("Northwestern University", O),
            ("Derek Moeller", P),
            ("Moeller", P),
        ],
    );
    assert!(we_of(&doc).is_empty(), "{:?}", links(&doc));
    // A race the person runs in is no organization they speak for; "of the" leads to the one.
    let doc = linked(
        "Senate candidate Fiona Patten, leader of the Sex Party, spoke. \"We want reform,\" Patten said.",
        &[("Senate", O), ("Fiona Patten", P), ("Sex Party", O), ("Patten", P)],
    );
    assert_eq!(we_of(&doc), ["Sex Party"]);
    // The pronoun that speaks the quotation says who: not the person named after it.
    let doc = linked(
        "Tom Reed lost the vote. \"I think we lost it all,\" he told Acme chief executive Jane Doe.",
        &[("Tom Reed", P), ("Acme", O), ("Jane Doe", P)],
    );
    assert!(we_of(&doc).is_empty(), "{:?}", links(&doc));
}

#[test]
fn a_quotations_i_is_whoever_the_pronoun_that_speaks_it_is() {
    let doc = linked(
        "Tom Reed has sued his sister. \"I love my sister, but this is about the company,\" he said.",
        &[("Tom Reed", P)],
    );
    let found = links(&doc);
    for surface in ["I", "my", "he"] {
        assert!(found.contains(&pronoun("Tom Reed", surface)), "{surface}: {found:?}");
    }
}

#[test]
fn an_object_pronoun_is_not_the_subject_of_its_clause() {
    // Binding principle B: "Liebig, who described him" is not Liebig, so the other man is left.
    let doc = linked(
        "Karl Becker studied under Justus von Liebig, who described him as diligent. Pope Francis warned \
         him too.",
        &[("Karl Becker", P), ("Justus von Liebig", P), ("Pope Francis", P)],
    );
    let found = links(&doc);
    assert!(!found.contains(&pronoun("Justus von Liebig", "him")), "{found:?}");
    assert!(!found.iter().any(|l| l.0 == "Francis" || l.0 == "Pope Francis"), "{found:?}");
}

#[test]
fn a_quotation_right_after_an_attribution_goes_on_with_its_speaker() {
    let doc = linked(
        "Abbie Brabham lost her house. \u{201c}It was hard,\u{201d} said Brabham, 18. \u{201c}I had grown up in \
         Kingwood.\u{201d}",
        &[("Abbie Brabham", P), ("Brabham", P)],
    );
    let found = links(&doc);
    assert!(found.contains(&pronoun("Abbie Brabham", "I")), "{found:?}");
}

#[test]
fn the_organization_that_reports_takes_its_it_however_many_are_in_view() {
    use EntityKind::{Location as L, Organization as O};
    // Two organizations in view would leave "it" ambiguous; the one saying it is its subject.
    let doc = linked(
        "Apple and Meta showed headsets. Meta said it welcomed competition.",
        &[("Apple", O), ("Meta", O), ("Meta", O)],
    );
    assert_eq!(links(&doc), [pronoun("Meta", "it")]);
    // A place inside the reporting phrase is not what says it; with the embassy unnamed, nobody is.
    let doc = linked(
        "Reuters and the AP reported the arrest. The embassy in Harare said it was concerned.",
        &[("Reuters", O), ("AP", O), ("Harare", L)],
    );
    assert!(links(&doc).is_empty(), "{:?}", links(&doc));
    // "said on Friday that it", after an apposition; "The agency", linked to its name, says it too.
    let doc = linked(
        "Boeing, the US aircraft maker, said on Friday that it would cut jobs. The Federal Aviation \
         Administration watches Boeing and Airbus. The agency said it would go on.",
        &[("Boeing", O), ("US", L), ("Federal Aviation Administration", O), ("Boeing", O), ("Airbus", O)],
    );
    let found = links(&doc);
    assert!(found.contains(&pronoun("Boeing", "it")), "{found:?}");
    assert!(found.contains(&pronoun("Federal Aviation Administration", "it")), "{found:?}");
}

#[test]
fn a_team_that_opens_its_clause_takes_they_but_not_an_objects_them() {
    use EntityKind::{Organization as O, Person as P};
    let doc = linked(
        "The Dodgers have the money to sign Bryce Harper. Do they want to? The Jaguars had the Patriots \
         right where they wanted. The Raiders knew it. We had run those plays against them.",
        &[("Dodgers", O), ("Bryce Harper", P), ("Jaguars", O), ("Patriots", O), ("Raiders", O)],
    );
    let they: Vec<_> = links(&doc).into_iter().filter(|l| l.1 == "they" || l.1 == "them").collect();
    // The object "the Patriots" takes no "they"; the plays' "them" is no team's.
    assert_eq!(they, [pronoun("Dodgers", "they")], "{:?}", links(&doc));
}

#[test]
fn a_subject_opening_its_sentence_continues_the_last_ones_one_person_of_its_gender() {
    // The possessor ("Cabral's") is no subject, and "Eliseu", known to no table, rules nothing
    // out; the one woman who opened the last sentence is who "She" is.
    let doc = linked(
        "His chief of staff, Eliseu Padilha, denied it on Tuesday. Cabral's wife, Adriana Ancelmo, was also \
         questioned. She is a lawyer.",
        &[("Eliseu Padilha", P), ("Cabral", P), ("Adriana Ancelmo", P)],
    );
    assert!(links(&doc).contains(&pronoun("Adriana Ancelmo", "She")), "{:?}", links(&doc));
}

#[test]
fn a_role_noun_that_reports_or_opens_the_sentence_takes_its_he_like_a_name() {
    // "The president" is Michel Temer's (his title); "he" after "the president said" and "his"
    // after "The president has faced" are his, though Eliseu Padilha is named between.
    let doc = linked(
        "President Michel Temer met Eliseu Padilha on Monday. Later the president said he would stay. \
         The president has faced his own accusations.",
        &[("Michel Temer", P), ("Eliseu Padilha", P)],
    );
    let found = links(&doc);
    assert!(found.contains(&pronoun("Michel Temer", "he")), "{found:?}");
    assert!(found.contains(&pronoun("Michel Temer", "his")), "{found:?}");
    // Binding: the president's object is somebody else.
    let doc = linked(
        "President Michel Temer met Eliseu Padilha on Monday. Later the president thanked him.",
        &[("Michel Temer", P), ("Eliseu Padilha", P)],
    );
    assert!(!links(&doc).contains(&pronoun("Michel Temer", "him")), "{:?}", links(&doc));
}

#[test]
fn a_you_a_name_follows_is_that_person() {
    let doc = linked(
        "Thank you, Mayor Collins, and thank you all for coming. I owe you, Helen. You worked hard.",
        &[("Collins", P), ("Helen", P)],
    );
    let you_of: Vec<String> = links(&doc)
        .into_iter()
        .filter(|l| l.1.eq_ignore_ascii_case("you") && l.2 == MentionKind::Pronoun)
        .map(|l| l.0)
        .collect();
    // The two vocatives; "thank you all" and "You worked" are whoever the speech addresses.
    assert_eq!(you_of.iter().filter(|a| *a == "Collins").count(), 1, "{:?}", links(&doc));
    assert_eq!(you_of.iter().filter(|a| *a == "Helen").count(), 1, "{:?}", links(&doc));
}

#[test]
fn a_person_named_by_a_surname_alone_twice_takes_a_pronoun_nearby() {
    // No table knows "Paladino": a surname of unknown gender, not one ruled out.
    let doc = linked(
        "Paladino campaigned in Manhattan on Monday. Paladino held a rally at noon. He stayed at a hotel.",
        &[("Paladino", P), ("Manhattan", EntityKind::Location), ("Paladino", P)],
    );
    assert!(links(&doc).contains(&pronoun("Paladino", "He")), "{:?}", links(&doc));
    // Named once, a word no table knows may be no person at all: nothing is linked.
    let doc = linked("Paladino campaigned on Monday. He stayed at a hotel.", &[("Paladino", P)]);
    assert!(links(&doc).is_empty(), "{:?}", links(&doc));
}

#[test]
fn her_before_an_office_a_verb_confers_is_its_object() {
    // "appointed her Minister": her title, so "her" is the object, and the one appointing is not she.
    for verb in ["appointed", "named"] {
        let text = format!("Mary Eze studied law. In 2003 President Olusegun Obasanjo {verb} her Minister of Health.");
        let doc = linked(&text, &[("Mary Eze", P), ("Olusegun Obasanjo", P)]);
        assert!(links(&doc).contains(&pronoun("Mary Eze", "her")), "{verb}: {:?}", links(&doc));
    }
}
