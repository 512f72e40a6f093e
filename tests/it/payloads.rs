//! `_payload.json` files made by the real devalue (fixtures/payloads/generate.mjs).

use crate::common;

use std::path::PathBuf;

use common::{brief, fixtures, lint};
use qalint_workspace::load::{load_pages, FileKind};
use qalint_workspace::source::SourceFile;

fn load(
    path: &PathBuf,
) -> Result<Vec<qalint_workspace::load::Page>, qalint_workspace::load::LoadError> {
    let text = std::fs::read_to_string(path).expect("fixture");
    load_pages(FileKind::Payload, &SourceFile::new(path, text))
}

#[test]
fn decoded_pages_equal_what_devalue_parses() {
    let root = fixtures().join("payloads");
    let mut checked = 0;
    for entry in ignore::Walk::new(&root).flatten() {
        let expected_path = entry.path().to_path_buf();
        if expected_path
            .file_name()
            .is_none_or(|n| n != "expected.json")
        {
            continue;
        }
        let expected: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&expected_path).expect("read"))
                .expect("JSON");
        let pages = load(&expected_path.with_file_name("_payload.json")).expect("loads");
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].value, expected, "{}", expected_path.display());
        checked += 1;
    }
    assert_eq!(checked, 5);
}

#[test]
fn typed_values_decode_as_documented() {
    let pages = load(&fixtures().join("payloads/types/go/types/all/_payload.json")).expect("loads");
    let meta = &pages[0].value["meta"];
    assert_eq!(meta["date"], "2026-06-18", "a Date is its calendar day");
    assert_eq!(meta["set"], serde_json::json!(["a", "b"]));
    assert_eq!(meta["map"], serde_json::json!([["k", 1]]));
    assert_eq!(meta["regexp"], "/a+b/gi");
    assert_eq!(meta["nullProto"], serde_json::json!({"k": "v"}));
    assert_eq!(meta["holes"], serde_json::json!([1, null, 3]));
    assert!(meta.get("undef").is_none());
    assert_eq!(
        pages[0].value["navigation"], true,
        "Ref wrapper is seen through"
    );
}

#[test]
fn a_cycle_is_a_finding_not_a_hang() {
    let err =
        load(&fixtures().join("payloads/cycle/go/cycle/self/_payload.json")).expect_err("a cycle");
    assert!(err.message.contains("reference cycle"), "{}", err.message);
}

#[test]
fn a_payload_that_is_not_a_qa_page_is_passed_over() {
    assert!(
        load(&fixtures().join("payloads/not-qa/blog/post/_payload.json"))
            .expect("loads")
            .is_empty()
    );
}

#[test]
fn payload_findings_point_into_the_json_strings() {
    let root = fixtures().join("payloads");
    let file = root.join("bad/go/memory/gc/_payload.json");
    let text = std::fs::read_to_string(&file).expect("read");
    let findings = lint(&root, std::slice::from_ref(&file));
    // The bare fence of the first answer: the ``` after the escaped blank line.
    let fence = text.find("\\n\\n```\\nx := 1").expect("fence in fixture") + 4;
    let src = SourceFile::new(&file, text.clone());
    let at = src.position(fence);
    let qa007 = findings
        .iter()
        .find(|f| f.rule.code == "QA007")
        .expect("QA007");
    assert_eq!(
        (qa007.location.start, qa007.location.end.column),
        (at, at.column + 3)
    );
    let hard = text.find("\"Hard\"").expect("Hard") + 1;
    let qa003 = findings
        .iter()
        .find(|f| f.rule.code == "QA003")
        .expect("QA003");
    assert_eq!(qa003.location.start, src.position(hard));
    let mut codes: Vec<&str> = findings.iter().map(|f| f.rule.code).collect();
    codes.sort();
    // Duplicate id, bad difficulty, two missing siblings, order 4 among siblings 1, 2, 4,
    // a blank seoDescription, the bare fence; no fix is offered on build output.
    assert_eq!(
        codes,
        ["QA002", "QA003", "QA004", "QA004", "QA005", "QA006", "QA007"],
        "{:?}",
        brief(&findings)
    );
    assert!(findings.iter().all(|f| f.fix.is_none()));
}

#[test]
fn clean_payloads_and_the_seed_give_no_finding_but_missing_siblings() {
    let root = fixtures().join("payloads");
    let clean = lint(&root, &[root.join("clean")]);
    assert!(clean.is_empty(), "{:?}", brief(&clean));
    let seed = fixtures().join("seed");
    let findings = lint(&seed, std::slice::from_ref(&seed));
    let messages: Vec<&str> = findings.iter().map(|f| &*f.message).collect();
    assert_eq!(
        messages,
        [
            "/python/concurrency/gil is not the path of any page",
            "/python/concurrency/multiprocessing is not the path of any page",
            "/python/concurrency/concurrent-futures is not the path of any page",
        ]
    );
}

/// A payload saved under another name and named on the command line is still read as a
/// payload (a JSON file is a data item only where a data collection holds it).
#[test]
fn a_payload_under_another_name_is_read_as_one() {
    let original = fixtures().join("payloads/bad/go/memory/gc/_payload.json");
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(&original, dir.path().join("page.json")).expect("copy");
    std::fs::copy(&original, dir.path().join("_payload.json")).expect("copy");
    let run = |name: &str| {
        let o = common::qalint(dir.path(), &["--format", "concise", "--quiet", name]);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", common::stderr(&o));
        common::stdout(&o).replace(name, "FILE")
    };
    let renamed = run("page.json");
    assert!(renamed.contains("QA004 [broken-sibling-path]"), "{renamed}");
    assert_eq!(renamed, run("_payload.json"));
}
