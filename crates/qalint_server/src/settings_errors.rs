//! Settings the server cannot use — a nested `qalint.toml` that does not parse, a Nuxt site
//! whose collections were never recorded: said to the user (`window/showMessage`, and a
//! diagnostic on the file at fault), and no page is reported until they are fixed, as the CLI
//! stops with exit 2 rather than check pages under other settings.

use std::path::{Path, PathBuf};

use lsp_server::{Connection, ErrorCode, Message, Notification, Response};
use lsp_types::notification::Notification as _;
use lsp_types::{notification, Diagnostic, DiagnosticSeverity, Position, Range};

use qalint_workspace::config::SettingsError;

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
        let before: Vec<PathBuf> = self.errors.iter().filter_map(placed_in).collect();
        self.errors = errors;
        if self.client.pull {
            return;
        }
        let now: Vec<PathBuf> = self.errors.iter().filter_map(placed_in).collect();
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
                .filter(|e| placed_in(e).is_some_and(|file| file == path))
                .map(|e| {
                    let (line, column, message) = match e {
                        SettingsError::At {
                            line,
                            column,
                            message,
                            ..
                        } => (*line, *column, message.clone()),
                        SettingsError::File { message, .. } => (1, 1, message.clone()),
                    };
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

/// The file an error gets its diagnostic on: a settings file (at the error's line and
/// column, or its start), never a file that is not there (a site's record never written).
fn placed_in(error: &SettingsError) -> Option<PathBuf> {
    match error {
        SettingsError::At { file, .. } => Some(file.clone()),
        SettingsError::File { file, .. } => file.is_file().then(|| file.clone()),
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

    /// An error at a place is put on its file; one about a file as a whole on that file only
    /// when it is there (a site's record that was never written gets no diagnostic).
    #[test]
    fn the_file_an_error_is_placed_in() {
        let at = SettingsError::At {
            file: "/s/sub/qalint.toml".into(),
            line: 1,
            column: 11,
            message: "unclosed array, expected `]`".into(),
        };
        assert_eq!(placed_in(&at), Some(PathBuf::from("/s/sub/qalint.toml")));
        let dir = tempfile::tempdir().expect("temp dir");
        let there = dir.path().join("qalint.toml");
        std::fs::write(&there, "x").expect("write");
        let unreadable = SettingsError::File {
            file: there.clone(),
            message: "cannot read it".into(),
        };
        assert_eq!(placed_in(&unreadable), Some(there));
        let record = SettingsError::File {
            file: dir.path().join(".nuxt/qalint/collections.json"),
            message: "a Nuxt Content site whose collections were never recorded".into(),
        };
        assert_eq!(placed_in(&record), None);
    }
}
