//! What users take for granted: a broken page always fails, one problem gives one finding,
//! and the answer does not depend on where qalint is started.

use crate::common;

use common::{qalint, stderr, stdout, write_files};

/// A page whose title opens a quote it never closes: every way of selecting rules still
/// reports it, in every format, and a tree holding only it fails.
#[test]
fn a_page_that_does_not_parse_always_fails() {
    let dir = common::project(&[(
        "content/python/basics/scope.md",
        "---\ntitle: \"Scope\ndescription: x\n---\n",
    )]);
    let expected = "content/python/basics/scope.md:2:8: QA000 [invalid-syntax] invalid YAML: the quoted string opened at 2:8 is never closed (a `\"` is missing)\n";
    let selections: [&[&str]; 3] = [
        &[],
        &["--select", "QA001,QA002,QA003,QA004,QA005,QA006,QA007"],
        &["--extend-ignore", "QA000"],
    ];
    for args in selections {
        let mut all = vec!["--format", "concise", "--quiet"];
        all.extend_from_slice(args);
        let o = qalint(dir.path(), &all);
        assert_eq!(stdout(&o), expected, "{args:?}");
        assert_eq!(o.status.code(), Some(1), "{args:?}");
    }
    for config in [
        "ignore = [\"QA000\"]\n",
        "[rules]\ninvalid-syntax = \"off\"\n",
        "select = [\"QA007\"]\n",
    ] {
        write_files(
            dir.path(),
            &[("qalint.toml", &format!("root = true\n{config}"))],
        );
        let o = qalint(dir.path(), &["--format", "github"]);
        assert!(
            stdout(&o).starts_with("::error title=QA000 (invalid-syntax),file=content/python/basics/scope.md,line=2,endLine=2,col=8,"),
            "{config}: {}",
            stdout(&o)
        );
        assert_eq!(o.status.code(), Some(1), "{config}");
        assert!(!stderr(&o).contains("is not a page"), "{}", stderr(&o));
    }
    // --list-rules says so.
    let rules = qalint(dir.path(), &["--list-rules"]);
    assert!(stdout(&rules).contains("the file cannot be read as a page (always on)"));
}

/// A misspelled key and the key it stands for are one problem: the QA001 with its did-you-mean
/// says both, and QA006 does not report the missing `seoDescription` again. A payload's
/// string that is both a `related` link and a `siblings` path (devalue stores it once) gives
/// one QA004, not two identical ones.
#[test]
fn one_problem_gives_one_finding() {
    let page = std::fs::read_to_string(
        common::fixtures().join("site/content/python/concurrency/asyncio.md"),
    )
    .expect("read");
    let typo = page.replacen("seoDescription:", "seoDescripton:", 1);
    let dir = common::project(&[("content/python/concurrency/asyncio.md", &typo)]);
    let o = qalint(dir.path(), &["--format", "concise", "--quiet"]);
    let line = typo[..typo.find("seoDescripton").expect("there")]
        .matches('\n')
        .count()
        + 1;
    assert_eq!(
        stdout(&o),
        format!(
            "content/python/concurrency/asyncio.md:{line}:1: QA001 [schema] unknown key \"seoDescripton\" — did you mean \"seoDescription\"? (\"seoDescription\" is missing)\n"
        )
    );
    let payloads = common::fixtures().join("payloads");
    let o = qalint(&payloads, &["--format", "concise", "--quiet", "repeats"]);
    assert_eq!(
        stdout(&o),
        "repeats/go/repeat/one/_payload.json:1:861: QA004 [broken-sibling-path] /go/repeat/missing is not the path of any page\n"
    );
}

