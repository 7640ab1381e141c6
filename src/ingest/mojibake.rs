//! Mojibake repair: text that was UTF-8, decoded once as Latin-1 or Windows-1252 and saved again
//! ("donâ€™t", "cafÃ©", or with the C1 controls Latin-1 leaves: "don\u{e2}\u{80}\u{99}t").
//! Scraped news exports often carry it (about 40% of PerSenT's articles), and it costs more than
//! looks: the quotation marks become letters and controls, so quotations are not seen, and
//! "Weâ" or "Iâ" become names.
//!
//! A run of characters is repaired only when it spells one whole UTF-8 sequence and that spelling
//! cannot be meant: a sequence with a C1 control, any three- or four-byte sequence led by "â"
//! (punctuation and symbols), "ð" (emoji) or carrying a C1 control, and two-byte sequences led by
//! "Â" or "Ã" (Latin-1's own letters and signs). So "José”…" or Icelandic "ð" stay as they are.

/// The byte Windows-1252 gives each of its characters in 0x80-0x9F (Latin-1 has C1 controls
/// there, which map to themselves).
const CP1252_HIGH: [(char, u8); 27] = [
    ('€', 0x80),
    ('‚', 0x82),
    ('ƒ', 0x83),
    ('„', 0x84),
    ('…', 0x85),
    ('†', 0x86),
    ('‡', 0x87),
    ('ˆ', 0x88),
    ('‰', 0x89),
    ('Š', 0x8A),
    ('‹', 0x8B),
    ('Œ', 0x8C),
    ('Ž', 0x8E),
    ('‘', 0x91),
    ('’', 0x92),
    ('“', 0x93),
    ('”', 0x94),
    ('•', 0x95),
    ('–', 0x96),
    ('—', 0x97),
    ('˜', 0x98),
    ('™', 0x99),
    ('š', 0x9A),
    ('›', 0x9B),
    ('œ', 0x9C),
    ('ž', 0x9E),
    ('Ÿ', 0x9F),
];

/// The byte a character stood for when UTF-8 was read as Latin-1 or Windows-1252.
fn byte_of(c: char) -> Option<u8> {
    match u32::from(c) {
        code @ 0..=0xFF => Some(code as u8),
        _ => CP1252_HIGH.iter().find(|&&(k, _)| k == c).map(|&(_, b)| b),
    }
}

/// How many bytes a UTF-8 sequence has that starts with `lead`; `None` for a byte no sequence
/// starts with.
fn sequence_len(lead: u8) -> Option<usize> {
    match lead {
        0xC2..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF4 => Some(4),
        _ => None,
    }
}

fn is_c1(c: char) -> bool {
    ('\u{80}'..='\u{9f}').contains(&c)
}

/// The character `chars` open with as one UTF-8 sequence read as Latin-1 or Windows-1252, and how
/// many characters spell it, when it is certain enough to repair (see the module doc).
fn repaired(chars: &[char]) -> Option<(char, usize)> {
    let lead = *chars.first()?;
    let len = sequence_len(byte_of(lead)?)?;
    let run = chars.get(..len)?;
    let mut bytes = [0u8; 4];
    for (slot, &c) in bytes.iter_mut().zip(run) {
        *slot = byte_of(c)?;
    }
    if bytes[1..len].iter().any(|b| !(0x80..=0xBF).contains(b)) {
        return None;
    }
    let decoded = std::str::from_utf8(&bytes[..len]).ok()?.chars().next()?;
    let certain = run[1..].iter().any(|&c| is_c1(c))
        || match len {
            2 => matches!(lead, 'Â' | 'Ã'),
            _ => matches!(lead, 'â' | 'ð'),
        };
    certain.then_some((decoded, len))
}

/// Whether a character could open a sequence and the next continue it: most texts, accented
/// letters and all, have no such pair and are left without a copy.
fn may_hold_mojibake(text: &str) -> bool {
    let continues = |c: char| byte_of(c).is_some_and(|b| (0x80..=0xBF).contains(&b));
    text.chars().zip(text.chars().skip(1)).any(|(a, b)| ('\u{c2}'..='\u{f4}').contains(&a) && continues(b))
}

/// `text` with its mojibake repaired and how many sequences were (over every round); `None` when
/// it has none. Text encoded wrongly twice is repaired twice.
pub fn repair(text: &str) -> Option<(String, usize)> {
    let mut current: Option<String> = None;
    let mut total = 0;
    // Three rounds: a page garbled three times over is past saving, and this bounds the work.
    for _ in 0..3 {
        let source = current.as_deref().unwrap_or(text);
        if !may_hold_mojibake(source) {
            break;
        }
        let chars: Vec<char> = source.chars().collect();
        let mut out = String::with_capacity(source.len());
        let mut count = 0;
        let mut i = 0;
        while i < chars.len() {
            match repaired(&chars[i..]) {
                Some((c, len)) => {
                    out.push(c);
                    i += len;
                    count += 1;
                }
                None => {
                    out.push(chars[i]);
                    i += 1;
                }
            }
        }
        if count == 0 {
            break;
        }
        total += count;
        current = Some(out);
    }
    current.map(|text| (text, total))
}

#[cfg(test)]
mod tests {
    use super::repair;

    #[test]
    fn utf8_read_as_windows_1252_is_repaired() {
        let (text, n) = repair("We donâ€™t know â€œwhyâ€\u{9d} â€” cafÃ© in SÃ£o Paulo").unwrap();
        assert_eq!(text, "We don’t know “why” — café in São Paulo");
        assert_eq!(n, 6);
    }

    #[test]
    fn utf8_read_as_latin_1_is_repaired() {
        // Latin-1 leaves C1 controls where Windows-1252 has punctuation.
        let (text, n) =
            repair("Carol\u{e2}\u{80}\u{99}s Pub said \u{e2}\u{80}\u{9c}We\u{e2}\u{80}\u{99}d go\u{e2}\u{80}\u{9d}")
                .unwrap();
        assert_eq!(text, "Carol’s Pub said “We’d go”");
        assert_eq!(n, 4);
    }

    #[test]
    fn emoji_and_double_encoding_are_repaired() {
        assert_eq!(repair("ok ðŸ˜€").unwrap().0, "ok 😀");
        // "é" encoded wrongly twice: é -> Ã© -> ÃƒÂ©.
        // Each round counts what it repairs: "Ãƒ" and "Â©" first, then "Ã©".
        assert_eq!(repair("cafÃƒÂ©").unwrap(), ("café".to_string(), 3));
    }

    #[test]
    fn text_that_means_what_it_says_is_left_alone() {
        for text in [
            "José”… said Ægir", // É” and ”… are no sequence led by Â, Ã, â or ð
            "Þórður and Guðrún in Reykjavík",
            "SÃO PAULO, Ã and Â alone", // a lead with no continuation
            "café, naïve, Zürich, Łódź, Владимир",
            "à¢ seems odd but proves nothing", // a three-byte lead other than â without a C1 control
            "plain ASCII",
        ] {
            assert_eq!(repair(text), None, "{text}");
        }
    }

    #[test]
    fn a_broken_sequence_is_left_as_it_is() {
        // PerSenT also has "Carolâ s": the controls were lost, so nothing says which quote it was.
        assert_eq!(repair("Carolâ s Pub and â\u{80} alone"), None);
    }
}
