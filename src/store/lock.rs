//! The per-key lock: an OS advisory lock on a file under the data directory, held from the
//! cache read through the network call to the store write, so that concurrent callers make
//! one token request between them and a rotated refresh token is never used twice.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use anyhow::Result;

use crate::error::{Error, Kind};

/// Held until dropped (closing the file releases the lock, also when the process dies).
pub struct KeyLock {
    _file: File,
}

impl KeyLock {
    /// Waits up to `wait` for the lock of `key`.
    pub fn acquire(data_dir: &Path, key: &str, wait: Duration) -> Result<KeyLock> {
        let dir = data_dir.join("locks");
        super::file::create_private_dir(&dir)?;
        let path = dir.join(format!("{key}.lock"));
        // 0600 from creation, never through a link planted at the lock's path, and only a
        // file of this user's.
        let file = super::private::open(
            &path,
            OpenOptions::new().create(true).truncate(false).write(true),
            super::private::Holds::Nothing,
        )?
        .ok_or_else(|| cannot_lock(&path, std::io::ErrorKind::NotFound.into()))?;
        match file.try_lock() {
            Ok(()) => return Ok(KeyLock { _file: file }),
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(e)) => return Err(cannot_lock(&path, e)),
        }
        // Another otok holds it: block on it in a thread (it wakes the moment the holder is
        // done, where polling would oversleep), and give up after `wait`. The thread shares
        // the open file, so its lock is this file's; on a timeout it is left blocked until
        // the process ends.
        let waiter = file.try_clone().map_err(|e| cannot_lock(&path, e))?;
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || tx.send(waiter.lock()));
        match rx.recv_timeout(wait) {
            Ok(Ok(())) => Ok(KeyLock { _file: file }),
            Ok(Err(e)) => Err(cannot_lock(&path, e)),
            Err(_) => Err(Error::new(
                Kind::Store,
                format!(
                    "another otok has held the lock for this token for {} s",
                    wait.as_secs()
                ),
            )
            .hint(format!(
                "if no otok is running, a stuck process holds {}; end it and try again",
                path.display()
            ))
            .into()),
        }
    }
}

fn cannot_lock(path: &Path, e: std::io::Error) -> anyhow::Error {
    Error::new(Kind::Store, format!("cannot lock {}: {e}", path.display())).into()
}
