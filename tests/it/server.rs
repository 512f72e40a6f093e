//! The language server, spoken to in JSON-RPC over lsp-server's in-memory connection (as
//! ruff's server tests do), and once as the `qalint server` binary over standard I/O.

use crate::common;

use std::path::Path;
use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{json, Value};

use common::{fixtures, project, write_files};

struct Client {
    conn: Connection,
    server: Option<std::thread::JoinHandle<Result<bool, String>>>,
    next: i32,
}

impl Client {
    fn start(root: &Path, capabilities: Value) -> Client {
        let (server, conn) = Connection::memory();
        let handle = std::thread::spawn(move || qalint_server::serve(server));
        let mut c = Client {
            conn,
            server: Some(handle),
            next: 0,
        };
        let root_uri = uri(root);
        let init = c.request(
            "initialize",
            json!({ "processId": null, "rootUri": root_uri, "capabilities": capabilities }),
        );
        assert!(init["capabilities"].is_object(), "{init}");
        c.notify("initialized", json!({}));
        c
    }

    fn notify(&self, method: &str, params: Value) {
        let n = Notification::new(method.to_string(), params);
        self.conn
            .sender
            .send(Message::Notification(n))
            .expect("send");
    }

    /// Sends a request and waits for its answer, setting aside what comes in between.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = RequestId::from(self.next);
        let req = Request::new(id.clone(), method.to_string(), params);
        self.conn.sender.send(Message::Request(req)).expect("send");
        loop {
            match self.recv() {
                Message::Response(r) if r.id == id => {
                    if let Some(e) = r.error {
                        return json!({ "error": { "code": e.code, "message": e.message } });
                    }
                    return r.result.unwrap_or(Value::Null);
                }
                _ => continue,
            }
        }
    }

    fn recv(&self) -> Message {
        self.conn
            .receiver
            .recv_timeout(Duration::from_secs(30))
            .expect("the server answers within 30 s")
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&self, uri: &str) -> Vec<Value> {
        loop {
            if let Message::Notification(n) = self.recv() {
                if n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri {
                    return n.params["diagnostics"]
                        .as_array()
                        .cloned()
                        .unwrap_or_default();
                }
            }
        }
    }

    fn open(&self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
        );
    }

    fn shutdown(mut self) -> bool {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(r, Value::Null);
        self.notify("exit", Value::Null);
        let handle = self.server.take().expect("running");
        handle.join().expect("no panic").expect("serves")
    }
}

fn uri(path: &Path) -> String {
    let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let s = canonical
        .to_string_lossy()
        .replace(' ', "%20")
        .replace('&', "%26");
    format!("file://{s}")
}

/// A copy of the fixture site's JavaScript topic (QA002, QA003, QA004, QA005 and QA007s).
fn site() -> tempfile::TempDir {
    let dir = project(&[]);
    common::copy_tree(
        &fixtures().join("site/content/javascript"),
        &dir.path().join("content/javascript"),
    );
    dir
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

/// Opens the fixture's callbacks page (QA002, QA003, QA004 and two QA007) as it is on disk.
fn open_callbacks(c: &Client, dir: &Path) -> String {
    let rel = "content/javascript/async/callbacks.md";
    let u = uri(&dir.join(rel));
    c.open(&u, &read(dir, rel));
    u
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).expect("read")
}

#[test]
fn diagnostics_for_an_open_page_with_code_source_and_range() {
    let dir = site();
    let c = Client::start(dir.path(), json!({}));
    let u = open_callbacks(&c, dir.path());
    let diags = c.diagnostics(&u);
    assert_eq!(codes(&diags), ["QA004", "QA003", "QA007", "QA007", "QA002"]);
    let qa003 = &diags[1];
    assert_eq!(qa003["source"], "qalint");
    assert_eq!(qa003["severity"], 1);
    // `    difficulty: Hard` on line 18 (1-based): 0-based line 17, the value at character 16.
    assert_eq!(
        qa003["range"],
        json!({ "start": { "line": 17, "character": 16 }, "end": { "line": 17, "character": 20 } })
    );
    let dup = &diags[4];
    assert_eq!(
        dup["relatedInformation"][0]["message"], "first used here",
        "{dup}"
    );
    assert!(c.shutdown(), "shutdown then exit: a clean end");
}

