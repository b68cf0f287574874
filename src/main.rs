use callprofit::{app, cli::Cli, error::InputError};
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    quiet_on_closed_pipe();
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

/// `callprofit ... | head` closes stdout early; Rust's print macros then panic. Treat that as
/// the reader's choice, as other command-line tools do: stop quietly (exit 141, SIGPIPE's code).
fn quiet_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.contains("Broken pipe") {
            std::process::exit(141);
        }
        default(info);
    }));
}
