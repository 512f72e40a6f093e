//! `[[collection]]` tables: Q&A pages get every rule; landing pages their own schema; files of
//! no collection are no pages; a page of any collection is a link target.

mod common;

use common::{fixtures, qalint, stdout, write_files};

const LANDING_SCHEMA: &str = r#"{
  "type": "object",
  "required": ["title"],
  "properties": { "title": { "type": "string", "minLength": 1 } }
}"#;

const CONFIG: &str = r#"
[[collection]]
name = "landing"
include = ["content/index.md", "content/*/index.md"]
schema = "landing.schema.json"

[[collection]]
name = "drafts"
include = ["content/drafts/**"]
schema = "none"

[[collection]]
name = "qa"
include = ["content/**/*.md"]
"#;

/// A Q&A site (the fixture's Rust topic, clean) with landing pages beside it.
fn site(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    common::copy_tree(
        &fixtures().join("nuxt-site/content/1.rust"),
        &dir.path().join("content/1.rust"),
    );
    let cafe = dir
        .path()
        .join("content/1.rust/2.Basics Part/Q & A Café.md");
    let text = std::fs::read_to_string(&cafe).expect("read");
    // Link the landing pages: they are pages for QA004.
    let text = text.replace("  - /rust/basics-part/3.Intro File\n", "  - /rust\n  - /\n");
    std::fs::write(&cafe, text).expect("write");
    write_files(
        dir.path(),
        &[
            ("qalint.toml", config),
            ("landing.schema.json", LANDING_SCHEMA),
            ("content/index.md", "---\ntitle: Home\nhero: Learn\n---\n"),
            ("content/1.rust/index.md", "---\ntitle: ''\n---\n"),
            ("content/drafts/wip.md", "---\nanything: goes\n---\n"),
            ("notes/todo.md", "---\nnot: a page\n---\n"),
        ],
    );
    dir
}

#[test]
fn each_collection_is_checked_by_its_own_schema() {
    let site = site(CONFIG);
    let out = qalint(site.path(), &["--format", "concise"]);
    // `/rust` and `/` (landing pages) resolve; `/python/...` is no page of this site.
    assert_eq!(
        stdout(&out),
        "content/1.rust/2.Basics Part/3.Intro File.md:15:5: QA004 [broken-sibling-path] /python/concurrency/asyncio is not the path of any page\n\
         content/1.rust/index.md:2:8: QA001 [schema] title: must not be empty\n",
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn without_collections_every_page_is_a_qa_page() {
    let site = site("");
    let out = qalint(site.path(), &["--format", "concise"]);
    let text = stdout(&out);
    assert!(
        text.contains("content/index.md:3:1: QA001 [schema] unknown key \"hero\""),
        "{text}"
    );
    assert!(text.contains("notes/todo.md"), "{text}");
}
