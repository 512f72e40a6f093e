//! Where authors meet qalint: GitHub annotations (compared with what the real `@actions/core`
//! prints, see fixtures/github/annotate.mjs) and SARIF (validated against the SARIF 2.1.0
//! schema, tests/sarif/).

use crate::common;

use common::{fixtures, qalint, stdout};
use qalint_workspace::finding::Severity;
use qalint_workspace::report::github::Annotation;

#[test]
fn github_annotations_match_actions_core() {
    let dir = fixtures().join("github");
    // The values @actions/core was given are qalint's own JSON output for this folder.
    let json = qalint(&dir, &["--format", "json"]);
    let given = std::fs::read_to_string(dir.join("findings.json")).expect("findings.json");
    assert_eq!(
        stdout(&json),
        given,
        "regenerate fixtures/github (npm ci && node annotate.mjs)"
    );
    let o = qalint(&dir, &["--format", "github"]);
    assert_eq!(o.status.code(), Some(1));
    let expected = std::fs::read_to_string(dir.join("expected-findings.txt")).expect("expected");
    assert_eq!(stdout(&o), expected);
    assert!(expected.contains("file=content/go/a%2Cb/100%25/odd%3Aname.md"));
}

#[test]
fn escaping_matches_actions_core_on_hard_cases() {
    let dir = fixtures().join("github");
    let cases: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("cases.json")).expect("cases"))
            .expect("JSON");
    let mut ours = String::new();
    for c in &cases {
        let s = |k: &str| c[k].as_str().expect("a string");
        let n = |k: &str| c[k].as_u64().expect("a number") as usize;
        let a = Annotation {
            severity: if s("severity") == "warning" {
                Severity::Warning
            } else {
                Severity::Error
            },
            title: s("title"),
            file: s("file"),
            line: n("line"),
            end_line: n("end_line"),
            column: n("column"),
            end_column: n("end_column"),
            message: s("message"),
        };
        ours.push_str(&a.command());
        ours.push('\n');
    }
    let expected = std::fs::read_to_string(dir.join("expected-cases.txt")).expect("expected");
    assert_eq!(ours, expected);
}

#[test]
fn github_is_the_default_inside_github_actions() {
    let dir = fixtures().join("github");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_qalint"))
        .env("QALINT_NO_CACHE", "1")
        .current_dir(&dir)
        .env("GITHUB_ACTIONS", "true")
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("::error title=QA003 (bad-difficulty),"));
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let schema_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/sarif/sarif-schema-2.1.0.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).expect("schema")).expect("JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let o = qalint(&fixtures().join("site"), &["--format", "sarif"]);
    assert_eq!(o.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&o.stdout).expect("SARIF is JSON");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let run = &log["runs"][0];
    assert_eq!(
        run["tool"]["driver"]["rules"].as_array().map(Vec::len),
        Some(qalint_workspace::rules::ALL.len())
    );
    assert!(run["tool"]["driver"]["rules"][7]["help"]["markdown"]
        .as_str()
        .is_some_and(|h| h.starts_with("# unlabeled-code-fence")));
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 17);
    let fence = results
        .iter()
        .find(|r| {
            r["ruleId"] == "QA007"
                && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    == "content/go/basics/intro.md"
        })
        .expect("the CRLF page's fence");
    assert_eq!(
        fence["locations"][0]["physicalLocation"]["region"],
        serde_json::json!({"startLine": 19, "startColumn": 7, "endLine": 19, "endColumn": 10})
    );
    assert_eq!(
        fence["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
        "go"
    );
}
