//! Tests of which person a surname alone (or with "Mr." or "Mrs.") stands for: within an
//! article, where several people share it, and across the corpus.

use super::tests::{doc, link, names, sorted_names};
use super::*;

#[test]
fn an_ambiguous_surname_stays_apart_unless_one_person_is_named_in_full_most() {
    use EntityKind::Person as P;
    let a = doc("a", "Joe Smith and Anna Smith met. Smith left.", &[("Joe Smith", P), ("Anna Smith", P), ("Smith", P)]);
    let all = link(&[&a], &Aliases::default());
    assert_eq!(
        names(&all[0]),
        [("per:joe-smith".to_string(), 1), ("per:anna-smith".to_string(), 1), ("per:smith".to_string(), 1)]
    );
    let b = doc(
        "b",
        "Robert Mugabe resigned. Robert Mugabe spoke, and his wife Grace Mugabe wept. Mugabe left.",
        &[("Robert Mugabe", P), ("Robert Mugabe", P), ("Grace Mugabe", P), ("Mugabe", P)],
    );
    let all = link(&[&b], &Aliases::default());
    assert_eq!(names(&all[0]), [("per:robert-mugabe".to_string(), 3), ("per:grace-mugabe".to_string(), 1)]);
}

#[test]
fn a_surname_means_the_one_person_named_in_full_before_it() {
    use EntityKind::Person as P;
    // Grace Mugabe is named in full twice, her husband once; but the surname alone comes first
    // right after him, and a newspaper names the relative in full because of that.
    let a = doc(
        "a",
        "President Robert Mugabe resigned. Mugabe had ruled since 1980. His wife Grace Mugabe hoped \
         to succeed him, and critics said Grace Mugabe was too powerful. Mugabe left.",
        &[("Robert Mugabe", P), ("Mugabe", P), ("Grace Mugabe", P), ("Grace Mugabe", P), ("Mugabe", P)],
    );
    let all = link(&[&a], &Aliases::default());
    assert_eq!(names(&all[0]), [("per:robert-mugabe".to_string(), 3), ("per:grace-mugabe".to_string(), 2)]);
}

#[test]
fn an_honorific_picks_among_people_who_share_a_surname() {
    use EntityKind::Person as P;
    let a = doc(
        "a",
        "Hillary Clinton spoke in Iowa. Clinton said she would win. Her husband Bill Clinton spoke \
         too. Mr. Clinton praised her, and Mrs. Clinton thanked him. Fans miss Clinton.",
        &[("Hillary Clinton", P), ("Clinton", P), ("Bill Clinton", P), ("Clinton", P), ("Clinton", P), ("Clinton", P)],
    );
    let all = link(&[&a], &Aliases::default());
    let mentions = |id: &str| -> Vec<usize> {
        let actor = all[0].actors.iter().find(|actor| actor.id == id).unwrap();
        actor.mentions.iter().filter(|m| m.kind == MentionKind::Name).map(|m| m.start).collect()
    };
    let at = |needle: &str| a.text.find(needle).unwrap() + needle.len() - "Clinton".len();
    assert_eq!(mentions("per:bill-clinton"), [a.text.find("Bill").unwrap(), at("Mr. Clinton")]);
    // "miss" is no honorific: the surname alone is Hillary Clinton's, named first.
    assert_eq!(mentions("per:hillary-clinton"), [0, at("Iowa. Clinton"), at("Mrs. Clinton"), at("miss Clinton")]);
}

#[test]
fn a_surname_without_its_arabic_article_joins_the_full_name() {
    use EntityKind::Person as P;
    let a = doc(
        "a",
        "General Abdel Fattah al-Burhan met Bashar al-Assad. Burhan said Assad agreed. Al-Burhan left.",
        &[("Abdel Fattah al-Burhan", P), ("Bashar al-Assad", P), ("Burhan", P), ("Assad", P), ("Al-Burhan", P)],
    );
    let b = doc("b", "Bashar Assad spoke.", &[("Bashar Assad", P)]);
    let all = link(&[&a, &b], &Aliases::default());
    assert_eq!(names(&all[0]), [("per:abdel-fattah-al-burhan".to_string(), 3), ("per:bashar-al-assad".to_string(), 2)]);
    assert_eq!(names(&all[1]), [("per:bashar-al-assad".to_string(), 1)]);
}

