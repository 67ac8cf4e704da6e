//! `plat completions <shell>`: shell completions from the clap definition.

use std::path::PathBuf;

use clap::Args;
use clap_complete::Shell;

use crate::error::{Exit, Result};
use crate::output::write_stdout;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(args: &CompletionsArgs) -> Result<Exit> {
    write_stdout(&String::from_utf8_lossy(&render(args.shell)))?;
    Ok(Exit::Success)
}

fn render(shell: Shell) -> Vec<u8> {
    let mut buffer = Vec::new();
    clap_complete::generate(shell, &mut super::command(), "plat", &mut buffer);
    buffer
}

/// The committed completion files, one per shell.
pub fn all() -> Vec<(PathBuf, Vec<u8>)> {
    [
        (Shell::Bash, "plat.bash"),
        (Shell::Zsh, "_plat"),
        (Shell::Fish, "plat.fish"),
        (Shell::PowerShell, "_plat.ps1"),
        (Shell::Elvish, "plat.elv"),
    ]
    .into_iter()
    .map(|(shell, file)| (PathBuf::from("completions").join(file), render(shell)))
    .collect()
}