#[test]
fn positions_count_utf16_code_units_or_utf8_bytes_when_offered() {
    let dir = site();
    let page = read(dir.path(), "content/javascript/async/promises.md").replacen(
        "questions:",
        "related: [\"/😀x\", \"/nope\"]\nquestions:",
        1,
    );
    let file = dir.path().join("content/javascript/async/promises.md");
    std::fs::write(&file, &page).expect("write");
    let u = uri(&file);
    let line = page
        .lines()
        .position(|l| l.starts_with("related:"))
        .expect("line") as u64;
    // `related: ["/😀x", ` before the finding: 17 characters, 18 UTF-16 code units (😀 is
    // a surrogate pair), 20 UTF-8 bytes.
    for (caps, character) in [
        (json!({}), 18),
        (
            json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } }),
            20,
        ),
    ] {
        let c = Client::start(dir.path(), caps);
        c.open(&u, &page);
        let diags = c.diagnostics(&u);
        let nope = diags
            .iter()
            .find(|d| {
                d["message"]
                    .as_str()
                    .is_some_and(|m| m.starts_with("/nope"))
            })
            .expect("the second link is reported");
        assert_eq!(
            nope["range"]["start"],
            json!({ "line": line, "character": character })
        );
        assert!(c.shutdown());
    }
}

#[test]
fn an_unsaved_page_repairs_another_pages_broken_link() {
    let dir = site();
    let c = Client::start(dir.path(), json!({}));
    let u = open_callbacks(&c, dir.path());
    assert!(codes(&c.diagnostics(&u)).contains(&"QA004".to_string()));
    // A new page, not on disk, at the path the link names.
    let hell = dir.path().join("content/javascript/async/callback-hell.md");
    let text = read(dir.path(), "content/javascript/async/promises.md");
    c.open(
        &format!(
            "{}/callback-hell.md",
            uri(&dir.path().join("content/javascript/async"))
        ),
        &text,
    );
    let after = c.diagnostics(&u);
    assert!(!codes(&after).contains(&"QA004".to_string()), "{after:?}");
    assert!(!hell.exists());
    assert!(c.shutdown());
}

#[test]
fn edits_are_applied_incrementally_and_a_broken_buffer_gives_qa000() {
    let dir = site();
    let mut c = Client::start(dir.path(), json!({}));
    let u = open_callbacks(&c, dir.path());
    let _ = c.diagnostics(&u);
    // `Hard` → `hard` on line 18.
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": u, "version": 2 }, "contentChanges": [
            { "range": { "start": { "line": 17, "character": 16 }, "end": { "line": 17, "character": 17 } }, "text": "h" }
        ] }),
    );
    let diags = c.diagnostics(&u);
    assert!(!codes(&diags).contains(&"QA003".to_string()), "{diags:?}");
    // Half-typed: an unclosed flow sequence.
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": u, "version": 3 }, "contentChanges": [
            { "range": { "start": { "line": 1, "character": 0 }, "end": { "line": 1, "character": 0 } }, "text": "tags: [a,\n" }
        ] }),
    );
    let diags = c.diagnostics(&u);
    assert_eq!(codes(&diags), ["QA000"]);
    // The server still answers.
    for method in [
        "textDocument/hover",
        "textDocument/completion",
        "textDocument/definition",
    ] {
        let r = c.request(
            method,
            json!({ "textDocument": { "uri": u }, "position": { "line": 2, "character": 3 } }),
        );
        assert!(r.get("error").is_none(), "{method}: {r}");
    }
    let r = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": u },
        "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 40, "character": 0 } },
        "context": { "diagnostics": [] } }),
    );
    assert!(r.is_array(), "{r}");
    assert!(c.shutdown());
}

