use callprofit::{app, cli::Cli, error::InputError};
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match app::main(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            // Bad input is the user's to fix (exit 2); anything else is a bug (exit 1).
            let input = e.chain().any(|c| c.downcast_ref::<InputError>().is_some());
            ExitCode::from(if input { 2 } else { 1 })
        }
    }
}
