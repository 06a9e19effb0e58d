//! The matching benchmark `bench/lint.sh` runs (ignored by `cargo test`):
//! `Terms::build` over a glossary folder, and `--lint`'s checking of a
//! text, each timed in the process so that start-up, reading the file
//! and printing are not in the figures. It prints figures and asserts
//! nothing about speed.
//!
//! GLOSS_BENCH_FOLDER=DIR GLOSS_BENCH_LANGS=sv,fi GLOSS_BENCH_TEXT=FILE \
//!     cargo test --release -p gloss-core --lib bench_matching -- --ignored --nocapture

use crate::formats::document::{self, Kind, Options};
use crate::query::lint::{self, Langs};
use crate::query::matching::Terms;
use crate::store::glossary::Glossary;
use std::time::{Duration, Instant};

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

#[test]
#[ignore = "a benchmark: bench/lint.sh runs it"]
fn bench_matching() {
    let var = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"));
    let folder = std::path::PathBuf::from(var("GLOSS_BENCH_FOLDER"));
    let langs: Vec<String> = var("GLOSS_BENCH_LANGS")
        .split(',')
        .map(str::to_string)
        .collect();
    let glossary = Glossary::with_folders([folder], false);
    // The folder's index is built (or its cache checked) once, outside the timings.
    let _ = Terms::build(&glossary, &langs);
    let builds: Vec<Duration> = (0..5)
        .map(|_| {
            let start = Instant::now();
            let terms = Terms::build(&glossary, &langs);
            let took = start.elapsed();
            drop(terms);
            took
        })
        .collect();
    let articles: usize = glossary
        .terms("")
        .map(|term| {
            let langs = &langs;
            term.langs
                .iter()
                .filter(|(tag, _)| langs.iter().any(|l| crate::model::lang::serves(l, tag)))
                .count()
        })
        .sum();
    println!(
        "build: {articles} articles in {}, median of 5: {:.1} ms",
        langs.join(","),
        median(builds).as_secs_f64() * 1000.0
    );
    let Ok(path) = std::env::var("GLOSS_BENCH_TEXT") else {
        return;
    };
    let bytes = std::fs::read(&path).expect("the text");
    let document = document::read(Kind::Plain, &bytes, &Options::default()).expect("text");
    let terms = Terms::build(&glossary, &langs);
    let langs = Langs {
        source: None,
        target: langs[0].clone(),
    };
    let mut passes = Vec::new();
    let mut found = 0;
    for _ in 0..3 {
        let start = Instant::now();
        found = lint::scan(&document, &terms, &langs).len();
        passes.push(start.elapsed());
    }
    let megabytes = bytes.len() as f64 / 1e6;
    let rate = |time: Duration| megabytes / time.as_secs_f64();
    println!(
        "check: {megabytes:.1} MB, {found} occurrences, first pass {:.0} MB/s, then median {:.0} MB/s",
        rate(passes[0]),
        rate(median(passes[1..].to_vec()))
    );
}
