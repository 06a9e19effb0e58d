//! The matching benchmark `bench/lint.sh` runs (ignored by `cargo test`):
//! `Terms::build` over a glossary folder, and `--lint`'s checking of a
//! text, each timed in the process so that start-up, reading the file
//! and printing are not in the figures. It prints figures and asserts
//! nothing about speed.
//!
//! GLOSS_BENCH_FOLDER=DIR GLOSS_BENCH_LANGS=sv,fi GLOSS_BENCH_TEXT=FILE \
//!     cargo test --release -p gloss-core --lib bench_matching -- --ignored --nocapture

use crate::formats::document::{self, Document, Kind, Options};
use crate::query::lint::{self, Langs};
use crate::query::matching::Terms;
use crate::store::glossary::Glossary;
use std::time::{Duration, Instant};

/// The CPU time this thread has used: on a machine shared with other
/// builds, wall-clock figures say more about the load than about gloss.
fn cpu() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec, which `now` is.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

/// Wall-clock and CPU time of `f`.
fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration, Duration) {
    let (wall, cpu_start) = (Instant::now(), cpu());
    let out = f();
    (out, wall.elapsed(), cpu() - cpu_start)
}

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
    let (walls, cpus): (Vec<Duration>, Vec<Duration>) = (0..5)
        .map(|_| {
            let (terms, wall, cpu) = timed(|| Terms::build(&glossary, &langs));
            drop(terms);
            (wall, cpu)
        })
        .unzip();
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
    let ms = |time: Duration| time.as_secs_f64() * 1000.0;
    println!(
        "build: {articles} articles in {}, median of 5: {:.1} ms CPU, {:.1} ms wall",
        langs.join(","),
        ms(median(cpus)),
        ms(median(walls))
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
    // --lint's check, then --scan's list of every occurrence.
    type Question = fn(&Document, &Terms, &Langs) -> Vec<crate::model::finding::Finding>;
    let questions: [(&str, Question); 2] = [("lint", lint::lint), ("scan", lint::scan)];
    for (name, question) in questions {
        let mut passes = Vec::new();
        let mut found = 0;
        for _ in 0..3 {
            let (count, wall, cpu) = timed(|| question(&document, &terms, &langs).len());
            found = count;
            passes.push((cpu, wall));
        }
        let megabytes = bytes.len() as f64 / 1e6;
        let rate = |time: Duration| megabytes / time.as_secs_f64();
        let later = |pick: fn(&(Duration, Duration)) -> Duration| {
            median(passes[1..].iter().map(pick).collect())
        };
        println!(
            "{name}: {megabytes:.1} MB, {found} findings; first pass {:.0} MB/s CPU ({:.0} wall), then median {:.0} MB/s CPU ({:.0} wall)",
            rate(passes[0].0),
            rate(passes[0].1),
            rate(later(|p| p.0)),
            rate(later(|p| p.1)),
        );
    }
}
