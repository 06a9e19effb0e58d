//! The server driven through the in-memory connection, as a client would:
//! every capability, both position encodings, incremental edits, the live
//! glossary and what a misbehaving client gets.

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

#[test]
fn the_encoding_is_utf8_when_offered_else_utf16_and_capabilities_are_announced() {
    let dir = glossary();
    let offered = json!({"capabilities": {"general": {"positionEncodings": ["utf-16", "utf-8"]}}});
    let (client, result) = Client::initialized(dir.path(), offered);
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(
        result["capabilities"]["textDocumentSync"]["change"], 2,
        "incremental"
    );
    assert_eq!(result["capabilities"]["hoverProvider"], true);
    assert_eq!(result["capabilities"]["definitionProvider"], true);
    assert!(result["capabilities"]["completionProvider"].is_object());
    assert_eq!(result["serverInfo"]["name"], "gloss");
    assert_eq!(client.finish(), ExitCode::Success);
    let (client, result) = Client::initialized(dir.path(), json!({"capabilities": {}}));
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(client.finish(), ExitCode::Success);
}

/// Emoji, CJK and a combining mark before the term, in both encodings.
#[test]
fn hover_finds_the_term_after_wide_characters_in_either_encoding() {
    let dir = glossary();
    let text = "# Notes\n😀 日本 e\u{301} a soft sell here\n";
    let before = "😀 日本 e\u{301} a ";
    let utf16 = before.encode_utf16().count() as u32;
    let utf8 = before.len() as u32;
    for (params, column) in [
        (json!({"capabilities": {}}), utf16),
        (
            json!({"capabilities": {"general": {"positionEncodings": ["utf-8"]}}}),
            utf8,
        ),
    ] {
        let (mut client, _) = Client::initialized(dir.path(), params);
        client.open("file:///tmp/notes.md", text);
        let hover = client.hover("file:///tmp/notes.md", 1, column + 2);
        assert!(hover_text(&hover).starts_with("# Soft sell"), "{hover}");
        assert!(hover_text(&hover).contains("*Selling by suggestion.*"));
        assert!(hover_text(&hover).contains("## Use"));
        assert_eq!(
            hover["range"]["start"],
            json!({"line": 1, "character": column})
        );
        let end = column + "soft sell".len() as u32;
        assert_eq!(hover["range"]["end"], json!({"line": 1, "character": end}));
        // Just before the term, nothing.
        assert_eq!(
            client.hover("file:///tmp/notes.md", 1, column - 2),
            Value::Null
        );
        assert_eq!(client.finish(), ExitCode::Success);
    }
}

#[test]
fn hover_shows_aliases_and_translations_in_preferred_languages() {
    let dir = glossary();
    let (server_end, client_end) = Connection::memory();
    let session = Session::of_folders(vec![dir.path().to_path_buf()]);
    let preferences = vec!["en".to_string(), "sv".to_string()];
    let server = std::thread::spawn(move || run(server_end, session, preferences));
    let mut client = Client {
        connection: client_end,
        server: Some(server),
        next: 0,
        notes: Vec::new(),
    };
    client
        .request("initialize", json!({"capabilities": {}}))
        .unwrap();
    client.open("file:///tmp/a.md", "Try a gentle pitch.");
    let text = hover_text(&client.hover("file:///tmp/a.md", 0, 8));
    assert!(text.contains("# Soft sell"), "{text}");
    assert!(text.contains("gentle pitch"), "{text}");
    assert!(text.contains("- `sv` Mjuk sälj"), "{text}");
    assert_eq!(client.finish(), ExitCode::Success);
}

