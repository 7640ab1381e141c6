//! Metadata detection from page text: dates (normalised to ISO 8601), bylines, outlet names and
//! the title, found around the start of the article region that `text` chose.

use super::paragraph::{is_title_case, looks_like_furniture, Class, Paragraph, TextExtraction};
use crate::document::Metadata;
use crate::segment::words;
use regex::Regex;
use std::sync::LazyLock;

const MONTHS: &str = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";

static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b((?:19|20)\d{2})-(\d{2})-(\d{2})(?:\D|$)").unwrap());
// Month names may follow a lowercase letter with no space ("Press RoomOctober 20, 2025"), as
// glued-together page text does, so there is no leading word boundary; the capital anchors it.
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"{MONTHS}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{{2}})(?:\D|$)")).unwrap()
});
static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{MONTHS}\.?,?\s+((?:19|20)\d{{2}})(?:\D|$)")).unwrap()
});
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    // "by" opens the line (after bullets); a capital "By" may also be glued to text before it.
    Regex::new(
        r"(?:^[\s•·*-]*[Bb]y|By):?\s+(\p{Lu}[\p{L}'’.\-]*(?:\s+(?:\p{Lu}[\p{L}'’.\-]*|de|van|von|da|bin|al|el)){0,3})",
    )
    .unwrap()
});
static COPYRIGHT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"©\s*(?:(?:19|20)\d{2}\s*)?(\p{Lu}[\w&.' ]{1,40}?)(?:\.|,|\s+All|\s*$)").unwrap());

/// The opening of a letter or speech ("Dear Sir,", "Hello everyone"): not a headline.
static SALUTATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(dear(est)?|my dear|hi|hello|hey|greetings|good (morning|afternoon|evening)|to whom|ladies and gentlemen|welcome to)\b").unwrap()
});

/// A picture caption or its credit ("Photo: ...", "(AP Photo/Evan Vucci)", "pictured", "Getty Images").
static CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)^\W*(photo|picture|image|illustration|file photo|pictured)s?\b|\(\s*[\w .]{0,25}\bphoto\b[^)]*\)|",
        r"\b(photo|picture|image)s?\s*(by|credit|courtesy)\b|\bpictured\b|getty images|/\s*(ap|afp|reuters|getty|epa)\b|",
        r"\((ap|afp|reuters|getty|epa)\)\s*$|\b(reuters|ap|afp|getty|epa)\s*/|\([^()]*/[^()]*\)\s*$",
    ))
    .unwrap()
});

/// Lines that open a text without being its headline: a quoted post's attribution ("— Name
/// (@handle) date"), a list item ("4. ..."), a player's or a page's prompt ("Click here", "Media
/// caption", "Close", a trailing "Read more", "These are external links").
static NOT_HEADLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*[—–-]|\(@\w+\)|^\d+[.)]\s|\bclick here\b|\bmedia (caption|playback)\b|^close\b|\bread (more|next)\W*$|\bexternal links?\b").unwrap()
});

/// Headlines are short (a 169-character salutation is not one).
const HEADLINE_MAX_CHARS: usize = 150;

fn month_number(name: &str) -> u32 {
    let lower = name.to_lowercase();
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        .iter()
        .position(|m| lower.starts_with(m))
        .map_or(0, |i| i as u32 + 1)
}

