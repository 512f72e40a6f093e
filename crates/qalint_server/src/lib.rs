//! `qalint server`: the Language Server Protocol (3.17) over standard input and output, on
//! rust-analyzer's `lsp-server` (a synchronous loop keeps messages in order, as ruff's server
//! does). A front end like the CLI: the engine checks, the rules find, the fixes fix.

mod actions;
mod diagnostics;
mod handlers;
mod navigation;
mod outbox;
mod settings_errors;
mod text;
mod transport;
mod uri;

use std::path::{Path, PathBuf};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    notification, request, CodeActionKind, CodeActionOptions, CodeActionProviderCapability,
    CompletionOptions, DiagnosticOptions, DiagnosticServerCapabilities, HoverProviderCapability,
    InitializeParams, OneOf, PositionEncodingKind, PublishDiagnosticsParams, ServerCapabilities,
    ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
};
use serde_json::Value;

use qalint_workspace::Workspace;
use text::Encoding;

/// Serves on standard input and output until the client says `exit`. `Ok(true)` when it
/// said `shutdown` first (exit code 0), as the protocol asks.
pub fn run_stdio() -> Result<bool, String> {
    let (connection, threads) = transport::stdio();
    let served = serve(connection);
    // A framing error ends the stream, and the server with it: its cause is the error.
    threads.join()?;
    served
}

/// What the client told us it can do.
struct Client {
    encoding: Encoding,
    pull: bool,
    refresh: bool,
    watch: bool,
}

/// Waits for `initialize`, answering any other request `ServerNotInitialized` as the protocol
/// asks; `None` when the client said `exit` (or went) first.
fn initialize_request(connection: &Connection) -> Option<(RequestId, Value)> {
    for message in &connection.receiver {
        match message {
            Message::Request(req) if req.method == request::Initialize::METHOD => {
                return Some((req.id, req.params));
            }
            Message::Request(req) => {
                let message = "the server is not initialized yet".to_string();
                let code = ErrorCode::ServerNotInitialized as i32;
                let _ = connection
                    .sender
                    .send(Message::Response(Response::new_err(req.id, code, message)));
            }
            Message::Notification(n) if n.method == notification::Exit::METHOD => return None,
            Message::Notification(_) | Message::Response(_) => {}
        }
    }
    None
}

pub fn serve(connection: Connection) -> Result<bool, String> {
    // `exit` before `initialize`: exit code 1, as after any `exit` without `shutdown`.
    let Some((id, params)) = initialize_request(&connection) else {
        return Ok(false);
    };
    let params: InitializeParams = serde_json::from_value(params).map_err(|e| e.to_string())?;
    let caps = &params.capabilities;
    let utf8 = caps
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref())
        .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8));
    let client = Client {
        encoding: if utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        },
        pull: caps
            .text_document
            .as_ref()
            .is_some_and(|t| t.diagnostic.is_some()),
        refresh: caps
            .workspace
            .as_ref()
            .and_then(|w| w.diagnostic.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false),
        watch: caps
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false),
    };
    let root = workspace_root(&params);
    let capabilities = ServerCapabilities {
        position_encoding: Some(if utf8 {
            PositionEncodingKind::UTF8
        } else {
            PositionEncodingKind::UTF16
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(
            TextDocumentSyncKind::INCREMENTAL,
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::from(actions::FIX_ALL),
            ]),
            ..CodeActionOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["/".into(), " ".into()]),
            ..CompletionOptions::default()
        }),
        diagnostic_provider: client.pull.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("qalint".into()),
                inter_file_dependencies: true,
                workspace_diagnostics: false,
                ..DiagnosticOptions::default()
            })
        }),
        ..ServerCapabilities::default()
    };
    let result = serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": ServerInfo { name: "qalint".into(), version: Some(env!("CARGO_PKG_VERSION").into()) },
    });
    // The `initialized` that follows is the main loop's (it registers the file watchers).
    connection
        .sender
        .send(Message::Response(Response::new_ok(id, result)))
        .map_err(|e| e.to_string())?;
    let state = match Workspace::live(&root) {
        Ok(state) => state,
        Err(why) => return settings_errors::serve_unstarted(&connection, &why),
    };
    let mut server = Server {
        state,
        errors: Vec::new(),
        client,
        connection: &connection,
        shutdown: false,
        next_id: 0,
        dirty: Default::default(),
        stale: false,
    };
    server.main_loop()
}

fn workspace_root(params: &InitializeParams) -> PathBuf {
    let from_folders = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .and_then(|f| uri::to_path(&f.uri));
    #[allow(deprecated)]
    let from_root = params.root_uri.as_ref().and_then(uri::to_path);
    from_folders
        .or(from_root)
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."))
}

struct Server<'a> {
    state: Workspace,
    /// The settings' errors last seen (see `settings_errors`).
    errors: Vec<qalint_workspace::config::SettingsError>,
    client: Client,
    connection: &'a Connection,
    shutdown: bool,
    next_id: i32,
    /// Open buffers edited since they were last checked.
    dirty: std::collections::HashSet<PathBuf>,
    /// Something changed since the findings were last published.
    stale: bool,
}

