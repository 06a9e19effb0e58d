//! The test suite, as one crate so that `cargo test` links gloss once: each
//! module drives the built binary (assert_cmd) as a user would, in one area.

mod common;
mod man;

mod author;
mod cache;
mod colour;
mod completion;
mod dict_fixtures;
mod dict_head;
mod dict_keys;
mod dictionaries;
mod discover;
mod docs;
mod folders;
mod fuzz_regressions;
mod hostile;
mod hostile2;
mod hostile3;
mod hostile3_output;
mod hostile3_project;
mod hostile3_watch;
mod import_po;
mod layers;
mod links;
mod lint;
mod lookup;
mod lsp;
mod neovim;
mod output;
mod pager;
mod project;
mod release;
mod translate;
mod translations;
mod watch;
