//! Diagnostics: the lint findings of a document as the client sees them,
//! their quick fixes, and PO files.

use super::*;

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
