//! `[[collection]]` tables: Q&A pages get every rule; landing pages their own schema; files of
//! no collection are no pages; a page of any collection is a link target.

use crate::common;

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

/// A length, range, pattern or format failure names the bound or format the schema gives
/// (`topic: G` against `.min(2)` said "must not be empty").
#[test]
fn schema_messages_name_the_bound_or_format() {
    let schema = r#"{"$schema":"http://json-schema.org/draft-07/schema#","type":"object","properties":{
        "topic":{"type":"string","minLength":2},"slug":{"type":"string","maxLength":3},
        "tags":{"type":"array","maxItems":1},"order":{"type":"number","maximum":5},
        "weight":{"type":"number","exclusiveMinimum":0},"mail":{"type":"string","format":"email"},
        "kind":{"const":"qa"},"questions":{"type":"array"}}}"#;
    let page = "---\ntopic: G\nslug: abcd\ntags: [a, b]\norder: 9\nweight: 0\nmail: nope\nkind: blog\nquestions: []\n---\n";
    let dir = common::project(&[("s.json", schema), ("content/a/b/p.md", page)]);
    std::fs::write(
        dir.path().join("qalint.toml"),
        "root = true\nschema = \"s.json\"\n",
    )
    .expect("config");
    let o = common::qalint(dir.path(), &["--format", "concise", "--select", "QA001"]);
    assert_eq!(
        common::stdout(&o),
        "content/a/b/p.md:2:8: QA001 [schema] topic: \"G\" is shorter than 2 characters\n\
         content/a/b/p.md:3:7: QA001 [schema] slug: \"abcd\" is longer than 3 characters\n\
         content/a/b/p.md:4:7: QA001 [schema] tags: must have at most 1 item\n\
         content/a/b/p.md:5:8: QA001 [schema] order: must be at most 5, found 9\n\
         content/a/b/p.md:6:9: QA001 [schema] weight: must be greater than 0, found 0\n\
         content/a/b/p.md:7:7: QA001 [schema] mail: \"nope\" is not a valid email\n\
         content/a/b/p.md:8:7: QA001 [schema] kind: must be \"qa\", found \"blog\"\n"
    );
}

/// Two collections (two locales) with the same framework and topic slugs: a topic is the
/// pages of one collection, as the site queries them, so neither sees a tie or a gap from the
/// other, and `--fix` renumbers one locale only.
#[test]
fn a_topic_is_the_pages_of_one_collection() {
    let page = |order: u32| {
        std::fs::read_to_string(fixtures().join("site/content/python/concurrency/asyncio.md"))
            .expect("read")
            .replace("order: 3", &format!("order: {order}"))
    };
    let config =
        "root = true\n\n[[collection]]\nname = \"qa_en\"\ninclude = [\"content/en/**/*.md\"]\n\n\
                  [[collection]]\nname = \"qa_fr\"\ninclude = [\"content/fr/**/*.md\"]\n";
    let dir = common::project(&[
        ("content/en/python/concurrency/a.md", &page(1)),
        ("content/en/python/concurrency/b.md", &page(2)),
        ("content/fr/python/concurrency/a.md", &page(1)),
        ("content/fr/python/concurrency/b.md", &page(3)),
    ]);
    std::fs::write(dir.path().join("qalint.toml"), config).expect("config");
    let o = qalint(dir.path(), &["--format", "concise", "--select", "QA005"]);
    assert_eq!(
        stdout(&o),
        "content/fr/python/concurrency/b.md:10:8: QA005 [order-gap] [*] order 3 leaves a gap in python/concurrency (orders 1, 3): expected 2\n"
    );
    let fix = qalint(dir.path(), &["--fix", "--select", "QA005"]);
    assert_eq!(fix.status.code(), Some(0), "{}", common::stderr(&fix));
    let order_of = |p: &str| {
        std::fs::read_to_string(dir.path().join(p))
            .expect("page")
            .lines()
            .find(|l| l.starts_with("order: "))
            .map(String::from)
    };
    assert_eq!(
        order_of("content/fr/python/concurrency/b.md").as_deref(),
        Some("order: 2")
    );
    assert_eq!(
        order_of("content/en/python/concurrency/b.md").as_deref(),
        Some("order: 2")
    );
}
