//! `gloss --lsp` driven over pipes as an editor drives it: JSON-RPC framed
//! by `Content-Length` on stdin and stdout, the embedded bundle and a
//! folder, and a client that misbehaves (a malformed message, a message
//! too large, a header that cannot be read, a client that goes away).
//! Each test owns its HOME, data, config and cache folders.

use crate::common::gloss_std;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

/// Long enough for a loaded machine, short enough that a hang fails.
const PATIENCE: Duration = Duration::from_secs(20);

pub struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
    next: i64,
    /// Notifications read while waiting for something else.
    pub notes: Vec<Value>,
    _home: tempfile::TempDir,
}

/// One message as the protocol frames it.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    framed.extend_from_slice(body);
    framed
}

impl Server {
    pub fn start(args: &[&str]) -> Server {
        let home = tempfile::tempdir().unwrap();
        let mut command = gloss_std();
        command
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            .arg("--lsp")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("gloss starts");
        let stdout = child.stdout.take().unwrap();
        let (send, messages) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(value) = line.strip_prefix("Content-Length: ") {
                        length = Some(value.parse::<usize>().unwrap());
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                reader.read_exact(&mut body).unwrap();
                let message: Value = serde_json::from_slice(&body).unwrap();
                if send.send(message).is_err() {
                    return;
                }
            }
        });
        Server {
            stdin: child.stdin.take(),
            child,
            messages,
            next: 0,
            notes: Vec::new(),
            _home: home,
        }
    }

    /// The HOME this server runs with (its cache and watcher are under it).
    pub fn home(&self) -> &std::path::Path {
        self._home.path()
    }

    pub fn write(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().unwrap();
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    pub fn send(&mut self, message: Value) {
        let mut message = message;
        message["jsonrpc"] = json!("2.0");
        self.write(&frame(message.to_string().as_bytes()));
    }

    fn receive(&self) -> Value {
        match self.messages.recv_timeout(PATIENCE) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => panic!("no answer in {PATIENCE:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
        }
    }

    /// The response to a request, with notifications kept aside.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = self.next;
        self.send(json!({"id": id, "method": method, "params": params}));
        self.response(id)
    }

    pub fn response(&mut self, id: i64) -> Value {
        loop {
            let message = self.receive();
            if message["id"] == json!(id) && message.get("method").is_none() {
                return message;
            }
            self.notes.push(message);
        }
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"method": method, "params": params}));
    }

    /// The next notification of `method`, kept or yet to come.
    pub fn wait_for(&mut self, method: &str) -> Value {
        if let Some(at) = self.notes.iter().position(|n| n["method"] == method) {
            return self.notes.remove(at)["params"].clone();
        }
        loop {
            let message = self.receive();
            if message["method"] == method {
                return message["params"].clone();
            }
            self.notes.push(message);
        }
    }

    pub fn initialize(&mut self, params: Value) -> Value {
        let answer = self.request("initialize", params);
        self.notify("initialized", json!({}));
        answer["result"].clone()
    }

    pub fn open(&mut self, uri: &str, text: &str) {
        let document = json!({"uri": uri, "languageId": "markdown", "version": 1, "text": text});
        self.notify("textDocument/didOpen", json!({ "textDocument": document }));
    }

    pub fn at(&mut self, method: &str, uri: &str, line: u32, character: u32) -> Value {
        let params = json!({
            "textDocument": {"uri": uri},
            "position": {"line": line, "character": character},
        });
        self.request(method, params)
    }

    /// Closes stdin and waits: the exit status and what was said on stderr.
    pub fn wait(mut self) -> (Option<i32>, String) {
        drop(self.stdin.take());
        self.wait_open()
    }

    /// Waits with stdin still open, as a client that sent `exit` may.
    pub fn wait_open(mut self) -> (Option<i32>, String) {
        let deadline = std::time::Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                let mut stderr = String::new();
                self.child
                    .stderr
                    .take()
                    .unwrap()
                    .read_to_string(&mut stderr)
                    .unwrap();
                return (status.code(), stderr);
            }
            if std::time::Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the server did not exit");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// `shutdown` then `exit`, stdin left open: the exit status.
    pub fn finish(mut self) -> Option<i32> {
        let answer = self.request("shutdown", Value::Null);
        assert_eq!(answer["result"], Value::Null, "{answer}");
        self.notify("exit", Value::Null);
        self.wait_open().0
    }
}

