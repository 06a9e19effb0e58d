//! Fuzzes the dictd and StarDict index readers and definition fields.
#![no_main]

mod exercise;

libfuzzer_sys::fuzz_target!(|data: &[u8]| exercise::dict_index(data));
