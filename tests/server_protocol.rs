//! `qalint server` spoken to in raw bytes, as careless and hostile clients would: messages
//! and headers past every limit, JSON that does not parse, requests after `shutdown`, `exit`
//! before `initialize`, edits that queue up. Each server's own peak memory is measured.

// Its own test binary, not a module of tests/it: a child's peak memory, as wait4 gives it,
// counts the memory of the process that spawned it (Linux keeps the high-water mark across
// exec), and the one binary of every other test holds hundreds of megabytes at times.
#[path = "it/common.rs"]
mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{json, Value};

fn frame(v: &Value) -> Vec<u8> {
    let body = v.to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

fn initialize(root: &std::path::Path) -> Vec<u8> {
    let root = format!(
        "file://{}",
        std::fs::canonicalize(root).expect("root").display()
    );
    [
        frame(&json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": { "processId": null, "rootUri": root, "capabilities": {} } })),
        frame(&json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} })),
    ]
    .concat()
}

fn shutdown_and_exit() -> Vec<u8> {
    [
        frame(&json!({ "jsonrpc": "2.0", "id": 99, "method": "shutdown" })),
        frame(&json!({ "jsonrpc": "2.0", "method": "exit" })),
    ]
    .concat()
}

/// Runs the server on `input` (written from a thread: the server may stop reading early);
/// what it printed, and its own peak resident memory in MB (`wait4`).
fn serve(dir: &std::path::Path, input: Vec<u8>) -> (std::process::Output, i64) {
    serve_with(dir, move |stdin| {
        let _ = stdin.write_all(&input);
    })
}

/// [`serve`] with the input written by `write`, so a large one is streamed rather than held
/// here: Linux counts the memory of the process that spawns the server (at `exec`) in the
/// server's own peak, so this process stays small.
// The child is reaped by `wait4`, which also gives its peak memory.
#[allow(clippy::zombie_processes)]
fn serve_with(
    dir: &std::path::Path,
    write: impl FnOnce(&mut std::process::ChildStdin) + Send + 'static,
) -> (std::process::Output, i64) {
    use std::os::unix::process::ExitStatusExt;
    let mut child = spawn_server(dir);
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || write(&mut stdin));
    let (reader, err_reader) = common::drain(&mut child);
    let (status, peak) = reap(&child);
    let _ = writer.join();
    let output = std::process::Output {
        status: std::process::ExitStatus::from_raw(status),
        stdout: reader.join().unwrap_or_default(),
        stderr: err_reader.join().unwrap_or_default(),
    };
    (output, peak)
}

