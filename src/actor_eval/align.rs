//! Carries offsets in a record's text into offsets in the gold text, when slant's extraction
//! changed the text (dropped captions, a headline-like first line): paragraphs found verbatim in
//! order, else the matching blocks of a port of Python's `difflib.SequenceMatcher` (no junk, no
//! autojunk), so that the figures agree with `actor_score.py` to the character.
//!
//! Everything here is in code points (`&[char]`), like the offsets of records and gold.

use std::collections::HashMap;

/// For each character of the record text, the gold offset it stands for (`None`: not found), plus
/// one last entry for the end of the text (always the end of the gold text).
pub type OffsetMap = Vec<Option<usize>>;

/// The offset map from `slant` (record text) to `gold` (`align` in the Python).
pub(crate) fn align(gold: &[char], slant: &[char]) -> OffsetMap {
    if slant == gold {
        return (0..=slant.len()).map(Some).collect();
    }
    let mut map = vec![None; slant.len() + 1];
    let mut cursor = 0;
    let mut pos = 0;
    for par in split_paragraphs(slant) {
        let n = par.len();
        if n > 0 {
            if let Some(j) = find(gold, par, cursor) {
                for k in 0..n {
                    map[pos + k] = Some(j + k);
                }
                cursor = j + n;
            } else {
                let window_end = gold.len().min(cursor + 2 * n + 2000);
                // `gold[cursor:window_end]` in Python is empty when the cursor is past the end.
                let window = if cursor < window_end { &gold[cursor..window_end] } else { &[][..] };
                let mut last = cursor;
                for block in matching_blocks(par, window) {
                    let keep = block.size >= 3
                        || (block.size > 0 && par[block.a..block.a + block.size].iter().any(|&c| !py_isspace(c)));
                    if keep {
                        for k in 0..block.size {
                            map[pos + block.a + k] = Some(cursor + block.b + k);
                            last = last.max(cursor + block.b + k + 1);
                        }
                    }
                }
                cursor = last;
            }
        }
        pos += n + 2;
    }
    map[slant.len()] = Some(gold.len());
    map
}

/// `text.split("\n\n")` as Python splits: every separator cuts, so runs give empty paragraphs.
fn split_paragraphs(text: &[char]) -> Vec<&[char]> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i + 1 < text.len() {
        if text[i] == '\n' && text[i + 1] == '\n' {
            parts.push(&text[start..i]);
            i += 2;
            start = i;
        } else {
            i += 1;
        }
    }
    parts.push(&text[start..]);
    parts
}

/// `haystack.find(needle, from)` for a non-empty needle.
fn find(haystack: &[char], needle: &[char], from: usize) -> Option<usize> {
    if needle.len() > haystack.len() || from > haystack.len() - needle.len() {
        return None;
    }
    let first = needle[0];
    (from..=haystack.len() - needle.len()).find(|&j| haystack[j] == first && &haystack[j..j + needle.len()] == needle)
}

/// Python's `str.isspace` for one character: Unicode white space plus the information separators
/// U+001C..U+001F, which Python counts and Rust does not.
pub(crate) fn py_isspace(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// One matching block: `a[a..a + size] == b[b..b + size]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Block {
    pub a: usize,
    pub b: usize,
    pub size: usize,
}

/// `SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()`: the longest matching block,
/// then the same recursively to its left and right (CPython's queue order, so ties break as
/// there), sorted, adjacent blocks merged, and the dummy `(len(a), len(b), 0)` last.
pub(crate) fn matching_blocks(a: &[char], b: &[char]) -> Vec<Block> {
    let matcher = Matcher::new(a, b);
    let mut queue = vec![(0, a.len(), 0, b.len())];
    let mut blocks = Vec::new();
    while let Some((alo, ahi, blo, bhi)) = queue.pop() {
        let x = matcher.find_longest_match(alo, ahi, blo, bhi);
        if x.size > 0 {
            blocks.push(x);
            if alo < x.a && blo < x.b {
                queue.push((alo, x.a, blo, x.b));
            }
            if x.a + x.size < ahi && x.b + x.size < bhi {
                queue.push((x.a + x.size, ahi, x.b + x.size, bhi));
            }
        }
    }
    blocks.sort();
    let mut merged = Vec::new();
    let (mut i1, mut j1, mut k1) = (0, 0, 0);
    for Block { a: i2, b: j2, size: k2 } in blocks {
        if i1 + k1 == i2 && j1 + k1 == j2 {
            k1 += k2;
        } else {
            if k1 > 0 {
                merged.push(Block { a: i1, b: j1, size: k1 });
            }
            (i1, j1, k1) = (i2, j2, k2);
        }
    }
    if k1 > 0 {
        merged.push(Block { a: i1, b: j1, size: k1 });
    }
    merged.push(Block { a: a.len(), b: b.len(), size: 0 });
    merged
}

struct Matcher<'a> {
    a: &'a [char],
    b: &'a [char],
    /// Positions of each character in `b`, ascending (`b2j`; nothing is junk).
    b2j: HashMap<char, Vec<usize>>,
}

