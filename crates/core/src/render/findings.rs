//! What `--lint` and `--scan` found, as text: compiler-style lines (styled
//! on a terminal), JSON, SARIF 2.1.0 for code-scanning services, and
//! `--scan`'s tab-separated rows and highlighted passages. Everything a
//! document or the glossary wrote is sanitised here, the one place it
//! leaves for a terminal.

use crate::model::finding::{FileFindings, Finding, Severity};
use crate::model::text::{one_line, sanitize};
use anstyle::{AnsiColor, Color, Style};
use serde_json::{json, Value};

const PATH: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const MARK: Style = Style::new()
    .bold()
    .fg_color(Some(Color::Ansi(AnsiColor::Yellow)));

/// The SARIF schema the output declares and is validated against.
const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn severity_style(severity: Severity) -> Style {
    let colour = match severity {
        Severity::Error => AnsiColor::Red,
        Severity::Warning => AnsiColor::Yellow,
        Severity::Note => AnsiColor::Cyan,
    };
    Style::new().bold().fg_color(Some(Color::Ansi(colour)))
}

fn paint(style: Style, text: &str, color: bool) -> String {
    match color {
        true => format!("{}{text}{}", style.render(), style.render_reset()),
        false => text.to_string(),
    }
}

/// `path:line:col: severity: message [slug]`, one finding a line.
pub fn lines(files: &[FileFindings], color: bool) -> String {
    let mut out = String::new();
    for file in files {
        let path = one_line(&file.path);
        for finding in &file.findings {
            let severity = finding.severity.unwrap_or(Severity::Note);
            let place = format!("{path}:{}:{}:", finding.span.line, finding.span.column);
            out.push_str(&format!(
                "{} {} {} {}\n",
                paint(PATH, &place, color),
                paint(
                    severity_style(severity),
                    &format!("{}:", severity.name()),
                    color
                ),
                one_line(&finding.message),
                paint(DIM, &format!("[{}]", finding.slug), color),
            ));
        }
    }
    out
}

fn position(file: &FileFindings, finding: &Finding) -> serde_json::Map<String, Value> {
    let span = finding.span;
    let mut object = serde_json::Map::new();
    object.insert("path".into(), one_line(&file.path).into());
    object.insert("line".into(), span.line.into());
    object.insert("column".into(), span.column.into());
    object.insert("end_line".into(), span.end_line.into());
    object.insert("end_column".into(), span.end_column.into());
    object
}

/// `--lint --format json`: one array of findings.
pub fn json(files: &[FileFindings]) -> String {
    let mut all = Vec::new();
    for file in files {
        for finding in &file.findings {
            let mut object = position(file, finding);
            let severity = finding.severity.map_or("note", Severity::name);
            object.insert("severity".into(), severity.into());
            object.insert("slug".into(), finding.slug.clone().into());
            object.insert("found".into(), one_line(&finding.found).into());
            object.insert("term".into(), finding.term.clone().into());
            object.insert("lang".into(), finding.lang.clone().into());
            object.insert("expected".into(), finding.expected.clone().into());
            object.insert("message".into(), one_line(&finding.message).into());
            all.push(Value::Object(object));
        }
    }
    to_json(&Value::Array(all))
}

/// `--scan --format json`: one array of occurrences.
pub fn scan_json(files: &[FileFindings]) -> String {
    let mut all = Vec::new();
    for file in files {
        for finding in &file.findings {
            let mut object = position(file, finding);
            object.insert("slug".into(), finding.slug.clone().into());
            object.insert("found".into(), one_line(&finding.found).into());
            object.insert("term".into(), finding.term.clone().into());
            object.insert("lang".into(), finding.lang.clone().into());
            let title = finding.expected.first().cloned().unwrap_or_default();
            object.insert("title".into(), title.into());
            object.insert("description".into(), finding.description.clone().into());
            all.push(Value::Object(object));
        }
    }
    to_json(&Value::Array(all))
}

/// `--scan` piped: `path TAB line TAB column TAB slug TAB found TAB description`.
pub fn scan_rows(files: &[FileFindings]) -> String {
    let mut out = String::new();
    for file in files {
        let path = one_line(&file.path).replace('\t', " ");
        for finding in &file.findings {
            out.push_str(&format!(
                "{path}\t{}\t{}\t{}\t{}\t{}\n",
                finding.span.line,
                finding.span.column,
                finding.slug,
                one_line(&finding.found),
                one_line(&finding.description),
            ));
        }
    }
    out
}