#[test]
fn quick_fixes_ignore_comments_and_fix_all() {
    let dir = site();
    let mut c = Client::start(dir.path(), json!({}));
    let file = dir.path().join("content/javascript/async/callbacks.md");
    let u = uri(&file);
    let text = read(dir.path(), "content/javascript/async/callbacks.md");
    c.open(&u, &text);
    let _ = c.diagnostics(&u);
    let line17 =
        json!({ "start": { "line": 17, "character": 16 }, "end": { "line": 17, "character": 16 } });
    let actions = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": u }, "range": line17, "context": { "diagnostics": [] } }),
    );
    let titles: Vec<&str> = actions
        .as_array()
        .expect("actions")
        .iter()
        .filter_map(|a| a["title"].as_str())
        .collect();
    assert_eq!(
        titles,
        [
            "QA003: replace `Hard` with `hard`",
            "QA003: ignore bad-difficulty here"
        ]
    );
    let fix = &actions[0]["edit"]["changes"][&u];
    assert_eq!(
        fix,
        &json!([{ "range": { "start": { "line": 17, "character": 16 }, "end": { "line": 17, "character": 20 } }, "newText": "hard" }])
    );
    // The ignore comment goes on a line of its own before the question item.
    let ignore = &actions[1]["edit"]["changes"][&u][0];
    let item_line = text
        .lines()
        .take(18)
        .collect::<Vec<_>>()
        .iter()
        .rposition(|l| l.trim_start().starts_with("- id:"))
        .expect("item");
    assert_eq!(
        ignore["range"]["start"],
        json!({ "line": item_line, "character": 0 })
    );
    assert_eq!(ignore["newText"], "  # qalint: ignore[bad-difficulty]\n");
    // An unsafe fix says so.
    let fence = c.request("textDocument/codeAction", json!({ "textDocument": { "uri": u },
        "range": { "start": { "line": 24, "character": 0 }, "end": { "line": 24, "character": 20 } }, "context": { "diagnostics": [] } }));
    assert!(
        fence
            .as_array()
            .expect("actions")
            .iter()
            .any(|a| a["title"].as_str().is_some_and(
                |t| t.starts_with("QA007: label the fence") && t.ends_with("(unsafe fix)")
            )),
        "{fence}"
    );
    // source.fixAll.qalint: the safe fixes only.
    let all = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": u },
        "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
        "context": { "diagnostics": [], "only": ["source.fixAll.qalint"] } }),
    );
    let all = all.as_array().expect("actions");
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0]["kind"], "source.fixAll.qalint");
    assert_eq!(
        all[0]["edit"]["changes"][&u].as_array().map(Vec::len),
        Some(1)
    );
    assert!(c.shutdown());
}

#[test]
fn the_topic_renumbering_is_one_workspace_edit() {
    let dir = site();
    let mut c = Client::start(dir.path(), json!({}));
    let file = dir.path().join("content/javascript/async/event-loop.md");
    let u = uri(&file);
    let text = read(dir.path(), "content/javascript/async/event-loop.md");
    c.open(&u, &text);
    let diags = c.diagnostics(&u);
    let qa005 = diags.iter().find(|d| d["code"] == "QA005").expect("QA005");
    let actions = c.request("textDocument/codeAction", json!({ "textDocument": { "uri": u }, "range": qa005["range"], "context": { "diagnostics": [] } }));
    let renumber = actions
        .as_array()
        .expect("actions")
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .is_some_and(|t| t.starts_with("QA005: renumber"))
        })
        .expect("a renumbering");
    let changes = renumber["edit"]["changes"].as_object().expect("changes");
    assert_eq!(changes.len(), 1, "one page moves: {changes:?}");
    assert_eq!(changes[&u][0]["newText"], "3");
    assert!(c.shutdown());
}

