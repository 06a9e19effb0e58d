//! Writing article files (`--new`, `--edit`): the only place gloss creates
//! files in a glossary folder. A new file is never written over an old one,
//! and never through a symbolic link a folder may hold.

use crate::model::article::is_slug;
use crate::store::exclusive::{Dir, Entry};
use crate::store::read::Problem;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Creates `folder/slug/lang.md` with `text`; refuses an existing file and
/// a term folder that is a symbolic link (a project folder is written by
/// others, and the link could point anywhere).
pub(crate) fn create_article(
    folder: &Path,
    slug: &str,
    lang: &str,
    text: &str,
) -> Result<PathBuf, Problem> {
    if !is_slug(slug) {
        return Err(Problem::new(
            folder,
            None,
            format!("'{slug}' is not a slug (lower-case words joined by '-')"),
        ));
    }
    let fail = |path: &Path, message: String| Problem::new(path, None, message);
    let dir = folder.join(slug);
    fs::create_dir_all(folder).map_err(|e| fail(folder, format!("cannot create folder: {e}")))?;
    // Below the folder named, nothing is followed (store::exclusive).
    let root = Dir::open(folder).map_err(|e| fail(folder, format!("cannot open: {e}")))?;
    if root.entry(slug) == Some(Entry::Link) {
        return Err(fail(
            &dir,
            "is a symbolic link; not writing through it".into(),
        ));
    }
    let term = root
        .sub(slug, 0o755)
        .map_err(|e| fail(&dir, format!("cannot create folder: {e}")))?;
    let name = format!("{lang}.md");
    let path = dir.join(&name);
    let mut file = term.create(&name).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => fail(&path, "already exists".into()),
        _ => fail(&path, format!("cannot create: {e}")),
    })?;
    file.write_all(text.as_bytes())
        .map_err(|e| fail(&path, format!("cannot write: {e}")))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_overwrites_or_follows_links() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let path = create_article(root, "solar-panel", "en", "one").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "one");
        let again = create_article(root, "solar-panel", "en", "two").unwrap_err();
        assert_eq!(again.message, "already exists");
        assert_eq!(fs::read_to_string(&path).unwrap(), "one");
        assert!(create_article(root, "../etc", "en", "x").is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("solar-panel"), root.join("linked")).unwrap();
            let linked = create_article(root, "linked", "sv", "x").unwrap_err();
            assert!(linked.message.contains("symbolic link"));
        }
    }
}
