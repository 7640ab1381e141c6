//! Argument pieces several subcommands share, and their conversion into library types: the
//! record field names, the device, and the command-line forms of the library's enums (the
//! library does not depend on clap; each enum here mirrors one there, docs included, since clap
//! shows them as the help of the possible values).

use clap::Args;
use slant::export::Format;
use slant::extract::HtmlExtractor;
use slant::import::ImportFormat;
use slant::ingest::{FieldNames, InputFormat};
use slant::model::{Pooling, Precision, TargetInput};

/// Declares a clap value enum that mirrors a library enum variant for variant, and its conversion.
macro_rules! mirror_enum {
    ($(#[$meta:meta])* $name:ident => $library:ident { $($(#[$variant_meta:meta])* $variant:ident,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
        pub(super) enum $name {
            $($(#[$variant_meta])* $variant,)*
        }

        impl From<$name> for $library {
            fn from(value: $name) -> Self {
                match value {
                    $($name::$variant => $library::$variant,)*
                }
            }
        }
    };
}

mirror_enum! {
    /// [`InputFormat`] on the command line.
    InputFormatArg => InputFormat {
        /// One page of plain text per file (browser copy, text-browser dump).
        Text,
        /// One HTML page per file.
        Html,
        /// One JSON object per line (JSONL / NDJSON).
        Jsonl,
        /// CSV with a header row, one document per record.
        Csv,
    }
}

mirror_enum! {
    /// [`HtmlExtractor`] on the command line.
    HtmlExtractorArg => HtmlExtractor {
        /// dom_smoothie: Mozilla Readability's algorithm in Rust.
        Readability,
        /// rs-trafilatura: trafilatura's rules in Rust.
        Trafilatura,
        /// Both, merged paragraph by paragraph and filtered by slant's learned model (the default:
        /// it measured above either alone, see BENCHMARKS.md).
        Combined,
    }
}

mirror_enum! {
    /// [`Precision`] on the command line.
    PrecisionArg => Precision {
        /// bf16 where the CPU has native bf16 (AVX-512 BF16) and bf16 was validated, else fp32
        /// (today fp32: see BENCHMARKS.md, "Speed").
        Auto,
        /// Single precision throughout.
        Fp32,
        /// Encoder layers in bfloat16; embeddings and classifier heads in fp32.
        Bf16,
    }
}

mirror_enum! {
    /// [`Pooling`] on the command line.
    PoolingArg => Pooling {
        /// BERT's pooled `[CLS]` vector.
        Cls,
        /// `[CLS]` hidden state concatenated with the mean over the target's pieces.
        ClsTarget,
    }
}

mirror_enum! {
    /// [`TargetInput`] on the command line.
    TargetInputArg => TargetInput {
        /// `[CLS] text [SEP] target [SEP]`, one target per input.
        Pair,
        /// `[CLS] text [SEP]`, every target of the text marked and read in one pass.
        Sentence,
    }
}

mirror_enum! {
    /// [`Format`] (of `slant export`) on the command line.
    ExportFormatArg => Format {
        /// CoNLL-2003 columns: `word _ _ TAG`, IOB2 tags, `-DOCSTART-` lines, blank line per sentence.
        Conll,
        /// `word TAG` with IOB2 tags.
        Iob2,
        /// `word TAG` with BIOES tags.
        Bioes,
        /// spaCy's JSON training format (`python -m spacy convert FILE.json DIR --converter json`).
        Spacy,
        /// Hugging Face `datasets` JSONL: `tokens`, integer `ner_tags`, and a `.labels.json` list.
        Hf,
        /// Label Studio tasks with pre-annotations, and the labelling config beside them.
        LabelStudio,
        /// Prodigy JSONL: `text`, `tokens`, `spans`, `meta`.
        Prodigy,
        /// doccano JSONL: `text` and `label` as `[[start, end, "LABEL"], ...]`.
        Doccano,
        /// brat standoff: a directory of `.txt` and `.ann` files with `annotation.conf`.
        Brat,
        /// NewsMTSC target-sentiment JSONL from actor mentions (what `slant train tone` reads).
        Newsmtsc,
    }
}

mirror_enum! {
    /// [`ImportFormat`] on the command line.
    ImportFormatArg => ImportFormat {
        /// Label Studio's JSON export (tasks with `annotations`), or its JSON-MIN export.
        LabelStudio,
        /// brat standoff: directories or `.ann` files, each with its `.txt`.
        Brat,
        /// doccano JSONL: `text` with `label` (or `labels`, `entities`).
        Doccano,
        /// CoNLL columns (word first, tag last; IOB1, IOB2 or BIOES; `-DOCSTART-` lines).
        Conll,
    }
}

/// A `--device` value: cpu, cuda or cuda:N.
pub(super) fn parse_device(name: &str) -> anyhow::Result<tch::Device> {
    Ok(match name {
        "cpu" => tch::Device::Cpu,
        "cuda" => tch::Device::Cuda(0),
        other => match other.strip_prefix("cuda:").and_then(|n| n.parse().ok()) {
            Some(n) => tch::Device::Cuda(n),
            None => anyhow::bail!("unknown device {other:?} (cpu, cuda, cuda:N)"),
        },
    })
}

/// Field names read from JSONL objects and CSV columns.
#[derive(Args, Debug)]
pub(super) struct FieldArgs {
    #[arg(long, default_value = "id", help_heading = "Record fields")]
    pub(super) id_field: String,
    #[arg(long, default_value = "text", help_heading = "Record fields")]
    pub(super) text_field: String,
    #[arg(long, default_value = "html", help_heading = "Record fields")]
    pub(super) html_field: String,
    #[arg(long, default_value = "title", help_heading = "Record fields")]
    pub(super) title_field: String,
    #[arg(long, default_value = "outlet", help_heading = "Record fields")]
    pub(super) outlet_field: String,
    #[arg(long, default_value = "date", help_heading = "Record fields")]
    pub(super) date_field: String,
    #[arg(long, default_value = "author", help_heading = "Record fields")]
    pub(super) author_field: String,
    #[arg(long, default_value = "url", help_heading = "Record fields")]
    pub(super) url_field: String,
}

impl From<FieldArgs> for FieldNames {
    fn from(f: FieldArgs) -> Self {
        FieldNames {
            id: f.id_field,
            text: f.text_field,
            html: f.html_field,
            title: f.title_field,
            outlet: f.outlet_field,
            date: f.date_field,
            author: f.author_field,
            url: f.url_field,
        }
    }
}