#[test]
fn an_honorific_picks_the_person_a_word_before_their_name_gives_its_gender() {
    use EntityKind::Person as P;
    // No table knows "Tendai" or "Chipo"; "his wife" says who "Mrs. Biti" is.
    let a = doc(
        "a",
        "Police arrested Tendai Biti. Biti was charged. His wife, Chipo Biti, was outside. Mrs. Biti said Biti was innocent.",
        &[("Tendai Biti", P), ("Biti", P), ("Chipo Biti", P), ("Biti", P), ("Biti", P)],
    );
    let all = link(&[&a], &Aliases::default());
    assert_eq!(names(&all[0]), [("per:tendai-biti".to_string(), 3), ("per:chipo-biti".to_string(), 2)]);
}

#[test]
fn a_surname_joins_the_full_name_that_dominates_the_corpus() {
    use EntityKind::Person as P;
    let mut docs: Vec<Document> = (0..3)
        .map(|i| doc(&i.to_string(), "Donald Trump spoke. Trump left.", &[("Donald Trump", P), ("Trump", P)]))
        .collect();
    docs.push(doc(
        "d",
        "Donald Trump and Melania Trump arrived. Trump spoke. Trump left.",
        &[("Donald Trump", P), ("Melania Trump", P), ("Trump", P), ("Trump", P)],
    ));
    let all = link(&docs.iter().collect::<Vec<_>>(), &Aliases::default());
    assert_eq!(
        names(&all[3]),
        [("per:donald-trump".to_string(), 3), ("per:melania-trump".to_string(), 1)],
        "four documents name Donald Trump, one Melania Trump"
    );
}

#[test]
fn a_biographys_surname_goes_to_its_subject_named_before_it_not_to_parents_named_after() {
    use EntityKind::Person as P;
    let text = "Mary Walker is a chemist. Walker was born to John Walker and Ruth Walker. Walker studied in Ohio.";
    let entities = [("Mary Walker", P), ("Walker", P), ("John Walker", P), ("Ruth Walker", P), ("Walker", P)];
    let all = link(&[&doc("a", text, &entities)], &Aliases::default());
    assert_eq!(
        names(&all[0]),
        [("per:mary-walker".to_string(), 3), ("per:john-walker".to_string(), 1), ("per:ruth-walker".to_string(), 1)]
    );
    // Two people named in full before the surname stands alone: it stays apart.
    let text = "Joe Smith and Anna Smith run a shop. Smith said it was busy.";
    let smiths = doc("b", text, &[("Joe Smith", P), ("Anna Smith", P), ("Smith", P)]);
    let expected = [("per:anna-smith", 1), ("per:joe-smith", 1), ("per:smith", 1)].map(|(id, n)| (id.to_string(), n));
    assert_eq!(sorted_names(&smiths, &Aliases::default()), expected);
}

#[test]
fn a_surname_that_stands_alone_before_a_relative_is_named_is_not_that_relative() {
    use EntityKind::Person as P;
    let text = "Larson was born in Minneapolis, the daughter of John Larson, an engineer. Larson has three sisters.";
    let entities = [("Larson", P), ("John Larson", P), ("Larson", P)];
    let expected = [("per:john-larson", 1), ("per:larson", 2)].map(|(id, n)| (id.to_string(), n));
    assert_eq!(sorted_names(&doc("a", text, &entities), &Aliases::default()), expected);
    let text = "Swayze was a dancer. She married Jesse Swayze in 1950. Swayze taught ballet.";
    let spouses = [("Swayze", P), ("Jesse Swayze", P), ("Swayze", P)];
    let expected = [("per:jesse-swayze", 1), ("per:swayze", 2)].map(|(id, n)| (id.to_string(), n));
    assert_eq!(sorted_names(&doc("c", text, &spouses), &Aliases::default()), expected);
    // Named in full first, or not as a relative, the one bearer is who the surname means.
    let text = "Larson met John Larson, an engineer. Larson has three sisters.";
    let expected = [("per:john-larson", 3)].map(|(id, n)| (id.to_string(), n));
    assert_eq!(sorted_names(&doc("b", text, &entities), &Aliases::default()), expected);
}

