//! The `:` command palette: parsing what the operator typed.

use super::action::Action;
use super::tree_pane::SortKey;
use crate::domain::rules;
use crate::domain::schedule::Schedule;

/// Commands the palette knows, for the help overlay and completion.
pub const COMMANDS: &[(&str, &str)] = &[
    (":q", "quit"),
    (":region R", "switch to region R (reloads the tree)"),
    (
        ":profile [P]",
        "switch to AWS profile P; no name: pick from ~/.aws/config",
    ),
    (
        ":all-regions",
        "every enabled region's secrets, replicas and their status",
    ),
    (":sort name|changed|accessed", "sort secrets"),
    (":flat", "toggle the flat list / tree"),
    (":refresh", "reload the listing and the selected secret"),
    (":rotate", "rotate the selected secret now (R)"),
    (
        ":rotation 30|rate(…)|cron(…) [window=3h] [lambda=ARN]",
        "set the rotation schedule",
    ),
    (":cancel-rotation", "cancel a running or stuck rotation"),
    (
        ":rotate-read",
        "in a pivot: rotate every secret the principal read (one confirmation)",
    ),
    (":zoom", "the focused pane fills the screen, and back (z)"),
    (":edit", "put a new value through $EDITOR (e)"),
    (":new", "create a secret (n)"),
    (":delete", "schedule the deletion, 7–30 days to recover (D)"),
    (":restore", "cancel a scheduled deletion"),
    (":tag KEY=VALUE", "add or change a tag"),
    (":untag KEY", "remove a tag"),
    (
        ":findings",
        "which secrets need attention: one row per check (Enter: its secrets)",
    ),
    (":policy", "the selected secret's resource policy in full"),
    (":audit", "this console's own changes (the audit log)"),
    (
        ":import FILE [PREFIX] [bundle=NAME]",
        "import a .env / JSON file (plan first; prefix: the selected folder)",
    ),
    (":help", "show key bindings"),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaletteCommand {
    /// What a key does too (`:q` is `q`).
    Act(Action),
    Region(String),
    Profile(String),
    PickProfile,
    AllRegions,
    Sort(SortKey),
    SetRotation(Schedule),
    CancelRotation,
    RotateRead,
    Restore,
    Tag(String, String),
    Untag(String),
    Audit,
    Findings,
    Policy,
    Import {
        file: String,
        prefix: Option<String>,
        bundle: Option<String>,
    },
}

pub fn parse(input: &str) -> Result<PaletteCommand, String> {
    let line = input.trim().trim_start_matches(':').trim();
    let (verb, rest) = line.split_once(' ').unwrap_or((line, ""));
    // A schedule keeps its spaces: cron(0 4 ? * MON *).
    if verb == "rotation" {
        return Schedule::parse(rest).map(PaletteCommand::SetRotation);
    }
    if verb == "import" {
        return import(rest);
    }
    let mut words = line.split_whitespace();
    let verb = words.next().unwrap_or("");
    let arg = words.next();
    if let Some(extra) = words.next() {
        return Err(format!("unexpected {extra:?} after :{verb}"));
    }
    match (verb, arg) {
        ("q" | "quit" | "q!", None) => Ok(PaletteCommand::Act(Action::Quit)),
        ("region", Some(r)) => valid_region(r).map(|()| PaletteCommand::Region(r.to_string())),
        ("region", None) => Err(":region needs a region, e.g. :region eu-west-1".into()),
        ("profile", Some(p)) => Ok(PaletteCommand::Profile(p.to_string())),
        ("profile", None) => Ok(PaletteCommand::PickProfile),
        ("all-regions", None) => Ok(PaletteCommand::AllRegions),
        ("sort", Some(field)) => SortKey::parse(field)
            .map(PaletteCommand::Sort)
            .ok_or_else(|| format!("cannot sort by {field:?}: use name, changed or accessed")),
        ("sort", None) => Err(":sort needs name, changed or accessed".into()),
        ("flat", None) => Ok(PaletteCommand::Act(Action::Flat)),
        ("refresh" | "r", None) => Ok(PaletteCommand::Act(Action::Refresh)),
        ("help" | "h", None) => Ok(PaletteCommand::Act(Action::Help)),
        ("rotate", None) => Ok(PaletteCommand::Act(Action::Rotate)),
        ("cancel-rotation", None) => Ok(PaletteCommand::CancelRotation),
        ("rotate-read", None) => Ok(PaletteCommand::RotateRead),
        ("zoom", None) => Ok(PaletteCommand::Act(Action::Zoom)),
        ("edit", None) => Ok(PaletteCommand::Act(Action::Edit)),
        ("new" | "create", None) => Ok(PaletteCommand::Act(Action::New)),
        ("delete", None) => Ok(PaletteCommand::Act(Action::Delete)),
        ("restore", None) => Ok(PaletteCommand::Restore),
        ("tag", Some(pair)) => rules::tag_pair(pair).map(|(k, v)| PaletteCommand::Tag(k, v)),
        ("tag", None) => Err(":tag needs KEY=VALUE, e.g. :tag Team=payments".into()),
        ("untag", Some(key)) => rules::tag_key(key).map(|()| PaletteCommand::Untag(key.into())),
        ("untag", None) => Err(":untag needs a tag key, e.g. :untag Team".into()),
        ("audit", None) => Ok(PaletteCommand::Audit),
        ("findings", None) => Ok(PaletteCommand::Findings),
        ("policy", None) => Ok(PaletteCommand::Policy),
        ("", _) => Err("type a command, e.g. :q or :region eu-west-1".into()),
        (verb, _) => Err(format!("unknown command :{verb} (see ? for the list)")),
    }
}

/// `:import FILE [PREFIX] [bundle=NAME]` (the prefix defaults to the
/// selected folder).
fn import(rest: &str) -> Result<PaletteCommand, String> {
    let mut file = None;
    let mut prefix = None;
    let mut bundle = None;
    for word in rest.split_whitespace() {
        if let Some(name) = word.strip_prefix("bundle=") {
            bundle = Some(name.to_string());
        } else if file.is_none() {
            file = Some(word.to_string());
        } else if prefix.is_none() {
            prefix = Some(word.to_string());
        } else {
            return Err(format!("unexpected {word:?} after :import FILE PREFIX"));
        }
    }
    let file = file.ok_or(":import needs a file, e.g. :import .env gaara-store/production/")?;
    Ok(PaletteCommand::Import {
        file,
        prefix,
        bundle,
    })
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
        assert_eq!(parse(":q"), Ok(PaletteCommand::Act(Action::Quit)));
        assert_eq!(
            parse("region eu-west-1"),
            Ok(PaletteCommand::Region("eu-west-1".into()))
        );
        assert_eq!(
            parse(":sort changed"),
            Ok(PaletteCommand::Sort(SortKey::LastChanged))
        );
        assert_eq!(parse(":flat"), Ok(PaletteCommand::Act(Action::Flat)));
        assert_eq!(
            parse(":tag Team=payments"),
            Ok(PaletteCommand::Tag("Team".into(), "payments".into()))
        );
        assert_eq!(
            parse(":untag Team"),
            Ok(PaletteCommand::Untag("Team".into()))
        );
        assert!(matches!(
            parse(":rotation cron(0 4 ? * MON *) window=2h"),
            Ok(PaletteCommand::SetRotation(_))
        ));
        assert_eq!(
            parse(":cancel-rotation"),
            Ok(PaletteCommand::CancelRotation)
        );
        assert_eq!(
            parse(":import ./.env app/prod/ bundle=config"),
            Ok(PaletteCommand::Import {
                file: "./.env".into(),
                prefix: Some("app/prod/".into()),
                bundle: Some("config".into()),
            })
        );
        assert!(parse(":import").unwrap_err().contains("needs a file"));
        assert!(parse(":import a b c").is_err());
    }

    #[test]
    fn says_what_is_wrong() {
        assert!(parse(":region").unwrap_err().contains("needs a region"));
        assert!(parse(":region Mars").unwrap_err().contains("not a region"));
        assert!(parse(":sort size").unwrap_err().contains("cannot sort"));
        assert!(parse(":rotation 2000").unwrap_err().contains("1 to 1000"));
        assert!(parse(":rotation").is_err());
        assert!(parse(":tag aws:x=1").unwrap_err().contains("reserved"));
        assert!(
            parse(":frobnicate")
                .unwrap_err()
                .contains("unknown command")
        );
    }
}
