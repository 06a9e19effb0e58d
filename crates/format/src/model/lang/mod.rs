//! Language tags (`sv`, `pt-BR`, `sv_SE.UTF-8`), the user's preference list
//! built from `--lang`, `GLOSS_LANG` and the gettext locale variables, and the
//! choice of the best article language from that list.

mod names;
pub use names::{from_english_name, from_iso639};

/// Old or macro-language codes that name a language we store under another tag.
const ALIASES: &[(&str, &str)] = &[
    ("no", "nb"),
    ("iw", "he"),
    ("in", "id"),
    ("ji", "yi"),
    ("jw", "jv"),
    ("mo", "ro"),
];

/// The message for what is not a language tag.
pub fn not_a_tag(text: &str) -> String {
    format!("'{text}' is not a language tag (like sv, pt-BR or zh-TW)")
}

/// Turns anything a user or a locale may call a language into a canonical
/// BCP 47 tag: `SV` → `sv`, `sv_SE.UTF-8` → `sv-SE`, `zh_hant_tw` →
/// `zh-Hant-TW`, `no` → `nb`. Returns `None` for what is not a language
/// (`C`, `POSIX`, empty, or malformed subtags).
pub fn canonical(tag: &str) -> Option<String> {
    let (tag, modifier) = match tag.split_once('@') {
        Some((tag, modifier)) => (tag, Some(modifier)),
        None => (tag, None),
    };
    let tag = tag.split('.').next().unwrap_or_default();
    if tag.eq_ignore_ascii_case("c") || tag.eq_ignore_ascii_case("posix") {
        return None;
    }
    let mut subtags = tag.split(['-', '_']);
    let primary = subtags.next()?.to_ascii_lowercase();
    if !(2..=3).contains(&primary.len()) || !primary.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let primary = ALIASES
        .iter()
        .find(|(alias, _)| *alias == primary)
        .map_or(primary.clone(), |(_, tag)| (*tag).to_string());
    let mut canonical = primary;
    for subtag in subtags {
        canonical.push('-');
        canonical.push_str(&canonical_subtag(subtag)?);
    }
    // glibc spells scripts as modifiers: sr_RS@latin.
    match modifier.map(str::to_ascii_lowercase).as_deref() {
        Some("latin") => insert_script(&mut canonical, "Latn"),
        Some("cyrillic") => insert_script(&mut canonical, "Cyrl"),
        _ => {}
    }
    Some(canonical)
}

fn canonical_subtag(subtag: &str) -> Option<String> {
    let alphanumeric = subtag.bytes().all(|b| b.is_ascii_alphanumeric());
    let alphabetic = subtag.bytes().all(|b| b.is_ascii_alphabetic());
    let digits = subtag.bytes().all(|b| b.is_ascii_digit());
    match subtag.len() {
        // Script: title case.
        4 if alphabetic => {
            let mut script = subtag.to_ascii_lowercase();
            script[..1].make_ascii_uppercase();
            Some(script)
        }
        // Region: upper case letters or three digits.
        2 if alphabetic => Some(subtag.to_ascii_uppercase()),
        3 if digits => Some(subtag.to_string()),
        // Variants: lower case.
        4..=8 if alphanumeric => Some(subtag.to_ascii_lowercase()),
        _ => None,
    }
}

fn insert_script(tag: &mut String, script: &str) {
    let has_script = tag.split('-').skip(1).any(|s| s.len() == 4);
    if !has_script {
        let at = tag.find('-').unwrap_or(tag.len());
        tag.insert_str(at, &format!("-{script}"));
    }
}

/// The language part of a tag: `pt` for `pt-BR`.
pub fn primary(tag: &str) -> &str {
    match tag.bytes().position(|b| b == b'-') {
        Some(end) => &tag[..end],
        None => tag,
    }
}

/// The languages the user prefers, most preferred first, without duplicates:
/// `explicit` (`--lang`), then `GLOSS_LANG`, then `configured` (the config
/// file), then the locale the way gettext reads it. `env` is injected for tests.
pub fn preferences(
    explicit: &[String],
    configured: &[String],
    env: impl Fn(&str) -> Option<String>,
) -> Vec<String> {
    let mut raw: Vec<String> = explicit.to_vec();
    if let Some(value) = env("GLOSS_LANG") {
        raw.extend(value.split([':', ',']).map(str::to_string));
    }
    raw.extend(configured.iter().cloned());
    if let Some(value) = env("LANGUAGE") {
        raw.extend(value.split(':').map(str::to_string));
    }
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        raw.extend(env(var));
    }
    let mut list: Vec<String> = Vec::new();
    for tag in raw.iter().filter_map(|t| canonical(t.trim())) {
        if !list.contains(&tag) {
            list.push(tag);
        }
    }
    list
}

