//! Fuzzes the XLIFF document reader (and the TMX and table readers).
#![no_main]

mod exercise;

libfuzzer_sys::fuzz_target!(|data: &[u8]| exercise::xliff(data));
