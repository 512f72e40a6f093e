//! A repository must never fool qalint or make it write outside the project: a committed
//! cache, links in the cache folder, settings files it cannot read or did not come from the
//! user, an output file that is a link. Each case as an attacker would lay it out.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use common::{run_limited, stderr, stdout, write_files};
use qalint_workspace::cache::Cache;
use qalint_workspace::discover::Target;
use qalint_workspace::index::PageFacts;
use qalint_workspace::load::FileKind;
use qalint_workspace::workspace::Overrides;
use qalint_workspace::workspace::{ConfigChoice, Workspace};

const CACHE: &str = concat!(".qalint_cache/v", env!("CARGO_PKG_VERSION"), ".bin");

fn page(order: u32, difficulty: &str) -> String {
    format!(
        "---\ntitle: Page {order}\ndescription: \"\"\nframework: Python\nframeworkSlug: python\n\
         topic: Basics\ntopicSlug: basics\nsubtopic: Page {order}\ndifficulty: {difficulty}\n\
         order: {order}\nupdated: 2026-06-18\nseoDescription: \"Questions.\"\nquestions:\n  \
         - id: what\n    difficulty: easy\n    q: What?\n    a: This.\n---\n"
    )
}

/// Two pages of one topic: `b.md` has an unknown difficulty (QA003) and leaves a gap in the
/// topic's orders (QA005).
fn bad_site(dir: &Path) {
    write_files(
        dir,
        &[
            ("content/python/basics/a.md", &page(1, "easy")),
            ("content/python/basics/b.md", &page(3, "Impossible")),
        ],
    );
}

/// qalint in `dir` with the cache on, as the user whose cache folder is `home`.
fn as_user(dir: &Path, home: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_qalint"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .env_remove("QALINT_NO_CACHE")
        .env("XDG_CACHE_HOME", home)
        .env("NO_COLOR", "1");
    run_limited(cmd)
}

fn git(dir: &Path, args: &[&str]) {
    let o = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.invalid"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(o.status.success(), "git {args:?}: {}", stderr(&o));
}

/// Writes into `site` a cache that says the pages of `content/python/basics` are clean, with
/// their facts for the cross-file rules changed by `tamper`, signed as the qalint of the user
/// whose key folder is `key_dir` would sign it: what a pull request can carry, made by a
/// qalint that records no findings.
fn forge_clean_cache(site: &Path, key_dir: &Path, tamper: impl Fn(&str, &mut PageFacts)) {
    let site = std::fs::canonicalize(site).expect("site");
    let ws = Workspace::open(&site, &ConfigChoice::Cascade, Overrides::default(), false)
        .expect("workspace");
    let linter = ws.engine();
    let cache = Cache::open_with_key_in(&site.join(".qalint_cache"), key_dir).expect("cache");
    for name in ["a.md", "b.md"] {
        let path = Arc::new(site.join("content/python/basics").join(name));
        let target = Target {
            path: path.clone(),
            kind: FileKind::Markdown,
        };
        let mut result = linter.check_file(&target, true);
        result.findings.clear();
        for f in &mut result.facts {
            tamper(name, f);
        }
        let text = std::fs::read_to_string(path.as_path()).expect("page");
        let fingerprint = linter.settings_for(&path).fingerprint;
        cache.put(
            &path,
            (qalint_workspace::cache::digest(&text), None),
            fingerprint,
            true,
            &result,
        );
    }
    cache.save().expect("saved");
}

