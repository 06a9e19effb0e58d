//! The language server (`gloss --lsp`): the glossary in any editor that
//! speaks the Language Server Protocol. Synchronous: one thread answers
//! the client's messages in order from one session, opened once, and
//! refreshed before answers (at most every `REFRESH_EVERY`) so that an
//! article added or edited in a folder shows without a restart. Warnings
//! go to the client's log.
//!
//! `transport` frames messages on stdio, `documents` keeps what the client
//! has open and converts positions, `answers` holds hover, completion and
//! go to definition, `check` the diagnostics and their quick fixes.

mod answers;
mod check;
mod documents;
mod transport;

#[cfg(test)]
mod tests;

use crate::app::session::Session;
use crate::model::error::ExitCode;
use crate::model::lang;
use crate::store::report::{self, Level, Sink};
use documents::{Document, Encoding};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as note, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::MessageType;
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

/// How long the text must rest before a document is checked again: a
/// check per keystroke would fall behind a fast typist on a long document.
const DEBOUNCE: Duration = Duration::from_millis(10);

/// How often at most the glossary's folders are checked for changes: an
/// article edited in a folder shows within this long, and a burst of
/// requests pays for one check. Asking the folder watcher costs a tenth of
/// a millisecond, but listing a folder it does not watch costs one `stat`
/// per file (a tenth of a second at 20,000 files), so a check that took
/// longer waits `REFRESH_COST` times its own time: the server spends at
/// most a tenth of its time looking at folders.
const REFRESH_EVERY: Duration = Duration::from_millis(100);
const REFRESH_COST: u32 = 10;

/// Serves the client on stdin and stdout until it says `exit` or goes. An
/// ending that is not the protocol's clean one is told on stderr, the only
/// place left to tell it: the client's log went with the client.
pub(crate) fn serve(session: Session, preferences: Vec<String>) -> ExitCode {
    let (connection, threads) = transport::stdio();
    // Messages from every thread (a folder listed in parallel) reach the log.
    report::install(client_log(&connection));
    let ending = run(connection, session, preferences);
    // Input that could not be read was told already, as why it ended.
    let told = threads.broken();
    threads.finish();
    if let Some(why) = ending.why().filter(|_| !told) {
        report::to_stderr(Level::Plain, why);
    }
    ending.code()
}

/// How a session with a client ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    /// `exit` after `shutdown`: the protocol's clean end.
    Exited,
    /// `exit` without `shutdown` first.
    ExitedEarly,
    /// The input closed after `shutdown` but before `exit`: the client
    /// asked for the end and went (some close the pipe instead of sending
    /// `exit`); nothing it wanted is left undone.
    GoneAfterShutdown,
    /// The input closed without `shutdown` (before or after `initialize`):
    /// the editor quit or crashed mid-session.
    Gone,
}

impl Ending {
    /// The protocol's status: 0 when `shutdown` came, else 1.
    fn code(self) -> ExitCode {
        match self {
            Ending::Exited | Ending::GoneAfterShutdown => ExitCode::Success,
            Ending::ExitedEarly | Ending::Gone => ExitCode::NotFound,
        }
    }

    /// Why the status is not 0, for stderr.
    fn why(self) -> Option<&'static str> {
        match self {
            Ending::Exited | Ending::GoneAfterShutdown => None,
            Ending::ExitedEarly => Some("the editor sent exit without shutdown"),
            Ending::Gone => Some("the editor closed the connection without shutdown"),
        }
    }
}

/// Serves one client on `connection` until it says `exit` or goes.
fn run(connection: Connection, session: Session, preferences: Vec<String>) -> Ending {
    report::within(client_log(&connection), || {
        match Server::start(connection, session, preferences) {
            Start::Serving(mut server) => server.serve(),
            Start::Ended(ending) => ending,
        }
    })
}

/// The sink that sends warnings and notes to the client's log.
fn client_log(connection: &Connection) -> Sink {
    let sender = connection.sender.clone();
    Sink::To(std::sync::Arc::new(move |level: Level, message: &str| {
        let kind = match level {
            Level::Warning => MessageType::WARNING,
            Level::Plain => MessageType::INFO,
        };
        let _ = sender.send(transport::log(kind, message));
    }))
}

