//! `slant eval actors`: arguments and the run function (the scoring is `slant::actor_eval`).
//! Prints the table (or, with `--json`, one JSON object on stdout and the summary line on
//! stderr), warns about unparsable record lines by file and line, and with `--write-docs` writes
//! the gold texts for `slant tag` instead of scoring.

use anyhow::Context;
use clap::Args;
use slant::actor_eval;
use std::path::PathBuf;
use std::process::ExitCode;

/// Record lines named in the warning about unparsable lines.
const BAD_LINES_SHOWN: usize = 5;

#[derive(Args, Debug)]
pub struct EvalActorsArgs {
    /// Coreference gold: the gum-dev JSON (`gum_gold.json`), a CoNLL-2012 `*_conll` file, or a
    /// folder of them (documents `DOC_PPP`: the document id and its part as three digits).
    #[arg(long)]
    pub gold: PathBuf,
    /// `slant tag` output (JSONL), matched to gold documents by `id`.
    #[arg(required_unless_present = "write_docs")]
    pub records: Option<PathBuf>,
    /// Print one JSON object with every figure (the key names of `actor_score.py --json`, plus
    /// `ceafe` in each clustering subset) instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Write the gold documents' texts as `{"id", "text"}` JSONL for `slant tag` and score
    /// nothing (for CoNLL-2012 gold, whose text is made from its words).
    #[arg(long, value_name = "FILE")]
    pub write_docs: Option<PathBuf>,
}

pub fn run(args: EvalActorsArgs) -> anyhow::Result<ExitCode> {
    let gold = actor_eval::gold::read(&args.gold)?;
    if let Some(path) = &args.write_docs {
        std::fs::write(path, actor_eval::docs_jsonl(&gold))
            .with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("slant: wrote {} documents to {}", gold.docs.len(), path.display());
        return Ok(ExitCode::SUCCESS);
    }
    let path = args.records.expect("clap requires RECORDS without --write-docs");
    let records = actor_eval::read_records(&path)?;
    if !records.unparsable_lines.is_empty() {
        let shown: Vec<String> =
            records.unparsable_lines.iter().take(BAD_LINES_SHOWN).map(|l| format!("{}:{l}", path.display())).collect();
        let more = records.unparsable_lines.len().saturating_sub(BAD_LINES_SHOWN);
        eprintln!(
            "slant: warning: {} record lines are not JSON and count as no record: {}{}",
            records.unparsable_lines.len(),
            shown.join(", "),
            if more > 0 { format!(" and {more} more") } else { String::new() }
        );
    }
    let scores = actor_eval::score(&gold, &records);
    if args.json {
        println!("{}", serde_json::to_string(&scores)?);
        eprintln!("{}", scores.summary());
    } else {
        print!("{}", scores.table());
        println!("{}", scores.summary());
    }
    Ok(ExitCode::SUCCESS)
}
