//! Term checks in the editor: the findings of `--lint` for an open
//! document (the same reader, matching, checker, messages and severities)
//! published as diagnostics, and the quick fixes for them: replace an
//! avoided term with the preferred one, or silence the line with a
//! `gloss-ignore` comment. Both fixes are workspace edits, so they work in
//! every editor without a client-side command.

use super::documents::{Document, Encoding};
use super::Server;
use crate::formats::document::{self, Kind, Options};
use crate::model::finding::{Finding, Severity};
use crate::query::lint;
use lsp_types as types;
use std::collections::HashMap;

/// What a document was last found to hold, for the quick fixes.
pub(super) struct Checked {
    pub(super) version: i32,
    pub(super) findings: Vec<Finding>,
}

/// The format of a document: by its file name, else by the language the
/// client names (`markdown`, `po`), else plain text.
pub(super) fn kind(path: Option<&std::path::Path>, language_id: &str) -> Kind {
    let by_name = path.map(Kind::of).filter(|kind| *kind != Kind::Plain);
    by_name.unwrap_or(match language_id {
        "markdown" => Kind::Markdown,
        "po" => Kind::Po,
        "xliff" | "xlf" => Kind::Xliff,
        _ => Kind::Plain,
    })
}

/// The findings of `--lint` in the document at `uri`, as the client will
/// be shown them; `None` when the document is not open.
pub(super) fn findings(server: &mut Server, uri: &str) -> Option<Vec<Finding>> {
    let (text_lang, kind) = {
        let document = server.documents.get(uri)?;
        (server.language(uri, document), document.kind)
    };
    let document = server.documents.get(uri)?;
    let read = match document::read(kind, document.text.as_bytes(), &Options::default()) {
        Ok(read) => read,
        Err(message) => {
            crate::store::report::warn(&format!("{uri}: {message}"));
            return Some(Vec::new());
        }
    };
    let langs = lint::languages(&read, None, None, &text_lang);
    let involved = lint::involved(std::slice::from_ref(&langs));
    let terms = server.answers.terms(server.session.glossary(), &involved);
    Some(lint::lint(&read, terms, &langs))
}

/// Checks the document at `uri` and publishes what it holds.
pub(super) fn publish(server: &mut Server, uri: &str) {
    let Some(findings) = findings(server, uri) else {
        return;
    };
    let Some(document) = server.documents.get(uri) else {
        return;
    };
    let diagnostics: Vec<types::Diagnostic> = findings
        .iter()
        .map(|finding| diagnostic(document, finding, server.encoding))
        .collect();
    let params = serde_json::json!({
        "uri": uri,
        "version": document.version,
        "diagnostics": diagnostics,
    });
    server.notify(
        <types::notification::PublishDiagnostics as types::notification::Notification>::METHOD,
        params,
    );
    let version = document.version;
    server
        .checked
        .insert(uri.to_string(), Checked { version, findings });
}

/// Clears what was published for a document the client closed.
pub(super) fn clear(server: &mut Server, uri: &str) {
    server.checked.remove(uri);
    let params = serde_json::json!({ "uri": uri, "diagnostics": [] });
    server.notify(
        <types::notification::PublishDiagnostics as types::notification::Notification>::METHOD,
        params,
    );
}

fn diagnostic(document: &Document, finding: &Finding, encoding: Encoding) -> types::Diagnostic {
    types::Diagnostic {
        range: range(document, finding, encoding),
        severity: Some(match finding.severity {
            Some(Severity::Error) => types::DiagnosticSeverity::ERROR,
            Some(Severity::Warning) => types::DiagnosticSeverity::WARNING,
            _ => types::DiagnosticSeverity::INFORMATION,
        }),
        code: Some(types::NumberOrString::String(finding.slug.clone())),
        source: Some("gloss".to_string()),
        message: finding.message.clone(),
        ..Default::default()
    }
}

