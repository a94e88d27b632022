//! `sekret import FILE --prefix SERVICE/ENV/ [--bundle NAME] [--dry-run]`:
//! a plan first (per key: create, new version, unchanged, skipped — never
//! a value), then, once confirmed, CreateSecret / PutSecretValue through
//! the one write gate.

use crate::domain::read_only::Guard;
use std::path::PathBuf;

use anyhow::bail;
use clap::{Args, ValueEnum};
use serde::Serialize;

use super::confirm::{refuse_read_only, typed};
use super::table;
use crate::aws::Clients;
use crate::aws::config::{self, ConnectOptions};
use crate::domain::error::AwsError;
use crate::domain::import::naming::Target;
use crate::domain::import::plan::{self, Action, Plan};
use crate::domain::import::selection::Selection;
use crate::domain::import::{Format, Source};
use crate::domain::mutation::Kind;
use crate::ops::audit_log::AuditLog;
use crate::ops::import;

/// The file and where it goes; shared by import and verify.
#[derive(Debug, Args)]
pub struct SourceArgs {
    /// A .env file (export, quotes, comments, multi-line values) or a JSON config (*.json)
    pub file: PathBuf,
    /// Where the secrets go: SERVICE/ENV/ (a key JWT_SECRET becomes SERVICE/ENV/jwt-secret)
    #[arg(long, value_name = "SERVICE/ENV/")]
    pub prefix: String,
    /// Put every key into one JSON secret PREFIX+NAME instead of one secret per key
    #[arg(long, value_name = "NAME")]
    pub bundle: Option<String>,
    /// Take this key even if it is on the skip list or looks like a placeholder (repeat for more)
    #[arg(long, value_name = "KEY")]
    pub keep: Vec<String>,
    /// Leave this key out as configuration, besides the skip list (repeat for more)
    #[arg(long, value_name = "KEY")]
    pub skip: Vec<String>,
    /// Let a .env file's $NAME take values from the process environment (default: only keys defined earlier in the file)
    #[arg(long)]
    pub expand_env: bool,
    /// How to read the file (default: *.json is JSON, anything else .env)
    #[arg(long, value_enum)]
    pub format: Option<FileFormat>,
    /// Print JSON (fields documented in docs/CLI.md)
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FileFormat {
    Env,
    Json,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// Show the plan and stop: no change is made
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask for confirmation
    #[arg(long)]
    pub yes: bool,
}

/// What import and verify both start from.
pub struct Prepared {
    pub source: Source,
    pub target: Target,
    pub selection: Selection,
    /// The file's name as the plan and the audit log show it.
    pub file: String,
}

impl SourceArgs {
    pub fn prepare(&self, skip_list: Vec<String>) -> anyhow::Result<Prepared> {
        let target =
            Target::new(&self.prefix, self.bundle.as_deref()).map_err(anyhow::Error::msg)?;
        let format = self.format.map(|f| match f {
            FileFormat::Env => Format::Dotenv,
            FileFormat::Json => Format::Json,
        });
        let source =
            import::read_source(&self.file, format, self.expand_env).map_err(anyhow::Error::msg)?;
        let mut selection = Selection::new(skip_list);
        selection.skip.extend(self.skip.iter().cloned());
        selection.keep.extend(self.keep.iter().cloned());
        let known: Vec<&str> = source.entries.iter().map(|e| e.key.as_str()).collect();
        if let Some(unknown) = self.keep.iter().find(|k| !known.contains(&k.as_str())) {
            bail!("--keep {unknown}: the file has no such key");
        }
        let file = self.file.file_name().map_or_else(
            || self.file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        Ok(Prepared {
            source,
            target,
            selection,
            file,
        })
    }
}

impl Prepared {
    /// The names to read: the bundle, or every taken key's secret.
    pub fn names(&self) -> Vec<String> {
        if let Some(bundle) = self.target.bundle_name() {
            return vec![bundle];
        }
        let mut names: Vec<String> = self
            .source
            .entries
            .iter()
            .filter(|e| self.selection.skip_reason(e).is_none())
            .map(|e| self.target.name_for(e))
            .collect();
        names.sort();
        names.dedup();
        names
    }
}

#[derive(Serialize)]
struct PlanJson<'a> {
    file: &'a str,
    prefix: &'a str,
    bundle: Option<BundleJson>,
    keys: Vec<RowJson<'a>>,
    dry_run: bool,
    applied: Vec<AppliedJson>,
}

#[derive(Serialize)]
struct BundleJson {
    secret: String,
    action: &'static str,
}

#[derive(Serialize)]
struct RowJson<'a> {
    key: &'a str,
    line: Option<usize>,
    secret: &'a str,
    action: &'static str,
    reason: Option<String>,
    notes: &'a [String],
}

