//! The cache: warm runs give what cold runs give, cross-file findings are never stale, and a
//! cache that cannot be trusted is rebuilt.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::{copy_tree, fixtures, run_limited, stderr, stdout};

/// The user cache folder of the one user these tests play (where the cache's key is kept).
fn user_cache() -> &'static Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("temp dir"))
        .path()
}

/// qalint in `dir` with the cache on.
fn cached(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_qalint"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .env_remove("QALINT_NO_CACHE")
        .env("XDG_CACHE_HOME", user_cache())
        .env("NO_COLOR", "1");
    run_limited(cmd)
}

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&fixtures().join("site"), dir.path());
    dir
}

const CACHE: &str = concat!(".qalint_cache/v", env!("CARGO_PKG_VERSION"), ".bin");

#[test]
fn a_warm_run_gives_exactly_what_a_cold_run_gives() {
    let dir = site();
    let cold = cached(dir.path(), &["--format", "json"]);
    assert!(
        dir.path().join(CACHE).is_file(),
        "the first run writes the cache"
    );
    let tag = std::fs::read_to_string(dir.path().join(".qalint_cache/CACHEDIR.TAG")).expect("tag");
    assert!(tag.starts_with("Signature: 8a477f597d28d172789f06886806bc55"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".qalint_cache/.gitignore")).expect("ignore"),
        "*\n"
    );
    let warm = cached(dir.path(), &["--format", "json"]);
    assert_eq!(stdout(&warm), stdout(&cold), "findings and fixes");
    assert_eq!(warm.status.code(), cold.status.code());
    // And what no cache at all gives.
    let none = cached(dir.path(), &["--format", "json", "--no-cache"]);
    assert_eq!(stdout(&none), stdout(&cold));
    // One file named, warm: the same findings for it as the whole tree.
    let one = cached(
        dir.path(),
        &["--format", "json", "content/javascript/async/callbacks.md"],
    );
    let whole: Vec<serde_json::Value> = serde_json::from_slice(&cold.stdout).expect("JSON");
    let mine: Vec<serde_json::Value> = serde_json::from_slice(&one.stdout).expect("JSON");
    let expected: Vec<&serde_json::Value> = whole
        .iter()
        .filter(|f| f["file"] == "content/javascript/async/callbacks.md")
        .collect();
    assert_eq!(mine.iter().collect::<Vec<_>>(), expected);
}

#[test]
fn cross_file_findings_follow_pages_deleted_restored_and_renumbered() {
    let dir = site();
    let linking = "content/javascript/async/callbacks.md";
    let target = dir.path().join("content/javascript/async/promises.md");
    let text = std::fs::read_to_string(dir.path().join(linking)).expect("read");
    // callbacks.md links to promises.md, which exists.
    let linked = text.replacen(
        "  - /javascript/async/callback-hell",
        "  - /javascript/async/promises",
        1,
    );
    std::fs::write(dir.path().join(linking), &linked).expect("write");
    let qa004 = |dir: &Path| {
        let o = cached(
            dir,
            &["--format", "concise", "--select", "QA004,QA005", linking],
        );
        stdout(&o)
    };
    assert_eq!(qa004(dir.path()), "", "the link resolves");
    let saved = std::fs::read_to_string(&target).expect("read");
    std::fs::remove_file(&target).expect("delete");
    assert!(
        qa004(dir.path()).contains("/javascript/async/promises is not the path of any page"),
        "a deleted page is seen on a warm run"
    );
    std::fs::write(&target, &saved).expect("restore");
    assert_eq!(qa004(dir.path()), "", "and a restored one");
    // Renumbering another page of the topic changes this page's order finding.
    let event_loop = dir.path().join("content/javascript/async/event-loop.md");
    let before = cached(dir.path(), &["--format", "concise", "--select", "QA005"]);
    assert!(
        stdout(&before).contains("event-loop.md"),
        "{}",
        stdout(&before)
    );
    let fixed = std::fs::read_to_string(&event_loop)
        .expect("read")
        .replacen("order: 4", "order: 3", 1);
    std::fs::write(&event_loop, fixed).expect("write");
    let after = cached(dir.path(), &["--format", "concise", "--select", "QA005"]);
    // QA000 is always on (the fixture's broken files): only the order findings matter here.
    let orders: Vec<String> = stdout(&after)
        .lines()
        .filter(|l| l.contains("QA005"))
        .map(str::to_string)
        .collect();
    assert!(orders.is_empty(), "{orders:?}");
}

