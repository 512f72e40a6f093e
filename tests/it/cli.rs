//! The command line as a user meets it: output formats, summary, exit codes.

use crate::common;

use common::{fixtures, qalint, stderr, stdout, write_files};

#[test]
fn concise_output_on_the_fixture_site() {
    let o = qalint(&fixtures().join("site"), &["--format", "concise"]);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!("concise_site", stdout(&o));
    assert_eq!(
        stderr(&o).trim(),
        "Found 17 problems in 7 files (3 fixable with --fix, 6 more with --unsafe-fixes)."
    );
    // The README says the fixture site shows one finding of each kind: every rule a Q&A site
    // can break (undeclared-key needs a collection schema of the site's own: its fixtures).
    let out = stdout(&o);
    for rule in qalint_workspace::rules::ALL {
        let code = rule.meta().code();
        if code == qalint_workspace::rules::undeclared_key::META.code() {
            continue;
        }
        assert!(out.contains(&format!(": {code} [")), "no {code} finding");
    }
}

#[test]
fn json_output_has_the_documented_shape() {
    let o = qalint(
        &fixtures().join("site"),
        &[
            "--format",
            "json",
            "content/javascript",
            "content/go/basics/intro.md",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON output");
    assert!(v.as_array().is_some_and(|a| a.len() == 10));
    // The keys come in the documented order.
    let out = stdout(&o);
    let first = &out[..out.find('}').expect("an object")];
    let at: Vec<usize> = [
        "code",
        "rule",
        "severity",
        "message",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "fix",
    ]
    .iter()
    .map(|k| first.find(&format!("\"{k}\":")).expect("key present"))
    .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{first}");
    insta::assert_snapshot!("json_site", stdout(&o));
    assert!(
        stderr(&o).is_empty(),
        "no summary with JSON: {}",
        stderr(&o)
    );
}

#[test]
fn pretty_output_underlines_the_exact_span() {
    let o = qalint(
        &fixtures().join("site"),
        &["content/javascript/async/callbacks.md"],
    );
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        !out.contains('\u{1b}'),
        "NO_COLOR output has no escape codes"
    );
    insta::assert_snapshot!("pretty_callbacks", out);
}

#[test]
fn clean_files_exit_zero_with_a_summary() {
    let site = fixtures().join("site");
    let o = qalint(&site, &["content/python"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(stdout(&o), "");
    assert_eq!(stderr(&o).trim(), "All checks passed (4 files checked).");
}

#[test]
fn usage_errors_exit_two() {
    let site = fixtures().join("site");
    for (args, first_line) in [
        (&["--no-such-flag"][..], "error: unexpected argument '--no-such-flag' found"),
        (&["does/not/exist.md"], "qalint: error: does/not/exist.md: no such file or directory"),
        (&["--select", "QA999"], "qalint: error: unknown rule `QA999` (see --list-rules)"),
        (&["--explain", "order-gab"], "qalint: error: unknown rule `order-gab` — did you mean `order-gap`? (see --list-rules)"),
        (&["--format", "xml"], "error: invalid value 'xml' for '--format <FORMAT>'"),
        (&["--schema", "missing.json"], "qalint: error: schema: cannot read missing.json: no such file or directory"),
    ] {
        let o = qalint(&site, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert_eq!(stderr(&o).lines().next(), Some(first_line), "{args:?}");
        assert!(stdout(&o).is_empty(), "{args:?}: nothing on standard output");
    }
}

/// The rule code of each line of concise output.
fn codes(out: &str) -> Vec<String> {
    out.lines()
        .map(|l| l.split(' ').nth(1).unwrap_or("").to_string())
        .collect()
}

#[test]
fn select_and_ignore_choose_rules() {
    let site = fixtures().join("site");
    let o = qalint(
        &site,
        &[
            "--format",
            "concise",
            "--select",
            "QA007,order-gap",
            "content/javascript",
        ],
    );
    assert_eq!(codes(&stdout(&o)), ["QA007", "QA007", "QA005"]);
    let o = qalint(
        &site,
        &[
            "--format",
            "concise",
            "--ignore",
            "QA007,QA005,QA004,QA003,QA002",
            "content/javascript",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(
        stdout(&o),
        "",
        "every finding of the topic was of an ignored rule"
    );
    assert_eq!(stderr(&o), "All checks passed (3 files checked).\n");
    let o = qalint(
        &site,
        &[
            "--format",
            "concise",
            "--ignore",
            "QA007,QA005,QA004",
            "content/javascript",
        ],
    );
    assert_eq!(codes(&stdout(&o)), ["QA003", "QA002"]);
}

#[test]
fn explain_list_and_print_schema() {
    let site = fixtures().join("site");
    let o = qalint(&site, &["--explain", "QA005"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).starts_with("# order-gap (QA005)"));
    let o = qalint(&site, &["--explain", "unlabeled-code-fence"]);
    assert!(stdout(&o).starts_with("# unlabeled-code-fence (QA007)"));
    let o = qalint(&site, &["--list-rules"]);
    assert_eq!(
        stdout(&o).lines().count(),
        qalint_workspace::rules::ALL.len()
    );
    assert!(stdout(&o).contains("QA003  bad-difficulty"));
    let o = qalint(&site, &["--print-schema"]);
    let schema: serde_json::Value = serde_json::from_slice(&o.stdout).expect("schema is JSON");
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
}

#[test]
fn another_schema_can_be_given() {
    let dir = tempfile::tempdir().expect("temp dir");
    let schema = dir.path().join("loose.json");
    std::fs::write(&schema, r#"{"type": "object", "required": ["mascot"]}"#).expect("write");
    let site = fixtures().join("site");
    let o = qalint(
        &site,
        &[
            "--format",
            "concise",
            "--schema",
            schema.to_str().expect("utf-8"),
            "content/python/concurrency/gil.md",
        ],
    );
    assert_eq!(
        stdout(&o),
        "content/python/concurrency/gil.md:2:1: QA001 [schema] missing required key \"mascot\"\n"
    );
}

#[test]
fn stdin_is_linted_as_the_named_file_with_the_project_index() {
    use std::io::Write;
    let site = fixtures().join("site");
    let disk =
        std::fs::read_to_string(site.join("content/javascript/async/callbacks.md")).expect("read");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_qalint"))
        .env("QALINT_NO_CACHE", "1")
        .args([
            "--stdin-filename",
            "content/javascript/async/callbacks.md",
            "--format",
            "concise",
            "--select",
            "QA005",
            "-",
        ])
        .current_dir(&site)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let edited = disk.replace("order: 2", "order: 3");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(edited.as_bytes())
        .expect("write");
    let o = child.wait_with_output().expect("wait");
    assert_eq!(o.status.code(), Some(1));
    // The buffer's order 3, not the file's order 2, against the other pages on disk.
    assert_eq!(
        stdout(&o),
        "content/javascript/async/callbacks.md:10:8: QA005 [order-gap] [*] order 3 leaves a gap in javascript/async (orders 1, 3, 4): expected 2\n"
    );
}

#[test]
fn pretty_payload_findings_show_a_window_of_the_line() {
    let o = qalint(&fixtures().join("payloads"), &["bad"]);
    let out = stdout(&o);
    let longest = out.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest <= 200, "a line of {longest} characters");
    insta::assert_snapshot!("pretty_payload", out);
}

#[test]
fn check_and_rule_subcommands() {
    let site = fixtures().join("site");
    let plain = qalint(&site, &["--format", "concise", "content/go"]);
    let check = qalint(&site, &["check", "--format", "concise", "content/go"]);
    assert_eq!(stdout(&check), stdout(&plain));
    assert_eq!(check.status.code(), Some(1));
    let rule = qalint(&site, &["rule", "order-gap"]);
    assert_eq!(
        stdout(&rule),
        stdout(&qalint(&site, &["--explain", "QA005"]))
    );
    assert!(stdout(&rule).starts_with("# order-gap (QA005)"));
}

/// A folder named like a command is checked with `qalint check NAME` or `qalint ./NAME`;
/// `qalint NAME` is the command. The help lists the commands (clap's, not written by hand).
#[test]
fn a_folder_named_like_a_command_is_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let page = std::fs::read_to_string(fixtures().join("site/content/go/basics/intro.md"))
        .expect("fixture page");
    for name in ["server", "rule", "completions", "nuxt-collections", "check"] {
        write_files(
            dir.path(),
            &[(&format!("{name}/go/basics/intro.md"), &page)],
        );
        for form in [vec![name], vec!["--", name]] {
            let mut args = vec!["check", "--format", "concise"];
            args.extend(&form);
            let o = qalint(dir.path(), &args);
            assert_eq!(o.status.code(), Some(1), "{form:?}: {}", stderr(&o));
            let first = format!("{name}/go/basics/intro.md:1:1: QA000 [invalid-syntax]");
            assert!(stdout(&o).starts_with(&first), "{form:?}: {}", stdout(&o));
        }
        let dotted = format!("./{name}");
        let o = qalint(dir.path(), &[&dotted, "--format", "concise"]);
        assert_eq!(o.status.code(), Some(1), "{dotted}: {}", stderr(&o));
    }
    let help = stdout(&qalint(dir.path(), &["--help"]));
    assert!(
        help.contains("Usage: qalint [OPTIONS] [PATHS]...\n       qalint <COMMAND>"),
        "{help}"
    );
    for command in ["check", "rule", "server", "completions", "nuxt-collections"] {
        assert!(
            help.contains(&format!("\n  {command} ")),
            "{command}: {help}"
        );
    }
}