/// A pull request commits a forged cache; CI clones it fresh into the path it always uses.
/// qalint there reports the problems `--no-cache` reports, and the forged cache would have
/// fooled a qalint that believed it (the forger's own key accepts it).
#[test]
fn a_committed_cache_does_not_make_a_fresh_clone_pass() {
    let work = tempfile::tempdir().expect("temp dir");
    let (attacker, victim) = (work.path().join("attacker"), work.path().join("victim"));
    let clone = work.path().join("clone");
    bad_site(&clone);
    git(&clone, &["init", "--quiet"]);
    // b.md's order said to be 2: no gap.
    forge_clean_cache(&clone, &attacker.join("qalint"), |_, f| {
        if let Some(order) = &mut f.order {
            order.value = order.value.min(2);
        }
    });
    git(&clone, &["add", "--all"]);
    git(&clone, &["add", "--force", CACHE]);
    git(&clone, &["commit", "--quiet", "-m", "pages and a cache"]);
    let origin = work.path().join("origin.git");
    git(
        work.path(),
        &["clone", "--quiet", "--bare", "clone", "origin.git"],
    );
    let fresh = || {
        std::fs::remove_dir_all(&clone).expect("rm");
        git(work.path(), &["clone", "--quiet", "origin.git", "clone"]);
        assert!(clone.join(CACHE).is_file(), "the clone carries the cache");
    };
    let _ = origin;

    // The forger's own qalint believes it: the forgery is a good one.
    fresh();
    let fooled = as_user(&clone, &attacker, &["--format", "concise"]);
    assert_eq!(fooled.status.code(), Some(0), "{}", stdout(&fooled));

    // A fresh clone in CI (another user's key, made on first use).
    fresh();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_qalint"));
    cmd.current_dir(&clone)
        .env_remove("QALINT_NO_CACHE")
        .env("XDG_CACHE_HOME", &victim)
        .env("CI", "true")
        .env("GITHUB_ACTIONS", "true")
        .env("NO_COLOR", "1");
    let ci = run_limited(cmd);
    assert_eq!(ci.status.code(), Some(1), "{}", stderr(&ci));
    let annotations = stdout(&ci);
    assert!(
        annotations.contains(
            "::error title=QA003 (bad-difficulty),file=content/python/basics/b.md,line=9,"
        ),
        "{annotations}"
    );
    assert!(
        annotations
            .contains("::error title=QA005 (order-gap),file=content/python/basics/b.md,line=10,"),
        "{annotations}"
    );

    // A reviewer's machine: the same findings as without any cache, warm or cold.
    fresh();
    let reviewer = work.path().join("reviewer");
    let none = as_user(&clone, &reviewer, &["--format", "concise", "--no-cache"]);
    for _ in 0..2 {
        let run = as_user(&clone, &reviewer, &["--format", "concise"]);
        assert_eq!(run.status.code(), Some(1));
        assert_eq!(stdout(&run), stdout(&none));
    }
}

/// The language server reads the project's cache under the same rule: a forged fact of a
/// page that is not open cannot hide a finding of the open one.
#[test]
fn the_language_server_does_not_believe_a_forged_cache() {
    let work = tempfile::tempdir().expect("temp dir");
    let site = work.path().join("site");
    // a.md links to a page no file makes (QA004); the forged cache says b.md is that page.
    let a = page(1, "easy").replace("questions:", "related:\n  - /python/basics/c\nquestions:");
    write_files(
        &site,
        &[
            ("content/python/basics/a.md", &a),
            ("content/python/basics/b.md", &page(2, "easy")),
        ],
    );
    std::fs::write(site.join("qalint.toml"), "root = true\n").expect("write");
    forge_clean_cache(&site, &work.path().join("attacker/qalint"), |name, f| {
        if name == "b.md" {
            f.path = "/python/basics/c".into();
        }
    });
    let out = common::serve_once(
        &site,
        &work.path().join("victim"),
        &[common::did_open(&site.join("content/python/basics/a.md"))],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "\"code\":\"QA004\",\"message\":\"/python/basics/c is not the path of any page"
        ),
        "{text}"
    );
}

/// What a path holds, for "nothing changed there".
fn contents(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut all: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("ls")
        .map(|e| {
            let p = e.expect("entry").path();
            let bytes = std::fs::read(&p).unwrap_or_default();
            (p, bytes)
        })
        .collect();
    all.sort();
    all
}

