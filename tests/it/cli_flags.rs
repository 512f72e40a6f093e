//! The flags users bring from ruff, ESLint and markdownlint: each asserted by what it prints
//! and the exit code.

use crate::common;

use common::{fixtures, project, qalint, qalint_stdin, stderr, stdout};

const GIL: &str = "content/python/concurrency/gil.md";

fn gil() -> String {
    std::fs::read_to_string(fixtures().join("site").join(GIL)).expect("read gil.md")
}

/// gil.md with its one fence unlabeled: a QA007 finding with an unsafe fix.
fn gil_unlabeled() -> String {
    let page = gil();
    assert!(page.contains("```python\n"));
    page.replacen("```python\n", "```\n", 1)
}

#[test]
fn exit_zero_reports_but_passes() {
    let site = fixtures().join("site");
    let o = qalint(&site, &["--exit-zero", "--format", "concise", "content/go"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o).lines().count(), 8);
    // A usage error is still one.
    let o = qalint(&site, &["--exit-zero", "--select", "QA999"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn max_warnings_fails_past_the_limit() {
    let page = gil_unlabeled();
    let dir = project(&[
        (GIL, &page),
        (
            "qalint.toml",
            "root = true\n[rules]\nunlabeled-code-fence = \"warning\"\n",
        ),
    ]);
    let o = qalint(dir.path(), &["--format", "concise"]);
    assert_eq!(o.status.code(), Some(0), "warnings alone pass");
    let o = qalint(dir.path(), &["--format", "concise", "--max-warnings", "1"]);
    assert_eq!(o.status.code(), Some(0));
    let o = qalint(dir.path(), &["--format", "concise", "--max-warnings", "0"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("qalint: 1 warning (at most 0 allowed by --max-warnings)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn output_file_takes_the_findings() {
    let site = fixtures().join("site");
    let out = tempfile::tempdir().expect("temp dir");
    let file = out.path().join("reports/findings.txt");
    let plain = qalint(&site, &["--format", "concise", "content/go"]);
    let o = qalint(
        &site,
        &[
            "--format",
            "concise",
            "--output-file",
            file.to_str().expect("utf-8"),
            "content/go",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "");
    assert_eq!(
        std::fs::read_to_string(&file).expect("the file was written"),
        stdout(&plain)
    );
    // The summary still tells the person at the terminal.
    assert!(stderr(&o).starts_with("Found 8 problems in 2 files"));
}

#[test]
fn statistics_count_findings_by_rule() {
    let site = fixtures().join("site");
    let o = qalint(&site, &["--statistics", "content"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        "4\tQA000\t[*] invalid-syntax\n\
         4\tQA007\t[ ] unlabeled-code-fence\n\
         2\tQA001\t[ ] schema\n\
         2\tQA006\t[ ] missing-seo-description\n\
         1\tQA002\t[ ] duplicate-id\n\
         1\tQA003\t[*] bad-difficulty\n\
         1\tQA004\t[ ] broken-sibling-path\n\
         1\tQA005\t[*] order-gap\n\
         1\tQA100\t[ ] unused-suppression\n"
    );
    // With --unsafe-fixes, the guesses count as fixes.
    let o = qalint(
        &site,
        &[
            "--statistics",
            "--unsafe-fixes",
            "--format",
            "json",
            "content/go",
        ],
    );
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(
        rows,
        serde_json::json!([
            {"code": "QA001", "name": "schema", "count": 2, "fixable": 0},
            {"code": "QA006", "name": "missing-seo-description", "count": 2, "fixable": 2},
            {"code": "QA007", "name": "unlabeled-code-fence", "count": 2, "fixable": 2},
            {"code": "QA000", "name": "invalid-syntax", "count": 1, "fixable": 1},
            {"code": "QA100", "name": "unused-suppression", "count": 1, "fixable": 0},
        ])
    );
}

#[test]
fn quiet_prints_findings_only_and_silent_nothing() {
    let site = fixtures().join("site");
    let o = qalint(&site, &["--quiet", "--format", "concise", "content/go"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o).lines().count(), 8);
    assert_eq!(stderr(&o), "");
    let o = qalint(&site, &["--silent", "content/go"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!((stdout(&o).as_str(), stderr(&o).as_str()), ("", ""));
    let o = qalint(&site, &["--silent", GIL]);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn color_follows_the_flag_then_the_environment() {
    let site = fixtures().join("site");
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut cmd = common::command(&site, args);
        cmd.arg("content/go/basics/typos.md")
            .env_remove("NO_COLOR")
            .env_remove("FORCE_COLOR")
            .env_remove("CLICOLOR_FORCE");
        for (k, v) in env {
            cmd.env(k, v);
        }
        stdout(&common::run_limited(cmd)).contains("\u{1b}[")
    };
    // Not a terminal: no colour unless asked.
    assert!(!run(&[], &[]));
    assert!(run(&["--color", "always"], &[("NO_COLOR", "1")]));
    assert!(!run(&["--color", "never"], &[("FORCE_COLOR", "1")]));
    assert!(run(&[], &[("FORCE_COLOR", "1")]));
    assert!(run(&[], &[("CLICOLOR_FORCE", "1")]));
    assert!(!run(&[], &[("FORCE_COLOR", "0")]));
}

#[test]
fn completions_for_each_shell() {
    let site = fixtures().join("site");
    let o = qalint(&site, &["completions", "bash"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("_qalint()"));
    assert!(stdout(&o).contains("--max-warnings"));
    let o = qalint(&site, &["completions", "zsh"]);
    assert!(stdout(&o).starts_with("#compdef qalint"));
    let o = qalint(&site, &["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("invalid value 'tcsh'"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn list_rules_as_json() {
    let o = qalint(&fixtures(), &["--list-rules", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let codes: Vec<&str> = list
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|r| r["code"].as_str())
        .collect();
    let all: Vec<&str> = qalint_workspace::rules::ALL
        .iter()
        .map(|r| r.meta().code())
        .collect();
    assert_eq!(codes, all);
    assert_eq!(list[5]["name"], "order-gap");
    assert_eq!(list[5]["severity"], "error");
    assert_eq!(list[5]["fix"], "safe and unsafe fixes");
}

#[test]
fn print_schema_prints_the_schema_given() {
    let dir = tempfile::tempdir().expect("temp dir");
    let schema = dir.path().join("loose.json");
    let text = "{\"type\": \"object\", \"required\": [\"mascot\"]}\n";
    std::fs::write(&schema, text).expect("write");
    let o = qalint(
        dir.path(),
        &[
            "--schema",
            schema.to_str().expect("utf-8"),
            "--print-schema",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), text);
}

#[test]
fn a_dash_reads_standard_input() {
    let site = fixtures().join("site");
    let o = qalint_stdin(&site, &["--format", "concise", "-"], &gil_unlabeled());
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        "-:20:7: QA007 [unlabeled-code-fence] code fence has no language\n"
    );
    let o = qalint_stdin(&site, &["-", "content"], &gil());
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn fix_on_standard_input_prints_the_fixed_text() {
    let site = fixtures().join("site");
    let args = ["--stdin-filename", GIL, "--fix", "--unsafe-fixes"];
    let o = qalint_stdin(&site, &args, &gil_unlabeled());
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), gil(), "the framework's language, as on disk");
    assert_eq!(
        stderr(&o),
        "Fixed 1 problem.\nAll checks passed (1 file checked).\n"
    );
    // Without --unsafe-fixes: the text unchanged, the finding on standard error.
    let o = qalint_stdin(
        &site,
        &["--stdin-filename", GIL, "--fix", "--format", "concise"],
        &gil_unlabeled(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), gil_unlabeled());
    assert!(stderr(&o).starts_with(
        "content/python/concurrency/gil.md:20:7: QA007 [unlabeled-code-fence] code fence has no language\n"
    ));
    // Nothing on disk changed.
    assert_eq!(
        std::fs::read_to_string(site.join(GIL)).expect("read"),
        gil()
    );
}

#[test]
fn diff_on_standard_input_and_unsafe_fixes_left_out() {
    let site = fixtures().join("site");
    let o = qalint_stdin(
        &site,
        &["--stdin-filename", GIL, "--diff", "--unsafe-fixes"],
        &gil_unlabeled(),
    );
    assert_eq!(o.status.code(), Some(1));
    let diff = stdout(&o);
    assert!(
        diff.starts_with(&format!("--- a/{GIL}\n+++ b/{GIL}\n")),
        "{diff}"
    );
    assert!(diff.contains("\n-      ```\n+      ```python\n"), "{diff}");
    assert_eq!(stderr(&o), "Would fix 1 problem.\n");
    let o = qalint_stdin(
        &site,
        &["--stdin-filename", GIL, "--diff"],
        &gil_unlabeled(),
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "");
    assert_eq!(
        stderr(&o),
        "Would fix 0 problems (1 more with --unsafe-fixes).\n"
    );
}

#[test]
fn unsafe_fixes_without_fix_show_them_as_available() {
    let site = fixtures().join("site");
    let o = qalint_stdin(&site, &["--stdin-filename", GIL], &gil_unlabeled());
    assert!(stdout(&o).contains("╰── label the fence `python` (unsafe fix: add --unsafe-fixes)"));
    assert!(stderr(&o).contains("(1 fixable with --fix --unsafe-fixes)"));
    let o = qalint_stdin(
        &site,
        &["--stdin-filename", GIL, "--unsafe-fixes"],
        &gil_unlabeled(),
    );
    assert!(stdout(&o).contains("╰── label the fence `python`\n"));
    assert_eq!(
        stderr(&o),
        "Found 1 problem in 1 file (1 fixable with --fix --unsafe-fixes).\n"
    );
    // The summary of a whole tree: the guesses join the fixable ones.
    let o = qalint(&site, &["--unsafe-fixes", "content"]);
    assert_eq!(
        stderr(&o),
        "Found 17 problems in 7 files (9 fixable with --fix --unsafe-fixes).\n"
    );
}

#[test]
fn no_pages_is_said_not_passed() {
    let dir = project(&[
        ("empty/.keep", ""),
        ("notes/README.md", "# Notes\n\nNo frontmatter here.\n"),
        (GIL, &gil()),
        ("content/drafts/wip.md", &gil()),
    ]);
    std::fs::write(
        dir.path().join("qalint.toml"),
        "root = true\nexclude = [\"content/drafts/**\"]\n",
    )
    .expect("write");
    let o = qalint(dir.path(), &["empty"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stderr(&o),
        "qalint: warning: no pages found in empty\nNo pages checked (0 files read).\n"
    );
    let o = qalint(dir.path(), &["notes/README.md"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stderr(&o),
        "qalint: warning: notes/README.md is not a page (no frontmatter opened by `---`): nothing checked\n\
         No pages checked (1 file read).\n"
    );
    let o = qalint(dir.path(), &["content/drafts/wip.md", GIL]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stderr(&o),
        "qalint: warning: content/drafts/wip.md is left out by `include`/`exclude` in qalint.toml: not checked\n\
         All checks passed (1 file checked).\n"
    );
    // A folder with pages says nothing more.
    let o = qalint(dir.path(), &["content"]);
    assert_eq!(stderr(&o), "All checks passed (1 file checked).\n");
}

#[test]
fn payload_findings_name_their_source_page_in_every_format() {
    let site = fixtures().join("nuxt-site");
    let cafe = ".output/public/rust/basics-part/q-and-a-cafe/_payload.json";
    let source = "content/1.rust/2.Basics Part/Q & A Café.md";
    let o = qalint(&site, &["--format", "github", cafe]);
    assert_eq!(
        stdout(&o),
        format!(
            "::error title=QA004 (broken-sibling-path),file={cafe},line=1,endLine=1,col=829,endColumn=876::\
             /rust/basics-part/3.Intro File is not the path of any page (built from {source})\n"
        )
    );
    let o = qalint(&site, &["--format", "json", cafe]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(json[0]["built_from"], source);
    let o = qalint(&site, &["--format", "sarif", cafe]);
    let sarif: serde_json::Value = serde_json::from_slice(&o.stdout).expect("SARIF");
    let related = &sarif["runs"][0]["results"][0]["relatedLocations"][0];
    assert_eq!(
        related["physicalLocation"]["artifactLocation"]["uri"],
        source
    );
    assert_eq!(
        related["message"]["text"],
        "the source page this payload was built from"
    );
    let o = qalint(&site, &[cafe]);
    let text = stdout(&o);
    assert!(text.contains(&format!("╭─[{cafe}:1:829]")), "{text}");
    assert!(
        text.contains(&format!("\n  built from {source}\n")),
        "{text}"
    );
    // A source page's findings name nothing more.
    let o = qalint(&site, &["--format", "concise", source]);
    assert!(!stdout(&o).contains("built from"));
}

#[test]
fn a_long_key_for_a_short_one_is_one_finding() {
    let site = fixtures().join("site");
    let page = gil().replacen("\n    a: ", "\n    answer: ", 1);
    let o = qalint_stdin(
        &site,
        &["--stdin-filename", GIL, "--format", "concise"],
        &page,
    );
    assert_eq!(
        stdout(&o),
        "content/python/concurrency/gil.md:17:5: QA001 [schema] questions[0]: unknown key \"answer\" — did you mean \"a\"? (\"a\" is missing)\n"
    );
}

#[test]
fn a_reader_that_stops_reading_is_no_error() {
    // `qalint | head -1`: the pipe closes before qalint writes; the exit code still counts.
    let mut child = common::command(&fixtures().join("site"), &["--format", "json"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let o = child.wait_with_output().expect("wait");
    assert_eq!(o.status.code(), Some(1));
    assert!(!stderr(&o).contains("error"), "{}", stderr(&o));
}

/// `--hook-files`, as the pre-commit hooks' entries run qalint: committed files named like
/// options (`--config=notes.md` excluding everything, `-oREADME.md`) are linted as files, so
/// the page's problem is found and README.md is not overwritten; the user's own options
/// before them still work.
#[test]
fn hook_file_names_are_never_options() {
    let dir = common::project(&[
        ("notes.md", "exclude = [\"**\"]\n"),
        ("README.md", "# readme\n"),
        ("--config=notes.md", "# a\n"),
        ("-oREADME.md", "# b\n"),
        ("content/python/basics/intro.md", "---\ntitle: x\n---\n"),
    ]);
    let args = [
        "--hook-files",
        "--format",
        "concise",
        "--select",
        "QA006",
        "--config=notes.md",
        "-oREADME.md",
        "content/python/basics/intro.md",
    ];
    let o = common::qalint(dir.path(), &args);
    assert_eq!(o.status.code(), Some(1), "{}", common::stderr(&o));
    assert_eq!(
        common::stdout(&o),
        "content/python/basics/intro.md:2:9: QA006 [missing-seo-description] `seoDescription` is missing\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("README.md")).expect("README"),
        "# readme\n"
    );
    // Without the flag the same names are options (what the hooks' entries no longer do).
    let o = common::qalint(dir.path(), &args[1..]);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
}

/// A repository that commits empty files named like the user's hook options (`args:
/// [--max-warnings, "0", --format, concise]`) does not turn them into paths: pre-commit never
/// passes such names (they do not match the hook's `files`), so they stay options.
#[test]
fn committed_files_named_like_hook_options_stay_options() {
    let dir = common::project(&[
        ("--max-warnings", ""),
        ("0", ""),
        ("--format", ""),
        ("concise", ""),
        (
            "content/python/basics/intro.md",
            "---\ntitle: x\n---\n\n```\nx = 1\n```\n",
        ),
    ]);
    let args = [
        "--hook-files",
        "--max-warnings",
        "0",
        "--format",
        "concise",
        "--select",
        "QA007",
        "content/python/basics/intro.md",
    ];
    let o = common::qalint(dir.path(), &args);
    assert_eq!(o.status.code(), Some(1), "{}", common::stderr(&o));
    assert_eq!(
        common::stdout(&o),
        "content/python/basics/intro.md:5:1: QA007 [unlabeled-code-fence] code fence has no language\n"
    );
}