#[test]
fn the_document_language_comes_from_the_text_the_name_then_the_settings() {
    let dir = glossary();
    let mut client = utf16_client(dir.path());
    let swedish = |client: &mut Client, uri: &str, line: u32| {
        hover_text(&client.hover(uri, line, 2)).starts_with("# Mjuk sälj")
    };
    client.open("file:///tmp/a.md", "<!-- gloss-lang: sv -->\nmjuk sälj");
    assert!(swedish(&mut client, "file:///tmp/a.md", 1));
    client.open("file:///tmp/b.sv.md", "mjuk sälj");
    assert!(swedish(&mut client, "file:///tmp/b.sv.md", 0));
    client.open("file:///tmp/locale/sv/LC_MESSAGES/c.po", "mjuk sälj");
    assert!(swedish(
        &mut client,
        "file:///tmp/locale/sv/LC_MESSAGES/c.po",
        0
    ));
    // Not Swedish: the preferences (en) say English, where it is no term.
    client.open("file:///tmp/d.md", "mjuk sälj, soft-sell");
    assert_eq!(client.hover("file:///tmp/d.md", 0, 2), Value::Null);
    assert!(hover_text(&client.hover("file:///tmp/d.md", 0, 13)).starts_with("# Soft sell"));
    assert_eq!(client.finish(), ExitCode::Success);
    let options = json!({"capabilities": {}, "initializationOptions": {"lang": "SV"}});
    let (mut client, _) = Client::initialized(dir.path(), options);
    client.open("file:///tmp/d.md", "mjuk sälj");
    assert!(swedish(&mut client, "file:///tmp/d.md", 0));
    client.open("file:///tmp/e.en.md", "mjuk sälj");
    assert_eq!(client.hover("file:///tmp/e.en.md", 0, 2), Value::Null);
    // The setting changed while serving (`workspace/didChangeConfiguration`).
    let settings = json!({"settings": {"gloss": {"lang": "en"}}});
    client.notify("workspace/didChangeConfiguration", settings);
    assert_eq!(client.hover("file:///tmp/d.md", 0, 2), Value::Null);
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"lang": "sv"}}),
    );
    assert!(swedish(&mut client, "file:///tmp/d.md", 0));
    assert_eq!(client.finish(), ExitCode::Success);
}

#[test]
fn whole_and_incremental_changes_are_followed() {
    let dir = glossary();
    let mut client = utf16_client(dir.path());
    let uri = "file:///tmp/a.md";
    client.open(uri, "😀 nothing here\n");
    assert_eq!(client.hover(uri, 0, 4), Value::Null);
    // Replace "nothing" (after the emoji: two UTF-16 units and a space).
    let edit = json!({
        "textDocument": {"uri": uri, "version": 2},
        "contentChanges": [
            {"range": {"start": {"line": 0, "character": 3}, "end": {"line": 0, "character": 10}}, "text": "invoice"},
            {"range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 0}}, "text": "and a soft sell"},
        ],
    });
    client.notify("textDocument/didChange", edit);
    assert!(hover_text(&client.hover(uri, 0, 4)).starts_with("# Invoice"));
    assert!(hover_text(&client.hover(uri, 1, 8)).starts_with("# Soft sell"));
    let whole = json!({
        "textDocument": {"uri": uri, "version": 3},
        "contentChanges": [{"text": "plain words"}],
    });
    client.notify("textDocument/didChange", whole);
    assert_eq!(client.hover(uri, 0, 2), Value::Null);
    assert_eq!(client.finish(), ExitCode::Success);
}

#[test]
fn completion_offers_titles_and_aliases_of_the_language_from_three_letters() {
    let dir = glossary();
    let mut client = utf16_client(dir.path());
    let uri = "file:///tmp/a.md";
    client.open(uri, "so\nsof\nGent\nmju\n");
    assert_eq!(
        client.at("textDocument/completion", uri, 0, 2).ok(),
        Some(Value::Null)
    );
    let list = client.at("textDocument/completion", uri, 1, 3).unwrap();
    let labels: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["Soft sell"]);
    assert_eq!(list["items"][0]["documentation"], "Selling by suggestion.");
    let edit = &list["items"][0]["textEdit"];
    assert_eq!(edit["range"]["start"], json!({"line": 1, "character": 0}));
    assert_eq!(edit["newText"], "Soft sell");
    let list = client.at("textDocument/completion", uri, 2, 4).unwrap();
    assert_eq!(list["items"][0]["label"], "gentle pitch");
    assert_eq!(list["items"][0]["detail"], "→ Soft sell");
    // A Swedish title is not offered in an English document.
    let list = client.at("textDocument/completion", uri, 3, 3).unwrap();
    assert_eq!(list["items"], json!([]));
    client.open("file:///tmp/b.sv.md", "mju");
    let list = client
        .at("textDocument/completion", "file:///tmp/b.sv.md", 0, 3)
        .unwrap();
    assert_eq!(list["items"][0]["label"], "Mjuk sälj");
    assert_eq!(client.finish(), ExitCode::Success);
}