/// Links the repository ships in its cache folder are never written through, by the CLI or
/// by the server starting and exiting.
#[test]
fn cache_writes_never_follow_links_the_repository_ships() {
    use std::os::unix::fs::symlink;
    let work = tempfile::tempdir().expect("temp dir");
    let home = work.path().join("home");
    let outside = work.path().join("outside");
    std::fs::create_dir(&outside).expect("mkdir");
    std::fs::write(outside.join("precious"), "keep me\n").expect("write");

    // A .gitignore linking to a file outside, a dangling CACHEDIR.TAG.
    let site = work.path().join("site");
    bad_site(&site);
    std::fs::write(site.join("qalint.toml"), "root = true\n").expect("write");
    std::fs::create_dir(site.join(".qalint_cache")).expect("mkdir");
    symlink(
        outside.join("precious"),
        site.join(".qalint_cache/.gitignore"),
    )
    .expect("link");
    symlink(
        outside.join("created"),
        site.join(".qalint_cache/CACHEDIR.TAG"),
    )
    .expect("link");
    let before = contents(&outside);
    let run = as_user(&site, &home, &["--format", "concise"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(site.join(CACHE).is_file(), "the cache itself is written");
    let served = common::serve_once(&site, &home, &[]);
    assert_eq!(served.status.code(), Some(0), "{}", stderr(&served));
    assert_eq!(contents(&outside), before, "nothing outside changed");

    // A cache folder that is itself a link: not used, a warning, the run goes on.
    let site2 = work.path().join("site2");
    bad_site(&site2);
    std::fs::write(site2.join("qalint.toml"), "root = true\n").expect("write");
    symlink(&outside, site2.join(".qalint_cache")).expect("link");
    let run = as_user(&site2, &home, &["--format", "concise"]);
    assert_eq!(run.status.code(), Some(1), "findings still reported");
    assert!(stdout(&run).contains("QA003"));
    assert!(
        stderr(&run).contains(".qalint_cache is a symbolic link: not used"),
        "{}",
        stderr(&run)
    );
    assert_eq!(
        contents(&outside),
        before,
        "nothing written where it points"
    );
}

/// `--cache-dir` on a folder that exists adds the cache file and nothing else: the folder's
/// own `.gitignore` stays, no tag appears. A folder qalint makes gets both markers.
#[test]
fn cache_dir_never_replaces_files_already_there() {
    let work = tempfile::tempdir().expect("temp dir");
    let home = work.path().join("home");
    let site = work.path().join("site");
    bad_site(&site);
    std::fs::write(site.join("qalint.toml"), "root = true\n").expect("write");
    std::fs::write(site.join(".gitignore"), "node_modules/\n.env\n").expect("write");
    let run = as_user(&site, &home, &["--cache-dir", "."]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert_eq!(
        std::fs::read_to_string(site.join(".gitignore")).expect("read"),
        "node_modules/\n.env\n"
    );
    assert!(!site.join("CACHEDIR.TAG").exists());
    let file = concat!("v", env!("CARGO_PKG_VERSION"), ".bin");
    assert!(site.join(file).is_file());

    let made = work.path().join("new/cache");
    let run = as_user(
        &site,
        &home,
        &["--cache-dir", made.to_str().expect("utf-8")],
    );
    assert_eq!(run.status.code(), Some(1));
    assert!(made.join("CACHEDIR.TAG").is_file());
    assert_eq!(
        std::fs::read_to_string(made.join(".gitignore")).expect("read"),
        "*\n"
    );
}

/// The cache goes to the root of the project the linted files belong to, not to the folder
/// qalint was started in.
#[test]
fn the_cache_lands_in_the_linted_project_not_the_current_folder() {
    let work = tempfile::tempdir().expect("temp dir");
    let home = work.path().join("home");
    let site = work.path().join("site");
    bad_site(&site);
    git(&site, &["init", "--quiet"]);
    let elsewhere = work.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).expect("mkdir");
    let content = site.join("content");
    let run = as_user(&elsewhere, &home, &[content.to_str().expect("utf-8")]);
    assert_eq!(run.status.code(), Some(1));
    assert!(!elsewhere.join(".qalint_cache").exists());
    assert!(site.join(CACHE).is_file());
}

/// Anything named `qalint.toml` that cannot be read stops the run (exit 2, naming the file
/// and why), at the root or nested: it is never passed over.
#[test]
fn a_settings_file_that_cannot_be_read_stops_the_run() {
    use std::os::unix::fs::symlink;
    let work = tempfile::tempdir().expect("temp dir");
    type Make<'a> = &'a dyn Fn(&Path);
    let cases: [(&str, Make); 5] = [
        ("a symbolic link to a file that does not exist", &|p| {
            symlink(p.with_file_name("ignore-qa007.toml"), p).expect("link")
        }),
        ("a FIFO", &|p| {
            let c = std::ffi::CString::new(p.to_str().expect("utf-8")).expect("c string");
            // SAFETY: a valid C string and mode.
            assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        }),
        ("a folder", &|p| std::fs::create_dir(p).expect("mkdir")),
        ("a link loop", &|p| {
            symlink(p.with_file_name("loop"), p).expect("link");
            symlink(p, p.with_file_name("loop")).expect("link");
        }),
        ("a link to /dev/zero", &|p| {
            symlink("/dev/zero", p).expect("link")
        }),
    ];
    let reasons = [
        "no such file or directory (it is a symbolic link to",
        "is a FIFO, not a regular file",
        "is a folder, not a file",
        "cannot read file:",
        "is a device, not a regular file",
    ];
    for (i, ((what, make), reason)) in cases.iter().zip(reasons).enumerate() {
        for nested in [false, true] {
            let site = work.path().join(format!("site-{i}-{nested}"));
            bad_site(&site);
            git(&site, &["init", "--quiet"]);
            let dir = if nested {
                std::fs::write(site.join("qalint.toml"), "").expect("write");
                site.join("content/python")
            } else {
                site.clone()
            };
            let file = dir.join("qalint.toml");
            make(&file);
            let run = as_user(&site, &work.path().join("home"), &[]);
            assert_eq!(run.status.code(), Some(2), "{what} (nested: {nested})");
            let err = stderr(&run);
            assert!(
                err.contains(&format!("cannot read {}", file.display())) && err.contains(reason),
                "{what} (nested: {nested}): {err}"
            );
        }
    }
}

/// A `qalint.toml` that someone else put in a folder every user can write to (`/tmp` above
/// a project outside git) is refused with a warning. Needs a second user: run as root (as CI
/// is), the test makes the file another user's.
#[test]
fn settings_another_user_left_in_an_open_folder_are_refused() {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: needs root to make a file another user's");
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let work = tempfile::tempdir().expect("temp dir");
    let open = work.path().join("shared-tmp");
    std::fs::create_dir(&open).expect("mkdir");
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o1777)).expect("chmod");
    let planted = open.join("qalint.toml");
    std::fs::write(&planted, "root = true\nignore = [\"ALL\"]\n").expect("write");
    let nobody = 65534;
    std::os::unix::fs::chown(&planted, Some(nobody), Some(nobody)).expect("chown");
    let site = open.join("project");
    bad_site(&site);
    let run = as_user(&site, &work.path().join("home"), &["--format", "concise"]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(stdout(&run).contains("QA003"), "{}", stdout(&run));
    assert!(
        stderr(&run).contains(&format!(
            "warning: {} not read: its folder is writable by every user and it was not put there by you",
            planted.display()
        )),
        "{}",
        stderr(&run)
    );
    // The folder's owner being someone else is enough, whoever made the file.
    std::os::unix::fs::chown(&planted, Some(0), Some(0)).expect("chown");
    std::os::unix::fs::chown(&open, Some(nobody), Some(nobody)).expect("chown");
    let run = as_user(&site, &work.path().join("home"), &["--format", "concise"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr(&run).contains("not read: its folder is writable by every user"));
}

/// `--output-file` replaces a link at its path; the file it pointed to stays as it was.
#[test]
fn the_output_file_replaces_a_link_never_its_target() {
    let work = tempfile::tempdir().expect("temp dir");
    let site = work.path().join("site");
    bad_site(&site);
    std::fs::write(site.join("qalint.toml"), "root = true\n").expect("write");
    let target = work.path().join("elsewhere.txt");
    std::fs::write(&target, "keep me\n").expect("write");
    std::os::unix::fs::symlink(&target, site.join("out.txt")).expect("link");
    let run = common::qalint(&site, &["--format", "concise", "--output-file", "out.txt"]);
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&target).expect("read"), "keep me\n");
    let out = site.join("out.txt");
    assert!(!std::fs::symlink_metadata(&out).expect("meta").is_symlink());
    let written = std::fs::read_to_string(&out).expect("read");
    assert!(
        written.starts_with("content/python/basics/b.md:9:13: QA003"),
        "{written}"
    );
}