/// `qalint server` in `dir`, its standard streams piped.
fn spawn_server(dir: &std::path::Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_qalint"))
        .arg("server")
        .current_dir(dir)
        .env("QALINT_NO_CACHE", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn")
}

/// Waits for the server to end: its wait status and its own peak resident memory in MB.
fn reap(child: &std::process::Child) -> (i32, i64) {
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: waits for our own child; fills `status` and `usage`.
    let usage = unsafe {
        let mut u = std::mem::zeroed::<libc::rusage>();
        libc::wait4(pid, &mut status, 0, &mut u);
        u
    };
    (status, usage.ru_maxrss / 1024)
}

/// The URI of the site's page.
fn page_uri(dir: &std::path::Path) -> String {
    let page = dir.join("content/python/concurrency/asyncio.md");
    format!(
        "file://{}",
        std::fs::canonicalize(page).expect("page").display()
    )
}

/// Writes a `didOpen` of `uri` whose text is `size` bytes of `x`, as it goes (never held).
fn stream_did_open(stdin: &mut std::process::ChildStdin, uri: &str, size: usize) {
    let head = format!(
        "{{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{{\"textDocument\":{{\"uri\":\"{uri}\",\"languageId\":\"markdown\",\"version\":1,\"text\":\""
    );
    let tail = "\"}}}";
    let _ = write!(
        stdin,
        "Content-Length: {}\r\n\r\n{head}",
        head.len() + size + tail.len()
    );
    let chunk = vec![b'x'; 1024 * 1024];
    for _ in 0..size / chunk.len() {
        let _ = stdin.write_all(&chunk);
    }
    let _ = stdin.write_all(&chunk[..size % chunk.len()]);
    let _ = stdin.write_all(tail.as_bytes());
}

fn site() -> tempfile::TempDir {
    common::project(&[(
        "content/python/concurrency/asyncio.md",
        &std::fs::read_to_string(
            common::fixtures().join("site/content/python/concurrency/asyncio.md"),
        )
        .expect("read"),
    )])
}

#[test]
fn messages_past_the_limits_end_the_server_with_their_cause_in_bounded_memory() {
    let dir = site();
    // A length of a terabyte and no body.
    let (huge, peak) = serve(
        dir.path(),
        b"Content-Length: 1000000000000\r\n\r\n".to_vec(),
    );
    assert!(peak < 100, "peak {peak} MB");
    assert_eq!(huge.status.code(), Some(2));
    assert!(
        common::stderr(&huge)
            .contains("a message of 1000000000000 bytes, over the 65 MiB a message may be"),
        "{}",
        common::stderr(&huge)
    );
    // 600 MB of header with no line break.
    let (endless, peak) = serve_with(dir.path(), |stdin| {
        let chunk = vec![b'x'; 1024 * 1024];
        for _ in 0..600 {
            if stdin.write_all(&chunk).is_err() {
                return; // the server stopped reading: as it should
            }
        }
    });
    assert!(peak < 100, "peak {peak} MB");
    assert_eq!(endless.status.code(), Some(2));
    assert!(common::stderr(&endless).contains("a header line longer than 8192 bytes"));
    // A length that is no number: the real cause, not "disconnected channel".
    let (nan, _) = serve(dir.path(), b"Content-Length: many\r\n\r\n{}".to_vec());
    assert!(
        common::stderr(&nan).contains("Content-Length is not a number: \"many\""),
        "{}",
        common::stderr(&nan)
    );
}

#[test]
fn json_that_does_not_parse_gets_a_parse_error_and_the_server_goes_on() {
    let dir = site();
    let input = [
        initialize(dir.path()),
        b"Content-Length: 9\r\n\r\n{not json".to_vec(),
        shutdown_and_exit(),
    ]
    .concat();
    let (out, _) = serve(dir.path(), input);
    let text = common::stdout(&out);
    assert!(
        text.contains("\"error\":{\"code\":-32700,\"message\":\"not a JSON-RPC message:")
            && text.contains("\"id\":null"),
        "{text}"
    );
    assert!(text.contains("\"id\":99,\"result\":null"), "{text}");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn shutdown_and_exit_as_the_protocol_says() {
    let dir = site();
    // `exit` before `initialize`: exit code 1; a request before it: ServerNotInitialized.
    let (early, _) = serve(
        dir.path(),
        [
            frame(
                &json!({ "jsonrpc": "2.0", "id": 5, "method": "textDocument/hover", "params": {} }),
            ),
            frame(&json!({ "jsonrpc": "2.0", "method": "exit" })),
        ]
        .concat(),
    );
    assert_eq!(early.status.code(), Some(1));
    assert!(common::stdout(&early).contains("\"id\":5,\"error\":{\"code\":-32002"));
    // A request after `shutdown`: InvalidRequest, not an answer.
    let (late, _) = serve(
        dir.path(),
        [
            initialize(dir.path()),
            frame(&json!({ "jsonrpc": "2.0", "id": 98, "method": "shutdown" })),
            frame(&json!({ "jsonrpc": "2.0", "id": 7, "method": "textDocument/hover",
                "params": { "textDocument": { "uri": "file:///x.md" }, "position": { "line": 0, "character": 0 } } })),
            frame(&json!({ "jsonrpc": "2.0", "method": "exit" })),
        ]
        .concat(),
    );
    assert!(
        common::stdout(&late).contains("\"id\":7,\"error\":{\"code\":-32600"),
        "{}",
        common::stdout(&late)
    );
    assert_eq!(late.status.code(), Some(0));
}

/// A buffer past the CLI's 64 MB limit is not linted, and says so; edits that queue up are
/// linted once, at their latest text.
#[test]
fn buffers_past_the_limit_and_queued_edits() {
    let dir = site();
    let page = dir.path().join("content/python/concurrency/asyncio.md");
    let uri = page_uri(dir.path());
    let open = |text: &str| {
        frame(
            &json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } } }),
        )
    };
    // A didOpen of 64 MB and one byte, streamed.
    let (before, after) = (initialize(dir.path()), shutdown_and_exit());
    let big = uri.clone();
    let (out, peak) = serve_with(dir.path(), move |stdin| {
        let _ = stdin.write_all(&before);
        stream_did_open(stdin, &big, 64 * 1024 * 1024 + 1);
        let _ = stdin.write_all(&after);
    });
    // The buffer a few times over (the message, its JSON value, the text): bounded.
    assert!(peak < 600, "peak {peak} MB");
    let text = common::stdout(&out);
    assert!(
        text.contains(
            "\"code\":\"QA000\",\"message\":\"larger than the 64 MB limit: not checked\""
        ),
        "{}",
        &text[..text.len().min(2000)]
    );

    let original = std::fs::read_to_string(&page).expect("read");
    let mut input = vec![initialize(dir.path()), open(&original)];
    for version in 2..22 {
        let text = original.replacen("difficulty: hard", &format!("difficulty: v{version}"), 1);
        input.push(frame(
            &json!({ "jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": { "uri": uri, "version": version },
            "contentChanges": [{ "text": text }] } }),
        ));
    }
    input.push(shutdown_and_exit());
    let (out, _) = serve(dir.path(), input.concat());
    let text = common::stdout(&out);
    let published = text.matches("textDocument/publishDiagnostics").count();
    assert!(published < 20, "{published} publications for 20 edits");
    assert!(
        text.contains("difficulty `v21` is not one of easy, medium, hard"),
        "{text}"
    );
}