/// The preference list from the real environment, ignoring unset and empty variables.
pub fn preferences_from_env(explicit: &[String], configured: &[String]) -> Vec<String> {
    preferences(explicit, configured, |var| {
        std::env::var(var).ok().filter(|value| !value.is_empty())
    })
}

/// How well `available` serves `wanted`, lower is better: an exact tag (0)
/// beats a shorter form of it (1: `sv-SE` → `sv`), which beats a sibling
/// (2: `pt` → `pt-BR`, `pt-PT` → `pt-BR`).
fn closeness(wanted: &str, wanted_primary: &str, available: &str) -> Option<u8> {
    if wanted == available {
        Some(0)
    } else if wanted.as_bytes().get(available.len()) == Some(&b'-') && wanted.starts_with(available)
    {
        Some(1)
    } else {
        (primary(available) == wanted_primary).then_some(2)
    }
}

/// The index in `available` of the best language for `preferences`, trying each
/// preference in turn; `None` when no preference can be served.
pub fn best<S: AsRef<str>>(preferences: &[String], available: &[S]) -> Option<usize> {
    best_where(preferences, available, |_, _| true)
}

/// Whether `available` is the language `wanted` names: the same tag, a less
/// specific form of it (`sv-SE` → `sv`), or, when `wanted` is a bare
/// language, any form of it (`pt` → `pt-BR`). Another region or script
/// (`pt-PT` → `pt-BR`, `zh-CN` → `zh-TW`) is a stand-in, not what was asked.
pub fn serves(wanted: &str, available: &str) -> bool {
    match closeness(wanted, primary(wanted), available) {
        Some(0 | 1) => true,
        Some(_) => wanted == primary(wanted),
        None => false,
    }
}

/// `best` among the languages that `serve` a preference: what an explicit
/// `--lang` accepts.
pub fn best_serving<S: AsRef<str>>(preferences: &[String], available: &[S]) -> Option<usize> {
    best_where(preferences, available, serves)
}

/// `best` among the pairs of a preference and a language that `accept` allows.
fn best_where<S: AsRef<str>>(
    preferences: &[String],
    available: &[S],
    accept: impl Fn(&str, &str) -> bool,
) -> Option<usize> {
    preferences.iter().find_map(|wanted| {
        let wanted_primary = primary(wanted);
        available
            .iter()
            .enumerate()
            .filter(|(_, tag)| accept(wanted, tag.as_ref()))
            .filter_map(|(i, tag)| Some((closeness(wanted, wanted_primary, tag.as_ref())?, i)))
            .min()
            .map(|(_, i)| i)
    })
}

/// `best` for many small sets of languages against one preference list, as
/// a list of every term asks: each distinct tag is ranked once, not once per
/// term. `fallback` is tried after the preferences (lists fall back to English).
pub struct Chooser<'t> {
    preferences: Vec<String>,
    /// The rank of each tag seen: few in most glossaries, but one term may
    /// have thousands of languages.
    ranks: crate::model::memo::Memo<&'t str, Option<(usize, u8)>>,
}

impl<'t> Chooser<'t> {
    pub fn new(preferences: &[String], fallback: &str) -> Self {
        let mut preferences = preferences.to_vec();
        preferences.push(fallback.to_string());
        Chooser {
            preferences,
            ranks: Default::default(),
        }
    }

    /// The first preference `tag` serves, and how closely.
    fn rank(&mut self, tag: &'t str) -> Option<(usize, u8)> {
        let preferences = &self.preferences;
        self.ranks.get_or_insert_with(tag, || {
            preferences
                .iter()
                .enumerate()
                .find_map(|(i, wanted)| Some((i, closeness(wanted, primary(wanted), tag)?)))
        })
    }

    /// The index in `available` that `best` would pick for the preferences,
    /// then the fallback; `None` when neither can be served.
    pub fn best(&mut self, available: impl IntoIterator<Item = &'t str>) -> Option<usize> {
        let mut chosen: Option<((usize, u8), usize)> = None;
        for (i, tag) in available.into_iter().enumerate() {
            if let Some(rank) = self.rank(tag) {
                if chosen.is_none_or(|(best, _)| rank < best) {
                    chosen = Some((rank, i));
                }
            }
        }
        chosen.map(|(_, i)| i)
    }
}

/// True when `tag` is already a canonical language tag, as file names must be.
pub fn is_valid(tag: &str) -> bool {
    canonical(tag).as_deref() == Some(tag)
}

/// How many lines at a document's top may declare its language.
const DECLARED_WITHIN: usize = 50;

