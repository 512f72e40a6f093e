//! What the server does for each request and notification: the protocol's methods, each
//! handed to the state, the actions or the navigation, and the answer built.

use std::path::PathBuf;

use lsp_server::{ErrorCode, Notification, Request};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{notification, request, PublishDiagnosticsParams};
use serde_json::Value;

use super::text;
use super::{actions, navigation, uri, Server};

impl Server<'_> {
    pub(super) fn handle_request(&mut self, req: &Request) -> Result<Value, (ErrorCode, String)> {
        fn params<P: serde::de::DeserializeOwned>(req: &Request) -> Result<P, (ErrorCode, String)> {
            serde_json::from_value(req.params.clone())
                .map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
        }
        let enc = self.client.encoding;
        let json = |v: Result<Value, serde_json::Error>| {
            v.map_err(|e| (ErrorCode::InternalError, e.to_string()))
        };
        match req.method.as_str() {
            request::CodeActionRequest::METHOD => {
                let p: lsp_types::CodeActionParams = params(req)?;
                let path = path_of(&p.text_document.uri)?;
                let only = p.context.only.as_deref();
                let actions = actions::code_actions(
                    &self.state,
                    &path,
                    &p.text_document.uri,
                    p.range,
                    only,
                    enc,
                );
                json(serde_json::to_value(actions))
            }
            request::HoverRequest::METHOD => {
                let p: lsp_types::HoverParams = params(req)?;
                let tdp = p.text_document_position_params;
                let path = path_of(&tdp.text_document.uri)?;
                json(serde_json::to_value(navigation::hover(
                    &self.state,
                    &path,
                    tdp.position,
                    enc,
                )))
            }
            request::GotoDefinition::METHOD => {
                let p: lsp_types::GotoDefinitionParams = params(req)?;
                let tdp = p.text_document_position_params;
                let path = path_of(&tdp.text_document.uri)?;
                json(serde_json::to_value(navigation::definition(
                    &self.state,
                    &path,
                    tdp.position,
                    enc,
                )))
            }
            request::Completion::METHOD => {
                let p: lsp_types::CompletionParams = params(req)?;
                let tdp = p.text_document_position;
                let path = path_of(&tdp.text_document.uri)?;
                let items = navigation::completion(&self.state, &path, tdp.position, enc);
                json(serde_json::to_value(items))
            }
            request::DocumentDiagnosticRequest::METHOD => {
                let p: lsp_types::DocumentDiagnosticParams = params(req)?;
                let path = path_of(&p.text_document.uri)?;
                let items = self.diagnostics_of(&path, &p.text_document.uri);
                json(Ok(serde_json::json!({ "kind": "full", "items": items })))
            }
            _ => Err((
                ErrorCode::MethodNotFound,
                format!("qalint does not handle {}", req.method),
            )),
        }
    }

    pub(super) fn handle_notification(&mut self, n: &mut Notification) -> Result<(), String> {
        // Taken, not copied: an opened buffer may be 64 MB.
        fn params<P: serde::de::DeserializeOwned>(n: &mut Notification) -> Result<P, String> {
            serde_json::from_value(std::mem::take(&mut n.params)).map_err(|e| e.to_string())
        }
        match n.method.as_str() {
            notification::Initialized::METHOD if self.client.watch => self.register_watchers(),
            notification::DidOpenTextDocument::METHOD => {
                let p: lsp_types::DidOpenTextDocumentParams = params(n)?;
                let path = path_of(&p.text_document.uri).map_err(|e| e.1)?;
                self.state
                    .open_buffer(path, p.text_document.text, p.text_document.version);
                self.stale = true;
            }
            super::transport::SKIPPED => {
                let uri = n
                    .params
                    .get("uri")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let uri: lsp_types::Uri = uri.parse().map_err(|_| format!("not a URI: {uri}"))?;
                let path = path_of(&uri).map_err(|e| e.1)?;
                self.state.open_skipped_buffer(path.clone());
                self.dirty.insert(path);
                self.stale = true;
            }
            notification::DidChangeTextDocument::METHOD => {
                let p: lsp_types::DidChangeTextDocumentParams = params(n)?;
                let path = path_of(&p.text_document.uri).map_err(|e| e.1)?;
                let Some(doc) = self.state.buffer(&path) else {
                    return Err("a change to a document that is not open".into());
                };
                let text = text::apply_changes(&doc.text, p.content_changes, self.client.encoding);
                // Checked once the edits queued behind this one have arrived: typing
                // fast lints the latest text, not every keystroke's.
                self.state
                    .change_buffer(&path, text, p.text_document.version);
                self.dirty.insert(path);
                self.stale = true;
            }
            notification::DidCloseTextDocument::METHOD => {
                let p: lsp_types::DidCloseTextDocumentParams = params(n)?;
                let path = path_of(&p.text_document.uri).map_err(|e| e.1)?;
                self.dirty.remove(&path);
                self.state.close_buffer(&path);
                if !self.client.pull {
                    self.notify::<notification::PublishDiagnostics>(PublishDiagnosticsParams {
                        uri: p.text_document.uri,
                        diagnostics: Vec::new(),
                        version: None,
                    });
                }
                self.stale = true;
            }
            notification::DidChangeWatchedFiles::METHOD => {
                let p: lsp_types::DidChangeWatchedFilesParams = params(n)?;
                let mut reload = false;
                for change in p.changes {
                    let Ok(path) = path_of(&change.uri) else {
                        continue;
                    };
                    // Settings, the bulk suppressions, or what makes a Nuxt site's collections:
                    // everything again. A
                    // page created, changed or deleted: read again (a deleted one is gone).
                    let name = path.file_name().and_then(|f| f.to_str()).unwrap_or("");
                    if name == qalint_workspace::config::CONFIG_FILE
                        || name == qalint_workspace::bulk_suppressions::FILE_NAME
                        || name.starts_with("nuxt.config.")
                        || path.ends_with(qalint_workspace::nuxt_record::FILE)
                    {
                        reload = true;
                    } else {
                        self.state.file_changed(&path);
                    }
                }
                if reload {
                    self.state.reload()?;
                }
                self.stale = true;
            }
            _ => {}
        }
        Ok(())
    }
}

fn path_of(u: &lsp_types::Uri) -> Result<PathBuf, (ErrorCode, String)> {
    uri::to_path(u).ok_or((
        ErrorCode::InvalidParams,
        format!("not a file URI: {}", u.as_str()),
    ))
}
