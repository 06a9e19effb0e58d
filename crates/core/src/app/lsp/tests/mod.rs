//! The server driven through the in-memory connection, as a client would:
//! every capability, both position encodings, incremental edits, the live
//! glossary and what a misbehaving client gets. The client harness is
//! here; the tests are in rooms by what they ask.

mod answers;
mod diagnostics;
mod lifecycle;

use super::*;
use serde_json::{json, Value};
use std::path::Path;
use std::thread::JoinHandle;

/// Long enough for a loaded machine, short enough that a hang fails.
const PATIENCE: Duration = Duration::from_secs(10);

fn article(dir: &Path, slug: &str, lang: &str, front: &str, body: &str) {
    let folder = dir.join(slug);
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join(format!("{lang}.md")),
        format!("---\n{front}\n---\n\n{body}\n"),
    )
    .unwrap();
}

/// A folder with `soft-sell` in English and Swedish and `invoice` in English.
fn glossary() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    article(
        dir.path(),
        "soft-sell",
        "en",
        "title: Soft sell\ndescription: Selling by suggestion.\naliases: [gentle pitch]",
        "## Use\n\nCasual advertising.",
    );
    article(
        dir.path(),
        "soft-sell",
        "sv",
        "title: Mjuk sälj\ndescription: Försäljning genom antydan.",
        "Text.",
    );
    article(
        dir.path(),
        "invoice",
        "en",
        "title: Invoice\ndescription: A request to pay for goods.\naliases: [invoice note]\navoid: [bill]",
        "Text.",
    );
    dir
}

struct Client {
    connection: Connection,
    server: Option<JoinHandle<Ending>>,
    next: i32,
    /// Notifications received while waiting for something else.
    notes: Vec<Notification>,
}

impl Client {
    fn start(dir: &Path, preferences: &[&str]) -> Client {
        let (server_end, client_end) = Connection::memory();
        let session = Session::of_folders(vec![dir.to_path_buf()]);
        let preferences = preferences.iter().map(|p| p.to_string()).collect();
        let server = std::thread::spawn(move || run(server_end, session, preferences));
        Client {
            connection: client_end,
            server: Some(server),
            next: 0,
            notes: Vec::new(),
        }
    }

    /// Started and initialized with these parameters; the result.
    fn initialized(dir: &Path, params: Value) -> (Client, Value) {
        let mut client = Client::start(dir, &["en"]);
        let result = client.request("initialize", params).unwrap();
        client.notify("initialized", json!({}));
        (client, result)
    }

    fn send(&self, message: Message) {
        self.connection.sender.send(message).unwrap();
    }

    fn receive(&self) -> Message {
        self.connection
            .receiver
            .recv_timeout(PATIENCE)
            .expect("the server answers")
    }

    fn request(&mut self, method: &str, params: Value) -> Result<Value, lsp_server::ResponseError> {
        self.next += 1;
        let id = RequestId::from(self.next);
        self.send(Request::new(id.clone(), method.to_string(), params).into());
        loop {
            match self.receive() {
                Message::Response(response) if response.id == id => {
                    return response.response_result
                }
                Message::Notification(n) => self.notes.push(n),
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    fn notify(&self, method: &str, params: Value) {
        self.send(Notification::new(method.to_string(), params).into());
    }

    /// The next notification of `method`, kept or yet to come.
    fn wait_for(&mut self, method: &str) -> Value {
        if let Some(at) = self.notes.iter().position(|n| n.method == method) {
            return self.notes.remove(at).params;
        }
        loop {
            match self.receive() {
                Message::Notification(n) if n.method == method => return n.params,
                Message::Notification(n) => self.notes.push(n),
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    fn open(&self, uri: &str, text: &str) {
        let document = json!({"uri": uri, "languageId": "markdown", "version": 1, "text": text});
        self.notify("textDocument/didOpen", json!({ "textDocument": document }));
    }

    fn at(
        &mut self,
        method: &str,
        uri: &str,
        line: u32,
        character: u32,
    ) -> Result<Value, lsp_server::ResponseError> {
        let params = json!({
            "textDocument": {"uri": uri},
            "position": {"line": line, "character": character},
        });
        self.request(method, params)
    }

    fn hover(&mut self, uri: &str, line: u32, character: u32) -> Value {
        self.at("textDocument/hover", uri, line, character).unwrap()
    }

    /// `shutdown`, `exit` and the status the server ended with.
    fn finish(mut self) -> ExitCode {
        assert_eq!(
            self.request("shutdown", Value::Null).ok(),
            Some(Value::Null)
        );
        self.notify("exit", Value::Null);
        self.server.take().unwrap().join().unwrap().code()
    }
}

/// Asks until `shown` holds: the server looks at its folders every
/// `REFRESH_EVERY` or less often (when looking is slow), so a change to
/// them shows within a bounded time, not at once.
fn eventually(client: &mut Client, what: &str, mut shown: impl FnMut(&mut Client) -> bool) {
    let deadline = Instant::now() + PATIENCE;
    while !shown(client) {
        assert!(Instant::now() < deadline, "never shown: {what}");
        std::thread::sleep(REFRESH_EVERY / 2);
    }
}

fn utf16_client(dir: &Path) -> Client {
    Client::initialized(dir, json!({"capabilities": {}})).0
}

fn hover_text(hover: &Value) -> String {
    hover["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}