#[test]
fn hover_definition_and_completion() {
    let dir = site();
    write_files(dir.path(), &[]);
    let mut c = Client::start(dir.path(), json!({}));
    let file = dir.path().join("content/javascript/async/promises.md");
    let text = read(dir.path(), "content/javascript/async/promises.md").replacen(
        "questions:",
        "related:\n  - /javascript/async/callbacks\n  - /javascript/a\nquestions:",
        1,
    );
    let u = uri(&file);
    c.open(&u, &text);
    let _ = c.diagnostics(&u);
    let line = text
        .lines()
        .position(|l| l == "  - /javascript/async/callbacks")
        .expect("line");
    let hover = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": u }, "position": { "line": line, "character": 10 } }),
    );
    assert_eq!(
        hover["contents"]["value"],
        "**Callbacks** — `/javascript/async/callbacks`"
    );
    let def = c.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": u }, "position": { "line": line, "character": 10 } }),
    );
    assert_eq!(
        def["uri"],
        uri(&dir.path().join("content/javascript/async/callbacks.md"))
    );
    // A line typed above the link: the link is found where the buffer now has it.
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": u, "version": 2 }, "contentChanges": [
            { "range": { "start": { "line": line, "character": 0 }, "end": { "line": line, "character": 0 } }, "text": "  - /javascript/async/event-loop\n" }
        ] }),
    );
    let _ = c.diagnostics(&u);
    let def = c.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": u }, "position": { "line": line + 1, "character": 10 } }),
    );
    assert_eq!(
        def["uri"],
        uri(&dir.path().join("content/javascript/async/callbacks.md"))
    );
    let def = c.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": u }, "position": { "line": line, "character": 10 } }),
    );
    assert_eq!(
        def["uri"],
        uri(&dir.path().join("content/javascript/async/event-loop.md"))
    );
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": u, "version": 3 }, "contentChanges": [
            { "range": { "start": { "line": line, "character": 0 }, "end": { "line": line + 1, "character": 0 } }, "text": "" }
        ] }),
    );
    let _ = c.diagnostics(&u);
    // Paths while typing `/javascript/a…`.
    let items = c.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": u }, "position": { "line": line + 1, "character": 15 } }),
    );
    let labels: Vec<&str> = items
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["label"].as_str())
        .collect();
    assert_eq!(
        labels,
        [
            "/javascript/async/callbacks",
            "/javascript/async/event-loop"
        ]
    );
    // Levels after `difficulty:`.
    let dline = text
        .lines()
        .position(|l| l.starts_with("difficulty:"))
        .expect("difficulty");
    let items = c.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": u }, "position": { "line": dline, "character": 12 } }),
    );
    let labels: Vec<&str> = items
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["label"].as_str())
        .collect();
    assert_eq!(labels, ["easy", "medium", "hard"]);
    // Keys at the start of a frontmatter line: from the schema, none a build adds.
    let items = c.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": u }, "position": { "line": 1, "character": 0 } }),
    );
    let labels: Vec<&str> = items
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["label"].as_str())
        .collect();
    assert!(
        labels.contains(&"seoDescription") && labels.contains(&"related"),
        "{labels:?}"
    );
    assert!(
        !labels.contains(&"__hash__") && !labels.contains(&"stem"),
        "{labels:?}"
    );
    // A finding: its rule's page.
    let hard = text.lines().position(|l| l.contains("difficulty: Hard"));
    if let Some(l) = hard {
        let h = c.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": u }, "position": { "line": l, "character": 17 } }),
        );
        assert!(h["contents"]["value"]
            .as_str()
            .is_some_and(|v| v.starts_with("# bad-difficulty (QA003)")));
    }
    assert!(c.shutdown());
}

#[test]
fn pull_diagnostics_when_the_client_announces_them() {
    let dir = site();
    let mut c = Client::start(
        dir.path(),
        json!({ "textDocument": { "diagnostic": { "dynamicRegistration": false } } }),
    );
    let u = open_callbacks(&c, dir.path());
    let report = c.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": u } }),
    );
    assert_eq!(report["kind"], "full");
    assert_eq!(
        codes(report["items"].as_array().expect("items")),
        ["QA004", "QA003", "QA007", "QA007", "QA002"]
    );
    assert!(c.shutdown());
}

