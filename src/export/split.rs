//! `--split train:dev:test=80:10:10`: the spec, the file names of the parts, and the stable
//! assignment of each document to a part by a hash of its id (the same id lands in the same part
//! on every run, on every machine, whatever else is in the corpus).

use std::path::{Path, PathBuf};

/// Named parts with their shares (relative weights; they need not add up to 100).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitSpec {
    pub parts: Vec<(String, u32)>,
}

impl std::str::FromStr for SplitSpec {
    type Err = String;

    /// Parses `NAME:NAME[:NAME...]=SHARE:SHARE[:SHARE...]`.
    fn from_str(spec: &str) -> Result<Self, String> {
        let usage = || format!("expected NAMES=SHARES such as train:dev:test=80:10:10, got {spec:?}");
        let (names, shares) = spec.split_once('=').ok_or_else(usage)?;
        let names: Vec<&str> = names.split(':').map(str::trim).collect();
        let shares: Vec<&str> = shares.split(':').map(str::trim).collect();
        if names.len() != shares.len() {
            return Err(format!("{} names but {} shares in {spec:?}", names.len(), shares.len()));
        }
        if names.len() < 2 {
            return Err(format!("a split needs at least two parts: {spec:?}"));
        }
        let mut parts = Vec::new();
        for (name, share) in names.into_iter().zip(shares) {
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
                return Err(format!("part name {name:?} must be letters, digits, `_` or `-`"));
            }
            if parts.iter().any(|(n, _)| n == name) {
                return Err(format!("part {name:?} is named twice"));
            }
            let share: u32 = share.parse().map_err(|_| format!("share {share:?} is not a whole number"))?;
            if share == 0 {
                return Err(format!("part {name:?} has a share of 0"));
            }
            parts.push((name.to_string(), share));
        }
        Ok(Self { parts })
    }
}

impl SplitSpec {
    /// The index of the part document `id` belongs to.
    pub(crate) fn part_of(&self, id: &str) -> usize {
        let total: u64 = self.parts.iter().map(|(_, s)| u64::from(*s)).sum();
        // A uniform point in [0, total) from the top 53 bits of the hash.
        let point = (stable_hash(id) >> 11) as f64 / (1u64 << 53) as f64 * total as f64;
        let mut upper = 0.0;
        for (i, (_, share)) in self.parts.iter().enumerate() {
            upper += f64::from(*share);
            if point < upper {
                return i;
            }
        }
        self.parts.len() - 1
    }
}

/// FNV-1a over the UTF-8 bytes, finished with the SplitMix64 mixer so that every bit depends on
/// every byte. Fixed by this code, not by the standard library's (randomly seeded) hasher.
pub(crate) fn stable_hash(text: &str) -> u64 {
    mix64(crate::hash::fnv1a(text.as_bytes()))
}

/// The SplitMix64 finalizer.
pub(crate) fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// `out.conll` → `out.train.conll`; `out` (no extension, e.g. a directory) → `out.train`.
pub fn part_path(base: &Path, part: &str) -> PathBuf {
    insert_before_extension(base, part)
}

/// `base` with `.infix` put before its extension (or at the end when it has none).
pub(crate) fn insert_before_extension(base: &Path, infix: &str) -> PathBuf {
    match (base.file_stem(), base.extension()) {
        (Some(stem), Some(ext)) => {
            base.with_file_name(format!("{}.{infix}.{}", stem.to_string_lossy(), ext.to_string_lossy()))
        }
        _ => {
            let mut name = base.as_os_str().to_os_string();
            name.push(format!(".{infix}"));
            PathBuf::from(name)
        }
    }
}

/// `ner.jsonl` → `ner.labels.json`: a file that goes with the output, named after it.
pub(crate) fn sidecar_path(base: &Path, suffix: &str) -> PathBuf {
    match base.file_stem() {
        Some(stem) if base.extension().is_some() => base.with_file_name(format!("{}.{suffix}", stem.to_string_lossy())),
        _ => {
            let mut name = base.as_os_str().to_os_string();
            name.push(format!(".{suffix}"));
            PathBuf::from(name)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_specs_and_rejects_bad_ones() {
        let spec: SplitSpec = "train:dev:test=80:10:10".parse().unwrap();
        assert_eq!(spec.parts, vec![("train".into(), 80), ("dev".into(), 10), ("test".into(), 10)]);
        for bad in ["train:dev=80", "train=100", "a:a=1:1", "a:b=1:x", "a:b=1:0", "a b:c=1:1", "a:b"] {
            assert!(bad.parse::<SplitSpec>().is_err(), "{bad}");
        }
    }

    #[test]
    fn assignment_is_stable_and_follows_the_shares() {
        let spec: SplitSpec = "train:dev:test=80:10:10".parse().unwrap();
        let ids: Vec<String> = (0..5000).map(|i| format!("doc-{i}.txt")).collect();
        let parts: Vec<usize> = ids.iter().map(|id| spec.part_of(id)).collect();
        let again: Vec<usize> = ids.iter().map(|id| spec.part_of(id)).collect();
        assert_eq!(parts, again);
        let train = parts.iter().filter(|&&p| p == 0).count() as f64 / ids.len() as f64;
        let dev = parts.iter().filter(|&&p| p == 1).count() as f64 / ids.len() as f64;
        assert!((train - 0.8).abs() < 0.03, "train share {train}");
        assert!((dev - 0.1).abs() < 0.02, "dev share {dev}");
        // The part of an id does not depend on the other ids: a pinned value guards against
        // a hash that changes between versions (which would move documents between parts).
        assert_eq!(stable_hash("a"), mix64(0xaf63_dc4c_8601_ec8c));
    }

    #[test]
    fn part_and_sidecar_paths() {
        assert_eq!(part_path(Path::new("d/out.conll"), "dev"), PathBuf::from("d/out.dev.conll"));
        assert_eq!(part_path(Path::new("d/brat"), "test"), PathBuf::from("d/brat.test"));
        assert_eq!(sidecar_path(Path::new("d/ner.jsonl"), "labels.json"), PathBuf::from("d/ner.labels.json"));
        assert_eq!(sidecar_path(Path::new("ner"), "labels.json"), PathBuf::from("ner.labels.json"));
    }
}