/// The state of one client's session.
struct Server {
    connection: Connection,
    session: Session,
    preferences: Vec<String>,
    /// The language the client configured (`initializationOptions.lang`).
    configured: Option<String>,
    encoding: Encoding,
    documents: HashMap<String, Document>,
    /// Documents to check once their text has rested, by URI.
    due: HashMap<String, Instant>,
    /// What each document was last found to hold.
    checked: HashMap<String, check::Checked>,
    /// Problems with glossary articles told in the client's log already.
    told: HashSet<String>,
    /// When the folders may be checked for changes again.
    refresh_at: Option<Instant>,
    answers: answers::Answers,
    shut_down: bool,
}

/// What the wait for the client ended with.
enum Event {
    Message(Message),
    /// A document's text has rested: time to check it.
    Rested,
    /// The client went away.
    Gone,
}

/// How handling a message ended.
enum Flow {
    Go,
    Exit(Ending),
}

/// What the wait for `initialize` ended with.
enum Start {
    Serving(Box<Server>),
    Ended(Ending),
}

impl Server {
    /// Waits for `initialize` (answering anything else with the protocol's
    /// "not initialized"), then answers it, unless the client leaves first.
    fn start(connection: Connection, session: Session, preferences: Vec<String>) -> Start {
        let mut server = Server {
            connection,
            session,
            preferences,
            configured: None,
            encoding: Encoding::Utf16,
            documents: HashMap::new(),
            due: HashMap::new(),
            checked: HashMap::new(),
            told: HashSet::new(),
            refresh_at: None,
            answers: answers::Answers::default(),
            shut_down: false,
        };
        loop {
            let Ok(message) = server.connection.receiver.recv() else {
                return Start::Ended(Ending::Gone);
            };
            match message {
                Message::Request(request) if request.method == req::Initialize::METHOD => {
                    server.initialize(request);
                    return Start::Serving(Box::new(server));
                }
                Message::Request(request) => server.error(
                    request.id,
                    ErrorCode::ServerNotInitialized,
                    "the server is not initialized yet".into(),
                ),
                Message::Notification(n) if n.method == note::Exit::METHOD => {
                    return Start::Ended(Ending::ExitedEarly)
                }
                _ => {}
            }
        }
    }

    fn initialize(&mut self, request: Request) {
        let params: lsp_types::InitializeParams =
            match serde_json::from_value(request.params.clone()) {
                Ok(params) => params,
                Err(error) => {
                    // A client this far off is told, and served with defaults.
                    report::warn(&format!("initialize: {error}"));
                    lsp_types::InitializeParams::default()
                }
            };
        let offered = params
            .capabilities
            .general
            .as_ref()
            .and_then(|general| general.position_encodings.clone())
            .unwrap_or_default();
        self.encoding = Encoding::negotiate(&offered);
        self.configured = params
            .initialization_options
            .as_ref()
            .and_then(configured_lang);
        let result = serde_json::json!({
            "capabilities": answers::capabilities(self.encoding),
            "serverInfo": { "name": "gloss", "version": env!("CARGO_PKG_VERSION") },
        });
        self.reply(Response::new_ok(request.id, result));
    }

    fn serve(&mut self) -> Ending {
        loop {
            let receiver = &self.connection.receiver;
            let event = match self.due.values().min() {
                Some(at) => {
                    match receiver.recv_timeout(at.saturating_duration_since(Instant::now())) {
                        Ok(message) => Event::Message(message),
                        Err(error) if error.is_timeout() => Event::Rested,
                        Err(_) => Event::Gone,
                    }
                }
                None => receiver.recv().map_or(Event::Gone, Event::Message),
            };
            match event {
                Event::Message(message) => {
                    if let Flow::Exit(ending) = self.handle(message) {
                        return ending;
                    }
                }
                Event::Rested => self.check_due(),
                Event::Gone if self.shut_down => return Ending::GoneAfterShutdown,
                Event::Gone => return Ending::Gone,
            }
        }
    }

    fn handle(&mut self, message: Message) -> Flow {
        match message {
            Message::Request(request) => self.request(request),
            Message::Notification(notification) => return self.notification(notification),
            // We send no requests, so no answers are awaited.
            Message::Response(_) => {}
        }
        Flow::Go
    }

