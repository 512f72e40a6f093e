//! The protocol's framing on standard input and output, read with limits: a header line is at
//! most 8 KiB and a message at most 65 MiB (a page's 64 MiB and room for its JSON), read as it
//! arrives rather than allocated from what `Content-Length` claims (lsp-server's own reader
//! zero-fills the announced length first: a `Content-Length: 1000000000000` took it past
//! 3.6 GB). A message that is not JSON gets a `ParseError` reply and the server goes on; a
//! framing error ends the server with its real cause.

use std::io::{BufRead, Read, Write};
use std::thread::JoinHandle;

use crossbeam_channel::Sender;

use super::outbox::{Out, Outbox};
use lsp_server::{Connection, Message};

/// The largest message read: a page may be 64 MiB, and JSON escapes some of its characters.
pub const MAX_MESSAGE: usize = 65 * 1024 * 1024;
const MAX_HEADER_LINE: usize = 8 * 1024;
const MAX_HEADERS: usize = 32;

/// The threads that read and write the streams; joined when the server ends.
pub struct Threads {
    reader: JoinHandle<Result<(), String>>,
    writer: JoinHandle<Result<(), String>>,
}

impl Threads {
    /// Once the server has ended (and dropped its side of the connection): the writer's last
    /// messages written, and why the streams failed if they did, the reader's cause first.
    pub fn join(self) -> Result<(), String> {
        let writer = self
            .writer
            .join()
            .unwrap_or(Err("the writer stopped".into()));
        // After `exit` or a framing error the reader is ending already; a server that ended
        // otherwise (it could not start) leaves it blocked on the open stream.
        for _ in 0..100 {
            if self.reader.is_finished() {
                let reader = self
                    .reader
                    .join()
                    .unwrap_or(Err("the reader stopped".into()));
                return reader.and(writer);
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        writer
    }
}

/// A connection on standard input and output.
pub fn stdio() -> (Connection, Threads) {
    // A few messages may wait (so edits that queue up are linted once), not many: each may be
    // 65 MiB.
    let (to_server, from_client) = crossbeam_channel::bounded::<Message>(8);
    let (to_client, from_server) = crossbeam_channel::bounded::<Message>(8);
    // The server's messages go to the outbox at once (it never waits on the client for
    // diagnostics); the writer takes them from there as the client reads.
    let outbox = std::sync::Arc::new(Outbox::default());
    let replies = outbox.clone();
    let reader = std::thread::spawn(move || {
        let stdin = std::io::stdin();
        read_all(&mut stdin.lock(), &to_server, &replies)
    });
    let sorting = outbox.clone();
    std::thread::spawn(move || {
        for message in from_server {
            sorting.push(Out::Message(message));
        }
        sorting.close();
    });
    let writer = std::thread::spawn(move || {
        let stdout = std::io::stdout();
        write_all(&mut stdout.lock(), &outbox)
    });
    let connection = Connection {
        sender: to_client,
        receiver: from_client,
    };
    (connection, Threads { reader, writer })
}

/// Reads messages until the stream ends (or the server stops listening).
fn read_all(
    input: &mut impl BufRead,
    server: &Sender<Message>,
    replies: &Outbox,
) -> Result<(), String> {
    while let Some(body) = read_frame(input)? {
        let body = match body {
            Frame::Body(body) => body,
            Frame::Skipped { head, length } => {
                // The document it carried is reported (too large), not the server ended.
                match skipped_document(&head) {
                    Some(params) => {
                        let n = lsp_server::Notification::new(SKIPPED.into(), params);
                        if server.send(Message::Notification(n)).is_err() {
                            return Ok(());
                        }
                    }
                    None => eprintln!(
                        "qalint server: skipped a message of {length} bytes (over the {} MiB a \
                         message may be)",
                        MAX_MESSAGE / (1024 * 1024)
                    ),
                }
                continue;
            }
        };
        match serde_json::from_slice::<Message>(&body) {
            Ok(message) => {
                // Nothing is read after `exit`: the client may keep the stream open.
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if server.send(message).is_err() || exit {
                    return Ok(());
                }
            }
            Err(e) => {
                replies.push(Out::ParseError(format!("not a JSON-RPC message: {e}")));
            }
        }
    }
    Ok(())
}

/// The notification the reader gives the server for a message it skipped: the document it
/// opened or changed (`uri`) is reported as too large.
pub const SKIPPED: &str = "qalint/skippedDocument";

/// How much of a skipped message is kept to find the document it is about.
const SKIPPED_HEAD: usize = 64 * 1024;

/// A message read, or one skipped because it is over [`MAX_MESSAGE`] (its first bytes kept).
#[derive(Debug, PartialEq)]
pub enum Frame {
    Body(Vec<u8>),
    Skipped { head: Vec<u8>, length: u64 },
}

/// `{"uri": …}` of the document a skipped `didOpen` or `didChange` was about, from its first
/// bytes (the URI comes before the text in what clients send).
fn skipped_document(head: &[u8]) -> Option<serde_json::Value> {
    let text = String::from_utf8_lossy(head);
    let value_of = |key: &str| {
        let at = text.find(&format!("\"{key}\""))? + key.len() + 2;
        let rest = text[at..].trim_start().strip_prefix(':')?.trim_start();
        let rest = rest.strip_prefix('"')?;
        Some(rest[..rest.find('"')?].to_string())
    };
    let method = value_of("method")?;
    if method != "textDocument/didOpen" && method != "textDocument/didChange" {
        return None;
    }
    Some(serde_json::json!({ "uri": value_of("uri")? }))
}

/// One message; `None` at the end of the stream between messages.
pub fn read_frame(input: &mut impl BufRead) -> Result<Option<Frame>, String> {
    let mut length = None;
    let mut headers = 0;
    loop {
        let mut line = Vec::new();
        input
            .by_ref()
            .take(MAX_HEADER_LINE as u64 + 1)
            .read_until(b'\n', &mut line)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        if line.is_empty() {
            return match headers {
                0 => Ok(None),
                _ => Err("the stream ended inside a message's headers".into()),
            };
        }
        if line.len() > MAX_HEADER_LINE {
            return Err(format!(
                "a header line longer than {MAX_HEADER_LINE} bytes: not the protocol's framing"
            ));
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            break;
        }
        headers += 1;
        if headers > MAX_HEADERS {
            return Err(format!(
                "more than {MAX_HEADERS} header lines in one message"
            ));
        }
        let (name, value) = text
            .split_once(':')
            .ok_or_else(|| format!("a header line without `:`: {text:?}"))?;
        if name.trim().eq_ignore_ascii_case("content-length") {
            let n: u64 = value
                .trim()
                .parse()
                .map_err(|_| format!("Content-Length is not a number: {:?}", value.trim()))?;
            length = Some(n);
        }
    }
    let length = length.ok_or("a message without Content-Length")?;
    if length > MAX_MESSAGE as u64 {
        // Read past as it arrives, its first bytes kept: the server goes on.
        let mut head = Vec::with_capacity(SKIPPED_HEAD);
        let cannot = |e: std::io::Error| format!("cannot read standard input: {e}");
        input
            .by_ref()
            .take(SKIPPED_HEAD as u64)
            .read_to_end(&mut head)
            .map_err(cannot)?;
        let rest = std::io::copy(
            &mut input.by_ref().take(length - head.len() as u64),
            &mut std::io::sink(),
        )
        .map_err(cannot)?;
        let read = head.len() as u64 + rest;
        if read < length {
            return Err(format!(
                "the stream ended {read} bytes into a message of {length} bytes, over the {} \
                 MiB a message may be",
                MAX_MESSAGE / (1024 * 1024)
            ));
        }
        return Ok(Some(Frame::Skipped { head, length }));
    }
    let length = length as usize;
    // At most MAX_MESSAGE, sized once: no regrowth copies of a large message.
    let mut body = Vec::with_capacity(length);
    input
        .by_ref()
        .take(length as u64)
        .read_to_end(&mut body)
        .map_err(|e| format!("cannot read standard input: {e}"))?;
    if body.len() < length {
        return Err(format!(
            "the stream ended {} bytes into a message of {length}",
            body.len()
        ));
    }
    Ok(Some(Frame::Body(body)))
}

/// Writes the server's messages and the reader's replies, one frame at a time.
fn write_all(out: &mut impl Write, outbox: &Outbox) -> Result<(), String> {
    let cannot = |e: std::io::Error| format!("cannot write standard output: {e}");
    while let Some(next) = outbox.pop() {
        match next {
            Out::Message(message) => message.write(out).map_err(cannot)?,
            Out::ParseError(why) => {
                let body = serde_json::json!({
                    "jsonrpc": "2.0",
                    "id": null,
                    "error": { "code": -32700, "message": why },
                })
                .to_string();
                write!(out, "Content-Length: {}\r\n\r\n{body}", body.len()).map_err(cannot)?;
                out.flush().map_err(cannot)?;
            }
        }
    }
    Ok(()) // the server ended
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &str) -> Vec<Result<Option<Frame>, String>> {
        let mut r = std::io::Cursor::new(input.as_bytes().to_vec());
        let mut out = Vec::new();
        loop {
            let f = read_frame(&mut r);
            let end = !matches!(f, Ok(Some(_)));
            out.push(f);
            if end {
                return out;
            }
        }
    }

    #[test]
    fn frames_are_read_within_their_limits() {
        let got = frames("Content-Length: 2\r\n\r\n{}Content-Length: 4\r\nX: y\r\n\r\nnull");
        assert_eq!(got[0], Ok(Some(Frame::Body(b"{}".to_vec()))));
        assert_eq!(got[1], Ok(Some(Frame::Body(b"null".to_vec()))));
        assert_eq!(got[2], Ok(None));
        let huge = frames("Content-Length: 1000000000000\r\n\r\n");
        assert_eq!(
            huge[0],
            Err("the stream ended 0 bytes into a message of 1000000000000 bytes, over the 65 MiB a message may be".into())
        );
        // A didOpen of more than the limit (its text cut short: it is skipped unread).
        let prefix = "{\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\": \"file:///a.md\",\"text\":\"";
        let length = MAX_MESSAGE + 100;
        let over = format!(
            "Content-Length: {length}\r\n\r\n{prefix}{}",
            "x".repeat(length - prefix.len())
        );
        match &frames(&over)[0] {
            Ok(Some(Frame::Skipped { head, length })) => {
                assert_eq!(*length, MAX_MESSAGE as u64 + 100);
                assert_eq!(
                    skipped_document(head),
                    Some(serde_json::json!({ "uri": "file:///a.md" }))
                );
            }
            other => panic!("{:?}", other.as_ref().map(|_| ())),
        }
        let long = format!("X-{}\r\n", "a".repeat(MAX_HEADER_LINE));
        assert!(frames(&long)[0]
            .as_ref()
            .is_err_and(|e| e.contains("header line longer")));
        assert_eq!(
            frames("Content-Length: 10\r\n\r\n{}")[0],
            Err("the stream ended 2 bytes into a message of 10".into())
        );
        assert!(frames("\r\n")[0]
            .as_ref()
            .is_err_and(|e| e.contains("without Content-Length")));
    }
}
