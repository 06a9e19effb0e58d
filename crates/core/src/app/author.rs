//! Writing glossaries: `--render` (a file in no folder, shown and checked),
//! `--new` and `--edit` (an article opened in the user's editor, then
//! checked and shown), and `--pick` (a fuzzy finder over every term).

use super::output::{print, warn_plain};
use super::request::{parse_langs, Request};
use crate::model::article::{self, is_slug};
use crate::model::error::{Error, ExitCode};
use crate::query::{lists, page};
use crate::render::{self, Format};
use crate::store::check::{self, ArticleFile, Checked};
use crate::store::glossary::{Glossary, Location};
use crate::store::paths::Kind;
use crate::store::read::{self, Problem};
use crate::store::write;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The slug of a file rendered from outside a `<slug>/<lang>.md` place
/// whose name is not a slug either (and of standard input).
const UNTITLED: &str = "untitled";
use crate::store::read::STDIN;

fn data(problem: Problem) -> Error {
    Error::Data(problem.to_string())
}

/// `--render FILE` (`-`: standard input).
pub(crate) fn render_file(
    glossary: &Glossary,
    request: &Request,
    path: &Path,
) -> Result<ExitCode, Error> {
    let (text, file) = if path.as_os_str() == "-" {
        let name = PathBuf::from(STDIN);
        (
            read::read_stdin(&name),
            identity(None, &request.explicit_langs, name),
        )
    } else {
        let file = identity(Some(path), &request.explicit_langs, path.to_path_buf());
        (read::read_file(path), file)
    };
    show_checked(glossary, request, file, text.map_err(data)?)
}

/// What a file outside any folder is: `<slug>/<lang>.md` says both; else
/// the file's name is the slug when it is one (`solar-panel.md`), or
/// `untitled`. `--lang` names the language, else the file name, else `en`.
fn identity(path: Option<&Path>, explicit: &[String], shown: PathBuf) -> ArticleFile {
    let file_lang = name_of(path).and_then(|n| check::article_lang(n).ok());
    let folder = name_of(path.and_then(Path::parent)).filter(|n| is_slug(n));
    let stem = path
        .and_then(Path::file_stem)
        .and_then(|n| n.to_str())
        .filter(|n| is_slug(n));
    let slug = match (&file_lang, folder, stem) {
        (Some(_), Some(folder), _) => folder,
        (None, _, Some(stem)) => stem,
        _ => UNTITLED,
    };
    let lang = explicit.first().cloned().or(file_lang);
    ArticleFile {
        slug: slug.to_string(),
        lang: lang.unwrap_or_else(|| "en".to_string()),
        path: shown,
    }
}

fn name_of(path: Option<&Path>) -> Option<&str> {
    path.and_then(Path::file_name)
        .and_then(|name| name.to_str())
}

/// Parses and checks an article's text, prints it as a lookup would, then
/// its problems on stderr as `--check` words them: exit 1 when there are
/// any, 2 when it does not parse at all.
fn show_checked(
    glossary: &Glossary,
    request: &Request,
    file: ArticleFile,
    text: String,
) -> Result<ExitCode, Error> {
    let article = article::parse(&file.slug, &file.lang, &text)
        .map_err(|error| data(Problem::from_article(&file.path, error)))?;
    let item = Checked {
        file,
        article,
        text,
    };
    let problems = check::check_article(&item, glossary);
    let langs = vec![item.file.lang.clone()];
    let page = page::around(glossary, item.article, langs, !request.short);
    print(&render::render(
        &page,
        request.format,
        request.short,
        request.look,
    ))?;
    for problem in &problems {
        warn_plain(&problem.to_string());
    }
    Ok(if problems.is_empty() {
        ExitCode::Success
    } else {
        ExitCode::NotFound
    })
}

/// The folder of this kind gloss reads, if any.
fn folder_of(folders: &[(Kind, PathBuf)], kind: Kind) -> Result<PathBuf, Error> {
    let found = folders.iter().find(|(k, _)| *k == kind);
    found.map(|(_, path)| path.clone()).ok_or_else(|| {
        Error::Usage(match kind {
            Kind::Project => {
                "no project folder: create .gloss/ at the top of the project (or drop --project)"
                    .into()
            }
            _ => "no user data folder (set XDG_DATA_HOME)".into(),
        })
    })
}

