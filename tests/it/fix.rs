//! `--fix`, `--unsafe-fixes` and `--diff`: fixed files compared byte for byte with expected
//! files, idempotence, failed writes, payloads untouched.

use crate::common;

use std::path::Path;

use common::{fixtures, qalint, stderr, stdout};

/// Copies `from` into a fresh temporary folder.
fn copy_tree(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in ignore::WalkBuilder::new(from)
        .hidden(false)
        .build()
        .flatten()
    {
        let rel = entry.path().strip_prefix(from).expect("below");
        let to = dir.path().join(rel);
        if entry.path().is_dir() {
            std::fs::create_dir_all(&to).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &to).expect("copy");
        }
    }
    dir
}

/// Every file of `actual` equals the file of `expected` byte for byte, and no file is missing.
fn assert_same_tree(actual: &Path, expected: &Path) {
    let mut n = 0;
    for entry in ignore::WalkBuilder::new(expected)
        .hidden(false)
        .build()
        .flatten()
        .filter(|e| e.path().is_file())
    {
        let rel = entry.path().strip_prefix(expected).expect("below");
        let got = std::fs::read(actual.join(rel)).expect("file exists");
        let want = std::fs::read(entry.path()).expect("read");
        assert!(
            got == want,
            "{} differs:\n{}",
            rel.display(),
            String::from_utf8_lossy(&got)
        );
        n += 1;
    }
    assert!(n >= 4);
}

#[test]
fn safe_fixes_match_the_expected_files_byte_for_byte() {
    let dir = copy_tree(&fixtures().join("fix/input"));
    let o = qalint(dir.path(), &["--fix", "--format", "concise"]);
    assert!(
        stderr(&o).starts_with("Fixed 6 problems in 3 files.\n"),
        "{}",
        stderr(&o)
    );
    assert_eq!(o.status.code(), Some(1), "unsafe-only findings remain");
    assert_same_tree(dir.path(), &fixtures().join("fix/expected-safe"));
}

#[test]
fn unsafe_fixes_match_the_expected_files_byte_for_byte() {
    let dir = copy_tree(&fixtures().join("fix/input"));
    let o = qalint(dir.path(), &["--fix", "--unsafe-fixes"]);
    assert_eq!(
        stderr(&o),
        "Fixed 16 problems in 3 files.\nAll checks passed (4 files checked).\n"
    );
    assert_eq!(o.status.code(), Some(0));
    assert_same_tree(dir.path(), &fixtures().join("fix/expected-unsafe"));
}

#[test]
fn fixing_twice_changes_nothing_the_second_time() {
    let dir = copy_tree(&fixtures().join("fix/input"));
    qalint(dir.path(), &["--fix", "--unsafe-fixes"]);
    let o = qalint(dir.path(), &["--fix", "--unsafe-fixes"]);
    assert_eq!(stderr(&o), "All checks passed (4 files checked).\n");
    assert_same_tree(dir.path(), &fixtures().join("fix/expected-unsafe"));
}

#[test]
fn diff_prints_the_fixes_without_writing() {
    let dir = copy_tree(&fixtures().join("fix/input"));
    let o = qalint(dir.path(), &["--diff"]);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!("fix_diff_safe", stdout(&o));
    assert_same_tree(dir.path(), &fixtures().join("fix/input"));
    let clean = qalint(
        &fixtures().join("fix/expected-unsafe"),
        &["--diff", "--unsafe-fixes"],
    );
    assert_eq!(
        (clean.status.code(), stdout(&clean).as_str()),
        (Some(0), "")
    );
}