/// In a Nuxt project (a `nuxt.config.*` at its root) only the content folder holds pages, before
/// any `nuxi prepare`: a contributing guide with frontmatter is no Q&A page. Without Nuxt, it is
/// one (as before).
#[test]
fn in_a_nuxt_project_only_content_is_content() {
    let page = std::fs::read_to_string(
        common::fixtures().join("site/content/python/concurrency/asyncio.md"),
    )
    .expect("read");
    let dir = common::project(&[
        ("content/python/concurrency/asyncio.md", &page),
        (
            "docs/contributing.md",
            "---\ntitle: Contributing\n---\n\nHow to add a page.\n",
        ),
    ]);
    let plain = qalint(dir.path(), &["--format", "concise", "--quiet"]);
    assert!(
        stdout(&plain).contains("docs/contributing.md"),
        "{}",
        stdout(&plain)
    );
    write_files(
        dir.path(),
        &[("nuxt.config.ts", "export default defineNuxtConfig({})\n")],
    );
    let nuxt = qalint(dir.path(), &["--format", "concise"]);
    assert_eq!(stdout(&nuxt), "", "{}", stderr(&nuxt));
    assert_eq!(nuxt.status.code(), Some(0));
    // `content` in qalint.toml names Nuxt's content folder.
    write_files(
        dir.path(),
        &[("qalint.toml", "root = true\ncontent = \"docs\"\n")],
    );
    let moved = qalint(dir.path(), &["--format", "concise", "--quiet"]);
    assert!(
        stdout(&moved).contains("docs/contributing.md"),
        "{}",
        stdout(&moved)
    );
    assert!(!stdout(&moved).contains("asyncio.md"), "{}", stdout(&moved));
}

/// Concise lines say a warning is one and mark what `--fix` fixes (`[*]`, as ruff does);
/// `--color always` colours the level, the code and the mark; `"warn"` is a level.
#[test]
fn severity_and_fixability_show_in_concise_lines() {
    let site = common::fixtures().join("site");
    let dir = tempfile::tempdir().expect("temp dir");
    common::copy_tree(&site, dir.path());
    write_files(
        dir.path(),
        &[(
            "qalint.toml",
            "root = true\n[rules]\nunlabeled-code-fence = \"warn\"\n",
        )],
    );
    let page = "content/javascript/async/callbacks.md";
    let o = qalint(dir.path(), &["--format", "concise", "--quiet", page]);
    let text = stdout(&o);
    for line in [
        "content/javascript/async/callbacks.md:18:17: QA003 [bad-difficulty] [*] difficulty `Hard` is not one of easy, medium, hard",
        "content/javascript/async/callbacks.md:25:10: warning: QA007 [unlabeled-code-fence] code fence has no language",
        "content/javascript/async/callbacks.md:43:9: QA002 [duplicate-id] duplicate question id",
    ] {
        assert!(text.contains(line), "{line}\n{text}");
    }
    // An unsafe fix is marked only when --unsafe-fixes would apply it.
    let unsafe_ = qalint(dir.path(), &["--format", "concise", "--unsafe-fixes", page]);
    assert!(stdout(&unsafe_).contains("warning: QA007 [unlabeled-code-fence] [*] code fence"));
    let colored = qalint(
        dir.path(),
        &["--format", "concise", "--color", "always", page],
    );
    let text = stdout(&colored);
    assert!(
        text.contains(
            "\u{1b}[1;33mwarning:\u{1b}[0m \u{1b}[1;33mQA007\u{1b}[0m [unlabeled-code-fence]"
        ),
        "{text:?}"
    );
    assert!(
        text.contains("\u{1b}[1;31mQA003\u{1b}[0m [bad-difficulty] \u{1b}[36m[*]\u{1b}[0m"),
        "{text:?}"
    );
}

/// Messages wrap within 100 columns: a long list of allowed keys included.
#[test]
fn help_wraps_within_100_columns() {
    let site = common::fixtures().join("site");
    let o = qalint(&site, &["content/go/basics/typos.md"]);
    let text = stdout(&o);
    let help = text
        .lines()
        .skip_while(|l| !l.starts_with("  help: allowed keys here:"))
        .take_while(|l| !l.is_empty())
        .collect::<Vec<_>>();
    assert!(help.len() > 1, "{text}");
    assert!(help.iter().all(|l| l.chars().count() <= 100), "{help:#?}");
    assert!(help.concat().contains("topicSlug"));
}

