//! The file store: one JSON file per key under `<data dir>/tokens`, the directory 0700 and
//! the files 0600 from creation, each write to a temp file in the same directory, fsynced and
//! renamed over the old one, so a killed process leaves the old record or the new, never half.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;

use super::{Lookup, Record};
use crate::error::{Error, Kind};

pub struct FileStore {
    dir: PathBuf,
}

impl FileStore {
    pub fn new(data_dir: &Path) -> FileStore {
        FileStore {
            dir: data_dir.join("tokens"),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.json"))
    }

    pub fn get(&self, key: &str) -> Result<Lookup> {
        let path = self.path(key);
        if !super::private::existing_dir(&self.dir, true)? {
            return Ok(Lookup::Missing);
        }
        let Some(text) = super::private::read(&path)? else {
            return Ok(Lookup::Missing);
        };
        Ok(match serde_json::from_slice::<Record>(&text) {
            Ok(record) => Lookup::Found(Box::new(record)),
            Err(e) => Lookup::Corrupt(format!("{} is not a token record: {e}", path.display())),
        })
    }

    pub fn put(&self, key: &str, json: &str) -> Result<()> {
        write_private(&self.path(key), json.as_bytes())
    }

    pub fn delete(&self, key: &str) -> Result<bool> {
        match std::fs::remove_file(self.path(key)) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(store_error(&self.path(key), e)),
        }
    }
}

fn store_error(path: &Path, e: std::io::Error) -> anyhow::Error {
    Error::new(Kind::Store, format!("cannot write {}: {e}", path.display()))
        .hint("check that OTOK_DATA_DIR (or the data directory) is writable and has space")
        .into()
}

/// Reads a file otok wrote with [`write_private`]; `None` when there is none.
pub fn read_private(path: &Path) -> Result<Option<Vec<u8>>> {
    super::private::read(path)
}

/// Creates `dir` readable by the owner only, or checks that it is (see `private`).
pub fn create_private_dir(dir: &Path) -> Result<()> {
    super::private::ensure_dir(dir, true)
}

/// Writes `bytes` to `path` atomically, as a 0600 file: temp file, fsync, rename, fsync dir.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    // Checked, not tightened: it may be the data directory, whose target a link chose.
    super::private::ensure_dir(dir, false)?;
    // tempfile creates the file with mode 0600 on Unix, before anything is written to it.
    let mut tmp = tempfile::Builder::new()
        .prefix(".tmp-")
        .tempfile_in(dir)
        .map_err(|e| store_error(dir, e))?;
    tmp.write_all(bytes).map_err(|e| store_error(path, e))?;
    tmp.as_file().sync_all().map_err(|e| store_error(path, e))?;
    tmp.persist(path).map_err(|e| store_error(path, e.error))?;
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
