//! The store's files and directories are the user's alone, checked before they are trusted
//! (what ssh does for `~/.ssh`): a directory must be the user's own and writable by no one
//! else, a file the user's own, a regular file and 0600. Files are opened without following a
//! link; the data directory may be a link, which is resolved once and its target checked, never
//! changed through it. Anything else is refused (exit 7) with the path and the fix, because a
//! token from a file another user could write is a token that user chose.

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::error::{Error, Kind};

/// A record, index or key file is far smaller; a larger one is not otok's.
const MAX_FILE: u64 = 1024 * 1024;

fn refuse(path: &Path, why: String, fix: String) -> anyhow::Error {
    Error::new(
        Kind::Store,
        format!("refusing to use {}: {why}", path.display()),
    )
    .hint(fix)
    .into()
}

fn io_error(path: &Path, e: std::io::Error) -> anyhow::Error {
    Error::new(Kind::Store, format!("cannot use {}: {e}", path.display()))
        .hint("check that OTOK_DATA_DIR (or the data directory) is writable and has space")
        .into()
}

/// The data directory to use for `dir`: a link is resolved once, here, and its target must
/// pass the same checks as a directory otok made (it is never changed through the link).
pub fn data_dir(dir: PathBuf) -> Result<PathBuf> {
    match std::fs::symlink_metadata(&dir) {
        Ok(meta) if meta.file_type().is_symlink() => {
            let target = std::fs::canonicalize(&dir).map_err(|e| io_error(&dir, e))?;
            if !existing_dir(&target, false)? {
                return Err(io_error(&target, std::io::ErrorKind::NotFound.into()));
            }
            Ok(target)
        }
        _ => Ok(dir),
    }
}

/// Creates `dir` (and its missing parents) 0700 if it does not exist, then checks it: a real
/// directory (not a link), owned by this user, writable by no one else. One readable by others
/// is tightened to 0700 when `tighten` (it is otok's own).
pub fn ensure_dir(dir: &Path, tighten: bool) -> Result<()> {
    if existing_dir(dir, tighten)? {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|e| io_error(dir, e))?;
    if existing_dir(dir, tighten)? {
        Ok(())
    } else {
        Err(io_error(dir, std::io::ErrorKind::NotFound.into()))
    }
}

/// Checks `dir` as [`ensure_dir`] does, with one `lstat`; false when it does not exist.
pub fn existing_dir(dir: &Path, tighten: bool) -> Result<bool> {
    match std::fs::symlink_metadata(dir) {
        Ok(meta) => check_dir(dir, &meta, tighten).map(|()| true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(io_error(dir, e)),
    }
}

#[cfg(unix)]
fn check_dir(dir: &Path, meta: &std::fs::Metadata, tighten: bool) -> Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    if meta.file_type().is_symlink() {
        return Err(refuse(
            dir,
            "it is a symbolic link where otok keeps a directory of its own".into(),
            format!(
                "remove the link ({}); otok creates the directory",
                dir.display()
            ),
        ));
    }
    if !meta.is_dir() {
        return Err(refuse(
            dir,
            "it is not a directory".into(),
            "check OTOK_DATA_DIR (or the data directory)".into(),
        ));
    }
    let me = unsafe { libc::geteuid() };
    if meta.uid() != me {
        return Err(refuse(
            dir,
            format!("it belongs to user {}, not to you (user {me})", meta.uid()),
            "point OTOK_DATA_DIR at a directory of your own (a new path: otok creates it 0700)"
                .into(),
        ));
    }
    let mode = meta.mode() & 0o777;
    if mode & 0o022 != 0 {
        return Err(refuse(
            dir,
            format!("others can write to it (mode {mode:03o}), so they could plant a token"),
            format!("chmod 700 {}", dir.display()),
        ));
    }
    if mode & 0o077 != 0 && tighten {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| io_error(dir, e))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_dir(_dir: &Path, _meta: &std::fs::Metadata, _tighten: bool) -> Result<()> {
    Ok(())
}

/// What a file of the store holds.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Holds {
    /// Tokens, the index or the installation key: refused unless 0600.
    Data,
    /// Nothing (a lock): a loose mode, as older versions left, is tightened to 0600.
    Nothing,
}

/// Opens a file of the store: never through a link, and checked (see [`check_file`]).
pub fn open(path: &Path, options: &mut OpenOptions, holds: Holds) -> Result<Option<File>> {
    #[cfg(unix)]
    {
        std::os::unix::fs::OpenOptionsExt::mode(options, 0o600);
        std::os::unix::fs::OpenOptionsExt::custom_flags(options, libc::O_NOFOLLOW);
    }
    let file = match options.open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        #[cfg(unix)]
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => {
            return Err(refuse(
                path,
                "it is a symbolic link, where otok keeps a file of its own".into(),
                format!("remove {}", path.display()),
            ))
        }
        Err(e) => return Err(io_error(path, e)),
    };
    check_file(&file, path, holds)?;
    Ok(Some(file))
}

/// Reads a file of the store; `None` when there is none.
pub fn read(path: &Path) -> Result<Option<Vec<u8>>> {
    let Some(file) = open(path, OpenOptions::new().read(true), Holds::Data)? else {
        return Ok(None);
    };
    // The store's files are mostly a few hundred bytes: a buffer of a page from the start reads
    // one in a single call (and one more that finds its end), where a buffer growing from empty
    // took five.
    let mut bytes = Vec::with_capacity(4096);
    file.take(MAX_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(path, e))?;
    if bytes.len() as u64 > MAX_FILE {
        return Err(refuse(
            path,
            format!("it is larger than {} KiB", MAX_FILE / 1024),
            format!("remove {}", path.display()),
        ));
    }
    Ok(Some(bytes))
}

/// A file of the store must be a regular file, this user's, and readable by no one else.
#[cfg(unix)]
fn check_file(file: &File, path: &Path, holds: Holds) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    let meta = file.metadata().map_err(|e| io_error(path, e))?;
    if !meta.is_file() {
        return Err(refuse(
            path,
            "it is not a regular file".into(),
            format!("remove {}", path.display()),
        ));
    }
    let me = unsafe { libc::geteuid() };
    if meta.uid() != me {
        return Err(refuse(
            path,
            format!("it belongs to user {}, not to you (user {me})", meta.uid()),
            format!("remove it ({}); otok writes its own files", path.display()),
        ));
    }
    let mode = meta.mode() & 0o777;
    if mode & 0o077 != 0 && holds == Holds::Nothing {
        use std::os::unix::fs::PermissionsExt;
        return file
            .set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(|e| io_error(path, e));
    }
    if mode & 0o077 != 0 {
        return Err(refuse(
            path,
            format!(
                "others can read or write it (mode {mode:03o}); its token may be known or planted"
            ),
            format!(
                "remove it ({}) to get a new token, or `chmod 600` it if you loosened it yourself",
                path.display()
            ),
        ));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_file(_file: &File, _path: &Path, _holds: Holds) -> Result<()> {
    Ok(())
}
