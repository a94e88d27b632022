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

/// Print the man page (roff) to stdout: clap's sections, then the
/// console's keys (from the same table the console uses), the environment
/// and the exit status. A reader that stops early (`sekret man | head`) is
/// not an error.
pub fn man() -> anyhow::Result<u8> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    page.extend_from_slice(extra_sections().as_bytes());
    let mut out = std::io::stdout().lock();
    let written = out.write_all(&page).and_then(|()| out.flush());
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(0),
    }
}

/// Text as roff reads it: backslashes doubled, no line starting a request.
fn roff(text: &str) -> String {
    let text = text.replace('\\', "\\e").replace('-', "\\-");
    match text.chars().next() {
        Some('.' | '\'') => format!("\\&{text}"),
        _ => text,
    }
}

/// Environment variables sekret reads, and what for.
const ENVIRONMENT: &[(&str, &str)] = &[
    ("AWS_PROFILE", "the profile, when --profile names none"),
    (
        "AWS_REGION, AWS_DEFAULT_REGION",
        "the region, when --region names none",
    ),
    (
        "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN",
        "credentials, when no profile is named (a named profile signs with its own)",
    ),
    (
        "AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_SECRETS_MANAGER, AWS_ENDPOINT_URL_CLOUDTRAIL, AWS_ENDPOINT_URL_STS",
        "another endpoint, as --endpoint-url",
    ),
    (
        "AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE",
        "where the AWS config and credentials files are",
    ),
    (
        "EDITOR",
        "the editor for e (put a new value) and n (create)",
    ),
    (
        "NO_COLOR",
        "any non-empty value: no colours (the mono theme)",
    ),
    (
        "SEKRET_LOG",
        "a log level (error, warn, info, debug, trace), as --log-level",
    ),
    (
        "XDG_CONFIG_HOME",
        "where sekret/config.toml is (default ~/.config)",
    ),
    (
        "XDG_STATE_HOME",
        "where the audit log, reports and the log file go (default ~/.local/state)",
    ),
    (
        "XDG_RUNTIME_DIR",
        "where the editor's private file goes (memory-backed when the system offers it)",
    ),
];

fn extra_sections() -> String {
    use crate::tui::app::action::{BINDINGS, Scope};
    let mut out = String::from(
        ".SH \"KEY BINDINGS\"\nIn the console (sekret with no command); ? shows them too.\n",
    );
    for binding in BINDINGS {
        let keys: Vec<String> = binding
            .keys
            .iter()
            .map(|k| crate::tui::app::keymap::key_label(*k))
            .collect();
        let place = match binding.scope {
            Scope::Global => String::new(),
            Scope::Panes(panes) => {
                let names: Vec<String> = panes
                    .iter()
                    .map(|p| format!("{p:?}").to_lowercase())
                    .collect();
                format!(" (in the {} pane)", names.join(", "))
            }
        };
        out.push_str(&format!(
            ".TP\n\\fB{}\\fR\n{}{}\n",
            roff(&keys.join(" ")),
            roff(binding.help),
            roff(&place)
        ));
    }
    out.push_str(".SH ENVIRONMENT\n");
    for (name, what) in ENVIRONMENT {
        out.push_str(&format!(".TP\n\\fB{}\\fR\n{}\n", roff(name), roff(what)));
    }
    out.push_str(
        ".SH \"EXIT STATUS\"\n.TP\n\\fB0\\fR\nsuccess\n.TP\n\\fB1\\fR\n\
         an error, a refused change, a partial result (a region or page not listed), \
         or a verify that found differences\n.TP\n\\fB2\\fR\na usage error \
         (an unknown option, a bad value, a bad log level)\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_man_page_has_keys_environment_and_exit_status() {
        let extra = extra_sections();
        for section in ["KEY BINDINGS", "ENVIRONMENT", "EXIT STATUS"] {
            assert!(
                extra.contains(&format!(".SH \"{section}\""))
                    || extra.contains(&format!(".SH {section}")),
                "{section}"
            );
        }
        assert!(extra.contains("\\fBq Ctrl\\-c\\fR\nquit"), "{extra}");
        assert!(extra.contains("AWS_PROFILE"));
        assert!(
            !extra
                .lines()
                .any(|l| l.starts_with('.') && !l.starts_with(".SH") && !l.starts_with(".TP"))
        );
    }
}
