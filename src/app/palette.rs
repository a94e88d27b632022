//! The `:` command palette: parsing what the operator typed.

use super::tree_pane::SortKey;

/// Commands the palette knows, for the help overlay and completion.
pub const COMMANDS: &[(&str, &str)] = &[
    (":q", "quit"),
    (":region R", "switch to region R (reloads the tree)"),
    (":profile P", "switch to AWS profile P (reloads the tree)"),
    (":sort name|changed|accessed", "sort secrets"),
    (":flat", "toggle the flat list / tree"),
    (":refresh", "reload the listing and the selected secret"),
    (":help", "show key bindings"),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaletteCommand {
    Quit,
    Region(String),
    Profile(String),
    Sort(SortKey),
    Flat,
    Refresh,
    Help,
}

pub fn parse(input: &str) -> Result<PaletteCommand, String> {
    let mut words = input.trim().trim_start_matches(':').split_whitespace();
    let verb = words.next().unwrap_or("");
    let arg = words.next();
    if let Some(extra) = words.next() {
        return Err(format!("unexpected {extra:?} after :{verb}"));
    }
    match (verb, arg) {
        ("q" | "quit" | "q!", None) => Ok(PaletteCommand::Quit),
        ("region", Some(r)) => valid_region(r).map(|()| PaletteCommand::Region(r.to_string())),
        ("region", None) => Err(":region needs a region, e.g. :region eu-west-1".into()),
        ("profile", Some(p)) => Ok(PaletteCommand::Profile(p.to_string())),
        ("profile", None) => Err(":profile needs a profile name, e.g. :profile prod".into()),
        ("sort", Some(field)) => SortKey::parse(field)
            .map(PaletteCommand::Sort)
            .ok_or_else(|| format!("cannot sort by {field:?}: use name, changed or accessed")),
        ("sort", None) => Err(":sort needs name, changed or accessed".into()),
        ("flat", None) => Ok(PaletteCommand::Flat),
        ("refresh" | "r", None) => Ok(PaletteCommand::Refresh),
        ("help" | "h", None) => Ok(PaletteCommand::Help),
        ("", _) => Err("type a command, e.g. :q or :region eu-west-1".into()),
        (verb, _) => Err(format!("unknown command :{verb} (see ? for the list)")),
    }
}

/// Region names look like `us-east-1`, `eu-central-2`, `us-gov-west-1`.
fn valid_region(r: &str) -> Result<(), String> {
    let ok = r.len() <= 32
        && r.split('-').count() >= 3
        && r.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && r.ends_with(|c: char| c.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err(format!("{r:?} is not a region name (e.g. eu-west-1)"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_commands() {
        assert_eq!(parse(":q"), Ok(PaletteCommand::Quit));
        assert_eq!(
            parse("region eu-west-1"),
            Ok(PaletteCommand::Region("eu-west-1".into()))
        );
        assert_eq!(
            parse(":sort changed"),
            Ok(PaletteCommand::Sort(SortKey::LastChanged))
        );
        assert_eq!(parse(":flat"), Ok(PaletteCommand::Flat));
    }

    #[test]
    fn says_what_is_wrong() {
        assert!(parse(":region").unwrap_err().contains("needs a region"));
        assert!(parse(":region Mars").unwrap_err().contains("not a region"));
        assert!(parse(":sort size").unwrap_err().contains("cannot sort"));
        assert!(
            parse(":frobnicate")
                .unwrap_err()
                .contains("unknown command")
        );
    }
}
