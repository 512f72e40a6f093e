//! The invariants the fuzz targets (`fuzz/`) check, kept in the library so the normal test
//! run replays the committed fuzz inputs against exactly the same checks
//! (`tests/fuzz_regressions.rs`). Each function panics when an invariant breaks.

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::engine::Engine;
use crate::finding::Finding;
use crate::fix;
use crate::load::text_map::{OffsetMap, ScalarStyle};
use crate::load::{self, FileKind, Page};
use crate::schema::PageSchema;
use crate::settings::Settings;
use crate::source::SourceFile;

fn text(data: &[u8]) -> Option<String> {
    String::from_utf8(data.to_vec()).ok()
}

/// One engine for every input: the schema is compiled once, as in a real run.
fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine {
        schema: PageSchema::embedded().expect("the embedded schema compiles"),
        settings: Settings::default(),
        config: Default::default(),
        root: PathBuf::from("/fuzz"),
        keep_digests: false,
        cache: None,
    })
}

/// Every located range lies in the text; every position inside a string maps into its scalar,
/// and in a literal block scalar onto the very character.
fn check_locator(src: &SourceFile, page: &Page) {
    let len = src.text.len();
    for (pointer, node) in page.locator.iter() {
        assert!(
            node.value.start <= node.value.end && node.value.end <= len,
            "{pointer}: {:?}",
            node.value
        );
        if let Some(k) = &node.key {
            assert!(k.start <= k.end && k.end <= len, "{pointer}: key {k:?}");
        }
        let (Some(style), Some(value)) = (
            node.style,
            page.value.pointer(pointer).and_then(|v| v.as_str()),
        ) else {
            continue;
        };
        let map = OffsetMap::new(&src.text, node.value.clone(), style, value);
        for (d, c) in value.char_indices().take(256) {
            let f = map.to_file(d);
            assert!(f <= len, "{pointer}: decoded {d} mapped past the end ({f})");
            let _ = src.position(f);
            // Inside the aligned prefix, a literal block maps each character onto itself.
            if style == ScalarStyle::Literal && d < map.aligned() && c != '\n' && c != '\r' {
                let around = src.text.get(f..(f + 8).min(len)).unwrap_or("");
                assert!(
                    src.text[f..].starts_with(c),
                    "{pointer}: {c:?} at decoded {d} mapped to {around:?}"
                );
            }
        }
    }
}

/// Loading frontmatter (and positions inside its strings) never panics and stays in bounds.
pub fn frontmatter(data: &[u8]) {
    let Some(text) = text(data) else { return };
    let src = SourceFile::new("content/fuzz/page/x.md", text);
    match load::frontmatter::load_markdown(&src) {
        Ok(Some(page)) => check_locator(&src, &page),
        Ok(None) => {}
        Err(e) => assert!(e.range.end <= src.text.len(), "error range {:?}", e.range),
    }
}

/// Decoding devalue never panics, never loops, and stays in bounds.
pub fn devalue(data: &[u8]) {
    let Some(text) = text(data) else { return };
    let src = SourceFile::new("fuzz/_payload.json", text);
    match load::payload::load_payload(&src) {
        Ok(pages) => pages.iter().for_each(|p| check_locator(&src, p)),
        Err(e) => assert!(e.range.end <= src.text.len(), "error range {:?}", e.range),
    }
}

fn check_findings(src: &SourceFile, findings: &[Finding]) {
    for f in findings {
        let r = &f.location.range;
        assert!(
            r.start <= r.end && r.end <= src.text.len(),
            "{}: {r:?}",
            f.rule.code
        );
        assert_eq!(
            src.location(r.clone()),
            f.location,
            "{}: position of {r:?}",
            f.rule.code
        );
    }
}

/// The whole check of one file, as Markdown and as a payload: no panic, findings in bounds.
pub fn check_page(data: &[u8]) {
    let Some(text) = text(data) else { return };
    let engine = engine();
    for (name, kind) in [
        ("content/fuzz/page/x.md", FileKind::Markdown),
        ("fuzz/_payload.json", FileKind::Payload),
    ] {
        let src = SourceFile::new(name, text.clone());
        let result = engine.check_source(SourceFile::new(name, text.clone()), kind, true);
        check_findings(&src, &result.findings);
    }
}

/// Applying every fix (safe and unsafe) keeps every byte outside the edits, and a page that
/// parsed still parses, with as many pages.
pub fn fix(data: &[u8]) {
    let Some(text) = text(data) else { return };
    let name = "content/fuzz/page/x.md";
    let engine = engine();
    let Ok(pages) = load::load_pages(FileKind::Markdown, &SourceFile::new(name, text.clone()))
    else {
        return;
    };
    let result = engine.check_source(
        SourceFile::new(name, text.clone()),
        FileKind::Markdown,
        true,
    );
    let fixes: Vec<&crate::finding::Fix> = result
        .findings
        .iter()
        .filter_map(|f| f.fix.as_deref())
        .collect();
    let (fixed, _, edits) = fix::apply_detailed(&text, &fixes);
    // Every byte outside the edits, in order.
    let mut at_original = 0;
    let mut at_fixed = 0;
    for e in &edits {
        let kept = &text[at_original..e.range.start];
        assert_eq!(
            &fixed[at_fixed..at_fixed + kept.len()],
            kept,
            "text before {:?} changed",
            e.range
        );
        at_fixed += kept.len() + e.content.len();
        at_original = e.range.end;
    }
    assert_eq!(
        &fixed[at_fixed..],
        &text[at_original..],
        "text after the last edit changed"
    );
    let after = load::load_pages(FileKind::Markdown, &SourceFile::new(name, fixed.clone()));
    match after {
        Ok(p) => assert_eq!(
            p.len(),
            pages.len(),
            "fixing changed the number of pages:\n{fixed}"
        ),
        Err(e) => panic!("the fixed text no longer parses ({}):\n{fixed}", e.message),
    }
}
