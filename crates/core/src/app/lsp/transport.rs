//! The server's end of the wire: JSON-RPC messages framed by
//! `Content-Length` on standard input and output, bridged to the in-memory
//! connection the server reads (the one its tests drive). Framing is read
//! here rather than by lsp-server's reader, which allocates whatever length
//! a header claims and stops at the first message that is not JSON: here a
//! message over `MAX_MESSAGE_BYTES` is skipped unread and told, a malformed
//! one is told and passed over, and only a header that cannot be read ends
//! the connection.

use lsp_server::{Connection, Message, Notification};
use std::io::{self, BufRead, Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;

/// The largest message read. A document this size is a log or a dump, not
/// text a person writes; the bound keeps a client from sizing our memory.
pub(super) const MAX_MESSAGE_BYTES: usize = 64 << 20;
/// The longest header line, and the most header lines, of one message.
const MAX_HEADER_LINE: usize = 1024;
const MAX_HEADERS: usize = 32;

/// The writer thread, joined at the end so that every answer is written.
pub(super) struct Threads {
    writer: JoinHandle<()>,
    done: Arc<AtomicBool>,
    /// Set when reading stopped on input it could not read (and said so
    /// on stderr) rather than at the end of input.
    broken: Arc<AtomicBool>,
}

impl Threads {
    /// Whether the reader stopped on input it could not read: the client
    /// did not close the connection, gloss stopped reading it.
    pub(super) fn broken(&self) -> bool {
        self.broken.load(Ordering::SeqCst)
    }

    /// Writes what the server has sent, then lets the writer go. The reader
    /// may still hold a way to the client (stdin open after `exit`), so the
    /// writer is told it is done rather than waiting for the channel to close.
    pub(super) fn finish(self) {
        self.done.store(true, Ordering::SeqCst);
        let _ = self.writer.join();
    }
}

/// How often an idle writer looks whether the server has finished.
const WRITER_POLL: std::time::Duration = std::time::Duration::from_millis(20);

/// A connection over stdin and stdout.
pub(super) fn stdio() -> (Connection, Threads) {
    let (server, bridge) = Connection::memory();
    let receiver = bridge.receiver.clone();
    // What the reader tells the client goes out beside the server's answers.
    let to_client = server.sender.clone();
    let broken = Arc::new(AtomicBool::new(false));
    let stopped = broken.clone();
    // The reader is never joined: after `exit` it may still wait on stdin.
    std::thread::spawn(move || {
        let stdin = io::stdin();
        let mut input = stdin.lock();
        let tell = |message| {
            let _ = to_client.send(message);
        };
        if let Err(why) = pump(&mut input, &bridge, tell) {
            tell(log(
                lsp_types::MessageType::ERROR,
                &format!("stopped reading: {why}"),
            ));
            let message = format!("language server: stopped reading: {why}");
            crate::store::report::to_stderr(crate::store::report::Level::Warning, &message);
            // Before the bridge is dropped, so the server sees it when it
            // finds the client gone.
            stopped.store(true, Ordering::SeqCst);
        }
        // Dropping the bridge ends the server's wait: the client is gone.
    });
    let done = Arc::new(AtomicBool::new(false));
    let finished = done.clone();
    let writer = std::thread::spawn(move || {
        let stdout = io::stdout();
        loop {
            let message = match receiver.recv_timeout(WRITER_POLL) {
                Ok(message) => message,
                // Everything the server sent before it finished is queued.
                Err(error) if error.is_timeout() && finished.load(Ordering::SeqCst) => {
                    match receiver.try_recv() {
                        Ok(message) => message,
                        Err(_) => break,
                    }
                }
                Err(error) if error.is_timeout() => continue,
                Err(_) => break,
            };
            let mut out = stdout.lock();
            // A client that has gone cannot be written to: stop.
            if message.write(&mut out).and_then(|()| out.flush()).is_err() {
                break;
            }
        }
    });
    (
        server,
        Threads {
            writer,
            done,
            broken,
        },
    )
}

/// What went wrong with one message, told in the client's log.
pub(super) fn log(kind: lsp_types::MessageType, message: &str) -> Message {
    use lsp_types::notification::Notification as _;
    let params = lsp_types::LogMessageParams {
        typ: kind,
        message: format!("gloss: {}", crate::model::text::one_line(message)),
    };
    Notification::new(
        lsp_types::notification::LogMessage::METHOD.to_string(),
        params,
    )
    .into()
}

/// Reads messages until the end of input or a header that cannot be read,
/// sending each to the server; what is skipped is told through `tell` (a
/// message to the client, since the client sent it). The error says why
/// reading stopped, for stderr.
pub(super) fn pump(
    input: &mut impl BufRead,
    to_server: &Connection,
    tell: impl Fn(Message),
) -> Result<(), String> {
    loop {
        let Some(length) = read_header(input)? else {
            return Ok(());
        };
        if length > MAX_MESSAGE_BYTES {
            io::copy(&mut input.by_ref().take(length as u64), &mut io::sink())
                .map_err(|error| format!("reading a message: {error}"))?;
            tell(log(
                lsp_types::MessageType::ERROR,
                &format!(
                    "skipped a message of {length} bytes: the limit is {MAX_MESSAGE_BYTES} bytes"
                ),
            ));
            continue;
        }
        let mut body = vec![0; length];
        input
            .read_exact(&mut body)
            .map_err(|error| format!("reading a message: {error}"))?;
        match serde_json::from_slice::<Message>(&body) {
            Ok(message) => {
                if to_server.sender.send(message).is_err() {
                    return Ok(()); // the server has finished
                }
            }
            Err(error) => tell(malformed(&body, &error)),
        }
    }
}

/// The answer to a message that is not a JSON-RPC message: an error
/// response when it is a request we can name (it has an id), else a line
/// in the log.
fn malformed(body: &[u8], error: &serde_json::Error) -> Message {
    let id = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|value| value.get("id").cloned())
        .and_then(|id| serde_json::from_value::<lsp_server::RequestId>(id).ok());
    let message = format!("a malformed message: {error}");
    match id {
        Some(id) => {
            lsp_server::Response::new_err(id, lsp_server::ErrorCode::InvalidRequest as i32, message)
                .into()
        }
        None => log(lsp_types::MessageType::ERROR, &message),
    }
}