#[test]
fn definition_opens_a_folder_article_file() {
    let dir = glossary();
    let mut client = utf16_client(dir.path());
    client.open("file:///tmp/a.md", "An invoice.");
    let found = client
        .at("textDocument/definition", "file:///tmp/a.md", 0, 5)
        .unwrap();
    let path = documents::uri_path(found["uri"].as_str().unwrap()).unwrap();
    assert_eq!(path, dir.path().join("invoice/en.md"));
    let none = client
        .at("textDocument/definition", "file:///tmp/a.md", 0, 1)
        .ok();
    assert_eq!(none, Some(Value::Null));
    assert_eq!(client.finish(), ExitCode::Success);
}

#[test]
fn articles_added_edited_or_broken_while_serving_show_in_the_next_answer() {
    let dir = glossary();
    let mut client = utf16_client(dir.path());
    let uri = "file:///tmp/a.md";
    client.open(uri, "A receipt and an invoice.");
    // Read the folder's index once, so that there is something to go stale.
    let list = client.at("textDocument/completion", uri, 0, 5).unwrap();
    assert_eq!(list["items"], json!([]));
    article(
        dir.path(),
        "receipt",
        "en",
        "title: Receipt\ndescription: Proof of payment.",
        "Text.",
    );
    eventually(&mut client, "the new article", |client| {
        hover_text(&client.hover(uri, 0, 4)).starts_with("# Receipt")
    });
    let list = client.at("textDocument/completion", uri, 0, 5).unwrap();
    assert_eq!(list["items"][0]["label"], "Receipt");
    article(
        dir.path(),
        "invoice",
        "en",
        "title: Invoice\ndescription: A demand.",
        "Text.",
    );
    eventually(&mut client, "the edited article", |client| {
        hover_text(&client.hover(uri, 0, 19)).contains("A demand.")
    });
    let broken = "---\ntitle: [unclosed\n---\n";
    std::fs::write(dir.path().join("receipt/en.md"), broken).unwrap();
    let told = |client: &Client, file: &str| {
        let messages = client
            .notes
            .iter()
            .filter(|n| n.method == "window/logMessage");
        let about = messages.filter(|n| n.params["message"].as_str().unwrap().contains(file));
        about.count()
    };
    eventually(&mut client, "the broken article told", |client| {
        client.hover(uri, 0, 19);
        told(client, "receipt/en.md") > 0
    });
    // Another change to the folder: the first problem is not told again.
    std::fs::write(dir.path().join("receipt/fi.md"), "no front matter").unwrap();
    eventually(&mut client, "the second problem told", |client| {
        client.hover(uri, 0, 19);
        told(client, "receipt/fi.md") > 0
    });
    assert_eq!(told(&client, "receipt/en.md"), 1, "told once");
    assert!(
        hover_text(&client.hover(uri, 0, 19)).starts_with("# Invoice"),
        "the rest is served"
    );
    assert_eq!(client.finish(), ExitCode::Success);
}

