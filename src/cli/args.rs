//! Argument pieces several subcommands share, and their conversion into library types.

use clap::Args;
use slant::ingest::FieldNames;

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