/// The language a document declares near its top: a `gloss-lang: sv`
/// line (in whatever comment the format has: `<!-- gloss-lang: sv -->`,
/// `# gloss-lang: sv`) or a front-matter `lang:` field.
pub fn declared(text: &str) -> Option<String> {
    let mut lines = text.lines().take(DECLARED_WITHIN);
    let mut in_front = text.starts_with("---");
    if in_front {
        lines.next();
    }
    for line in lines {
        if in_front {
            if line.trim_end() == "---" || line.trim_end() == "..." {
                in_front = false;
            } else if let Some(value) = line.strip_prefix("lang:") {
                let value = value.trim().trim_matches(['"', '\'']);
                if let Some(tag) = canonical(value) {
                    return Some(tag);
                }
            }
        }
        if let Some((_, after)) = line.split_once("gloss-lang:") {
            let value = after.split_whitespace().next().unwrap_or_default();
            if let Some(tag) = canonical(value.trim_end_matches("-->")) {
                return Some(tag);
            }
        }
    }
    None
}

/// The language a file's path names: a `locale/sv/…` (or `locales`,
/// `i18n`, `l10n`) folder, a file named by its language (`sv.po`,
/// `pt_BR.po`, `sv.md`), or a language before the extension (`guide.sv.md`).
/// Outside a catalogue's name a bare primary tag must have two letters:
/// `notes.old.md` is not in Old English, nor `api.md` in Apinayé.
pub fn of_path(path: &std::path::Path) -> Option<String> {
    let components: Vec<&str> = path.iter().filter_map(|c| c.to_str()).collect();
    let name = components.last()?;
    let mut parts: Vec<&str> = name.split('.').collect();
    let extension = parts.pop().unwrap_or_default();
    let in_name = |part: &str| {
        let tag = canonical(part)?;
        let two = primary(part).len() == 2 || tag.contains('-');
        (two && !part.contains('@')).then_some(tag)
    };
    let named = match parts.as_slice() {
        // Catalogues are named by language, any language: `fil.po`.
        [stem] if matches!(extension, "po" | "pot") => canonical(stem),
        [stem] => in_name(stem),
        [.., inner] if parts.len() > 1 => in_name(inner),
        _ => None,
    };
    // A folder says it of every file in it (`locale/fi/LC_MESSAGES/app.po`).
    let folder = components.windows(2).rev().find_map(|pair| {
        let holder = ["locale", "locales", "i18n", "l10n"];
        holder
            .contains(&pair[0].to_ascii_lowercase().as_str())
            .then(|| canonical(pair[1]))
            .flatten()
    });
    folder.or(named)
}

