//! `slant tag`: turns the arguments into ingest, pipeline and corpus-run options, runs the corpus,
//! and prints the summary; and the fingerprint that lets `--resume` tell its own journal.

use super::args::{parse_device, FieldArgs, HtmlExtractorArg, InputFormatArg, PrecisionArg};
use super::progress::Reporter;
use super::{fatal, EXIT_FAILED_DOCS};
use anyhow::Context;
use clap::{Args, ValueEnum};
use serde_json::{json, Value};
use slant::corpus::{self, RunOptions, Shard};
use slant::extract::ExtractOptions;
use slant::ingest::{self, Ingest, IngestOptions, InputFormat, Manifest};
use slant::output::{RecordOptions, Sink};
use slant::pipeline::{Pipeline, PipelineOptions};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub(super) struct TagArgs {
    /// Files, directories (recursive), glob patterns, or `-` for standard input.
    #[arg(required = true)]
    inputs: Vec<String>,
    /// Output file (JSONL); `-` for standard output.
    #[arg(short, long, default_value = "-")]
    output: String,
    /// Read every input as this format instead of detecting it from the extension.
    #[arg(long, value_enum)]
    input_format: Option<InputFormatArg>,
    /// CSV or JSONL file keyed by `id` or `file` supplying outlet, date, url, title, author.
    #[arg(long)]
    manifest: Option<PathBuf>,
    /// Treat text inputs as clean article bodies (skip furniture removal).
    #[arg(long)]
    no_extract: bool,
    /// Keep mojibake as it is: by default UTF-8 that was read as Latin-1 or Windows-1252
    /// ("donâ€™t") is repaired ("don’t"), with a warning in the record.
    #[arg(long)]
    keep_mojibake: bool,
    /// HTML body extractor.
    #[arg(long, value_enum, default_value_t = HtmlExtractorArg::Combined)]
    html_extractor: HtmlExtractorArg,
    /// Include token offsets in each sentence.
    #[arg(long)]
    tokens: bool,
    /// NER model directory (default: the shipped models/ner).
    #[arg(long)]
    ner_model: Option<PathBuf>,
    /// Skip entity recognition (`entities` and `actors` stay empty).
    #[arg(long, conflicts_with = "ner_model")]
    no_ner: bool,
    /// Tone model directory (default: the shipped models/tone).
    #[arg(long)]
    tone_model: Option<PathBuf>,
    /// Skip tone (actors are grouped but get no tone).
    #[arg(long, conflicts_with = "tone_model")]
    no_tone: bool,
    /// Run NER and tone on bodies identified as another language than English too (by default
    /// they get no entities or actors, and a warning; `language` is in every record).
    #[arg(long)]
    any_language: bool,
    /// Alias CSV (canonical,aliases,type,external_id,group) that overrides and extends the
    /// automatic grouping of actors; added to the shipped models/aliases.csv.
    #[arg(long)]
    aliases: Option<PathBuf>,
    /// Directory holding the shipped models (ner/, tone/, aliases.csv). Default: $SLANT_MODELS,
    /// else `models` beside the binary (bin/, bin/.., ../share/slant, the checkout), else the
    /// checkout the binary was built from.
    #[arg(long, value_name = "DIR")]
    models_dir: Option<PathBuf>,
    /// Device for models: cpu, cuda or cuda:N.
    #[arg(long, default_value = "cpu")]
    device: String,
    /// What the encoders compute in: `auto` is bf16 where the CPU has native bf16 (AVX-512
    /// BF16) and bf16 was validated, else fp32 (`slant env` shows which).
    #[arg(long, value_enum, default_value_t = PrecisionArg::Auto)]
    precision: PrecisionArg,
    /// Documents larger than this (in MB) become error records.
    #[arg(long, default_value_t = 16.0)]
    max_doc_mb: f64,
    /// Stop at the first document that fails.
    #[arg(long)]
    strict: bool,
    /// Worker threads (0: all cores).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// No progress bar, warnings or summary on stderr (errors are still printed).
    #[arg(short, long)]
    quiet: bool,
    #[command(flatten)]
    fields: FieldArgs,
    /// Link actors within each document only; `slant link` links such outputs (shards) later.
    #[arg(long)]
    no_link: bool,
    /// Tag only the documents whose id hashes to shard K of N (1-based), e.g. `--shard 2/8`.
    #[arg(long, value_parser = Shard::parse)]
    shard: Option<Shard>,
    /// Continue an interrupted run of the same command: documents already tagged (in the journal
    /// beside the output, `.NAME.slant-journal/`) are not tagged again.
    #[arg(long, requires = "output")]
    resume: bool,
}

