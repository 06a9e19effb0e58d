//! Fuzzes the dictzip reader: the chunk table and inflating entries.
#![no_main]

mod exercise;

libfuzzer_sys::fuzz_target!(|data: &[u8]| exercise::dictzip(data));
