//! Fuzzes the folder cache reader and the index accessors.
#![no_main]

mod exercise;

libfuzzer_sys::fuzz_target!(|data: &[u8]| exercise::cache(data));
