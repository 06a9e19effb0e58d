//! The `gloss` binary: runs the library and maps its outcome to an exit code.

use std::io::Write;

fn main() -> std::process::ExitCode {
    let outcome = gloss::stdout_open().and_then(|()| {
        // A completion script calling back: answer it and exit before anything else.
        gloss::answer_completion();
        gloss::run(std::env::args_os())
    });
    match outcome {
        Ok(code) => code.into(),
        // A reader that has gone away (`gloss … | head -1`) has had enough.
        Err(error) if error.is_broken_pipe() => gloss::ExitCode::Success.into(),
        Err(error) => {
            // Nothing else can be done if stderr is gone too.
            // Messages quote input and file names: one clean line, whatever they hold.
            let message = gloss::model::text::one_line(&error.to_string());
            let _ = writeln!(std::io::stderr(), "gloss: {message}");
            error.exit_code().into()
        }
    }
}