/// `--scan` on a terminal: each passage with its terms highlighted, then
/// each term found once with its title and description.
pub fn scan_terminal(files: &[FileFindings], color: bool) -> String {
    let mut out = String::new();
    for file in files.iter().filter(|file| !file.findings.is_empty()) {
        out.push_str(&paint(PATH, &one_line(&file.path), color));
        out.push('\n');
        for passage in &file.passages {
            let mut text = String::new();
            let mut at = 0;
            for &(start, end) in &passage.marks {
                let (Some(before), Some(mark)) =
                    (passage.text.get(at..start), passage.text.get(start..end))
                else {
                    continue;
                };
                text.push_str(&sanitize(before));
                text.push_str(&paint(MARK, &sanitize(mark), color));
                at = end;
            }
            text.push_str(&sanitize(passage.text.get(at..).unwrap_or("")));
            let number = format!("{:>5}: ", passage.line);
            let indent = " ".repeat(number.len());
            out.push_str(&paint(DIM, &number, color));
            out.push_str(&text.replace('\n', &format!("\n{indent}")));
            out.push('\n');
        }
        out.push('\n');
        let mut seen = std::collections::HashSet::new();
        for finding in &file.findings {
            if !seen.insert((&finding.slug, &finding.lang)) {
                continue;
            }
            let title = finding.expected.first().unwrap_or(&finding.term);
            out.push_str(&format!(
                "  {} {} {}\n",
                paint(MARK, &one_line(title), color),
                paint(DIM, &format!("({}, {})", finding.slug, finding.lang), color),
                one_line(&finding.description)
            ));
        }
        out.push('\n');
    }
    out
}

/// The SARIF rule each severity reports under.
fn rule(severity: Severity) -> (&'static str, &'static str) {
    match severity {
        Severity::Error => ("avoided-term", "A term the glossary says not to use"),
        Severity::Warning => (
            "untranslated-term",
            "A source term not translated as the glossary says",
        ),
        Severity::Note => (
            "no-target-article",
            "A source term the glossary has no article for in the target language",
        ),
    }
}

/// A path as a SARIF URI reference: relative, `/`-separated, with every
/// byte outside the unreserved set percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// `--lint --format sarif`: one SARIF 2.1.0 log of one run; files that
/// could not be read are the run's tool notifications.
pub fn sarif(files: &[FileFindings]) -> String {
    let severities = [Severity::Error, Severity::Warning, Severity::Note];
    let rules: Vec<Value> = severities
        .iter()
        .map(|&severity| {
            let (id, text) = rule(severity);
            json!({
                "id": id,
                "shortDescription": { "text": text },
                "defaultConfiguration": { "level": severity.name() },
            })
        })
        .collect();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for file in files {
        let location = |finding: Option<&Finding>| {
            let mut physical = json!({ "artifactLocation": { "uri": uri(&file.path) } });
            if let Some(finding) = finding {
                let span = finding.span;
                physical["region"] = json!({
                    "startLine": span.line,
                    "startColumn": span.column,
                    "endLine": span.end_line,
                    "endColumn": span.end_column,
                });
            }
            json!({ "physicalLocation": physical })
        };
        for finding in &file.findings {
            let severity = finding.severity.unwrap_or(Severity::Note);
            let index = severities.iter().position(|&s| s == severity).unwrap_or(0);
            results.push(json!({
                "ruleId": rule(severity).0,
                "ruleIndex": index,
                "level": severity.name(),
                "message": { "text": one_line(&finding.message) },
                "locations": [location(Some(finding))],
                "properties": {
                    "slug": finding.slug,
                    "found": one_line(&finding.found),
                    "expected": finding.expected,
                },
            }));
        }
        let problems = file.error.iter().map(|e| ("error", e));
        let warnings = file.warnings.iter().map(|w| ("warning", w));
        for (level, message) in problems.chain(warnings) {
            notifications.push(json!({
                "level": level,
                "message": { "text": one_line(message) },
                "locations": [location(None)],
            }));
        }
    }
    let failed = files.iter().any(|file| file.error.is_some());
    let log = json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "gloss",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            } },
            "invocations": [{
                "executionSuccessful": !failed,
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    });
    to_json(&log)
}

fn to_json(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}
