//! A topic's renumbering is one fix over every page of the topic, named on the command line
//! or not (a pre-commit hook names only the staged pages): never half applied, never a tie.

use crate::common;

use std::path::Path;

use common::{project, qalint, stderr, stdout};

fn page(fw: &str, topic: &str, slug: &str, order: i64) -> String {
    format!(
        "---\ntitle: {slug}\ndescription: \"\"\nframework: {fw}\nframeworkSlug: {fw}\ntopic: {topic}\n\
         topicSlug: {topic}\nsubtopic: {slug}\ndifficulty: easy\norder: {order}   # keep this comment\n\
         updated: 2026-06-18\nseoDescription: \"On {slug}.\"\nquestions:\n  - id: what\n    \
         difficulty: easy\n    q: What?\n    a: This.\n---\n"
    )
}

/// A project with the pages `(framework, topic, slug, order)`.
fn site(pages: &[(&str, &str, &str, i64)]) -> tempfile::TempDir {
    let files: Vec<(String, String)> = pages
        .iter()
        .map(|(fw, t, s, o)| (format!("content/{fw}/{t}/{s}.md"), page(fw, t, s, *o)))
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    project(&refs)
}

fn order_of(dir: &Path, rel: &str) -> i64 {
    let text = std::fs::read_to_string(dir.join(rel)).expect("read");
    text.lines()
        .find_map(|l| l.strip_prefix("order: "))
        .and_then(|o| o.split_whitespace().next())
        .and_then(|o| o.parse().ok())
        .expect("an order")
}

/// Every file equals the page written with `order`, byte for byte: only the order changed.
fn assert_orders(dir: &Path, expected: &[(&str, &str, &str, i64)]) {
    for (fw, t, s, o) in expected {
        let rel = format!("content/{fw}/{t}/{s}.md");
        assert_eq!(
            std::fs::read_to_string(dir.join(&rel)).expect("read"),
            page(fw, t, s, *o),
            "{rel}"
        );
    }
}

fn whole_tree_has_no_qa005(dir: &Path) {
    let o = qalint(dir, &["--format", "concise"]);
    assert!(!stdout(&o).contains("QA005"), "{}", stdout(&o));
}

#[test]
fn the_first_page_deleted_one_page_named_renumbers_the_whole_topic() {
    let dir = site(&[
        ("python", "concurrency", "asyncio", 3),
        ("python", "concurrency", "gil", 2),
        ("python", "concurrency", "threads", 4),
    ]);
    let o = qalint(
        dir.path(),
        &["--fix", "content/python/concurrency/asyncio.md"],
    );
    assert_eq!(
        stderr(&o),
        "Fixed 1 problem in 3 files (2 not named: content/python/concurrency/gil.md, \
         content/python/concurrency/threads.md).\nAll checks passed (1 file checked).\n"
    );
    assert_eq!(o.status.code(), Some(0));
    assert_orders(
        dir.path(),
        &[
            ("python", "concurrency", "gil", 1),
            ("python", "concurrency", "asyncio", 2),
            ("python", "concurrency", "threads", 3),
        ],
    );
    whole_tree_has_no_qa005(dir.path());
}

#[test]
fn orders_2_4_5_become_1_2_3_in_one_run() {
    let dir = site(&[
        ("python", "basics", "intro", 2),
        ("python", "basics", "loops", 4),
        ("python", "basics", "variables", 5),
    ]);
    let o = qalint(dir.path(), &["--fix", "content/python/basics/variables.md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        [
            order_of(dir.path(), "content/python/basics/intro.md"),
            order_of(dir.path(), "content/python/basics/loops.md"),
            order_of(dir.path(), "content/python/basics/variables.md"),
        ],
        [1, 2, 3]
    );
    whole_tree_has_no_qa005(dir.path());
}