/// `--new SLUG --lang L [--from LANG] [--project]`.
pub(crate) fn new(
    glossary: &Glossary,
    request: &Request,
    folders: &[(Kind, PathBuf)],
    slug: &str,
    from: Option<&str>,
    in_project: bool,
) -> Result<ExitCode, Error> {
    if !is_slug(slug) {
        return Err(Error::Usage(format!(
            "'{}' is not a valid slug: lower-case letters and digits in words joined by '-' \
             (solar-panel)",
            crate::model::error::shown(slug)
        )));
    }
    let [lang] = request.explicit_langs.as_slice() else {
        return Err(Error::Usage("--new takes one language: --lang L".into()));
    };
    let kind = if in_project {
        Kind::Project
    } else {
        Kind::User
    };
    let folder = folder_of(folders, kind)?;
    let text = match from {
        None => template(slug),
        Some(from) => {
            let wanted = parse_langs(from)?;
            let articles = glossary.articles(slug);
            let found = articles.iter().find(|a| wanted.contains(&a.lang));
            let Some(source) = found else {
                return Err(Error::NoLanguage {
                    slug: slug.to_string(),
                    wanted,
                    available: articles.into_iter().map(|a| a.lang).collect(),
                });
            };
            glossary.source(source).map_err(data)?
        }
    };
    let path = write::create_article(&folder, slug, lang, &text)
        .map_err(|problem| Error::Usage(format!("not creating {problem}")))?;
    warn_plain(&format!("created {}", path.display()));
    edit_then_show(glossary, request, slug, lang, path)
}

/// A new article: front matter filled in, a title from the slug.
fn template(slug: &str) -> String {
    let words = slug.replace('-', " ");
    let mut chars = words.chars();
    let title: String = chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    // Quoted as JSON, which YAML reads: a title like "Null" or "Yes" stays text.
    let quoted = serde_json::Value::from(title.as_str()).to_string();
    format!(
        "---\ntitle: {quoted}\ndescription: \"One line that says what {words} means.\"\n---\n\n\
         # {title}\n\nWhat it is, in a paragraph or two. Link related terms as \
         `[words](/other-slug)`.\n"
    )
}

/// `--edit TERM [--lang L]`: the file a lookup would show; a bundled
/// article is first copied into the user folder, where it replaces the
/// built-in one.
pub(crate) fn edit(
    glossary: &Glossary,
    request: &Request,
    folders: &[(Kind, PathBuf)],
) -> Result<ExitCode, Error> {
    let resolved = request.resolve(glossary)?;
    let article = resolved.article;
    // The editor would open (and save) the file the link leads to.
    if let Some(problem) = glossary.escapes(&article) {
        return Err(Error::Data(problem.to_string()));
    }
    let path = match &article.location {
        Location::File(path) => path.clone(),
        Location::Bundle(_) => {
            let user = folder_of(folders, Kind::User)?;
            let text = glossary.source(&article).map_err(data)?;
            let path = write::create_article(&user, &article.slug, &article.lang, &text)
                .map_err(|problem| Error::Usage(format!("not copying to {problem}")))?;
            warn_plain(&format!(
                "copied the built-in article to {}; it replaces the built-in one",
                path.display()
            ));
            path
        }
    };
    edit_then_show(glossary, request, &article.slug, &article.lang, path)
}

/// Opens the file in the editor; when it exits, checks and shows the file.
fn edit_then_show(
    glossary: &Glossary,
    request: &Request,
    slug: &str,
    lang: &str,
    path: PathBuf,
) -> Result<ExitCode, Error> {
    open_editor(&path)?;
    let text = read::read_file(&path).map_err(data)?;
    let file = ArticleFile {
        slug: slug.to_string(),
        lang: lang.to_string(),
        path,
    };
    show_checked(&glossary.reopened(), request, file, text)
}

/// `VISUAL`, else `EDITOR`, else `vi`, split as a shell would
/// (`code --wait`, quoted paths); the file is the last argument.
fn open_editor(path: &Path) -> Result<(), Error> {
    let command = ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|var| std::env::var(var).ok().filter(|c| !c.trim().is_empty()))
        .unwrap_or_else(|| "vi".to_string());
    let shown = crate::model::error::shown(&command);
    let kept = path.display();
    let words = shlex::split(&command).filter(|words| !words.is_empty());
    let Some((program, args)) = words.as_deref().and_then(|w| w.split_first()) else {
        return Err(Error::Usage(format!(
            "cannot read the editor command '{shown}'; the file is at {kept}"
        )));
    };
    let status = Command::new(program)
        .args(args)
        .arg(path)
        .status()
        .map_err(|error| {
            Error::Data(format!(
                "cannot start the editor '{shown}': {error}; the file is at {kept}"
            ))
        })?;
    if !status.success() {
        return Err(Error::Data(format!(
            "the editor '{shown}' failed ({status}); the file is kept at {kept}"
        )));
    }
    Ok(())
}

/// The finders `--pick` tries after `GLOSS_FINDER`, in order.
const FINDERS: [&str; 2] = ["fzf", "sk"];