/// A client that stops reading while edits keep arriving: the server keeps only the newest
/// diagnostics of each document waiting, so its memory stays bounded (it grew by each
/// publication before: 2 GB in 1,200 edits of a large page), and once the client reads again
/// the last diagnostics it gets are those of the last edit.
#[allow(clippy::zombie_processes)]
#[test]
fn a_client_that_stops_reading_never_grows_the_server() {
    use std::io::Read;
    let fences = "```\nx\n```\n".repeat(150);
    let page_text = move |n: usize| format!("---\ntitle: v{n}\n---\n{fences}");
    let dir = common::project(&[("content/a/b/p.md", &page_text(0))]);
    let page = dir.path().join("content/a/b/p.md");
    let uri = format!(
        "file://{}",
        std::fs::canonicalize(&page).expect("page").display()
    );
    let mut child = spawn_server(dir.path());
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = child.stdout.take().expect("stdout");
    let edits = 2000;
    let (root, u) = (dir.path().to_path_buf(), uri.clone());
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&initialize(&root));
        let open = json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": { "uri": u, "languageId": "markdown", "version": 1, "text": page_text(1) } } });
        let _ = stdin.write_all(&frame(&open));
        for version in 2..=edits {
            let change = json!({ "jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": { "uri": u, "version": version },
                "contentChanges": [{ "text": page_text(version) }] } });
            if stdin.write_all(&frame(&change)).is_err() {
                return stdin;
            }
            if version % 8 == 0 {
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
        }
        // Read again only now: a marker request tells when everything before it is answered.
        let _ = stdin.write_all(&frame(
            &json!({ "jsonrpc": "2.0", "id": 7, "method": "shutdown" }),
        ));
        stdin
    });
    let stdin = writer.join().expect("writer");
    let mut out = Vec::new();
    let mut buf = vec![0u8; 1 << 16];
    let marker = b"\"id\":7";
    while !out.windows(marker.len()).any(|w| w == marker) {
        let n = stdout.read(&mut buf).expect("read");
        assert!(n > 0, "the server ended early");
        out.extend_from_slice(&buf[..n]);
    }
    let mut stdin = stdin;
    let _ = stdin.write_all(&frame(&json!({ "jsonrpc": "2.0", "method": "exit" })));
    drop(stdin);
    let _ = stdout.read_to_end(&mut out);
    let (_, peak) = reap(&child);
    let text = String::from_utf8_lossy(&out);
    let last = text
        .rfind("\"version\":")
        .map(|i| &text[i..text.len().min(i + 16)])
        .unwrap_or_default();
    assert!(last.starts_with(&format!("\"version\":{edits}")), "{last}");
    let publications = text.matches("publishDiagnostics").count();
    assert!(publications < edits / 2, "{publications} publications");
    assert!(peak < 60, "peak {peak} MB");
}

