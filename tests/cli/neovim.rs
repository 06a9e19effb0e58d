//! `gloss --lsp` in a real editor: Neovim, headless, with its built-in LSP
//! client (`vim.lsp.start_client`, there since 0.5). It opens a file with an
//! avoided term, waits for the diagnostic, asks for hover, applies the
//! first code action, and the test reads the buffer afterwards. Neovim is
//! installed by `.ci/run`; without it the test fails under `CI=true` and
//! says it is skipped elsewhere.

use crate::common::gloss_std;

/// The client's side, run by Neovim. It writes what it saw to `GLOSS_OUT`,
/// one `KEY value` line each, and quits; every wait is bounded.
const SCRIPT: &str = r#"
local out = assert(io.open(os.getenv("GLOSS_OUT"), "w"))
local function say(key, value) out:write(key, " ", value, "\n"); out:flush() end
local function quit() out:close(); vim.cmd("qall!") end
vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("GLOSS_DOC")))
local buf = vim.api.nvim_get_current_buf()
local id = vim.lsp.start_client({
  name = "gloss",
  cmd = { os.getenv("GLOSS_BIN"), "--lsp", "--data-dir", os.getenv("GLOSS_DIR") },
  root_dir = vim.fn.getcwd(),
})
if not id then say("ERROR", "start_client failed"); quit(); return end
vim.lsp.buf_attach_client(buf, id)
local function diagnostics() return vim.diagnostic.get(buf) end
if not vim.wait(20000, function() return #diagnostics() > 0 end, 20) then
  say("ERROR", "no diagnostic"); quit(); return
end
local d = diagnostics()[1]
say("DIAGNOSTIC", string.format("%d:%d %s", d.lnum, d.col, d.message))
local doc = { uri = vim.uri_from_bufnr(buf) }
local hover = vim.lsp.buf_request_sync(buf, "textDocument/hover",
  { textDocument = doc, position = { line = d.lnum, character = d.col + 1 } }, 20000)
local value = hover and hover[id] and hover[id].result and hover[id].result.contents.value
say("HOVER", (value or "none"):match("[^\n]*"))
local range = { start = { line = d.lnum, character = d.col },
  ["end"] = { line = d.end_lnum, character = d.end_col } }
local answer = vim.lsp.buf_request_sync(buf, "textDocument/codeAction",
  { textDocument = doc, range = range, context = { diagnostics = {} } }, 20000)
local actions = answer and answer[id] and answer[id].result or {}
if #actions == 0 then say("ERROR", "no code action"); quit(); return end
say("ACTION", actions[1].title)
vim.lsp.util.apply_workspace_edit(actions[1].edit, "utf-16")
for _, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do say("LINE", line) end
-- The change goes back to the server, which finds nothing left to report.
if vim.wait(20000, function() return #diagnostics() == 0 end, 20) then
  say("CLEARED", "yes")
end
vim.lsp.stop_client(id)
quit()
"#;

#[test]
fn neovim_shows_the_diagnostic_the_hover_and_applies_the_fix() {
    let nvim = std::process::Command::new("nvim").arg("--version").output();
    if !nvim.is_ok_and(|output| output.status.success()) {
        assert!(
            std::env::var_os("CI").is_none_or(|ci| ci != "true"),
            "nvim is missing: .ci/run installs it (apt-get install neovim)"
        );
        eprintln!("skipped: nvim is not installed (apt-get install neovim)");
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let glossary = home.path().join("glossary");
    std::fs::create_dir_all(glossary.join("invoice")).unwrap();
    std::fs::write(
        glossary.join("invoice/en.md"),
        "---\ntitle: Invoice\ndescription: A request to pay.\navoid: [bill]\n---\n\nText.\n",
    )
    .unwrap();
    let doc = home.path().join("letter.en.md");
    std::fs::write(&doc, "# Letter\n\nPlease 😀 pay the bill soon.\n").unwrap();
    let script = home.path().join("client.lua");
    std::fs::write(&script, SCRIPT).unwrap();
    let out = home.path().join("out.txt");
    let gloss = assert_cmd::cargo::cargo_bin("gloss");
    let mut command = std::process::Command::new("nvim");
    // The same clean environment as the binary's other tests, with a HOME
    // of this test's own for Neovim's state and gloss's cache.
    let environment = gloss_std();
    for (key, value) in environment.get_envs() {
        match value {
            Some(value) => command.env(key, value),
            None => command.env_remove(key),
        };
    }
    let output = command
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .env("GLOSS_BIN", &gloss)
        .env("GLOSS_DIR", &glossary)
        .env("GLOSS_DOC", &doc)
        .env("GLOSS_OUT", &out)
        .args(["--headless", "--clean", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .stdin(std::process::Stdio::null())
        .output()
        .expect("nvim runs");
    let seen = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(
        output.status.success() && !seen.contains("ERROR"),
        "{seen}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<&str> = seen.lines().collect();
    // Neovim keeps a diagnostic's column in bytes: the server's UTF-16
    // position (18) came back converted.
    let column = "Please 😀 pay the ".len();
    assert!(
        lines.contains(
            &format!("DIAGNOSTIC 2:{column} `bill` is to be avoided; use `Invoice`").as_str()
        ),
        "{seen}"
    );
    assert!(lines.contains(&"HOVER # Invoice"), "{seen}");
    assert!(
        lines.contains(&"ACTION Replace `bill` with `Invoice`"),
        "{seen}"
    );
    let buffer: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.strip_prefix("LINE "))
        .collect();
    assert_eq!(buffer, ["# Letter", "", "Please 😀 pay the Invoice soon."]);
    assert!(lines.contains(&"CLEARED yes"), "{seen}");
}
