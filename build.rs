//! Build script: validates the glossary bundle (`data/`, or the folder named
//! by `GLOSS_BUNDLE_DIR`) with the same checker users run, and compiles it
//! into one index blob that `src/bundle.rs` embeds. Bad data fails the build
//! with `file:line: what is wrong`.

// The build script shares the model and part of the store with the library,
// at the same paths, so `crate::model::…` and `crate::store::…` mean the same
// here; it uses only part of each, so the rest would warn as dead code.
#[allow(dead_code)]
#[path = "crates/core/src/model/mod.rs"]
mod model;
#[allow(dead_code)]
#[path = "crates/core/src/store"]
mod store {
    pub mod check;
    pub mod index;
    pub mod parallel;
    pub mod read;
    pub mod report;
}

use std::path::PathBuf;

/// On Linux with glibc, the binary is linked as a fixed-address executable.
/// A position-independent one makes the dynamic loader apply about 7,000
/// relocations (vtables, clap's and termimad's static tables) before `main`,
/// a tenth of the time a lookup takes; gloss handles no secrets for address
/// randomisation to protect. A static build (`+crt-static`) is left alone:
/// rustc links it as static-pie, and `-no-pie` on top of that makes a binary
/// that crashes before `main`; `-C relocation-model=static` gets the same
/// fixed addresses there (scripts/release.sh).
fn link_without_pie() {
    // A static binary (`-C target-feature=+crt-static`) has no loader at all;
    // `-no-pie` would then clash with the static-pie link cargo asks for.
    if std::env::var("CARGO_CFG_TARGET_FEATURE")
        .unwrap_or_default()
        .split(',')
        .any(|f| f == "crt-static")
    {
        return;
    }
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    let features = std::env::var("CARGO_CFG_TARGET_FEATURE").unwrap_or_default();
    let static_crt = features.split(',').any(|feature| feature == "crt-static");
    if os == "linux" && env == "gnu" && !static_crt {
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
}

/// Embeds the blob with the assembler's `.incbin` on Linux, whose assembler
/// syntax is known, when the path can be quoted in assembly and the
/// assembler works; otherwise `src/bundle.rs` uses `include_bytes!`.
///
/// `include_bytes!` makes rustc hold a blob about 13 times over (800 MB of
/// memory for 60 MB: a bundle of 200,000 articles would not build on a 16 GB
/// machine), and even `.incbin` inside the crate (`global_asm!`) has rustc's
/// own assembler keep the blob about twice, on top of the whole-program
/// optimisation the binary's step runs. So the blob goes into an object of
/// its own, assembled here and handed to the binary's link: rustc never sees
/// it, and the assembler and the linker each copy it once.
fn embed_with_incbin(out: &std::path::Path) {
    println!("cargo::rustc-check-cfg=cfg(gloss_incbin)");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let Some(path) = out
        .to_str()
        .filter(|path| !path.contains(['"', '\\', '\n']))
    else {
        return;
    };
    if os != "linux" {
        return;
    }
    let source = out.with_file_name("bundle.s");
    // A section of its own rather than `.rodata.*`: the linker places it
    // after the whole of `.rodata` instead of amid it, so the read-only data
    // every start touches stays on a few contiguous pages (a static lookup
    // at 20,000 articles: 122 page faults and a fifth slower with the blob
    // inside `.rodata`, 94 with it after).
    let assembly = format!(
        concat!(
            ".pushsection gloss_bundle,\"a\"\n",
            ".balign 8\n",
            ".globl gloss_bundle_start\n",
            "gloss_bundle_start:\n",
            ".incbin \"{path}\"\n",
            ".globl gloss_bundle_end\n",
            "gloss_bundle_end:\n",
            ".popsection\n",
            // No executable stack: without this note the linker assumes one.
            ".section .note.GNU-stack,\"\",@progbits\n",
        ),
        path = path
    );
    std::fs::write(&source, assembly).expect("write the bundle's assembly");
    // Without a working assembler the build still succeeds, with
    // `include_bytes!` and its cost, and says so. The object goes to the
    // binary's link as it is: an archive of it would be one more copy.
    match cc::Build::new()
        .file(&source)
        .cargo_warnings(false)
        .try_compile_intermediates()
    {
        Ok(objects) => {
            for object in objects {
                println!("cargo::rustc-link-arg-bins={}", object.display());
            }
            println!("cargo::rustc-cfg=gloss_incbin");
        }
        Err(error) => println!(
            "cargo::warning=the bundle is embedded with include_bytes!, which needs more memory: assembling it failed ({error})"
        ),
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

    // Each article becomes its index entry as soon as it is parsed (its body
    // compressed): the text and the parsed model are dropped on the spot.
    let (entries, problems) = store::check::check_folder_with(&dir, |checked| {
        // The front matter lives in the index; the payload is the body alone.
        let body = model::article::split(&checked.text).map_or("", |(_, body)| body);
        store::index::Entry::from_article(checked.article, body.to_string())
    });
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
    let file = std::fs::File::create(&out).expect("create the bundle index");
    let mut file = std::io::BufWriter::new(file);
    store::index::write_to(entries, &mut file)
        .and_then(|()| std::io::Write::flush(&mut file))
        .expect("write the bundle index");
    drop(file);
    embed_with_incbin(&out);
}