#[test]
fn json_output_carries_each_fix() {
    let dir = copy_tree(&fixtures().join("fix/input"));
    let o = qalint(
        dir.path(),
        &["--format", "json", "content/python/basics/loops.md"],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let order = v
        .as_array()
        .expect("array")
        .iter()
        .find(|f| f["code"] == "QA005")
        .expect("QA005");
    assert_eq!(
        order["fix"],
        serde_json::json!({"applicability": "safe", "message": "renumber python/basics 1..3 (also in 1 other file)", "edits": [
            {"file": "content/python/basics/loops.md", "line": 11, "column": 8, "end_line": 11, "end_column": 9, "content": "3"},
            {"file": "content/python/basics/variables.md", "line": 11, "column": 8, "end_line": 11, "end_column": 9, "content": "2"}
        ]})
    );
}

#[test]
fn payloads_are_never_modified() {
    let dir = copy_tree(&fixtures().join("payloads/bad"));
    std::fs::write(dir.path().join("qalint.toml"), "").expect("config");
    let o = qalint(dir.path(), &["--fix", "--unsafe-fixes"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!stderr(&o).contains("Fixed"), "{}", stderr(&o));
    let got = std::fs::read(dir.path().join("go/memory/gc/_payload.json")).expect("read");
    let want =
        std::fs::read(fixtures().join("payloads/bad/go/memory/gc/_payload.json")).expect("read");
    assert_eq!(got, want);
}

/// A write that fails (here: the file size limit is below the fixed file's size) leaves the
/// original intact and says so.
#[cfg(unix)]
#[test]
fn a_failed_write_keeps_the_original() {
    let dir = copy_tree(&fixtures().join("fix/input"));
    let file = dir.path().join("content/python/basics/variables.md");
    // Make the page larger than the 1 KiB limit set below.
    let mut text = std::fs::read_to_string(&file).expect("read");
    text.push_str(&"A long body line that makes the page bigger than the limit.\n".repeat(40));
    std::fs::write(&file, &text).expect("write");
    let original = std::fs::read(&file).expect("read");
    let script = format!(
        "trap '' XFSZ; ulimit -f 1; exec '{}' --fix content/python/basics/variables.md",
        env!("CARGO_BIN_EXE_qalint")
    );
    let o = std::process::Command::new("bash")
        .args(["-c", &script])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("bash runs");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("content/python/basics/variables.md not fixed: cannot write the fixed text"),
        "{err}"
    );
    assert_eq!(std::fs::read(&file).expect("read"), original);
    let leftovers: Vec<_> = std::fs::read_dir(file.parent().expect("dir"))
        .expect("list")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".qalint-fix-"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file is left behind");
}

#[test]
fn a_file_changed_since_it_was_read_is_not_overwritten() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("page.md");
    std::fs::write(&path, "edited meanwhile").expect("write");
    let err = qalint_workspace::fix::replace_if_unchanged(&path, "what qalint read", "fixed")
        .expect_err("refused");
    assert!(err.contains("changed on disk"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        "edited meanwhile"
    );
}

/// Two `--fix` runs at once on the same tree take turns: every file ends up whole and fixed,
/// never truncated or a mix of both, the topic renumbered as one (before the lock, a run's
/// interleaved write left orders 1, 3, 3).
#[test]
fn two_fix_runs_at_once_never_mix_or_truncate() {
    let input = fixtures().join("fix/input");
    let expected = fixtures().join("fix/expected-unsafe");
    for _ in 0..20 {
        let dir = copy_tree(&input);
        let spawn = || {
            std::process::Command::new(env!("CARGO_BIN_EXE_qalint"))
                .env("QALINT_NO_CACHE", "1")
                .args(["--fix", "--unsafe-fixes"])
                .current_dir(dir.path())
                .env("NO_COLOR", "1")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .expect("spawn")
        };
        let (mut a, mut b) = (spawn(), spawn());
        a.wait().expect("wait");
        b.wait().expect("wait");
        for entry in ignore::Walk::new(dir.path().join("content"))
            .flatten()
            .filter(|e| e.path().is_file())
        {
            let text =
                std::fs::read_to_string(entry.path()).expect("UTF-8, not cut inside a character");
            let src = qalint_workspace::source::SourceFile::new(entry.path(), text);
            let pages = qalint_workspace::load::load_pages(
                qalint_workspace::load::FileKind::Markdown,
                &src,
            );
            assert_eq!(
                pages.map(|p| p.len()).ok(),
                Some(1),
                "{} is not a whole page:\n{}",
                entry.path().display(),
                src.text
            );
        }
        let leftovers = ignore::WalkBuilder::new(dir.path())
            .hidden(false)
            .build()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(".qalint-fix-"))
            .count();
        assert_eq!(leftovers, 0);
        assert_same_tree(dir.path(), &expected);
    }
}

