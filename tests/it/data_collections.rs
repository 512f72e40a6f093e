//! A data collection's YAML, JSON and CSV files are checked against its schema, as Nuxt
//! Content reads them (a list at the top is one item with the list in `body`; a source that is
//! one CSV file has an item a row), with exact positions; a file of no data collection is said
//! to be none.

use crate::common::{qalint_as_user as qalint, record_collections, stderr, stdout, write_files};
use std::path::Path;

fn schema(properties: serde_json::Value, required: &[&str]) -> serde_json::Value {
    serde_json::json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$ref": "#/definitions/__SCHEMA__",
        "definitions": { "__SCHEMA__": {
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": false
        } }
    })
}

fn collection(
    name: &str,
    root: &Path,
    include: &str,
    schema: serde_json::Value,
) -> serde_json::Value {
    serde_json::json!({
        "name": name,
        "type": "data",
        "sources": [{ "cwd": root.join("content"), "include": include, "exclude": [], "prefix": null }],
        "schema": schema
    })
}

/// A site with four data collections, recorded as the Nuxt module records them.
fn site() -> (tempfile::TempDir, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let home = tempfile::tempdir().expect("temp dir");
    let root = std::fs::canonicalize(dir.path()).expect("root");
    std::fs::create_dir(root.join(".git")).expect("a work tree");
    let person = schema(
        serde_json::json!({
            "id": { "type": "string" }, "name": { "type": "string", "minLength": 2 },
            "role": { "type": "string", "enum": ["admin", "editor"] }
        }),
        &["id", "name", "role"],
    );
    let list = schema(
        serde_json::json!({ "id": { "type": "string" }, "body": { "type": "array", "items": {
            "type": "object", "properties": { "name": { "type": "string" } }, "required": ["name"]
        } } }),
        &["id", "body"],
    );
    let record = serde_json::json!({
        "nuxtContent": "3.16.1",
        "configFiles": [root.join("content.config.ts")],
        "collections": [
            collection("authors", &root, "authors/**.yml", person.clone()),
            collection("settings", &root, "settings/*.json", person.clone()),
            collection("people", &root, "people.csv", person),
            collection("tables", &root, "tables/*.csv", list),
        ]
    });
    write_files(
        &root,
        &[
            (
                "nuxt.config.ts",
                "export default defineNuxtConfig({ modules: ['@nuxt/content'] })\n",
            ),
            ("content.config.ts", "// the site's collections\n"),
            ("content/authors/ana.yml", "name: Ana\nrole: admin\n"),
            ("content/authors/bo.yml", "name: Bo\nrole: owner\n"),
            ("content/authors/team.yml", "- name: Cy\n"),
            (
                "content/settings/site.json",
                "{\n  \"name\": \"Q\",\n  \"role\": \"editor\"\n}\n",
            ),
            (
                "content/settings/broken.json",
                "{\n  \"name\": \"Site\",\n}\n",
            ),
            (
                "content/people.csv",
                "name,role\nAna,admin\nBo,owner\nCy,\n",
            ),
            ("content/tables/t.csv", "name,x\nAna,1\n,2\n"),
            ("content/notes/todo.yml", "anything: goes\n"),
        ],
    );
    let o = record_collections(&root, &root, home.path(), &record.to_string());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    (dir, home)
}

#[test]
fn data_files_are_checked_against_their_collection_with_exact_positions() {
    let (dir, home) = site();
    let o = qalint(dir.path(), home.path(), &["--format", "concise", "--quiet"]);
    assert_eq!(
        stdout(&o),
        "content/authors/bo.yml:2:7: QA001 [schema] role: \"owner\" is not one of admin, editor\n\
         content/authors/team.yml:1:1: QA001 [schema] missing required key \"name\"\n\
         content/authors/team.yml:1:1: QA001 [schema] missing required key \"role\"\n\
         content/authors/team.yml:1:1: warning: QA008 [undeclared-key] `body` is not declared in the collection's schema: Nuxt Content keeps it, unchecked\n\
         content/people.csv:3:4: QA001 [schema] role: \"owner\" is not one of admin, editor\n\
         content/people.csv:4:1: QA001 [schema] missing required key \"role\"\n\
         content/settings/broken.json:3:1: QA000 [invalid-syntax] invalid JSON: trailing comma\n\
         content/settings/site.json:2:11: QA001 [schema] name: \"Q\" is shorter than 2 characters\n\
         content/tables/t.csv:3:1: QA001 [schema] body[1]: missing required key \"name\"\n",
        "{}",
        stderr(&o)
    );
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn a_data_file_of_no_collection_is_said_to_be_none() {
    let (dir, home) = site();
    let o = qalint(
        dir.path(),
        home.path(),
        &[
            "--format",
            "concise",
            "content/notes/todo.yml",
            "content/authors/ana.yml",
        ],
    );
    assert_eq!(stdout(&o), "");
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("content/notes/todo.yml is in no collection"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("ana.yml"), "{}", stderr(&o));
}