fn iso(year: &str, month: u32, day: &str) -> Option<String> {
    let day: u32 = day.parse().ok()?;
    let year: u32 = year.parse().ok()?;
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// The first full date (with a year) in `text`, as `YYYY-MM-DD`, and where it starts.
pub(crate) fn find_date(text: &str) -> Option<(usize, String)> {
    let mut found: Vec<(usize, String)> = Vec::new();
    if let Some(c) = ISO_DATE.captures(text) {
        let month: u32 = c[2].parse().unwrap_or(0);
        if let Some(d) = iso(&c[1], month, &c[3]) {
            found.push((c.get(0).unwrap().start(), d));
        }
    }
    if let Some(c) = MONTH_DAY_YEAR.captures(text) {
        if let Some(d) = iso(&c[3], month_number(&c[1]), &c[2]) {
            found.push((c.get(0).unwrap().start(), d));
        }
    }
    if let Some(c) = DAY_MONTH_YEAR.captures(text) {
        if let Some(d) = iso(&c[3], month_number(&c[2]), &c[1]) {
            found.push((c.get(0).unwrap().start(), d));
        }
    }
    found.into_iter().min_by_key(|(at, _)| *at)
}

/// A line that is only a date (and perhaps a weekday, a time, or a "date" label).
pub(crate) fn is_date_line(text: &str) -> bool {
    let Some((_, _)) = find_date(text) else {
        return false;
    };
    let rest = ISO_DATE.replace_all(text, " ");
    let rest = MONTH_DAY_YEAR.replace_all(&rest, " ");
    let rest = DAY_MONTH_YEAR.replace_all(&rest, " ");
    let leftover: Vec<&str> = words(&rest)
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .filter(|w| {
            let l = w.to_lowercase();
            !matches!(
                l.as_str(),
                "am" | "pm"
                    | "gmt"
                    | "utc"
                    | "et"
                    | "est"
                    | "edt"
                    | "cst"
                    | "pst"
                    | "date"
                    | "updated"
                    | "published"
                    | "posted"
                    | "on"
                    | "at"
            ) && !l.ends_with("day")
        })
        .collect();
    leftover.is_empty()
}

/// The author's name from a byline such as "By Alice Padgett" or "Press RoomBy Press Room".
pub(crate) fn byline(text: &str) -> Option<String> {
    let c = BYLINE.captures(text)?;
    let mut name = c[1].trim().to_string();
    // Glued text ("Press RoomOctober 20"): cut the name where a lowercase letter meets a capital.
    let chars: Vec<(usize, char)> = name.char_indices().collect();
    if let Some(w) = chars.windows(2).find(|w| w[0].1.is_lowercase() && w[1].1.is_uppercase()) {
        name.truncate(w[1].0);
    }
    let name = name.trim_end_matches(['.', ',', '-', ' ']).to_string();
    let words = name.split_whitespace().count();
    (words >= 1 && name.chars().count() >= 3 && !matches!(name.as_str(), "The" | "Our" | "Staff")).then_some(name)
}

/// Metadata found in page text, looking around the article region chosen by extraction.
pub(crate) fn detect(page: &str, extraction: &TextExtraction) -> Metadata {
    let paragraphs = &extraction.paragraphs;
    let body_start = extraction.kept.first().copied().unwrap_or(0);
    let header_from = body_start.saturating_sub(15);

    let title_at = (header_from..body_start)
        .rev()
        .take(12)
        .find(|&i| is_title_like(&paragraphs[i].text, paragraphs[i].class) && !follows_prose(paragraphs, i));
    let title = title_at.map(|i| paragraphs[i].text.clone());

    // The date nearest the title (after it first), else in the header, else in the page.
    let anchor = title_at.unwrap_or(body_start);
    let window_end = (body_start + 3).min(paragraphs.len());
    let date = (anchor..window_end)
        .chain((header_from..anchor).rev())
        .find_map(|i| find_date(&paragraphs[i].text).map(|(_, d)| d))
        .or_else(|| find_date(page).map(|(_, d)| d));

    let author = (header_from..window_end)
        .find_map(|i| (paragraphs[i].words <= 15).then(|| byline(&paragraphs[i].text)).flatten());

    Metadata { title, outlet: outlet(paragraphs.iter().map(|p| p.text.as_str())), date, author, url: None }
}

/// Removes and returns the first kept paragraph of a text extraction when it reads as a headline
/// (used as the title when none stands before the body).
pub(crate) fn take_leading_headline(extraction: &mut TextExtraction) -> Option<String> {
    let &first = extraction.kept.first()?;
    let p = &extraction.paragraphs[first];
    if extraction.kept.len() < 2 || !is_title_like(&p.text, p.class) || follows_prose(&extraction.paragraphs, first) {
        return None;
    }
    extraction.kept.remove(0);
    Some(p.text.clone())
}

/// The first line of a clean body as its title, when it reads as a headline and the body goes on
/// after it. The body keeps the line (a body loses nothing).
pub(crate) fn body_headline(paragraphs: &[Paragraph]) -> Option<String> {
    let [first, next, ..] = paragraphs else { return None };
    (is_title_like(&first.text, Class::Short) && next.words >= 8).then(|| first.text.clone())
}

/// Whether a paragraph stands right after prose: a headline opens the text or follows the page's
/// header, it does not come out of the middle of the article.
fn follows_prose(paragraphs: &[Paragraph], i: usize) -> bool {
    i > 0 && matches!(paragraphs[i - 1].class, Class::Good | Class::NearGood)
}

/// Whether a line reads as a headline: a few words (not a long salutation), no final full stop or
/// comma, not a picture caption, date, byline, link or furniture.
pub(crate) fn is_title_like(text: &str, class: Class) -> bool {
    let words = text.split_whitespace().count();
    (3..=30).contains(&words)
        && text.chars().count() <= HEADLINE_MAX_CHARS
        && class != Class::Caption
        && !SALUTATION.is_match(text)
        && !CAPTION.is_match(text)
        && !NOT_HEADLINE.is_match(text)
        && !text.trim_end_matches(['"', '”', '’', '\'', ')']).ends_with(['.', ',', ';', ':'])
        && (!text.ends_with('?') || is_title_case(text))
        && !text.starts_with(['•', '□', '◦', '▪'])
        && !is_date_line(text)
        && byline(text).is_none()
        && !text.ends_with('.')
        && !text.contains("http")
        && !looks_like_furniture(text)
}

/// An outlet name from page furniture: a logo text printed twice ("The ReviewThe Review"), a
/// short first line that the page repeats, or a copyright line.
pub fn outlet<'a>(lines: impl Iterator<Item = &'a str> + Clone) -> Option<String> {
    for line in lines.clone().take(60) {
        let line = line.trim();
        let n = line.len();
        if n >= 6 && n % 2 == 0 && line.is_char_boundary(n / 2) {
            let (a, b) = line.split_at(n / 2);
            if a == b && a.split_whitespace().count() <= 5 && a.chars().next().is_some_and(char::is_uppercase) {
                return Some(a.trim().to_string());
            }
        }
    }
    let first = lines.clone().next().map(str::trim).filter(|l| {
        let words = l.split_whitespace().count();
        (1..=5).contains(&words) && l.chars().next().is_some_and(char::is_uppercase) && !l.ends_with('.')
    });
    if let Some(first) = first {
        if lines.clone().filter(|l| l.trim() == first).count() >= 2 {
            return Some(first.to_string());
        }
    }
    lines.filter_map(|l| COPYRIGHT.captures(l).map(|c| c[1].trim().to_string())).find(|s| s.len() >= 2)
}