#[test]
fn a_corrupt_or_foreign_cache_is_rebuilt_not_trusted() {
    let dir = site();
    let cold = cached(dir.path(), &["--format", "json"]);
    let file = dir.path().join(CACHE);
    let good = std::fs::read(&file).expect("cache");
    for bad in [
        b"garbage".to_vec(),
        good[..good.len() / 2].to_vec(),
        // Another version's header (postcard: a length byte, then the text), with this
        // version's entries after it: well-formed, and still not trusted.
        foreign(&good),
        Vec::new(),
        // One byte changed in the middle of an entry: the signature no longer matches.
        {
            let mut flipped = good.clone();
            flipped[good.len() / 2] ^= 0x01;
            flipped
        },
    ] {
        std::fs::write(&file, &bad).expect("corrupt");
        let o = cached(dir.path(), &["--format", "json"]);
        assert_eq!(stdout(&o), stdout(&cold));
        assert!(stderr(&o).is_empty(), "{}", stderr(&o));
        let warm = cached(dir.path(), &["--format", "json"]);
        assert_eq!(stdout(&warm), stdout(&cold), "rebuilt");
    }
}

fn foreign(good: &[u8]) -> Vec<u8> {
    let ours = format!("qalint-cache {} 6", env!("CARGO_PKG_VERSION"));
    assert_eq!(usize::from(good[0]), ours.len());
    assert_eq!(&good[1..=ours.len()], ours.as_bytes());
    let theirs = "qalint-cache 9.9.9 1";
    let len = u8::try_from(theirs.len()).expect("short");
    [
        vec![len],
        theirs.as_bytes().to_vec(),
        good[1 + ours.len()..].to_vec(),
    ]
    .concat()
}

#[test]
fn a_changed_setting_is_not_served_from_the_cache() {
    let dir = site();
    let first = cached(dir.path(), &["--format", "concise"]);
    assert!(stdout(&first).contains("QA007"));
    std::fs::write(
        dir.path().join("qalint.toml"),
        "root = true\nignore = [\"QA007\"]\n",
    )
    .expect("write");
    let second = cached(dir.path(), &["--format", "concise"]);
    assert!(!stdout(&second).contains("QA007"), "{}", stdout(&second));
    let flags = cached(
        dir.path(),
        &["--format", "concise", "--extend-select", "QA007"],
    );
    assert!(stdout(&flags).contains("QA007"));
}

#[test]
fn two_runs_at_once_leave_a_usable_cache() {
    let dir = site();
    let cold = cached(dir.path(), &["--format", "json", "--no-cache"]);
    for _ in 0..5 {
        let spawn = || {
            Command::new(env!("CARGO_BIN_EXE_qalint"))
                .args(["--format", "json"])
                .current_dir(dir.path())
                .env_remove("QALINT_NO_CACHE")
                .stdout(std::process::Stdio::piped())
                .spawn()
                .expect("spawn")
        };
        let (a, b) = (spawn(), spawn());
        let (a, b) = (
            a.wait_with_output().expect("a"),
            b.wait_with_output().expect("b"),
        );
        assert_eq!(a.stdout, cold.stdout);
        assert_eq!(b.stdout, cold.stdout);
    }
    let warm = cached(dir.path(), &["--format", "json"]);
    assert_eq!(stdout(&warm), stdout(&cold));
}

#[test]
fn no_cache_and_cache_dir() {
    let dir = site();
    cached(dir.path(), &["--no-cache"]);
    assert!(!dir.path().join(".qalint_cache").exists());
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_qalint"));
    cmd.current_dir(dir.path()).env("QALINT_NO_CACHE", "1");
    run_limited(cmd);
    assert!(!dir.path().join(".qalint_cache").exists());
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let target = elsewhere.path().join("c");
    cached(
        dir.path(),
        &["--cache-dir", target.to_str().expect("utf-8")],
    );
    assert!(target
        .join(concat!("v", env!("CARGO_PKG_VERSION"), ".bin"))
        .is_file());
    assert!(!dir.path().join(".qalint_cache").exists());
}

