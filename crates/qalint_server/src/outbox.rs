//! What waits to be written to the client: the server's messages and the reader's replies,
//! bounded however slowly the client reads.

use lsp_server::Message;

/// What the writer writes: the server's messages, and the reader's replies.
pub enum Out {
    Message(Message),
    /// A reply with `"id": null` (lsp-server's messages cannot say null).
    ParseError(String),
}

/// Messages waiting for a client that reads slowly, or not at all: replies and requests in
/// order (at most [`MAX_WAITING`], then the server waits), and only the newest diagnostics of
/// each document (older ones are out of date before they are read).
#[derive(Default)]
pub struct Outbox {
    state: std::sync::Mutex<Waiting>,
    changed: std::sync::Condvar,
}

#[derive(Default)]
struct Waiting {
    queue: std::collections::VecDeque<Out>,
    /// Documents in the order their diagnostics first waited, and the newest of each.
    diagnostics: std::collections::VecDeque<String>,
    newest: std::collections::HashMap<String, Out>,
    closed: bool,
}

const MAX_WAITING: usize = 256;

impl Outbox {
    pub fn push(&self, out: Out) {
        let Ok(mut w) = self.state.lock() else { return };
        match &out {
            Out::Message(m) if diagnostics_of(m).is_some() => {
                let uri = diagnostics_of(m).unwrap_or_default();
                if w.newest.insert(uri.clone(), out).is_none() {
                    w.diagnostics.push_back(uri);
                }
            }
            _ => {
                while w.queue.len() >= MAX_WAITING && !w.closed {
                    w = match self.changed.wait(w) {
                        Ok(w) => w,
                        Err(_) => return,
                    };
                }
                w.queue.push_back(out);
            }
        }
        self.changed.notify_all();
    }

    pub fn close(&self) {
        if let Ok(mut w) = self.state.lock() {
            w.closed = true;
        }
        self.changed.notify_all();
    }

    /// The next message to write; `None` once closed and empty.
    pub fn pop(&self) -> Option<Out> {
        let mut w = self.state.lock().ok()?;
        loop {
            if let Some(m) = w.queue.pop_front() {
                self.changed.notify_all();
                return Some(m);
            }
            if let Some(uri) = w.diagnostics.pop_front() {
                if let Some(m) = w.newest.remove(&uri) {
                    return Some(m);
                }
            }
            if w.closed {
                return None;
            }
            w = self.changed.wait(w).ok()?;
        }
    }
}

/// The document a `textDocument/publishDiagnostics` notification is about.
fn diagnostics_of(message: &Message) -> Option<String> {
    match message {
        Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => {
            n.params.get("uri")?.as_str().map(String::from)
        }
        _ => None,
    }
}