/// An outlet name from a URL's host: "www.bbc.co.uk" -> "bbc.co.uk".
pub(crate) fn outlet_from_url(url: &str) -> Option<String> {
    let rest = url.split("://").nth(1).unwrap_or(url);
    let host = rest.split(['/', '?', '#']).next()?.split('@').next_back()?.split(':').next()?;
    let host = host.strip_prefix("www.").unwrap_or(host).to_lowercase();
    (host.contains('.')).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_common_news_layouts() {
        assert_eq!(find_date("October 20, 2025").unwrap().1, "2025-10-20");
        assert_eq!(find_date("Press RoomBy Press RoomOctober 20, 2025No Comments").unwrap().1, "2025-10-20");
        assert_eq!(find_date("  • 16 Oct 2025 23:43").unwrap().1, "2025-10-16");
        assert_eq!(find_date("27 July, 2025 Sunday").unwrap().1, "2025-07-27");
        assert_eq!(find_date(" date 2025-10-21 The pair").unwrap().1, "2025-10-21");
        assert_eq!(find_date("Sept. 3rd 2024").unwrap().1, "2024-09-03");
        assert!(find_date("Monday, October 20").is_none());
        assert!(find_date("Decision 12 2024").is_none());
    }

    #[test]
    fn date_lines_are_only_dates() {
        assert!(is_date_line("October 21, 2025"));
        assert!(is_date_line("Monday, 27 July, 2025"));
        assert!(!is_date_line("On October 20, 2025 Foreign Minister Sergey Lavrov held a call."));
    }

    #[test]
    fn bylines() {
        assert_eq!(byline("By Alice Padgett").as_deref(), Some("Alice Padgett"));
        assert_eq!(byline("Press RoomBy Press RoomOctober 20, 2025No Comments").as_deref(), Some("Press Room"));
        assert_eq!(byline("  • By Al Mayadeen English").as_deref(), Some("Al Mayadeen English"));
        assert_eq!(byline("stood by the decision"), None);
    }

    #[test]
    fn titles_are_headlines_not_salutations_captions_or_prompts() {
        let short = |t: &str| is_title_like(t, Class::Short);
        assert!(short("Trump, Putin to meet in Budapest for talks on ending Ukraine war"));
        assert!(short("What Happens When A Black Man Goes Undercover In The Alt-Right?"));
        let salutation =
            "Dear Members of the Board, dear colleagues and friends of the society, it is with great pleasure \
                          and no small amount of pride that I write to you today";
        assert!(salutation.chars().count() > 150 && !short(salutation));
        for not_a_headline in [
            "Dear Pope Francis",
            "Hello everyone and welcome back",
            "Photo: Alamy Stock Images",
            "President Trump at the White House (AP Photo/Evan Vucci)",
            "Cesare Battisti leaves the headquarters of Federal Police REUTERS/Nacho Doce",
            "— Donald J. Trump (@realDonaldTrump) June 24, 2018",
            "Trump under fire over tax cut for the rich Read more",
            "4. Geert Wilders Hate Speech Trials",
            "And it gave Bill Clinton another unforgettable “Sister Souljah Moment.”",
            "What'd you do on Sunday, Sabrina?",
            "The officials said,",
        ] {
            assert!(!short(not_a_headline), "{not_a_headline}");
        }
    }

    fn paragraph(text: &str, class: Class) -> Paragraph {
        let words = text.split_whitespace().count();
        Paragraph { text: text.to_string(), class, words, stops: 0, block: 0, repeated: false }
    }

    #[test]
    fn a_body_title_is_its_first_line_shaped_like_a_headline() {
        let prose = "The minister said on Monday that the talks with his counterpart had been useful.";
        let body =
            [paragraph("Talks to resume in the capital next week", Class::Short), paragraph(prose, Class::Short)];
        assert_eq!(body_headline(&body).as_deref(), Some("Talks to resume in the capital next week"));
        let letter = [paragraph("Dear Sir or Madam", Class::Short), paragraph(prose, Class::Short)];
        assert_eq!(body_headline(&letter), None);
        let sentence = [paragraph(prose, Class::Short), paragraph(prose, Class::Short)];
        assert_eq!(body_headline(&sentence), None);
        assert_eq!(body_headline(&body[..1]), None);
    }

    #[test]
    fn no_title_from_the_middle_of_the_text() {
        let prose = "The minister said on Monday that the talks with his counterpart had been useful and would go on.";
        let paragraphs = vec![
            paragraph(prose, Class::Good),
            paragraph("A cautious thaw before future meetings", Class::Short),
            paragraph(prose, Class::Good),
            paragraph(prose, Class::Good),
        ];
        let mut extraction = TextExtraction { paragraphs, kept: vec![1, 2, 3] };
        assert_eq!(take_leading_headline(&mut extraction), None);
        assert_eq!(extraction.kept, vec![1, 2, 3]);
        extraction.paragraphs[0].class = Class::Furniture;
        assert_eq!(take_leading_headline(&mut extraction).as_deref(), Some("A cautious thaw before future meetings"));
    }

    #[test]
    fn outlets_from_logo_text_repetition_and_urls() {
        let lines = ["Close Menu", "The Politic ReviewThe Politic Review", "Home"];
        assert_eq!(outlet(lines.iter().copied()).as_deref(), Some("The Politic Review"));
        let lines = ["Al Mayadeen English", "News", "Al Mayadeen English"];
        assert_eq!(outlet(lines.iter().copied()).as_deref(), Some("Al Mayadeen English"));
        let lines = ["Some story text.", "© 2024 Daily Planet. All rights reserved."];
        assert_eq!(outlet(lines.iter().copied()).as_deref(), Some("Daily Planet"));
        assert_eq!(outlet_from_url("https://www.bbc.co.uk/news/x").as_deref(), Some("bbc.co.uk"));
    }
}
