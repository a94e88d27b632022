//! Where sekret keeps its files, in one place: the XDG base directories on
//! every platform (as k9s does), so that the config file and the audit log
//! are where the documentation says on Linux and macOS alike. (`dirs`
//! would move them to ~/Library on macOS.) Directories sekret creates are
//! 0700.

use std::io;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

fn var(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// The operator's home directory.
pub fn home() -> Option<PathBuf> {
    var("HOME")
}

/// `$XDG_CONFIG_HOME/sekret/config.toml`, else `~/.config/sekret/config.toml`.
pub fn config_file() -> Option<PathBuf> {
    let base = var("XDG_CONFIG_HOME").or_else(|| home().map(|h| h.join(".config")))?;
    Some(base.join("sekret/config.toml"))
}

/// `$XDG_STATE_HOME/sekret`, else `~/.local/state/sekret`: the audit log,
/// reports and the log file.
pub fn state_dir() -> Option<PathBuf> {
    let base = var("XDG_STATE_HOME").or_else(|| home().map(|h| h.join(".local/state")))?;
    Some(base.join("sekret"))
}

/// `$XDG_RUNTIME_DIR` (memory-backed and private on most systems).
pub fn runtime_dir() -> Option<PathBuf> {
    var("XDG_RUNTIME_DIR")
}

/// Create `dir` (and parents) readable by the owner only.
pub fn private_dir(dir: &Path) -> io::Result<()> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn private_dirs_are_the_owners_only() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("a/b");
        super::private_dir(&dir).unwrap();
        let mode = std::fs::metadata(&dir).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
    }
}
