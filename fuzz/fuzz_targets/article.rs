//! Fuzzes the article parser and every renderer.
#![no_main]

mod exercise;

libfuzzer_sys::fuzz_target!(|data: &[u8]| exercise::article(data));
