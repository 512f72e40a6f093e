//! Nothing unread passes as clean: unreadable folders and files, names that are not UTF-8,
//! symbolic links, FIFOs and devices, and reads without end.

use crate::common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::{project, qalint, stderr, stdout};

const PAGE: &str = "---\ntitle: P\ndescription: \"\"\nframework: Go\nframeworkSlug: go\ntopic: Basics\n\
topicSlug: basics\nsubtopic: P\ndifficulty: easy\norder: 1\nupdated: 2026-06-18\n\
seoDescription: \"S.\"\nquestions:\n  - id: a\n    difficulty: easy\n    q: Q?\n    a: |\n      ```\n      x\n      ```\n---\n";

fn is_root() -> bool {
    // SAFETY-free check: the effective user id is in /proc/self/status.
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .map(|l| l.split_whitespace().nth(2) == Some("0"))
        })
        .unwrap_or(false)
}

/// Runs qalint as an unprivileged user (permissions mean nothing to root): through
/// `setpriv` when the tests run as root, directly otherwise.
fn qalint_unprivileged(dir: &Path, args: &[&str]) -> Output {
    let bin = env!("CARGO_BIN_EXE_qalint");
    let mut cmd = if is_root() {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", bin]);
        c
    } else {
        Command::new(bin)
    };
    cmd.args(args)
        .current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .env("NO_COLOR", "1");
    common::run_limited(cmd)
}

/// A project every user can read, but for what the test closes.
fn open_project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = project(files);
    for entry in ignore::WalkBuilder::new(dir.path())
        .hidden(false)
        .build()
        .flatten()
    {
        let mode = if entry.path().is_dir() { 0o755 } else { 0o644 };
        std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(mode))
            .expect("chmod");
    }
    dir
}

#[test]
fn an_unreadable_folder_is_a_finding_not_a_pass() {
    let dir = open_project(&[
        ("content/go/basics/ok.md", PAGE),
        ("content/go/locked/p.md", PAGE),
    ]);
    let locked = dir.path().join("content/go/locked");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let o = qalint_unprivileged(dir.path(), &["--format", "concise", "--select", "QA000"]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    assert_eq!(
        stdout(&o),
        "content/go/locked:1:1: QA000 [invalid-syntax] cannot be read: permission denied\n",
        "{}",
        stderr(&o)
    );
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn an_unreadable_file_named_says_why() {
    let dir = open_project(&[("content/go/basics/p.md", PAGE)]);
    let file = dir.path().join("content/go/basics/p.md");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let o = qalint_unprivileged(
        dir.path(),
        &["--format", "concise", "content/go/basics/p.md"],
    );
    assert!(
        stdout(&o)
            .starts_with("content/go/basics/p.md:1:1: QA000 [invalid-syntax] permission denied"),
        "{}{}",
        stdout(&o),
        stderr(&o)
    );
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn a_name_that_is_not_utf8_is_a_finding() {
    use std::os::unix::ffi::OsStrExt;
    let dir = project(&[]);
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    let folder = dir.path().join("content/go/basics");
    std::fs::create_dir_all(&folder).expect("mkdir");
    std::fs::write(folder.join(name), PAGE).expect("write");
    let o = qalint(dir.path(), &["--format", "concise", "--select", "QA000"]);
    assert_eq!(
        stdout(&o),
        "content/go/basics/caf\u{FFFD}.md:1:1: QA000 [invalid-syntax] the file name is not valid UTF-8: no site can serve it\n"
    );
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn a_link_inside_the_project_is_checked_and_fixed_in_its_target() {
    let dir = project(&[("shared/pages/intro.md", PAGE)]);
    let folder = dir.path().join("content/go/basics");
    std::fs::create_dir_all(&folder).expect("mkdir");
    std::os::unix::fs::symlink("../../../shared/pages/intro.md", folder.join("intro.md"))
        .expect("symlink");
    let o = qalint(dir.path(), &["--format", "concise", "content"]);
    assert_eq!(
        stdout(&o),
        "shared/pages/intro.md:18:7: QA007 [unlabeled-code-fence] code fence has no language\n"
    );
    let o = qalint(
        dir.path(),
        &["--fix", "--unsafe-fixes", "content/go/basics/intro.md"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::symlink_metadata(folder.join("intro.md"))
        .expect("link")
        .file_type()
        .is_symlink());
    let target = std::fs::read_to_string(dir.path().join("shared/pages/intro.md")).expect("read");
    assert!(target.contains("      ```go\n"), "{target}");
}

#[test]
fn a_link_out_of_the_project_is_reported_and_never_written() {
    let outside = tempfile::tempdir().expect("temp dir");
    let target = outside.path().join("intro.md");
    std::fs::write(&target, PAGE).expect("write");
    let dir = project(&[]);
    let folder = dir.path().join("content/go/basics");
    std::fs::create_dir_all(&folder).expect("mkdir");
    std::os::unix::fs::symlink(&target, folder.join("intro.md")).expect("symlink");
    for args in [
        &["--format", "concise"][..],
        &["--format", "concise", "content/go/basics/intro.md"],
    ] {
        let o = qalint(dir.path(), args);
        let canonical = std::fs::canonicalize(&target).expect("canonical");
        assert_eq!(
            stdout(&o),
            format!(
                "content/go/basics/intro.md:1:1: warning: QA000 [invalid-syntax] a symbolic link to {}, outside the project: not checked, never fixed\n",
                canonical.display()
            ),
            "{args:?}"
        );
        assert_eq!(o.status.code(), Some(0), "a warning: {args:?}");
    }
    let o = qalint(
        dir.path(),
        &["--fix", "--unsafe-fixes", "content/go/basics/intro.md"],
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&target).expect("read"), PAGE);
}

#[test]
fn fifos_and_devices_named_are_refused() {
    let dir = project(&[]);
    let fifo = dir.path().join("pipe.md");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let o = qalint(dir.path(), &["pipe.md"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "qalint: error: pipe.md: is a FIFO, not a file or folder; not checked\n"
    );
    let o = qalint(dir.path(), &["/dev/zero"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "qalint: error: /dev/zero: is a device, not a file or folder; not checked\n"
    );
    // A schema that is a FIFO in the project is not read; a device lies outside it.
    std::fs::write(
        dir.path().join("qalint.toml"),
        "root = true\nschema = \"pipe.md\"\n",
    )
    .expect("write");
    let o = qalint(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("pipe.md: is a FIFO, not a regular file; not read"),
        "{}",
        stderr(&o)
    );
    std::fs::write(
        dir.path().join("qalint.toml"),
        "root = true\nschema = \"/dev/zero\"\n",
    )
    .expect("write");
    let o = qalint(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("the schema /dev/zero lies outside the project"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn standard_input_is_read_up_to_the_limit() {
    let dir = project(&[]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_qalint"))
        .env("QALINT_NO_CACHE", "1")
        .args(["--stdin-filename", "content/go/basics/a.md", "-"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    // `yes | qalint -`: 70 MB of "y\n", more than the 64 MB limit; qalint stops reading.
    let writer = std::thread::spawn(move || {
        let chunk = "y\n".repeat(1 << 20);
        for _ in 0..35 {
            if std::io::Write::write_all(&mut stdin, chunk.as_bytes()).is_err() {
                break;
            }
        }
    });
    let o = child.wait_with_output().expect("wait");
    let _ = writer.join();
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "qalint: error: cannot read standard input: larger than the 64 MB limit\n"
    );
}
