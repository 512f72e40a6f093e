//! Payloads as a real Nuxt build writes them (fixtures/payloads/nuxt, made with the real
//! devalue), and payloads whose references are corrupt.

use crate::common;

use common::{fixtures, lint};
use qalint_workspace::load::{load_pages, FileKind};
use qalint_workspace::source::SourceFile;

/// `(code, line, column, message)` of each finding, and the file's text.
fn findings_of(rel: &str) -> (Vec<qalint_workspace::finding::Finding>, SourceFile) {
    let root = fixtures().join("payloads");
    let file = root.join(rel);
    let text = std::fs::read_to_string(&file).expect("fixture");
    (
        lint(&root, std::slice::from_ref(&file)),
        SourceFile::new(&file, text),
    )
}

#[test]
fn findings_on_keys_point_at_the_key_in_file_order() {
    let (findings, src) = findings_of("nuxt/python/basics/intro/_payload.json");
    // The question's keys are written q, id, answer, difficulty: not alphabetical.
    let answer = src.text.find("\"answer\"").expect("the key");
    let unknown = findings
        .iter()
        .find(|f| f.message.contains("unknown key \"answer\""))
        .expect("the unknown key is reported");
    assert_eq!(unknown.rule.code, "QA001");
    assert_eq!(unknown.location.start, src.position(answer));
}

#[test]
fn a_date_is_a_date() {
    let (findings, _) = findings_of("nuxt/python/basics/scope/_payload.json");
    assert!(
        findings.is_empty(),
        "`updated` written as [\"Date\", iso] gives no finding: {:?}",
        findings.iter().map(|f| &f.message).collect::<Vec<_>>()
    );
}

#[test]
fn a_repeated_id_points_at_the_repeating_questions_id_key() {
    let (findings, src) = findings_of("nuxt/python/basics/intro/_payload.json");
    let dup = findings
        .iter()
        .find(|f| f.rule.code == "QA002")
        .expect("QA002");
    // devalue wrote the string "what" once; the two questions each have an `"id"` key.
    let third = src.text.find("{\"q\":33").expect("third question");
    let first = src.text.find("{\"q\":24").expect("first question");
    let id_key = |from: usize| from + src.text[from..].find("\"id\"").expect("id key");
    assert_eq!(dup.location.start, src.position(id_key(third)));
    let label = &dup.labels[0];
    assert_eq!(label.location.start, src.position(id_key(first)));
    assert_ne!(dup.location.start, label.location.start);
}

/// The seed payload with `from` replaced by `to` (once), loaded.
fn corrupt(from: &str, to: &str) -> (Result<usize, qalint_workspace::load::LoadError>, String) {
    let file = fixtures().join("seed/python/concurrency/asyncio/_payload.json");
    let text = std::fs::read_to_string(&file).expect("seed");
    assert!(text.contains(from), "{from} is in the seed");
    let text = text.replacen(from, to, 1);
    let src = SourceFile::new(&file, text.clone());
    (load_pages(FileKind::Payload, &src).map(|p| p.len()), text)
}

#[test]
fn corrupt_references_on_the_way_to_a_page_are_errors_at_the_reference() {
    let cases = [
        (
            "\"data\":1",
            "\"data\":99999",
            "99999",
            "reference to element 99999",
        ),
        (
            "[\"ShallowReactive\",2]",
            "[\"ShallowReactive\",999999]",
            "999999",
            "reference to element 999999",
        ),
        (
            "{\"page\":4",
            "{\"page\":99999",
            "99999",
            "reference to element 99999",
        ),
        (
            "{\"page\":4",
            "{\"page\":-7",
            "-7",
            "unknown special value -7",
        ),
        ("{\"page\":4", "{\"page\":6.5", "6.5", "not a reference"),
        (
            "\"questions\":",
            "\"questions\":-7,\"x\":",
            "-7",
            "unknown special value -7",
        ),
    ];
    for (from, to, at, message) in cases {
        let (result, text) = corrupt(from, to);
        let err = result.expect_err(to);
        assert!(err.message.contains(message), "{to}: {}", err.message);
        let expected = text.find(to).expect("written") + to.find(at).expect("in to");
        assert_eq!(err.range.start, expected, "{to}: {}", err.message);
    }
}

#[test]
fn a_data_entry_out_of_range_is_an_error() {
    let (result, text) = corrupt("{\"qa-", "{\"qa-x\":99999,\"qa-");
    let err = result.expect_err("entry out of range");
    assert!(
        err.message.contains("reference to element 99999"),
        "{}",
        err.message
    );
    assert_eq!(err.range.start, text.find("99999").expect("written"));
}

