//! A Nuxt site's own `content.config.ts` is the schema: the collections its Nuxt Content
//! derived (fixtures/nuxt-app/qalint-collections.json, what qalint's Nuxt module recorded on a
//! real Nuxt 3.21 + @nuxt/content 3.16.1 build; CI checks it still is), written by
//! `qalint nuxt-collections` as the module writes them, and read by every later run.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{copy_tree, fixtures, record_collections, stderr, stdout};

use common::qalint_as_user as qalint_in;

struct Site {
    dir: tempfile::TempDir,
    /// The user's cache folder (where the key that signs the collections lives).
    home: tempfile::TempDir,
}

impl Site {
    fn root(&self) -> PathBuf {
        std::fs::canonicalize(self.dir.path()).expect("root")
    }

    fn qalint(&self, args: &[&str]) -> Output {
        self.qalint_as(self.home.path(), args)
    }

    fn qalint_as(&self, home: &Path, args: &[&str]) -> Output {
        qalint_in(self.dir.path(), home, args)
    }

    /// What the Nuxt module runs whenever Nuxt loads.
    fn record_collections(&self, home: &Path) -> Output {
        let body = std::fs::read_to_string(fixtures().join("nuxt-app/qalint-collections.json"))
            .expect("fixture")
            .replace("<root>", &self.root().display().to_string());
        record_collections(self.dir.path(), &self.root(), home, &body)
    }

    fn break_pages(&self) {
        copy_tree(
            &fixtures().join("nuxt-app/broken/content"),
            &self.dir.path().join("content"),
        );
    }
}

/// The fixture app's sources (its content, content.config.ts and the broken pages), as a git
/// work tree; the collections recorded unless `record` is false.
fn site(record: bool) -> Site {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = fixtures().join("nuxt-app");
    for part in ["content", "broken"] {
        copy_tree(&app.join(part), &dir.path().join(part));
    }
    for file in [
        "content.config.ts",
        "nuxt.config.ts",
        "package.json",
        "README.md",
    ] {
        std::fs::copy(app.join(file), dir.path().join(file)).expect("copy");
    }
    std::fs::create_dir(dir.path().join(".git")).expect("a work tree");
    let site = Site {
        dir,
        home: tempfile::tempdir().expect("temp dir"),
    };
    if record {
        let o = site.record_collections(site.home.path());
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(stderr(&o).contains(".nuxt/qalint/collections.json"));
    }
    site
}

const VIOLATIONS: &str = "content/python/concurrency/asyncio.md:27:18: QA001 [schema] questions[0].timeMinutes: expected a number, found a string\n\
     content/python/concurrency/threads.md:13:7: QA001 [schema] tags: expected a list, found a string\n";

#[test]
fn the_sites_own_fields_are_checked_as_it_declares_them() {
    let site = site(true);
    let clean = site.qalint(&["--format", "concise"]);
    assert_eq!(stdout(&clean), "", "{}", stderr(&clean));
    assert_eq!(clean.status.code(), Some(0));
    assert!(
        stderr(&clean).contains("All checks passed"),
        "{}",
        stderr(&clean)
    );
    site.break_pages();
    let broken = site.qalint(&["--format", "concise"]);
    assert_eq!(stdout(&broken), VIOLATIONS);
    assert_eq!(broken.status.code(), Some(1));
}

/// A Nuxt Content site never prepared (a fresh clone, CI before `nuxi prepare`, `.nuxt` wiped):
/// qalint stops and says how to record the collections, from the site and from a folder in it.
/// Only on request does its own idea of a page stand: the site's fields are then unknown keys
/// and its real violations go unseen (why it is not the default).
#[test]
fn a_never_prepared_site_stops_until_asked_for_the_built_in_schema() {
    let site = site(false);
    for (dir, args) in [(".", vec!["content"]), ("content/python", vec!["."])] {
        let o = qalint_in(&site.dir.path().join(dir), site.home.path(), &args);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert_eq!(stdout(&o), "");
        let err = stderr(&o);
        assert!(
            err.contains(&format!(
                "{} is a Nuxt Content site whose collections were never recorded",
                site.root().display()
            )),
            "{err}"
        );
        assert!(err.contains("run `npx nuxi prepare` in"), "{err}");
        assert!(err.contains("--builtin-schema"), "{err}");
    }
    let o = site.qalint(&["--format", "concise", "--builtin-schema", "content"]);
    let text = stdout(&o);
    assert!(
        text.contains("QA001 [schema] unknown key \"tags\""),
        "{text}"
    );
    assert!(text.contains("unknown key \"timeMinutes\""), "{text}");
    assert!(!text.contains("expected a list"), "{text}");
}