#[test]
fn the_bundle_is_served_over_pipes_and_shutdown_then_exit_is_status_0() {
    let mut server = Server::start(&[]);
    let utf8 = json!({"capabilities": {"general": {"positionEncodings": ["utf-8", "utf-16"]}}});
    let result = server.initialize(utf8);
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(
        result["capabilities"]["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix"])
    );
    let uri = "file:///tmp/notes.sv.md";
    let text = "Vi säljer 😀 med mjuk sälj.\nMju";
    server.open(uri, text);
    let column = "Vi säljer 😀 med ".len() as u32;
    let hover = server.at("textDocument/hover", uri, 0, column + 1);
    let value = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(value.starts_with("# Mjuk sälj\n"), "{value}");
    assert!(value.contains("## Vad är en mjuk försäljning?"), "{value}");
    assert_eq!(hover["result"]["range"]["start"]["character"], column);
    let completion = server.at("textDocument/completion", uri, 1, 3);
    assert_eq!(completion["result"]["items"][0]["label"], "Mjuk sälj");
    let documentation = completion["result"]["items"][0]["documentation"]
        .as_str()
        .unwrap();
    assert!(
        documentation.starts_with("Soft sell hänvisar"),
        "{documentation}"
    );
    // A bundled article has no file to open.
    let definition = server.at("textDocument/definition", uri, 0, column + 1);
    assert_eq!(definition["result"], Value::Null);
    assert_eq!(server.finish(), Some(0));
}