/// The fixture's asyncio page with this `order` and page `difficulty`.
fn page(order: u32, difficulty: &str) -> String {
    std::fs::read_to_string(common::fixtures().join("site/content/python/concurrency/asyncio.md"))
        .expect("read")
        .replace("order: 3", &format!("order: {order}"))
        .replacen("difficulty: hard", &format!("difficulty: {difficulty}"), 1)
}

/// `--fix one.md` renumbers the topic in the pages it was not given, and writes nothing else
/// there (their own `Hard` stays, not staged, not named); what the summary called fixable is
/// what `--fix` says it fixed.
#[test]
fn fixing_one_page_changes_only_the_renumbering_elsewhere() {
    let dir = common::project(&[
        ("content/python/concurrency/a.md", &page(1, "hard")),
        ("content/python/concurrency/b.md", &page(3, "Hard")),
        ("content/python/concurrency/c.md", &page(4, "hard")),
    ]);
    let named = "content/python/concurrency/c.md";
    let before = qalint(dir.path(), &["--format", "concise", named]);
    assert!(
        stderr(&before).contains("Found 1 problem in 1 file (1 fixable with --fix)"),
        "{}",
        stderr(&before)
    );
    let fix = qalint(dir.path(), &["--fix", named]);
    assert!(
        stderr(&fix)
            .contains("Fixed 1 problem in 2 files (1 not named: content/python/concurrency/b.md)."),
        "{}",
        stderr(&fix)
    );
    assert_eq!(fix.status.code(), Some(0), "{}", stdout(&fix));
    let b = std::fs::read_to_string(dir.path().join("content/python/concurrency/b.md")).expect("b");
    assert!(b.contains("\norder: 2\n"), "renumbered");
    assert!(
        b.contains("\ndifficulty: Hard\n"),
        "its own finding is not fixed: {b}"
    );
    let c = std::fs::read_to_string(dir.path().join(named)).expect("c");
    assert!(c.contains("\norder: 3\n"));
}

/// `--fix --fix-named-only one.md` (the lint-staged recipe): a renumbering that would also
/// change a page not named is not applied, anywhere, and its finding stays (exit 1), while
/// the named page's own fixes are written.
#[test]
fn fix_named_only_never_writes_half_a_renumbering() {
    let dir = common::project(&[
        ("content/python/concurrency/a.md", &page(1, "hard")),
        ("content/python/concurrency/b.md", &page(3, "hard")),
        ("content/python/concurrency/c.md", &page(4, "Hard")),
    ]);
    let read = |name: &str| {
        std::fs::read_to_string(dir.path().join("content/python/concurrency").join(name))
            .expect("read")
    };
    let (b, c) = (read("b.md"), read("c.md"));
    let named = "content/python/concurrency/c.md";
    let fix = qalint(
        dir.path(),
        &["--fix", "--fix-named-only", "--format", "concise", named],
    );
    assert_eq!(fix.status.code(), Some(1), "{}", stderr(&fix));
    assert_eq!(read("b.md"), b, "the page not named is untouched");
    assert_eq!(
        read("c.md"),
        c.replacen("difficulty: Hard", "difficulty: hard", 1),
        "the named page's own fix is written, not the renumbering"
    );
    assert!(
        stderr(&fix).contains(
            "content/python/concurrency/c.md: not fixed: its topic's renumbering also changes \
             content/python/concurrency/b.md, which was not named (--fix-named-only)."
        ),
        "{}",
        stderr(&fix)
    );
    assert!(
        stdout(&fix).contains("content/python/concurrency/c.md:10:8: QA005 [order-gap]"),
        "{}",
        stdout(&fix)
    );
}