#[test]
fn a_tie_is_fixed_only_as_a_guess_by_order_then_path() {
    let pages = [
        ("go", "basics", "zeta", 2),
        ("go", "basics", "alpha", 2),
        ("go", "basics", "intro", 1),
    ];
    let dir = site(&pages);
    let o = qalint(
        dir.path(),
        &["--fix", "--format", "concise", "content/go/basics/zeta.md"],
    );
    assert_eq!(o.status.code(), Some(1), "a tie has no safe fix");
    assert!(
        stdout(&o)
            .contains("order 2 is shared by 2 pages of go/basics (orders 1, 2, 2): expected 3"),
        "{}",
        stdout(&o)
    );
    assert_orders(dir.path(), &pages);
    let o = qalint(
        dir.path(),
        &["--fix", "--unsafe-fixes", "content/go/basics/zeta.md"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // alpha before zeta: same order, then by file path.
    assert_orders(
        dir.path(),
        &[
            ("go", "basics", "intro", 1),
            ("go", "basics", "alpha", 2),
            ("go", "basics", "zeta", 3),
        ],
    );
}

#[test]
fn diff_shows_every_file_of_the_topic_and_writes_nothing() {
    let pages = [
        ("python", "basics", "intro", 2),
        ("python", "basics", "loops", 4),
        ("python", "basics", "variables", 5),
    ];
    let dir = site(&pages);
    let o = qalint(dir.path(), &["--diff", "content/python/basics/loops.md"]);
    assert_eq!(o.status.code(), Some(1));
    let diff = stdout(&o);
    for name in ["intro", "loops", "variables"] {
        assert!(
            diff.contains(&format!("+++ b/content/python/basics/{name}.md")),
            "{diff}"
        );
    }
    assert!(diff.contains("-order: 5   # keep this comment\n+order: 3   # keep this comment"));
    assert_orders(dir.path(), &pages);
}

#[test]
fn several_topics_named_and_not() {
    let dir = site(&[
        ("python", "basics", "intro", 3),
        ("python", "basics", "loops", 5),
        ("go", "basics", "intro", 2),
        ("go", "basics", "maps", 3),
        ("go", "basics", "slices", 7),
        ("rust", "basics", "intro", 1),
        ("rust", "basics", "traits", 2),
    ]);
    let o = qalint(
        dir.path(),
        &[
            "--fix",
            "content/python/basics/loops.md",
            "content/go/basics/maps.md",
            "content/rust/basics/intro.md",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_orders(
        dir.path(),
        &[
            ("python", "basics", "intro", 1),
            ("python", "basics", "loops", 2),
            ("go", "basics", "intro", 1),
            ("go", "basics", "maps", 2),
            ("go", "basics", "slices", 3),
            ("rust", "basics", "intro", 1),
            ("rust", "basics", "traits", 2),
        ],
    );
    whole_tree_has_no_qa005(dir.path());
}

#[test]
fn a_page_of_the_topic_changed_since_the_check_blocks_the_whole_renumbering() {
    let dir = site(&[
        ("python", "basics", "intro", 2),
        ("python", "basics", "loops", 3),
    ]);
    let engine = common::engine(dir.path());
    let outcome = engine
        .run(&[dir.path().join("content/python/basics/intro.md")])
        .expect("run");
    // Someone edits the page that was not named, after the check.
    let loops = dir.path().join("content/python/basics/loops.md");
    let edited = std::fs::read_to_string(&loops)
        .expect("read")
        .replace("What?", "What, then?");
    std::fs::write(&loops, &edited).expect("write");
    let fixed = qalint_workspace::fix::fix_all(
        &engine,
        &outcome,
        false,
        qalint_workspace::fix::Mode::Write,
        false,
    );
    assert!(fixed.iter().all(|f| f.error.is_some()), "{fixed:?}");
    assert_eq!(order_of(dir.path(), "content/python/basics/intro.md"), 2);
    assert_eq!(std::fs::read_to_string(&loops).expect("read"), edited);
}
