//! The folder index cache: never stale (added, removed, renamed and edited
//! files, racily clean edits, times in the future), and never trusted (a
//! FIFO, a symlink to an endless device, truncated, patched and resealed
//! cache files are rebuilt, not obeyed).

use crate::common::{article, cache_file, list_of, run_on_folder, write};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// A glossary folder and a cache directory of its own.
struct Fixture {
    dir: tempfile::TempDir,
    cache: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let fixture = Fixture {
            dir: tempfile::tempdir().unwrap(),
            cache: tempfile::tempdir().unwrap(),
        };
        fixture.put(
            "gizmo/en.md",
            "Gizmo",
            "A small thing.",
            "Body of the gizmo.",
        );
        fixture.put("gizmo/sv.md", "Grej", "En liten sak.", "Text om grejen.");
        fixture.put(
            "widget/en.md",
            "Widget",
            "A control.",
            "Body of the widget.",
        );
        fixture
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn put(&self, relative: &str, title: &str, description: &str, body: &str) {
        write(self.root(), relative, &article(title, description, body));
    }

    /// Runs gloss over the folder; its exit status, stdout and stderr.
    fn run(&self, args: &[&str]) -> (Option<i32>, String, String) {
        run_on_folder(self.root(), &[("XDG_CACHE_HOME", self.cache.path())], args)
    }

    fn list(&self) -> String {
        list_of(self.run(&["--list"]))
    }

    /// The cache file of one kind (`titles` or `full`).
    fn cache_file(&self, kind: &str) -> PathBuf {
        cache_file(self.cache.path(), kind)
    }
}

/// Sets a file's modification time.
fn set_mtime(path: &Path, time: SystemTime) {
    let file = fs::File::options().write(true).open(path).unwrap();
    file.set_modified(time).unwrap();
}

/// Rewrites a cache file's checksum after a patch, as an attacker who knows
/// the format would: what is left to catch it is validation.
fn reseal(bytes: &mut [u8]) {
    let end = bytes.len() - 16;
    let checksum = xxhash_rust::xxh3::xxh3_64(&bytes[..end]);
    bytes[end..end + 8].copy_from_slice(&checksum.to_le_bytes());
}

/// `entries` of each table of the index at the start of a cache file.
fn table(bytes: &[u8], number: usize) -> (usize, usize) {
    let word = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
    (word(8 + number * 8), word(12 + number * 8))
}

#[test]
fn added_removed_and_renamed_files_show_on_the_next_call() {
    let fixture = Fixture::new();
    assert!(fixture.list().contains("gizmo\tGizmo"));
    fixture.cache_file("titles");

    fixture.put("sprocket/en.md", "Sprocket", "A wheel.", "Teeth.");
    assert!(fixture.list().contains("sprocket\tSprocket"), "added term");

    fixture.put("widget/sv.md", "Manick", "En kontroll.", "Text.");
    let (_, found, _) = fixture.run(&["manick"]);
    assert!(found.contains("Manick"), "added language: {found}");

    fs::remove_file(fixture.root().join("gizmo/en.md")).unwrap();
    assert!(fixture.list().contains("gizmo\tGrej"), "removed language");

    fs::rename(fixture.root().join("widget"), fixture.root().join("gadget")).unwrap();
    let listed = fixture.list();
    assert!(listed.contains("gadget\tWidget"), "{listed}");
    assert!(!listed.contains("widget"), "renamed term: {listed}");

    fs::rename(
        fixture.root().join("gadget/sv.md"),
        fixture.root().join("gadget/fi.md"),
    )
    .unwrap();
    let (_, langs, _) = fixture.run(&["gadget", "--translations"]);
    assert_eq!(langs, "en\tWidget\nfi\tManick\n", "renamed file");

    fs::remove_dir_all(fixture.root().join("sprocket")).unwrap();
    assert!(!fixture.list().contains("sprocket"), "removed term");
}

