//! Settings the server cannot use — a nested `qalint.toml` that does not parse, a Nuxt site
//! whose collections were never recorded: said to the user (`window/showMessage`, and a
//! diagnostic on the file at fault), and no page is reported until they are fixed, as the CLI
//! stops with exit 2 rather than check pages under other settings.

use std::path::{Path, PathBuf};

use lsp_server::{Connection, ErrorCode, Message, Notification, Response};
use lsp_types::notification::Notification as _;
use lsp_types::{notification, Diagnostic, DiagnosticSeverity, Position, Range};

use super::{uri, Server};

impl Server<'_> {
    /// Reads the settings' errors again: a new one is shown to the user, and the files they
    /// name get their diagnostic (cleared once the error is gone).
    pub(super) fn settings_errors(&mut self) {
        let open: Vec<&Path> = self.state.open_paths().map(PathBuf::as_path).collect();
        let errors = self.state.settings_errors(open.into_iter());
        for e in errors.iter().filter(|e| !self.errors.contains(e)) {
            self.notify::<notification::ShowMessage>(lsp_types::ShowMessageParams {
                typ: lsp_types::MessageType::ERROR,
                message: format!("qalint: {e} (no page is checked until it is fixed)"),
            });
        }
        let before: Vec<PathBuf> = self
            .errors
            .iter()
            .filter_map(|e| place(e).map(|p| p.0))
            .collect();
        self.errors = errors;
        if self.client.pull {
            return;
        }
        let now: Vec<PathBuf> = self
            .errors
            .iter()
            .filter_map(|e| place(e).map(|p| p.0))
            .collect();
        for file in before.iter().chain(&now) {
            if self.state.is_open(file) {
                continue; // published with the open buffers
            }
            if let Some(uri) = uri::from_path(file) {
                let diagnostics = self.settings_diagnostics(file).unwrap_or_default();
                self.notify::<notification::PublishDiagnostics>(
                    lsp_types::PublishDiagnosticsParams {
                        uri,
                        diagnostics,
                        version: None,
                    },
                );
            }
        }
    }

    /// While the settings have errors: the diagnostics of `path` (the error it is the file
    /// of, or none). `None` when the settings are fine.
    pub(super) fn settings_diagnostics(&self, path: &Path) -> Option<Vec<Diagnostic>> {
        if self.errors.is_empty() {
            return None;
        }
        Some(
            self.errors
                .iter()
                .filter_map(|e| place(e))
                .filter(|(file, ..)| file == path)
                .map(|(_, line, column, message)| {
                    let at = Position::new(line.saturating_sub(1), column.saturating_sub(1));
                    Diagnostic {
                        range: Range::new(at, at),
                        severity: Some(DiagnosticSeverity::ERROR),
                        source: Some("qalint".into()),
                        message,
                        ..Diagnostic::default()
                    }
                })
                .collect(),
        )
    }
}

/// The file, line and column an error begins with (`/path/qalint.toml:1:11: message`), or the
/// file alone (`/path/qalint.toml: message`, at its start).
fn place(error: &str) -> Option<(PathBuf, u32, u32, String)> {
    let end = error.find(".toml:")? + ".toml".len();
    let file = PathBuf::from(&error[..end]);
    let rest = &error[end + 1..];
    let mut parts = rest.splitn(3, ':');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(l), Some(c), Some(m)) if l.parse::<u32>().is_ok() && c.parse::<u32>().is_ok() => {
            Some((file, l.parse().ok()?, c.parse().ok()?, m.trim().to_string()))
        }
        _ => Some((file, 1, 1, rest.trim().to_string())),
    }
}

/// A server that could not start on its workspace (its settings cannot be used): says why,
/// answers every request with that error, and ends as the protocol asks.
pub fn serve_unstarted(connection: &Connection, why: &str) -> Result<bool, String> {
    let message = format!("qalint: {why} (no page is checked until it is fixed)");
    let show = Notification::new(
        notification::ShowMessage::METHOD.into(),
        lsp_types::ShowMessageParams {
            typ: lsp_types::MessageType::ERROR,
            message: message.clone(),
        },
    );
    let _ = connection.sender.send(Message::Notification(show));
    let mut shutdown = false;
    for m in &connection.receiver {
        match m {
            Message::Request(req) if req.method == "shutdown" => {
                shutdown = true;
                let _ = connection
                    .sender
                    .send(Message::Response(Response::new_ok(req.id, ())));
            }
            Message::Request(req) => {
                let code = ErrorCode::RequestFailed as i32;
                let _ = connection.sender.send(Message::Response(Response::new_err(
                    req.id,
                    code,
                    message.clone(),
                )));
            }
            Message::Notification(n) if n.method == "exit" => return Ok(shutdown),
            _ => {}
        }
    }
    Ok(shutdown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_place_an_error_names() {
        assert_eq!(
            place("/s/sub/qalint.toml:1:11: unclosed array, expected `]`"),
            Some((
                PathBuf::from("/s/sub/qalint.toml"),
                1,
                11,
                "unclosed array, expected `]`".into()
            ))
        );
        assert_eq!(
            place("/s/qalint.toml: not read: a folder"),
            Some((
                PathBuf::from("/s/qalint.toml"),
                1,
                1,
                "not read: a folder".into()
            ))
        );
        assert_eq!(
            place("/site is a Nuxt Content site whose collections were never recorded"),
            None
        );
    }
}