#[test]
fn a_misbehaving_client_gets_errors_and_the_server_carries_on() {
    let dir = glossary();
    let mut client = Client::start(dir.path(), &["en"]);
    let early = client.request("textDocument/hover", json!({}));
    assert_eq!(
        early.unwrap_err().code,
        ErrorCode::ServerNotInitialized as i32
    );
    client
        .request("initialize", json!({"capabilities": {}}))
        .unwrap();
    let twice = client.request("initialize", json!({"capabilities": {}}));
    assert_eq!(twice.unwrap_err().code, ErrorCode::InvalidRequest as i32);
    let unknown = client.request("gloss/unknown", json!({}));
    assert_eq!(unknown.unwrap_err().code, ErrorCode::MethodNotFound as i32);
    let bad = client.request("textDocument/hover", json!({"textDocument": 5}));
    assert_eq!(bad.unwrap_err().code, ErrorCode::InvalidParams as i32);
    let never = client.at("textDocument/hover", "file:///tmp/never.md", 0, 0);
    assert!(never.unwrap_err().message.contains("is not open"));
    // Positions past the end are clamped, never a panic.
    client.open("file:///tmp/a.md", "invoice\n");
    assert!(hover_text(&client.hover("file:///tmp/a.md", 0, 99)).starts_with("# Invoice"));
    assert_eq!(client.hover("file:///tmp/a.md", 99, 99), Value::Null);
    // A change to a document never opened, and a document too large, are told.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "file:///tmp/x.md", "version": 2}, "contentChanges": []}),
    );
    assert!(client.wait_for("window/logMessage")["message"]
        .as_str()
        .unwrap()
        .contains("never opened"));
    let huge = "word ".repeat(documents::MAX_DOCUMENT_BYTES / 5 + 1);
    client.open("file:///tmp/huge.md", &huge);
    let told = client.wait_for("window/logMessage");
    assert!(
        told["message"].as_str().unwrap().contains("over the limit"),
        "{told}"
    );
    let refused = client.at("textDocument/hover", "file:///tmp/huge.md", 0, 0);
    assert!(refused.is_err());
    assert!(hover_text(&client.hover("file:///tmp/a.md", 0, 1)).starts_with("# Invoice"));
    assert_eq!(
        client.request("shutdown", Value::Null).ok(),
        Some(Value::Null)
    );
    let after = client.request("textDocument/hover", json!({}));
    assert_eq!(after.unwrap_err().code, ErrorCode::InvalidRequest as i32);
    client.notify("exit", Value::Null);
    assert_eq!(
        client.server.take().unwrap().join().unwrap(),
        Ending::Exited
    );
}

#[test]
fn exit_without_shutdown_or_a_vanished_client_ends_with_status_1_and_says_why() {
    let dir = glossary();
    let ended = |client: &mut Client| client.server.take().unwrap().join().unwrap();
    let mut client = utf16_client(dir.path());
    client.notify("exit", Value::Null);
    assert_eq!(ended(&mut client), Ending::ExitedEarly);
    // The editor went: after initializing, and before.
    for mut client in [utf16_client(dir.path()), Client::start(dir.path(), &[])] {
        let server = client.server.take().unwrap();
        drop(client);
        assert_eq!(server.join().unwrap(), Ending::Gone);
    }
    // `exit` before `initialize` is an exit without shutdown too.
    let mut client = Client::start(dir.path(), &[]);
    client.notify("exit", Value::Null);
    assert_eq!(ended(&mut client), Ending::ExitedEarly);
    // After `shutdown` the input closing is the end the client asked for.
    let mut client = utf16_client(dir.path());
    let answer = client.request("shutdown", Value::Null);
    assert_eq!(answer.ok(), Some(Value::Null));
    let server = client.server.take().unwrap();
    drop(client);
    assert_eq!(server.join().unwrap(), Ending::GoneAfterShutdown);
    // Each ending's status, and a line for each that is not 0.
    for (ending, code, said) in [
        (Ending::Exited, ExitCode::Success, false),
        (Ending::GoneAfterShutdown, ExitCode::Success, false),
        (Ending::ExitedEarly, ExitCode::NotFound, true),
        (Ending::Gone, ExitCode::NotFound, true),
    ] {
        assert_eq!((ending.code(), ending.why().is_some()), (code, said));
    }
}

