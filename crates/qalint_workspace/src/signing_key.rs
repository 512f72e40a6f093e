//! The key that signs what qalint writes into a work tree and reads back: its cache, and the
//! collections its Nuxt module hands it. Both sit where anyone who can open a pull request can
//! put a file: a checksum would only catch accidents, since a forger can compute it. So each
//! such file carries a BLAKE3 keyed hash, and the key is 32 random bytes made on first use in
//! the user's own cache folder (`$XDG_CACHE_HOME/qalint/key`, `~/.cache/…`), never in a work
//! tree. A file qalint did not write for this user on this machine fails the check: a fresh CI
//! runner, or a reviewer with another `HOME`, has a key no repository knows.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A cache key: only ever compared through [`blake3::Hash`]'s constant-time equality.
#[derive(Clone)]
pub struct Key([u8; blake3::KEY_LEN]);

/// Never printed: a key in a log is a key anyone can use.
impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(..)")
    }
}

impl Key {
    /// The signature of `bytes` under this key.
    pub fn sign(&self, bytes: &[u8]) -> blake3::Hash {
        blake3::keyed_hash(&self.0, bytes)
    }

    /// The signature of `bytes` in hexadecimal (for text files).
    pub fn sign_hex(&self, bytes: &[u8]) -> String {
        self.sign(bytes).to_hex().to_string()
    }

    /// Whether `hex` is the signature of `bytes` (compared in constant time).
    pub fn verify_hex(&self, bytes: &[u8], hex: &str) -> bool {
        blake3::Hash::from_hex(hex).is_ok_and(|h| h == self.sign(bytes))
    }

    #[cfg(test)]
    pub fn for_tests(byte: u8) -> Key {
        Key([byte; blake3::KEY_LEN])
    }
}

/// The key's file name inside the user's cache folder for qalint.
const FILE: &str = "key";

/// This user's key for checking the project at `checked`, made on first use; why there is
/// none when it cannot be read or made, or when it sits inside what is being checked (then no
/// cache is read or written and no record believed). Read once a process, placed every call.
pub fn user_key_for(checked: &Path) -> Result<Key, String> {
    static KEY: OnceLock<Result<Key, String>> = OnceLock::new();
    let dir = dirs::cache_dir()
        .filter(|d| d.is_absolute())
        .ok_or("the user has no cache folder (HOME is not set) to keep the cache's key in")?
        .join("qalint");
    refuse_inside(&dir, checked, true)?;
    KEY.get_or_init(|| {
        let cwd = std::env::current_dir().map_err(|e| e.to_string())?;
        key_in(&dir, &cwd)
    })
    .clone()
}

/// The key in `dir`, made there when there is none, unless `dir` lies in the git work tree
/// of `cwd` (a cache folder set inside the workspace, as some CI setups do): a key there could
/// be committed by a pull request, or published by a bot's `git add -A`. (A home folder kept
/// in git of its own, with the project elsewhere, is fine.)
pub fn key_in(dir: &Path, cwd: &Path) -> Result<Key, String> {
    refuse_inside(dir, cwd, false)?;
    let file = dir.join(FILE);
    match read_key(&file) {
        Ok(Some(key)) => return Ok(key),
        Ok(None) => {}
        Err(e) => return Err(format!("{}: {e}", file.display())),
    }
    make_key(dir, &file).map_err(|e| format!("cannot make {}: {e}", file.display()))
}

/// Refuses a key folder `dir` that a repository being checked from `place` could have shipped:
/// one inside the outermost work tree holding `place` (a submodule's superproject included,
/// so neither a submodule nor a nested clone is a way around it), or, for a folder being
/// checked (`walked`) outside git, inside that folder (qalint run above a clone).
fn refuse_inside(dir: &Path, place: &Path, walked: bool) -> Result<(), String> {
    let (dir, place) = (resolved(dir), resolved(place));
    let (tree, what) = match work_tree_of(&place) {
        Some(tree) => (tree, "the git work tree"),
        None if walked => (place, "the folder"),
        None => return Ok(()),
    };
    if dir.starts_with(&tree) {
        return Err(format!(
            "the cache's key would be kept in {}, inside {what} {} that is being checked: a \
             key there is not the user's own (set XDG_CACHE_HOME to a folder outside it)",
            dir.display(),
            tree.display()
        ));
    }
    Ok(())
}