pub(super) fn run(args: TagArgs) -> anyhow::Result<ExitCode> {
    let run_fingerprint = fingerprint(&args);
    slant::runtime::set_threads(args.threads);
    let input_format = args.input_format.map(InputFormat::from);
    let files = ingest::discover(&args.inputs, input_format)?;
    let manifest = args.manifest.as_deref().map(Manifest::load).transpose()?;
    let ingest_options = IngestOptions {
        format: input_format,
        fields: args.fields.into(),
        max_doc_bytes: (args.max_doc_mb * 1024.0 * 1024.0) as usize,
        text_is_body: args.no_extract,
        repair_mojibake: !args.keep_mojibake,
    };
    // Found at run time (flag, $SLANT_MODELS, beside the binary), so a copied binary works too.
    // Always needed: the shipped alias table is read even when both models are given.
    let mut options = PipelineOptions::shipped(args.models_dir.as_deref()).map_err(|e| match e {
        slant::pipeline::SetupError::Locate(_) => fatal(e),
        slant::pipeline::SetupError::Aliases(_) => e.into(),
    })?;
    let shipped_ner = options.ner_model.take().expect("shipped options name a NER model");
    let shipped_tone = options.tone_model.take().expect("shipped options name a tone model");
    options.ner_model = choose_model(args.no_ner, args.ner_model, shipped_ner, "entities");
    options.tone_model =
        choose_model(args.no_tone || options.ner_model.is_none(), args.tone_model, shipped_tone, "tone");
    if let Some(path) = &args.aliases {
        options.aliases.extend_from(path)?;
    }
    options.extract = ExtractOptions { html_extractor: args.html_extractor.into() };
    options.record = RecordOptions { with_tokens: args.tokens };
    options.device = Some(parse_device(&args.device)?);
    options.precision = args.precision.into();
    options.any_language = args.any_language;
    let pipeline = Pipeline::new(options).map_err(fatal)?;
    if args.resume && args.output == "-" {
        anyhow::bail!("--resume needs an output file (-o FILE), not standard output");
    }
    let run = RunOptions {
        strict: args.strict,
        link: !args.no_link,
        journal: (args.output != "-").then(|| corpus::journal_dir_for(std::path::Path::new(&args.output))),
        resume: args.resume,
        fingerprint: run_fingerprint,
    };
    let mut sink =
        Sink::open(&args.output).with_context(|| format!("cannot write to {}", args.output)).map_err(fatal)?;
    let reporter = Reporter::new(args.quiet, files.len());
    let items = Ingest::new(files, ingest_options, manifest);
    let shard = args.shard;
    let items = items.filter(move |item| shard.is_none_or(|s| s.contains_item(item)));
    let summary = corpus::run_corpus(&pipeline, items, &mut sink, &reporter, &run).map_err(|e| {
        // The journal of a run with other settings is the user's to sort out; any other I/O
        // error ended the run.
        let refused = e.kind() == std::io::ErrorKind::InvalidInput;
        let e = anyhow::Error::new(e).context(format!("writing {}", args.output));
        if refused {
            e
        } else {
            fatal(e)
        }
    })?;
    reporter.bar.finish_and_clear();

    let written = if summary.stopped_early {
        // A stopped run leaves nothing under the final name (the temporary file is removed).
        drop(sink);
        None
    } else {
        sink.finish().with_context(|| format!("cannot finish {}", args.output)).map_err(fatal)?
    };
    if !args.quiet {
        let secs = summary.elapsed.as_secs_f64().max(1e-9);
        eprintln!(
            "slant: {} documents{}: {} ok, {} failed ({}); {} sentences, {} tokens, {} entities, {} actors, {} warnings{}; {:.1} docs/s{}",
            summary.documents,
            if summary.resumed_after > 0 {
                format!(" ({} tagged before resuming)", summary.resumed_after)
            } else {
                String::new()
            },
            summary.ok,
            summary.failed,
            if summary.errors.is_empty() {
                "none".to_string()
            } else {
                summary.errors.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join(", ")
            },
            summary.sentences,
            summary.words,
            summary.entities,
            summary.actors,
            summary.warnings,
            match summary.other_language {
                0 => String::new(),
                n if args.any_language => format!(" ({n} documents in another language than English)"),
                n => format!(" ({n} documents in another language than English: no entities; --any-language)"),
            },
            (summary.documents - summary.resumed_after) as f64 / secs,
            written.map(|p| format!("; wrote {}", p.display())).unwrap_or_default(),
        );
    }
    if summary.stopped_early {
        eprintln!("slant: stopped at the first failed document (--strict); no output file written");
    }
    Ok(if summary.failed > 0 { ExitCode::from(EXIT_FAILED_DOCS) } else { ExitCode::SUCCESS })
}

/// The model to use: none when skipped, the user's, else the shipped one if it is there.
fn choose_model(skip: bool, given: Option<PathBuf>, shipped: PathBuf, what: &str) -> Option<PathBuf> {
    if skip {
        return None;
    }
    if given.is_some() {
        return given;
    }
    if shipped.join("model.safetensors").exists() {
        Some(shipped)
    } else {
        eprintln!("slant: warning: no model at {}; no {what}", shipped.display());
        None
    }
}

