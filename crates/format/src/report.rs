//! Where warnings and notes go: one sink per process, chosen by the front
//! end. The command line tells them on stderr (the default), a completion
//! call-back drops them (a message would land on the user's command line),
//! and the language server hands them to the client's log. Every message
//! is made one clean line here, whatever it quotes.

use std::sync::{Arc, RwLock};

/// How a message reads: `gloss: warning: …` or `gloss: …`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Something gloss skipped, capped or ignored.
    Warning,
    /// Anything else worth saying beside the answer (a note, a summary).
    Plain,
}

/// A front end's receiver of messages, handed the clean line and its level.
pub type Receiver = Arc<dyn Fn(Level, &str) + Send + Sync>;

/// Where messages go.
#[derive(Clone)]
pub enum Sink {
    Stderr,
    Quiet,
    To(Receiver),
}

static SINK: RwLock<Option<Sink>> = RwLock::new(None);

std::thread_local! {
    /// A sink for this thread alone, over the process's: a language server
    /// driven in-process (its tests) keeps its messages to itself.
    static LOCAL: std::cell::RefCell<Option<Sink>> = const { std::cell::RefCell::new(None) };
}

/// Sends every later message of this process to `sink`.
pub fn install(sink: Sink) {
    *SINK
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(sink);
}

/// Runs `work` with this thread's messages sent to `sink`.
pub fn within<T>(sink: Sink, work: impl FnOnce() -> T) -> T {
    let before = LOCAL.with(|local| local.replace(Some(sink)));
    let result = work();
    LOCAL.with(|local| *local.borrow_mut() = before);
    result
}

pub fn warn(message: &str) {
    tell(Level::Warning, message);
}

pub fn plain(message: &str) {
    tell(Level::Plain, message);
}

/// Writes a message on stderr whatever the sink: for what the language
/// server can no longer tell its client (the client's stream broke).
pub fn to_stderr(level: Level, message: &str) {
    use std::io::Write;
    // If stderr is gone there is no one to tell.
    let message = crate::model::text::one_line(message);
    let _ = writeln!(std::io::stderr(), "{}", line(level, &message));
}

/// The line a message makes on stderr, without the newline.
pub fn line(level: Level, message: &str) -> String {
    match level {
        Level::Warning => format!("gloss: warning: {message}"),
        Level::Plain => format!("gloss: {message}"),
    }
}

fn tell(level: Level, message: &str) {
    let message = crate::model::text::one_line(message);
    let sink = LOCAL
        .with(|local| local.borrow().clone())
        .unwrap_or_else(|| {
            let process = SINK.read().unwrap_or_else(|poisoned| poisoned.into_inner());
            process.clone().unwrap_or(Sink::Stderr)
        });
    match sink {
        Sink::Stderr => to_stderr(level, &message),
        Sink::Quiet => {}
        Sink::To(receiver) => receiver(level, &message),
    }
}