/// The user's cache folder set inside the workspace (`XDG_CACHE_HOME=$GITHUB_WORKSPACE/.cache`,
/// as some CI setups do): a key the pull request committed there, with a cache it signed, is
/// not believed, and with no key yet none is made inside the work tree.
#[test]
fn a_key_is_never_taken_from_the_work_tree() {
    use std::os::unix::fs::PermissionsExt;
    let work = tempfile::tempdir().expect("temp dir");
    let clone = work.path().join("clone");
    bad_site(&clone);
    let planted = clone.join(".cache/qalint");
    // b.md's order said to be 2: no gap; made before the folder is a work tree.
    forge_clean_cache(&clone, &planted, |_, f| {
        if let Some(order) = &mut f.order {
            order.value = order.value.min(2);
        }
    });
    git(&clone, &["init", "--quiet"]);
    std::fs::set_permissions(planted.join("key"), std::fs::Permissions::from_mode(0o600))
        .expect("chmod");
    let run = as_user(&clone, &clone.join(".cache"), &["--format", "concise"]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(
        stdout(&run).contains("QA005 [order-gap]"),
        "{}",
        stdout(&run)
    );
    assert!(
        stderr(&run).contains("inside the git work tree"),
        "{}",
        stderr(&run)
    );
    // No key yet: none is made in the work tree.
    std::fs::remove_dir_all(clone.join(".cache")).expect("rm");
    let run = as_user(&clone, &clone.join(".cache"), &["--format", "concise"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(!clone.join(".cache/qalint/key").exists());
}

/// Nor by a way around the work tree's edge: the key folder a git submodule of the clone, qalint
/// run from the folder above the clone, or given a path into it. Each time the forged cache
/// would hide the gap; each time it is not believed and the gap is found.
#[test]
fn a_key_the_repository_ships_is_refused_from_a_submodule_from_above_or_by_path() {
    use std::os::unix::fs::PermissionsExt;
    let work = tempfile::tempdir().expect("temp dir");
    let work = std::fs::canonicalize(work.path()).expect("work");
    let clone = work.join("clone");
    bad_site(&clone);
    std::fs::write(clone.join("qalint.toml"), "root = true\n").expect("settings");
    let planted = clone.join(".cache/qalint");
    forge_clean_cache(&clone, &planted, |_, f| {
        if let Some(order) = &mut f.order {
            order.value = order.value.min(2);
        }
    });
    git(&clone, &["init", "--quiet"]);
    // The cache folder a submodule: a `.git` file pointing into the clone's modules.
    std::fs::write(
        clone.join(".cache/.git"),
        "gitdir: ../.git/modules/.cache\n",
    )
    .expect("submodule");
    std::fs::set_permissions(planted.join("key"), std::fs::Permissions::from_mode(0o600))
        .expect("chmod");
    let home = clone.join(".cache");
    for (cwd, args) in [
        (&clone, &["--format", "concise"][..]),
        (&work, &["--format", "concise"][..]),
        (&work, &["--format", "concise", "clone/content"][..]),
    ] {
        let run = as_user(cwd, &home, args);
        assert_eq!(run.status.code(), Some(1), "{args:?}: {}", stderr(&run));
        assert!(
            stdout(&run).contains("QA005 [order-gap]"),
            "{args:?}: {}",
            stdout(&run)
        );
        let err = stderr(&run);
        assert!(
            err.contains("that is being checked: a key there is not the user's own"),
            "{args:?}: {err}"
        );
    }
}

/// A `qalint.toml` in a folder its group can write to, where the folder is someone else's,
/// is refused as git refuses such a folder (needs root to make it another user's).
#[test]
fn settings_in_a_group_writable_folder_of_another_user_are_refused() {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: needs root to make a folder another user's");
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let work = tempfile::tempdir().expect("temp dir");
    let shared = work.path().join("team");
    std::fs::create_dir(&shared).expect("mkdir");
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o775)).expect("chmod");
    let planted = shared.join("qalint.toml");
    std::fs::write(&planted, "root = true\nignore = [\"ALL\"]\n").expect("write");
    std::os::unix::fs::chown(&shared, Some(65534), Some(65534)).expect("chown");
    let site = shared.join("project");
    bad_site(&site);
    let run = as_user(&site, &work.path().join("home"), &["--format", "concise"]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(
        stderr(&run).contains(&format!(
            "warning: {} not read: its folder is writable by its group and it was not put there by you",
            planted.display()
        )),
        "{}",
        stderr(&run)
    );
}

/// Another user's `qalint.toml` that every user may rewrite is refused wherever it lies (in a
/// folder only its owner can write to, too). Needs a second user: run as root.
#[test]
fn settings_every_user_may_rewrite_are_refused() {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: needs root to make a file another user's");
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let work = tempfile::tempdir().expect("temp dir");
    let site = work.path().join("project");
    bad_site(&site);
    let planted = site.join("qalint.toml");
    std::fs::write(&planted, "root = true\nignore = [\"ALL\"]\n").expect("write");
    std::fs::set_permissions(&planted, std::fs::Permissions::from_mode(0o666)).expect("chmod");
    std::os::unix::fs::chown(&planted, Some(65534), Some(65534)).expect("chown");
    let run = as_user(&site, &work.path().join("home"), &["--format", "concise"]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(stdout(&run).contains("QA003"), "{}", stdout(&run));
    assert!(
        stderr(&run).contains("not read: it is writable by every user and it is not yours"),
        "{}",
        stderr(&run)
    );
    // The user's own world-writable file is theirs to keep.
    std::os::unix::fs::chown(&planted, Some(0), Some(0)).expect("chown");
    let run = as_user(&site, &work.path().join("home"), &["--format", "concise"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
}