/// The outermost work tree holding `path`: the nearest folder with a `.git`, and from a
/// submodule (a `.git` file naming `…/modules/…`) on up to the repository that holds it.
/// (project::git_top's lookup, which this layer cannot import, made to see submodules.)
fn work_tree_of(path: &Path) -> Option<PathBuf> {
    let nearest = |p: &Path| p.ancestors().find(|d| d.join(".git").exists()).map(Path::to_path_buf);
    let mut top = nearest(path)?;
    loop {
        let marker = top.join(".git");
        let submodule = marker.is_file()
            && crate::bounded_read::read_to_string(&marker)
                .is_ok_and(|gitdir| gitdir.contains("/modules/"));
        match top.parent().and_then(nearest) {
            Some(up) if submodule => top = up,
            _ => return Some(top),
        }
    }
}

/// `path` with its links resolved as far as it exists (the key folder may not yet).
fn resolved(path: &Path) -> PathBuf {
    for base in path.ancestors() {
        if let Ok(real) = std::fs::canonicalize(base) {
            return match path.strip_prefix(base) {
                Ok(rest) if !rest.as_os_str().is_empty() => real.join(rest),
                _ => real,
            };
        }
    }
    path.to_path_buf()
}

/// Reads a key file: `None` when there is none. A file that is a link, not the user's own,
/// readable by others or not 32 bytes long is not a key qalint made.
fn read_key(file: &Path) -> Result<Option<Key>, String> {
    use std::io::Read;
    let (mut f, meta) = match crate::bounded_read::open_own(file) {
        Ok(opened) => opened,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read the cache's key: {e}")),
    };
    if !meta.is_file() || meta.len() != blake3::KEY_LEN as u64 {
        return Err("not a key qalint made (delete it to make a new one)".into());
    }
    private_to_user(&meta)?;
    if let Some(folder) = file.parent() {
        let folder_meta = std::fs::symlink_metadata(folder).map_err(|e| e.to_string())?;
        folder_private_to_user(&folder_meta)?;
    }
    let mut key = [0u8; blake3::KEY_LEN];
    f.read_exact(&mut key).map_err(|e| e.to_string())?;
    Ok(Some(Key(key)))
}

#[cfg(unix)]
fn private_to_user(meta: &std::fs::Metadata) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    if meta.uid() != me || meta.mode() & 0o077 != 0 {
        return Err(
            "another user could read or change it: qalint's own key is the user's \
                    alone (delete it to make a new one)"
                .into(),
        );
    }
    Ok(())
}

/// The key's folder: the user's own, and no one else may write to it (else the key could be
/// replaced by another between two runs).
#[cfg(unix)]
fn folder_private_to_user(meta: &std::fs::Metadata) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    if !meta.is_dir() || meta.uid() != me || meta.mode() & 0o022 != 0 {
        return Err(
            "its folder is not the user's own, or others can write to it: qalint's own key is \
             the user's alone"
                .into(),
        );
    }
    Ok(())
}

#[cfg(not(unix))]
fn folder_private_to_user(_: &std::fs::Metadata) -> Result<(), String> {
    Ok(())
}

#[cfg(not(unix))]
fn private_to_user(_: &std::fs::Metadata) -> Result<(), String> {
    // The user's local application data folder is the user's alone.
    Ok(())
}

/// Makes a new key in `dir` (a folder only the user can enter): written whole to a temporary
/// file, then linked into place unless another run made one first, whose key then stands.
#[cfg(not(target_family = "wasm"))]
fn random_key() -> Result<[u8; blake3::KEY_LEN], String> {
    let mut key = [0u8; blake3::KEY_LEN];
    getrandom::fill(&mut key).map_err(|e| format!("no random bytes: {e}"))?;
    Ok(key)
}

/// In WebAssembly nothing is cached and no record read: no key is ever needed.
#[cfg(target_family = "wasm")]
fn random_key() -> Result<[u8; blake3::KEY_LEN], String> {
    Err("no key in WebAssembly, where nothing is cached".into())
}