/// Applies one text edit to the client's copy, as an editor would.
fn applied(text: &str, edit: &Value) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let at = |position: &Value| {
        let line = position["line"].as_u64().unwrap() as usize;
        let character = position["character"].as_u64().unwrap() as usize;
        let before: usize = lines[..line].iter().map(|l| l.len() + 1).sum();
        let units: Vec<(usize, char)> = lines[line].char_indices().collect();
        let mut count = 0;
        let mut offset = lines[line].len();
        for (i, c) in units {
            if count >= character {
                offset = i;
                break;
            }
            count += c.len_utf16();
        }
        before + offset
    };
    let (start, end) = (at(&edit["range"]["start"]), at(&edit["range"]["end"]));
    format!(
        "{}{}{}",
        &text[..start],
        edit["newText"].as_str().unwrap(),
        &text[end..]
    )
}

#[test]
fn diagnostics_are_the_lint_findings_and_the_fixes_edit_the_text() {
    let dir = glossary();
    let mut client = utf16_client(dir.path());
    let uri = "file:///tmp/letter.md";
    let text = "# Letter\n\n😀 Send the bill today.\n";
    client.open(uri, text);
    let published = client.wait_for("textDocument/publishDiagnostics");
    assert_eq!(published["uri"], uri);
    let diagnostics = published["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{published}");
    let diagnostic = &diagnostics[0];
    assert_eq!(
        diagnostic["message"],
        "`bill` is to be avoided; use `Invoice`"
    );
    assert_eq!(diagnostic["severity"], 1);
    assert_eq!(diagnostic["code"], "invoice");
    assert_eq!(diagnostic["source"], "gloss");
    let column = "😀 Send the ".encode_utf16().count();
    assert_eq!(
        diagnostic["range"]["start"],
        json!({"line": 2, "character": column})
    );
    assert_eq!(
        diagnostic["range"]["end"],
        json!({"line": 2, "character": column + 4})
    );
    // Hovering the avoided term shows the term it stands for.
    assert!(hover_text(&client.hover(uri, 2, column as u32 + 1)).starts_with("# Invoice"));
    let params = json!({
        "textDocument": {"uri": uri},
        "range": diagnostic["range"],
        "context": {"diagnostics": [diagnostic]},
    });
    let actions = client.request("textDocument/codeAction", params).unwrap();
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Replace `bill` with `Invoice`",
            "Replace `bill` with `invoice note`",
            "Ignore `invoice` on this line (gloss-ignore)",
        ]
    );
    assert_eq!(actions[0]["kind"], "quickfix");
    assert_eq!(actions[0]["isPreferred"], true);
    let replace = &actions[0]["edit"]["changes"][uri][0];
    let fixed = applied(text, replace);
    assert_eq!(fixed, "# Letter\n\n😀 Send the Invoice today.\n");
    let ignore = &actions[2]["edit"]["changes"][uri][0];
    let silenced = applied(text, ignore);
    assert_eq!(
        silenced,
        "# Letter\n\n<!-- gloss-ignore invoice -->\n😀 Send the bill today.\n"
    );
    // Either edit, sent back as a change, leaves nothing to report.
    for (version, new_text) in [(2, &fixed), (3, &silenced)] {
        let change = json!({
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": new_text}],
        });
        client.notify("textDocument/didChange", change);
        let published = client.wait_for("textDocument/publishDiagnostics");
        assert_eq!(published["diagnostics"], json!([]), "{new_text}");
        assert_eq!(published["version"], version);
    }
    // Typing quickly: one check after the text rests, for the last version.
    for version in 4..9 {
        let change = json!({
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": format!("bill {version}")}],
        });
        client.notify("textDocument/didChange", change);
    }
    let published = client.wait_for("textDocument/publishDiagnostics");
    assert_eq!(published["version"], 8);
    assert_eq!(published["diagnostics"].as_array().unwrap().len(), 1);
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    let published = client.wait_for("textDocument/publishDiagnostics");
    assert_eq!(published["diagnostics"], json!([]));
    assert_eq!(client.finish(), ExitCode::Success);
}

