//! What a client asks of a document: the encoding, hover, completion,
//! definition, and the document's language and text as edits change it.

use super::*;

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