#[test]
fn an_edit_that_keeps_size_and_time_shows_on_the_next_call() {
    let fixture = Fixture::new();
    let path = fixture.root().join("gizmo/en.md");
    let time = SystemTime::now() - Duration::from_secs(3600);
    set_mtime(&path, time);
    assert!(fixture.list().contains("gizmo\tGizmo"));
    let (_, hits, _) = fixture.run(&["--search", "body"]);
    assert!(hits.contains("gizmo"), "{hits}");

    // Same size, same modification time: racily clean, as git says.
    fixture.put(
        "gizmo/en.md",
        "Gadge",
        "A small thing.",
        "Bode of the gizmo.",
    );
    set_mtime(&path, time);
    assert!(fixture.list().contains("gizmo\tGadge"), "titles index");
    let (_, hits, _) = fixture.run(&["--search", "bode"]);
    assert!(hits.contains("gizmo\ten\tGadge"), "full index: {hits}");
}

#[test]
fn a_file_from_the_future_still_caches_and_still_updates() {
    let fixture = Fixture::new();
    let path = fixture.root().join("gizmo/en.md");
    let future = SystemTime::now() + Duration::from_secs(30 * 86_400);
    set_mtime(&path, future);
    assert!(fixture.list().contains("gizmo\tGizmo"));
    // Written despite the future time (it used never to be again)...
    fixture.cache_file("titles");
    assert!(fixture.list().contains("gizmo\tGizmo"));
    // ...and still never stale: that file is compared by content.
    fixture.put(
        "gizmo/en.md",
        "Gadge",
        "A small thing.",
        "Body of the gizmo.",
    );
    set_mtime(&path, future);
    assert!(fixture.list().contains("gizmo\tGadge"));
}

#[test]
fn a_fifo_or_a_device_in_place_of_the_cache_is_not_read() {
    let fixture = Fixture::new();
    fixture.list();
    let cache = fixture.cache_file("titles");
    fs::remove_file(&cache).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(&cache)
        .status()
        .unwrap();
    assert!(made.success());
    assert!(
        fixture.list().contains("gizmo\tGizmo"),
        "a FIFO must not block"
    );

    fs::remove_file(&cache).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &cache).unwrap();
    assert!(
        fixture.list().contains("gizmo\tGizmo"),
        "/dev/zero is endless"
    );
}

#[test]
fn a_truncated_cache_is_rebuilt_and_the_folder_stays() {
    let fixture = Fixture::new();
    fixture.list();
    let cache = fixture.cache_file("titles");
    let bytes = fs::read(&cache).unwrap();
    for cut in [bytes.len() - 1, bytes.len() / 2, 60, 0] {
        fs::write(&cache, &bytes[..cut]).unwrap();
        assert!(fixture.list().contains("gizmo\tGizmo"), "cut at {cut}");
        assert!(fixture.list().contains("widget\tWidget"), "and after");
    }
}

#[test]
fn altered_document_frequencies_do_not_drive_allocations() {
    let fixture = Fixture::new();
    let (code, _, _) = fixture.run(&["--search", "body"]);
    assert_eq!(code, Some(0));
    let cache = fixture.cache_file("full");
    let mut bytes = fs::read(&cache).unwrap();
    let (start, len) = table(&bytes, 6); // the token table
    assert!(len > 0);
    for row in (start..start + len).step_by(6 * 4) {
        bytes[row + 16..row + 20].copy_from_slice(&u32::MAX.to_le_bytes());
    }
    reseal(&mut bytes);
    fs::write(&cache, &bytes).unwrap();
    let (code, hits, err) = fixture.run(&["--search", "body"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(hits.contains("gizmo") && hits.contains("widget"), "{hits}");
}

#[test]
fn a_patched_title_in_the_cache_never_reaches_the_terminal() {
    let fixture = Fixture::new();
    fixture.list();
    let cache = fixture.cache_file("titles");
    let original = fs::read(&cache).unwrap();
    let at = original
        .windows(5)
        .position(|w| w == b"Gizmo")
        .expect("the title is in the cache");
    let mut patched = original.clone();
    patched[at..at + 5].copy_from_slice(b"\x1b[2J\x07");
    for (what, reseal_it) in [("checksum", false), ("validation", true)] {
        let mut bytes = patched.clone();
        if reseal_it {
            reseal(&mut bytes);
        }
        fs::write(&cache, &bytes).unwrap();
        let listed = fixture.list(); // asserts no ESC or BEL
        assert!(listed.contains("gizmo\tGizmo"), "{what}: {listed:?}");
    }
}