impl Server<'_> {
    fn main_loop(&mut self) -> Result<bool, String> {
        let receiver = self.connection.receiver.clone();
        for message in &receiver {
            match message {
                Message::Request(req) => {
                    // A request sees the latest text.
                    self.flush();
                    if self.shutdown {
                        // After `shutdown`, only `exit` is expected.
                        let code = ErrorCode::InvalidRequest as i32;
                        let message = format!("{}: the server is shutting down", req.method);
                        self.respond(Response::new_err(req.id, code, message));
                        continue;
                    }
                    if req.method == request::Shutdown::METHOD {
                        self.shutdown = true;
                        self.respond(Response::new_ok(req.id, Value::Null));
                        continue;
                    }
                    self.request(req);
                }
                Message::Notification(n) => {
                    if n.method == notification::Exit::METHOD {
                        return Ok(self.shutdown);
                    }
                    self.notification(n);
                }
                Message::Response(_) => {}
            }
            // Lint once nothing more is waiting: edits that queued up while the last one was
            // linted are checked together, at their latest text.
            if receiver.is_empty() {
                self.flush();
            }
        }
        Ok(self.shutdown)
    }

    /// Checks the buffers edited since, and publishes the findings when anything changed.
    fn flush(&mut self) {
        for path in std::mem::take(&mut self.dirty) {
            self.state.check_buffer(&path);
        }
        if std::mem::take(&mut self.stale) {
            self.changed();
        }
    }

    fn respond(&self, response: Response) {
        let _ = self.connection.sender.send(Message::Response(response));
    }

    fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params) {
        let n = Notification::new(N::METHOD.to_string(), params);
        let _ = self.connection.sender.send(Message::Notification(n));
    }

    fn log(&self, message: String) {
        self.notify::<notification::LogMessage>(lsp_types::LogMessageParams {
            typ: lsp_types::MessageType::ERROR,
            message,
        });
    }

    fn send_request<R: lsp_types::request::Request>(&mut self, params: R::Params) {
        self.next_id += 1;
        let req = Request::new(
            RequestId::from(format!("qalint-{}", self.next_id)),
            R::METHOD.to_string(),
            params,
        );
        let _ = self.connection.sender.send(Message::Request(req));
    }

    /// A request, answered even when its handler panics: a half-typed buffer must never end
    /// the server.
    fn request(&mut self, req: Request) {
        let id = req.id.clone();
        let method = req.method.clone();
        let outcome =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.handle_request(&req)));
        let response = match outcome {
            Ok(Ok(value)) => Response::new_ok(id, value),
            Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
            Err(panic) => {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                let message = format!("qalint: {method} failed: {what}");
                self.log(message.clone());
                Response::new_err(id, ErrorCode::InternalError as i32, message)
            }
        };
        self.respond(response);
    }

    fn notification(&mut self, mut n: Notification) {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.handle_notification(&mut n)
        }));
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(message)) => self.log(format!("qalint: {}: {message}", n.method)),
            Err(_) => self.log(format!("qalint: {} failed (a qalint bug)", n.method)),
        }
    }

    fn register_watchers(&mut self) {
        // Pages (Markdown, YAML, CSV), payloads, settings, the bulk suppressions, and the Nuxt
        // files that decide what a page is.
        let watchers: Vec<Value> = [
            "**/*.md",
            "**/_payload.json",
            "**/*.{yml,yaml,csv}",
            "**/qalint.toml",
            "**/qalint-suppressions.json",
            "**/.nuxt/qalint/collections.json",
            "**/nuxt.config.{ts,js,mjs,mts}",
        ]
        .iter()
        .map(|g| serde_json::json!({ "globPattern": g }))
        .collect();
        self.send_request::<request::RegisterCapability>(lsp_types::RegistrationParams {
            registrations: vec![lsp_types::Registration {
                id: "qalint-watched-files".into(),
                method: notification::DidChangeWatchedFiles::METHOD.into(),
                register_options: Some(serde_json::json!({ "watchers": watchers })),
            }],
        });
    }

    /// After any change: the findings of every open page again, pushed or refreshed.
    fn changed(&mut self) {
        self.state.conclude();
        self.settings_errors();
        if self.client.pull {
            if self.client.refresh {
                self.send_request::<request::WorkspaceDiagnosticRefresh>(());
            }
            return;
        }
        let open: Vec<(PathBuf, i32)> = self
            .state
            .buffers()
            .map(|(p, d)| (p.clone(), d.version))
            .collect();
        for (path, version) in open {
            let Some(uri) = uri::from_path(&path) else {
                continue;
            };
            let diagnostics = self.diagnostics_of(&path, &uri);
            self.notify::<notification::PublishDiagnostics>(PublishDiagnosticsParams {
                uri,
                diagnostics,
                version: Some(version),
            });
        }
    }

    fn diagnostics_of(&self, path: &Path, uri: &lsp_types::Uri) -> Vec<lsp_types::Diagnostic> {
        if let Some(withheld) = self.settings_diagnostics(path) {
            return withheld;
        }
        let Some(text) = self.state.text_of(path) else {
            return Vec::new();
        };
        self.state
            .findings_of(path)
            .into_iter()
            .flatten()
            .map(|f| diagnostics::to_diagnostic(f, &text, uri, self.client.encoding))
            .collect()
    }
}
