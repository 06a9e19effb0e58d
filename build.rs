//! Build script: validates the glossary bundle (`data/`, or the folder named
//! by `GLOSS_BUNDLE_DIR`) with the same checker users run, and compiles it
//! into one index blob that `src/bundle.rs` embeds. Bad data fails the build
//! with `file:line: what is wrong`.

// The build script shares these modules with the library; it uses only part
// of each, so the rest would warn here as dead code.
#[allow(dead_code)]
#[path = "src/article.rs"]
mod article;
#[allow(dead_code)]
#[path = "src/check.rs"]
mod check;
#[allow(dead_code)]
#[path = "src/index.rs"]
mod index;
#[allow(dead_code)]
#[path = "src/lang.rs"]
mod lang;
#[path = "src/parallel.rs"]
mod parallel;
#[allow(dead_code)]
#[path = "src/text.rs"]
mod text;

use std::path::PathBuf;

/// On Linux with glibc, the binary is linked as a fixed-address executable.
/// A position-independent one makes the dynamic loader apply about 7,000
/// relocations (vtables, clap's and termimad's static tables) before `main`,
/// a tenth of the time a lookup takes; gloss handles no secrets for address
/// randomisation to protect.
fn link_without_pie() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
}

fn main() {
    println!("cargo::rerun-if-env-changed=GLOSS_BUNDLE_DIR");
    let dir = match std::env::var_os("GLOSS_BUNDLE_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"))
            .join("data"),
    };
    println!("cargo::rerun-if-changed={}", dir.display());
    link_without_pie();

    let (articles, problems) = check::check_folder(&dir);
    if !problems.is_empty() {
        for problem in &problems {
            eprintln!("{problem}");
        }
        eprintln!(
            "gloss: the bundle in {} has {} problem(s)",
            dir.display(),
            problems.len()
        );
        std::process::exit(1);
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo")).join("bundle.idx");
    let entries = articles
        .into_iter()
        .map(|checked| {
            // The front matter lives in the index; the payload is the body alone.
            let body = article::split(&checked.text).map_or("", |(_, body)| body);
            index::Entry::from_article(checked.article, body.to_string())
        })
        .collect();
    std::fs::write(&out, index::write(entries)).expect("write the bundle index");
}
