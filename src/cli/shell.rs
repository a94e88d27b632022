//! `sekret completions bash|zsh|fish` and `sekret man`: generated from the
//! same clap definitions the parser uses, so they cannot drift from it.

use std::io::Write;

use clap::{Args, CommandFactory, ValueEnum};

use super::Cli;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    pub shell: Shell,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

/// Print the completion script for `shell`.
pub fn completions(args: &CompletionsArgs) -> anyhow::Result<u8> {
    let mut command = Cli::command();
    let mut out = std::io::stdout().lock();
    match args.shell {
        Shell::Bash => {
            clap_complete::generate(clap_complete::Shell::Bash, &mut command, "sekret", &mut out)
        }
        Shell::Zsh => {
            clap_complete::generate(clap_complete::Shell::Zsh, &mut command, "sekret", &mut out)
        }
        Shell::Fish => {
            clap_complete::generate(clap_complete::Shell::Fish, &mut command, "sekret", &mut out)
        }
    }
    out.flush()?;
    Ok(0)
}

/// Print the man page (roff) to stdout. A reader that stops early
/// (`sekret man | head`) is not an error.
pub fn man() -> anyhow::Result<u8> {
    let mut out = std::io::stdout().lock();
    let written = clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .and_then(|()| out.flush());
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(0),
    }
}
