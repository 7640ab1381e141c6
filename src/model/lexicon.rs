//! [`Lexicon`]: prior word polarity from sentiment lexicons, as a small input feature for the
//! tone classifier (the published best NewsMTSC model adds lexicons to its encoder the same way).
//!
//! Built from VADER (mean rating -4..4, MIT) and AFINN-165 (-5..5, Apache-2.0): each single-word
//! entry's ratings are scaled to [-1, 1] and averaged over the lexicons that have it, then cut
//! into [`LEXICON_CLASSES`] classes. The table travels with a trained model as `lexicon.tsv`
//! (`word<TAB>class`), so prediction needs no lexicon files.

use super::files::{file_error, ModelError};
use std::collections::BTreeMap;
use std::path::Path;

/// none, strongly negative, negative, positive, strongly positive.
pub const LEXICON_CLASSES: i64 = 5;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lexicon {
    classes: BTreeMap<String, i64>,
}

impl Lexicon {
    /// Reads the lexicons under `dir` (`vader/vader_lexicon.txt`, `afinn/AFINN-en-165.txt`; at
    /// least one must exist).
    pub fn from_sources(dir: &Path) -> Result<Self, ModelError> {
        let sources = [(dir.join("vader/vader_lexicon.txt"), 4.0), (dir.join("afinn/AFINN-en-165.txt"), 5.0)];
        let mut scores: BTreeMap<String, Vec<f32>> = BTreeMap::new();
        let mut found = false;
        for (path, scale) in &sources {
            let Ok(text) = std::fs::read_to_string(path) else { continue };
            found = true;
            for (i, line) in text.lines().enumerate() {
                let mut fields = line.split('\t');
                let (Some(word), Some(rating)) = (fields.next(), fields.next()) else { continue };
                // Multi-word entries and emoticons never match one word of a sentence.
                if word.contains(' ') || !word.chars().any(char::is_alphabetic) {
                    continue;
                }
                let rating: f32 = rating
                    .trim()
                    .parse()
                    .map_err(|e| file_error(path, format!("line {}: rating {rating:?}: {e}", i + 1)))?;
                scores.entry(word.to_lowercase()).or_default().push(rating / scale);
            }
        }
        if !found {
            return Err(file_error(dir, "no vader/vader_lexicon.txt or afinn/AFINN-en-165.txt here"));
        }
        let classes = scores
            .into_iter()
            .filter_map(|(word, s)| {
                let mean = s.iter().sum::<f32>() / s.len() as f32;
                let class = match mean {
                    m if m <= -0.5 => 1,
                    m if m < 0.0 => 2,
                    m if m >= 0.5 => 4,
                    m if m > 0.0 => 3,
                    _ => return None,
                };
                Some((word, class))
            })
            .collect();
        Ok(Self { classes })
    }

    /// Reads a `lexicon.tsv` written by [`Lexicon::save`].
    pub fn load(path: &Path) -> Result<Self, ModelError> {
        let text = std::fs::read_to_string(path).map_err(|e| file_error(path, e))?;
        let mut classes = BTreeMap::new();
        for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.is_empty()) {
            let parsed = line.split_once('\t').and_then(|(w, c)| Some((w.to_string(), c.parse::<i64>().ok()?)));
            match parsed {
                Some((word, class)) if (1..LEXICON_CLASSES).contains(&class) => {
                    classes.insert(word, class);
                }
                _ => return Err(file_error(path, format!("line {}: expected `word<TAB>class` (1-4)", i + 1))),
            }
        }
        Ok(Self { classes })
    }

    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        let text: String = self.classes.iter().map(|(w, c)| format!("{w}\t{c}\n")).collect();
        std::fs::write(path, text).map_err(|e| file_error(path, e))
    }

    /// The class of a word (0 when the lexicons do not rate it).
    pub(crate) fn class_of(&self, word: &str) -> i64 {
        self.classes.get(&word.to_lowercase()).copied().unwrap_or(0)
    }

    pub fn len(&self) -> usize {
        self.classes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.classes.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicons_are_merged_scaled_and_round_tripped() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("vader")).unwrap();
        std::fs::create_dir_all(dir.path().join("afinn")).unwrap();
        std::fs::write(
            dir.path().join("vader/vader_lexicon.txt"),
            "horrible\t-2.5\t0.5\t[]\ngood\t1.9\t0.9\t[]\n:)\t2.0\t0.1\t[]\nmeh\t0.0\t0.1\t[]\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("afinn/AFINN-en-165.txt"), "good\t3\nhate\t-3\ncool stuff\t3\nok\t1\n").unwrap();
        let lexicon = Lexicon::from_sources(dir.path()).unwrap();
        assert_eq!(lexicon.class_of("Horrible"), 1); // -2.5/4 = -0.63
        assert_eq!(lexicon.class_of("hate"), 1); // -3/5 = -0.6
        assert_eq!(lexicon.class_of("good"), 4); // mean of 0.475 and 0.6
        assert_eq!(lexicon.class_of("ok"), 3); // 0.2
        assert_eq!(lexicon.class_of("meh"), 0);
        assert_eq!(lexicon.class_of(":)"), 0);
        assert_eq!(lexicon.class_of("cool"), 0);
        let path = dir.path().join("lexicon.tsv");
        lexicon.save(&path).unwrap();
        assert_eq!(Lexicon::load(&path).unwrap(), lexicon);
        assert!(Lexicon::from_sources(&dir.path().join("nothing")).is_err());
    }
}
