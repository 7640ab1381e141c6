//! brat standoff export: a directory with `annotation.conf` and, per document, `NAME.txt` (the
//! text, unchanged) and `NAME.ann` (`T1<TAB>PER 10 15<TAB>Rubio` lines, code-point offsets as
//! brat counts them, and an `AnnotatorNotes` line with the model's score).
//!
//! File names come from document ids, sanitised to `[A-Za-z0-9._-]` so no name can leave the
//! directory, and made unique (case-insensitively) with `-2`, `-3`, ... in document order. The
//! directory is built under a temporary name beside the target and renamed into place; an
//! existing target is replaced only when it holds nothing but brat files.

use super::{ExportError, PreparedDocument};
use crate::offsets::CodePoints;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Longest file stem written (bytes), well under file-system limits with the extension.
const MAX_STEM: usize = 100;

/// A brat directory written under a temporary name.
pub struct StagedDirectory {
    temp: tempfile::TempDir,
    target: PathBuf,
}

/// Writes the documents into a temporary directory beside `target`; returns the number of
/// entities written and the directory to [`StagedDirectory::commit`].
pub fn stage(
    docs: &[PreparedDocument],
    target: &Path,
    labels: &[String],
) -> Result<(usize, StagedDirectory), ExportError> {
    check_replaceable(target)?;
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| ExportError::Io { path, source }
    };
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".partial")
        .tempdir_in(&parent)
        .map_err(io(&parent))?;
    let conf = temp.path().join("annotation.conf");
    std::fs::write(&conf, annotation_conf(labels)).map_err(io(&conf))?;
    let ids: Vec<&str> = docs.iter().map(|d| d.doc.id.as_str()).collect();
    let mut entities = 0;
    for (doc, stem) in docs.iter().zip(file_stems(&ids)) {
        let txt = temp.path().join(format!("{stem}.txt"));
        std::fs::write(&txt, &doc.doc.text).map_err(io(&txt))?;
        let ann = temp.path().join(format!("{stem}.ann"));
        std::fs::write(&ann, ann_file(doc)).map_err(io(&ann))?;
        entities += doc.entities.len();
    }
    Ok((entities, StagedDirectory { temp, target: target.to_path_buf() }))
}

impl StagedDirectory {
    /// Moves the directory into place, replacing an earlier brat export there.
    pub fn commit(self) -> Result<(), ExportError> {
        let io = |path: &Path| {
            let path = path.display().to_string();
            move |source| ExportError::Io { path, source }
        };
        check_replaceable(&self.target)?;
        let built = self.temp.keep();
        if !self.target.exists() {
            return std::fs::rename(&built, &self.target).map_err(io(&self.target));
        }
        let mut old = built.clone().into_os_string();
        old.push(".old");
        let old = PathBuf::from(old);
        std::fs::rename(&self.target, &old).map_err(io(&self.target))?;
        if let Err(e) = std::fs::rename(&built, &self.target) {
            // Put the earlier export back rather than leave nothing.
            let _ = std::fs::rename(&old, &self.target);
            return Err(io(&self.target)(e));
        }
        std::fs::remove_dir_all(&old).map_err(io(&old))
    }
}

/// An existing target must be a directory of brat files (a previous export), or empty.
fn check_replaceable(target: &Path) -> Result<(), ExportError> {
    let not_ours = || ExportError::NotABratExport { path: target.display().to_string() };
    if !target.exists() {
        return Ok(());
    }
    let entries = std::fs::read_dir(target).map_err(|_| not_ours())?;
    for entry in entries {
        let entry = entry.map_err(|_| not_ours())?;
        let path = entry.path();
        let brat_file = entry.file_type().is_ok_and(|t| t.is_file())
            && matches!(path.extension().and_then(|e| e.to_str()), Some("txt" | "ann" | "conf"));
        if !brat_file {
            return Err(not_ours());
        }
    }
    Ok(())
}

/// Unique, safe file stems for the ids, in order.
pub(crate) fn file_stems(ids: &[&str]) -> Vec<String> {
    let mut taken: HashSet<String> = HashSet::new();
    ids.iter()
        .map(|id| {
            let base = sanitise(id);
            let mut stem = base.clone();
            let mut n = 2;
            while !taken.insert(stem.to_lowercase()) {
                stem = format!("{base}-{n}");
                n += 1;
            }
            stem
        })
        .collect()
}

/// A file stem from a document id: a known document extension dropped, characters outside
/// `[A-Za-z0-9._-]` replaced by `_`, no leading dot (no hidden files, no `..`), at most
/// `MAX_STEM` bytes, never empty.
pub(crate) fn sanitise(id: &str) -> String {
    let lower = id.to_lowercase();
    let id = [".txt", ".html", ".htm", ".json", ".jsonl"]
        .iter()
        .find(|ext| lower.ends_with(*ext) && id.len() > ext.len())
        .map_or(id, |ext| &id[..id.len() - ext.len()]);
    let mut stem: String =
        id.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '_' }).collect();
    stem = stem.trim_start_matches('.').to_string();
    stem.truncate(MAX_STEM);
    if stem.is_empty() {
        stem = "doc".into();
    }
    stem
}

/// The `.ann` file of one document.
pub(crate) fn ann_file(doc: &PreparedDocument) -> String {
    let offsets = CodePoints::new(&doc.doc.text);
    let mut out = String::new();
    for (i, e) in doc.entities.iter().enumerate() {
        // The text column is one line: a line break inside an entity (rare) is shown as a space.
        let text: String =
            offsets.slice(e.start, e.end).chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }).collect();
        out.push_str(&format!("T{}\t{} {} {}\t{text}\n", i + 1, e.label, e.start, e.end));
        if let Some(score) = e.score {
            out.push_str(&format!("#{}\tAnnotatorNotes T{}\tslant score {score:.4}\n", i + 1, i + 1));
        }
    }
    out
}

/// brat's annotation configuration: the entity types, no relations, events or attributes.
pub(crate) fn annotation_conf(labels: &[String]) -> String {
    let mut conf = String::from("[entities]\n");
    for label in labels {
        conf.push_str(label);
        conf.push('\n');
    }
    conf.push_str("\n[relations]\n\n[events]\n\n[attributes]\n");
    conf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_are_safe_and_unique() {
        let ids =
            ["../../etc/passwd", "a/b.txt", "a_b", "A_B.html", ".hidden", "", "Café “quoted”.txt", &"x".repeat(300)];
        let stems = file_stems(&ids);
        assert_eq!(stems[0], "_.._etc_passwd");
        assert_eq!(&stems[1..4], ["a_b", "a_b-2", "A_B-3"]);
        assert_eq!(stems[4], "hidden");
        assert_eq!(stems[5], "doc");
        assert_eq!(stems[6], "Caf___quoted_");
        assert_eq!(stems[7].len(), MAX_STEM);
        for stem in &stems {
            assert!(!stem.starts_with('.') && !stem.contains('/') && !stem.contains('\\'));
            assert_eq!(Path::new(&format!("{stem}.ann")).components().count(), 1);
        }
    }

    #[test]
    fn refuses_to_replace_a_directory_that_is_not_a_brat_export() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        assert!(check_replaceable(&target).is_ok());
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("a.txt"), "x").unwrap();
        std::fs::write(target.join("a.ann"), "").unwrap();
        assert!(check_replaceable(&target).is_ok());
        std::fs::write(target.join("notes.md"), "mine").unwrap();
        assert!(matches!(check_replaceable(&target), Err(ExportError::NotABratExport { .. })));
    }
}