/// A finding's span (1-based lines, columns in characters) as a range.
fn range(document: &Document, finding: &Finding, encoding: Encoding) -> types::Range {
    let span = finding.span;
    let at = |line: u32, column: u32| {
        let offset = document.char_offset(line.saturating_sub(1), column.saturating_sub(1));
        document.position(offset, encoding)
    };
    types::Range::new(
        at(span.line, span.column),
        at(span.end_line, span.end_column),
    )
}

/// The quick fixes for the findings in the requested range: each avoided
/// term replaced by each expected one, and an ignore comment for the line.
pub(super) fn actions(
    server: &mut Server,
    params: types::CodeActionParams,
) -> Result<Option<types::CodeActionResponse>, String> {
    let uri = params.text_document.uri;
    let (_, _) = server.document(&uri)?;
    let current = server
        .checked
        .get(uri.as_str())
        .zip(server.documents.get(uri.as_str()))
        .is_some_and(|(checked, document)| checked.version == document.version);
    if !current {
        publish(server, uri.as_str());
    }
    let (document, _) = server.document(&uri)?;
    let findings = server
        .checked
        .get(uri.as_str())
        .map_or(&[][..], |checked| &checked.findings[..]);
    let wanted = params.range;
    let mut actions = Vec::new();
    for finding in findings {
        let range = range(document, finding, server.encoding);
        let overlaps = range.start <= wanted.end && wanted.start <= range.end;
        if !overlaps {
            continue;
        }
        let diagnostic = diagnostic(document, finding, server.encoding);
        if finding.severity == Some(Severity::Error) {
            for (i, expected) in finding.expected.iter().enumerate() {
                let edit = types::TextEdit::new(range, expected.clone());
                actions.push(action(
                    format!("Replace `{}` with `{expected}`", finding.found),
                    &uri,
                    edit,
                    &diagnostic,
                    i == 0,
                ));
            }
        }
        let (line, comment) = ignore_comment(document, range.start.line as usize, &finding.slug);
        let at = types::Position::new(line as u32, 0);
        let edit = types::TextEdit::new(types::Range::new(at, at), comment);
        actions.push(action(
            format!("Ignore `{}` on this line (gloss-ignore)", finding.slug),
            &uri,
            edit,
            &diagnostic,
            false,
        ));
    }
    Ok(Some(actions))
}

// lsp-types keys a workspace edit by `Uri`, whose cached parse is a cell
// that never changes what it hashes: `changes`, not `documentChanges`, is
// what every client applies.
#[allow(clippy::mutable_key_type)]
fn action(
    title: String,
    uri: &types::Uri,
    edit: types::TextEdit,
    diagnostic: &types::Diagnostic,
    preferred: bool,
) -> types::CodeActionOrCommand {
    let changes = HashMap::from([(uri.clone(), vec![edit])]);
    types::CodeActionOrCommand::CodeAction(types::CodeAction {
        title,
        kind: Some(types::CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic.clone()]),
        edit: Some(types::WorkspaceEdit::new(changes)),
        is_preferred: preferred.then_some(true),
        ..Default::default()
    })
}

/// Where to insert a comment that silences `slug` for what is on `line`,
/// and the comment: in a PO file a translator comment at the start of the
/// entry (comments come before `msgid`), elsewhere a line before it,
/// indented as it is.
fn ignore_comment(document: &Document, line: usize, slug: &str) -> (usize, String) {
    let text = |line: usize| {
        let (start, end) = document.line_span_of(line);
        &document.text[start..end]
    };
    if document.kind == Kind::Po {
        let entry = (0..line)
            .rev()
            .find(|&above| text(above).trim().is_empty())
            .map_or(0, |blank| blank + 1);
        return (entry, format!("# gloss-ignore {slug}\n"));
    }
    let here = text(line);
    let indent = &here[..here.len() - here.trim_start().len()];
    (line, format!("{indent}<!-- gloss-ignore {slug} -->\n"))
}
