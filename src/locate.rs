//! Locate: where slant's shipped models (`ner/`, `tone/`, `aliases.csv`) are at run time, so a
//! built binary works outside the checkout it was built in (a release bundle, a Spark executor).
//!
//! Search order, first hit wins:
//! 1. an explicit model flag (`--ner-model`, `--tone-model`; `--aliases` adds to the shipped
//!    table, which is still looked up here),
//! 2. `--models-dir DIR`,
//! 3. the environment variable `SLANT_MODELS`,
//! 4. next to the binary: `<exe_dir>/models`, `<exe_dir>/../models`,
//!    `<exe_dir>/../share/slant/models`, `<exe_dir>/../../models` (the last one is a checkout's
//!    `target/release/slant`),
//! 5. the checkout the binary was built from (compiled in), as a last resort.
//!
//! A directory counts as a models directory when it holds `ner/config.json`. A directory named
//! by the flag or the variable that does not is an error, not a reason to look further: the
//! user asked for that one, and silently using another would hide the mistake.
//!
//! Not part of the documented library surface (see the crate docs, "What is public"): public
//! for the `slant` binary, training, evaluation and the integration tests.
#![doc(hidden)]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// The environment variable naming a models directory.
pub const MODELS_ENV: &str = "SLANT_MODELS";

/// The models directory of the checkout this binary was built from.
const COMPILED_IN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/models");

/// No usable models directory.
#[derive(Debug, thiserror::Error)]
pub enum LocateError {
    /// A directory the user named explicitly is not a models directory.
    #[error("{origin} names {}, which is not a slant models directory (no ner/config.json there)", path.display())]
    NotModels { origin: &'static str, path: PathBuf },
    /// Nothing was named and no candidate qualified.
    #[error(
        "no slant models directory found (one holding ner/config.json); pass --models-dir DIR or set {MODELS_ENV}. Searched: {}",
        searched.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    )]
    NotFound { searched: Vec<PathBuf> },
}

/// Whether `dir` is a models directory.
pub(crate) fn is_models_dir(dir: &Path) -> bool {
    dir.join("ner").join("config.json").is_file()
}

/// The models directory for this process: `explicit` (`--models-dir`), else `$SLANT_MODELS`,
/// else next to the running binary, else the compiled-in checkout path.
pub fn models_dir(explicit: Option<&Path>) -> Result<PathBuf, LocateError> {
    let env = std::env::var_os(MODELS_ENV);
    let exe = std::env::current_exe().ok();
    find_models_dir(explicit, env.as_deref(), exe.as_deref(), Some(Path::new(COMPILED_IN)))
}

/// [`models_dir`] with every input passed in (for tests and for callers with their own view).
/// An empty `env` counts as unset.
pub(crate) fn find_models_dir(
    explicit: Option<&Path>,
    env: Option<&OsStr>,
    exe: Option<&Path>,
    compiled_in: Option<&Path>,
) -> Result<PathBuf, LocateError> {
    if let Some(dir) = explicit {
        return named(dir, "--models-dir");
    }
    if let Some(dir) = env.filter(|v| !v.is_empty()) {
        return named(Path::new(dir), MODELS_ENV);
    }
    let mut searched = exe.map(beside_binary).unwrap_or_default();
    searched.extend(compiled_in.map(Path::to_path_buf));
    match searched.iter().find(|dir| is_models_dir(dir)) {
        Some(dir) => Ok(dir.clone()),
        None => Err(LocateError::NotFound { searched }),
    }
}

fn named(dir: &Path, origin: &'static str) -> Result<PathBuf, LocateError> {
    if is_models_dir(dir) {
        Ok(dir.to_path_buf())
    } else {
        Err(LocateError::NotModels { origin, path: dir.to_path_buf() })
    }
}

/// The candidate directories next to a binary, in search order.
pub(crate) fn beside_binary(exe: &Path) -> Vec<PathBuf> {
    let Some(bin) = exe.parent() else { return Vec::new() };
    ["models", "../models", "../share/slant/models", "../../models"].iter().map(|rel| bin.join(rel)).collect()
}

/// The NER model: `explicit` (`--ner-model`), else `ner/` in the models directory.
pub fn ner_model(explicit: Option<&Path>, models: Option<&Path>) -> Result<PathBuf, LocateError> {
    in_models(explicit, models, "ner")
}

/// The tone model: `explicit` (`--tone-model`), else `tone/` in the models directory.
pub fn tone_model(explicit: Option<&Path>, models: Option<&Path>) -> Result<PathBuf, LocateError> {
    in_models(explicit, models, "tone")
}

/// The shipped alias table, `aliases.csv` in the models directory (a user's `--aliases` file is
/// added to it, so it does not replace this one).
pub fn aliases_file(models: Option<&Path>) -> Result<PathBuf, LocateError> {
    in_models(None, models, "aliases.csv")
}