#[test]
fn a_folder_article_is_opened_and_a_new_one_shows_while_serving() {
    let dir = tempfile::tempdir().unwrap();
    let write = |slug: &str, front: &str| {
        std::fs::create_dir_all(dir.path().join(slug)).unwrap();
        let text = format!("---\n{front}\n---\n\nText.\n");
        std::fs::write(dir.path().join(slug).join("en.md"), text).unwrap();
    };
    write(
        "ledger",
        "title: Ledger\ndescription: The book of accounts.\navoid: [day book]",
    );
    let mut server = Server::start(&["--data-dir", dir.path().to_str().unwrap()]);
    server.initialize(json!({"capabilities": {}}));
    let uri = "file:///tmp/report.en.md";
    server.open(uri, "See the day book and the voucher.");
    let published = server.wait_for("textDocument/publishDiagnostics");
    let message = &published["diagnostics"][0]["message"];
    assert_eq!(message, "`day book` is to be avoided; use `Ledger`");
    let definition = server.at("textDocument/definition", uri, 0, 9);
    let file = dir.path().join("ledger/en.md");
    let target = definition["result"]["uri"].as_str().unwrap();
    assert!(
        target.starts_with("file:///") && target.ends_with("/ledger/en.md"),
        "{target}"
    );
    assert!(file.exists());
    assert_eq!(
        server.at("textDocument/hover", uri, 0, 27)["result"],
        Value::Null
    );
    write(
        "voucher",
        "title: Voucher\ndescription: A paper that proves a payment.",
    );
    // The server looks at its folders every 100 ms, or less often when
    // looking is slow: the article shows within a bounded time.
    let deadline = std::time::Instant::now() + PATIENCE;
    loop {
        let hover = server.at("textDocument/hover", uri, 0, 27);
        let value = hover["result"]["contents"]["value"].as_str();
        if value.is_some_and(|value| value.starts_with("# Voucher")) {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "never shown: {hover}");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(server.finish(), Some(0));
}

#[test]
fn malformed_and_oversized_messages_are_answered_and_the_server_carries_on() {
    let mut server = Server::start(&[]);
    server.initialize(json!({"capabilities": {}}));
    // Not JSON at all: told in the log.
    server.write(&frame(b"{this is not json"));
    let told = server.wait_for("window/logMessage");
    assert!(
        told["message"].as_str().unwrap().contains("malformed"),
        "{told}"
    );
    // JSON with an id but no valid request: an error response.
    server.write(&frame(br#"{"jsonrpc":"2.0","id":99,"method":17}"#));
    let answer = server.response(99);
    assert_eq!(answer["error"]["code"], -32600, "{answer}");
    let unknown = server.request("gloss/nothing", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    // A 100 MB document: skipped unread, told, and never opened.
    let uri = "file:///tmp/huge.md";
    let text = "soft sell ".repeat(10 << 20);
    let document = json!({"uri": uri, "languageId": "markdown", "version": 1, "text": text});
    server.notify("textDocument/didOpen", json!({ "textDocument": document }));
    drop(text);
    let told = server.wait_for("window/logMessage");
    assert!(
        told["message"]
            .as_str()
            .unwrap()
            .contains("skipped a message of"),
        "{told}"
    );
    let hover = server.at("textDocument/hover", uri, 0, 0);
    assert!(
        hover["error"]["message"]
            .as_str()
            .unwrap()
            .contains("is not open"),
        "{hover}"
    );
    // Still serving.
    server.open("file:///tmp/a.sv.md", "mjuk sälj");
    let hover = server.at("textDocument/hover", "file:///tmp/a.sv.md", 0, 1);
    assert!(hover["result"]["contents"]["value"]
        .as_str()
        .unwrap()
        .starts_with("# Mjuk sälj"));
    assert_eq!(server.finish(), Some(0));
}

#[test]
fn a_broken_stream_or_a_vanished_client_ends_the_server_with_status_1() {
    // A header that cannot be read: no way to find the next message.
    let mut server = Server::start(&[]);
    server.initialize(json!({"capabilities": {}}));
    server.write(b"Content-Length: lots\r\n\r\n");
    let (code, stderr) = server.wait();
    assert_eq!(code, Some(1));
    assert!(stderr.contains("is not a length"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    // Stdin closed without shutdown, after and before initializing: status
    // 1, and one line saying why (the client's log went with the client).
    let gone = "gloss: the editor closed the connection without shutdown\n";
    let mut server = Server::start(&[]);
    server.initialize(json!({"capabilities": {}}));
    assert_eq!(server.wait(), (Some(1), gone.to_string()));
    assert_eq!(Server::start(&[]).wait(), (Some(1), gone.to_string()));
    // `exit` without `shutdown`.
    let mut server = Server::start(&[]);
    server.initialize(json!({"capabilities": {}}));
    server.notify("exit", Value::Null);
    let early = "gloss: the editor sent exit without shutdown\n";
    assert_eq!(server.wait(), (Some(1), early.to_string()));
}

#[test]
fn stdin_closed_after_shutdown_is_the_end_the_client_asked_for() {
    let mut server = Server::start(&[]);
    server.initialize(json!({"capabilities": {}}));
    let answer = server.request("shutdown", Value::Null);
    assert_eq!(answer["result"], Value::Null, "{answer}");
    assert_eq!(server.wait(), (Some(0), String::new()));
}

#[test]
fn lsp_takes_no_term() {
    let stderr = crate::common::stderr_of(&["--lsp", "soft-sell"], 2);
    assert!(stderr.contains("--lsp takes no TERM"), "{stderr}");
}

/// The folder watchers running with this HOME (started by the server).
#[cfg(target_os = "linux")]
fn watchers(home: &std::path::Path) -> Vec<u32> {
    let wanted = format!("HOME={}", home.display());
    let entries = std::fs::read_dir("/proc").unwrap().flatten();
    let pids = entries.filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok());
    pids.filter(|pid| {
        let read = |what: &str| std::fs::read(format!("/proc/{pid}/{what}")).unwrap_or_default();
        let command = String::from_utf8_lossy(&read("cmdline")).into_owned();
        let environ = read("environ");
        command.contains("--serve-folder-watcher")
            && environ
                .split(|&b| b == 0)
                .any(|var| var == wanted.as_bytes())
    })
    .collect()
}

/// A folder large enough for gloss to watch (1,050 files): an article
/// added and one edited while serving show through the watcher's answers,
/// never a stale index.
#[cfg(target_os = "linux")]
#[test]
fn a_watched_folder_shows_added_and_edited_articles() {
    let dir = tempfile::tempdir().unwrap();
    let name = |term: usize| {
        let letter = |n: usize| char::from(b'a' + (n % 26) as u8);
        format!(
            "{}{}{}",
            letter(term / 676),
            letter(term / 26),
            letter(term)
        )
    };
    let write = |slug: &str, lang: &str, title: &str, description: &str| {
        std::fs::create_dir_all(dir.path().join(slug)).unwrap();
        let text = format!("---\ntitle: {title}\ndescription: {description}\n---\n\nText.\n");
        std::fs::write(dir.path().join(slug).join(format!("{lang}.md")), text).unwrap();
    };
    for term in 0..210 {
        for lang in ["en", "sv", "fi", "pl", "ru"] {
            let title = format!("{} widget", name(term));
            write(&format!("term-{term:03}"), lang, &title, "A widget.");
        }
    }
    let mut server = Server::start(&["--data-dir", dir.path().to_str().unwrap()]);
    server.initialize(json!({"capabilities": {}}));
    let uri = "file:///tmp/w.en.md";
    server.open(uri, "The aab widget and the gizmo.");
    server.wait_for("textDocument/publishDiagnostics");
    let deadline = std::time::Instant::now() + PATIENCE;
    while watchers(server.home()).is_empty() {
        assert!(std::time::Instant::now() < deadline, "no watcher started");
        std::thread::sleep(Duration::from_millis(50));
    }
    let hover = |server: &mut Server, character: u32| {
        let answer = server.at("textDocument/hover", uri, 0, character);
        answer["result"]["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    // Answers while the watcher settles, so the server comes to rely on it.
    for _ in 0..6 {
        assert!(hover(&mut server, 5).starts_with("# aab widget"));
        std::thread::sleep(Duration::from_millis(150));
    }
    let shows = |server: &mut Server, character: u32, text: &str| {
        let deadline = std::time::Instant::now() + PATIENCE;
        loop {
            if hover(server, character).contains(text) {
                return;
            }
            assert!(std::time::Instant::now() < deadline, "never shown: {text}");
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    write("gizmo", "en", "Gizmo", "A small device.");
    shows(&mut server, 24, "A small device.");
    write("term-001", "en", "aab widget", "A widget, edited.");
    shows(&mut server, 5, "A widget, edited.");
    let started = watchers(server.home());
    assert_eq!(server.finish(), Some(0));
    // It would leave once its folder is gone; the test ends it now.
    for pid in started {
        let _ = std::process::Command::new("kill")
            .arg(pid.to_string())
            .status();
    }
}
