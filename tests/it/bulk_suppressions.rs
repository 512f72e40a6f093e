//! `qalint-suppressions.json`, ESLint's bulk suppressions: `--suppress-all` and
//! `--suppress-rule` record the findings a site has, later runs report only what is beyond
//! the recorded counts, `--prune-suppressions` lowers what was fixed, and a stale entry is
//! reported where it is written.

use crate::common::{self, qalint, stderr, stdout};

/// A page with two unlabeled fences (QA007) and a difficulty out of the list (QA003, safely
/// fixable).
fn page(fences: usize, difficulty: &str) -> String {
    let mut questions = String::new();
    for i in 0..fences {
        questions.push_str(&format!(
            "  - id: q{i}\n    difficulty: {difficulty}\n    q: Why {i}?\n    a: |\n      ```\n      run({i})\n      ```\n"
        ));
    }
    format!(
        "---\ntitle: Loops\ndescription: \"Loops.\"\nframework: Python\nframeworkSlug: python\n\
         topic: Basics\ntopicSlug: basics\nsubtopic: Loops\ndifficulty: easy\norder: 1\n\
         updated: 2026-06-18\nseoDescription: \"Python loops.\"\nquestions:\n{questions}---\n"
    )
}

const LOOPS: &str = "content/python/basics/loops.md";

fn read(dir: &std::path::Path) -> String {
    std::fs::read_to_string(dir.join("qalint-suppressions.json")).expect("the file")
}

