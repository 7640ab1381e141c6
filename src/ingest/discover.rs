//! Discovery: the user's input arguments (files, directories walked recursively, glob patterns,
//! `-` for standard input) as a sorted list of [`InputFile`]s, so that ids and output order are
//! stable; and the format of each, told by its extension (`.gz` stripped) or by sniffing.

use super::decode::{WideDecoder, WideEncoding};
use super::{InputFile, InputFormat, UsageError};
use std::path::{Path, PathBuf};

const KNOWN_EXTENSIONS: &[&str] = &["txt", "text", "html", "htm", "xhtml", "jsonl", "ndjson", "json", "csv", "tsv"];

/// Expands the user's input arguments into files, in a stable order.
///
/// Directories are walked recursively (sorted, hidden entries skipped) and contribute the files
/// with a known extension (or every file when the format is forced); named files are always taken.
/// A path that does not exist is kept, so that it is reported as an unreadable document.
pub fn discover(args: &[String], forced: Option<InputFormat>) -> Result<Vec<InputFile>, UsageError> {
    if args.is_empty() {
        return Err(UsageError::NoInputs);
    }
    let mut files = Vec::new();
    for arg in args {
        if arg == "-" {
            files.push(InputFile { path: PathBuf::from("-"), rel: "stdin".into() });
            continue;
        }
        let path = Path::new(arg);
        if path.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found, forced.is_some());
            found.sort();
            for p in found {
                let rel = relative(&p, path);
                files.push(InputFile { path: p, rel });
            }
        } else if !path.exists() && arg.contains(['*', '?', '[']) {
            let root = glob_root(arg);
            let paths = glob::glob(arg).map_err(|source| UsageError::BadGlob { pattern: arg.clone(), source })?;
            let mut matched: Vec<PathBuf> = paths.filter_map(Result::ok).filter(|p| p.is_file()).collect();
            if matched.is_empty() {
                return Err(UsageError::NoMatch(arg.clone()));
            }
            matched.sort();
            for p in matched {
                let rel = relative(&p, &root);
                files.push(InputFile { path: p, rel });
            }
        } else {
            let rel = path.file_name().map_or_else(|| arg.clone(), |n| n.to_string_lossy().into_owned());
            files.push(InputFile { path: path.to_path_buf(), rel });
        }
    }
    Ok(files)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, take_all: bool) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        // An unreadable directory is reported as one unreadable input.
        out.push(dir.to_path_buf());
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            walk(&path, out, take_all);
        } else if take_all || has_known_extension(&path) {
            out.push(path);
        }
    }
}

fn has_known_extension(path: &Path) -> bool {
    let (stem_ext, _) = extension_without_gz(path);
    stem_ext.is_some_and(|e| KNOWN_EXTENSIONS.contains(&e.as_str()))
}

/// The extension that says the format (the one before `.gz` for gzip files), and whether gzipped.
pub(super) fn extension_without_gz(path: &Path) -> (Option<String>, bool) {
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    let (name, gz) = match name.strip_suffix(".gz") {
        Some(stripped) => (stripped.to_string(), true),
        None => (name, false),
    };
    let ext = Path::new(&name).extension().map(|e| e.to_string_lossy().into_owned());
    (ext, gz)
}

pub(super) fn format_from_extension(ext: &str) -> Option<InputFormat> {
    Some(match ext {
        "txt" | "text" | "md" => InputFormat::Text,
        "html" | "htm" | "xhtml" => InputFormat::Html,
        "jsonl" | "ndjson" | "json" => InputFormat::Jsonl,
        "csv" | "tsv" => InputFormat::Csv,
        _ => return None,
    })
}

/// Guesses the format of content with no telling extension.
pub(super) fn sniff(bytes: &[u8]) -> InputFormat {
    let head = &bytes[..bytes.len().min(4096)];
    let head = match WideEncoding::detect(head) {
        Some((encoding, bom)) => {
            let mut utf8 = Vec::new();
            WideDecoder::new(encoding, b"").feed(&head[bom..], &mut utf8);
            String::from_utf8_lossy(&utf8).to_lowercase()
        }
        None => String::from_utf8_lossy(head).to_lowercase(),
    };
    let trimmed = head.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        InputFormat::Jsonl
    } else if trimmed.starts_with("<!doctype html")
        || trimmed.starts_with("<html")
        || (trimmed.starts_with('<') && head.contains("<body"))
    {
        InputFormat::Html
    } else {
        InputFormat::Text
    }
}

pub(super) fn glob_root(pattern: &str) -> PathBuf {
    let mut root = PathBuf::new();
    for part in Path::new(pattern).components() {
        if part.as_os_str().to_string_lossy().contains(['*', '?', '[']) {
            break;
        }
        root.push(part);
    }
    root
}

fn relative(path: &Path, root: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).to_string_lossy().into_owned()
}