#[test]
fn watched_files_change_the_index() {
    let dir = site();
    let c = Client::start(dir.path(), json!({}));
    let u = open_callbacks(&c, dir.path());
    assert!(codes(&c.diagnostics(&u)).contains(&"QA004".to_string()));
    let hell = dir.path().join("content/javascript/async/callback-hell.md");
    std::fs::write(
        &hell,
        read(dir.path(), "content/javascript/async/promises.md"),
    )
    .expect("write");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&hell), "type": 1 }] }),
    );
    assert!(!codes(&c.diagnostics(&u)).contains(&"QA004".to_string()));
    std::fs::remove_file(&hell).expect("rm");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&hell), "type": 3 }] }),
    );
    assert!(codes(&c.diagnostics(&u)).contains(&"QA004".to_string()));
    // A qalint.toml that switches QA004 off is read again.
    std::fs::write(
        dir.path().join("qalint.toml"),
        "root = true\nignore = [\"QA004\"]\n",
    )
    .expect("write");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&dir.path().join("qalint.toml")), "type": 2 }] }),
    );
    let now = codes(&c.diagnostics(&u));
    assert!(!now.contains(&"QA004".to_string()), "{now:?}");
    // `qalint --suppress-rule QA003` in a terminal: the open page's QA003 goes at once.
    assert!(now.contains(&"QA003".to_string()), "{now:?}");
    let o = common::qalint(dir.path(), &["--suppress-rule", "QA003"]);
    assert_eq!(o.status.code(), Some(1), "{}", common::stderr(&o));
    let file = dir.path().join("qalint-suppressions.json");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&file), "type": 1 }] }),
    );
    assert!(!codes(&c.diagnostics(&u)).contains(&"QA003".to_string()));
    assert!(c.shutdown());
}

#[test]
fn the_binary_serves_on_stdio_and_exits_zero_after_shutdown() {
    use std::io::Write;
    let dir = site();
    let frame = |v: Value| {
        let body = v.to_string();
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    };
    let input = [
        frame(json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": { "processId": null, "rootUri": uri(dir.path()), "capabilities": {} } })),
        frame(json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} })),
        frame(json!({ "jsonrpc": "2.0", "id": 2, "method": "shutdown" })),
        frame(json!({ "jsonrpc": "2.0", "method": "exit" })),
    ]
    .concat();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_qalint"))
        .env("QALINT_NO_CACHE", "1")
        .arg("server")
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("\"serverInfo\":{\"name\":\"qalint\""),
        "{text}"
    );
    assert!(text.contains("\"id\":2,\"result\":null"), "{text}");
}

/// A watched-file event passes the CLI's discovery rules: a page replaced by a link to a page
/// outside the project is no page of it (the CLI warns and checks nothing there), so the
/// topic's gap shows on the open page, as `qalint` reports it; a link to `/etc/passwd` takes
/// the page out of the index too.
#[test]
fn watched_links_out_of_the_project_are_not_pages() {
    let dir = site();
    let outside = tempfile::tempdir().expect("temp dir");
    // The link's own URI, as a client sends it (the helper `uri` would resolve the link).
    let events = |c: &Client, path: &Path| {
        let dir = std::fs::canonicalize(path.parent().expect("a folder")).expect("folder");
        let link = format!(
            "file://{}",
            dir.join(path.file_name().expect("a name")).display()
        );
        c.notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": link, "type": 2 }] }),
        );
    };
    let c = Client::start(dir.path(), json!({}));
    let u = open_callbacks(&c, dir.path());
    let gap = |c: &Client| {
        c.diagnostics(&u)
            .iter()
            .filter(|d| d["code"] == "QA005")
            // The message, without the help the diagnostic adds below it.
            .map(|d| {
                d["message"]
                    .as_str()
                    .unwrap_or("")
                    .lines()
                    .next()
                    .unwrap_or("")
                    .to_string()
            })
            .collect::<Vec<_>>()
    };
    let before = gap(&c);
    // promises.md (order 1) becomes a link to a copy outside the project.
    let promises = dir.path().join("content/javascript/async/promises.md");
    let copy = outside.path().join("promises.md");
    std::fs::copy(&promises, &copy).expect("copy");
    std::fs::remove_file(&promises).expect("rm");
    std::os::unix::fs::symlink(&copy, &promises).expect("link");
    events(&c, &promises);
    let cli = common::qalint(
        dir.path(),
        &["--format", "json", "content/javascript/async/callbacks.md"],
    );
    let cli: Vec<Value> = serde_json::from_slice(&cli.stdout).expect("JSON");
    let expected: Vec<String> = cli
        .iter()
        .filter(|f| f["code"] == "QA005")
        .map(|f| f["message"].as_str().unwrap_or("").to_string())
        .collect();
    assert_ne!(expected, before, "the link changes the topic for the CLI");
    assert_eq!(gap(&c), expected, "the server agrees with the CLI");
    // A link to a file that is no page at all: out of the index as well.
    std::fs::remove_file(&promises).expect("rm");
    std::os::unix::fs::symlink("/etc/passwd", &promises).expect("link");
    events(&c, &promises);
    assert_eq!(gap(&c), expected);
    assert!(c.shutdown());
}