/// A file edited between the check and the fix keeps the edit: the fixes were computed for
/// another text.
#[test]
fn a_file_edited_after_the_check_is_not_fixed() {
    let dir = copy_tree(&fixtures().join("fix/input"));
    let engine = common::engine(dir.path());
    let outcome = engine.run(&[dir.path().to_path_buf()]).expect("run");
    let file = dir.path().join("content/python/basics/loops.md");
    let edited = std::fs::read_to_string(&file)
        .expect("read")
        .replace("How does for work?", "How does `for` work?");
    std::fs::write(&file, &edited).expect("write");
    let fixed = qalint_workspace::fix::fix_all(
        &engine,
        &outcome,
        true,
        qalint_workspace::fix::Mode::Write,
        false,
    );
    let loops = fixed
        .iter()
        .find(|f| f.path.ends_with("loops.md"))
        .expect("loops.md was due a fix");
    assert_eq!(
        loops.error.as_deref(),
        Some("it changed on disk since it was checked; left as it is")
    );
    assert_eq!(std::fs::read_to_string(&file).expect("read"), edited);
    // variables.md shares loops.md's renumbering: all of the topic or none of it.
    let variables = fixed
        .iter()
        .find(|f| f.path.ends_with("variables.md"))
        .expect("variables.md was due the topic's renumbering");
    assert!(
        variables
            .error
            .as_deref()
            .is_some_and(|e| e.starts_with("its topic's renumbering also changes ")
                && e.contains("loops.md")),
        "{:?}",
        variables.error
    );
    assert!(fixed
        .iter()
        .filter(|f| !f.path.ends_with("loops.md") && !f.path.ends_with("variables.md"))
        .all(|f| f.error.is_none()));
}

#[cfg(unix)]
#[test]
fn a_fixed_file_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = copy_tree(&fixtures().join("fix/input"));
    let file = dir.path().join("content/go/basics/crlf.md");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    qalint(dir.path(), &["--fix"]);
    assert!(
        std::fs::read_to_string(&file)
            .expect("read")
            .contains("difficulty: hard\r\n"),
        "the file was fixed"
    );
    let mode = std::fs::metadata(&file).expect("stat").permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

#[test]
fn a_byte_order_mark_is_removed_and_nothing_else() {
    // Nuxt Content sees no frontmatter after a BOM; the fix removes exactly those 3 bytes.
    let page = std::fs::read(fixtures().join("site/content/python/concurrency/asyncio.md"))
        .expect("fixture");
    let crlf = String::from_utf8(page)
        .expect("UTF-8")
        .replace("\r\n", "\n")
        .replace('\n', "\r\n");
    let dir = common::project(&[("content/python/concurrency/asyncio.md", "")]);
    let file = dir.path().join("content/python/concurrency/asyncio.md");
    std::fs::write(&file, format!("\u{feff}{crlf}")).expect("write");
    let before = qalint(dir.path(), &["--format", "concise"]);
    assert!(
        stdout(&before).starts_with("content/python/concurrency/asyncio.md:1:1: QA000 [invalid-syntax] [*] the file starts with a byte-order mark"),
        "{}",
        stdout(&before)
    );
    let o = qalint(dir.path(), &["--fix", "--select", "QA000"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&file).expect("read"), crlf);
}

