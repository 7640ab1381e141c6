//! Word shapes: the capitalization cue an uncased encoder cannot see.

/// Number of shape classes: 0 is for special tokens and padding, then the word shapes.
pub const SHAPE_CLASSES: i64 = 6;

/// The shape class of a word: 1 lower, 2 Capitalized, 3 ALLCAPS, 4 has a digit, 5 other
/// (punctuation, symbols, mixed case such as "iPhone").
pub fn word_shape(word: &str) -> i64 {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    if word.chars().any(|c| c.is_ascii_digit()) {
        return 4;
    }
    if letters.is_empty() {
        return 5;
    }
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    if upper == 0 {
        1
    } else if upper == letters.len() {
        if letters.len() == 1 {
            2
        } else {
            3
        }
    } else if letters[0].is_uppercase() && upper == 1 {
        2
    } else if letters[0].is_uppercase() && word.contains(['-', '\'', '’', '.']) {
        // "Jean-Pierre", "O'Neil", "McDonald's"-like names read as Capitalized.
        2
    } else {
        5
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(word_shape("minister"), 1);
        assert_eq!(word_shape("Lavrov"), 2);
        assert_eq!(word_shape("J."), 2);
        assert_eq!(word_shape("NATO"), 3);
        assert_eq!(word_shape("2025"), 4);
        assert_eq!(word_shape(","), 5);
        assert_eq!(word_shape("iPhone"), 5);
        assert_eq!(word_shape("Jean-Pierre"), 2);
        assert_eq!(word_shape("Zelenskyy"), 2);
    }
}