/// A document's language: what it declares, else what its path names,
/// else `configured` (the editor's setting), else the first preference,
/// else English.
pub fn of_document(
    text: &str,
    path: Option<&std::path::Path>,
    configured: Option<&str>,
    preferences: &[String],
) -> String {
    declared(text)
        .or_else(|| path.and_then(of_path))
        .or_else(|| configured.and_then(canonical))
        .or_else(|| preferences.first().cloned())
        .unwrap_or_else(|| "en".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_language_from_its_text_its_path_then_settings() {
        use std::path::Path;
        let md = "<!-- gloss-lang: sv -->\nText";
        assert_eq!(declared(md).as_deref(), Some("sv"));
        let front = "---\ntitle: x\nlang: 'pt_BR'\n---\nText gloss-lang: fi";
        assert_eq!(declared(front).as_deref(), Some("pt-BR"));
        assert_eq!(declared("# gloss-lang: nonsense!\n"), None);
        assert_eq!(declared("lang: sv\n"), None, "outside front matter");
        for (path, want) in [
            ("docs/guide.sv.md", Some("sv")),
            ("po/sv.po", Some("sv")),
            ("po/pt_BR.po", Some("pt-BR")),
            ("app/locale/fi/LC_MESSAGES/app.po", Some("fi")),
            ("src/locales/zh-TW/strings.json", Some("zh-TW")),
            ("notes.old.md", None),
            ("README.md", None),
            ("guide.md", None),
            ("api.md", None),
            ("po/fil.po", Some("fil")),
            ("sv.md", Some("sv")),
        ] {
            assert_eq!(of_path(Path::new(path)).as_deref(), want, "{path}");
        }
        let prefs = ["de".to_string()];
        let sv = Path::new("a.sv.md");
        assert_eq!(
            of_document(md, Some(Path::new("a.fi.md")), Some("nb"), &prefs),
            "sv"
        );
        assert_eq!(of_document("", Some(sv), Some("nb"), &prefs), "sv");
        assert_eq!(
            of_document("", Some(Path::new("a.md")), Some("no"), &prefs),
            "nb"
        );
        assert_eq!(of_document("", None, None, &prefs), "de");
        assert_eq!(of_document("", None, None, &[]), "en");
    }

    #[test]
    fn canonical_forms() {
        for (input, want) in [
            ("sv", "sv"),
            ("SV", "sv"),
            ("sv-SE", "sv-SE"),
            ("sv_SE.UTF-8", "sv-SE"),
            ("sv_se", "sv-SE"),
            ("no", "nb"),
            ("nb-NO", "nb-NO"),
            ("pt-br", "pt-BR"),
            ("zh_hant_tw", "zh-Hant-TW"),
            ("es-419", "es-419"),
            ("sr_RS@latin", "sr-Latn-RS"),
            ("de_DE.ISO-8859-1@euro", "de-DE"),
        ] {
            assert_eq!(canonical(input).as_deref(), Some(want), "{input}");
        }
    }

    #[test]
    fn non_languages_are_rejected() {
        for input in [
            "", "C", "C.UTF-8", "POSIX", "c.utf8", "x", "english", "sv-", "../etc", "s1",
        ] {
            assert_eq!(canonical(input), None, "{input}");
        }
    }

    fn env_of<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(var, _)| *var == name)
                .map(|(_, value)| value.to_string())
        }
    }

    #[test]
    fn preference_order_follows_gettext() {
        let env = env_of(&[
            ("GLOSS_LANG", "fi"),
            ("LANGUAGE", "pl:ru_RU"),
            ("LC_ALL", "C.UTF-8"),
            ("LC_MESSAGES", "nb_NO.UTF-8"),
            ("LANG", "sv_SE.UTF-8"),
        ]);
        assert_eq!(
            preferences(&["de".into()], &["da".into()], env),
            ["de", "fi", "da", "pl", "ru-RU", "nb-NO", "sv-SE"]
        );
    }

    #[test]
    fn preferences_skip_duplicates_and_posix() {
        let env = env_of(&[("LANGUAGE", "sv:sv"), ("LANG", "POSIX")]);
        assert_eq!(preferences(&["SV".into()], &[], env), ["sv"]);
        assert!(preferences(&[], &[], env_of(&[("LC_ALL", "C")])).is_empty());
    }

    #[test]
    fn best_prefers_exact_then_shorter_then_sibling() {
        let available = ["fi", "nb", "pl", "pt-BR", "ru", "sv"];
        let pick = |prefs: &[&str]| {
            let prefs: Vec<String> = prefs.iter().map(|p| p.to_string()).collect();
            best(&prefs, &available).map(|i| available[i])
        };
        assert_eq!(pick(&["sv-SE"]), Some("sv"));
        assert_eq!(pick(&["nb-NO"]), Some("nb"));
        assert_eq!(pick(&["pt"]), Some("pt-BR"));
        assert_eq!(pick(&["pt-PT"]), Some("pt-BR"));
        assert_eq!(pick(&["de", "ru"]), Some("ru"));
        assert_eq!(pick(&["de"]), None);
    }

    #[test]
    fn chooser_agrees_with_best_then_the_fallback() {
        let sets: [&[&str]; 5] = [
            &["fi", "nb", "pl", "pt-BR", "ru", "sv"],
            &["en", "pt-PT", "zh-TW"],
            &["ar", "zh-Hant-TW", "zh-TW"],
            &["de"],
            &[],
        ];
        for prefs in [
            &["sv-SE"][..],
            &["pt", "ru"],
            &["zh-TW"],
            &["de-AT", "en"],
            &[],
        ] {
            let prefs: Vec<String> = prefs.iter().map(|p| p.to_string()).collect();
            let mut chooser = Chooser::new(&prefs, "en");
            for available in sets {
                let want = best(&prefs, available).or_else(|| best(&["en".into()], available));
                assert_eq!(
                    chooser.best(available.iter().copied()),
                    want,
                    "{prefs:?} {available:?}"
                );
            }
        }
    }

    #[test]
    fn explicit_languages_take_no_stand_ins() {
        let available = ["nb", "pt-BR", "sv", "zh-TW"];
        let pick =
            |wanted: &str| best_serving(&[wanted.to_string()], &available).map(|i| available[i]);
        assert_eq!(pick("sv-SE"), Some("sv"));
        assert_eq!(pick("nb-NO"), Some("nb"));
        assert_eq!(pick("pt"), Some("pt-BR"));
        assert_eq!(pick("zh"), Some("zh-TW"));
        assert_eq!(pick("pt-PT"), None);
        assert_eq!(pick("zh-CN"), None);
        assert!(serves("zh-TW", "zh-TW") && !serves("zh-CN", "zh-TW"));
    }
}