#[test]
fn the_seo_description_fix_follows_a_lone_carriage_return() {
    // A lone CR ends a YAML line (a fuzz find: the key was inserted inside the next block).
    let without = gil_without_seo_description();
    let description = without
        .lines()
        .find(|l| l.starts_with("description:"))
        .expect("a description line")
        .to_string();
    let input = without.replacen(&format!("{description}\n"), &format!("{description}\r"), 1);
    let dir = common::project(&[("content/python/concurrency/gil.md", &input)]);
    let o = qalint(
        dir.path(),
        &["--fix", "--unsafe-fixes", "--select", "QA006"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let value = description.trim_start_matches("description:").trim();
    let value = value.trim_matches('"');
    let expected = input.replacen(
        &format!("{description}\r"),
        &format!("{description}\rseoDescription: \"{value}\"\r"),
        1,
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("content/python/concurrency/gil.md"))
            .expect("read"),
        expected
    );
}

#[test]
fn a_tag_before_a_block_scalar_keeps_positions_and_fixes_inside_the_string() {
    // `a: ! |` (a YAML tag before the block): the fence is found where it is, and the label
    // lands on the fence, once.
    let page = std::fs::read_to_string(fixtures().join("site/content/python/concurrency/gil.md"))
        .expect("fixture");
    let bare = page
        .replacen("```python", "```", 1)
        .replacen("    a: |", "    a: ! |", 1);
    for tag in ["! ", "!t ", "&anchor ", "!!str &a "] {
        let input = bare.replacen("a: ! |", &format!("a: {tag}|"), 1);
        let dir = common::project(&[("content/python/concurrency/gil.md", &input)]);
        let file = dir.path().join("content/python/concurrency/gil.md");
        let fence_line = input
            .lines()
            .position(|l| l.trim() == "```")
            .expect("fence")
            + 1;
        let o = qalint(dir.path(), &["--format", "concise"]);
        assert_eq!(
            stdout(&o),
            format!("content/python/concurrency/gil.md:{fence_line}:7: QA007 [unlabeled-code-fence] code fence has no language\n"),
            "{tag}"
        );
        let o = qalint(dir.path(), &["--fix", "--unsafe-fixes"]);
        assert_eq!(
            stderr(&o),
            "Fixed 1 problem in 1 file.\nAll checks passed (1 file checked).\n",
            "{tag}"
        );
        let expected = input.replacen("      ```\n", "      ```python\n", 1);
        assert_eq!(
            std::fs::read_to_string(&file).expect("read"),
            expected,
            "{tag}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_fixed_file_keeps_its_owner() {
    use std::os::unix::fs::MetadataExt;
    let dir = copy_tree(&fixtures().join("fix/input"));
    let file = dir.path().join("content/go/basics/crlf.md");
    let mine = std::fs::metadata(&file).expect("stat");
    // Root (CI containers, sudo) can give the file away: the fix must give it back.
    let owner = if mine.uid() == 0 {
        (65534, 65534)
    } else {
        (mine.uid(), mine.gid())
    };
    std::os::unix::fs::chown(&file, Some(owner.0), Some(owner.1)).expect("chown");
    let o = qalint(dir.path(), &["--fix"]);
    assert!(stderr(&o).starts_with("Fixed "), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&file)
        .expect("read")
        .contains("difficulty: hard\r\n"));
    let after = std::fs::metadata(&file).expect("stat");
    assert_eq!((after.uid(), after.gid()), owner);
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_not_rewritten() {
    use std::os::unix::fs::PermissionsExt;
    let dir = copy_tree(&fixtures().join("fix/input"));
    let file = dir.path().join("content/go/basics/crlf.md");
    let before = std::fs::read(&file).expect("read");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let o = qalint(dir.path(), &["--fix", "content/go/basics/crlf.md"]);
    assert_eq!(
        stderr(&o).lines().next(),
        Some("qalint: content/go/basics/crlf.md not fixed: it is read-only; left as it is")
    );
    assert_eq!(std::fs::read(&file).expect("read"), before);
    assert_eq!(o.status.code(), Some(1), "its findings remain");
}

#[test]
fn the_seo_description_fix_goes_after_a_comment_on_the_description_line() {
    let input = gil_without_seo_description().replacen(
        "explained.\"\n",
        "explained.\"   # shown in lists\n",
        1,
    );
    assert!(input.contains("\"   # shown in lists"));
    let dir = common::project(&[("content/python/concurrency/gil.md", &input)]);
    let o = qalint(
        dir.path(),
        &["--fix", "--unsafe-fixes", "--select", "QA006"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let expected = input.replacen(
        "# shown in lists\n",
        "# shown in lists\nseoDescription: \"Threading & the GIL explained.\"\n",
        1,
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("content/python/concurrency/gil.md"))
            .expect("read"),
        expected
    );
}

/// The fixture site's GIL page (LF line ends) without its `seoDescription` line.
fn gil_without_seo_description() -> String {
    let page = std::fs::read_to_string(fixtures().join("site/content/python/concurrency/gil.md"))
        .expect("fixture")
        .replace("\r\n", "\n");
    let seo = page
        .lines()
        .find(|l| l.starts_with("seoDescription:"))
        .expect("an seoDescription line")
        .to_string();
    page.replace(&format!("{seo}\n"), "")
}

/// Runs `qalint --fix FILE` as `nobody` (root only: `None` otherwise) in a copy of the fix
/// fixtures whose folders are nobody's (so it can write beside the file; not open to all,
/// where settings files left by someone else are refused), the file owned by `owner` with
/// `mode`.
#[cfg(unix)]
fn fix_as_nobody(
    owner: (u32, u32),
    mode: u32,
) -> Option<(tempfile::TempDir, std::process::Output)> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    if std::fs::metadata("/proc/self").ok()?.uid() != 0 {
        return None; // only root can hand files to another user
    }
    let dir = copy_tree(&fixtures().join("fix/input"));
    for entry in ignore::WalkBuilder::new(dir.path())
        .hidden(false)
        .build()
        .flatten()
    {
        let m = if entry.path().is_dir() { 0o755 } else { 0o644 };
        std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(m)).ok()?;
        if entry.path().is_dir() {
            std::os::unix::fs::chown(entry.path(), Some(65534), Some(65534)).ok()?;
        }
    }
    let file = dir.path().join("content/go/basics/crlf.md");
    std::os::unix::fs::chown(&file, Some(owner.0), Some(owner.1)).ok()?;
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(mode)).ok()?;
    let mut cmd = std::process::Command::new("setpriv");
    cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(env!("CARGO_BIN_EXE_qalint"))
        .args(["--fix", "--no-cache", "content/go/basics/crlf.md"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1");
    let o = common::run_limited(cmd);
    Some((dir, o))
}

#[cfg(unix)]
#[test]
fn a_user_who_cannot_keep_a_files_owner_does_not_rewrite_it() {
    // Root's file, writable by all: nobody may edit it in place, but a rewrite would hand it
    // to nobody. It is left as it is.
    let Some((dir, o)) = fix_as_nobody((0, 0), 0o666) else {
        return;
    };
    assert!(
        stderr(&o)
            .starts_with("qalint: content/go/basics/crlf.md not fixed: cannot keep its owner"),
        "{}",
        stderr(&o)
    );
    let file = dir.path().join("content/go/basics/crlf.md");
    use std::os::unix::fs::MetadataExt;
    assert_eq!(std::fs::metadata(&file).expect("stat").uid(), 0);
}

#[cfg(unix)]
#[test]
fn a_users_own_file_is_fixed_even_when_its_group_cannot_be_kept() {
    // nobody's file in root's group: nobody cannot give the new file that group, but it is
    // nobody's own file, so it is fixed (with nobody's group).
    let Some((dir, o)) = fix_as_nobody((65534, 0), 0o644) else {
        return;
    };
    assert!(stderr(&o).starts_with("Fixed "), "{}", stderr(&o));
    let file = dir.path().join("content/go/basics/crlf.md");
    assert!(std::fs::read_to_string(&file)
        .expect("read")
        .contains("difficulty: hard\r\n"));
}

/// `--fix DIR`, where DIR is a committed link to a folder out of the project: the files there
/// are never written, and the run says so.
#[cfg(unix)]
#[test]
fn fix_never_writes_through_a_folder_link_out_of_the_project() {
    let outside = tempfile::tempdir().expect("temp dir");
    let page = "---\ntitle: X\ndifficulty: Hard\n---\n";
    std::fs::create_dir_all(outside.path().join("py/basics")).expect("dirs");
    let file = outside.path().join("py/basics/a.md");
    std::fs::write(&file, page).expect("write");
    let dir = common::project(&[]);
    std::os::unix::fs::symlink(outside.path(), dir.path().join("linked")).expect("link");
    let o = common::qalint(dir.path(), &["--fix", "--format", "concise", "linked"]);
    assert_eq!(std::fs::read_to_string(&file).expect("read"), page);
    let err = common::stderr(&o);
    assert!(
        err.contains("not fixed: it lies outside the project (reached through a link)"),
        "{err}"
    );
}