#[test]
fn a_first_surname_is_the_person_named_with_it_before_a_relative_who_ends_with_it() {
    use EntityKind::Person as P;
    let text = "Rafael Ortega Vidal is a politician. Ortega was born in Alicante. His brother, Luis Ortega, \
                is a judge. Ortega resigned.";
    let entities = [("Rafael Ortega Vidal", P), ("Ortega", P), ("Luis Ortega", P), ("Ortega", P)];
    let expected = [("per:luis-ortega", 1), ("per:rafael-ortega-vidal", 3)].map(|(id, n)| (id.to_string(), n));
    assert_eq!(sorted_names(&doc("a", text, &entities), &Aliases::default()), expected);
    // A span that runs on from a full name is no other person who has the surname inside.
    let text = "Christy Webber runs Christy Webber Landscapes. Webber started in 1983.";
    let entities = [("Christy Webber", P), ("Christy Webber Landscapes", P), ("Webber", P)];
    let webber = sorted_names(&doc("b", text, &entities), &Aliases::default());
    assert!(webber.contains(&("per:christy-webber".to_string(), 2)), "{webber:?}");
}

#[test]
fn a_surname_with_its_particles_is_a_surname_alone() {
    use EntityKind::Person as P;
    let a = doc(
        "a",
        "Jason La Canfora reported it. La Canfora said so. James Van Der Beek danced, and Van Der Beek \
         won. Van Morrison sang.",
        &[
            ("Jason La Canfora", P),
            ("La Canfora", P),
            ("James Van Der Beek", P),
            ("Van Der Beek", P),
            ("Van Morrison", P),
        ],
    );
    let b = doc("b", "La Canfora wrote again.", &[("La Canfora", P)]);
    let all = link(&[&a, &b], &Aliases::default());
    assert_eq!(
        names(&all[0]),
        [
            ("per:jason-la-canfora".to_string(), 2),
            ("per:james-van-der-beek".to_string(), 2),
            ("per:van-morrison".to_string(), 1)
        ]
    );
    // Across articles a surname alone takes the one full name the corpus has for it.
    assert_eq!(names(&all[1]), [("per:jason-la-canfora".to_string(), 1)]);
    assert_eq!(name_word_count("Vincent van Gogh"), 2);
    assert_eq!(name_word_count("Van Morrison"), 2);
    assert_eq!(person_key("La Canfora"), person_key("Canfora"));
}

#[test]
fn a_word_inside_one_persons_name_is_that_person() {
    use EntityKind::Person as P;
    // "Lula" is neither first name nor surname of "Luiz Inácio Lula da Silva"; "da" and the
    // initial "W." are no names of their own.
    let a = doc(
        "a",
        "Luiz Inácio Lula da Silva met George W. Bush. Lula spoke first. W. listened.",
        &[("Luiz Inácio Lula da Silva", P), ("George W. Bush", P), ("Lula", P), ("W.", P)],
    );
    let found = sorted_names(&a, &Aliases::default());
    assert!(found.contains(&("per:luiz-inacio-lula-da-silva".to_string(), 2)), "{found:?}");
    // Two people with the inner word: it stays apart.
    let b = doc(
        "b",
        "Mary Anne Baker met John Anne Smith. Anne left.",
        &[("Mary Anne Baker", P), ("John Anne Smith", P), ("Anne", P)],
    );
    assert!(sorted_names(&b, &Aliases::default()).contains(&("per:anne".to_string(), 1)));
}