/// `mv site elsewhere` after `nuxi prepare`: the record names the site's folders relative to
/// it, so the moved site is checked as before; a record whose folders are gone stops the run.
#[test]
fn a_moved_site_keeps_its_collections() {
    let site = site(true);
    site.break_pages();
    let parent = tempfile::tempdir().expect("temp dir");
    let moved = parent.path().join("moved");
    copy_tree(site.dir.path(), &moved);
    std::fs::remove_dir_all(site.dir.path().join("content")).expect("old content gone");
    let o = qalint_in(&moved, site.home.path(), &["--format", "concise"]);
    assert_eq!(stdout(&o), VIOLATIONS, "{}", stderr(&o));
    assert_eq!(o.status.code(), Some(1));
    std::fs::remove_dir_all(moved.join("content")).expect("content gone");
    let o = qalint_in(&moved, site.home.path(), &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("which is not there"), "{}", stderr(&o));
}

/// Files of no collection are no pages: the source's `exclude` (drafts) and everything outside
/// its folder (the broken copies, the README).
#[test]
fn files_of_no_collection_are_no_pages() {
    let site = site(true);
    let o = site.qalint(&[
        "--format",
        "concise",
        "content/drafts/wip.md",
        "broken/content/python/concurrency/threads.md",
    ]);
    assert_eq!(stdout(&o), "");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// A value Nuxt Content's SQL insert would coerce says what it would store.
#[test]
fn a_value_of_the_wrong_type_says_what_nuxt_would_store() {
    let site = site(true);
    let page = site.dir.path().join("content/go/basics/goroutines.md");
    let text = std::fs::read_to_string(&page).expect("read");
    std::fs::write(&page, text.replace("order: 1\n", "order: ten\n")).expect("write");
    let o = site.qalint(&["--format", "concise", "content/go"]);
    assert_eq!(
        stdout(&o),
        "content/go/basics/goroutines.md:10:8: QA001 [schema] order: expected a number, found a string (Nuxt Content would store NaN, which stops its build without naming this file)\n"
    );
}

/// A collections file qalint did not write on this machine (committed, or another user's) is
/// not believed: qalint stops and says why.
#[test]
fn collections_written_by_someone_else_are_not_believed() {
    let site = site(false);
    let other = tempfile::tempdir().expect("temp dir");
    let o = site.record_collections(other.path());
    assert_eq!(o.status.code(), Some(0));
    let run = site.qalint(&["--format", "concise", "content"]);
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(stdout(&run), "");
    assert!(
        stderr(&run).contains(
            ".nuxt/qalint/collections.json was not written by qalint on this machine: not used (run `nuxi prepare` to write it again)"
        ),
        "{}",
        stderr(&run)
    );
}

/// content.config.ts changed after the collections were recorded: they are used, with a word.
#[test]
fn a_changed_content_config_asks_for_nuxi_prepare() {
    let site = site(true);
    let config = site.dir.path().join("content.config.ts");
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(60);
    std::fs::File::options()
        .write(true)
        .open(&config)
        .and_then(|f| f.set_modified(later))
        .expect("touch");
    let o = site.qalint(&["--format", "concise"]);
    assert!(
        stderr(&o).contains("content.config.ts changed after")
            && stderr(&o).contains("run `nuxi prepare`"),
        "{}",
        stderr(&o)
    );
    assert_eq!(o.status.code(), Some(0));
}

/// qalint.toml can still say which files are pages and how they are checked.
#[test]
fn qalint_toml_collections_win() {
    let site = site(true);
    std::fs::write(
        site.dir.path().join("qalint.toml"),
        "[[collection]]\nname = \"qa\"\ninclude = [\"content/**/*.md\"]\n",
    )
    .expect("write");
    let o = site.qalint(&["--format", "concise", "content"]);
    // The built-in Q&A schema, so the site's fields are unknown to it.
    assert!(
        stdout(&o).contains("unknown key \"tags\""),
        "{}",
        stdout(&o)
    );
}

/// `qalint nuxt-collections` writes only what it can read back, and never through a link.
#[test]
fn the_collections_are_never_written_through_a_link() {
    let site = site(false);
    let outside = tempfile::tempdir().expect("temp dir");
    std::os::unix::fs::symlink(outside.path(), site.dir.path().join(".nuxt")).expect("link");
    let o = site.record_collections(site.home.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is a symbolic link: not written through"));
    assert_eq!(std::fs::read_dir(outside.path()).expect("ls").count(), 0);
}

/// The language server checks the site's own schema too, without configuration.
#[test]
fn the_language_server_uses_the_sites_schema() {
    let site = site(true);
    site.break_pages();
    let out = common::serve_once(
        site.dir.path(),
        site.home.path(),
        &[common::did_open(
            &site
                .dir
                .path()
                .join("content/python/concurrency/threads.md"),
        )],
    );
    let text = stdout(&out);
    assert!(
        text.contains("\"code\":\"QA001\",\"message\":\"tags: expected a list, found a string\""),
        "{text}"
    );
    assert!(!text.contains("unknown key"), "{text}");
}

/// A payload a real `nuxi generate` of the fixture app wrote (fixtures/nuxt-app/output) is
/// checked against its own collection's schema as the build stores it (the body in minimark,
/// unset optional values as null, a content hash): no finding on the clean build, and a wrong
/// type of the site's own field is named.
#[test]
fn built_payloads_follow_their_collection() {
    let site = site(true);
    let out = site.dir.path().join(".output/public");
    copy_tree(&fixtures().join("nuxt-app/output"), &out);
    let o = site.qalint(&["--format", "concise", ".output/public"]);
    assert_eq!(stdout(&o), "", "{}", stderr(&o));
    assert_eq!(o.status.code(), Some(0));
    let payload = out.join("python/concurrency/threads/_payload.json");
    let text = std::fs::read_to_string(&payload).expect("read");
    // `tags` made to point at the title, a string: the finding is at that string.
    std::fs::write(&payload, text.replace("\"tags\":34", "\"tags\":6")).expect("write");
    let o = site.qalint(&["--format", "concise", ".output/public"]);
    assert_eq!(
        stdout(&o),
        ".output/public/python/concurrency/threads/_payload.json:1:507: QA001 [schema] tags: expected a list, found a string (built from content/python/concurrency/threads.md)\n"
    );
}

/// A monorepo (npm workspaces, the app in apps/web): from the repository's top, from the app's
/// folder named there, and from a folder inside the app, its pages follow its own collections;
/// an app never prepared stops the run.
#[test]
fn an_app_of_a_monorepo_uses_its_own_collections_from_any_folder() {
    let app = site(true);
    app.break_pages();
    let repo = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(repo.path().join(".git")).expect("a work tree");
    std::fs::write(
        repo.path().join("package.json"),
        r#"{"private": true, "workspaces": ["apps/*"]}"#,
    )
    .expect("package.json");
    let web = repo.path().join("apps/web");
    copy_tree(app.dir.path(), &web);
    std::fs::remove_dir_all(web.join(".git")).expect("one work tree");
    let run = |dir: &Path, args: &[&str]| qalint_in(dir, app.home.path(), args);
    let in_app = VIOLATIONS.replace("content/", "apps/web/content/");
    for (dir, args, expected) in [
        (
            repo.path().to_path_buf(),
            vec!["--format", "concise"],
            in_app.clone(),
        ),
        (
            repo.path().to_path_buf(),
            vec!["--format", "concise", "apps/web"],
            in_app,
        ),
        (
            web.join("content"),
            vec!["--format", "concise"],
            VIOLATIONS.replace("content/", ""),
        ),
    ] {
        let o = run(&dir, &args);
        assert_eq!(stdout(&o), expected, "{args:?} in {dir:?}: {}", stderr(&o));
        assert_eq!(o.status.code(), Some(1));
    }
    std::fs::remove_dir_all(web.join(".nuxt")).expect("never prepared");
    let o = run(repo.path(), &["--format", "concise"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("is a Nuxt Content site whose collections were never recorded"),
        "{}",
        stderr(&o)
    );
}

/// A `qalint.toml` with `root = true` inside the site (a locale's folder made a project of its
/// own) keeps the site's collections: run from there, the site's own fields are still checked
/// as content.config.ts declares them (it fell back to the built-in schema, silently).
#[test]
fn a_project_root_inside_the_site_keeps_its_collections() {
    let site = site(true);
    site.break_pages();
    let python = site.dir.path().join("content/python");
    std::fs::write(python.join("qalint.toml"), "root = true\n").expect("config");
    let o = qalint_in(&python, site.home.path(), &["--format", "concise"]);
    assert_eq!(
        stdout(&o),
        VIOLATIONS.replace("content/python/", ""),
        "{}",
        stderr(&o)
    );
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn a_site_s_pages_named_from_a_folder_its_project_never_reaches_follow_its_record() {
    let app = site(true);
    app.break_pages();
    // Another work tree beside the site: neither the site nor above it.
    let elsewhere = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(elsewhere.path().join(".git")).expect("a work tree");
    let content = app.root().join("content");
    let page = content.join("python/concurrency/threads.md");
    let page_arg = page.to_string_lossy().to_string();
    let o = qalint_in(
        elsewhere.path(),
        app.home.path(),
        &["--format", "concise", &page_arg],
    );
    let threads: String = VIOLATIONS
        .lines()
        .filter(|l| l.contains("threads.md"))
        .map(|l| {
            format!(
                "{}\n",
                l.replace("content/", &format!("{}/", content.display()))
            )
        })
        .collect();
    assert!(!threads.is_empty());
    assert_eq!(stdout(&o), threads, "{}", stderr(&o));
    assert_eq!(o.status.code(), Some(1));
    // With a file of another project beside it, one workspace cannot check both: exit 2.
    std::fs::write(elsewhere.path().join("notes.md"), "# notes\n").expect("notes");
    let o = qalint_in(
        elsewhere.path(),
        app.home.path(),
        &["--format", "concise", &page_arg, "notes.md"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o)
            .contains("which the current folder's project does not reach, and notes.md is not"),
        "{}",
        stderr(&o)
    );
}

/// A page in a folder git ignores is still a page Nuxt Content serves: a link to it resolves
/// for the command line and the language server alike (both index the site's collections as
/// Nuxt Content globs them).
#[test]
fn a_link_to_a_git_ignored_page_of_a_collection_resolves_in_the_cli_and_the_server() {
    let site = site(true);
    let asyncio = site
        .dir
        .path()
        .join("content/python/concurrency/asyncio.md");
    let text = std::fs::read_to_string(&asyncio).expect("read");
    let linked = text.replacen(
        "\ntags:",
        "\nrelated:\n  - /python/concurrency/threads\ntags:",
        1,
    );
    assert_ne!(text, linked);
    std::fs::write(&asyncio, linked).expect("write");
    std::fs::write(
        site.dir.path().join(".gitignore"),
        "content/python/concurrency/threads.md\n",
    )
    .expect(".gitignore");
    let o = site.qalint(&["--format", "concise", "--select", "QA004"]);
    assert_eq!(stdout(&o), "", "{}", stderr(&o));
    assert_eq!(o.status.code(), Some(0));
    let out = common::serve_once(
        site.dir.path(),
        site.home.path(),
        &[common::did_open(&asyncio)],
    );
    let text = stdout(&out);
    assert!(text.contains("publishDiagnostics"), "{text}");
    assert!(!text.contains("QA004"), "{text}");
}

/// A key the site's collection does not declare: a near miss of a declared key is an error
/// that names the key (QA001); any other is kept by Nuxt Content and is QA008's warning, with
/// no did-you-mean.
#[test]
fn an_undeclared_key_is_a_warning_and_a_near_miss_an_error_naming_the_key() {
    let site = site(true);
    let threads = site
        .dir
        .path()
        .join("content/python/concurrency/threads.md");
    let text = std::fs::read_to_string(&threads).expect("read");
    let keyed = text.replacen(
        "\ntags:",
        "\nsubtopik: Threads\ncoverImage: /img/threads.png\ntags:",
        1,
    );
    assert_ne!(text, keyed);
    std::fs::write(&threads, keyed).expect("write");
    let o = site.qalint(&["--format", "concise", "--select", "QA001,QA008"]);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().filter(|l| l.contains("threads.md")).collect();
    assert_eq!(lines.len(), 2, "{out}{}", stderr(&o));
    assert!(
        lines[0].contains("QA001 [schema] unknown key \"subtopik\" — did you mean \"subtopic\"?"),
        "{out}"
    );
    assert!(
        lines[1].contains("warning: QA008 [undeclared-key] `coverImage` is not declared in the collection's schema"),
        "{out}"
    );
    assert!(!lines[1].contains("did you mean"), "{out}");
    assert_eq!(o.status.code(), Some(1));
}
