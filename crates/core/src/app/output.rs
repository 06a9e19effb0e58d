//! Where everything gloss prints goes: stdout in one piece (through the
//! pager when wanted), lists with their empty-result convention, one-line
//! messages on stderr, and the check that stdout is there at all.

use super::pager;
use super::request::Request;
use crate::model::error::{Error, ExitCode};
use crate::model::records::Records;
use crate::render::{self, Format};
use std::io::Write;

pub(super) use crate::store::report::{plain as warn_plain, warn};

/// Prints a list; an empty one, or a term or words that match nothing, exit 1.
pub(super) fn print_list(
    records: Result<Records, Error>,
    request: &Request,
) -> Result<ExitCode, Error> {
    match records {
        Ok(records) if !records.is_empty() => {
            print_paged(
                &render::records::render(&records, request.format, request.look),
                request,
            )?;
            Ok(ExitCode::Success)
        }
        Ok(_) => {
            print_empty(request);
            Ok(ExitCode::NotFound)
        }
        Err(error) if error.exit_code() == ExitCode::NotFound => {
            print_empty(request);
            Err(error)
        }
        Err(error) => Err(error),
    }
}

/// JSON readers get an array even when nothing matched, so
/// `gloss --search … --format json | jq` never parses empty input; the
/// message stays on stderr and the exit code 1. A failed write is not
/// reported: "not found" is the answer that matters.
fn print_empty(request: &Request) {
    if request.format == Format::Json {
        let _ = print("[]\n");
    }
}

/// Fails when gloss was started with standard output closed (`gloss … >&-`):
/// whatever it printed would be lost, and exit 0 would say otherwise.
/// Rust's runtime reopens a closed descriptor 1 on `/dev/null` before `main`
/// (so no file gloss opens takes its place), and writes there succeed; what
/// tells it from a user's `>/dev/null` is how it was opened: the runtime
/// opens it for reading and writing, a shell's `>` for writing only.
pub fn stdout_open() -> Result<(), Error> {
    #[cfg(target_os = "linux")]
    if stdout_was_closed() {
        return Err(Error::Io(std::io::Error::other(
            "standard output is closed (Bad file descriptor): nothing can be printed",
        )));
    }
    Ok(())
}

/// Descriptor 1 is `/dev/null` (character device 1:3) opened read-write.
/// One `fstat` in the usual case; its access mode is asked only for
/// `/dev/null`, which a shell's `>/dev/null` opens write-only.
#[cfg(target_os = "linux")]
fn stdout_was_closed() -> bool {
    use std::os::fd::{AsFd, AsRawFd};
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    let stdout = std::io::stdout();
    let Ok(fd) = stdout.as_fd().try_clone_to_owned() else {
        return true;
    };
    let file = std::fs::File::from(fd);
    let is_null = file
        .metadata()
        .is_ok_and(|meta| meta.file_type().is_char_device() && meta.rdev() == 0x103);
    // SAFETY: F_GETFL only reads the status flags of a descriptor this
    // function owns.
    is_null
        && unsafe { libc::fcntl(file.as_raw_fd(), libc::F_GETFL) } & libc::O_ACCMODE == libc::O_RDWR
}

/// Writes to stdout in one piece; errors (a closed pipe) go to the caller.
pub(super) fn print(text: &str) -> Result<(), Error> {
    print_bytes(text.as_bytes())
}

/// Articles, lists and search results: through the pager when it is wanted.
pub(super) fn print_paged(text: &str, request: &Request) -> Result<(), Error> {
    pager::output(text, request.paging, print)
}

pub(super) fn print_bytes(bytes: &[u8]) -> Result<(), Error> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(bytes)?;
    stdout.flush()?;
    Ok(())
}
