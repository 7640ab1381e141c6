//! How the binary finds its models at run time: `--models-dir`, `SLANT_MODELS`, and what
//! `slant env` reports. A named directory that is not a models directory is a usage error.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

fn slant() -> Command {
    let mut cmd = Command::cargo_bin("slant").unwrap();
    cmd.env_remove("SLANT_MODELS");
    cmd
}

fn one_article(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("a.txt");
    std::fs::write(&path, "Talks resume\n\nThe minister said on Monday that the talks had been useful.\n").unwrap();
    path
}

#[test]
fn a_models_dir_that_does_not_exist_is_a_clear_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let input = one_article(tmp.path());
    let missing = tmp.path().join("no-such-models");
    let out = tmp.path().join("out.jsonl");

    let assert = slant()
        .args(["tag", "--no-ner", "--models-dir"])
        .arg(&missing)
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(3); // models missing: the run cannot start (issue 16)
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("--models-dir") && stderr.contains("no-such-models"), "{stderr}");
    assert!(stderr.contains("ner/config.json"), "{stderr}");
    assert!(!out.exists());

    let assert = slant().env("SLANT_MODELS", &missing).arg("tag").arg(&input).arg("-o").arg(&out).assert().code(3);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("SLANT_MODELS") && stderr.contains("no-such-models"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn models_dir_and_slant_models_select_the_alias_table() {
    // A models directory of its own (the shipped ner/config.json, no weights, so --no-ner) whose
    // alias table is read: the explicit directory is the one used, not the checkout's.
    let tmp = tempfile::tempdir().unwrap();
    let models = tmp.path().join("models");
    std::fs::create_dir_all(models.join("ner")).unwrap();
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("models/ner/config.json"), models.join("ner/config.json"))
        .unwrap();
    std::fs::write(models.join("aliases.csv"), "canonical,aliases,type,external_id,group\nKyiv,Kiev,BOGUS,,\n")
        .unwrap();
    let input = one_article(tmp.path());
    let out = tmp.path().join("out.jsonl");

    // The alias table's unknown type makes the run fail, which shows it was the one read.
    let assert =
        slant().args(["tag", "--no-ner", "--models-dir"]).arg(&models).arg(&input).arg("-o").arg(&out).assert().code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains(&models.join("aliases.csv").display().to_string()), "{stderr}");

    std::fs::write(models.join("aliases.csv"), "canonical,aliases,type,external_id,group\n").unwrap();
    slant().env("SLANT_MODELS", &models).args(["tag", "--no-ner"]).arg(&input).arg("-o").arg(&out).assert().code(0);
    let record: Value = serde_json::from_str(std::fs::read_to_string(&out).unwrap().trim()).unwrap();
    assert_eq!(record["status"], "ok");
}

#[test]
fn env_reports_models_dir_and_libtorch() {
    let tmp = tempfile::tempdir().unwrap();
    let models = tmp.path().join("m");
    std::fs::create_dir_all(models.join("ner")).unwrap();
    std::fs::write(models.join("ner/config.json"), "{}").unwrap();
    let output = slant().env("SLANT_MODELS", &models).arg("env").output().unwrap();
    assert!(output.status.success());
    let info: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(info["models_dir"], models.display().to_string());
    let libtorch = info["libtorch"].as_str().expect("libtorch path reported");
    assert!(libtorch.ends_with("libtorch_cpu.so") && Path::new(libtorch).exists(), "{libtorch}");
}

#[test]
fn a_copied_binary_finds_the_models_of_its_bundle_before_the_checkout() {
    // bundle/bin/slant + bundle/models: the layout scripts/spark-tag.sh ships to executors.
    let tmp = tempfile::tempdir().unwrap();
    let bundle = tmp.path().join("bundle");
    std::fs::create_dir_all(bundle.join("bin")).unwrap();
    std::fs::create_dir_all(bundle.join("models/ner")).unwrap();
    std::fs::write(bundle.join("models/ner/config.json"), "{}").unwrap();
    let exe = bundle.join("bin/slant");
    std::fs::copy(assert_cmd::cargo::cargo_bin("slant"), &exe).unwrap();

    // Another test thread forking while the copy was open for writing leaves the child holding
    // it until its exec: running it then fails with "text file busy" (ETXTBSY) for a moment.
    let mut tries = 0;
    let output = loop {
        match Command::new(&exe).env_remove("SLANT_MODELS").arg("env").output() {
            Err(e) if e.raw_os_error() == Some(26) && tries < 50 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            other => break other.unwrap(),
        }
    };
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let info: Value = serde_json::from_slice(&output.stdout).unwrap();
    let found = info["models_dir"].as_str().unwrap();
    assert_eq!(Path::new(found).canonicalize().unwrap(), bundle.join("models").canonicalize().unwrap());
}
