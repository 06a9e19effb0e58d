//! The `gloss` binary: embeds the bundle, runs the library and maps its
//! outcome to an exit code.

mod bundle;

use std::io::Write;

fn main() -> std::process::ExitCode {
    gloss_core::set_bundle(bundle::blob());
    let outcome = gloss_core::stdout_open().and_then(|()| {
        // A completion script calling back: answer it and exit before anything else.
        gloss_core::answer_completion();
        gloss_core::run(std::env::args_os())
    });
    match outcome {
        Ok(code) => code.into(),
        // A reader that has gone away (`gloss … | head -1`) has had enough.
        Err(error) if error.is_broken_pipe() => gloss_core::ExitCode::Success.into(),
        Err(error) => {
            // Nothing else can be done if stderr is gone too.
            // Messages quote input and file names: one clean line, whatever they hold.
            let message = gloss_core::model::text::one_line(&error.to_string());
            let _ = writeln!(std::io::stderr(), "gloss: {message}");
            error.exit_code().into()
        }
    }
}
