//! Fuzzes language tags and the preference list.
#![no_main]

mod exercise;

libfuzzer_sys::fuzz_target!(|text: &str| exercise::lang(text));