#[test]
fn a_scalar_where_a_reference_belongs_is_an_error_not_a_missing_key() {
    let (result, _) = corrupt("\"title\":", "\"title\":6.5,\"t\":");
    let err = result.expect_err("6.5 is not a reference");
    assert!(err.message.contains("not a reference"), "{}", err.message);
}

#[test]
fn a_reference_one_past_the_last_element_is_out_of_range() {
    let (_, text) = corrupt("\"data\":1", "\"data\":1");
    let elements: Vec<serde_json::Value> = serde_json::from_str(&text).expect("a JSON array");
    let n = elements.len();
    let (result, _) = corrupt("\"data\":1", &format!("\"data\":{n}"));
    let err = result.expect_err("one past the end");
    assert!(
        err.message.contains(&format!(
            "reference to element {n}, but the payload has {n} elements"
        )),
        "{}",
        err.message
    );
    // The last element itself is a reference like any other (no error about its range).
    let (result, _) = corrupt("\"data\":1", &format!("\"data\":{}", n - 1));
    if let Err(e) = result {
        assert!(!e.message.contains("reference to element"), "{}", e.message);
    }
}

#[test]
fn an_escaped_object_key_is_read_as_json_reads_it() {
    // `"seo\u0044escription"` is the key `seoDescription`, as JSON.parse reads it.
    let file = fixtures().join("seed/python/concurrency/asyncio/_payload.json");
    let text = std::fs::read_to_string(&file).expect("seed");
    let escaped = text.replacen("\"seoDescription\":", "\"seo\\u0044escription\":", 1);
    assert_ne!(escaped, text);
    let src = SourceFile::new(&file, escaped);
    let pages = load_pages(FileKind::Payload, &src).expect("loads");
    let page = pages.first().expect("a page");
    assert!(
        page.value["seoDescription"].is_string(),
        "{:?}",
        page.value.get("seo\\u0044escription")
    );
}

/// The seed payload with the page's `subtopic` pointing at `extra` elements appended to it
/// (`extra` is given the index of its first element): its text and the pages loaded.
fn subtopic_payload(
    extra: &dyn Fn(usize) -> Vec<serde_json::Value>,
) -> (
    String,
    Result<Vec<qalint_workspace::load::Page>, qalint_workspace::load::LoadError>,
) {
    let file = fixtures().join("seed/python/concurrency/asyncio/_payload.json");
    let text = std::fs::read_to_string(&file).expect("seed");
    let mut elements: Vec<serde_json::Value> = serde_json::from_str(&text).expect("JSON");
    let base = elements.len();
    let page = elements
        .iter_mut()
        .find(|e| e.get("subtopic").is_some())
        .expect("the page");
    page["subtopic"] = base.into();
    elements.extend(extra(base));
    let text = serde_json::to_string(&elements).expect("JSON");
    let src = SourceFile::new(&file, text.clone());
    (text, load_pages(FileKind::Payload, &src))
}

/// The page's `subtopic` decoded from `extra` (see [`subtopic_payload`]).
fn subtopic(extra: &dyn Fn(usize) -> Vec<serde_json::Value>) -> serde_json::Value {
    let (_, pages) = subtopic_payload(extra);
    let pages = pages.expect("loads");
    pages[0].value["subtopic"].clone()
}

#[test]
fn typed_values_decode_as_devalue_wrote_them() {
    // A boxed primitive is its value; a null-prototype object its entries; a custom
    // reducer of one value that value, of more nothing.
    let boxed = |_: usize| vec![serde_json::json!(["Object", "boxed"])];
    assert_eq!(subtopic(&boxed), serde_json::json!("boxed"));
    let bare = |b: usize| {
        vec![
            serde_json::json!(["null", "k", b + 1]),
            serde_json::json!("v"),
        ]
    };
    assert_eq!(subtopic(&bare), serde_json::json!({"k": "v"}));
    let one = |b: usize| vec![serde_json::json!(["Custom", b + 1]), serde_json::json!("x")];
    assert_eq!(subtopic(&one), serde_json::json!("x"));
    let more = |b: usize| {
        vec![
            serde_json::json!(["Custom", b + 1, b + 1]),
            serde_json::json!("x"),
        ]
    };
    assert_eq!(subtopic(&more), serde_json::Value::Null);
}

#[test]
fn a_bad_reference_in_a_null_prototype_object_is_an_error_at_it() {
    let bare = |_: usize| vec![serde_json::json!(["null", "k", 99999])];
    let (text, pages) = subtopic_payload(&bare);
    let err = pages.map(|p| p.len()).expect_err("out of range");
    assert!(
        err.message.contains("reference to element 99999"),
        "{}",
        err.message
    );
    assert_eq!(&text[err.range], "99999");
}