#[derive(Serialize)]
struct AppliedJson {
    secret: String,
    keys: Vec<String>,
    ok: bool,
    version: Option<String>,
    error: Option<String>,
}

pub async fn run(
    opts: &ConnectOptions,
    guard: &Guard,
    skip_list: Vec<String>,
    args: &ImportArgs,
) -> anyhow::Result<u8> {
    if !args.dry_run {
        refuse_read_only(guard, "import")?;
    }
    let prepared = args.source.prepare(skip_list)?;
    let clients = Clients::new(config::load(opts).await?);
    if !args.dry_run {
        super::confirm::refuse_as_signer(&clients, guard, "import").await?;
    }
    let mut asked_again = false;
    loop {
        match plan_and_write(&clients, guard, args, &prepared, asked_again).await? {
            Written::Done(code) => return Ok(code),
            // Someone else changed a secret after it was read: the plan is
            // made again on what is there now, and asked again.
            Written::Moved => asked_again = true,
        }
    }
}

enum Written {
    Done(u8),
    Moved,
}

async fn plan_and_write(
    clients: &Clients,
    guard: &Guard,
    args: &ImportArgs,
    prepared: &Prepared,
    asked_again: bool,
) -> anyhow::Result<Written> {
    let keep_values = prepared.target.bundle.is_some();
    let remote = import::inspect(clients, prepared.names(), keep_values).await;
    let plan = plan::plan(
        &prepared.source,
        &prepared.target,
        &prepared.selection,
        &remote,
    );
    let mut out = PlanJson {
        file: &prepared.file,
        prefix: &prepared.target.prefix,
        bundle: plan.bundle.as_ref().map(|(name, action)| BundleJson {
            secret: name.clone(),
            action: action.label(false),
        }),
        keys: rows_json(&plan),
        dry_run: args.dry_run,
        applied: Vec::new(),
    };
    if !args.source.json {
        print!("{}", render(prepared, &plan));
    }
    let finish = |out: &PlanJson, code: u8| -> anyhow::Result<Written> {
        if args.source.json {
            println!("{}", serde_json::to_string_pretty(out)?);
        }
        Ok(Written::Done(code))
    };
    if plan.blocked() > 0 {
        finish(&out, 1)?;
        bail!(
            "{} key(s) blocked (see the plan): fix them or leave them out with --skip KEY; nothing written",
            plan.blocked()
        );
    }
    if args.dry_run {
        eprintln!("dry run: nothing written");
        return finish(&out, 0);
    }
    if !plan.writes_anything() {
        eprintln!("nothing to write: Secrets Manager already holds what the file says");
        return finish(&out, 0);
    }
    let what = match &prepared.target.bundle {
        Some(_) => "the bundle's name",
        None => "the prefix",
    };
    if asked_again {
        eprintln!("The plan above is made again on what is there now.");
    }
    typed(
        &prepared.target.confirmation(),
        what,
        args.yes && !asked_again,
    )?;
    let writes = plan::writes(&plan, &prepared.source, &remote, &prepared.file);
    let applied = import::apply(
        clients,
        &AuditLog::default_location(),
        guard,
        &writes,
        &prepared.file,
    )
    .await;
    let mut failed = 0;
    let mut moved = 0;
    for (a, write) in applied.iter().zip(&writes) {
        match &a.result {
            Ok(outcome) => eprintln!(
                "{} {} ({})",
                match write.mutation.kind() {
                    Kind::Create => "created",
                    _ => "new version of",
                },
                a.name,
                outcome.version.as_deref().unwrap_or("no version")
            ),
            Err(e @ AwsError::Conflict(_)) => {
                moved += 1;
                eprintln!("not written {}: {e}", a.name);
            }
            Err(e) => {
                failed += 1;
                eprintln!("failed {}: {e}", a.name);
            }
        }
        out.applied.push(AppliedJson {
            secret: a.name.clone(),
            keys: a.keys.clone(),
            ok: a.result.is_ok(),
            version: a.result.as_ref().ok().and_then(|o| o.version.clone()),
            error: a.result.as_ref().err().map(|e| e.to_string()),
        });
    }
    if moved > 0 && failed == 0 {
        if args.yes {
            finish(&out, 1)?;
            bail!(
                "{moved} secret(s) changed by someone else after the plan was made: run the import again to plan on what is there now"
            );
        }
        return Ok(Written::Moved);
    }
    finish(&out, 0)?;
    if failed + moved > 0 {
        bail!(
            "{} of {} write(s) failed; the others are done — run the import again once fixed",
            failed + moved,
            applied.len()
        );
    }
    eprintln!("done: {} secret(s) written", applied.len());
    Ok(Written::Done(0))
}

