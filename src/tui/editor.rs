//! Editing a value in the operator's `$EDITOR` (fallback `vi`).
//!
//! The value goes into a file created 0600 in a private (0700) directory,
//! in memory when the system offers it: `$XDG_RUNTIME_DIR/sekret`, else
//! `/dev/shm/sekret-UID`, else the temporary directory. Whatever happens —
//! the editor fails, sekret panics while it runs — the file is overwritten
//! with zeros and removed. (A SIGKILL cannot be handled: the directory is
//! private and, in the first two places, never reaches a disk.)

use std::fs::{self, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::domain::value::SecretValue;
use crate::paths::private_dir;

/// `$EDITOR`, or `vi` when it is unset.
pub fn editor_command() -> String {
    std::env::var("EDITOR")
        .ok()
        .filter(|e| !e.trim().is_empty())
        .unwrap_or_else(|| "vi".into())
}

/// Where the file goes: the first private place available.
pub fn private_edit_dir() -> io::Result<PathBuf> {
    private_edit_dir_in(crate::paths::runtime_dir())
}

/// [`private_edit_dir`] with the runtime directory given (`$XDG_RUNTIME_DIR`).
pub fn private_edit_dir_in(runtime_dir: Option<PathBuf>) -> io::Result<PathBuf> {
    let uid = unsafe { libc::geteuid() };
    let candidates = [
        runtime_dir
            .filter(|d| !d.as_os_str().is_empty())
            .map(|d| d.join("sekret")),
        Some(PathBuf::from("/dev/shm")).map(|d| d.join(format!("sekret-{uid}"))),
        Some(std::env::temp_dir().join(format!("sekret-{uid}"))),
    ];
    let mut last_error = io::Error::other("no place for the temporary file");
    for dir in candidates.into_iter().flatten() {
        if dir.parent().is_some_and(|p| !p.is_dir()) {
            continue;
        }
        match private_dir(&dir).and_then(|()| check_private(&dir, uid)) {
            Ok(()) => return Ok(dir),
            Err(e) => last_error = e,
        }
    }
    Err(last_error)
}

/// The directory must be ours and closed to everyone else: a directory
/// someone else made (or opened up) is not used.
fn check_private(dir: &Path, uid: u32) -> io::Result<()> {
    let meta = fs::symlink_metadata(dir)?;
    if !meta.is_dir() || meta.uid() != uid || meta.permissions().mode() & 0o077 != 0 {
        return Err(io::Error::other(format!(
            "{} is not a private directory of this user",
            dir.display()
        )));
    }
    Ok(())
}

/// Overwrites and removes the file when dropped.
struct Scrubbed(PathBuf);

impl Drop for Scrubbed {
    fn drop(&mut self) {
        // The editor may have replaced the file (write to a new file, then
        // rename): scrub what is there now.
        if let Ok(mut file) = OpenOptions::new().write(true).open(&self.0) {
            let len = file.metadata().map(|m| m.len()).unwrap_or(0);
            let _ = file.write_all(&vec![0; len as usize]);
            let _ = file.sync_all();
        }
        let _ = fs::remove_file(&self.0);
    }
}

/// Run `editor` on a private file holding `initial`, and return what it
/// holds when the editor exits successfully. `suffix` (`.json`, `.txt`)
/// lets the editor pick its syntax.
pub fn edit(
    editor: &str,
    dir: &Path,
    initial: &SecretValue,
    suffix: &str,
) -> Result<SecretValue, String> {
    let path = dir.join(format!(
        "sekret-edit-{}-{}{suffix}",
        std::process::id(),
        unique()
    ));
    let mut file = OpenOptions::new()
        .write(true)
        .read(true)
        .create_new(true)
        .mode(0o600)
        .open(&path)
        .map_err(|e| format!("cannot create the temporary file in {}: {e}", dir.display()))?;
    let scrub = Scrubbed(path);
    file.write_all(initial.bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| format!("cannot write the temporary file: {e}"))?;
    drop(file);
    // `sh -c 'EDITOR "$1"'` runs an EDITOR with arguments (`code -w`) the
    // way git does, and passes the path without any quoting trouble.
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sekret-editor")
        .arg(&scrub.0)
        .status()
        .map_err(|e| format!("cannot start the editor ({editor}): {e}"))?;
    if !status.success() {
        let how = match status.code() {
            Some(code) => format!("exit status {code}"),
            None => "a signal".into(),
        };
        return Err(format!("the editor ({editor}) ended with {how}"));
    }
    let mut bytes = Vec::new();
    let read = fs::File::open(&scrub.0).and_then(|mut f| {
        // Sized once, so no reallocation leaves a copy behind.
        let len = f.metadata()?.len() as usize;
        bytes.reserve_exact(len + 1);
        f.read_to_end(&mut bytes)
    });
    if let Err(e) = read {
        zeroize::Zeroize::zeroize(&mut bytes);
        return Err(format!("cannot read the edited file: {e}"));
    }
    Ok(match String::from_utf8(bytes) {
        Ok(text) => SecretValue::text(text),
        Err(e) => SecretValue::binary(e.into_bytes()),
    })
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
