//! What is drawn on stderr while a command runs: the tagging progress bar with its per-document
//! messages ([`Reporter`]) and the training bar ([`TrainBar`]), both hidden when stderr is not a
//! terminal.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use slant::corpus::Progress;
use slant::document::SourceRef;
use slant::model::training::TrainProgress;
use slant::records::ErrorRecord;
use std::io::IsTerminal;

/// Progress bar and messages on stderr.
pub(super) struct Reporter {
    pub(super) bar: ProgressBar,
    quiet: bool,
}

impl Reporter {
    pub(super) fn new(quiet: bool, files: usize) -> Self {
        let visible = !quiet && std::io::stderr().is_terminal();
        let bar = if visible { ProgressBar::new(files as u64) } else { ProgressBar::hidden() };
        bar.set_draw_target(if visible { ProgressDrawTarget::stderr() } else { ProgressDrawTarget::hidden() });
        // The length counts input files; record files hold many documents, so it is a floor.
        bar.set_style(
            ProgressStyle::with_template("{spinner} {pos} docs [{elapsed_precise}] {per_sec} eta {eta} {wide_msg}")
                .expect("valid template"),
        );
        Self { bar, quiet }
    }
}

impl Progress for Reporter {
    fn documents_done(&self, done: u64) {
        self.bar.set_position(done);
    }

    fn resumed(&self, done: u64) {
        if !self.quiet {
            self.bar.suspend(|| eprintln!("slant: resuming after {done} documents already tagged"));
        }
    }

    fn document_failed(&self, error: &ErrorRecord) {
        let source = if error.source.path.is_empty() { error.id.clone() } else { error.source.to_string() };
        self.bar.suspend(|| eprintln!("slant: {source}: {} ({})", error.error.message, error.error.kind.as_str()));
    }

    fn document_warning(&self, _id: &str, source: &SourceRef, warning: &str) {
        if !self.quiet {
            self.bar.suspend(|| eprintln!("slant: warning: {source}: {warning}"));
        }
    }

    fn linking(&self, documents: u64) {
        self.bar.set_message(format!("linking actors across {documents} documents"));
    }
}

/// Training progress: a bar per epoch with the running loss, and a line per finished epoch.
pub(super) struct TrainBar {
    pub(super) bar: ProgressBar,
    loss: std::cell::Cell<f64>,
    /// When stderr is not a terminal (a log file), a line every tenth of an epoch instead of a bar.
    log_lines: bool,
}

impl TrainBar {
    pub(super) fn new() -> Self {
        let bar = if std::io::stderr().is_terminal() { ProgressBar::new(0) } else { ProgressBar::hidden() };
        bar.set_style(
            ProgressStyle::with_template("epoch {prefix} [{bar:30}] {pos}/{len} {per_sec} eta {eta} {msg}")
                .expect("valid template"),
        );
        Self { log_lines: bar.is_hidden(), bar, loss: std::cell::Cell::new(0.0) }
    }
}

impl TrainProgress for TrainBar {
    fn epoch_started(&self, epoch: usize, steps: usize) {
        self.bar.set_prefix(epoch.to_string());
        self.bar.set_length(steps as u64);
        self.bar.set_position(0);
    }

    fn step_done(&self, loss: f64, learning_rate: f64) {
        // Exponential moving average, so the shown loss is readable.
        let smoothed = if self.loss.get() == 0.0 { loss } else { 0.98 * self.loss.get() + 0.02 * loss };
        self.loss.set(smoothed);
        self.bar.set_message(format!("loss {smoothed:.4} lr {learning_rate:.2e}"));
        self.bar.inc(1);
        let (done, total) = (self.bar.position(), self.bar.length().unwrap_or(0));
        if self.log_lines && total >= 10 && done % (total / 10) == 0 {
            eprintln!(
                "slant: epoch {}: step {done}/{total}, loss {smoothed:.4}, lr {learning_rate:.2e}",
                self.bar.prefix()
            );
        }
    }

    fn epoch_done(&self, epoch: usize, train_loss: f64, dev_score: f64, is_best: bool) {
        self.bar.suspend(|| {
            eprintln!(
                "slant: epoch {epoch}: train loss {train_loss:.4}, dev score {dev_score:.4}{}",
                if is_best { " (best so far, saved)" } else { "" }
            )
        });
    }
}