/// `--pick`: the slug of the term chosen in a fuzzy finder, or `None` when
/// the user picked nothing (Esc, no match).
pub(crate) fn pick(glossary: &Glossary, request: &Request) -> Result<Option<String>, Error> {
    // With --dict, the named dictionaries' headwords.
    let records = match request.dicts.is_empty() {
        true => lists::list_long(glossary, &request.preferences),
        false => super::dictionaries::list(glossary, request),
    };
    let input = render::records::render(&records, Format::Plain, request.look);
    let (program, mut args) = finder()?;
    args.extend(
        [
            "--delimiter",
            "\t",
            "--with-nth",
            "1,2,3",
            "--preview-window",
            "right:60%",
            "--preview",
        ]
        .map(String::from),
    );
    args.push(preview_command(request)?);
    let mut finder = Command::new(&program);
    // `--lang` reaches the preview as a preference: a term the list shows
    // has its article previewed even when it lacks that language.
    if !request.explicit_langs.is_empty() {
        finder.env("GLOSS_LANG", request.explicit_langs.join(","));
    }
    let mut child = finder
        .args(&args)
        .env("GLOSS_DATA_DIRS", data_dirs_env(request)?)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|error| Error::Usage(format!("cannot start the finder '{program}': {error}")))?;
    let Some(mut stdin) = child.stdin.take() else {
        return Err(Error::Usage(format!(
            "cannot write to the finder '{program}'"
        )));
    };
    // Written beside the finder's run: it may pick before reading it all,
    // and then a closed pipe here is no error.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let output = child.wait_with_output()?;
    let _ = writer.join();
    let chosen = String::from_utf8_lossy(&output.stdout);
    let slug = chosen
        .lines()
        .next()
        .and_then(|line| line.split('\t').next());
    Ok(slug
        .map(str::trim)
        .filter(|slug| output.status.success() && is_slug(slug))
        .map(str::to_string))
}

/// `GLOSS_FINDER` (a command, split as a shell would), else the first of
/// `FINDERS` on `PATH`.
fn finder() -> Result<(String, Vec<String>), Error> {
    if let Some(command) = std::env::var("GLOSS_FINDER")
        .ok()
        .filter(|c| !c.trim().is_empty())
    {
        let words = shlex::split(&command).filter(|words| !words.is_empty());
        return match words.as_deref() {
            Some([program, args @ ..]) => Ok((program.clone(), args.to_vec())),
            _ => Err(Error::Usage(format!(
                "cannot read GLOSS_FINDER '{}'",
                crate::model::error::shown(&command)
            ))),
        };
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    let installed =
        |name: &str| std::env::split_paths(&path).any(|dir| is_program(&dir.join(name)));
    match FINDERS.into_iter().find(|name| installed(name)) {
        Some(name) => Ok((name.to_string(), Vec::new())),
        None => Err(Error::Usage(
            "--pick needs a fuzzy finder: install fzf or sk, or set GLOSS_FINDER".into(),
        )),
    }
}

#[cfg(unix)]
fn is_program(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_program(path: &Path) -> bool {
    path.with_extension("exe").is_file()
}

/// The command the finder runs for its preview: this gloss on the term in
/// the first field (`{1}`, which the finder quotes), in colour, with the
/// same project choice (languages and folders reach it through the
/// environment). The preview's width is read by gloss itself (see
/// `request::detect_width`): the finder runs the command with `$SHELL`, and
/// fish rejects the `${VAR:-default}` a POSIX shell would take.
fn preview_command(request: &Request) -> Result<String, Error> {
    let exe = std::env::current_exe()?;
    let exe = shlex::try_quote(&exe.to_string_lossy())
        .map(|quoted| quoted.into_owned())
        .map_err(|_| Error::Usage("cannot quote the path of gloss for the preview".into()))?;
    let mut command = format!("{exe} {{1}} --format terminal --color always");
    if !request.project {
        command.push_str(" --no-project");
    }
    for name in &request.dicts {
        let quoted = shlex::try_quote(name)
            .map_err(|_| Error::Usage("cannot quote a --dict name for the preview".into()))?;
        command.push_str(&format!(" --dict {quoted}"));
    }
    Ok(command)
}

/// `GLOSS_DATA_DIRS` for the preview: the `--data-dir` folders first, then
/// what the variable held, so the preview reads what the list did.
fn data_dirs_env(request: &Request) -> Result<std::ffi::OsString, Error> {
    let inherited = std::env::var_os("GLOSS_DATA_DIRS").unwrap_or_default();
    let dirs = request
        .data_dirs
        .iter()
        .cloned()
        .chain(std::env::split_paths(&inherited));
    std::env::join_paths(dirs)
        .map_err(|error| Error::Usage(format!("cannot pass --data-dir to the preview: {error}")))
}