/// How many pages the payload of [`subtopic_payload`] gives, or its error's message.
fn with_subtopic(extra: &dyn Fn(usize) -> Vec<serde_json::Value>) -> Result<usize, String> {
    subtopic_payload(extra)
        .1
        .map(|p| p.len())
        .map_err(|e| e.message)
}

/// A chain of `n` one-element lists, each holding the next, ending in a string.
fn chain(n: usize) -> impl Fn(usize) -> Vec<serde_json::Value> {
    move |base| {
        let mut v: Vec<serde_json::Value> =
            (1..=n).map(|i| serde_json::json!([base + i])).collect();
        v.push("deep".into());
        v
    }
}

/// A chain of `n` one-entry objects, each holding the next, ending in a string.
fn object_chain(n: usize) -> impl Fn(usize) -> Vec<serde_json::Value> {
    move |base| {
        let mut v: Vec<serde_json::Value> = (1..=n)
            .map(|i| serde_json::json!({ "next": base + i }))
            .collect();
        v.push("deep".into());
        v
    }
}

#[test]
fn values_nest_at_most_128_levels() {
    // The page is level 0, its `subtopic` level 1: 127 lists and their string reach 128.
    assert_eq!(with_subtopic(&chain(127)), Ok(1));
    let err = with_subtopic(&chain(128)).expect_err("129 levels");
    assert!(err.contains("values nest deeper than 128 levels"), "{err}");
    // Objects count as lists do, and so do custom reducers (`["Custom", next]`).
    assert_eq!(with_subtopic(&object_chain(127)), Ok(1));
    let err = with_subtopic(&object_chain(128)).expect_err("129 levels");
    assert!(err.contains("values nest deeper than 128 levels"), "{err}");
    let reducers = |n: usize| {
        move |base: usize| {
            let mut v: Vec<serde_json::Value> = (1..=n)
                .map(|i| serde_json::json!(["Custom", base + i]))
                .collect();
            v.push("deep".into());
            v
        }
    };
    assert_eq!(with_subtopic(&reducers(127)), Ok(1));
    let err = with_subtopic(&reducers(128)).expect_err("129 levels");
    assert!(err.contains("values nest deeper than 128 levels"), "{err}");
}

#[test]
fn shared_references_that_expand_past_a_million_values_are_refused() {
    // A list of 1,000 references to one list of 1,000 references: 1,001,001 values.
    let laughs = |base: usize| {
        vec![
            serde_json::json!(vec![base + 1; 1000]),
            serde_json::json!(vec![base + 2; 1000]),
            serde_json::json!("lol"),
        ]
    };
    let err = with_subtopic(&laughs).expect_err("too many values");
    assert!(
        err.contains("shared references expand to more than 1000000 values"),
        "{err}"
    );
    // Well below the limit, the same sharing loads.
    let fewer = |base: usize| {
        vec![
            serde_json::json!(vec![base + 1; 100]),
            serde_json::json!(vec![base + 2; 100]),
            serde_json::json!("lol"),
        ]
    };
    assert_eq!(with_subtopic(&fewer), Ok(1));
}

/// One 1 MB string referenced 100,000 times would be 100 GB decoded: the bytes are bounded
/// too, well before memory runs out.
#[test]
fn shared_references_that_expand_past_128_mb_of_text_are_refused() {
    let bomb = |base: usize| {
        vec![
            serde_json::json!(vec![base + 1; 100_000]),
            serde_json::json!("x".repeat(1 << 20)),
        ]
    };
    let err = with_subtopic(&bomb).expect_err("too much text");
    assert!(
        err.contains("shared references expand to more than 128 MB of text"),
        "{err}"
    );
    // A hundred references to it (100 MB) still load.
    let fewer = |base: usize| {
        vec![
            serde_json::json!(vec![base + 1; 100]),
            serde_json::json!("x".repeat(1 << 20)),
        ]
    };
    assert_eq!(with_subtopic(&fewer), Ok(1));
}

#[test]
fn an_unknown_special_value_inside_a_page_is_an_error_at_it() {
    let (result, text) = corrupt("\"subtopic\":52", "\"subtopic\":-7");
    let err = result.expect_err("-7 is no devalue value");
    assert!(
        err.message
            .contains("unknown special value -7 (devalue uses -1 to -6)"),
        "{}",
        err.message
    );
    assert_eq!(
        err.range.start,
        text.find("\"subtopic\":-7").expect("written") + "\"subtopic\":".len()
    );
}

#[test]
fn element_zero_is_a_reference_like_any_other() {
    // Index 0 is no special value: it is the payload's root, which holds the page itself.
    let (result, _) = corrupt("\"subtopic\":52", "\"subtopic\":0");
    let err = result.expect_err("a cycle");
    assert!(
        err.message.contains("refers back to itself"),
        "{}",
        err.message
    );
}
