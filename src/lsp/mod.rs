//! `regkb lsp`: a Language Server Protocol server over standard input and
//! output (lsp-server, lsp-types) for `.kb`, `.kbtest` and `.q` files.
//!
//! Every open document is analysed by the library on each change: a file
//! of the workspace's knowledge base (`kb/`, or `--kb`) by loading and
//! checking the whole knowledge base through the editor's texts; another
//! `.kb` or `.q` file as a layer checked over it (`regkb check FILE`); a
//! fixture file by running its cases (`regkb test FILE`). A change re-checks
//! the open files that include the file changed. [`workspace`] holds that
//! state, [`features`] answers hover, definition, references, symbols and
//! completion from the catalogue and the syntax trees, [`text`] converts
//! positions. Formatting is not offered: the canonical printer drops
//! comments, and comments carry the knowledge base's sources.

mod features;
mod index;
mod text;
mod workspace;

pub use workspace::Settings;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use std::path::PathBuf;
use text::{Encoding, uri_path};
use workspace::Workspace;

/// Why the server stopped early.
#[derive(Debug, thiserror::Error)]
pub enum LspError {
    /// The connection to the editor failed or broke the protocol.
    #[error("the language server's connection failed: {0}")]
    Protocol(String),
    /// The editor's `initialize` could not be read.
    #[error("the editor's initialize request could not be read: {0}")]
    Initialize(#[from] serde_json::Error),
    /// Standard input or output failed.
    #[error("the language server's input or output failed: {0}")]
    Io(#[from] std::io::Error),
}

impl LspError {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            LspError::Protocol(_) => "lsp-protocol",
            LspError::Initialize(_) => "lsp-initialize",
            LspError::Io(_) => "io-error",
        }
    }
}

impl From<lsp_server::ProtocolError> for LspError {
    fn from(e: lsp_server::ProtocolError) -> Self {
        LspError::Protocol(e.to_string())
    }
}

/// What the server can do.
fn capabilities(encoding: Encoding) -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        position_encoding: Some(match encoding {
            Encoding::Utf8 => lsp::PositionEncodingKind::UTF8,
            Encoding::Utf16 => lsp::PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::FULL),
                save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        definition_provider: Some(lsp::OneOf::Left(true)),
        references_provider: Some(lsp::OneOf::Left(true)),
        document_symbol_provider: Some(lsp::OneOf::Left(true)),
        workspace_symbol_provider: Some(lsp::OneOf::Left(true)),
        completion_provider: Some(lsp::CompletionOptions {
            trigger_characters: Some(vec!["@".into(), "(".into(), ",".into()]),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// Serves one editor over standard input and output until it shuts the
/// server down.
pub fn run(settings: Settings) -> Result<(), LspError> {
    let (connection, threads) = Connection::stdio();
    serve(&connection, settings)?;
    drop(connection);
    threads.join()?;
    Ok(())
}

/// Serves one editor over a connection.
pub fn serve(connection: &Connection, settings: Settings) -> Result<(), LspError> {
    let (id, params) = connection.initialize_start()?;
    let init: lsp::InitializeParams = serde_json::from_value(params)?;
    let utf8 = init
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref())
        .is_some_and(|e| e.contains(&lsp::PositionEncodingKind::UTF8));
    let encoding = if utf8 {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    };
    #[allow(deprecated)]
    let root = init
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| f.uri.clone())
        .or(init.root_uri.clone())
        .and_then(|u| uri_path(&u));
    let result = lsp::InitializeResult {
        capabilities: capabilities(encoding),
        server_info: Some(lsp::ServerInfo {
            name: "regkb".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    connection.initialize_finish(id, serde_json::to_value(result)?)?;
    let mut ws = Workspace::new(root, encoding, settings);
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request)? {
                    return Ok(());
                }
                let response = respond(&ws, request);
                connection
                    .sender
                    .send(Message::Response(response))
                    .map_err(|e| LspError::Protocol(e.to_string()))?;
            }
            Message::Notification(n) => {
                if n.method == lsp::notification::Exit::METHOD {
                    return Ok(());
                }
                notified(&mut ws, n);
                for (path, diagnostics, version) in ws.publications() {
                    let Some(uri) = text::path_uri(&path) else {
                        continue;
                    };
                    let params = lsp::PublishDiagnosticsParams {
                        uri,
                        diagnostics,
                        version,
                    };
                    let n = Notification::new(
                        lsp::notification::PublishDiagnostics::METHOD.into(),
                        params,
                    );
                    connection
                        .sender
                        .send(Message::Notification(n))
                        .map_err(|e| LspError::Protocol(e.to_string()))?;
                }
            }
            Message::Response(_) => {}
        }
    }
    Ok(())
}