fn make_key(dir: &Path, file: &Path) -> Result<Key, String> {
    use std::io::Write;
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    let made = !dir.exists();
    builder.create(dir).map_err(|e| e.to_string())?;
    if made {
        // A folder qalint made says what it is to git, whatever lies above it.
        let ignore = dir.join(".gitignore");
        let _ = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&ignore)
            .and_then(|mut f| f.write_all(b"# qalint's key: never committed\n*\n"));
    }
    folder_private_to_user(&std::fs::symlink_metadata(dir).map_err(|e| e.to_string())?)?;
    let key = random_key()?;
    // tempfile creates its file with O_EXCL and mode 0600.
    let mut tmp = tempfile::Builder::new()
        .prefix(".key-")
        .tempfile_in(dir)
        .map_err(|e| e.to_string())?;
    tmp.write_all(&key).map_err(|e| e.to_string())?;
    tmp.as_file().sync_all().map_err(|e| e.to_string())?;
    match tmp.persist_noclobber(file) {
        Ok(_) => Ok(Key(key)),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
            read_key(file)?.ok_or_else(|| "it vanished as it was made".to_string())
        }
        Err(e) => Err(e.error.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_made_once_and_read_back() {
        let home = tempfile::tempdir().expect("temp dir");
        let dir = home.path().join("qalint");
        let made = key_in(&dir, Path::new("/")).expect("made");
        let again = key_in(&dir, Path::new("/")).expect("read");
        assert_eq!(made.0, again.0);
        assert_ne!(made.0, [0; 32], "random bytes");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode();
            assert_eq!(mode(&dir) & 0o777, 0o700);
            assert_eq!(mode(&dir.join(FILE)) & 0o777, 0o600);
        }
        // Another user's folder makes another key.
        let other = tempfile::tempdir().expect("temp dir");
        assert_ne!(
            key_in(&other.path().join("qalint"), Path::new("/"))
                .expect("made")
                .0,
            made.0
        );
    }

    #[test]
    fn a_key_folder_inside_a_work_tree_is_refused_and_one_qalint_makes_is_ignored() {
        let tree = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(tree.path().join(".git")).expect("a work tree");
        let dir = tree.path().join(".cache/qalint");
        let err = key_in(&dir, &tree.path().join("content")).expect_err("refused");
        assert!(err.contains("inside the git work tree"), "{err}");
        assert!(!dir.exists(), "nothing made there");
        // Checking another work tree, a key folder in a work tree of its own is the user's.
        let project = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(project.path().join(".git")).expect("a work tree");
        key_in(&dir, project.path()).expect("made");
        let home = tempfile::tempdir().expect("temp dir");
        let dir = home.path().join("qalint");
        key_in(&dir, Path::new("/")).expect("made");
        assert_eq!(
            std::fs::read_to_string(dir.join(".gitignore")).expect("ignore"),
            "# qalint's key: never committed\n*\n"
        );
    }

    #[test]
    fn a_submodule_climbs_to_its_superproject_and_a_worktree_does_not() {
        let top = tempfile::tempdir().expect("temp dir");
        let top = std::fs::canonicalize(top.path()).expect("top");
        std::fs::create_dir_all(top.join(".git")).expect("git");
        let sub = top.join("vendor/sub");
        std::fs::create_dir_all(&sub).expect("sub");
        std::fs::write(sub.join(".git"), "gitdir: ../../.git/modules/vendor/sub\n").expect("file");
        assert_eq!(work_tree_of(&sub.join("content")), Some(top.clone()));
        let tree = top.join("wt");
        std::fs::create_dir_all(&tree).expect("wt");
        std::fs::write(tree.join(".git"), "gitdir: /elsewhere/.git/worktrees/wt\n").expect("file");
        assert_eq!(work_tree_of(&tree), Some(tree.clone()));
        // A key folder in the submodule is refused for the superproject's pages.
        let err = refuse_inside(&sub.join(".cache/qalint"), &top, true).expect_err("refused");
        assert!(err.contains("inside the git work tree"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_key_in_a_folder_others_can_write_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let home = tempfile::tempdir().expect("temp dir");
        let dir = home.path().join("qalint");
        key_in(&dir, Path::new("/")).expect("made");
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o770)).expect("chmod");
        let err = key_in(&dir, Path::new("/")).expect_err("refused");
        assert!(err.contains("others can write to it"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_key_others_can_read_a_link_or_a_wrong_size_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let home = tempfile::tempdir().expect("temp dir");
        let dir = home.path().join("qalint");
        key_in(&dir, Path::new("/")).expect("made");
        let file = dir.join(FILE);
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        let err = key_in(&dir, Path::new("/")).expect_err("refused");
        assert!(
            err.contains("another user could read or change it"),
            "{err}"
        );
        std::fs::write(&file, b"short").expect("write");
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        let err = key_in(&dir, Path::new("/")).expect_err("refused");
        assert!(err.contains("not a key qalint made"), "{err}");
        std::fs::remove_file(&file).expect("rm");
        let elsewhere = home.path().join("planted");
        std::fs::write(&elsewhere, [7u8; 32]).expect("write");
        std::os::unix::fs::symlink(&elsewhere, &file).expect("link");
        let err = key_in(&dir, Path::new("/")).expect_err("refused");
        assert!(err.contains("cannot read the cache's key"), "{err}");
    }
}