    fn request(&mut self, request: Request) {
        let Request { id, method, params } = request;
        if self.shut_down {
            let message = format!("{method} after shutdown");
            return self.error(id, ErrorCode::InvalidRequest, message);
        }
        let answer = match method.as_str() {
            req::Shutdown::METHOD => {
                self.shut_down = true;
                Ok(serde_json::Value::Null)
            }
            req::Initialize::METHOD => Err((
                ErrorCode::InvalidRequest,
                "initialize was sent twice".to_string(),
            )),
            req::HoverRequest::METHOD => self.answer(params, answers::hover),
            req::Completion::METHOD => self.answer(params, answers::complete),
            req::GotoDefinition::METHOD => self.answer(params, answers::definition),
            req::CodeActionRequest::METHOD => self.answer(params, check::actions),
            _ => Err((ErrorCode::MethodNotFound, format!("no method {method}"))),
        };
        match answer {
            Ok(result) => self.reply(Response::new_ok(id, result)),
            Err((code, message)) => self.error(id, code, message),
        }
    }

    /// Decodes a request's parameters, refreshes the glossary and answers.
    fn answer<P: serde::de::DeserializeOwned, R: serde::Serialize>(
        &mut self,
        params: serde_json::Value,
        respond: fn(&mut Server, P) -> Result<R, String>,
    ) -> Result<serde_json::Value, (ErrorCode, String)> {
        let params = serde_json::from_value(params)
            .map_err(|error| (ErrorCode::InvalidParams, error.to_string()))?;
        self.refresh();
        let result =
            respond(self, params).map_err(|message| (ErrorCode::InvalidParams, message))?;
        serde_json::to_value(result).map_err(|error| (ErrorCode::InternalError, error.to_string()))
    }

    fn notification(&mut self, notification: Notification) -> Flow {
        let Notification { method, params } = notification;
        let outcome = match method.as_str() {
            note::Exit::METHOD => {
                return Flow::Exit(match self.shut_down {
                    true => Ending::Exited,
                    false => Ending::ExitedEarly,
                })
            }
            note::DidOpenTextDocument::METHOD => decode(params).map(|p| self.open(p)),
            note::DidChangeTextDocument::METHOD => decode(params).map(|p| self.change(p)),
            note::DidCloseTextDocument::METHOD => decode(params).map(|p| self.close(p)),
            note::DidChangeConfiguration::METHOD => decode(params).map(|p| self.configure(p)),
            // `initialized`, `$/cancelRequest`, `didSave` and the rest ask nothing of us.
            _ => Ok(()),
        };
        if let Err(error) = outcome {
            report::warn(&format!("{method}: {error}"));
        }
        Flow::Go
    }

    fn open(&mut self, params: lsp_types::DidOpenTextDocumentParams) {
        let document = params.text_document;
        let uri = document.uri.as_str().to_string();
        if document.text.len() > documents::MAX_DOCUMENT_BYTES {
            return report::warn(&format!(
                "{uri}: {}",
                documents::too_large(document.text.len())
            ));
        }
        // A document opened again replaces the one before.
        let others = self.open_bytes() - self.documents.get(&uri).map_or(0, |d| d.text.len());
        if others + document.text.len() > documents::MAX_OPEN_BYTES {
            return report::warn(&format!("{uri}: {}", documents::too_many(others)));
        }
        let path = documents::uri_path(&uri);
        let kind = check::kind(path.as_deref(), &document.language_id);
        let opened = Document::new(document.text, document.version, kind);
        self.documents.insert(uri.clone(), opened);
        self.due.insert(uri, Instant::now() + DEBOUNCE);
    }

    /// The text held for every open document, in bytes.
    fn open_bytes(&self) -> usize {
        self.documents.values().map(|d| d.text.len()).sum()
    }

