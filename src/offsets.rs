//! The one converter between the two kinds of offset slant uses: **byte** offsets, which the
//! pipeline's stages work in, and **code-point** offsets, which records carry (what Python's
//! `str` slicing expects, end exclusive). [`crate::output`] converts bytes to code points when a
//! record is written; the record readers ([`crate::link`], [`crate::export`], [`crate::import`],
//! [`crate::tone`]) convert back.

/// Both directions between code-point and byte offsets of one text.
pub struct CodePoints<'t> {
    text: &'t str,
    /// `bytes[c]` is the byte offset of code point `c`, plus one entry for the end; empty when
    /// the text is ASCII, where the two offsets are the same.
    bytes: Vec<usize>,
}

impl<'t> CodePoints<'t> {
    pub fn new(text: &'t str) -> Self {
        let bytes = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices().map(|(b, _)| b).chain([text.len()]).collect()
        };
        Self { text, bytes }
    }

    /// The text the offsets are into.
    pub fn text(&self) -> &'t str {
        self.text
    }

    /// Number of code points in the text.
    pub fn len(&self) -> usize {
        if self.bytes.is_empty() {
            self.text.len()
        } else {
            self.bytes.len() - 1
        }
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Byte offset of code point `c` (the text's end when `c` is past it).
    pub fn byte(&self, c: usize) -> usize {
        if self.bytes.is_empty() {
            c.min(self.text.len())
        } else {
            self.bytes[c.min(self.bytes.len() - 1)]
        }
    }

    /// Code point at byte offset `b` (a char boundary; the number of code points when `b` is at
    /// or past the end).
    pub fn code_point(&self, b: usize) -> usize {
        if self.bytes.is_empty() {
            b.min(self.text.len())
        } else {
            self.bytes.partition_point(|&x| x < b)
        }
    }

    /// The text between two code-point offsets.
    pub fn slice(&self, start: usize, end: usize) -> &'t str {
        &self.text[self.byte(start)..self.byte(end)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_points_and_bytes_map_both_ways() {
        let text = "a“b”\u{a0}❗️🙂c";
        let offsets = CodePoints::new(text);
        for (c, (b, _)) in text.char_indices().enumerate() {
            assert_eq!(offsets.byte(c), b);
            assert_eq!(offsets.code_point(b), c);
        }
        let n = text.chars().count();
        assert_eq!((offsets.len(), offsets.code_point(text.len()), offsets.byte(n + 5)), (n, n, text.len()));
        assert_eq!(offsets.slice(n - 2, n), "🙂c");
    }

    #[test]
    fn ascii_offsets_are_the_same_both_ways() {
        let offsets = CodePoints::new("plain");
        assert_eq!((offsets.byte(3), offsets.code_point(3), offsets.len()), (3, 3, 5));
        assert_eq!((offsets.byte(9), offsets.slice(1, 3)), (5, "la"));
        assert!(CodePoints::new("").is_empty());
    }
}
