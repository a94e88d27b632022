//! sekret: a terminal console for AWS Secrets Manager.

use std::process::ExitCode;

use clap::Parser;

use sekret::aws::listing::Strategy;
use sekret::cli::{self, Cli, Command};
use sekret::domain::error::AwsError;
use sekret::tui::app::keymap::KeyMap;
use sekret::tui::event_loop as console;
use sekret::{config, hardening, logging};

/// Freed memory holds no plaintext (see `hardening::WipeOnFree`).
#[global_allocator]
static ALLOCATOR: hardening::WipeOnFree = hardening::WipeOnFree;

fn main() -> ExitCode {
    // First, before any value can be in memory.
    if let Err(err) = hardening::disable_core_dumps() {
        eprintln!("sekret: error: cannot disable core dumps: {err}");
        return ExitCode::from(1);
    }
    // The SDK logs whole request and response bodies (values included)
    // when this is set; nothing sekret starts may see it. Single-threaded
    // here: no other thread reads the environment yet.
    // SAFETY: called before any thread is spawned.
    unsafe { std::env::remove_var("LOG_SENSITIVE_BODIES") };
    let cli = Cli::parse(); // usage errors exit with 2
    if cli.command.is_some() {
        // A command whose reader went away (`sekret events | head -1`)
        // ends quietly, as Unix tools do, instead of failing on EPIPE.
        // SAFETY: restoring the default disposition of a signal.
        unsafe { libc::signal(libc::SIGPIPE, libc::SIG_DFL) };
    }
    if let Some(level) = &cli.global.log_level
        && let Err(err) = logging::init(level)
    {
        eprintln!("sekret: error: cannot start logging: {err}");
        return ExitCode::from(2);
    }
    // The console keeps drawing while the worker parses pages: two
    // threads. A command waits on the network and does little else: one
    // thread, which spends less CPU on waking others.
    let mut builder = match cli.command {
        None => tokio::runtime::Builder::new_multi_thread(),
        Some(_) => tokio::runtime::Builder::new_current_thread(),
    };
    let runtime = match builder.enable_all().build() {
        Ok(rt) => rt,
        Err(err) => {
            eprintln!("sekret: error: cannot start the async runtime: {err}");
            return ExitCode::from(1);
        }
    };
    let result = runtime.block_on(run(cli));
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            report(&err);
            ExitCode::from(1)
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<u8> {
    // Generated text needs neither the config file nor AWS.
    match &cli.command {
        Some(Command::Completions(args)) => return cli::shell::completions(args),
        Some(Command::Man) => return cli::shell::man(),
        _ => {}
    }
    // A bad config file stops everything: its read-only rules may be
    // what stands between the operator and a production change.
    let config = config::load().map_err(|e| anyhow::anyhow!("config: {e}"))?;
    let keys = KeyMap::from_config(&config.keys).map_err(|e| {
        let path = config::path().map(|p| p.display().to_string());
        anyhow::anyhow!("config: {}: {e}", path.unwrap_or_default())
    })?;
    let mut opts = cli.global.connect_options();
    let env_profile = std::env::var("AWS_PROFILE").ok();
    config.defaults.fill(
        &mut opts.profile,
        &mut opts.fallback_region,
        env_profile.as_deref(),
    );
    let rules = config.read_only;
    let skip_list = config.import.skip_list();
    let listing = config.listing.clone();
    let guard = sekret::domain::read_only::Guard::new(
        cli.global.read_only,
        rules.clone(),
        config::effective_profile(opts.profile.as_deref()),
    );
    match &cli.command {
        None => {
            let settings = console::Settings {
                guard: guard.clone(),
                cache_ttl_s: (cli.global.cache_ttl)
                    .or(config.defaults.cache_ttl)
                    .unwrap_or(config::DEFAULT_CACHE_TTL_S),
                clipboard_clear_s: (cli.global.clipboard_clear)
                    .or(config.defaults.clipboard_clear)
                    .unwrap_or(config::DEFAULT_CLIPBOARD_CLEAR_S),
                import_skip: skip_list,
                listing: Strategy::new(listing.sequential, listing.concurrency),
                theme: config
                    .ui
                    .effective_theme(std::env::var_os("NO_COLOR").as_deref()),
                mouse: config.ui.mouse,
                keys,
                regions: listing.regions.clone(),
                audit: config.audit.clone(),
            };
            console::run(&opts, settings).await.map(|()| 0)
        }
        Some(Command::Ls(args)) => {
            let strategy =
                Strategy::new(listing.sequential || args.sequential, listing.concurrency);
            cli::ls::run(&opts, strategy, &listing.regions, args).await
        }
        Some(Command::Get(args)) => cli::get::run(&opts, args).await,
        Some(Command::History(args)) => cli::history::run(&opts, args).await,
        Some(Command::Diff(args)) => cli::diff::run(&opts, args).await,
        Some(Command::Events(args)) => cli::events::run(&opts, args).await,
        Some(Command::Rollback(args)) => cli::rollback::run(&opts, &guard, args).await,
        Some(Command::Rotate(args)) => cli::rotate::run(&opts, &guard, args).await,
        Some(Command::Put(args)) => cli::put::put(&opts, &guard, args).await,
        Some(Command::Create(args)) => cli::put::create(&opts, &guard, args).await,
        Some(Command::Delete(args)) => cli::delete::delete(&opts, &guard, args).await,
        Some(Command::Restore(args)) => cli::delete::restore(&opts, &guard, args).await,
        Some(Command::Import(args)) => cli::import::run(&opts, &guard, skip_list, args).await,
        Some(Command::Verify(args)) => cli::verify::run(&opts, skip_list, args).await,
        Some(Command::Audit(args)) => {
            let strategy = Strategy::new(listing.sequential, listing.concurrency);
            cli::audit::run(&opts, strategy, &config.audit, args).await
        }
        Some(Command::Doctor(args)) => Ok(cli::doctor::run(&opts, &guard, args).await as u8),
        Some(Command::Completions(_) | Command::Man) => unreachable!("answered above"),
    }
}

/// Print an error and, for AWS errors, what to do about it. No backtrace.
fn report(err: &anyhow::Error) {
    eprintln!("sekret: error: {err:#}");
    if let Some(hint) = err.downcast_ref::<AwsError>().and_then(AwsError::hint) {
        eprintln!("sekret: hint: {hint}");
    }
}