/// The byte offset of an LSP position (UTF-16 columns; lines end at `\n`, `\r\n` or `\r`).
fn offset_at(text: &str, pos: &Value) -> usize {
    let (line, character) = (
        pos["line"].as_u64().expect("line") as usize,
        pos["character"].as_u64().expect("character") as usize,
    );
    let mut at = 0;
    for _ in 0..line {
        let rest = &text[at..];
        let end = rest.find(['\n', '\r']).expect("a line break");
        at += end
            + if rest[end..].starts_with("\r\n") {
                2
            } else {
                1
            };
    }
    let mut units = 0;
    for (i, c) in text[at..].char_indices() {
        if units >= character {
            return at + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// One fix path: the editor's fix-all gives the bytes standard input's `--fix` gives, page by
/// page, and for a page whose fixes are all its own (a byte order mark, CRLF lines, an
/// upper-case difficulty) the bytes `qalint --fix` writes.
#[test]
fn fix_all_standard_input_and_files_give_the_same_bytes() {
    let dir = project(&[]);
    common::copy_tree(&fixtures().join("fix/input"), dir.path());
    let mut c = Client::start(dir.path(), json!({}));
    for rel in [
        "content/go/basics/crlf.md",
        "content/python/basics/intro.md",
        "content/python/basics/loops.md",
        "content/python/basics/variables.md",
    ] {
        let file = dir.path().join(rel);
        let text = read(dir.path(), rel);
        let u = uri(&file);
        c.open(&u, &text);
        let _ = c.diagnostics(&u);
        let all = c.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": u },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
            "context": { "diagnostics": [], "only": ["source.fixAll.qalint"] } }),
        );
        let mut fixed = text.clone();
        if let Some(edits) = all[0]["edit"]["changes"][&u].as_array() {
            // Ranges are in the original text: applied from the last one back.
            let mut edits: Vec<(usize, usize, &str)> = edits
                .iter()
                .map(|e| {
                    let r = &e["range"];
                    let (start, end) = (offset_at(&text, &r["start"]), offset_at(&text, &r["end"]));
                    (start, end, e["newText"].as_str().expect("text"))
                })
                .collect();
            edits.sort();
            for (start, end, new) in edits.into_iter().rev() {
                fixed.replace_range(start..end, new);
            }
        }
        let o = common::qalint_stdin(dir.path(), &["--stdin-filename", rel, "--fix"], &text);
        assert_eq!(
            fixed,
            common::stdout(&o),
            "{rel}: fix-all and standard input"
        );
        if rel.ends_with("crlf.md") {
            let expected = read(&fixtures().join("fix/expected-safe"), rel);
            assert_eq!(fixed, expected, "{rel}: fix-all and --fix");
            assert_ne!(fixed, text);
        }
    }
    assert!(c.shutdown());
}