fn in_models(explicit: Option<&Path>, models: Option<&Path>, name: &str) -> Result<PathBuf, LocateError> {
    match explicit {
        Some(path) => Ok(path.to_path_buf()),
        None => Ok(models_dir(models)?.join(name)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A binary's directory exists (`..` is resolved through it).
    fn make_exe(path: PathBuf) -> PathBuf {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        path
    }

    fn make_models(dir: &Path) {
        std::fs::create_dir_all(dir.join("ner")).unwrap();
        std::fs::write(dir.join("ner/config.json"), "{}").unwrap();
    }

    #[test]
    fn explicit_dir_wins_over_everything() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        make_models(&a);
        make_models(&b);
        make_models(&tmp.path().join("models"));
        let exe = tmp.path().join("slant");
        let found = find_models_dir(Some(&a), Some(b.as_os_str()), Some(&exe), None).unwrap();
        assert_eq!(found, a);
        let found = find_models_dir(None, Some(b.as_os_str()), Some(&exe), None).unwrap();
        assert_eq!(found, b);
    }

    #[test]
    fn a_named_directory_without_models_is_an_error_not_a_fallback() {
        let tmp = tempfile::tempdir().unwrap();
        make_models(&tmp.path().join("models"));
        let exe = tmp.path().join("slant");
        let missing = tmp.path().join("nowhere");
        let err = find_models_dir(Some(&missing), None, Some(&exe), None).unwrap_err();
        assert!(matches!(err, LocateError::NotModels { origin: "--models-dir", .. }), "{err}");
        assert!(err.to_string().contains("nowhere"));
        let err = find_models_dir(None, Some(missing.as_os_str()), Some(&exe), None).unwrap_err();
        assert!(matches!(err, LocateError::NotModels { origin: MODELS_ENV, .. }), "{err}");
    }

    #[test]
    fn an_empty_variable_counts_as_unset() {
        let tmp = tempfile::tempdir().unwrap();
        make_models(&tmp.path().join("models"));
        let exe = tmp.path().join("slant");
        let found = find_models_dir(None, Some(OsStr::new("")), Some(&exe), None).unwrap();
        assert_eq!(found, tmp.path().join("models"));
    }

    #[test]
    fn bundle_and_checkout_layouts_are_found_beside_the_binary() {
        // bundle/bin/slant + bundle/models
        let tmp = tempfile::tempdir().unwrap();
        let bundle = tmp.path().join("bundle");
        make_models(&bundle.join("models"));
        let found = find_models_dir(None, None, Some(&make_exe(bundle.join("bin/slant"))), None).unwrap();
        assert_eq!(found, bundle.join("bin/../models"));
        // prefix/bin/slant + prefix/share/slant/models (an installed package)
        let prefix = tmp.path().join("prefix");
        make_models(&prefix.join("share/slant/models"));
        let found = find_models_dir(None, None, Some(&make_exe(prefix.join("bin/slant"))), None).unwrap();
        assert_eq!(found, prefix.join("bin/../share/slant/models"));
        // checkout/target/release/slant + checkout/models
        let checkout = tmp.path().join("checkout");
        make_models(&checkout.join("models"));
        let exe = make_exe(checkout.join("target/release/slant"));
        assert_eq!(
            find_models_dir(None, None, Some(&exe), None).unwrap(),
            checkout.join("target/release/../../models")
        );
        // A directory called models without ner/config.json does not count.
        let flat = tmp.path().join("flat");
        std::fs::create_dir_all(flat.join("models/ner")).unwrap();
        assert!(find_models_dir(None, None, Some(&make_exe(flat.join("slant"))), None).is_err());
    }

    #[test]
    fn the_compiled_in_path_is_the_last_resort_and_the_error_lists_every_place() {
        let tmp = tempfile::tempdir().unwrap();
        let exe = tmp.path().join("bin/slant");
        let compiled = tmp.path().join("checkout/models");
        let err = find_models_dir(None, None, Some(&exe), Some(&compiled)).unwrap_err();
        let LocateError::NotFound { searched } = &err else { panic!("{err}") };
        assert_eq!(searched.len(), 5);
        assert_eq!(searched.last(), Some(&compiled));
        let message = err.to_string();
        assert!(message.contains("share/slant/models") && message.contains("checkout/models"), "{message}");
        assert!(message.contains("--models-dir") && message.contains(MODELS_ENV), "{message}");
        make_models(&compiled);
        assert_eq!(find_models_dir(None, None, Some(&exe), Some(&compiled)).unwrap(), compiled);
    }

    #[test]
    fn explicit_model_paths_win_and_the_rest_are_inside_the_models_dir() {
        let tmp = tempfile::tempdir().unwrap();
        make_models(tmp.path());
        let mine = Path::new("/elsewhere/my-ner");
        assert_eq!(ner_model(Some(mine), Some(Path::new("/nonexistent"))).unwrap(), mine);
        assert_eq!(tone_model(None, Some(tmp.path())).unwrap(), tmp.path().join("tone"));
        assert_eq!(aliases_file(Some(tmp.path())).unwrap(), tmp.path().join("aliases.csv"));
        assert!(ner_model(None, Some(Path::new("/nonexistent"))).is_err());
    }
}