/// A buffer in a message over the 65 MiB frame limit is skipped as it arrives, its document
/// reported as too large (QA000), and the server goes on (it ended before).
#[test]
fn a_message_past_the_frame_limit_is_skipped_and_its_document_reported() {
    let dir = site();
    let uri = page_uri(dir.path());
    let (before, after) = (initialize(dir.path()), shutdown_and_exit());
    let (out, peak) = serve_with(dir.path(), move |stdin| {
        let _ = stdin.write_all(&before);
        stream_did_open(stdin, &uri, 66 * 1024 * 1024);
        let _ = stdin.write_all(&after);
    });
    assert!(peak < 100, "peak {peak} MB");
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    let text = common::stdout(&out);
    assert!(
        text.contains(
            "\"code\":\"QA000\",\"message\":\"larger than the 64 MB limit: not checked\""
        ),
        "{}",
        &text[..text.len().min(2000)]
    );
    assert!(text.contains("\"id\":99"), "shutdown answered");
}

/// Settings the server cannot use are said to the user, and no page is reported under other
/// settings, as the CLI stops: a nested `qalint.toml` that does not parse gets a
/// `window/showMessage` and a diagnostic at its line and column, the page below it none; a
/// Nuxt Content site never prepared answers with why, and ends as the protocol asks.
#[test]
fn settings_the_server_cannot_use_are_said_not_worked_around() {
    let dir = common::project(&[
        (
            "content/python/concurrency/asyncio.md",
            &std::fs::read_to_string(
                common::fixtures().join("site/content/python/concurrency/asyncio.md"),
            )
            .expect("read")
            .replace("difficulty: hard", "difficulty: Hard"),
        ),
        ("content/python/qalint.toml", "select = [\n"),
    ]);
    let home = tempfile::tempdir().expect("home");
    let page = dir.path().join("content/python/concurrency/asyncio.md");
    let out = common::serve_once(dir.path(), home.path(), &[common::did_open(&page)]);
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    let text = common::stdout(&out);
    assert!(
        text.contains("window/showMessage") && text.contains("qalint.toml:1:11: unclosed array"),
        "{text}"
    );
    assert!(
        text.contains("\"message\":\"unclosed array, expected `]`\""),
        "a diagnostic on the file: {text}"
    );
    assert!(
        !text.contains("QA003"),
        "no page reported under other settings: {text}"
    );

    let site = common::project(&[
        ("nuxt.config.ts", "export default defineNuxtConfig({})\n"),
        ("content.config.ts", "export default {}\n"),
        ("content/a.md", "---\ntitle: a\n---\n"),
    ]);
    let out = common::serve_once(site.path(), home.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    let text = common::stdout(&out);
    assert!(
        text.contains("window/showMessage")
            && text.contains("is a Nuxt Content site whose collections were never recorded"),
        "{text}"
    );
    assert!(
        text.contains("\"id\":2,\"result\":null") || text.contains("\"id\":2"),
        "{text}"
    );
}
