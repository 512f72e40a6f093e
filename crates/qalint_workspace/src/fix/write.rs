//! Writing a fixed file: atomically (a temporary file in the same folder, then a rename), with
//! the original's owner and permissions, and only if the file on disk is still what was fixed.
//! A hard link is replaced by a copy (the rename gives the path a new inode); a read-only file
//! is not written.

use std::io::Write;
use std::path::Path;

/// Replaces `path` with `new` if it still holds `expected`.
pub fn replace_if_unchanged(path: &Path, expected: &str, new: &str) -> Result<(), String> {
    let current = std::fs::read(path).map_err(|e| format!("cannot read it again: {e}"))?;
    if current != expected.as_bytes() {
        return Err("it changed on disk while qalint was fixing it; left as it is".into());
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    let permissions = meta.permissions();
    // A read-only file says "do not edit" (root could write it anyway): skip it, and say so.
    if permissions.readonly() {
        return Err("it is read-only; left as it is".into());
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".qalint-fix-")
        .tempfile_in(dir)
        .map_err(|e| format!("cannot create a temporary file beside it: {e}"))?;
    tmp.write_all(new.as_bytes())
        .map_err(|e| format!("cannot write the fixed text: {e}"))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| format!("cannot write the fixed text: {e}"))?;
    keep_owner(tmp.as_file(), &meta)?;
    std::fs::set_permissions(tmp.path(), permissions)
        .map_err(|e| format!("cannot keep its permissions: {e}"))?;
    // If anything above failed, the temporary file is removed and the original is untouched.
    tmp.persist(path)
        .map_err(|e| format!("cannot replace it: {}", e.error))?;
    Ok(())
}

/// Keeps the owner of the file `meta` describes on its replacement `new` (run as root, a plain
/// rename would hand the file to root).
#[cfg(unix)]
fn keep_owner(new: &std::fs::File, meta: &std::fs::Metadata) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    if let Err(e) = std::os::unix::fs::fchown(new, Some(meta.uid()), Some(meta.gid())) {
        // Only root may give a file away; anyone else writes files they already own.
        let mine = new.metadata().map_or(u32::MAX, |m| m.uid());
        if meta.uid() != mine {
            return Err(format!("cannot keep its owner: {e}"));
        }
    }
    Ok(())
}

/// A new file is its creator's, as the one it replaces was.
#[cfg(not(unix))]
fn keep_owner(_: &std::fs::File, _: &std::fs::Metadata) -> Result<(), String> {
    Ok(())
}
