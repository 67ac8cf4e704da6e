use std::process::ExitCode;

// plat allocates many small strings while reading catalogs on every core;
// mimalloc is markedly faster at that than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;
use plat::cli::{self, Cli};
use plat::error::Exit;
use plat::output::{Label, paint};

/// A bug is reported as one, without its message (which could hold a value
/// plat was handling, a token included) unless PLAT_DEBUG is set.
fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("error: plat hit a bug{at}");
        if std::env::var_os("PLAT_DEBUG").is_some() {
            eprintln!("  {info}");
        }
        eprintln!("  hint: please report it with the command you ran (PLAT_DEBUG=1 shows details)");
    }));
}

fn main() -> ExitCode {
    plat::interrupt::install();
    quiet_panics();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            // --help and --version are not errors; usage mistakes exit 2.
            return if error.use_stderr() {
                Exit::Usage.into()
            } else {
                Exit::Success.into()
            };
        }
    };
    let color = !matches!(cli.global.color, plat::output::ColorWhen::Never);
    match cli::run(cli) {
        Ok(exit) => exit.into(),
        Err(error) => {
            use std::io::IsTerminal;
            let color = color
                && std::io::stderr().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            eprintln!("{}: {error}", paint(color, Label::Error.style(), "error"));
            if let Some(hint) = error.hint() {
                eprintln!("  {}: {hint}", paint(color, Label::Hint.style(), "hint"));
            }
            error.exit().into()
        }
    }
}