#[test]
fn an_article_added_while_serving_is_checked_for_in_the_next_check() {
    let dir = glossary();
    let mut client = utf16_client(dir.path());
    let uri = "file:///tmp/a.txt";
    client.open(uri, "Pay the fee.");
    let published = client.wait_for("textDocument/publishDiagnostics");
    assert_eq!(published["diagnostics"], json!([]));
    article(
        dir.path(),
        "charge",
        "en",
        "title: Charge\ndescription: A price.\navoid: [fee]",
        "Text.",
    );
    let mut version = 1;
    eventually(&mut client, "the new avoided term", |client| {
        version += 1;
        let change = json!({
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": "Pay the fee now."}],
        });
        client.notify("textDocument/didChange", change);
        let published = client.wait_for("textDocument/publishDiagnostics");
        published["diagnostics"][0]["message"] == "`fee` is to be avoided; use `Charge`"
    });
    assert_eq!(client.finish(), ExitCode::Success);
}

#[test]
fn a_po_file_is_checked_as_po_and_silenced_with_a_translator_comment() {
    let dir = glossary();
    article(
        dir.path(),
        "folder",
        "sv",
        "title: Katalog\ndescription: Där filer ligger.\navoid: [mapp]",
        "Text.",
    );
    article(
        dir.path(),
        "folder",
        "en",
        "title: Folder\ndescription: Where files are.",
        "Text.",
    );
    let mut client = utf16_client(dir.path());
    let uri = "file:///tmp/po/sv.po";
    let text = "msgid \"\"\nmsgstr \"\"\n\"Language: sv\\n\"\n\n#: src/main.c:1\nmsgid \"Open folder\"\nmsgstr \"Öppna mapp\"\n";
    let document = json!({"uri": uri, "languageId": "po", "version": 1, "text": text});
    client.notify("textDocument/didOpen", json!({ "textDocument": document }));
    let published = client.wait_for("textDocument/publishDiagnostics");
    let messages: Vec<&str> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    // Bilingual: the source term not translated as the glossary says, too.
    assert_eq!(
        messages,
        [
            "`folder` should be translated `Katalog`",
            "`mapp` is to be avoided; use `Katalog`"
        ]
    );
    assert_eq!(published["diagnostics"][0]["severity"], 2);
    let diagnostic = &published["diagnostics"][1];
    assert_eq!(diagnostic["severity"], 1);
    // Inside the msgstr string, where the word stands in the file.
    let column = "msgstr \"Öppna ".encode_utf16().count();
    assert_eq!(
        diagnostic["range"]["start"],
        json!({"line": 6, "character": column})
    );
    let params = json!({
        "textDocument": {"uri": uri},
        "range": diagnostic["range"],
        "context": {"diagnostics": [diagnostic]},
    });
    let actions = client.request("textDocument/codeAction", params).unwrap();
    let ignore = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Ignore"))
        .unwrap();
    let silenced = applied(text, &ignore["edit"]["changes"][uri][0]);
    assert!(
        silenced.contains("\n\n# gloss-ignore folder\n#: src/main.c:1\n"),
        "{silenced}"
    );
    let change = json!({
        "textDocument": {"uri": uri, "version": 2},
        "contentChanges": [{"text": silenced}],
    });
    client.notify("textDocument/didChange", change);
    let published = client.wait_for("textDocument/publishDiagnostics");
    assert_eq!(published["diagnostics"], json!([]));
    assert_eq!(client.finish(), ExitCode::Success);
}