impl<'a> Matcher<'a> {
    fn new(a: &'a [char], b: &'a [char]) -> Self {
        let mut b2j: HashMap<char, Vec<usize>> = HashMap::new();
        for (j, &c) in b.iter().enumerate() {
            b2j.entry(c).or_default().push(j);
        }
        Self { a, b, b2j }
    }

    /// CPython's `find_longest_match`: the longest block, earliest in `a`, then earliest in `b`.
    /// `j2len` is kept as two dense arrays (indexed `j + 1`) with the touched entries cleared,
    /// which is the dict of the Python without its hashing.
    fn find_longest_match(&self, alo: usize, ahi: usize, blo: usize, bhi: usize) -> Block {
        let (a, b) = (self.a, self.b);
        let (mut besti, mut bestj, mut bestsize) = (alo, blo, 0);
        let mut j2len = vec![0usize; b.len() + 1];
        let mut new_j2len = vec![0usize; b.len() + 1];
        let mut touched: Vec<usize> = Vec::new();
        let mut new_touched: Vec<usize> = Vec::new();
        for (i, ch) in a.iter().enumerate().take(ahi).skip(alo) {
            if let Some(positions) = self.b2j.get(ch) {
                for &j in positions {
                    if j < blo {
                        continue;
                    }
                    if j >= bhi {
                        break;
                    }
                    let k = j2len[j] + 1; // j2len[j] holds the length ending at j - 1
                    new_j2len[j + 1] = k;
                    new_touched.push(j + 1);
                    if k > bestsize {
                        (besti, bestj, bestsize) = (i + 1 - k, j + 1 - k, k);
                    }
                }
            }
            for &t in &touched {
                j2len[t] = 0;
            }
            std::mem::swap(&mut j2len, &mut new_j2len);
            std::mem::swap(&mut touched, &mut new_touched);
            new_touched.clear();
        }
        // Nothing is junk, so only the first two of CPython's four extension loops can apply.
        while besti > alo && bestj > blo && a[besti - 1] == b[bestj - 1] {
            (besti, bestj, bestsize) = (besti - 1, bestj - 1, bestsize + 1);
        }
        while besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] == b[bestj + bestsize] {
            bestsize += 1;
        }
        Block { a: besti, b: bestj, size: bestsize }
    }
}

/// `map_span`: the gold span of record characters `start..end`, from the first to the last of
/// them that has a gold offset.
pub(crate) fn map_span(map: &OffsetMap, start: i64, end: i64) -> Option<(usize, usize)> {
    if end <= start || start < 0 || end > map.len() as i64 - 1 {
        return None;
    }
    let mut inside = map[start as usize..end as usize].iter().flatten();
    let first = *inside.next()?;
    let last = inside.last().copied().unwrap_or(first);
    Some((first, last + 1))
}

/// Which gold characters some record character maps to.
pub fn covered(map: &OffsetMap, gold_len: usize) -> Vec<bool> {
    let mut cov = vec![false; gold_len];
    for g in map[..map.len() - 1].iter().flatten() {
        if *g < gold_len {
            cov[*g] = true;
        }
    }
    cov
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn blocks(a: &str, b: &str) -> Vec<(usize, usize, usize)> {
        matching_blocks(&chars(a), &chars(b)).into_iter().map(|x| (x.a, x.b, x.size)).collect()
    }

    #[test]
    fn matching_blocks_agree_with_cpython() {
        // The docstring examples of difflib, and outputs of CPython 3.11 for the others.
        assert_eq!(blocks("abxcd", "abcd"), vec![(0, 0, 2), (3, 2, 2), (5, 4, 0)]);
        assert_eq!(blocks(" abcd", "abcd abcd"), vec![(0, 4, 5), (5, 9, 0)]);
        assert_eq!(blocks("ab", "c"), vec![(2, 1, 0)]);
        assert_eq!(
            blocks("The cat sat on the mat.", "A cat sat upon a mat!"),
            vec![(3, 1, 9), (12, 12, 3), (18, 16, 4), (23, 21, 0)]
        );
        assert_eq!(blocks("aaaa", "aa"), vec![(0, 0, 2), (4, 2, 0)]);
    }

    #[test]
    fn verbatim_paragraphs_map_directly_and_dropped_ones_are_unmapped() {
        let gold = chars("Caption.\n\nFirst para.\n\nSecond para.");
        let slant = chars("First para.\n\nSecond para.");
        let m = align(&gold, &slant);
        assert_eq!(m[0], Some(10));
        assert_eq!(m[13], Some(23));
        assert_eq!(m[slant.len()], Some(gold.len()));
        assert_eq!(map_span(&m, 0, 5), Some((10, 15)));
        let cov = covered(&m, gold.len());
        assert!(!cov[0] && cov[10]);
    }

    #[test]
    fn changed_paragraph_goes_through_the_matcher() {
        let gold = chars("Mr. Smith went home.");
        let slant = chars("Mr Smith went home.");
        let m = align(&gold, &slant);
        // "Mr" keeps its place; " Smith went home." follows the dropped full stop.
        assert_eq!(m[0], Some(0));
        assert_eq!(m[3], Some(4));
        assert_eq!(map_span(&m, 3, 8), Some((4, 9)));
    }
}