#[test]
fn suppress_all_records_each_file_s_counts_and_later_runs_pass() {
    let dir = common::project(&[(LOOPS, &page(2, "easy"))]);
    let o = qalint(dir.path(), &["--format", "concise"]);
    assert_eq!(o.status.code(), Some(1));
    let o = qalint(dir.path(), &["--suppress-all"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        read(dir.path()),
        "{\n  \"content/python/basics/loops.md\": {\n    \"QA007\": {\n      \"count\": 2\n    }\n  }\n}\n"
    );
    assert!(
        stderr(&o).contains("qalint-suppressions.json records 2 findings"),
        "{}",
        stderr(&o)
    );
    let o = qalint(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("2 findings suppressed by qalint-suppressions.json."),
        "{}",
        stderr(&o)
    );
    // In JSON too, on standard error (the Nuxt gate relays it), the answer an empty list.
    let o = qalint(dir.path(), &["--format", "json"]);
    assert_eq!(stdout(&o), "[]\n");
    assert!(
        stderr(&o).contains("2 findings suppressed by qalint-suppressions.json."),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_new_file_a_higher_count_or_a_new_rule_still_fails() {
    let dir = common::project(&[(LOOPS, &page(2, "easy"))]);
    assert_eq!(
        qalint(dir.path(), &["--suppress-all"]).status.code(),
        Some(0)
    );
    // One more unlabeled fence in the same file: all three are reported (which is new cannot
    // be told), as ESLint does.
    std::fs::write(dir.path().join(LOOPS), page(3, "easy")).expect("write");
    let o = qalint(dir.path(), &["--format", "concise", "--quiet"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o).lines().filter(|l| l.contains("QA007")).count(),
        3,
        "{}",
        stdout(&o)
    );
    // A rule the file does not record for it: reported, the fences still suppressed.
    std::fs::write(dir.path().join(LOOPS), page(2, "Easy")).expect("write");
    let o = qalint(dir.path(), &["--format", "concise", "--quiet"]);
    assert_eq!(
        stdout(&o),
        "content/python/basics/loops.md:15:17: QA003 [bad-difficulty] [*] difficulty `Easy` is not one of easy, medium, hard\n\
         content/python/basics/loops.md:22:17: QA003 [bad-difficulty] [*] difficulty `Easy` is not one of easy, medium, hard\n"
    );
    // A new page with the same problem: reported.
    std::fs::write(dir.path().join(LOOPS), page(2, "easy")).expect("write");
    common::write_files(
        dir.path(),
        &[(
            "content/python/basics/lists.md",
            &page(1, "easy").replace("order: 1", "order: 2"),
        )],
    );
    let o = qalint(dir.path(), &["--format", "concise", "--quiet"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).starts_with("content/python/basics/lists.md:"),
        "{}",
        stdout(&o)
    );
    assert!(!stdout(&o).contains("loops.md"), "{}", stdout(&o));
}

#[test]
fn a_stale_entry_is_reported_where_it_is_written_until_pruned() {
    let dir = common::project(&[(LOOPS, &page(2, "easy"))]);
    assert_eq!(
        qalint(dir.path(), &["--suppress-all"]).status.code(),
        Some(0)
    );
    std::fs::write(dir.path().join(LOOPS), page(1, "easy")).expect("write");
    let o = qalint(dir.path(), &["--format", "concise", "--quiet"]);
    assert_eq!(
        stdout(&o),
        "qalint-suppressions.json:3:5: warning: QA100 [unused-suppression] qalint-suppressions.json \
         suppresses 2 QA007 findings in content/python/basics/loops.md; 1 remains\n"
    );
    let o = qalint(dir.path(), &["--prune-suppressions"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        read(dir.path()).contains("\"count\": 1"),
        "{}",
        read(dir.path())
    );
    let o = qalint(dir.path(), &["--format", "concise", "--quiet"]);
    assert_eq!(stdout(&o), "");
    // The page gone: its entries are stale, and pruning drops the file once it is empty.
    std::fs::remove_file(dir.path().join(LOOPS)).expect("remove");
    let o = qalint(dir.path(), &["--format", "concise", "--quiet"]);
    assert!(stdout(&o).contains("; the file is gone"), "{}", stdout(&o));
    let o = qalint(dir.path(), &["--prune-suppressions", "--format", "concise"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(!dir.path().join("qalint-suppressions.json").exists());
    assert!(!stdout(&o).contains("QA100"), "pruned away: {}", stdout(&o));
}

#[test]
fn suppress_rule_records_one_rule_and_fix_still_fixes_what_is_suppressed() {
    let dir = common::project(&[(LOOPS, &page(1, "Easy"))]);
    let o = qalint(dir.path(), &["--suppress-rule", "bad-difficulty"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "the fence is still reported: {}",
        stdout(&o)
    );
    assert_eq!(
        read(dir.path()),
        "{\n  \"content/python/basics/loops.md\": {\n    \"QA003\": {\n      \"count\": 1\n    }\n  }\n}\n"
    );
    let o = qalint(dir.path(), &["--fix"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let text = std::fs::read_to_string(dir.path().join(LOOPS)).expect("page");
    assert!(text.contains("    difficulty: easy\n"), "{text}");
}

#[test]
fn a_file_that_is_not_qalint_s_stops_the_run() {
    let dir = common::project(&[
        (LOOPS, &page(1, "easy")),
        (
            "qalint-suppressions.json",
            "{\"content/a.md\": {\"QA999\": {\"count\": 1}}}\n",
        ),
    ]);
    let o = qalint(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("qalint-suppressions.json: `QA999` is not a rule code"),
        "{}",
        stderr(&o)
    );
    for key in ["../outside.md", "/etc/passwd", "content/a\nb.md"] {
        let text = serde_json::json!({ key: { "QA001": { "count": 1 } } }).to_string();
        std::fs::write(dir.path().join("qalint-suppressions.json"), text).expect("write");
        let o = qalint(dir.path(), &[]);
        assert_eq!(o.status.code(), Some(2), "{key}");
        assert!(
            stderr(&o).contains("is not a path inside the project"),
            "{}",
            stderr(&o)
        );
    }
    std::fs::write(dir.path().join("qalint-suppressions.json"), "[1]").expect("write");
    let o = qalint(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("qalint-suppressions.json: invalid type"),
        "{}",
        stderr(&o)
    );
}

/// The language server reports what the command line reports: the open page's findings the
/// file records are not shown, the others are.
#[test]
fn the_language_server_honours_the_file() {
    let dir = common::project(&[(LOOPS, &page(2, "Easy"))]);
    assert_eq!(
        qalint(dir.path(), &["--suppress-rule", "QA007"])
            .status
            .code(),
        Some(1)
    );
    let path = dir.path().join(LOOPS);
    let text = std::fs::read_to_string(&path).expect("page");
    let o = common::serve_once(dir.path(), dir.path(), &[common::did_open(&path)]);
    let out = stdout(&o);
    assert!(out.contains("\"code\":\"QA003\""), "{out}");
    assert!(!out.contains("\"code\":\"QA007\""), "{out}");
    assert!(text.contains("```\n"), "the page still has its fences");
}

/// A page of another project opened in the editor is checked with that project's file.
#[test]
fn the_language_server_honours_another_project_s_file() {
    let here = common::project(&[]);
    let there = common::project(&[(LOOPS, &page(2, "Easy"))]);
    assert_eq!(
        qalint(there.path(), &["--suppress-rule", "QA007"])
            .status
            .code(),
        Some(1)
    );
    let path = there.path().join(LOOPS);
    let o = common::serve_once(here.path(), here.path(), &[common::did_open(&path)]);
    let out = stdout(&o);
    assert!(out.contains("\"code\":\"QA003\""), "{out}");
    assert!(!out.contains("\"code\":\"QA007\""), "{out}");
}