/// The `Content-Length` of the next message; `None` at the end of input.
fn read_header(input: &mut impl BufRead) -> Result<Option<usize>, String> {
    let mut length = None;
    for count in 0.. {
        if count == MAX_HEADERS {
            return Err(format!("more than {MAX_HEADERS} header lines"));
        }
        let mut line = Vec::new();
        let read = input
            .by_ref()
            .take(MAX_HEADER_LINE as u64)
            .read_until(b'\n', &mut line)
            .map_err(|error| format!("reading a header: {error}"))?;
        if read == 0 {
            return match count {
                0 => Ok(None),
                _ => Err("the input ended inside a header".into()),
            };
        }
        if !line.ends_with(b"\n") {
            return Err(format!("a header line longer than {MAX_HEADER_LINE} bytes"));
        }
        let line = String::from_utf8_lossy(&line);
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            return match length {
                Some(length) => Ok(Some(length)),
                None => Err("a message without Content-Length".into()),
            };
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                let value = value.trim();
                let parsed = value
                    .parse::<usize>()
                    .map_err(|_| format!("Content-Length '{value}' is not a length"))?;
                length = Some(parsed);
            }
        }
    }
    unreachable!("the loop returns")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    /// What the server receives and what the client is told, from these bytes.
    fn read(bytes: &[u8]) -> (Vec<Message>, Vec<String>, Result<(), String>) {
        let (server, bridge) = Connection::memory();
        let told = std::cell::RefCell::new(Vec::new());
        let outcome = pump(&mut &bytes[..], &bridge, |message| {
            told.borrow_mut()
                .push(serde_json::to_string(&message).unwrap())
        });
        drop(bridge);
        (server.receiver.iter().collect(), told.into_inner(), outcome)
    }

    #[test]
    fn frames_are_read_and_bad_ones_passed_over_or_refused() {
        let ok = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let bad_request = r#"{"jsonrpc":"2.0","id":7,"method":5}"#;
        let garbage = "{not json";
        let huge = format!("Content-Length: {}\r\n\r\n", MAX_MESSAGE_BYTES + 1);
        let mut bytes = format!("{}{}{}", frame(ok), frame(bad_request), frame(garbage));
        bytes.push_str(&huge);
        let mut bytes = bytes.into_bytes();
        bytes.resize(bytes.len() + MAX_MESSAGE_BYTES + 1, b' ');
        bytes.extend_from_slice(frame(ok).as_bytes());
        let (received, told, outcome) = read(&bytes);
        assert_eq!(outcome, Ok(()));
        assert_eq!(
            received.len(),
            2,
            "both good messages, around the skipped one"
        );
        assert!(
            told[0].contains(r#""id":7"#) && told[0].contains("-32600"),
            "{told:?}"
        );
        assert!(told[1].contains("window/logMessage") && told[1].contains("malformed"));
        assert!(told[2].contains("skipped a message of 67108865 bytes"));
    }

    #[test]
    fn a_header_that_cannot_be_read_ends_the_connection() {
        for (bytes, why) in [
            ("Content-Type: x\r\n\r\n{}", "without Content-Length"),
            ("Content-Length: lots\r\n\r\n", "is not a length"),
            ("Content-Length: 10\r\n", "inside a header"),
        ] {
            let (_, _, outcome) = read(bytes.as_bytes());
            assert!(outcome.unwrap_err().contains(why), "{bytes:?}");
        }
        let long = "X".repeat(MAX_HEADER_LINE + 1);
        assert!(read(long.as_bytes()).2.unwrap_err().contains("longer"));
        let (_, _, outcome) = read(b"Content-Length: 50\r\n\r\n{}");
        assert!(outcome.unwrap_err().contains("reading a message"));
    }
}