#[test]
fn only_this_versions_cache_is_trusted() {
    // A doctored entry (callbacks.md with no findings) is served when the header is ours...
    let dir = site();
    let root = std::fs::canonicalize(dir.path()).expect("canonical");
    let linter = qalint_workspace::Workspace::open(
        &root,
        &qalint_workspace::workspace::ConfigChoice::Cascade,
        Default::default(),
        false,
    )
    .expect("workspace");
    let linter = linter.engine();
    let file = std::sync::Arc::new(root.join("content/javascript/async/callbacks.md"));
    let text = std::fs::read_to_string(file.as_path()).expect("read");
    let cache = qalint_workspace::cache::Cache::open_with_key_in(
        &root.join(".qalint_cache"),
        &user_cache().join("qalint"),
    )
    .expect("cache");
    let fingerprint = linter.settings_for(&file).fingerprint;
    let digest = qalint_workspace::cache::digest(&text);
    let target = qalint_workspace::discover::Target {
        path: file.clone(),
        kind: qalint_workspace::load::FileKind::Markdown,
    };
    let mut doctored = linter.check_file(&target, true);
    assert!(!doctored.findings.is_empty());
    doctored.findings.clear();
    cache.put(&file, (digest, None), fingerprint, true, &doctored);
    cache.save().expect("save");
    // callbacks.md's own findings (all but the cross-file QA004) come from the cache.
    let own = |o: &std::process::Output| -> Vec<String> {
        stdout(o)
            .lines()
            .filter(|l| {
                l.starts_with("content/javascript/async/callbacks.md") && !l.contains("QA004")
            })
            .map(str::to_string)
            .collect()
    };
    let served = cached(dir.path(), &["--format", "concise"]);
    assert!(
        own(&served).is_empty(),
        "our own cache is trusted: {:?}",
        own(&served)
    );
    // ...and not when another version wrote it.
    let path = dir.path().join(CACHE);
    let good = std::fs::read(&path).expect("cache");
    std::fs::write(&path, foreign(&good)).expect("write");
    let o = cached(dir.path(), &["--format", "concise"]);
    assert_eq!(own(&o).len(), 4, "{}", stdout(&o));
}

#[test]
fn a_file_rewritten_with_the_same_content_is_read_once_then_known_by_its_stat() {
    let dir = site();
    cached(dir.path(), &[]);
    let cache = dir.path().join(CACHE);
    let written = |p: &Path| {
        std::fs::metadata(p)
            .and_then(|m| m.modified())
            .expect("mtime")
    };
    let first = written(&cache);
    // The cold run recorded every file's stat (from the file it read): a warm run finds
    // every file by it and has nothing to write.
    std::thread::sleep(std::time::Duration::from_millis(20));
    cached(dir.path(), &[]);
    assert_eq!(
        written(&cache),
        first,
        "every stat known after the cold run"
    );
    // A checkout rewrites a file with the same content: its stat changes, its digest not.
    let page = dir.path().join("content/python/concurrency/gil.md");
    let text = std::fs::read(&page).expect("read");
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&page, &text).expect("rewrite");
    let second_run = cached(dir.path(), &[]);
    assert_eq!(second_run.status.code(), Some(1));
    let second = written(&cache);
    assert!(second > first, "the new stat is recorded");
    // Now every file is known by its stat: nothing to record, the cache is left as it is.
    std::thread::sleep(std::time::Duration::from_millis(20));
    cached(dir.path(), &[]);
    assert_eq!(written(&cache), second);
}

/// Outside git, `qalint content` keeps its cache where it was started, never among the pages
/// (a collection whose source is `**` would have Nuxt Content read the cache files).
#[test]
fn outside_git_the_cache_is_never_written_below_a_named_folder() {
    let dir = site();
    let o = cached(dir.path(), &["--format", "json", "content"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!dir.path().join("content/.qalint_cache").exists());
    assert!(dir.path().join(CACHE).is_file());
}
