//! The `slant` command line: parses arguments, calls one library entry point per subcommand, and
//! owns everything a terminal user sees (progress bar, messages, summary, exit code).

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("slant: error: {err:#}");
            ExitCode::from(cli::exit_code(&err))
        }
    }
}
