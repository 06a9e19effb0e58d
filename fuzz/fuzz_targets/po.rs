//! Fuzzes the PO document reader.
#![no_main]

mod exercise;

libfuzzer_sys::fuzz_target!(|data: &[u8]| exercise::po(data));