    fn change(&mut self, params: lsp_types::DidChangeTextDocumentParams) {
        let uri = params.text_document.uri.as_str().to_string();
        let Some(document) = self.documents.get_mut(&uri) else {
            return report::warn(&format!("{uri}: changed but never opened"));
        };
        let version = params.text_document.version;
        let applied = document.apply(params.content_changes, version, self.encoding);
        let over = self.open_bytes() > documents::MAX_OPEN_BYTES;
        let applied = match (applied, over) {
            (Ok(()), true) => Err(documents::too_many(self.open_bytes())),
            (applied, _) => applied,
        };
        if let Err(message) = applied {
            // Edits we cannot follow leave a text that is not the client's.
            self.documents.remove(&uri);
            self.due.remove(&uri);
            check::clear(self, &uri);
            return report::warn(&format!("{uri}: {message}"));
        }
        self.due.insert(uri, Instant::now() + DEBOUNCE);
    }

    /// New settings (`{"lang": "sv"}`, or under `gloss`): every open
    /// document whose language they decide is checked again.
    fn configure(&mut self, params: lsp_types::DidChangeConfigurationParams) {
        let settings = &params.settings;
        let lang = configured_lang(settings.get("gloss").unwrap_or(settings));
        if lang.is_some() && lang != self.configured {
            self.configured = lang;
            let now = Instant::now();
            self.due = self
                .documents
                .keys()
                .map(|uri| (uri.clone(), now))
                .collect();
        }
    }

    fn close(&mut self, params: lsp_types::DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        self.documents.remove(uri.as_str());
        self.due.remove(uri.as_str());
        check::clear(self, uri.as_str());
    }

    /// Checks the documents whose text has rested.
    fn check_due(&mut self) {
        let now = Instant::now();
        let ready: Vec<String> = self
            .due
            .iter()
            .filter(|(_, at)| **at <= now)
            .map(|(uri, _)| uri.clone())
            .collect();
        if ready.is_empty() {
            return;
        }
        self.refresh();
        for uri in ready {
            self.due.remove(&uri);
            check::publish(self, &uri);
        }
    }

    /// Reopens the folders that changed (looking at most every
    /// `REFRESH_EVERY`, or less often when looking is slow); problems with
    /// their articles are told in the client's log, each once.
    fn refresh(&mut self) {
        let start = Instant::now();
        if self.refresh_at.is_some_and(|at| start < at) {
            return;
        }
        let reopened = self.session.refresh();
        let took = start.elapsed();
        self.refresh_at = Some(start + REFRESH_EVERY.max(took * REFRESH_COST));
        if reopened.is_empty() {
            return;
        }
        self.answers.forget();
        let report = crate::store::check::check_folders(&reopened, self.session.glossary());
        for problem in report.problems {
            let line = problem.to_string();
            if self.told.insert(line.clone()) {
                report::warn(&line);
            }
        }
    }

    /// The document at `uri`, with its language.
    fn document(&self, uri: &lsp_types::Uri) -> Result<(&Document, String), String> {
        let document = self
            .documents
            .get(uri.as_str())
            .ok_or_else(|| format!("{} is not open", uri.as_str()))?;
        Ok((document, self.language(uri.as_str(), document)))
    }

    /// The language of the document at `uri` (model/lang/ decides).
    fn language(&self, uri: &str, document: &Document) -> String {
        let path = documents::uri_path(uri);
        lang::of_document(
            &document.text,
            path.as_deref(),
            self.configured.as_deref(),
            &self.preferences,
        )
    }

    fn notify(&self, method: &str, params: serde_json::Value) {
        let notification = Notification::new(method.to_string(), params);
        let _ = self.connection.sender.send(notification.into());
    }

    /// The preference list for a document in `lang`: its language first.
    fn preferences_for(&self, lang: &str) -> Vec<String> {
        let mut preferences = vec![lang.to_string()];
        preferences.extend(self.preferences.iter().filter(|p| *p != lang).cloned());
        preferences
    }

    fn reply(&self, response: Response) {
        let _ = self.connection.sender.send(response.into());
    }

    fn error(&self, id: RequestId, code: ErrorCode, message: String) {
        self.reply(Response::new_err(id, code as i32, message));
    }
}

/// The language the editor's options name (`{"lang": "sv"}`), canonical.
fn configured_lang(options: &serde_json::Value) -> Option<String> {
    options.get("lang")?.as_str().and_then(lang::canonical)
}

fn decode<P: serde::de::DeserializeOwned>(params: serde_json::Value) -> Result<P, String> {
    serde_json::from_value(params).map_err(|error| error.to_string())
}