/// The canonical path of a document's URI (`None` for other schemes).
fn doc_path(uri: &lsp::Uri) -> Option<PathBuf> {
    let path = uri_path(uri)?;
    Some(crate::syntax::FileSystem::canonical(
        &crate::syntax::Disk,
        &path,
    ))
}

fn notified(ws: &mut Workspace, n: Notification) {
    use lsp::notification::{DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument};
    match n.method.as_str() {
        DidOpenTextDocument::METHOD => {
            if let Ok(p) = serde_json::from_value::<lsp::DidOpenTextDocumentParams>(n.params)
                && let Some(path) = doc_path(&p.text_document.uri)
            {
                ws.update(path, p.text_document.text, p.text_document.version);
            }
        }
        DidChangeTextDocument::METHOD => {
            if let Ok(p) = serde_json::from_value::<lsp::DidChangeTextDocumentParams>(n.params)
                && let Some(path) = doc_path(&p.text_document.uri)
                && let Some(change) = p.content_changes.into_iter().last()
            {
                ws.update(path, change.text, p.text_document.version);
            }
        }
        DidCloseTextDocument::METHOD => {
            if let Ok(p) = serde_json::from_value::<lsp::DidCloseTextDocumentParams>(n.params)
                && let Some(path) = doc_path(&p.text_document.uri)
            {
                ws.close(&path);
            }
        }
        _ => {}
    }
}

/// Answers a request; a request that panics (there should be none) gets
/// an internal error and the server goes on.
fn respond(ws: &Workspace, request: Request) -> Response {
    let id = request.id.clone();
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| answer(ws, request))) {
        Ok(Ok(value)) => Response::new_ok(id, value),
        Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
        Err(_) => Response::new_err(
            id,
            ErrorCode::InternalError as i32,
            "the request failed".into(),
        ),
    }
}

type Answer = Result<serde_json::Value, (ErrorCode, String)>;

fn params<P: serde::de::DeserializeOwned>(
    request: Request,
) -> Result<(RequestId, P), (ErrorCode, String)> {
    let id = request.id.clone();
    serde_json::from_value(request.params)
        .map(|p| (id, p))
        .map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
}

fn position_path(p: &lsp::TextDocumentPositionParams) -> Result<PathBuf, (ErrorCode, String)> {
    doc_path(&p.text_document.uri).ok_or((ErrorCode::InvalidParams, "not a file: URI".into()))
}

fn json<T: serde::Serialize>(value: T) -> Answer {
    serde_json::to_value(value).map_err(|e| (ErrorCode::InternalError, e.to_string()))
}

fn answer(ws: &Workspace, request: Request) -> Answer {
    use lsp::request::{
        Completion, DocumentSymbolRequest, GotoDefinition, HoverRequest, References,
        WorkspaceSymbolRequest,
    };
    match request.method.as_str() {
        HoverRequest::METHOD => {
            let (_, p) = params::<lsp::HoverParams>(request)?;
            let path = position_path(&p.text_document_position_params)?;
            json(ws.hover(&path, p.text_document_position_params.position))
        }
        GotoDefinition::METHOD => {
            let (_, p) = params::<lsp::GotoDefinitionParams>(request)?;
            let path = position_path(&p.text_document_position_params)?;
            json(
                ws.definition(&path, p.text_document_position_params.position)
                    .map(lsp::GotoDefinitionResponse::Scalar),
            )
        }
        References::METHOD => {
            let (_, p) = params::<lsp::ReferenceParams>(request)?;
            let path = position_path(&p.text_document_position)?;
            json(ws.references(
                &path,
                p.text_document_position.position,
                p.context.include_declaration,
            ))
        }
        DocumentSymbolRequest::METHOD => {
            let (_, p) = params::<lsp::DocumentSymbolParams>(request)?;
            let path = doc_path(&p.text_document.uri)
                .ok_or((ErrorCode::InvalidParams, "not a file: URI".to_string()))?;
            json(lsp::DocumentSymbolResponse::Flat(
                ws.document_symbols(&path),
            ))
        }
        WorkspaceSymbolRequest::METHOD => {
            let (_, p) = params::<lsp::WorkspaceSymbolParams>(request)?;
            json(lsp::WorkspaceSymbolResponse::Flat(
                ws.workspace_symbols(&p.query),
            ))
        }
        Completion::METHOD => {
            let (_, p) = params::<lsp::CompletionParams>(request)?;
            let path = position_path(&p.text_document_position)?;
            json(lsp::CompletionResponse::Array(
                ws.completion(&path, p.text_document_position.position),
            ))
        }
        other => Err((
            ErrorCode::MethodNotFound,
            format!("regkb lsp does not answer `{other}`"),
        )),
    }
}
