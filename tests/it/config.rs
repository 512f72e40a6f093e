//! `qalint.toml`, `--config`, `--isolated`, `--init`, and flags winning over the file.

use crate::common;

use common::{qalint, stderr, stdout};

/// The fixture site's JavaScript topic: QA002, QA003, QA004, QA005 and two QA007.
fn site_with(config: &str) -> tempfile::TempDir {
    let site = common::fixtures().join("site/content/javascript/async");
    let read = |name: &str| std::fs::read_to_string(site.join(name)).expect("read");
    let dir = common::project(&[
        ("content/javascript/async/promises.md", &read("promises.md")),
        (
            "content/javascript/async/callbacks.md",
            &read("callbacks.md"),
        ),
        (
            "content/javascript/async/event-loop.md",
            &read("event-loop.md"),
        ),
    ]);
    std::fs::write(dir.path().join("qalint.toml"), config).expect("write");
    dir
}

/// The rule code of each concise line (after a warning's `warning:`).
fn codes(out: &str) -> Vec<String> {
    out.lines()
        .map(|l| {
            l.split(' ')
                .skip(1)
                .find(|w| *w != "warning:")
                .unwrap_or("")
                .to_string()
        })
        .collect()
}

#[test]
fn levels_select_and_ignore_from_the_file() {
    let dir = site_with("ignore = [\"QA002\", \"broken-sibling-path\"]\n[rules]\nunlabeled-code-fence = \"warning\"\nQA005 = \"off\"\n");
    let o = qalint(dir.path(), &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let got: Vec<(String, String)> = v
        .as_array()
        .expect("array")
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap_or("").to_string(),
                f["severity"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let expect = |c: &str, s: &str| (c.to_string(), s.to_string());
    assert_eq!(
        got,
        [
            expect("QA003", "error"),
            expect("QA007", "warning"),
            expect("QA007", "warning")
        ]
    );
    // --ignore adds to the file's list (as ruff's does): the warnings alone remain.
    let o = qalint(dir.path(), &["--format", "concise", "--ignore", "QA003"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(codes(&stdout(&o)), ["QA007", "QA007"]);
    // Warnings alone do not fail the run.
    let o = qalint(
        dir.path(),
        &["--format", "concise", "--ignore", "QA002,QA003,QA004"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(codes(&stdout(&o)), ["QA007", "QA007"]);
}

#[test]
fn flags_win_over_the_file() {
    let dir = site_with("select = [\"QA007\"]\n");
    assert_eq!(
        codes(&stdout(&qalint(dir.path(), &["--format", "concise"]))),
        ["QA007", "QA007"]
    );
    let o = qalint(dir.path(), &["--format", "concise", "--select", "QA005"]);
    assert_eq!(codes(&stdout(&o)), ["QA005"]);
    let o = qalint(dir.path(), &["--format", "concise", "--isolated"]);
    assert_eq!(codes(&stdout(&o)).len(), 6);
    std::fs::write(dir.path().join("other.toml"), "select = [\"QA003\"]\n").expect("write");
    let o = qalint(
        dir.path(),
        &["--format", "concise", "--config", "other.toml"],
    );
    assert_eq!(codes(&stdout(&o)), ["QA003"]);
}

#[test]
fn include_and_exclude_globs() {
    let dir = site_with("exclude = [\"**/callbacks.md\"]\n");
    let o = qalint(dir.path(), &["--format", "concise"]);
    assert_eq!(codes(&stdout(&o)), ["QA005"], "{}", stdout(&o));
    // Excluded files are skipped even when named, as a pre-commit hook names them.
    let o = qalint(
        dir.path(),
        &[
            "--format",
            "concise",
            "content/javascript/async/callbacks.md",
        ],
    );
    assert_eq!(stdout(&o), "");
    // Files left out are not pages of the project: orders 1 and 4 remain.
    let dir = site_with("include = [\"**/event-loop.md\", \"**/promises.md\"]\n");
    let o = qalint(dir.path(), &["--format", "concise"]);
    assert!(
        stdout(&o).contains(
            "QA005 [order-gap] [*] order 4 leaves a gap in javascript/async (orders 1, 4): expected 2"
        ),
        "{}",
        stdout(&o)
    );
}

#[test]
fn the_content_folder_sets_page_paths() {
    let page = std::fs::read_to_string(
        common::fixtures().join("site/content/javascript/async/promises.md"),
    )
    .expect("read");
    let linking = page.replace("order: 1", "order: 2").replace(
        "questions:",
        "related:\n  - /javascript/async/promises\nquestions:",
    );
    let dir = common::project(&[
        ("pages/javascript/async/promises.md", &page),
        ("pages/javascript/async/linking.md", &linking),
    ]);
    let o = qalint(dir.path(), &["--format", "concise"]);
    assert_eq!(
        codes(&stdout(&o)),
        ["QA004"],
        "without the setting the paths are /pages/…"
    );
    std::fs::write(dir.path().join("qalint.toml"), "content = \"pages\"\n").expect("write");
    let o = qalint(dir.path(), &["--format", "concise"]);
    assert_eq!((o.status.code(), stdout(&o).as_str()), (Some(0), ""));
}

#[test]
fn fence_languages_feed_the_fix() {
    let dir = site_with("[fence-languages]\njavascript = \"js\"\n");
    let o = qalint(
        dir.path(),
        &["--diff", "--unsafe-fixes", "--select", "QA007"],
    );
    let diff = stdout(&o);
    assert!(diff.contains("+         ```js\n"), "{diff}");
    assert!(
        diff.contains("+      > ~~~bash  \n"),
        "a $ prompt is still bash: {diff}"
    );
}

#[test]
fn bad_config_is_a_usage_error_with_a_position() {
    let dir = site_with("[rules]\nQA007 = \"loud\"\n");
    let o = qalint(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("qalint.toml:2:9: `loud` is not a level: use error, warning (or warn) or off"),
        "{err}"
    );
    let dir = site_with("exclud = []\n");
    let err = stderr(&qalint(dir.path(), &[]));
    assert!(
        err.contains("qalint.toml:1:1: unknown key `exclud` — did you mean `exclude`?"),
        "{err}"
    );
}

#[test]
fn init_writes_a_default_file_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let o = qalint(dir.path(), &["--init"]);
    assert_eq!(o.status.code(), Some(0));
    let text = std::fs::read_to_string(dir.path().join("qalint.toml")).expect("written");
    assert!(text.contains("# exclude = [\"content/drafts/**\"]"));
    let o = qalint(dir.path(), &["--init"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("qalint.toml already exists"));
}

#[test]
fn select_on_the_command_line_wins_over_ignore_and_off_in_the_file() {
    let dir = site_with("ignore = [\"QA007\"]\n[rules]\nQA005 = \"off\"\n");
    let o = qalint(dir.path(), &["--format", "concise", "--select", "QA007"]);
    assert_eq!(codes(&stdout(&o)), ["QA007", "QA007"]);
    assert_eq!(o.status.code(), Some(1));
    let o = qalint(
        dir.path(),
        &["--format", "concise", "--select", "order-gap"],
    );
    assert_eq!(codes(&stdout(&o)), ["QA005"]);
    // --extend-select adds to what the file selects, re-enabling a rule it switched off.
    let o = qalint(
        dir.path(),
        &["--format", "concise", "--extend-select", "QA005"],
    );
    assert_eq!(codes(&stdout(&o)), ["QA004", "QA003", "QA002", "QA005"]);
    // --extend-ignore adds to the file's ignore.
    let o = qalint(
        dir.path(),
        &["--format", "concise", "--extend-ignore", "QA002,QA003"],
    );
    assert_eq!(codes(&stdout(&o)), ["QA004"]);
}

#[test]
fn prefixes_and_all_select_groups() {
    let dir = site_with("");
    let o = qalint(
        dir.path(),
        &[
            "--format", "concise", "--select", "QA00", "--ignore", "QA007",
        ],
    );
    assert_eq!(codes(&stdout(&o)), ["QA004", "QA003", "QA002", "QA005"]);
    let o = qalint(
        dir.path(),
        &[
            "--format",
            "concise",
            "--select",
            "ALL",
            "--extend-ignore",
            "QA00",
        ],
    );
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn an_unknown_rule_on_the_command_line_is_a_usage_error() {
    let dir = site_with("");
    for flag in ["--select", "--ignore", "--extend-select", "--extend-ignore"] {
        let o = qalint(dir.path(), &[flag, "unlabeled-code-fenc"]);
        assert_eq!(o.status.code(), Some(2), "{flag}");
        assert_eq!(
            stderr(&o),
            "qalint: error: unknown rule `unlabeled-code-fenc` — did you mean `unlabeled-code-fence`? (see --list-rules)\n",
            "{flag}"
        );
    }
}

#[test]
fn a_nested_file_refines_the_settings_above_it_key_by_key() {
    let dir = site_with("[rules]\nunlabeled-code-fence = \"warning\"\nQA005 = \"off\"\n");
    let p = |rel: &str| dir.path().join(rel);
    std::fs::create_dir_all(p("content/go/basics")).expect("mkdir");
    let intro = std::fs::read_to_string(common::fixtures().join("site/content/go/basics/intro.md"))
        .expect("read");
    std::fs::write(p("content/go/basics/intro.md"), intro).expect("write");
    // Below content/javascript: QA003 off too; QA007 stays a warning (from the root file).
    std::fs::write(
        p("content/javascript/qalint.toml"),
        "[rules]\nQA003 = \"off\"\n",
    )
    .expect("write");
    let o = qalint(dir.path(), &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let got: Vec<String> = v
        .as_array()
        .expect("array")
        .iter()
        .map(|f| {
            format!(
                "{} {} {}",
                f["file"].as_str().unwrap_or(""),
                f["code"].as_str().unwrap_or(""),
                f["severity"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "content/go/basics/intro.md QA000 error",
            "content/go/basics/intro.md QA006 error",
            "content/go/basics/intro.md QA007 warning",
            "content/go/basics/intro.md QA007 warning",
            "content/javascript/async/callbacks.md QA004 error",
            "content/javascript/async/callbacks.md QA007 warning",
            "content/javascript/async/callbacks.md QA007 warning",
            "content/javascript/async/callbacks.md QA002 error",
        ]
    );
    // The nested file's own ignore list replaces the one above it for its files.
    std::fs::write(
        p("content/javascript/qalint.toml"),
        "ignore = [\"QA007\"]\n",
    )
    .expect("write");
    let o = qalint(dir.path(), &["--format", "concise", "content/javascript"]);
    assert_eq!(codes(&stdout(&o)), ["QA004", "QA003", "QA002"]);
}

#[test]
fn running_from_a_nested_folder_keeps_the_whole_project() {
    // A related link from javascript to python stays valid when run from content/javascript,
    // with or without a nested qalint.toml there.
    let dir = site_with("");
    let p = |rel: &str| dir.path().join(rel);
    let asyncio = std::fs::read_to_string(
        common::fixtures().join("site/content/python/concurrency/asyncio.md"),
    )
    .expect("read");
    std::fs::create_dir_all(p("content/python/concurrency")).expect("mkdir");
    std::fs::write(p("content/python/concurrency/asyncio.md"), asyncio).expect("write");
    let promises = p("content/javascript/async/promises.md");
    let text = std::fs::read_to_string(&promises).expect("read");
    let linked = text.replacen(
        "questions:",
        "related:\n  - /python/concurrency/asyncio\nquestions:",
        1,
    );
    std::fs::write(&promises, linked).expect("write");
    let nested = p("content/javascript");
    let o = qalint(&nested, &["--init"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stderr(&o).starts_with("Wrote qalint.toml: a nested configuration, refining "),
        "{}",
        stderr(&o)
    );
    let o = qalint(&nested, &["--format", "concise", "--select", "QA004"]);
    assert_eq!(
        stdout(&o),
        "async/callbacks.md:15:5: QA004 [broken-sibling-path] /javascript/async/callback-hell is not the path of any page\n"
    );
    // --init never overwrites.
    let o = qalint(&nested, &["--init"]);
    assert_eq!(o.status.code(), Some(2));
    // `root = true` makes the folder a project of its own: the link leaves it.
    std::fs::write(nested.join("qalint.toml"), "root = true\n").expect("write");
    let o = qalint(&nested, &["--format", "concise", "--select", "QA004"]);
    assert!(
        stdout(&o).contains("/python/concurrency/asyncio is not the path of any page"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_bad_nested_file_is_a_usage_error() {
    let dir = site_with("");
    std::fs::write(
        dir.path().join("content/javascript/qalint.toml"),
        "selct = []\n",
    )
    .expect("write");
    let o = qalint(dir.path(), &["--format", "concise"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "content/javascript/qalint.toml:1:1: unknown key `selct` — did you mean `select`?"
        ),
        "{}",
        stderr(&o)
    );
}