fn rows_json(plan: &Plan) -> Vec<RowJson<'_>> {
    let in_bundle = plan.bundle.is_some();
    plan.rows
        .iter()
        .map(|r| RowJson {
            key: &r.key,
            line: r.line,
            secret: &r.target,
            action: r.action.label(in_bundle),
            reason: match &r.action {
                Action::Blocked(why) => Some(why.clone()),
                _ => None,
            },
            notes: &r.notes,
        })
        .collect()
}

/// The plan as a table, then a tally.
pub fn render(prepared: &Prepared, plan: &Plan) -> String {
    let in_bundle = plan.bundle.is_some();
    let esc = crate::text::escaped;
    let mut out = match &plan.bundle {
        Some((name, action)) => format!(
            "Import {} into the bundle {}: {}\n\n",
            esc(&prepared.file),
            esc(name),
            action.label(false)
        ),
        None => format!(
            "Import {} into {}\n\n",
            esc(&prepared.file),
            esc(&prepared.target.prefix)
        ),
    };
    let note = |r: &plan::Row| {
        let mut notes = r.notes.clone();
        if let Action::Blocked(why) = &r.action {
            notes.insert(0, why.clone());
        }
        notes.join("; ")
    };
    let action = |r: &plan::Row| r.action.label(in_bundle).to_string();
    if in_bundle {
        let rows: Vec<[String; 3]> = plan
            .rows
            .iter()
            .map(|r| [r.key.clone(), action(r), note(r)])
            .collect();
        out.push_str(&table(&["KEY", "ACTION", "NOTE"], &rows));
    } else {
        let rows: Vec<[String; 4]> = plan
            .rows
            .iter()
            .map(|r| [r.key.clone(), r.target.clone(), action(r), note(r)])
            .collect();
        out.push_str(&table(&["KEY", "SECRET", "ACTION", "NOTE"], &rows));
    }
    let t = plan.tally();
    let (create, update) = if in_bundle {
        ("to add", "to change")
    } else {
        ("to create", "new version(s)")
    };
    out.push_str(&format!(
        "\n{} {create} · {} {update} · {} unchanged · {} skipped{}\n",
        t.create,
        t.update,
        t.unchanged,
        t.skip,
        if t.blocked > 0 {
            format!(" · {} blocked", t.blocked)
        } else {
            String::new()
        }
    ));
    out
}
