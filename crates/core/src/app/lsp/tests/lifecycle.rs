//! The server over time: a glossary that changes while it serves, a
//! client that misbehaves, and how the session ends.

use super::*;

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