/// What identifies a tagging run for `--resume`: slant's version and every setting that changes
/// the records, each under its flag's name and in sorted order, so that renaming or reordering
/// the argument fields changes nothing. Threads, quiet and resume itself change nothing written,
/// so a run may be resumed with other values of those. (The settings are those the fingerprint
/// held before it was built by name: the output path is one of them, as it names the journal.)
/// A journal whose fingerprint differs, an older slant's included, is refused by the corpus run.
fn fingerprint(args: &TagArgs) -> String {
    // Taken apart in full, so that a new flag does not compile until it is put on one side.
    let TagArgs {
        inputs,
        output,
        input_format,
        manifest,
        no_extract,
        keep_mojibake,
        html_extractor,
        tokens,
        ner_model,
        no_ner,
        tone_model,
        no_tone,
        any_language,
        aliases,
        models_dir,
        device,
        precision,
        max_doc_mb,
        strict,
        fields,
        no_link,
        shard,
        threads: _,
        quiet: _,
        resume: _,
    } = args;
    let FieldArgs { id_field, text_field, html_field, title_field, outlet_field, date_field, author_field, url_field } =
        fields;
    let path = |p: &Option<PathBuf>| json!(p.as_ref().map(|p| p.display().to_string()));
    let settings: BTreeMap<&str, Value> = BTreeMap::from([
        ("inputs", json!(inputs)),
        ("output", json!(output)),
        ("input-format", json!(input_format.as_ref().map(value_name))),
        ("manifest", path(manifest)),
        ("no-extract", json!(no_extract)),
        ("keep-mojibake", json!(keep_mojibake)),
        ("html-extractor", json!(value_name(html_extractor))),
        ("tokens", json!(tokens)),
        ("ner-model", path(ner_model)),
        ("no-ner", json!(no_ner)),
        ("tone-model", path(tone_model)),
        ("no-tone", json!(no_tone)),
        ("any-language", json!(any_language)),
        ("aliases", path(aliases)),
        ("models-dir", path(models_dir)),
        ("device", json!(device)),
        ("precision", json!(value_name(precision))),
        ("max-doc-mb", json!(max_doc_mb)),
        ("strict", json!(strict)),
        ("id-field", json!(id_field)),
        ("text-field", json!(text_field)),
        ("html-field", json!(html_field)),
        ("title-field", json!(title_field)),
        ("outlet-field", json!(outlet_field)),
        ("date-field", json!(date_field)),
        ("author-field", json!(author_field)),
        ("url-field", json!(url_field)),
        ("no-link", json!(no_link)),
        ("shard", json!(shard.map(|s| format!("{}/{}", s.index, s.count)))),
    ]);
    let settings = serde_json::to_string(&settings).expect("strings, numbers and booleans serialize");
    format!("slant {} tag {settings}", env!("CARGO_PKG_VERSION"))
}

/// The name a value has on the command line (`combined`, `jsonl`).
fn value_name(value: &impl ValueEnum) -> String {
    value.to_possible_value().expect("no value is skipped").get_name().to_string()
}

#[cfg(test)]
mod tests {
    use super::super::{Cli, Command};
    use super::*;
    use clap::Parser;

    fn fingerprint_of(extra: &[&str]) -> String {
        let args = ["slant", "tag", "in.jsonl", "-o", "out.jsonl"].iter().chain(extra);
        match Cli::try_parse_from(args).expect("valid arguments").command {
            Command::Tag(args) => fingerprint(&args),
            _ => unreachable!("a tag command"),
        }
    }

    #[test]
    fn fingerprint_changes_with_the_settings_that_change_output_only() {
        let plain = fingerprint_of(&[]);
        assert!(plain.starts_with(&format!("slant {} tag {{", env!("CARGO_PKG_VERSION"))), "{plain}");
        assert!(plain.contains(r#""html-extractor":"combined""#), "{plain}");
        for volatile in [&["--quiet"][..], &["--threads", "3"], &["--resume"], &["-q", "--threads", "1", "--resume"]] {
            assert_eq!(fingerprint_of(volatile), plain, "{volatile:?}");
        }
        let changed = [
            &["--no-tone"][..],
            &["--no-ner"],
            &["--any-language"],
            &["--tokens"],
            &["--no-extract"],
            &["--no-link"],
            &["--strict"],
            &["--html-extractor", "readability"],
            &["--input-format", "jsonl"],
            &["--max-doc-mb", "2"],
            &["--shard", "1/2"],
            &["--text-field", "body"],
            &["--device", "cuda"],
            &["--manifest", "m.csv"],
            &["--models-dir", "elsewhere"],
        ];
        let mut seen = std::collections::BTreeSet::from([plain.clone()]);
        for setting in changed {
            let print = fingerprint_of(setting);
            assert!(seen.insert(print.clone()), "{setting:?} gives a fingerprint seen before: {print}");
            // The volatile settings do not matter beside another setting either.
            let mut with_volatile = setting.to_vec();
            with_volatile.extend(["--threads", "4", "--quiet", "--resume"]);
            assert_eq!(fingerprint_of(&with_volatile), print, "{setting:?}");
        }
    }
}
