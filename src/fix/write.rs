//! Writing a fixed file: atomically (a temporary file in the same folder, then a rename), with
//! the original's permissions, and only if the file on disk is still what was fixed.

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
    let permissions = std::fs::metadata(path)
        .map_err(|e| e.to_string())?
        .permissions();
    let mut tmp = tempfile::Builder::new()
        .prefix(".qalint-fix-")
        .tempfile_in(dir)
        .map_err(|e| format!("cannot create a temporary file beside it: {e}"))?;
    tmp.write_all(new.as_bytes())
        .map_err(|e| format!("cannot write the fixed text: {e}"))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| format!("cannot write the fixed text: {e}"))?;
    std::fs::set_permissions(tmp.path(), permissions)
        .map_err(|e| format!("cannot keep its permissions: {e}"))?;
    // If anything above failed, the temporary file is removed and the original is untouched.
    tmp.persist(path)
        .map_err(|e| format!("cannot replace it: {}", e.error))?;
    Ok(())
}
